"""pending imports in the database

Revision ID: 33987b4d816b
Revises: 4726c80900a3
Create Date: 2026-12-01 20:39:47.766110

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '33987b4d816b'
down_revision = '4726c80900a3'
branch_labels = None
depends_on = None


def upgrade():
    # Previews waiting in instance/imports/ from before are not carried over: HR uploads again.
    op.create_table('pending_import',
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_pending_import'))
    )


def downgrade():
    op.drop_table('pending_import')
