"""Regenerate every image baseline: the committed figures and the test baselines.

Run it (``make baselines``) after an intended change of a drawing, look at
every image it writes, and commit them:

- ``figures/``: every course figure as SVG and PNG, and ``alt-text.json``
  (what ``venusedu figures`` writes);
- ``tests/baseline_images/``: the cases of ``tests/test_diagrams.py`` as
  ``NAME.svgz`` and ``NAME.png`` (50 dpi).

The tests compare fresh drawings with these by structure and a perceptual
tolerance (``tests/figcompare.py``), so baselines made with one matplotlib
release hold for the others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=Path, default=ROOT / "figures", help="folder of the course figures")
    parser.add_argument(
        "--tests", type=Path, default=ROOT / "tests" / "baseline_images", help="folder of the test baselines"
    )
    args = parser.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sys.path.insert(0, str(ROOT))
    from tests.test_diagrams import CASES, baseline_results, write_baseline
    from venusedu.figures import write_figures

    written = write_figures(args.figures)
    print(f"{len(written)} figures in {args.figures}")
    args.tests.mkdir(parents=True, exist_ok=True)
    for stale in [*args.tests.glob("*.png"), *args.tests.glob("*.svgz")]:
        stale.unlink()
    results = baseline_results()
    for name in sorted(CASES):
        drawing = CASES[name](results)
        try:
            write_baseline(name, drawing, args.tests)
        finally:
            plt.close("all")
    print(f"{len(CASES)} test baselines in {args.tests}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
