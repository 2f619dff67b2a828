"""Let a one-shot ``mlpm review`` reuse the memory it frees instead of asking the OS again.

glibc hands big blocks (over 128 KB at first) straight back to the operating system when they
are freed, and the next array of the same size gets fresh pages the kernel must zero first.
A long-running server warms up (glibc raises that threshold after the first big free), a
process that reviews one file and exits never does: profiling twenty columns made and freed
the same 8 MB arrays over and over, and zeroing fresh pages was a third to a half of the
process's CPU (``perf``: ``clear_page_erms``). Raising the thresholds up front halved the
system time of ``mlpm review`` on the 1M-row bench file and removed its slow outliers
(docs/performance.md). Linux with glibc only; anywhere else this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 32 << 20  # glibc's largest: blocks under 32 MB come from reusable heap
_TRIM_THRESHOLD = 1 << 30  # keep up to 1 GB of freed memory: the process ends soon anyway
_TOP_PAD = 64 << 20  # grow the heap 64 MB at a time


def keep_freed_memory() -> bool:
    """Raise glibc's thresholds for this process; whether it took effect."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")  # not ctypes.util.find_library: it runs ldconfig
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return all(mallopt(option, value) == 1 for option, value in (
        (_M_MMAP_THRESHOLD, _MMAP_THRESHOLD), (_M_TRIM_THRESHOLD, _TRIM_THRESHOLD),
        (_M_TOP_PAD, _TOP_PAD)))
