"""Lesson 04 (what the eye sees): exercise references, helpers, figures and quiz.

The eye does not measure depth. It sees light: a pit is visible when the
brightness it makes differs enough from its surroundings (contrast) for the
eye's contrast sensitivity at the pit's spatial frequency, seen from where the
observer stands, against the shading of the back around it (docs/MODEL.md §4:
Lambert shading, the Barten CSF, masking, VI with its band).

Examples
--------
>>> round(lambert_intensity(slope=0.0, elevation_deg=90.0, ambient=0.3), 6)
1.0
>>> round(angular_frequency_cpd(width_mm=20.0, view_distance_m=1.5), 4)
0.6545
>>> round(small_slope_contrast(max_slope=0.01, elevation_deg=90.0, ambient=0.3), 12)
0.0
>>> round(dimple_threshold(width_mm=18.0, view_distance_m=1.5, mean_luminance_cd_m2=42.0), 4)
0.0166
"""

from __future__ import annotations

import math

import numpy as np

from ..quiz import Question, Quiz

__all__ = [
    "lambert_intensity",
    "flat_brightness",
    "angular_frequency_cpd",
    "field_deg",
    "dimple_threshold",
    "grating_threshold",
    "small_slope_contrast",
    "window_max_slope_along_light",
    "LIGHT_ANGLES_DEG",
    "GRATING_FIELD_DEG",
    "plot_lambert_curves",
    "plot_csf",
    "quiz",
]

#: The three light elevations the lesson compares (degrees above the skin
#: plane): a low raking light, the default, and a frontal flash.
LIGHT_ANGLES_DEG: tuple[float, ...] = (20.0, 35.0, 90.0)

#: Field size (degrees) of the extended gratings the CSF is usually measured
#: with, for comparison with a single dimple-sized target.
GRATING_FIELD_DEG = 10.0


def lambert_intensity(slope, elevation_deg, ambient=0.3):
    """Brightness of a surface tilted by *slope* under a light from the +x side.

    Reference for exercise 1. The surface rises by ``slope`` mm per mm
    towards the light (negative: it falls towards the light, i.e. faces it).
    Its unit normal is ``n = (−slope, 0, 1)/sqrt(1 + slope²)``, the light
    direction ``l = (cos θ, 0, sin θ)``, and Lambert's law with ambient light
    gives ``I = A + (1 − A)·max(0, n·l)``.

    Parameters
    ----------
    slope : float or array_like
        ∂s/∂x along the light direction (dimensionless, mm/mm).
    elevation_deg : float
        Elevation θ of the light above the skin plane (degrees; 90 = frontal).
    ambient : float
        Ambient share A (dimensionless, 0–1).

    Returns
    -------
    float or numpy.ndarray
        Intensity, between A and 1 (dimensionless).

    Examples
    --------
    >>> round(lambert_intensity(0.0, 30.0, 0.0), 6)
    0.5
    >>> lambert_intensity(0.2, 35.0) < lambert_intensity(-0.2, 35.0)
    True
    """
    th = np.radians(elevation_deg)
    s = np.asarray(slope, dtype=float)
    ndotl = (np.sin(th) - s * np.cos(th)) / np.sqrt(1.0 + s * s)
    out = ambient + (1.0 - ambient) * np.maximum(ndotl, 0.0)
    return float(out) if np.ndim(out) == 0 else out


def flat_brightness(elevation_deg, ambient=0.3):
    """Brightness of flat skin, ``A + (1 − A) sin θ``: :func:`lambert_intensity` at slope 0.

    Times the luminance of skin lit squarely (``Params.luminance_cd_m2``) it
    is the mean luminance the eye adapts to on a flat back.

    Examples
    --------
    >>> flat_brightness(90.0), round(flat_brightness(35.0), 4)
    (1.0, 0.7015)
    """
    return lambert_intensity(0.0, elevation_deg, ambient)


def _width_and_distance(width_mm, view_distance_m) -> tuple[float, float]:
    """Pit width (mm) and viewing distance (m) as floats, both finite and > 0."""
    w, d = float(width_mm), float(view_distance_m)
    if not (math.isfinite(w) and w > 0):
        raise ValueError(f"width_mm = {width_mm!r} mm is not allowed: must be a finite number > 0 mm")
    if not (math.isfinite(d) and d > 0):
        raise ValueError(f"view_distance_m = {view_distance_m!r} m is not allowed: must be a finite number > 0 m")
    return w, d


