"""venusedu: lessons and a small physical model of the dimples of Venus.

The public API (see ``docs/MODEL.md`` §11)::

    from venusedu import Params, simulate, fat_from_body_fat
"""

from ._version import __version__
from .model import Result, fat_from_body_fat, simulate
from .params import Params

__all__ = ["__version__", "Params", "Result", "simulate", "fat_from_body_fat"]


def __getattr__(name):
    # ``venusedu.explore`` (the widget app) needs ipywidgets and matplotlib; it
    # is imported on first use so that ``import venusedu`` stays light.
    if name == "explore":
        from .explorer import explore

        return explore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
