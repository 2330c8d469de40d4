"""The explorer's controls as one table, and everything built from it.

Each row of :data:`CONTROLS` is a :class:`Control`: the name (the key of
``Explorer.controls``), the label, the unit, the step, the format, the
``Params`` field it sets and the fat mode that enables it. From the table come
the widgets (:func:`build_controls`), the parameters they describe
(:func:`params_from_controls`), which controls a mode enables
(:func:`sync_enabled`), the presets and the reset. Adding a slider for another
``Params`` field is one row here; its range, help text and status come from
:func:`venusedu.params.field_spec`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..bodyfat import body_fat_line, fat_from_body_fat
from ..params import Params, field_spec
from .widgets import Action, Check, Choice, Slider

__all__ = [
    "Control",
    "CONTROLS",
    "CONTROL_NAMES",
    "PRESETS",
    "CUSTOM",
    "BODY_FAT_RANGE",
    "build_controls",
    "params_from_controls",
    "sync_enabled",
    "bf_for_fat",
    "fat_for_bf",
]

#: Body-fat slider range (%). The upper end keeps the estimate for both sexes
#: inside ``Params.fat_mm`` (≤ 40 mm: 38 mm for women, 36 mm for men at 50 %).
BODY_FAT_RANGE = (3.0, 50.0)
#: Value of the preset menu when the controls match no preset.
CUSTOM = "custom"

#: Presets: bodies, not lights (the light and viewing distance stay as they
#: are). Body fat is given for each sex; choosing a preset switches to the
#: body-fat mode and keeps the selected sex.
PRESETS: dict[str, dict[str, Any]] = {
    "lean athlete": dict(
        body_fat={"female": 17.0, "male": 10.0}, ligament=True, superficial_fraction=1.0, muscle=2.0, lipo_depth_mm=0.0
    ),
    "average": dict(
        body_fat={"female": 25.0, "male": 18.0}, ligament=True, superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=0.0
    ),
    "higher body fat": dict(
        body_fat={"female": 40.0, "male": 36.0}, ligament=True, superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=0.0
    ),
    "no ligament": dict(
        body_fat={"female": 17.0, "male": 10.0}, ligament=False, superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=0.0
    ),
    "after liposculpture": dict(
        body_fat={"female": 30.0, "male": 24.0}, ligament=True, superficial_fraction=1.0, muscle=1.0, lipo_depth_mm=10.0
    ),
}


@dataclass(frozen=True)
class Control:
    """One control of the explorer.

    Attributes
    ----------
    name : str
        Key in ``Explorer.controls`` (a ``Params`` field name when ``field`` is set).
    label : str
        What the page shows (with the unit in brackets); also the accessible name.
    kind : {"slider", "log", "check", "radio", "select", "button"}
    unit : str
        Unit of a slider's value (``""``: a plain number); ``spoken`` is read
        out by screen readers instead when given.
    step : float
        Step of an arrow key (decades for ``"log"``).
    fmt : str
        Format of the shown and announced value.
    field : str or None
        The ``Params`` field it sets directly (None: the app uses it otherwise).
    mode : str or None
        The fat mode (``"bodyfat"``/``"thickness"``) that enables it; None: always.
    help : str
        A line of help under the control (its range and status are added for fields).
    """

    name: str
    label: str
    kind: str = "slider"
    unit: str = ""
    step: float = 0.1
    fmt: str = ".1f"
    field: str | None = None
    mode: str | None = None
    help: str = ""
    spoken: str = ""


CONTROLS: tuple[Control, ...] = (
    Control("preset", "Preset", "select", help="Sets the body to a typical case; the light stays as it is."),
    Control("fat_mode", "Set fat by", "radio"),
    Control("sex", "Sex (for the body-fat estimate)", "radio", mode="bodyfat"),
    Control(
        "body_fat",
        "Body fat",
        unit="%",
        step=0.5,
        fmt=".1f",
        mode="bodyfat",
        spoken="percent body fat",
        help="Mapped to the fat over the PSIS by an estimate with a ±50 % band.",
    ),
    Control(
        "fat_mm",
        "Fat over the PSIS",
        unit="mm",
        step=0.1,
        fmt=".1f",
        field="fat_mm",
        mode="thickness",
        spoken="millimetres",
    ),
    Control(
        "ligament", "Ligament present", "check", field="ligament", help="Without it there is no tether and no dimple."
    ),
    Control(
        "superficial_fraction",
        "Share of fat over the insertion",
        step=0.05,
        fmt=".2f",
        field="superficial_fraction",
        help="0: naive regime (lesson 02); 1: blanket regime (lesson 03).",
    ),
    Control("muscle", "Muscle training", step=0.1, fmt=".1f", field="muscle", help="0 none, 1 typical, 3 trained."),
    Control(
        "lipo_depth_mm",
        "Liposculpture depth",
        unit="mm",
        step=0.1,
        fmt=".1f",
        field="lipo_depth_mm",
        spoken="millimetres",
        help="At most the fat over the insertion.",
    ),
    Control(
        "light_elevation_deg",
        "Light above the skin",
        unit="°",
        step=1.0,
        fmt=".0f",
        field="light_elevation_deg",
        spoken="degrees",
        help="90° is a frontal flash.",
    ),
    Control(
        "light_azimuth_deg",
        "Light direction",
        unit="°",
        step=5.0,
        fmt=".0f",
        field="light_azimuth_deg",
        spoken="degrees",
        help="0° from the right, 90° from the head.",
    ),
    Control(
        "view_distance_m",
        "Viewing distance",
        "log",
        unit="m",
        step=0.01,
        fmt=".2f",
        field="view_distance_m",
        spoken="metres",
    ),
    Control("reset", "Reset", "button", help="Puts every control back where it started."),
)

#: Names of the entries of ``Explorer.controls``, in display order.
CONTROL_NAMES: tuple[str, ...] = tuple(c.name for c in CONTROLS)


def bf_for_fat(fat_mm: float, sex: str) -> float:
    """Body fat % whose estimate (MODEL.md §9) is ``fat_mm``, put within the slider's range.

    The slider's end is the nearest it can show (a start from ``Params``
    with, say, 1 mm of fat); the readout then states the fat the slider gives.
    """
    return min(max(float(body_fat_line(fat_mm, sex)), BODY_FAT_RANGE[0]), BODY_FAT_RANGE[1])


def fat_for_bf(bf: float, sex: str) -> tuple[float, float, float]:
    """(estimate, low, high) in mm; the estimate within the range of ``fat_mm``."""
    t, lo, hi = fat_from_body_fat(float(bf), sex)
    spec = field_spec("fat_mm")
    return float(min(max(t, spec.low), spec.high)), float(lo), float(hi)


def _help(c: Control) -> str:
    """The line under a control: its table help, and the status of an assumed or estimated field."""
    if c.field is None:
        return c.help
    status = field_spec(c.field).status
    note = {"assumption": "An assumption of the model.", "estimate": "An estimate."}.get(status, "")
    return " ".join(t for t in (c.help, note) if t)


def build_controls(base: Params, mode: str, sex: str = "female") -> dict[str, Any]:
    """The widgets of :data:`CONTROLS`, set to ``base`` (and the fat ``mode``)."""
    out: dict[str, Any] = {}
    for c in CONTROLS:
        common = dict(name=c.name, label=c.label, help=_help(c))
        # every slider and check box but the body fat sets a Params field
        field = c.field or ""
        if c.kind in ("slider", "log"):
            if c.name == "body_fat":
                lo, hi = BODY_FAT_RANGE
                value = bf_for_fat(base.fat_mm, sex)
            else:
                lo, hi = (float(b) for b in field_spec(field).bounds)
                value = float(getattr(base, field))
            high = base.superficial_fat_mm if c.name == "lipo_depth_mm" else hi
            w = Slider(
                limits=(lo, hi),
                min=lo,
                max=high,
                value=min(max(value, lo), high),
                step=c.step,
                scale="log" if c.kind == "log" else "linear",
                unit=c.unit,
                unit_spoken=c.spoken,
                fmt=c.fmt,
                **common,
            )
        elif c.kind == "check":
            w = Check(value=bool(getattr(base, field)), **common)
        elif c.name == "preset":
            w = Choice(
                kind="select",
                options=[["(custom)", CUSTOM]] + [[k, k] for k in PRESETS],
                value=CUSTOM,
                none_value=CUSTOM,
                **common,
            )
        elif c.name == "fat_mode":
            w = Choice(
                kind="radio",
                options=[["body fat %", "bodyfat"], ["fat thickness (mm)", "thickness"]],
                value=mode,
                **common,
            )
        elif c.name == "sex":
            w = Choice(kind="radio", options=[["female", "female"], ["male", "male"]], value=sex, **common)
        elif c.kind == "button":
            w = Action(**common)
        else:  # pragma: no cover - a row of an unknown kind
            raise ValueError(f"control {c.name!r} has an unknown kind {c.kind!r}")
        w.add_class(f"venusedu-control-{c.name}")
        out[c.name] = w
    return out


def control_values(controls: dict[str, Any]) -> dict[str, Any]:
    """The values of every control but the buttons."""
    return {c.name: controls[c.name].value for c in CONTROLS if c.kind != "button"}


def sync_enabled(controls: dict[str, Any]) -> None:
    """Enable the controls of the current fat mode, fat from body fat, lipo maximum from the fat."""
    mode = controls["fat_mode"].value
    for c in CONTROLS:
        if c.mode is not None:
            controls[c.name].disabled = c.mode != mode
    if mode == "bodyfat":
        controls["fat_mm"].value = fat_for_bf(controls["body_fat"].value, controls["sex"].value)[0]
    fat = controls["fat_mm"].value
    lipo = controls["lipo_depth_mm"]
    t_s = controls["superficial_fraction"].value * fat
    if lipo.value > t_s:
        lipo.value = t_s
    lipo.max = t_s
    lipo.disabled = t_s <= 0.0


def params_from_controls(controls: dict[str, Any], base: Params) -> Params:
    """The ``Params`` the controls describe: every row with a field, the rest from ``base``."""
    values = {c.field: controls[c.name].value for c in CONTROLS if c.field is not None}
    fs = values.get("superficial_fraction", base.superficial_fraction)
    values["lipo_depth_mm"] = min(values["lipo_depth_mm"], fs * values["fat_mm"])
    return dataclasses.replace(base, **values)


def apply_preset(controls: dict[str, Any], key: str) -> None:
    """Set the body controls of preset ``key`` (the caller holds the updates)."""
    preset = PRESETS[key]
    c = controls
    c["fat_mode"].value = "bodyfat"
    c["body_fat"].value = preset["body_fat"][c["sex"].value]
    for name in ("ligament", "superficial_fraction", "muscle"):
        c[name].value = preset[name]
    sync_enabled(c)  # the fat and the lipo maximum first
    c["lipo_depth_mm"].value = min(preset["lipo_depth_mm"], c["lipo_depth_mm"].max)


def restore(controls: dict[str, Any], values: dict[str, Any]) -> None:
    """Put the controls back to ``values`` (from :func:`control_values`)."""
    for c in CONTROLS:
        if c.kind == "button" or c.name == "lipo_depth_mm":
            continue
        controls[c.name].value = values[c.name]
    sync_enabled(controls)
    controls["lipo_depth_mm"].value = min(values["lipo_depth_mm"], controls["lipo_depth_mm"].max)
