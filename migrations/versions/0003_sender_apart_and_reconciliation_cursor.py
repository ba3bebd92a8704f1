"""sending apart from deciding: attempts' start, inbound answers, reconciliation cursor, sender heartbeat

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 09:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

import dispatch.models

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempted_at', dispatch.models.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('handled_at', dispatch.models.UTCDateTime(timezone=True),
                                      nullable=True))
    # Messages stored before this revision were answered by their webhook:
    # reconciliation must not send their replies again.
    op.execute("UPDATE messages SET handled_at = created_at WHERE direction = 'in'")

    with op.batch_alter_table('clock_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reconcile_cursor_at',
                                      dispatch.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reconcile_cursor_sid', sa.String(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column('reconcile_from',
                                      dispatch.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sender_at', dispatch.models.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('routes', sa.JSON(), nullable=False,
                                      server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('clock_state', schema=None) as batch_op:
        batch_op.drop_column('routes')
        batch_op.drop_column('sender_at')
        batch_op.drop_column('reconcile_from')
        batch_op.drop_column('reconcile_cursor_sid')
        batch_op.drop_column('reconcile_cursor_at')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('handled_at')
        batch_op.drop_column('attempted_at')
