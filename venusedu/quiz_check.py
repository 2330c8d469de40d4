"""The exercise checkers of the lessons: a student's number or function against the reference.

:func:`check_value` compares a number, :func:`check_function` a function on a
few cases, and both print feedback a student can act on. A wrong function is
diagnosed: a known :class:`Mistake` of the exercise, or a pattern in the wrong
answers (a constant factor, a sign, a constant offset); the expected values are
shown only from the :data:`REVEAL_AFTER_ATTEMPTS`-th check of the same exercise
on (:func:`reset_attempts` forgets the count). The lessons import all of this
from :mod:`venusedu.quiz`, with the quizzes.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Mistake",
    "check_function",
    "check_value",
    "reset_attempts",
    "REVEAL_AFTER_ATTEMPTS",
]


def _format(value) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):.4g}"
    return repr(value)


def check_value(
    name: str, value, expected: float, *, rtol: float = 0.02, atol: float = 0.0, unit: str = "", hint: str = ""
) -> bool:
    """Compare a student's number with the expected one and print feedback.

    Parameters
    ----------
    name : str
        What the number is, e.g. ``"depth at 10 mm of fat"``.
    value : float
        The student's answer.
    expected : float
        The reference answer.
    rtol, atol : float
        Relative and absolute tolerance.
    unit : str
        Unit printed with the numbers.
    hint : str
        Printed when the answer is wrong.

    Returns
    -------
    bool
        Whether the answer is within tolerance.
    """
    suffix = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        print(f"✘ {name}: expected a number, got {type(value).__name__}.")
        return False
    value = float(value)
    if not math.isfinite(value):
        print(f"✘ {name}: got {value}, which is not a finite number.")
        return False
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        print(f"✔ {name}: {_format(value)}{suffix} is right.")
        return True
    print(f"✘ {name}: got {_format(value)}{suffix}, expected about {_format(expected)}{suffix}. {hint}".rstrip())
    return False


#: The expected value of a wrong case is printed from this attempt on, so that a
#: student first gets a diagnosis to think about, not a number to copy.
REVEAL_AFTER_ATTEMPTS = 3
# Attempts per checked exercise (by its label) in this kernel. Module state on
# purpose: a student re-runs the checking cell, and the count must survive it.
# reset_attempts() clears it.
_ATTEMPTS: dict[str, int] = {}


def reset_attempts(label: str | None = None) -> None:
    """Forget how often an exercise (or, by default, every exercise) was checked."""
    if label is None:
        _ATTEMPTS.clear()
    else:
        _ATTEMPTS.pop(label, None)


@dataclass(frozen=True)
class Mistake:
    """A common wrong solution of an exercise, recognised by :func:`check_function`.

    Parameters
    ----------
    diagnosis : str
        What the student probably did, e.g. ``"the angle in degrees where radians are needed"``.
    function : callable
        The wrong solution, with the reference's keyword arguments.
    """

    diagnosis: str
    function: Callable


def _as_floats(value):
    import numpy as np

    return np.asarray(value, dtype=float)


def _ratio_diagnosis(got, want) -> str:
    """A pattern in the wrong answers: a constant factor, a sign, a constant offset."""
    import numpy as np

    g = np.concatenate([np.ravel(x) for x in got])
    w = np.concatenate([np.ravel(x) for x in want])
    ok = np.isfinite(g) & np.isfinite(w) & (np.abs(w) > 1e-12)
    if ok.sum() < 1:
        return ""
    r = g[ok] / w[ok]
    if np.allclose(r, r[0], rtol=1e-3) and r.size >= 1:
        f = float(r[0])
        for value, words in (
            (180 / math.pi, "degrees instead of radians?"),
            (math.pi / 180, "radians where degrees were asked?"),
            (-1.0, "the sign is flipped"),
            (2.0, "a factor of 2 too many?"),
            (0.5, "a factor of 2 missing?"),
            (1000.0, "metres and millimetres mixed up?"),
            (0.001, "millimetres and metres mixed up?"),
            (100.0, "a fraction given as per cent?"),
            (0.01, "per cent given as a fraction?"),
        ):
            if math.isclose(f, value, rel_tol=1e-3):
                return f"your values are {f:.3g}× the expected ones: {words}"
        return f"your values are all {f:.3g}× the expected ones"
    d = g[ok] - w[ok]
    if np.allclose(d, d[0], rtol=1e-3, atol=1e-12):
        return f"your values are all off by the same {d[0]:+.3g}: a constant added or forgotten?"
    return ""


def check_function(
    student: Callable,
    reference: Callable,
    cases: Iterable[Mapping[str, Any]],
    *,
    name: str | None = None,
    rtol: float = 1e-3,
    atol: float = 1e-9,
    hint: str = "",
    mistakes: Sequence[Mistake] = (),
    arrays: bool = False,
) -> bool:
    """Call a student's function and a reference on the same inputs and print feedback.

    Every case is run; the feedback says how many are wrong and what pattern
    the wrong answers show (a constant factor such as 57.3 — degrees instead of
    radians — a sign, a factor of 2, a constant offset), names a known
    mistake when the student's results match one of ``mistakes`` on every
    case, and says when the function fails on NumPy arrays (``arrays=True``).
    The expected values of wrong cases are printed only from the
    :data:`REVEAL_AFTER_ATTEMPTS`-th check of the same exercise on.

    ``NotImplementedError`` raised by an unsolved exercise propagates, so an
    unsolved student notebook stops visibly at the exercise.

    Parameters
    ----------
    student, reference : callable
        Functions of the same keyword arguments returning a number (or an array).
    cases : iterable of mapping
        Keyword arguments for each call.
    name : str, optional
        Name shown in the feedback (default: the student's function name).
    rtol, atol : float
        Tolerances for each case.
    hint : str
        Printed after the diagnosis when a case is wrong.
    mistakes : sequence of Mistake
        Common wrong solutions of this exercise.
    arrays : bool
        Also call both functions with every argument that is a number of the
        cases given as an array of all the cases' values (the exercise asks for
        array-aware code).

    Returns
    -------
    bool
        True when every case agrees.

    Examples
    --------
    >>> check_function(lambda x: 2 * x, lambda x: 2 * x, [{"x": 1.0}, {"x": 3.0}], name="double")
    ✔ double: all 2 cases agree with the reference.
    True
    >>> reset_attempts()
    >>> check_function(lambda x: 4 * x, lambda x: 2 * x, [{"x": 1.0}, {"x": 3.0}], name="double")
    ✘ double: 2 of 2 cases wrong; your values are 2× the expected ones: a factor of 2 too many?
      (attempt 1: the expected values are shown from attempt 3 on)
    False
    """
    if not callable(student):
        raise TypeError(f"expected a function to check, got {type(student).__name__}")
    label: str = name or str(getattr(student, "__name__", "your function"))
    cases = list(cases)
    attempt = _ATTEMPTS.get(label, 0) + 1
    _ATTEMPTS[label] = attempt
    run = _run_cases(student, reference, cases, label, rtol, atol)
    if run is None:
        return False
    wrong, got_all, want_all = run
    notes = []
    if arrays and cases:
        note = _check_arrays(student, reference, cases, rtol, atol)
        if note is not None:
            notes.append(note)
            wrong.append(("arrays", None, None))
    if not wrong:
        print(f"✔ {label}: all {len(cases)} cases agree with the reference.")
        _ATTEMPTS.pop(label, None)
        return True
    n_wrong = sum(1 for a, _, _ in wrong if a != "arrays")
    parts = [f"{n_wrong} of {len(cases)} cases wrong"] if n_wrong else []
    parts += _diagnosis(mistakes, cases, wrong, got_all, want_all, n_wrong, rtol, atol)
    parts += notes
    print(f"✘ {label}: " + "; ".join(parts) + (f". {hint}" if hint else ""))
    _print_expected(label, wrong, attempt, n_wrong)
    return False


def _case_args(kwargs: Mapping[str, Any]) -> str:
    """A case's keyword arguments as the feedback shows them: ``x=1, y=2``."""
    return ", ".join(f"{k}={_format(v)}" for k, v in kwargs.items())


