"""Command-line interface: ``venusedu``.

Each subcommand is added by an ``_add_<name>_command(subparsers)`` function
that sets ``func`` (called with the parsed arguments, returning an exit code).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._files import PathError, check_output_folder, describe_os_error, path_argument
from ._version import __version__


def _add_versions_command(subparsers) -> None:
    p = subparsers.add_parser(
        "versions",
        help="write student and instructor versions of the lessons",
        description="Write OUT/student (exercises unsolved, outputs cleared) and "
        "OUT/instructor (with solutions) from the lessons shipped with venusedu, "
        "or from the notebooks in --source.",
    )
    p.add_argument("out", type=path_argument, metavar="OUT", help="output folder")
    p.add_argument(
        "--source",
        type=path_argument,
        default=None,
        metavar="DIR",
        help="folder of the source lessons (default: the lessons shipped with venusedu)",
    )
    p.set_defaults(func=_run_versions)


def _run_versions(args) -> int:
    from .versions import write_versions

    if args.source is not None:
        if not args.source.is_dir():
            raise PathError(f"--source {str(args.source)!r} is not a folder")
        if not any(p.suffix == ".ipynb" and p.is_file() for p in args.source.iterdir()):
            raise PathError(f"--source {str(args.source)!r} holds no notebooks (*.ipynb)")
    check_output_folder(args.out, "the output folder")
    for version in ("student", "instructor"):
        check_output_folder(args.out / version, "the output folder")
    written = write_versions(args.source, args.out)
    for version, paths in written.items():
        print(f"{version}: {len(paths)} notebooks in {args.out / version}")
    return 0


def _add_start_command(subparsers) -> None:
    from .workspace import add_arguments, run

    p = subparsers.add_parser(
        "start",
        help="copy the lessons into a new workspace folder",
        description="Copy the lessons shipped with venusedu into the new folder DIR, "
        "to work in with JupyterLab. Refuses a folder that is not empty unless --force.",
    )
    add_arguments(p)
    p.set_defaults(func=run)


def _add_figures_command(subparsers) -> None:
    from .figures import FIGURE_NAMES

    p = subparsers.add_parser(
        "figures",
        help="regenerate the course figures (SVG, PNG and alt-text.json)",
        description="Regenerate every course figure (or the NAMEs given) as SVG and PNG, "
        "plus alt-text.json mapping each figure to its alt text. Two runs give "
        "byte-identical files. Figures: " + ", ".join(FIGURE_NAMES) + ".",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="figures to regenerate (default: all)")
    p.add_argument(
        "--out",
        type=path_argument,
        default=Path("figures"),
        metavar="DIR",
        help="output folder (default: figures/ in the current directory)",
    )
    p.set_defaults(func=_run_figures, figures_parser=p)


def _run_figures(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window
    from .figures import UnknownFigureError, check_names, write_figures

    try:
        check_names(args.names)
    except UnknownFigureError as exc:
        args.figures_parser.error(str(exc))  # prints usage and the message, exits with status 2

    check_output_folder(args.out, "--out")

    def report(name, paths):
        print(f"{name}: " + ", ".join(str(p) for p in paths))

    write_figures(args.out, args.names, progress=report)
    print(f"alt text: {args.out / 'alt-text.json'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``venusedu`` command line: its subcommands and their options."""
    parser = argparse.ArgumentParser(
        prog="venusedu",
        description="Lessons and a physical model of the dimples of Venus.",
    )
    parser.add_argument("--version", action="version", version=f"venusedu {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_versions_command(subparsers)
    _add_start_command(subparsers)
    _add_figures_command(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for a usage or file-system error).

    Every error a user can cause by typing a path (a file where a folder is
    expected, a folder that cannot be written, no notebooks in ``--source``)
    ends in one line ``venusedu COMMAND: error: ...`` on stderr and exit code
    2, not in a traceback.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except PathError as exc:
        message = str(exc)
    except OSError as exc:
        message = describe_os_error(exc)
    print(f"venusedu {args.command}: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
