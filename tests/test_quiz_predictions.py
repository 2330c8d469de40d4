"""Predictions before the reveal, pre/post scores and the normalised gain (lessons v2, items 1 and 9)."""

from __future__ import annotations

import math

import pytest

from venusedu.quiz import Question, Quiz, compare_prediction, normalized_gain


def test_prediction_sentences_refer_back_to_the_guess():
    assert "close" in compare_prediction(11.0, 12.0, what="d", unit="mm")
    assert "higher than the model" in compare_prediction(20.0, 12.0, what="d", unit="mm")
    assert "lower than the model" in compare_prediction(2.0, 12.0, what="d", unit="mm")
    assert "agrees" in compare_prediction(" Deeper", "deeper", what="w")
    assert "reasoning differ" in compare_prediction("shallower", "deeper", what="w")
    text = compare_prediction(None, 12.0, what="the depth", unit="mm")
    assert "no prediction" in text and "12 mm" in text


@pytest.mark.parametrize(
    "prediction, actual, error",
    [
        ("deeper", 3.0, TypeError),
        (3.0, "deeper", TypeError),
        (True, 3.0, TypeError),
        (math.nan, 3.0, ValueError),
        (3.0, None, TypeError),
    ],
)
def test_prediction_of_the_wrong_kind_is_refused(prediction, actual, error):
    with pytest.raises(error, match="prediction|actual"):
        compare_prediction(prediction, actual, what="x")


def test_score_counts_right_answers_and_refuses_unknown_ones():
    quiz = Quiz("t", [Question("?", ["a", "b", "c"], 2, "x"), Question("?", ["a", "b"], 0, "y")])
    assert quiz.score({1: "c", 2: "a"}) == 2 and quiz.score({1: "a"}) == 0 and quiz.score({}) == 0
    with pytest.raises(ValueError, match="question number"):
        quiz.score({3: "a"})
    with pytest.raises(ValueError, match="not one of"):
        quiz.score({2: "c"})
    with pytest.raises(TypeError, match="answers"):
        quiz.score(["a", "b"])


def test_normalized_gain_against_hand_values():
    # by hand: pre 4/10, post 7/10 -> 3 of the 6 points still to gain
    assert normalized_gain(4, 7, 10) == pytest.approx(0.5)
    assert normalized_gain(0, 10, 10) == pytest.approx(1.0)
    assert normalized_gain(5, 4, 10) == pytest.approx(-0.2)
    for args in ((10, 10, 10), (11, 5, 10), (4, -1, 10), (4, 7, 0), (math.nan, 7, 10)):
        with pytest.raises(ValueError):
            normalized_gain(*args)
