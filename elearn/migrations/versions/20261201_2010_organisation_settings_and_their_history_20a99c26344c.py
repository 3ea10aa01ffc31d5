"""organisation settings and their history

Revision ID: 20a99c26344c
Revises: 92486443fdaa
Create Date: 2026-12-01 20:10:51.220160

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '20a99c26344c'
down_revision = '92486443fdaa'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('org_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_org_setting'))
    )
    op.create_table('org_setting_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('old_value', sa.String(length=500), nullable=False),
    sa.Column('new_value', sa.String(length=500), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['person.id'], name=op.f('fk_org_setting_change_changed_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_setting_change'))
    )
    with op.batch_alter_table('org_setting_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_setting_change_changed_by_id'), ['changed_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('org_setting_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_setting_change_changed_by_id'))

    op.drop_table('org_setting_change')
    op.drop_table('org_setting')
