"""The class hub: deploy/ configs load and agree with the measured sizing, and a
real JupyterHub serves a small class (the smoke version of benchmarks/bench_class.py).

Servers bind to 127.0.0.1 on free ports and are stopped by their process ids;
the hub's cookie secret and database live in a temporary folder.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SIZING = DEPLOY / "sizing.json"
GUIDE = ROOT / "docs" / "instructor-guide.md"

jupyterhub = pytest.importorskip("jupyterhub", reason="the hub extra is not installed (make env installs it)")
yaml = pytest.importorskip("yaml")
psutil = pytest.importorskip("psutil")

from tests.test_slides import node_modules  # noqa: E402,F401 (fixture: npm ci once per run)
from tools import hub as hubtools  # noqa: E402

bench = pytest.importorskip("benchmarks.bench_class")


def load_hub_config(env: dict[str, str], monkeypatch):
    """Load deploy/jupyterhub_config.py the way JupyterHub does, into a JupyterHub app."""
    from jupyterhub.app import JupyterHub

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = JupyterHub()
    app.raise_config_file_errors = True
    app.load_config_file(str(hubtools.CONFIG))
    return app.config


@pytest.fixture
def hub_config(tmp_path, monkeypatch):
    env = hubtools.hub_environment(tmp_path / "state", port=hubtools.free_port(), password="class-password")
    return load_hub_config(env, monkeypatch), env


# ---------------------------------------------------------------------------
# deploy/jupyterhub_config.py
# ---------------------------------------------------------------------------
def test_hub_config_binds_loopback_and_keeps_state_in_one_folder(hub_config, tmp_path):
    c, env = hub_config
    state = tmp_path / "state"
    assert c.JupyterHub.bind_url == f"http://127.0.0.1:{env['VENUSEDU_HUB_PORT']}"
    assert c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url == f"http://127.0.0.1:{env['VENUSEDU_HUB_PROXY_API_PORT']}"
    assert Path(c.JupyterHub.cookie_secret_file).parent == state
    assert c.JupyterHub.db_url == f"sqlite:///{state / 'jupyterhub.sqlite'}"
    assert Path(c.SimpleLocalProcessSpawner.home_dir_template).parent == state / "home"
    # nothing secret in the configuration: the proxy token stays in the environment
    assert "auth_token" not in c.ConfigurableHTTPProxy
    assert env["CONFIGPROXY_AUTH_TOKEN"] not in repr(c)


def test_hub_config_components_are_real_jupyterhub_ones(hub_config):
    from importlib.metadata import entry_points

    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    c, env = hub_config
    auth = entry_points(group="jupyterhub.authenticators")[c.JupyterHub.authenticator_class].load()
    spawner = entry_points(group="jupyterhub.spawners")[c.JupyterHub.spawner_class].load()
    assert auth is SharedPasswordAuthenticator
    assert spawner is SimpleLocalProcessSpawner
    assert c.SharedPasswordAuthenticator.user_password == env["VENUSEDU_HUB_PASSWORD"]
    (culler,) = c.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    assert not any("token" in arg for arg in culler["command"])  # its token comes by environment
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == [culler["name"]]
    assert {"list:users", "read:users:activity", "delete:servers"} <= set(role["scopes"])
    assert "admin:users" not in role["scopes"]


@pytest.mark.parametrize(
    "var, value", [("VENUSEDU_HUB_PORT", "70000"), ("VENUSEDU_HUB_PORT", "http"), ("VENUSEDU_HUB_CULL_TIMEOUT", "0")]
)
def test_hub_config_rejects_bad_settings(tmp_path, monkeypatch, var, value):
    env = hubtools.hub_environment(tmp_path, port=hubtools.free_port(), password="class-password")
    env[var] = value
    with pytest.raises(ValueError, match=rf"{var} = '{value}' is not allowed"):
        load_hub_config(env, monkeypatch)


def test_launcher_rejects_a_short_password(tmp_path):
    with pytest.raises(ValueError, match="8 or more"):
        hubtools.hub_environment(tmp_path, port=8000, password="short")


def _workspace_is_student_version(workspace: Path):
    lessons = sorted(p.name for p in workspace.glob("*.ipynb"))
    assert lessons and lessons == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    for path in workspace.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            assert "BEGIN SOLUTION" not in src, f"{path.name}: a solution reached the student"
            assert "instructor" not in cell.get("metadata", {}).get("tags", []), path.name
            if cell["cell_type"] == "code":
                assert cell.get("outputs", []) == [], f"{path.name}: outputs not cleared"


def test_pre_spawn_hook_gives_lessons_on_first_login_only(hub_config, tmp_path):
    c, _ = hub_config
    hook = c.Spawner.pre_spawn_hook
    home = tmp_path / "home" / "alice"
    spawner = SimpleNamespace(home_dir=str(home), user=SimpleNamespace(name="alice"))
    asyncio.run(hook(spawner))
    workspace = home / "dimples"
    _workspace_is_student_version(workspace)
    # the student works; a second login must keep it
    lesson = workspace / "01_anatomy.ipynb"
    edited = lesson.read_text(encoding="utf-8").replace(
        '"cells": [', '"cells": [{"cell_type": "markdown", "id": "mine", "metadata": {}, "source": ["my notes"]},', 1
    )
    lesson.write_text(edited, encoding="utf-8")
    (workspace / "notes.txt").write_text("mine")
    asyncio.run(hook(spawner))
    assert lesson.read_text(encoding="utf-8") == edited
    assert (workspace / "notes.txt").read_text() == "mine"


# ---------------------------------------------------------------------------
# deploy/config.yaml (Zero to JupyterHub) and deploy/sizing.json
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def z2jh():
    return yaml.safe_load((DEPLOY / "config.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sizing():
    return json.loads(SIZING.read_text(encoding="utf-8"))


# Top-level sections of the chart's values that this file may use.
Z2JH_SECTIONS = {
    "hub",
    "proxy",
    "singleuser",
    "cull",
    "prePuller",
    "scheduling",
    "ingress",
    "custom",
    "debug",
    "rbac",
    "imagePullSecret",
    "global",
}


def test_z2jh_config_memory_and_cpu_are_the_measured_sizing(z2jh, sizing):
    s = sizing["sizing"]
    assert set(z2jh) <= Z2JH_SECTIONS
    assert z2jh["singleuser"]["memory"] == {"guarantee": s["memory_guarantee"], "limit": s["memory_limit"]}
    assert z2jh["singleuser"]["cpu"]["guarantee"] == s["cpu_guarantee"]
    # the chart reads "384M" as 384 MiB (KubeSpawner's byte units are powers of 1024)
    assert s["memory_guarantee"] == f"{s['memory_guarantee_mib']}M"
    assert s["memory_limit_mib"] > s["memory_guarantee_mib"] >= s["per_student_rss_max_mib"]


def test_z2jh_config_matches_the_single_server_hub(z2jh, hub_config):
    from venusedu.launch_commands import untracked_message_types

    c, _ = hub_config
    su = z2jh["singleuser"]
    assert su["defaultUrl"] == c.Spawner.default_url
    # students' servers as `make lab` starts JupyterLab: widget messages do not show the kernel busy
    folder = Path(c.Spawner.environment["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    page = json.loads((folder / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert page["untracked_message_types"] == untracked_message_types()
    (page_file,) = su["extraFiles"].values()
    assert page_file["mountPath"] == "/etc/jupyter/labconfig/page_config.json"
    chart_types = page_file["data"]["untracked_message_types"]
    assert "comm_msg" in chart_types and set(untracked_message_types()) <= set(chart_types)
    assert z2jh["hub"]["config"]["JupyterHub"]["authenticator_class"] == c.JupyterHub.authenticator_class
    culler = c.JupyterHub.services[0]["command"]
    assert z2jh["cull"]["enabled"] is True
    assert f"--timeout={z2jh['cull']['timeout']}" in culler
    assert su["image"]["name"] and su["image"]["tag"]
    assert "user_password" not in json.dumps(z2jh)  # the password goes in a values file of its own


def test_z2jh_lifecycle_hook_creates_the_workspace_once(z2jh, tmp_path):
    """Run the chart's postStart command as a shell would in the student's container."""
    command = z2jh["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    env = dict(os.environ, HOME=str(tmp_path), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
    workspace = tmp_path / "dimples"
    _workspace_is_student_version(workspace)
    (workspace / "00_start_here.ipynb").write_text("{}")  # the student's own version
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
    assert (workspace / "00_start_here.ipynb").read_text() == "{}"


def test_z2jh_nbgitpuller_link_opens_a_student_lesson(z2jh):
    from venusedu.workspace import shipped_lessons

    link = urllib.parse.urlsplit(z2jh["custom"]["lessonsLink"])
    assert link.path == "/hub/user-redirect/git-pull"
    query = urllib.parse.parse_qs(link.query)
    assert set(query) == {"repo", "urlpath", "branch"}
    repo = query["repo"][0]
    assert urllib.parse.urlsplit(repo).scheme == "https"
    assert "notebooks" not in repo  # the student version, never the source with the solutions
    target = repo.rstrip("/").split("/")[-1]
    app, tree, folder, lesson = query["urlpath"][0].split("/")
    assert (app, tree, folder) == ("lab", "tree", target)
    assert lesson in shipped_lessons()


def test_sizing_file_follows_from_its_measurements(sizing):
    runs = sizing["measured"]["runs"]
    assert [r["students"] for r in runs] == [5, 10, 20]
    assert all(sum(r["failed"].values()) == 0 for r in runs)
    assert sizing["sizing"] == bench.sizing(runs)


def test_instructor_guide_quotes_the_sizing(sizing):
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Sizing a class hub", 1)[1].split("\n## ", 1)[0]
    s = sizing["sizing"]
    for quoted in (
        f"{s['memory_guarantee_mib']} MiB",
        f"{s['memory_limit_mib']} MiB",
        f"{s['per_student_rss_max_mib']:.0f} MiB",
        f"{s['students_per_core']} students per core",
        f"{s['cpu_per_dragging_student_cores']:.2f} of a core",
        f"at about {s['saturation_students']} students",
    ):
        assert quoted in section, f"the guide's sizing section does not quote {quoted!r}"
    # the load table: one row per class size, its figures those of sizing.json
    for run in sizing["measured"]["runs"]:
        row = re.search(rf"^\| {run['students']} \|(.*)$", section, re.M)
        assert row, f"no row for {run['students']} students"
        cells = [x.strip() for x in row.group(1).split("|")]
        k, r = run["kernel_update_ms"], run["login_to_kernel_s"]
        assert cells[0] == f"{r['median']:.0f} / {r['p95']:.0f}"
        assert cells[1] == f"{k['median']:.0f} / {k['p95']:.0f} / {k['max']:.0f}"
        assert cells[2] == "{median:.0f} / {p95:.0f} / {max:.0f}".format(**run["roundtrip_ms"])
        assert cells[3] == "0"
        assert (
            cells[4]
            == f"{run['memory_mib']['per_student_rss_max']:.0f} / {run['memory_mib']['per_student_pss_max']:.0f}"
        )
        assert cells[5] == f"{run['memory_mib']['hub_side_rss']:.0f}"
        assert cells[6] == f"{run['cpu']['machine_busy_pct']:.0f}"


def test_benchmark_plan_is_seeded_and_paced():
    import random

    a = bench.slider_plan(random.Random("15-0"), 50)
    assert a == bench.slider_plan(random.Random("15-0"), 50)
    assert a != bench.slider_plan(random.Random("15-1"), 50)
    assert len(a) == 50
    assert all(name in bench.SLIDERS and 0.0 <= pos <= 1.0 and 0.2 <= pause <= 0.5 for name, pos, pause in a)
    for (n1, p1, _), (n2, p2, _) in itertools.pairwise(a):
        assert n1 != n2 or abs(p1 - p2) >= 1 / 40 - 1e-9
    with pytest.raises(ValueError, match="changes = 0"):
        bench.slider_plan(random.Random(0), 0)


def test_benchmark_runs_the_lessons_own_setup():
    code = bench.lesson_setup_code()
    assert not any(line.lstrip().startswith("%") for line in code.splitlines())  # no magics
    assert code.splitlines()[0].startswith('import matplotlib; matplotlib.use("agg")')
    assert "from venusedu import" in code and "explore(" not in code
    compile(code, "lesson05-setup", "exec")


# ---------------------------------------------------------------------------
# a real hub
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def class_hub(node_modules, tmp_path_factory):  # noqa: F811 (configurable-http-proxy from npm)
    state = tmp_path_factory.mktemp("hub-state")
    log = state.parent / "hub.log"
    with hubtools.running_hub(state, log=log) as hub:
        yield hub


def _secrets_of(hub) -> list[str]:
    env = psutil.Process(hub.pid).environ()
    return [env["CONFIGPROXY_AUTH_TOKEN"], hub.password]


@pytest.mark.server
@pytest.mark.slow
def test_class_smoke_every_student_gets_a_working_explorer(class_hub):
    run = bench.run_class(class_hub, 3, changes=10, seed=15, arrival_s=2.0)
    s = run.summary()
    assert run.failures == 0, f"failures {s['failed']}: {s['errors']}"
    assert run.working_explorers == 3, s["errors"]
    for student in run.students:
        assert len(student.updates) == 10 and all(u.ok for u in student.updates)
        assert all(0 < u.kernel_ms <= u.roundtrip_ms for u in student.updates)
        _workspace_is_student_version(class_hub.state / "home" / student.name / "dimples")
    # the sampler saw each student's server and kernel, and the hub
    assert sorted(g for g in run.peak if g.startswith("user:")) == [f"user:{s.name}" for s in run.students]
    assert all(v["rss"] > 50 * bench.MIB for g, v in run.peak.items() if g.startswith("user:"))
    assert run.peak["hub side"]["rss"] > 0


@pytest.mark.server
@pytest.mark.slow
def test_hub_processes_listen_on_loopback_only_and_keep_tokens_off_command_lines(class_hub):
    procs = [psutil.Process(class_hub.pid), *psutil.Process(class_hub.pid).children(recursive=True)]
    assert any("configurable-http-proxy" in " ".join(p.cmdline()) for p in procs)
    listening = [c.laddr for p in procs for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
    assert listening and {addr.ip for addr in listening} == {"127.0.0.1"}, listening
    secrets = _secrets_of(class_hub)
    for p in procs:
        cmd = " ".join(p.cmdline())
        assert not any(secret in cmd for secret in secrets), f"a secret on the command line of {p.pid}"
        assert "--token" not in cmd and "auth-token" not in cmd
    secret_file = class_hub.state / "jupyterhub_cookie_secret"
    assert secret_file.exists() and secret_file.stat().st_mode & 0o077 == 0
    assert (class_hub.state / "jupyterhub.sqlite").exists()


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Instructor",
            "-c",
            "user.email=instructor@example.org",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _pull(session, hub, name, token, repo: Path) -> list[dict]:
    r = session.get(
        f"{hub.url}/user/{name}/git-pull/api",
        timeout=120,
        stream=True,
        headers={"Authorization": f"token {token}"},
        params={"repo": repo.as_uri(), "branch": "main", "targetpath": "lessons-student"},
    )
    r.raise_for_status()
    events = [
        json.loads(line[len("data: ") :])
        for line in r.iter_lines(decode_unicode=True)
        if line and line.startswith("data: ")
    ]
    assert events and events[-1]["phase"] == "finished", events[-3:]
    return events


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_nbgitpuller_update_keeps_student_edits(class_hub, tmp_path):
    """The instructor pushes a change; the student's pull brings it and keeps their own edits."""
    import requests

    from venusedu.versions import write_versions

    upstream = tmp_path / "lessons-student"
    write_versions(ROOT / "notebooks", tmp_path / "versions")
    shutil.copytree(tmp_path / "versions" / "student", upstream)
    _git(upstream, "init")
    _git(upstream, "add", ".")
    _git(upstream, "commit", "-m", "lessons")

    name = "puller"
    session = requests.Session()
    bench.login(session, class_hub.url, name, class_hub.password)
    token = bench.user_token(session, class_hub.url, name)
    bench.wait_for_server(session, class_hub.url, name, token, 300)
    api = f"{class_hub.url}/user/{name}/api/contents/lessons-student"
    auth = {"Authorization": f"token {token}"}

    _pull(session, class_hub, name, token, upstream)
    listing = session.get(api, headers=auth, timeout=30).json()
    assert {"00_start_here.ipynb", "05_explorer.ipynb"} <= {item["name"] for item in listing["content"]}

    # the student saves notes in lesson 01 (as JupyterLab does, through the contents API)
    model = session.get(f"{api}/01_anatomy.ipynb", headers=auth, timeout=30).json()
    model["content"]["cells"].insert(0, {"cell_type": "markdown", "id": "mine", "metadata": {}, "source": "my notes"})
    r = session.put(
        f"{api}/01_anatomy.ipynb",
        headers=auth,
        timeout=30,
        json={"type": "notebook", "format": "json", "content": model["content"]},
    )
    r.raise_for_status()

    # the instructor fixes lessons 01 and 02 and adds a file
    for lesson in ("01_anatomy.ipynb", "02_the_paradox.ipynb"):
        nb = json.loads((upstream / lesson).read_text(encoding="utf-8"))
        nb["cells"].append({"cell_type": "markdown", "id": "erratum", "metadata": {}, "source": ["Erratum."]})
        (upstream / lesson).write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    (upstream / "NEWS.md").write_text("Lesson 02 corrected.\n")
    _git(upstream, "commit", "-am", "erratum")
    _git(upstream, "add", "NEWS.md")
    _git(upstream, "commit", "-m", "news")

    _pull(session, class_hub, name, token, upstream)
    got = {
        n: session.get(f"{api}/{n}", headers=auth, timeout=30).json()["content"]
        for n in ("01_anatomy.ipynb", "02_the_paradox.ipynb")
    }
    assert any(c.get("id") == "mine" for c in got["01_anatomy.ipynb"]["cells"]), "the student's notes were lost"
    assert any(c.get("id") == "erratum" for c in got["02_the_paradox.ipynb"]["cells"]), "the update did not arrive"
    assert "Lesson 02" in session.get(f"{api}/NEWS.md", headers=auth, timeout=30).json()["content"]