def angular_frequency_cpd(width_mm, view_distance_m):
    """Spatial frequency of a pit of width *w* seen from distance *D_v* (reference for exercise 2).

    The pit's full width at half depth is taken as half a cycle of a
    pattern. The width subtends ``α = w / (1000·D_v)`` radians
    ``= (180/π)·w / (1000·D_v)`` degrees; one cycle spans ``2α``, so
    ``f = 1/(2α) = π·1000·D_v / (360·w)`` cycles per degree.

    Parameters
    ----------
    width_mm : float
        Full width at half depth, mm (> 0).
    view_distance_m : float
        Distance from the eye, m (> 0).

    Returns
    -------
    float
        Cycles per degree of visual angle.

    Examples
    --------
    >>> round(angular_frequency_cpd(10.0, 1.5), 4)
    1.309
    """
    w, d = _width_and_distance(width_mm, view_distance_m)
    return math.pi * 1000.0 * d / (360.0 * w)


def field_deg(width_mm, view_distance_m):
    """Angular size, in degrees, of a patch two pit widths across seen from *D_v*.

    ``X0 = (180/π) · 2w / (1000 · D_v)``: the field the observer of the model
    integrates over (docs/MODEL.md §4.3). It holds exactly one cycle of the
    pit's spatial frequency: ``X0 · f = 1``.

    Examples
    --------
    >>> round(field_deg(18.0, 1.5), 3)
    1.375
    >>> round(field_deg(18.0, 1.5) * angular_frequency_cpd(18.0, 1.5), 12)
    1.0
    """
    w, d = _width_and_distance(width_mm, view_distance_m)
    return math.degrees(2.0 * w / (1000.0 * d))


def dimple_threshold(width_mm, view_distance_m, mean_luminance_cd_m2):
    """Smallest contrast at which the eye detects a dimple, from the Barten CSF (reference for exercise 3).

    The dimple is seen at its spatial frequency ``f`` (:func:`angular_frequency_cpd`)
    over a field two widths across (:func:`field_deg`), on skin of mean
    luminance L. The threshold is one over the contrast sensitivity there::

        C_th = 1 / S(f, L, X0)      (venusedu.vision.barten_csf)

    A paper estimate: the model filters the whole contrast image by the CSF
    and lets the back's own shading mask the dimple (docs/MODEL.md §4.3).

    Parameters
    ----------
    width_mm : float
        Width of the pit at half depth, mm (> 0).
    view_distance_m : float
        Viewing distance, m (> 0).
    mean_luminance_cd_m2 : float
        Mean luminance of the skin around the dimple, cd/m² (> 0).

    Returns
    -------
    float
        Threshold contrast (dimensionless).

    Examples
    --------
    >>> round(dimple_threshold(18.0, 10.0, 42.0), 4)      # far away: higher threshold
    0.023
    """
    from ..vision import barten_csf

    f = angular_frequency_cpd(width_mm, view_distance_m)
    return 1.0 / float(barten_csf(f, float(mean_luminance_cd_m2), field_deg(width_mm, view_distance_m)))


def grating_threshold(f_cpd, mean_luminance_cd_m2, field: float = GRATING_FIELD_DEG):
    """Threshold contrast of an extended grating, ``1 / S(f, L, X0)``, for comparison.

    Gratings of many cycles over a large field (default 10°) are what contrast
    sensitivity is usually measured with (Campbell & Robson 1968; Barten 1999).

    Examples
    --------
    >>> round(float(grating_threshold(3.0, 42.0)), 4)
    0.0016
    """
    from ..vision import barten_csf

    S = barten_csf(f_cpd, float(mean_luminance_cd_m2), float(field))
    with np.errstate(divide="ignore"):
        out = 1.0 / np.asarray(S, dtype=float)
    return float(out) if np.ndim(out) == 0 else out


