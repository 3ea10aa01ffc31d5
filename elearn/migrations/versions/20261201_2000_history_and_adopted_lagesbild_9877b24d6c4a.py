"""history of people and assignments, adopted lagesbild

Revision ID: 9877b24d6c4a
Revises: a1d66623a132
Create Date: 2026-12-01 20:00:30.272515

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9877b24d6c4a'
down_revision = 'a1d66623a132'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('adopted_lagesbild',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adopted_by_id', sa.Integer(), nullable=True),
    sa.Column('adopted_by_name', sa.String(length=200), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['adopted_by_id'], ['person.id'], name=op.f('fk_adopted_lagesbild_adopted_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adopted_lagesbild')),
    sa.UniqueConstraint('year', name=op.f('uq_adopted_lagesbild_year'))
    )
    op.create_table('assignment_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_assignment_history_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_history'))
    )
    with op.batch_alter_table('assignment_history', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_history_person_valid', ['person_id', 'valid_to'], unique=False)

    op.create_table('person_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_person_history_department_id_department')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_history_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_history'))
    )
    with op.batch_alter_table('person_history', schema=None) as batch_op:
        batch_op.create_index('ix_person_history_person_valid', ['person_id', 'valid_to'], unique=False)

    op.create_table('person_role_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_role_history_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_role_history'))
    )
    with op.batch_alter_table('person_role_history', schema=None) as batch_op:
        batch_op.create_index('ix_person_role_history_person_valid', ['person_id', 'valid_to'], unique=False)

    # What is known today becomes each row's first history row, from when the row was made.
    # A person deactivated with a known date was active until then, inactive since.
    op.execute(
        "INSERT INTO person_history (person_id, department_id, kind, active, valid_from, valid_to) "
        "SELECT id, department_id, kind, true, created_at, deactivated_at FROM person "
        "WHERE active = true OR deactivated_at IS NOT NULL"
    )
    op.execute(
        "INSERT INTO person_history (person_id, department_id, kind, active, valid_from, valid_to) "
        "SELECT id, department_id, kind, false, COALESCE(deactivated_at, created_at), NULL FROM person "
        "WHERE active = false"
    )
    op.execute(
        "INSERT INTO person_role_history (person_id, role, valid_from, valid_to) "
        "SELECT person_role.person_id, person_role.role, person.created_at, NULL "
        "FROM person_role JOIN person ON person.id = person_role.person_id"
    )
    op.execute(
        "INSERT INTO assignment_history (person_id, course_id, due_on, valid_from, valid_to) "
        "SELECT person_id, course_id, due_on, created_at, NULL FROM assignment"
    )




def downgrade():
    with op.batch_alter_table('person_role_history', schema=None) as batch_op:
        batch_op.drop_index('ix_person_role_history_person_valid')

    op.drop_table('person_role_history')
    with op.batch_alter_table('person_history', schema=None) as batch_op:
        batch_op.drop_index('ix_person_history_person_valid')

    op.drop_table('person_history')
    with op.batch_alter_table('assignment_history', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_history_person_valid')

    op.drop_table('assignment_history')
    op.drop_table('adopted_lagesbild')

