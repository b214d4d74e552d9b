"""The one error type for routine files: every problem names file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, shown as ``FILE:LINE:COLUMN: field.path: message``.

    ``line`` and ``column`` count from 1 and point at the offending value (or key). ``field`` is the
    dotted path inside the routine (``steps.2.breathe.pattern.inhale``), or the name of what is at
    fault when the file cannot be read as a routine at all (``file``, ``encoding``, ``yaml``).
    """

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        """One line, always: line breaks and other invisible characters that a file name, key
        or value may hold are written as escapes (\\n, \\t, \\u2028)."""
        file, field, message = (printable(text) for text in (self.file, self.field, self.message))
        return f"{file}:{self.line}:{self.column}: {field}: {message}"


def printable(text: str) -> str:
    """*text* with line breaks, escapes and other invisible characters written as Python escapes
    (``\\x1b``, ``\\n``): what a file holds reaches a terminal or a log as plain text."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


class RoutineError(Exception):
    """A routine file that cannot be used, with every problem found in it (at least one)."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("a RoutineError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first_line(self) -> str:
        return str(self.problems[0])
