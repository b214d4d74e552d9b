"""Mouse and keyboard input through the X server, as a user gives it: the XTEST extension, spoken
over the display's socket in the X11 protocol itself (no libXtst, no xdotool needed).

For tests on the Xvfb display ``.ci/with-xvfb`` starts (a local display, no authorisation).
"""

from __future__ import annotations

import os
import socket
import struct

_QUERY_EXTENSION = 98
_GET_INPUT_FOCUS = 43
_XTEST_FAKE_INPUT = 2
_KEY_PRESS, _KEY_RELEASE, _BUTTON_PRESS, _BUTTON_RELEASE, _MOTION = 2, 3, 4, 5, 6


class XInput:
    def __init__(self, display: str | None = None) -> None:
        name = display or os.environ.get("DISPLAY", "")
        number = name.partition(":")[2].partition(".")[0]
        if not name.startswith(":") or not number.isdigit():
            raise RuntimeError(f"not a local X display: {name!r}")
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.settimeout(5)
        self._socket.connect(f"/tmp/.X11-unix/X{number}")
        self._socket.sendall(struct.pack("<BxHHHHxx", 0x6C, 11, 0, 0, 0))
        head = self._read(8)
        if head[0] != 1:
            raise RuntimeError("the X server refused the connection")
        self._read(struct.unpack_from("<H", head, 6)[0] * 4)
        self._xtest = self._extension(b"XTEST")

    def click(self, x: int, y: int, button: int = 1) -> None:
        """Move the pointer to (*x*, *y*) on the screen and click; returns once the X server
        has handled it."""
        self._send(
            (_MOTION, 0, x, y), (_BUTTON_PRESS, button, 0, 0), (_BUTTON_RELEASE, button, 0, 0)
        )

    def move(self, x: int, y: int) -> None:
        """Move the pointer (input: the user is at the computer)."""
        self._send((_MOTION, 0, x, y))

    def press(self, button: int = 1) -> None:
        self._send((_BUTTON_PRESS, button, 0, 0))

    def release(self, button: int = 1) -> None:
        self._send((_BUTTON_RELEASE, button, 0, 0))

    def key(self, keycode: int, down: bool) -> None:
        """Press or release the key with this X keycode (37 is Control_L, 50 Shift_L)."""
        self._send((_KEY_PRESS if down else _KEY_RELEASE, keycode, 0, 0))

    def _send(self, *inputs: tuple[int, int, int, int]) -> None:
        for kind, detail, x, y in inputs:
            self._socket.sendall(
                struct.pack(
                    "<BBHBBxxIIIIhhIHBB",
                    self._xtest,
                    _XTEST_FAKE_INPUT,
                    9,  # 36 bytes
                    kind,
                    detail,
                    0,  # no delay
                    0,  # the root window the pointer is on
                    0,
                    0,
                    x,
                    y,
                    0,
                    0,
                    0,
                    0,
                )
            )
        self._socket.sendall(struct.pack("<BxH", _GET_INPUT_FOCUS, 1))  # a round trip
        self._reply()

    def close(self) -> None:
        self._socket.close()

    def _extension(self, name: bytes) -> int:
        padded = name + b"\0" * (-len(name) % 4)
        self._socket.sendall(
            struct.pack("<BxHHxx", _QUERY_EXTENSION, 2 + len(padded) // 4, len(name)) + padded
        )
        reply = self._reply()
        if not reply[8]:
            raise RuntimeError(f"the X server has no {name.decode()} extension")
        return reply[9]

    def _reply(self) -> bytes:
        while True:
            packet = self._read(32)
            if packet[0] == 0:
                raise RuntimeError(f"X error {packet[1]}")
            if packet[0] == 1:
                extra = struct.unpack_from("<I", packet, 4)[0] * 4
                return packet + self._read(extra)
            # an event: not asked for, passed over

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._socket.recv(size - len(data))
            if not chunk:
                raise RuntimeError("the X server closed the connection")
            data += chunk
        return data
