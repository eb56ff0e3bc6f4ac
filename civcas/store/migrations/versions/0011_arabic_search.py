"""arabic search

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08

(SQLite) the full-text indexes hold report titles and texts with Arabic spelling variation folded
(`civcas.text.ARABIC_FOLD`), as search folds the query. SQLite cannot fold in a trigger (no
translate(); the fold's ~50 nested replace() calls overflow its parser), so the store writes the
report index itself when it adds a report (`civcas.store.search.index_report_text`): the
triggers of revision 0003 go, and both indexes are rebuilt over the stored reports. PostgreSQL
folds in its query (nothing stored).
"""
from alembic import op
import sqlalchemy as sa

from civcas.store.search import index_incidents_text, index_report_text

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TRIGGERS = ("reports_fts_insert", "reports_fts_delete", "reports_fts_update")
BATCH = 500
# Revision 0003's triggers, put back by a downgrade.
PLAIN_TRIGGERS = (
    "CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, text ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("INSERT INTO reports_fts(reports_fts) VALUES ('delete-all')")
    after = 0
    while True:
        rows = conn.execute(sa.text("SELECT id, title, text FROM reports WHERE id > :after ORDER BY id LIMIT :n"),
                            {"after": after, "n": BATCH}).all()
        if not rows:
            break
        for rid, title, body in rows:
            index_report_text(conn, rid, title, body)
        after = rows[-1][0]
    index_incidents_text(conn, list(conn.execute(sa.text("SELECT id FROM incidents")).scalars()))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in PLAIN_TRIGGERS:
        op.execute(statement)
    op.execute("INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')")
    op.execute("DELETE FROM incidents_fts")
    op.execute("INSERT INTO incidents_fts(rowid, text) SELECT ir.incident_id, "
               "group_concat(coalesce(r.title, '') || char(10) || r.text, char(10)) "
               "FROM incident_reports ir JOIN reports r ON r.id = ir.report_id GROUP BY ir.incident_id")
