"""The demo dealer group: two dealerships, a consultant, managers and trainees with history.

Seeding is idempotent: run it twice and the second run changes nothing. Demo history is
played through the simulator with the same rules as the browser, from scripts written for
the demo (strong answers and weak ones), so the dashboards show real scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import (
    Assignment,
    AssignmentTarget,
    DealerGroup,
    Dealership,
    Exam,
    Team,
    User,
)
from trainer.models.base import utcnow
from trainer.services import accounts, exams, reviews, training
from trainer.services.certificates import add_months

PASSWORD = "reconnect-demo"
GROUP = "Lakeshore Auto Group"


@dataclass(frozen=True)
class Login:
    """A demo login to print and document."""

    role: str
    name: str
    email: str
    dealership: str


PEOPLE = [
    ("admin", "Avery Admin", "admin@demo.reconnect", []),
    (
        "consultant",
        "Casey Consultant",
        "consultant@demo.reconnect",
        ["Lakeshore Honda", "Lakeshore Toyota"],
    ),
    ("manager", "Morgan Manager", "manager.honda@demo.reconnect", ["Lakeshore Honda"]),
    ("manager", "Taylor Manager", "manager.toyota@demo.reconnect", ["Lakeshore Toyota"]),
    ("trainee", "Jordan Ellis", "jordan@demo.reconnect", ["Lakeshore Honda"]),
    ("trainee", "Sam Rivera", "sam@demo.reconnect", ["Lakeshore Honda"]),
    ("trainee", "Alex Chen", "alex@demo.reconnect", ["Lakeshore Toyota"]),
    ("trainee", "Riley Brooks", "riley@demo.reconnect", ["Lakeshore Toyota"]),
]

# Weak habits the demo's weaker trainees show (written for the demo).
WEAK = [
    "Thank you for your inquiry! We have a great selection. Please come in for a test drive at your convenience.",
    "Hi, just checking in to see if you are still interested. Let me know!",
    "Dear Valued Customer, thank you for choosing us. When would be a good time to come in?",
]
HISTORY_SCENARIOS = [
    "new-availability-cr-v",
    "new-price-out-the-door-silverado",
    "aged-day-7-equinox",
    "unsold-need-to-think-forester",
    "new-trade-value-tucson",
]


def logins() -> list[Login]:
    """Return the demo logins (all use PASSWORD)."""
    return [
        Login(role, name, email, ", ".join(stores) or "all") for role, name, email, stores in PEOPLE
    ]


def _script(scenario_id: str, strong: bool, variant: int) -> list[tuple[str, str]]:
    chosen = training.scenario(scenario_id)
    step = chosen.steps[0]
    kind = {"follow_up_plan": "plan"}.get(step.channel, step.channel)
    first = step.model_answer if strong and step.model_answer else WEAK[variant % len(WEAK)]
    actions: list[tuple[str, str]] = []
    if strong:
        actions.append(("call", ""))
    actions.append((kind, first))
    actions.append(("wait", "1d"))
    follow = WEAK[(variant + 1) % len(WEAK)] if not strong else None
    if follow:
        actions.append(("email", follow))
    return actions


def seed() -> bool:
    """Create the demo data unless it exists; return True if it was created."""
    if db.session.scalar(select(DealerGroup.id).where(DealerGroup.name == GROUP)):
        return False
    group = DealerGroup(name=GROUP)
    stores = {}
    for name in ("Lakeshore Honda", "Lakeshore Toyota"):
        dealership = Dealership(name=name, group=group)
        dealership.teams = [Team(name="Internet team"), Team(name="BDC")]
        db.session.add(dealership)
        stores[name] = dealership
    db.session.flush()
    people: dict[str, User] = {}
    for index, (role, name, email, store_names) in enumerate(PEOPLE):
        team_id = None
        if role == "trainee":
            team_id = stores[store_names[0]].teams[index % 2].id
        people[email] = accounts.create_user(
            None, email=email, name=name, role=role, password=PASSWORD,
            dealership_ids=[stores[s].id for s in store_names], team_id=team_id, commit=False,
        )  # fmt: skip
    now = utcnow()
    trainees = [u for u in people.values() if u.role == "trainee"]
    for number, trainee in enumerate(trainees):
        strong_share = (0.9, 0.3, 0.7, 0.5)[number % 4]  # a mix of stronger and weaker people
        for round_, scenario_id in enumerate(HISTORY_SCENARIOS):
            strong = ((round_ * 37 + number * 11) % 100) / 100 < strong_share + round_ * 0.05
            opened = now - timedelta(days=40 - round_ * 8 - number, hours=number * 3)
            training.play_scripted(
                trainee,
                scenario_id,
                _script(scenario_id, strong, round_ + number),
                seed=1000 + number * 10 + round_,
                opened_at=opened,
            )
    for store_name, dealership in stores.items():
        manager = next(
            u for u in people.values() if u.role == "manager" and dealership.id in u.dealership_ids
        )
        mine = [t for t in trainees if dealership.id in t.dealership_ids]
        past = Assignment(
            dealership_id=dealership.id, created_by_id=manager.id, title="Week 1: first responses",
            scenario_ids=["new-availability-cr-v", "new-chat-maverick"], due_at=now - timedelta(days=3),
            targets=[AssignmentTarget(user_id=t.id) for t in mine],
        )  # fmt: skip
        upcoming = Assignment(
            dealership_id=dealership.id, created_by_id=manager.id, title="Week 2: aged leads and follow-up",
            scenario_ids=["aged-day-3-civic", "unsold-spouse-absent-telluride"], due_at=now + timedelta(days=6),
            targets=[AssignmentTarget(user_id=t.id) for t in mine],
        )  # fmt: skip
        db.session.add_all([past, upcoming])
        db.session.flush()
        # The first trainee of each store finished the past drill's first scenario.
        training.play_scripted(
            mine[0],
            "new-availability-cr-v",
            _script("new-availability-cr-v", True, 0),
            seed=77,
            opened_at=now - timedelta(days=5),
            assignment_id=past.id,
        )
        del store_name
    _seed_certification(people, now)
    db.session.commit()
    return True


def _exam(user: User, track_id: str, scenario_id: str, when, seed: int) -> Exam:
    """Record an exam sat at `when` with a strong answer, judged by the real rules."""
    chosen = exams.track(track_id)
    attempt = training.play_scripted(
        user, scenario_id, _script(scenario_id, True, 0), seed=seed, opened_at=when
    )
    db.session.flush()
    exam = Exam(
        user_id=user.id, dealership_id=attempt.dealership_id, attempt_id=attempt.id,
        track_id=chosen.id, track_version=chosen.version, track_title=chosen.title,
        status="in_progress", started_at=when,
        deadline_at=when + timedelta(minutes=chosen.time_limit_minutes), rules=chosen.snapshot(),
    )  # fmt: skip
    exam.attempt = attempt
    db.session.add(exam)
    exams.settle(exam, now=attempt.finished_at)
    return exam


def _seed_certification(people: dict[str, User], now) -> None:
    """Certificates in every state the managers' pages show, earned through the real rules:
    Jordan holds a valid one and has a Level 2 exam waiting for review; Sam's Level 2 exam was
    reviewed (one level changed) and released; Riley's expires within 30 days; Alex's expired."""
    jordan, sam = people["jordan@demo.reconnect"], people["sam@demo.reconnect"]
    alex, riley = people["alex@demo.reconnect"], people["riley@demo.reconnect"]
    level1 = "internet-lead-response-1"
    _exam(jordan, level1, "new-trade-value-tucson", now - timedelta(days=60), 501)
    _exam(sam, level1, "new-email-only-cx-5", now - timedelta(days=45), 502)
    _exam(
        riley,
        level1,
        "new-price-out-the-door-silverado",
        add_months(now, -12) + timedelta(days=20),
        503,
    )
    _exam(alex, level1, "new-availability-cr-v", add_months(now, -13), 504)
    _exam(jordan, "follow-up-discipline-2", "aged-day-7-equinox", now - timedelta(days=2), 505)
    reviewed = _exam(
        sam, "follow-up-discipline-2", "aged-day-3-civic", now - timedelta(days=9), 506
    )
    db.session.commit()
    manager = people["manager.honda@demo.reconnect"]
    reviews.override_level(
        manager, reviewed.attempt_id, 0, "trust", 3,
        "Good answer, but it promises a price review without saying when the numbers come.",
    )  # fmt: skip
    exams.release(manager, reviewed.id, "Solid follow-up; tighten the promise on numbers.")
