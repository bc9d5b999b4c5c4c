"""Open Badges credentials: the document's shape, canonical bytes, and the key encodings."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from trainer.certification.credential import (
    BadgeFacts,
    base58btc,
    build_credential,
    canonical,
    from_base58btc,
    multikey,
    proof_options,
    signing_input,
)

FACTS = BadgeFacts(
    credential_url="https://t.example/verify/abc/badge.json",
    verify_url="https://t.example/verify/abc",
    evidence_url="https://t.example/verify/abc/evidence",
    issuer_url="https://t.example/badges/issuer",
    issuer_name="Reconnect certification",
    site_url="https://t.example/",
    achievement_url="https://t.example/badges/tracks/level-1",
    revocations_url="https://t.example/badges/revocations",
    track_title="Internet Lead Response — Level 1",
    track_summary="Answers a fresh lead well.",
    criteria="Passed: trust at least 3.",
    holder_name="Zoë Ålvarez",
    issued_at=datetime(2026, 3, 1, 12, 30, 15, 999, tzinfo=UTC),
    expires_at=datetime(2027, 3, 1, 12, 30, 15, tzinfo=UTC),
    evidence_summary="Scenario x, mean levels.",
)


def test_the_credential_follows_the_open_badges_3_shape():
    doc = build_credential(FACTS)
    assert doc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "ob/v3p0" in doc["@context"][1]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["issuer"]["id"] == FACTS.issuer_url and doc["issuer"]["type"] == ["Profile"]
    assert doc["validFrom"] == "2026-03-01T12:30:15Z"
    assert doc["validUntil"] == "2027-03-01T12:30:15Z"
    subject = doc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["criteria"]["narrative"] == FACTS.criteria
    assert subject["identifier"][0]["identityHash"] == "Zoë Ålvarez"
    assert doc["evidence"][0]["id"] == FACTS.evidence_url
    assert doc["credentialStatus"] == {
        "id": FACTS.revocations_url,
        "type": "1EdTechRevocationList",
    }


def test_canonical_bytes_sort_keys_keep_unicode_and_refuse_floats():
    assert canonical({"b": [1, {"z": None, "a": True}], "a": "é"}) == (
        '{"a":"é","b":[1,{"a":true,"z":null}]}'.encode()
    )
    with pytest.raises(ValueError):
        canonical({"score": 0.5})
    doc = build_credential(FACTS)
    assert json.loads(canonical(doc)) == doc


def test_the_signing_input_covers_options_and_document_but_not_the_proof():
    doc = build_credential(FACTS)
    options = proof_options("https://t.example/badges/issuer#key-1", FACTS.issued_at)
    first = signing_input(doc, options)
    assert len(first) == 64
    assert signing_input({**doc, "proof": {"anything": 1}}, options) == first
    changed = {**doc, "validUntil": "2099-01-01T00:00:00Z"}
    assert signing_input(changed, options)[32:] != first[32:]


def test_base58_round_trips_and_matches_the_known_vector():
    assert base58btc(b"hello world") == "StV1DL6CwTryKyV"
    for raw in (b"", b"\0\0\x01", bytes(range(40))):
        assert from_base58btc(base58btc(raw)) == raw
    with pytest.raises(ValueError):
        from_base58btc("0OIl")


def test_an_ed25519_multikey_has_the_usual_prefix():
    assert multikey(bytes(32)).startswith("z6Mk")
