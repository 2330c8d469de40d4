"""The dimple explorer without a browser: widgets set from Python, Agg figures.

Setting a widget's ``value`` runs the same callbacks a browser would; the
views are checked through their artists and the pixels of the Agg buffers,
the numbers against :func:`venusedu.simulate` (the model is the oracle).
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys

import numpy as np
import pytest

ipywidgets = pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

from venusedu import Params, fat_from_body_fat, simulate  # noqa: E402
from venusedu.explorer import (  # noqa: E402
    BODY_FAT_RANGE,
    CONTROL_NAMES,
    PRESETS,
    VI_LIMITS,
    Explorer,
    _fmt_vi,
    explore,
    static_figure,
)
from venusedu.params import field_spec  # noqa: E402

SLIDERS = ("body_fat", "fat_mm", "superficial_fraction", "muscle", "lipo_depth_mm",
           "light_elevation_deg", "light_azimuth_deg", "view_distance_m")


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


def readout_vi(app) -> float:
    m = re.search(r"VI = <b>([0-9.]+)</b>", app.readout.value)
    assert m, app.readout.value
    return float(m.group(1))


def all_artists(fig):
    return sum(len(ax.get_children()) for ax in fig.axes) + len(fig.get_children())


def slider_values(widget, n=7):
    if isinstance(widget, ipywidgets.FloatLogSlider):
        return list(np.geomspace(widget.base ** widget.min, widget.base ** widget.max, n))
    return list(np.linspace(widget.min, widget.max, n))


# -- import, construction, controls ---------------------------------------------
def test_import_venusedu_stays_light_and_explore_is_exported_lazily():
    code = (
        "import json, sys, venusedu\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets', 'ipympl'))\n"
        "from venusedu import explore\n"
        "print(json.dumps([heavy, explore.__module__]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    heavy, module = json.loads(out.stdout.strip().splitlines()[-1])
    assert heavy == []
    assert module == "venusedu.explorer"


def test_bad_arguments_are_refused():
    with pytest.raises(TypeError, match="Params"):
        Explorer("fat", canvas="agg")
    with pytest.raises(ValueError, match="fat_mode"):
        Explorer(canvas="agg", fat_mode="weight")
    with pytest.raises(ValueError, match="canvas"):
        Explorer(canvas="svg")
    with pytest.raises(ValueError, match="curve_points"):
        Explorer(canvas="agg", curve_points=1)


def test_app_has_widget_controls_result_figures(app):
    assert set(app.controls) == set(CONTROL_NAMES)
    assert isinstance(app.widget, ipywidgets.Box)
    assert set(app.figures) == {"back", "section", "visibility"}
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert hasattr(app, "_ipython_display_")
    # default explorer = the model's defaults (8 mm = 20 % body fat, female)
    assert app.fat_mode == "bodyfat" and app.sex == "female"
    assert app.controls["body_fat"].value == 20.0
    assert app.result.params == Params()
    assert app.result.visibility_index == pytest.approx(simulate(Params()).visibility_index, rel=1e-12)


def test_every_control_is_described_and_keyboard_operable(app):
    keyboard = (ipywidgets.FloatSlider, ipywidgets.FloatLogSlider, ipywidgets.ToggleButtons,
                ipywidgets.Checkbox, ipywidgets.Dropdown, ipywidgets.Button)
    for name, widget in app.controls.items():
        assert isinstance(widget, keyboard), name
        assert widget.description.strip(), f"{name} has no description"
        assert widget.tooltip and len(widget.tooltip) > 15, f"{name} has no tooltip"
        assert f"venusedu-control-{name}" in widget._dom_classes
    for name in SLIDERS:
        assert app.controls[name].continuous_update


def test_slider_ranges_come_from_the_params_metadata(thick):
    c = thick.controls
    for name in ("fat_mm", "superficial_fraction", "muscle", "light_elevation_deg", "light_azimuth_deg"):
        spec = field_spec(name)
        assert (c[name].min, c[name].max) == (spec.low, spec.high), name
        assert spec.description in c[name].tooltip
    vd = c["view_distance_m"]
    assert isinstance(vd, ipywidgets.FloatLogSlider)
    assert vd.base ** vd.min == pytest.approx(field_spec("view_distance_m").low)
    assert vd.base ** vd.max == pytest.approx(field_spec("view_distance_m").high)
    assert (c["body_fat"].min, c["body_fat"].max) == BODY_FAT_RANGE


# -- the model's behaviour, seen through the app ---------------------------------
def test_more_fat_lowers_vi_in_the_blanket_regime(thick):
    c = thick.controls
    assert c["superficial_fraction"].value == 1.0
    vis, depths, readouts = [], [], []
    for fat in slider_values(c["fat_mm"], 9):
        c["fat_mm"].value = fat
        r = thick.result
        assert r.params.fat_mm == pytest.approx(fat)
        assert r.visibility_index == pytest.approx(simulate(r.params).visibility_index, rel=1e-12)
        vis.append(r.visibility_index)
        depths.append(r.depth_mm)
        readouts.append(readout_vi(thick))
    assert all(a > b for a, b in zip(vis, vis[1:])), vis
    assert all(a > b for a, b in zip(depths, depths[1:])), depths
    assert all(a >= b for a, b in zip(readouts, readouts[1:])), readouts
    assert vis[0] >= 1.0 > vis[-1]            # visible when lean, not with 40 mm
    # the curve says the same on its coarser grid
    fat, vi = thick.curve
    assert np.all(np.diff(vi) < 0)


def test_naive_regime_more_fat_deepens_the_pit(thick):
    c = thick.controls
    c["superficial_fraction"].value = 0.0
    depths = []
    for fat in (2.0, 10.0, 20.0, 40.0):
        c["fat_mm"].value = fat
        depths.append(thick.result.depth_mm)
    assert all(a < b for a, b in zip(depths, depths[1:])), depths
    # the pit axis rescaled to show a 43 mm pit (a full redraw, not a clipped line)
    assert thick.section.scale >= thick.result.depth_mm
    assert -thick.section.ax_pit.get_ylim()[0] >= thick.result.depth_mm


def test_no_ligament_is_not_visible_at_any_fat_muscle_or_light(thick):
    c = thick.controls
    c["ligament"].value = False
    for fat in slider_values(c["fat_mm"], 6):
        c["fat_mm"].value = fat
        for muscle in (0.0, 3.0):
            c["muscle"].value = muscle
            r = thick.result
            assert r.visibility_index == 0.0 and not r.visible and r.depth_mm == 0.0
            assert "Not visible" in thick.readout.value
            assert thick.visibility.number.get_text() == "0"
    for el in slider_values(c["light_elevation_deg"], 5):
        c["light_elevation_deg"].value = el
        assert thick.result.visibility_index == 0.0
        assert "Not visible" in thick.readout.value
    # the gauge bar sits at the floor and the frame marks the "not visible" zone
    assert thick.visibility.bar.get_height() == pytest.approx(0.0)
    assert thick.visibility.frame.get_y() == pytest.approx(VI_LIMITS[0])
    assert not thick.section.ligament.get_visible()
    assert np.all(thick.curve[1] == 0.0)


def test_muscle_changes_the_look_and_deepens_an_existing_pit(thick):
    c = thick.controls
    depths, images = [], []
    for m in slider_values(c["muscle"], 4):
        c["muscle"].value = m
        depths.append(thick.result.depth_mm)
        images.append(thick.back.image.get_array().copy())
    assert all(b > a for a, b in zip(depths, depths[1:]))     # the tether is anchored to bone
    assert not np.array_equal(images[0], images[-1])


def test_liposculpture_never_lowers_vi_and_makes_a_dimple_without_ligament(thick):
    c = thick.controls
    c["fat_mm"].value = 20.0
    vis = []
    for lipo in slider_values(c["lipo_depth_mm"], 6):
        c["lipo_depth_mm"].value = lipo
        vis.append(thick.result.visibility_index)
    assert all(b >= a - 1e-12 for a, b in zip(vis, vis[1:])), vis
    assert thick.section.bands["lipo"].get_visible()
    c["ligament"].value = False
    c["lipo_depth_mm"].value = c["lipo_depth_mm"].max
    assert thick.result.visible, "a deep liposculpture makes an artificial dimple"


def test_every_control_sweeps_its_whole_range_and_the_views_follow(thick):
    c = thick.controls
    for name in SLIDERS:
        if name == "body_fat":
            continue
        widget = c[name]
        if name == "lipo_depth_mm":
            c["fat_mm"].value = 12.0          # some superficial fat to remove
        before = {k: pixels(thick, k) for k in thick.figures}
        seen_vi, changed = set(), set()
        for v in slider_values(widget, 6):
            widget.value = v
            p = thick.result.params
            assert p == thick._params_from_controls()
            assert getattr(p, name) == pytest.approx(v)
            seen_vi.add(round(thick.result.visibility_index, 12))
            assert p.lipo_depth_mm <= p.superficial_fat_mm + 1e-9
            changed |= {k for k in thick.figures if not np.array_equal(before[k], pixels(thick, k))}
        assert len(seen_vi) > 1, name
        assert "visibility" in changed, name
        if name in ("light_elevation_deg", "light_azimuth_deg", "fat_mm", "muscle"):
            assert "back" in changed, name
        if name in ("fat_mm", "superficial_fraction", "lipo_depth_mm"):
            assert "section" in changed, name
        widget.value = getattr(Params(), name)
        c["fat_mm"].value = Params().fat_mm
    # viewing distance changes the pit's spatial frequency, not the surface
    c["view_distance_m"].value = 0.5
    r1 = thick.result
    c["view_distance_m"].value = 8.0
    assert thick.result.surface_mm is r1.surface_mm
    assert thick.result.frequency_cpd > 8 * r1.frequency_cpd


def test_lighting_change_reuses_the_surface_and_moves_the_shading(app):
    c = app.controls
    for name, value in (("light_elevation_deg", 20.0), ("light_azimuth_deg", 90.0),
                        ("view_distance_m", 3.0)):
        prev = app.result
        image = app.back.image.get_array().copy()
        buf = pixels(app, "back")
        section_blits = app._blitters["section"].blits
        section_px = pixels(app, "section")
        c[name].value = value
        r = app.result
        assert r is not prev
        assert r.surface_mm is prev.surface_mm          # not recomputed
        assert r.reference_mm is prev.reference_mm
        assert app.timings["viewing_only"]
        assert app._blitters["section"].blits == section_blits   # cross-section untouched
        assert np.array_equal(section_px, pixels(app, "section"))
        if name != "view_distance_m":
            assert not np.array_equal(image, app.back.image.get_array())
            assert not np.array_equal(buf, pixels(app, "back"))
    # the light marker moved with the azimuth
    sx, sy = app.back.sun.get_data()
    assert sy[0] > app.back.c[1]           # azimuth 90 = light from the head side


def test_fat_change_updates_artists_in_place(thick):
    figs = thick.figures
    counts = {k: all_artists(f) for k, f in figs.items()}
    skin = thick.section.skin
    x0, y0 = (a.copy() for a in skin.get_data())
    before = {k: pixels(thick, k) for k in figs}
    thick.controls["fat_mm"].value = 14.0
    assert thick.section.skin is skin
    assert not np.array_equal(y0, skin.get_data()[1])
    assert {k: all_artists(f) for k, f in figs.items()} == counts   # no new artists
    for k in figs:
        assert not np.array_equal(before[k], pixels(thick, k)), k
    assert thick._blitters["back"].blits > 0          # blitted, not fully redrawn
    assert thick.visibility.point.get_data()[0][0] == 14.0


def test_gauge_and_readout_say_visible_or_not_in_words_and_numbers(thick):
    c = thick.controls
    c["fat_mm"].value = 3.0
    r = thick.result
    assert r.visible
    assert "Visible" in thick.readout.value and "Not visible" not in thick.readout.value
    assert thick.visibility.number.get_text() == _fmt_vi(r.visibility_index)
    assert thick.visibility.frame.get_y() == pytest.approx(1.0)        # frames the "visible" zone
    assert readout_vi(thick) == pytest.approx(r.visibility_index, rel=0.006, abs=0.006)
    c["fat_mm"].value = 30.0
    r = thick.result
    assert not r.visible
    assert "Not visible" in thick.readout.value
    assert thick.visibility.frame.get_y() == pytest.approx(VI_LIMITS[0])
    words = [t.get_text() for t in thick.visibility.words]
    assert words == ["visible", "not visible"]
    assert "visible" in thick.alt_text and f"{r.depth_mm:.2f}" in thick.alt_text


# -- body fat, presets, reset, dependent limits ----------------------------------
@pytest.mark.parametrize("sex", ["female", "male"])
def test_body_fat_mode_maps_with_its_uncertainty_band(app, sex):
    c = app.controls
    c["sex"].value = sex
    assert app.visibility.band.get_visible()
    for bf in slider_values(c["body_fat"], 8):
        c["body_fat"].value = bf
        t, lo, hi = fat_from_body_fat(bf, sex)
        assert app.result.params.fat_mm == pytest.approx(t)
        assert c["fat_mm"].value == pytest.approx(t)
        band = app.visibility.band
        assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx((lo, hi))
        text = app.fat_text.value
        assert "±50 %" in text and f"{lo:.1f}" in text and f"{hi:.1f}" in text and sex in text
    assert c["fat_mm"].disabled and not c["body_fat"].disabled
    # switching sex re-maps the same body fat (22 %: 10 mm in women, 13.6 mm in men)
    c["body_fat"].value = 22.0
    c["sex"].value = "female"
    assert app.result.params.fat_mm == pytest.approx(10.0)
    c["sex"].value = "male"
    assert app.result.params.fat_mm == pytest.approx(13.6)
    assert "male" in app._secondary.get_xlabel() and app._secondary.get_visible()
    # thickness mode: the band goes, the body-fat controls are disabled
    c["fat_mode"].value = "thickness"
    assert not app.visibility.band.get_visible()
    assert c["body_fat"].disabled and c["sex"].disabled and not c["fat_mm"].disabled
    c["fat_mm"].value = 5.0
    assert app.result.params.fat_mm == 5.0
    assert "set directly" in app.fat_text.value


def test_lipo_maximum_tracks_the_superficial_fat(thick):
    c = thick.controls
    lipo = c["lipo_depth_mm"]
    c["fat_mm"].value = 10.0
    assert lipo.max == pytest.approx(10.0)
    lipo.value = 8.0
    assert thick.result.params.lipo_depth_mm == 8.0
    c["superficial_fraction"].value = 0.5
    assert lipo.max == pytest.approx(5.0)
    assert lipo.value == pytest.approx(5.0)              # clipped, not invalid
    assert thick.result.params.lipo_depth_mm == pytest.approx(5.0)
    c["fat_mm"].value = 4.0
    assert lipo.max == pytest.approx(2.0) and thick.result.params.lipo_depth_mm <= 2.0
    c["superficial_fraction"].value = 0.0
    assert lipo.max == 0.0 and lipo.disabled and thick.result.params.lipo_depth_mm == 0.0
    c["superficial_fraction"].value = 1.0
    assert lipo.max == pytest.approx(4.0) and not lipo.disabled


def test_random_control_changes_never_make_invalid_params():
    app = Explorer(canvas="agg", curve_points=4)
    rng = np.random.default_rng(5)
    c = app.controls
    names = [n for n in CONTROL_NAMES if n not in ("reset",)]
    for _ in range(80):
        name = names[rng.integers(len(names))]
        w = c[name]
        if isinstance(w, ipywidgets.Checkbox):
            w.value = not w.value
        elif isinstance(w, (ipywidgets.ToggleButtons, ipywidgets.Dropdown)):
            opts = [o[1] if isinstance(o, tuple) else o for o in w.options]
            w.value = opts[rng.integers(len(opts))]
        elif not w.disabled:
            lo, hi = (w.base ** w.min, w.base ** w.max) if isinstance(w, ipywidgets.FloatLogSlider) else (w.min, w.max)
            w.value = float(rng.uniform(lo, hi))
        p = app.result.params
        assert p == app._params_from_controls()
        assert p.lipo_depth_mm <= p.superficial_fat_mm * (1 + 1e-12)
        assert c["lipo_depth_mm"].max == pytest.approx(p.superficial_fat_mm)
    app.close()


@pytest.mark.parametrize("key", list(PRESETS))
def test_presets_set_the_controls(app, key):
    c = app.controls
    c["light_elevation_deg"].value = 50.0          # presets leave the light alone
    c["sex"].value = "male"
    c["fat_mode"].value = "thickness"
    app.apply_preset(key)
    preset = PRESETS[key]
    assert c["preset"].value == key
    assert c["fat_mode"].value == "bodyfat" and c["sex"].value == "male"
    assert c["body_fat"].value == preset["body_fat"]["male"]
    assert c["ligament"].value is preset["ligament"]
    assert c["superficial_fraction"].value == preset["superficial_fraction"]
    assert c["muscle"].value == preset["muscle"]
    assert c["lipo_depth_mm"].value == pytest.approx(min(preset["lipo_depth_mm"], c["lipo_depth_mm"].max))
    assert c["light_elevation_deg"].value == 50.0
    p = app.result.params
    assert p.fat_mm == pytest.approx(fat_from_body_fat(preset["body_fat"]["male"], "male")[0])
    assert app.result.visibility_index == pytest.approx(simulate(p).visibility_index, rel=1e-12)
    # moving any control afterwards makes the settings custom again
    c["muscle"].value = 0.5
    assert c["preset"].value == "custom"


def test_presets_tell_the_story():
    app = Explorer(canvas="agg")
    verdicts = {}
    for key in PRESETS:
        app.apply_preset(key)
        verdicts[key] = app.result.verdict
    assert verdicts == {"lean athlete": "visible", "average": "visible", "higher body fat": "not visible",
                        "no ligament": "not visible", "after liposculpture": "visible"}
    app.close()


def test_reset_restores_every_control_and_the_views(app):
    c = app.controls
    initial = {n: w.value for n, w in c.items() if n != "reset"}
    p0 = app.result.params
    img0 = app.back.image.get_array().copy()
    px0 = {k: pixels(app, k) for k in app.figures}
    app.apply_preset("after liposculpture")
    c["sex"].value = "male"
    c["fat_mode"].value = "thickness"
    c["fat_mm"].value = 33.0
    c["light_elevation_deg"].value = 12.0
    c["light_azimuth_deg"].value = 200.0
    c["view_distance_m"].value = 4.0
    c["ligament"].value = False
    c["reset"].click()
    assert {n: w.value for n, w in c.items() if n != "reset"} == initial
    assert app.result.params == p0
    assert np.array_equal(app.back.image.get_array(), img0)
    for k in app.figures:
        assert np.array_equal(px0[k], pixels(app, k)), k
    assert c["fat_mm"].disabled == (app.fat_mode == "bodyfat")


def test_explore_with_params_starts_there_and_resets_there():
    p = Params(fat_mm=15.0, superficial_fraction=0.6, lipo_depth_mm=3.0, tether_pull_mm=4.0,
               light_elevation_deg=25.0)
    app = explore(p, canvas="agg")
    assert app.fat_mode == "thickness"
    assert app.result.params == p                     # fields without a control kept too
    app.controls["fat_mm"].value = 30.0
    assert app.result.params.tether_pull_mm == 4.0
    app.reset()
    assert app.result.params == p
    app.close()


# -- the curve -------------------------------------------------------------------
def test_curve_is_recomputed_only_when_the_shape_changes(app):
    c = app.controls
    fat0, vi0 = app.curve
    res0 = list(app._curve_results)
    c["body_fat"].value = 26.0                       # fat: curve untouched
    assert app.curve[1] is vi0 and not app.timings["curve_recomputed"]
    c["light_elevation_deg"].value = 20.0            # light: re-lit, surfaces reused
    assert app.timings["curve_recomputed"]
    assert all(a.surface_mm is b.surface_mm for a, b in zip(res0, app._curve_results))
    assert np.all(app.curve[1] > vi0)                # lower light, higher VI everywhere
    c["superficial_fraction"].value = 0.5            # shape: new surfaces
    assert app.timings["curve_recomputed"]
    assert not any(a.surface_mm is b.surface_mm for a, b in zip(res0, app._curve_results))
    # the curve matches the model on its grid, and the app's point lies near it
    p = app.result.params
    for f, vi in zip(app.curve[0][::5], app.curve[1][::5]):
        q = dataclasses.replace(p, fat_mm=float(f), grid=app.curve_grid)
        assert vi == pytest.approx(simulate(q).visibility_index, rel=1e-12)
    assert np.interp(p.fat_mm, *app.curve) == pytest.approx(app.result.visibility_index, rel=0.05)
    assert app.curve_grid == 128 and "128-point grid" in app.curve_note.value


def test_deferred_curve_waits_for_flush_and_is_drawn_faded():
    app = Explorer(canvas="agg", defer_curve=True)
    c = app.controls
    vi0 = app.curve[1]
    c["superficial_fraction"].value = 0.3
    assert app.curve_pending and app.curve[1] is vi0
    assert app.visibility.curve.get_alpha() == pytest.approx(0.3)
    assert app.result.params.superficial_fraction == 0.3       # the main views did not wait
    app.flush()
    assert not app.curve_pending
    assert app.visibility.curve.get_alpha() == 1.0
    ref = Explorer(Params(superficial_fraction=0.3), canvas="agg", fat_mode="bodyfat")
    assert np.allclose(app.curve[1], ref.curve[1], rtol=1e-12)
    app.flush()                                                  # nothing pending: no-op
    app.close()
    ref.close()


# -- canvases --------------------------------------------------------------------
def test_image_canvas_mode_shows_pngs_that_follow_the_light():
    app = Explorer(canvas="image")
    img = app._images["back"]
    assert isinstance(img, ipywidgets.Image) and img.value[:8] == b"\x89PNG\r\n\x1a\n"
    before = img.value
    section = app._images["section"].value
    app.controls["light_azimuth_deg"].value = 180.0
    assert img.value != before
    assert app._images["section"].value == section          # lighting: section not re-encoded
    app.close()


@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")  # ipympl's Toolbar
def test_ipympl_canvas_works_without_a_browser():
    pytest.importorskip("ipympl")
    from ipympl.backend_nbagg import Canvas

    app = Explorer(canvas="ipympl")
    canvases = [f.canvas for f in app.figures.values()]
    assert all(isinstance(cv, Canvas) for cv in canvases)
    assert not any(cv.toolbar_visible for cv in canvases)
    assert "venusedu-figure-section" in app.figures["section"].canvas._dom_classes

    def descendants(w):
        yield w
        for child in getattr(w, "children", ()):
            yield from descendants(child)

    assert set(map(id, canvases)) <= {id(w) for w in descendants(app.widget)}
    # the snapshot a first browser view starts from is a well-formed data URL
    assert all(f.canvas._data_url.startswith("data:image/png;base64,") for f in app.figures.values())
    before = pixels(app, "section")
    blits = app._blitters["section"].blits
    app.controls["body_fat"].value = 20.5           # 8.5 mm: same axes, so a blit
    assert app._blitters["section"].blits == blits + 1
    assert not np.array_equal(before, pixels(app, "section"))
    app.close()


def test_full_redraw_mode_gives_the_same_pictures():
    a = Explorer(canvas="agg", blit=True)
    b = Explorer(canvas="agg", blit=False)
    for app in (a, b):
        app.controls["body_fat"].value = 24.0
        app.controls["light_elevation_deg"].value = 22.0
    for k in a.figures:
        b.figures[k].canvas.draw()
        differ = np.any(pixels(a, k) != pixels(b, k), axis=2)
        # identical but for a few pixels where two spines join and are drawn in
        # the other order
        assert differ.sum() <= 8, (k, differ.sum())
    a.close()
    b.close()


def test_static_figure_for_readers_without_a_kernel():
    snap = static_figure()
    from matplotlib.figure import Figure

    assert isinstance(snap.fig, Figure)
    w, h = snap.fig.get_size_inches() * snap.fig.dpi
    assert w > 600 and h > 500
    r = simulate(Params())
    assert f"visibility index {_fmt_vi(r.visibility_index)}" in snap.alt_text
    assert ("not visible" in snap.alt_text) == (not r.visible)


@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_close_releases_every_widget_and_the_page_state_stays_valid():
    """A front end asks for the state of all widgets at once: a half-closed app
    (a box listing a closed child) would break every widget on the page."""
    from ipywidgets.widgets.widget import Widget, _instances

    before = set(_instances)
    snap = static_figure()                      # builds and closes an explorer
    app = Explorer(canvas="ipympl")
    app.close()
    assert set(_instances) == before
    app = Explorer(canvas="ipympl")
    state = Widget.get_manager_state(drop_defaults=True)["state"]
    assert len(state) > 40
    app.close()
    assert snap.alt_text
