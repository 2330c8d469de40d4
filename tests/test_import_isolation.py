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


@pytest.mark.parametrize("module", ["venusedu", "venusedu.params", "venusedu.model", "venusedu.vision"])
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
        ("venusedu.vision", {"numpy"}),
        ("venusedu.model", {"numpy", "scipy"}),
    ],
)
def test_physics_modules_import_only_numpy_scipy_and_the_standard_library(module, allowed):
    # read the import statements (importing venusedu.params also runs the package
    # __init__, so sys.modules cannot tell what params itself imports)
    import venusedu

    path = Path(venusedu.__file__).parent / (module.split(".")[-1] + ".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set()
    for node in ast.walk(tree):
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
