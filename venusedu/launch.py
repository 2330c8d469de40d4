"""Start JupyterLab on the lessons (``make lab``) or the explorer as a Voilà app (``make app``).

``make lab`` runs ``python -m venusedu.launch --workspace workspace``: the
student's own folder ``workspace/``, made on the first run with the student
version of the lessons (exercises to solve, no answer keys, no outputs; see
:mod:`venusedu.workspace`) and never touched again. ``make lab-instructor``
runs it with ``--notebook-dir notebooks``, the instructor's source with the
solutions. ``make app`` runs ``python -m venusedu.launch --app
app/explorer_app.ipynb``. The test suite starts the servers through the very
same commands, so what the tests check is what students and instructors get.

The launcher

- checks the port first: a busy port is reported in one line and the next
  free port is used instead (the message says which, and how to choose one);
- gives the server a fresh random token **through a file** readable only by
  the user (mode 0600 in a private 0700 folder, named by the environment
  variable ``JUPYTER_TOKEN_FILE``), never on a command line, where any other
  account on the machine could read it in the process list;
- prints the URL with the token only once the server listens, and removes the
  token file when the server stops;
- stays the parent of the server: it forwards SIGTERM and SIGHUP, lets the
  server handle Ctrl+C itself, and returns the server's exit status.

This module reads the command line, prepares the workspace and puts the
parts together: the servers' commands are built in
:mod:`venusedu.launch_commands`, the port, the token and the supervision of
the server are in :mod:`venusedu.launch_server`; their names are imported
here too.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .launch_commands import APP_TEMPLATE, app_template, lab_command, voila_command
from .launch_server import (
    PORT_TRIES,
    _addresses,
    next_free_port,
    port_is_free,
    private_token_file,
    serve,
    server_environment,
)

__all__ = [
    "lab_command",
    "voila_command",
    "app_template",
    "port_is_free",
    "next_free_port",
    "private_token_file",
    "server_environment",
    "serve",
    "main",
]

# ---------------------------------------------------------------- entry point


def prepare_workspace(folder: str | os.PathLike) -> str:
    """Make the student's workspace ``folder`` if it is missing or empty; return what was done.

    A new workspace gets the student version of the lessons and the model's
    documents (:func:`venusedu.workspace.start_workspace`). A workspace that
    holds files is the student's own and is left exactly as it is.

    Raises
    ------
    NotADirectoryError
        If ``folder`` (or a parent) is a file.
    """
    from .workspace import start_workspace

    folder = Path(folder)
    script = Path(sys.executable).parent / "venusedu"
    with contextlib.suppress(ValueError):  # .venv/bin/venusedu when run from the checkout
        script = script.relative_to(Path.cwd())
    refresh = f"{script} start {folder} --force"
    if folder.is_dir() and any(folder.iterdir()):
        return (
            f"venusedu: your workspace {folder}/ is used as it is (your own copies); `{refresh}` "
            "brings in the newest lessons and keeps each one you changed as 'NAME (yours)'"
        )
    written = start_workspace(folder, student=True)
    lessons = sum(1 for path in written if path.suffix == ".ipynb")
    return (
        f"venusedu: made your workspace {folder}/ with {lessons} lessons to work through "
        "(the student version: exercises to solve, no answers shown)"
    )


def _parser() -> argparse.ArgumentParser:
    """The launcher's command line."""
    parser = argparse.ArgumentParser(prog="python -m venusedu.launch", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workspace",
        metavar="DIR",
        default=None,
        help="open the student workspace DIR, made with the student version of the "
        "lessons if it is missing or empty (an existing one is left as it is)",
    )
    where.add_argument(
        "--notebook-dir",
        default=None,
        help="open this folder as it is (notebooks: the instructor's source); "
        "the default when --workspace is not given",
    )
    parser.add_argument(
        "--app",
        metavar="NOTEBOOK",
        default=None,
        help="serve this notebook with Voilà (code hidden) instead of the lab",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="port (8888 for the lab, 8866 for the app)")
    parser.add_argument("--open-browser", action="store_true")
    return parser


