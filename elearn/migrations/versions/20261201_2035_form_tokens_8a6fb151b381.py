"""form tokens for campaigns and survey rounds

Revision ID: 8a6fb151b381
Revises: edca5976627d
Create Date: 2026-12-01 20:35:29.841187

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a6fb151b381'
down_revision = 'edca5976627d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_token', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_campaign_form_token'), ['form_token'])

    with op.batch_alter_table('survey_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_token', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_survey_round_form_token'), ['form_token'])



def downgrade():
    with op.batch_alter_table('survey_round', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_survey_round_form_token'), type_='unique')
        batch_op.drop_column('form_token')

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_campaign_form_token'), type_='unique')
        batch_op.drop_column('form_token')

