"""Read YAML safely, within limits, and remember where every value stood in the source.

Only YAML's plain data types are built (the safe loader); anything that names a Python object is
refused. Before a node is built, one streaming pass over the parser's events checks nesting depth,
alias count and size, so that a "billion laughs" file or 10,000 nested lists costs milliseconds.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml, when PyYAML was built with it: the same results, many times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from yaml.constructor import SafeConstructor

from app.core.problems import Problem, RoutineError

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_NODES = 50_000

#: What PyYAML's constructors raise (besides YAMLError) for values such as 2024-13-45 or !!int x.
_CONSTRUCT_ERRORS = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError)
_TAG_WORDS = {"int": "a whole number", "float": "a number", "bool": "true or false"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


class SourceDocument:
    """A parsed YAML document: its plain data and the position of each value and key."""

    def __init__(self, file: str, data: Any, root: yaml.Node | None) -> None:
        self.file = file
        self.data = data
        self._root = root

    def locate(self, loc: Sequence[str | int]) -> tuple[list[str | int], Position, bool]:
        """Follow *loc* (a validation error's location) through the source.

        Returns the part of *loc* that names real keys and indexes (a model's internal names,
        such as the tag of a union, are dropped), the position of the deepest node reached, and
        whether all of *loc* was found. For a key, the position is the key's own.
        """
        node = self._root
        if node is None:
            return [], Position(1, 1), not loc
        path: list[str | int] = []
        position = _position(node)
        found_all = True
        for part in loc:
            child = _child(node, part)
            if child is None:
                found_all = False
                continue
            node, position = child
            path.append(part)
        return path, position, found_all

    @property
    def root_position(self) -> Position:
        """Where the document's value starts (1, 1 for an empty document)."""
        return Position(1, 1) if self._root is None else _position(self._root)

    def key_position(self, loc: Sequence[str | int]) -> Position | None:
        """Where the key that ends *loc* is written (for unknown keys)."""
        found = self.find_key(loc[:-1], str(loc[-1])) if loc else None
        return found[0] if found is not None else None

    def find_key(self, parent: Sequence[str | int], key: object) -> tuple[Position, str] | None:
        """The position and source text of the key of the mapping at *parent* whose value is
        *key* (a string, or the number, true/false or null that YAML made of a plain key)."""
        parent_path, _, _ = self.locate(parent)
        node = self._root
        for part in parent_path:
            child = _child(node, part)
            if child is None:  # pragma: no cover - locate() already walked this path
                return None
            node = child[0]
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and _same_key(key_node, key):
                    return _position(key_node), key_node.value
        return None


def _same_key(node: yaml.ScalarNode, key: object) -> bool:
    if isinstance(key, str):
        return bool(node.value == key)
    try:
        value = SafeConstructor().construct_object(node)
    except (yaml.YAMLError, *_CONSTRUCT_ERRORS):
        return False
    return type(value) is type(key) and bool(value == key)


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node, Position] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value, _position(value)
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        value = node.value[part]
        return value, _position(value)
    return None


def decode(file: str, raw: bytes) -> str:
    """The text of a routine file, which must be UTF-8 (a UTF-8 byte-order mark is allowed)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise RoutineError(
                [Problem(file, 1, 1, "encoding", f"file is {name}; save it as UTF-8")]
            )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    nul = raw.find(b"\0")
    if nul >= 0:
        line, column = _line_column(raw, nul)
        raise RoutineError(
            [Problem(file, line, column, "encoding", "file is binary, not a UTF-8 text file")]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise RoutineError(
            [
                Problem(
                    file,
                    line,
                    column,
                    "encoding",
                    f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8",
                )
            ]
        ) from None


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def parse(file: str, text: str) -> SourceDocument:
    """Parse one YAML document within the limits; raise ``RoutineError`` for anything else."""
    try:
        _check_limits(file, text)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            if root is not None:
                _check_expansion(file, root)
                _check_duplicate_keys(file, root)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise RoutineError([_yaml_problem(file, error)]) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly everything
        raise RoutineError([Problem(file, 1, 1, "yaml", str(error).splitlines()[0])]) from None
    return SourceDocument(file, data, root)


def _events(text: str) -> Iterator[yaml.Event]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if event is not None:
                yield event
    finally:
        loader.dispose()


def _check_limits(file: str, text: str) -> None:
    depth = aliases = nodes = documents = 0
    for event in _events(text):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise RoutineError(
                    [_at(file, event, "yaml", f"nested deeper than {MAX_DEPTH} levels")]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise RoutineError([_at(file, event, "yaml", f"more than {MAX_ALIASES} aliases")])
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise RoutineError(
                    [_at(file, event, "yaml", "one routine per file; found a second document")]
                )
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise RoutineError([_at(file, event, "yaml", f"more than {MAX_NODES} values")])


def _check_expansion(file: str, root: yaml.Node) -> None:
    """Count the values the document expands to, aliases included, without expanding it."""
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
        sizes[id(node)] = total
        return total

    if size(root) > MAX_NODES:
        raise RoutineError(
            [
                Problem(
                    file,
                    root.start_mark.line + 1,
                    root.start_mark.column + 1,
                    "yaml",
                    f"aliases expand to more than {MAX_NODES} values",
                )
            ]
        )


def _check_duplicate_keys(file: str, root: yaml.Node) -> None:
    problems: list[Problem] = []
    stack: list[yaml.Node] = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        problems.append(
                            Problem(
                                file,
                                key.start_mark.line + 1,
                                key.start_mark.column + 1,
                                "yaml",
                                f"key '{key.value}' is given twice in this mapping",
                            )
                        )
                    keys.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    if problems:
        problems.sort(key=lambda p: (p.line, p.column))
        raise RoutineError(problems)


def _at(file: str, event: yaml.Event, field: str, message: str) -> Problem:
    mark = event.start_mark
    if mark is None:  # pragma: no cover - the parser marks every event
        return Problem(file, 1, 1, field, message)
    return Problem(file, mark.line + 1, mark.column + 1, field, message)


def _yaml_problem(file: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "not valid YAML"
    if isinstance(error, yaml.constructor.ConstructorError) and "constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        problem = f"tag {tag} is not allowed; a routine holds plain data only"
    elif error.context:
        problem = f"{problem} ({error.context})"
    return Problem(file, line, column, "yaml", problem)
