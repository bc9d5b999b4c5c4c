"""Every role's pages render for the demo-like world, and a trainee can play to feedback."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import csrf_token

PAGES = {
    "trainee@test.example": ["/drills", "/practice", "/progress"],
    "manager@test.example": [
        "/manage/",
        "/manage/assign",
        "/manage/attempts",
        "/manage/audit",
        "/manage/dashboard.csv",
    ],
    "consultant@test.example": ["/consult/", "/manage/"],
    "admin@test.example": [
        "/admin/users",
        "/admin/dealerships",
        "/admin/packs",
        "/consult/",
        "/manage/",
    ],
}


@pytest.mark.parametrize("email", list(PAGES))
def test_each_role_sees_its_pages(client, world, login, email):
    login(email)
    for url in PAGES[email]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:800])


def test_a_trainee_plays_a_scenario_to_feedback(client, world, login):
    login("trainee@test.example")
    token = csrf_token(client, "/practice")
    started = client.post(
        "/attempts", data={"scenario_id": "new-availability-cr-v", "csrf_token": token}
    )
    assert started.status_code == 302
    play_url = started.headers["Location"]
    page = client.get(play_url).get_data(as_text=True)
    assert "Lead: Priya" in page
    attempt = play_url.rstrip("/").split("/")[-1]
    sent = client.post(
        f"/attempts/{attempt}/act",
        data={
            "kind": "send",
            "channel": "text",
            "message": "Hi Priya, it's Marisol at Harborview Honda. Yes, the blue CR-V EX-L is here with heated seats. Quick call at 6:15 tonight, or is text easier?",
            "token": "t1",
            "csrf_token": token,
        },
    )
    assert sent.status_code == 302
    again = client.post(
        f"/attempts/{attempt}/act",
        data={
            "kind": "send",
            "channel": "text",
            "message": "same again",
            "token": "t1",
            "csrf_token": token,
        },
    )
    assert again.status_code == 302
    page = client.get(play_url).get_data(as_text=True)
    assert page.count("You sent a text") == 1  # the double submit made one touch
    done = client.post(
        f"/attempts/{attempt}/act", data={"kind": "end", "token": "t2", "csrf_token": token}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/feedback")
    feedback = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "How the lead ended" in feedback
    assert "<mark>" in feedback
    assert "Model answers" in feedback
    assert re.search(r"Reconnection: <span class=\"level lv\d\">", feedback)


def test_a_stale_autosave_never_brings_back_a_sent_message(client, world, login):
    login("trainee@test.example")
    token = csrf_token(client, "/practice")
    started = client.post(
        "/attempts", data={"scenario_id": "new-availability-cr-v", "csrf_token": token}
    )
    attempt = started.headers["Location"].rstrip("/").split("/")[-1]
    headers = {"X-CSRFToken": token}
    fresh = client.post(
        f"/attempts/{attempt}/draft",
        json={"text": "Hi Priya", "channel": "text", "seen": 0},
        headers=headers,
    )
    assert fresh.get_json() == {"saved": True, "stale": False}
    client.post(
        f"/attempts/{attempt}/act",
        data={
            "kind": "send",
            "channel": "text",
            "message": "Hi Priya, it is here. Call at 6?",
            "token": "s1",
            "csrf_token": token,
        },
    )
    late = client.post(
        f"/attempts/{attempt}/draft",
        json={"text": "Hi Priya, it is here. Call at 6?", "channel": "text", "seen": 0},
        headers=headers,
    )
    assert late.get_json() == {"saved": False, "stale": True}
    page = client.get(f"/attempts/{attempt}").get_data(as_text=True)
    assert "Hi Priya, it is here. Call at 6?</textarea>" not in page
