"""The observer of model v2 (venusedu.vision, venusedu.model.observe).

* The Barten CSF against the independent implementation in colour-science.
* The whole observer against a re-implementation written here: full complex
  FFTs (not real ones), the CSF from colour-science, the channel and the
  masking computed directly from their definitions in docs/MODEL.md §4.
* Behaviour: masking raises the threshold, distance matters where it should,
  frontal light hides a dimple, the band and the verdict.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from venusedu import Params, simulate, vision
from venusedu.model import WINDOW_RADIUS_MM, observe

# colour-science sets NumPy's legacy (1.13) printing on import, for the whole
# process: the doctests that run after it in the same worker would print
# arrays otherwise. Its import leaves NumPy's print options as they were.
_PRINT_OPTIONS = np.get_printoptions()
from colour.contrast import (  # noqa: E402
    contrast_sensitivity_function_Barten1999,
    pupil_diameter_Barten1999,
    retinal_illuminance_Barten1999,
    sigma_Barten1999,
)

np.set_printoptions(**_PRINT_OPTIONS)


def colour_csf(f, L, X0):
    d = pupil_diameter_Barten1999(L, X0, X0)
    return contrast_sensitivity_function_Barten1999(
        u=f,
        sigma=sigma_Barten1999(0.5 / 60, 0.08 / 60, d),
        X_0=X0,
        E=retinal_illuminance_Barten1999(L, d),
        k=3.0,
        T=0.1,
        X_max=12,
        N_max=15,
        n=0.03,
        p=1.2274e6,
        phi_0=3e-8,
        u_0=7,
    )


@pytest.mark.parametrize("L", [1.0, 30.0, 100.0, 3000.0])
@pytest.mark.parametrize("X0", [0.3, 1.0, 4.0, 60.0])
def test_barten_csf_matches_colour_science(L, X0):
    f = np.array([0.05, 0.3, 1.0, 3.0, 8.0, 20.0, 40.0])
    assert np.allclose(vision.barten_csf(f, L, X0), colour_csf(f, L, X0), rtol=1e-10)
    assert vision.pupil_diameter_mm(L, X0) == pytest.approx(float(pupil_diameter_Barten1999(L, X0, X0)))


def test_barten_csf_shape():
    f = np.linspace(0.05, 40, 800)
    s = vision.barten_csf(f, 60.0, 10.0)
    peak = f[np.argmax(s)]
    assert 2.0 < peak < 6.0  # peak sensitivity near 3-5 cycles/degree
    assert 150 < s.max() < 700  # peak thresholds 0.15-0.7 %, not 1-2 %
    assert vision.barten_csf(0.0, 60.0, 10.0) == 0.0
    assert vision.barten_csf(60.0, 60.0, 10.0) < 1.0  # above 100 % contrast far out
    # a smaller field is seen less well (less spatial integration)
    assert vision.barten_csf(2.0, 60.0, 0.5) < vision.barten_csf(2.0, 60.0, 5.0)
    with pytest.raises(ValueError):
        vision.pupil_diameter_mm(0.0, 1.0)


def test_channel_masking_band_verdict():
    assert vision.channel_gain(2.0, 2.0) == 1.0
    assert vision.channel_gain(4.0, 2.0) == pytest.approx(math.exp(-2.0))  # one octave = 2 σ
    assert vision.masking_elevation(0.3) == 1.0
    assert vision.masking_elevation(100.0) == pytest.approx(100**0.6)
    with pytest.raises(ValueError):
        vision.masking_elevation(float("nan"))
    low, high = vision.vi_band(2.0)
    assert low == pytest.approx(2 / 10**0.2) and high == pytest.approx(2 * 10**0.2)
    assert vision.verdict(10**0.2) == "visible"
    assert vision.verdict(10**-0.2) == "borderline"
    assert vision.verdict(0.999 * 10**-0.2) == "not visible"
    assert vision.verdict(0.0) == "not visible"


def reference_observer(p: Params, I, Iref, width_mm):
    """docs/MODEL.md §4 written out again: full complex FFTs, colour-science's CSF."""
    n, L = p.grid, p.extent_mm
    dx = L / n
    x = -L / 2 + dx * np.arange(n)
    X, Y = np.meshgrid(x, x)
    x0 = p.dimple_spacing_mm / 2
    ddx = (X - x0 + L / 2) % L - L / 2
    W = ddx**2 + Y**2 <= WINDOW_RADIUS_MM**2
    mean = Iref[W].mean()
    k = 2 * np.pi * np.fft.fftfreq(n, d=dx)
    KX, KY = np.meshgrid(k, k)
    q = np.hypot(KX, KY)
    f = q / (2 * np.pi) * (1000 * p.view_distance_m * np.pi / 180)  # cycles per degree
    X0 = 2 * width_mm / (1000 * p.view_distance_m) * 180 / np.pi
    S = np.zeros_like(f)
    S[f > 0] = colour_csf(f[f > 0], p.luminance_cd_m2 * mean, X0)
    c_sig = (I - Iref) / mean
    C = np.fft.fft2(c_sig)
    sig = np.fft.ifft2(S * C).real
    d = np.abs(sig[W]).max()
    wgt = (np.abs(C) * S) ** 2
    wgt[0, 0] = 0
    qc = np.exp(np.sum(wgt * np.log(np.where(q > 0, q, 1))) / wgt.sum())
    fc = qc / (2 * np.pi) * (1000 * p.view_distance_m * np.pi / 180)
    G = np.where(f > 0, np.exp(-0.5 * (np.log2(np.where(f > 0, f, 1) / fc) / 0.5) ** 2), 0)
    mask = np.fft.ifft2(S * G * np.fft.fft2(Iref / mean)).real[W]
    m = math.sqrt(2) * np.sqrt(np.mean((mask - mask.mean()) ** 2))
    E = max(1.0, m) ** 0.6
    return d / E, fc, E


