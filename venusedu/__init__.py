"""venusedu: lessons and a small physical model of the dimples of Venus.

The public API (see ``shared/MODEL.md`` section 6)::

    from venusedu import Params, simulate, fat_from_body_fat
"""

from ._version import __version__

__all__ = ["__version__"]
