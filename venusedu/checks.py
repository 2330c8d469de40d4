"""How a value given for a model parameter is checked, and how a refusal is worded.

The helpers behind every ``TypeError`` and ``ValueError`` of
:class:`venusedu.params.Params` (and of the array checks of
:mod:`venusedu.bodyfat`), kept apart from the field table so that both the
table (:mod:`venusedu.fields`, whose ``range_text`` uses :func:`_fmt`) and
the dataclass can use them:

- :func:`_fmt`, :func:`_sci`, :func:`_repr` and :func:`_with_unit` -- numbers
  and values written for a message: short, but never rounded so far that the
  message contradicts itself;
- :func:`_as_float`, :func:`_wrong_type`, :func:`_check_real_array` and
  :func:`_check_bool` -- checks that need no field table: a real number or an
  array of them against a range, a switch.

The names are private to the package and importable from
:mod:`venusedu.params` too, where they were first defined. This module
imports nothing but the standard library and NumPy.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def _fmt(value) -> str:
    """Format a number for a message: short, but never rounded.

    A value is printed with at most 6 significant digits when that is its
    exact (round-trip) value, and with as many digits as it needs otherwise,
    so that a message never contradicts itself ("40.00000004 is above 40",
    never "40 is above 40"). Integers with more than 17 digits are printed
    in scientific notation with their digit count.

    Examples
    --------
    >>> from venusedu.params import _fmt
    >>> _fmt(40.0), _fmt(40.00000004), _fmt(3.5e-4), _fmt(0.1 + 0.2)
    ('40', '40.00000004', '0.00035', '0.30000000000000004')
    >>> _fmt(10**400)
    '1e+400 (an integer of 401 digits)'
    """
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        if len(str(abs(int(value)))) <= 17:
            return str(int(value))
        return f"{_sci(int(value))} (an integer of {len(str(abs(int(value))))} digits)"
    if isinstance(value, numbers.Real):
        try:
            v = float(value)
        except OverflowError:  # a huge Fraction, say
            return f"about {_sci(int(math.trunc(value)))}"
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        short = f"{v:.6g}"
        if float(short) == v:
            return short
        exact = repr(v)
        return exact[:-2] if exact.endswith(".0") else exact
    return _repr(value)


def _sci(n: int) -> str:
    """A huge integer in scientific notation, 6 significant digits: ``1e+400``."""
    digits = str(abs(n))
    mantissa = digits[0] + ("." + digits[1:6].rstrip("0") if digits[1:6].rstrip("0") else "")
    return f"{'-' if n < 0 else ''}{mantissa}e+{len(digits) - 1}"


def _repr(value, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters (a message must stay one line)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _with_unit(value, unit: str) -> str:
    return f"{_fmt(value)} {unit}" if unit else _fmt(value)


def _as_float(value) -> float:
    """``float(value)`` for a real number; ±inf for one too large for a float."""
    try:
        return float(value)
    except OverflowError:  # e.g. 10**400 or a huge Fraction: out of any range
        return math.inf if value > 0 else -math.inf


def _wrong_type(name: str, value, expected: str) -> TypeError:
    return TypeError(f"{name} = {_repr(value)} ({type(value).__name__}) has the wrong type: must be {expected}")


def _check_real_array(name: str, value, low: float, high: float, unit: str) -> np.ndarray:
    """Validate a real number or an array of them against ``[low, high]``.

    Refuses bools, strings, bytes, ``None``, complex numbers, dates and times
    (``datetime64``/``timedelta64``) and arrays of any of them with a
    ``TypeError``; NaN, infinities, out-of-range values and integers too
    large for a float with a ``ValueError``. Both name the parameter, the
    (first offending) value, the unit and the range.

    Returns
    -------
    ndarray of float
        ``value`` as a float array (0-d for a scalar).
    """
    unit_text = f" {unit}" if unit else " (dimensionless)"
    expected = f"a real number (or an array of real numbers) between {_fmt(low)} and {_fmt(high)}{unit_text}"
    if value is None or isinstance(value, (bool, np.bool_, str, bytes)):
        raise _wrong_type(name, value, expected)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):  # e.g. a ragged list
        raise _wrong_type(name, value, expected) from None
    if arr.dtype.kind == "O":
        items = arr.ravel().tolist() if arr.ndim else [arr.item()]
        for item in items:
            if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
                raise TypeError(
                    f"{name} holds {_repr(item)} ({type(item).__name__}), which has the wrong type: must be {expected}"
                )
        floats = np.array([_as_float(item) for item in items], dtype=float).reshape(arr.shape)
    elif arr.dtype.kind in "iuf":
        floats = arr.astype(float)
        items = None
    else:  # b (bool), U/S (text), M/m (dates, times), c (complex), V (records)
        raise TypeError(
            f"{name} = {_repr(value)} ({type(value).__name__} of dtype {arr.dtype}) has the wrong type: "
            f"must be {expected}"
        )
    bad = ~(np.isfinite(floats) & (floats >= low) & (floats <= high))
    if bad.any():
        k = int(np.flatnonzero(bad.ravel())[0])
        first = items[k] if items is not None else floats.ravel()[k]
        raise ValueError(
            f"{name} = {_with_unit(first, unit)} is not allowed: must be a finite number between "
            f"{_fmt(low)} and {_fmt(high)}{unit_text}"
        )
    return floats


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise _wrong_type(name, value, "True or False")
    return bool(value)
