"""invitations and reminders

Revision ID: 4af319e3b17e
Revises: ac5c1f7a9db8
Create Date: 2026-11-25 07:24:39.850293

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4af319e3b17e'
down_revision = 'ac5c1f7a9db8'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('reminder',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_reminder_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'kind', name=op.f('pk_reminder'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))




def downgrade():

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('invited_at')

    op.drop_table('reminder')

