"""Routine format version 1 as immutable, validated pydantic models.

Every limit a routine must respect lives in the field types, so that nothing is clamped by hand
later (the duration types and the limits: ``routine_limits``). Durations are whole milliseconds
after validation. The README's "Writing your own routines" shows the format; `unbrace schema`
prints it as JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.core.routine.limits import (
    MAX_STEPS_PER_LIST,
    HoldMaxMs,
    HoldMs,
    PhaseMs,
    RepPhaseMs,
    StepMs,
)

FORMAT_VERSION: Literal[1] = 1

Region = Literal[
    "neck",
    "jaw",
    "shoulders",
    "chest",
    "upper_back",
    "mid_back",
    "lower_back",
    "sacrum",
    "belly",
    "hips",
    "whole_body",
]
REGIONS: tuple[Region, ...] = Region.__args__  # type: ignore[attr-defined]

BreathPhase = Literal["inhale", "hold_in", "exhale", "hold_out"]
BREATH_PHASES: tuple[BreathPhase, ...] = ("inhale", "hold_in", "exhale", "hold_out")

Side = Literal["left", "right"]

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Prompt = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5_000)]
Tag_ = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=32)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---------------------------------------------------------------------------------------- breath


class FourPhasePattern(_Strict):
    """``{inhale: 4, hold_in: 0, exhale: 6, hold_out: 0}``; zero or missing holds are left out."""

    inhale: PhaseMs
    hold_in: HoldMs = 0
    exhale: PhaseMs
    hold_out: HoldMs = 0

    def phases(self) -> tuple[PatternPhase, ...]:
        return tuple(
            PatternPhase.model_construct(**{name: getattr(self, name)})
            for name in BREATH_PHASES
            if getattr(self, name) > 0
        )


class PatternPhase(_Strict):
    """One phase of a pattern written as a list, e.g. ``{inhale: 1, label: Top up}``."""

    inhale: PhaseMs | None = None
    hold_in: PhaseMs | None = None
    exhale: PhaseMs | None = None
    hold_out: PhaseMs | None = None
    label: Label | None = None

    @model_validator(mode="after")
    def _one_phase(self) -> PatternPhase:
        given = [name for name in BREATH_PHASES if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "each phase names exactly one of inhale, hold_in, exhale, hold_out"
                + (f" (this one has {', '.join(given)})" if given else "")
            )
        return self

    @property
    def kind(self) -> BreathPhase:
        return next(name for name in BREATH_PHASES if getattr(self, name) is not None)

    @property
    def ms(self) -> int:
        value: int = getattr(self, self.kind)
        return value


def _pattern_form(value: Any) -> str:
    return "list" if isinstance(value, list | tuple) else "mapping"


PhaseList = Annotated[list[PatternPhase], Field(min_length=1, max_length=12)]
Pattern = Annotated[
    Annotated[FourPhasePattern, Tag("mapping")] | Annotated[PhaseList, Tag("list")],
    Discriminator(_pattern_form),
]


def pattern_phases(pattern: FourPhasePattern | list[PatternPhase]) -> tuple[PatternPhase, ...]:
    """The phases of either form of pattern, in order, zero holds left out."""
    if isinstance(pattern, FourPhasePattern):
        return pattern.phases()
    return tuple(pattern)


class PhaseLabels(_Strict):
    """Words that replace the default phase words (In, Hold, Out), e.g. ``{exhale: Hum}``."""

    inhale: Label | None = None
    hold_in: Label | None = None
    exhale: Label | None = None
    hold_out: Label | None = None


class Breathe(_Strict):
    label: Label = "Breathe"
    prompt: Prompt | None = None
    pattern: Pattern
    cycles: Annotated[int, Field(ge=1, le=2_000)] | None = None
    duration: StepMs | None = None
    labels: PhaseLabels | None = None
    drone: Annotated[float, Field(ge=40, le=2_000, description="a reference tone in Hz")] | None = (
        None
    )
    ramp: Pattern | None = None

    # Field validators run in the order the fields are declared, so each check below sees the
    # fields before it and its error points at the key that breaks the rule.

    @field_validator("duration")
    @classmethod
    def _not_both(cls, duration: int | None, info: ValidationInfo) -> int | None:
        if duration is not None and info.data.get("cycles") is not None:
            raise ValueError("give either cycles or duration, not both")
        return duration

    @field_validator("ramp")
    @classmethod
    def _ramp_like_pattern(
        cls, ramp: FourPhasePattern | list[PatternPhase] | None, info: ValidationInfo
    ) -> FourPhasePattern | list[PatternPhase] | None:
        pattern = info.data.get("pattern")
        if ramp is not None and pattern is not None:
            start = [p.kind for p in pattern_phases(pattern)]
            end = [p.kind for p in pattern_phases(ramp)]
            if start != end:
                raise ValueError(
                    "ramp must have the same phases as pattern "
                    f"({', '.join(start)}), not {', '.join(end)}"
                )
        return ramp

    @model_validator(mode="after")
    def _cycles_or_duration(self) -> Breathe:
        if self.cycles is None and self.duration is None:
            raise ValueError("give either cycles or duration")
        return self


# ---------------------------------------------------------------------------------- other steps


def _say_value(value: object) -> object:
    if value is False or isinstance(value, str):
        return value
    raise ValueError("must be the text to speak, or false for a step that is not spoken")


#: What a step's voice says instead of its label and prompt, or ``false``: the step is silent.
Say = Annotated[Prompt | Literal[False], BeforeValidator(_say_value)]
SoundFile = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class _Spoken(_Strict):
    """A step whose label and prompt are spoken as it starts (when the user has voice on)."""

    say: Say | None = Field(
        default=None,
        description="the text to speak instead of the label and prompt; false: not spoken",
    )
    voice: SoundFile | None = Field(
        default=None,
        description="a recorded narration (16-bit WAV beside the routine) played instead",
    )


class Guide(_Spoken):
    label: Label
    prompt: Prompt | None = None
    duration: StepMs
    region: Region | None = None


class RepPhase(_Strict):
    label: Label
    duration: RepPhaseMs


class Move(_Spoken):
    label: Label
    prompt: Prompt | None = None
    reps: Annotated[int, Field(ge=1, le=500)]
    rep: Annotated[list[RepPhase], Field(min_length=1, max_length=12)]
    sides: Annotated[list[Side], Field(min_length=1, max_length=2)] | None = None
    region: Region | None = None

    @field_validator("sides")
    @classmethod
    def _distinct_sides(cls, sides: list[Side] | None) -> list[Side] | None:
        if sides is not None and len(set(sides)) != len(sides):
            raise ValueError("each side is named once")
        return sides


class Rest(_Spoken):
    label: Label = "Rest"
    prompt: Prompt | None = None
    duration: StepMs


class Hold(_Spoken):
    label: Label
    prompt: Prompt | None = None
    max: HoldMaxMs | None = None


class CheckIn(_Spoken):
    label: Label = "Check in"
    prompt: Prompt | None = None


class Journal(_Spoken):
    label: Label = "Journal"
    prompt: Prompt


class Repeat(_Strict):
    label: Label | None = None
    times: Annotated[int, Field(ge=1, le=1_000)]
    steps: Steps


# ------------------------------------------------------------------------------------- the step

STEP_KINDS = ("breathe", "guide", "move", "rest", "hold", "check_in", "journal", "repeat")
StepKind = Literal["breathe", "guide", "move", "rest", "hold", "check_in", "journal", "repeat"]


class BreatheStep(_Strict):
    breathe: Breathe


class GuideStep(_Strict):
    guide: Guide


class MoveStep(_Strict):
    move: Move


class RestStep(_Strict):
    rest: Rest


class HoldStep(_Strict):
    hold: Hold


class CheckInStep(_Strict):
    check_in: CheckIn = CheckIn()

    @field_validator("check_in", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        return {} if value is None else value


class JournalStep(_Strict):
    journal: Journal


class RepeatStep(_Strict):
    repeat: Repeat


def _step_kind(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        return key if key in STEP_KINDS else None
    if isinstance(value, BaseModel):
        return next(iter(type(value).model_fields))
    return None


Step = Annotated[
    Annotated[BreatheStep, Tag("breathe")]
    | Annotated[GuideStep, Tag("guide")]
    | Annotated[MoveStep, Tag("move")]
    | Annotated[RestStep, Tag("rest")]
    | Annotated[HoldStep, Tag("hold")]
    | Annotated[CheckInStep, Tag("check_in")]
    | Annotated[JournalStep, Tag("journal")]
    | Annotated[RepeatStep, Tag("repeat")],
    Discriminator(
        _step_kind,
        custom_error_type="step_kind",
        custom_error_message=(
            "a step is a mapping with one key: breathe, guide, move, rest, hold, check_in, "
            "journal or repeat"
        ),
    ),
]
Steps = Annotated[list[Step], Field(min_length=1, max_length=MAX_STEPS_PER_LIST)]

StepBody = Breathe | Guide | Move | Rest | Hold | CheckIn | Journal | Repeat


def step_body(step: Step) -> StepBody:
    """The inner mapping of a step (its one key's value)."""
    body: StepBody = getattr(step, next(iter(type(step).model_fields)))
    return body


def step_kind(step: Step) -> str:
    return next(iter(type(step).model_fields))


# ---------------------------------------------------------------------------------- the routine


SoundCue = Literal["bell", "inhale", "exhale", "hold", "tick", "count", "end"]


class Sound(_Strict):
    breath_tone: bool = False
    volume: Annotated[float, Field(ge=0, le=1)] = 0.8
    #: WAV files that replace built-in cues, relative to the routine's folder and inside it.
    #: After loading, the loader has checked each one and made its path absolute.
    cues: dict[SoundCue, SoundFile] = {}


class Routine(_Strict):
    """One routine file. ``id`` defaults to the file name; the loader fills it in."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra={"title": "Unbrace routine (format 1)"},
    )

    format: Literal[1] = FORMAT_VERSION
    id: Slug
    name: Label
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    description: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=5_000)] | None
    ) = None
    tags: Annotated[list[Tag_], Field(max_length=20)] = []
    regions: Annotated[list[Region], Field(max_length=11)] = []
    safety: Prompt | None = None
    sound: Sound = Sound()
    steps: Steps


Repeat.model_rebuild()
