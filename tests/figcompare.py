"""Compare a drawing with its baseline in a way that survives a matplotlib release.

A drawing is saved as SVG (text as paths) and PNG with the same bounding box.
Two comparisons together decide whether it changed:

**Structure** (:func:`compare_svg`), from the SVG:

- the texts, in order, by their strings (exactly) and positions (within
  :data:`TEXT_TOL_PT`): glyph shapes and text metrics change between
  releases, the words do not;
- every path, in order: its commands, its style (fill, stroke, hatch
  pattern, width, opacity) exactly, and its vertices, read rounded to 1/100
  pt, within :data:`PATH_TOL_PT`. The page may have moved as a whole (the
  tight bounding box follows the text extents), so the median displacement
  of all vertices is removed first. The start and control point of a label's
  leader line (an ``M…Q`` path) sit on the edge of the label's text and get
  :data:`LEADER_TOL_PT`; their end, on the thing labelled, does not;
- markers (``<use>``) by position and style, and embedded images by size,
  place and pixels (within :data:`IMAGE_TOL`, each pixel against its
  nearest match within one pixel: an image is resampled to the page's
  pixel grid, which moves with the page's bounding box).

**Perception** (:func:`compare_png`), from the PNG: both images in CIELAB,
text areas (from each SVG's glyphs, padded) masked out, the rest blurred by
:data:`BLUR_PT` (about the size of a pixel of ink on paper) and compared
pixel by pixel with a 1-pixel positional tolerance; a pixel differs when
its colour differs by more than :data:`DELTA_E` (CIE76, a clearly visible
difference), and the drawing differs when more than :data:`MAX_FRACTION` of
the unmasked pixels do.

Measured between matplotlib 3.7.0 and 3.10.9 (Python 3.10) and 3.11.2 for
every committed figure: texts moved by at most 3.9 pt and leader lines by
8.5 pt at the text end; every other vertex by at most 0.01 pt (the rounding); at most
0.041 % of the unmasked pixels differ. A colour change, a layer moved by a tenth of a
millimetre, a changed word or a changed shading fails (tests/test_figcompare.py).
"""

from __future__ import annotations

import base64
import gzip
import io
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

#: Vertices of paths and markers may move this much (pt, 1/72 inch).
PATH_TOL_PT = 0.1
#: Texts may move this much (pt).
TEXT_TOL_PT = 6.0
#: The text end of a leader line (on the edge of its label, so it follows the
#: label's width) and its control point may move this much (pt).
LEADER_TOL_PT = 15.0
#: The page may grow or shrink this much (pt, or 2 %, whichever is more).
SIZE_TOL_PT = 12.0
#: Embedded images, each pixel against its best match within one pixel: the
#: median difference (0-255 levels, the largest over R, G, B) may be this ...
IMAGE_TONE_TOL = 2.0
#: ... and at most this fraction of the pixels may differ by more than DELTA_E.
IMAGE_MAX_FRACTION = 0.03
#: Blur (Gaussian sigma, pt) before the pixels are compared.
BLUR_PT = 2.0
#: Blur (Gaussian sigma, pt) in hatched areas, where only the tint is compared.
HATCH_BLUR_PT = 6.0
#: Padding around every text's glyphs in the text mask (pt).
TEXT_PAD_PT = 7.0
#: A pixel differs when its colour differs by more than this (CIE76 ΔE).
DELTA_E = 10.0
#: A drawing differs when more than this fraction of its unmasked pixels do.
MAX_FRACTION = 0.005

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(translate|scale|rotate|matrix)\(([^)]*)\)")


def _numbers(text: str | None) -> np.ndarray:
    return np.round(np.array([float(x) for x in _NUM.findall(text or "")], dtype=float), 2)


def _style(el) -> dict[str, str]:
    out = {}
    for part in (el.get("style") or "").split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            out[key.strip()] = value.strip()
    return out


def _parse(text: str | bytes):
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    return ET.fromstring(text, parser=parser)


