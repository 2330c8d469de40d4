"""The commands that start JupyterLab on the lessons and Voilà on the explorer app.

:func:`lab_command` and :func:`voila_command` build the servers' argv, with no
token in it (the servers read theirs from the file named by
``JUPYTER_TOKEN_FILE``, :mod:`venusedu.launch_server`); :func:`app_template`
finds the app page's Voilà template next to the notebook. The launcher
(:mod:`venusedu.launch`, which imports all of this) runs them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["lab_command", "voila_command", "app_template", "untracked_message_types", "APP_TEMPLATE"]

_HIDDEN = ("__init__.py", "__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~")


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _check_port(port) -> int:
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ValueError(f"port = {port!r} is not allowed: must be an integer between 1 and 65535")
    return port


def untracked_message_types() -> list[str]:
    """Kernel message types whose busy and idle status the page ignores: jupyter_server's, and ``comm_msg``.

    JupyterLab and Notebook 7 do not show the kernel's status when it answers
    a message of one of these types (their page config's
    ``untracked_message_types``). The servers that :mod:`venusedu.launch`
    starts and the class hub's student servers get this list in their page
    config (:func:`venusedu.launch_server.page_config_folder`), so moving a
    slider does not make the kernel indicator blink busy and idle at every
    value and the page does not lay the notebook's toolbar out twice for each:
    with JupyterLab 4.6 on 2 cores, the CPU time of a key press on the
    explorer (renderer, browser, GPU process and server together) went from
    109 and 131 ms to 90 and 98 ms in two interleaved rounds of 60 presses,
    the renderer's share from 44 and 53 ms to 36 and 40 ms. Only the page's
    list changes: the server's own
    (``MappingKernelManager.untracked_message_types``) is left as it is, so
    the server still counts widget messages as activity and an idle-culler
    sees a student who only moves sliders.

    The list is the installed jupyter_server's default plus ``comm_msg``, so
    that it follows jupyter_server's own; empty if that trait is missing.
    """
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    trait = MappingKernelManager.class_traits().get("untracked_message_types")
    if trait is None:
        return []
    types = [str(t) for t in trait.default() or []]
    return types if "comm_msg" in types else [*types, "comm_msg"]


def lab_command(
    notebook_dir: str | os.PathLike,
    *,
    host: str = "127.0.0.1",
    port: int = 8888,
    open_browser: bool = False,
) -> list[str]:
    """Return the argv that starts JupyterLab on ``notebook_dir``.

    The command holds no token: the server reads it from the file named by
    ``JUPYTER_TOKEN_FILE`` (see :func:`server_environment`).

    Parameters
    ----------
    notebook_dir : path
        Folder the lab opens (the lessons).
    host : str
        Interface to bind; loopback by default so nothing is exposed.
    port : int
        TCP port, 1-65535. The server does not look for another one.
    open_browser : bool
        Whether JupyterLab should try to open a browser window.

    Returns
    -------
    list of str
        The command, run with the current interpreter. ``--allow-root`` is
        added only when the process runs as root.

    Examples
    --------
    >>> cmd = lab_command("notebooks", port=8890)
    >>> cmd[1:3]
    ['-m', 'jupyterlab']
    >>> any("token" in arg.lower() for arg in cmd)
    False
    """
    _check_port(port)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(notebook_dir).resolve()}",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.open_browser={open_browser}",
        # notebook_shim adapts classic Notebook server extensions (none here);
        # linking it walks every ServerApp trait and so triggers the
        # "ServerApp.token config is deprecated" warning at each start.
        "--ServerApp.jpserver_extensions=notebook_shim=False",
        # notebooks/__init__.py only lets the wheel ship the lessons; hide it
        # from the file browser along with the usual caches.
        *(f"--ContentsManager.hide_globs={pattern}" for pattern in _HIDDEN),
    ]
    if _running_as_root():
        cmd.append("--allow-root")
    return cmd


#: The Voilà template of the app page: a folder ``voila/templates/venusedu-app``
#: next to the notebook (``app/`` in the repository) is used when present.
APP_TEMPLATE = "venusedu-app"


def app_template(notebook: str | os.PathLike) -> Path | None:
    """The folder to put on ``JUPYTER_PATH`` for the app template next to ``notebook``, or None."""
    folder = Path(notebook).resolve().parent
    return folder if (folder / "voila" / "templates" / APP_TEMPLATE).is_dir() else None


def voila_command(
    notebook: str | os.PathLike, *, host: str = "127.0.0.1", port: int = 8866, template: str | None = None
) -> list[str]:
    """Return the argv that serves ``notebook`` with Voilà, code hidden.

    ``--Voila.auto_token=True`` makes Voilà ask for a token, which it reads
    from ``JUPYTER_TOKEN_FILE`` like JupyterLab; run the command in the
    notebook's folder (Voilà reads its ``voila.json`` there). ``template``
    names a Voilà template found on ``JUPYTER_PATH``.

    Examples
    --------
    >>> cmd = voila_command("notebooks/05_explorer.ipynb", port=8870)
    >>> cmd[1:3], "--strip_sources=True" in cmd
    (['-m', 'voila'], True)
    >>> [arg for arg in cmd if "token" in arg.lower()]
    ['--Voila.auto_token=True']
    """
    _check_port(port)
    return [
        sys.executable,
        "-m",
        "voila",
        str(Path(notebook).resolve()),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--Voila.auto_token=True",
    ] + ([f"--template={template}"] if template else [])
