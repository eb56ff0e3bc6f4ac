"""watch sources

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30

`civcas watch` keeps its state in the store: `sources` (each source's last and next poll,
consecutive failures and last error, new items, responses fetched, its listing's validators) and
`seen_urls` (every article URL met: when first seen, its validators and last status, the report
it became, when to re-check it). An article's row is written in the transaction that stores its
report, so a killed watch neither loses nor refetches what it had fetched.
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("last_poll_at", sa.DateTime),
        sa.Column("next_poll_at", sa.DateTime),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("new_items", sa.Integer, nullable=False, server_default="0"),
        sa.Column("fetched", sa.Integer, nullable=False, server_default="0"),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
    )
    op.create_table(
        "seen_urls",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_status", sa.Integer),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id")),
        sa.Column("note", sa.Text),
        sa.Column("next_check", sa.DateTime),
    )
    op.create_index("ix_seen_urls_next_check", "seen_urls", ["next_check"])


def downgrade() -> None:
    op.drop_index("ix_seen_urls_next_check", "seen_urls")
    op.drop_table("seen_urls")
    op.drop_table("sources")
