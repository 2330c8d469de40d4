"""A whole class at once: the explorer on JupyterHub, under load.

Usage::

    .venv/bin/python benchmarks/bench_class.py [--students 5 10 20] [--changes 50]
        [--seed 15] [--arrival-s 10] [--json out.json] [--write-sizing deploy/sizing.json]

For each class size N it starts the class hub (``deploy/jupyterhub_config.py``
through ``tools/hub.py``: configurable-http-proxy, shared-password login,
local-process servers, idle culler; everything on 127.0.0.1) in a new
temporary folder, and N simulated students, each in a thread of this process,
who

1. arrive at a random moment within ``--arrival-s`` seconds, open the login
   page and log in with the class password (the hub starts their server and
   ``deploy/jupyterhub_config.py`` copies the student lessons into
   ``~/dimples``), then ask the hub for an API token of their own, as the
   browser's session (cookie and XSRF header);
2. wait for their server through the proxy (``/user/NAME/api/status``), start
   a kernel there and open its websocket (jupyter_server's REST API and
   kernel channels through the proxy, with ``jupyter_kernel_client``);
   *login-to-kernel-ready* is the time from step 1 to the kernel's
   ``kernel_info`` reply;
3. run the setup cells of ``notebooks/05_explorer.ipynb`` (the code cells
   before the one that builds the explorer; ``%matplotlib widget`` becomes the
   non-interactive Agg backend: no browser) and build the explorer with the
   public API, ``app = explore()``, and display it (its pictures are then PNG
   images sent to this client on every update, as to a browser);
4. wait until the whole class is ready, then all make ``--changes`` slider
   changes at a student's pace (one every 200-500 ms, uniform jitter, seeded
   per student): a drag is 3-8 steps of one slider towards a random target,
   setting ``app.controls[name].value`` in the kernel. The kernel times the
   assignment (*kernel-side update*: model, redraw, pictures) and checks that
   ``app.result`` follows the control; this client times the round trip
   (request sent to reply received, through the proxy).

Reported per N: login-to-kernel-ready (median, p95), kernel-side update and
round trip (median, p95, max), failed logins, spawns, kernels and updates,
peak memory (RSS and PSS) per student (server + kernel) and for the hub side
(hub, proxy, culler), and the CPU used during the slider phase (per student,
and how busy the machine's cores were: the saturation point is where they
reach 100 % and the update latency climbs). ``--write-sizing`` records the
resulting sizing in one file that ``deploy/config.yaml`` and
docs/instructor-guide.md quote (the tests check they agree).

This is a benchmark: it prints figures and never fails on a slow number
(``tests/test_hub.py`` runs a small class, N = 3 with 10 changes each, and
asserts only that nothing failed). Exit status 1 if any login, spawn, kernel
or update failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import math
import os
import platform
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.hub import Hub, running_hub  # noqa: E402

LESSON = ROOT / "notebooks" / "05_explorer.ipynb"
WORKSPACE = "dimples"
#: Sliders a student drags, each a run of steps (body fat first: question 1).
SLIDERS = ("body_fat", "light_elevation_deg", "light_azimuth_deg", "superficial_fraction", "muscle", "view_distance_m")
#: Pace of the changes, seconds between two of them (uniform).
PACE_S = (0.2, 0.5)
#: Update latency an instructor can accept: 100 ms is where a response stops
#: feeling instantaneous (Nielsen's 0.1 s limit); the round trip also carries
#: the pictures through the proxy.
TARGET_KERNEL_P95_MS = 100.0
TARGET_ROUNDTRIP_P95_MS = 250.0
#: Busiest a core should be for planning: above it updates queue behind others.
MAX_BUSY = 0.7
MIB = 1024.0 * 1024.0
REQUEST_TIMEOUT_S = 30.0
EXECUTE_TIMEOUT_S = 180.0

# Code run once in each kernel after the explorer exists: one change of a
# slider, timed around the assignment, checked against app.result.
KERNEL_HELPER = r"""
def _venusedu_bench_set(name, frac):
    import json as _json, math as _math, time as _time
    w = app.controls[name]
    lo, hi, step = float(w.min), float(w.max), float(w.step)
    x = min(max(lo + round(frac * (hi - lo) / step) * step, lo), hi)
    value = float(w.base) ** x if hasattr(w, "base") else x   # FloatLogSlider: exponents
    before = app.result
    t0 = _time.perf_counter()
    w.value = value
    ms = 1e3 * (_time.perf_counter() - t0)
    r = app.result
    if name == "body_fat":
        ok = r.params.fat_mm != before.params.fat_mm
    else:
        ok = _math.isclose(getattr(r.params, name), w.value, rel_tol=1e-9, abs_tol=1e-12)
    ok = bool(ok and _math.isfinite(float(r.visibility_index)))
    print(_json.dumps({"ms": ms, "ok": ok, "value": float(w.value),
                       "vi": float(r.visibility_index)}))
