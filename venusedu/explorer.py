"""The dimple explorer (kept at its old name; the code is in :mod:`venusedu.app`).

``from venusedu.explorer import explore, static_figure, Explorer`` keeps working.
"""

from .app import (  # noqa: F401 - re-exported
    BODY_FAT_RANGE,
    CONTROL_NAMES,
    CONTROLS,
    PRESETS,
    VI_LIMITS,
    Control,
    Explorer,
    explore,
    static_figure,
)

__all__ = [
    "Explorer",
    "explore",
    "static_figure",
    "PRESETS",
    "CONTROL_NAMES",
    "CONTROLS",
    "Control",
    "BODY_FAT_RANGE",
    "VI_LIMITS",
]
