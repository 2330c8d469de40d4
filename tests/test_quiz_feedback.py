"""Quizzes that teach and checkers that diagnose (issue: lessons v2, items 3 and 4)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from venusedu.quiz import REVEAL_AFTER_ATTEMPTS, Mistake, Question, Quiz, check_function, reset_attempts


@pytest.fixture(autouse=True)
def _fresh():
    reset_attempts()
    yield
    reset_attempts()


def q():
    return Question(
        "Why does fat hide the dimple?",
        ["It fills the pit from above", "It pulls the tether", "It makes skin thicker"],
        answer=0,
        explanation="Fat over the insertion smooths the pull.",
        hints={
            1: "The tether pulls the fascia; fat does not pull.",
            2: "Skin thickness is the dermis, which does not change with fat.",
        },
        misconceptions={1: "M1", 2: "M4"},
    )


def test_explanation_after_any_attempt_and_targeted_feedback():
    ok, text = q().feedback(1)
    assert not ok and "fat does not pull" in text and "smooths the pull" in text
    ok, text = q().feedback(0)
    assert ok and text.startswith("Correct.") and "smooths the pull" in text
    with pytest.raises(ValueError, match="wrong options"):
        Question("?", ["a", "b"], 0, "x", hints={0: "the answer itself"})


def test_audit_counts_longest_correct_and_feedback():
    quiz = Quiz("t", [q(), Question("?", ["short", "the much longer right answer"], 1, "x")])
    a = quiz.audit()
    assert a == {
        "questions": 2,
        "wrong_options": 3,
        "wrong_with_feedback": 2,
        "longest_is_correct": 2,
        "longest_is_correct_share": 1.0,
    }


def test_checker_runs_all_cases_and_names_the_pattern(capsys):
    cases = [{"deg": d} for d in (10.0, 30.0, 60.0, 85.0)]

    def reference(deg):
        return math.sin(math.radians(deg))

    def in_degrees(deg):  # forgot the conversion (small-angle) — values far off
        return math.radians(deg) * 57.29577951308232 * reference(deg) / math.radians(deg) * 1.0

    def sign(deg):
        return -reference(deg)

    assert not check_function(sign, reference, cases, name="s")
    out = capsys.readouterr().out
    assert "4 of 4 cases wrong" in out and "sign is flipped" in out
    assert "returned" not in out  # no expected value yet
    assert not check_function(lambda deg: 57.29577951308232 * reference(deg), reference, cases, name="d")
    assert "degrees instead of radians" in capsys.readouterr().out
    del in_degrees


def test_checker_reveals_expected_values_only_from_the_third_attempt(capsys):
    def ref(x):
        return x + 1.0

    def wrong(x):
        return x * 3.0

    for attempt in range(1, REVEAL_AFTER_ATTEMPTS + 1):
        check_function(wrong, ref, [{"x": 1.0}, {"x": 2.0}], name="inc")
        out = capsys.readouterr().out
        assert ("expected 2" in out) == (attempt >= REVEAL_AFTER_ATTEMPTS), (attempt, out)


def test_checker_recognises_a_known_mistake_and_scalar_only_code(capsys):
    def ref(x):
        return np.sqrt(np.asarray(x, dtype=float))

    def forgot_root(x):
        return x

    assert not check_function(
        forgot_root,
        ref,
        [{"x": 4.0}, {"x": 9.0}],
        name="root",
        mistakes=[Mistake("the square instead of the root", forgot_root)],
    )
    assert "the square instead of the root" in capsys.readouterr().out

    def scalar_only(x):
        if x < 0:
            raise ValueError("negative")
        return math.sqrt(x)

    assert not check_function(scalar_only, ref, [{"x": 4.0}, {"x": 9.0}], name="root", arrays=True)
    out = capsys.readouterr().out
    assert "with arrays for x it fails" in out and "0 of 2" not in out
    assert check_function(ref, ref, [{"x": 4.0}, {"x": 9.0}], name="root", arrays=True)


def test_unsolved_exercise_still_stops_visibly():
    def stub(x):
        raise NotImplementedError("exercise")

    with pytest.raises(NotImplementedError):
        check_function(stub, lambda x: x, [{"x": 1.0}])
