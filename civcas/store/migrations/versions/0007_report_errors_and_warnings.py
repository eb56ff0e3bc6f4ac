"""report errors and warnings

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

`report_errors`: a stage (provenance, extract, link, assess) that failed on one stored report
records why here, and the run goes on; the report counts as processed. `reports.warning`: what
ingest had to guess or replace to read a report (an encoding guessed with low confidence,
undecodable bytes replaced), shown with the report, never silent. The provenance index gets an
index by report, so re-indexing a report (a run resumed after an interruption) replaces its rows.
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warning', sa.Text(), nullable=True))
    op.create_table(
        'report_errors',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('report_id', sa.Integer(), sa.ForeignKey('reports.id'), nullable=False, index=True),
        sa.Column('stage', sa.String(20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_lsh_buckets_report_id', 'lsh_buckets', ['report_id'])
    op.create_index('ix_sentence_hashes_report_id', 'sentence_hashes', ['report_id'])


def downgrade() -> None:
    op.drop_index('ix_sentence_hashes_report_id', 'sentence_hashes')
    op.drop_index('ix_lsh_buckets_report_id', 'lsh_buckets')
    op.drop_table('report_errors')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('warning')
