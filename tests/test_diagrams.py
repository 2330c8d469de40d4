"""The drawings: regression against committed baselines, plus behaviour.

Baselines live in ``tests/baseline_images``: for every case an SVG (gzip,
``NAME.svgz``) and a PNG at 50 dpi. They are compared by structure and by a
perceptual image tolerance (``tests/figcompare.py``), so they hold across
matplotlib releases (checked from 3.7 to 3.11). After an intended change of
the look, regenerate them, and the committed ``figures/``, with::

    make baselines

and look at every PNG before committing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.figcompare import compare_drawing  # noqa: E402
from venusedu import Params, diagrams, simulate, style  # noqa: E402
from venusedu.figures import save_drawing  # noqa: E402

BASELINES = Path(__file__).parent / "baseline_images"
DPI = 50


def baseline_results() -> dict:
    """The simulated cases the baseline drawings show."""
    cases = {
        "defaults": Params(),
        "fat4": Params(fat_mm=4.0),
        "fat25": Params(fat_mm=25.0),
        "noligament": Params(ligament=False),
        "lipo": Params(ligament=False, lipo_depth_mm=5.0),
        "naive": Params(superficial_fraction=0.0),
    }
    return {k: simulate(p) for k, p in cases.items()}


@pytest.fixture(scope="module")
def results():
    return baseline_results()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


CASES = {
    "posterior_view": lambda r: diagrams.posterior_view(),
    "posterior_view_spacing_85": lambda r: diagrams.posterior_view(Params(dimple_spacing_mm=85.0)),
    "cross_section_defaults": lambda r: diagrams.cross_section(r["defaults"]),
    "cross_section_fat4": lambda r: diagrams.cross_section(r["fat4"]),
    "cross_section_fat25": lambda r: diagrams.cross_section(r["fat25"]),
    "cross_section_noligament": lambda r: diagrams.cross_section(r["noligament"]),
    "cross_section_lipo": lambda r: diagrams.cross_section(r["lipo"]),
    "shaded_back_defaults": lambda r: diagrams.shaded_back(r["defaults"]),
    "shaded_back_lipo": lambda r: diagrams.shaded_back(r["lipo"]),
    "small_multiples_fat": lambda r: diagrams.small_multiples_fat(),
}


def write_baseline(name: str, drawing, folder: Path) -> list[Path]:
    """Save a case as the baselines keep it: ``NAME.png`` (50 dpi) and ``NAME.svgz``."""
    import gzip

    svg, png = save_drawing(drawing, folder, name, dpi=DPI, formats=("svg", "png"))
    packed = folder / f"{name}.svgz"
    packed.write_bytes(gzip.compress(svg.read_bytes(), compresslevel=9, mtime=0))
    svg.unlink()
    return [packed, png]


@pytest.mark.parametrize("name", sorted(CASES))
def test_baseline_image(name, results, tmp_path):
    drawing = CASES[name](results)
    save_drawing(drawing, tmp_path, name, dpi=DPI, formats=("svg", "png"))
    expected = BASELINES / name
    assert (BASELINES / f"{name}.svgz").is_file() and (BASELINES / f"{name}.png").is_file(), (
        f"no baseline for {name} in {BASELINES}; generate it with `make baselines` and look at it"
    )
    problems = compare_drawing(expected, tmp_path / name, DPI)
    assert not problems, (
        f"{name} differs from its baseline ({'; '.join(problems)}); after an intended change run "
        "`make baselines` and look at the images"
    )


def test_no_stray_baselines():
    for pattern in ("*.png", "*.svgz"):
        names = {p.name.split(".")[0] for p in BASELINES.glob(pattern)}
        assert names == set(CASES), f"{pattern} baselines without a test case: {sorted(names - set(CASES))}"
    assert {p.suffix for p in BASELINES.iterdir()} <= {".png", ".svgz"}


# ----------------------------------------------------------------------------
# Behaviour
# ----------------------------------------------------------------------------


def skin_above_bone_at_psis(drawing) -> float:
    g = drawing.geometry
    j = g["j_psis"]
    return float(g["skin"][j] - g["tip"])


def test_fat25_skin_farther_from_bone_than_fat4(results):
    thin = diagrams.cross_section(results["fat4"])
    thick = diagrams.cross_section(results["fat25"])
    assert skin_above_bone_at_psis(thick) > skin_above_bone_at_psis(thin) + 15.0
    # same scale (1 mm is as long in both), taller figure for more fat
    assert thick.fig.get_size_inches()[0] == pytest.approx(thin.fig.get_size_inches()[0])
    assert thick.fig.get_size_inches()[1] > thin.fig.get_size_inches()[1]
    assert "25 mm of fat" in thick.alt_text and "4 mm of fat" in thin.alt_text


def test_layers_are_ordered(results):
    for r in results.values():
        g = diagrams.section_geometry(r)
        tol = 1e-9
        assert (g["bone"] <= g["deep_fascia"] + tol).all()
        assert (g["deep_fascia"] <= g["insertion"] + tol).all()
        assert (g["insertion"] <= g["fat_top"] + tol).all()
        assert np.allclose(g["skin"] - g["fat_top"], 2.5)  # dermis, Burk et al. 2017
        assert g["tip"] <= g["insertion_at_psis"]


def test_no_ligament_no_tether_no_pit(results):
    d = diagrams.cross_section(results["noligament"])
    assert not d.artists["ligament"].get_visible()
    assert not d.artists["labels"]["ligament"].get_visible()
    assert not d.artists["pit_marker"].get_visible()
    g = d.geometry
    assert np.allclose(g["skin"], g["skin_ref"])  # no pit anywhere on the section
    assert results["noligament"].depth_mm == 0.0
    assert "There is no tether" in d.alt_text
    with_lig = diagrams.cross_section(results["defaults"])
    assert with_lig.artists["ligament"].get_visible()
    assert with_lig.geometry["ligament_xy"] is not None


def test_lipo_region_present_only_with_lipo(results):
    lipo = diagrams.cross_section(results["lipo"])
    assert lipo.artists["lipo"].get_visible()
    assert lipo.artists["lipo"].get_hatch()  # readable without colour
    assert np.max(lipo.geometry["lipo"]) == pytest.approx(5.0, rel=1e-3)
    assert "Liposculpture has removed" in lipo.alt_text
    plain = diagrams.cross_section(results["defaults"])
    assert not plain.artists["lipo"].get_visible()
    # the surgery makes an artificial dimple without any ligament (MODEL.md property 4)
    assert results["lipo"].visible


@pytest.mark.parametrize("case", ["defaults", "fat4", "fat25", "noligament", "lipo", "naive"])
def test_alt_text_states_the_numbers(results, case):
    r = results[case]
    for drawing in (diagrams.cross_section(r), diagrams.shaded_back(r)):
        assert diagrams.verdict(r) in drawing.alt_text
        if r.linear:
            assert f"VI {diagrams.format_vi(r.visibility_index)}" in drawing.alt_text
            assert drawing.alt_text.count(r.verdict) >= 1
        else:
            assert "beyond the model" in drawing.alt_text  # no VI quoted outside linear theory
        assert len(drawing.alt_text) > 100
    assert f"Pit depth {r.depth_mm:.2f} mm" in diagrams.cross_section(r).alt_text


def test_verdict_words(results):
    assert diagrams.verdict(results["fat4"]).startswith("visible, VI ")
    assert diagrams.verdict(results["noligament"]) == "not visible, VI 0 (0–0)"
    r = results["fat25"]
    assert diagrams.verdict(r) == (
        f"{r.verdict}, VI {diagrams.format_vi(r.visibility_index)} "
        f"({diagrams.format_vi(r.vi_low)}–{diagrams.format_vi(r.vi_high)})"
    )
    assert diagrams.verdict(results["naive"]).startswith("beyond the model")


def test_shaded_back_reads_the_result(results):
    r = results["defaults"]
    d = diagrams.shaded_back(r)
    img = d.artists["image"]
    rgb = np.asarray(img.get_array())
    assert rgb.dtype == np.uint8 and rgb.shape[2] == 3
    assert rgb.shape[:2] == (diagrams.true_size_pixels(256.0, 1.5),) * 2  # true size, 1.5 m
    # luminance-correct: decoding the sRGB codes gives exposure x intensity (within the dither)
    code = rgb[..., 0].astype(float) / 255
    lum = np.where(code <= 0.04045, code / 12.92, ((code + 0.055) / 1.055) ** 2.4)
    assert lum.mean() / style.EXPOSURE == pytest.approx(float(np.mean(r.shading)), rel=0.01)
    assert d.artists["title"].get_text().endswith(diagrams.verdict(r))
    assert "light from the right" in d.artists["caption"].get_text()
    # the marks point at the dimples from outside the frame, at x = ±50 mm and y = 0
    xs, ys = d.artists["marks_top"].get_data()
    assert sorted(xs) == [-50.0, 50.0] and ys[0] > d.ax.get_ylim()[1]
    assert list(d.artists["marks_side"].get_data()[1]) == [0.0]
    assert d.signal_view is not None and np.array_equal(d.signal_view.artists["image"].get_array(), r.signal)


def test_cross_section_updates_in_place(results):
    d = diagrams.CrossSection(results["fat4"], zlim=diagrams.section_zlim())
    n_before = len(d.ax.get_children())
    ylim = d.ax.get_ylim()
    fat_before = d.artists["fat_superficial"].get_xy().copy()
    d.update(results["fat25"])
    assert len(d.ax.get_children()) == n_before
    assert d.ax.get_ylim() == ylim  # fixed axes: the change is visible
    assert not np.array_equal(d.artists["fat_superficial"].get_xy(), fat_before)
    assert "25 mm of fat" in d.alt_text
    d.update(results["noligament"])
    assert not d.artists["ligament"].get_visible()
    d.update(results["lipo"])
    assert d.artists["lipo"].get_visible()
    assert len(d.ax.get_children()) == n_before
    d.fig.canvas.draw()  # every state renders


def test_shaded_back_updates_in_place(results):
    d = diagrams.ShadedBack(results["defaults"])
    n_before = len(d.ax.get_children())
    image = d.artists["image"]
    d.update(simulate(Params(light_elevation_deg=80.0, light_azimuth_deg=90.0)))
    assert d.artists["image"] is image
    assert len(d.ax.get_children()) == n_before
    assert "80° above the skin" in d.alt_text
    assert "from above" in d.alt_text
    d.fig.canvas.draw()


def test_an_update_sets_the_limits_only_when_they_change(results):
    from venusedu.drawing.base import _set_limits

    fig, ax = plt.subplots()
    calls = []
    ax.callbacks.connect("xlim_changed", lambda a: calls.append("x"))
    ax.callbacks.connect("ylim_changed", lambda a: calls.append("y"))
    _set_limits(ax, (0, 2), (-1, 1))
    assert calls == ["x", "y"] and ax.get_xlim() == (0.0, 2.0) and ax.get_ylim() == (-1.0, 1.0)
    _set_limits(ax, (0.0, 2.0), (-1, 1))
    assert calls == ["x", "y"]  # the same limits: nothing set
    _set_limits(ax, (0, 2), (-1, 3))
    assert calls == ["x", "y", "y"] and ax.get_ylim() == (-1.0, 3.0)
    plt.close(fig)
    # a view redrawn with the same limits keeps them; with other limits it follows
    d = diagrams.CrossSection(results["fat4"])
    lim = d.ax.get_ylim()
    d.update(results["fat4"])
    assert d.ax.get_ylim() == lim
    d.update(results["fat25"])
    assert d.ax.get_ylim() != lim


def test_draws_into_given_axes(results):
    fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=(18, 6))
    assert diagrams.posterior_view(ax=a1).fig is fig
    assert diagrams.cross_section(results["defaults"], ax=a2).ax is a2
    assert diagrams.shaded_back(results["defaults"], ax=a3).fig is fig
    fig.canvas.draw()


def test_posterior_view_follows_spacing():
    d = diagrams.posterior_view(Params(dimple_spacing_mm=110.0))
    xy = d.artists["rhombus"].get_xy()
    assert sorted(set(np.round(xy[:, 0], 6))) == [-55.0, 0.0, 55.0]
    assert "110 mm apart" in d.alt_text and "55 mm either side" in d.alt_text
    assert "sources differ" in d.alt_text
    texts = " ".join(a.get_text() for a in d.artists["labels"])
    for word in (
        "PSIS",
        "sacroiliac joint",
        "L5 spinous process",
        "S2 spinous process",
        "iliac crest",
        "sacrum",
        "gluteal cleft",
        "L4–L5",
        "Michaelis rhombus",
    ):
        assert word in texts, word


def test_posterior_view_figsize_keeps_the_labels_and_their_size():
    from venusedu.display import smallest_text_pt

    default = diagrams.posterior_view()
    small = diagrams.posterior_view(figsize=(13.3, 7.8))
    assert tuple(default.fig.get_size_inches()) == pytest.approx((15.0, 8.7))
    assert tuple(small.fig.get_size_inches()) == pytest.approx((13.3, 7.8))
    assert [a.get_text() for a in small.artists["labels"]] == [a.get_text() for a in default.artists["labels"]]
    for d in (default, small):
        d.fig.canvas.draw()
    assert smallest_text_pt(small.fig) == smallest_text_pt(default.fig) == style.SMALL_SIZE + 1
    plt.close("all")
    for bad in ((3.0, 8.0), (15.0, 40.0), (True, 8.0), "big", (15.0,)):
        with pytest.raises(ValueError, match="figsize"):
            diagrams.posterior_view(figsize=bad)


def test_small_multiples_titles_and_results():
    d = diagrams.small_multiples_fat((3.0, 20.0))
    assert len(d.results) == 2 and len(d.ax) == 2
    titles = [p.artists["title"].get_text() for p in d.panels]
    assert titles[0].startswith("fat 3 mm") and titles[1].startswith("fat 20 mm")
    for t, r in zip(titles, d.results, strict=True):
        if r.linear:
            assert diagrams.format_vi(r.visibility_index) in t
        else:
            assert "beyond the model" in t
    assert d.results[0].visibility_index > d.results[1].visibility_index
    light = diagrams.small_multiples_light((10.0, 90.0))
    assert [r.params.light_elevation_deg for r in light.results] == [10.0, 90.0]
    assert "10° above skin" in light.panels[0].artists["title"].get_text()
    assert "VI " in light.alt_text
    # the frontal-light panel says why it looks even, rather than looking like a failed image
    assert "frontal light" in light.panels[1].artists["note"].get_text()


def test_refuses_wrong_types(results):
    with pytest.raises(TypeError, match="params"):
        diagrams.posterior_view({"dimple_spacing_mm": 100})
    with pytest.raises(TypeError, match="result"):
        diagrams.cross_section(dataclasses.asdict(Params()))
    with pytest.raises(TypeError, match="result"):
        diagrams.shaded_back("a result")


def test_params_are_simulated_and_validated(results):
    """A drawing given Params draws what simulate(params) gives; bad values are refused by Params."""
    from_params = diagrams.cross_section(Params())
    assert from_params.alt_text == diagrams.cross_section(results["defaults"]).alt_text
    assert diagrams.shaded_back(Params()).alt_text == diagrams.shaded_back(results["defaults"]).alt_text
    with pytest.raises(ValueError, match="fat_mm"):
        diagrams.cross_section(Params(fat_mm=-3))
    with pytest.raises(TypeError, match="ax"):
        diagrams.cross_section(results["defaults"], ax="left")
    with pytest.raises(TypeError, match="fat_values_mm"):
        diagrams.small_multiples_fat("2, 4, 6")
    with pytest.raises(TypeError, match="elevations_deg"):
        diagrams.small_multiples_light([10, "high"])
    with pytest.raises(TypeError, match="params"):
        diagrams.small_multiples_light(params=dataclasses.asdict(Params()))


def test_refuses_invalid_values_like_the_model():
    with pytest.raises(ValueError, match="fat_mm"):
        diagrams.small_multiples_fat((2.0, 60.0))
    with pytest.raises(ValueError, match="light_elevation_deg"):
        diagrams.small_multiples_light((0.0,))
    with pytest.raises(ValueError, match="fat_mm"):
        diagrams.small_multiples_fat((float("nan"),))
    with pytest.raises(ValueError):
        diagrams.CrossSection(simulate(Params()), zlim=(5.0, -5.0))


def test_light_in_words():
    assert diagrams.light_in_words(35, 0).startswith("light from the right (azimuth 0°), 35° above")
    assert "from the left" in diagrams.light_in_words(20, 180)
    assert "from above" in diagrams.light_in_words(20, 90)
    assert "from below" in diagrams.light_in_words(20, 270)
    assert "grazing" in diagrams.light_in_words(5, 0)
    assert "camera flash" in diagrams.light_in_words(90, 123)


def _spread_var_on_arrays(desired, gaps, low, high):
    """The label spreading as it was written on NumPy arrays (the reference)."""
    d = np.asarray(desired, dtype=float)
    n = len(d)
    y = np.clip(d, low, high)
    for _ in range(60):
        for k in range(1, n):
            y[k] = min(y[k], y[k - 1] - gaps[k])
        if y[-1] < low:
            y[-1] = low
        for k in range(n - 2, -1, -1):
            y[k] = max(y[k], y[k + 1] + gaps[k + 1])
        if y[0] > high:
            y[0] = high
        y = 0.7 * y + 0.3 * np.clip(d, low, high)
    for k in range(1, n):
        y[k] = min(y[k], y[k - 1] - gaps[k])
    return y


def test_label_spreading_on_floats_is_bit_for_bit_the_array_version():
    """The section's labels land on the same heights as before the spreading moved to floats:
    equal to the last bit, for crowded and roomy columns and for a column too short (low > high)."""
    from venusedu.drawing.section import _spread_var

    rng = np.random.default_rng(7)
    for trial in range(300):
        n = int(rng.integers(1, 11))
        desired = np.sort(rng.uniform(-20, 30, n))[::-1]
        gaps = np.concatenate([[0.0], rng.uniform(0.2, 6.0, n - 1)])
        low, high = sorted(rng.uniform(-25, 35, 2))
        if trial % 10 == 0:
            low, high = high, low  # not room for the column
        got = _spread_var(list(desired), gaps, low, high)
        want = _spread_var_on_arrays(desired, gaps, low, high)
        assert got.dtype == np.float64 and got.shape == want.shape
        assert np.array_equal(got, want), (trial, got, want)
