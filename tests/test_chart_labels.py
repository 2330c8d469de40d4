"""Plain labels in every chart (issue 13, item 8).

Every chart a student sees is drawn by the package: the lessons call its
figure functions (``ex.plot_*``, :mod:`venusedu.diagrams`, the explorer).
Each is drawn here and every axis that shows numbers must carry a label in
plain words with its unit in brackets -- "fat over the PSIS t (mm)", not
"t" or "f_s"; a symbol may follow the words. A dimensionless quantity states
its scale in the brackets instead ("visibility index VI (1 = just visible)").
Axes that show names instead of numbers (the rows of a tornado chart) need
no label, but the names must be words, not code names such as
``lipo_radius_mm``.

The lessons' own code is checked too: any ``set_xlabel``/``set_ylabel`` with
a literal string obeys the same rule, and every chart function a lesson calls
is one drawn here.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

_MATH = re.compile(r"\$[^$]*\$")
_BRACKETS = re.compile(r"\(([^()]*)\)")
_WORD = re.compile(r"[^\W\d_]+")
_CODE_NAME = re.compile(r"\b[A-Za-z]+_[A-Za-z0-9_]*\b")
_NUMBER = re.compile(r"^[\s−+\-–]*[\d.,]+\s*%?\s*$|^\$\\mathdefault\{.*\}\$$|^$")


def label_problems(label: str) -> list[str]:
    """What is wrong with an axis label ([] when it is plain words with a unit).

    Examples
    --------
    >>> label_problems("subcutaneous fat thickness t (mm)")
    []
    >>> label_problems("$t$")
    ['no label in plain words', 'no unit in brackets']
    >>> label_problems("f_s")
    ['no label in plain words', 'a code name (f_s)', 'no unit in brackets']
    >>> label_problems("depth")
    ['no unit in brackets']
    """
    text = " ".join(label.split())
    problems = []
    if not text:
        return ["no label"]
    words = _BRACKETS.sub(" ", _MATH.sub(" ", text))
    plain = [w for w in _WORD.findall(words) if len(w) >= 4 and not w.isupper()]
    if not plain:
        problems.append("no label in plain words")
    code = _CODE_NAME.findall(words)
    if code:
        problems.append(f"a code name ({', '.join(code)})")
    if not any(group.strip() for group in _BRACKETS.findall(_MATH.sub(" ", text))):
        problems.append("no unit in brackets")
    return problems


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace("\N{MINUS SIGN}", "-")))


def _axes_of(fig):
    """All axes of a figure, secondary axes included (they are children of their parent)."""
    out = []
    for ax in fig.get_axes():
        out.append(ax)
        out.extend(c for c in ax.get_children() if hasattr(c, "xaxis") and c not in out)
    return out


def _siblings(ax, which):
    if not hasattr(ax, "get_shared_x_axes"):
        return []
    group = ax.get_shared_x_axes() if which == "x" else ax.get_shared_y_axes()
    return [a for a in group.get_siblings(ax) if a is not ax]


def chart_problems(fig) -> list[str]:
    """Every unlabelled or badly labelled axis of a drawn figure, as readable lines."""
    fig.draw_without_rendering()
    problems = []
    for k, ax in enumerate(_axes_of(fig)):
        if not ax.get_visible() or not ax.axison:
            continue
        title = ax.get_title() if hasattr(ax, "get_title") else "secondary axis"
        name = f"axes {k} ({title[:40]!r})"
        for which, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible():
                continue
            ticks = [t.get_text() for t in axis.get_ticklabels(which="both") if t.get_visible()]
            ticks = [t for t in ticks if t.strip()]
            if not ticks:
                continue  # no numbers or names shown on this axis
            names = [t for t in ticks if not _is_number(t)]
            if names and len(names) == len(ticks):  # a categorical axis: its names are its labels
                code = [t for t in names if _CODE_NAME.search(_BRACKETS.sub(" ", _MATH.sub(" ", t)))]
                if code:
                    problems.append(f"{name}: {which} axis names rows by code names {code[:3]}")
                continue
            label = axis.get_label_text()
            if not label.strip():
                if any(getattr(s, f"get_{which}label")().strip() for s in _siblings(ax, which)):
                    continue  # a shared axis labelled once
                problems.append(f"{name}: {which} axis has numbers but no label")
                continue
            for p in label_problems(label):
                problems.append(f"{name}: {which} label {label!r}: {p}")
    return problems


# ------------------------------------------------------------------ the charts


def _vi_curves():
    fat = np.array([2.0, 5.0, 10.0, 20.0, 30.0])
    lin = np.array([False, True, True, True, True])
    return {"ligament": (fat, 10.0 / fat, lin), "no ligament": (fat, np.zeros_like(fat), lin)}


def _rows():
    from venusedu import analysis
    from venusedu.analysis import SensitivityRow

    base = analysis.one_at_a_time(names=["fat_mm"], n=3)[0]
    names = analysis.one_at_a_time.__defaults__[1]
    rows = [base._replace(name=n, elasticity=-1.0 + 0.1 * i) for i, n in enumerate(names)]
    assert all(isinstance(r, SensitivityRow) for r in rows)
    return rows


@functools.cache
def _results():
    from venusedu import Params, simulate

    return [simulate(Params(grid=128)), simulate(Params(grid=128, muscle=3.0))]


def _sweep(**changes):
    from venusedu.exercises.paradox import fat_sweep

    return fat_sweep([2.0, 10.0, 25.0], **changes)


@functools.cache
def _explorer_figures():
    from venusedu.app.explorer import Explorer

    return Explorer(canvas="agg").figures


def _explorer(view):
    return lambda: _explorer_figures()[view]


def _registry():
    from venusedu.figures import FIGURE_NAMES

    return FIGURE_NAMES


def _figure(name):
    def draw():
        from venusedu.figures import build_figure

        return build_figure(name)

    return draw


CHARTS = {
    # lesson 02
    "paradox.plot_naive": lambda: __import__("venusedu.exercises.paradox", fromlist=["x"]).plot_naive(
        np.array([0.0, 10.0, 40.0]), 2.0
    ),
    "paradox.plot_sweeps": lambda: __import__("venusedu.exercises.paradox", fromlist=["x"]).plot_sweeps(
        {"naive (f_s = 0)": _sweep(), "blanket (f_s = 1)": _sweep(superficial_fraction=1.0)}
    ),
    # lesson 03
    "blanket.plot_transfer": lambda: __import__("venusedu.exercises.blanket", fromlist=["x"]).plot_transfer(
        np.geomspace(5.0, 300.0, 20), 8.0
    ),
    "blanket.plot_blanket": lambda: __import__("venusedu.exercises.blanket", fromlist=["x"]).plot_blanket(
        _sweep(superficial_fraction=1.0), 20.9, (17.0, 25.2)
    ),
    "blanket.plot_fraction": lambda: (lambda ex: ex.plot_fraction(ex.fraction_table([0.0, 1.0], [5.0, 20.0])))(
        __import__("venusedu.exercises.blanket", fromlist=["x"])
    ),
    # lesson 04
    "eye.plot_lambert_curves": lambda: __import__("venusedu.exercises.eye", fromlist=["x"]).plot_lambert_curves(),
    "eye.plot_csf": lambda: __import__("venusedu.exercises.eye", fromlist=["x"]).plot_csf(
        40.0, [("pit from 1 m", 0.5, 0.01)]
    ),
    # lesson 06
    "myths.plot_vi_vs_fat": lambda: __import__("venusedu.exercises.myths", fromlist=["x"]).plot_vi_vs_fat(
        _vi_curves(), threshold_mm=12.0
    ),
    "myths.plot_muscle_shading": lambda: __import__("venusedu.exercises.myths", fromlist=["x"]).plot_muscle_shading(
        _results(), ["default", "muscle 3"]
    ),
    "myths.plot_vi_vs_body_fat": lambda: (
        lambda m: m.plot_vi_vs_body_fat(
            {sex: m.vi_vs_body_fat(sex, np.array([10.0, 20.0, 30.0])) for sex in ("female", "male")}
        )
    )(__import__("venusedu.exercises.myths", fromlist=["x"])),
    "myths.plot_lipo": lambda: __import__("venusedu.exercises.myths", fromlist=["x"]).plot_lipo(
        _vi_curves(), marks=[("ligament", 3.0)]
    ),
    # lesson 07
    "sensitivity.plot_tornado": lambda: __import__("venusedu.exercises.sensitivity", fromlist=["x"]).plot_tornado(
        _rows()
    ),
    "sensitivity.plot_elasticities": lambda: __import__(
        "venusedu.exercises.sensitivity", fromlist=["x"]
    ).plot_elasticities(_rows()),
    # lessons 01-06: the drawings
    "diagrams.posterior_view": lambda: __import__("venusedu.diagrams", fromlist=["x"]).posterior_view(),
    "diagrams.cross_section": lambda: __import__("venusedu.diagrams", fromlist=["x"]).cross_section(_results()[0]),
    "diagrams.shaded_back": lambda: __import__("venusedu.diagrams", fromlist=["x"]).shaded_back(_results()[0]),
    "diagrams.small_multiples_fat": lambda: __import__("venusedu.diagrams", fromlist=["x"]).small_multiples_fat(
        (3.0, 20.0)
    ),
    "diagrams.small_multiples_light": lambda: __import__("venusedu.diagrams", fromlist=["x"]).small_multiples_light(
        (10.0, 90.0)
    ),
    # lesson 05: the explorer's views (live, and in static_figure)
    **{f"explorer.{view}": _explorer(view) for view in ("back", "section", "visibility")},
}


def _as_figure(drawn):
    from matplotlib.figure import Figure

    if isinstance(drawn, tuple):
        drawn = drawn[0]
    fig = drawn if isinstance(drawn, Figure) else drawn.fig
    assert isinstance(fig, Figure), type(drawn)
    return fig


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_axis_with_numbers_has_a_plain_label_with_a_unit(name):
    import matplotlib.pyplot as plt

    fig = _as_figure(CHARTS[name]())
    try:
        problems = chart_problems(fig)
    finally:
        plt.close(fig)
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def test_every_registered_figure_has_plain_labels():
    """The committed figures/ (``venusedu figures``), drawn as the registry draws them."""
    import matplotlib.pyplot as plt

    bad = {}
    for name in _registry():
        fig = _as_figure(_figure(name)())
        problems = chart_problems(fig)
        plt.close(fig)
        if problems:
            bad[name] = problems
    assert not bad, bad


def _public_chart_functions():
    """``module.function`` for every public plot_* function of the exercises and every drawing of diagrams."""
    import venusedu.diagrams as diagrams
    import venusedu.exercises as exercises

    names = set()
    for path in sorted(Path(exercises.__file__).parent.glob("*.py")):
        mod = __import__(f"venusedu.exercises.{path.stem}", fromlist=["x"])
        names |= {
            f"{path.stem}.{n}"
            for n, f in vars(mod).items()
            if n.startswith("plot_") and inspect.isfunction(f) and f.__module__ == mod.__name__
        }
    for n in diagrams.__all__:
        f = getattr(diagrams, n)
        if inspect.isfunction(f) and inspect.signature(f).return_annotation in (
            "Drawing",
            "CrossSection",
            "ShadedBack",
        ):
            names.add(f"diagrams.{n}")
    return names


def test_every_chart_function_of_the_package_is_checked():
    missing = _public_chart_functions() - set(CHARTS)
    assert not missing, f"chart functions not drawn by this test: {sorted(missing)}"


# ---------------------------------------------------------------- the lessons


def _code_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            src = "\n".join(ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!")))
            yield i, ast.parse(src)


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            yield node, (f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else "")


LABEL_CALLS = {"set_xlabel", "set_ylabel", "xlabel", "ylabel"}
DRAWING_CALLS = {"static_figure", "explore"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_labels_written_in_a_lesson_are_plain(path):
    bad = []
    for i, tree in _code_cells(path):
        for node, name in _calls(tree):
            texts = []
            if name in LABEL_CALLS and node.args and isinstance(node.args[0], ast.Constant):
                texts.append(node.args[0].value)
            texts += [
                k.value.value
                for k in node.keywords
                if k.arg in ("xlabel", "ylabel") and isinstance(k.value, ast.Constant)
            ]
            bad += [(i, t, label_problems(t)) for t in texts if isinstance(t, str) and label_problems(t)]
    assert not bad, bad


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chart_a_lesson_draws_comes_from_a_checked_function(path):
    checked = {k.split(".", 1)[1] for k in CHARTS}
    unchecked = []
    for i, tree in _code_cells(path):
        for _node, name in _calls(tree):
            if name in {"plot", "subplots", "figure", "bar", "barh", "scatter", "imshow", "semilogy", "loglog"}:
                unchecked.append((i, name))  # a chart drawn in the lesson itself
            elif name.startswith("plot_") and name not in checked:
                unchecked.append((i, name))
            elif name in {n.split(".", 1)[1] for n in _public_chart_functions()} and name not in checked:
                unchecked.append((i, name))
    assert not unchecked, f"{path.name}: charts drawn outside the functions this test checks (cell, call): {unchecked}"


# ------------------------------------------------------------ the rule itself


@pytest.mark.parametrize(
    "label", ["", "$t$", "t", "f_s", "VI", "visibility index VI", "depth", "d ln VI / d ln p", "fat_mm (mm)", "(mm)"]
)
def test_the_rule_rejects_symbols_and_labels_without_units(label):
    assert label_problems(label)


@pytest.mark.parametrize(
    "label",
    [
        "subcutaneous fat thickness (mm)",
        "fat over the PSIS t (mm)",
        "body fat (%)",
        "visibility index VI (1 = just visible)",
        "spatial frequency f (cycles/degree)",
        "x, to the right (mm)",
        "← midline    distance from the midline (mm)    lateral →",
    ],
)
def test_the_rule_accepts_plain_words_with_a_unit(label):
    assert label_problems(label) == []


def _chart(draw):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    draw(ax)
    try:
        return chart_problems(fig)
    finally:
        plt.close(fig)


def test_a_chart_with_a_symbol_only_or_unlabelled_axis_fails():
    def symbol(ax):
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("$t$")
        ax.set_ylabel("depth (mm)")

    def bare(ax):
        ax.plot([0, 1], [0, 1])

    def rows(ax, names):
        ax.barh([0, 1], [1, 2])
        ax.set_yticks([0, 1], names)
        ax.set_xlabel("visibility index VI (1 = just visible)")

    problems = _chart(symbol)
    assert len(problems) == 2 and all("x label '$t$'" in p for p in problems), problems
    assert len(_chart(bare)) == 2
    assert _chart(lambda ax: rows(ax, ["fat over the PSIS", "muscle training"])) == []
    assert "code names" in _chart(lambda ax: rows(ax, ["fat_mm", "muscle"]))[0]


def test_a_shared_axis_needs_its_label_once():
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, sharey=True)
    for ax in (a, b):
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("body fat (%)")
    a.set_ylabel("visibility index VI (1 = just visible)")
    b.tick_params(labelleft=True)
    try:
        assert chart_problems(fig) == []
        a.set_ylabel("")
        assert len(chart_problems(fig)) == 2
    finally:
        plt.close(fig)
