"""docs/MODEL.md and docs/SOURCES.md are the project's own contract: the numbers
MODEL.md quotes at the defaults are what the model computes, and the documents
the package points at exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scipy.optimize import brentq

from venusedu import Params, fat_from_body_fat, simulate

ROOT = Path(__file__).resolve().parents[1]
MODEL = (ROOT / "docs" / "MODEL.md").read_text(encoding="utf-8")
SOURCES = (ROOT / "docs" / "SOURCES.md").read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    start = text.index(title)
    nxt = re.search(r"\n## ", text[start + len(title) :])
    return text[start : start + len(title) + (nxt.start() if nxt else len(text))]


def printed(text: str, value: float) -> bool:
    """True if *text* (a number, maybe with a unit) is *value* rounded to the digits printed."""
    num = re.search(r"[\d.]+", text).group()
    decimals = len(num.split(".")[1]) if "." in num else 0
    return abs(float(num) - value) <= 0.5 * 10**-decimals + 1e-12


def _table_rows(block: str):
    for line in block.splitlines():
        if re.match(r"\| \d+ mm \|", line):
            yield [c.strip() for c in line.strip("|").split("|")]


def test_table_of_section_7_is_what_the_model_computes():
    rows = list(_table_rows(section(MODEL, "## 7.")))
    assert len(rows) == 5
    for fat, depth, width, rim, slope, contrast, vi, verdict in rows:
        r = simulate(Params(fat_mm=float(fat.split()[0])))
        assert printed(depth, r.depth_mm), (fat, depth, r.depth_mm)
        assert printed(width, r.width_mm), (fat, width, r.width_mm)
        assert printed(rim, r.rim_mm), (fat, rim, r.rim_mm)
        assert printed(slope, r.max_slope), (fat, slope, r.max_slope)
        assert printed(contrast, 100 * r.contrast), (fat, contrast, r.contrast)
        assert printed(vi, r.visibility_index), (fat, vi, r.visibility_index)
        if r.linear:
            assert verdict == r.verdict
        else:
            assert verdict == "beyond linear theory"


def test_threshold_sentence_of_section_7():
    text = section(MODEL, "## 7.")
    m = re.search(
        r"VI = 1 at \*\*([\d.]+) mm\*\* of fat; the dimple is \"visible\" up to\s+([\d.]+) mm "
        r"and \"not visible\" from ([\d.]+) mm",
        text,
    )
    assert m, "the threshold sentence of MODEL.md §7 changed its form"
    t1, lo, hi = m.groups()

    def vi(t, target):
        return simulate(Params(fat_mm=t)).visibility_index - target

    assert printed(str(t1), brentq(lambda t: vi(t, 1.0), 10, 30, xtol=1e-4))
    assert printed(str(lo), brentq(lambda t: vi(t, 10**0.2), 5, 30, xtol=1e-4))
    assert printed(str(hi), brentq(lambda t: vi(t, 10**-0.2), 10, 38, xtol=1e-4))
    bf = re.search(
        r"\*\*(\d+) % body fat for women \(band (\d+)–(\d+) %\) and (\d+) % for men \((\d+)–(\d+) %\)\*\*", text
    )
    assert bf
    w, wl, wh, m_, ml, mh = map(int, bf.groups())
    # inverse of the §9 mapping, rounded to whole per cent
    t1, lo, hi = float(t1), float(lo), float(hi)
    assert (round(t1 + 12), round(lo + 12), round(hi + 12)) == (w, wl, wh)
    assert (round(t1 / 0.8 + 5), round(lo / 0.8 + 5), round(hi / 0.8 + 5)) == (m_, ml, mh)
    assert fat_from_body_fat(w, "female")[0] == pytest.approx(t1, abs=0.5)


def test_sources_no_longer_credit_the_weber_fraction_to_campbell_and_robson():
    for line in SOURCES.splitlines():
        if "1–2 %" in line and line.startswith("|"):
            assert "not Campbell & Robson" in line or "Campbell" not in line


@pytest.mark.parametrize("name", ["MODEL.md", "SOURCES.md", "instructor-guide.md"])
def test_documents_exist(name):
    assert (ROOT / "docs" / name).is_file()


PROSE = [
    # (docs/MODEL.md §7 phrase, parameters, attribute, printed value)
    ("Lean backs: 2.1-2.5 mm deep", dict(fat_mm=5.0), "depth_mm", "2.1"),
    ("Lean backs: 2.1-2.5 mm deep", dict(fat_mm=4.0), "depth_mm", "2.5"),
    ("15-16 mm wide", dict(fat_mm=4.0), "width_mm", "15"),
    ("15-16 mm wide", dict(fat_mm=5.0), "width_mm", "16"),
    ("the default dimple is visible (VI 5.8)", dict(), "visibility_index", "5.8"),
    ("VI falls from 11 at 10° elevation", dict(light_elevation_deg=10.0), "visibility_index", "11"),
    ("to 0.9 under a frontal flash", dict(light_elevation_deg=90.0), "visibility_index", "0.9"),
    ("VI is 5.2 at 0.3 m", dict(view_distance_m=0.3), "visibility_index", "5.2"),
    ("5.8 from 1 to 1.5 m", dict(view_distance_m=1.0), "visibility_index", "5.8"),
    ("5.1 at 5 m", dict(view_distance_m=5.0), "visibility_index", "5.1"),
    ("3.7 at 10 m", dict(view_distance_m=10.0), "visibility_index", "3.7"),
    ("depth 0.72 for m = 0", dict(muscle=0.0), "depth_mm", "0.72"),
    ("depth 2.49 for m = 3", dict(muscle=3.0), "depth_mm", "2.49"),
    ("VI 3.4 for m = 0", dict(muscle=0.0), "visibility_index", "3.4"),
    ("VI 9.4 for m = 3", dict(muscle=3.0), "visibility_index", "9.4"),
]


@pytest.mark.parametrize("phrase,kw,attr,value", PROSE, ids=[p[0] for p in PROSE])
def test_numbers_in_the_prose_of_section_7(phrase, kw, attr, value):
    assert value in section(MODEL, "## 7."), phrase
    assert printed(value, getattr(simulate(Params(**kw)), attr)), phrase
