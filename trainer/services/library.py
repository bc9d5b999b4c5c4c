"""The rubric and scenario library: bundled folders plus an organisation's own.

Extra folders come from TRAINER_RUBRIC_PATH and TRAINER_SCENARIO_PATH (separated like PATH)
or from the caller. Loading never stops at a broken file; its problems are kept for display.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from trainer.paths import rubrics_dir, scenarios_dir
from trainer.scenarios import Catalog, Scenario, load_catalog, load_scenario
from trainer.scoring import Rubric, load_rubric_files
from trainer.yamldoc import FileError, Problem

CHANNEL_RUBRICS = {
    "email": "email",
    "text": "text",
    "voicemail": "voicemail",
    "follow_up_plan": "follow-up-plan",
}


class LibraryError(LookupError):
    """A rubric or scenario that was asked for does not exist or cannot be loaded."""


def _env_paths(name: str) -> list[Path]:
    value = os.environ.get(name, "")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


def rubric_folders(extra: list[Path] | None = None) -> list[Path]:
    """Return the bundled rubric folder plus configured and given extra folders."""
    return [rubrics_dir(), *_env_paths("TRAINER_RUBRIC_PATH"), *(extra or [])]


def scenario_folders(extra: list[Path] | None = None) -> list[Path]:
    """Return the bundled scenario folder plus configured and given extra folders."""
    return [scenarios_dir(), *_env_paths("TRAINER_SCENARIO_PATH"), *(extra or [])]


@dataclass
class Library:
    """Loaded rubrics and (lazily) scenarios, with the problems found while loading."""

    rubric_dirs: list[Path]
    scenario_dirs: list[Path]
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    rubric_problems: list[Problem] = field(default_factory=list)
    _catalog: Catalog | None = None
    _by_path: dict[str, Scenario] = field(default_factory=dict)

    @classmethod
    def load(
        cls, rubric_dirs: list[Path] | None = None, scenario_dirs: list[Path] | None = None
    ) -> Library:
        """Load the rubrics from the configured folders."""
        return cls.from_folders(rubric_folders(rubric_dirs), scenario_folders(scenario_dirs))

    @classmethod
    def from_folders(cls, rubric_dirs: list[Path], scenario_dirs: list[Path]) -> Library:
        """Load the rubrics from exactly these folders (no configured extras added)."""
        library = cls(list(rubric_dirs), list(scenario_dirs))
        library.rubrics, library.rubric_problems = load_rubric_files(library.rubric_dirs)
        return library

    @property
    def catalog(self) -> Catalog:
        """Return the scenario catalogue, loading it on first use."""
        if self._catalog is None:
            self._catalog = load_catalog(self.scenario_dirs, set(self.rubrics))
        return self._catalog

    def rubric(self, rubric_id: str) -> Rubric:
        """Return a rubric by id; raise LibraryError if it is unknown or broken."""
        if rubric_id in self.rubrics:
            return self.rubrics[rubric_id]
        broken = [str(p) for p in self.rubric_problems if Path(p.file).stem == rubric_id]
        if broken:
            raise LibraryError(f"rubric '{rubric_id}' has errors:\n" + "\n".join(broken))
        raise LibraryError(f"no rubric '{rubric_id}'; known: {', '.join(sorted(self.rubrics))}")

    def rubric_for_channel(self, channel: str) -> Rubric:
        """Return the default rubric for a channel."""
        if channel not in CHANNEL_RUBRICS:
            raise LibraryError(
                f"unknown channel '{channel}'; use one of {', '.join(CHANNEL_RUBRICS)}"
            )
        return self.rubric(CHANNEL_RUBRICS[channel])

    def scenario(self, ref: str) -> Scenario:
        """Return a scenario by id, or load it from a file path (loaded once per library)."""
        if ref in self._by_path:
            return self._by_path[ref]
        path = Path(ref)
        if ref.endswith((".yaml", ".yml")) or path.is_file():
            try:
                self._by_path[ref] = load_scenario(path, set(self.rubrics))
            except FileError as exc:
                raise LibraryError(str(exc)) from None
            return self._by_path[ref]
        if ref in self.catalog.scenarios:
            return self.catalog.scenarios[ref]
        broken = [str(p) for p in self.catalog.problems if Path(p.file).stem == ref]
        if broken:
            raise LibraryError(
                f"scenario '{ref}' has errors ({broken[0]}); run `trainer scenarios validate`"
            )
        raise LibraryError(f"no scenario '{ref}'; `trainer scenarios list` shows the catalogue")
