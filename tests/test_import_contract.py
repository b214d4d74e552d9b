"""The import contract: each layer of ``app`` imports only the layers below it, and no module of
``app`` reaches itself through its imports.

The layers, bottom up: ``app.core`` (no Qt, nothing above it), ``app.audio`` (the core),
``app.desktop`` (the core and the audio, never the windows), ``app.qt`` (all three), and on top
the entry points (``app.cli``, ``app.command_line`` (what the commands share),
``app.render_command``, ``app.doctor``, ``app.gui_entry``, ``app.speech_check``, ``app.__main__``,
and ``app.logs``, which they call to set up logging). ``app/__init__.py`` (the
name and version) is below everything. Every import counts: at module level, inside functions
and under ``TYPE_CHECKING`` alike.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

LAYERS = ("app.core", "app.audio", "app.desktop", "app.qt")
ENTRY_POINTS = (
    "app.cli",
    "app.command_line",
    "app.render_command",
    "app.doctor",
    "app.gui_entry",
    "app.speech_check",
    "app.__main__",
    "app.logs",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((REPO / "app").rglob("*.py"))}


def _imports(path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The modules of ``app`` that the file at ``path`` imports, each resolved to a module file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
            names = [n for n in names[:-1] if n in known] or [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("app") and name != "app":
                yield name


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: set(_imports(path, known)) - {name} for name, path in known.items()}


def _layer(module: str) -> int:
    """0 for app itself, then 1 to 4 for the layers, 5 for the entry points."""
    for rank, layer in enumerate(LAYERS, start=1):
        if module == layer or module.startswith(layer + "."):
            return rank
    return 0 if module == "app" else len(LAYERS) + 1


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_is_in_a_known_place() -> None:
    """Each module of app is in one of the layers, or is an entry point or app itself."""
    strays = [m for m in _modules() if _layer(m) == len(LAYERS) + 1 and m not in ENTRY_POINTS]
    assert strays == []


def test_no_layer_imports_a_layer_above_it() -> None:
    """core imports nothing above it, audio no desktop or qt, desktop no qt, none an entry point."""
    graph = _graph()
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in targets
        if _layer(target) > _layer(module)
        and not (_layer(module) == _layer(target) == len(LAYERS) + 1)
    )
    assert upward == []


def test_no_import_cycle_among_the_modules_of_app() -> None:
    assert _cycles(_graph()) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
    ],
)
def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle(
    graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert _cycles(graph) == expected


def test_an_upward_import_would_be_seen(tmp_path: Path) -> None:
    """The resolver turns ``from app.qt.shell import application`` into the module it names."""
    source = tmp_path / "probe.py"
    source.write_text("from app.qt.shell import application\nimport app.core.routine.model\n")
    known = _modules()
    assert set(_imports(source, known)) == {"app.qt.shell.application", "app.core.routine.model"}
    assert _layer("app.qt.shell.application") > _layer("app.core.routine.model")


def test_the_desktop_adapters_never_import_a_window() -> None:
    """app.desktop may speak D-Bus and sockets through Qt, but draws nothing: no QtWidgets or
    QtGui, so the windows stay in app.qt."""
    drawing = sorted(
        f"{name} imports {alias}"
        for name, path in _modules().items()
        if name.startswith("app.desktop")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
        if alias.startswith(("PySide6.QtWidgets", "PySide6.QtGui"))
    )
    assert drawing == []
