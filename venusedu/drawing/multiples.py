"""Small multiples: the shaded back across the values of one parameter.

:func:`small_multiples_fat` and :func:`small_multiples_light` simulate one
``Result`` per panel (the only drawings that call :func:`venusedu.simulate`)
and lay out a :class:`~venusedu.drawing.shaded.ShadedBack` per panel, each
with a :class:`~venusedu.drawing.signal_map.SignalView` under it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes

from .. import style
from ..model import Result, simulate
from .base import Drawing, _check_params, _fmt_mm, light_in_words, verdict
from .shaded import ShadedBack, _true_size_note, true_size_pixels
from .signal_map import SignalView

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure

#: Fat thicknesses (mm) of :func:`small_multiples_fat` by default.
DEFAULT_FAT_VALUES_MM: tuple[float, ...] = (2.0, 6.0, 10.0, 16.0, 25.0)
#: Light elevations (degrees above the skin) of :func:`small_multiples_light`.
DEFAULT_ELEVATIONS_DEG: tuple[float, ...] = (10.0, 20.0, 35.0, 60.0, 90.0)


def _check_values(values, name: str) -> tuple[float, ...]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    out = tuple(values)
    if not out:
        raise ValueError(f"{name} must hold at least one value")
    for v in out:
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise TypeError(f"{name} must hold numbers, got {v!r} ({type(v).__name__})")
    return out


def _validated(params, field: str, values) -> list:
    """One Params per value; ``Params`` refuses invalid values (ValueError/TypeError naming the field)."""
    return [dataclasses.replace(params, **{field: v}) for v in values]


class SmallMultiples(Drawing):
    """Panels of the shaded back across the values of one parameter (:func:`small_multiples_fat`).

    Attributes
    ----------
    results : list of Result
        The result drawn in each panel.
    panels : list of ShadedBack
        The panels, left to right.
    native_dpi : float
        The resolution the figure is laid out for.
    exact_pixels : bool
        True when the pictures' pixels are the saved PNG's pixels (a figure of its own).
    """

    results: list[Result]
    panels: list[ShadedBack]
    native_dpi: float
    exact_pixels: bool


def _true_size_layout(plist, n: int, view: float):
    """A new figure with ``n`` true-size panels in a row and a signal map under each.

    Returns the figure, the panels' axes, the signal maps' axes, and the
    panel height, the bottom margin and the figure height (inches), for the
    line above the signal maps.
    """
    import matplotlib.pyplot as plt

    dpi = style.FIGURE_DPI
    nx = true_size_pixels(2 * view, plist[0].view_distance_m)
    ny = max(8, int(round(nx * 0.6)))
    # whole pixels everywhere: the pictures' pixels are the PNG's pixels
    gap, left, right, top, mid, bottom = 55, 30, 55, 190, 80, 25
    Wp = left + n * nx + (n - 1) * gap + right
    Hp = top + 2 * ny + mid + bottom
    fig = plt.figure(figsize=(Wp / dpi, Hp / dpi), dpi=dpi)
    axes, sig_axes = [], []
    for k in range(n):
        x = left + k * (nx + gap)
        axes.append(fig.add_axes((x / Wp, (bottom + ny + mid) / Hp, nx / Wp, ny / Hp)))
        sig_axes.append(fig.add_axes((x / Wp, bottom / Hp, nx / Wp, ny / Hp)))
    return fig, axes, sig_axes, (ny / dpi, bottom / dpi, Hp / dpi)


def _given_axes(ax, n: int) -> list:
    """The caller's ``n`` axes, in a flat list (TypeError when they are not ``n`` Axes)."""
    axes = list(np.asarray(ax, dtype=object).ravel())
    if len(axes) != n or not all(isinstance(a, Axes) for a in axes):
        raise TypeError(f"ax must be None or a sequence of {n} matplotlib Axes")
    return axes


def _add_signals(results, sig_axes, view: float) -> list[SignalView]:
    """A bare signal map (no colour bar, no title, thin bone-coloured frame) on each of ``sig_axes``."""
    signals = []
    for r, a in zip(results, sig_axes, strict=False):
        sv = SignalView(r, a, view_mm=view, colorbar=False)
        a.set_title("")
        a.set_xticks([])
        a.set_xlabel("")
        for spine in a.spines.values():
            spine.set_visible(True)
            spine.set_linewidth(0.8)
            spine.set_color(style.edge("bone"))
        signals.append(sv)
    return signals


def _multiples_alt(alt_intro: str, titles, results, plist, panels) -> str:
    """The alt text: the intro, each panel's verdict, and the true-size note when there is one."""
    items = "; ".join(f"{t[0].upper()}{t[1:]}: {verdict(r)}" for t, r in zip(titles, results, strict=True))
    alt = f"{alt_intro} {items}."
    if panels and panels[0].true_size:
        alt += (
            " "
            + _true_size_note(plist[0])
            + " Under each panel, a map of what the eye's contrast sensitivity picks out."
        )
    return alt


