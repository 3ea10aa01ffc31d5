"""external identities for OpenID Connect

Revision ID: 92486443fdaa
Revises: 75baf73afaf8
Create Date: 2026-12-01 20:01:54.882638

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '92486443fdaa'
down_revision = '75baf73afaf8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('external_identity',
    sa.Column('provider', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_external_identity_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('provider', 'subject', name=op.f('pk_external_identity'))
    )
    with op.batch_alter_table('external_identity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_identity_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('external_identity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_identity_person_id'))

    op.drop_table('external_identity')
