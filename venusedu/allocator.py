"""Keep freed memory in the process, so that repeated simulations avoid page faults.

A simulation at the default grid allocates and frees a few dozen arrays of
0.25–0.5 MB. glibc's allocator serves arrays of that size with ``mmap`` and
hands the memory back to the kernel when they are freed, so every call pays
for fresh page faults on every array: on the reference machine that is about
half the time of a call. :func:`keep_freed_memory` raises glibc's mmap and
trim thresholds (``mallopt``) so that freed memory stays with the process and
is reused.

This changes how the whole process allocates memory, so nothing in venusedu
calls it at import: the widget explorer calls it when it is created (its
docstring says so), and ``benchmarks/bench_model.py`` measures ``simulate``
both ways. The process keeps up to the trim threshold (256 MB) of freed memory
instead of returning it; a simulation needs about 20 MB.

On systems without glibc it does nothing and returns False.

Examples
--------
>>> from venusedu.allocator import keep_freed_memory
>>> keep_freed_memory() in (True, False)
True
"""

from __future__ import annotations

import ctypes
import ctypes.util

__all__ = ["keep_freed_memory", "MMAP_THRESHOLD_BYTES", "TRIM_THRESHOLD_BYTES"]

#: Arrays below this size come from the heap instead of a fresh mmap.
MMAP_THRESHOLD_BYTES = 64 * 1024 * 1024
#: Freed heap memory up to this amount is kept instead of returned to the kernel.
TRIM_THRESHOLD_BYTES = 256 * 1024 * 1024

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_done = False


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse (``mallopt``); idempotent.

    Returns
    -------
    bool
        True if the thresholds are set (glibc found), False otherwise.
    """
    global _done
    if _done:
        return True
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    ok = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )
    _done = ok
    return ok
