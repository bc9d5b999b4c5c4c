"""With a mail server configured, invitation and reset links go out by SMTP (a real SMTP
conversation with a small server on a loopback port) and are not shown to the admin."""

from __future__ import annotations

import re
import socketserver
import threading

import pytest

from tests.web.conftest import csrf_token


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept one message at a time and keep it."""

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        data = False
        lines: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data:
                if line == ".":
                    self.server.messages.append("\n".join(lines))
                    lines, data = [], False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(line[1:] if line.startswith("..") else line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == "DATA":
                data = True
                self.wfile.write(b"354 end with .\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_invitation_is_emailed_when_a_mail_server_is_configured(app, client, world, login, smtp):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.server_address[1])
    login("admin@test.example")
    token = csrf_token(client, "/admin/users")
    response = client.post("/admin/users", data={"csrf_token": token, "how": "invite", "name": "Mailed Person", "email": "mailed@test.example", "role": "trainee", "dealership_id": str(world["north"])})  # fmt: skip
    page = response.get_data(as_text=True)
    assert "Invitation sent by email." in page
    assert "<code>" not in page  # the link is not shown when it was sent
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert "To: mailed@test.example" in message
    link = re.search(r"http://localhost(/invite/\S+)", message).group(1)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/users")})
    assert "Welcome, Mailed Person" in client.get(link).get_data(as_text=True)


def test_a_reset_link_falls_back_to_the_screen_when_the_mail_server_is_down(
    app, client, world, login
):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    login("admin@test.example")
    token = csrf_token(client, "/admin/users")
    response = client.post(f"/admin/users/{world['trainee']}/reset", data={"csrf_token": token})
    page = response.get_data(as_text=True)
    assert "No mail server is configured" in page or "give the person this one-time link" in page
    assert "/reset/" in page
