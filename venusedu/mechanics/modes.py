"""The layered back's response to one Fourier mode, and the tether's basis.

:func:`mode_responses` solves skin and fascia per mode for a force on the
fascia (the tether), a displacement of the base (the muscle) and fat removed
(liposculpture); :func:`tether_basis` gives the Fourier transforms of the
functions the tether's force density is expanded in
(:data:`TETHER_BASIS_SIZE` of them). NumPy and SciPy.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import special as _sp

from .layers import layer_coefficients, layer_coefficients_shear_free

#: Number of functions in the expansion of the tether's force density. Four
#: terms change the skin pit by < 0.5 % against six (``tests/test_mechanics.py``).
TETHER_BASIS_SIZE = 4

# Layers thinner than this (mm) are treated as absent (see mode_responses).
_THIN_MM = 1e-6


class ModeResponses(NamedTuple):
    """Responses of the layered back to one Fourier mode (see :func:`mode_responses`).

    All are dimensionless ratios of amplitudes, functions of q:

    * ``fascia_force``, ``skin_force``: fascia and skin displacement per unit
      vertical force density on the fascia, in units of ``1/(μ q)``;
    * ``fascia_base``, ``skin_base``: per unit displacement of the base (muscle);
    * ``fascia_lipo``, ``skin_lipo``: per unit fat removed at the top of the
      superficial fat (liposculpture; the skin sinks, ``skin_lipo < 0``).
    """

    fascia_force: np.ndarray
    skin_force: np.ndarray
    fascia_base: np.ndarray
    skin_base: np.ndarray
    fascia_lipo: np.ndarray
    skin_lipo: np.ndarray


def mode_responses(
    q_per_mm,
    *,
    superficial_mm: float,
    deep_mm: float,
    skin_tension_n_per_m: float,
    skin_bending_nm: float,
    fascia_tension_n_per_m: float,
    shear_modulus_pa: float,
    top: str = "no-slip",
) -> ModeResponses:
    """Per-mode response of skin and fascia to the tether, the muscle and lipo.

    Per mode (units of ``μ q``; ``β = (T q + D q³)/μ``, ``β_f = T_f q/μ``, q in
    rad/m), with ``W_s``, ``W_f``, ``W_b`` the skin, fascia and base
    displacements, ``L`` the fat removed and ``f`` the force density on the
    fascia::

        skin:    −β W_s + c_s W_f − a_s (W_s + L) = 0
        fascia:  −β_f W_f + c_d W_b − a_d W_f − a_s' W_f + c_s (W_s + L) + f = 0

    (``a_s' = a_s`` for the no-slip skin). Eliminating ``W_s``::

        W_f = (c_d W_b + f + c_s β L/(a_s + β)) / K_f,
        K_f = β_f + a_d + [a_s' (a_s + β) − c_s²]/(a_s + β)
        W_s = (c_s W_f − a_s L)/(a_s + β)

    With no superficial fat the skin lies on the fascia (``W_s = W_f``,
    ``K_f = β + β_f + a_d``).

    Parameters
    ----------
    q_per_mm : array_like
        Wavenumbers (rad/mm, > 0).
    superficial_mm, deep_mm : float
        ``t_s ≥ 0`` and ``h_d > 0`` (mm).
    skin_tension_n_per_m, skin_bending_nm, fascia_tension_n_per_m : float
        T (N/m), D (N·m), T_f (N/m).
    shear_modulus_pa : float
        μ (Pa).
    top : {"no-slip", "shear-free"}
        Condition between the superficial fat and the skin. "no-slip" is the
        model's choice; "shear-free" (model v1) is kept for comparison.

    Returns
    -------
    ModeResponses

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.mechanics import mode_responses
    >>> r = mode_responses(np.array([1e-4, 0.1]), superficial_mm=8.0, deep_mm=8.0,
    ...                    skin_tension_n_per_m=10.0, skin_bending_nm=3.5e-4,
    ...                    fascia_tension_n_per_m=10.0, shear_modulus_pa=750.0)
    >>> [round(float(v), 3) for v in r.skin_base]          # long waves pass unchanged
    [1.0, 0.797]
    """
    if top not in ("no-slip", "shear-free"):
        raise ValueError(f"top = {top!r} is not allowed: must be 'no-slip' or 'shear-free'")
    q = np.asarray(q_per_mm, dtype=float)
    qm = q * 1e3
    mu = float(shear_modulus_pa)
    beta = (skin_tension_n_per_m * qm + skin_bending_nm * qm**3) / mu
    beta_f = fascia_tension_n_per_m * qm / mu
    a_d, c_d, _ = layer_coefficients(q * deep_mm)
    # A superficial layer thinner than _THIN_MM changes no response by more than
    # about 1e-6 relative and is treated as absent (thinner still, its coefficients
    # ~ 12/H³ would overflow).
    if superficial_mm > _THIN_MM:
        Hs = q * superficial_mm
        if top == "no-slip":
            a_s, c_s, d_s = layer_coefficients(Hs)
            a_sb = a_s
            # a_s(a_s + β) − c_s² = (a_s − c_s)(a_s + c_s) + a_s β, without cancellation
            schur = (d_s * (a_s + c_s) + a_s * beta) / (a_s + beta)
        else:
            a_s, a_sb, c_s = layer_coefficients_shear_free(Hs)
            schur = (4.0 + a_sb * beta) / (a_s + beta)
        K_f = beta_f + a_d + schur
        skin_per_fascia = c_s / (a_s + beta)
        fascia_force = 1.0 / K_f
        fascia_base = c_d * fascia_force
        fascia_lipo = c_s * beta / (a_s + beta) * fascia_force
        skin_lipo = skin_per_fascia * fascia_lipo - a_s / (a_s + beta)
    else:
        K_f = beta + beta_f + a_d
        skin_per_fascia = np.ones_like(q)
        fascia_force = 1.0 / K_f
        fascia_base = c_d * fascia_force
        fascia_lipo = np.zeros_like(q)
        skin_lipo = np.zeros_like(q)
    return ModeResponses(
        fascia_force, skin_per_fascia * fascia_force, fascia_base, skin_per_fascia * fascia_base, fascia_lipo, skin_lipo
    )


def tether_basis(q_per_mm, radius_mm: float, size: int = TETHER_BASIS_SIZE) -> np.ndarray:
    """Fourier transforms of the tether's force-density functions.

    Function j is ``(1 − r²/a²)^{j − 1/2}`` on the disc r ≤ a, scaled to a unit
    total force; its 2-D transform is ``(2j+1)!! · j_j(q a)/(q a)^j`` (a
    spherical Bessel function; j = 0 gives ``sin(qa)/(qa)``, the rigid punch).

    Parameters
    ----------
    q_per_mm : array_like
        Wavenumbers (rad/mm, ≥ 0).
    radius_mm : float
        a (mm, > 0).
    size : int
        Number of functions K.

    Returns
    -------
    ndarray
        Shape ``(size,) + q.shape``; every function is 1 at q = 0.

    Examples
    --------
    >>> import numpy as np
    >>> from venusedu.mechanics import tether_basis
    >>> B = tether_basis(np.array([0.0, np.pi / 2]), 1.0, size=2)
    >>> [[round(float(v), 4) for v in row] for row in B]
    [[1.0, 0.6366], [1.0, 0.774]]
    """
    q = np.asarray(q_per_mm, dtype=float)
    x = q * float(radius_mm)
    tiny = x < 1e-6
    xs = np.where(tiny, 1.0, x)
    out = np.empty((size,) + q.shape)
    dfact = 1.0
    for j in range(size):
        if j:
            dfact *= 2 * j + 1
        v = dfact * _sp.spherical_jn(j, xs) / xs**j
        # small x: j_j(x)/x^j (2j+1)!! = 1 − x²/(2(2j+3)) + …
        out[j] = np.where(tiny, 1.0 - x * x / (2.0 * (2 * j + 3)), v)
    return out