CASES = [
    dict(),
    dict(fat_mm=16.0),
    dict(muscle=3.0, fat_mm=12.0),
    dict(view_distance_m=6.0, light_elevation_deg=20.0, light_azimuth_deg=60.0),
    dict(luminance_cd_m2=3.0, ambient=0.1),
    dict(ligament=False, lipo_depth_mm=6.0),
]


@pytest.mark.parametrize("kw", CASES, ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()) or "defaults")
def test_observer_matches_an_independent_reimplementation(kw):
    r = simulate(Params(**kw))
    vi, fc, E = reference_observer(r.params, np.asarray(r.shading), np.asarray(r.shading_reference), r.width_mm)
    assert r.visibility_index == pytest.approx(vi, rel=1e-8)
    assert r.frequency_cpd == pytest.approx(fc, rel=1e-8)
    assert r.masking == pytest.approx(E, rel=1e-8)


def test_observer_checks_its_input():
    r = simulate(Params(grid=128))
    with pytest.raises(ValueError, match="shape"):
        observe(r.params, np.zeros((4, 4)), np.zeros((4, 4)), 10.0)
    o = observe(r.params, r.shading_reference, r.shading_reference, r.width_mm)
    assert o.visibility_index == 0.0 and np.all(o.signal == 0)


def test_shading_of_the_back_masks_the_dimple():
    """The same dimple is harder to see on a back whose shading has structure at its scale."""
    p = Params()
    r = simulate(p)
    n = p.grid
    x = r.x_mm
    X, Y = np.meshgrid(x, x)
    # a masker: ripples with the dimple's own wavelength, 5 % contrast, added to both images
    lam = 2 * r.width_mm
    ripple = 0.05 * np.cos(2 * np.pi * (X + 0.3 * Y) / lam) * np.asarray(r.shading_reference).mean()
    plain = observe(p, r.shading, r.shading_reference, r.width_mm)
    masked = observe(p, np.asarray(r.shading) + ripple, np.asarray(r.shading_reference) + ripple, r.width_mm)
    assert masked.masking > 1.5 and plain.masking == pytest.approx(1.0, abs=0.2)
    assert masked.visibility_index < plain.visibility_index / 1.5
    assert masked.signal.shape == (n, n)


def test_distance_matters_where_it_should():
    vis = {d: simulate(Params(view_distance_m=d)).visibility_index for d in (0.3, 1.5, 10.0)}
    # near: the dimple covers a large angle, at low spatial frequency; far: a small, fine target
    assert vis[10.0] < 0.8 * vis[1.5]
    assert vis[0.3] < vis[1.5]
    assert len({round(v, 3) for v in vis.values()}) == 3


def test_frontal_light_hides_a_dimple_that_side_light_shows():
    side = simulate(Params(light_elevation_deg=20.0))
    flash = simulate(Params(light_elevation_deg=90.0))
    assert side.verdict == "visible"
    assert flash.visibility_index < side.visibility_index / 5
    assert flash.contrast < 0.01


def test_dim_light_lowers_sensitivity_a_little():
    bright = simulate(Params(luminance_cd_m2=1000.0)).visibility_index
    dim = simulate(Params(luminance_cd_m2=1.0)).visibility_index
    assert dim < bright


def test_lighting_only_change_reuses_the_surface_and_matches_a_fresh_run():
    r = simulate(Params())
    q = dataclasses.replace(r.params, light_elevation_deg=15.0, luminance_cd_m2=20.0, view_distance_m=4.0)
    fast = simulate(q, previous=r)
    fresh = simulate(q)
    assert fast.surface_mm is r.surface_mm
    for name in ("visibility_index", "contrast", "frequency_cpd", "masking", "threshold"):
        assert getattr(fast, name) == pytest.approx(getattr(fresh, name), rel=1e-12)