@pytest.mark.server
@pytest.mark.slow
def test_make_hub_prints_url_culls_idle_servers_and_stops_cleanly(node_modules, tmp_path):  # noqa: F811
    """What `make hub` runs: banner, a login, the idle culler at work, Ctrl+C stops everything."""
    import requests

    dry = subprocess.run(["make", "-n", "hub"], cwd=ROOT, capture_output=True, text=True)
    assert "tools/hub.py" in dry.stdout, dry.stdout + dry.stderr

    port = hubtools.free_port()
    env = dict(
        os.environ,
        VENUSEDU_HUB_CULL_TIMEOUT="10",
        VENUSEDU_HUB_CULL_EVERY="3",
        VENUSEDU_HUB_PASSWORD="class-password-for-test",
    )
    log = tmp_path / "make-hub.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "hub.py"), "--port", str(port), "--json"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    descendants = []
    try:
        deadline = time.monotonic() + 120
        info = None
        while info is None and time.monotonic() < deadline:
            m = re.search(r'^\{"url".*\}$', log.read_text(errors="replace"), re.M)
            if m:
                info = json.loads(m.group(0))
            elif proc.poll() is not None:
                pytest.fail(f"tools/hub.py exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            else:
                time.sleep(0.5)
        assert info, log.read_text()[-3000:]
        text = log.read_text()
        assert f"http://127.0.0.1:{port}/" in text and "class-password-for-test" in text
        assert f"kill {proc.pid}" in text and "Ctrl+C" in text
        state = Path(re.search(r"homes in (\S+)/home\)", text).group(1))
        assert state.is_dir() and Path(tempfile_root()) in state.parents

        name = "idle"
        session = requests.Session()
        bench.login(session, info["url"], name, "class-password-for-test")
        token = bench.user_token(session, info["url"], name)
        bench.wait_for_server(session, info["url"], name, token, 300)
        descendants = psutil.Process(info["hub_pid"]).children(recursive=True)
        # untouched for the culler's 10 s, the server is stopped (checked every 3 s)
        deadline = time.monotonic() + 120
        servers = None
        while time.monotonic() < deadline:
            servers = session.get(
                f"{info['url']}/hub/api/users/{name}", timeout=30, headers={"Authorization": f"token {token}"}
            ).json()["servers"]
            if not servers:
                break
            time.sleep(2)
        assert servers == {}, f"the idle server was not culled: {servers}"
        assert "idle-culler" in log.read_text() and re.search(rf"Culling server {name}\b", log.read_text())
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            rc = proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            hubtools.stop_pid(proc)
            rc = None
    assert rc == 0, log.read_text()[-3000:]
    assert not state.exists(), "the temporary folder was left behind"
    assert not psutil.pid_exists(info["hub_pid"])
    assert not [p.pid for p in descendants if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def tempfile_root() -> str:
    import tempfile

    return tempfile.gettempdir()
