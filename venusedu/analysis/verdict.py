"""A result's verdict in words, with VI and its band or the reason there is none.

:func:`verdict_text` says "beyond linear theory" instead of quoting a VI the
model cannot vouch for (MODEL.md §3.8). Import it from
:mod:`venusedu.analysis`.
"""

from __future__ import annotations

from ..vision import format_vi


def verdict_text(result) -> str:
    """The verdict of a result in words, with VI and its band, or why there is none.

    A result outside linear theory (``result.linear`` False, MODEL.md §3.8)
    gets no VI: the text says so and gives the steepest slope instead.

    Parameters
    ----------
    result : venusedu.model.Result

    Returns
    -------
    str

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> from venusedu.analysis import verdict_text
    >>> verdict_text(simulate(Params(grid=128)))
    'visible (VI 5.8, band 3.7–9.2)'
    >>> verdict_text(simulate(Params(fat_mm=1.0, grid=128)))
    'beyond linear theory (slopes up to 0.45): no verdict'
    >>> verdict_text(simulate(Params(ligament=False, grid=128)))
    'not visible (VI 0: no pit)'
    """
    if not result.linear:
        return f"beyond linear theory (slopes up to {result.max_slope:.2f}): no verdict"
    vi = float(result.visibility_index)
    if vi == 0.0:
        return "not visible (VI 0: no pit)"
    return f"{result.verdict} (VI {format_vi(vi)}, band {format_vi(result.vi_low)}–{format_vi(result.vi_high)})"
