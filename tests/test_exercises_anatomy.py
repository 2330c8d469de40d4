"""Lesson 01: exercise references, their checkers and the quiz key."""

from __future__ import annotations

import math

import pytest

from venusedu import anatomy
from venusedu.exercises import anatomy as ex
from venusedu.quiz import check_function

OUTLINES, MARKS = anatomy.posterior_anatomy(100.0)


# -- exercise 1: dimple spacing ------------------------------------------------


def test_dimple_spacing_matches_the_landmarks():
    assert ex.dimple_spacing(MARKS["dimple_left"], MARKS["dimple_right"]) == pytest.approx(100.0)
    for spacing in (80.0, 95.0, 106.0, 120.0):
        _, marks = anatomy.posterior_anatomy(spacing)
        assert ex.dimple_spacing(marks["dimple_left"], marks["dimple_right"]) == pytest.approx(spacing)


def test_dimple_spacing_is_euclidean_and_rotation_invariant():
    left, right = (-47.0, 3.0), (52.0, -4.0)
    assert ex.dimple_spacing(left, right) == pytest.approx(math.dist(left, right))
    assert ex.dimple_spacing(right, left) == pytest.approx(ex.dimple_spacing(left, right))
    for angle in (-20.0, 7.0, 90.0):
        assert ex.dimple_spacing(ex.rotate(left, angle), ex.rotate(right, angle)) == pytest.approx(
            ex.dimple_spacing(left, right)
        )


def test_dimple_spacing_refuses_bad_points():
    with pytest.raises(TypeError):
        ex.dimple_spacing((1.0,), (2.0, 3.0))
    with pytest.raises(ValueError):
        ex.dimple_spacing((math.nan, 0.0), (2.0, 3.0))


# -- exercise 2: distance from the midline ----------------------------------------


def test_midline_distance_on_the_reference_rhombus_is_half_the_spacing():
    for spacing in (90.0, 106.0):
        _, marks = anatomy.posterior_anatomy(spacing)
        up, low = marks["rhombus_upper"], marks["rhombus_lower"]
        for side in ("rhombus_left", "rhombus_right"):
            assert ex.midline_distance(marks[side], up, low) == pytest.approx(spacing / 2)
        assert ex.midline_distance(marks["rhombus_right"], up, low) == pytest.approx(
            ex.half_diagonal_mm(spacing / 10.0)
        )


def test_midline_distance_survives_rotation_and_shift():
    up, low, p = (0.0, 74.0), (0.0, -56.0), (53.0, 0.0)
    for angle in (-15.0, 7.0, 33.0):
        moved = [ex.rotate(v, angle, centre=(12.0, -5.0)) for v in (p, up, low)]
        moved = [(x + 4.0, y - 9.0) for x, y in moved]
        assert ex.midline_distance(*moved) == pytest.approx(53.0)
    with pytest.raises(ValueError, match="coincide"):
        ex.midline_distance(p, up, up)


def test_half_diagonal_converts_cm_to_mm():
    assert ex.half_diagonal_mm(10.6) == pytest.approx(53.0)
    assert ex.half_diagonal_mm(9.5) == pytest.approx(47.5)


# -- checkers accept the reference and reject a wrong answer -------------------------


def _cases_spacing():
    return [
        {"left": MARKS["dimple_left"], "right": MARKS["dimple_right"]},
        {"left": (-44.0, 6.0), "right": (51.0, -9.0)},
    ]


def test_checker_spacing(capsys):
    assert check_function(ex.dimple_spacing, ex.dimple_spacing, _cases_spacing(), name="dimple_spacing")
    assert "✔" in capsys.readouterr().out

    def wrong(left, right):  # forgets the vertical difference
        return abs(right[0] - left[0])

    assert not check_function(wrong, ex.dimple_spacing, _cases_spacing(), name="dimple_spacing")
    assert "✘" in capsys.readouterr().out


def test_checker_midline(capsys):
    tilted = [ex.rotate(v, 7.0) for v in ((53.0, 0.0), (0.0, 74.0), (0.0, -56.0))]
    cases = [
        {"point": (53.0, 0.0), "upper": (0.0, 74.0), "lower": (0.0, -56.0)},
        {"point": tilted[0], "upper": tilted[1], "lower": tilted[2]},
    ]
    assert check_function(ex.midline_distance, ex.midline_distance, cases)
    capsys.readouterr()

    def naive(point, upper, lower):  # ignores the tilt
        return abs(point[0] - upper[0])

    assert not check_function(naive, ex.midline_distance, cases)
    assert "✘" in capsys.readouterr().out


# -- helpers ----------------------------------------------------------------------


def test_nearest_level_finds_s2_for_the_psis():
    assert ex.nearest_level(MARKS["psis_right"][1], MARKS) == "S2"
    assert ex.nearest_level(MARKS["l5_spinous"][1] + 1.0, MARKS) == "L5"


# -- the quiz key --------------------------------------------------------------------


def _right(q):
    return q.options[q.answer]


def test_quiz_key():
    qs = ex.quiz.questions
    assert 3 <= len(qs) <= 5
    # Q1: the dimples lie over the PSIS (the model's landmarks put them on top of each other)
    assert "PSIS" in _right(qs[0])
    assert MARKS["dimple_right"] == MARKS["psis_right"]
    # Q2: the level of the PSIS, as the course's anatomy places it (McGaugh et al. 2007)
    assert _right(qs[1]) == ex.nearest_level(MARKS["psis_right"][1], MARKS)
    # Q3: half the transverse diagonal, computed
    assert _right(qs[2]) == f"{ex.half_diagonal_mm(10.6):.0f} mm"
    # Q4, Q5: the honest status of the ligament, and Aytekin 2023
    assert "retinacula" in _right(qs[3])
    assert "no link with low back pain" in _right(qs[4])
    for i, q in enumerate(qs, 1):
        assert ex.quiz.check(i, q.correct_letter).startswith(f"Q{i} {q.correct_letter}) Correct")
        wrong = "abcd"[(q.answer + 1) % len(q.options)]
        assert "Not quite" in ex.quiz.check(i, wrong)
