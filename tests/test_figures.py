"""``venusedu figures``: reproducible output, committed figures up to date, errors.

The two full runs are made through the real command line (a fresh Python
process each), once per test session.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.figcompare import compare_drawing
from venusedu import cli, figures

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "figures"
STALE = "committed figures/ are stale: run `make baselines` in the repository root and commit the result"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    return subprocess.run(
        [sys.executable, "-m", "venusedu.cli", "figures", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    outs = []
    for k in (1, 2):
        out = tmp_path_factory.mktemp(f"figures-run{k}")
        proc = run_cli("--out", str(out))
        assert proc.returncode == 0, proc.stderr
        outs.append(out)
    return outs


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def expected_names() -> set[str]:
    names = {f"{n}.{ext}" for n in figures.FIGURE_NAMES for ext in figures.FORMATS}
    return names | {figures.ALT_TEXT_FILE, figures.PANELS_FILE}


def test_every_figure_written(two_runs):
    assert set(files(two_runs[0])) == expected_names()
    alt = json.loads((two_runs[0] / figures.ALT_TEXT_FILE).read_text(encoding="utf-8"))
    assert list(alt) == sorted(figures.FIGURE_NAMES)  # sorted keys, one per figure
    for name, text in alt.items():
        assert len(text) > 80, name
        assert any(ch.isdigit() for ch in text), f"{name}: alt text without a number"


def test_two_runs_are_byte_identical(two_runs):
    a, b = (files(d) for d in two_runs)
    assert set(a) == set(b)
    differ = sorted(n for n in a if a[n] != b[n])
    assert not differ, f"files differ between two runs: {differ}"


def test_no_dates_or_versions_in_files(two_runs):
    svg = (two_runs[0] / "posterior-view.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    png = (two_runs[0] / "posterior-view.png").read_bytes()
    assert b"Software" not in png and b"matplotlib" not in png.lower()


def test_committed_figures_are_current(two_runs):
    """The committed figures are what `venusedu figures` draws now, with any supported matplotlib.

    Within one environment two runs are byte-identical (above); across
    matplotlib releases text rendering differs, so fresh and committed files
    are compared by structure and a perceptual tolerance (tests/figcompare.py).
    """
    fresh = two_runs[0]
    assert COMMITTED.is_dir(), STALE
    got = {p.name for p in COMMITTED.iterdir() if p.is_file() and not p.name.startswith(".")}
    want = {p.name for p in fresh.iterdir()}
    assert got == want, f"{STALE} (missing: {sorted(want - got)}, extra: {sorted(got - want)})"
    committed_alt = json.loads((COMMITTED / figures.ALT_TEXT_FILE).read_text(encoding="utf-8"))
    fresh_alt = json.loads((fresh / figures.ALT_TEXT_FILE).read_text(encoding="utf-8"))
    assert committed_alt == fresh_alt, f"{STALE} (alt text changed)"
    stale = {}
    for name in figures.FIGURE_NAMES:
        problems = compare_drawing(COMMITTED / name, fresh / name, figures.DPI)
        if problems:
            stale[name] = problems
    assert not stale, f"{STALE}: " + " | ".join(f"{n}: {'; '.join(p[:3])}" for n, p in stale.items())


def test_unknown_name_is_an_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["figures", "--out", "unused-folder", "posterior-view", "no-such-figure"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "no-such-figure" in err
    for name in figures.FIGURE_NAMES:
        assert name in err
    assert not Path("unused-folder").exists()


def test_default_out_is_figures_in_cwd_and_subsets_keep_alt_text(tmp_path):
    proc = run_cli("posterior-view", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "figures"
    assert {p.name for p in out.iterdir()} == {
        "posterior-view.svg",
        "posterior-view.png",
        figures.ALT_TEXT_FILE,
        figures.PANELS_FILE,
    }
    alt_path = out / figures.ALT_TEXT_FILE
    alt = json.loads(alt_path.read_text(encoding="utf-8"))
    # a later partial run keeps earlier entries
    alt["cross-section-default"] = "kept"
    alt["withdrawn-figure"] = "dropped"
    alt_path.write_text(json.dumps(alt), encoding="utf-8")
    import matplotlib

    matplotlib.use("Agg")
    written = figures.write_figures(out, ["posterior-view"])
    assert list(written) == ["posterior-view"]
    alt = json.loads(alt_path.read_text(encoding="utf-8"))
    assert alt["cross-section-default"] == "kept" and "withdrawn-figure" not in alt
    assert alt_path.read_text(encoding="utf-8").endswith("}\n")


def test_check_names():
    assert figures.check_names(None) == list(figures.FIGURE_NAMES)
    assert figures.check_names([]) == list(figures.FIGURE_NAMES)
    assert figures.check_names(["posterior-view", "posterior-view"]) == ["posterior-view"]
    with pytest.raises(figures.UnknownFigureError, match="valid names: posterior-view"):
        figures.check_names(["nope"])
    with pytest.raises(TypeError):
        figures.check_names([3])


def test_package_import_does_not_choose_a_backend():
    code = (
        "import matplotlib, venusedu, venusedu.figures, venusedu.diagrams, venusedu.style, venusedu.cli;"
        "import sys; print(matplotlib.get_backend()); print('matplotlib.pyplot' in sys.modules)"
    )
    env = dict(os.environ, MPLBACKEND="svg")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    backend, pyplot_loaded = out.stdout.split()
    assert backend == "svg"
    assert pyplot_loaded == "False"
