"""campaigns can end

Revision ID: f24afad938a1
Revises: cae11940410a
Create Date: 2026-11-25 13:09:59.216796

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f24afad938a1'
down_revision = 'cae11940410a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('ended_at')