def _run_cases(student, reference, cases, label, rtol, atol):
    """Run every case; return ``(wrong, got, want)``, or None (after saying so) when a result is not a number.

    ``wrong`` holds ``(arguments, student's result, reference's result)`` of
    each case that disagrees; ``got`` and ``want`` every case's results as
    arrays of floats.
    """
    import numpy as np

    wrong, got_all, want_all = [], [], []
    for kwargs in cases:
        got = student(**kwargs)
        want = reference(**kwargs)
        args = _case_args(kwargs)
        try:
            g, w_ = _as_floats(got), _as_floats(want)
            ok = g.shape == w_.shape and bool(np.allclose(g, w_, rtol=rtol, atol=atol))
        except (TypeError, ValueError):
            print(f"✘ {label}({args}) returned {got!r}, which is not a number.")
            return None
        got_all.append(g)
        want_all.append(w_)
        if not ok:
            wrong.append((args, got, want))
    return wrong, got_all, want_all


def _check_arrays(student, reference, cases, rtol, atol) -> str | None:
    """Call both functions with arrays of the cases' numbers; what went wrong, or None if all is well.

    ``NotImplementedError`` (an unsolved exercise) propagates.
    """
    import numpy as np

    keys = [
        k
        for k, v in cases[0].items()
        if isinstance(v, numbers.Real)
        and not isinstance(v, bool)
        and all(isinstance(c.get(k), numbers.Real) for c in cases)
    ]
    if not keys:
        return None
    batch = dict(cases[0])
    for k in keys:
        batch[k] = np.array([float(c[k]) for c in cases])
    try:
        g = _as_floats(student(**batch))
        ok = g.shape == (len(cases),) and bool(np.allclose(g, _as_floats(reference(**batch)), rtol=rtol, atol=atol))
    except NotImplementedError:
        raise
    except Exception as exc:  # the student's code fails on arrays: say so, plainly
        return (
            f"with arrays for {', '.join(keys)} it fails ({type(exc).__name__}: {exc}); "
            "write it with NumPy functions (np.sqrt, np.where, ...) instead of math and if"
        )
    if not ok:
        return f"with arrays for {', '.join(keys)} it does not give one value per element"
    return None


