"""Which matplotlib the image baselines and the committed figures were drawn with.

Text rendering and antialiasing change between matplotlib releases, so pixel
comparisons are meaningful only against the release that made the images.
With another release the comparisons are skipped with a message saying how to
regenerate them - except in CI (``CI=true``), where the mismatch fails, so an
upgrade is noticed and the images are reviewed and renewed on purpose.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

VERSION_FILE = Path(__file__).resolve().parent / "baseline_images" / "matplotlib-version.txt"


def minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def recorded() -> str:
    return VERSION_FILE.read_text(encoding="utf-8").strip()


def require_baseline_matplotlib() -> None:
    """Skip (or, in CI, fail) when this matplotlib is not the one that drew the images."""
    want, have = recorded(), minor(matplotlib.__version__)
    if have == want:
        return
    message = (
        f"image baselines and figures/ were drawn with matplotlib {want}, this is {have}: "
        "regenerate them with VENUSEDU_UPDATE_BASELINES=1 and `venusedu figures`, look at them, "
        f"and write {have} into {VERSION_FILE.name}"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
