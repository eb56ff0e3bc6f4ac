"""archive and versions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-09

What a watched source said and when (issue 19): each report points to its archived response
(`archive_locator` "FILE#OFFSET" in the WARC archive, `archive_sha256` of the body, `fetched_at`),
to the earlier version of its URL whose text changed (`previous_version_id`), and records when its
URL answered 404/410 at a re-check (`withdrawn_at`). `url` stays unique and names the article's
latest version: an earlier version keeps its URL in `version_url` (SQLite cannot drop the unique
constraint without rebuilding `reports`, which its foreign keys forbid inside the migration's
transaction).
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

COLUMNS = ("archive_locator", "archive_sha256", "fetched_at", "previous_version_id", "version_url", "withdrawn_at")


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archive_locator', sa.String(300), nullable=True))
        batch_op.add_column(sa.Column('archive_sha256', sa.String(64), nullable=True))
        batch_op.add_column(sa.Column('fetched_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('previous_version_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version_url', sa.String(2000), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_reports_previous_version_id', ['previous_version_id'], unique=True)
        batch_op.create_index('ix_reports_version_url', ['version_url'], unique=False)


def downgrade() -> None:
    """Plain ALTER TABLE ... DROP COLUMN (SQLite ≥ 3.35): a batch rebuild of `reports` would drop
    the table its foreign keys point to. A newer version's earlier ones lose their URL."""
    op.drop_index('ix_reports_version_url', 'reports')
    op.drop_index('ix_reports_previous_version_id', 'reports')
    for name in reversed(COLUMNS):
        op.drop_column('reports', name)
