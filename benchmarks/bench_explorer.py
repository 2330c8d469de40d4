"""How fast does the dimple explorer follow a slider?

Usage::

    .venv/bin/python benchmarks/bench_explorer.py [--repeat 60]

Measures, in one run on this machine, the wall time of one update -- from
setting a slider's value to new pixels in the figures' Agg buffers (model +
redraw) -- for

* the explorer as shipped (in-place artists, blitting; in a live kernel the
  VI-against-fat curve is updated once the slider rests, so a lighting move
  does not wait for the curve -- ``defer_curve=True`` here, with the deferred
  curve update timed on its own row -- and also with the curve updated at once);
* the explorer with ``blit=False`` (in-place artists, but every update is a
  full ``canvas.draw()``, what ``draw_idle`` does on Agg);
* the explorer on ipympl canvases without a browser, which adds what the
  kernel does for a live page: diffing the pixels and encoding them as PNG;
* a naive ``ipywidgets.interact``-style function that simulates from scratch,
  recomputes the VI-against-fat curve, builds new figures and draws them
  (and the same with the curve cached, so the speed-up is not only that);

for the body-fat slider (a new surface each time) and the light-elevation
slider (lighting only: the surface is reused). Prints median and p95 in ms
and the speed-up, and checks them against the targets of DESIGN.md / the
issue: full update <= 20 ms median, lighting-only <= 10 ms, >= 4x faster than
the naive baseline. Exit status 0 even when a target is missed (the numbers
are the output; tests never assert wall-clock time).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import time

import warnings

import matplotlib

matplotlib.use("Agg")
# ipympl's toolbar trips a traitlets deprecation notice on every canvas; not ours
warnings.filterwarnings("ignore", message="Passing unrecognized arguments", category=DeprecationWarning)

import numpy as np  # noqa: E402

from venusedu import Params, simulate  # noqa: E402
from venusedu.explorer import Explorer, _BackView, _SectionView, _VisibilityView, _zlow_for  # noqa: E402

TARGET_FULL_MS = 20.0
TARGET_LIGHT_MS = 10.0
TARGET_SPEEDUP = 4.0


def sweep(lo: float, hi: float, n: int) -> list[float]:
    """Values going up and down, never the same twice in a row."""
    up = list(np.linspace(lo, hi, n // 2 + 1))
    vals = (up + up[-2:0:-1]) * 2
    return [float(v) for v in vals[:n]]


def stats(samples_s: list[float]) -> tuple[float, float]:
    ms = np.asarray(samples_s) * 1e3
    return float(np.median(ms)), float(np.percentile(ms, 95))


def time_app(app: Explorer, name: str, values: list[float], warmup: int = 5) -> list[float]:
    widget = app.controls[name]
    for v in values[:warmup]:
        widget.value = v
    out = []
    for v in values[warmup:]:
        t = time.perf_counter()
        widget.value = v
        out.append(time.perf_counter() - t)
    return out


class Naive:
    """An ``interact``-style callback: compute everything, build new figures, draw."""

    def __init__(self, base: Params, cache_curve: bool, curve_points: int = 16, curve_grid: int = 128):
        self.base = base
        self.cache_curve = cache_curve
        self.fats = np.geomspace(1.0, 40.0, curve_points)
        self.curve_grid = curve_grid
        self._curve = None
        self.zlow = _zlow_for(base, 45.0, curve_grid)

    def curve(self, p: Params):
        if self.cache_curve and self._curve is not None:
            return self._curve
        vi = [simulate(dataclasses.replace(p, fat_mm=float(f), grid=self.curve_grid)).visibility_index
              for f in self.fats]
        self._curve = (self.fats, np.array(vi))
        return self._curve

    def __call__(self, **values):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from venusedu import style

        p = dataclasses.replace(self.base, **values)
        r = simulate(p)
        curve = self.curve(p)
        with style.context():
            figs = []
            f1 = Figure(figsize=(4.4, 4.2), dpi=72)
            FigureCanvasAgg(f1)
            _BackView(f1.add_axes((0.17, 0.13, 0.78, 0.76)), r)
            f2 = Figure(figsize=(4.4, 4.2), dpi=72)
            FigureCanvasAgg(f2)
            _SectionView(f2.add_axes((0.04, 0.4, 0.92, 0.52)), f2.add_axes((0.17, 0.13, 0.78, 0.19)),
                         r, self.zlow)
            f3 = Figure(figsize=(8.8, 2.8), dpi=72)
            FigureCanvasAgg(f3)
            v = _VisibilityView(f3.add_axes((0.1, 0.18, 0.07, 0.62)), f3.add_axes((0.2, 0.18, 0.74, 0.62)), r)
            v.update(r, curve, None)
            figs = [f1, f2, f3]
            for f in figs:
                f.canvas.draw()
        return figs


def time_naive(naive: Naive, field: str, values: list[float], warmup: int = 3) -> list[float]:
    for v in values[:warmup]:
        naive(**{field: v})
    out = []
    for v in values[warmup:]:
        t = time.perf_counter()
        naive(**{field: v})
        out.append(time.perf_counter() - t)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=60, help="timed updates per row (default 60)")
    args = ap.parse_args(argv)
    n = args.repeat

    base = Params()
    rows = []

    def add(label, slider, samples):
        med, p95 = stats(samples)
        rows.append((label, slider, med, p95, len(samples)))
        return med

    # fat values through the body-fat slider (female: 1 mm per %), lights by elevation
    bf_values = sweep(15.0, 30.0, n + 5)
    el_values = sweep(15.0, 75.0, n + 5)
    fat_values = [bf - 12.0 for bf in bf_values]

    app = Explorer(base, fat_mode="bodyfat", canvas="agg", defer_curve=True)
    app_fat = add("explorer (blit)", "body fat", time_app(app, "body_fat", bf_values))
    app_light = add("explorer (blit)", "light", time_app(app, "light_elevation_deg", el_values))
    flushes = []
    for v in el_values[: max(10, n // 3)]:
        app.controls["light_elevation_deg"].value = v
        t = time.perf_counter()
        app.flush()
        flushes.append(time.perf_counter() - t)
    add("  + deferred curve re-light", "(at rest)", flushes)
    fs_values = sweep(0.4, 1.0, max(10, n // 3) + 5)
    add("  shape change, curve deferred", "f_s", time_app(app, "superficial_fraction", fs_values))
    flushes = []
    for v in fs_values[: max(6, n // 6)]:
        app.controls["superficial_fraction"].value = v
        t = time.perf_counter()
        app.flush()
        flushes.append(time.perf_counter() - t)
    add("  + deferred curve recompute", "(at rest)", flushes)
    app.controls["superficial_fraction"].value = 1.0
    app.flush()

    now = Explorer(base, fat_mode="bodyfat", canvas="agg", defer_curve=False)
    add("explorer (blit, curve at once)", "light", time_app(now, "light_elevation_deg", el_values))
    add("explorer (blit, curve at once)", "f_s", time_app(now, "superficial_fraction", fs_values))

    full = Explorer(base, fat_mode="bodyfat", canvas="agg", blit=False, defer_curve=True)
    add("explorer (full canvas.draw)", "body fat", time_app(full, "body_fat", bf_values))
    add("explorer (full canvas.draw)", "light", time_app(full, "light_elevation_deg", el_values))

    try:
        web = Explorer(base, fat_mode="bodyfat", canvas="ipympl", defer_curve=True)
        for fig in web.figures.values():
            fig.canvas.syncing_data_url = False   # as if a browser were connected
        add("explorer (ipympl: + PNG diff)", "body fat", time_app(web, "body_fat", bf_values))
        add("explorer (ipympl: + PNG diff)", "light", time_app(web, "light_elevation_deg", el_values))
    except ImportError:
        pass

    k = max(10, n // 3) + 3    # the naive function is slow; fewer repeats suffice
    naive = Naive(base, cache_curve=False)
    nv_fat = add("naive interact (rebuild all)", "body fat", time_naive(naive, "fat_mm", fat_values[:k]))
    nv_light = add("naive interact (rebuild all)", "light",
                   time_naive(naive, "light_elevation_deg", el_values[:k]))
    naive_c = Naive(base, cache_curve=True)
    nc_fat = add("naive, curve cached", "body fat", time_naive(naive_c, "fat_mm", fat_values[:k]))
    nc_light = add("naive, curve cached", "light", time_naive(naive_c, "light_elevation_deg", el_values[:k]))

    # model alone, for reference
    model = []
    for f in fat_values[:n]:
        t = time.perf_counter()
        simulate(dataclasses.replace(base, fat_mm=f))
        model.append(time.perf_counter() - t)
    add("simulate() alone", "body fat", model)
    r = simulate(base)
    light = []
    for e in el_values[:n]:
        t = time.perf_counter()
        simulate(dataclasses.replace(base, light_elevation_deg=e), previous=r)
        light.append(time.perf_counter() - t)
    add("simulate(previous=) alone", "light", light)

    print(f"venusedu explorer benchmark -- Python {platform.python_version()}, "
          f"matplotlib {matplotlib.__version__}, {os.cpu_count()} CPUs, {n} updates per row, "
          f"grid {base.grid}, curve {len(app.curve_fat_mm)} points on grid {app.curve_grid}")
    print(f"{'what':<32} {'slider':<9} {'median ms':>10} {'p95 ms':>8} {'n':>4}")
    print("-" * 67)
    for label, slider, med, p95, cnt in rows:
        print(f"{label:<32} {slider:<9} {med:>10.1f} {p95:>8.1f} {cnt:>4}")
    print("-" * 67)
    speed_fat = nv_fat / app_fat
    speed_light = nv_light / app_light
    checks = [
        (f"full update (body fat) median {app_fat:.1f} ms <= {TARGET_FULL_MS:g} ms", app_fat <= TARGET_FULL_MS),
        (f"lighting-only update median {app_light:.1f} ms <= {TARGET_LIGHT_MS:g} ms",
         app_light <= TARGET_LIGHT_MS),
        (f"speed-up vs naive: body fat {speed_fat:.1f}x, light {speed_light:.1f}x (>= {TARGET_SPEEDUP:g}x)",
         min(speed_fat, speed_light) >= TARGET_SPEEDUP),
        (f"speed-up vs naive with the curve cached: body fat {nc_fat / app_fat:.1f}x, "
         f"light {nc_light / app_light:.1f}x", None),
    ]
    for text, ok in checks:
        mark = "    " if ok is None else ("PASS" if ok else "MISS")
        print(f"{mark}  {text}")
    for a in (app, now, full):
        a.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
