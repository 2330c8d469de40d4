"""Copy the lessons into a workspace of your own: ``venusedu start DIR``.

The lessons are shipped inside the package as ``venusedu.lessons`` (in a
source checkout that package *is* the ``notebooks/`` folder; see
``[tool.setuptools]`` in ``pyproject.toml``) and found at run time with
:mod:`importlib.resources`, so the command works the same from a wheel, an
editable install or a conda environment. The model's specification and its
sources (``docs/MODEL.md`` and ``docs/SOURCES.md``, shipped as
``venusedu.docs``) are copied beside the lessons.

A workspace gets the **student** version of each lesson (exercises to
solve, answer keys and model answers left out, outputs cleared; see
:mod:`venusedu.versions`); ``venusedu start DIR --instructor`` copies the
full lessons with their solutions, executed.

Examples
--------
>>> from venusedu.workspace import shipped_lessons
>>> "00_start_here.ipynb" in shipped_lessons()
True
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ._files import PathError, check_output_folder, keep_aside, path_argument, write_bytes_atomic
from .catalog import LESSONS
from .versions import student_notebook

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11
    from importlib.abc import Traversable

__all__ = [
    "DOCUMENTS",
    "LESSONS_PACKAGE",
    "WorkspaceConflictError",
    "WorkspaceNotEmptyError",
    "lesson_resources",
    "shipped_lessons",
    "start_workspace",
]

LESSONS_PACKAGE = "venusedu.lessons"
DOCS_PACKAGE = "venusedu.docs"
#: The documents of ``venusedu.docs`` a workspace gets beside the lessons.
DOCUMENTS = ("MODEL.md", "SOURCES.md")

# Files of the lessons package that are not course material.
_SKIP_NAMES = {"__init__.py", "__pycache__", ".ipynb_checkpoints", ".DS_Store"}
_SKIP_SUFFIXES = (".pyc", ".pyo")


class WorkspaceNotEmptyError(FileExistsError):
    """The target folder exists and holds files, and ``force`` was not given."""


class WorkspaceConflictError(FileExistsError):
    """A lesson's place in the workspace holds a folder, a link or another special file."""


def _wanted(item: Traversable) -> bool:
    return item.name not in _SKIP_NAMES and not item.name.endswith(_SKIP_SUFFIXES)


def lesson_resources() -> list[Traversable]:
    """Return the shipped course files (lessons and any files they use).

    Returns
    -------
    list of importlib.resources.abc.Traversable
        Top-level entries of the ``venusedu.lessons`` package, sorted by name,
        without the package's ``__init__.py``, caches or checkpoints.
    """
    root = resources.files(LESSONS_PACKAGE)
    return sorted((item for item in root.iterdir() if _wanted(item)), key=lambda t: t.name)


def document_resources() -> list[Traversable]:
    """Return the shipped documents a workspace gets beside the lessons (:data:`DOCUMENTS`)."""
    root = resources.files(DOCS_PACKAGE)
    return [root / name for name in DOCUMENTS if (root / name).is_file()]


def shipped_lessons() -> list[str]:
    """Return the file names of the catalog's lessons that are shipped, in teaching order.

    Lessons listed in :data:`venusedu.catalog.LESSONS` but not (yet) written
    are left out.
    """
    names = {item.name for item in lesson_resources() if item.is_file()}
    return [lesson.notebook for lesson in LESSONS if lesson.notebook in names]


def _content(item: Traversable, student: bool) -> bytes:
    """The bytes a shipped file is written as (the student version for a lesson if asked)."""
    if student and item.name.endswith(".ipynb"):
        nb = student_notebook(json.loads(item.read_text(encoding="utf-8")))
        return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    return item.read_bytes()


def _plan(item: Traversable, dest: Path, student: bool, steps: list, problems: list[str]) -> None:
    """Decide, without writing, what to do for ``item`` (recursively for folders)."""
    target = dest / item.name
    if target.is_symlink():
        problems.append(
            f"{str(target)!r} is a symbolic link; venusedu start never writes through links "
            "(it could replace a file outside the workspace): move it away and run again"
        )
        return
    if item.is_dir():
        if target.exists() and not target.is_dir():
            problems.append(f"{str(target)!r} is a file where the course has a folder: move it away and run again")
            return
        steps.append(("mkdir", target, None))
        for child in sorted(item.iterdir(), key=lambda t: t.name):
            if _wanted(child):
                _plan(child, target, student, steps, problems)
        return
    data = _content(item, student)
    if target.is_dir():
        problems.append(
            f"{str(target)!r} is a folder where the course has the lesson {item.name!r}: "
            "rename or move the folder and run again"
        )
    elif target.exists() and not target.is_file():
        problems.append(f"{str(target)!r} is not a regular file: move it away and run again")
    elif not target.exists():
        steps.append(("write", target, data))
    elif target.read_bytes() == data:
        steps.append(("same", target, None))
    else:  # changed by the student (or from another version): keep it under a new name
        steps.append(("keep", target, data))


