from __future__ import annotations

import pytest

from venusedu.quiz import Question, Quiz, check_function, check_value


def make_quiz():
    return Quiz(
        "t",
        [
            Question("fat hides?", ["yes", "no"], 0, "Blanket.", hints={1: "Think of the blanket."}),
            Question("pick c", ["a", "b", "c"], 2, "It is c."),
        ],
    )


def test_feedback_right_and_wrong():
    quiz = make_quiz()
    assert quiz.check(1, "a").startswith("Q1 a) Correct. Blanket.")
    assert "Think of the blanket" in quiz.check(1, "B")
    assert "Not quite" in quiz.check(2, "a")
    assert quiz.answer_key() == {1: "a", 2: "c"}


@pytest.mark.parametrize("number, choice", [(0, "a"), (3, "a"), (1, "c"), (1, "ab"), (1, 1)])
def test_bad_answers_are_refused(number, choice):
    with pytest.raises(ValueError):
        make_quiz().check(number, choice)


def test_question_validation():
    with pytest.raises(ValueError, match="answer"):
        Question("q", ["a", "b"], 2, "x")
    with pytest.raises(ValueError, match="options"):
        Question("q", ["a"], 0, "x")
    with pytest.raises(TypeError):
        Quiz("t", ["not a question"])


def test_widget_feedback_and_static_text():
    quiz = make_quiz()
    bundle = quiz._repr_mimebundle_()
    assert "fat hides?" in bundle["text/plain"] and "c) c" in bundle["text/plain"]
    view = quiz.widget()
    assert view is quiz.widget()  # built once
    radio, row = view.children[2], view.children[3]
    button, out = row.children
    button.click()
    assert "Choose an answer" in out.value
    radio.value = 1
    button.click()
    assert "✘" in out.value
    radio.value = 0
    button.click()
    assert "✔" in out.value and "Blanket" in out.value


def test_check_function(capsys):
    assert check_function(lambda x: x * 2, lambda x: 2 * x, [{"x": 1.0}, {"x": 2.5}], name="f")
    assert not check_function(lambda x: x + 2, lambda x: 2 * x, [{"x": 1.0}], name="f", hint="Double it.")
    out = capsys.readouterr().out
    assert "✔ f: all 2 cases" in out and "✘ f: 1 of 1 cases wrong" in out and "Double it." in out
    assert "expected 2" not in out  # not before the third attempt
    for _ in range(2):
        check_function(lambda x: x + 2, lambda x: 2 * x, [{"x": 1.0}], name="f", hint="Double it.")
    assert "f(x=1) returned 3, expected 2" in capsys.readouterr().out

    def unsolved(x):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        check_function(unsolved, lambda x: x, [{"x": 1.0}])


def test_check_value(capsys):
    assert check_value("depth", 1.01, 1.0, unit="mm")
    assert not check_value("depth", 2.0, 1.0, unit="mm", hint="Halve it.")
    assert not check_value("depth", float("nan"), 1.0)
    assert not check_value("depth", "1.0", 1.0)
    out = capsys.readouterr().out
    assert "expected about 1 mm. Halve it." in out
