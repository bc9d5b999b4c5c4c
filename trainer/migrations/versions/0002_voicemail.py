"""voicemail recordings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "voicemail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("dealership_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=120), nullable=True),
        sa.Column("audio", sa.LargeBinary(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("engine", sa.String(length=40), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("transcript", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("corrected_transcript", sa.Text(), nullable=True),
        sa.Column("corrected_by_id", sa.Integer(), nullable=True),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_voicemail_attempt_id_attempt")
        ),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["user_account.id"],
            name=op.f("fk_voicemail_corrected_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["dealership_id"], ["dealership.id"], name=op.f("fk_voicemail_dealership_id_dealership")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_voicemail_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voicemail")),
    )
    with op.batch_alter_table("voicemail", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voicemail_attempt_id"), ["attempt_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_voicemail_dealership_id"), ["dealership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_voicemail_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_voicemail_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("voicemail", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voicemail_user_id"))
        batch_op.drop_index(batch_op.f("ix_voicemail_status"))
        batch_op.drop_index(batch_op.f("ix_voicemail_dealership_id"))
        batch_op.drop_index(batch_op.f("ix_voicemail_attempt_id"))

    op.drop_table("voicemail")
