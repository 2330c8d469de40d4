"""The dimple explorer, an ipywidgets app (see :mod:`venusedu.app.explorer`).

========================  ===================================================
:mod:`.controls`          the table of controls; widgets, presets, reset, params
:mod:`.views`             the three figures, built from :mod:`venusedu.diagrams`
:mod:`.curve`             VI against fat, cached
:mod:`.canvas`            redraw only what changes (blitting)
:mod:`.textcache`         the canvas's text caches (matplotlib 3.11 and later)
:mod:`.widgets`           labelled native controls, the picture, the readout
:mod:`.layout`            the readout and pictures built, the page laid out, closing
:mod:`.readout_text`      the readout's verdict and details, the app's alt text
:mod:`.plumbing`          one update at a time; the deferred curve's timer
:mod:`.explorer`          :class:`Explorer`: the composition of the above
:mod:`.snapshot`          :func:`static_figure`: the views as one still picture
========================  ===================================================
"""

from .controls import BODY_FAT_RANGE, CONTROL_NAMES, CONTROLS, PRESETS, Control
from .explorer import Explorer, explore, static_figure
from .views import VI_LIMITS

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