def _tag(el) -> str | None:
    return el.tag.split("}")[-1] if isinstance(el.tag, str) else None


def _affine(spec: str | None) -> np.ndarray:
    """3x3 matrix of an SVG ``transform`` attribute."""
    m = np.eye(3)
    for name, args in _TRANSFORM.findall(spec or ""):
        v = [float(x) for x in _NUM.findall(args)]
        if name == "translate":
            t = np.array([[1, 0, v[0]], [0, 1, v[1] if len(v) > 1 else 0.0], [0, 0, 1]])
        elif name == "scale":
            t = np.diag([v[0], v[1] if len(v) > 1 else v[0], 1.0])
        elif name == "rotate":
            a = np.radians(v[0])
            t = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
            if len(v) == 3:
                to = np.array([[1, 0, v[1]], [0, 1, v[2]], [0, 0, 1]])
                back = np.array([[1, 0, -v[1]], [0, 1, -v[2]], [0, 0, 1]])
                t = to @ t @ back
        else:
            t = np.array([[v[0], v[2], v[4]], [v[1], v[3], v[5]], [0, 0, 1]])
        m = m @ t
    return m


def _apply(m: np.ndarray, xy: np.ndarray) -> np.ndarray:
    return (m @ np.c_[xy, np.ones(len(xy))].T)[:2].T


@dataclass
class Structure:
    """What an SVG drawing consists of (see the module docstring)."""

    size: tuple[float, float]
    #: one per line of text: its string, the position of its baseline start (pt) and its colour
    texts: list[tuple[str, tuple[float, float] | None, str | None]] = field(default_factory=list)
    paths: list[dict] = field(default_factory=list)
    markers: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    text_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: outlines (pt, one array per subpath) of the hatched areas
    hatch_areas: list[np.ndarray] = field(default_factory=list)


