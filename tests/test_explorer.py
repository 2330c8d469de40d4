"""The dimple explorer without a browser: widgets set from Python, Agg figures.

Setting a widget's ``value`` runs the same callbacks a browser would; the
views are checked through their artists and the pixels of the Agg buffers,
the numbers against :func:`venusedu.simulate` (the model is the oracle), and
the pictures after any sequence of changes against a fresh full draw of the
same state (a new explorer drawn from scratch), pixel for pixel.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import json
import re
import subprocess
import sys
import zlib

import numpy as np
import pytest
from matplotlib.text import Text

ipywidgets = pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")
pytest.importorskip("anywidget")

from venusedu import Params, fat_from_body_fat, simulate  # noqa: E402
from venusedu.app import controls as ctl  # noqa: E402
from venusedu.app.widgets import ControlValueError, Picture, Slider  # noqa: E402
from venusedu.diagrams import format_vi, verdict  # noqa: E402
from venusedu.explorer import (  # noqa: E402
    BODY_FAT_RANGE,
    CONTROL_NAMES,
    PRESETS,
    VI_LIMITS,
    Explorer,
    explore,
    static_figure,
)
from venusedu.params import field_spec  # noqa: E402

SLIDERS = (
    "body_fat",
    "fat_mm",
    "superficial_fraction",
    "muscle",
    "lipo_depth_mm",
    "light_elevation_deg",
    "light_azimuth_deg",
    "view_distance_m",
)


@pytest.fixture
def app():
    a = Explorer(canvas="agg")
    yield a
    a.close()


@pytest.fixture
def thick():
    """An explorer in fat-thickness mode."""
    a = Explorer(Params(), canvas="agg")
    assert a.fat_mode == "thickness"
    yield a
    a.close()


def pixels(app, name):
    return np.asarray(app.figures[name].canvas.buffer_rgba()).copy()


def readout_numbers(app) -> dict:
    """VI, its band, the fat and the pit's size as the page shows them (None where not shown)."""
    text = html.unescape(re.sub("<[^>]+>", "", app.readout.value))
    m = re.search(r"VI ([0-9.]+) \(([0-9.]+)–([0-9.]+)\) · ([0-9.]+) mm of fat", text)
    pit = re.search(r"Pit ([0-9.]+) mm deep, ([0-9.]+) mm wide", text)
    fat = re.search(r"· ([0-9.]+) mm of fat", text)
    return {
        "vi": m and float(m.group(1)),
        "low": m and float(m.group(2)),
        "high": m and float(m.group(3)),
        "fat": fat and float(fat.group(1)),
        "depth": pit and float(pit.group(1)),
        "width": pit and float(pit.group(2)),
        "text": text,
    }


def check_readout_against_simulate(app):
    """The readout's numbers are those of simulate(final params), rounded as shown."""
    r = simulate(app.result.params)
    got = readout_numbers(app)
    assert got["fat"] == pytest.approx(round(r.params.fat_mm, 1), abs=1e-9), got
    if r.linear:
        assert got["vi"] == float(format_vi(r.visibility_index)), got
        assert got["low"] == float(format_vi(r.vi_low)) and got["high"] == float(format_vi(r.vi_high))
        assert got["depth"] == pytest.approx(round(r.depth_mm, 2), abs=1e-9)
        assert got["width"] == pytest.approx(round(r.width_mm), abs=1e-9)
        assert verdict(r).split(",")[0] in got["text"].lower()
    else:
        assert got["vi"] is None and "beyond the model" in got["text"].lower()


def same_as_fresh_draw(app) -> dict[str, int]:
    """Differing pixels between every figure of ``app`` and a new explorer drawn from scratch."""
    ref = app.replica()
    try:
        return {k: int(np.any(pixels(app, k) != pixels(ref, k), axis=2).sum()) for k in app.figures}
    finally:
        ref.close()


def all_artists(fig):
    return sum(len(ax.get_children()) for ax in fig.axes) + len(fig.get_children())


def slider_values(widget, n=7):
    if widget.scale == "log":
        return list(np.geomspace(widget.min, widget.max, n))
    return list(np.linspace(widget.min, widget.max, n))


