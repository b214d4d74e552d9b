"""Hypothesis strategies for the fuzz tests: valid routine documents, and mutations of them.

A *document* is what a routine file holds once YAML has read it: plain dicts, lists and scalars.
``valid_documents`` builds ones the loader must accept (every kind of step and field, durations in
every written form, unicode in the texts); ``mutated_documents`` then breaks them the ways files
get broken: keys dropped or misspelt, values of the wrong type, extreme numbers, odd unicode.

Every strategy is built once (module constants, or cached per size): building strategies inside a
draw would cost Hypothesis a validation each time, several times the cost of the test itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import strategies as st

from app.core.routine.model import BREATH_PHASES, REGIONS, STEP_KINDS

Doc = dict[str, Any]


# --------------------------------------------------------------------------------- pieces


#: Any unicode text with something besides white space (a name, a label, a prompt). Short: the
#: model's length limits are tried by the mutations, and long texts are only slower to generate.
texts = st.one_of(
    st.text(min_size=1, max_size=12),
    st.text(alphabet="aeiou lmnrst", min_size=1, max_size=8),
).filter(lambda text: bool(text.strip()))
#: Ids and tags: lowercase letters and digits in words joined by single hyphens (built from lists:
#: a regular expression strategy costs several times more to draw from).
slugs = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6),
    min_size=1,
    max_size=3,
).map("-".join)
booleans = st.booleans()
regions = st.sampled_from(REGIONS)
phase_names = st.sampled_from(BREATH_PHASES)
hold_choices = st.sampled_from(("none", "zero", "some"))
phase_kinds = st.lists(phase_names, min_size=1, max_size=4)
phase_labels = st.dictionaries(phase_names, texts)
drones = st.one_of(st.integers(40, 2_000), st.floats(40, 2_000))
sides = st.sampled_from((("left",), ("right",), ("left", "right")))
open_kinds = st.sampled_from(("hold", "check_in", "journal"))
LEAN_WORDS = st.sampled_from(("Breathe", "Rest", "Hold", "Arch", "Round", "Scan the spine"))


def written_forms(ms: int) -> list[object]:
    """The ways a routine file can write *ms*: seconds as a number, or a text with units."""
    forms: list[object] = [ms / 1000, f"{ms / 1000:g}s", f"{ms / 1000}"]
    if ms % 1000 == 0:
        forms.append(ms // 1000)
    if ms % 60_000 == 0:
        forms.append(f"{ms // 60_000}m")
    if ms % 3_600_000 == 0:
        forms.append(f"{ms // 3_600_000}h")
    if ms > 60_000 and ms % 1000 == 0:
        forms.append(f"{ms // 60_000}m{ms // 1000 % 60}s")
    return forms


@functools.cache
def durations(low_ms: int, high_ms: int) -> st.SearchStrategy[object]:
    @st.composite
    def written(draw: st.DrawFn) -> object:
        forms = written_forms(draw(st.integers(low_ms, high_ms)))
        return forms[draw(st.integers(0, len(forms) - 1))]

    return written()


def maybe(draw: st.DrawFn, body: Doc, key: str, values: st.SearchStrategy[Any]) -> None:
    """Now and then, give *body* the optional *key*."""
    if draw(booleans):
        body[key] = draw(values)


def maybe_text(draw: st.DrawFn, body: Doc, key: str, sizes: Sizes) -> None:
    """Now and then, give *body* an optional text (never in a lean routine)."""
    if not sizes.lean:
        maybe(draw, body, key, texts)


# ---------------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Sizes:
    """How big a generated routine may get: small enough that a session plays in milliseconds,
    and never past the loader's limits (at most about 3 * 3**4 * 40 segments)."""

    phase_ms: tuple[int, int]
    step_ms: tuple[int, int]
    count: int  # cycles, repetitions, repeat times at most
    lean: bool = False  # labels from a few words, no optional texts: for tests of timing only

    @property
    def words(self) -> st.SearchStrategy[str]:
        return LEAN_WORDS if self.lean else texts


NORMAL = Sizes(phase_ms=(500, 12_000), step_ms=(1_000, 20_000), count=3)
LEAN = Sizes(phase_ms=(500, 12_000), step_ms=(1_000, 20_000), count=3, lean=True)
TINY = Sizes(phase_ms=(500, 1_500), step_ms=(1_000, 2_500), count=2, lean=True)


