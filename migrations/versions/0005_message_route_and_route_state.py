"""messages.route (the route a message went by) and clock_state.route_state

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("route", sa.String(length=16), nullable=True))
    with op.batch_alter_table("clock_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("route_state", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clock_state", schema=None) as batch_op:
        batch_op.drop_column("route_state")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("route")