def small_slope_contrast(max_slope, elevation_deg, ambient=0.3):
    """Contrast of a shallow pit by the small-slope formula (reference for exercise 3).

    For small slopes Lambert's law is nearly linear,
    ``I ≈ A + (1 − A)(sin θ − cos θ·∂_l s)``, so a symmetric pit whose
    steepest slope along the light is ``max|∂_l s|`` changes the brightness
    by ``±(1 − A)·cos θ·max|∂_l s|`` around the flat-skin level
    ``A + (1 − A) sin θ``:

        C ≈ (1 − A)·cos θ·max|∂_l s| / (A + (1 − A)·sin θ)

    Parameters
    ----------
    max_slope : float
        Steepest slope of the pit along the light direction (mm/mm).
    elevation_deg : float
        Light elevation θ (degrees).
    ambient : float
        Ambient share A.

    Returns
    -------
    float
        Contrast (dimensionless). 0 at θ = 90°: to first order a frontal light
        sees no slope at all.

    Examples
    --------
    >>> round(small_slope_contrast(0.05, 0.0, 0.3), 6)
    0.116667
    """
    th = math.radians(float(elevation_deg))
    cos_th = 0.0 if float(elevation_deg) == 90.0 else math.cos(th)
    return (1.0 - ambient) * cos_th * float(max_slope) / (ambient + (1.0 - ambient) * math.sin(th))


def window_max_slope_along_light(result, params) -> float:
    """Steepest slope of the pit along the light direction, in the window W.

    The pit is ``surface − reference``; its slope along the light's azimuth φ
    is ``cos φ·∂x + sin φ·∂y``; W is the disc of radius 40 mm around the
    right PSIS (docs/MODEL.md §4.3, :data:`venusedu.model.WINDOW_RADIUS_MM`).

    Parameters
    ----------
    result : Result
        From :func:`venusedu.simulate` with *params*.
    params : Params
        The parameters of the run (for the light azimuth and dimple spacing).

    Returns
    -------
    float
        ``max_W |∂_l (s − s_ref)|`` (dimensionless, mm/mm).
    """
    from ..model import WINDOW_RADIUS_MM

    x = np.asarray(result.x_mm, dtype=float)
    y = np.asarray(result.y_mm, dtype=float)
    pit = np.asarray(result.pit_mm)
    dy_pit, dx_pit = np.gradient(pit, y, x)  # arrays are [y, x]
    phi = math.radians(params.light_azimuth_deg)
    along = math.cos(phi) * dx_pit + math.sin(phi) * dy_pit
    xx, yy = np.meshgrid(x, y)
    inside = (xx - params.dimple_spacing_mm / 2.0) ** 2 + yy**2 <= WINDOW_RADIUS_MM**2
    return float(np.max(np.abs(along[inside])))


# ---------------------------------------------------------------------------
# Figures (matplotlib imported only when drawing)
# ---------------------------------------------------------------------------

_LINES = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"))


def _plt():
    import matplotlib.pyplot as plt

    from .. import style

    return plt, style


