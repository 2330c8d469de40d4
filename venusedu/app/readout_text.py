"""The explorer's words: the readout's verdict and details, and the app's alt text.

Pure functions of a :class:`~venusedu.model.Result` (and of how the fat is
set), so that the words can be read and tested without widgets.
:class:`~venusedu.app.explorer.Explorer` puts them into its
:class:`~venusedu.app.widgets.Readout` after every update.
"""

from __future__ import annotations

import html

from ..diagrams import verdict
from ..model import Result
from . import controls as ctl

__all__ = ["readout_html", "explorer_alt_text"]


def readout_html(result: Result, fat_mode: str, sex: str, body_fat: float) -> tuple[str, str, str]:
    """The readout of ``result``: ``(verdict_html, state, details_html)``.

    ``state`` is the verdict (``"beyond"`` out of linear theory); ``fat_mode``,
    ``sex`` and ``body_fat`` (%) say how the fat was set, for the details.
    """
    r = result
    p = r.params
    state = r.verdict if r.linear else "beyond"
    words = verdict(r)
    extras = ("" if p.ligament else " · no ligament") + (
        f" · {p.lipo_depth_mm:.1f} mm liposculpture" if p.lipo_depth_mm > 0 else ""
    )
    verdict_html = (
        f"<strong>{html.escape(words[:1].upper() + words[1:], quote=False)}</strong> · "
        f"{p.fat_mm:.1f} mm of fat{html.escape(extras, quote=False)}"
    )
    detail = _detail(r)
    fat = _fat_sentence(r, fat_mode, sex, body_fat)
    details_html = f"<p>{html.escape(detail, quote=False)}</p><p>{html.escape(fat, quote=False)}</p>"
    return verdict_html, state, details_html


def _detail(r: Result) -> str:
    """The pit, the contrast and its threshold (or why the model cannot say)."""
    if not r.linear:
        return "The model cannot say: " + "; ".join(r.validity) + "."
    return (
        f"Pit {r.depth_mm:.2f} mm deep, {r.width_mm:.0f} mm wide · dimple contrast "
        f"{100 * r.contrast:.2f} % (threshold {100 * r.threshold:.2f} % for this dimple"
        + (f", raised ×{r.masking:.1f} by the back's own shading" if r.masking > 1.05 else "")
        + "). The band of VI is the spread between observers."
    )


def _fat_sentence(r: Result, fat_mode: str, sex: str, body_fat: float) -> str:
    """How much fat, and where the number comes from (the body-fat estimate or the slider)."""
    p = r.params
    if fat_mode == "bodyfat":
        t, lo, hi = ctl.fat_for_bf(body_fat, sex)
        return (
            f"{sex}, {body_fat:.1f} % body fat → about {t:.1f} mm of fat over the PSIS (an estimate; "
            f"±50 % band {lo:.1f}–{hi:.1f} mm, shaded on the VI plot)."
        )
    return (
        f"Fat over the PSIS set directly: {p.fat_mm:.1f} mm (over the insertion "
        f"{p.superficial_fat_mm:.1f} mm, under it {p.deep_fat_mm:.1f} mm)."
    )


def explorer_alt_text(result: Result) -> str:
    """The explorer's state in words, with the key numbers."""
    r = result
    p = r.params
    return (
        f"Dimple explorer: {p.fat_mm:.1f} mm of fat over the PSIS"
        + ("" if p.ligament else ", no ligament")
        + (f", {p.lipo_depth_mm:.1f} mm of liposculpture" if p.lipo_depth_mm > 0 else "")
        + f", light {p.light_elevation_deg:.0f}° above the skin at azimuth "
        f"{p.light_azimuth_deg:.0f}°, seen from {p.view_distance_m:.1f} m. "
        + (f"Pit {r.depth_mm:.2f} mm deep and {r.width_mm:.0f} mm wide; " if r.linear else "")
        + f"{verdict(r)}."
    )
