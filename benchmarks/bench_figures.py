"""Benchmark: ``venusedu figures`` end to end, regenerating every figure.

Runs the real command line (a fresh Python process, so imports count) a few
times into temporary folders and prints the median wall-clock time, then the
time of each figure in-process. Target: <= 10 s for the whole command on the
2-core reference machine. Benchmarks print numbers; tests never assert on time.

    .venv/bin/python benchmarks/bench_figures.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 10.0


def time_cli(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "venusedu.cli", "figures", "--out", tmp], check=True, capture_output=True
            )
            times.append(time.perf_counter() - t0)
    return times


def time_each() -> dict[str, float]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from venusedu import figures

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in figures.FIGURE_NAMES:
            t0 = time.perf_counter()
            d = figures.build_figure(name)
            figures.save_drawing(d, Path(tmp), name)
            plt.close(d.fig)
            out[name] = time.perf_counter() - t0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of the full command (default 3)")
    args = ap.parse_args()
    times = time_cli(args.repeat)
    med = statistics.median(times)
    print(
        f"venusedu figures (all, SVG + PNG + alt text), {args.repeat} runs: "
        f"median {med:.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
        f"(target <= {TARGET_S:.0f} s: {'OK' if med <= TARGET_S else 'TOO SLOW'})"
    )
    print("per figure, in-process (build + save SVG and PNG):")
    for name, t in time_each().items():
        print(f"  {name:<28s} {t:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