def _colours(style):
    return [style.OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange")]


def plot_lambert_curves(elevations_deg=LIGHT_ANGLES_DEG, ambient: float = 0.3, max_slope: float = 0.3):
    """Figure: brightness against slope for several light elevations.

    Parameters
    ----------
    elevations_deg : sequence of float
        Light elevations, degrees.
    ambient : float
        Ambient share A.
    max_slope : float
        Slopes from −max_slope to +max_slope (mm/mm) are drawn.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        Alt text with the brightness change per unit slope at slope 0,
        ``dI/ds = −(1 − A) cos θ``, for each elevation.
    """
    plt, style = _plt()
    slopes = np.linspace(-max_slope, max_slope, 121)
    colours = _colours(style)
    with style.context():
        fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
        for i, th in enumerate(elevations_deg):
            ls, mk = _LINES[i % len(_LINES)]
            ax.plot(
                slopes,
                lambert_intensity(slopes, th, ambient),
                ls=ls,
                marker=mk,
                markevery=20,
                color=colours[i % len(colours)],
                label=f"θ = {th:g}°",
            )
        ax.axvline(0.0, color="0.6", lw=1)
        ax.set_xlabel("slope along the light ∂s/∂x (mm/mm)")
        ax.set_ylabel("brightness I (1 = skin facing the light)")
        ax.set_title("Lambert shading: brightness vs. slope")
        ax.set_ylim(0, 1.05)
        ax.legend(loc="lower left", frameon=False)
    gains = ", ".join(
        f"{(1 - ambient) * math.cos(math.radians(th)) if th != 90 else 0.0:.2f} at {th:g}°" for th in elevations_deg
    )
    alt = (
        f"Brightness against slope for light elevations {', '.join(f'{t:g}' for t in elevations_deg)} degrees "
        f"(ambient {ambient:.1f}). The curves fall as the slope turns away from the light; "
        f"their steepness at zero slope (brightness change per unit slope) is {gains}: "
        f"the frontal light's curve is flat at zero slope."
    )
    return fig, alt


def plot_csf(mean_luminance_cd_m2: float, points=(), grating_field: float = GRATING_FIELD_DEG):
    """Figure: the eye's threshold contrast against spatial frequency, with dimples marked.

    Two curves from the Barten CSF at the mean luminance L: the threshold of a
    dimple-sized target (one cycle in its field, ``X0 = 1/f``, as
    :func:`dimple_threshold` uses at every distance) and, dashed, that of an
    extended grating over ``grating_field`` degrees. A dimple drawn above the
    solid curve has more contrast than it needs (before masking).

    Parameters
    ----------
    mean_luminance_cd_m2 : float
        Mean luminance the eye adapts to, cd/m².
    points : sequence of (label, frequency_cpd, contrast)
        Dimples to mark.
    grating_field : float
        Field of the grating, degrees.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        With the lowest threshold of each curve, where it lies, and where the
        one-cycle curve reaches 100 % contrast.
    """
    from ..vision import barten_csf

    plt, style = _plt()
    L = float(mean_luminance_cd_m2)
    f = np.geomspace(0.05, 60.0, 400)
    one = np.array([1.0 / barten_csf(v, L, 1.0 / v) for v in f])
    grating = grating_threshold(f, L, grating_field)
    i1, ig = int(np.argmin(one)), int(np.argmin(grating))
    cut = float(f[np.argmax(one >= 1.0)]) if (one >= 1.0).any() else math.inf
    markers = ("o", "s", "^", "D")
    colours = _colours(style)
    with style.context():
        fig, ax = plt.subplots(figsize=(10.5, 4.8), layout="constrained")
        ax.plot(f, one, color="k", lw=2.5, label="threshold, one dimple-sized\ntarget (one cycle)")
        ax.plot(f, grating, color="0.35", lw=1.8, ls="--", label=f"threshold, grating\nover {grating_field:g}°")
        ax.fill_between(f, np.minimum(one, 1.0), 1.0, color="0.92", zorder=0)
        ax.text(0.07, 0.3, "visible", fontsize=style.SMALL_SIZE)
        ax.text(0.07, 0.004, "invisible", fontsize=style.SMALL_SIZE)
        for i, (label, fp, c) in enumerate(points):
            ax.plot(
                [fp], [c], ls="none", marker=markers[i % 4], markersize=10, color=colours[i % len(colours)], label=label
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(1e-3, 1.0)
        ax.set_xlim(f[0], f[-1])
        ax.set_xlabel("spatial frequency f (cycles/degree)")
        ax.set_ylabel("Weber contrast (ΔI ÷ mean brightness)")
        ax.set_title(f"The eye's threshold (Barten CSF, {L:.0f} cd/m²)")
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=style.SMALL_SIZE)
    marked = "; ".join(f"{lab}: f {fp:.2f} cycles/degree, contrast {c:.4f}" for lab, fp, c in points)
    alt = (
        f"Threshold contrast against spatial frequency, both on log scales, from the Barten CSF at "
        f"{L:.0f} cd/m². For a single dimple-sized target (one cycle) the threshold is lowest, "
        f"{one[i1]:.2%}, near {f[i1]:.1f} cycles/degree, stays close to that at low frequencies and "
        f"climbs to 100 % at {cut:.0f} cycles/degree. For a grating over {grating_field:g}° it is "
        f"lowest, {grating[ig]:.2%}, near {f[ig]:.1f} cycles/degree. " + (f"Marked: {marked}." if marked else "")
    )
    return fig, alt


# ---------------------------------------------------------------------------
# Quiz (answer keys checked against the model in tests/test_exercises_eye.py)
# ---------------------------------------------------------------------------

quiz = Quiz(
    "What the eye sees",
    [
        Question(
            "Same back, same dimple. Under which light is it hardest to see?",
            [
                "A low light at 20° above the skin",
                "The default light at 35° above the skin",
                "A frontal flash at 90°",
                "All three alike: the depth is the same",
            ],
            answer=2,
            explanation="Under a frontal light n·l = 1/sqrt(1 + slope²): brightness changes only to second "
            "order in the slope, so a shallow pit makes almost no contrast.",
            hints={
                0: "M4: a frontal light is not the one that shows most. The lower the light, the larger "
                "cos θ and the more a small tilt changes the brightness: the low light shows the dimple "
                "best, not worst.",
                1: "The default light shows less than a low one but more than the flash: the change of "
                "brightness with slope, (1 − A)·cos θ, is still first order at 35°.",
                3: "M3: the depth is the same, but the eye sees brightness, not depth, and brightness "
                "follows the slope under the light.",
            },
            misconceptions={0: "M4", 3: "M3"},
        ),
        Question(
            "You step back from 1.5 m to 3 m. What happens to the spatial frequency of the dimple?",
            ["It doubles", "It halves", "It stays the same", "It quadruples"],
            answer=0,
            explanation="f = π·1000·D_v/(360·w) grows in proportion to the distance: the pit looks "
            "half as wide, so twice as many of them would fit in a degree.",
            hints={
                1: "Reversed: from twice as far the pit spans half the angle, so more cycles, not fewer, "
                "fit in a degree.",
                2: "The width on the skin stays the same, but the angle it spans in the eye halves. What "
                "hardly changes between 0.3 and 5 m is the dimple's threshold, not its frequency.",
                3: "That squares the ratio of the distances, as for the area the pit covers in the eye; "
                "cycles per degree go with one length, the width's angle.",
            },
        ),
        Question(
            "The model gives a dimple VI = 1.2. Observers differ, so VI carries a band of ±0.2 log units "
            "(×/÷ 1.58). What is the verdict?",
            [
                "Visible: VI = 1.2 is above the threshold of 1, so the eye detects it",
                "Borderline: the band, 0.76 to 1.9, straddles 1",
                "Not visible: VI must pass 1.58, the top of the band, to be seen",
            ],
            answer=1,
            explanation="The verdict is 'visible' only when the whole band is at or above 1, 'not visible' "
            "when it is all below 1; 1.2/1.58 = 0.76 and 1.2 × 1.58 = 1.9 straddle 1.",
            hints={
                0: "Some observers need more contrast than others: look at the bottom of the band, "
                "1.2/1.58 = 0.76, below 1.",
                2: "1.58 is the band's factor, not a threshold: the threshold is VI = 1, and the band runs "
                "from VI ÷ 1.58 to VI × 1.58.",
            },
        ),
        Question(
            "Which statement about the model's visibility index VI is right?",
            [
                "VI is the depth of the pit, in mm, that the eye can make out at that distance",
                "VI is the dimple's contrast over a fixed 1–2 % threshold, the same for every pattern",
                "VI grows without limit as the pit gets narrower, since narrow pits are steeper",
                "VI is the contrast in units of the eye's threshold for it, divided by the masking",
            ],
            answer=3,
            explanation="VI compares the contrast the dimple makes with the smallest contrast the eye "
            "detects for a target of that size at that distance, on that back.",
            hints={
                0: "M3: the eye does not see depth; VI is built from the shading, which follows the slopes "
                "under the light.",
                1: "M10: 1–2 % is the threshold for brightness changes on a large uniform field; the "
                "model's threshold comes from the eye's contrast sensitivity (Barten) and depends on "
                "the pit's frequency, size and luminance.",
                2: "M10: the threshold is not fixed. Narrow pits have high spatial frequency, where the "
                "eye's sensitivity falls steeply.",
            },
            misconceptions={0: "M3", 1: "M10", 2: "M10"},
        ),
    ],
)
