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
  three combinations that cannot be simulated: liposculpture deeper than the
  superficial fat, a tether pull larger than the bed it pulls through, and a
  grid too coarse for the extent.

Every message names the field, the value given, the unit and the allowed range.
NumPy scalars (``np.float64``, ``np.int64``, ``np.bool_``) are accepted and
stored as plain Python ``float``, ``int`` and ``bool``.

This module holds :class:`Params` and the checks of one field by its kind.
The field table (:class:`FieldSpec`, :data:`FIELDS`, the field groups,
:func:`field_spec`, :func:`parameter_table`) is in :mod:`venusedu.fields`, and
the wording of the messages with the checks that need no table in
:mod:`venusedu.checks`; everything is re-exported here, the public home of
the parameters. These modules import nothing but the standard library and
NumPy.

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

import numpy as np

# The field table and the wording of messages live in their own modules; every
# name is re-exported here, where it was first defined and is still imported
# from (``venusedu.params.FIELDS``, ``venusedu.params._fmt``).
from .checks import _as_float, _check_bool, _fmt, _with_unit, _wrong_type
from .checks import _check_real_array as _check_real_array
from .checks import _repr as _repr
from .checks import _sci as _sci
from .fields import (
    _SPECS,
    FIELD_NAMES,
    FIELDS,
    GROUPS,
    NUMERICS_FIELDS,
    SURFACE_FIELDS,
    VIEWING_FIELDS,
    FieldSpec,
    field_spec,
    parameter_table,
)

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
