"""The lessons of the course, in teaching order.

One list used everywhere a lesson is named: the start-here notebook, the
``venusedu start`` workspace, the course site and the instructor guide.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Lesson", "LESSONS", "lesson_table"]


@dataclass(frozen=True)
class Lesson:
    """One notebook of the course.

    Attributes
    ----------
    notebook : str
        File name under ``notebooks/``.
    title : str
        Title shown to students.
    minutes : int
        Time needed in class, in minutes (the core sections).
    question : str
        The question the lesson answers.
    deeper_minutes : int
        Minutes of the lesson's optional "Deeper" sections (derivations and
        exercises for those who want them), not counted in ``minutes``.
    """

    notebook: str
    title: str
    minutes: int
    question: str
    deeper_minutes: int = 0


LESSONS: tuple[Lesson, ...] = (
    Lesson("00_start_here.ipynb", "Start here", 15, "How do these lessons work?"),
    Lesson("01_anatomy.ipynb", "Anatomy of the dimples", 30, "Where are the dimples, and what holds them?"),
    Lesson("02_the_paradox.ipynb", "The paradox", 30, "Why does the naive tether model say fat makes dimples deeper?"),
    Lesson(
        "03_fat_blanket.ipynb",
        "The fat blanket",
        47,
        "How does fat over the tether smooth the skin?",
        deeper_minutes=10,
    ),
    Lesson(
        "04_what_the_eye_sees.ipynb",
        "What the eye sees",
        46,
        "When is a shallow pit visible under a given light?",
        deeper_minutes=12,
    ),
    Lesson("05_explorer.ipynb", "The dimple explorer", 35, "What changes a dimple's visibility most?"),
    Lesson(
        "06_myths_and_interventions.ipynb",
        "Myths and interventions",
        40,
        "What can genetics, exercise, weight loss and surgery change?",
    ),
    Lesson(
        "07_sensitivity.ipynb",
        "Sensitivity and the unknowns",
        40,
        "Which parameters matter, and which has nobody measured?",
    ),
)


def lesson_table() -> str:
    """Return the lessons as a plain-text table (number, title, minutes, question).

    Examples
    --------
    >>> print(lesson_table().splitlines()[0])
     #  lesson                          min  question
    """
    lines = [f"{'#':>2}  {'lesson':<30}  {'min':>3}  question"]
    for lesson in LESSONS:
        lines.append(f"{lesson.notebook[:2]:>2}  {lesson.title:<30}  {lesson.minutes:>3}  {lesson.question}")
    return "\n".join(lines)
