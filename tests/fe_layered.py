"""Independent finite-element reference for the layered, tethered back (model v2).

This module solves, from scratch and sharing no code with ``venusedu``, the
mechanical problem stated for model v2: two layers of linear, isotropic,
exactly incompressible elastic fat (shear modulus mu) on a rigid base,

    z = h_d + t_s   skin: a plate with tension T and bending stiffness D
                    superficial fat (thickness t_s >= 0)
    z = h_d         superficial fascia: a membrane with tension T_f, u_r = 0,
                    held at w_f = -delta over the tether disc r <= a
                    deep layer (thickness h_d > 0)
    z = 0           rigid base, u_r = u_z = 0

in axisymmetric coordinates (r, z), r in [0, R_out], with a symmetry wall at
r = R_out (u_r = 0, no shear traction, zero slope of the plate and membrane).
Only numpy, scipy and scikit-fem are used. The tests in
``tests/test_fe_reference.py`` check it against closed forms; the package's own
(Fourier/Hankel) solution is compared with it in ``tests/test_validation_v2.py``.

Formulation
-----------
The solution minimises the total potential energy (per radian, the 2 pi
dropped)

    Pi = int mu eps(u):eps(u) r dr dz                     (both layers)
       + 1/2 int T_f (w_f')^2 r dr                         (fascia membrane)
       + 1/2 int [T (w_s')^2 + D (w_s'' + w_s'/r)^2] r dr  (skin plate)

subject to div u = du_r/dr + u_r/r + du_z/dz = 0 and the kinematic conditions
above. Its Euler-Lagrange equations are the equilibrium equations, the
fascia's balance T_f lap(w_f) + sigma_zz(above) - sigma_zz(below) = 0 off the
disc, and the plate equation D lap^2 w_s - T lap(w_s) = -sigma_zz(top). The
Gaussian-curvature part of the plate energy, -2(1-nu) D int w'' w'/r r dr, is
a boundary term that vanishes with w' = 0 at r = 0 and at r = R_out, so the
plate's Poisson ratio does not enter.

* **Fat: Taylor-Hood P2/P1.** Displacement (u_r, u_z) in continuous P2, the
  pressure (Lagrange multiplier of div u = 0) in P1, on a tensor-product mesh
  of triangles. The weak form carries the weight r and the hoop terms
  (eps_tt = u_r / r in the strain energy, u_r / r in the divergence), so the
  constraint is the exact axisymmetric incompressibility, imposed in the
  Taylor-Hood (inf-sup stable) sense; there is no penalty and no Poisson
  ratio. The pressure is continuous inside each layer but **discontinuous
  across the fascia** (two separate P1 fields), because the membrane and the
  tether carry a jump of sigma_zz there. The constant pressure mode of each
  layer makes the volume of each layer conserved exactly (to round-off):
  int w_f r dr = int w_s r dr = 0.
* **Membranes.** Tension terms T int w' v' r dr on the P2 trace of u_z along
  the fascia line and along the top line.
* **Bending (mixed w/kappa on the top line).** The P2 trace of u_z is only
  C0, so D (lap w)^2 cannot be integrated directly. A second 1-D P2 field y on
  the top line is introduced as the weak (negative) Laplacian of w,

      int y phi r dr = int w' phi' r dr        for every P2 phi on the line,

  i.e. y = M^-1 K w with the line's r-weighted mass M and stiffness K (this is
  the Ciarlet-Raviart mixed method, in 1-D). The bending energy becomes
  1/2 D y^T M y = 1/2 D w^T K M^-1 K w; in the linear system this is the
  symmetric block [[A + D K M^-1 K]] written without inverting M as
  [[A, D K], [D K, -D M]] acting on (w, y). Because phi is unrestricted at
  r = R_out (and at the tether's edge when t_s = 0), the integration by parts
  that identifies y with -lap(w) makes w' = 0 there a natural condition: the
  clamped slope at the wall, and the C1 joint of the skin with the flat disc
  when the skin sits on the tether, are imposed weakly (in the limit of mesh
  refinement), as is standard for this mixed method.
* **Tether.** w_f = -delta on every fascia node with r <= a (a mesh node sits
  at r = a): a Dirichlet condition; its reaction is the tether force.
* **t_s = 0.** The skin lies on the fascia: one line at z = h_d with tension
  T + T_f, bending D, u_r = 0, held at -delta over the disc. The limit
  t_s -> 0 of the two-line problem reaches this case only slowly: the
  fascia (a membrane) kinks at the disc's edge and a thin superficial layer
  lets the skin round the kink over a length of about (D/mu)^(1/6) t_s^(1/2)
  (measured widths at h_d = 10 mm, delta = 5 mm: 16.97, 17.83, 18.11 mm at
  t_s = 0.05, 0.005, 0.0005 mm against 18.27 mm at t_s = 0). This is the
  mechanics, not the mesh; but layers much thinner than 0.05 mm need a finer
  mesh (``mesh_scale``) than the default.

The mesh is graded geometrically towards the tether's edge (r = a) and towards
the fascia and skin lines in z (spacing ``h_fine_mm`` there, growing by
``growth`` mm per mm in r and twice that in z, up to ``h_max_mm`` in r and
``h_max_z_mm`` in z); r = 100 mm, 150 mm and R_out are mesh
nodes. All spacings scale with ``mesh_scale``.

Measured accuracy (15 cases f_s in {0, 0.5, 1} x fat in {2, 5, 10, 20, 30}
mm at FE_SPEC's defaults, no-slip top): halving every spacing
(``mesh_scale=0.5``, 2.2-3.6x the unknowns) changes the depth by at most
5e-5 and the width by at most 8.3e-4 (relative; the largest width change is
at f_s = 0, where the skin's clamped joint to the disc converges at first
order, see above); moving the wall from R_out = 250 to 400 mm changes both
by < 1e-7. Single-mode transfers (one layer, and two layers with a fascia)
agree with the plane-strain closed forms to < 1e-4 on small uniform meshes.
The default mesh has 9 000-30 000 unknowns; one case takes 0.3-2.2 s on
one core (SuperLU).

Units: lengths in mm at the interface; mu in Pa, tensions in N/m, bending
stiffness in N m. Internally everything is divided by mu and expressed in mm
(T / mu in mm, D / mu in mm^3), so the displacements come out in mm.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from skfem import (
    Basis,
    BilinearForm,
    ElementTriP1,
    ElementTriP2,
    ElementVector,
    FacetBasis,
    MeshTri,
    asm,
)
from skfem.helpers import ddot, div, sym_grad

__all__ = [
    "FESolution",
    "solve",
    "depth_width",
    "rim_height",
    "plane_strain_transfer",
    "axisymmetric_transfer",
    "volume_mm3",
]


class FESolution(NamedTuple):
    """Skin and fascia deflection along r (all in mm; negative is inward)."""

    r_mm: np.ndarray
    skin_mm: np.ndarray
    fascia_mm: np.ndarray


# ----------------------------------------------------------------------------
# meshing


def graded_nodes(breaks, spacing: Callable[[np.ndarray], np.ndarray], *, min_per_segment: int = 1):
    """Nodes on [breaks[0], breaks[-1]] that follow a target spacing.

    Every break point is a node. Within each segment the nodes are equally
    spaced in the variable s = int dx / spacing(x), with the count rounded up.

    Parameters
    ----------
    breaks : sequence of float
        Increasing break points (mm).
    spacing : callable
        Target element length (mm) as a function of position (mm), > 0.
    min_per_segment : int
        Fewest elements in any segment.

    Returns
    -------
    numpy.ndarray
        Increasing node coordinates (mm).
    """
    breaks = np.asarray(breaks, dtype=float)
    nodes = [breaks[:1]]
    for x0, x1 in itertools.pairwise(breaks):
        xs = np.linspace(x0, x1, 20001)
        dens = 1.0 / spacing(xs)
        cum = np.concatenate([[0.0], np.cumsum(0.5 * (dens[1:] + dens[:-1]) * np.diff(xs))])
        n = max(min_per_segment, int(np.ceil(cum[-1] - 1e-9)))
        seg = np.interp(np.linspace(0.0, cum[-1], n + 1), cum, xs)
        seg[-1] = x1
        nodes.append(seg[1:])
    return np.concatenate(nodes)


def _spacing(centres, h_fine, growth, h_max):
    centres = np.asarray(centres, dtype=float)

    def h(x):
        d = np.min(np.abs(np.asarray(x)[..., None] - centres), axis=-1)
        return np.minimum(h_max, h_fine + growth * d)

    return h


# ----------------------------------------------------------------------------
# the finite-element problem


@BilinearForm
def _elastic_axi(u, v, w):
    r = w.x[0]
    return 2.0 * (ddot(sym_grad(u), sym_grad(v)) + u[0] * v[0] / r**2) * r


@BilinearForm
def _div_axi(u, q, w):
    r = w.x[0]
    return q * (div(u) + u[0] / r) * r


@BilinearForm
def _elastic_plane(u, v, w):
    return 2.0 * ddot(sym_grad(u), sym_grad(v))


@BilinearForm
def _div_plane(u, q, w):
    return q * div(u)


@BilinearForm
def _line_stiffness_axi(u, v, w):
    return u.grad[0] * v.grad[0] * w.x[0]


@BilinearForm
def _line_mass_axi(u, v, w):
    return u * v * w.x[0]


@BilinearForm
def _line_stiffness_plane(u, v, w):
    return u.grad[0] * v.grad[0]


@BilinearForm
def _line_mass_plane(u, v, w):
    return u * v


def _solve_layers(
    r_nodes,
    z_nodes,
    *,
    geometry: str,
    lines: dict,
    plate_z: float,
    bending: float,
    no_slip_top: bool,
    pressure_breaks=(),
    fixed_w=None,
    base_w=None,
):
    """Solve the incompressible layered problem on a tensor mesh (mu = 1, mm).

    Parameters
    ----------
    r_nodes, z_nodes : array
        Mesh lines (mm); the domain is [r0, r1] x [0, H].
    geometry : {"axi", "plane"}
        Axisymmetric (weight r, hoop terms) or plane strain.
    lines : dict float -> float
        Horizontal lines z = z_k carrying a membrane tension (mm, = T / mu).
        Every line except the top one is inextensible (u_r = 0).
    plate_z : float
        The top line, which also carries the bending stiffness.
    bending : float
        D / mu (mm^3).
    no_slip_top : bool
        u_r = 0 on the top line (else shear-free).
    pressure_breaks : sequence of float
        Heights across which the pressure is discontinuous.
    fixed_w : tuple (z, r_max, value) or None
        u_z = value on the line z for r <= r_max.
    base_w : callable or None
        u_z(r) on the base z = 0 (default 0); u_r = 0 there.

    Returns
    -------
    dict
        ``line_r`` and ``line_w`` (sorted P2 nodes of each line), ``n_dofs``.
    """
    mesh = MeshTri.init_tensor(np.asarray(r_nodes, float), np.asarray(z_nodes, float))
    elem_u = ElementVector(ElementTriP2())
    axi = geometry == "axi"
    elastic, divergence = (_elastic_axi, _div_axi) if axi else (_elastic_plane, _div_plane)
    line_k, line_m = (_line_stiffness_axi, _line_mass_axi) if axi else (_line_stiffness_plane, _line_mass_plane)
    intorder = 6

    ub = Basis(mesh, elem_u, intorder=intorder)
    sb = Basis(mesh, ElementTriP2(), intorder=intorder)
    n_u = ub.N
    # scalar P2 dof -> u_r / u_z dof of the vector field
    to_r = np.empty(sb.N, dtype=np.int64)
    to_z = np.empty(sb.N, dtype=np.int64)
    to_r[sb.nodal_dofs[0]] = ub.nodal_dofs[0]
    to_r[sb.facet_dofs[0]] = ub.facet_dofs[0]
    to_z[sb.nodal_dofs[0]] = ub.nodal_dofs[1]
    to_z[sb.facet_dofs[0]] = ub.facet_dofs[1]
    xr, xz = sb.doflocs
    r0, r1 = float(r_nodes[0]), float(r_nodes[-1])
    tol = 1e-9 * max(1.0, r1)

    blocks_A = [asm(elastic, ub)]

    # pressure: one P1 field per layer (discontinuous across pressure_breaks)
    zc = mesh.p[1, mesh.t].mean(axis=0)
    edges = np.concatenate([[-np.inf], np.sort(np.asarray(pressure_breaks, float)), [np.inf]])
    B_rows = []
    for lo, hi in itertools.pairwise(edges):
        cells = np.nonzero((zc > lo) & (zc < hi))[0]
        if cells.size == 0:
            continue
        ub_s = Basis(mesh, elem_u, intorder=intorder, elements=cells)
        pb_s = Basis(mesh, ElementTriP1(), intorder=intorder, elements=cells)
        B = asm(divergence, ub_s, pb_s).tocsr()
        used = np.unique(mesh.t[:, cells])
        B_rows.append(B[pb_s.nodal_dofs[0][used]])
    B = sp.vstack(B_rows).tocsr()
    n_p = B.shape[0]

    # membranes along horizontal lines, and the bending block on the top line
    line_dofs = {}
    K_top = M_top = None
    for z_line, tension in lines.items():
        facets = mesh.facets_satisfying(lambda x, z_line=z_line: np.abs(x[1] - z_line) < 1e-9 * max(1.0, z_line))
        fb = FacetBasis(mesh, ElementTriP2(), facets=facets, intorder=intorder)
        K = asm(line_k, fb).tocsr()
        on = np.nonzero(np.abs(xz - z_line) < 1e-9 * max(1.0, z_line))[0]
        on = on[np.argsort(xr[on])]
        line_dofs[z_line] = on
        Kl = K[on][:, on]
        if tension:
            Pz = sp.csr_matrix((np.ones(on.size), (to_z[on], np.arange(on.size))), shape=(n_u, on.size))
            blocks_A.append(tension * (Pz @ Kl @ Pz.T))
        if z_line == plate_z:
            K_top = Kl
            M_top = asm(line_m, fb).tocsr()[on][:, on]
    A = sum(blocks_A[1:], blocks_A[0]).tocsr()

    top = line_dofs[plate_z]
    n_y = top.size if bending > 0 else 0
    blocks = [[A, B.T], [B, None]]
    if n_y:
        Pz = sp.csr_matrix((np.ones(top.size), (to_z[top], np.arange(top.size))), shape=(n_u, top.size))
        C = bending * (Pz @ K_top)
        blocks = [
            [A, B.T, C],
            [B, None, None],
            [C.T, None, -bending * M_top],
        ]
    S = sp.bmat(blocks, format="csr")
    n = S.shape[0]

    # Dirichlet conditions
    x0 = np.zeros(n)
    fixed = []
    base = np.nonzero(np.abs(xz) < 1e-12)[0]
    fixed += [to_r[base], to_z[base]]
    if base_w is not None:
        x0[to_z[base]] = base_w(xr[base])
    walls = np.nonzero((np.abs(xr - r0) < tol) | (np.abs(xr - r1) < tol))[0]
    fixed.append(to_r[walls])
    for z_line, on in line_dofs.items():
        if z_line != plate_z or no_slip_top:
            fixed.append(to_r[on])
    if fixed_w is not None:
        z_line, r_max, value = fixed_w
        on = line_dofs[z_line]
        held = on[xr[on] <= r_max + tol]
        fixed.append(to_z[held])
        x0[to_z[held]] = value
    fixed = np.unique(np.concatenate(fixed))
    free = np.setdiff1d(np.arange(n), fixed)

    rhs = -S[free][:, fixed] @ x0[fixed]
    x = x0.copy()
    x[free] = spla.spsolve(S[free][:, free].tocsc(), rhs)

    U = x[:n_u]
    out = {"n_dofs": int(free.size), "n_u": n_u, "n_p": n_p, "n_y": n_y}
    out["line_r"] = {z: xr[on] for z, on in line_dofs.items()}
    out["line_w"] = {z: U[to_z[on]] for z, on in line_dofs.items()}
    return out


# ----------------------------------------------------------------------------
# public interface


def _check_positive(name, value, unit, *, allow_zero=False):
    if not isinstance(value, (int, float, np.floating, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{name} must be a real number ({unit}), got {value!r}")
    ok = value >= 0 if allow_zero else value > 0
    if not np.isfinite(value) or not ok:
        rng = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} = {value!r} {unit} is out of range; allowed: {rng}")


def solve(
    t_s_mm: float,
    h_d_mm: float,
    pull_mm: float,
    radius_mm: float,
    *,
    mu_pa: float,
    tension_n_per_m: float,
    bending_nm: float,
    fascia_tension_n_per_m: float,
    top: str = "no-slip",
    r_out_mm: float = 250.0,
    r_max_mm: float | None = 150.0,
    mesh_scale: float = 1.0,
    h_fine_mm: float = 0.1,
    growth: float = 0.15,
    h_max_mm: float = 5.0,
    h_max_z_mm: float = 2.0,
    return_info: bool = False,
):
    """Skin and fascia deflection of one tether in the layered back (FE).

    Parameters
    ----------
    t_s_mm : float
        Superficial fat thickness t_s (mm), >= 0.
    h_d_mm : float
        Deep layer thickness h_d (mm), > 0.
    pull_mm : float
        Tether pull delta (mm), > 0 pulls inward: w_f = -delta for r <= a.
    radius_mm : float
        Attachment disc radius a (mm), > 0.
    mu_pa : float
        Shear modulus of both layers (Pa).
    tension_n_per_m, bending_nm : float
        Skin tension T (N/m) and bending stiffness D (N m).
    fascia_tension_n_per_m : float
        Fascia tension T_f (N/m).
    top : {"no-slip", "shear-free"}
        Tangential condition where the fat meets the skin (with t_s = 0 the
        skin is the inextensible fascia, u_r = 0, either way).
    r_out_mm : float
        Radius of the outer symmetry wall (mm).
    r_max_mm : float or None
        Return the lines for r <= r_max_mm (None: the whole domain).
    mesh_scale : float
        Multiplies every mesh spacing (0.5 halves the elements' size).
    h_fine_mm, growth, h_max_mm, h_max_z_mm : float
        Mesh grading: spacing h_fine_mm at the tether's edge (in r) and at the
        fascia and skin lines (in z), growing by ``growth`` mm per mm in r
        (2 * growth in z) up to h_max_mm in r and h_max_z_mm in z (all
        spacings before ``mesh_scale``).
    return_info : bool
        Also return a dict with the number of unknowns.

    Returns
    -------
    FESolution
        ``r_mm`` (the P2 nodes of the skin line, increasing from 0),
        ``skin_mm`` and ``fascia_mm`` (the same array when t_s = 0).
    """
    _check_positive("t_s_mm", t_s_mm, "mm", allow_zero=True)
    _check_positive("h_d_mm", h_d_mm, "mm")
    _check_positive("pull_mm", pull_mm, "mm")
    _check_positive("radius_mm", radius_mm, "mm")
    _check_positive("mu_pa", mu_pa, "Pa")
    _check_positive("tension_n_per_m", tension_n_per_m, "N/m", allow_zero=True)
    _check_positive("bending_nm", bending_nm, "N m", allow_zero=True)
    _check_positive("fascia_tension_n_per_m", fascia_tension_n_per_m, "N/m", allow_zero=True)
    _check_positive("mesh_scale", mesh_scale, "(factor)")
    if top not in ("no-slip", "shear-free"):
        raise ValueError(f"top = {top!r} is not allowed; use 'no-slip' or 'shear-free'")
    if not r_out_mm >= max(160.0, 10 * radius_mm):
        raise ValueError(f"r_out_mm = {r_out_mm!r} mm is too small; allowed: >= max(160, 10 * radius_mm)")

    a = float(radius_mm)
    t_s, h_d = float(t_s_mm), float(h_d_mm)
    H = h_d + t_s
    T = tension_n_per_m * 1e3 / mu_pa  # mm
    T_f = fascia_tension_n_per_m * 1e3 / mu_pa  # mm
    D = bending_nm * 1e9 / mu_pa  # mm^3

    s = float(mesh_scale)
    r_breaks = [0.0, a] + [x for x in (100.0, 150.0) if a < x < r_out_mm] + [r_out_mm]
    r_nodes = graded_nodes(r_breaks, _spacing([a], s * h_fine_mm, growth, s * h_max_mm), min_per_segment=2)
    fine_z = [h_d, H] if t_s > 0 else [h_d]
    z_breaks = [0.0, h_d, H] if t_s > 0 else [0.0, h_d]
    z_nodes = graded_nodes(z_breaks, _spacing(fine_z, s * h_fine_mm, 2 * growth, s * h_max_z_mm), min_per_segment=4)

    if t_s > 0:
        lines = {h_d: T_f, H: T}
        breaks = [h_d]
    else:
        lines = {h_d: T + T_f}
        breaks = []
    res = _solve_layers(
        r_nodes,
        z_nodes,
        geometry="axi",
        lines=lines,
        plate_z=H,
        bending=D,
        no_slip_top=(top == "no-slip") or t_s == 0,
        pressure_breaks=breaks,
        fixed_w=(h_d, a, -float(pull_mm)),
    )
    r = res["line_r"][H]
    ws = res["line_w"][H]
    wf = res["line_w"][h_d]
    if not np.allclose(res["line_r"][h_d], r):
        raise RuntimeError("fascia and skin lines do not share nodes")
    keep = slice(None) if r_max_mm is None else r <= r_max_mm + 1e-9
    sol = FESolution(r[keep], ws[keep], wf[keep])
    if return_info:
        info = {k: res[k] for k in ("n_dofs", "n_u", "n_p", "n_y")}
        info["n_r"], info["n_z"] = r_nodes.size, z_nodes.size
        return sol, info
    return sol


def _mode_transfer(geometry, Q, beta, *, top, tension_share, deep_Q, fascia_beta, n_x, n_z):
    if top not in ("no-slip", "shear-free"):
        raise ValueError(f"top = {top!r} is not allowed; use 'no-slip' or 'shear-free'")
    _check_positive("Q", Q, "(q h)")
    _check_positive("beta", beta, "(plate stiffness / mu q)", allow_zero=True)
    if not 0.0 <= tension_share <= 1.0:
        raise ValueError(f"tension_share = {tension_share!r} is out of range; allowed: [0, 1]")
    if geometry == "plane":
        x_nodes = np.linspace(0.0, np.pi, n_x + 1)
        base_w = np.cos
    else:
        from scipy.special import j0

        x_nodes = np.linspace(0.0, 3.8317059702075125, n_x + 1)  # first zero of J1
        base_w = j0
    if deep_Q is None:
        z_top = float(Q)
        z_nodes = np.linspace(0.0, z_top, n_z + 1)
        lines, breaks = {z_top: tension_share * beta}, []
    else:
        _check_positive("deep_Q", deep_Q, "(q h_d)")
        z_f = float(deep_Q)
        z_top = z_f + float(Q)
        z_nodes = np.unique(np.concatenate([np.linspace(0.0, z_f, n_z + 1), np.linspace(z_f, z_top, n_z + 1)]))
        lines, breaks = {z_f: float(fascia_beta), z_top: tension_share * beta}, [z_f]
    res = _solve_layers(
        x_nodes,
        z_nodes,
        geometry=geometry,
        lines=lines,
        plate_z=z_top,
        bending=(1.0 - tension_share) * beta,
        no_slip_top=top == "no-slip",
        pressure_breaks=breaks,
        base_w=base_w,
    )
    x, w = res["line_r"][z_top], res["line_w"][z_top]
    return float(w[np.argmin(x)])


def plane_strain_transfer(
    Q: float,
    beta: float,
    *,
    top: str = "shear-free",
    tension_share: float = 0.5,
    deep_Q: float | None = None,
    fascia_beta: float = 0.0,
    n_x: int = 24,
    n_z: int = 16,
) -> float:
    """Single-mode transfer through a layer, solved with the same FE.

    A plane-strain layer of thickness h on a bonded base displaced by
    w_b cos(q x), its top carrying a plate (tension T, bending D) with
    beta = (T q + D q^3) / mu; the transfer is w_top / w_b at x = 0. The FE
    domain is half a wavelength, x in [0, pi / q], between symmetry walls,
    with q = 1 / mm, so h = Q mm. With ``deep_Q`` the layer sits on a second
    (deep) layer of thickness deep_Q / q, separated by an inextensible fascia
    (u_x = 0) with tension T_f, fascia_beta = T_f q / mu.

    Parameters
    ----------
    Q : float
        q h of the (superficial) layer, > 0.
    beta : float
        Plate stiffness parameter, >= 0.
    top : {"shear-free", "no-slip"}
        Tangential condition at the top.
    tension_share : float
        Share of beta carried by tension (the rest by bending), in [0, 1].
    deep_Q : float or None
        q h_d of a deep layer under a fascia (None: one layer on the base).
    fascia_beta : float
        T_f q / mu of that fascia.
    n_x, n_z : int
        Elements along x and across each layer.

    Returns
    -------
    float
        w_top(0) / w_b.
    """
    return _mode_transfer(
        "plane", Q, beta, top=top, tension_share=tension_share, deep_Q=deep_Q, fascia_beta=fascia_beta, n_x=n_x, n_z=n_z
    )


def axisymmetric_transfer(
    Q: float,
    beta: float,
    *,
    top: str = "shear-free",
    tension_share: float = 0.5,
    deep_Q: float | None = None,
    fascia_beta: float = 0.0,
    n_x: int = 32,
    n_z: int = 16,
) -> float:
    """Single Hankel-mode transfer through an axisymmetric layer (same FE).

    As :func:`plane_strain_transfer`, but axisymmetric, with the solver that
    :func:`solve` uses: the base is displaced by w_b J0(k r), k = 1 / mm, on
    r in [0, j_1], j_1 the first positive zero of J1 (there u_r, the shear
    traction and the plate's slope of the exact mode vanish, so the symmetry
    wall is exact). Incompressible layers transfer a J0 mode exactly as plane
    strain transfers cos(q x) with q = k, so this checks the r-weight and the
    hoop terms against the plane-strain closed form.

    Returns
    -------
    float
        w_top(0) / w_b.
    """
    return _mode_transfer(
        "axi", Q, beta, top=top, tension_share=tension_share, deep_Q=deep_Q, fascia_beta=fascia_beta, n_x=n_x, n_z=n_z
    )


# ----------------------------------------------------------------------------
# measures


def depth_width(r_mm, w_mm):
    """Depth and full width at half depth of an axisymmetric pit.

    depth = w(100 mm) - min w; width = 2 r_half, where w(r_half) = min w +
    depth / 2, linearly interpolated, on the way out from the minimum.

    Parameters
    ----------
    r_mm, w_mm : array
        Increasing radii (mm, covering 0 to >= 100) and deflection (mm).

    Returns
    -------
    depth_mm, width_mm : float
    """
    r = np.asarray(r_mm, dtype=float)
    w = np.asarray(w_mm, dtype=float)
    if r.ndim != 1 or r.shape != w.shape or r.size < 3:
        raise ValueError("r_mm and w_mm must be 1-D arrays of the same length (>= 3)")
    if np.any(np.diff(r) <= 0) or r[0] > 1e-9 or r[-1] < 100.0:
        raise ValueError("r_mm must increase from 0 and reach at least 100 mm")
    w100 = float(np.interp(100.0, r, w))
    i_min = int(np.argmin(w))
    depth = w100 - float(w[i_min])
    if not depth > 0:
        raise ValueError(f"no pit: depth = {depth!r} mm")
    level = w[i_min] + depth / 2
    above = np.nonzero(w[i_min:] >= level)[0]
    if above.size == 0:
        raise ValueError("the deflection never climbs back to half depth")
    j = i_min + int(above[0])
    r_half = r[j - 1] + (level - w[j - 1]) * (r[j] - r[j - 1]) / (w[j] - w[j - 1])
    return depth, 2.0 * float(r_half)


def rim_height(r_mm, w_mm):
    """Highest point of the deflection (mm above rest) and its radius (mm)."""
    w = np.asarray(w_mm, dtype=float)
    i = int(np.argmax(w))
    return float(w[i]), float(np.asarray(r_mm)[i])


def volume_mm3(r_mm, w_mm):
    """int w r dr over the given nodes (per radian, mm^3).

    For the P2 nodes returned by :func:`solve` (vertex, midpoint, vertex, ...)
    Simpson's rule per element integrates the FE trace exactly.
    """
    r = np.asarray(r_mm, dtype=float)
    f = np.asarray(w_mm, dtype=float) * r
    if r.size % 2 == 0:
        raise ValueError("need an odd number of P2 nodes (vertex, midpoint, ..., vertex)")
    h = r[2::2] - r[:-2:2]
    return float(np.sum(h / 6.0 * (f[:-2:2] + 4.0 * f[1:-1:2] + f[2::2])))
