"""initial schema

Revision ID: ac5c1f7a9db8
Revises: 
Create Date: 2026-11-25 07:10:52.877085

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ac5c1f7a9db8'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('code', name=op.f('uq_department_code'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('employee_id', sa.String(length=40), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_person_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('email', name=op.f('uq_person_email')),
    sa.UniqueConstraint('employee_id', name=op.f('uq_person_employee_id'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_active'), ['active'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_kind'), ['kind'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_assignment_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('person_id', 'course_id', name=op.f('uq_assignment_person_id_course_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_course_id'), ['course_id'], unique=False)

    op.create_table('course_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('course_version', sa.String(length=20), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('certificate_code', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_course_completion_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_completion')),
    sa.UniqueConstraint('certificate_code', name=op.f('uq_course_completion_certificate_code'))
    )
    with op.batch_alter_table('course_completion', schema=None) as batch_op:
        batch_op.create_index('ix_course_completion_person_course', ['person_id', 'course_id'], unique=False)

    op.create_table('module_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.Column('module_version', sa.String(length=20), nullable=False),
    sa.Column('submission_id', sa.String(length=40), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_module_attempt_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_attempt')),
    sa.UniqueConstraint('person_id', 'submission_id', name=op.f('uq_module_attempt_person_id_submission_id'))
    )
    with op.batch_alter_table('module_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_module_attempt_person_course', ['person_id', 'course_id'], unique=False)

    op.create_table('person_role',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_role_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'role', name=op.f('pk_person_role'))
    )
    with op.batch_alter_table('person_role', schema=None) as batch_op:
        batch_op.create_index('ix_person_role_role', ['role'], unique=False)

    op.create_table('quiz_draft',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_quiz_draft_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'course_id', 'module_id', name=op.f('pk_quiz_draft'))
    )



def downgrade():

    op.drop_table('quiz_draft')
    with op.batch_alter_table('person_role', schema=None) as batch_op:
        batch_op.drop_index('ix_person_role_role')

    op.drop_table('person_role')
    with op.batch_alter_table('module_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_module_attempt_person_course')

    op.drop_table('module_attempt')
    with op.batch_alter_table('course_completion', schema=None) as batch_op:
        batch_op.drop_index('ix_course_completion_person_course')

    op.drop_table('course_completion')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_course_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_kind'))
        batch_op.drop_index(batch_op.f('ix_person_department_id'))
        batch_op.drop_index(batch_op.f('ix_person_active'))

    op.drop_table('person')
    op.drop_table('department')

