"""Start JupyterLab on the lessons, the way ``make lab`` does.

``make lab`` runs ``python -m venusedu.launch``; the test suite starts the
server through the very same :func:`lab_command`, so what the tests check is
what students get.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
from pathlib import Path

__all__ = ["lab_command", "main"]


_HIDDEN = ("__init__.py", "__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~")


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(
    notebook_dir: str | os.PathLike,
    *,
    host: str = "127.0.0.1",
    port: int = 8888,
    token: str,
    open_browser: bool = False,
) -> list[str]:
    """Return the argv that starts JupyterLab on ``notebook_dir``.

    Parameters
    ----------
    notebook_dir : path
        Folder the lab opens (the lessons).
    host : str
        Interface to bind; loopback by default so nothing is exposed.
    port : int
        TCP port, 1-65535.
    token : str
        Access token; the server refuses requests without it.
    open_browser : bool
        Whether JupyterLab should try to open a browser window.

    Returns
    -------
    list of str
        The command, run with the current interpreter. ``--allow-root`` is
        added only when the process runs as root.

    Examples
    --------
    >>> cmd = lab_command("notebooks", port=8890, token="abc")
    >>> cmd[1:3]
    ['-m', 'jupyterlab']
    """
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ValueError(f"port = {port!r} is not allowed: must be an integer between 1 and 65535")
    if not token:
        raise ValueError("token must be a non-empty string")
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(notebook_dir).resolve()}",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
        # notebooks/__init__.py only lets the wheel ship the lessons; hide it
        # from the file browser along with the usual caches.
        *(f"--ContentsManager.hide_globs={pattern}" for pattern in _HIDDEN),
    ]
    if _running_as_root():
        cmd.append("--allow-root")
    return cmd


def main(argv: list[str] | None = None) -> int:
    """Print the lab's URL with its token, then become the JupyterLab server."""
    parser = argparse.ArgumentParser(prog="python -m venusedu.launch", description=__doc__)
    parser.add_argument("--notebook-dir", default="notebooks")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--token", default=None, help="access token (random when omitted)")
    parser.add_argument("--open-browser", action="store_true")
    args = parser.parse_args(argv)
    if not Path(args.notebook_dir).is_dir():
        parser.error(f"--notebook-dir {args.notebook_dir!r} is not a folder")
    token = args.token or secrets.token_hex(24)
    cmd = lab_command(
        args.notebook_dir, host=args.host, port=args.port, token=token, open_browser=args.open_browser
    )
    print(
        f"\n  venusedu lessons: http://{args.host}:{args.port}/lab?token={token}\n"
        "  (open this URL in your browser; press Ctrl+C twice to stop)\n",
        flush=True,
    )
    # Replace this process by the server, so its process id is the server's.
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
