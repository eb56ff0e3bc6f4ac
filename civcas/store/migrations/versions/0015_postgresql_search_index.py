"""postgresql search index

Revision ID: 0015
Revises: 0011
Create Date: 2026-11-30

(PostgreSQL) full-text search from an index, matching as SQLite's FTS5 does: reports and
incidents get a `search` tsvector (a report's words; an incident's, the union of its reports'),
each with a GIN index, written by the store where it writes SQLite's FTS5 indexes
(`civcas.store.search.index_report_text`, `index_incidents_text`) and filled here for the rows
already stored. Nothing changes on SQLite.
"""
from alembic import op
import sqlalchemy as sa

from civcas.store.search import index_incidents_text, index_report_text

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

TABLES = ("reports", "incidents")
BATCH = 500


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        return
    for name in TABLES:
        op.execute(f"ALTER TABLE {name} ADD COLUMN search tsvector")
    after = 0
    while rows := conn.execute(sa.text("SELECT id, title, text FROM reports WHERE id > :after ORDER BY id LIMIT :n"),
                               {"after": after, "n": BATCH}).all():
        for rid, title, body in rows:
            index_report_text(conn, rid, title, body)
        after = rows[-1][0]
    index_incidents_text(conn, list(conn.execute(sa.text("SELECT id FROM incidents")).scalars()))
    for name in TABLES:
        op.execute(f"CREATE INDEX ix_{name}_search ON {name} USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for name in TABLES:
        op.execute(f"ALTER TABLE {name} DROP COLUMN search")
