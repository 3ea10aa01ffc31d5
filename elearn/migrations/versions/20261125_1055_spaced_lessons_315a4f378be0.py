"""spaced lessons, campaigns, repetition and reflections

Revision ID: 315a4f378be0
Revises: f4ff6478c6a6
Create Date: 2026-11-25 10:55:33.121439

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '315a4f378be0'
down_revision = 'f4ff6478c6a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('every_days', sa.Integer(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('department_ids', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_campaign_created_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    op.create_table('reflection',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_reflection_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'course_id', 'module_id', name=op.f('pk_reflection'))
    )
    op.create_table('repeat_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('question_id', sa.String(length=120), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('first_correct', sa.Boolean(), nullable=False),
    sa.Column('days_after_first', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=40), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_repeat_answer_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repeat_answer')),
    sa.UniqueConstraint('person_id', 'submission_id', 'question_id', 'topic', name=op.f('uq_repeat_answer_person_id_submission_id_question_id_topic'))
    )
    with op.batch_alter_table('repeat_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repeat_answer_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_repeat_answer_topic'), ['topic'], unique=False)

    op.create_table('campaign_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_member_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_campaign_member_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_member')),
    sa.UniqueConstraint('campaign_id', 'person_id', name=op.f('uq_campaign_member_campaign_id_person_id'))
    )
    with op.batch_alter_table('campaign_member', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_member_person_course', ['person_id', 'course_id'], unique=False)

    op.create_table('lesson_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_lesson_delivery_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_lesson_delivery_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_delivery')),
    sa.UniqueConstraint('person_id', 'course_id', 'kind', 'module_id', 'due_on', name=op.f('uq_lesson_delivery_person_id_course_id_kind_module_id_due_on'))
    )
    with op.batch_alter_table('lesson_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_delivery_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('ix_lesson_delivery_unsent', ['sent_at'], unique=False)



def downgrade():
    with op.batch_alter_table('lesson_delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_lesson_delivery_unsent')
        batch_op.drop_index(batch_op.f('ix_lesson_delivery_campaign_id'))

    op.drop_table('lesson_delivery')
    with op.batch_alter_table('campaign_member', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_member_person_course')

    op.drop_table('campaign_member')
    with op.batch_alter_table('repeat_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repeat_answer_topic'))
        batch_op.drop_index(batch_op.f('ix_repeat_answer_person_id'))

    op.drop_table('repeat_answer')
    op.drop_table('reflection')
    op.drop_table('campaign')
