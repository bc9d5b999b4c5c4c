"""Public certificate verification (no sign-in): the page, the PDF, the Open Badges 3.0
credential, its evidence, the issuer profile with the signing key, and the achievements."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from trainer.services import certificate_pdf, certificates, clock, credentials, exams, training
from trainer.services.errors import NotFound

bp = Blueprint("verify", __name__)
ISSUER_NAME = "Reconnect certification"


def _key():
    return credentials.load_key(Path(current_app.config["BADGE_KEY_FILE"]))


def _base(signed: bool = True) -> str:
    """Return the public address credentials name: TRAINER_PUBLIC_URL, never a Host header,
    for anything signed (a forged Host would get the real key to vouch for its address)."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if not signed or current_app.testing or current_app.debug:
        return request.host_url.rstrip("/")
    abort(
        503,
        description="This server has no public address configured (TRAINER_PUBLIC_URL), so it "
        "cannot issue credentials that name it. Ask the administrator to set it.",
    )


def _links(public_id: str, track_id: str, signed: bool = True) -> credentials.Links:
    base = _base(signed)
    return credentials.Links(
        site=base + "/",
        issuer=base + url_for("verify.issuer"),
        verify=base + url_for("verify.page", public_id=public_id),
        credential=base + url_for("verify.badge", public_id=public_id),
        evidence=base + url_for("verify.evidence", public_id=public_id),
        achievement=base + url_for("verify.achievement", track_id=track_id),
        revocations=base + url_for("verify.revocations"),
    )


@bp.get("/verify")
def lookup():
    typed = (request.args.get("id") or "").strip()
    if typed:
        return redirect(url_for("verify.page", public_id=typed))
    return render_template("verify/lookup.html")


@bp.get("/verify/<public_id>")
def page(public_id: str):
    try:
        certificate = certificates.find_public(public_id)
    except NotFound:
        return render_template("verify/not_found.html", public_id=public_id), 404
    return render_template(
        "verify/page.html", certificate=certificate, status=certificate.status(clock.now())
    )


@bp.get("/verify/<public_id>/badge.json")
def badge(public_id: str):
    certificate = certificates.find_public(public_id)
    if certificate.revoked_at is not None:  # never sign a fresh copy of a revoked credential
        return {
            "error": f"This certificate was revoked on {certificate.revoked_at:%d %b %Y}.",
            "status": "revoked",
        }, 410
    document = credentials.badge(
        certificate, _links(public_id, certificate.track_id), ISSUER_NAME, _key()
    )
    return current_app.response_class(
        current_app.json.dumps(document), mimetype="application/ld+json"
    )


@bp.get("/verify/<public_id>/evidence")
def evidence(public_id: str):
    certificate = certificates.find_public(public_id)
    attempt = certificate.exam.attempt
    return render_template(
        "verify/evidence.html", certificate=certificate, exam=certificate.exam,
        touches=[t for t in (attempt.result or {}).get("touches", []) if t.get("scores")],
        levels=training.effective_levels(attempt),
    )  # fmt: skip


@bp.get("/verify/<public_id>/certificate.pdf")
def pdf(public_id: str):
    certificate = certificates.find_public(public_id)
    now = clock.now()
    verify_url = _links(public_id, certificate.track_id, signed=False).verify
    body = certificate_pdf.render(certificate, verify_url, certificate.status(now), now)
    name = f"reconnect-certificate-{certificate.public_id}.pdf"
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@bp.get("/badges/issuer")
def issuer():
    base = _base()
    profile = credentials.issuer_profile(
        base + url_for("verify.issuer"), base + "/", ISSUER_NAME, _key()
    )
    return current_app.response_class(
        current_app.json.dumps(profile), mimetype="application/ld+json"
    )


@bp.get("/badges/revocations")
def revocations():
    base = _base()
    listing = {
        "id": base + url_for("verify.revocations"),
        "issuer": base + url_for("verify.issuer"),
        "revokedCredentials": [
            {"id": base + url_for("verify.badge", public_id=public_id)}
            for public_id in certificates.revoked_ids()
        ],
    }
    return current_app.response_class(current_app.json.dumps(listing), mimetype="application/json")


@bp.get("/badges/tracks/<track_id>")
def achievement(track_id: str):
    found = exams.catalog().tracks.get(track_id)
    if found is None:
        abort(404)
    base = _base()
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": base + url_for("verify.achievement", track_id=found.id),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": found.title,
        "description": found.summary or found.title,
        "version": str(found.version),
    }  # fmt: skip
    return current_app.response_class(
        current_app.json.dumps(document), mimetype="application/ld+json"
    )