# -- import, construction, controls ---------------------------------------------
def test_import_venusedu_stays_light_and_explore_is_exported_lazily():
    code = (
        "import json, sys, venusedu\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('matplotlib', 'ipywidgets', 'ipympl', 'anywidget'))\n"
        "from venusedu import explore\n"
        "print(json.dumps([heavy, explore.__module__]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    heavy, module = json.loads(out.stdout.strip().splitlines()[-1])
    assert heavy == []
    assert module == "venusedu.app.explorer"


def test_bad_arguments_are_refused():
    with pytest.raises(TypeError, match="Params"):
        Explorer("fat", canvas="agg")
    with pytest.raises(ValueError, match="fat_mode"):
        Explorer(canvas="agg", fat_mode="weight")
    with pytest.raises(ValueError, match="canvas"):
        Explorer(canvas="svg")
    with pytest.raises(ValueError, match="curve_points"):
        Explorer(canvas="agg", curve_points=1)
    with pytest.raises(ValueError, match="sex"):
        Explorer(canvas="agg", sex="other")


def test_app_has_widget_controls_result_figures(app):
    assert tuple(app.controls) == CONTROL_NAMES
    assert isinstance(app.widget, ipywidgets.Box)
    assert set(app.figures) == {"back", "section", "visibility"}
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    # default explorer = the model's defaults (8 mm = 20 % body fat, female)
    assert app.fat_mode == "bodyfat" and app.sex == "female"
    assert app.controls["body_fat"].value == 20.0
    assert app.result.params == Params()
    assert app.result.visibility_index == pytest.approx(simulate(Params()).visibility_index, rel=1e-12)
    assert app.notice == "" and app.last_error is None


def test_every_control_has_a_name_with_its_unit_and_a_value_in_words(app):
    for row in ctl.CONTROLS:
        widget = app.controls[row.name]
        assert widget.label.strip(), row.name
        assert f"venusedu-control-{row.name}" in widget._dom_classes
        if row.kind in ("slider", "log"):
            assert isinstance(widget, Slider) and widget.continuous_update
            assert widget.unit == row.unit
            spoken = widget.unit_spoken or widget.unit
            if row.unit:
                assert spoken, row.name
    vd = app.controls["view_distance_m"]
    assert vd.scale == "log" and vd.unit == "m" and vd.unit_spoken == "metres"
    assert vd.value == 1.5 and vd.describe(vd.value) == "1.50 m"  # the value, not its log
    assert app.controls["light_elevation_deg"].describe(35.0) == "35°"
    assert app.controls["body_fat"].describe(20.5) == "20.5 %"
    # student-facing help: no developer detail
    for w in app.controls.values():
        assert not re.search(r"grid|cache|fat_from_body_fat|slider\)", w.help), w.help


def test_slider_ranges_come_from_the_params_metadata(thick):
    c = thick.controls
    for name in (
        "fat_mm",
        "superficial_fraction",
        "muscle",
        "light_elevation_deg",
        "light_azimuth_deg",
        "view_distance_m",
    ):
        spec = field_spec(name)
        assert (c[name].min, c[name].max) == (spec.low, spec.high), name
    assert (c["body_fat"].min, c["body_fat"].max) == BODY_FAT_RANGE


def test_inactive_fat_control_is_disabled(app):
    c = app.controls
    assert c["fat_mm"].disabled and not c["body_fat"].disabled and not c["sex"].disabled
    c["fat_mode"].value = "thickness"
    assert not c["fat_mm"].disabled and c["body_fat"].disabled and c["sex"].disabled


def test_a_new_params_field_is_one_row_in_the_table(monkeypatch):
    row = ctl.Control("tether_pull_mm", "Tether pull", unit="mm", step=0.1, fmt=".1f", field="tether_pull_mm")
    monkeypatch.setattr(ctl, "CONTROLS", ctl.CONTROLS[:-1] + (row, ctl.CONTROLS[-1]))
    app = Explorer(canvas="agg")
    try:
        w = app.controls["tether_pull_mm"]
        assert (w.min, w.max) == (field_spec("tether_pull_mm").low, field_spec("tether_pull_mm").high)
        w.value = 4.0
        assert app.result.params.tether_pull_mm == 4.0
        assert app.result.depth_mm > simulate(Params()).depth_mm
        app.reset()
        assert app.result.params == Params()
    finally:
        app.close()


# -- the model's behaviour, seen through the app ---------------------------------
def test_more_fat_lowers_vi_in_the_blanket_regime(thick):
    c = thick.controls
    assert c["superficial_fraction"].value == 1.0
    vis, depths = [], []
    for fat in np.linspace(5.0, 40.0, 8):
        c["fat_mm"].value = fat
        r = thick.result
        assert r.params.fat_mm == pytest.approx(fat)
        assert r.visibility_index == pytest.approx(simulate(r.params).visibility_index, rel=1e-12)
        check_readout_against_simulate(thick)
        vis.append(r.visibility_index)
        depths.append(r.depth_mm)
    assert all(a > b for a, b in itertools.pairwise(vis)), vis
    assert all(a > b for a, b in itertools.pairwise(depths)), depths
    assert vis[0] >= 1.0 > vis[-1]
    fat, vi = thick.curve
    ok = thick.curve_cache.linear
    assert np.all(np.diff(vi[ok]) < 0)


def test_out_of_linear_theory_the_validity_message_replaces_vi(thick):
    thick.controls["fat_mm"].value = 1.0
    r = thick.result
    assert not r.linear
    text = readout_numbers(thick)["text"]
    assert "Beyond the model" in text and "VI" not in text.split("·")[0]
    assert r.validity[0] in text
    assert thick.visibility.number.get_text() == "beyond\nthe model"
    assert not thick.visibility.bar.get_visible()
    assert "beyond the model" in thick.views["visibility"].alt_text


def test_no_ligament_is_not_visible_at_any_fat_muscle_or_light(thick):
    c = thick.controls
    c["ligament"].value = False
    for fat in (2.0, 10.0, 40.0):
        c["fat_mm"].value = fat
        for muscle in (0.0, 3.0):
            c["muscle"].value = muscle
            r = thick.result
            assert r.visibility_index == 0.0 and r.verdict == "not visible" and r.depth_mm == 0.0
            assert "Not visible, VI 0" in thick.readout.value
            assert thick.visibility.number.get_text() == "0"
    assert thick.visibility.bar.get_height() == pytest.approx(0.0)
    assert thick.visibility.frame.get_y() == pytest.approx(VI_LIMITS[0])
    assert not thick.section.section.artists["ligament"].get_visible()
    assert np.all(thick.curve[1] == 0.0)


def test_liposculpture_never_lowers_vi_and_makes_a_dimple_without_ligament(thick):
    c = thick.controls
    c["fat_mm"].value = 20.0
    vis = []
    for lipo in slider_values(c["lipo_depth_mm"], 6):
        c["lipo_depth_mm"].value = lipo
        vis.append(thick.result.visibility_index)
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(vis)), vis
    assert thick.section.section.artists["lipo"].get_visible()
    c["ligament"].value = False
    c["lipo_depth_mm"].value = 10.0
    assert thick.result.verdict == "visible", "a deep liposculpture makes an artificial dimple"


