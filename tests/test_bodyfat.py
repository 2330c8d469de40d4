"""venusedu.bodyfat: the one home of the body fat -> fat over the PSIS estimate (MODEL.md §9)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from venusedu import bodyfat

PACKAGE = Path(bodyfat.__file__).parent


def reference(bf: float, sex: str) -> tuple[float, float, float]:
    """MODEL.md §9 written out again: women max(1, BF - 12), men max(1, 0.8 (BF - 5)); band 0.5-1.5."""
    t = max(1.0, bf - 12.0) if sex == "female" else max(1.0, 0.8 * (bf - 5.0))
    return t, max(1.0, 0.5 * t), 1.5 * t


@pytest.mark.parametrize("sex", ["female", "male"])
def test_estimate_and_band_follow_model_md(sex):
    for bf in np.linspace(3.0, 60.0, 229):
        assert bodyfat.fat_from_body_fat(bf, sex) == pytest.approx(reference(bf, sex), abs=1e-12)


@pytest.mark.parametrize("sex", ["female", "male"])
def test_the_inverse_is_exact(sex):
    slope, offset = bodyfat.MAPPING[sex]
    for bf in np.linspace(offset + 1.0 / slope + 1e-9, 60.0, 200):  # above the floor: one BF per t
        t = bodyfat.fat_from_body_fat(bf, sex)[0]
        assert bodyfat.body_fat_from_fat(t, sex) == pytest.approx(bf, abs=1e-9)
    # on the floor: the highest body fat still on it
    assert bodyfat.body_fat_from_fat(1.0, sex) == pytest.approx(offset + 1.0 / slope)
    for edge, k in (("estimate", 0), ("thin", 1), ("thick", 2)):
        for bf in np.linspace(3.0, 60.0, 58):
            t = reference(bf, sex)[k]
            got = bodyfat.body_fat_at_edge(t, sex, edge)
            if got is not None:
                assert reference(got, sex)[k] == pytest.approx(t, abs=1e-9), (edge, bf)


def test_inverse_refuses_what_the_estimate_never_gives():
    for bad in (0.5, 49.0, math.nan):
        with pytest.raises(ValueError, match="fat_mm"):
            bodyfat.body_fat_from_fat(bad, "female")
    assert bodyfat.body_fat_at_edge(1.2, "male", "thick") is None  # the thick edge starts at 1.5 mm
    assert bodyfat.body_fat_at_edge(30.0, "female", "thin") is None  # would need 72 %
    with pytest.raises(ValueError, match="edge"):
        bodyfat.body_fat_at_edge(10.0, "female", "middle")
    with pytest.raises(TypeError, match="sex"):
        bodyfat.sex_key(None)
    with pytest.raises(ValueError, match="sex"):
        bodyfat.sex_key("x")


def test_every_user_of_the_estimate_calls_this_module():
    from venusedu import analysis, model
    from venusedu.app import controls, views
    from venusedu.exercises import myths

    assert model.fat_from_body_fat is bodyfat.fat_from_body_fat
    assert model.SEX_ALIASES is bodyfat.SEX_ALIASES
    assert myths.MAPPING is bodyfat.MAPPING and myths.ESSENTIAL_FAT is bodyfat.ESSENTIAL_FAT
    assert analysis.body_fat_for_fat_mm(10.0, "female") == (22.0, 10.0 / 1.5 + 12.0, 32.0)
    assert controls.bf_for_fat(10.0, "male") == 17.5
    vis = views.VisibilityFigure.__new__(views.VisibilityFigure)
    for sex in ("female", "male"):
        vis.sex = sex
        t = np.array([-5.0, 1.0, 10.0, 60.0])  # an axis asks for any value
        assert np.allclose(vis.fat_to_body_fat(t), [reference_bf(x, sex) for x in t])
        assert np.allclose(vis.body_fat_to_fat(vis.fat_to_body_fat(t)), t)


def reference_bf(t: float, sex: str) -> float:
    return t + 12.0 if sex == "female" else t / 0.8 + 5.0


def test_the_mapping_and_the_sex_table_are_written_once():
    """No other module of the package carries the numbers of the estimate or the sex spellings."""
    copies = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "bodyfat.py":
            continue
        text = path.read_text(encoding="utf-8")
        code = "\n".join(
            line.split("#")[0] for line in text.splitlines() if not line.lstrip().startswith((">>>", "``", "..."))
        )
        if (
            re.search(r'"woman"\s*:\s*"female"', code)
            or re.search(r"\(\s*1\.0\s*,\s*12\.0\s*\)", code)
            or re.search(r"0\.8\s*\*\s*\(\s*\w+\s*-\s*5(\.0)?\s*\)|/\s*0\.8\s*\+\s*5", code)
            or re.search(r"\w+\s*[-+]\s*12\.0\b", code)
        ):
            copies.append(str(path.relative_to(PACKAGE)))
    assert not copies, f"the body-fat estimate is written out again in {copies}"
