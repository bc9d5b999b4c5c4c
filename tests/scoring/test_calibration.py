"""The scorer agrees with expert-labelled messages (quadratic weighted kappa >= 0.80).

The dev files were used while tuning the rubrics; the holdout files never were: their figures show
how the scorer does on messages it was not tuned for. Both are written for this project and
labelled from docs/scoring-guide.md before anyone looked at the scorer's output.
"""

import json

import pytest

from tests.conftest import DATA
from trainer.scoring.agreement import quadratic_weighted_kappa
from trainer.services.calibration import calibrate, load_labelled

CALIBRATION = DATA / "calibration"
DEV = sorted(CALIBRATION.glob("dev_*.jsonl"))
HOLDOUTS = {
    "holdout": [CALIBRATION / "holdout.jsonl"],
    "holdout_b": [CALIBRATION / "holdout_b.jsonl"],
}
HOLDOUT = [path for files in HOLDOUTS.values() for path in files]
THRESHOLD = 0.80
HOLDOUT_FLOOR = 0.55  # a regression guard, below the 0.80 goal


def test_the_labelled_sets_are_large_and_cover_every_level():
    rows = load_labelled(DEV + HOLDOUT)
    assert len(rows) >= 200
    assert len(load_labelled(HOLDOUT)) >= 50
    labelled = [r for r in rows if r["labels"]]
    for criterion in ("reconnection", "urgency", "trust", "follow_up"):
        levels = {r["labels"][criterion] for r in labelled}
        assert levels == {0, 1, 2, 3, 4}, criterion
    assert {r["channel"] for r in rows} == {"email", "text", "voicemail"}


def report(library, files):
    result = calibrate(library, load_labelled(files))
    return result, {c: round(a.qwk, 3) for c, a in result.by_criterion.items()}


@pytest.mark.calibration
def test_agreement_with_expert_labels_on_the_tuning_sets(library):
    """The scorer must agree with the labels it was tuned on: QWK >= 0.80 per criterion."""
    result, figures = report(library, DEV)
    print(f"dev: QWK {figures}")
    assert result.language_misses == [], "non-English messages must be reported, not graded"
    for criterion, a in result.by_criterion.items():
        assert a.qwk >= THRESHOLD, f"dev {criterion}: QWK {a.qwk:.3f} < {THRESHOLD} ({figures})"


@pytest.mark.calibration
@pytest.mark.parametrize("name", sorted(HOLDOUTS))
def test_agreement_on_held_out_sets_is_reported_and_guarded(library, name):
    """Held-out figures are reported (README); the floor catches a collapse, not the goal.

    The goal is QWK >= 0.80 here too; see the README for where the scorer stands.
    """
    result, figures = report(library, HOLDOUTS[name])
    print(f"{name}: QWK {figures}")
    assert result.language_misses == []
    for criterion, a in result.by_criterion.items():
        assert a.qwk >= HOLDOUT_FLOOR, f"holdout {criterion}: QWK {a.qwk:.3f} ({figures})"


def test_a_second_labeller_agrees_with_the_held_out_labels():
    """The held-out labels are reliable: an independent second labeller, blind to the first
    labels and to the scorer, agrees at QWK >= 0.80 on every criterion (figures in README)."""
    second = {}
    for line in (CALIBRATION / "second_labeller.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        second[row["id"]] = row["labels"]
    first = [r for r in load_labelled(HOLDOUT) if r["labels"]]
    assert {r["id"] for r in first} == set(second)
    for criterion in ("reconnection", "urgency", "trust", "follow_up"):
        a = [r["labels"][criterion] for r in first]
        b = [second[r["id"]][criterion] for r in first]
        kappa = quadratic_weighted_kappa(a, b)
        print(f"labeller agreement {criterion}: QWK {kappa:.3f}")
        assert kappa >= THRESHOLD, criterion


def test_kappa_is_one_for_perfect_agreement_and_low_for_reversed():
    levels = [0, 1, 2, 3, 4, 2, 1]
    assert quadratic_weighted_kappa(levels, levels) == pytest.approx(1.0)
    assert quadratic_weighted_kappa(levels, [4 - x for x in levels]) < 0


def test_a_labelled_file_with_a_bad_label_names_the_line(tmp_path):
    from trainer.services.calibration import LabelError

    path = tmp_path / "labels.jsonl"
    row = {"id": "x", "channel": "email", "message": "hi"}
    good = row | {"labels": {"reconnection": 1, "urgency": 1, "trust": 1, "follow_up": 1}}
    bad = row | {"labels": {"reconnection": -1, "urgency": 1, "trust": 1, "follow_up": 1}}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(LabelError, match=r"labels.jsonl:2: labels.reconnection"):
        load_labelled([path])
