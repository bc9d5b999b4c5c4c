"""A wheel built from the repository carries the bundled scenarios and rubrics and finds them
after a plain (non-editable) install."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("*.whl"))


def test_the_wheel_carries_every_scenario_and_rubric(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("scenarios", "rubrics", "rubrics/tracks"):
        for path in (ROOT / folder).glob("*.yaml"):
            assert f"trainer/_data/{folder}/{path.name}" in names, path.name


def test_an_installed_wheel_finds_its_bundled_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from trainer.services.library import Library;"
        "lib = Library.load();"
        "print(lib.rubric_dirs[0]); print(len(lib.rubrics), len(lib.catalog.scenarios), len(lib.catalog.problems));"
        "from trainer.certification import load_tracks; from trainer.paths import rubrics_dir;"
        "tracks = load_tracks([rubrics_dir() / 'tracks'], set(lib.catalog.scenarios));"
        "print(len(tracks.tracks), len(tracks.problems))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    folder, counts, track_counts = result.stdout.splitlines()
    assert folder.startswith(str(target))
    rubrics, scenarios, problems = map(int, counts.split())
    assert rubrics == len(
        [p for p in (ROOT / "rubrics").glob("*.yaml") if not p.name.startswith("_")]
    )
    assert scenarios == len(
        [p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.startswith("_")]
    )
    assert problems == 0
    assert track_counts == f"{len(list((ROOT / 'rubrics' / 'tracks').glob('[!_]*.yaml')))} 0"


def test_the_wheel_carries_the_web_app(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "trainer/_data/static/css/app.css" in names
    assert "trainer/_data/static/js/app.js" in names
    assert "trainer/_data/rubrics/_cadence.yaml" in names
    assert "trainer/templates/base.html" in names
    assert "trainer/templates/trainee/play.html" in names
    assert "trainer/migrations/env.py" in names
    assert "trainer/migrations/alembic.ini" in names
    assert "trainer/migrations/versions/0001_initial_schema.py" in names
    assert "trainer/migrations/versions/0003_certification.py" in names
    assert "trainer/templates/verify/page.html" in names
