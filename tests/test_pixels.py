"""Pictures at the screen's pixels (venusedu.drawing.pixels) and the explorer's text layouts.

- ``bilinear_periodic`` against scipy's ``map_coordinates(order=1, mode="grid-wrap")``,
  an independent implementation, to 1e-12, on views inside the grid and across its
  periodic edge;
- a ``PixelImage`` puts its array on the canvas as it is (the canvas's pixels inside the
  axes equal the array), and saved at another dpi it is resampled as any image;
- the explorer's text layouts from the cache equal matplotlib's own for every text of
  every figure, after updates that move and change them.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from scipy.ndimage import map_coordinates  # noqa: E402

from venusedu import Params, simulate  # noqa: E402
from venusedu.drawing.pixels import PixelImage, axes_pixels, bilinear_periodic  # noqa: E402


def _reference(field, x, y, xlim, ylim, shape):
    ny, nx = shape
    xs = xlim[0] + (np.arange(nx) + 0.5) * (xlim[1] - xlim[0]) / nx
    ys = ylim[0] + (np.arange(ny) + 0.5) * (ylim[1] - ylim[0]) / ny
    ci, cj = np.meshgrid((ys - y[0]) / (y[1] - y[0]), (xs - x[0]) / (x[1] - x[0]), indexing="ij")
    return map_coordinates(np.asarray(field, dtype=float), [ci, cj], order=1, mode="grid-wrap")


@pytest.mark.parametrize(
    "xlim, ylim, shape",
    [
        ((-100.0, 100.0), (-60.0, 60.0), (138, 230)),  # the explorer's panels
        ((-128.0, 128.0), (-128.0, 128.0), (323, 323)),  # the whole patch, finer than the grid
        ((-150.0, 90.0), (-140.0, 131.0), (50, 77)),  # across the periodic edge, coarser
    ],
)
def test_bilinear_periodic_agrees_with_map_coordinates(xlim, ylim, shape):
    r = simulate(Params())
    got = bilinear_periodic(r.shading, r.x_mm, r.y_mm, xlim, ylim, shape)
    want = _reference(r.shading, r.x_mm, r.y_mm, xlim, ylim, shape)
    assert got.shape == shape
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def _figure(dpi=72.0):
    fig = Figure(figsize=(200 / 72, 120 / 72), dpi=dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_axes((20 / 200, 10 / 120, 150 / 200, 90 / 120))
    ax.set_xlim(0, 15)
    ax.set_ylim(0, 9)
    ax.set_axis_off()
    return fig, ax


def test_a_pixel_image_is_drawn_as_it_is():
    fig, ax = _figure()
    assert axes_pixels(ax) == (90, 150)
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, (90, 150, 3), dtype=np.uint8)
    img = ax.add_image(PixelImage(ax, origin="lower", interpolation="nearest"))
    img.set_data(rgb)
    img.set_extent((0, 15, 0, 9))
    fig.canvas.draw()
    canvas = np.asarray(fig.canvas.buffer_rgba())
    # row 0 of the array is the bottom row of the axes: rows 110-20 of the canvas, top down
    inside = canvas[120 - 10 - 90 : 120 - 10, 20:170, :3][::-1]
    assert np.array_equal(inside, rgb)
    # a scalar array goes through the colour map and its limits
    img.set_data(np.linspace(0, 1, 90 * 150).reshape(90, 150))
    img.set_cmap("gray")
    img.set_clim(0, 1)
    fig.canvas.draw()
    canvas = np.asarray(fig.canvas.buffer_rgba())
    assert canvas[109, 20, 0] < 5 and canvas[20, 169, 0] > 250


def test_a_pixel_image_saved_at_another_size_is_resampled(tmp_path):
    fig, ax = _figure()
    img = ax.add_image(PixelImage(ax, origin="lower", interpolation="nearest"))
    img.set_data(np.full((90, 150, 3), 200, dtype=np.uint8))
    img.set_extent((0, 15, 0, 9))
    fig.savefig(tmp_path / "big.png", dpi=144)
    import matplotlib.image as mpimg

    big = mpimg.imread(tmp_path / "big.png")
    assert big.shape[:2] == (240, 400)
    assert np.allclose(big[120, 200, :3], 200 / 255, atol=1 / 255)  # the middle of the image, filled


def test_cached_text_layouts_equal_matplotlibs_own():
    from venusedu.app import Explorer
    from venusedu.app import canvas as app_canvas

    caching = app_canvas._text_caching_canvas_class().__name__ == "TextCachingCanvas"
    app = Explorer(canvas="agg", defer_curve=False)
    if not caching:  # matplotlib < 3.11: the plain Agg canvas, every text laid out by matplotlib
        try:
            texts = [t for fig in app.figures.values() for t in fig.findobj(Text)]
            assert texts and not any("_get_layout" in vars(t) for t in texts)
        finally:
            app.close()
        return
    try:
        for name, value in (("body_fat", 31.0), ("light_elevation_deg", 22.0), ("fat_mode", "thickness")):
            app.controls[name].value = value
            checked = 0
            for fig in app.figures.values():
                renderer = fig.canvas.get_renderer()
                for text in fig.findobj(Text):
                    if "_get_layout" not in vars(text) or not text.get_text():
                        continue
                    cached = text._get_layout(renderer)
                    own = Text._get_layout(text, renderer)
                    assert cached[0].bounds == pytest.approx(own[0].bounds, abs=1e-9), text.get_text()
                    assert [(s, w) for s, w, _ in cached[1]] == [(s, w) for s, w, _ in own[1]], text.get_text()
                    assert np.allclose([xy for *_, xy in cached[1]], [xy for *_, xy in own[1]]), text.get_text()
                    checked += 1
            assert checked > 30, checked
        # another figure's texts are untouched
        other = Figure()
        t = other.text(0.5, 0.5, "x")
        assert "_get_layout" not in vars(t)
    finally:
        app.close()


def test_a_pixel_image_draws_what_imshow_draws_at_one_to_one():
    rgb = np.random.default_rng(2).integers(0, 256, (90, 150, 3), dtype=np.uint8)
    pictures = []
    for pixel in (True, False):
        fig, ax = _figure()
        if pixel:
            img = ax.add_image(PixelImage(ax, origin="lower", interpolation="nearest"))
            img.set_data(rgb)
            img.set_extent((0, 15, 0, 9))
        else:
            ax.imshow(rgb, origin="lower", extent=(0, 15, 0, 9), interpolation="nearest")
        fig.canvas.draw()
        pictures.append(np.asarray(fig.canvas.buffer_rgba()).copy())
    assert np.array_equal(*pictures)


@pytest.mark.parametrize("light", [20.0, 60.0])
def test_the_explorers_back_at_screen_pixels_matches_matplotlibs_resampling(light):
    """The same shading drawn both ways differs only by the filter and the dither: a flipped
    or shifted picture would differ by tens of code values where the light falls."""
    from venusedu.diagrams import ShadedBack, SignalView

    r = simulate(Params(light_elevation_deg=light, light_azimuth_deg=135.0))
    panels = []
    for pixel in (True, False):
        fig = Figure(figsize=(560 / 72, 270 / 72), dpi=72)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
        ax = fig.add_axes((12 / 560, 62 / 270, 230 / 560, 138 / 270))
        ax_sig = fig.add_axes((262 / 560, 62 / 270, 230 / 560, 138 / 270))
        ShadedBack(r, ax, compact=True, view_mm=100.0, true_size=False, signal=False, screen_pixels=pixel)
        SignalView(r, ax_sig, view_mm=100.0, screen_pixels=pixel)
        fig.canvas.draw()
        rgba = np.asarray(fig.canvas.buffer_rgba()).astype(float)
        # inside both panels, one pixel in from their frames
        panels.append(np.concatenate([rgba[271 - 200 : 270 - 63, 14:241, :3], rgba[271 - 200 : 270 - 63, 264:491, :3]]))
    diff = np.abs(panels[0] - panels[1])
    assert diff.mean() < 2.0 and np.percentile(diff, 99) < 12, (diff.mean(), np.percentile(diff, 99))
