"""Pass rules: every rule is checked and explained; one unmet rule fails the exam."""

from __future__ import annotations

from trainer.certification import ExamEvidence, PassRules, judge

RULES = PassRules(
    min_mean={"reconnection": 3, "trust": 3},
    min_touch_level=2,
    max_speed_to_lead=15,
    min_discipline=60,
    min_overall=70,
)


def _evidence(**changes) -> ExamEvidence:
    base = {
        "touches": [
            {"reconnection": 4, "urgency": 3, "trust": 3, "follow_up": 3},
            {"reconnection": 3, "urgency": 2, "trust": 4, "follow_up": None},
        ],
        "overalls": [80, 76],
        "speed_to_lead": 9,
        "fresh_lead": True,
        "discipline": 75,
    }
    base.update(changes)
    return ExamEvidence(**base)


def test_a_strong_attempt_passes_every_rule_with_what_it_reached():
    verdict = judge(RULES, _evidence())
    assert verdict.passed
    reached = {c.rule: c.reached for c in verdict.checks}
    assert reached == {
        "Reconnection, mean level": "3.5",
        "Trust, mean level": "3.5",
        "Every answer, every criterion": "lowest 2 (Urgency)",
        "Speed to lead": "9 minutes",
        "Follow-up discipline": "75/100",
        "Overall score": "78/100",
    }


def test_each_rule_fails_on_its_own():
    low_touch = [{"reconnection": 4, "urgency": 1, "trust": 4, "follow_up": 4}]
    cases = {
        "Trust, mean level": _evidence(
            touches=[{"reconnection": 4, "trust": 2}, {"reconnection": 4, "trust": 3}]
        ),
        "Every answer, every criterion": _evidence(touches=low_touch),
        "Speed to lead": _evidence(speed_to_lead=16),
        "Follow-up discipline": _evidence(discipline=59),
        "Overall score": _evidence(overalls=[69.9]),
    }
    for rule, evidence in cases.items():
        verdict = judge(RULES, evidence)
        assert not verdict.passed, rule
        assert [c.rule for c in verdict.checks if not c.passed] == [rule]


def test_speed_to_lead_only_counts_for_a_new_lead():
    verdict = judge(RULES, _evidence(speed_to_lead=600, fresh_lead=False))
    assert verdict.passed
    assert "Speed to lead" not in {c.rule for c in verdict.checks}


def test_nothing_sent_never_passes():
    verdict = judge(
        PassRules({}, None, None, None, None),
        _evidence(touches=[], overalls=[], speed_to_lead=None),
    )
    assert not verdict.passed
    assert verdict.checks[0].reached == "none sent"


def test_the_verdict_is_plain_data():
    data = judge(RULES, _evidence()).as_dict()
    assert data["passed"] is True
    assert data["checks"][0] == {
        "rule": "Reconnection, mean level",
        "required": "at least 3",
        "reached": "3.5",
        "passed": True,
    }
