"""The consultant's area: client dealerships side by side, switching between them, and how
well the scorer agrees with the reviewers (calibration)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user

from trainer.models import CRITERIA
from trainer.services import clock, dashboards, review_agreement, scope
from trainer.web.access import guard

bp = Blueprint("consult", __name__, url_prefix="/consult")
guard(bp, "consultant", "admin")


@bp.get("/")
def clients():
    dealerships = scope.visible_dealerships(current_user)
    return render_template("consult/clients.html", rows=dashboards.compare_dealerships(dealerships))


def _day(name: str, default: datetime) -> tuple[datetime, str | None]:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default, None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        return default, "Use a date like 2026-11-01."
    if not 2000 <= day.year <= 2200:
        return default, "Choose a date between the years 2000 and 2200."
    return datetime.combine(day, time(), UTC), None


@bp.get("/calibration")
def calibration():
    today = datetime.combine(clock.now().date(), time(), UTC)
    start, start_error = _day("start", today - timedelta(days=90))
    end, end_error = _day("end", today)
    errors = {k: v for k, v in (("start", start_error), ("end", end_error)) if v}
    if not errors and end < start:
        errors["end"] = "The end is before the start."
    visible = scope.visible_dealerships(current_user)
    chosen = request.args.get("dealership_id", type=int)
    ids = [d.id for d in visible if chosen in (None, d.id)]
    if current_user.role == "admin" and chosen is None:
        ids = None  # every dealership
    result = review_agreement.report(ids, start, end + timedelta(days=1))
    return render_template(
        "consult/calibration.html", report=result, criteria=CRITERIA, start=start, end=end,
        errors=errors, dealerships=visible, chosen=chosen,
    ), 400 if errors else 200  # fmt: skip