def _small_multiples(plist, values, titles, suptitle: str, alt_intro: str, ax) -> SmallMultiples:
    """Panels of the shaded back at true size, and under each what the eye's filter picks out."""
    results = [simulate(p) for p in plist]
    view = 90.0
    fig: Figure | SubFigure
    with style.context():
        if ax is None:
            fig, axes, sig_axes, (h_panel, bottom, H) = _true_size_layout(plist, len(values), view)
            true_size = True
        else:
            axes = _given_axes(ax, len(values))
            fig = axes[0].figure
            sig_axes = []
            true_size = False
        panels = [
            ShadedBack(r, a, compact=True, title=t, view_mm=view, true_size=true_size, signal=False)
            for r, a, t in zip(results, axes, titles, strict=True)
        ]
        signals = _add_signals(results, sig_axes, view)
        fig.suptitle(suptitle, fontsize=style.TITLE_SIZE, fontweight="bold", y=0.985, va="top")
        if sig_axes:
            fig.text(
                0.5,
                (bottom + h_panel + 0.12) / H,
                "below: what the eye's filter picks out (dashed: at threshold on a plain field)",
                ha="center",
                va="bottom",
                fontsize=style.SMALL_SIZE,
            )
    alt = _multiples_alt(alt_intro, titles, results, plist, panels)
    d = SmallMultiples(fig, np.asarray(axes, dtype=object), alt, {"panels": panels, "signals": signals})
    d.results = results
    d.panels = panels
    d.native_dpi = style.FIGURE_DPI
    d.exact_pixels = bool(sig_axes)
    return d


def small_multiples_fat(fat_values_mm: Sequence[float] = DEFAULT_FAT_VALUES_MM, params=None, ax=None) -> Drawing:
    """The shaded lower back across fat thicknesses, one panel each.

    Parameters
    ----------
    fat_values_mm : sequence of float
        Fat over the PSIS for each panel, mm (each must be a valid
        ``Params.fat_mm``, 1--40 mm).
    params : Params, optional
        Everything else (default: the model defaults).
    ax : sequence of Axes, optional
        One axes per panel; a new figure if omitted.

    Returns
    -------
    Drawing
        With ``.results`` (one Result per panel) and ``.panels``
        (:class:`ShadedBack` objects). Each panel is titled with its fat and VI.

    Raises
    ------
    TypeError
        ``fat_values_mm`` is not a sequence of numbers, or ``params`` is not a Params.
    ValueError
        A fat value outside the model's range (raised by ``Params``).
    """
    p = _check_params(params)
    values = _check_values(fat_values_mm, "fat_values_mm")
    plist = _validated(p, "fat_mm", values)
    titles = [f"fat {_fmt_mm(v)} mm" for v in values]
    sup = "More fat hides the dimples: " + light_in_words(p.light_elevation_deg, p.light_azimuth_deg).split(":")[0]
    intro = (
        f"{len(values)} panels of the shaded lower back seen from behind that differ only in the "
        f"fat over the PSIS; {light_in_words(p.light_elevation_deg, p.light_azimuth_deg)}."
    )
    return _small_multiples(plist, values, titles, sup, intro, ax)


def small_multiples_light(elevations_deg: Sequence[float] = DEFAULT_ELEVATIONS_DEG, params=None, ax=None) -> Drawing:
    """The shaded lower back across light elevations, one panel each.

    Parameters
    ----------
    elevations_deg : sequence of float
        Light elevation above the skin for each panel, degrees (5--90).
    params : Params, optional
        Everything else (default: the model defaults, 8 mm of fat).
    ax : sequence of Axes, optional
        One axes per panel; a new figure if omitted.

    Returns
    -------
    Drawing
        With ``.results`` and ``.panels``; each panel is titled with its
        elevation and VI.

    Raises
    ------
    TypeError
        ``elevations_deg`` is not a sequence of numbers, or ``params`` is not a Params.
    ValueError
        An elevation outside the model's range (raised by ``Params``).
    """
    p = _check_params(params)
    values = _check_values(elevations_deg, "elevations_deg")
    plist = _validated(p, "light_elevation_deg", values)
    titles = [f"light {v:.0f}° above skin" for v in values]
    words = light_in_words(45.0, p.light_azimuth_deg).split(" (")[0]
    sup = f"Low light reveals the dimples: {_fmt_mm(p.fat_mm)} mm of fat, {words}"
    intro = (
        f"{len(values)} panels of the shaded lower back seen from behind, with {_fmt_mm(p.fat_mm)} mm "
        f"of fat, that differ only in how high the light stands above the skin "
        f"(azimuth {float(p.light_azimuth_deg) % 360:.0f}°)."
    )
    return _small_multiples(plist, values, titles, sup, intro, ax)
