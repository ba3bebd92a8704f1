"""People known by e-mail: requests' channel and longer addresses, mail
threading on messages, mail copies to erase from the mailbox

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

import dispatch.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.alter_column("sender", existing_type=sa.String(length=32),
                              type_=sa.String(length=254), existing_nullable=True)
        batch_op.add_column(sa.Column("channel", sa.String(length=8), nullable=False,
                                      server_default="sms"))
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.alter_column("from_number", existing_type=sa.String(length=64),
                              type_=sa.String(length=254), existing_nullable=True)
        batch_op.alter_column("to_number", existing_type=sa.String(length=64),
                              type_=sa.String(length=254), existing_nullable=True)
        batch_op.add_column(sa.Column("subject", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("mail_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("references", sa.Text(), nullable=True))
        batch_op.create_index("ix_messages_mail_id", ["mail_id"], unique=False)
    with op.batch_alter_table("phone_status", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.String(length=64),
                              type_=sa.String(length=254), existing_nullable=False)
    op.create_table(
        "mail_erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.String(length=255), nullable=False),
        sa.Column("queued_at", dispatch.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("mail_erasures")
    with op.batch_alter_table("phone_status", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.String(length=254),
                              type_=sa.String(length=64), existing_nullable=False)
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_mail_id")
        batch_op.drop_column("references")
        batch_op.drop_column("mail_id")
        batch_op.drop_column("subject")
        batch_op.alter_column("to_number", existing_type=sa.String(length=254),
                              type_=sa.String(length=64), existing_nullable=True)
        batch_op.alter_column("from_number", existing_type=sa.String(length=254),
                              type_=sa.String(length=64), existing_nullable=True)
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("channel")
        batch_op.alter_column("sender", existing_type=sa.String(length=254),
                              type_=sa.String(length=32), existing_nullable=True)
