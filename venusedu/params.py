"""Parameters of the dimple model: one frozen, validated dataclass.

Every field of ``docs/MODEL.md`` §5 (Parameters) is a field of :class:`Params`,
with the same name. Each field also has a :class:`FieldSpec` record (symbol,
default, range, unit, status, group, one-line description) so that notebooks
can print a parameter table (:func:`parameter_table`) and the widget explorer
can build its sliders from data rather than from copies of the numbers.

Validation happens on creation (``__post_init__``):

* ``TypeError`` for a value of the wrong type (a string or a bool where a
  number is expected, a float for ``grid``, anything but a bool for
  ``ligament``);
* ``ValueError`` for NaN, infinities and values outside the range, and for
  two combinations that cannot be simulated: liposculpture deeper than the
  superficial fat, and a grid too coarse for the extent.

Every message names the field, the value given, the unit and the allowed range.
NumPy scalars (``np.float64``, ``np.int64``, ``np.bool_``) are accepted and
stored as plain Python ``float``, ``int`` and ``bool``.

This module imports nothing but the standard library and NumPy.

Examples
--------
>>> from venusedu.params import Params
>>> p = Params(fat_mm=12.0, light_elevation_deg=20)
>>> p.fat_mm, p.superficial_fat_mm, p.grid_spacing_mm
(12.0, 12.0, 1.0)
>>> Params.spec("fat_mm").unit
'mm'
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = [
    "FieldSpec",
    "FIELDS",
    "FIELD_NAMES",
    "VIEWING_FIELDS",
    "SURFACE_FIELDS",
    "NUMERICS_FIELDS",
    "GROUPS",
    "MAX_GRID_SPACING_MM",
    "Params",
    "parameter_table",
    "field_spec",
]

#: Coarsest grid spacing ``extent_mm / grid`` that :class:`Params` accepts (mm).
#: The narrowest feature of the model is the skin pit, whose width at half
#: depth is at least about 8 mm; at 2 mm spacing it is sampled by four points
#: and the depth at defaults is within a few per cent of the converged value,
#: while the default (1 mm) is converged to under 1 % (``tests/test_validation.py``).
#: Coarser grids would turn the dimple into one or two pixels, so they are refused.
MAX_GRID_SPACING_MM = 2.0

#: Relative slack allowed when ``lipo_depth_mm`` is compared with
#: ``superficial_fraction * fat_mm``, so that a value typed as exactly the
#: superficial fat (e.g. 0.3 * 10) is not refused for a rounding error of the
#: product.
_LIPO_RTOL = 1e-12


class FieldSpec(NamedTuple):
    """Description of one :class:`Params` field (a row of MODEL.md §5).

    Attributes
    ----------
    name : str
        Field name, exactly as in MODEL.md.
    symbol : str
        Symbol used in the equations (plain text, e.g. ``"t"``, ``"λ0"``).
    default : float or int or bool
        Default value.
    low, high : float or int or None
        Inclusive allowed range (``None`` for the boolean ``ligament``). For
        ``lipo_depth_mm`` the upper bound also depends on other fields: it may
        not exceed ``superficial_fraction * fat_mm``.
    unit : str
        Unit (``""`` for dimensionless quantities).
    status : str
        ``measured``, ``estimate``, ``assumption``, ``intervention``,
        ``viewing``, ``numerics``, ``slider`` or ``variant`` (MODEL.md).
    description : str
        One line for a parameter table or a slider tooltip.
    group : str
        One of :data:`GROUPS`: ``"body"``, ``"tether"``, ``"tissue"``,
        ``"intervention"``, ``"viewing"`` or ``"numerics"``.
    kind : str
        ``"float"``, ``"int"`` or ``"bool"``.
    scale : str
        ``"linear"`` or ``"log"``: how a slider should step through the range.

    Examples
    --------
    >>> from venusedu.params import field_spec
    >>> s = field_spec("skin_tension_n_per_m")
    >>> (s.default, s.low, s.high, s.unit)
    (10.0, 5.0, 30.0, 'N/m')
    >>> s.viewing
    False
    """

    name: str
    symbol: str
    default: float | int | bool
    low: float | int | None
    high: float | int | None
    unit: str
    status: str
    description: str
    group: str
    kind: str = "float"
    scale: str = "linear"

    @property
    def viewing(self) -> bool:
        """True for fields that change only how the surface is seen."""
        return self.group == "viewing"

    @property
    def shapes_surface(self) -> bool:
        """True for fields that change the surface (all but the viewing ones)."""
        return self.group != "viewing"

    @property
    def bounds(self) -> tuple[float, float]:
        """``(low, high)`` of a numeric field.

        Raises
        ------
        ValueError
            For the boolean ``ligament``, which has no range.

        Examples
        --------
        >>> from venusedu.params import field_spec
        >>> field_spec("fat_mm").bounds
        (1.0, 40.0)
        """
        if self.low is None or self.high is None:
            raise ValueError(f"{self.name} is a switch (True or False) and has no range")
        return self.low, self.high

    def range_text(self) -> str:
        """The allowed range as text, e.g. ``"between 1 and 40 mm"``.

        Examples
        --------
        >>> from venusedu.params import field_spec
        >>> field_spec("ambient").range_text()
        'between 0 and 0.9 (dimensionless)'
        """
        if self.kind == "bool":
            return "True or False"
        unit = f" {self.unit}" if self.unit else " (dimensionless)"
        return f"between {_fmt(self.low)} and {_fmt(self.high)}{unit}"


#: Names of the groups, in display order.
GROUPS = ("body", "tether", "tissue", "intervention", "viewing", "numerics")

# A table, one field a row in MODEL.md's order: `ruff format` leaves it as written.
# fmt: off
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("fat_mm", "t", 8.0, 1.0, 40.0, "mm", "slider",
              "total subcutaneous fat over the PSIS (see fat_from_body_fat)", "body"),
    FieldSpec("superficial_fraction", "f_s", 1.0, 0.0, 1.0, "", "assumption",
              "share of the fat lying over the tether's insertion (0 naive, 1 blanket)", "body"),
    FieldSpec("ligament", "χ", True, None, None, "", "variant",
              "whether a tether (ligament) ties the superficial fascia to the PSIS", "tether", "bool"),
    FieldSpec("tether_pull_mm", "d_p", 2.0, 0.0, 6.0, "mm", "estimate",
              "how far below its untethered level the tether holds the insertion, "
              "without deep fat or muscle (at most bed_mm)", "tether"),
    FieldSpec("tether_radius_mm", "a", 5.0, 1.0, 8.0, "mm", "estimate",
              "radius of the disc over which the tether holds the superficial fascia", "tether"),
    FieldSpec("remodel_fraction", "ρ", 0.0, 0.0, 1.0, "", "assumption",
              "share of the deep fat the tether lengthens to accommodate (hypothesis)", "tether"),
    FieldSpec("bed_mm", "h_b", 8.0, 3.0, 20.0, "mm", "estimate",
              "soft tissue under the superficial fascia besides the deep fat", "tissue"),
    FieldSpec("muscle", "m", 1.0, 0.0, 3.0, "", "assumption",
              "muscle relief factor (0 none, 1 typical, 3 trained)", "body"),
    FieldSpec("lipo_depth_mm", "Δ", 0.0, 0.0, 40.0, "mm", "intervention",
              "fat removed over each PSIS by liposculpture (at most the superficial fat)",
              "intervention"),
    FieldSpec("lipo_radius_mm", "r_l", 10.0, 5.0, 20.0, "mm", "intervention",
              "radius (Gaussian sigma) of the liposculpture", "intervention"),
    FieldSpec("dimple_spacing_mm", "s_d", 100.0, 80.0, 120.0, "mm",
              "measured (women) / estimate (men)", "distance between the two PSIS dimples", "body"),
    FieldSpec("fat_shear_modulus_pa", "μ", 750.0, 300.0, 3000.0, "Pa", "measured",
              "shear modulus of subcutaneous fat", "tissue", "float", "log"),
    FieldSpec("skin_tension_n_per_m", "T", 10.0, 5.0, 30.0, "N/m", "measured (arm, not back)",
              "resting tension of the skin", "tissue"),
    FieldSpec("skin_bending_nm", "D", 3.5e-4, 1e-4, 2e-3, "N·m", "estimate",
              "bending stiffness of the skin", "tissue", "float", "log"),
    FieldSpec("fascia_tension_n_per_m", "T_f", 10.0, 0.0, 50.0, "N/m", "assumption",
              "resting tension of the superficial fascia (not measured)", "tissue"),
    FieldSpec("light_elevation_deg", "θ", 35.0, 5.0, 90.0, "°", "viewing",
              "elevation of the light above the skin plane (90 = frontal flash)", "viewing"),
    FieldSpec("light_azimuth_deg", "φ", 0.0, 0.0, 360.0, "°", "viewing",
              "azimuth of the light (0 = from the +x side)", "viewing"),
    FieldSpec("ambient", "A", 0.3, 0.0, 0.9, "", "viewing",
              "share of ambient (shadow-free) light", "viewing"),
    FieldSpec("luminance_cd_m2", "L", 60.0, 1.0, 5000.0, "cd/m²", "viewing",
              "luminance of skin facing the light (indoor ≈ 30–100, daylight 1000+)",
              "viewing", "float", "log"),
    FieldSpec("view_distance_m", "D_v", 1.5, 0.3, 10.0, "m", "viewing",
              "distance from the eye to the back", "viewing", "float", "log"),
    FieldSpec("grid", "", 256, 64, 1024, "points", "numerics",
              "grid points per side (even)", "numerics", "int"),
    FieldSpec("extent_mm", "", 256.0, 128.0, 512.0, "mm", "numerics",
              "side of the square patch of skin simulated (periodic; 256+ recommended)", "numerics"),
)
# fmt: on

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
_SPECS: dict[str, FieldSpec] = {f.name: f for f in FIELDS}

#: Fields that change only how the surface is seen (lighting, eye, distance).
#: :func:`venusedu.model.simulate` reuses the surface of a previous result when
#: only these change.
VIEWING_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.group == "viewing")
#: Fields that shape the surface (everything except the viewing fields,
#: including the numerics ``grid`` and ``extent_mm``).
SURFACE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.group != "viewing")
#: Numerical fields (grid and patch size).
NUMERICS_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.group == "numerics")


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


def field_spec(name: str) -> FieldSpec:
    """Return the :class:`FieldSpec` of the field called *name*.

    Parameters
    ----------
    name : str
        A field of :class:`Params`.

    Returns
    -------
    FieldSpec

    Raises
    ------
    KeyError
        If *name* is not a field; the message lists the fields.

    Examples
    --------
    >>> from venusedu.params import field_spec
    >>> field_spec("ambient").group
    'viewing'
    """
    try:
        return _SPECS[name]
    except KeyError:
        raise KeyError(
            f"{name!r} is not a parameter of the dimple model; the parameters are: " + ", ".join(FIELD_NAMES)
        ) from None


def parameter_table() -> list[dict[str, object]]:
    """Rows of the parameter table (MODEL.md §5), for printing.

    Returns
    -------
    list of dict
        One dict per field, in MODEL.md order, with keys ``name``, ``symbol``,
        ``default``, ``low``, ``high``, ``unit``, ``status``, ``group``,
        ``description``.

    Examples
    --------
    >>> from venusedu.params import parameter_table
    >>> rows = parameter_table()
    >>> rows[0]["name"], rows[0]["default"], rows[0]["unit"]
    ('fat_mm', 8.0, 'mm')
    >>> len(rows)
    22
    """
    return [
        {
            "name": f.name,
            "symbol": f.symbol,
            "default": f.default,
            "low": f.low,
            "high": f.high,
            "unit": f.unit,
            "status": f.status,
            "group": f.group,
            "description": f.description,
        }
        for f in FIELDS
    ]


def _as_float(value) -> float:
    """``float(value)`` for a real number; ±inf for one too large for a float."""
    try:
        return float(value)
    except OverflowError:  # e.g. 10**400 or a huge Fraction: out of any range
        return math.inf if value > 0 else -math.inf


def _wrong_type(name: str, value, expected: str) -> TypeError:
    return TypeError(f"{name} = {_repr(value)} ({type(value).__name__}) has the wrong type: must be {expected}")


def _check_real(name: str, value) -> float:
    """Normalise a real number (Python or NumPy), refusing bools, strings and None."""
    spec = _SPECS[name]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise _wrong_type(name, value, f"a real number (int or float) {spec.range_text()}")
    v = _as_float(value)
    # Integers are compared exactly (10**400 must not become inf, 2**53 + 1 not 2**53).
    low, high = spec.bounds
    inside = low <= int(value) <= high if isinstance(value, numbers.Integral) else low <= v <= high
    if not math.isfinite(v) or not inside:
        shown = v if isinstance(value, (float, np.floating)) else value
        raise ValueError(
            f"{name} = {_with_unit(shown, spec.unit)} is not allowed: must be a finite number {spec.range_text()}"
        )
    return v


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


def _check_grid(name: str, value) -> int:
    spec = _SPECS[name]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise _wrong_type(name, value, f"an even integer {spec.range_text()}")
    v = int(value)
    low, high = spec.bounds
    if not (low <= v <= high) or v % 2:
        raise ValueError(
            f"{name} = {_with_unit(v, spec.unit)} is not allowed: must be an even integer "
            f"{spec.range_text()} (even, so that x = 0 and y = 0 are grid lines)"
        )
    return v


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise _wrong_type(name, value, "True or False")
    return bool(value)


@dataclass(frozen=True)
class Params:
    """All inputs of the dimple model (MODEL.md §5), validated on creation.

    Frozen: change a value with :func:`dataclasses.replace`, which validates
    again. Lengths are in mm unless the name says otherwise.

    Parameters
    ----------
    fat_mm : float, default 8
        Total subcutaneous fat over the PSIS *t*, 1–40 mm.
    superficial_fraction : float, default 1.0
        Share *f_s* of the fat over the tether's insertion, 0–1
        (0 naive/mattress-button regime, 1 blanket regime).
    ligament : bool, default True
        Whether the tether exists (*χ*).
    tether_pull_mm : float, default 2
        Tether pull *d_p*, 0–6 mm and at most ``bed_mm``: how far below its
        untethered level the tether holds the superficial fascia when there is
        no deep fat and no muscle relief.
    tether_radius_mm : float, default 5
        Radius *a* of the disc over which the tether holds the fascia, 1–8 mm.
    remodel_fraction : float, default 0
        Remodelling fraction *ρ*, 0–1.
    bed_mm : float, default 8
        Soft tissue *h_b* under the superficial fascia besides the deep fat,
        3–20 mm; the deep layer is ``h_d = bed_mm + (1 − f_s) t``.
    muscle : float, default 1
        Muscle relief factor *m*, 0–3.
    lipo_depth_mm : float, default 0
        Fat removed over each PSIS *Δ*, 0 to ``superficial_fraction * fat_mm``.
    lipo_radius_mm : float, default 10
        Gaussian radius of the liposculpture *r_l*, 5–20 mm.
    dimple_spacing_mm : float, default 100
        Distance between the dimples, 80–120 mm.
    fat_shear_modulus_pa : float, default 750
        Fat shear modulus *μ*, 300–3000 Pa.
    skin_tension_n_per_m : float, default 10
        Skin tension *T*, 5–30 N/m.
    skin_bending_nm : float, default 3.5e-4
        Skin bending stiffness *D*, 1e-4–2e-3 N·m.
    fascia_tension_n_per_m : float, default 10
        Tension *T_f* of the superficial fascia, 0–50 N/m.
    light_elevation_deg : float, default 35
        Light elevation *θ* above the skin plane, 5–90°.
    light_azimuth_deg : float, default 0
        Light azimuth *φ*, 0–360°.
    ambient : float, default 0.3
        Ambient share *A*, 0–0.9.
    luminance_cd_m2 : float, default 60
        Luminance *L* of skin facing the light squarely, 1–5000 cd/m²
        (ordinary indoor light about 30–100, daylight 1000 and more).
    view_distance_m : float, default 1.5
        Viewing distance *D_v*, 0.3–10 m.
    grid : int, default 256
        Grid points per side, even, 64–1024.
    extent_mm : float, default 256
        Side of the simulated square, 128–512 mm. ``extent_mm / grid`` may not
        exceed :data:`MAX_GRID_SPACING_MM` (2 mm). The fields are periodic:
        below about 200 mm the periodic copies of the dimples interact (at
        128 mm the default depth is 4 % too deep, broad pins up to twice);
        from 256 mm on, doubling the extent changes the results by < 1 % at
        defaults and < 2 % at the extremes of the box.

    Raises
    ------
    TypeError
        A value of the wrong type.
    ValueError
        NaN, an infinity, a value out of range, lipo deeper than the
        superficial fat, a tether pull larger than the bed, or a grid too
        coarse for the extent.

    Examples
    --------
    >>> import dataclasses
    >>> from venusedu import Params
    >>> p = Params(fat_mm=12.0, light_elevation_deg=20)
    >>> dataclasses.replace(p, fat_mm=20.0).fat_mm
    20.0
    >>> Params(fat_mm=float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: fat_mm = nan mm is not allowed: must be a finite number between 1 and 40 mm
    >>> p.viewing_only_difference(dataclasses.replace(p, ambient=0.5))
    True
    """

    fat_mm: float = 8.0
    superficial_fraction: float = 1.0
    ligament: bool = True
    tether_pull_mm: float = 2.0
    tether_radius_mm: float = 5.0
    remodel_fraction: float = 0.0
    bed_mm: float = 8.0
    muscle: float = 1.0
    lipo_depth_mm: float = 0.0
    lipo_radius_mm: float = 10.0
    dimple_spacing_mm: float = 100.0
    fat_shear_modulus_pa: float = 750.0
    skin_tension_n_per_m: float = 10.0
    skin_bending_nm: float = 3.5e-4
    fascia_tension_n_per_m: float = 10.0
    light_elevation_deg: float = 35.0
    light_azimuth_deg: float = 0.0
    ambient: float = 0.3
    luminance_cd_m2: float = 60.0
    view_distance_m: float = 1.5
    grid: int = 256
    extent_mm: float = 256.0

    def __post_init__(self) -> None:
        for spec in FIELDS:
            raw = getattr(self, spec.name)
            value: bool | int | float
            if spec.kind == "bool":
                value = _check_bool(spec.name, raw)
            elif spec.kind == "int":
                value = _check_grid(spec.name, raw)
            else:
                value = _check_real(spec.name, raw)
            object.__setattr__(self, spec.name, value)

        t_s = self.superficial_fat_mm
        if self.lipo_depth_mm > t_s * (1.0 + _LIPO_RTOL):
            raise ValueError(
                f"lipo_depth_mm = {_fmt(self.lipo_depth_mm)} mm is not allowed: liposculpture "
                f"cannot remove more than the superficial fat, superficial_fraction × fat_mm = "
                f"{_fmt(self.superficial_fraction)} × {_fmt(self.fat_mm)} mm = {_fmt(t_s)} mm; "
                f"must be a finite number between 0 and {_fmt(t_s)} mm"
            )
        if self.tether_pull_mm > self.bed_mm:
            raise ValueError(
                f"tether_pull_mm = {_fmt(self.tether_pull_mm)} mm is not allowed with bed_mm = "
                f"{_fmt(self.bed_mm)} mm: the tether cannot hold the fascia below the bone, so the "
                f"pull may not exceed the bed; must be a finite number between 0 and "
                f"{_fmt(min(self.bed_mm, field_spec('tether_pull_mm').bounds[1]))} mm"
            )
        spacing = self.grid_spacing_mm
        if spacing > MAX_GRID_SPACING_MM:
            raise ValueError(
                f"grid = {self.grid} points with extent_mm = {_fmt(self.extent_mm)} mm gives a "
                f"grid spacing of {_fmt(spacing)} mm, too coarse to resolve the pin: the spacing "
                f"extent_mm / grid must be at most {_fmt(MAX_GRID_SPACING_MM)} mm (use grid >= "
                f"{_min_grid(self.extent_mm)} for this extent, or a smaller extent_mm)"
            )

    # -- derived quantities (pure geometry of the inputs) ----------------------
    @property
    def superficial_fat_mm(self) -> float:
        """Superficial fat ``t_s = f_s · t`` over the insertion level (mm)."""
        return self.superficial_fraction * self.fat_mm

    @property
    def deep_fat_mm(self) -> float:
        """Deep fat ``t_d = (1 − f_s) · t`` under the insertion level (mm)."""
        return (1.0 - self.superficial_fraction) * self.fat_mm

    @property
    def deep_layer_mm(self) -> float:
        """Deep layer under the insertion ``h_d = h_b + t_d`` (bed plus deep fat, mm)."""
        return self.bed_mm + self.deep_fat_mm

    @property
    def tether_target_mm(self) -> float:
        """How far the tether holds the fascia below its rest level, ``δ = d_p + (1 − ρ) t_d`` (mm).

        Measured from where the fascia would rest with no tether and no muscle
        relief; the muscle relief under the attachment adds to the pull the
        tether exerts (it lifts the surroundings, not the bone).
        """
        return self.tether_pull_mm + (1.0 - self.remodel_fraction) * self.deep_fat_mm

    @property
    def grid_spacing_mm(self) -> float:
        """Grid spacing ``extent_mm / grid`` (mm)."""
        return self.extent_mm / self.grid

    # -- field metadata --------------------------------------------------------
    @staticmethod
    def spec(name: str) -> FieldSpec:
        """Return the :class:`FieldSpec` of field *name* (see :func:`field_spec`).

        Examples
        --------
        >>> from venusedu import Params
        >>> Params.spec("view_distance_m").range_text()
        'between 0.3 and 10 m'
        """
        return field_spec(name)

    @staticmethod
    def fields_in_group(group: str) -> tuple[str, ...]:
        """Names of the fields in *group* (one of :data:`GROUPS`).

        Examples
        --------
        >>> from venusedu import Params
        >>> Params.fields_in_group("numerics")
        ('grid', 'extent_mm')
        """
        if group not in GROUPS:
            raise ValueError(f"group = {group!r} is not a group; the groups are: {', '.join(GROUPS)}")
        return tuple(f.name for f in FIELDS if f.group == group)

    def as_dict(self) -> dict[str, object]:
        """The field values as a plain dict (Python scalars only).

        Examples
        --------
        >>> from venusedu import Params
        >>> Params().as_dict()["grid"]
        256
        """
        return {name: getattr(self, name) for name in FIELD_NAMES}

    def changed_fields(self, other: Params) -> tuple[str, ...]:
        """Names of the fields whose values differ between *self* and *other*.

        Examples
        --------
        >>> import dataclasses
        >>> from venusedu import Params
        >>> p = Params()
        >>> p.changed_fields(dataclasses.replace(p, fat_mm=3.0, ambient=0.1))
        ('fat_mm', 'ambient')
        """
        if not isinstance(other, Params):
            raise TypeError(f"other = {other!r} ({type(other).__name__}) must be a Params")
        return tuple(n for n in FIELD_NAMES if getattr(self, n) != getattr(other, n))

    def viewing_only_difference(self, other: Params) -> bool:
        """True if *self* and *other* differ in viewing fields only (or not at all).

        Examples
        --------
        >>> import dataclasses
        >>> from venusedu import Params
        >>> p = Params()
        >>> p.viewing_only_difference(dataclasses.replace(p, fat_mm=3.0))
        False
        """
        return all(n in VIEWING_FIELDS for n in self.changed_fields(other))


def _min_grid(extent_mm: float) -> int:
    n = math.ceil(extent_mm / MAX_GRID_SPACING_MM)
    return n + (n % 2)
