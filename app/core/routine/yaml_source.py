"""Read YAML safely, within limits, and remember where every value stood in the source.

Only YAML's plain data types are built (the safe loader); anything that names a Python object is
refused. Before a node is built, ``yaml_limits`` checks nesting depth, alias count and size on the
parser's events, so that a "billion laughs" file or 10,000 nested lists costs milliseconds.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from app.core.routine import yaml_limits
from app.core.routine.problems import Problem, RoutineError
from app.core.routine.yaml_limits import MAX_ALIASES as MAX_ALIASES
from app.core.routine.yaml_limits import MAX_DEPTH as MAX_DEPTH
from app.core.routine.yaml_limits import MAX_NODES as MAX_NODES
from app.core.routine.yaml_limits import check_expansion, check_limits
from app.core.routine.yaml_wording import yaml_problem

MAX_FILE_BYTES = 256 * 1024
#: Problems listed for one file; past it, one more line says how many were left out.
MAX_PROBLEMS = 100

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
        # Each mapping's keys, indexed when first looked into: a file with thousands of
        # problems in one mapping is located in linear time, not quadratic.
        self._texts: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        self._values: dict[int, dict[tuple[type, object], yaml.ScalarNode]] = {}

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
        found_all = True
        for part in loc:
            child = self._child_node(node, part)
            if child is None:
                found_all = False
                continue
            node = child
            path.append(part)
        return path, _position(node), found_all

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
            child = self._child_node(node, part)
            if child is None:  # pragma: no cover - locate() already walked this path
                return None
            node = child
        if not isinstance(node, yaml.MappingNode):
            return None
        if isinstance(key, str):
            entry = self._keys_by_text(node).get(key)
            found = entry[0] if entry is not None else None
        else:
            try:
                found = self._keys_by_value(node).get((type(key), key))
            except TypeError:  # an unhashable key cannot have come from a scalar
                found = None
        return (_position(found), str(found.value)) if found is not None else None

    def _child_node(self, node: yaml.Node | None, part: str | int) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            index = self._texts.get(id(node)) or self._keys_by_text(node)
            entry = index.get(str(part))
            return entry[1] if entry is not None else None
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            return node.value[part] if 0 <= part < len(node.value) else None
        return None

    def _keys_by_text(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The mapping's plain keys by their source text (the first of equal keys wins)."""
        index = self._texts.get(id(node))
        if index is None:
            index = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    index.setdefault(key.value, (key, value))
            self._texts[id(node)] = index
        return index

    def _keys_by_value(self, node: yaml.MappingNode) -> dict[tuple[type, object], yaml.ScalarNode]:
        """The mapping's plain keys by the value YAML makes of them (a number, true, null...)."""
        index = self._values.get(id(node))
        if index is None:
            index = {}
            for key, _value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                try:
                    value = SafeConstructor().construct_object(key)
                    index.setdefault((type(value), value), key)
                except (yaml.YAMLError, *_CONSTRUCT_ERRORS):
                    continue
            self._values[id(node)] = index
        return index


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def cap_problems(problems: list[Problem]) -> list[Problem]:
    """*problems* (in source order) cut to the first MAX_PROBLEMS, and a line that says how many
    more there are, at the first one left out."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    first, count = problems[MAX_PROBLEMS], len(problems) - MAX_PROBLEMS
    message = (
        f"{count:,} more problem{'s' if count != 1 else ''} not listed; fix the ones above first"
    )
    return [
        *problems[:MAX_PROBLEMS],
        Problem(first.file, first.line, first.column, "routine", message),
    ]


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
    head = raw[:64]
    if nul >= 0 and len(head) >= 4 and not (head[0::2].strip(b"\0") and head[1::2].strip(b"\0")):
        # Text with every other byte zero: UTF-16 saved without a byte-order mark.
        raise RoutineError([Problem(file, 1, 1, "encoding", "file is UTF-16; save it as UTF-8")])
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
        aliases = check_limits(file, text)
        loader = yaml_limits.Loader(text)  # looked up here: tests switch the parser there
        try:
            root = loader.get_single_node()
            data = None
            if root is not None:
                if aliases:  # without any, check_limits counted every value already
                    check_expansion(file, root)
                if _has_duplicate_keys(root):
                    _check_duplicate_keys(file, root)
                data = _construct(file, loader, root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise RoutineError([yaml_problem(file, text, error)]) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly everything
        raise RoutineError([Problem(file, 1, 1, "yaml", str(error).splitlines()[0])]) from None
    return SourceDocument(file, data, root)


def _walk(root: yaml.Node) -> Iterator[tuple[yaml.Node, list[str | int]]]:
    """Every node once (keys included; an alias's target where it is first met), with its path."""
    stack: list[tuple[yaml.Node, list[str | int]]] = [(root, [])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node, path
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.extend([(value, [*path, name]), (key, [*path, name])])
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, [*path, i]) for i, child in reversed(list(enumerate(node.value))))


def _field(path: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in path) or "yaml"


def _has_duplicate_keys(root: yaml.Node) -> bool:
    """Whether any mapping gives a key twice: one quick pass, without the paths that
    ``_check_duplicate_keys`` needs to say where."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
            if len(set(keys)) != len(keys):
                return True
            stack.extend(value for _, value in node.value)
            stack.extend(key for key, _ in node.value if not isinstance(key, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def _check_duplicate_keys(file: str, root: yaml.Node) -> None:
    problems: list[Problem] = []
    for node, path in _walk(root):
        if not isinstance(node, yaml.MappingNode):
            continue
        first: dict[str, yaml.Node] = {}
        for key, _value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            earlier = first.setdefault(key.value, key)
            if earlier is not key:
                position = _position(key)
                message = (
                    f"'{key.value}' is given twice in this mapping "
                    f"(first on line {earlier.start_mark.line + 1}); keep one"
                )
                field = _field([*path, key.value])
                problems.append(Problem(file, position.line, position.column, field, message))
    if problems:
        problems.sort(key=lambda p: (p.line, p.column))
        raise RoutineError(cap_problems(problems))


def _construct(file: str, loader: yaml_limits.Loader, root: yaml.Node) -> Any:
    """Build the plain data; a value PyYAML fails on (like the date 2024-13-45) is a problem."""
    try:
        return loader.construct_document(root)
    except _CONSTRUCT_ERRORS:
        pass
    problems: list[Problem] = []
    for node, path in _walk(root):
        if not isinstance(node, yaml.ScalarNode):
            continue
        try:
            SafeConstructor().construct_object(node)
        except _CONSTRUCT_ERRORS:
            tag = str(node.tag).rsplit(":", 1)[-1]
            what = _TAG_WORDS.get(tag, f"a {tag}" if tag != "timestamp" else "a date")
            message = f"'{node.value}' cannot be read as {what}; put it in quotes if it is text"
            position = _position(node)
            problems.append(Problem(file, position.line, position.column, _field(path), message))
    if not problems:  # pragma: no cover - the failing value is always a scalar
        problems.append(Problem(file, 1, 1, "yaml", "a value cannot be read"))
    problems.sort(key=lambda p: (p.line, p.column))
    raise RoutineError(cap_problems(problems))
