"""Load YAML files while remembering where each value stood, and report problems precisely.

Scenario and rubric files are written by people; when one is wrong, the message must name the
file, the line and the field, and say what to do. `load_yaml` returns the plain data plus a
`Locator` that maps a field path to its line; `Problem` and `FileError` carry the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

try:  # The C loader is much faster on large catalogues; fall back to pure Python.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

PathKey = tuple[str | int, ...]


def field_name(path: PathKey) -> str:
    """Render a field path as `steps[1].branches[0].next`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file: where, what, and how to fix it."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as plain data for JSON output."""
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


class FileError(Exception):
    """A data file could not be loaded; `problems` lists everything found wrong with it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Locator:
    """Map field paths to the line (1-based) where they stand in the source file."""

    def __init__(self, lines: dict[PathKey, int]):
        self._lines = lines

    def line(self, path: PathKey) -> int | None:
        """Return the line of `path`, or of its nearest located parent."""
        while True:
            if path in self._lines:
                return self._lines[path]
            if not path:
                return None
            path = path[:-1]


def _walk(
    node: yaml.Node, path: PathKey, active: frozenset[int] = frozenset()
) -> Iterator[tuple[PathKey, int]]:
    yield path, node.start_mark.line + 1
    if id(node) in active:  # a recursive alias (&a [*a]): do not follow it round again
        return
    active = active | {id(node)}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            yield (*path, key), key_node.start_mark.line + 1
            for sub_path, line in _walk(value_node, (*path, key), active):
                if sub_path != (*path, key):
                    yield sub_path, line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*path, index), active)


def parse_yaml(text: str, file: str) -> tuple[Any, Locator]:
    """Parse YAML text; raise FileError naming the line of a syntax error."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Locator({})
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        # Point at where the broken construct starts (an unclosed bracket, a quote), and
        # say where the parser noticed, which is often lines later.
        start, noticed = exc.context_mark, exc.problem_mark
        mark = start or noticed
        line = mark.line + 1 if mark else None
        message = f"not valid YAML: {exc.problem or exc.context}"
        if start and noticed and noticed.line != start.line:
            message += f" (noticed at line {noticed.line + 1})"
        hint = "check indentation, and quote text that contains ': ' or starts with a symbol"
        raise FileError([Problem(file, line, "(syntax)", message, hint)]) from None
    except yaml.YAMLError as exc:
        raise FileError([Problem(file, None, "(syntax)", f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    try:
        lines = dict(_walk(node, ()))
    except RecursionError:
        raise FileError([Problem(file, None, "(file)", "is nested too deeply to read")]) from None
    return data, Locator(lines)


def unexpected(file: str, exc: Exception) -> FileError:
    """Turn an unforeseen failure while building a file into a reported problem."""
    message = f"could not be loaded ({type(exc).__name__}: {exc})"
    return FileError([Problem(file, None, "(file)", message, "compare it with the reference file")])


def load_yaml(path: Path) -> tuple[Any, Locator]:
    """Read and parse a YAML file; raise FileError if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileError([Problem(str(path), None, "(file)", f"cannot be read: {exc}")]) from None
    return parse_yaml(text, str(path))


Loaded = TypeVar("Loaded")


def load_each(
    paths: Iterable[Path], load: Callable[[Path], Loaded], problems: list[Problem]
) -> Iterator[tuple[Path, Loaded]]:
    """Load each file with `load`, yielding what loaded and adding every failure to
    `problems`: one broken file never stops the others loading."""
    for path in paths:
        try:
            loaded = load(path)
        except FileError as exc:
            problems += exc.problems
            continue
        except Exception as exc:  # one odd file must never stop the others loading
            problems += unexpected(str(path), exc).problems
            continue
        yield path, loaded
