"""Where the bundled scenario and rubric folders are, installed or in a source checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """Return the bundled data folder `name` ("scenarios" or "rubrics")."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def scenarios_dir() -> Path:
    """Return the folder of bundled scenario files."""
    return bundled_dir("scenarios")


def rubrics_dir() -> Path:
    """Return the folder of bundled rubric files."""
    return bundled_dir("rubrics")
