"""The figure comparison (tests/figcompare.py) passes what a release changes and fails real changes.

The drawing compared here is made by this file alone (layers, a hatched
region, labels with leader lines, markers, a shaded image and a dithered
one), in the styles the course drawings use, so these tests check the
comparison and do not change when the course drawings do (``make baselines``
is all a new drawing needs).

What another matplotlib release changes is imitated by the two text settings
that changed in 3.11 (line spacing and glyph rasterising); the real changes
are a changed word, a layer moved by 0.1 mm, a changed colour, changed
shading and a missing layer. The matrix and floor runs (``make
test-matrix``, ``make test-floors``) compare the committed baselines with
drawings made by matplotlib 3.7 and 3.10, which is the real cross-release
check.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from tests import figcompare  # noqa: E402
from venusedu.figures import save_drawing  # noqa: E402

DPI = 50
#: Layers of the test drawing, bottom up: name, top edge (mm) at the midline and at the side, colour, hatch.
LAYERS = (
    ("bone", 8.0, 12.0, "#8c7b6b", "//"),
    ("muscle", 20.0, 22.0, "#b5655b", None),
    ("fat", 34.0, 30.0, "#f2d49b", ".."),
    ("dermis", 38.0, 34.0, "#e6a98f", None),
)


def drawing(*, rgb_seed: int = 0) -> SimpleNamespace:
    """A cross-section-like figure: ``.fig`` and its named ``.artists`` (all units mm)."""
    fig, (ax, side) = plt.subplots(1, 2, figsize=(7.0, 3.2), gridspec_kw={"width_ratios": (2, 1)})
    artists = {}
    x = np.linspace(-60.0, 60.0, 121)
    below = np.zeros_like(x)
    for name, mid, edge, colour, hatch in LAYERS:
        top = mid + (edge - mid) * (x / 60.0) ** 2 - 3.0 * np.exp(-((x / 8.0) ** 2))
        xy = np.r_[np.c_[x, top], np.c_[x[::-1], below[::-1]]]
        artists[name] = ax.add_patch(
            Polygon(xy, closed=True, facecolor=colour, edgecolor="#333333", hatch=hatch, linewidth=0.0)
        )
        artists[f"{name}_label"] = ax.annotate(
            name,
            xy=(40.0, (top[100] + below[100]) / 2),
            xytext=(75.0, mid),
            ha="left",
            va="center",
            fontsize=9,
            arrowprops=dict(arrowstyle="-", color="#333333", lw=1.2, shrinkA=4, shrinkB=3),
            annotation_clip=False,
        )
        below = top
    (artists["marks"],) = ax.plot([-50.0, 50.0], [4.0, 4.0], "+", color="#222222", markersize=12, markeredgewidth=2)
    (artists["skin"],) = ax.plot(x, below, color="#7a3b2e", lw=2.0)
    ax.set_xlim(-60, 60)
    ax.set_ylim(0, 45)
    ax.set_aspect("equal")
    ax.set_xlabel("distance from the midline (mm)", fontsize=8)
    artists["title"] = ax.set_title("a layered test drawing, visible", fontsize=10, fontweight="bold")
    # a smooth shading (as the shaded back) and, inset, a dithered true-size picture
    yy, xx = np.mgrid[-1:1:48j, -1:1:48j]
    shading = 0.55 + 0.35 * xx - 0.25 * np.exp(-((xx - 0.3) ** 2 + yy**2) / 0.05)
    artists["image"] = side.imshow(shading, cmap="gray", vmin=0.0, vmax=1.0, origin="lower")
    side.set_axis_off()
    noise = np.random.default_rng(rgb_seed).random((24, 24, 1))
    codes = np.clip(np.floor(255 * shading[::2, ::2, None] + noise), 0, 255).astype(np.uint8)
    inset = side.inset_axes((0.05, 0.05, 0.4, 0.4))
    artists["dithered"] = inset.imshow(np.repeat(codes, 3, axis=2), interpolation="nearest", origin="lower")
    inset.set_axis_off()
    return SimpleNamespace(fig=fig, artists=artists)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _save(d, folder, name):
    save_drawing(d, folder, name, dpi=DPI, formats=("svg", "png"))
    return folder / name


@pytest.fixture
def baseline(tmp_path):
    return _save(drawing(), tmp_path, "base")


def test_the_same_drawing_agrees(baseline, tmp_path):
    again = _save(drawing(), tmp_path, "again")
    assert (tmp_path / "again.png").read_bytes() == (tmp_path / "base.png").read_bytes()
    assert figcompare.compare_drawing(baseline, again, DPI) == []


def test_another_releases_text_rendering_still_agrees(baseline, tmp_path):
    """What matplotlib 3.11 changed for text: line spacing ("normal", from the font, instead of
    1.2) and glyph rasterising; imitated by drawing with the other setting of each. The old
    pixel check (RMS <= 3 against one release) fails this; the comparison here passes it."""
    with matplotlib.rc_context({"text.hinting": "none"}):
        d = drawing()
        for text in d.fig.findobj(Text):
            current = getattr(text, "_linespacing", 1.2)  # "normal" from 3.11 on
            text.set_linespacing(1.2 if current == "normal" else 1.24)
            text.set_text(text.get_text().replace(", ", ",\n"))  # two lines: the spacing shows
        other = _save(d, tmp_path, "other-release")
    base = drawing()
    for text in base.fig.findobj(Text):
        text.set_text(text.get_text().replace(", ", ",\n"))
    base = _save(base, tmp_path, "base-two-lines")
    assert (tmp_path / "other-release.png").read_bytes() != (tmp_path / "base-two-lines.png").read_bytes()
    assert figcompare.compare_drawing(base, other, DPI) == []


def test_a_changed_word_fails(baseline, tmp_path):
    d = drawing()
    d.artists["muscle_label"].set_text("muscles")
    problems = figcompare.compare_drawing(baseline, _save(d, tmp_path, "word"), DPI)
    assert any("texts differ" in p and "muscles" in p for p in problems), problems


def test_a_layer_moved_by_a_tenth_of_a_millimetre_fails(baseline, tmp_path):
    d = drawing()
    patch = d.artists["fat"]
    xy = patch.get_xy().copy()
    xy[:, 1] += 0.1  # mm, in data units
    patch.set_xy(xy)
    problems = figcompare.compare_drawing(baseline, _save(d, tmp_path, "moved"), DPI)
    assert any("moved by" in p for p in problems), problems


def test_moved_markers_fail(baseline, tmp_path):
    d = drawing()
    d.artists["marks"].set_xdata([-50.0, 50.5])
    problems = figcompare.compare_drawing(baseline, _save(d, tmp_path, "marks"), DPI)
    assert len(problems) == 1 and re.fullmatch(r"marker \d+ moved by 0\.\d+ pt", problems[0]), problems


def test_a_changed_colour_fails_both_ways(baseline, tmp_path):
    d = drawing()
    patch = d.artists["fat"]
    r, g, b, a = patch.get_facecolor()
    patch.set_facecolor((r, max(g - 0.12, 0), b, a))
    changed = _save(d, tmp_path, "colour")
    assert any(
        "style" in p for p in figcompare.compare_svg(figcompare.read_svg(baseline), figcompare.read_svg(changed))
    )
    fraction, problems = figcompare.compare_png(
        tmp_path / "base.png", tmp_path / "colour.png", figcompare.read_svg(baseline), figcompare.read_svg(changed), DPI
    )
    assert fraction > 10 * figcompare.MAX_FRACTION and problems, fraction


def test_a_changed_hatch_fails(baseline, tmp_path):
    d = drawing()
    d.artists["bone"].set_hatch("\\\\")
    problems = figcompare.compare_svg(figcompare.read_svg(baseline), figcompare.read_svg(_save(d, tmp_path, "h")))
    assert any("style" in p for p in problems), problems


def test_a_missing_layer_fails(baseline, tmp_path):
    d = drawing()
    d.artists["fat"].set_visible(False)
    problems = figcompare.compare_drawing(baseline, _save(d, tmp_path, "missing"), DPI)
    assert any("paths, expected" in p for p in problems), problems
    assert any("pixels outside the texts" in p for p in problems), problems


def test_changed_shading_fails(baseline, tmp_path):
    d = drawing()
    image = d.artists["image"]
    shading = np.asarray(image.get_array(), dtype=float)
    image.set_data(0.5 + 1.15 * (shading - 0.5))  # 15 % more contrast
    problems = figcompare.compare_drawing(baseline, _save(d, tmp_path, "shade2"), DPI)
    assert any(p.startswith("image 0: pixels differ") for p in problems), problems


def test_a_brighter_dithered_picture_fails(baseline, tmp_path):
    """The true-size picture is compared by its pixels (allowing for where the page's pixel grid falls)."""
    d = drawing()
    image = d.artists["dithered"]
    codes = np.asarray(image.get_array(), dtype=float)
    image.set_data(np.clip(codes * 1.08, 0, 255).astype(np.uint8))  # 8 % brighter
    problems = figcompare.compare_drawing(baseline, _save(d, tmp_path, "brighter"), DPI)
    assert any(p.startswith("image 1: pixels differ") for p in problems), problems


def test_another_dither_of_the_same_picture_agrees(baseline, tmp_path):
    """Dither noise is one code level: another draw of it is not another picture."""
    assert figcompare.compare_drawing(baseline, _save(drawing(rgb_seed=1), tmp_path, "dither"), DPI) == []


def test_text_masks_cover_the_texts(baseline):
    """Every text of the drawing lies inside a text box read from the SVG."""
    structure = figcompare.svg_structure(figcompare.read_svg(baseline))
    assert len(structure.text_boxes) == len(structure.texts) >= 6
    assert [t[0] for t in structure.texts if t[0] in {"bone", "muscle", "fat", "dermis"}] == [
        "bone",
        "muscle",
        "fat",
        "dermis",
    ]
    areas = [(x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in structure.text_boxes]
    width, height = structure.size
    assert 0 < sum(areas) < 0.5 * width * height


def test_structure_reads_paths_markers_and_images(baseline):
    structure = figcompare.svg_structure(figcompare.read_svg(baseline))
    assert len(structure.images) == 2 and all(i["pixels"] is not None for i in structure.images)
    assert sum(m["style"] == ("#222222", "#222222") for m in structure.markers) == 2  # and the ticks
    hatched = [p for p in structure.paths if isinstance(p["style"][0], tuple) and p["style"][0][0] == "hatch"]
    assert len(hatched) == 2  # bone and fat


def test_a_changed_text_colour_fails(baseline, tmp_path):
    d = drawing()
    d.artists["fat_label"].set_color("#0072b2")
    problems = figcompare.compare_svg(figcompare.read_svg(baseline), figcompare.read_svg(_save(d, tmp_path, "tc")))
    assert any("'fat' in colour" in p for p in problems), problems


def _resampled_skin(d, points: int, lift_mm: float = 0.0) -> None:
    """Draw the skin line with *points* vertices along the same curve (raised by *lift_mm*)."""
    line = d.artists["skin"]
    x0, y0 = line.get_xdata(), line.get_ydata()
    x = np.linspace(x0[0], x0[-1], points)
    line.set_data(x, np.interp(x, x0, y0) + lift_mm)


def test_the_same_line_with_other_vertices_agrees(baseline, tmp_path):
    """Contour tracing and path simplification change the vertices of one line between
    releases: a line drawn along the same curve with twice the vertices is the same line."""
    d = drawing()
    _resampled_skin(d, 241)
    problems = figcompare.compare_svg(figcompare.read_svg(baseline), figcompare.read_svg(_save(d, tmp_path, "re")))
    assert problems == [], problems


def test_a_line_with_other_vertices_elsewhere_fails(baseline, tmp_path):
    d = drawing()
    _resampled_skin(d, 241, lift_mm=0.1)  # 0.1 mm is about 0.24 pt here
    problems = figcompare.compare_svg(figcompare.read_svg(baseline), figcompare.read_svg(_save(d, tmp_path, "re2")))
    assert any("outline lies up to" in p for p in problems), problems


def test_hatched_areas_are_read_with_their_outlines(baseline):
    structure = figcompare.svg_structure(figcompare.read_svg(baseline))
    assert len(structure.hatch_areas) == 2  # bone and fat
    assert all(a.ndim == 2 and a.shape[1] == 2 and len(a) >= 3 for a in structure.hatch_areas)
