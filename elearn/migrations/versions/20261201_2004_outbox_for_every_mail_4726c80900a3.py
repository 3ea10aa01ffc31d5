"""outbox for every mail

Revision ID: 4726c80900a3
Revises: 8a6fb151b381
Create Date: 2026-12-01 20:04:32.951510

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4726c80900a3'
down_revision = '8a6fb151b381'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=32), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refused_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_outbox_mail_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mail'))
    )
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_mail_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_outbox_mail_unsent', ['sent_at', 'id'], unique=False)

    with op.batch_alter_table('lesson_delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_id', sa.Integer(), nullable=True))

    # Lessons already mailed keep their record as sent outbox rows (same ids, empty text); the
    # unsent ones are queued again by the next `flask lessons send`.
    op.execute(
        "INSERT INTO outbox_mail (id, person_id, kind, subject, body, to_address, created_at, claimed_by, "
        "sent_at, failures, last_error) "
        "SELECT d.id, d.person_id, d.kind, '', '', p.email, d.created_at, '', d.sent_at, 0, '' "
        "FROM lesson_delivery d JOIN person p ON p.id = d.person_id WHERE d.sent_at IS NOT NULL"
    )
    op.execute("UPDATE lesson_delivery SET mail_id = id WHERE sent_at IS NOT NULL")
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "SELECT setval(pg_get_serial_sequence('outbox_mail', 'id'), COALESCE(MAX(id), 0) + 1, false) "
            "FROM outbox_mail"
        )

    with op.batch_alter_table('lesson_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_delivery_unsent'))
        batch_op.create_index(batch_op.f('ix_lesson_delivery_mail_id'), ['mail_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lesson_delivery_mail_id_outbox_mail'), 'outbox_mail', ['mail_id'], ['id'])
        batch_op.drop_column('last_error')
        batch_op.drop_column('failures')
        batch_op.drop_column('sent_at')


def downgrade():
    with op.batch_alter_table('lesson_delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('last_error', sa.String(length=300), nullable=False, server_default=''))
    op.execute(
        "UPDATE lesson_delivery SET sent_at = (SELECT m.sent_at FROM outbox_mail m WHERE m.id = lesson_delivery.mail_id)"
    )
    with op.batch_alter_table('lesson_delivery', schema=None) as batch_op:
        batch_op.alter_column('failures', server_default=None)
        batch_op.alter_column('last_error', server_default=None)
        batch_op.drop_constraint(batch_op.f('fk_lesson_delivery_mail_id_outbox_mail'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lesson_delivery_mail_id'))
        batch_op.create_index(batch_op.f('ix_lesson_delivery_unsent'), ['sent_at'], unique=False)
        batch_op.drop_column('mail_id')

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_mail_unsent')
        batch_op.drop_index(batch_op.f('ix_outbox_mail_person_id'))

    op.drop_table('outbox_mail')