def _check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[bool, int, str]:
    """Check the arguments, as ``parser.error`` does (exit status 2); return app or not, the port, the lab's folder.

    Sets ``args.notebook_dir`` to the workspace when one is given, and to
    ``notebooks`` when neither is.
    """
    app = args.app is not None
    port = args.port if args.port is not None else (8866 if app else 8888)
    if not 1 <= port <= 65535:
        parser.error(f"--port {port} is not allowed: must be an integer between 1 and 65535")
    if app:
        if not Path(args.app).is_file():
            parser.error(f"--app {args.app!r} is not a notebook file")
        if args.workspace is not None or args.notebook_dir is not None:
            parser.error("--app serves one notebook: --workspace and --notebook-dir are not allowed with it")
    elif args.workspace is not None:
        from ._files import PathError, check_output_folder

        try:  # the check `venusedu start` makes: empty, a file, under a file, unwritable
            check_output_folder(args.workspace, "--workspace")
        except PathError as exc:
            parser.error(str(exc))
        args.notebook_dir = args.workspace
    elif args.notebook_dir is None:
        args.notebook_dir = "notebooks"
    # the lab's folder, set above (the app serves a notebook, not a folder)
    notebook_dir = "" if app else str(args.notebook_dir)
    if not app and args.workspace is None and not Path(notebook_dir).is_dir():
        parser.error(f"--notebook-dir {notebook_dir!r} is not a folder")
    if not _addresses(args.host, port):
        parser.error(f"--host {args.host!r} is not an address of this machine")
    return app, port, notebook_dir


def _port_to_use(host: str, port: int, make_hint: str) -> int | None:
    """``port``, or the next free port above it (saying so); None, after an error message, if all are busy."""
    free = next_free_port(host, port)
    if free is None:
        print(
            f"venusedu: error: ports {port}-{port + PORT_TRIES - 1} on {host} are all busy; "
            f"choose another with `{make_hint}`",
            file=sys.stderr,
        )
        return None
    if free != port:
        print(
            f"venusedu: port {port} on {host} is busy (another server?), so port {free} is used "
            f"instead; choose one with `{make_hint}`",
            flush=True,
        )
    return free


def _workspace_ready(folder: str) -> bool:
    """Make the workspace if needed (:func:`prepare_workspace`) and say what was done.

    False, after a one-line error message, if it cannot be made.
    """
    try:
        print(prepare_workspace(folder), flush=True)
    except (OSError, ValueError) as exc:  # unwritable, a link, a file in the way: one line, exit 2
        print(f"venusedu: error: cannot make the workspace {folder!r}: {exc}", file=sys.stderr)
        return False
    return True


class _Server(NamedTuple):
    """What :func:`serve` runs and how the launcher names it."""

    cmd: list[str]
    probe: str
    cwd: Path | None
    what: str
    path: str
    templates: Path | None


def _server(args: argparse.Namespace, app: bool, notebook_dir: str, port: int) -> _Server:
    """The Voilà app or the lab on ``port``: command, readiness probe, working folder, name and page."""
    templates = app_template(args.app) if app else None
    if app:
        cmd = voila_command(args.app, host=args.host, port=port, template=APP_TEMPLATE if templates else None)
        return _Server(cmd, "/voila/static/voila.js", Path(args.app).resolve().parent, "explorer", "/", templates)
    cmd = lab_command(notebook_dir, host=args.host, port=port, open_browser=args.open_browser)
    return _Server(cmd, "/api/status", None, "lessons", "/lab", templates)


def _announcer(server: _Server, token: str, app: bool) -> Callable[[str], None]:
    """Print the URL with the token, and how to stop the server, once it listens at ``base``."""
    stop = "Ctrl+C" if app else "Ctrl+C twice"

    def announce(base: str) -> None:
        print(
            f"\n  venusedu {server.what}: {base}{server.path}?token={token}\n"
            f"  (open this URL in your browser; press {stop} to stop)\n",
            flush=True,
        )

    return announce


def main(argv: list[str] | None = None) -> int:
    """Start the lab (or, with ``--app``, the Voilà app); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    app, port, notebook_dir = _check_arguments(parser, args)
    make_hint = "make app APP_PORT=8899" if app else "make lab PORT=8899"
    free = _port_to_use(args.host, port, make_hint)
    if free is None:
        return 2
    if args.workspace is not None and not _workspace_ready(args.workspace):
        return 2
    token = secrets.token_hex(24)
    server = _server(args, app, notebook_dir, free)
    return serve(
        server.cmd,
        host=args.host,
        port=free,
        token=token,
        probe=server.probe,
        announce=_announcer(server, token, app),
        cwd=server.cwd,
        name="JupyterLab" if not app else "Voilà",
        jupyter_path=server.templates,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
