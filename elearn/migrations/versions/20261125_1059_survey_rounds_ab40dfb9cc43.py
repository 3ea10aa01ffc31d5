"""survey rounds

Revision ID: ab40dfb9cc43
Revises: 315a4f378be0
Create Date: 2026-11-25 10:59:32.667043

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ab40dfb9cc43'
down_revision = '315a4f378be0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('audience_kinds', sa.JSON(), nullable=False),
    sa.Column('audience_departments', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('help_options', sa.JSON(), nullable=False),
    sa.Column('free_text_question', sa.String(length=300), nullable=False),
    sa.Column('audience_size', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_round'))
    )
    with op.batch_alter_table('survey_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_round_closes_on'), ['closes_on'], unique=False)

    op.create_table('survey_response',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('free_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_survey_response_round_id_survey_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_survey_response'))
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_response_round_id'), ['round_id'], unique=False)

    op.create_table('survey_choice',
    sa.Column('response_key', sa.String(length=64), nullable=False),
    sa.Column('option', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['response_key'], ['survey_response.key'], name=op.f('fk_survey_choice_response_key_survey_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_key', 'option', name=op.f('pk_survey_choice'))
    )
    op.create_table('survey_participation',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_survey_participation_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_survey_participation_round_id_survey_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'person_id', name=op.f('pk_survey_participation'))
    )
    op.create_table('survey_rating',
    sa.Column('response_key', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_survey_rating_score_range')),
    sa.ForeignKeyConstraint(['response_key'], ['survey_response.key'], name=op.f('fk_survey_rating_response_key_survey_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_key', 'topic', name=op.f('pk_survey_rating'))
    )
    op.create_table('survey_reminder',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_survey_reminder_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_survey_reminder_round_id_survey_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'person_id', name=op.f('pk_survey_reminder'))
    )


def downgrade():
    op.drop_table('survey_reminder')
    op.drop_table('survey_rating')
    op.drop_table('survey_participation')
    op.drop_table('survey_choice')
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_response_round_id'))

    op.drop_table('survey_response')
    with op.batch_alter_table('survey_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_round_closes_on'))

    op.drop_table('survey_round')