def test_lighting_change_reuses_the_surface_and_leaves_the_section_alone(app):
    c = app.controls
    for name, value in (("light_elevation_deg", 20.0), ("light_azimuth_deg", 90.0), ("view_distance_m", 3.0)):
        prev = app.result
        back = pixels(app, "back")
        section_blits = app.blitters["section"].blits
        section_px = pixels(app, "section")
        c[name].value = value
        r = app.result
        assert r.surface_mm is prev.surface_mm
        assert app.timings["viewing_only"]
        assert app.blitters["section"].blits == section_blits
        assert np.array_equal(section_px, pixels(app, "section"))
        if name != "view_distance_m":
            assert not np.array_equal(back, pixels(app, "back"))
    assert "3.00 m" in app.back.caption


def test_fat_change_updates_artists_in_place(thick):
    figs = thick.figures
    counts = {k: all_artists(f) for k, f in figs.items()}
    skin = thick.section.section.artists["skin"]
    y0 = skin.get_data()[1].copy()
    before = {k: pixels(thick, k) for k in figs}
    thick.controls["fat_mm"].value = 14.0
    assert thick.section.section.artists["skin"] is skin
    assert not np.array_equal(y0, skin.get_data()[1])
    assert {k: all_artists(f) for k, f in figs.items()} == counts  # no new artists
    for k in figs:
        assert not np.array_equal(before[k], pixels(thick, k)), k
    assert thick.blitters["back"].blits > 0 and thick.blitters["section"].blits > 0
    assert thick.visibility.point.get_data()[0][0] == 14.0


# -- any sequence of changes ends on the latest result, drawn as from scratch ----
def random_change(app, rng):
    c = app.controls
    names = [n for n in CONTROL_NAMES]
    name = names[rng.integers(len(names))]
    w = c[name]
    if name == "reset":
        w.click()
    elif name == "preset":
        w.value = [None, *PRESETS][rng.integers(len(PRESETS) + 1)]
    elif isinstance(w.value, bool):
        w.value = not w.value
    elif isinstance(w.value, str):
        w.value = w.values[rng.integers(len(w.values))]
    elif not w.disabled:
        w.value = (
            float(rng.uniform(w.min, w.max))
            if w.scale != "log"
            else float(np.exp(rng.uniform(np.log(w.min), np.log(w.max))))
        )
    return name


@pytest.mark.parametrize("seed", [1, 2])
def test_any_sequence_of_changes_shows_the_latest_result_as_a_fresh_draw(seed):
    rng = np.random.default_rng(seed)
    app = Explorer(canvas="agg", curve_points=5)
    try:
        for _ in range(30):
            random_change(app, rng)
            p = app.result.params
            assert p == app.params_from_controls()
            assert p.lipo_depth_mm <= p.superficial_fat_mm * (1 + 1e-12)
            assert app.controls["lipo_depth_mm"].max == pytest.approx(p.superficial_fat_mm)
            assert app.last_error is None, app.last_error
        check_readout_against_simulate(app)
        assert app.views["section"].alt_text == app.replica().views["section"].alt_text
        assert same_as_fresh_draw(app) == {"back": 0, "section": 0, "visibility": 0}
    finally:
        app.close()


def test_blit_and_full_draw_give_the_same_pixels():
    a = Explorer(canvas="agg", blit=True)
    b = Explorer(canvas="agg", blit=False)
    for app in (a, b):
        app.controls["body_fat"].value = 24.0
        app.controls["light_elevation_deg"].value = 22.0
    assert a.blitters["back"].blits > 0 and b.blitters["back"].blits == 0
    for k in a.figures:
        assert np.array_equal(pixels(a, k), pixels(b, k)), k
    a.close()
    b.close()


def test_an_older_matplotlib_gets_the_plain_agg_canvas(monkeypatch):
    """Without matplotlib 3.11's FreeType entry points (Python 3.10 has matplotlib 3.10 at
    most) the explorer draws on the plain Agg canvas, with the same blit/full-draw agreement."""
    import matplotlib.ft2font
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from venusedu.app import canvas

    monkeypatch.setattr(canvas, "_CANVAS_CLASS", None)
    monkeypatch.delattr(matplotlib.ft2font, "RenderMode", raising=False)
    assert canvas._text_caching_canvas_class() is FigureCanvasAgg
    # the caching module still imports there (pytest --doctest-modules and the docs import it)
    import importlib

    from venusedu.app import textcache

    importlib.reload(textcache)
    a = Explorer(canvas="agg", blit=True)
    b = Explorer(canvas="agg", blit=False)
    try:
        for app in (a, b):
            assert type(app.figures["back"].canvas) is FigureCanvasAgg
            app.controls["body_fat"].value = 24.0
        for k in a.figures:
            assert np.array_equal(pixels(a, k), pixels(b, k)), k
    finally:
        a.close()
        b.close()


# -- body fat, presets, reset, dependent limits ----------------------------------
@pytest.mark.parametrize("sex", ["female", "male"])
def test_body_fat_mode_maps_with_its_uncertainty_band(app, sex):
    c = app.controls
    c["sex"].value = sex
    assert app.visibility.band.get_visible()
    for bf in np.linspace(*BODY_FAT_RANGE, 6):
        c["body_fat"].value = bf
        t, lo, hi = fat_from_body_fat(bf, sex)
        assert app.result.params.fat_mm == pytest.approx(min(max(t, 1.0), 40.0))
        band = app.visibility.band
        assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx((lo, hi))
        text = app.readout.details_html
        assert "±50 %" in text and f"{lo:.1f}" in text and f"{hi:.1f}" in text and sex in text
    c["body_fat"].value = 22.0
    c["sex"].value = "female"
    assert app.result.params.fat_mm == pytest.approx(10.0)
    c["sex"].value = "male"
    assert app.result.params.fat_mm == pytest.approx(13.6)
    assert "male" in app.visibility.secondary.get_xlabel() and app.visibility.secondary.get_visible()
    c["fat_mode"].value = "thickness"
    assert not app.visibility.band.get_visible() and not app.visibility.secondary.get_visible()
    c["fat_mm"].value = 5.0
    assert app.result.params.fat_mm == 5.0
    assert "set directly" in app.readout.details_html


