"""published precision

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30

How much of a report's publication date its page states: "day", or only "month" or "year"
(`published` then holds the period's first day). The date readers take the year of "5 June" from
such a month but no weekday or "yesterday", and the pages print "June 2021". Reports stored
before this revision were taken as days.
"""
from alembic import op
import sqlalchemy as sa

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('reports', sa.Column('published_precision', sa.String(5), server_default='day', nullable=False))


def downgrade() -> None:
    """Plain ALTER TABLE ... DROP COLUMN (SQLite ≥ 3.35), as 0012: a batch rebuild of `reports`
    would drop the table its foreign keys point to."""
    op.drop_column('reports', 'published_precision')
