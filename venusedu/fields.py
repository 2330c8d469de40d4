"""The field table of the dimple model: one :class:`FieldSpec` per parameter.

Every field of ``docs/MODEL.md`` §5 (Parameters) has a row in :data:`FIELDS`
(symbol, default, range, unit, status, group, one-line description, kind and
slider scale), in MODEL.md's order. It is the one table that
:class:`venusedu.params.Params` validates against, that
:func:`parameter_table` prints for the lessons and that the widget explorer
builds its sliders from, rather than from copies of the numbers. The field
groups (:data:`GROUPS`, :data:`VIEWING_FIELDS`, ...) and the look-up
:func:`field_spec` are derived from it.

Everything here is importable from :mod:`venusedu.params`, the public home
of the parameters (``from venusedu.params import FIELDS, field_spec``). This
module imports nothing but the standard library (the wording of its ranges
comes from :mod:`venusedu.checks`).
"""

from __future__ import annotations

from typing import NamedTuple

from .checks import _fmt


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
