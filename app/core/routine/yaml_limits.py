"""The limits a routine's YAML is read within, checked before any node is built.

One streaming pass over the parser's events checks nesting depth, alias count and the number of
values (so that 10,000 nested lists or a "billion laughs" file costs milliseconds and never
recurses); once the nodes are built, what aliases would expand to is counted without expanding.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

try:  # libyaml, when PyYAML was built with it: the same results, many times faster
    from yaml import CSafeLoader as Loader

    _LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

    _LIBYAML = False

from app.core.routine.problems import Problem, RoutineError

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_NODES", "Loader", "check_expansion", "check_limits"]

_AnyLoader = type[Loader] | type[yaml.SafeLoader]

MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_NODES = 50_000


#: PyYAML's event classes have no subclasses, so events are told apart by their exact type
#: (about a seventh faster than a chain of ``isinstance`` over a routine's ~150 events).
_COLLECTION_STARTS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_COLLECTION_ENDS = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})


def _events(text: str, loader_class: _AnyLoader = Loader) -> Iterator[yaml.Event]:
    loader = loader_class(text)
    try:
        get_event = loader.get_event
        while (event := get_event()) is not None:  # None once the stream has ended
            yield event
    finally:
        loader.dispose()


def check_limits(file: str, text: str) -> int:
    """Check *text*'s depth, aliases and values on its parser's events; returns how many aliases
    it holds (with none, its values were all counted here, and ``check_expansion`` has nothing
    to add)."""
    try:
        return _check_events(file, text, Loader)
    except yaml.MarkedYAMLError as error:
        if not _LIBYAML or "nesting depth" not in (error.problem or ""):
            raise
        # libyaml's scanner has a nesting limit of its own (from PyYAML 6.0.4) and, reading ahead,
        # reaches it before the first event; PyYAML's own parser has none and finds the first
        # level too deep for a routine, so the message and its place are the same either way.
        _check_events(file, text, yaml.SafeLoader)
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise RoutineError(
            [Problem(file, line, column, "yaml", f"nested deeper than {MAX_DEPTH} levels")]
        ) from None


def _check_events(file: str, text: str, loader_class: _AnyLoader) -> int:
    depth = aliases = nodes = documents = 0
    open_anchors: list[str | None] = []  # the anchor of each collection being read, outermost first
    for event in _events(text, loader_class):
        kind = type(event)  # the most common first: a routine is mostly scalars
        if kind is yaml.ScalarEvent:
            nodes += 1
        elif kind in _COLLECTION_STARTS:
            nodes += 1
            depth += 1
            assert isinstance(event, yaml.NodeEvent)
            open_anchors.append(event.anchor)
            if depth > MAX_DEPTH:
                raise RoutineError(
                    [_at(file, event, "yaml", f"nested deeper than {MAX_DEPTH} levels")]
                )
        elif kind in _COLLECTION_ENDS:
            depth -= 1
            open_anchors.pop()
        elif kind is yaml.AliasEvent:
            assert isinstance(event, yaml.NodeEvent)
            nodes += 1
            aliases += 1
            if aliases > MAX_ALIASES:
                raise RoutineError([_at(file, event, "yaml", f"more than {MAX_ALIASES} aliases")])
            if event.anchor in open_anchors:
                message = (
                    f"alias *{event.anchor} is inside the value it names; it cannot be expanded"
                )
                raise RoutineError([_at(file, event, "yaml", message)])
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise RoutineError(
                    [_at(file, event, "yaml", "one routine per file; found a second document")]
                )
        if nodes > MAX_NODES:
            raise RoutineError([_at(file, event, "yaml", f"more than {MAX_NODES:,} values")])
    return aliases


def check_expansion(file: str, root: yaml.Node) -> None:
    """Count the values the document expands to, aliases included, without expanding it.

    The first value found too big is the innermost one, so the problem points at it.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a recursive alias counts once instead of looping
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        if total > MAX_NODES:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            message = f"aliases make this value expand to more than {MAX_NODES:,} values"
            raise RoutineError([Problem(file, line, column, "yaml", message)])
        sizes[id(node)] = total
        return total

    size(root)


def _at(file: str, event: yaml.Event, field: str, message: str) -> Problem:
    mark = event.start_mark
    if mark is None:  # pragma: no cover - the parser marks every event
        return Problem(file, 1, 1, field, message)
    return Problem(file, mark.line + 1, mark.column + 1, field, message)
