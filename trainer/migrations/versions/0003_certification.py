"""certification: exams and certificates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 06:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "exam",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("dealership_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("track_id", sa.String(length=80), nullable=False),
        sa.Column("track_version", sa.Integer(), nullable=False),
        sa.Column("track_title", sa.String(length=160), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("open_key", sa.String(length=120), nullable=True),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("timed_out", sa.Boolean(), nullable=False),
        sa.Column("verdict", sa.JSON(), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignment.id"], name=op.f("fk_exam_assignment_id_assignment")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_exam_attempt_id_attempt")
        ),
        sa.ForeignKeyConstraint(
            ["dealership_id"], ["dealership.id"], name=op.f("fk_exam_dealership_id_dealership")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["user_account.id"],
            name=op.f("fk_exam_reviewed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_exam_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam")),
        sa.UniqueConstraint("attempt_id", name=op.f("uq_exam_attempt_id")),
        sa.UniqueConstraint("open_key", name=op.f("uq_exam_open_key")),
    )
    with op.batch_alter_table("exam", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_dealership_id"), ["dealership_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exam_reviewed_at"), ["reviewed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_exam_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_exam_track_id"), ["track_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exam_user_id"), ["user_id"], unique=False)

    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("dealership_id", sa.Integer(), nullable=False),
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.String(length=80), nullable=False),
        sa.Column("track_version", sa.Integer(), nullable=False),
        sa.Column("track_title", sa.String(length=160), nullable=False),
        sa.Column("holder_name", sa.String(length=120), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=False),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dealership_id"],
            ["dealership.id"],
            name=op.f("fk_certificate_dealership_id_dealership"),
        ),
        sa.ForeignKeyConstraint(["exam_id"], ["exam.id"], name=op.f("fk_certificate_exam_id_exam")),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["user_account.id"],
            name=op.f("fk_certificate_revoked_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_certificate_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
        sa.UniqueConstraint("exam_id", name=op.f("uq_certificate_exam_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_certificate_public_id")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_dealership_id"), ["dealership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_certificate_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_track_id"), ["track_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("track_id", sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("track_id")

    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_user_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_track_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_expires_at"))
        batch_op.drop_index(batch_op.f("ix_certificate_dealership_id"))

    op.drop_table("certificate")
    with op.batch_alter_table("exam", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_user_id"))
        batch_op.drop_index(batch_op.f("ix_exam_track_id"))
        batch_op.drop_index(batch_op.f("ix_exam_status"))
        batch_op.drop_index(batch_op.f("ix_exam_reviewed_at"))
        batch_op.drop_index(batch_op.f("ix_exam_dealership_id"))

    op.drop_table("exam")
