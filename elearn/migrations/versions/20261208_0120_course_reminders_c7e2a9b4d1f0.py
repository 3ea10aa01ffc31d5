"""course reminders: each reminder of a course that went to a person

Revision ID: c7e2a9b4d1f0
Revises: 20a99c26344c
Create Date: 2026-12-08 01:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e2a9b4d1f0'
down_revision = '20a99c26344c'
branch_labels = None
depends_on = None


def upgrade():
    # Reminders sent before this table existed are not known per course: only the latest of
    # each kind was kept (table `reminder`), so the log starts empty.
    op.create_table('course_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_course_reminder_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_reminder'))
    )
    op.create_index('ix_course_reminder_person_course', 'course_reminder', ['person_id', 'course_id'], unique=False)


def downgrade():
    op.drop_index('ix_course_reminder_person_course', table_name='course_reminder')
    op.drop_table('course_reminder')