def test_lipo_maximum_tracks_the_superficial_fat(thick):
    c = thick.controls
    lipo = c["lipo_depth_mm"]
    c["fat_mm"].value = 10.0
    assert lipo.max == pytest.approx(10.0)
    lipo.value = 8.0
    assert thick.result.params.lipo_depth_mm == 8.0
    c["superficial_fraction"].value = 0.5
    assert lipo.max == pytest.approx(5.0) and lipo.value == pytest.approx(5.0)
    assert thick.result.params.lipo_depth_mm == pytest.approx(5.0)
    c["superficial_fraction"].value = 0.0
    assert lipo.max == 0.0 and lipo.disabled and thick.result.params.lipo_depth_mm == 0.0
    c["superficial_fraction"].value = 1.0
    assert lipo.max == pytest.approx(10.0) and not lipo.disabled


@pytest.mark.parametrize("key", list(PRESETS))
def test_presets_set_the_controls(app, key):
    c = app.controls
    c["light_elevation_deg"].value = 50.0
    c["sex"].value = "male"
    c["fat_mode"].value = "thickness"
    app.apply_preset(key)
    preset = PRESETS[key]
    assert c["preset"].value == key
    assert c["fat_mode"].value == "bodyfat" and c["sex"].value == "male"
    assert c["body_fat"].value == preset["body_fat"]["male"]
    assert c["ligament"].value is preset["ligament"]
    assert c["muscle"].value == preset["muscle"]
    assert c["light_elevation_deg"].value == 50.0
    p = app.result.params
    assert p.fat_mm == pytest.approx(fat_from_body_fat(preset["body_fat"]["male"], "male")[0])
    assert app.result.visibility_index == pytest.approx(simulate(p).visibility_index, rel=1e-12)
    c["muscle"].value = 0.5
    assert c["preset"].value == "custom"


def texts_outside_their_figure(fig) -> list[str]:
    """Texts of ``fig`` drawn (partly) outside it, by their rendered extent."""
    renderer = fig.canvas.get_renderer()
    W, H = fig.bbox.width, fig.bbox.height
    out = []
    for t in fig.findobj(lambda a: isinstance(a, Text) and a.get_visible() and bool(a.get_text())):
        bb = t.get_window_extent(renderer)
        if bb.x0 < -0.5 or bb.y0 < -0.5 or bb.x1 > W + 0.5 or bb.y1 > H + 0.5:
            out.append(f"{t.get_text()!r} at {[round(v) for v in bb.extents]} of {W:.0f}x{H:.0f}")
    return out


@pytest.mark.parametrize("key", [None, *PRESETS])
def test_no_text_of_the_pictures_is_cut_off(app, key):
    """Every title, label, tick label and colour-bar label lies inside its canvas
    (the back's colour-bar label and the tether's label used to be cut off),
    at the start, at each preset and at the extremes of fat and light."""
    if key is not None:
        app.apply_preset(key)
    states = (
        [{}]
        if key is not None
        else [
            {},
            {"fat_mode": "thickness", "fat_mm": app.controls["fat_mm"].max},
            {"fat_mode": "thickness", "fat_mm": app.controls["fat_mm"].min},
            {"light_elevation_deg": app.controls["light_elevation_deg"].min},
        ]
    )
    for state in states:
        for name, value in state.items():
            app.controls[name].value = value
        app.flush()
        for name, fig in app.figures.items():
            assert not texts_outside_their_figure(fig), (name, state, texts_outside_their_figure(fig))


def test_presets_tell_the_story():
    app = Explorer(canvas="agg")
    verdicts = {}
    for key in PRESETS:
        app.apply_preset(key)
        verdicts[key] = app.result.verdict
    assert verdicts == {
        "lean athlete": "visible",
        "average": "visible",
        "higher body fat": "not visible",
        "no ligament": "not visible",
        "after liposculpture": "visible",
    }
    with pytest.raises(ValueError, match="not known"):
        app.apply_preset("bodybuilder")
    app.close()


def test_reset_restores_every_control_and_the_views(app):
    c = app.controls
    initial = ctl.control_values(c)
    p0 = app.result.params
    px0 = {k: pixels(app, k) for k in app.figures}
    app.apply_preset("after liposculpture")
    c["sex"].value = "male"
    c["fat_mode"].value = "thickness"
    c["fat_mm"].value = 33.0
    c["light_elevation_deg"].value = 12.0
    c["view_distance_m"].value = 4.0
    c["ligament"].value = False
    c["reset"].click()
    assert ctl.control_values(c) == initial
    assert app.result.params == p0
    for k in app.figures:
        assert np.array_equal(px0[k], pixels(app, k)), k


def test_explore_with_params_starts_there_and_resets_there():
    p = Params(fat_mm=15.0, superficial_fraction=0.6, lipo_depth_mm=3.0, tether_pull_mm=4.0, light_elevation_deg=25.0)
    app = explore(p, canvas="agg")
    assert app.fat_mode == "thickness"
    assert app.result.params == p
    app.controls["fat_mm"].value = 30.0
    assert app.result.params.tether_pull_mm == 4.0
    app.reset()
    assert app.result.params == p
    app.close()


# -- robust against bad values set through the traits ---------------------------
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), None, "8", True])
def test_bad_values_are_refused_with_a_message(app, bad):
    w = app.controls["fat_mm"]
    app.controls["fat_mode"].value = "thickness"
    before = app.result
    with pytest.raises((ControlValueError, ValueError, TypeError)) as err:
        w.value = bad
    assert "fat_mm" in str(err.value) and "mm" in str(err.value)
    assert app.result is before and app.last_error is None
    assert w.value == before.params.fat_mm