@functools.cache
def breathe(sizes: Sizes) -> st.SearchStrategy[Doc]:
    phase = durations(*sizes.phase_ms)
    cycles = st.integers(1, sizes.count)
    length = durations(*sizes.step_ms)

    @st.composite
    def step(draw: st.DrawFn) -> Doc:
        body: Doc = {}
        if draw(booleans):
            holds = {name: draw(hold_choices) for name in ("hold_in", "hold_out")}

            def mapping() -> Doc:
                pattern: Doc = {"inhale": draw(phase), "exhale": draw(phase)}
                for name, hold in holds.items():
                    if hold == "zero":
                        pattern[name] = 0
                    elif hold == "some":
                        pattern[name] = draw(phase)
                return pattern

            body["pattern"] = mapping()
            if draw(booleans):
                body["ramp"] = mapping()
        else:
            kinds = draw(phase_kinds)

            def phases() -> list[Doc]:
                result = []
                for kind in kinds:
                    item: Doc = {kind: draw(phase)}
                    maybe_text(draw, item, "label", sizes)
                    result.append(item)
                return result

            body["pattern"] = phases()
            if draw(booleans):
                body["ramp"] = phases()
        if draw(booleans):
            body["cycles"] = draw(cycles)
        else:
            body["duration"] = draw(length)
        maybe_text(draw, body, "label", sizes)
        maybe_text(draw, body, "prompt", sizes)
        if not sizes.lean:
            maybe(draw, body, "labels", phase_labels)
        maybe(draw, body, "drone", drones)
        return {"breathe": body}

    return step()


@functools.cache
def timed(kind: str, sizes: Sizes) -> st.SearchStrategy[Doc]:
    length = durations(*sizes.step_ms)

    @st.composite
    def step(draw: st.DrawFn) -> Doc:
        body: Doc = {"duration": draw(length)}
        if kind == "guide" or draw(booleans):
            body["label"] = draw(sizes.words)
        maybe_text(draw, body, "prompt", sizes)
        if kind == "guide":
            maybe(draw, body, "region", regions)
        return {kind: body}

    return step()


@functools.cache
def move(sizes: Sizes) -> st.SearchStrategy[Doc]:
    rep = st.fixed_dictionaries({"label": sizes.words, "duration": durations(*sizes.phase_ms)})
    reps = st.lists(rep, min_size=1, max_size=3)
    counts = st.integers(1, sizes.count)

    @st.composite
    def step(draw: st.DrawFn) -> Doc:
        body: Doc = {"label": draw(sizes.words), "reps": draw(counts), "rep": draw(reps)}
        if draw(booleans):
            body["sides"] = list(draw(sides))
        maybe_text(draw, body, "prompt", sizes)
        maybe(draw, body, "region", regions)
        return {"move": body}

    return step()


@functools.cache
def open_step(sizes: Sizes) -> st.SearchStrategy[Doc]:
    cap = durations(*sizes.step_ms)

    @st.composite
    def step(draw: st.DrawFn) -> Doc:
        kind = draw(open_kinds)
        body: Doc = {}
        if kind == "hold":
            body["label"] = draw(sizes.words)
            maybe(draw, body, "max", cap)
        elif kind == "journal":
            body["prompt"] = draw(sizes.words)
            maybe_text(draw, body, "label", sizes)
        else:
            maybe_text(draw, body, "label", sizes)
            maybe_text(draw, body, "prompt", sizes)
            if not body and draw(booleans):
                return {"check_in": None}  # `- check_in:` with nothing after it
        return {kind: body}

    return step()


@functools.cache
def steps(sizes: Sizes, depth: int, with_open: bool) -> st.SearchStrategy[list[Doc]]:
    kinds = [breathe(sizes), timed("guide", sizes), timed("rest", sizes), move(sizes)]
    if with_open:
        kinds.append(open_step(sizes))
    if depth > 0:
        kinds.append(
            st.builds(
                lambda times, inner, label: {
                    "repeat": {
                        "times": times,
                        "steps": inner,
                        **({"label": label} if label else {}),
                    }
                },
                st.integers(1, sizes.count),
                steps(sizes, depth - 1, with_open),
                st.one_of(st.none(), sizes.words),
            )
        )
    return st.lists(st.one_of(kinds), min_size=1, max_size=3)


# ------------------------------------------------------------------------------ routines

sounds = st.fixed_dictionaries(
    {},
    optional={
        "breath_tone": booleans,
        "volume": st.one_of(st.floats(0, 1), st.sampled_from((0, 1))),
    },
)
tag_lists = st.lists(slugs, max_size=4)
region_lists = st.lists(regions, max_size=4)


@functools.cache
def valid_documents(
    sizes: Sizes = NORMAL, depth: int = 2, with_open: bool = True
) -> st.SearchStrategy[Doc]:
    """Routine documents the loader must accept, with every optional field now and then, in any
    order of keys."""
    routine_steps = steps(sizes, depth, with_open)

    @st.composite
    def document(draw: st.DrawFn) -> Doc:
        doc: Doc = {"name": draw(sizes.words), "summary": draw(sizes.words)}
        maybe(draw, doc, "id", slugs)
        maybe(draw, doc, "format", st.just(1))
        maybe_text(draw, doc, "description", sizes)
        maybe_text(draw, doc, "safety", sizes)
        if not sizes.lean:
            maybe(draw, doc, "tags", tag_lists)
            maybe(draw, doc, "regions", region_lists)
        maybe(draw, doc, "sound", sounds)
        doc["steps"] = draw(routine_steps)
        order = draw(st.permutations(list(doc)))
        return {key: doc[key] for key in order}

    return document()


