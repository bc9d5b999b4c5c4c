"""Sending one-time links by SMTP when a mail server is configured."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_link(to: str, subject: str, link: str) -> bool:
    """Email `link`; return False (the admin is shown the link) when no server is configured."""
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        return False
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(f"Open this link to continue (it works once):\n\n{link}\n")
    try:
        with smtplib.SMTP(server, current_app.config.get("MAIL_PORT", 25), timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("could not send mail to %s", to)
        return False
    return True