def test_out_of_range_and_widened_ranges_are_clamped_with_a_visible_message(thick):
    c = thick.controls
    c["fat_mm"].value = 55.0
    assert c["fat_mm"].value == 40.0 and thick.result.params.fat_mm == 40.0
    assert "outside" in c["fat_mm"].message and "40.0 mm" in c["fat_mm"].message
    c["fat_mm"].value = 12.0
    assert c["fat_mm"].message == ""
    c["fat_mm"].max = 100.0  # wider than the model allows
    assert c["fat_mm"].max == 40.0 and "cannot reach" in c["fat_mm"].message
    c["view_distance_m"].min = 0.01
    assert c["view_distance_m"].min == field_spec("view_distance_m").low
    c["light_elevation_deg"].value = -10.0
    assert thick.result.params.light_elevation_deg == field_spec("light_elevation_deg").low
    assert thick.last_error is None


def test_preset_none_is_custom_and_an_unknown_preset_is_refused(app):
    app.apply_preset("average")
    app.controls["preset"].value = None
    assert app.controls["preset"].value == "custom"
    assert app.result.params.fat_mm == pytest.approx(fat_from_body_fat(25.0, "female")[0])
    with pytest.raises(ValueError, match="not one of the options"):
        app.controls["preset"].value = "bodybuilder"


def test_an_error_inside_an_update_is_shown_not_raised(app, monkeypatch):
    import venusedu.app.explorer as ex

    def broken(*a, **k):
        raise RuntimeError("the model broke")

    monkeypatch.setattr(ex, "simulate", broken)
    app.controls["body_fat"].value = 30.0  # no traceback from the observer
    assert isinstance(app.last_error, RuntimeError)
    assert "the model broke" in app.readout.notice and app.notice
    monkeypatch.undo()
    app.last_error = None
    app.controls["body_fat"].value = 31.0
    assert app.result.params.fat_mm == pytest.approx(19.0) and app.readout.notice == ""


# -- the curve -------------------------------------------------------------------
def test_curve_is_recomputed_only_when_the_shape_changes(app):
    c = app.controls
    vi0 = app.curve[1]
    res0 = list(app.curve_cache.results)
    c["body_fat"].value = 26.0
    assert app.curve[1] is vi0 and not app.timings["curve_recomputed"]
    c["light_elevation_deg"].value = 20.0
    assert app.curve_cache.recomputed == "relit"
    assert all(a.surface_mm is b.surface_mm for a, b in zip(res0, app.curve_cache.results, strict=True))
    ok = vi0 > 0
    assert np.all(app.curve[1][ok] > vi0[ok])
    c["superficial_fraction"].value = 0.5
    assert app.curve_cache.recomputed == "surfaces"
    p = app.result.params
    for f, vi in zip(app.curve[0][::5], app.curve[1][::5], strict=True):
        q = dataclasses.replace(p, fat_mm=float(f), grid=app.curve_grid)
        assert vi == pytest.approx(simulate(q).visibility_index, rel=1e-12)
    assert app.curve_grid == 128


def test_deferred_curve_waits_for_flush_and_is_drawn_faded():
    app = Explorer(canvas="agg", defer_curve=True)
    c = app.controls
    vi0 = app.curve[1]
    c["superficial_fraction"].value = 0.3
    assert app.curve_pending and app.curve[1] is vi0
    assert app.visibility.curve.get_alpha() == pytest.approx(0.3)
    assert app.result.params.superficial_fraction == 0.3
    app.flush()
    assert not app.curve_pending and app.visibility.curve.get_alpha() == 1.0
    ref = Explorer(Params(superficial_fraction=0.3), canvas="agg", fat_mode="bodyfat")
    assert np.allclose(app.curve[1], ref.curve[1], rtol=1e-12)
    assert same_as_fresh_draw(app) == {"back": 0, "section": 0, "visibility": 0}
    app.close()
    ref.close()


# -- the pictures in the page ------------------------------------------------------
class FakeView:
    """What static/picture.js does with the messages, written again here."""

    def __init__(self):
        self.seq, self.canvas, self.asked = -1, None, 0

    def receive(self, msg, buffers):
        if msg["type"] == "key" and msg["seq"] < self.seq:
            return
        if msg["type"] == "patch" and msg["base"] != self.seq:
            self.asked += 1
            return
        if self.canvas is None or self.canvas.shape[:2] != (msg["height"], msg["width"]):
            self.canvas = np.zeros((msg["height"], msg["width"], 4), np.uint8)
        patch = np.frombuffer(zlib.decompress(buffers[0]), np.uint8).reshape(msg["h"], msg["w"], 4)
        self.canvas[msg["y"] : msg["y"] + msg["h"], msg["x"] : msg["x"] + msg["w"]] = patch
        self.seq = msg["seq"]


def test_picture_sends_changed_rectangles_and_key_frames_on_request(monkeypatch):
    pic = Picture()
    sent = []
    monkeypatch.setattr(pic, "send", lambda content, buffers=None: sent.append((content, buffers)))
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 255, (40, 60, 4), dtype=np.uint8)
    pic.show(frame)
    assert sent[-1][0]["type"] == "key" and (pic.width, pic.height) == (60, 40)
    view, late = FakeView(), FakeView()
    view.receive(*sent[-1])
    for k in range(5):
        frame = frame.copy()
        frame[5 + k : 9 + k, 10 : 20 + 3 * k] = k * 40
        assert pic.show(frame)
        msg = sent[-1][0]
        assert msg["type"] == "patch" and msg["w"] * msg["h"] < 40 * 60
        view.receive(*sent[-1])
        late.receive(*sent[-1])  # missed the key frame: asks for one
    assert not pic.show(frame)  # nothing changed, nothing sent
    assert np.array_equal(view.canvas, frame)
    assert late.asked == 5 and late.canvas is None
    pic._handle(pic, {"event": "key"}, [])
    late.receive(*sent[-1])
    assert np.array_equal(late.canvas, frame)
    pic.close()