def svg_structure(text: str | bytes) -> Structure:
    """Read the texts, paths, markers, images and text boxes of a matplotlib SVG."""
    root = _parse(text)
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    view = _numbers(root.get("viewBox"))
    out = Structure(size=(float(view[2]), float(view[3])))

    def resolve(value: str | None):
        m = re.match(r"url\(#([^)]+)\)", value or "")
        if not m or m.group(1) not in ids:
            return value
        el = ids[m.group(1)]
        if _tag(el) == "pattern":  # a hatch: compare what it draws (colours too), not its id
            return (
                "hatch",
                el.get("width"),
                el.get("height"),
                tuple(
                    (
                        _tag(c),
                        _numbers(c.get("d")).tolist(),
                        c.get("fill"),
                        c.get("stroke"),
                        tuple(sorted(_style(c).items())),
                    )
                    for c in el.iter()
                    if c is not el and _tag(c) in ("path", "rect")
                ),
            )
        return ("ref", _tag(el))

    glyphs = {}
    for el in root.iter(_SVG + "path"):
        if el.get("id") and el.get("d"):
            xy = _numbers(el.get("d")).reshape(-1, 2)
            if xy.size:
                xy = _apply(_affine(el.get("transform")), xy)
                glyphs[el.get("id")] = (xy.min(0), xy.max(0))

    def text_box(group, m0):
        points = []

        def walk(el, m):
            m = m @ _affine(el.get("transform"))
            tag = _tag(el)
            if tag == "defs":
                return
            if tag == "use" and (el.get(_XLINK) or "#")[1:] in glyphs:
                (x0, y0), (x1, y1) = glyphs[el.get(_XLINK)[1:]]
                dx, dy = float(el.get("x") or 0), float(el.get("y") or 0)
                points.append(
                    _apply(
                        m, np.array([[x0 + dx, y0 + dy], [x1 + dx, y1 + dy], [x0 + dx, y1 + dy], [x1 + dx, y0 + dy]])
                    )
                )
            elif tag == "path" and el.get("d"):
                xy = _numbers(el.get("d")).reshape(-1, 2)
                if xy.size:
                    points.append(_apply(m, xy))
            for child in el:
                walk(child, m)

        walk(group, m0)
        if points:
            p = np.vstack(points)
            out.text_boxes.append((*p.min(0), *p.max(0)))

    def walk(el, m):
        tag = _tag(el)
        if tag in (None, "defs", "clipPath", "pattern", "metadata", "style"):
            return
        m = m @ _affine(el.get("transform"))
        if tag == "g" and (el.get("id") or "").startswith("text_"):
            # one comment (the string) and one transformed group (its glyphs) per line
            comment, lines = None, []
            for child in el:
                if child.tag is ET.Comment:
                    comment = child.text
                elif _tag(child) == "g" and child.get("transform"):
                    lines.append((comment, child))
                    comment = None
            if not lines:
                lines = [(comment, el)]
            for string, inner in lines:
                position = None
                if inner is not el:
                    position = tuple(np.round(_apply(m @ _affine(inner.get("transform")), np.zeros((1, 2)))[0], 2))
                colour = _style(inner).get("fill") or _style(el).get("fill")
                out.texts.append((" ".join((string or "").split()), position, colour))
                text_box(inner, m if inner is not el else m)
            return
        if tag == "path":
            st = _style(el)
            cmds = "".join(re.findall(r"[A-Za-z]", el.get("d") or ""))
            xy = np.round(_apply(m, _numbers(el.get("d")).reshape(-1, 2)), 2)
            tol = np.full(len(xy), np.inf if not out.paths else PATH_TOL_PT)  # the first: the page
            if cmds == "MQ":  # a leader line: start and control point sit on the label
                tol[:2] = LEADER_TOL_PT
            fill = resolve(st.get("fill"))
            if isinstance(fill, tuple) and fill[0] == "hatch":
                starts = [i for i, c in enumerate(c for c in cmds if c not in "zZ") if c == "M"] + [len(xy)]
                out.hatch_areas += [xy[a:b] for a, b in itertools.pairwise(starts) if b - a >= 3]
            out.paths.append(
                {
                    "cmds": cmds,
                    "xy": xy,
                    "tol": tol,
                    "style": (
                        resolve(st.get("fill")),
                        st.get("stroke"),
                        st.get("stroke-width"),
                        st.get("opacity"),
                        st.get("fill-opacity"),
                        st.get("stroke-dasharray"),
                    ),
                }
            )
        elif tag == "use":
            ref = ids.get((el.get(_XLINK) or "#")[1:])
            out.markers.append(
                {
                    "xy": np.round(_apply(m, np.array([[float(el.get("x") or 0), float(el.get("y") or 0)]]))[0], 2),
                    "style": (_style(el).get("fill"), _style(el).get("stroke")),
                    "shape": _numbers(ref.get("d")).tolist() if ref is not None else None,
                }
            )
        elif tag == "image":
            href = el.get(_XLINK) or el.get("href") or ""
            out.images.append(
                {
                    "box": np.round(
                        [
                            float(el.get("x") or 0),
                            float(el.get("y") or 0),
                            float(el.get("width") or 0),
                            float(el.get("height") or 0),
                        ],
                        2,
                    ),
                    "affine": m,
                    "pixels": _decode(href),
                }
            )
        for child in el:
            walk(child, m)

    walk(root, np.eye(3))
    out.paths = _merge_runs(out.paths)
    return out


def _merge_runs(paths: list[dict]) -> list[dict]:
    """Join consecutive paths of the same style into one.

    What is drawn, not how it is split into path elements, is compared: e.g. a
    contour line is one path per piece up to matplotlib 3.7 and one path per
    level from 3.8.
    """
    merged: list[dict] = []
    for p in paths:
        if merged and merged[-1]["style"] == p["style"]:
            last = merged[-1]
            merged[-1] = {
                **last,
                "cmds": last["cmds"] + p["cmds"],
                "xy": np.vstack([last["xy"], p["xy"]]),
                "tol": np.concatenate([last["tol"], p["tol"]]),
                "pieces": last.get("pieces", 1) + 1,
            }
        else:
            merged.append(p)
    return merged


