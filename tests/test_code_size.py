"""Small rooms (issue 16, item 5): no module of the package over about 500 lines,
no function over about 60 lines of code, unless it is listed below with the reason.

"Lines of code" leaves out blank lines, comment lines and docstrings, so a well
documented function is not penalised for its documentation. Run this file as
a script to print the largest modules and functions:

    .venv/bin/python tests/test_code_size.py
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "venusedu"
MAX_MODULE_LINES = 520  # "about 500"
MAX_FUNCTION_LINES = 60

#: Modules allowed to be longer, with the reason (relative to venusedu/).
LONG_MODULES: dict[str, str] = {}

#: Functions allowed to be longer ("module.py:qualified.name"), with the reason.
LONG_FUNCTIONS: dict[str, str] = {}


def _code_line_numbers(source: str) -> set[int]:
    """Line numbers that hold code: not blank, not only a comment, not a docstring."""
    docstring_lines: set[int] = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                if isinstance(body[0].value.value, str):
                    docstring_lines.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    lines: set[int] = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in skip:
            continue
        for line in range(tok.start[0], tok.end[0] + 1):
            if line not in docstring_lines:
                lines.add(line)
    return lines


def _functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = prefix + node.name
            yield name, node
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")


def measure() -> tuple[dict[str, int], dict[str, int]]:
    """Lines per module and code lines per function, over the package."""
    modules: dict[str, int] = {}
    functions: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        source = path.read_text(encoding="utf-8")
        modules[rel] = len(source.splitlines())
        code = _code_line_numbers(source)
        for name, node in _functions(ast.parse(source)):
            span = range(node.lineno, (node.end_lineno or node.lineno) + 1)
            functions[f"{rel}:{name}"] = sum(1 for line in span if line in code)
    return modules, functions


MODULES, FUNCTIONS = measure()


def test_the_measure_counts_code_not_documentation():
    source = (
        'def f(x):\n    """Doc.\n\n    More doc.\n    """\n    # a comment\n\n    y = (x +\n         1)\n    return y\n'
    )
    tree = ast.parse(source)
    code = _code_line_numbers(source)
    (name, node), *_ = _functions(tree)
    assert name == "f"
    assert sorted(code) == [1, 8, 9, 10]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module):
    if module in LONG_MODULES:
        assert MODULES[module] > MAX_MODULE_LINES, f"{module} is small now: take it off LONG_MODULES"
        return
    assert MODULES[module] <= MAX_MODULE_LINES, f"{module}: {MODULES[module]} lines (limit {MAX_MODULE_LINES})"


def test_function_sizes():
    long = {name: n for name, n in FUNCTIONS.items() if n > MAX_FUNCTION_LINES}
    unlisted = {name: n for name, n in long.items() if name not in LONG_FUNCTIONS}
    assert not unlisted, f"functions over {MAX_FUNCTION_LINES} lines of code: {unlisted}"
    stale = sorted(set(LONG_FUNCTIONS) - set(long))
    assert not stale, f"no longer long (or gone): take them off LONG_FUNCTIONS: {stale}"


if __name__ == "__main__":
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    print("largest modules (lines):")
    for name, n in sorted(MODULES.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {n:5d}  {name}")
    print(f"largest functions (lines of code; limit {MAX_FUNCTION_LINES}):")
    for name, n in sorted(FUNCTIONS.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {n:5d}  {name}")
