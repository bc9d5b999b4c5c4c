"""Signed Open Badges 3.0 credentials for certificates, and the issuer's public key.

The credential document is built by `trainer.certification.credential` (pure); here it gets
an embedded Data Integrity proof (`eddsa-jcs-2022`) made with the instance's Ed25519 key. The
key is created on first use in the instance folder (mode 0600); its public half is published
in the issuer profile, which the proof's `verificationMethod` points to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from trainer.certification.credential import (
    CONTEXT,
    CRYPTOSUITE,
    ED25519_MULTICODEC,
    BadgeFacts,
    base58btc,
    build_credential,
    from_base58btc,
    multikey,
    proof_options,
    signing_input,
)
from trainer.certification.rules import TITLES
from trainer.models import Certificate
from trainer.services import clock


@dataclass(frozen=True)
class Links:
    """The public addresses a credential names (built by the web layer)."""

    site: str
    issuer: str
    verify: str
    credential: str
    evidence: str
    achievement: str
    revocations: str


def load_key(path: Path) -> Ed25519PrivateKey:
    """Return the signing key stored at `path`, creating it (readable by the owner only)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # Written whole to a temporary name, then linked in place: a second process that
        # raced this one keeps whichever key got there first and both sign with it.
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(issuer_url: str) -> str:
    """Return the verification method id for the issuer's key."""
    return f"{issuer_url}#key-1"


def issuer_profile(
    issuer_url: str, site_url: str, name: str, key: Ed25519PrivateKey
) -> dict[str, Any]:
    """Return the issuer's Open Badges profile, with its public key as a Multikey."""
    return {
        "@context": CONTEXT,
        "id": issuer_url,
        "type": ["Profile"],
        "name": name,
        "url": site_url,
        "verificationMethod": [
            {
                "id": key_id(issuer_url),
                "type": "Multikey",
                "controller": issuer_url,
                "publicKeyMultibase": multikey(_raw_public(key)),
            }
        ],
    }


def criteria_text(rules_checks: list[dict[str, Any]] | None) -> str:
    """Say the pass rules in words, from the stored verdict."""
    parts = [f"{c['rule']}: {c['required']}" for c in rules_checks or []]
    return "Passed a time-boxed, auto-scored exam: " + "; ".join(parts) + "."


def _evidence_summary(certificate: Certificate) -> str:
    attempt = certificate.exam.attempt
    levels = ", ".join(
        f"{TITLES[c]} {getattr(attempt, c):g}" for c in TITLES if getattr(attempt, c) is not None
    )
    return f"Scenario {attempt.scenario_id}, mean levels (0-4): {levels}."


def badge(
    certificate: Certificate, links: Links, issuer_name: str, key: Ed25519PrivateKey
) -> dict[str, Any]:
    """Return the certificate as a signed OpenBadgeCredential."""
    facts = BadgeFacts(
        credential_url=links.credential, verify_url=links.verify, evidence_url=links.evidence,
        issuer_url=links.issuer, issuer_name=issuer_name, site_url=links.site,
        achievement_url=links.achievement, revocations_url=links.revocations,
        track_title=certificate.track_title,
        track_summary=_summary(certificate), criteria=criteria_text(
            (certificate.exam.verdict or {}).get("checks")
        ), holder_name=certificate.holder_name, issued_at=certificate.issued_at,
        expires_at=certificate.expires_at, evidence_summary=_evidence_summary(certificate),
    )  # fmt: skip
    document = build_credential(facts)
    options = proof_options(key_id(links.issuer), clock.now())
    signature = key.sign(signing_input(document, options))
    document["proof"] = {**options, "proofValue": "z" + base58btc(signature)}
    return document


def _summary(certificate: Certificate) -> str:
    from trainer.services import exams  # exams build on certificates; read the track lazily

    found = exams.catalog().tracks.get(certificate.track_id)
    return found.summary if found and found.summary else certificate.track_title


def verify_proof(document: dict[str, Any], public_multikey: str, method: str) -> bool:
    """Return True if the document carries an eddsa-jcs-2022 assertion proof made with the key
    `method` names (its id) and `public_multikey` holds."""
    proof = document.get("proof")
    if (
        not isinstance(proof, dict)
        or proof.get("type") != "DataIntegrityProof"
        or proof.get("cryptosuite") != CRYPTOSUITE
        or proof.get("proofPurpose") != "assertionMethod"
        or proof.get("verificationMethod") != method
    ):
        return False
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    try:
        raw = from_base58btc(public_multikey[1:])
        if not raw.startswith(ED25519_MULTICODEC):
            return False
        public = Ed25519PublicKey.from_public_bytes(raw[len(ED25519_MULTICODEC) :])
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        public.verify(from_base58btc(value[1:]), signing_input(document, options))
    except (InvalidSignature, ValueError):
        return False
    return True