def _decode(href: str) -> np.ndarray | None:
    if "," not in href:
        return None
    data = base64.b64decode(href.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=float)


def _offset(expected: Structure, actual: Structure) -> np.ndarray:
    """Median displacement (pt) of all path vertices: how far the page moved."""
    pairs = [
        (p["xy"][np.isfinite(p["tol"])], q["xy"][np.isfinite(p["tol"])])
        for p, q in zip(expected.paths, actual.paths, strict=False)
        if p["xy"].shape == q["xy"].shape
    ]
    pairs = [(p, q) for p, q in pairs if p.size]
    if not pairs:
        return np.zeros(2)
    a = np.vstack([p for p, _ in pairs])
    b = np.vstack([q for _, q in pairs])
    return np.median(a - b, axis=0)


_VERTICES_PER_COMMAND = {"M": 1, "L": 1, "Q": 2, "C": 3, "z": 0, "Z": 0}


def _outline(cmds: str, xy: np.ndarray, spacing: float = 0.05) -> np.ndarray:
    """Points every *spacing* pt along a path (control points taken as corners)."""
    points, k, start, prev = [], 0, None, None
    for c in cmds:
        n = _VERTICES_PER_COMMAND.get(c, 1)
        ends = ([start] if start is not None else []) if c in "zZ" else list(xy[k : k + n])
        k += n
        if c == "M":
            start = prev = ends[0]
            points.append(prev[None])
            continue
        for v in ends:
            if prev is None:
                prev = v
                points.append(v[None])
                continue
            m = max(int(np.ceil(np.hypot(*(v - prev)) / spacing)), 1)
            points.append(prev + np.linspace(0, 1, m + 1)[1:, None] * (v - prev))
            prev = v
    return np.vstack(points) if points else np.zeros((0, 2))


def _outline_distance(p: dict, q: dict, offset: np.ndarray) -> float:
    """Largest distance (pt) from a point on one path's outline to the other's (Hausdorff)."""
    from scipy.spatial import cKDTree

    a, b = _outline(p["cmds"], p["xy"]), _outline(q["cmds"], q["xy"]) + offset
    if not len(a) or not len(b):
        return 0.0 if len(a) == len(b) else np.inf
    return float(max(cKDTree(b).query(a)[0].max(), cKDTree(a).query(b)[0].max()))


