"""Managers assign drills and read the dashboard; admins import scenario packs; consultants
compare client dealerships. Through the real app and database."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta

from tests.web.conftest import csrf_token
from trainer.extensions import db
from trainer.models import Attempt, AuditLog
from trainer.models.base import utcnow

SCENARIO = """\
id: pack-demo-civic
title: "Pack: is the Civic still there?"
version: 1
stage: new_lead
difficulty: 1
lead:
  source: dealer_website
  arrived_at: 2026-05-02T10:00:00-05:00
  customer_message: Is the Civic still available?
  provided: [email, phone]
persona:
  first_name: Lena
  last_name: Park
  contact_preferences: [text]
  temperament: busy
  responsiveness: 0.6
vehicle:
  year: 2025
  make: Honda
  model: Civic
  condition: used
  stock_number: U25110
  price: 23995
steps:
  - id: first
    at: {minutes: 5}
    channel: text
    task: Lena asked if the Civic is still there. Text her back.
    rubric: text
    branches:
      - prospect: goes_quiet
"""


def test_a_manager_assigns_a_drill_and_the_trainee_sees_it(client, world, login, app):
    login("manager@test.example")
    token = csrf_token(client, "/manage/assign")
    due = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%d")
    response = client.post("/manage/assign", data={
        "csrf_token": token, "title": "Availability week", "due_date": due,
        "scenario_ids": ["new-availability-cr-v", "aged-day-3-civic"], "team_ids": [str(world["north_team"])],
    })  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:600]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/manage/")})
    login("trainee2@test.example")
    page = client.get("/drills").get_data(as_text=True)
    assert "Availability week" in page
    assert page.count("Availability week") == 2  # both scenarios
    assert "Due (2)" in page


def test_assigning_keeps_what_was_typed_and_says_what_is_missing(client, world, login):
    login("manager@test.example")
    token = csrf_token(client, "/manage/assign")
    due = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%d")
    response = client.post(
        "/manage/assign",
        data={
            "csrf_token": token,
            "title": "Kept title",
            "due_date": due,
            "person_ids": [str(world["trainee"])],
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose at least one scenario" in page
    assert 'value="Kept title"' in page
    past = client.post(
        "/manage/assign",
        data={
            "csrf_token": token,
            "title": "Late",
            "due_date": "2020-01-01",
            "scenario_ids": ["new-availability-cr-v"],
            "person_ids": [str(world["trainee"])],
        },
    )
    assert past.status_code == 400 and "must be in the future" in past.get_data(as_text=True)


def test_the_dashboard_csv_has_a_row_per_trainee_with_levels(client, world, login):
    login("manager@test.example")
    response = client.get("/manage/dashboard.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    names = {r["trainee"] for r in rows}
    assert names == {"Trainee", "Trainee2"}  # North's trainees only, never South's
    mine = next(r for r in rows if r["trainee"] == "Trainee")
    assert mine["attempts"] == "1"
    assert mine["reconnection"] not in ("", None)
    assert mine["weakest_skill"] in ("reconnection", "urgency", "trust", "follow_up")


def test_overdue_drills_show_on_the_dashboard(client, world, login, app):
    from trainer.models import Assignment, AssignmentTarget

    with app.app_context():
        db.session.add(
            Assignment(
                dealership_id=world["north"],
                created_by_id=world["manager"],
                title="Old drill",
                scenario_ids=["aged-day-3-civic"],
                due_at=utcnow() - timedelta(days=2),
                targets=[AssignmentTarget(user_id=world["trainee2"])],
            )
        )
        db.session.commit()
    login("manager@test.example")
    page = client.get("/manage/").get_data(as_text=True)
    assert "Overdue drills (1)" in page
    assert "Old drill" in page


def test_an_override_changes_the_level_and_is_audited(client, world, login, app):
    login("manager@test.example")
    url = f"/manage/attempts/{world['attempt']}"
    token = csrf_token(client, url)
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "touch_index": "0",
            "criterion": "urgency",
            "level": "4",
            "reason": "The hold-until time is a real, honest deadline.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        attempt = db.session.get(Attempt, world["attempt"])
        assert attempt.urgency == 4
        entry = db.session.query(AuditLog).filter_by(action="level.override").one()
        assert entry.detail["new"] == 4 and entry.actor_id == world["manager"]
    page = client.get(url).get_data(as_text=True)
    assert "The hold-until time is a real, honest deadline." in page


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_an_admin_imports_a_pack_validated_before_it_is_enabled(client, world, login):
    login("admin@test.example")
    token = csrf_token(client, "/admin/packs")
    broken = SCENARIO.replace("stage: new_lead", "stage: brand_new").replace(
        "pack-demo-civic", "pack-broken"
    )
    response = client.post(
        "/admin/packs",
        data={
            "csrf_token": token,
            "name": "Broken pack",
            "file": (io.BytesIO(_zip({"broken.yaml": broken})), "pack.zip"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get("/admin/packs").get_data(as_text=True)
    assert "invalid" in page and "broken.yaml" in page and "stage" in page and "brand_new" in page
    assert "Enable" not in page.split("Broken pack")[1].split("</section>")[0]
    good = client.post(
        "/admin/packs",
        data={
            "csrf_token": token,
            "name": "Good pack",
            "file": (
                io.BytesIO(_zip({"civic.yaml": SCENARIO, "../evil.yaml": SCENARIO})),
                "pack.zip",
            ),
        },
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    page = client.get("/admin/packs").get_data(as_text=True)
    assert "pack-demo-civic" in page
    pack_id = re.search(r'id="pack-(\d+)">Good pack', page).group(1)
    assert "evil" not in page  # a path outside the pack is never written
    enabled = client.post(f"/admin/packs/{pack_id}/enable", data={"csrf_token": token})
    assert enabled.status_code == 302
    assert "Pack: is the Civic still there?" in client.get("/practice").get_data(as_text=True)


def test_a_pack_that_is_not_yaml_or_zip_is_refused_clearly(client, world, login):
    login("admin@test.example")
    token = csrf_token(client, "/admin/packs")
    response = client.post(
        "/admin/packs",
        data={"csrf_token": token, "name": "Odd", "file": (io.BytesIO(b"hello"), "notes.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Upload a .zip of scenario files" in response.get_data(as_text=True)


def test_a_consultant_compares_only_engaged_dealerships(client, world, login):
    login("consultant@test.example")
    page = client.get("/consult/").get_data(as_text=True)
    assert "North Honda" in page
    assert "South Toyota" not in page


def test_an_admin_invites_someone_who_sets_a_password(client, world, login, app):
    login("admin@test.example")
    token = csrf_token(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "how": "invite",
            "name": "New Person",
            "email": "new@test.example",
            "role": "trainee",
            "dealership_id": str(world["north"]),
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "No mail server is configured" in page
    link = page.split("<code>")[1].split("</code>")[0]
    path = link.split("localhost", 1)[1]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/users")})
    form = client.get(path).get_data(as_text=True)
    assert "Welcome, New Person" in form
    token = csrf_token(client, path)
    done = client.post(
        path,
        data={
            "csrf_token": token,
            "password": "a long new password",
            "confirm": "a long new password",
        },
    )
    assert done.status_code == 302
    assert "My drills" in client.get("/drills").get_data(as_text=True)
