"""Build hook: ship the top-level scenarios/ and rubrics/ folders inside the wheel.

They are data versioned at the top of the repository; a non-editable install finds them as
trainer/_data/<folder>/ (see trainer/paths.py).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("scenarios", "rubrics", "static")


class BuildWithData(build_py):
    """Copy the bundled data folders into the built package."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).parent
        for name in DATA_FOLDERS:
            target = Path(self.build_lib) / "trainer" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / name, target, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithData})
