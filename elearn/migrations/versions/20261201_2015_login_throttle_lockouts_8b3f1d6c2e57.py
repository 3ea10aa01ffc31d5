"""login throttle lockouts, so each lock lasts longer than the one before

Revision ID: 8b3f1d6c2e57
Revises: 5e0c2b7d9a41
Create Date: 2026-12-01 20:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b3f1d6c2e57'
down_revision = '5e0c2b7d9a41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lockouts', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_column('lockouts')
