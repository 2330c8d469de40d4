"""Every lesson quiz teaches as the concept inventory does (issue 13, item 3).

Each wrong option has feedback that says what the choice assumes and why it
fails, shown with the explanation after any attempt; the correct option is not
given away by being the longest; the answer letters are spread; and the
misconception labels are those of the instructor guide's table.
"""

from __future__ import annotations

import collections
import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import venusedu.exercises
from venusedu.quiz import Quiz

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
LABELS = set(re.findall(r"^\| (M\d+) \|", GUIDE, flags=re.M))


def _lesson_quizzes():
    """``(module name, quiz)`` of every exercises module that exposes a ``quiz``."""
    found = []
    for info in pkgutil.iter_modules(venusedu.exercises.__path__):
        module = importlib.import_module(f"venusedu.exercises.{info.name}")
        if isinstance(getattr(module, "quiz", None), Quiz):
            found.append((info.name, module.quiz))
    return sorted(found)


QUIZZES = _lesson_quizzes()
IDS = [name for name, _ in QUIZZES]


def test_every_quiz_a_notebook_shows_is_checked_here():
    shown = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                shown |= set(
                    re.findall(r"from venusedu\.exercises\.(\w+) import [^\n]*\bquiz\b", "".join(cell["source"]))
                )
    assert LABELS == {f"M{k}" for k in range(1, 11)}
    assert len(shown) == 7 and shown <= set(IDS), (shown, IDS)


@pytest.mark.parametrize("name, quiz", QUIZZES, ids=IDS)
def test_every_wrong_option_has_feedback(name, quiz):
    audit = quiz.audit()
    assert audit["wrong_with_feedback"] == audit["wrong_options"], audit
    for number, q in enumerate(quiz.questions, 1):
        missing = [k for k in range(len(q.options)) if k != q.answer and not q.hints.get(k, "").strip()]
        assert not missing, f"{name} Q{number}: no feedback for options {missing}"


@pytest.mark.parametrize("name, quiz", QUIZZES, ids=IDS)
def test_the_longest_option_gives_nothing_away_and_the_letters_are_spread(name, quiz):
    audit = quiz.audit()
    assert audit["longest_is_correct_share"] <= 1 / 3, audit
    letters = collections.Counter(quiz.answer_key().values())
    assert max(letters.values()) <= 0.4 * len(quiz), letters


@pytest.mark.parametrize("name, quiz", QUIZZES, ids=IDS)
def test_feedback_after_any_attempt_explains_and_names_the_misconception(name, quiz):
    for number, q in enumerate(quiz.questions, 1):
        for choice in range(len(q.options)):
            ok, text = q.feedback(choice)
            assert ok == (choice == q.answer)
            assert q.explanation in text
            if not ok:
                assert q.hints[choice].strip() in text
            assert quiz.check(number, "abcdefgh"[choice]).endswith(text)
        assert set(q.misconceptions.values()) <= LABELS, (name, number, q.misconceptions)
        assert set(q.misconceptions) <= set(q.hints), (name, number)
        for k, label in q.misconceptions.items():
            assert label in q.hints[k], f"{name} Q{number}: the feedback of option {k} names {label}"
