"""The concept inventory of lessons 00 and 07: balanced, every wrong option explained, keyed to the guide."""

from __future__ import annotations

import collections
import re
from pathlib import Path

from venusedu.exercises.inventory import ANSWER_POSITIONS, TOPICS, inventory

GUIDE = (Path(__file__).resolve().parents[1] / "docs" / "instructor-guide.md").read_text(encoding="utf-8")


def test_eight_to_ten_questions_each_with_a_topic():
    assert 8 <= len(inventory) <= 10
    assert sorted(TOPICS) == list(range(1, len(inventory) + 1))


def test_every_wrong_option_has_feedback_and_the_options_are_balanced():
    audit = inventory.audit()
    assert audit["wrong_with_feedback"] == audit["wrong_options"]
    assert audit["longest_is_correct_share"] <= 1 / 3
    letters = collections.Counter(inventory.answer_key().values())
    assert max(letters.values()) <= 0.4 * len(inventory), letters
    assert [q.answer for q in inventory.questions] == list(ANSWER_POSITIONS)


def test_feedback_after_any_attempt_names_the_misconception_of_the_guide():
    labels = set(re.findall(r"^\| (M\d+) \|", GUIDE, flags=re.M))
    for q in inventory.questions:
        for choice in range(len(q.options)):
            ok, text = q.feedback(choice)
            assert ok == (choice == q.answer) and q.explanation in text
            if not ok:
                assert q.hints[choice] in text
        assert set(q.misconceptions.values()) <= labels


def test_the_guide_quotes_the_key():
    m = re.search(r"^- Inventory key: (.+)$", GUIDE, flags=re.M)
    assert m, "the instructor guide quotes the inventory's key"
    quoted = dict((int(k), v) for k, v in (item.split() for item in m.group(1).split("·")))
    assert quoted == inventory.answer_key()
