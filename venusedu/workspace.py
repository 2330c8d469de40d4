"""Copy the lessons into a workspace of your own: ``venusedu start DIR``.

The lessons are shipped inside the package as ``venusedu.lessons`` (in a
source checkout that package *is* the ``notebooks/`` folder; see
``[tool.setuptools]`` in ``pyproject.toml``) and found at run time with
:mod:`importlib.resources`, so the command works the same from a wheel, an
editable install or a conda environment.

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
import shutil
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import LESSONS
from .versions import student_notebook

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11
    from importlib.abc import Traversable

__all__ = [
    "LESSONS_PACKAGE",
    "WorkspaceNotEmptyError",
    "lesson_resources",
    "shipped_lessons",
    "start_workspace",
]

LESSONS_PACKAGE = "venusedu.lessons"

# Files of the lessons package that are not course material.
_SKIP_NAMES = {"__init__.py", "__pycache__", ".ipynb_checkpoints", ".DS_Store"}
_SKIP_SUFFIXES = (".pyc", ".pyo")


class WorkspaceNotEmptyError(FileExistsError):
    """The target folder exists and holds files, and ``force`` was not given."""


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


def shipped_lessons() -> list[str]:
    """Return the file names of the catalog's lessons that are shipped, in teaching order.

    Lessons listed in :data:`venusedu.catalog.LESSONS` but not (yet) written
    are left out.
    """
    names = {item.name for item in lesson_resources() if item.is_file()}
    return [lesson.notebook for lesson in LESSONS if lesson.notebook in names]


def _copy(item: Traversable, dest: Path, written: list[Path], student: bool = False) -> None:
    target = dest / item.name
    if item.is_dir():
        target.mkdir(exist_ok=True)
        for child in item.iterdir():
            if _wanted(child):
                _copy(child, target, written, student)
    elif student and item.name.endswith(".ipynb"):
        nb = student_notebook(json.loads(item.read_text(encoding="utf-8")))
        target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    else:
        with resources.as_file(item) as src:
            shutil.copyfile(src, target)
        written.append(target)


def start_workspace(dest: str | Path, *, force: bool = False, student: bool = False) -> list[Path]:
    """Copy the lessons into the folder ``dest``.

    Parameters
    ----------
    dest : path
        The workspace folder. Created (with its parents) if missing.
    force : bool
        Copy even if ``dest`` already holds files. The shipped lessons then
        replace files of the same name; other files in ``dest`` are kept.
    student : bool
        Write the student version of each lesson (exercises unsolved, outputs
        cleared; see :mod:`venusedu.versions`) instead of the full lesson.

    Returns
    -------
    list of pathlib.Path
        The files written, sorted.

    Raises
    ------
    WorkspaceNotEmptyError
        If ``dest`` is a folder that holds files and ``force`` is false.
    NotADirectoryError
        If ``dest`` exists and is not a folder.
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise NotADirectoryError(f"{str(dest)!r} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise WorkspaceNotEmptyError(
            f"{str(dest)!r} already exists and is not empty; choose a new folder, or pass "
            "--force to copy the lessons into it anyway (lessons of the same name are "
            "overwritten, your other files are kept)"
        )
    dest.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for item in lesson_resources():
        _copy(item, dest, written, student)
    return sorted(written)


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``venusedu start`` to ``parser``."""
    parser.add_argument("dir", type=Path, metavar="DIR", help="the new workspace folder")
    parser.add_argument(
        "--force",
        action="store_true",
        help="copy into DIR even if it is not empty (overwrites lessons of the same name)",
    )
    parser.add_argument(
        "--student",
        action="store_true",
        help="copy the student version: exercises unsolved, outputs cleared",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``venusedu start`` with parsed arguments; return the exit code."""
    try:
        written = start_workspace(args.dir, force=args.force, student=args.student)
    except (WorkspaceNotEmptyError, NotADirectoryError) as exc:
        print(f"venusedu start: error: {exc}", file=sys.stderr)
        return 2
    titles = {lesson.notebook: lesson.title for lesson in LESSONS}
    lessons = [p for p in written if p.suffix == ".ipynb"]
    print(f"Copied {len(lessons)} lesson{'s' if len(lessons) != 1 else ''} into {args.dir.resolve()}:")
    for path in sorted(lessons, key=lambda p: p.name):
        print(f"  {path.name:<36} {titles.get(path.name, '')}".rstrip())
    print(f"\nNext: jupyter lab --notebook-dir {shlex.quote(str(args.dir))}   (start with 00_start_here.ipynb)")
    return 0
