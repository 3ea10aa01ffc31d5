"""question results for topic gaps

Revision ID: f4ff6478c6a6
Revises: 4af319e3b17e
Create Date: 2026-11-25 07:31:01.766698

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4ff6478c6a6'
down_revision = '4af319e3b17e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('question_id', sa.String(length=120), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('first_attempt', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['module_attempt.id'], name=op.f('fk_question_result_attempt_id_module_attempt'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_question_result_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_result'))
    )
    with op.batch_alter_table('question_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_result_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_result_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_question_result_topic_first', ['topic', 'first_attempt'], unique=False)

    with op.batch_alter_table('course_completion', schema=None) as batch_op:
        batch_op.create_index('ix_course_completion_completed_at', ['completed_at'], unique=False)

    with op.batch_alter_table('module_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempt_number', sa.Integer(), nullable=False, server_default='1'))



def downgrade():
    with op.batch_alter_table('module_attempt', schema=None) as batch_op:
        batch_op.drop_column('attempt_number')

    with op.batch_alter_table('course_completion', schema=None) as batch_op:
        batch_op.drop_index('ix_course_completion_completed_at')

    with op.batch_alter_table('question_result', schema=None) as batch_op:
        batch_op.drop_index('ix_question_result_topic_first')
        batch_op.drop_index(batch_op.f('ix_question_result_person_id'))
        batch_op.drop_index(batch_op.f('ix_question_result_attempt_id'))

    op.drop_table('question_result')
