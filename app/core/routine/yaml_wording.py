"""A YAML syntax error in words for someone who edits a routine, not for a parser author.

libyaml and PyYAML's own parser word some errors differently; ``yaml_problem`` gives both the
same text, at the line and column where the user can fix it.
"""

from __future__ import annotations

import yaml

from app.core.routine.problems import Problem


def _line_at(text: str, mark: yaml.Mark | None) -> tuple[str, str]:
    """The source line of *mark*, cut in two at its column ('', '' when there is none)."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return "", ""
    line = lines[mark.line]
    return line[: mark.column], line[mark.column :]


def yaml_problem(file: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """The problem *error* reports, in words, at the place to fix it."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "not valid YAML"
    context = error.context or ""
    start = error.context_mark
    opened = f"line {start.line + 1}, column {start.column + 1}" if start is not None else ""
    before, here = _line_at(text, error.problem_mark)
    if isinstance(error, yaml.constructor.ConstructorError) and "constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        problem = f"tag {tag} is not allowed; a routine holds plain data only"
    elif here.startswith("\t") and not before.strip():
        problem = "a tab cannot indent YAML; indent with spaces"
    elif here.startswith("\t"):
        problem = "a tab is not allowed here; use spaces"
    elif "cannot start any token" in problem and here:
        problem = f"'{here[0]}' cannot start a value; put the text in quotes"
    elif problem.startswith("mapping values are not allowed"):
        problem = (
            "':' is not allowed here; put text that holds ': ' in quotes, or fix the indentation"
        )
    elif "quoted scalar" in context and "end of stream" in problem and start is not None:
        line, column = start.line + 1, start.column + 1
        problem = "this quoted text is never closed"
    elif "flow sequence" in context or "flow mapping" in context:
        what, closing = ("list", "]") if "sequence" in context else ("mapping", "}")
        problem = f"expected ',' or '{closing}': the {what} opened at {opened} is not closed"
    elif ("block mapping" in context or "block collection" in context) and before.strip():
        problem = "more text after a complete value; put the whole value in quotes"
    elif "block mapping" in context or "block collection" in context:
        what = "keys" if "mapping" in context else "list items"
        problem = f"this is indented differently from the {what} above it; line it up with them"
    elif problem.startswith("found unhashable key"):
        problem = "a key must be plain text, not a list or a mapping"
    elif problem.startswith("found undefined alias"):
        name = here.split()[0].rstrip(",]}") if here.strip() else "*"
        problem = f"alias {name} is not defined above; an anchor (&name) must come first"
    elif context:
        problem = f"{problem} ({context}" + (f" at {opened})" if opened else ")")
    return Problem(file, line, column, "yaml", problem)
