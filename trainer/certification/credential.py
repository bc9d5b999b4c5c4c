"""Open Badges 3.0 credentials (W3C Verifiable Credentials data model) as plain data.

Pure: builds the JSON-LD document and the exact bytes a Data Integrity proof signs
(cryptosuite `eddsa-jcs-2022`: SHA-256 of the JCS-canonical proof options, then of the
JCS-canonical credential). Signing with a key happens in `trainer.services.credentials`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"


@dataclass(frozen=True)
class BadgeFacts:
    """What a credential states: who, what, when, and where to check it."""

    credential_url: str  # where this JSON is served
    verify_url: str  # the human verification page
    evidence_url: str  # the graded attempt
    issuer_url: str  # the issuer profile (with the public key)
    issuer_name: str
    site_url: str
    achievement_url: str
    revocations_url: str  # the issuer's 1EdTech revocation list
    track_title: str
    track_summary: str
    criteria: str  # the pass rules, in words
    holder_name: str
    issued_at: datetime
    expires_at: datetime
    evidence_summary: str


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_credential(facts: BadgeFacts) -> dict[str, Any]:
    """Return an unsigned OpenBadgeCredential for one certificate."""
    return {
        "@context": CONTEXT,
        "id": facts.credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.track_title,
        "issuer": {
            "id": facts.issuer_url,
            "type": ["Profile"],
            "name": facts.issuer_name,
            "url": facts.site_url,
        },
        "validFrom": _stamp(facts.issued_at),
        "validUntil": _stamp(facts.expires_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": facts.holder_name,
                }
            ],
            "achievement": {
                "id": facts.achievement_url,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": facts.track_title,
                "description": facts.track_summary,
                "criteria": {"narrative": facts.criteria},
            },
        },
        "evidence": [
            {
                "id": facts.evidence_url,
                "type": ["Evidence"],
                "name": "Graded exam attempt",
                "narrative": facts.evidence_summary,
            }
        ],
        "credentialStatus": {
            "id": facts.revocations_url,
            "type": "1EdTechRevocationList",
        },
    }


def canonical(value: Any) -> bytes:
    """Return JSON Canonicalization Scheme bytes (RFC 8785) for data without floats."""

    def check(item: Any) -> None:
        if isinstance(item, float):
            raise ValueError("credentials carry no floating-point numbers")
        if isinstance(item, dict):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise ValueError("object keys must be text")
                check(inner)
        elif isinstance(item, list):
            for inner in item:
                check(inner)

    check(value)
    # With string keys and no floats, sorted keys and minimal separators are RFC 8785's form
    # (keys here are ASCII, so code-point order equals its UTF-16 order).
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def proof_options(verification_method: str, created: datetime) -> dict[str, Any]:
    """Return the proof options (the proof without its value) for a credential."""
    return {
        "@context": CONTEXT,
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _stamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }


def signing_input(credential: dict[str, Any], options: dict[str, Any]) -> bytes:
    """Return the bytes an eddsa-jcs-2022 proof signs: hash(options) + hash(credential)."""
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    return (
        hashlib.sha256(canonical(options)).digest() + hashlib.sha256(canonical(unsigned)).digest()
    )


def base58btc(data: bytes) -> str:
    """Encode bytes in base58 (Bitcoin alphabet), as multibase 'z' values use."""
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = _ALPHABET[digit] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def from_base58btc(text: str) -> bytes:
    """Decode base58 (Bitcoin alphabet); raise ValueError on a foreign character."""
    number = 0
    for char in text:
        index = _ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"'{char}' is not a base58 character")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multikey(public_key: bytes) -> str:
    """Return an Ed25519 public key as a Multikey `publicKeyMultibase` value."""
    return "z" + base58btc(ED25519_MULTICODEC + public_key)
