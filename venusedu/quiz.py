"""Self-check quizzes and exercise checkers for the lessons.

A :class:`Quiz` shows multiple-choice questions as widgets in a live notebook
(one "Check" button per question, with feedback). Its output also carries the
quiz as ``text/html`` (:meth:`Quiz.as_html`: each question with its answer
behind a click), which viewers without a kernel show instead of the widget:
the course site (``make book``), the slides, nbviewer. :meth:`Quiz.check` gives the same feedback from code, which is how the
notebooks' tests make sure every answer key is right.

:func:`check_function` compares a student's function with a reference on a few
cases and prints feedback a student can act on.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Question", "Quiz", "check_function", "check_value"]

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
        Feedback for particular wrong options (index -> text).

    Examples
    --------
    >>> q = Question("2 + 2?", ["3", "4"], answer=1, explanation="Count them.")
    >>> q.correct_letter
    'b'
    """

    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    hints: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "options", tuple(self.options))
        if not 2 <= len(self.options) <= len(_LETTERS):
            raise ValueError(f"a question needs 2 to {len(_LETTERS)} options, got {len(self.options)}")
        if not isinstance(self.answer, int) or not 0 <= self.answer < len(self.options):
            raise ValueError(
                f"answer = {self.answer!r} is not allowed: must be an option index 0..{len(self.options) - 1}"
            )
        bad = [k for k in self.hints if not 0 <= k < len(self.options)]
        if bad:
            raise ValueError(f"hints refer to options {bad} that do not exist")

    @property
    def correct_letter(self) -> str:
        """The letter of the correct option."""
        return _LETTERS[self.answer]

    def feedback(self, choice: int) -> tuple[bool, str]:
        """Return ``(correct, text)`` for the option index ``choice``."""
        if choice == self.answer:
            return True, f"Correct. {self.explanation}"
        hint = self.hints.get(choice, "")
        text = f"Not quite. {hint}".rstrip() if hint else "Not quite. Think again, then check once more."
        return False, text


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

    def answer_key(self) -> dict[int, str]:
        """The correct letter of every question, for instructors."""
        return {i + 1: q.correct_letter for i, q in enumerate(self.questions)}

    def as_text(self) -> str:
        """The quiz as plain text (what a static viewer shows)."""
        lines = [f"Quiz: {self.title}"]
        for i, q in enumerate(self.questions, 1):
            lines.append(f"{i}. {q.prompt}")
            lines += [f"   {_LETTERS[j]}) {opt}" for j, opt in enumerate(q.options)]
        lines.append("Answer with the buttons, or in code: quiz.check(1, 'a')")
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
            answer = (f"<p><strong>{q.correct_letter})</strong> {_escape(q.options[q.answer])}</p>"
                      f"<p>{_escape(q.explanation)}</p>")
            items.append(
                f"<li><p>{_escape(q.prompt)}</p><ol type=\"a\">{options}</ol>"
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


def _format(value) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):.4g}"
    return repr(value)


def check_value(name: str, value, expected: float, *, rtol: float = 0.02, atol: float = 0.0,
                unit: str = "", hint: str = "") -> bool:
    """Compare a student's number with the expected one and print feedback.

    Parameters
    ----------
    name : str
        What the number is, e.g. ``"depth at 10 mm of fat"``.
    value : float
        The student's answer.
    expected : float
        The reference answer.
    rtol, atol : float
        Relative and absolute tolerance.
    unit : str
        Unit printed with the numbers.
    hint : str
        Printed when the answer is wrong.

    Returns
    -------
    bool
        Whether the answer is within tolerance.
    """
    suffix = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        print(f"✘ {name}: expected a number, got {type(value).__name__}.")
        return False
    value = float(value)
    if not math.isfinite(value):
        print(f"✘ {name}: got {value}, which is not a finite number.")
        return False
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        print(f"✔ {name}: {_format(value)}{suffix} is right.")
        return True
    print(f"✘ {name}: got {_format(value)}{suffix}, expected about {_format(expected)}{suffix}. {hint}".rstrip())
    return False


def check_function(student: Callable, reference: Callable, cases: Iterable[Mapping[str, object]], *,
                   name: str | None = None, rtol: float = 1e-3, atol: float = 1e-9,
                   hint: str = "") -> bool:
    """Call a student's function and a reference on the same inputs and print feedback.

    ``NotImplementedError`` raised by an unsolved exercise propagates, so an
    unsolved student notebook stops visibly at the exercise.

    Parameters
    ----------
    student, reference : callable
        Functions of the same keyword arguments returning a number.
    cases : iterable of mapping
        Keyword arguments for each call.
    name : str, optional
        Name shown in the feedback (default: the student's function name).
    rtol, atol : float
        Tolerances for each case.
    hint : str
        Printed after the first wrong case.

    Returns
    -------
    bool
        True when every case agrees.

    Examples
    --------
    >>> check_function(lambda x: 2 * x, lambda x: 2 * x, [{"x": 1.0}, {"x": 3.0}], name="double")
    ✔ double: all 2 cases agree with the reference.
    True
    """
    if not callable(student):
        raise TypeError(f"expected a function to check, got {type(student).__name__}")
    label = name or getattr(student, "__name__", "your function")
    cases = list(cases)
    for kwargs in cases:
        got = student(**kwargs)
        want = reference(**kwargs)
        args = ", ".join(f"{k}={_format(v)}" for k, v in kwargs.items())
        try:
            ok = math.isclose(float(got), float(want), rel_tol=rtol, abs_tol=atol)
        except (TypeError, ValueError):
            print(f"✘ {label}({args}) returned {got!r}, which is not a number.")
            return False
        if not ok:
            print(f"✘ {label}({args}) returned {_format(got)}, expected {_format(want)}. {hint}".rstrip())
            return False
    print(f"✔ {label}: all {len(cases)} cases agree with the reference.")
    return True
