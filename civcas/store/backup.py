"""Backups that restore: one file holding the whole database, taken while it is in use.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database as one read
transaction sees it, the write-ahead log included — a plain `cp civcas.db` of a running server
misses every decision still in `civcas.db-wal`. The copy is a plain SQLite file (rollback journal).
PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean --if-exists`.

A restore goes into the database of `url` (created when absent), refuses one that holds data
unless forced, and leaves it migrated to Alembic head, so a backup of an older version restores
and upgrades. A SQLite backup also restores into PostgreSQL (a team outgrowing one file): its rows
are copied with their ids.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Union

from sqlalchemy import bindparam, func, insert, inspect, select, text, update
from sqlalchemy.engine import URL, make_url

from civcas.store import tables
from civcas.store.db import Store, connect, create_database, database_url
from civcas.store.search import index_incidents_text, index_report_text
from civcas.store.transactions import SQLITE_BUSY_SECONDS

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(RuntimeError):
    """A backup or restore that cannot be done as asked (the message says why)."""


def backup(store_or_url: Union[Store, str, None], path: Union[str, Path]) -> Path:
    """Write a backup of the database (a Store or a URL; None: the default one) to `path`; the
    file appears only once complete."""
    url = make_url(store_or_url.url if isinstance(store_or_url, Store) else database_url(store_or_url))
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_file(url, must_exist=True), partial)
        else:
            _pg(url, "pg_dump", "--format=custom", f"--file={partial}")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore(url: Union[str, None], path: Union[str, Path], force: bool = False) -> Store:
    """Restore the backup at `path` into the database of `url` and migrate it to head. A target
    holding data is replaced only when `force`d."""
    url = make_url(database_url(url))
    path = Path(path)
    kind = backup_kind(path)
    backend = url.get_backend_name()
    moving = (kind, backend) == ("sqlite", "postgresql")
    if kind != backend and not moving:
        raise BackupError(f"{path} is a {KINDS[kind]} backup; it restores into a {KINDS[kind]} database, "
                          f"not {KINDS.get(backend, backend)}")
    create_database(url)
    if not force and holds_data(url):
        raise BackupError(f"{url.render_as_string(hide_password=True)} holds data; "
                          "restore over it with --force")
    if moving:
        _sqlite_into_postgresql(path, url)
    elif backend == "sqlite":
        _sqlite_restore(path, _sqlite_file(url, must_exist=False))
    else:
        _pg_drop_tables(url)     # tables of a newer version than the backup's would outlive --clean
        _pg(url, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            f"--dbname={url.database}", str(path))
    return Store(url.render_as_string(hide_password=False))


def _sqlite_into_postgresql(backup_file: Path, url: URL) -> None:
    """A team moving from one SQLite file to a server: the backup is brought to the current
    schema in a temporary copy, then its rows are copied with their ids (`copy_rows`)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "civcas.db"
        _sqlite_restore(backup_file, work)
        _pg_drop_tables(url)
        copy_rows(f"sqlite:///{work}", url.render_as_string(hide_password=False)).engine.dispose()


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql', from the file's first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"cannot read the backup: {exc}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a civcas backup (neither a SQLite database nor a pg_dump custom archive)")


def holds_data(url: URL) -> bool:
    """Whether any civcas table of the database has a row (a missing or fresh database has none)."""
    if url.get_backend_name() == "sqlite" and not _sqlite_file(url, must_exist=False).exists():
        return False
    engine = connect(url)
    try:
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names()) & set(tables.metadata.tables)
            return any(conn.execute(select(func.count()).select_from(tables.metadata.tables[name])).scalar()
                       for name in sorted(present))
    finally:
        engine.dispose()


