"""The explorer's text-caching Agg canvas (matplotlib 3.11 and later only).

:func:`venusedu.app.canvas._text_caching_canvas_class` imports this module
once it has checked that matplotlib has the FreeType entry points used here
(``FT2Font._layout``, ``_render_glyph``, ``_set_transform`` and
``ft2font.RenderMode``); with an older matplotlib it is never imported and the
plain Agg canvas is used. What the caches do, and why the pixels are
matplotlib's own, is told there.

The caches are shared by every figure drawn on :class:`TextCachingCanvas`;
they are only read and written under :data:`venusedu.app.canvas.DRAW_LOCK`
(every draw of the explorer's figures holds it).

The module itself imports on any supported matplotlib (the test collection and
the documentation import every module); only drawing text needs 3.11.
"""

from __future__ import annotations

import types

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

__all__ = ["TextCachingCanvas", "TextCachingRenderer"]

#: Glyph layouts by (string, font, features, language).
_layouts: dict = {}
#: Coverage masks of whole lines (image, left, top) by string, font, size and rendering flags.
_masks: dict = {}
#: Glyph bitmaps by font file, size, glyph, 1/64-pixel offset and rendering flags.
_glyphs: dict = {}
#: Text boxes (``Text._get_layout``) by everything they depend on; see :func:`cache_text_layouts`.
_text_layouts: dict = {}
#: More masks than this (strings with numbers) and the masks and layouts are forgotten.
_MAX_MASKS = 4000


def _layout_key(text, renderer):
    """What matplotlib 3.11's ``Text._get_layout`` reads, or None when it reads more (wrapped text, TeX)."""
    if text.get_wrap() or text.get_usetex():
        return None
    return (
        text.get_text(),
        hash(text.get_fontproperties()),
        text.get_figure(root=True).dpi,
        text._linespacing,
        text._get_multialignment(),
        text.get_rotation(),
        text.get_horizontalalignment(),
        text.get_verticalalignment(),
        text.get_rotation_mode(),
        text.get_parse_math(),
        type(renderer),
    )


def _cached_get_layout(text, renderer):
    """``Text._get_layout`` of ``text`` from the cache (the layout is relative to the text's anchor)."""
    key = _layout_key(text, renderer)
    if key is None:
        return type(text)._get_layout(text, renderer)
    layout = _text_layouts.get(key)
    if layout is None:
        if len(_text_layouts) > _MAX_MASKS:
            _text_layouts.clear()
        layout = _text_layouts[key] = type(text)._get_layout(text, renderer)
    return layout


def cache_text_layouts(fig) -> None:
    """Let every text of ``fig`` take its box from :data:`_text_layouts`.

    matplotlib lays out every text again on every draw (font lookups, the font's
    tables, the metrics of each line): about 0.15 ms a text, 3 ms of an update
    of the explorer. The box depends only on the string, the font, the dpi,
    the alignment and the rotation, relative to the text's anchor, so it is
    cached by those. The method is set on each text instance (the class is
    untouched, so no other figure is affected); texts created after this call
    (new tick labels) are laid out as usual.
    """
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if "_get_layout" not in vars(text):
            text._get_layout = types.MethodType(_cached_get_layout, text)


class TextCachingRenderer(RendererAgg):
    """An Agg renderer that draws horizontal, non-math text from cached line masks."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        """Draw ``s`` from its cached mask at the origin rounded to whole pixels (rotated or math: matplotlib's way)."""
        if ismath or angle % 360.0 != 0.0 or not s:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        aa = bool(gc.get_antialiased())
        key = (
            s,
            hash(prop),
            prop.get_size_in_points(),
            self.dpi,
            get_hinting_flag(),
            aa,
            tuple(features) if features else None,
            language,
        )
        mask = _masks.get(key)
        if mask is None:
            if len(_masks) > _MAX_MASKS:  # strings with numbers: keep the cache bounded
                _masks.clear()
                _layouts.clear()
            mask = _masks[key] = self._line_mask(s, prop, features, language, aa)
        if mask is None:
            return
        image, left, top = mask
        xi, yi = int(round(x)), int(round(y))
        # the same arguments RendererAgg gives draw_text_image for a glyph at (xi, yi)
        self._renderer.draw_text_image(image, xi + left, yi - top + image.shape[0], 0, gc)

    def _line_mask(self, s, prop, features, language, aa):
        """The coverage mask of ``s`` set in ``prop``: (image, left, top), or None when nothing is inked."""
        items = self._glyph_layout(s, prop, features, language)
        return _merge(self._glyph_bitmaps(items, prop.get_size_in_points(), aa))

    def _glyph_layout(self, s, prop, features, language) -> list:
        """The glyphs of ``s``: (font, glyph index, x, y) each, as FreeType lays them out (cached)."""
        font = self._prepare_font(prop)
        lkey = (s, hash(prop), features and tuple(features), language)
        items = _layouts.get(lkey)
        if items is None:
            items = _layouts[lkey] = [
                (it.ft_object, it.glyph_index, it.x, it.y)
                for it in font._layout(s, flags=get_hinting_flag(), features=features, language=language)
            ]
        return items

    def _glyph_bitmaps(self, items, size, aa) -> list:
        """Each inked glyph's bitmap with its whole-pixel left and top (bitmaps cached by subpixel offset)."""
        hinting = get_hinting_flag()
        glyphs = []
        for ft, index, gx, gy in items:
            px, py = round(0x40 * gx), round(0x40 * gy)
            gkey = (
                ft.fname,
                getattr(ft, "face_index", 0),
                size,
                self.dpi,
                index,
                px % 0x40,
                py % 0x40,
                hinting,
                aa,
            )
            g = _glyphs.get(gkey)
            if g is None:
                ft.set_size(size, self.dpi)
                ft._set_transform([[0x10000, 0], [0, 0x10000]], [px % 0x40, py % 0x40])
                # imported here so that the module imports (documentation, doctests) on any matplotlib
                from matplotlib.ft2font import RenderMode

                bitmap = ft._render_glyph(index, hinting, RenderMode.NORMAL if aa else RenderMode.MONO)
                buf = np.array(bitmap.buffer, dtype=np.uint8, copy=True)
                if not aa:
                    buf *= 0xFF
                g = _glyphs[gkey] = (buf, int(bitmap.left), int(bitmap.top))
            buf, left, top = g
            if buf.size:
                glyphs.append((buf, left + px // 0x40, top + py // 0x40))
        return glyphs


def _merge(glyphs):
    """One mask of the glyphs (the larger coverage where they overlap): (image, left, top), or None."""
    if not glyphs:
        return None
    x0 = min(g[1] for g in glyphs)
    x1 = max(g[1] + g[0].shape[1] for g in glyphs)
    t0 = max(g[2] for g in glyphs)
    b0 = min(g[2] - g[0].shape[0] for g in glyphs)
    image = np.zeros((t0 - b0, x1 - x0), dtype=np.uint8)
    for buf, left, top in glyphs:
        r, c = t0 - top, left - x0
        view = image[r : r + buf.shape[0], c : c + buf.shape[1]]
        np.maximum(view, buf, out=view)
    return image, x0, t0


class TextCachingCanvas(FigureCanvasAgg):
    """An Agg canvas drawing with :class:`TextCachingRenderer`, its texts laid out from a cache."""

    def draw(self):
        """Draw the figure (its texts first take their layouts from the cache: :func:`cache_text_layouts`)."""
        cache_text_layouts(self.figure)
        super().draw()

    def get_renderer(self):
        """The renderer of the canvas's current size and dpi (a new one when they changed)."""
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = TextCachingRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
