"""What every drawing shares: the :class:`Drawing` object, argument checks, words and numbers.

* :class:`Drawing` -- figure, axes, named artists and alt text; the
  in-place (animated) mode of the drawings that have ``update``.
* :func:`verdict` and :func:`light_in_words` -- the verdict and the light in
  words, as printed on figures and in alt text.
* the checks of ``params``, ``result``, ``ax`` and ``figsize``, the number
  formats of labels (``_fmt_mm``, ``_fmt_depth``), a new figure, and the
  artists of a drawing in drawing order.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes

from ..model import Result, simulate
from ..params import Params
from ..vision import format_vi

# ----------------------------------------------------------------------------
# Small helpers: validation, words, numbers
# ----------------------------------------------------------------------------


def _check_params(params, name: str = "params"):
    if params is None:
        return Params()
    if not isinstance(params, Params):
        raise TypeError(
            f"{name} must be a venusedu.Params (or None for the defaults), got {type(params).__name__}: {params!r}"
        )
    return params


def _check_result(result, name: str = "result"):
    """Return ``result`` as a Result: a Params is simulated, anything else refused."""
    if isinstance(result, Params):
        return simulate(result)
    if not isinstance(result, Result):
        raise TypeError(
            f"{name} must be a venusedu Result from venusedu.simulate(params), or a Params, got {type(result).__name__}"
        )
    return result


def _check_ax(ax, name: str = "ax"):
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def verdict(result) -> str:
    """The verdict in words with VI and its band, as printed on figures and in alt text.

    ``"visible, VI 5.8 (3.7–9.2)"``, ``"borderline, VI 1.1 (0.7–1.8)"``,
    ``"not visible, VI 0.39 (0.25–0.62)"``; for a result outside linear theory
    no VI is quoted: ``"beyond the model (slopes 0.44)"``.

    Examples
    --------
    >>> from venusedu import Params, simulate
    >>> verdict(simulate(Params()))
    'visible, VI 5.8 (3.7–9.2)'
    >>> verdict(simulate(Params(fat_mm=1.0)))
    'beyond the model (slopes up to 0.45)'
    """
    if not result.linear:
        if result.max_slope > 0.3:
            return f"beyond the model (slopes up to {result.max_slope:.2f})"
        return "beyond the model (tether pulls too far)"
    return (
        f"{result.verdict}, VI {format_vi(result.visibility_index)} "
        f"({format_vi(result.vi_low)}–{format_vi(result.vi_high)})"
    )


_AZIMUTH_WORDS = (
    "from the right",
    "from above right",
    "from above (the head side)",
    "from above left",
    "from the left",
    "from below left",
    "from below (the feet side)",
    "from below right",
)


def light_in_words(elevation_deg: float, azimuth_deg: float) -> str:
    """Describe a light direction in words.

    Parameters
    ----------
    elevation_deg : float
        Elevation of the light above the skin plane, degrees (90 = frontal).
    azimuth_deg : float
        Azimuth in the skin plane, degrees; 0 = from the person's right (the
        right of a posterior view), 90 = from the head side.

    Returns
    -------
    str

    Examples
    --------
    >>> light_in_words(35, 0)
    'light from the right (azimuth 0°), 35° above the skin: low, raking light'
    >>> light_in_words(90, 0)
    'light straight on (90° above the skin), like a camera flash'
    """
    el = float(elevation_deg)
    az = float(azimuth_deg) % 360.0
    if el >= 89.5:
        return f"light straight on ({el:.0f}° above the skin), like a camera flash"
    words = _AZIMUTH_WORDS[int(((az + 22.5) % 360.0) // 45.0)]
    if el < 15:
        kind = "grazing light"
    elif el < 45:
        kind = "low, raking light"
    elif el < 70:
        kind = "light from high up"
    else:
        kind = "nearly frontal light"
    return f"light {words} (azimuth {az:.0f}°), {el:.0f}° above the skin: {kind}"


def _fmt_mm(v: float) -> str:
    v = float(v)
    if abs(v) >= 10 or abs(v - round(v)) < 1e-9:
        return f"{v:.0f}"
    return f"{v:.1f}"


def _fmt_depth(v: float) -> str:
    return f"{float(v):.2f}"


# ----------------------------------------------------------------------------
# Drawing objects
# ----------------------------------------------------------------------------


class Drawing:
    """A drawn figure with its alt text.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
        The figure drawn into.
    ax : matplotlib.axes.Axes or numpy.ndarray of Axes
        The axes (an array for small multiples).
    alt_text : str
        What the figure shows and its key numbers, for screen readers, the
        course site and ``figures/alt-text.json``.
    artists : dict[str, Any]
        The named artists, for tests and in-place updates.
    """

    def __init__(self, fig, ax, alt_text: str, artists: dict[str, Any] | None = None):
        self.fig = fig
        self.ax = ax
        self.alt_text = alt_text
        self.artists = dict(artists or {})

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.alt_text[:70]}...>"

    def savefig(self, *args, **kwargs):
        """Shortcut for ``self.fig.savefig`` (alt text is not embedded)."""
        return self.fig.savefig(*args, **kwargs)

    # -- in-place (animated) mode ----------------------------------------------
    def changing_artists(self) -> list:
        """The artists that :meth:`update` may change, in drawing order.

        An app that redraws only what changes (blitting) keeps a background
        without these artists and draws them over it after every update; the
        list is asked for again after each update, because an update may
        replace an artist (the contour lines of :class:`SignalView`). The axes
        spines are included where the picture lies under them, so that a
        blitted frame shows them as a full draw does. A drawing that has no
        ``update`` returns an empty list.
        """
        return []

    def set_animated(self, animated: bool = True) -> list:
        """Mark :meth:`changing_artists` as animated (or not) and return them.

        Animated artists are left out of a full ``canvas.draw()`` and drawn by
        the caller with ``figure.draw_artist``; ``savefig`` draws them as usual,
        so a saved figure is the same either way.
        """
        artists = self.changing_artists()
        for artist in artists:
            artist.set_animated(bool(animated))
        return artists


def _check_figsize(figsize) -> tuple[float, float]:
    """``figsize`` as two floats, or a ValueError naming the allowed range (4 to 30 inches)."""
    try:
        w, h = (float(v) for v in figsize)
    except (TypeError, ValueError):
        raise ValueError(f"figsize must be (width, height) in inches, got {figsize!r}") from None
    if any(isinstance(v, bool) for v in figsize) or not (4.0 <= w <= 30.0 and 4.0 <= h <= 30.0):
        raise ValueError(f"figsize must be (width, height) in inches, each from 4 to 30, got {figsize!r}")
    return w, h


def _new_figure(figsize, ax=None):
    """A figure and axes, or the figure of a given axes."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    return fig, ax


def _set_limits(ax, xlim, ylim) -> None:
    """``ax.set_xlim(*xlim)`` and ``ax.set_ylim(*ylim)``, each only if it changes them.

    Setting a limit costs about 0.1 ms even when it is the same (units,
    callbacks, the view's bookkeeping), and an explorer's update sets several.
    """
    xlim, ylim = (float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1]))
    if ax.get_xlim() != xlim:
        ax.set_xlim(*xlim)
    if ax.get_ylim() != ylim:
        ax.set_ylim(*ylim)


def _in_drawing_order(artists) -> list:
    """Flatten dicts/lists of artists, drop None, sort by zorder (stable)."""
    flat: list = []

    def walk(a):
        if a is None:
            return
        if isinstance(a, dict):
            for v in a.values():
                walk(v)
        elif isinstance(a, (list, tuple)):
            for v in a:
                walk(v)
        else:
            flat.append(a)

    walk(artists)
    unique = list({id(a): a for a in flat}.values())  # the first of each, in order
    return sorted(unique, key=lambda a: a.get_zorder())