def start_workspace(
    dest: str | Path,
    *,
    force: bool = False,
    student: bool = True,
    on_keep: Callable[[Path, Path], None] | None = None,
) -> list[Path]:
    """Copy the lessons into the folder ``dest``.

    Parameters
    ----------
    dest : path
        The workspace folder. Created (with its parents) if missing.
    force : bool
        Copy even if ``dest`` already holds files (refresh the lessons). A
        lesson that is already there and differs from the shipped copy (the
        student changed it) is never overwritten: it is renamed to
        ``NAME (yours).ipynb`` (or ``NAME (yours 2).ipynb``, ...) and the
        shipped lesson is written in its place. Other files are kept.
    student : bool
        Write the student version of each lesson (the default: exercises
        unsolved, answer keys and model answers left out, outputs cleared; see
        :mod:`venusedu.versions`); ``False`` writes the full lessons, the
        instructor's version.
    on_keep : callable, optional
        Called as ``on_keep(lesson_path, kept_path)`` for every changed lesson
        kept under a new name.

    Returns
    -------
    list of pathlib.Path
        The course files now in ``dest`` (written or already identical), sorted.

    Raises
    ------
    WorkspaceNotEmptyError
        If ``dest`` is a folder that holds files and ``force`` is false.
    WorkspaceConflictError
        If a lesson's name in ``dest`` is a folder, a symbolic link or
        another special file. Nothing is written then: links are never
        followed, so a link named like a lesson cannot make the command
        replace a file outside the workspace.
    NotADirectoryError
        If ``dest``, or one of its parents, exists and is not a folder.
    """
    dest = Path(dest)
    for folder in (dest, *dest.parents):
        if folder.exists() and not folder.is_dir():
            where = "" if folder == dest else f" (it would lie under the file {str(folder)!r})"
            raise NotADirectoryError(f"{str(folder if folder == dest else dest)!r} is not a folder{where}")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise WorkspaceNotEmptyError(
            f"{str(dest)!r} already exists and is not empty; choose a new folder, or pass "
            "--force to refresh the lessons in it (a lesson you changed is kept as "
            "'NAME (yours).ipynb', your other files are left alone)"
        )
    steps: list = []
    problems: list[str] = []
    for item in (*lesson_resources(), *document_resources()):
        _plan(item, dest, student, steps, problems)
    if problems:
        more = f" (and {len(problems) - 1} more like it)" if len(problems) > 1 else ""
        raise WorkspaceConflictError(problems[0] + more)
    dest.mkdir(parents=True, exist_ok=True)
    present: list[Path] = []
    for action, target, data in steps:
        if action == "mkdir":
            target.mkdir(exist_ok=True)
            continue
        if action == "keep":
            kept = keep_aside(target, "yours")
            if on_keep is not None:
                on_keep(target, kept)
        if action in ("write", "keep"):
            write_bytes_atomic(target, data)
        present.append(target)
    return sorted(present)


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``venusedu start`` to ``parser``."""
    parser.add_argument("dir", type=path_argument, metavar="DIR", help="the new workspace folder")
    parser.add_argument(
        "--force",
        action="store_true",
        help="refresh the lessons in DIR even if it is not empty (a lesson you changed is "
        "kept as 'NAME (yours).ipynb'; other files are left alone)",
    )
    version = parser.add_mutually_exclusive_group()
    version.add_argument(
        "--instructor",
        action="store_true",
        help="copy the instructor's version: the full lessons with their solutions, answer keys "
        "and outputs (the default is the student version: exercises to solve, no answers shown)",
    )
    version.add_argument(
        "--student",
        action="store_true",
        help="copy the student version (the default; kept for scripts that ask for it)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``venusedu start`` with parsed arguments; return the exit code."""
    kept: list[tuple[Path, Path]] = []
    try:
        check_output_folder(args.dir, "the workspace folder")
        written = start_workspace(
            args.dir, force=args.force, student=not args.instructor, on_keep=lambda a, b: kept.append((a, b))
        )
    except (WorkspaceNotEmptyError, WorkspaceConflictError, NotADirectoryError, PathError) as exc:
        print(f"venusedu start: error: {exc}", file=sys.stderr)
        return 2
    titles = {lesson.notebook: lesson.title for lesson in LESSONS}
    lessons = [p for p in written if p.suffix == ".ipynb"]
    version = "instructor's version, with solutions" if args.instructor else "student version: exercises to solve"
    print(f"Copied {len(lessons)} lesson{'s' if len(lessons) != 1 else ''} ({version}) into {args.dir.resolve()}:")
    for path in sorted(lessons, key=lambda p: p.name):
        print(f"  {path.name:<36} {titles.get(path.name, '')}".rstrip())
    documents = [p.name for p in written if p.name in DOCUMENTS]
    if documents:
        print(f"  {' and '.join(documents):<36} the model and its sources")
    for original, new in kept:
        print(f"Your changed {original.name} is kept as {new.name!r}; {original.name} is the fresh lesson.")
    print(f"\nNext: jupyter lab --notebook-dir {shlex.quote(str(args.dir))}   (start with 00_start_here.ipynb)")
    return 0
