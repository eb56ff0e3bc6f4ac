"""One `civcas process` (and one `civcas watch`) at a time per database, and never a lock left
behind by a dead run.

SQLite: an exclusive `flock` on a file beside the database (`NAME.db.process-lock`,
`NAME.db.watch-lock`); PostgreSQL: a session advisory lock, one key per job. Both belong to the
holder's open file or connection, so the kernel or the server frees them when the holder dies,
`kill -9` included: there is no stale lock to clear.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine, text

ADVISORY_KEY = 0x63697663       # "civc": the process lock's key among PostgreSQL advisory locks
ADVISORY_KEYS = {"process": ADVISORY_KEY, "watch": 0x63697677}      # "civw": the watch lock's
POLL_SECONDS = 0.2


class ProcessLocked(RuntimeError):
    """Another live run holds the database's lock for this job (the message names it)."""


@contextmanager
def process_lock(engine: Engine, wait: bool = False, job: str = "process") -> Iterator[None]:
    """Hold the database's lock for `job` ("process" or "watch") while the block runs; `wait`
    blocks until it is free, else ProcessLocked is raised at once."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if not path or path == ":memory:":
            yield            # a private in-memory database: no other process can reach it
            return
        with _file_lock(f"{path}.{job}-lock", wait, job):
            yield
    else:
        with _advisory_lock(engine, wait, job):
            yield


def _busy(job: str, holder: str) -> ProcessLocked:
    advice = "wait for it, or pass --wait" if job == "process" else "one watcher per database is enough"
    return ProcessLocked(f"another `civcas {job}` ({holder}) is running on this database; {advice}")


@contextmanager
def _file_lock(path: str, wait: bool, job: str) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise _busy(job, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _advisory_lock(engine: Engine, wait: bool, job: str) -> Iterator[None]:
    key = ADVISORY_KEYS[job]
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            if not wait:
                holder = conn.execute(text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :k"),
                                      {"k": key}).scalar()
                raise _busy(job, f"server pid {holder}")
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