def test_a_prepared_frame_keeps_its_pixels_while_the_canvas_is_drawn_over(monkeypatch):
    """Picture.prepare copies the changed rectangle before it compresses in the
    worker thread, so the canvas may be drawn over before the frame is sent."""
    pic = Picture()
    sent = []
    monkeypatch.setattr(pic, "send", lambda content, buffers=None: sent.append((content, buffers)))
    rng = np.random.default_rng(1)
    canvas = rng.integers(0, 255, (120, 200, 4), dtype=np.uint8)
    view = FakeView()
    pic.show(canvas)
    view.receive(*sent[-1])
    canvas[10:90, 20:180] = rng.integers(0, 255, (80, 160, 4), dtype=np.uint8)
    expected = canvas.copy()
    frame = pic.prepare(canvas, since=0.0)
    canvas[:] = 0  # the next draw, before the send
    assert not sent[1:]  # nothing is sent before send()
    frame.send()
    view.receive(*sent[-1])
    assert np.array_equal(view.canvas, expected) and sent[-1][0]["kernel_ms"] > 0
    assert pic.prepare(expected) is None  # nothing changed
    pic.close()


def test_the_text_alternative_travels_with_the_frame_that_it_describes(monkeypatch):
    """alt and caption are not synced state: a key frame always carries them, a
    patch when they changed, and a text message when only they changed."""
    pic = Picture(label="A picture")
    sent = []
    monkeypatch.setattr(pic, "send", lambda content, buffers=None: sent.append((content, buffers)))
    canvas = np.zeros((20, 30, 4), np.uint8)
    pic.alt, pic.caption = "All black.", "Black"
    pic.show(canvas)
    assert sent[-1][0]["type"] == "key" and (sent[-1][0]["alt"], sent[-1][0]["caption"]) == ("All black.", "Black")
    canvas[2:4, 3:5] = 255
    pic.show(canvas)  # the text did not change: the patch has none
    assert sent[-1][0]["type"] == "patch" and "alt" not in sent[-1][0]
    canvas[5:6, 5:6] = 255
    pic.alt = "Black with two white dots."
    pic.show(canvas)
    assert sent[-1][0]["alt"] == "Black with two white dots." and sent[-1][0]["caption"] == "Black"
    n = len(sent)
    pic.caption = "Mostly black"
    assert pic.show(canvas)  # same pixels, new caption: text only
    assert len(sent) == n + 1 and sent[-1] == (
        {"type": "text", "alt": "Black with two white dots.", "caption": "Mostly black"},
        None,
    )
    assert not pic.show(canvas)  # nothing new at all
    pic._handle(pic, {"event": "key"}, [])  # a new view
    assert sent[-1][0]["type"] == "key" and sent[-1][0]["caption"] == "Mostly black"
    assert "alt" not in pic.keys and "caption" not in pic.keys  # no state message of their own
    pic.close()


def test_a_view_that_fails_does_not_hold_back_the_frames_drawn_before_it(monkeypatch):
    """Each picture is sent after the next one is drawn; if that draw fails, the
    earlier picture's frame is still sent (the page stays in step)."""
    app = Explorer(canvas="live")
    try:
        seqs = {name: pic.seq for name, pic in app.pictures.items()}
        frames = {name: pic.frames for name, pic in app.pictures.items()}
        real = app._draw_view

        def section_fails(name, *args):
            if name == "section":
                raise RuntimeError("the section broke")
            return real(name, *args)

        monkeypatch.setattr(app, "_draw_view", section_fails)
        app.controls["body_fat"].value = 31.0
        assert isinstance(app.last_error, RuntimeError)
        back = app.pictures["back"]
        assert back.seq == seqs["back"] + 1 and back.frames == frames["back"] + 1
        assert np.array_equal(back.pixels, pixels(app, "back"))
    finally:
        app.close()


def test_live_canvas_sends_the_figures_and_their_text_alternatives():
    app = Explorer(canvas="live")
    try:
        assert set(app.pictures) == {"back", "section", "visibility"}
        for name, pic in app.pictures.items():
            assert f"venusedu-figure-{name}" in pic._dom_classes
            assert np.array_equal(pic.pixels, pixels(app, name))
            assert pic.alt == app.views[name].alt_text and len(pic.alt) > 80
        alt = app.pictures["section"].alt
        app.controls["body_fat"].value = 30.0
        assert app.pictures["section"].alt != alt and "18 mm of fat" in app.pictures["section"].alt
        for name, pic in app.pictures.items():
            assert np.array_equal(pic.pixels, pixels(app, name))
    finally:
        app.close()


def test_static_figure_for_readers_without_a_kernel():
    snap = static_figure()
    from matplotlib.figure import Figure

    assert isinstance(snap.fig, Figure)
    w, h = snap.fig.get_size_inches() * snap.fig.dpi
    assert w > 600 and h > 900
    r = simulate(Params())
    assert verdict(r) in snap.alt_text and "Cross-section" in snap.alt_text
    # one view per figure, for slides: the same pixels as that view's part of the stack
    snap.fig.canvas.draw()
    stack = np.asarray(snap.fig.canvas.buffer_rgba())
    top = 0
    for name in ("back", "section", "visibility"):
        one = static_figure(views=name)
        one.fig.canvas.draw()
        px = np.asarray(one.fig.canvas.buffer_rgba())
        assert np.array_equal(px, stack[top : top + px.shape[0], : px.shape[1]]), name
        assert one.alt_text.startswith("The explorer at its starting point:"), name
        assert one.alt_text.split(": ", 1)[1].split(". ")[-1] in snap.alt_text, name
        top += px.shape[0]
    assert top == stack.shape[0]
    assert static_figure(Params(fat_mm=30.0), views="back").alt_text.startswith("The explorer: ")
    with pytest.raises(ValueError, match="views: unknown view 'sky'"):
        static_figure(views=("sky",))
    with pytest.raises(TypeError, match="views"):
        static_figure(views=())


