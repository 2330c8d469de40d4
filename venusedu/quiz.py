"""Self-check quizzes and exercise checkers for the lessons.

A :class:`Quiz` shows multiple-choice questions as widgets in a live notebook
(one "Check" button per question, with feedback). Its output also carries the
quiz as ``text/html`` (:meth:`Quiz.as_html`: each question with its answer
behind a click), which viewers without a kernel show instead of the widget:
the course site (``make book``), the slides, nbviewer. :meth:`Quiz.check`
gives the same feedback from code, which is how the notebooks' tests make
sure every answer key is right.

:func:`check_function` compares a student's function with a reference on a few
cases and prints feedback a student can act on; it and the other exercise
checkers are in :mod:`venusedu.quiz_check` and are imported from here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .quiz_check import (
    REVEAL_AFTER_ATTEMPTS,
    Mistake,
    _format,
    check_function,
    check_value,
    reset_attempts,
)

__all__ = [
    "Question",
    "Quiz",
    "Mistake",
    "check_function",
    "check_value",
    "reset_attempts",
    "REVEAL_AFTER_ATTEMPTS",
    "compare_prediction",
    "normalized_gain",
]

_LETTERS = "abcdefgh"


@dataclass(frozen=True)
class Question:
    """One multiple-choice question.

    Parameters
    ----------
    prompt : str
        The question.
    options : sequence of str
        Two to eight answers, shown as a), b), ...
    answer : int
        Index of the correct option (0-based).
    explanation : str
        Why the correct answer is right; shown after any attempt.
    hints : mapping of int to str, optional
        Feedback for particular wrong options (index -> text): say which
        misconception the option stands for and why it fails.
    misconceptions : mapping of int to str, optional
        For wrong options, the label of the misconception they stand for in the
        instructor guide (e.g. ``{0: "M2"}``); used to check that every wrong
        option is tied to one and shown in the instructor version.

    Examples
    --------
    >>> q = Question("2 + 2?", ["3", "4"], answer=1, explanation="Count them.")
    >>> q.correct_letter
    'b'
    """

    prompt: str
    options: Sequence[str]
    answer: int
    explanation: str
    hints: Mapping[int, str] = field(default_factory=dict)
    misconceptions: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "options", tuple(self.options))
        if not 2 <= len(self.options) <= len(_LETTERS):
            raise ValueError(f"a question needs 2 to {len(_LETTERS)} options, got {len(self.options)}")
        if not isinstance(self.answer, int) or not 0 <= self.answer < len(self.options):
            raise ValueError(
                f"answer = {self.answer!r} is not allowed: must be an option index 0..{len(self.options) - 1}"
            )
        for name in ("hints", "misconceptions"):
            bad = [k for k in getattr(self, name) if not 0 <= k < len(self.options)]
            if bad:
                raise ValueError(f"{name} refer to options {bad} that do not exist")
            if self.answer in getattr(self, name):
                raise ValueError(f"{name} must describe wrong options; option {self.answer} is the answer")

    @property
    def correct_letter(self) -> str:
        """The letter of the correct option."""
        return _LETTERS[self.answer]

    def feedback(self, choice: int) -> tuple[bool, str]:
        """Return ``(correct, text)`` for the option index ``choice``.

        The explanation is part of the feedback after any attempt, right or
        wrong; a wrong option first gets its own feedback (what the choice
        assumes and why it fails).

        Examples
        --------
        >>> q = Question("2 + 2?", ["3", "4"], answer=1, explanation="Count them.",
        ...              hints={0: "That counts one of them twice as none."})
        >>> q.feedback(0)
        (False, 'Not quite. That counts one of them twice as none. Count them.')
        """
        if choice == self.answer:
            return True, f"Correct. {self.explanation}"
        hint = self.hints.get(choice, "").strip()
        if hint:
            return False, f"Not quite. {hint} {self.explanation}"
        return False, f"Not quite. {self.explanation}"

    @property
    def longest_is_correct(self) -> bool:
        """Whether the correct option is the strictly longest one (a give-away when it is often so)."""
        lengths = [len(o) for o in self.options]
        return lengths[self.answer] == max(lengths) and lengths.count(max(lengths)) == 1


class Quiz:
    """A short self-check quiz.

    Parameters
    ----------
    title : str
        Shown above the questions.
    questions : sequence of Question

    Examples
    --------
    >>> quiz = Quiz("Warm-up", [Question("2 + 2?", ["3", "4"], 1, "Count them.")])
    >>> quiz.check(1, "b")
    'Q1 b) Correct. Count them.'
    """

    def __init__(self, title: str, questions: Sequence[Question]):
        if not questions:
            raise ValueError("a quiz needs at least one question")
        for q in questions:
            if not isinstance(q, Question):
                raise TypeError(f"questions must be Question objects, got {type(q).__name__}")
        self.title = title
        self.questions = tuple(questions)
        self._widget = None

    def __len__(self) -> int:
        return len(self.questions)

    def _choice_index(self, number: int, choice) -> tuple[Question, int]:
        if not isinstance(number, int) or not 1 <= number <= len(self.questions):
            raise ValueError(f"question number {number!r} does not exist: choose 1..{len(self.questions)}")
        q = self.questions[number - 1]
        letters = _LETTERS[: len(q.options)]
        if isinstance(choice, str) and len(choice.strip()) == 1 and choice.strip().lower() in letters:
            return q, letters.index(choice.strip().lower())
        raise ValueError(f"answer {choice!r} to question {number} is not one of {', '.join(letters)}")

    def check(self, number: int, choice: str) -> str:
        """Return the feedback for answering question ``number`` (1-based) with letter ``choice``."""
        q, idx = self._choice_index(number, choice)
        _, text = q.feedback(idx)
        return f"Q{number} {_LETTERS[idx]}) {text}"

    def audit(self) -> dict[str, float]:
        """Counts for reviewing the quiz: questions, wrong options with feedback, longest-is-correct share.

        Examples
        --------
        >>> quiz = Quiz("Warm-up", [Question("2 + 2?", ["3", "4"], 1, "Count them.", hints={0: "No."})])
        >>> quiz.audit()["wrong_with_feedback"], quiz.audit()["longest_is_correct_share"]
        (1, 0.0)
        """
        wrong = sum(len(q.options) - 1 for q in self.questions)
        with_feedback = sum(1 for q in self.questions for k in q.hints if k != q.answer)
        longest = sum(q.longest_is_correct for q in self.questions)
        return {
            "questions": len(self.questions),
            "wrong_options": wrong,
            "wrong_with_feedback": with_feedback,
            "longest_is_correct": longest,
            "longest_is_correct_share": longest / len(self.questions),
        }

    def score(self, answers: Mapping[int, str]) -> int:
        """Number of correct answers in ``answers`` (question number -> letter), telling nothing else.

        A pre-test gives only this count, so that no answer is seen before
        the lessons; unanswered questions count as wrong.

        Raises
        ------
        ValueError
            A question number or letter that does not exist.

        Examples
        --------
        >>> quiz = Quiz("Warm-up", [Question("2 + 2?", ["3", "4"], 1, "Count them."),
        ...                         Question("1 + 1?", ["2", "3"], 0, "Count them.")])
        >>> quiz.score({1: "b", 2: "b"}), quiz.score({})
        (1, 0)
        """
        if not isinstance(answers, Mapping):
            raise TypeError(f"answers must be a dict of question number -> letter, got {type(answers).__name__}")
        right = 0
        for number, choice in answers.items():
            q, idx = self._choice_index(number, choice)
            right += idx == q.answer
        return right

    def answer_key(self) -> dict[int, str]:
        """The correct letter of every question, for instructors."""
        return {i + 1: q.correct_letter for i, q in enumerate(self.questions)}

    def as_text(self, instructions: str = "Answer with the buttons, or in code: quiz.check(1, 'a')") -> str:
        """The quiz as plain text (what a static viewer shows), ending with ``instructions``."""
        lines = [f"Quiz: {self.title}"]
        for i, q in enumerate(self.questions, 1):
            lines.append(f"{i}. {q.prompt}")
            lines += [f"   {_LETTERS[j]}) {opt}" for j, opt in enumerate(q.options)]
        lines.append(instructions)
        return "\n".join(lines)

    def as_html(self) -> str:
        """The quiz as HTML for a page without a kernel: each answer in a collapsed ``<details>``.

        Examples
        --------
        >>> quiz = Quiz("Warm-up", [Question("2 + 2?", ["3", "4"], 1, "Count them.")])
        >>> "<summary>Answer to question 1</summary>" in quiz.as_html()
        True
        """
        items = []
        for i, q in enumerate(self.questions, 1):
            options = "".join(f"<li>{_escape(opt)}</li>" for opt in q.options)
            answer = (
                f"<p><strong>{q.correct_letter})</strong> {_escape(q.options[q.answer])}</p>"
                f"<p>{_escape(q.explanation)}</p>"
            )
            items.append(
                f'<li><p>{_escape(q.prompt)}</p><ol type="a">{options}</ol>'
                f"<details><summary>Answer to question {i}</summary>{answer}</details></li>"
            )
        return (
            f'<div class="venusedu-quiz" role="group" aria-label="Quiz: {_escape(self.title)}">'
            f"<p><strong>Quiz: {_escape(self.title)}</strong></p><ol>{''.join(items)}</ol>"
            "<p><em>Try each question before you open its answer. In a running notebook the quiz "
            "has a Check button per question.</em></p></div>"
        )

    def widget(self):
        """Build (once) and return the ipywidgets view of the quiz."""
        if self._widget is None:
            import ipywidgets as w

            rows = [w.HTML(f"<h4>Quiz: {_escape(self.title)}</h4>")]
            for i, q in enumerate(self.questions, 1):
                radio = w.RadioButtons(
                    options=[(f"{_LETTERS[j]}) {opt}", j) for j, opt in enumerate(q.options)],
                    value=None,
                    description="",
                    layout=w.Layout(width="auto"),
                )
                button = w.Button(description="Check", tooltip=f"Check your answer to question {i}")
                out = w.HTML("")

                def on_click(_, q=q, radio=radio, out=out):
                    if radio.value is None:
                        out.value = "<i>Choose an answer first.</i>"
                        return
                    ok, text = q.feedback(radio.value)
                    mark = "✔" if ok else "✘"
                    out.value = f"<b>{mark}</b> {_escape(text)}"

                button.on_click(on_click)
                rows += [w.HTML(f"<b>{i}.</b> {_escape(q.prompt)}"), radio, w.HBox([button, out])]
            self._widget = w.VBox(rows)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        view = self.widget()
        return {
            "text/plain": self.as_text(),
            "text/html": self.as_html(),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": view.model_id,
            },
        }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def compare_prediction(prediction, actual, *, what: str, unit: str = "", rtol: float = 0.25) -> str:
    """A sentence comparing a student's (ungraded) prediction with what the model gives.

    Parameters
    ----------
    prediction : float, str or None
        The student's guess: a number (in ``unit``), a word, or None when the
        student made none.
    actual : float or str
        What the model gives, in the same form.
    what : str
        What was predicted, e.g. "the pit depth at 16 mm of fat".
    unit : str
        Unit of a numeric prediction, e.g. "mm".
    rtol : float
        Relative difference counted as "close" for numbers (default 25 %).

    Returns
    -------
    str

    Raises
    ------
    TypeError
        ``prediction`` is a number and ``actual`` is not, or the reverse.

    Examples
    --------
    >>> compare_prediction(10, 12.0, what="the depth", unit="mm")
    'You predicted 10 mm for the depth; the model gives 12 mm (close: within 25 %).'
    >>> compare_prediction("deeper", "shallower", what="what fat does")
    'You predicted "deeper" for what fat does; the model gives "shallower". Where did your reasoning differ?'
    >>> compare_prediction(None, 3.0, what="the depth", unit="mm")
    'You made no prediction for the depth; the model gives 3 mm. Next time, commit to a guess first.'
    """
    u = f" {unit}" if unit else ""
    numeric = isinstance(actual, numbers.Real) and not isinstance(actual, bool)
    if numeric:
        shown = f"{_format(float(actual))}{u}"
    elif isinstance(actual, str):
        shown = f'"{actual}"'
    else:
        raise TypeError(f"actual must be a number or a word, got {type(actual).__name__}")
    if prediction is None:
        return f"You made no prediction for {what}; the model gives {shown}. Next time, commit to a guess first."
    if isinstance(prediction, str) != (not numeric) or isinstance(prediction, bool):
        kind = "a number" if numeric else "one of the words offered"
        raise TypeError(f"prediction must be {kind} (or None), got {prediction!r}")
    if numeric:
        p = float(prediction)
        if not math.isfinite(p):
            raise ValueError(f"prediction must be a finite number, got {prediction!r}")
        close = abs(p - float(actual)) <= rtol * abs(float(actual))
        verdict = (
            f"close: within {rtol * 100:.0f} %"
            if close
            else "higher than the model"
            if p > float(actual)
            else "lower than the model"
        )
        return f"You predicted {_format(p)}{u} for {what}; the model gives {shown} ({verdict})."
    if prediction.strip().lower() == actual.strip().lower():
        return f'You predicted "{prediction.strip()}" for {what}; the model agrees: {shown}.'
    return f'You predicted "{prediction.strip()}" for {what}; the model gives {shown}. Where did your reasoning differ?'


def normalized_gain(pre: float, post: float, maximum: float) -> float:
    """Hake's normalised gain ``(post - pre) / (maximum - pre)``: the share of the possible gain achieved.

    Parameters
    ----------
    pre, post : float
        Scores before and after (a student's, or better a class mean).
    maximum : float
        The highest possible score.

    Raises
    ------
    ValueError
        A score outside 0..maximum, or ``pre == maximum`` (no gain possible).

    Examples
    --------
    >>> normalized_gain(4, 7, 10)
    0.5
    """
    for name, v in (("pre", pre), ("post", post), ("maximum", maximum)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise ValueError(f"{name} must be a finite score, got {v!r}")
    if maximum <= 0:
        raise ValueError(f"maximum must be positive, got {maximum!r}")
    for name, v in (("pre", pre), ("post", post)):
        if not 0 <= v <= maximum:
            raise ValueError(f"{name} = {v!r} is outside the allowed scores 0..{maximum!r}")
    if pre == maximum:
        raise ValueError("pre is already the maximum score: no gain is possible")
    return (post - pre) / (maximum - pre)
