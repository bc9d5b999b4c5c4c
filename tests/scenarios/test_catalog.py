"""The bundled scenario library: every file loads, and it covers what trainers need."""

from collections import Counter
from pathlib import Path

from trainer.paths import scenarios_dir
from trainer.scenarios import load_catalog, load_scenario
from trainer.scenarios.context import step_context

REFERENCE = scenarios_dir() / "_reference.yaml"


def test_every_bundled_scenario_file_is_valid(library):
    catalog = library.catalog
    assert catalog.problems == [], "\n".join(str(p) for p in catalog.problems)
    assert catalog.files == len(catalog.scenarios)


def test_the_reference_file_is_itself_a_valid_scenario(library):
    scenario = load_scenario(REFERENCE, set(library.rubrics))
    assert scenario.steps[0].branches[-1].when == ()


def test_the_library_covers_every_stage_channel_and_objection(library):
    scenarios = list(library.catalog.scenarios.values())
    assert len(scenarios) >= 36
    stages = Counter(s.stage for s in scenarios)
    assert set(stages) == {"new_lead", "aged_lead", "unsold_customer"}
    channels = {step.channel for s in scenarios for step in s.steps}
    assert channels == {"email", "text", "voicemail", "follow_up_plan"}
    objections = {o.type for s in scenarios for o in s.objections}
    for needed in (
        "trade_value",
        "price",
        "payment",
        "spouse",
        "think_it_over",
        "competitor_quote",
        "credit",
        "incentive",
        "wrong_unit",
        "lease_not_up",
    ):
        assert needed in objections, needed
    long_runs = [s for s in scenarios if len(s.steps) >= 5 and s.steps[-1].at.minutes >= 60 * 1440]
    assert len(long_runs) >= 3, "several multi-step scenarios spanning the first 90 days"
    aged_days = {s.lead.age_days for s in scenarios if s.stage == "aged_lead"}
    for day in (2, 3, 7, 14, 30, 60, 90, 180):
        assert day in aged_days, f"an aged lead on day {day}"


def test_model_answers_score_well_under_their_own_rubric(library):
    """A model answer is shown to trainees as the standard: it must grade as strong."""
    from trainer.scoring import grade

    weak = []
    for scenario in library.catalog.scenarios.values():
        for step in scenario.steps:
            if not step.model_answer or step.channel == "follow_up_plan":
                continue
            card = grade(
                step.model_answer, library.rubric(step.rubric), step_context(scenario, step)
            )
            if card.scores["reconnection"] < 3 or card.overall < 60:
                weak.append(f"{scenario.id}/{step.id}: {card.scores} {card.overall}")
    assert len(weak) <= 0.1 * sum(len(s.steps) for s in library.catalog.scenarios.values()), weak


def test_step_context_carries_the_scenario_facts(library):
    scenario = next(iter(library.catalog.scenarios.values()))
    step = scenario.steps[0]
    context = step_context(scenario, step)
    assert context.first_name == scenario.persona.first_name
    assert scenario.vehicle.model in context.vehicle
    assert context.must_mention == step.must_mention


def test_one_broken_file_never_stops_the_others(tmp_path: Path, library):
    good = tmp_path / "good.yaml"
    good.write_text(REFERENCE.read_text().replace("reference-availability", "copy-availability"))
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    catalog = load_catalog([tmp_path], set(library.rubrics))
    assert list(catalog.scenarios) == ["copy-availability-highlander"]
    assert len(catalog.problems) == 1
    problem = catalog.problems[0]
    assert problem.file.endswith("broken.yaml")
    assert problem.line == 2
    assert "YAML" in problem.message


def test_coaching_examples_use_the_scenarios_own_people_and_store(library):
    from trainer.scoring import grade

    scenario = next(s for s in library.catalog.scenarios.values() if s.dealership.name)
    step = scenario.steps[0]
    context = step_context(scenario, step, "voicemail")
    card = grade("Hi, call me back.", library.rubric("voicemail"), context)
    text = " ".join(card.feedback)
    assert scenario.dealership.name in text
    assert scenario.persona.first_name in text
    assert "[your" not in text or not scenario.dealership.phone
