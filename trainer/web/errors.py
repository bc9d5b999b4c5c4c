"""Error pages, and service errors turned into HTTP statuses (404 hides what is not yours)."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from trainer.services.errors import Forbidden, Invalid, NotFound, Throttled

TITLES = {
    400: "That request could not be used",
    403: "You can't do that",
    404: "Not found",
    405: "Not allowed",
    413: "That file is too large",
    429: "Too many attempts",
    500: "Something went wrong",
}


def _page(status: int, message: str):
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        return {"error": message}, status
    return render_template(
        "error.html", status=status, title=TITLES.get(status, "Error"), message=message
    ), status


def register(app: Flask) -> None:
    """Install the error handlers."""

    @app.errorhandler(NotFound)
    def not_found(exc):
        return _page(404, str(exc))

    @app.errorhandler(Forbidden)
    def forbidden(exc):
        return _page(403, str(exc))

    @app.errorhandler(Invalid)
    def invalid(exc):
        return _page(400, str(exc))

    @app.errorhandler(Throttled)
    def throttled(exc):
        return _page(429, str(exc))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _page(
            400,
            "The form had expired or was not sent from this site. Go back, reload the page and try again (a message you were writing in a scenario is kept in its draft).",
        )

    for status in (400, 403, 404, 405, 413, 500):

        @app.errorhandler(status)
        def http_error(exc, status=status):
            message = (
                getattr(exc, "description", "")
                if status != 500
                else "The error was logged. Try again, and tell your admin if it keeps happening."
            )
            return _page(status, message)
