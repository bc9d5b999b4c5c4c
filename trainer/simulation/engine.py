"""The lead-life simulator: a scenario's prospect reacting to a trainee's touches over time.

`Simulation` holds one lead's state: the simulated clock, the open step (the trainee's current
task), what the prospect will do next and when, goodwill, and the competitor clock. The
trainee's actions go in through `apply`; transcript events come out. The scenario's branches
say what the prospect does after a graded answer; the prospect model (seeded dice) says
whether they actually do it. The same scenario, actions and seed always give the same run.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from trainer.scenarios import Scenario, Step
from trainer.scenarios.model import SPEAKING_ACTIONS, Branch
from trainer.simulation import prospect
from trainer.simulation.actions import Action, make_action
from trainer.simulation.branches import choose_branch, quiet_fallback
from trainer.simulation.cadence import Cadence
from trainer.simulation.clock import Clock, format_duration, parse_duration
from trainer.simulation.discipline import REAL_LOST_REASONS, duplicate_of
from trainer.simulation.events import Event, Outcome, Touch
from trainer.simulation.plan import PlanScore, score_plan
from trainer.simulation.results import Grader, Result, summarise

# Simulated minutes each action takes: writing an email takes longer than dialling.
COMPOSE_MINUTES = {"email": 5, "text": 2, "voicemail": 2, "call": 2, "plan": 15}
DEFAULT_REPLY_AFTER = 30  # minutes, when a branch does not say
OPT_OUT_AFTER = 20
SCORING_CHANNEL = {
    "email": "email",
    "text": "text",
    "voicemail": "voicemail",
    "plan": "follow_up_plan",
}
OPT_OUT_WORDS = "Please stop contacting me. I'll reach out if I need anything."


class SimulationOver(RuntimeError):
    """An action came after the lead had ended."""


@dataclass(frozen=True)
class _Scheduled:
    """Something the prospect will do at a later minute."""

    at: int
    branch: Branch | None  # None: the prospect asks to be left alone
    step: str


class Simulation:
    """One lead's life, driven by a trainee's actions."""

    def __init__(
        self,
        scenario: Scenario,
        grader: Grader,
        cadence: Cadence,
        seed: int = 0,
        *,
        compose_time: bool = True,
    ):
        """Open the lead at its first step. With `compose_time`, each action costs simulated
        minutes (COMPOSE_MINUTES); without it (the web app, which times the trainee for real
        and adds that as waits), actions take no simulated time."""
        self.scenario = scenario
        self.compose_time = compose_time
        self.grader = grader
        self.cadence = cadence
        self.seed = seed
        self.rng = random.Random(seed)
        self.start = scenario.steps[0].at.minutes
        self.clock = Clock(scenario.lead.arrived_at, self.start)
        # One draw decides how much neglect the prospect tolerates before buying elsewhere;
        # the hazard accumulates as time passes and falls slower when the lead is worked.
        self.competitor_threshold = -math.log(1.0 - self.rng.random())
        self.hazard = 0.0
        self.goodwill = 1.0
        self.events: list[Event] = []
        self.touches: list[Touch] = []
        self.plans: list[PlanScore] = []
        self.actions: list[Action] = []
        self.outcome: Outcome | None = None
        self.reconnected_at: int | None = None
        self.open_step: Step | None = None
        self.next_step: tuple[int, Step] | None = None  # a task that opens later
        self.scheduled: _Scheduled | None = None
        self.waiting_since: int | None = 0 if self.fresh_lead else None
        self.lost_early = False
        self._open(scenario.steps[0])

    # --- state ------------------------------------------------------------------------

    @property
    def fresh_lead(self) -> bool:
        """Return True when the lead has just arrived (speed to lead applies)."""
        return self.scenario.stage == "new_lead" and self.scenario.lead.age_days == 0

    @property
    def over(self) -> bool:
        """Return True once the lead has an outcome."""
        return self.outcome is not None

    def _emit(self, kind: str, text: str, **extra) -> Event:
        event = Event(self.clock.now, kind, text, **extra)
        self.events.append(event)
        return event

    def _open(self, step: Step) -> None:
        self.open_step = step
        self.next_step = None
        self._emit("task", step.task.strip(), channel=step.channel, step=step.id)

    def _end(self, kind: str, detail: str) -> None:
        self.outcome = Outcome(kind, self.clock.now, detail)
        self.scheduled = None
        self.next_step = None
        self._emit("outcome", detail, data={"outcome": kind})

    # --- time ---------------------------------------------------------------------------

    def _competitor_rate(self) -> float:
        last = self.touches[-1].minute if self.touches else self.start
        return prospect.competitor_rate(
            self.scenario.stage,
            touched=bool(self.touches),
            reconnected=self.reconnected_at is not None,
            days_since_touch=(self.clock.now - last) / 1440,
            fresh_lead=self.fresh_lead,
        )

    def _advance(self, target: int, stop_early: bool = True) -> None:
        """Move the clock to `target`, delivering what happens on the way.

        With `stop_early`, the clock stops at the first thing the trainee should see: the
        prospect answering, a new task opening, or the prospect buying elsewhere.
        """
        while not self.over and self.clock.now < target:
            stops = [target]
            if self.scheduled:
                stops.append(self.scheduled.at)
            if self.next_step:
                stops.append(self.next_step[0])
            stop = max(self.clock.now, min(stops))
            while self.clock.now < stop:
                hour_end = min(stop, (self.clock.now // 60 + 1) * 60)
                self.hazard += self._competitor_rate() * (hour_end - self.clock.now) / 1440
                self.clock.advance_to(hour_end)
                if self.hazard >= self.competitor_threshold:
                    self._competitor_wins()
                    return
            delivered = self._deliver_due()
            if delivered and stop_early:
                return
        if not self.over:
            self._deliver_due()

    def _deliver_due(self) -> bool:
        delivered = False
        if self.scheduled and self.scheduled.at <= self.clock.now:
            scheduled, self.scheduled = self.scheduled, None
            self._prospect_acts(scheduled)
            delivered = True
        if not self.over and self.next_step and self.next_step[0] <= self.clock.now:
            self._open(self.next_step[1])
            delivered = True
        return delivered

    def _competitor_wins(self) -> None:
        model = self.scenario.vehicle.model
        self._emit(
            "prospect",
            f"{self.scenario.persona.first_name} bought a {model} from another dealer who got "
            "through first.",
            data={"action": "buys_elsewhere", "by": "competitor"},
        )
        self._end("bought_elsewhere", "Another dealer reached the customer first.")

    # --- the prospect -------------------------------------------------------------------

    def _prospect_acts(self, scheduled: _Scheduled) -> None:
        branch = scheduled.branch
        if branch is None:
            self._emit("prospect", OPT_OUT_WORDS, channel="text", data={"action": "asks_to_stop"})
            self._end("went_cold", "The customer asked not to be contacted again.")
            return
        data = {"action": branch.prospect}
        self._emit(
            "prospect",
            (branch.message or "").strip(),
            channel=branch.channel,
            step=scheduled.step,
            data=data,
        )
        if branch.prospect == "buys_elsewhere":
            self._end("bought_elsewhere", "The customer bought elsewhere.")
            return
        if self.reconnected_at is None:
            self.reconnected_at = self.clock.now
        self.waiting_since = self.clock.now
        if branch.prospect == "sets_appointment":
            self._end("appointment_set", "The customer set an appointment.")
        elif branch.next:
            self._open(self.scenario.step(branch.next))
        else:
            self._end("reconnected", "Two-way contact: the customer is talking to you.")

    def _go_quiet(self, branch: Branch | None) -> None:
        self.open_step = None
        if branch is None or not branch.next:
            return
        step = self.scenario.step(branch.next)
        opens = max(self.clock.now, step.at.minutes)
        if branch.after:
            opens = max(opens, self.clock.now + branch.after.minutes)
        if opens <= self.clock.now:
            self._open(step)
        else:
            self.next_step = (opens, step)

    # --- the trainee --------------------------------------------------------------------

    def apply(self, action: Action) -> list[Event]:
        """Do one trainee action and return the transcript events it produced."""
        if self.over:
            raise SimulationOver(f"the lead has ended ({self.outcome.title}); nothing more to do")
        before = len(self.events)
        self.actions.append(action)
        if action.kind == "wait":
            self._advance(self.clock.now + parse_duration(action.text))
            if not self.over and len(self.events) == before:
                self._emit("note", f"Waited {format_duration(parse_duration(action.text))}.")
        elif action.kind == "lost":
            self._mark_lost(action.text)
        elif action.kind == "end":
            self.finish()
        elif action.kind == "call":
            self._call()
        else:
            self._write(action)
        return self.events[before:]

    def do(self, kind: str, text: str = "") -> list[Event]:
        """Build an action from a kind and text and apply it."""
        return self.apply(make_action(kind, text))

    def _send_time(self, kind: str) -> bool:
        minutes = COMPOSE_MINUTES[kind] if self.compose_time else 0
        self._advance(self.clock.now + minutes, stop_early=False)
        return not self.over

    def _minutes_waiting(self) -> int | None:
        return None if self.waiting_since is None else self.clock.now - self.waiting_since

    def _call(self) -> None:
        if not self._send_time("call"):
            return
        hour = self.clock.wall().hour
        odds = prospect.pickup_probability(
            self.scenario.persona,
            hour=hour,
            goodwill=self.goodwill,
            minutes_waiting=self._minutes_waiting(),
        )
        answered = self.rng.random() < odds
        self.touches.append(
            Touch(
                self.clock.now,
                "call",
                "",
                self.open_step.id if self.open_step else None,
                answered=answered,
                reply_odds=round(odds, 4),
            )
        )
        self._emit("touch", "Called.", channel="call", data={"answered": answered})
        name = self.scenario.persona.first_name
        if answered:
            if self.reconnected_at is None:
                self.reconnected_at = self.clock.now
            self.waiting_since = None
            self._emit(
                "note",
                f"{name} picked up: a real conversation (reconnected). They asked you to follow "
                "up in writing with the details.",
                data={"answered": True},
            )
        else:
            self._emit(
                "note", f"No answer. {name}'s voicemail picked up.", data={"answered": False}
            )

    def _write(self, action: Action) -> None:
        kind = action.kind
        if not self._send_time(kind):
            return
        step = self.open_step
        day = self.clock.day
        card = self.grader.grade(step, SCORING_CHANNEL[kind], action.text, day)
        duplicate = duplicate_of(action.text, self.touches)
        pressured = any(
            e.indicator in prospect.PRESSURE_INDICATORS and e.effect.startswith("capped")
            for e in card.evidence
        )
        levels = {c: (card.scores.get(c) or 0) for c in prospect.CRITERIA}
        quality = prospect.TouchQuality(levels, pressured, duplicate is not None)
        odds = prospect.reply_probability(
            self.scenario.persona,
            quality,
            channel=kind,
            minutes_waiting=self._minutes_waiting(),
            goodwill=self.goodwill,
        )
        roll = self.rng.random()
        self.goodwill = prospect.goodwill_after(self.goodwill, quality)
        touch = Touch(
            self.clock.now,
            kind,
            action.text,
            step.id if step else None,
            dict(card.scores),
            card.overall,
            card.as_dict(),
            duplicate,
            reply_odds=round(odds, 4),
        )
        self.touches.append(touch)
        self.waiting_since = None
        data = {"scores": dict(card.scores), "overall": card.overall}
        if kind == "plan":
            plan = self._score_plan(action.text)
            self.plans.append(plan)
            data["plan_score"] = plan.score
        self._emit("touch", action.text, channel=kind, step=step.id if step else None, data=data)
        if self.goodwill < prospect.GOODWILL_FLOOR:
            self.scheduled = _Scheduled(
                self.clock.now + OPT_OUT_AFTER, None, step.id if step else ""
            )
            self.open_step = None
            return
        if step is None:
            return  # a free follow-up: it counts for discipline; the script has no words left
        branch = choose_branch(step, card.scores, card.overall)
        if branch is None:  # a step without branches: the script has nothing more to say
            self._go_quiet(None)
            return
        if branch.prospect in (*SPEAKING_ACTIONS, "sets_appointment", "buys_elsewhere"):
            acts = branch.prospect == "buys_elsewhere" or roll < odds
            if acts:
                after = branch.after.minutes if branch.after else DEFAULT_REPLY_AFTER
                self.scheduled = _Scheduled(self.clock.now + after, branch, step.id)
                self.open_step = None
            else:
                fallback = quiet_fallback(step)
                if fallback is not None:
                    self._go_quiet(fallback)
                # otherwise the task stays open: the prospect has not answered yet
        else:
            self._go_quiet(branch)

    def _score_plan(self, text: str) -> PlanScore:
        objection = self.scenario.objections[0].type if self.scenario.objections else None
        return score_plan(
            text,
            self.cadence,
            start_day=self.clock.day,
            objection=objection,
            works_on_objection=self.grader.works_on_objection,
            is_hollow=self.grader.is_hollow,
        )

    def _mark_lost(self, reason: str) -> None:
        day = self.clock.day
        real = bool(REAL_LOST_REASONS.search(reason))
        self.lost_early = day < self.cadence.horizon_days and not real
        self._emit(
            "touch", f"Marked the lead lost: {reason}", data={"lost": True, "real_reason": real}
        )
        detail = f"Marked lost on day {day}: {reason}"
        if self.lost_early:
            detail += f" (before day {self.cadence.horizon_days}, and the customer never said no)"
        self._end("marked_lost", detail)

    def finish(self) -> None:
        """Stop working the lead: the outcome is whatever contact was made."""
        if self.over:
            return
        if self.reconnected_at is not None:
            self._end("reconnected", "Two-way contact was made; the lead is still open.")
        else:
            day = self.clock.day
            self._end("went_cold", f"No two-way contact by day {day}.")

    # --- results ------------------------------------------------------------------------

    def result(self) -> Result:
        """Return the outcome, the transcript and the scores (finishing the run if needed)."""
        if not self.over:
            self.finish()
        return summarise(self)
