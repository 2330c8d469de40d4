"""Lesson 04 (what the eye sees): exercise references, helpers, figures and quiz.

The eye does not measure depth. It sees light: a pit is visible when the
brightness it makes differs enough from its surroundings (contrast) at a size
the eye resolves well (spatial frequency). MODEL.md section 3, "Shading" and
"What the eye sees".

Examples
--------
>>> round(lambert_intensity(slope=0.0, elevation_deg=90.0, ambient=0.3), 6)
1.0
>>> round(angular_frequency_cpd(width_mm=20.0, view_distance_m=1.5), 4)
0.6545
>>> round(small_slope_contrast(max_slope=0.01, elevation_deg=90.0, ambient=0.3), 12)
0.0
"""

from __future__ import annotations

import math

import numpy as np

from ..quiz import Question, Quiz

__all__ = [
    "lambert_intensity",
    "angular_frequency_cpd",
    "small_slope_contrast",
    "window_max_slope_along_light",
    "LIGHT_ANGLES_DEG",
    "plot_lambert_curves",
    "plot_threshold_curve",
    "quiz",
]

#: The three light elevations the lesson compares (degrees above the skin
#: plane): a low raking light, the default, and a frontal flash.
LIGHT_ANGLES_DEG: tuple[float, ...] = (20.0, 35.0, 90.0)

#: Radius of the window W around the right PSIS in which contrast is measured
#: (MODEL.md section 3), mm.
WINDOW_RADIUS_MM = 40.0


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
    w, d = float(width_mm), float(view_distance_m)
    if not (math.isfinite(w) and w > 0):
        raise ValueError(f"width_mm = {width_mm!r} mm is not allowed: must be a finite number > 0 mm")
    if not (math.isfinite(d) and d > 0):
        raise ValueError(f"view_distance_m = {view_distance_m!r} m is not allowed: must be a finite number > 0 m")
    return math.pi * 1000.0 * d / (360.0 * w)


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
    right PSIS (MODEL.md section 3).

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
    import matplotlib

    matplotlib.use("Agg", force=False)
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
            ax.plot(slopes, lambert_intensity(slopes, th, ambient), ls=ls, marker=mk, markevery=20,
                    color=colours[i % len(colours)], label=f"θ = {th:g}°")
        ax.axvline(0.0, color="0.6", lw=1)
        ax.set_xlabel("slope along the light ∂s/∂x (mm/mm)")
        ax.set_ylabel("brightness I")
        ax.set_title("Lambert shading: brightness vs. slope")
        ax.set_ylim(0, 1.05)
        ax.legend(loc="lower left", frameon=False)
    gains = ", ".join(f"{(1 - ambient) * math.cos(math.radians(th)) if th != 90 else 0.0:.2f} at {th:g}°"
                      for th in elevations_deg)
    alt = (f"Brightness against slope for light elevations {', '.join(f'{t:g}' for t in elevations_deg)} degrees "
           f"(ambient {ambient:.1f}). The curves fall as the slope turns away from the light; "
           f"their steepness at zero slope (brightness change per unit slope) is {gains}: "
           f"the frontal light's curve is flat at zero slope.")
    return fig, alt


def plot_threshold_curve(c_min: float, peak_cpd: float, points=()):
    """Figure: the eye's contrast threshold C_th(f), with model points marked.

    Parameters
    ----------
    c_min : float
        Threshold at and below the CSF peak (dimensionless).
    peak_cpd : float
        Peak frequency f_p, cycles/degree.
    points : sequence of (label, frequency_cpd, contrast)
        Pits to mark; a pit above the curve is visible.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
    """
    from ..vision import contrast_threshold

    plt, style = _plt()
    f = np.geomspace(0.1, 30.0, 200)
    cth = np.array([contrast_threshold(v, c_min, peak_cpd) for v in f])
    markers = ("o", "s", "^", "D")
    colours = _colours(style)
    with style.context():
        fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
        ax.plot(f, cth, color="k", lw=2.5, label="threshold C_th(f)")
        ax.fill_between(f, cth, 1.0, color="0.92", zorder=0)
        ax.text(0.15, 0.3, "visible", fontsize=style.SMALL_SIZE)
        ax.text(0.15, c_min * 0.4, "invisible", fontsize=style.SMALL_SIZE)
        for i, (label, fp, c) in enumerate(points):
            ax.plot([fp], [c], ls="none", marker=markers[i % 4], markersize=10,
                    color=colours[i % len(colours)], label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(1e-3, 1.0)
        ax.set_xlabel("spatial frequency f (cycles/degree)")
        ax.set_ylabel("contrast C")
        ax.set_title("The eye's threshold")
        ax.legend(loc="lower right", frameon=False)
    marked = "; ".join(f"{lab}: f {fp:.2f} cycles/degree, contrast {c:.4f}" for lab, fp, c in points)
    alt = (f"Contrast threshold against spatial frequency: flat at {c_min:.3f} up to the peak at "
           f"{peak_cpd:g} cycles/degree, rising steeply above it. " + (f"Marked: {marked}." if marked else ""))
    return fig, alt


# ---------------------------------------------------------------------------
# Quiz (answer keys checked against the model in tests/test_exercises_eye.py)
# ---------------------------------------------------------------------------

quiz = Quiz(
    "What the eye sees",
    [
        Question(
            "Same back, same dimple. Under which light is it hardest to see?",
            ["A low light at 20° above the skin", "The default light at 35°",
             "A frontal flash at 90°", "All three show it equally: the depth is the same"],
            answer=2,
            explanation="Under a frontal light n·l = 1/sqrt(1 + slope²): brightness changes only to second "
                        "order in the slope, so a shallow pit makes almost no contrast.",
            hints={3: "The depth is the same, but the eye sees brightness, not depth."},
        ),
        Question(
            "You step back from 1.5 m to 3 m. What happens to the spatial frequency of the dimple?",
            ["It doubles", "It halves", "It stays the same"],
            answer=0,
            explanation="f = π·1000·D_v/(360·w) grows in proportion to the distance: the pit looks "
                        "half as wide, so twice as many of them would fit in a degree.",
        ),
        Question(
            "A pit has contrast 0.01 at 2 cycles/degree. The threshold is C_min = 0.02 with the CSF peak at "
            "3 cycles/degree. Is it visible?",
            ["Yes, VI = 2", "No, VI = 0.5", "No, VI = 0"],
            answer=1,
            explanation="Below the peak the threshold is C_min, so VI = 0.01/0.02 = 0.5 < 1.",
            hints={0: "VI is contrast divided by threshold, not the other way round."},
        ),
        Question(
            "Which statement about the model's visibility index VI is right?",
            ["VI is the depth of the dimple in mm",
             "VI = contrast / threshold contrast at the pit's spatial frequency; visible when VI ≥ 1",
             "VI depends only on the light, not on the skin",
             "VI grows without limit as the pit gets narrower"],
            answer=1,
            explanation="VI compares the contrast the pit makes with the smallest contrast the eye "
                        "detects at that size and distance.",
            hints={3: "Narrow pits have high spatial frequency, where the threshold rises steeply."},
        ),
    ],
)
