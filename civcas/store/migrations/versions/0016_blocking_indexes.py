"""blocking indexes

Revision ID: 0016
Revises: 0011
Create Date: 2026-11-30

The linker meets the incidents of a date window in a region (`Store.incident_candidates`: an
admin-1 unit or a country, or a place not known at that level). With one index per column the
planner read every incident of the unit or country, whatever its date (SQLite's OR of the two
region terms used the admin-1 index alone): a cost growing with the store. Indexes on (unit,
date) and (country, date) read the window alone; they lead with the unit and the country, so they
serve the lists filtered by either as the indexes they replace did. And the names index gets its
report's column: replacing a report's facts deleted its names by a scan of every report's.
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_admin1')
        batch_op.drop_index('ix_incidents_country_code')
        batch_op.create_index('ix_incidents_admin1_date', ['admin1', 'date'], unique=False)
        batch_op.create_index('ix_incidents_country_date', ['country_code', 'date'], unique=False)
    with op.batch_alter_table('report_names', schema=None) as batch_op:
        batch_op.create_index('ix_report_names_report_id', ['report_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_names', schema=None) as batch_op:
        batch_op.drop_index('ix_report_names_report_id')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_country_date')
        batch_op.drop_index('ix_incidents_admin1_date')
        batch_op.create_index('ix_incidents_country_code', ['country_code'], unique=False)
        batch_op.create_index('ix_incidents_admin1', ['admin1'], unique=False)
