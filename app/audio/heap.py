"""How the process's C allocator treats large buffers.

A session hands the sound device a fresh buffer of a few hundred kilobytes at almost every
boundary (a cue scaled to the volume, mixed with what is still sounding). glibc serves buffers
that large with their own memory mapping, given back when freed, but it raises that threshold
each time such a buffer is freed, after which the same buffers come from the heap and leave it
fragmented, and a long session's resident set grows (``bench/session.py`` measures it). Fixing
the threshold keeps large buffers mapped, so a long session ends the size it began.
"""

from __future__ import annotations

import ctypes

#: ``M_MMAP_THRESHOLD`` in glibc's ``<malloc.h>``.
_M_MMAP_THRESHOLD = -3
#: glibc's own starting value: buffers this large or larger get their own mapping.
LARGE_BUFFER_BYTES = 128 * 1024


def map_large_buffers(threshold: int = LARGE_BUFFER_BYTES) -> bool:
    """Serve every buffer of *threshold* bytes or more from its own mapping, for good (the
    threshold no longer follows the buffers freed). False where the C library is not glibc."""
    try:
        # The C library is loaded already: its symbols are found through the process itself
        # (ctypes.util.find_library would run ldconfig during the start).
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, threshold))
