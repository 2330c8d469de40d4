"""Small, careful file-system helpers shared by the command-line tools.

- :func:`check_output_folder` says in one sentence why a folder cannot be
  written (it is a file, it lies under a file, it is not writable) before
  anything is written;
- :func:`write_bytes_atomic` replaces a file by writing a temporary file
  beside it and renaming it into place, so a symbolic link at the target is
  replaced, never followed, and a reader never sees half a file;
- :func:`keep_aside` moves a file to a free name (``NAME (yours).ipynb``)
  without ever overwriting another file.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

__all__ = [
    "PathError",
    "check_output_folder",
    "describe_os_error",
    "keep_aside",
    "path_argument",
    "write_bytes_atomic",
]


class PathError(ValueError):
    """A path given on the command line cannot be used; the message says why."""


def _q(path: os.PathLike | str) -> str:
    return repr(str(path))


def path_argument(text: str) -> Path:
    """``argparse`` type for a path: refuses the empty string (``Path("")`` would be ``.``)."""
    if text == "":
        raise argparse.ArgumentTypeError("an empty path names no folder or file; give a name")
    return Path(text)


def check_output_folder(path: str | os.PathLike, what: str = "the output folder") -> Path:
    """Check that ``path`` is, or can be created as, a folder this process can write.

    Parameters
    ----------
    path : path
        The folder. It need not exist; its parents are created later.
    what : str
        How the message names the folder, e.g. ``"--out"``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    PathError
        ``path`` is empty, is a file, lies under a file, or lies in a folder
        that is not writable.

    Examples
    --------
    >>> from venusedu._files import check_output_folder
    >>> check_output_folder("")
    Traceback (most recent call last):
    ...
    venusedu._files.PathError: the output folder '' is empty: give the name of a folder
    """
    if str(path) == "":
        raise PathError(f"{what} '' is empty: give the name of a folder")
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise PathError(f"{what} {_q(path)} is a symbolic link to nothing: remove it or choose another folder")
    if path.exists():
        if not path.is_dir():
            raise PathError(f"{what} {_q(path)} is a file, not a folder: choose another name")
        if not os.access(path, os.W_OK | os.X_OK):
            raise PathError(f"{what} {_q(path)} is not writable by you: choose another folder")
        return path
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise PathError(f"{what} {_q(path)} cannot be created: {_q(parent)} is a file, not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise PathError(f"{what} {_q(path)} cannot be created: {_q(parent)} is not writable by you")
            return path
        if parent.is_symlink():
            raise PathError(f"{what} {_q(path)} cannot be created: {_q(parent)} is a broken symbolic link")
    return path  # pragma: no cover - "/" always exists


def describe_os_error(exc: OSError) -> str:
    """One line for an ``OSError``: what failed, on which path, and why.

    Examples
    --------
    >>> from venusedu._files import describe_os_error
    >>> describe_os_error(PermissionError(13, "Permission denied", "/x"))
    "cannot write '/x': Permission denied"
    """
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"cannot write {_q(exc.filename)}: {reason}"
    return f"cannot write: {reason}"


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The final ``os.replace`` swaps the directory entry: if ``path`` is a
    symbolic link, the link is replaced by the new file and its target is
    left untouched.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def keep_aside(path: str | os.PathLike, label: str = "yours") -> Path:
    """Rename the file ``path`` to ``STEM (label).SUFFIX`` (or ``(label 2)``, ...).

    Never overwrites: the new name is claimed with a hard link, which fails
    if the name exists; where hard links are not supported the name is
    checked and the file renamed.

    Returns
    -------
    pathlib.Path
        The new path of the file.
    """
    path = Path(path)
    stem, suffix = path.stem, path.suffix
    for k in range(1, 1000):
        tag = label if k == 1 else f"{label} {k}"
        new = path.with_name(f"{stem} ({tag}){suffix}")
        if new.exists() or new.is_symlink():
            continue
        try:
            os.link(path, new, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network or FAT file systems)
            if new.exists() or new.is_symlink():
                continue
            os.rename(path, new)
            return new
        os.unlink(path)
        return new
    raise FileExistsError(f"no free name like {_q(path.with_name(f'{stem} ({label}){suffix}'))}")
