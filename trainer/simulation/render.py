"""Plain-text views of a simulated lead: the lead card, transcript lines, and the final report.

Written for a terminal a consultant may be projecting: short lines, the simulated time on
every line, and the numbers that matter at the end.
"""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta

from trainer.scenarios import Scenario
from trainer.simulation.events import Event
from trainer.simulation.results import Result

CRITERIA = ("reconnection", "urgency", "trust", "follow_up")
SHORT = {
    "reconnection": "reconnection",
    "urgency": "urgency",
    "trust": "trust",
    "follow_up": "follow-up",
}
CHANNEL_NAMES = {
    "email": "Email",
    "text": "Text",
    "voicemail": "Voicemail",
    "plan": "Follow-up plan",
    "call": "Call",
    "phone": "Phone",
    "follow_up_plan": "Follow-up plan",
}
WIDTH = 88


def _wrap(text: str, indent: str = "  ", subsequent: str | None = None) -> str:
    lines = []
    for paragraph in text.strip().splitlines():
        filled = textwrap.fill(
            paragraph, WIDTH, initial_indent=indent, subsequent_indent=subsequent or indent
        )
        lines.append(filled or indent.rstrip())
    return "\n".join(lines)


def when(arrived_at: datetime, minute: int) -> str:
    """Return "Day 2 · Tue 14:05" for a simulated minute."""
    at = arrived_at + timedelta(minutes=minute)
    return f"Day {minute // 1440} · {at:%a %d %b %H:%M}"


def lead_card(scenario: Scenario) -> str:
    """Return the CRM-style lead card a trainee sees first."""
    p, v, lead = scenario.persona, scenario.vehicle, scenario.lead
    rows = [
        f"LEAD  {p.full_name}  ·  {scenario.title}",
        f"  Stage: {scenario.stage.replace('_', ' ')}   Source: {lead.source.replace('_', ' ')}"
        f"   Arrived: {lead.arrived_at:%a %d %b %Y %H:%M}"
        + (f"   (lead is {lead.age_days} days old)" if lead.age_days else ""),
        f"  Vehicle: {v.describe()}"
        + (f", stock {v.stock_number}" if v.stock_number else "")
        + (f", ${v.price:,}" if v.price else "")
        + (f", {v.color}" if v.color else ""),
    ]
    if scenario.trade_in:
        t = scenario.trade_in
        rows.append(f"  Trade-in: {t.describe()}" + (f", {t.mileage:,} miles" if t.mileage else ""))
    rows.append(
        f"  Contact: prefers {', '.join(p.contact_preferences)}; gave {', '.join(lead.provided)}"
    )
    if p.hot_buttons:
        rows.append(f"  Hot buttons: {'; '.join(p.hot_buttons)}")
    if scenario.objections:
        rows.append(
            "  Objection: " + "; ".join(f"{o.type.replace('_', ' ')}" for o in scenario.objections)
        )
    d = scenario.dealership
    if d.name or d.salesperson:
        rows.append(
            f"  You: {d.salesperson or 'you'} at {d.name or 'the store'}"
            + (f", {d.phone}" if d.phone else "")
        )
    rows.append("  Customer wrote:")
    rows.append(_wrap(lead.customer_message, "    "))
    return "\n".join(rows)


def event_line(event: Event, arrived_at: datetime) -> str:
    """Return a transcript event as text."""
    stamp = f"[{when(arrived_at, event.minute)}]"
    channel = CHANNEL_NAMES.get(event.channel or "", event.channel or "")
    if event.kind == "task":
        return f"{stamp} YOUR TASK ({channel}):\n{_wrap(event.text)}"
    if event.kind == "prospect":
        via = f" by {channel.lower()}" if channel else ""
        return f"{stamp} PROSPECT{via}:\n{_wrap(event.text or '(no words)')}"
    if event.kind == "touch":
        scores = event.data.get("scores")
        if scores:
            levels = "  ".join(
                f"{SHORT[c]} {scores.get(c) if scores.get(c) is not None else '-'}"
                for c in CRITERIA
            )
            extra = f"  plan {event.data['plan_score']}/100" if "plan_score" in event.data else ""
            article = "an" if channel[:1].lower() in "aeiou" else "a"
            return f"{stamp} You sent {article} {channel.lower()}. Graded: {levels}  overall {event.data.get('overall')}{extra}"
        return f"{stamp} {event.text}"
    if event.kind == "outcome":
        return f"{stamp} THE LEAD ENDED: {event.text}"
    return f"{stamp} {event.text}"


def report(scenario: Scenario, result: Result) -> str:
    """Return the end-of-session report: outcome, speed to lead, discipline, each touch."""
    arrived = scenario.lead.arrived_at
    out = [
        f"OUTCOME: {result.outcome.title} ({when(arrived, result.outcome.minute)})",
        f"  {result.outcome.detail}",
    ]
    speed = result.speed_to_lead
    if speed["minutes"] is None:
        out.append("SPEED TO LEAD: no touch was made")
    elif speed["score"] is None:
        out.append(
            f"SPEED TO LEAD: first touch {speed['minutes']} min after the lead arrived (not scored for this stage)"
        )
    else:
        out.append(
            f"SPEED TO LEAD: {speed['minutes']} min to the first touch: {speed['score']}/100"
        )
    d = result.discipline
    out.append(f"FOLLOW-UP DISCIPLINE: {d.score}/100")
    for name, c in d.components.items():
        out.append(f"  {name.replace('_', ' '):12s} {c.score:3d}  {c.detail}")
    if d.missed:
        out.append("  Missed: " + "; ".join(d.missed[:8]) + (" ..." if len(d.missed) > 8 else ""))
    for tip in d.coaching:
        out.append(_wrap(f"Coaching: {tip}", "  ", "    "))
    if result.touches:
        out.append("TOUCHES:")
    for number, touch in enumerate(result.touches, start=1):
        head = f"  {number}. {when(arrived, touch.minute)}  {CHANNEL_NAMES[touch.channel]}"
        if touch.channel == "call":
            out.append(f"{head}: {'answered' if touch.answered else 'no answer'}")
            continue
        levels = "  ".join(
            f"{SHORT[c]} {touch.scores.get(c) if touch.scores.get(c) is not None else '-'}"
            for c in CRITERIA
        )
        out.append(f"{head}: {levels}  overall {touch.overall}")
        if touch.duplicate_of is not None:
            out.append(f"     nearly repeats touch {touch.duplicate_of + 1}")
        card = touch.scorecard or {}
        for line in (card.get("feedback") or [])[:4]:
            out.append(_wrap(line, "     - ", "       "))
    for plan in result.plans:
        out.append(f"FOLLOW-UP PLAN: {plan.score}/100 ({len(plan.touches)} touches)")
        for name, c in plan.components.items():
            out.append(f"  {name.replace('_', ' '):12s} {c.score:3d}  {c.detail}")
        for tip in plan.coaching:
            out.append(_wrap(f"Coaching: {tip}", "  ", "    "))
        for line in plan.unread:
            out.append(f"  Not a touch: {line}")
    return "\n".join(out)
