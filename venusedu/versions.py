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
import re
from pathlib import Path

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
    """Replace every ``BEGIN SOLUTION``/``END SOLUTION`` block by a ``raise``.

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
    >>> print(strip_solution("def f(x):\\n    # BEGIN SOLUTION\\n    return 2 * x\\n    # END SOLUTION\\n"))
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


def write_versions(source_dir: str | Path, out_dir: str | Path) -> dict[str, list[Path]]:
    """Write ``out_dir/student`` and ``out_dir/instructor`` from the lessons in ``source_dir``.

    Parameters
    ----------
    source_dir : path
        Folder with the source notebooks (``*.ipynb``).
    out_dir : path
        Created if missing; its ``student`` and ``instructor`` sub-folders are
        overwritten file by file.

    Returns
    -------
    dict
        ``{"student": [paths], "instructor": [paths]}``.
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    sources = sorted(source_dir.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no notebooks found in {source_dir}")
    written: dict[str, list[Path]] = {"student": [], "instructor": []}
    for version in written:
        (out_dir / version).mkdir(parents=True, exist_ok=True)
    for path in sources:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for version, content in (("instructor", nb), ("student", student_notebook(nb))):
            target = out_dir / version / path.name
            target.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            written[version].append(target)
    return written
