"""Mechanics of model v2: a tethered, layered back solved per Fourier mode.

The lower back is modelled, from the bone outwards, as (``docs/MODEL.md`` §3):

* a rigid **base** (bone and deep fascia), raised by the muscle relief b(x, y);
* the **deep layer** of thickness ``h_d = bed + t_d``: the soft bed under the
  superficial fascia plus the deep fat ``t_d = (1 − f_s) t``;
* the **superficial fascia** (the insertion level of the tether): a membrane
  with tension ``T_f``, inextensible in its plane;
* the **superficial fat** of thickness ``t_s = f_s t``;
* the **skin**: a plate with tension ``T`` and bending stiffness ``D``, much
  stiffer in its plane than fat, so the fat does not slip under it (no-slip).

Both fat layers are linear, isotropic and incompressible with shear modulus
μ. Every interface is no-slip, so each layer is described by how the normal
stress on its faces follows the vertical displacements of its faces. For one
Fourier mode of wavenumber q and a layer of thickness h (``H = q h``), in units
of ``μ q``::

    σ_top = −c(H) W_bottom + a(H) W_top,     σ_bottom = −a(H) W_bottom + c(H) W_top
    a = (2H + sinh 2H) / (sinh²H − H²),       c = 2 (H cosh H + sinh H) / (sinh²H − H²)

(the Stokes-type solution ``W = (A + Bz) e^{qz} + (C + Dz) e^{−qz}`` with
``W' = 0`` on both faces). The skin and the fascia are then two coupled
equations per mode, solved in closed form (:func:`mode_responses`).

The **tether** holds the fascia over its attachment disc (radius a) at a fixed
height above the bone: it is a constraint, and the force it needs is part of
the solution. The force density on the disc is expanded in the functions
``(1 − r²/a²)^{j − 1/2}``, j = 0 … K−1 (the first one is the rigid-punch
distribution), and the constraint is imposed in the Galerkin sense on the same
functions. Because the muscle relief lifts the surroundings but not the bone
the tether is anchored to, the muscle (like deep fat) raises everything except
the attachment. The tether only pulls: if the constraint would need it to
push, it is slack.

This package is physics only (NumPy and SciPy). :func:`axisymmetric_pit` solves
one isolated tether with a Hankel transform; :mod:`venusedu.model` uses the
same mode responses on the periodic grid with both tethers and the muscle.

Everything is imported from ``venusedu.mechanics``; the modules inside are one
idea each:

* :mod:`venusedu.mechanics.layers`: one layer per mode, a(H) and c(H), and the
  one-layer transfer under a no-slip skin;
* :mod:`venusedu.mechanics.modes`: skin and fascia per mode
  (:func:`mode_responses`) and the tether's basis functions;
* :mod:`venusedu.mechanics.axisymmetric`: one isolated tether (Hankel
  transform) and its self-interaction.

Examples
--------
>>> from venusedu.mechanics import layer_transfer_noslip
>>> round(layer_transfer_noslip(1.0, 1.0), 4)       # Q = q h, β = (T q + D q³)/μ
0.9049
"""

from __future__ import annotations

from .axisymmetric import AxisymmetricPit, axisymmetric_pit, pit_depth_width

# ``from .x import _name as _name``: a private name of a module inside,
# re-exported so that it stays importable from here, as it was before
# mechanics became a package. Likewise the public helpers that are not in
# __all__ (hankel_pit, self_interaction).
from .axisymmetric import _gauss_legendre_panels as _gauss_legendre_panels
from .axisymmetric import _responses_for as _responses_for
from .axisymmetric import _self_quadrature as _self_quadrature
from .axisymmetric import hankel_pit as hankel_pit
from .axisymmetric import self_interaction as self_interaction
from .layers import _A_SERIES as _A_SERIES
from .layers import _C_SERIES as _C_SERIES
from .layers import _D_SERIES as _D_SERIES
from .layers import _H_SERIES as _H_SERIES
from .layers import _N_SERIES as _N_SERIES
from .layers import _S_SERIES as _S_SERIES
from .layers import _coefficient_tables as _coefficient_tables
from .layers import _series as _series
from .layers import layer_coefficients, layer_coefficients_shear_free, layer_transfer_noslip
from .modes import _THIN_MM as _THIN_MM
from .modes import TETHER_BASIS_SIZE, ModeResponses, mode_responses, tether_basis

__all__ = [
    "TETHER_BASIS_SIZE",
    "layer_coefficients",
    "layer_coefficients_shear_free",
    "layer_transfer_noslip",
    "ModeResponses",
    "mode_responses",
    "tether_basis",
    "AxisymmetricPit",
    "axisymmetric_pit",
    "pit_depth_width",
]
