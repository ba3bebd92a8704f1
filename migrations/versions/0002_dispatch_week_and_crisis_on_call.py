"""dispatch week and crisis on call: rounds, pages, alerts held for the on-call hours

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 08:02:40.245277
"""
import sqlalchemy as sa
from alembic import op

import dispatch.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('crisis', sa.Boolean(), nullable=False),
    sa.Column('created_at', dispatch.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', dispatch.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('to_id', sa.Integer(), nullable=True),
    sa.Column('delivered_at', dispatch.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ),
    sa.ForeignKeyConstraint(['to_id'], ['coordinators.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_pending', ['delivered_at', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('coaches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('crisis', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('partner', sa.String(length=64), nullable=True))

    with op.batch_alter_table('coordinators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rank', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('hotline', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quiet_start', sa.String(length=5), nullable=False, server_default='21:00'))
        batch_op.add_column(sa.Column('quiet_end', sa.String(length=5), nullable=False, server_default='08:00'))
        batch_op.add_column(sa.Column('crisis_deadline_minutes', sa.Integer(), nullable=False, server_default='60'))

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=8), nullable=False, server_default='sms'))

    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('sent_at', dispatch.models.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('taken_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('taken_at', dispatch.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key('fk_requests_taken_by_id', 'coordinators', ['taken_by_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.drop_constraint('fk_requests_taken_by_id', type_='foreignkey')
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('note')
        batch_op.drop_column('taken_at')
        batch_op.drop_column('taken_by_id')
        batch_op.drop_column('round')

    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_column('sent_at')
        batch_op.drop_column('round')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('channel')

    with op.batch_alter_table('hotline', schema=None) as batch_op:
        batch_op.drop_column('crisis_deadline_minutes')
        batch_op.drop_column('quiet_end')
        batch_op.drop_column('quiet_start')

    with op.batch_alter_table('coordinators', schema=None) as batch_op:
        batch_op.drop_column('rank')

    with op.batch_alter_table('coaches', schema=None) as batch_op:
        batch_op.drop_column('partner')
        batch_op.drop_column('crisis')

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_request_id'))
        batch_op.drop_index('ix_alerts_pending')

    op.drop_table('alerts')
