"""`unbrace pacer` hands its request to the running instance: routine, minutes, step."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.session.mini_pacer import MAX_MINUTES
from app.desktop.instance.request import MAX_PACER_MINUTES, InstanceRequest


def test_a_pacer_request_travels_with_its_routine_minutes_and_step(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("name: x\n")
    for request in (
        InstanceRequest("pacer"),
        InstanceRequest("pacer", "box-breathing", 15),
        InstanceRequest.for_pacer("mine.yaml", None, 2, tmp_path),
    ):
        assert InstanceRequest.from_line(request.to_line().rstrip(b"\n")) == request
    assert InstanceRequest.for_pacer("mine.yaml", 5, None, tmp_path).routine == str(
        tmp_path / "mine.yaml"
    )


def test_other_requests_carry_no_pacer_fields() -> None:
    assert b"minutes" not in InstanceRequest("run", "box-breathing").to_line()
    with pytest.raises(ValueError, match="pacer command only"):
        InstanceRequest("show", minutes=5)


@pytest.mark.parametrize(
    "line",
    [
        b'{"version": 1, "command": "pacer", "routine": null, "minutes": 0}',
        b'{"version": 1, "command": "pacer", "routine": null, "minutes": 241}',
        b'{"version": 1, "command": "pacer", "routine": null, "minutes": "5"}',
        b'{"version": 1, "command": "pacer", "routine": null, "minutes": true}',
        b'{"version": 1, "command": "pacer", "routine": null, "step": 1.5}',
    ],
)
def test_a_pacer_request_out_of_bounds_is_refused(line: bytes) -> None:
    with pytest.raises(ValueError):
        InstanceRequest.from_line(line)


def test_a_request_allows_the_pacer_lengths_the_pacer_allows() -> None:
    assert MAX_PACER_MINUTES == MAX_MINUTES
