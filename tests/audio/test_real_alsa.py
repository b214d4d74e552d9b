"""Real audio: a cue played through the real simpleaudio reaches ALSA byte for byte.

ALSA's ``file`` plugin (built into libasound) stands in for a sound card: it writes every byte
played to a file and throws the sound away, so the test runs on machines without a sound card.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.audio.output import SimpleaudioOutput, open_output
from app.audio.synth import rising_tone, to_pcm16
from app.core.session.clock import monotonic_clock

ALSA_FILE_CONFIG = """
pcm.!default {{
    type file
    slave.pcm {{ type null }}
    file "{path}"
    format "raw"
}}
"""


def test_a_cue_played_through_simpleaudio_reaches_the_device_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """open_output finds the (file) device, and the bytes ALSA receives are the cue's PCM."""
    pytest.importorskip("simpleaudio")
    raw = tmp_path / "audio.raw"
    config = tmp_path / "asound.conf"
    config.write_text(ALSA_FILE_CONFIG.format(path=raw))
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(config))

    output = open_output(monotonic_clock)
    assert isinstance(output, SimpleaudioOutput), output.problem
    cue = to_pcm16(rising_tone(0.4))
    output.play(cue)
    output.wait_done()

    assert output.problem is None
    assert raw.read_bytes() == cue
