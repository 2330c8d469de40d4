"""JupyterHub for a class taking the venusedu lessons, on one server.

``make hub`` runs this file as it is (through ``tools/hub.py``), and so do the
class tests and ``benchmarks/bench_class.py``: what they measure is what an
instructor gets. On a server of your own, copy it to ``/etc/jupyterhub/`` and
run ``jupyterhub -f /etc/jupyterhub/jupyterhub_config.py`` in the environment
where venusedu is installed (``pip install venusedu-*.whl`` or ``pip install
'.[hub]'`` from the repository), behind a reverse proxy that terminates TLS.

What it sets up
---------------
* **Everything on 127.0.0.1.** The proxy's public port, its REST API, the hub
  and every student's server listen on the loopback interface only. A real
  class reaches the hub through a TLS reverse proxy (nginx, Caddy) on the same
  machine that forwards to ``http://127.0.0.1:$VENUSEDU_HUB_PORT``.
* **State in one folder** (``$VENUSEDU_HUB_STATE``): the cookie secret (written
  by JupyterHub with mode 0600 on first start), the SQLite database, the pid
  files and, unless ``$VENUSEDU_HUB_HOMES`` says otherwise, the students' homes.
  ``make hub`` uses a new temporary folder each time.
* **Tokens by environment, never on a command line.** JupyterHub reads the
  proxy's token from ``CONFIGPROXY_AUTH_TOKEN`` (or makes one) and hands it to
  configurable-http-proxy in that variable; the idle culler and the students'
  servers get their API tokens in ``JUPYTERHUB_API_TOKEN``. Nothing secret is
  in this file: the class password comes from ``$VENUSEDU_HUB_PASSWORD``.
* **Shared-password login** (``SharedPasswordAuthenticator``, JupyterHub 5.3+):
  a student types any user name and the class password. JupyterHub documents
  it for short workshops with no need to protect students from each other; for
  a term-long course use your institution's login (OAuthenticator, LTI) and
  set ``c.JupyterHub.authenticator_class`` to it.
* **Servers without system accounts** (``SimpleLocalProcessSpawner``): each
  student's server runs as the hub's own user, in ``$VENUSEDU_HUB_HOMES/<name>``.
  Students are *not* isolated from each other (same Unix user); for isolation
  use ``LocalProcessSpawner`` with real accounts, ``SystemdSpawner`` (which
  also enforces the memory limit of the sizing) or Kubernetes
  (``deploy/config.yaml``).
* **The lessons on first login.** :func:`prepare_workspace` copies the student
  version of the lessons into ``~/dimples`` before the first spawn (through
  ``venusedu start DIR --student``) and never touches that folder again, so a
  student's edits survive every later login.
* **Idle servers culled** by ``jupyterhub-idle-culler``, run by the hub as a
  managed service with only the scopes it needs.
* **Students' servers as** ``make lab`` **starts JupyterLab**: widget messages
  do not make the page show the kernel busy (a page config in
  ``$VENUSEDU_HUB_STATE/jupyter-config``,
  :func:`venusedu.launch_commands.untracked_message_types`).

Environment variables (all optional)
------------------------------------
``VENUSEDU_HUB_STATE``
    Folder for the cookie secret, database and pid files (default: the current
    directory). Created if missing.
``VENUSEDU_HUB_HOMES``
    Folder holding one home per student (default: ``$VENUSEDU_HUB_STATE/home``).
``VENUSEDU_HUB_PORT``, ``VENUSEDU_HUB_API_PORT``, ``VENUSEDU_HUB_PROXY_API_PORT``
    The proxy's public port (default 8000), the hub's own port (8081) and the
    proxy's REST API port (8001), all on 127.0.0.1.
``VENUSEDU_HUB_PASSWORD``
    The class password, 8 characters or more. Without it nobody can log in.
``VENUSEDU_HUB_CULL_TIMEOUT``, ``VENUSEDU_HUB_CULL_EVERY``
    Stop a server idle for this many seconds (default 3600), checking every
    so many seconds (default 300).
``VENUSEDU_HUB_START_TIMEOUT``
    Seconds a student's server may take to start (default 180: when a whole
    class logs in at the same minute, each start waits for the CPU; see the
    sizing in docs/instructor-guide.md).
``VENUSEDU_HUB_PROXY``
    The configurable-http-proxy command (default: the copy that ``npm ci``
    installs in the repository's ``node_modules``, else the one on PATH).
"""

