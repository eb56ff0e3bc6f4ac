"""incident text index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

(SQLite) an FTS5 index with one document per incident, the titles and texts of its reports, so a
text search finds incidents directly: joining thousands of matching reports to their incidents
on every search was the slowest query of the list page.
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE VIRTUAL TABLE incidents_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    op.execute("INSERT INTO incidents_fts(rowid, text) SELECT ir.incident_id, "
               "group_concat(coalesce(r.title, '') || char(10) || r.text, char(10)) "
               "FROM incident_reports ir JOIN reports r ON r.id = ir.report_id GROUP BY ir.incident_id")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS incidents_fts")
