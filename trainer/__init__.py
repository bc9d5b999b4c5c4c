"""Reconnect: a sales-training simulator and certification platform for dealership teams.

The pure domain core lives in `trainer.scenarios`, `trainer.scoring` and `trainer.simulation`;
the command line in `trainer.cli`; the web app is built by `create_app`. Nothing runs at
import time, and importing the scorer never imports Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web app: code defaults, the instance folder, TRAINER_* variables, `test_config`."""
    from trainer.web.app import build_app

    return build_app(test_config)
