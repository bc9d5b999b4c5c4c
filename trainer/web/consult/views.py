"""The consultant's area: client dealerships side by side, and switching between them."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from trainer.services import dashboards, scope
from trainer.web.access import guard

bp = Blueprint("consult", __name__, url_prefix="/consult")
guard(bp, "consultant", "admin")


@bp.get("/")
def clients():
    dealerships = scope.visible_dealerships(current_user)
    return render_template("consult/clients.html", rows=dashboards.compare_dealerships(dealerships))
