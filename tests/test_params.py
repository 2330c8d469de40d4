"""Params: fields, metadata, types, ranges and the cross-field checks (MODEL.md §4, §6)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from venusedu import Params
from venusedu.params import (
    FIELD_NAMES,
    FIELDS,
    GROUPS,
    MAX_GRID_SPACING_MM,
    NUMERICS_FIELDS,
    SURFACE_FIELDS,
    VIEWING_FIELDS,
    field_spec,
    parameter_table,
)

# The table of MODEL.md §4, copied here on purpose: it is the contract.
MODEL_TABLE = {
    # name: (default, low, high, unit)
    "fat_mm": (8, 1, 40, "mm"),
    "superficial_fraction": (1.0, 0, 1, ""),
    "ligament": (True, None, None, ""),
    "tether_pull_mm": (2, 0, 6, "mm"),
    "tether_radius_mm": (5, 1, 8, "mm"),
    "remodel_fraction": (0, 0, 1, ""),
    "bed_mm": (8, 3, 20, "mm"),
    "muscle": (1, 0, 3, ""),
    "lipo_depth_mm": (0, 0, None, "mm"),
    "lipo_radius_mm": (10, 5, 20, "mm"),
    "dimple_spacing_mm": (100, 80, 120, "mm"),
    "fat_shear_modulus_pa": (750, 300, 3000, "Pa"),
    "skin_tension_n_per_m": (10, 5, 30, "N/m"),
    "skin_bending_nm": (3.5e-4, 1e-4, 2e-3, "N·m"),
    "fascia_tension_n_per_m": (10, 0, 50, "N/m"),
    "light_elevation_deg": (35, 5, 90, "°"),
    "light_azimuth_deg": (0, 0, 360, "°"),
    "ambient": (0.3, 0, 0.9, ""),
    "luminance_cd_m2": (60, 1, 5000, "cd/m²"),
    "view_distance_m": (1.5, 0.3, 10, "m"),
    "grid": (256, 64, 1024, "points"),
    "extent_mm": (256, 128, 512, "mm"),
}
FLOAT_FIELDS = [f.name for f in FIELDS if f.kind == "float"]
RANGED_FLOATS = [n for n in FLOAT_FIELDS if n != "lipo_depth_mm"]


def test_fields_are_exactly_the_model_table_in_order():
    assert [f.name for f in dataclasses.fields(Params)] == list(MODEL_TABLE)
    assert FIELD_NAMES == tuple(MODEL_TABLE)


@pytest.mark.parametrize("name", list(MODEL_TABLE))
def test_defaults_ranges_units_match_model(name):
    default, low, high, unit = MODEL_TABLE[name]
    spec = field_spec(name)
    assert getattr(Params(), name) == default
    assert spec.default == default
    assert spec.unit == unit
    if low is not None:
        assert spec.low == low
    if high is not None:
        assert spec.high == high
    assert spec.description and "\n" not in spec.description
    assert spec.status
    assert spec.group in GROUPS


def test_default_types():
    p = Params()
    assert type(p.ligament) is bool
    assert type(p.grid) is int
    for name in FLOAT_FIELDS:
        assert type(getattr(p, name)) is float, name


def test_groups_viewing_and_surface():
    assert VIEWING_FIELDS == (
        "light_elevation_deg",
        "light_azimuth_deg",
        "ambient",
        "luminance_cd_m2",
        "view_distance_m",
    )
    assert set(SURFACE_FIELDS) == set(FIELD_NAMES) - set(VIEWING_FIELDS)
    assert not set(SURFACE_FIELDS) & set(VIEWING_FIELDS)
    assert NUMERICS_FIELDS == ("grid", "extent_mm")
    assert all(field_spec(n).viewing for n in VIEWING_FIELDS)
    assert all(field_spec(n).shapes_surface for n in SURFACE_FIELDS)
    assert Params.fields_in_group("viewing") == VIEWING_FIELDS
    with pytest.raises(ValueError, match="group"):
        Params.fields_in_group("nonsense")


def test_parameter_table_and_spec_lookup():
    rows = parameter_table()
    assert [r["name"] for r in rows] == list(MODEL_TABLE)
    for r in rows:
        assert set(r) >= {"name", "symbol", "default", "low", "high", "unit", "status", "description", "group"}
    assert Params.spec("fat_mm") is field_spec("fat_mm")
    assert Params.spec("fat_mm").range_text() == "between 1 and 40 mm"
    with pytest.raises(KeyError, match="fat_mm"):
        field_spec("fat")


def test_frozen_and_replace_validates():
    p = Params()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.fat_mm = 3.0  # type: ignore[misc]
    assert dataclasses.replace(p, fat_mm=20.0).fat_mm == 20.0
    with pytest.raises(ValueError, match="fat_mm"):
        dataclasses.replace(p, fat_mm=41.0)


def test_numpy_scalars_are_normalised():
    p = Params(
        fat_mm=np.float64(12.5),
        grid=np.int64(512),
        ligament=np.bool_(False),
        ambient=np.float32(0.25),
        muscle=np.int32(2),
    )
    assert type(p.fat_mm) is float and p.fat_mm == 12.5
    assert type(p.grid) is int and p.grid == 512
    assert type(p.ligament) is bool and p.ligament is False
    assert type(p.ambient) is float and p.ambient == pytest.approx(0.25)
    assert type(p.muscle) is float and p.muscle == 2.0
    assert Params(fat_mm=12).fat_mm == 12.0 and type(Params(fat_mm=12).fat_mm) is float


@pytest.mark.parametrize("name", RANGED_FLOATS)
@pytest.mark.parametrize("bad", ["8", True, False, None, 1 + 2j, [1.0], np.bool_(True)])
def test_wrong_type_for_a_float_is_a_type_error(name, bad):
    with pytest.raises(TypeError) as exc:
        Params(**{name: bad})
    msg = str(exc.value)
    assert name in msg and repr(bad) in msg and field_spec(name).range_text() in msg


@pytest.mark.parametrize("bad", [256.0, np.float64(256), "256", True, None])
def test_grid_must_be_an_integer(bad):
    with pytest.raises(TypeError, match="grid"):
        Params(grid=bad)


@pytest.mark.parametrize("bad", [1, 0, "yes", None, 1.0])
def test_ligament_must_be_bool(bad):
    with pytest.raises(TypeError, match="ligament"):
        Params(ligament=bad)


@pytest.mark.parametrize("name", RANGED_FLOATS)
def test_nan_inf_and_out_of_range_are_refused_with_a_full_message(name):
    spec = field_spec(name)
    span = spec.high - spec.low
    for bad in (math.nan, math.inf, -math.inf, spec.low - 0.01 * span, spec.high + 0.01 * span, -1e300):
        kwargs = {name: bad}
        with pytest.raises(ValueError) as exc:
            Params(**kwargs)
        msg = str(exc.value)
        assert msg.startswith(f"{name} = ")
        assert spec.range_text() in msg, msg
        assert "finite" in msg
        if spec.unit:
            assert spec.unit in msg
        if math.isnan(bad):
            assert "nan" in msg


def test_message_example_from_the_brief():
    with pytest.raises(ValueError) as exc:
        Params(fat_mm=float("nan"))
    assert str(exc.value) == "fat_mm = nan mm is not allowed: must be a finite number between 1 and 40 mm"


@pytest.mark.parametrize("name", RANGED_FLOATS)
def test_range_ends_are_inclusive(name):
    spec = field_spec(name)
    for v in (spec.low, spec.high):
        kwargs = {name: v}
        if name == "extent_mm":
            kwargs["grid"] = 512
        assert getattr(Params(**kwargs), name) == v


def test_grid_range_and_parity():
    assert Params(grid=64, extent_mm=128).grid == 64
    assert Params(grid=1024).grid == 1024
    for bad in (62, 1026, 0, -256):
        with pytest.raises(ValueError, match="grid"):
            Params(grid=bad)
    with pytest.raises(ValueError, match="even"):
        Params(grid=255)


def test_lipo_deeper_than_superficial_fat_is_refused_naming_both_numbers():
    with pytest.raises(ValueError) as exc:
        Params(fat_mm=8.0, superficial_fraction=0.5, lipo_depth_mm=5.0)
    msg = str(exc.value)
    assert "lipo_depth_mm = 5 mm" in msg
    assert "4 mm" in msg and "superficial_fraction" in msg and "fat_mm" in msg
    # exactly the superficial fat is allowed, including when the product rounds
    assert Params(fat_mm=8.0, superficial_fraction=0.5, lipo_depth_mm=4.0).lipo_depth_mm == 4.0
    assert Params(fat_mm=10.0, superficial_fraction=0.3, lipo_depth_mm=3.0).lipo_depth_mm == 3.0
    assert Params(fat_mm=3.0, superficial_fraction=0.1, lipo_depth_mm=0.3).lipo_depth_mm == 0.3
    # naive regime: no superficial fat, so no lipo at all
    with pytest.raises(ValueError, match="lipo_depth_mm"):
        Params(superficial_fraction=0.0, lipo_depth_mm=0.1)
    for bad in (-0.1, math.nan, math.inf):
        with pytest.raises(ValueError, match="lipo_depth_mm"):
            Params(lipo_depth_mm=bad)


def test_grid_too_coarse_for_extent_is_refused_naming_grid_extent_spacing():
    with pytest.raises(ValueError) as exc:
        Params(grid=64, extent_mm=512)
    msg = str(exc.value)
    assert "grid = 64" in msg and "extent_mm = 512 mm" in msg and "8 mm" in msg
    assert f"{MAX_GRID_SPACING_MM:g} mm" in msg
    # the limit itself is allowed
    p = Params(grid=128, extent_mm=256)
    assert p.grid_spacing_mm == MAX_GRID_SPACING_MM
    with pytest.raises(ValueError, match="spacing"):
        Params(grid=126, extent_mm=256)


def test_tether_pull_larger_than_the_bed_is_refused_naming_both():
    with pytest.raises(ValueError) as exc:
        Params(bed_mm=4.0, tether_pull_mm=5.0)
    msg = str(exc.value)
    assert "tether_pull_mm = 5 mm" in msg and "bed_mm = 4 mm" in msg and "between 0 and 4 mm" in msg
    assert Params(bed_mm=4.0, tether_pull_mm=4.0).tether_pull_mm == 4.0


def test_derived_lengths():
    p = Params(fat_mm=10.0, superficial_fraction=0.3)
    assert p.superficial_fat_mm == pytest.approx(3.0)
    assert p.deep_fat_mm == pytest.approx(7.0)
    assert p.deep_layer_mm == pytest.approx(p.bed_mm + 7.0)
    assert p.tether_target_mm == pytest.approx(p.tether_pull_mm + 7.0)
    assert Params(fat_mm=10.0, superficial_fraction=0.3, remodel_fraction=0.5).tether_target_mm == pytest.approx(
        2.0 + 3.5
    )
    assert Params(grid=512).grid_spacing_mm == 0.5


def test_changed_fields_and_viewing_only_difference():
    p = Params()
    q = dataclasses.replace(p, ambient=0.1, light_azimuth_deg=90.0)
    assert p.changed_fields(q) == ("light_azimuth_deg", "ambient")
    assert p.viewing_only_difference(q)
    assert p.viewing_only_difference(p)
    assert not p.viewing_only_difference(dataclasses.replace(q, grid=512))
    with pytest.raises(TypeError):
        p.changed_fields("not params")  # type: ignore[arg-type]
    assert p.as_dict()["fat_mm"] == 8.0 and len(p.as_dict()) == len(FIELDS)