def compare_svg(expected: str | bytes, actual: str | bytes) -> list[str]:
    """Differences between two SVG drawings, one sentence each ([] if none)."""
    e, a = svg_structure(expected), svg_structure(actual)
    problems: list[str] = []
    for k, axis in enumerate(("width", "height")):
        tol = max(SIZE_TOL_PT, 0.02 * e.size[k])
        if abs(e.size[k] - a.size[k]) > tol:
            problems.append(f"page {axis} {a.size[k]:.1f} pt, expected {e.size[k]:.1f} pt (± {tol:.1f})")
    strings_e, strings_a = [t[0] for t in e.texts], [t[0] for t in a.texts]
    if strings_e != strings_a:
        missing = [t for t in strings_e if t not in strings_a]
        extra = [t for t in strings_a if t not in strings_e]
        problems.append(
            f"texts differ: missing {missing[:5]}, new {extra[:5]}" if missing or extra else "texts in another order"
        )
    if len(e.paths) != len(a.paths):
        problems.append(f"{len(a.paths)} paths, expected {len(e.paths)}")
        return problems
    off = _offset(e, a)
    if strings_e == strings_a:
        for (text, pe, ce), (_, pa, ca) in zip(e.texts, a.texts, strict=True):
            if ce != ca:
                problems.append(f"text {text!r} in colour {ca}, expected {ce}")
            if pe and pa and np.abs(np.subtract(pe, pa) - off).max() > TEXT_TOL_PT:
                problems.append(f"text {text!r} moved by {np.abs(np.subtract(pe, pa) - off).max():.1f} pt")
    for i, (p, q) in enumerate(zip(e.paths, a.paths, strict=False)):
        label = f"path {i} ({p['cmds'][:12]}{'…' if len(p['cmds']) > 12 else ''})"
        if p["cmds"] != q["cmds"] or p["xy"].shape != q["xy"].shape:
            # The same line may be written with other vertices (contour tracing
            # and path simplification change between releases): then its outline
            # must lie where the expected one does.
            apart = _outline_distance(p, q, off)
            if apart > PATH_TOL_PT and np.isfinite(p["tol"]).any():
                problems.append(
                    f"{label} has other commands or vertices ({len(q['xy'])}, expected "
                    f"{len(p['xy'])}) and its outline lies up to {apart:.2f} pt away"
                )
            if p["style"] != q["style"]:
                problems.append(f"{label} style {q['style']}, expected {p['style']}")
            continue
        if p["style"] != q["style"]:
            problems.append(f"{label} style {q['style']}, expected {p['style']}")
        moved = np.abs(p["xy"] - q["xy"] - off).max(axis=1) if p["xy"].size else np.zeros(0)
        if (moved > p["tol"]).any():
            problems.append(f"{label} moved by up to {moved[moved > p['tol']].max():.2f} pt")
    if len(e.markers) != len(a.markers):
        problems.append(f"{len(a.markers)} markers, expected {len(e.markers)}")
    else:
        for i, (p, q) in enumerate(zip(e.markers, a.markers, strict=True)):
            if p["style"] != q["style"] or p["shape"] != q["shape"]:
                problems.append(f"marker {i} looks different")
            elif np.abs(p["xy"] - q["xy"] - off).max() > PATH_TOL_PT:
                problems.append(f"marker {i} moved by {np.abs(p['xy'] - q['xy'] - off).max():.2f} pt")
    if len(e.images) != len(a.images):
        problems.append(f"{len(a.images)} images, expected {len(e.images)}")
    else:
        for i, (p, q) in enumerate(zip(e.images, a.images, strict=True)):
            problems += [f"image {i}: {m}" for m in _compare_images(p, q)]
    return problems


def _compare_images(p: dict, q: dict) -> list[str]:
    out = []
    # the raster is snapped to whole pixels of the saved resolution: allow 2 pt (1.4 at 50 dpi)
    if np.abs(p["box"][2:] - q["box"][2:]).max() > 2.0:
        out.append(f"size {q['box'][2:].tolist()} pt, expected {p['box'][2:].tolist()}")
    a, b = p["pixels"], q["pixels"]
    if a is None or b is None:
        return out + ([] if a is None and b is None else ["pixels missing"])
    if max(abs(a.shape[0] - b.shape[0]), abs(a.shape[1] - b.shape[1])) > 2:
        return out + [f"{b.shape[1]}x{b.shape[0]} pixels, expected {a.shape[1]}x{a.shape[0]}"]
    # a raster one pixel wider or taller repeats one source pixel more: compare
    # the common part, each pixel with its best match within one pixel
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    a, b = a[:h, :w], b[:h, :w]
    # An image is resampled to the page's pixels, and where its pixel grid falls
    # follows the page's bounding box (the text extents): a difference that
    # vanishes when one image is moved by a pixel is where the grid fell.
    levels = np.maximum(_shifted_min_diff(a, b), _shifted_min_diff(b, a))
    # How a smooth image is resampled (antialiasing filter, before or after the
    # colour map) changes between releases, which changes a few per cent of the
    # pixels where the image changes fast. What must not change: its tone (the
    # typical pixel) and the look of more than a few per cent of it.
    tone = float(np.median(levels))
    de = np.maximum(
        _shifted_min_diff(_lab_of(a), _lab_of(b), norm=True), _shifted_min_diff(_lab_of(b), _lab_of(a), norm=True)
    )
    visible = float((de > DELTA_E).mean())
    if tone > IMAGE_TONE_TOL or visible > IMAGE_MAX_FRACTION:
        out.append(
            f"pixels differ (typical pixel by {tone:g} of 255, at most {IMAGE_TONE_TOL:g}; "
            f"{100 * visible:.1f} % look different, at most {100 * IMAGE_MAX_FRACTION:g} %)"
        )
    return out


