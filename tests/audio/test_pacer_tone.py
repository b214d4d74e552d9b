"""The mini pacer's breath tone: each phase its cue and the breath tone, and no bell."""

from __future__ import annotations

from app.audio.cue_bank import CueBank
from app.core.session.mini_pacer import resonance


def test_each_phase_of_the_pattern_sounds_its_cue_with_the_breath_tone() -> None:
    pattern = resonance()
    assert pattern.timeline is not None
    bank = CueBank.build(pattern.timeline, volume=0.8, breath_tone=True)
    assert [s.cues for s in pattern.segments] == [("inhale",), ("exhale",)]  # no bell
    for segment in pattern.segments:
        cue, tone = bank.for_event(segment.cues[0], segment)
        assert cue == bank.cue(segment.cues[0])
        assert tone == bank.breath_tone(segment) and len(tone) > len(cue)