def dump(doc: object, flow: bool | None = None, unicode: bool = False) -> str:
    """*doc* as YAML, the way PyYAML (with libyaml, several times faster) writes it."""
    return yaml.dump(
        doc,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        default_flow_style=flow,
        allow_unicode=unicode,
        sort_keys=False,
    )


flow_styles = st.sampled_from((None, True, False))


def yaml_texts(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """Documents written as YAML in block or flow style, unicode escaped or not."""
    return st.builds(dump, documents, flow_styles, booleans)


# ------------------------------------------------------------------------------ mutations

EXTREME_NUMBERS: tuple[object, ...] = (
    0,
    -1,
    -0.0,
    1e-9,
    0.4994,
    0.4995,
    0.5,
    600,
    600.0004,
    600.0005,
    4 * 3600,
    4 * 3600 + 0.001,
    12 * 3600,
    2_000,
    2_001,
    2**31,
    2**63,
    10**20,
    10**400,
    -(10**400),
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
)

KEYS = (
    *STEP_KINDS,
    *BREATH_PHASES,
    "label",
    "prompt",
    "pattern",
    "ramp",
    "cycles",
    "duration",
    "times",
    "steps",
    "reps",
    "rep",
    "sides",
    "max",
    "region",
    "labels",
    "drone",
    "name",
    "summary",
    "id",
    "format",
    "sound",
    "volume",
)

extreme_numbers = st.sampled_from(EXTREME_NUMBERS)
other_values: st.SearchStrategy[object] = st.one_of(
    st.none(),
    booleans,
    st.integers(),
    st.floats(),
    extreme_numbers,
    st.text(max_size=30),
    st.text(min_size=79, max_size=83),
    st.text(min_size=1995, max_size=2005),
    st.sampled_from(("", " ", "\t", "\u2028", "\x85", "3m", "1h", "90s", "1m30s", "4x", "-3s")),
    st.sampled_from((*REGIONS, "left", "right", *STEP_KINDS, *BREATH_PHASES)),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(KEYS), st.integers(0, 10), max_size=3),
    st.builds(dict),
    st.builds(list),
)
unicode_values = st.text(max_size=90)
new_keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=10))
misspellings = st.sampled_from(("", "s", "_", "e"))
mutation_counts = st.integers(1, 4)

MUTATIONS = ("drop", "retype", "extreme", "unicode", "add key", "misspell key", "wrap", "twice")
mutations = st.sampled_from(MUTATIONS)


def _places(node: object) -> list[tuple[dict[Any, Any] | list[Any], Any]]:
    """Every (container, key or index) in a document, outermost first."""
    found: list[tuple[dict[Any, Any] | list[Any], Any]] = []
    stack: list[object] = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, dict):
            for key, value in current.items():
                found.append((current, key))
                stack.append(value)
        elif isinstance(current, list):
            for index, value in enumerate(current):
                found.append((current, index))
                stack.append(value)
    return found


@functools.cache
def mutated_documents(sizes: Sizes = NORMAL) -> st.SearchStrategy[Doc]:
    """Valid documents changed in one to four places."""
    documents = valid_documents(sizes)

    @st.composite
    def mutated(draw: st.DrawFn) -> Doc:
        doc = draw(documents)
        for _ in range(draw(mutation_counts)):
            places = _places(doc)
            container, key = places[draw(st.integers(0, len(places) - 1))]
            mutation = draw(mutations)
            if mutation == "drop":
                del container[key]
            elif mutation == "retype":
                container[key] = draw(other_values)
            elif mutation == "extreme":
                container[key] = draw(extreme_numbers)
            elif mutation == "unicode":
                container[key] = draw(unicode_values)
            elif mutation == "add key" and isinstance(container, dict):
                container[draw(new_keys)] = draw(other_values)
            elif mutation == "misspell key" and isinstance(container, dict):
                value = container.pop(key)
                text = str(key)
                cut = draw(st.integers(0, max(0, len(text) - 1)))
                container[text[:cut] + draw(misspellings) + text[cut + 1 :]] = value
            elif mutation == "wrap":
                wrapped = container[key]
                container[key] = [wrapped] if draw(booleans) else {"x": wrapped}
            elif mutation == "twice" and isinstance(container, list):
                container.append(container[key])  # the same object twice: YAML writes an alias
        return doc

    return mutated()
