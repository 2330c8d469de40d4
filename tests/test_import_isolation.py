"""The physics imports neither matplotlib nor ipywidgets (DESIGN.md: fast, testable).

Each import runs in a fresh interpreter so that modules loaded by other tests
cannot hide a stray import.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("matplotlib", "ipywidgets", "ipympl", "IPython", "pandas")


@pytest.mark.parametrize(
    "module", ["venusedu", "venusedu.params", "venusedu.fields", "venusedu.checks", "venusedu.model", "venusedu.vision"]
)
def test_physics_modules_do_not_import_plotting_or_widgets(module):
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing {module} loaded {loaded}"


@pytest.mark.parametrize(
    "module,allowed",
    [
        ("venusedu.params", {"numpy"}),
        ("venusedu.fields", set()),
        ("venusedu.checks", {"numpy"}),
        ("venusedu.vision", {"numpy"}),
        ("venusedu.model", {"numpy", "scipy"}),
        ("venusedu.mechanics", {"numpy", "scipy"}),
    ],
)
def test_physics_modules_import_only_numpy_scipy_and_the_standard_library(module, allowed):
    # read the import statements (importing venusedu.params also runs the package
    # __init__, so sys.modules cannot tell what params itself imports)
    import venusedu

    path = Path(venusedu.__file__).parent / module.split(".")[-1]
    files = sorted(path.glob("*.py")) if path.is_dir() else [path.with_suffix(".py")]  # a package: all its modules
    assert files and all(f.is_file() for f in files), files
    nodes = [node for f in files for node in ast.walk(ast.parse(f.read_text(encoding="utf-8")))]
    top = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            top |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            top.add(node.module.split(".")[0])
    third_party = top - set(sys.stdlib_module_names) - {"__future__"}
    assert third_party <= allowed, third_party


def test_importing_the_model_runs_no_simulation():
    # nothing is computed at import time: the geometry caches start empty
    code = "import venusedu.model as m\nprint(m._geometry.cache_info().currsize, m._window.cache_info().currsize)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "0"]


DRAWING_MAY_IMPORT = {"model", "params", "style", "vision", "anatomy"}


def _venusedu_imports(path: Path) -> set[str]:
    """The venusedu modules a file of venusedu/drawing/ imports (relative imports only)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 2:  # from ..x import y / from .. import x
            names |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 1:  # a sibling in venusedu/drawing/
            names |= (
                {f"drawing.{node.module.split('.')[0]}"} if node.module else {f"drawing.{a.name}" for a in node.names}
            )
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module.split(".")[0] == "venusedu":
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.split(".")[0] == "venusedu"}
    return names


def test_drawing_modules_import_only_the_model_style_and_each_other():
    # venusedu/drawing/ draws a Result: it may read the model, the parameters,
    # the eye, the style and the anatomy, never the app or the exercises
    # (which import the drawings through venusedu.diagrams).
    import venusedu

    folder = Path(venusedu.__file__).parent / "drawing"
    siblings = {f"drawing.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}
    files = sorted(folder.glob("*.py"))
    assert len(files) >= 5, files
    for path in files:
        bad = _venusedu_imports(path) - DRAWING_MAY_IMPORT - siblings
        assert not bad, f"venusedu/drawing/{path.name} imports {sorted(bad)}"


def test_drawing_imports_have_no_cycles():
    # the sibling imports of venusedu/drawing/ form a chain (base first), so
    # each module can be imported on its own
    import venusedu

    folder = Path(venusedu.__file__).parent / "drawing"
    graph = {
        p.stem: {n.removeprefix("drawing.") for n in _venusedu_imports(p) if n.startswith("drawing.")}
        for p in folder.glob("*.py")
    }
    done: set[str] = set()

    def visit(name, path):
        assert name not in path, f"import cycle in venusedu/drawing/: {' -> '.join([*path, name])}"
        if name in done:
            return
        for dep in graph.get(name, ()):
            visit(dep, [*path, name])
        done.add(name)

    for name in graph:
        visit(name, [])


def test_the_drawing_import_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from ..app import explorer\nfrom ..exercises import myths\nfrom .base import Drawing\n")
    assert _venusedu_imports(bad) == {"app", "exercises", "drawing.base"}
