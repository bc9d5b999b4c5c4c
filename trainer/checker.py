"""Typed field access for hand-written YAML that collects every problem instead of stopping.

Loaders call `Checker` methods to read a field with its expected type; a wrong or missing
value is recorded as a `Problem` (file, line, field, hint) and a neutral value is returned,
so one pass reports everything wrong with a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from trainer.yamldoc import Locator, PathKey, Problem, field_name

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_MISSING = object()


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"


class Checker:
    """Read fields from parsed YAML, recording problems against file, line and field."""

    def __init__(self, file: str, locator: Locator):
        self.file = file
        self.locator = locator
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str, hint: str = "") -> None:
        """Record one problem at `path`."""
        line = self.locator.line(path)
        self.problems.append(Problem(self.file, line, field_name(path), message, hint))

    def mapping(
        self,
        value: Any,
        path: PathKey,
        required: Iterable[str],
        optional: Iterable[str] = (),
        *,
        open_keys: bool = False,
    ) -> dict[str, Any] | None:
        """Check `value` is a mapping with the required keys and (unless `open_keys`) no others."""
        if not isinstance(value, dict):
            self.problem(path, f"must be a mapping of keys, found {_type_name(value)}")
            return None
        required = list(required)
        known = set(required) | set(optional)
        for key in required:
            if key not in value:
                self.problem(path, f"missing required key '{key}'", "see the reference file")
        for key in value:
            if not open_keys and key not in known:
                expected = ", ".join(sorted(known))
                self.problem(
                    (*path, str(key)), f"unknown key '{key}'", f"expected one of: {expected}"
                )
        return value

    def _fetch(self, data: dict[str, Any], key: str, required: bool, path: PathKey = ()) -> Any:
        value = data.get(key, _MISSING)
        if value is None and required:
            self.problem(
                (*path, key), "has no value", "fill it in, or remove the key if it is optional"
            )
            return _MISSING
        return value

    def text(self, data: dict, key: str, path: PathKey, required: bool = True) -> str:
        """Read a non-empty string."""
        value = self._fetch(data, key, required, path)
        if value is _MISSING or value is None:
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), f"must be non-empty text, found {_type_name(value)}")
            return ""
        return value.strip()

    def identifier(self, data: dict, key: str, path: PathKey) -> str:
        """Read an id: lowercase letters, digits and hyphens."""
        value = self.text(data, key, path)
        if value and not ID_PATTERN.match(value):
            self.problem(
                (*path, key),
                f"'{value}' is not a valid id",
                "use lowercase letters, digits and hyphens, e.g. new-lead-availability",
            )
        return value

    def integer(
        self,
        data: dict,
        key: str,
        path: PathKey,
        *,
        required: bool = True,
        minimum: int | None = None,
        maximum: int | None = None,
        default: int = 0,
    ) -> int:
        """Read a whole number within optional bounds."""
        value = self._fetch(data, key, required, path)
        if value is _MISSING or value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem((*path, key), f"must be a whole number, found {_type_name(value)}")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            low = "" if minimum is None else f"at least {minimum}"
            high = "" if maximum is None else f"at most {maximum}"
            bounds = " and ".join(part for part in (low, high) if part)
            self.problem((*path, key), f"{value} is out of range", f"use a number {bounds}")
            return default
        return value

    def number(
        self, data: dict, key: str, path: PathKey, *, minimum: float, maximum: float
    ) -> float:
        """Read a number (int or float) within bounds."""
        value = self._fetch(data, key, True, path)
        if value is _MISSING or value is None:
            return minimum
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem((*path, key), f"must be a number, found {_type_name(value)}")
            return minimum
        if not minimum <= value <= maximum:
            self.problem(
                (*path, key),
                f"{value} is out of range",
                f"use a number from {minimum} to {maximum}",
            )
            return minimum
        return float(value)

    def choice(
        self, data: dict, key: str, path: PathKey, choices: Iterable[str], required: bool = True
    ) -> str:
        """Read one of a fixed set of words."""
        options = list(choices)
        value = self.text(data, key, path, required)
        if value and value not in options:
            self.problem(
                (*path, key), f"'{value}' is not allowed", f"use one of: {', '.join(options)}"
            )
            return ""
        return value

    def text_list(
        self,
        data: dict,
        key: str,
        path: PathKey,
        *,
        choices: Iterable[str] | None = None,
        required: bool = False,
    ) -> tuple[str, ...]:
        """Read a list of strings, optionally each from a fixed set."""
        value = self._fetch(data, key, required, path)
        if value is _MISSING or value is None:
            return ()
        if not isinstance(value, list):
            self.problem((*path, key), f"must be a list, found {_type_name(value)}", "e.g. [a, b]")
            return ()
        options = list(choices) if choices is not None else None
        out: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem((*path, key, index), f"must be text, found {_type_name(item)}")
            elif options is not None and item not in options:
                self.problem(
                    (*path, key, index),
                    f"'{item}' is not allowed",
                    f"use one of: {', '.join(options)}",
                )
            else:
                out.append(item.strip())
        return tuple(out)
