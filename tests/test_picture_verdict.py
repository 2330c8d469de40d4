"""The picture is the verdict: the committed figures show what the model says.

For every true-size picture of the shaded back in ``figures/`` (listed with its
pixel box and parameters in ``figures/panels.json``) the committed PNG is
decoded back to luminance and looked at by an observer written here, on the
screen's own geometry: a pixel is 1/96 inch seen from 50 cm. The observer
needs the back without the dimples to know what the dimples add; it takes the
model's reference shading. Checks:

* luminance honesty: the displayed luminance is proportional to the model's
  intensity (sRGB decoding, no gamma trick), within the 8-bit dither;
* the VI of the picture agrees with the VI printed on the figure within 25 %,
  and the verdict read off the picture is the figure's verdict.

The observer: contrast images, Barten CSF from colour-science at the screen's
frequencies, the same field size, luminance, channel and masking rule as
docs/MODEL.md §4, with mirror padding for the cropped, non-periodic picture.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image as mpimg
from scipy.ndimage import map_coordinates

from venusedu import Params, simulate
from venusedu.style import EXPOSURE

from .test_vision import colour_csf

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "figures"
PANELS = json.loads((FIGURES / "panels.json").read_text(encoding="utf-8"))
CASES = [(name, k) for name, panels in sorted(PANELS.items()) for k in range(len(panels))]


def srgb_decode(code: np.ndarray) -> np.ndarray:
    c = code.astype(float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def picture(name: str, info: dict) -> np.ndarray:
    """The panel's pixels as displayed intensity (luminance / exposure), rows from the bottom."""
    rgba = mpimg.imread(FIGURES / f"{name}.png")
    code = np.rint(rgba[..., 0] * 255.0)
    left, top, right, bottom = info["bbox_px"]
    ny, nx = info["shape_px"]
    # centres of the picture's own pixels inside the box
    cols = np.floor(left + (np.arange(nx) + 0.5) * (right - left) / nx).astype(int)
    rows = np.floor(top + (np.arange(ny) + 0.5) * (bottom - top) / ny).astype(int)
    block = code[np.ix_(rows, cols)][::-1]  # image rows run top-down; flip to y up
    return srgb_decode(block) / EXPOSURE


def resample(field, res, xlim, ylim, shape):
    ny, nx = shape
    x = np.asarray(res.x_mm)
    dx = x[1] - x[0]
    xs = xlim[0] + (np.arange(nx) + 0.5) * (xlim[1] - xlim[0]) / nx
    ys = ylim[0] + (np.arange(ny) + 0.5) * (ylim[1] - ylim[0]) / ny
    Y, X = np.meshgrid((ys - x[0]) / dx, (xs - x[0]) / dx, indexing="ij")
    return map_coordinates(np.asarray(field, dtype=float), [Y, X], order=1, mode="grid-wrap")


