"""Certification domain: track files, pass rules and Open Badges credentials (pure)."""

from trainer.certification.rules import Check, ExamEvidence, Verdict, judge
from trainer.certification.tracks import (
    PassRules,
    Track,
    TrackCatalog,
    build_track,
    load_track,
    load_tracks,
    rules_from,
)

__all__ = [
    "Check",
    "ExamEvidence",
    "PassRules",
    "Track",
    "TrackCatalog",
    "Verdict",
    "build_track",
    "judge",
    "load_track",
    "load_tracks",
    "rules_from",
]
