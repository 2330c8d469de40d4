"""Student and instructor versions of the lessons, from one source.

The notebooks in ``notebooks/`` are the single source: complete, with the
solutions, committed executed. Markings:

- a code cell tagged ``solution`` holds an exercise's solution between the
  lines ``# BEGIN SOLUTION`` and ``# END SOLUTION``; in the student version
  those lines become ``raise NotImplementedError(...)`` (a tagged cell without
  markers is replaced whole);
- a markdown cell tagged ``solution`` (a written answer) becomes a prompt to
  write the answer;
- a cell tagged ``instructor`` (teaching notes, quiz keys) is left out of the
  student version.

The instructor version is the source as it is. The student version has its
outputs cleared, to be run from the top.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

from ._files import write_bytes_atomic

__all__ = ["student_notebook", "write_versions", "SOLUTION_TAG", "INSTRUCTOR_TAG"]

SOLUTION_TAG = "solution"
INSTRUCTOR_TAG = "instructor"
_BEGIN = re.compile(r"^(\s*)#+\s*BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*#+\s*END SOLUTION\s*$")


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def strip_solution(source: str, label: str = "this exercise") -> str:
    r"""Replace every ``BEGIN SOLUTION``/``END SOLUTION`` block by a ``raise``.

    Parameters
    ----------
    source : str
        Code of a solution cell.
    label : str
        Named in the ``NotImplementedError`` message.

    Returns
    -------
    str
        The student's code.

    Examples
    --------
    >>> print(strip_solution("def f(x):\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION\n"))
    def f(x):
        raise NotImplementedError("Exercise: complete this exercise")
    <BLANKLINE>
    """
    message = f'raise NotImplementedError("Exercise: complete {label}")'
    out, inside, found = [], False, False
    for line in source.splitlines(keepends=True):
        begin = _BEGIN.match(line.rstrip("\n"))
        if begin and not inside:
            inside, found = True, True
            out.append(f"{begin.group(1)}{message}\n")
            continue
        if inside and _END.match(line.rstrip("\n")):
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise ValueError("a BEGIN SOLUTION marker has no matching END SOLUTION")
    if not found:
        return message + "\n"
    return "".join(out)


def student_notebook(nb: dict) -> dict:
    """Return the student version of a notebook (a new dict; ``nb`` is untouched)."""
    student = copy.deepcopy(nb)
    cells = []
    for cell in student["cells"]:
        tags = _tags(cell)
        if INSTRUCTOR_TAG in tags:
            continue
        if SOLUTION_TAG in tags:
            if cell["cell_type"] == "code":
                cell["source"] = strip_solution(_source(cell))
            else:
                cell["source"] = "*Write your answer here.*"
            cell.get("metadata", {}).get("jupyter", {}).pop("source_hidden", None)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    student["cells"] = cells
    student.get("metadata", {}).pop("widgets", None)
    return student


def _sources(source_dir) -> list:
    """The ``*.ipynb`` files of a folder (a path or an importlib.resources Traversable), by name."""
    if source_dir is None:
        from .workspace import lesson_resources

        items = lesson_resources()
    else:
        if isinstance(source_dir, (str, os.PathLike)):
            source_dir = Path(source_dir)
        items = list(source_dir.iterdir())
    return sorted((i for i in items if i.name.endswith(".ipynb") and i.is_file()), key=lambda i: i.name)


def write_versions(source_dir, out_dir: str | Path) -> dict[str, list[Path]]:
    """Write ``out_dir/student`` and ``out_dir/instructor`` from the lessons in ``source_dir``.

    Parameters
    ----------
    source_dir : path, importlib.resources Traversable, or None
        Folder with the source notebooks (``*.ipynb``); ``None`` for the
        lessons shipped with the package (``venusedu.lessons``), which works
        from a wheel as well as from a source checkout.
    out_dir : path
        Created if missing; its ``student`` and ``instructor`` sub-folders are
        overwritten file by file (each file is replaced, never written through
        a symbolic link).

    Returns
    -------
    dict
        ``{"student": [paths], "instructor": [paths]}``.

    Raises
    ------
    FileNotFoundError
        If ``source_dir`` holds no notebooks.
    """
    out_dir = Path(out_dir)
    sources = _sources(source_dir)
    if not sources:
        raise FileNotFoundError(f"no notebooks (*.ipynb) found in {str(source_dir)!r}")
    written: dict[str, list[Path]] = {"student": [], "instructor": []}
    for version in written:
        (out_dir / version).mkdir(parents=True, exist_ok=True)
    for item in sources:
        nb = json.loads(item.read_text(encoding="utf-8"))
        for version, content in (("instructor", nb), ("student", student_notebook(nb))):
            target = out_dir / version / item.name
            text = json.dumps(content, indent=1, ensure_ascii=False) + "\n"
            write_bytes_atomic(target, text.encode("utf-8"))
            written[version].append(target)
    return written
