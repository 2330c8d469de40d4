"""Command-line interface: ``venusedu``.

Each subcommand is added by an ``_add_<name>_command(subparsers)`` function
that sets ``func`` (called with the parsed arguments, returning an exit code).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._version import __version__


def _add_versions_command(subparsers) -> None:
    p = subparsers.add_parser(
        "versions",
        help="write student and instructor versions of the lessons",
        description="Write OUT/student (exercises unsolved, outputs cleared) and "
        "OUT/instructor (with solutions) from the source lessons.",
    )
    p.add_argument("out", type=Path, help="output folder")
    p.add_argument("--source", type=Path, default=Path("notebooks"),
                   help="folder of the source lessons (default: notebooks)")
    p.set_defaults(func=_run_versions)


def _run_versions(args) -> int:
    from .versions import write_versions

    if not args.source.is_dir():
        print(f"venusedu versions: error: --source {str(args.source)!r} is not a folder", file=sys.stderr)
        return 2
    written = write_versions(args.source, args.out)
    for version, paths in written.items():
        print(f"{version}: {len(paths)} notebooks in {args.out / version}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="venusedu",
        description="Lessons and a physical model of the dimples of Venus.",
    )
    parser.add_argument("--version", action="version", version=f"venusedu {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_versions_command(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
