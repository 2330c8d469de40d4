"""The palette stays distinguishable for colour-blind readers; the style is scoped.

Colour-vision deficiency is simulated with the Machado et al. (2009) matrices
at severity 1.0 (``venusedu.style.simulate_cvd``), and distances are CIE76
Delta E*ab in CIELAB (D65). The threshold is ``style.MIN_DELTA_E`` = 12: about
five just-noticeable differences, so two fills side by side are clearly
different at a glance. The checker is shown to fail on a known confusion pair
(matplotlib's default red and green under deuteranopia).
"""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest

from venusedu import style

DEFICIENCIES = (None, "deuteranopia", "protanopia", "tritanopia")


def role_pairs():
    """Every pair of roles with different colours, plus shared-ink pairs (checked separately)."""
    yield from itertools.combinations(sorted(style.ROLES), 2)


def min_delta_e(color_a: str, color_b: str) -> tuple[float, str]:
    worst = min((style.delta_e(color_a, color_b, d), d or "normal") for d in DEFICIENCIES)
    return worst


@pytest.mark.parametrize("a, b", list(role_pairs()))
def test_role_colours_distinguishable(a, b):
    if frozenset({a, b}) in style.SHARED_INK:
        assert style.ROLES[a] == style.ROLES[b]
        return
    de, vision = min_delta_e(style.ROLES[a], style.ROLES[b])
    assert de >= style.MIN_DELTA_E, (
        f"roles {a!r} ({style.ROLES[a]}) and {b!r} ({style.ROLES[b]}) differ by only "
        f"Delta E = {de:.1f} under {vision} vision (need >= {style.MIN_DELTA_E})"
    )


def test_only_declared_roles_share_ink():
    for a, b in itertools.combinations(style.ROLES, 2):
        if style.ROLES[a].upper() == style.ROLES[b].upper():
            assert frozenset({a, b}) in style.SHARED_INK, f"{a} and {b} share a colour undeclared"


def test_checker_flags_red_green_confusion():
    """The test above can fail: tab:red vs tab:green is flagged under deuteranopia."""
    red, green = "#D62728", "#2CA02C"
    assert style.delta_e(red, green) > 100  # very different for normal vision
    de, vision = min_delta_e(red, green)
    assert de < style.MIN_DELTA_E and vision == "deuteranopia"


def test_okabe_ito_pairs_survive_cvd():
    for a, b in itertools.combinations(style.OKABE_ITO.values(), 2):
        assert min_delta_e(a, b)[0] >= style.MIN_DELTA_E


def test_cvd_simulation_sanity():
    # greys are unchanged by every simulation
    for d in ("deuteranopia", "protanopia", "tritanopia"):
        for v in (0.0, 0.2, 1.0):
            out = style.simulate_cvd(np.array([v, v, v]), d)
            assert np.allclose(out, v, atol=1e-3)
    # deuteranopia maps red and green to similar colours; normal vision does not
    lab = style.srgb_to_lab("#FFFFFF")
    assert np.allclose(lab, [100, 0, 0], atol=0.05)
    with pytest.raises(ValueError, match="deficiency"):
        style.simulate_cvd(np.ones(3), "achromatopsia")


def test_fill_roles_have_distinct_hatches():
    fills = ["bone", "muscle", "fat_deep", "fat_superficial", "dermis", "lipo"]
    hatches = [style.hatch(r) for r in fills]
    assert len(set(hatches)) == len(hatches), hatches
    # both fat tissues are hatched, and differently
    assert style.hatch("fat_deep") and style.hatch("fat_superficial")


def test_fonts_readable_in_a_lecture_hall():
    sizes = [style.SMALL_SIZE, style.FONT_SIZE, style.LABEL_SIZE, style.TITLE_SIZE]
    assert min(sizes) >= 14
    for key in (
        "font.size",
        "axes.titlesize",
        "axes.labelsize",
        "xtick.labelsize",
        "ytick.labelsize",
        "legend.fontsize",
    ):
        assert style.RC[key] >= 14, key


def test_context_restores_global_rcparams():
    before = dict(matplotlib.rcParams)
    with style.context():
        assert matplotlib.rcParams["font.size"] == style.FONT_SIZE
    assert matplotlib.rcParams["font.size"] == before["font.size"]
    with pytest.raises(RuntimeError):
        with style.context():
            raise RuntimeError("boom")
    assert matplotlib.rcParams["font.size"] == before["font.size"]


def test_drawing_does_not_leak_rcparams():
    import matplotlib.pyplot as plt

    from venusedu import diagrams

    size = matplotlib.rcParams["font.size"]
    d = diagrams.posterior_view()
    plt.close(d.fig)
    assert matplotlib.rcParams["font.size"] == size


def test_unknown_role():
    with pytest.raises(KeyError, match="known roles"):
        style.color("cartilage")


def test_tint():
    assert style.tint("#000000", 0.5) == "#808080"
    assert style.tint("#E69F00", 1.0) == "#E69F00"
    assert style.tint("#E69F00", 0.0) == "#FFFFFF"
