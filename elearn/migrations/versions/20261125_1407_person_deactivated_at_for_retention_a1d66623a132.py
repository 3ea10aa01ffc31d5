"""person deactivated_at for retention

Revision ID: a1d66623a132
Revises: f24afad938a1
Create Date: 2026-11-25 14:07:14.345100

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1d66623a132'
down_revision = 'f24afad938a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True))
    # People already inactive: their last change is the best guess of when they left.
    op.execute("UPDATE person SET deactivated_at = updated_at WHERE active = false")


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('deactivated_at')
