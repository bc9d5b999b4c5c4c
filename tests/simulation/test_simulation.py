"""The simulator end to end, with the real scenarios and rubrics: every scenario plays to an
outcome, runs are deterministic under a seed, and the prospect reacts the way trainers say."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.services.simulation import new_simulation, play, replay_dict
from trainer.simulation import Simulation, SimulationOver, load_cadence, make_action
from trainer.simulation.events import OUTCOMES

KIND = {"email": "email", "text": "text", "voicemail": "voicemail", "follow_up_plan": "plan"}
FALLBACK = "Hi, it's me at the store. Following up on the vehicle. Call me when you can."


@pytest.fixture(scope="module")
def cadence():
    return load_cadence()


def scripted_trainee(sim: Simulation, limit: int = 80) -> list:
    """Answer every task with its model answer at once; otherwise wait two days."""
    done = []
    while not sim.over and len(done) < limit:
        step = sim.open_step
        if step is not None:
            action = make_action(KIND[step.channel], step.model_answer or FALLBACK)
        else:
            action = make_action("wait", "2d")
        sim.apply(action)
        done.append(action)
    return done


def test_every_scenario_plays_to_an_outcome(library, cadence):
    ids = sorted(library.catalog.scenarios)
    assert len(ids) >= 36
    outcomes = {}
    for scenario_id in ids:
        sim = new_simulation(library, library.scenario(scenario_id), seed=7, cadence=cadence)
        scripted_trainee(sim)
        result = sim.result()
        assert result.outcome.kind in OUTCOMES, scenario_id
        minutes = [e.minute for e in result.events]
        assert minutes == sorted(minutes), f"{scenario_id}: the transcript went back in time"
        assert result.events[-1].kind == "outcome"
        outcomes[scenario_id] = result.outcome.kind
    # Model answers played promptly reach the customer in most scenarios.
    talking = sum(kind in ("reconnected", "appointment_set") for kind in outcomes.values())
    assert talking >= len(ids) // 2, outcomes


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    scenario_index=st.integers(0, 1000),
    seed=st.integers(0, 2**32),
    waits=st.lists(st.sampled_from(["5m", "2h", "1d", "3d", "9d"]), max_size=4),
)
def test_same_scenario_answers_and_seed_give_the_same_run(
    library, cadence, scenario_index, seed, waits
):
    ids = sorted(library.catalog.scenarios)
    scenario = library.scenario(ids[scenario_index % len(ids)])
    step = scenario.steps[0]
    actions = [make_action(KIND[step.channel], step.model_answer or FALLBACK)]
    actions += [make_action("wait", w) for w in waits] + [make_action("call")]
    first = replay_dict(*play(library, scenario, actions, seed=seed, cadence=cadence))
    second = replay_dict(*play(library, scenario, actions, seed=seed, cadence=cadence))
    assert first == second
    minutes = [e["minute"] for e in first["result"]["transcript"]]
    assert minutes == sorted(minutes)


def _run(library, cadence, scenario_id, actions, seed=0):
    return play(
        library,
        library.scenario(scenario_id),
        [make_action(*a) for a in actions],
        seed=seed,
        cadence=cadence,
    )


def test_a_strong_answer_draws_replies_more_often_than_a_weak_one(library, cadence):
    scenario = library.scenario("new-availability-cr-v")
    strong = scenario.steps[0].model_answer
    weak = "Thank you for your inquiry. Please come in for a test drive at your convenience."

    def replies(text):
        count = 0
        for seed in range(30):
            _, result = _run(library, cadence, scenario.id, [("text", text), ("wait", "1d")], seed)
            count += result.reconnected_at is not None
        return count

    assert replies(strong) > replies(weak)


def test_a_lead_left_alone_goes_to_a_competitor(library, cadence):
    _, result = _run(library, cadence, "new-availability-cr-v", [("wait", "30d")])
    assert result.outcome.kind == "bought_elsewhere"
    assert result.speed_to_lead == {"minutes": None, "score": 0}
    assert result.discipline.score == 0


def test_pressure_ends_the_conversation(library, cadence):
    pushy = "LAST CHANCE!!! This deal won't last, buy today or lose it. What would it take to earn your business TODAY?"
    actions = []
    for n in range(5):
        actions += [("text", f"{pushy} ({n})"), ("wait", "1d")]
    _, result = _run(library, cadence, "aged-day-7-equinox", actions)
    assert result.outcome.kind == "went_cold"
    assert "not to be contacted" in result.outcome.detail


def test_marking_a_lead_lost_early_costs_discipline(library, cadence):
    answer = library.scenario("aged-day-14-camry").steps[0].model_answer
    _, early = _run(
        library,
        cadence,
        "aged-day-14-camry",
        [("email", answer), ("lost", "no response, probably bought")],
    )
    assert early.outcome.kind == "marked_lost"
    assert early.discipline.components["persistence"].score == 0
    assert "before day 90" in early.outcome.detail
    _, real = _run(
        library,
        cadence,
        "aged-day-14-camry",
        [("email", answer), ("lost", "the phone number is disconnected and the email bounced")],
    )
    assert real.discipline.components["persistence"].score == 100


def test_repeating_the_same_follow_up_is_penalised(library, cadence):
    same = "Hi Marcus, just checking in on the Camry. Let me know if you have any questions."
    fresh = [
        "Hi Marcus, the Camry SE you asked about dropped $800 today; I'll call you at 5 to go over it.",
        "Marcus, I put together the out-the-door sheet on the Camry; can I text it to you tonight?",
        "Marcus, Toyota's 2.9% offer on the Camry ends Friday; want me to run your payment before then?",
    ]
    _, copies = _run(
        library,
        cadence,
        "aged-day-14-camry",
        [("email", same), ("wait", "2d"), ("email", same), ("wait", "2d"), ("email", same)],
    )
    _, varied = _run(
        library,
        cadence,
        "aged-day-14-camry",
        [
            ("email", fresh[0]),
            ("wait", "2d"),
            ("email", fresh[1]),
            ("wait", "2d"),
            ("email", fresh[2]),
        ],
    )
    assert copies.touches[1].duplicate_of == 0
    assert copies.discipline.components["fresh"].score < varied.discipline.components["fresh"].score


def test_following_the_cadence_scores_higher_than_one_touch(library, cadence):
    note = "Hi Priya, it's Marisol at Harborview Honda about the CR-V: {n}. Can I call you at 6 tonight?"
    worked = [
        ("call", ""),
        ("text", note.format(n="it is here")),
        ("email", note.format(n="here is the video")),
    ]
    for _day, what in enumerate(
        [
            "heated seats confirmed",
            "the price sheet",
            "a second photo set",
            "a new service special",
        ],
        start=1,
    ):
        worked += [("wait", "1d"), ("call", ""), ("text", note.format(n=what))]
    _sim_a, one = _run(
        library,
        cadence,
        "new-availability-cr-v",
        [("email", note.format(n="it is here")), ("wait", "5d")],
        seed=1,
    )
    _sim_b, many = _run(library, cadence, "new-availability-cr-v", worked, seed=1)
    # Seed 1 keeps both leads open to the end, so the cadence is compared like for like.
    assert one.outcome.kind not in ("bought_elsewhere", "appointment_set"), one.outcome
    assert many.outcome.kind not in ("bought_elsewhere", "appointment_set"), many.outcome
    assert many.discipline.components["on_time"].score > one.discipline.components["on_time"].score


def test_nothing_can_be_done_after_the_lead_ends(library, cadence):
    sim = new_simulation(library, library.scenario("new-availability-cr-v"), cadence=cadence)
    sim.apply(make_action("lost", "customer asked us to stop"))
    with pytest.raises(SimulationOver):
        sim.apply(make_action("wait", "1d"))


def test_speed_to_lead_is_scored_for_new_leads_only(library, cadence):
    _, fast = _run(library, cadence, "new-availability-cr-v", [("call", "")])
    _, slow = _run(
        library, cadence, "new-availability-cr-v", [("wait", "50m"), ("call", "")], seed=3
    )
    assert (
        fast.speed_to_lead["score"] > (slow.speed_to_lead["score"] or 0)
        or slow.outcome.kind == "bought_elsewhere"
    )
    _, aged = _run(library, cadence, "aged-day-30-explorer", [("call", "")])
    assert aged.speed_to_lead["score"] is None


MESSAGES = [
    "Hi, quick question: can I call you at 5:30 today, or is text easier?",
    "LAST CHANCE!!! BUY TODAY!!!",
    "Just checking in. Let me know.",
    "Day 2 - text - new appraisal\nDay 9 - call - review the numbers\nDay 30 - email - new incentive",
]
ACTIONS = st.one_of(
    st.tuples(st.sampled_from(["email", "text", "voicemail", "plan"]), st.sampled_from(MESSAGES)),
    st.tuples(st.just("wait"), st.sampled_from(["1m", "45m", "5h", "2d", "40d"])),
    st.tuples(st.just("call"), st.just("")),
    st.tuples(st.just("lost"), st.sampled_from(["no answer", "the number is disconnected"])),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    scenario_index=st.integers(0, 1000),
    seed=st.integers(0, 2**32),
    actions=st.lists(ACTIONS, max_size=12),
)
def test_any_sequence_of_actions_plays_to_an_outcome(
    library, cadence, scenario_index, seed, actions
):
    ids = sorted(library.catalog.scenarios)
    sim = new_simulation(
        library, library.scenario(ids[scenario_index % len(ids)]), seed=seed, cadence=cadence
    )
    clock = [sim.clock.now]
    for kind, text in actions:
        if sim.over:
            break
        sim.apply(make_action(kind, text))
        clock.append(sim.clock.now)
    result = sim.result()
    assert clock == sorted(clock)
    assert result.outcome.kind in OUTCOMES
    assert 0 <= result.discipline.score <= 100
    assert all(0 <= (t.reply_odds or 0) <= 1 for t in result.touches)