def _known_mistake(mistakes, cases, got_all, rtol, atol) -> str | None:
    """The diagnosis of the first of ``mistakes`` that gives the student's results on every case, or None."""
    import numpy as np

    for m in mistakes:
        try:
            if all(
                np.allclose(_as_floats(m.function(**kw)), g, rtol=rtol, atol=atol)
                for kw, g in zip(cases, got_all, strict=True)
            ):
                return m.diagnosis
        except Exception:
            continue
    return None


def _diagnosis(mistakes, cases, wrong, got_all, want_all, n_wrong, rtol, atol) -> list[str]:
    """What the wrong answers suggest: a known mistake, else a pattern in the wrong cases (or nothing)."""
    mistake = _known_mistake(mistakes, cases, got_all, rtol, atol)
    if mistake is not None:
        return [f"this looks like {mistake}"]
    if n_wrong:
        wrong_args = {a for a, _, _ in wrong}
        idx = [i for i, kw in enumerate(cases) if _case_args(kw) in wrong_args]
        diag = _ratio_diagnosis([got_all[i] for i in idx], [want_all[i] for i in idx])
        if diag:
            return [diag]
    return []


def _print_expected(label, wrong, attempt, n_wrong) -> None:
    """From the :data:`REVEAL_AFTER_ATTEMPTS`-th attempt on, the expected value of each wrong case; before, when."""
    if attempt >= REVEAL_AFTER_ATTEMPTS:
        for args, got, want in wrong:
            if args != "arrays":
                print(f"  {label}({args}) returned {_format(got)}, expected {_format(want)}")
    elif n_wrong:
        print(f"  (attempt {attempt}: the expected values are shown from attempt {REVEAL_AFTER_ATTEMPTS} on)")
