"""living exports

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-10

The change log of incidents (`incident_changes`): one row per incident each time something the
export says of it changes, numbered by `version`, so `civcas export --since VERSION` lists what
changed after a copy was taken. Incidents stored before this revision get one "added" row each
(version = their id, which is unique and grows as they were made). `incidents.removed`: an
analyst took the incident out of the published data (it stays, for the audit trail and so that
reports of the same non-event keep joining it).
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'incident_changes',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('incident_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('merged_into', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('version', 'incident_id'),
    )
    op.create_index('ix_incident_changes_incident_id', 'incident_changes', ['incident_id'], unique=False)
    # A rebuilt table keeps AUTOINCREMENT only when told: incident ids are never reused.
    with op.batch_alter_table('incidents', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('removed', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("INSERT INTO incident_changes (version, incident_id, kind, at) "
               "SELECT id, id, 'added', created_at FROM incidents")


def downgrade() -> None:
    with op.batch_alter_table('incidents', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('removed')
    op.drop_index('ix_incident_changes_incident_id', table_name='incident_changes')
    op.drop_table('incident_changes')
