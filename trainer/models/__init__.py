"""Persistence: typed SQLAlchemy models, one module per aggregate. Models never commit."""

from trainer.models.certification import EXAM_STATUSES, Certificate, Exam
from trainer.models.org import (
    ROLES,
    DealerGroup,
    Dealership,
    Invite,
    LoginFailure,
    Membership,
    PasswordReset,
    Team,
    User,
)
from trainer.models.training import (
    CRITERIA,
    Assignment,
    AssignmentTarget,
    Attempt,
    AuditLog,
    Override,
    ScenarioPack,
)
from trainer.models.voicemail import VOICEMAIL_STATUSES, Voicemail

__all__ = [
    "CRITERIA",
    "EXAM_STATUSES",
    "ROLES",
    "VOICEMAIL_STATUSES",
    "Assignment",
    "AssignmentTarget",
    "Attempt",
    "AuditLog",
    "Certificate",
    "DealerGroup",
    "Dealership",
    "Exam",
    "Invite",
    "LoginFailure",
    "Membership",
    "Override",
    "PasswordReset",
    "ScenarioPack",
    "Team",
    "User",
    "Voicemail",
]