def observe_picture(I, Iref, info, res, template=None):
    """VI of a displayed picture, on the screen's geometry (independent of the package's observer).

    With ``template`` (the filtered signal of an ideal rendering), the signal is
    the amplitude of that template in the picture's filtered signal (a matched
    filter: the dimples are where the marks point), so that the ±½-step dither,
    invisible at the pixel scale but present in every pixel, is averaged out
    instead of being picked up by a maximum over thousands of pixels. Returns
    ``(VI, filtered signal)``.
    """
    p = res.params
    ny, nx = I.shape
    xlim, ylim = info["xlim_mm"], info["ylim_mm"]
    mm_per_px = (xlim[1] - xlim[0]) / nx
    # one pixel on the screen subtends css_pixel_mm at the screen distance
    deg_per_px = math.degrees(info["css_pixel_mm"] / (1000.0 * info["screen_distance_m"]))
    xs = xlim[0] + (np.arange(nx) + 0.5) * mm_per_px
    ys = ylim[0] + (np.arange(ny) + 0.5) * mm_per_px
    X, Y = np.meshgrid(xs, ys)
    W = (X - p.dimple_spacing_mm / 2) ** 2 + Y**2 <= 40.0**2
    mean = Iref[W].mean()
    # mirror padding: the crop is not periodic
    pad = lambda a: np.pad(a, ((ny // 2, ny // 2), (nx // 2, nx // 2)), mode="reflect")  # noqa: E731
    c_sig = pad((I - Iref) / mean)
    c_ref = pad(Iref / mean)
    Py, Px = c_sig.shape
    fy = np.fft.fftfreq(Py, d=deg_per_px)
    fx = np.fft.fftfreq(Px, d=deg_per_px)
    F = np.hypot(*np.meshgrid(fx, fy))  # cycles per degree on the screen
    X0 = 2 * res.width_mm / mm_per_px * deg_per_px  # the dimple's field, degrees
    S = np.zeros_like(F)
    S[F > 0] = colour_csf(F[F > 0], p.luminance_cd_m2 * mean, X0)
    Csig = np.fft.fft2(c_sig)
    sig = np.fft.ifft2(S * Csig).real[ny // 2 : ny // 2 + ny, nx // 2 : nx // 2 + nx]
    if template is None:
        d = np.abs(sig[W]).max()
    else:
        t = template[W]
        d = float(np.sum(sig[W] * t) / np.sum(t * t)) * np.abs(t).max()
    w = (np.abs(Csig) * S) ** 2
    w[0, 0] = 0
    fc = np.exp(np.sum(w * np.log(np.where(F > 0, F, 1))) / w.sum())
    G = np.where(F > 0, np.exp(-0.5 * (np.log2(np.where(F > 0, F, 1) / fc) / 0.5) ** 2), 0)
    mask = np.fft.ifft2(S * G * np.fft.fft2(c_ref)).real[ny // 2 : ny // 2 + ny, nx // 2 : nx // 2 + nx][W]
    m = math.sqrt(2) * np.sqrt(np.mean((mask - mask.mean()) ** 2))
    return d / max(1.0, m) ** 0.6, sig


def overlay_mask(info, shape):
    """True on the pixels of the compass and of any note drawn over the picture (with a margin)."""
    ny, nx = shape
    xlim, ylim = info["xlim_mm"], info["ylim_mm"]
    mm = (xlim[1] - xlim[0]) / nx
    X, Y = np.meshgrid(xlim[0] + (np.arange(nx) + 0.5) * mm, ylim[0] + (np.arange(ny) + 0.5) * mm)
    out = np.zeros(shape, bool)
    for o in info["overlays"]:
        if "circle_mm" in o:
            cx, cy, r = o["circle_mm"]
            out |= (X - cx) ** 2 + (Y - cy) ** 2 <= (r + 3 * mm) ** 2
        else:
            x0, y0, x1, y1 = o["box_mm"]
            out |= (X >= x0 - 3 * mm) & (X <= x1 + 3 * mm) & (Y >= y0 - 3 * mm) & (Y <= y1 + 3 * mm)
    return out


def verdict_of(vi: float) -> str:
    lo, hi = vi / 10**0.2, vi * 10**0.2
    return "visible" if lo >= 1 else ("not visible" if hi < 1 else "borderline")


def test_every_picture_of_the_back_is_listed():
    assert {"shaded-back-default", "small-multiples-fat", "small-multiples-light"} <= set(PANELS)
    assert len(CASES) == 11


@pytest.mark.parametrize("name,k", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_picture_is_the_verdict(name, k):
    info = PANELS[name][k]
    p = Params(**info["params"])
    res = simulate(p)
    assert info["verdict"] == res.verdict and info["visibility_index"] == pytest.approx(res.visibility_index)
    shape = tuple(info["shape_px"])
    I = picture(name, info)
    Imodel = resample(res.shading, res, info["xlim_mm"], info["ylim_mm"], shape)
    Iref = resample(res.shading_reference, res, info["xlim_mm"], info["ylim_mm"], shape)
    # luminance honesty (the frame and the compass are left out)
    inner = np.zeros(shape, bool)
    inner[3:-3, 3:-3] = True
    inner &= ~overlay_mask(info, shape)
    err = (I - Imodel)[inner]
    assert abs(err.mean()) < 2e-3, (
        name,
        k,
        err.mean(),
        "displayed luminance is not proportional to the model's intensity",
    )
    assert np.percentile(np.abs(err), 50) < 6e-3
    # the ideal picture: the model's own observer, redone on the screen's pixels, agrees
    vi_ideal, template = observe_picture(Imodel, Iref, info, res)
    assert vi_ideal == pytest.approx(res.visibility_index, rel=0.1)
    # what a viewer of the committed picture would see
    vi_pix, sig = observe_picture(np.where(inner, I, Imodel), Iref, info, res, template=template)
    # ... and the 8-bit dither is no pattern of its own: its filtered RMS stays under threshold
    noise = sig - template
    assert np.sqrt(np.mean(noise**2)) < 1.0
    assert vi_pix == pytest.approx(res.visibility_index, rel=0.25), (vi_pix, res.visibility_index)
    if res.linear:
        assert verdict_of(vi_pix) == res.verdict or abs(math.log10(vi_pix)) > 0.15
        assert verdict_of(vi_pix) == res.verdict


def test_an_overstated_picture_would_fail():
    """The check has teeth: the v1 rendering (intensity used as the sRGB code) shows 2.3x the contrast."""
    name, k = "shaded-back-default", 0
    info = PANELS[name][k]
    res = simulate(Params(**info["params"]))
    shape = tuple(info["shape_px"])
    Iref = resample(res.shading_reference, res, info["xlim_mm"], info["ylim_mm"], shape)
    wrong = srgb_decode(np.rint(resample(res.shading, res, info["xlim_mm"], info["ylim_mm"], shape) * 255))
    wrong_ref = srgb_decode(np.rint(Iref * 255))
    vi_wrong, _ = observe_picture(wrong, wrong_ref, info, res)
    assert vi_wrong > 1.8 * res.visibility_index
