"""One place for the look of every venusedu figure.

Colours come from the Okabe--Ito palette (Okabe & Ito 2008, "Color Universal
Design"), chosen because it stays readable for the common forms of colour
vision deficiency. Large filled regions use *tints* of those colours (the
colour mixed with white) so labels stay legible on top of them; each tint is
listed next to the colour it comes from. Bone is a warm neutral ivory, not an
Okabe--Ito colour: it needs to read as "bone" and neutrals are safe for every
kind of colour vision.

Every role that is drawn as a filled region also has a hatch, so a figure can
be read in greyscale print or by a reader who cannot tell the colours apart.

``tests/test_style.py`` simulates deuteranopia, protanopia and tritanopia
(Machado et al. 2009, severity 1.0) with :func:`simulate_cvd` and checks that
every pair of distinct role colours keeps a CIELAB colour difference of at
least :data:`MIN_DELTA_E`.

Use :func:`context` around any drawing code::

    from venusedu import style
    with style.context():
        fig, ax = plt.subplots()

It applies :data:`RC` through :func:`matplotlib.rc_context`, so the global
``matplotlib.rcParams`` are restored afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from cycler import cycler

__all__ = [
    "OKABE_ITO",
    "ROLES",
    "HATCHES",
    "EDGES",
    "FONT_SIZE",
    "LABEL_SIZE",
    "TITLE_SIZE",
    "SMALL_SIZE",
    "RC",
    "MIN_DELTA_E",
    "FIGURE_DPI",
    "SCREEN_DISTANCE_M",
    "CSS_PIXEL_MM",
    "srgb_encode",
    "luminance_image",
    "EXPOSURE",
    "SHARED_INK",
    "color",
    "hatch",
    "edge",
    "tint",
    "context",
    "simulate_cvd",
    "srgb_to_lab",
    "delta_e",
]

#: The eight colours of the Okabe--Ito palette, by their usual names.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}


def tint(hex_color: str, strength: float) -> str:
    """Mix a colour with white.

    Parameters
    ----------
    hex_color : str
        ``"#RRGGBB"``.
    strength : float
        Fraction of the colour kept, 0..1 (1 = the colour itself, 0 = white).

    Returns
    -------
    str
        The tint as ``"#RRGGBB"`` (upper case).

    Examples
    --------
    >>> tint("#000000", 0.5)
    '#808080'
    """
    rgb = _hex_to_rgb(hex_color)
    mixed = 1.0 - (1.0 - rgb) * float(strength)
    return "#" + "".join(f"{int(round(v * 255)):02X}" for v in mixed)


def _hex_to_rgb(hex_color: str) -> np.ndarray:
    h = hex_color.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"expected a colour as '#RRGGBB', got {hex_color!r}")
    return np.array([int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4)])


#: Colour of every named role. Tints are noted with their source colour.
ROLES: dict[str, str] = {
    # ink
    "text": OKABE_ITO["black"],
    "skin": OKABE_ITO["black"],  # the skin surface / body outline, a line
    "fascia": OKABE_ITO["blue"],  # thin sheets drawn as lines
    "ligament": OKABE_ITO["bluish_green"],
    "highlight": OKABE_ITO["vermillion"],  # rhombus, dimples, verdicts
    "light": OKABE_ITO["yellow"],  # light-direction arrow (black edge)
    # filled regions (chosen so that every pair stays >= MIN_DELTA_E apart under
    # deuteranopia, protanopia and tritanopia as well as normal vision)
    "bone": "#CFC6B0",  # warm grey-ivory neutral
    "muscle": tint(OKABE_ITO["vermillion"], 0.65),
    "bed": "#A89CFC",  # soft bed (loose connective tissue): a lavender apart from every other role
    "fat_deep": tint(OKABE_ITO["orange"], 0.15),
    "fat_superficial": tint(OKABE_ITO["orange"], 0.75),
    "dermis": tint(OKABE_ITO["reddish_purple"], 0.85),
    "lipo": tint(OKABE_ITO["sky_blue"], 0.85),
    "body": tint(OKABE_ITO["sky_blue"], 0.15),  # faint fill inside the skin outline
}

#: Roles that deliberately share one ink. They are told apart by form, not
#: colour (a line of the body outline is never mistaken for a word of text),
#: so the colour-difference test skips exactly these pairs.
SHARED_INK: frozenset[frozenset[str]] = frozenset({frozenset({"text", "skin"})})

#: Hatches for filled roles, so that fills are distinguishable without colour.
#: Superficial fat sits in vertical fibrous septa, hence the vertical lines;
#: deep fat is loose lobules, hence the circles.
HATCHES: dict[str, str] = {
    "bone": "",
    "muscle": "---",
    "bed": "\\\\",
    "fat_deep": "o",
    "fat_superficial": "||",
    "dermis": "..",
    "lipo": "xx",
    "body": "",
}

#: Darker edge / hatch colours for the filled roles (the source colours).
EDGES: dict[str, str] = {
    "bone": "#6E6450",
    "muscle": OKABE_ITO["vermillion"],
    "bed": "#4B3C9E",
    "fat_deep": "#8C6D1F",
    "fat_superficial": "#B07800",
    "dermis": "#A0507C",
    "lipo": OKABE_ITO["blue"],
    "body": OKABE_ITO["black"],
}

#: Font sizes in points at the saved figure size. 14 pt is the smallest text
#: on any figure: readable from the back of a lecture hall on a projected slide.
SMALL_SIZE = 14
FONT_SIZE = 16
LABEL_SIZE = 16
TITLE_SIZE = 18

#: Resolution (dots per inch) of the committed figures and of figures shown in
#: notebooks when a drawing asks for it: a drawing drawn "at true size" has
#: exactly the pixels it needs at this resolution.
FIGURE_DPI = 110
#: How a "true size" view assumes it is seen: from this distance (m), on a
#: screen at 100 % zoom where one image pixel is one CSS pixel (1/96 inch).
SCREEN_DISTANCE_M = 0.5
CSS_PIXEL_MM = 25.4 / 96.0


def srgb_encode(linear):
    """SRGB transfer curve: linear luminance in 0..1 -> code value in 0..1.

    Examples
    --------
    >>> round(float(srgb_encode(0.2140)), 3)      # mid-grey code 0.5 is 21 % luminance
    0.5
    """
    v = np.clip(np.asarray(linear, dtype=float), 0.0, 1.0)
    return np.where(v <= 0.0031308, 12.92 * v, 1.055 * np.power(v, 1 / 2.4) - 0.055)


#: Displayed luminance of skin lit squarely (intensity 1), as a share of the
#: screen's white: the page around a picture stays brighter than any skin, so
#: an evenly lit back reads as a picture, not as blank paper. A common factor
#: leaves every contrast unchanged.
EXPOSURE = 0.8


def luminance_image(intensity, *, seed: int = 0, exposure: float = EXPOSURE) -> np.ndarray:
    """An RGB image (uint8) whose displayed luminance is proportional to *intensity*.

    The intensity (0..1) times *exposure* is encoded through the sRGB transfer curve,
    so a screen shows the luminance contrast that was computed (not the 2.3
    times larger contrast of using the intensity as a code value), and
    dithered with a fixed random pattern of ±½ code step before rounding, so
    that contrasts smaller than one 8-bit step survive on average instead of
    vanishing into flat bands. The dither is at the pixel scale, far above the
    frequencies the eye resolves at reading distance.

    Parameters
    ----------
    intensity : array_like, shape (ny, nx)
        Relative luminance in 0..1.
    seed : int
        Seed of the dither pattern (fixed, so figures are reproducible).
    exposure : float
        Displayed luminance of intensity 1, as a share of white (default
        :data:`EXPOSURE`).

    Returns
    -------
    ndarray, shape (ny, nx, 3), uint8

    Examples
    --------
    >>> import numpy as np
    >>> img = luminance_image(np.full((64, 64), 0.5), exposure=1.0)
    >>> img.dtype, img.shape
    (dtype('uint8'), (64, 64, 3))
    >>> round(float(np.mean(img[..., 0])), 1)   # sRGB code of 50 % luminance: 187.5
    187.5
    """
    a = np.asarray(intensity, dtype=float) * float(exposure)
    code = srgb_encode(a) * 255.0
    rng = np.random.default_rng(seed)
    code = np.floor(code + rng.random(a.shape))
    code = np.clip(code, 0, 255).astype(np.uint8)
    return np.repeat(code[..., None], 3, axis=2)


#: rcParams applied by :func:`context` (and so by every drawing function).
RC: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "axes.titlesize": TITLE_SIZE,
    "axes.labelsize": LABEL_SIZE,
    "xtick.labelsize": SMALL_SIZE,
    "ytick.labelsize": SMALL_SIZE,
    "legend.fontsize": SMALL_SIZE,
    "figure.titlesize": TITLE_SIZE,
    "text.color": ROLES["text"],
    "axes.labelcolor": ROLES["text"],
    "axes.edgecolor": ROLES["text"],
    "xtick.color": ROLES["text"],
    "ytick.color": ROLES["text"],
    "axes.linewidth": 1.2,
    "lines.linewidth": 2.0,
    "hatch.linewidth": 0.8,
    "patch.linewidth": 1.2,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "image.interpolation": "nearest",
    "svg.fonttype": "path",
    "axes.prop_cycle": cycler(
        color=[
            OKABE_ITO[k]
            for k in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "yellow", "black")
        ]
    ),
}


def color(role: str) -> str:
    """Colour of a role, e.g. ``color("bone")``.

    Parameters
    ----------
    role : str
        One of the keys of :data:`ROLES`.

    Returns
    -------
    str
        ``"#RRGGBB"``.
    """
    try:
        return ROLES[role]
    except KeyError:
        raise KeyError(f"unknown style role {role!r}; known roles: {sorted(ROLES)}") from None


def hatch(role: str) -> str:
    """Hatch pattern of a filled role ('' for none)."""
    return HATCHES.get(role, "")


def edge(role: str) -> str:
    """Edge and hatch colour of a filled role (the role colour for line roles)."""
    return EDGES.get(role, color(role))


@contextmanager
def context(extra: dict | None = None) -> Iterator[None]:
    """Apply the venusedu rcParams for the duration of a ``with`` block.

    Parameters
    ----------
    extra : dict, optional
        Further rcParams layered on top of :data:`RC`.

    Notes
    -----
    Uses :func:`matplotlib.rc_context`; the global rcParams are restored on
    exit, also when the block raises.
    """
    import matplotlib as mpl

    rc = dict(RC)
    if extra:
        rc.update(extra)
    with mpl.rc_context(rc):  # type: ignore[arg-type]  # RC holds rcParams names; the stubs want their literals
        yield


# ----------------------------------------------------------------------------
# Colour-vision simulation and colour difference (numpy only)
# ----------------------------------------------------------------------------

#: Machado, Oliveira & Fernandes (2009), "A physiologically-based model for
#: simulation of color vision deficiency", IEEE TVCG 15:1291, Table 1,
#: severity 1.0. Applied to *linear* RGB.
MACHADO_2009: dict[str, np.ndarray] = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}

#: Smallest CIE76 colour difference (Delta E*ab) accepted between two role
#: colours, for normal vision and for simulated deuteranopia and protanopia.
#: One just-noticeable difference is about 2.3; 12 is roughly five of them --
#: clearly different at a glance for the large adjacent fills of a
#: cross-section, not merely "different under a colorimeter".
MIN_DELTA_E = 12.0


def _srgb_to_linear(rgb: np.ndarray) -> np.ndarray:
    rgb = np.asarray(rgb, dtype=float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _linear_to_lab(lin: np.ndarray) -> np.ndarray:
    m = np.array(
        [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
    )
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883])  # D65 white
    eps = (6.0 / 29.0) ** 3
    f = np.where(xyz > eps, np.cbrt(xyz), xyz / (3 * (6.0 / 29.0) ** 2) + 4.0 / 29.0)
    return np.stack(
        [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])],
        axis=-1,
    )


def srgb_to_lab(hex_color: str, deficiency: str | None = None) -> np.ndarray:
    """CIELAB (D65) coordinates of an sRGB colour, optionally as seen with a CVD.

    Parameters
    ----------
    hex_color : str
        ``"#RRGGBB"``.
    deficiency : {None, "deuteranopia", "protanopia", "tritanopia"}
        Simulated colour vision (Machado et al. 2009, severity 1.0).

    Returns
    -------
    numpy.ndarray
        ``(L*, a*, b*)``.
    """
    lin = _srgb_to_linear(_hex_to_rgb(hex_color))
    if deficiency is not None:
        lin = simulate_cvd(lin, deficiency)
    return _linear_to_lab(lin)


def simulate_cvd(linear_rgb: np.ndarray, deficiency: str) -> np.ndarray:
    """Simulate a colour vision deficiency on linear RGB values.

    Parameters
    ----------
    linear_rgb : array_like, shape (..., 3)
        Linear (not gamma-encoded) RGB in 0..1.
    deficiency : {"deuteranopia", "protanopia", "tritanopia"}
        Machado et al. (2009) matrix at severity 1.0.

    Returns
    -------
    numpy.ndarray
        Simulated linear RGB, clipped to 0..1.
    """
    try:
        m = MACHADO_2009[deficiency]
    except KeyError:
        raise ValueError(f"unknown deficiency {deficiency!r}; choose from {sorted(MACHADO_2009)}") from None
    return np.clip(np.asarray(linear_rgb, dtype=float) @ m.T, 0.0, 1.0)


def delta_e(color_a: str, color_b: str, deficiency: str | None = None) -> float:
    """CIE76 colour difference between two sRGB colours, optionally under a CVD.

    Examples
    --------
    >>> round(delta_e("#000000", "#FFFFFF"), 1)
    100.0
    """
    return float(np.linalg.norm(srgb_to_lab(color_a, deficiency) - srgb_to_lab(color_b, deficiency)))