def _shifted_min_diff(a: np.ndarray, b: np.ndarray, radius: int = 1, norm: bool = False) -> np.ndarray:
    """Per pixel of *a*, the smallest difference to a pixel of *b* within *radius* pixels.

    The difference of two pixels is the largest over the channels, or with
    ``norm=True`` the Euclidean distance (ΔE for CIELAB).
    """
    h, w = a.shape[:2]
    padded = np.pad(b, ((radius, radius), (radius, radius), (0, 0)), mode="edge")
    best = np.full((h, w), np.inf)
    for dy in range(2 * radius + 1):
        for dx in range(2 * radius + 1):
            d = a - padded[dy : dy + h, dx : dx + w]
            np.minimum(best, np.sqrt((d**2).sum(-1)) if norm else np.abs(d).max(-1), out=best)
    return best


# ------------------------------------------------------------------ pixels


def _lab(path: Path) -> np.ndarray:
    return _lab_of(np.asarray(Image.open(path).convert("RGB"), dtype=float))


def _lab_of(rgb255: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB pixels given as 0-255."""
    rgb = rgb255 / 255.0
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = (
        lin
        @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
        / np.array([0.95047, 1.0, 1.08883])
    )
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def _mask(boxes, shape, scale: float, pad: float) -> np.ndarray:
    m = np.zeros(shape, bool)
    for x0, y0, x1, y1 in boxes:
        r0, r1 = int(np.floor(y0 * scale - pad)), int(np.ceil(y1 * scale + pad))
        c0, c1 = int(np.floor(x0 * scale - pad)), int(np.ceil(x1 * scale + pad))
        m[max(r0, 0) : max(r1, 0), max(c0, 0) : max(c1, 0)] = True
    return m


def _area_mask(outlines, shape, scale: float) -> np.ndarray:
    """Pixels (of an image *shape* at *scale* px/pt) whose centre lies inside one of the *outlines*."""
    from matplotlib.path import Path as MplPath

    m = np.zeros(shape, bool)
    if not outlines:
        return m
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    centres = np.c_[(cols.ravel() + 0.5) / scale, (rows.ravel() + 0.5) / scale]
    for xy in outlines:
        lo, hi = xy.min(0), xy.max(0)
        near = np.all((centres >= lo) & (centres <= hi), axis=1)
        if near.any():
            idx = np.flatnonzero(near)
            m.flat[idx[MplPath(xy).contains_points(centres[idx])]] = True
    return m


def compare_png(
    expected_png: Path, actual_png: Path, expected_svg: str | bytes, actual_svg: str | bytes, dpi: float
) -> tuple[float, list[str]]:
    """Fraction of visibly different pixels outside the texts, and the problems (see module docstring)."""
    se, sa = svg_structure(expected_svg), svg_structure(actual_svg)
    scale = dpi / 72.0
    ea, aa = _lab(Path(expected_png)), _lab(Path(actual_png))
    me = _mask(se.text_boxes, ea.shape[:2], scale, TEXT_PAD_PT * scale)
    ma = _mask(sa.text_boxes, aa.shape[:2], scale, TEXT_PAD_PT * scale)
    dx, dy = np.round(_offset(se, sa) * scale).astype(int)  # expected = actual + offset
    radius, margin = 1, 2 + int(abs(dx)) + int(abs(dy))
    h = max(ea.shape[0], aa.shape[0]) + 2 * margin
    w = max(ea.shape[1], aa.shape[1]) + 2 * margin
    sigma = BLUR_PT * scale

    def place(img, mask, oy, ox, blur=sigma):
        canvas = np.zeros((h, w, 3))
        canvas[..., 0] = 100.0  # white
        masked = np.ones((h, w), bool)  # outside the image: not compared
        canvas[margin + oy : margin + oy + img.shape[0], margin + ox : margin + ox + img.shape[1]] = img
        masked[margin + oy : margin + oy + img.shape[0], margin + ox : margin + ox + img.shape[1]] = mask
        blurred = np.stack([ndimage.gaussian_filter(canvas[..., k], blur) for k in range(3)], -1)
        return blurred, masked

    e, e_masked = place(ea, me, 0, 0)
    a, a_masked = place(aa, ma, dy, dx)

    def nearest(x, y):
        best = np.full(x.shape[:2], np.inf)
        for sy in range(-radius, radius + 1):
            for sx in range(-radius, radius + 1):
                np.minimum(best, np.sqrt(((x - np.roll(y, (sy, sx), (0, 1))) ** 2).sum(-1)), out=best)
        return best

    delta = np.maximum(nearest(e, a), nearest(a, e))
    # A hatch is tiled from the page's corner, not from the drawing: where the
    # page grew (e.g. a wider label), the hatch lies elsewhere on the same area.
    # In hatched areas (their outline and pattern are compared in the SVG)
    # only the tint counts: both images blurred over a hatch's period.
    hatched = _area_mask(se.hatch_areas, ea.shape[:2], scale)
    hatched_a = _area_mask(sa.hatch_areas, aa.shape[:2], scale)
    if hatched.any() or hatched_a.any():
        he, _ = place(ea, hatched, 0, 0, HATCH_BLUR_PT * scale)
        ha, _ = place(aa, hatched_a, dy, dx, HATCH_BLUR_PT * scale)
        in_hatch = np.zeros((h, w), bool)
        in_hatch[margin : margin + ea.shape[0], margin : margin + ea.shape[1]] |= hatched
        in_hatch[margin + dy : margin + dy + aa.shape[0], margin + dx : margin + dx + aa.shape[1]] |= hatched_a
        in_hatch = ndimage.binary_dilation(in_hatch, iterations=int(np.ceil(2 * sigma)))
        delta = np.where(in_hatch, np.maximum(nearest(he, ha), nearest(ha, he)), delta)
    valid = ~(e_masked | a_masked)
    fraction = float(((delta > DELTA_E) & valid).sum() / max(valid.sum(), 1))
    problems = []
    if fraction > MAX_FRACTION:
        problems.append(
            f"{100 * fraction:.2f} % of the pixels outside the texts look different "
            f"(ΔE > {DELTA_E:g} after a {BLUR_PT:g} pt blur; at most {100 * MAX_FRACTION:g} % allowed)"
        )
    return fraction, problems


def read_svg(stem: Path) -> bytes:
    """The SVG of a drawing: ``stem.svg``, or ``stem.svgz`` (gzip) as the test baselines are kept."""
    stem = Path(stem)
    plain, packed = stem.parent / f"{stem.name}.svg", stem.parent / f"{stem.name}.svgz"
    if plain.is_file():
        return plain.read_bytes()
    return gzip.decompress(packed.read_bytes())


def compare_drawing(expected: Path, actual: Path, dpi: float) -> list[str]:
    """Compare ``expected.svg``(z)/``.png`` with ``actual.svg``(z)/``.png``; [] when they agree."""
    exp_svg, act_svg = read_svg(expected), read_svg(actual)
    problems = compare_svg(exp_svg, act_svg)
    _, pixel_problems = compare_png(
        Path(expected).parent / f"{Path(expected).name}.png",
        Path(actual).parent / f"{Path(actual).name}.png",
        exp_svg,
        act_svg,
        dpi,
    )
    return problems + pixel_problems
