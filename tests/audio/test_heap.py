"""Large buffers keep their own mapping, even after a larger one was freed (glibc)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

#: In a fresh process: free a 4 MiB buffer (glibc then raises its threshold to 4 MiB), then
#: count the mapped chunks before and while a cue-sized 300 KiB buffer is alive.
SCRIPT = textwrap.dedent(
    """
    import ctypes, sys
    from app.audio.heap import map_large_buffers

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    if sys.argv[1] == "fixed":
        assert map_large_buffers()
    big = bytearray(4 * 2**20)
    del big
    before = libc.mallinfo2().hblks
    cue = bytearray(300 * 1024)
    print(libc.mallinfo2().hblks - before)
    """
)


def mapped_chunks_for_a_cue(mode: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=REPO, capture_output=True, text=True, check=True
    )
    return int(result.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_cue_sized_buffer_is_mapped_after_a_bigger_one_was_freed() -> None:
    assert mapped_chunks_for_a_cue("glibc default") == 0  # from the heap: what fragmented it
    assert mapped_chunks_for_a_cue("fixed") == 1  # its own mapping, given back when freed