"""

# After the changes: the explorer still answers, and its result is the one the
# controls say.
KERNEL_FINAL_CHECK = r"""
import json as _json, math as _math
_r = app.result
_checks = {n: _math.isclose(getattr(_r.params, n), app.controls[n].value, rel_tol=1e-9, abs_tol=1e-12)
           for n in ("light_elevation_deg", "light_azimuth_deg", "superficial_fraction", "muscle",
                     "view_distance_m")}
print(_json.dumps({"working": all(_checks.values()) and _math.isfinite(float(_r.visibility_index)),
                   "checks": _checks, "vi": float(_r.visibility_index)}))
"""


# ----------------------------------------------------------------------------
# the lesson's setup
# ----------------------------------------------------------------------------
def lesson_setup_code(path: Path = LESSON) -> str:
    """The code cells of lesson 05 before the one that builds the explorer.

    ``%matplotlib widget`` (ipympl, which needs a browser) becomes the
    non-interactive Agg backend; every other line runs as written.

    Raises
    ------
    ValueError
        If the lesson has no code cell calling ``explore(``.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        if "explore(" in src:
            break
        cells.append(src)
    else:
        raise ValueError(f"{path} has no code cell that builds the explorer (explore(...))")
    lines = []
    for line in "\n".join(cells).splitlines():
        if line.strip().startswith("%matplotlib"):
            lines.append('import matplotlib; matplotlib.use("agg")  # headless: was ' + line.strip())
        else:
            lines.append(line)
    return "\n".join(lines)


BUILD_EXPLORER = "from venusedu import explore\napp = explore()\ndisplay(app)"


# ----------------------------------------------------------------------------
# the plan of one student's slider changes
# ----------------------------------------------------------------------------
def slider_plan(rng: random.Random, changes: int) -> list[tuple[str, float, float]]:
    """``changes`` slider moves as ``(slider, position 0-1, pause before it in s)``.

    Drags of 3-8 steps of one slider towards a random target position; no two
    consecutive positions of a slider are equal (each step is at least 1/20 of
    the slider). Body fat stays within 25-75 % of its range, where each step
    changes the fat thickness.
    """
    if not isinstance(changes, int) or changes < 1:
        raise ValueError(f"changes = {changes!r} must be an integer >= 1")
    pos = {name: 0.5 for name in SLIDERS}
    plan: list[tuple[str, float, float]] = []
    while len(plan) < changes:
        name = rng.choice(SLIDERS)
        lo, hi = (0.25, 0.75) if name == "body_fat" else (0.05, 0.95)
        target = rng.uniform(lo, hi)
        steps = rng.randint(3, 8)
        delta = (target - pos[name]) / steps
        if abs(delta) < 1.0 / 20.0:
            delta = math.copysign(1.0 / 20.0, delta if delta else 1.0)
        for _ in range(steps):
            nxt = min(max(pos[name] + delta, lo), hi)
            if abs(nxt - pos[name]) < 1.0 / 40.0:
                break
            pos[name] = nxt
            plan.append((name, round(nxt, 4), rng.uniform(*PACE_S)))
            if len(plan) == changes:
                break
    return plan


# ----------------------------------------------------------------------------
# one student
# ----------------------------------------------------------------------------
@dataclass
class Update:
    slider: str
    kernel_ms: float
    roundtrip_ms: float
    ok: bool


@dataclass
class Student:
    name: str
    arrival_s: float = 0.0
    logged_in: bool = False
    spawned: bool = False
    kernel: bool = False
    explorer: bool = False
    working: bool = False
    login_to_kernel_s: float = math.nan
    login_to_server_s: float = math.nan
    setup_s: float = math.nan
    updates: list[Update] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed_updates(self) -> int:
        return sum(not u.ok for u in self.updates)


def _stream_json(reply: dict) -> dict:
    """The last JSON line a cell printed; raise with the error if it failed."""
    if reply.get("status") != "ok":
        err = [o for o in reply.get("outputs", []) if o.get("output_type") == "error"]
        detail = f"{err[0]['ename']}: {err[0]['evalue']}" if err else str(reply)[:300]
        raise RuntimeError(f"cell failed: {detail}")
    text = "".join(o.get("text", "") for o in reply.get("outputs", []) if o.get("output_type") == "stream")
    lines = [ln for ln in text.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"cell printed no result: {text[:300]!r}")
    return json.loads(lines[-1])


def _run_cell(kernel, code: str) -> dict:
    reply = kernel.execute(code, timeout=EXECUTE_TIMEOUT_S)
    if reply.get("status") != "ok":
        _stream_json(reply)  # raises with the error
    return reply


def login(session, hub_url: str, name: str, password: str) -> None:
    """Log in through the hub's login form, as a browser does (XSRF cookie, POST)."""
    r = session.get(f"{hub_url}/hub/login", timeout=REQUEST_TIMEOUT_S)
    r.raise_for_status()
    r = session.post(
        f"{hub_url}/hub/login",
        timeout=REQUEST_TIMEOUT_S,
        data={"username": name, "password": password, "_xsrf": session.cookies.get("_xsrf", "")},
    )
    r.raise_for_status()
    if "jupyterhub-session-id" not in session.cookies and not any(
        c.name.startswith("jupyterhub-hub-login") for c in session.cookies
    ):
        raise RuntimeError(f"login of {name!r} was refused (no hub cookie; page {r.url})")


def user_token(session, hub_url: str, name: str) -> str:
    """An API token of the student's own, asked for with the browser session."""
    r = session.post(
        f"{hub_url}/hub/api/users/{name}/tokens",
        timeout=REQUEST_TIMEOUT_S,
        json={"note": "bench_class", "expires_in": 3600},
        headers={"X-XSRFToken": session.cookies.get("_xsrf", "")},
    )
    r.raise_for_status()
    return r.json()["token"]


def wait_for_server(session, hub_url: str, name: str, token: str, timeout_s: float) -> None:
    """Poll the student's server through the proxy until it answers."""
    deadline = time.monotonic() + timeout_s
    status = None
    while time.monotonic() < deadline:
        r = session.get(
            f"{hub_url}/user/{name}/api/status",
            timeout=REQUEST_TIMEOUT_S,
            headers={"Authorization": f"token {token}"},
            allow_redirects=False,
        )
        status = r.status_code
        if status == 200:
            return
        time.sleep(0.5)
    raise TimeoutError(f"server of {name!r} not ready after {timeout_s:g} s (last status {status})")


def run_student(
    hub: Hub, student: Student, plan, ready: threading.Barrier, done: threading.Barrier, spawn_timeout_s: float
) -> None:
    """One student's session (see the module docstring); errors go to ``student.errors``."""
    import requests
    from jupyter_kernel_client import JupyterKernelClient

    kernel = None
    reached_ready = False
    try:
        time.sleep(student.arrival_s)
        session = requests.Session()
        t0 = time.perf_counter()
        try:
            login(session, hub.url, student.name, hub.password)
            token = user_token(session, hub.url, student.name)
            student.logged_in = True
        except Exception as exc:  # noqa: BLE001 (recorded and counted)
            student.errors.append(f"login: {exc}")
            return
        try:
            wait_for_server(session, hub.url, student.name, token, spawn_timeout_s)
            student.spawned = True
            student.login_to_server_s = time.perf_counter() - t0
        except Exception as exc:  # noqa: BLE001
            student.errors.append(f"spawn: {exc}")
            return
        try:
            # Token in a header only (JupyterHub refuses tokens in URLs by default).
            kernel = JupyterKernelClient(
                server_url=f"{hub.url}/user/{student.name}", token=None, headers={"Authorization": f"token {token}"}
            )
            kernel.start(path=WORKSPACE, timeout=REQUEST_TIMEOUT_S)
            if not kernel.kernel_info:
                raise RuntimeError("no kernel_info reply")
            student.kernel = True
            student.login_to_kernel_s = time.perf_counter() - t0
        except Exception as exc:  # noqa: BLE001
            student.errors.append(f"kernel: {exc}")
            return
        try:
            t1 = time.perf_counter()
            _run_cell(kernel, lesson_setup_code())
            _run_cell(kernel, BUILD_EXPLORER)
            _run_cell(kernel, KERNEL_HELPER)
            student.setup_s = time.perf_counter() - t1
            student.explorer = True
        except Exception as exc:  # noqa: BLE001
            student.errors.append(f"explorer: {exc}")
            return
        reached_ready = True
        ready.wait()
        for name, frac, pause in plan:
            time.sleep(pause)
            t = time.perf_counter()
            try:
                out = _stream_json(
                    kernel.execute(f"_venusedu_bench_set({name!r}, {frac!r})", timeout=EXECUTE_TIMEOUT_S)
                )
                student.updates.append(Update(name, out["ms"], 1e3 * (time.perf_counter() - t), out["ok"]))
                if not out["ok"]:
                    student.errors.append(f"update {name}={frac}: app.result did not follow")
            except Exception as exc:  # noqa: BLE001
                student.updates.append(Update(name, math.nan, 1e3 * (time.perf_counter() - t), False))
                student.errors.append(f"update {name}={frac}: {exc}")
        try:
            student.working = bool(_stream_json(kernel.execute(KERNEL_FINAL_CHECK))["working"])
            if not student.working:
                student.errors.append("final check: app.result does not match the controls")
        except Exception as exc:  # noqa: BLE001
            student.errors.append(f"final check: {exc}")
    finally:
        if not reached_ready:
            try:
                ready.wait()
            except threading.BrokenBarrierError:
                pass
        try:
            done.wait()
        except threading.BrokenBarrierError:
            pass
        if kernel is not None:
            try:
                kernel.stop(shutdown_kernel=True)
            except Exception as exc:  # noqa: BLE001
                student.errors.append(f"kernel shutdown: {exc}")


# ----------------------------------------------------------------------------
# memory and CPU of the hub's process tree
# ----------------------------------------------------------------------------
def _classify(proc, owners: dict[int, str]) -> str:
    """'hub', 'proxy', 'culler' or 'user:<name>' (servers and their kernels)."""
    import psutil

    try:
        parent = proc.ppid()
        if parent in owners and owners[parent].startswith("user:"):
            return owners[parent]
        cmd = " ".join(proc.cmdline())
        if "configurable-http-proxy" in cmd:
            return "proxy"
        if "jupyterhub_idle_culler" in cmd:
            return "culler"
        if "jupyterhub.singleuser" in cmd or "jupyterhub-singleuser" in cmd:
            return "user:" + proc.environ().get("JUPYTERHUB_USER", "?")
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        pass
    return "other"


class Sampler(threading.Thread):
    """Sample RSS/PSS of the hub's process tree every ``every_s`` seconds; track CPU time."""

    def __init__(self, hub_pid: int, every_s: float = 1.0):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(hub_pid)
        self.every_s = every_s
        self.stop_event = threading.Event()
        self.peak: dict[str, dict[str, float]] = {}  # group -> {"rss": bytes, "pss": bytes}
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (group, cpu seconds so far)
        self.lock = threading.Lock()

    def sample(self) -> None:
        import psutil

        procs = [self.root]
        try:
            procs += self.root.children(recursive=True)
        except psutil.NoSuchProcess:
            return
        owners: dict[int, str] = {self.root.pid: "hub"}
        totals: dict[str, dict[str, float]] = {}
        procs.sort(key=lambda p: p.pid)
        # parents before children: classify in tree order
        by_pid = {p.pid: p for p in procs}
        order, seen = [], set()

        def visit(p):
            if p.pid in seen:
                return
            try:
                ppid = p.ppid()
            except psutil.NoSuchProcess:
                return
            if ppid in by_pid:
                visit(by_pid[ppid])
            seen.add(p.pid)
            order.append(p)

        for p in procs:
            visit(p)
        for p in order:
            if p.pid != self.root.pid:
                owners[p.pid] = _classify(p, owners)
            group = owners[p.pid]
            try:
                mem = p.memory_full_info()
                ct = p.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            t = totals.setdefault(group, {"rss": 0.0, "pss": 0.0})
            t["rss"] += mem.rss
            t["pss"] += getattr(mem, "pss", mem.rss)
            with self.lock:
                self.cpu[p.pid] = (group, ct.user + ct.system)
        with self.lock:
            for group, t in totals.items():
                peak = self.peak.setdefault(group, {"rss": 0.0, "pss": 0.0})
                peak["rss"] = max(peak["rss"], t["rss"])
                peak["pss"] = max(peak["pss"], t["pss"])
            side = {k: sum(totals.get(g, {}).get(k, 0.0) for g in ("hub", "proxy", "culler")) for k in ("rss", "pss")}
            peak = self.peak.setdefault("hub side", {"rss": 0.0, "pss": 0.0})
            peak["rss"] = max(peak["rss"], side["rss"])
            peak["pss"] = max(peak["pss"], side["pss"])
            whole = {k: sum(t[k] for t in totals.values()) for k in ("rss", "pss")}
            peak = self.peak.setdefault("all", {"rss": 0.0, "pss": 0.0})
            peak["rss"] = max(peak["rss"], whole["rss"])
            peak["pss"] = max(peak["pss"], whole["pss"])

    def cpu_snapshot(self) -> dict[str, float]:
        """CPU seconds used so far, by group ('hub', 'proxy', 'culler', 'users')."""
        self.sample()
        out: dict[str, float] = {}
        with self.lock:
            for group, secs in self.cpu.values():
                key = "users" if group.startswith("user:") else group
                out[key] = out.get(key, 0.0) + secs
        return out

    def run(self) -> None:
        while not self.stop_event.wait(self.every_s):
            self.sample()


# ----------------------------------------------------------------------------
# a class
# ----------------------------------------------------------------------------
@dataclass
class ClassRun:
    n: int
    changes: int
    students: list[Student]
    peak: dict[str, dict[str, float]]
    slider_phase_s: float
    cpu_s: dict[str, float]
    client_cpu_s: float
    machine_busy: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    cores: int

    # -- counts ------------------------------------------------------------
    @property
    def failed_logins(self) -> int:
        return sum(not s.logged_in for s in self.students)

    @property
    def failed_spawns(self) -> int:
        return sum(s.logged_in and not s.spawned for s in self.students)

    @property
    def failed_kernels(self) -> int:
        return sum(s.spawned and not (s.kernel and s.explorer) for s in self.students)

    @property
    def failed_updates(self) -> int:
        # a student who never got to the sliders misses all their updates
        return sum(s.failed_updates + (self.changes - len(s.updates)) for s in self.students)

    @property
    def working_explorers(self) -> int:
        return sum(s.working for s in self.students)

    @property
    def failures(self) -> int:
        return self.failed_logins + self.failed_spawns + self.failed_kernels + self.failed_updates

    # -- figures -----------------------------------------------------------
    def user_peaks(self, key: str) -> list[float]:
        return [v[key] for g, v in self.peak.items() if g.startswith("user:")]

    def summary(self) -> dict:
        def pct(values, q):
            values = [v for v in values if math.isfinite(v)]
            return float(np.percentile(values, q)) if values else math.nan

        ready = [s.login_to_kernel_s for s in self.students]
        kernel_ms = [u.kernel_ms for s in self.students for u in s.updates]
        rt_ms = [u.roundtrip_ms for s in self.students for u in s.updates]
        users_cpu = self.cpu_s.get("users", 0.0)
        per_student_cores = users_cpu / (self.slider_phase_s * self.n) if self.slider_phase_s > 0 else math.nan
        made = sum(len(s.updates) for s in self.students)
        return {
            "students": self.n,
            "changes_each": self.changes,
            "login_to_kernel_s": {"median": pct(ready, 50), "p95": pct(ready, 95)},
            "setup_s": {
                "median": pct([s.setup_s for s in self.students], 50),
                "p95": pct([s.setup_s for s in self.students], 95),
            },
            "kernel_update_ms": {
                "median": pct(kernel_ms, 50),
                "p95": pct(kernel_ms, 95),
                "max": float(np.nanmax(kernel_ms)) if kernel_ms else math.nan,
            },
            "roundtrip_ms": {
                "median": pct(rt_ms, 50),
                "p95": pct(rt_ms, 95),
                "max": float(np.nanmax(rt_ms)) if rt_ms else math.nan,
            },
            "failed": {
                "logins": self.failed_logins,
                "spawns": self.failed_spawns,
                "kernels": self.failed_kernels,
                "updates": self.failed_updates,
            },
            "working_explorers": self.working_explorers,
            "memory_mib": {
                "per_student_rss_max": max(self.user_peaks("rss"), default=0.0) / MIB,
                "per_student_rss_median": float(np.median(self.user_peaks("rss"))) / MIB
                if self.user_peaks("rss")
                else 0.0,
                "per_student_pss_max": max(self.user_peaks("pss"), default=0.0) / MIB,
                "per_student_pss_median": float(np.median(self.user_peaks("pss"))) / MIB
                if self.user_peaks("pss")
                else 0.0,
                "hub_side_rss": self.peak.get("hub side", {}).get("rss", 0.0) / MIB,
                "hub_side_pss": self.peak.get("hub side", {}).get("pss", 0.0) / MIB,
                "hub_rss": self.peak.get("hub", {}).get("rss", 0.0) / MIB,
                "proxy_rss": self.peak.get("proxy", {}).get("rss", 0.0) / MIB,
                "all_pss": self.peak.get("all", {}).get("pss", 0.0) / MIB,
            },
            "cpu": {
                "slider_phase_s": self.slider_phase_s,
                "students_cpu_s": users_cpu,
                "hub_side_cpu_s": sum(self.cpu_s.get(g, 0.0) for g in ("hub", "proxy", "culler")),
                "client_cpu_s": self.client_cpu_s,
                "per_student_cores": per_student_cores,
                "cpu_ms_per_update": 1e3 * users_cpu / made if made else math.nan,
                "machine_busy_pct": 100.0 * self.machine_busy,
                "cores": self.cores,
            },
            "load_average_before": list(self.load_before),
            "load_average_after": list(self.load_after),
            "errors": [f"{s.name}: {e}" for s in self.students for e in s.errors][:20],
        }


def run_class(
    hub: Hub, n: int, *, changes: int = 50, seed: int = 15, arrival_s: float = 10.0, spawn_timeout_s: float = 300.0
) -> ClassRun:
    """Run ``n`` simulated students against a running hub (see the module docstring).

    Parameters
    ----------
    hub : tools.hub.Hub
        The running hub (``tools.hub.running_hub``).
    n : int
        Number of students, >= 1.
    changes : int
        Slider changes per student, >= 1.
    seed : int
        Seed of the arrival times, the slider plans and the pauses.
    arrival_s : float
        Students arrive uniformly within this many seconds (>= 0).
    spawn_timeout_s : float
        Longest wait for a student's server, seconds.
    """
    import psutil

    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n = {n!r} must be an integer >= 1 (students)")
    if not arrival_s >= 0:
        raise ValueError(f"arrival_s = {arrival_s!r} s must be >= 0")
    logging.getLogger("jupyter_kernel_client").setLevel(logging.WARNING)
    rng = random.Random(seed)
    students = [Student(f"student{i + 1:02d}", arrival_s=rng.uniform(0.0, arrival_s)) for i in range(n)]
    plans = [slider_plan(random.Random(f"{seed}-{i}"), changes) for i in range(n)]
    sampler = Sampler(hub.pid)
    marks: dict[str, object] = {}
    me = psutil.Process()

    def mark(key):
        def action():
            marks[key] = (time.perf_counter(), sampler.cpu_snapshot(), psutil.cpu_times(), me.cpu_times())

        return action

    ready = threading.Barrier(n, action=mark("start"))
    done = threading.Barrier(n, action=mark("end"))
    load_before = os.getloadavg()
    sampler.start()
    threads = [
        threading.Thread(
            target=run_student, name=s.name, args=(hub, s, plan, ready, done, spawn_timeout_s), daemon=True
        )
        for s, plan in zip(students, plans, strict=True)
    ]
    for t in threads:
        t.start()
    deadline = time.monotonic() + arrival_s + spawn_timeout_s + 2 * EXECUTE_TIMEOUT_S + changes * 5
    for t in threads:
        t.join(max(1.0, deadline - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive()]
    if stuck:
        ready.abort()
        done.abort()
        for s in students:
            if s.name in stuck:
                s.errors.append("did not finish in time")
    sampler.stop_event.set()
    sampler.join(5)
    load_after = os.getloadavg()
    cores = psutil.cpu_count() or 1
    if "start" in marks and "end" in marks:
        (t_a, cpu_a, sys_a, me_a), (t_b, cpu_b, sys_b, me_b) = marks["start"], marks["end"]
        phase = t_b - t_a
        cpu = {k: cpu_b.get(k, 0.0) - cpu_a.get(k, 0.0) for k in cpu_b}
        busy_b = sum(sys_b) - sys_b.idle - getattr(sys_b, "iowait", 0.0)
        busy_a = sum(sys_a) - sys_a.idle - getattr(sys_a, "iowait", 0.0)
        machine_busy = (busy_b - busy_a) / (sum(sys_b) - sum(sys_a)) if sum(sys_b) > sum(sys_a) else math.nan
        client = (me_b.user + me_b.system) - (me_a.user + me_a.system)
    else:
        phase, cpu, machine_busy, client = math.nan, {}, math.nan, math.nan
    return ClassRun(
        n=n,
        changes=changes,
        students=students,
        peak=sampler.peak,
        slider_phase_s=phase,
        cpu_s=cpu,
        client_cpu_s=client,
        machine_busy=machine_busy,
        load_before=load_before,
        load_after=load_after,
        cores=cores,
    )


# ----------------------------------------------------------------------------
# sizing
# ----------------------------------------------------------------------------
def _round_up_mib(mib: float, to: int = 64) -> int:
    return int(math.ceil(mib / to) * to)


def sizing(summaries: list[dict]) -> dict:
    """The sizing an instructor plans by, from the summaries of the class runs.

    * memory guarantee per student: the largest peak RSS of one student's
      server + kernel in any run, rounded up to 64 MiB (RSS, not PSS: in a
      container of its own a student shares no library pages with others);
    * memory limit: twice the guarantee, for a second notebook's kernel or a
      heavier lesson; a student past it loses the kernel, not the server;
    * CPU: the CPU time the students' servers and kernels spend per slider
      change (median over the runs; it is the work of an update, so it does
      not depend on how busy the machine was), divided by the mean pause
      between two changes (0.35 s) = the share of a core one student keeps
      busy while dragging; the CPU guarantee is that share rounded up to
      0.05 core;
    * students per core: how many dragging students keep a core at most
      :data:`MAX_BUSY` busy, so that an update rarely waits for another one;
      the saturation point: how many fill every core of this machine;
    * students within target: the largest class measured whose kernel-side
      p95 and round-trip p95 stayed within their targets (0 if none did).
    """
    ok = [s for s in summaries if sum(s["failed"].values()) == 0]
    if not ok:
        raise ValueError("no class run without failures: no sizing from these runs")
    rss = max(s["memory_mib"]["per_student_rss_max"] for s in ok)
    guarantee = _round_up_mib(rss)
    within = [
        s
        for s in ok
        if s["kernel_update_ms"]["p95"] <= TARGET_KERNEL_P95_MS and s["roundtrip_ms"]["p95"] <= TARGET_ROUNDTRIP_P95_MS
    ]
    best = max(within, key=lambda s: s["students"]) if within else None
    per_update_ms = float(np.median([s["cpu"]["cpu_ms_per_update"] for s in ok]))
    demand = per_update_ms / 1e3 / (sum(PACE_S) / 2.0)
    return {
        "memory_guarantee": f"{guarantee}M",
        "memory_limit": f"{2 * guarantee}M",
        "memory_guarantee_mib": guarantee,
        "memory_limit_mib": 2 * guarantee,
        "per_student_rss_max_mib": round(rss, 1),
        "per_student_pss_max_mib": round(max(s["memory_mib"]["per_student_pss_max"] for s in ok), 1),
        "hub_side_rss_max_mib": round(max(s["memory_mib"]["hub_side_rss"] for s in ok), 1),
        "cpu_ms_per_update": round(per_update_ms, 1),
        "cpu_per_dragging_student_cores": round(demand, 3),
        "cpu_guarantee": round(max(0.05, math.ceil(demand / 0.05 - 1e-9) * 0.05), 2),
        "students_per_core": int(MAX_BUSY // demand) if demand > 0 else 0,
        "saturation_students": int(ok[0]["cpu"]["cores"] // demand) if demand > 0 else 0,
        "students_within_target": best["students"] if best else 0,
        "targets_ms": {"kernel_update_p95": TARGET_KERNEL_P95_MS, "roundtrip_p95": TARGET_ROUNDTRIP_P95_MS},
        "max_busy": MAX_BUSY,
        "cores": ok[0]["cpu"]["cores"],
        "rule": "guarantee = largest per-student peak RSS (server + kernel) rounded up to 64 MiB; "
        "limit = 2 x guarantee; one dragging student = CPU per update / 0.35 s of a core; "
        "students per core = 0.7 / that",
    }


# ----------------------------------------------------------------------------
# printing
# ----------------------------------------------------------------------------
def format_table(summaries: list[dict]) -> str:
    rows = [
        ("students", lambda s: f"{s['students']}"),
        (
            "login-to-kernel-ready median / p95 (s)",
            lambda s: f"{s['login_to_kernel_s']['median']:.1f} / {s['login_to_kernel_s']['p95']:.1f}",
        ),
        ("lesson setup + explorer median (s)", lambda s: f"{s['setup_s']['median']:.1f}"),
        (
            "kernel-side update median / p95 / max (ms)",
            lambda s: "{median:.0f} / {p95:.0f} / {max:.0f}".format(**s["kernel_update_ms"]),
        ),
        (
            "round trip median / p95 / max (ms)",
            lambda s: "{median:.0f} / {p95:.0f} / {max:.0f}".format(**s["roundtrip_ms"]),
        ),
        (
            "failed logins / spawns / kernels / updates",
            lambda s: "{logins} / {spawns} / {kernels} / {updates}".format(**s["failed"]),
        ),
        ("working explorers", lambda s: f"{s['working_explorers']}/{s['students']}"),
        (
            "peak RSS / PSS per student, max (MiB)",
            lambda s: f"{s['memory_mib']['per_student_rss_max']:.0f} / {s['memory_mib']['per_student_pss_max']:.0f}",
        ),
        (
            "peak RSS / PSS hub+proxy+culler (MiB)",
            lambda s: f"{s['memory_mib']['hub_side_rss']:.0f} / {s['memory_mib']['hub_side_pss']:.0f}",
        ),
        ("peak PSS, everything (MiB)", lambda s: f"{s['memory_mib']['all_pss']:.0f}"),
        ("CPU per slider change, servers+kernels (ms)", lambda s: f"{s['cpu']['cpu_ms_per_update']:.0f}"),
        ("CPU per student in slider phase (cores)", lambda s: f"{s['cpu']['per_student_cores']:.3f}"),
        ("cores busy in slider phase (%)", lambda s: f"{s['cpu']['machine_busy_pct']:.0f}"),
        (
            "hub side / this client CPU (s)",
            lambda s: f"{s['cpu']['hub_side_cpu_s']:.1f} / {s['cpu']['client_cpu_s']:.1f}",
        ),
        ("load average before", lambda s: " ".join(f"{x:.2f}" for x in s["load_average_before"])),
    ]
    width = max(len(r[0]) for r in rows)
    cols = [[fmt(s) for s in summaries] for _, fmt in rows]
    colw = max(len(c) for col in cols for c in col) + 2
    lines = []
    for (label, _), col in zip(rows, cols, strict=True):
        lines.append(f"{label:<{width}}  " + "".join(f"{c:>{colw}}" for c in col))
    return "\n".join(lines)


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    for dist in (
        "jupyterhub",
        "jupyter_server",
        "jupyterlab",
        "ipykernel",
        "jupyter-kernel-client",
        "jupyterhub-idle-culler",
        "matplotlib",
        "numpy",
    ):
        try:
            out[dist] = version(dist)
        except Exception:  # noqa: BLE001
            out[dist] = "?"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[5, 10, 20], metavar="N")
    parser.add_argument("--changes", type=int, default=50, help="slider changes per student (default 50)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--arrival-s", type=float, default=10.0, help="students arrive within this many seconds (default 10)"
    )
    parser.add_argument("--json", type=Path, help="write the summaries to this JSON file")
    parser.add_argument(
        "--write-sizing",
        type=Path,
        metavar="FILE",
        help="write the sizing from these runs to FILE (deploy/sizing.json)",
    )
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.students):
        parser.error(f"--students {args.students} is not allowed: each class size must be >= 1")
    if args.changes < 1:
        parser.error(f"--changes {args.changes} is not allowed: must be >= 1")
    if args.arrival_s < 0:
        parser.error(f"--arrival-s {args.arrival_s} is not allowed: must be >= 0 s")

    import psutil

    print(
        f"bench_class: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        + ", ".join(f"{k} {v}" for k, v in _versions().items()),
        flush=True,
    )
    summaries = []
    for n in args.students:
        print(
            f"\n-- {n} students, {args.changes} changes each, arriving within {args.arrival_s:g} s; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            flush=True,
        )
        with running_hub(log=Path(os.devnull)) as hub:
            run = run_class(hub, n, changes=args.changes, seed=args.seed, arrival_s=args.arrival_s)
        s = run.summary()
        summaries.append(s)
        print(format_table([s]), flush=True)
        for err in s["errors"]:
            print(f"   error: {err}")
    print("\n== summary ==")
    print(format_table(summaries))
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
        "arrival_s": args.arrival_s,
        "seed": args.seed,
        "runs": summaries,
    }
    failures = sum(sum(s["failed"].values()) for s in summaries)
    try:
        size = sizing(summaries)
    except ValueError as exc:
        size = None
        print(f"\nno sizing: {exc}")
    if size:
        print("\nsizing: " + json.dumps(size, indent=1))
        result["sizing"] = size
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    if args.write_sizing and size:
        record = {
            "sizing": size,
            "measured": {
                "date": result["date"],
                "machine": f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB",
                "versions": result["versions"],
                "arrival_s": args.arrival_s,
                "seed": args.seed,
                "changes_each": args.changes,
                "runs": [
                    {
                        k: s[k]
                        for k in (
                            "students",
                            "login_to_kernel_s",
                            "kernel_update_ms",
                            "roundtrip_ms",
                            "failed",
                            "memory_mib",
                            "cpu",
                            "load_average_before",
                        )
                    }
                    for s in summaries
                ],
            },
        }
        args.write_sizing.write_text(json.dumps(record, indent=1) + "\n")
        print(f"wrote {args.write_sizing}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
