"""extractor version

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

Which reading produced a report's facts and claims (`civcas.extract.version`), so `civcas
reprocess` re-reads exactly what an older extractor produced. Facts stored before this revision
have none: they count as older.
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('report_facts', 'claims'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('extractor_version', sa.String(40), nullable=True))


def downgrade() -> None:
    for table in ('claims', 'report_facts'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('extractor_version')
