"""Backups restore: every table row for row, what is still in SQLite's write-ahead log included,
an older version's backup upgraded, a database holding data replaced only with --force; SQLite
and a throwaway PostgreSQL server."""
import datetime as dt
import shutil
import subprocess
import sys
import textwrap

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import MetaData, create_engine, func, select, text
from sqlalchemy.engine import make_url

from civcas import ingest, review
from civcas.cli import main, sample_reports_dir
from civcas.model import Report
from civcas.pipeline import process
from civcas.store import Store
from civcas.store import tables
from civcas.store.backup import BackupError, backup, copy_rows, restore
from civcas.store.search import IncidentFilter
from civcas.store.db import create_database

from conftest import ROOT, alembic_config


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every table of the database (reflected, so nothing is left out), its rows in a fixed order."""
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        rows = {name: sorted((tuple(r) for r in conn.execute(select(table))), key=repr)
                for name, table in metadata.tables.items()}
    engine.dispose()
    return rows


def decide(store: Store) -> None:
    """Analysts at work on the demo incidents: one decision of each kind, a merge last."""
    review.add_user(store, "ana", "analyst-pass", "analyst")
    review.add_user(store, "vic", "viewer-pass", "viewer")
    review.set_grade(store, 1, "ana", "Confirmed", "the ministry acknowledged it")
    review.add_note(store, 1, "ana", "checked against the hospital list")
    review.add_source(store, 1, "ana", "https://example.org/hospital-list", "hospital list")
    review.set_date(store, 2, "ana", dt.date(2017, 3, 16), "day", "the local report dates it")
    review.confirm(store, 2, "ana")
    review.merge(store, 2, 1, "ana", "the same strike")
    store.add_error("somewhere.txt", "binary content")


def _rows_with_decisions(url: str) -> dict[str, list[tuple]]:
    rows = table_rows(url)
    assert len(rows["analyst_decisions"]) >= 6 and len(rows["users"]) == 2 and rows["incident_reports"]
    assert rows["reports"] and rows["claims"] and rows["alembic_version"]
    return rows


def test_sqlite_round_trip_gives_back_every_table_row_for_row(demo_store, tmp_path):
    decide(demo_store)
    source = _rows_with_decisions(demo_store.url)
    runner = CliRunner()
    result = runner.invoke(main, ["--db", demo_store.url, "backup", str(tmp_path / "civcas.backup")])
    assert result.exit_code == 0, result.output
    restored_url = f"sqlite:///{tmp_path / 'restored' / 'new.db'}"
    (tmp_path / "restored").mkdir()
    result = runner.invoke(main, ["--db", restored_url, "restore", str(tmp_path / "civcas.backup")])
    assert result.exit_code == 0, result.output
    assert "6 reports, 2 incidents" in result.output
    assert table_rows(restored_url) == source
    assert Store(restored_url).incidents([2])[0].merged_into == 1


def test_a_backup_holds_the_decisions_still_in_the_write_ahead_log(demo_store, tmp_path):
    """Another process writes decisions and holds them in the WAL (no checkpoint) while the
    backup runs: `cp` of the database file loses them, the backup has them."""
    decide(demo_store)
    demo_store.engine.dispose()
    db_file = tmp_path / "demo.db"
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from sqlalchemy import event
        from civcas import review
        from civcas.store import Store
        store = Store(sys.argv[1])
        event.listen(store.engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA wal_autocheckpoint=0"))
        store.engine.dispose()
        for n in range(40):
            review.add_note(store, 1, "ana", f"late note {n}")
        review.set_grade(store, 1, "ana", "Fair", "second thoughts")
        print("written", flush=True)
        sys.stdin.read()          # hold the connection open: the decisions stay in the WAL
        """), demo_store.url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    try:
        assert writer.stdout.readline().strip() == "written"
        assert (tmp_path / "demo.db-wal").stat().st_size > 0
        shutil.copy(db_file, tmp_path / "cp.db")           # what `cp civcas.db` of a running server gets
        backup(demo_store.url, tmp_path / "online.backup")
    finally:
        writer.communicate("", timeout=60)
    assert writer.returncode == 0
    notes = text("SELECT count(*) FROM analyst_decisions WHERE reason LIKE 'late note%' OR value LIKE '%late note%'")
    copied = create_engine(f"sqlite:///{tmp_path / 'cp.db'}")
    with copied.connect() as conn:
        assert conn.execute(notes).scalar() == 0
    copied.dispose()
    restore(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path / "online.backup")
    restored = table_rows(f"sqlite:///{tmp_path / 'restored.db'}")
    assert restored == table_rows(demo_store.url)          # the source, now checkpointed by the writer's exit
    assert sum("late note" in repr(row) for row in restored["analyst_decisions"]) == 40
    assert not (tmp_path / "online.backup-wal").exists()


def test_restore_refuses_a_database_holding_data_without_force(demo_store, tmp_path):
    backup(demo_store, tmp_path / "demo.backup")
    target = tmp_path / "other.db"
    other = Store(f"sqlite:///{target}")
    ingest.ingest(other, [sample_reports_dir() / "05_monthly_tally.txt"])
    before = table_rows(other.url)
    runner = CliRunner()
    refused = runner.invoke(main, ["--db", other.url, "restore", str(tmp_path / "demo.backup")])
    assert refused.exit_code == 1
    assert refused.output.strip().count("\n") == 0 and "holds data; restore over it with --force" in refused.output
    assert table_rows(other.url) == before
    forced = runner.invoke(main, ["--db", other.url, "restore", "--force", str(tmp_path / "demo.backup")])
    assert forced.exit_code == 0, forced.output
    assert table_rows(other.url) == table_rows(demo_store.url)
    empty = Store(f"sqlite:///{tmp_path / 'empty.db'}")               # migrated but empty: no --force needed
    restore(empty.url, tmp_path / "demo.backup")
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(BackupError, match="not a civcas backup"):
        restore(f"sqlite:///{tmp_path / 'x.db'}", not_a_backup)
    with pytest.raises(BackupError, match="no database at"):
        backup(f"sqlite:///{tmp_path / 'missing.db'}", tmp_path / "missing.backup")


