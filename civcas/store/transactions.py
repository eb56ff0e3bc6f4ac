"""Units of work: `Store.atomic()` makes everything inside it one transaction, so a crash or a
signal leaves either all of it or none of it (the model is sqlite-utils' `Database.atomic()`).

Every store method reads and writes through `_read()` / `_write()`: inside `atomic()` they use the
open transaction (a nested `atomic()` is a savepoint); outside, each write commits on its own.
Write transactions on SQLite start with BEGIN IMMEDIATE, so two writers (a `process` run and an
analyst's merge) queue on the database lock instead of failing halfway through.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Connection, Engine, event

SQLITE_BUSY_SECONDS = 60       # how long a writer waits for another writer's transaction to end


class Transactions:
    engine: Engine = None     # set by Store

    def _init_transactions(self) -> None:
        self._local = threading.local()
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)

    def _open(self) -> Connection | None:
        return getattr(self._local, "conn", None)

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """One transaction for everything inside; nestable (an inner block is a savepoint that
        rolls back alone). The connection is per thread."""
        conn = self._open()
        if conn is not None:
            with conn.begin_nested():
                yield conn
            return
        with self.engine.connect() as conn:
            conn.info["immediate"] = True
            with conn.begin():
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        conn = self._open()
        if conn is not None:
            yield conn
        else:
            with self.atomic() as conn:
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        conn = self._open()
        if conn is not None:
            yield conn
        else:
            with self.engine.connect() as conn:
                yield conn


def _sqlite_connect(dbapi_connection, _record) -> None:
    """pysqlite's own transaction handling breaks savepoints: SQLAlchemy emits BEGIN itself."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("immediate", False) else "BEGIN")