def test_close_releases_every_widget_and_the_page_state_stays_valid():
    """A front end asks for the state of all widgets at once: a half-closed app
    (a box listing a closed child) would break every widget on the page."""
    from ipywidgets.widgets.widget import Widget

    try:  # the registry of live widgets: a module dict from ipywidgets 8.1, a class dict in 8.0
        from ipywidgets.widgets.widget import _instances
    except ImportError:
        _instances = Widget._active_widgets

    before = set(_instances)
    snap = static_figure()
    app = Explorer(canvas="live")
    app.close()
    assert set(_instances) == before
    app = Explorer(canvas="live")
    state = Widget.get_manager_state(drop_defaults=True)["state"]
    assert len(state) > 15
    app.close()
    assert snap.alt_text


def test_updates_from_two_threads_are_serialised_and_end_on_a_fresh_draw(app, monkeypatch):
    """JupyterLab 4.4+ with ipykernel 7 delivers widget messages on a subshell
    thread as well as on the main thread, so two controls can change at once in
    two threads. Each update must run alone (the figures, FreeType's fonts and
    matplotlib's rcParams are shared) and the pictures end on a fresh draw."""
    import threading
    import time

    import venusedu.app.explorer as explorer_module

    inside, overlaps = [0], [0]
    model = explorer_module.simulate

    def slow_simulate(*args, **kwargs):
        inside[0] += 1
        overlaps[0] += inside[0] > 1
        try:
            time.sleep(0.01)  # lets the other thread run
            return model(*args, **kwargs)
        finally:
            inside[0] -= 1

    monkeypatch.setattr(explorer_module, "simulate", slow_simulate)
    rng = np.random.default_rng(7)
    fats = rng.choice(np.arange(3.0, 50.5, 0.5), 10)
    lights = rng.choice(np.arange(5.0, 80.0), 10)

    def turn(name, values):
        for v in values:
            app.controls[name].value = float(v)

    threads = [
        threading.Thread(target=turn, args=("body_fat", fats)),
        threading.Thread(target=turn, args=("light_elevation_deg", lights)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert app.last_error is None and app.notice == ""
    assert overlaps[0] == 0, f"{overlaps[0]} updates ran while another was running"
    assert (app.controls["body_fat"].value, app.controls["light_elevation_deg"].value) == (fats[-1], lights[-1])
    assert app.result.params == ctl.params_from_controls(app.controls, Params())
    assert same_as_fresh_draw(app) == {"back": 0, "section": 0, "visibility": 0}
    check_readout_against_simulate(app)


def test_a_slider_acknowledges_a_value_from_the_page_after_the_update(app, monkeypatch):
    """The page sends slider values as custom messages and keeps at most two on their way
    (controls.js): the kernel sets each, runs the explorer's update and then answers
    {"type": "ack"}, a refused value included; a value set from Python is not acknowledged."""
    slider = app.controls["body_fat"]
    order = []
    monkeypatch.setattr(slider, "send", lambda content, buffers=None: order.append(("sent", content)))
    slider.observe(lambda change: order.append(("observer", app.result.params.fat_mm)), names="value")
    slider._handle(slider, {"event": "value", "value": 27.5}, [])
    assert order[0][0] == "observer" and order[-1] == ("sent", {"type": "ack", "value": 27.5})
    assert slider.value == 27.5 and app.result.params.fat_mm == pytest.approx(ctl.fat_for_bf(27.5, "female")[0])
    assert app.params_from_controls() == app.result.params
    order.clear()
    slider._handle(slider, {"event": "value", "value": float("nan")}, [])  # refused: the page still hears back
    assert order == [("sent", {"type": "ack", "value": 27.5})] and slider.value == 27.5
    assert "not a value" in slider.message
    order.clear()
    slider._handle(slider, {"event": "value", "value": 27.5}, [])  # no change, no update: still acknowledged
    assert order == [("sent", {"type": "ack", "value": 27.5})]
    order.clear()
    slider._handle(slider, {"event": "other"}, [])
    slider.value = 26.0  # from Python
    assert [o for o in order if o[0] == "sent"] == []


def test_a_value_from_the_page_is_not_sent_back_unless_the_kernel_changed_it(app, monkeypatch):
    """The page already shows the value it sent: the kernel sends the slider's value as
    state only when it differs (clamped), and the acknowledgement carries the value it holds.
    A second page (another window) gets the value as state once the slider rests."""
    slider = app.controls["body_fat"]
    states, sent = [], []
    monkeypatch.setattr(slider, "send_state", lambda key=None: states.append(key))
    monkeypatch.setattr(slider, "send", lambda content, buffers=None: sent.append(content))

    class Comm:  # the kernel's comm as ipywidgets 8.0 reads it (it asks for .kernel)
        kernel = True

        def send(self, *args, **kwargs):
            pass

    monkeypatch.setattr(type(slider), "comm", Comm(), raising=False)
    deferred = []
    monkeypatch.setattr(slider._resync, "defer", lambda cb, delay, when: deferred.append((cb, delay)) or True)
    slider._handle(slider, {"event": "value", "value": 24.0}, [])
    assert slider.value == 24.0 and app.result.params == app.params_from_controls()
    assert "value" not in states and states.count(["value"]) == 0
    assert sent[-1] == {"type": "ack", "value": 24.0}
    assert [d[1] for d in deferred] == [slider.RESYNC_S]
    deferred[-1][0]()  # the slider rested: the value goes out as state
    assert states[-1] == "value"
    states.clear()
    slider._handle(slider, {"event": "value", "value": slider.max + 5.0}, [])  # clamped by the kernel
    assert slider.value == slider.max and "value" in states
    assert sent[-1] == {"type": "ack", "value": slider.max}


def test_a_value_from_the_page_causes_seven_kernel_messages(monkeypatch):
    """What CHANGELOG counts: a body-fat value from the page makes the kernel send the fat
    slider's value, the liposculpture maximum, the readout, one frame per picture and the
    acknowledgement, and nothing else (no echo of the value the page sent)."""
    import ipywidgets

    class Comm:  # stands for the kernel's comm: every widget then sends its messages
        kernel = True

        def send(self, *args, **kwargs):
            pass

    sent = []

    def record(widget, msg, buffers=None):
        kind = msg.get("content", {}).get("type") if msg.get("method") == "custom" else sorted(msg.get("state", {}))
        sent.append((type(widget).__name__, getattr(widget, "name", ""), kind))

    app = Explorer(canvas="live")
    monkeypatch.setattr(ipywidgets.Widget, "_send", record)
    monkeypatch.setattr(ipywidgets.Widget, "comm", Comm(), raising=False)
    slider = app.controls["body_fat"]
    monkeypatch.setattr(slider._resync, "defer", lambda *args: True)
    slider._handle(slider, {"event": "value", "value": 24.0}, [])
    assert sorted(sent) == sorted(
        [
            ("Slider", "fat_mm", ["value"]),
            ("Slider", "lipo_depth_mm", ["max"]),
            ("Readout", "", ["details_html", "verdict_html"]),
            ("Picture", "", "patch"),
            ("Picture", "", "patch"),
            ("Picture", "", "patch"),
            ("Slider", "body_fat", "ack"),
        ]
    )
    # the pictures first, then the state the page lays out (controls, readout), then the ack
    assert [kind for _, _, kind in sent[:3]] == ["patch"] * 3
    assert sent[-1] == ("Slider", "body_fat", "ack")
    monkeypatch.undo()
    app.close()


def test_state_changes_go_out_after_the_pictures_also_on_reset_and_presets(monkeypatch):
    """Reset and a preset change many controls: their state goes out after the frames of
    the one update, in one message per widget."""
    import ipywidgets

    class Comm:
        kernel = True

        def send(self, *args, **kwargs):
            pass

    sent = []

    def record(widget, msg, buffers=None):
        custom = msg.get("method") == "custom"
        sent.append((widget, msg.get("content", {}).get("type") if custom else sorted(msg["state"])))

    app = Explorer(canvas="live")
    monkeypatch.setattr(ipywidgets.Widget, "_send", record)
    monkeypatch.setattr(ipywidgets.Widget, "comm", Comm(), raising=False)
    for act in (lambda: app.apply_preset("lean athlete"), app.reset):
        sent.clear()
        act()
        frames = [k for k, (w, _) in enumerate(sent) if w in app.pictures.values()]
        # (a value set from Python goes out before the update it starts, as with any widget)
        states = [k for k, (w, kind) in enumerate(sent) if isinstance(kind, list) and w is not app.controls["preset"]]
        assert len(frames) == 3 and len(states) >= 3 and max(frames) < min(states), sent
        senders = [id(sent[k][0]) for k in states]
        assert len(senders) == len(set(senders))  # one state message per widget
        assert app.result.params == app.params_from_controls()
    monkeypatch.undo()
    app.close()


@pytest.mark.parametrize("mode", ["start", "end", None])
def test_a_value_from_the_page_is_acknowledged_once_at_the_time_the_page_asked(monkeypatch, mode):
    """In a drag the page asks for the acknowledgement when the value is taken ("start"): it
    then goes before the update's pictures; for a key press ("end", or an older page that
    says nothing) after them. Either way exactly once, carrying the value the kernel holds,
    also for a value clamped, refused or equal to the slider's own."""
    import ipywidgets

    class Comm:
        kernel = True

        def send(self, *args, **kwargs):
            pass

    sent = []

    def record(widget, msg, buffers=None):
        custom = msg.get("method") == "custom"
        sent.append((widget, msg.get("content", {}).get("type") if custom else "state", msg.get("content", {})))

    app = Explorer(canvas="live")
    slider = app.controls["body_fat"]
    monkeypatch.setattr(ipywidgets.Widget, "_send", record)
    monkeypatch.setattr(ipywidgets.Widget, "comm", Comm(), raising=False)
    monkeypatch.setattr(slider._resync, "defer", lambda *args: True)
    request = {"event": "value"} if mode is None else {"event": "value", "ack": mode}
    top = slider.max
    for value, kept in ((24.0, 24.0), (top + 5.0, top), (float("nan"), top), (top, top)):
        sent.clear()
        slider._handle(slider, {**request, "value": value}, [])
        acks = [k for k, (w, kind, _) in enumerate(sent) if kind == "ack"]
        frames = [k for k, (w, _, _) in enumerate(sent) if w in app.pictures.values()]
        assert len(acks) == 1 and sent[acks[0]][0] is slider and sent[acks[0]][2]["value"] == kept, (
            value,
            sent,
        )
        assert slider.value == kept and app.result.params == app.params_from_controls()
        if frames:  # a new value: an update ran
            assert (acks[0] < min(frames)) if mode == "start" else (acks[0] > max(frames)), (mode, value)
    monkeypatch.undo()
    app.close()
