"""Scenario files: simulated prospects and a lead's timeline, loaded and validated.

Pure domain code (stdlib and PyYAML). See scenarios/_reference.yaml for the file format.
"""

from trainer.scenarios.context import step_context
from trainer.scenarios.loader import Catalog, load_catalog, load_scenario, scenario_files
from trainer.scenarios.model import Branch, Condition, Offset, Persona, Scenario, Step, Vehicle

__all__ = [
    "Branch",
    "Catalog",
    "Condition",
    "Offset",
    "Persona",
    "Scenario",
    "Step",
    "Vehicle",
    "load_catalog",
    "load_scenario",
    "scenario_files",
    "step_context",
]
