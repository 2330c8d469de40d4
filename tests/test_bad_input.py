"""Bad input to the public API is refused at once with one clear message.

``Params`` and ``fat_from_body_fat`` must refuse huge integers, strings,
string and date arrays and ``None`` with a ``TypeError``/``ValueError`` naming
the parameter, the value, the unit and the range, and a range message must
print the value exactly enough not to contradict itself. The fields are
taken from ``Params``' own field table, so these tests follow its changes.
"""

from __future__ import annotations

import datetime
import math
import re
from fractions import Fraction

import numpy as np
import pytest

from venusedu import Params, fat_from_body_fat
from venusedu.params import FIELDS, field_spec

REAL_FIELDS = [f.name for f in FIELDS if f.kind == "float"]
INT_FIELDS = [f.name for f in FIELDS if f.kind == "int"]
BOOL_FIELDS = [f.name for f in FIELDS if f.kind == "bool"]

BF_RANGE = "between 3 and 60 %"


def _numbers_in(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


def _message(exc_type, call):
    with pytest.raises(exc_type) as info:
        call()
    msg = str(info.value)
    assert "\n" not in msg, "a message is one line"
    assert len(msg) < 400, msg
    return msg


# ---------------------------------------------------------------- Params


@pytest.mark.parametrize("name", REAL_FIELDS + INT_FIELDS)
@pytest.mark.parametrize("huge", [10**400, -(10**400), Fraction(10**400, 3)])
def test_params_refuse_huge_numbers_with_a_value_error(name, huge):
    if name in INT_FIELDS and not isinstance(huge, int):
        msg = _message(TypeError, lambda: Params(**{name: huge}))  # a fraction is no grid size
        assert msg.startswith(f"{name} = Fraction(") and msg.endswith(field_spec(name).range_text())
        return
    spec = field_spec(name)
    msg = _message(ValueError, lambda: Params(**{name: huge}))
    assert msg.startswith(f"{name} = ")
    assert spec.range_text() in msg
    assert "OverflowError" not in msg and "inf" not in msg.split("is not allowed")[0]
    if isinstance(huge, int):
        assert "e+400 (an integer of 401 digits)" in msg


@pytest.mark.parametrize("name", REAL_FIELDS)
@pytest.mark.parametrize(
    "bad",
    [
        "20",
        b"20",
        None,
        np.array(["20"]),
        np.array([20.0]),
        np.datetime64("2026-01-01"),
        datetime.date(2026, 1, 1),
        np.array(["2026-01-01"], dtype="datetime64[D]"),
        [1.0],
        {"v": 1},
    ],
)
def test_params_refuse_wrong_types_naming_field_value_unit_and_range(name, bad):
    spec = field_spec(name)
    msg = _message(TypeError, lambda: Params(**{name: bad}))
    assert msg.startswith(f"{name} = ")
    assert spec.range_text() in msg
    if spec.unit:
        assert spec.unit in msg
    assert type(bad).__name__ in msg


@pytest.mark.parametrize("name", INT_FIELDS)
@pytest.mark.parametrize("bad", ["256", None, 256.0, np.array([256])])
def test_integer_fields_refuse_wrong_types(name, bad):
    msg = _message(TypeError, lambda: Params(**{name: bad}))
    assert msg.startswith(f"{name} = ") and field_spec(name).range_text() in msg


@pytest.mark.parametrize("name", BOOL_FIELDS)
@pytest.mark.parametrize("bad", [None, "True", 1, np.array([True])])
def test_bool_fields_refuse_wrong_types(name, bad):
    msg = _message(TypeError, lambda: Params(**{name: bad}))
    assert msg.startswith(f"{name} = ") and "True or False" in msg


@pytest.mark.parametrize("name", REAL_FIELDS)
def test_range_messages_never_contradict_themselves(name):
    """Just outside a bound, the printed value is printed as outside it (40.00000004 is not '40')."""
    spec = field_spec(name)
    for bound, step in ((spec.high, 1.0), (spec.low, -1.0)):
        value = math.nextafter(bound, bound + step)
        msg = _message(ValueError, lambda value=value: Params(**{name: value}))
        shown = msg.split(" = ", 1)[1].split(" ", 1)[0]
        assert float(shown) == value, (shown, value)
        low, high = _numbers_in(msg.split("between", 1)[1])[:2]
        assert not low <= float(shown) <= high, msg


def test_the_example_of_the_brief():
    msg = _message(ValueError, lambda: Params(fat_mm=40.00000004))
    assert msg.startswith("fat_mm = 40.00000004 mm is not allowed")
    assert msg.endswith("between 1 and 40 mm")


def test_values_inside_the_range_still_work():
    assert Params(fat_mm=10**1).fat_mm == 10.0
    assert Params(fat_mm=Fraction(79, 2)).fat_mm == 39.5
    assert Params(grid=np.int64(128), extent_mm=128).grid == 128


# ------------------------------------------------------- fat_from_body_fat


@pytest.mark.parametrize(
    "bad",
    [
        ["20"],
        np.array(["20"]),
        np.array([b"20"]),
        [20, "30"],
        np.array(["2026-01-01"], dtype="datetime64[D]"),
        np.datetime64("2026-01-01"),
        np.array([1, 2], dtype="timedelta64[D]"),
        None,
        [None],
        [20.0, None],
        "20",
        b"20",
        [True, False],
        np.array([True]),
        20 + 0j,
        [[20, 30], [40]],
        {"bf": 20},
    ],
)
def test_fat_from_body_fat_refuses_non_numbers(bad):
    msg = _message(TypeError, lambda: fat_from_body_fat(bad, "female"))
    assert "body_fat_percent" in msg and BF_RANGE in msg


@pytest.mark.parametrize("bad", [10**400, [20, 10**400], -(10**400), 60.000000001, 2.9999999999])
def test_fat_from_body_fat_refuses_out_of_range_with_the_exact_value(bad):
    msg = _message(ValueError, lambda: fat_from_body_fat(bad, "male"))
    assert msg.startswith("body_fat_percent = ") and msg.endswith(BF_RANGE)
    shown = msg.split(" = ", 1)[1].split(" ", 1)[0]
    if isinstance(bad, float):
        assert float(shown) == bad and not 3 <= float(shown) <= 60
    else:
        assert "e+400" in shown


def test_fat_from_body_fat_still_takes_numbers_and_arrays():
    assert fat_from_body_fat(22, "female") == (10.0, 5.0, 15.0)
    est, low, high = fat_from_body_fat([22, 32.0], "female")
    assert est.tolist() == [10.0, 20.0] and high.tolist() == [15.0, 30.0]
    est, _, _ = fat_from_body_fat(np.array([22], dtype=np.int16), "f")
    assert est.tolist() == [10.0]
    assert fat_from_body_fat(np.float32(22.0), "female")[0] == 10.0
    assert fat_from_body_fat(Fraction(44, 2), "female")[0] == 10.0
    assert fat_from_body_fat(np.array([22, 32], dtype=object), "female")[0].tolist() == [10.0, 20.0]