# JupyterHub runs this file with ``c`` (its configuration) already defined;
# get_config() returns the same object and lets linters and the tests load it.
import asyncio
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (defined by JupyterHub's config loader)

HOST = "127.0.0.1"
#: Folder in each student's home that holds the lessons.
WORKSPACE = "dimples"
#: The lesson a student sees first.
FIRST_LESSON = "00_start_here.ipynb"
REPO = Path(__file__).resolve().parents[1]


def _port(name, default):
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        port = None
    if port is None or not 1 <= port <= 65535:
        raise ValueError(f"{name} = {raw!r} is not allowed: must be a TCP port, an integer from 1 to 65535")
    return port


def _seconds(name, default, low=1):
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < low:
        raise ValueError(f"{name} = {raw!r} is not allowed: must be a whole number of seconds >= {low}")
    return value


def _proxy_command():
    given = os.environ.get("VENUSEDU_HUB_PROXY")
    if given:
        return [given]
    local = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return [str(local)]
    return [shutil.which("configurable-http-proxy") or "configurable-http-proxy"]


STATE = Path(os.environ.get("VENUSEDU_HUB_STATE", os.getcwd())).resolve()
STATE.mkdir(parents=True, exist_ok=True)
HOMES = Path(os.environ.get("VENUSEDU_HUB_HOMES", STATE / "home")).resolve()
PORT = _port("VENUSEDU_HUB_PORT", 8000)
HUB_PORT = _port("VENUSEDU_HUB_API_PORT", 8081)
PROXY_API_PORT = _port("VENUSEDU_HUB_PROXY_API_PORT", 8001)
CULL_TIMEOUT = _seconds("VENUSEDU_HUB_CULL_TIMEOUT", 3600)
CULL_EVERY = _seconds("VENUSEDU_HUB_CULL_EVERY", 300)
START_TIMEOUT = _seconds("VENUSEDU_HUB_START_TIMEOUT", 180)

# -- where everything listens: loopback only -----------------------------------
c.JupyterHub.bind_url = f"http://{HOST}:{PORT}"
c.JupyterHub.hub_ip = HOST
c.JupyterHub.hub_port = HUB_PORT
c.ConfigurableHTTPProxy.api_url = f"http://{HOST}:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.command = _proxy_command()
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.Spawner.ip = HOST

# -- state in one folder ---------------------------------------------------------
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# -- login: one class password ----------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("VENUSEDU_HUB_PASSWORD") or None
# Any user name may log in with the class password (students pick their own).
c.Authenticator.allow_all = True

# -- students' servers: local processes, no system accounts ------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
# The single-user server of the environment the hub runs in (venusedu, JupyterLab).
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]

if hasattr(os, "geteuid") and os.geteuid() == 0:
    c.Spawner.args = ["--allow-root"]  # containers and CI run as root


def _page_config_path() -> str:
    """The students' servers' JUPYTER_CONFIG_PATH: widget messages do not show the kernel busy (as ``make lab``)."""
    from venusedu.launch_server import page_config_folder

    folder = page_config_folder(STATE / "jupyter-config")
    inherited = os.environ.get("JUPYTER_CONFIG_PATH")
    return os.pathsep.join([str(folder), inherited] if inherited else [str(folder)])


c.Spawner.environment = {"JUPYTER_CONFIG_PATH": _page_config_path()}
c.Spawner.default_url = f"/lab/tree/{WORKSPACE}/{FIRST_LESSON}"
c.Spawner.start_timeout = START_TIMEOUT
c.Spawner.http_timeout = START_TIMEOUT


def make_student_workspace(workspace):
    """Copy the student version of the lessons into the new folder ``workspace``.

    The one place that says how a student's copy is made: it runs
    ``venusedu start DIR --student`` (exercises unsolved, outputs cleared).

    Parameters
    ----------
    workspace : path
        The folder to create; must not exist or be empty.

    Raises
    ------
    RuntimeError
        If ``venusedu start`` fails (its message is on the hub's log).
    """
    from venusedu.cli import main

    status = main(["start", str(workspace), "--student"])
    if status != 0:
        raise RuntimeError(f"venusedu start {workspace} --student failed with exit status {status}")


async def prepare_workspace(spawner):
    """Pre-spawn hook: give a student the lessons on first login, only then.

    Parameters
    ----------
    spawner : jupyterhub.spawner.Spawner
        The spawner about to start the student's server. Its ``home_dir``
        (``SimpleLocalProcessSpawner``) or the user's home holds the workspace.
    """
    home = Path(getattr(spawner, "home_dir", "") or os.path.expanduser(f"~{spawner.user.name}"))
    workspace = home / WORKSPACE
    if workspace.exists():
        return  # not the first login: the student's work stays as it is
    home.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(make_student_workspace, workspace)


c.Spawner.pre_spawn_hook = prepare_workspace

# -- idle servers culled ---------------------------------------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={CULL_TIMEOUT}",
            f"--cull-every={CULL_EVERY}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