def copy_rows(source_url: str, target_url: str, batch: int = 5000) -> Store:
    """Copy every civcas row of one database into another, empty one, of either backend — a
    store built on SQLite onto a PostgreSQL server (bench/web.py fills PostgreSQL this way, in
    bulk statements, not through the store's per-row writes). Ids are kept; each backend's own
    full-text index is written anew; PostgreSQL's id sequences move past the copied ids."""
    source, target = Store(source_url), Store(target_url)
    if holds_data(make_url(target.url)):
        raise BackupError(f"{make_url(target.url).render_as_string(hide_password=True)} holds data; "
                          "copy into an empty database")
    with source.engine.connect() as src, target.atomic() as dst:
        for table in tables.metadata.sorted_tables:
            # a column naming a row of its own table (merged_into) is filled once every row is in
            later = [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
            pending = []
            for rows in src.execution_options(yield_per=batch).execute(select(table)).partitions():
                chunk = [dict(r._mapping) for r in rows]
                pending += [{"_id": r["id"], **{c: r[c] for c in later}} for r in chunk if any(r[c] for c in later)]
                dst.execute(insert(table), [r | dict.fromkeys(later) for r in chunk])
            if pending:
                dst.execute(update(table).where(table.c.id == bindparam("_id")), pending)
        after = 0
        while reports := dst.execute(select(tables.reports.c.id, tables.reports.c.title, tables.reports.c.text)
                                     .where(tables.reports.c.id > after).order_by(tables.reports.c.id)
                                     .limit(batch)).all():
            for rid, title, body in reports:
                index_report_text(dst, rid, title, body)
            after = reports[-1].id
        index_incidents_text(dst, list(dst.execute(select(tables.incidents.c.id)).scalars()))
        sequences_past_ids(dst, [t.name for t in tables.metadata.sorted_tables if "id" in t.c
                                 and t.c.id.autoincrement in (True, "auto") and t.c.id.primary_key])
    source.engine.dispose()
    return target


def sequences_past_ids(conn, table_names: list[str]) -> None:
    """PostgreSQL: each table's id sequence moves on to just past its highest id (after rows
    written with their ids, or, in an empty table, back to 1 after rolled-back inserts, which
    use up sequence numbers). SQLite numbers from the rows themselves: nothing to do."""
    if conn.dialect.name != "postgresql":
        return
    for name in table_names:
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), coalesce(max(id), 0) + 1, false) "
                          f"FROM {name}"))


# --- SQLite -----------------------------------------------------------------------------------

def _sqlite_file(url: URL, must_exist: bool) -> Path:
    if url.database in (None, "", ":memory:"):
        raise BackupError("an in-memory database has nothing to back up or restore into")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(f"no database at {path}")
    return path


def _sqlite_backup(source: Path, target: Path) -> None:
    """Copy `source` as one read transaction sees it (the WAL included; writers go on meanwhile)."""
    with _connect(source) as src, _connect(target) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")     # one self-contained file, no -wal beside it
        _check(dst, target)


def _sqlite_restore(backup_file: Path, target: Path) -> None:
    """Replace the target's content with the backup's, page by page, under the target's locks
    (a server holding it open sees the restored database, never a half-copied file)."""
    with _connect(backup_file, read_only=True) as src:
        _check(src, backup_file)
        if not src.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
            raise BackupError(f"{backup_file} is a SQLite database but not a civcas one (no alembic_version)")
        with _connect(target) as dst:
            src.backup(dst)


@contextmanager
def _connect(path: Path, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A raw sqlite3 connection, closed on exit; its errors become BackupErrors."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro" if read_only else str(path), uri=read_only,
                               timeout=SQLITE_BUSY_SECONDS)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {path}: {exc}") from None
    try:
        yield conn
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: {exc}") from None
    finally:
        conn.close()


def _check(conn: sqlite3.Connection, path: Path) -> None:
    verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {verdict}")


# --- PostgreSQL -------------------------------------------------------------------------------

def _pg(url: URL, tool: str, *args: str) -> None:
    """Run a PostgreSQL client tool against `url` (credentials through the environment, never
    on the command line)."""
    env = dict(os.environ)
    for variable, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                            ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[variable] = str(value)
    done = subprocess.run([_pg_tool(tool), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip() or done.returncode}")


def _pg_tool(name: str) -> str:
    """The tool on PATH, else the newest Debian install (/usr/lib/postgresql/N/bin)."""
    found = shutil.which(name) or next((str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                                                               key=lambda p: int(p.parts[-3]), reverse=True)), None)
    if not found:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools (Debian: postgresql-client)")
    return found


def _pg_drop_tables(url: URL) -> None:
    engine = connect(url)
    try:
        with engine.begin() as conn:
            quote = conn.dialect.identifier_preparer.quote
            for name in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                                     ).scalars().all():
                conn.execute(text(f"DROP TABLE IF EXISTS {quote(name)} CASCADE"))
    finally:
        engine.dispose()
