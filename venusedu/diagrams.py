"""Static schematics of the dimples of Venus, drawn with matplotlib.

Every drawing function takes :class:`~venusedu.params.Params` or a model
:class:`Result` and an optional :class:`matplotlib.axes.Axes`, applies
:func:`venusedu.style.context`, and returns a :class:`Drawing` holding the
figure, the axes, the named artists and an **alt text** that states what the
figure shows and its key numbers.

=============================  ============================================
:func:`posterior_view`         pelvis and lower back seen from behind
:func:`cross_section`          layers through the right PSIS, to scale
:func:`shaded_back`            what the eye sees: the shaded lower back
:func:`small_multiples_fat`    the shaded back across fat thicknesses
:func:`small_multiples_light`  the shaded back across light elevations
=============================  ============================================

:class:`CrossSection` and :class:`ShadedBack` can be moved in place with
``.update(result)`` (``set_xy`` / ``set_data`` on the existing artists, no new
artists), which is what the widget explorer calls on every slider move.

Drawing never computes physics: it reads a ``Result``. Only the small
multiples call :func:`venusedu.simulate`, once per panel.

This module is the public face of the drawings; the code lives in
:mod:`venusedu.drawing`, one module per idea:

======================================  ==========================================
:mod:`venusedu.drawing.base`            :class:`Drawing`, :func:`verdict`,
                                        :func:`light_in_words`, the argument
                                        checks and number formats
:mod:`venusedu.drawing.posterior`       :func:`posterior_view`
:mod:`venusedu.drawing.layers`          :func:`section_geometry`,
                                        :func:`section_zlim`
:mod:`venusedu.drawing.section`         :class:`CrossSection`,
                                        :func:`cross_section`, label placement
:mod:`venusedu.drawing.shaded`          :class:`ShadedBack`, :func:`shaded_back`,
                                        :func:`true_size_pixels`
:mod:`venusedu.drawing.signal_map`      :class:`SignalView`
:mod:`venusedu.drawing.pixels`          pictures at the screen's pixels:
                                        :func:`~venusedu.drawing.pixels.bilinear_periodic`,
                                        :class:`~venusedu.drawing.pixels.PixelImage`
:mod:`venusedu.drawing.multiples`       :class:`SmallMultiples`,
                                        :func:`small_multiples_fat`,
                                        :func:`small_multiples_light`
======================================  ==========================================

:func:`format_vi` comes from :mod:`venusedu.vision`.
"""

from __future__ import annotations

from .drawing.base import Drawing, light_in_words, verdict
from .drawing.layers import section_geometry, section_zlim
from .drawing.multiples import (
    DEFAULT_ELEVATIONS_DEG,
    DEFAULT_FAT_VALUES_MM,
    SmallMultiples,
    small_multiples_fat,
    small_multiples_light,
)
from .drawing.posterior import posterior_view
from .drawing.section import CrossSection, cross_section
from .drawing.shaded import ShadedBack, shaded_back, true_size_pixels
from .drawing.signal_map import SignalView
from .vision import format_vi

__all__ = [
    "Drawing",
    "SmallMultiples",
    "CrossSection",
    "section_geometry",
    "section_zlim",
    "ShadedBack",
    "SignalView",
    "true_size_pixels",
    "posterior_view",
    "cross_section",
    "shaded_back",
    "small_multiples_fat",
    "small_multiples_light",
    "format_vi",
    "verdict",
    "light_in_words",
    "DEFAULT_FAT_VALUES_MM",
    "DEFAULT_ELEVATIONS_DEG",
]
