"""Sending one-time links by SMTP when a mail server is configured."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

NOT_SENT = {
    "not_configured": "No mail server is configured: give the person this one-time link.",
    "failed": "The email could not be sent (the mail server did not accept it): give the person this one-time link.",
}


def send_link(to: str, subject: str, link: str) -> str:
    """Email `link`; return "sent", "not_configured" or "failed" (then the admin is shown it)."""
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        return "not_configured"
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(f"Open this link to continue (it works once):\n\n{link}\n")
    try:
        with smtplib.SMTP(server, current_app.config.get("MAIL_PORT", 25), timeout=10) as smtp:
            if current_app.config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if current_app.config.get("MAIL_USERNAME"):
                smtp.login(
                    current_app.config["MAIL_USERNAME"], current_app.config.get("MAIL_PASSWORD", "")
                )
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("could not send mail to %s", to)
        return "failed"
    return "sent"
