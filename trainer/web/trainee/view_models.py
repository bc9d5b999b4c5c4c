"""What the play and feedback pages show, built from an attempt (no Flask objects here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.models import CRITERIA, Attempt
from trainer.services import training, voicemail_drills
from trainer.simulation.render import CHANNEL_NAMES, when

STEP_KIND = {"email": "email", "text": "text", "voicemail": "voicemail", "follow_up_plan": "plan"}


@dataclass
class EventView:
    """One transcript line for the page."""

    when: str
    kind: str
    channel: str
    text: str
    data: dict[str, Any]


def _events(scenario, events) -> list[EventView]:
    arrived = scenario.lead.arrived_at
    return [
        EventView(
            when(arrived, e.minute), e.kind, CHANNEL_NAMES.get(e.channel or "", ""), e.text, e.data
        )
        for e in events
    ]


def voicemails_view(attempt: Attempt, timeout: int) -> list[dict[str, Any]]:
    """Return the attempt's recordings as the pages show them (status, transcript, measures)."""
    out = []
    for voicemail in voicemail_drills.for_attempt(attempt.id):
        summary = voicemail_drills.summary(voicemail, timeout)
        summary["row"] = voicemail
        summary["times"] = [f"{int(t) // 60}:{int(t) % 60:02d}" for t in summary["callback_times"]]
        out.append(summary)
    return out


def play_view(attempt: Attempt, timeout: int = voicemail_drills.DEFAULT_TIMEOUT) -> dict[str, Any]:
    """Return the play page's data: lead card, transcript, the open task, the clock."""
    sim = training.simulate(attempt)
    scenario = sim.scenario
    step = sim.open_step
    channel = attempt.draft_channel or (STEP_KIND.get(step.channel, "email") if step else "email")
    voicemails = voicemails_view(attempt, timeout)
    if voicemails and voicemails[-1]["status"] != "done":
        channel = "recording"  # a recording in progress or failed: show it after a reload
    return {
        "voicemails": voicemails,
        "scenario": scenario,
        "events": _events(scenario, sim.events),
        "step": step,
        "channel": channel,
        "clock": sim.clock.describe(),
        "touches": len(sim.touches),
        "waiting_for_prospect": sim.scheduled is not None,
    }


def feedback_view(
    attempt: Attempt, timeout: int = voicemail_drills.DEFAULT_TIMEOUT
) -> dict[str, Any]:
    """Return the feedback page's data: each touch with evidence, coaching and overrides."""
    result = attempt.result or {}
    scenario = None
    try:
        scenario = training.scenario(attempt.scenario_id)
    except Exception:  # a scenario removed from the library: feedback still shows
        scenario = None
    levels = training.effective_levels(attempt)
    overrides = {}
    for override in attempt.overrides:
        overrides.setdefault((override.touch_index, override.criterion), []).append(override)
    touches = []
    written = 0
    for touch in result.get("touches", []):
        if not touch.get("scores"):
            touches.append({"touch": touch, "written": False})
            continue
        card = touch["scorecard"] or {}
        criteria = []
        for criterion in card.get("criteria", []):
            spans = [span for e in criterion["evidence"] for span in e["spans"]]
            key = (written, criterion["id"])
            criteria.append({
                "id": criterion["id"], "title": criterion["title"], "level": levels[written].get(criterion["id"]),
                "scored": criterion["level"], "descriptor": criterion["descriptor"], "evidence": criterion["evidence"],
                "coaching": criterion["coaching"], "spans": spans, "overrides": overrides.get(key, []),
            })  # fmt: skip
        all_spans = [span for e in card.get("evidence", []) for span in e["spans"]]
        touches.append({
            "touch": touch, "written": True, "index": written, "text": card.get("text", ""),
            "criteria": criteria, "spans": all_spans, "notices": card.get("notices", []),
        })  # fmt: skip
        written += 1
    seen = [
        e["step"] for e in result.get("transcript", []) if e["kind"] == "task" and e.get("step")
    ]
    models = []
    if scenario is not None:
        for step_id in dict.fromkeys(seen):
            try:
                step = scenario.step(step_id)
            except KeyError:
                continue
            if step.model_answer:
                models.append((step, step.model_answer))
    arrived = scenario.lead.arrived_at if scenario else None
    transcript = []
    for e in result.get("transcript", []):
        stamp = when(arrived, e["minute"]) if arrived else f"minute {e['minute']}"
        transcript.append(
            EventView(
                stamp,
                e["kind"],
                CHANNEL_NAMES.get(e.get("channel") or "", ""),
                e["text"],
                e.get("data", {}),
            )
        )
    return {
        "scenario": scenario,
        "result": result,
        "touches": touches,
        "models": models,
        "transcript": transcript,
        "criteria": CRITERIA,
        "voicemails": voicemails_view(attempt, timeout),
    }
