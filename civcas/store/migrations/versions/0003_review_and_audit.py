"""review and audit

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Audit trail columns, users, settings, the published/machine split on incidents with filter
columns, and (SQLite) an FTS5 index over report titles and texts kept in step by triggers.
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE reports_fts USING fts5(title, text, content='reports', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, text ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')",
)


def upgrade() -> None:
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    with op.batch_alter_table('analyst_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action', sa.String(length=20), server_default='set', nullable=False))
        batch_op.add_column(sa.Column('before', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('target', sa.JSON(), nullable=True))
        batch_op.alter_column('field',
               existing_type=sa.VARCHAR(length=40),
               nullable=True)

    # A rebuilt table keeps AUTOINCREMENT only when told: incident ids are never reused.
    with op.batch_alter_table('incidents', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('machine', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('country_code', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('admin1', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('merged_into', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('new_evidence', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_incidents_admin1'), ['admin1'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_country_code'), ['country_code'], unique=False)
        batch_op.create_index('ix_incidents_date', ['date'], unique=False)
        batch_op.create_index('ix_incidents_deaths', ['civilian_deaths_max'], unique=False)
        batch_op.create_index('ix_incidents_grade', ['grade'], unique=False)
        batch_op.create_index('ix_incidents_totals', ['civilian_deaths_min', 'civilian_deaths_max', 'merged_into'],
                              unique=False)
        batch_op.create_foreign_key('fk_incidents_merged_into', 'incidents', ['merged_into'], ['id'])

    conn = op.get_bind()
    for row in conn.execute(sa.text("SELECT id, place FROM incidents WHERE place IS NOT NULL")):
        place = json.loads(row.place) if isinstance(row.place, str) else row.place
        conn.execute(sa.text("UPDATE incidents SET country_code = :cc, admin1 = :a1 WHERE id = :id"),
                     {"cc": place.get("country_code"), "a1": place.get("admin1"), "id": row.id})
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)



def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("reports_fts_insert", "reports_fts_delete", "reports_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS reports_fts")
    # A rebuilt table keeps AUTOINCREMENT only when told: incident ids are never reused.
    with op.batch_alter_table('incidents', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint('fk_incidents_merged_into', type_='foreignkey')
        batch_op.drop_index('ix_incidents_totals')
        batch_op.drop_index('ix_incidents_grade')
        batch_op.drop_index('ix_incidents_deaths')
        batch_op.drop_index('ix_incidents_date')
        batch_op.drop_index(batch_op.f('ix_incidents_country_code'))
        batch_op.drop_index(batch_op.f('ix_incidents_admin1'))
        batch_op.drop_column('new_evidence')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by')
        batch_op.drop_column('merged_into')
        batch_op.drop_column('admin1')
        batch_op.drop_column('country_code')
        batch_op.drop_column('machine')

    with op.batch_alter_table('analyst_decisions', schema=None) as batch_op:
        batch_op.alter_column('field',
               existing_type=sa.VARCHAR(length=40),
               nullable=False)
        batch_op.drop_column('target')
        batch_op.drop_column('before')
        batch_op.drop_column('action')

    op.drop_table('users')
    op.drop_table('settings')