def test_a_backup_of_an_older_version_restores_and_upgrades(tmp_path):
    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(old_url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")                    # before reports.warning and report_errors
        conn.execute(text("INSERT INTO reports (text, language, content_hash, ingested_at) "
                          "VALUES ('Two people were killed.', 'en', 'h', '2026-01-01 00:00:00')"))
    engine.dispose()
    backup(old_url, tmp_path / "old.backup")
    store = restore(f"sqlite:///{tmp_path / 'new.db'}", tmp_path / "old.backup")
    with store.engine.connect() as conn:
        head = ScriptDirectory.from_config(config).get_current_head()
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head != "0006"
        assert conn.execute(select(func.count()).select_from(text("report_errors"))).scalar() == 0
    assert [(r.text, r.warning) for r in store.reports()] == [("Two people were killed.", None)]


def test_postgresql_round_trip(postgres_url, tmp_path):
    create_database(make_url(postgres_url + "civcas_source"))
    source = Store(postgres_url + "civcas_source")
    ingest.ingest(source, [sample_reports_dir()])
    process(source)
    decide(source)
    rows = _rows_with_decisions(source.url)
    runner = CliRunner()
    result = runner.invoke(main, ["--db", source.url, "backup", str(tmp_path / "pg.backup")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pg.backup").read_bytes().startswith(b"PGDMP")
    result = runner.invoke(main, ["--db", postgres_url + "civcas_restored", "restore", str(tmp_path / "pg.backup")])
    assert result.exit_code == 0, result.output                  # the database did not exist: created
    assert table_rows(postgres_url + "civcas_restored") == rows
    again = runner.invoke(main, ["--db", postgres_url + "civcas_restored", "restore", str(tmp_path / "pg.backup")])
    assert again.exit_code == 1 and "--force" in again.output
    review.add_note(source, 1, "ana", "written after the backup")
    forced = runner.invoke(main, ["--db", source.url, "restore", "--force", str(tmp_path / "pg.backup")])
    assert forced.exit_code == 0, forced.output
    assert table_rows(source.url) == rows                        # the note after the backup is gone
    source.engine.dispose()
    with pytest.raises(BackupError, match="PostgreSQL backup; it restores into a PostgreSQL database"):
        restore(f"sqlite:///{tmp_path / 'x.db'}", tmp_path / "pg.backup")


def test_a_sqlite_store_copies_into_postgresql_whole(demo_db_file, pg_databases, request, tmp_path):
    """Every row with its id, the search index written for PostgreSQL, new ids after the copied ones."""
    source = tmp_path / "demo.db"
    shutil.copy(demo_db_file, source)
    url = pg_databases.copy("head", request)
    with Store(f"sqlite:///{source}").atomic() as conn:       # a merged incident: a row naming a later one
        conn.execute(text("UPDATE incidents SET merged_into = (SELECT max(id) FROM incidents) WHERE id = 1"))
    copied = copy_rows(f"sqlite:///{source}", url)
    got, want = table_rows(url), table_rows(f"sqlite:///{source}")
    assert {name: len(got[name]) for name in tables.metadata.tables} == \
        {name: len(want[name]) for name in tables.metadata.tables}
    assert [row[0] for row in got["reports"]] == [row[0] for row in want["reports"]] and want["claims"]
    original = Store(f"sqlite:///{source}")
    assert [i.merged_into for i in copied.incidents()] == [i.merged_into for i in original.incidents()]
    assert copied.find_incidents(IncidentFilter(q="wedding")) == original.find_incidents(IncidentFilter(q="wedding"))
    assert copied.new_incident() == max(copied.incident_ids()[:-1]) + 1
    with pytest.raises(BackupError, match="holds data"):
        copy_rows(f"sqlite:///{source}", url)


def test_a_sqlite_backup_restores_into_postgresql_and_goes_on(demo_store, pg_databases, request, tmp_path):
    """A team moving from one file to a server: `civcas restore` of a SQLite backup into an empty
    PostgreSQL database gives every row with its id, and the store takes new reports after them."""
    decide(demo_store)
    backup(demo_store, tmp_path / "team.db")
    url = pg_databases.copy("head", request)
    result = CliRunner().invoke(main, ["--db", url, "restore", str(tmp_path / "team.db")])
    assert result.exit_code == 0, result.output
    got, want = _rows_with_decisions(url), _rows_with_decisions(demo_store.url)
    assert {name: [row[0] for row in got[name]] for name in tables.metadata.tables} == \
        {name: [row[0] for row in want[name]] for name in tables.metadata.tables}
    assert got["analyst_decisions"] == want["analyst_decisions"]
    restored = Store(url)
    before = restored.stats()["reports"]
    restored.add_report(Report(text="Shelling hit the market of Kafr Nabl on Monday, killing two.", url="new/1"))
    assert restored.stats()["reports"] == before + 1
    assert CliRunner().invoke(main, ["--db", url, "restore", str(tmp_path / "team.db")]).exit_code == 1
