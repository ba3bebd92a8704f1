"""A coach's pause with an end: coaches.paused_until

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

import dispatch.models

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coaches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_until", dispatch.models.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coaches", schema=None) as batch_op:
        batch_op.drop_column("paused_until")
