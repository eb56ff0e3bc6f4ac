"""`civcas watch`'s side of the store: each source's polling state and every article URL met.

A fetched article's `seen_urls` row goes in with its report, in the caller's transaction
(`Store.atomic()`), so after a crash a URL is either stored with its report or not seen at all.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from sqlalchemy import func, insert, select, update

from civcas.store import tables as t
from civcas.store.transactions import Transactions


class IntakeStore(Transactions):

    # --- sources ------------------------------------------------------------------------------

    def sync_sources(self, sources: Iterable[tuple[str, str, str]], at: dt.datetime) -> None:
        """Rows for the sources file's (name, kind, target); a source whose target changed
        starts afresh (its state was another feed's); a source no longer in the file is marked
        removed at `at` (its row keeps what it fetched), and one put back is polled again."""
        listed = set()
        with self._write() as conn:
            held = {r.name: r for r in conn.execute(select(t.sources))}
            for name, kind, target in sources:
                listed.add(name)
                row = held.get(name)
                if row is None:
                    conn.execute(insert(t.sources).values(name=name, kind=kind, target=target, failures=0,
                                                          new_items=0, fetched=0))
                elif (row.kind, row.target) != (kind, target):
                    conn.execute(update(t.sources).where(t.sources.c.name == name).values(
                        kind=kind, target=target, next_poll_at=None, failures=0, last_error=None,
                        etag=None, last_modified=None, removed_at=None))
                elif row.removed_at is not None:
                    conn.execute(update(t.sources).where(t.sources.c.name == name).values(
                        removed_at=None, next_poll_at=None))
            gone = [name for name, row in held.items() if name not in listed and row.removed_at is None]
            if gone:
                conn.execute(update(t.sources).where(t.sources.c.name.in_(gone)).values(removed_at=at))

    def source_states(self, names: Optional[Iterable[str]] = None) -> list[dict]:
        query = select(t.sources).order_by(t.sources.c.name)
        if names is not None:
            query = query.where(t.sources.c.name.in_(list(names)))
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def record_poll(self, name: str, at: dt.datetime, next_poll: dt.datetime, error: Optional[str],
                    new_items: int, fetched: int, validators: Optional[tuple[Optional[str], Optional[str]]]) -> None:
        """One poll's outcome: a failure counts up the consecutive failures (the caller backs
        off from them), a success clears them. `validators`: the listing's (ETag, Last-Modified)
        when it answered 200."""
        c = t.sources.c
        values = {"last_poll_at": at, "next_poll_at": next_poll, "last_error": error,
                  "new_items": new_items, "fetched": c.fetched + fetched,
                  "failures": c.failures + 1 if error else 0}
        if validators is not None:
            values["etag"], values["last_modified"] = validators
        with self._write() as conn:
            conn.execute(update(t.sources).where(c.name == name).values(**values))

    def count_fetched(self, name: str, fetched: int) -> None:
        """Responses fetched for a source outside a stored article (refused, failed)."""
        if fetched:
            with self._write() as conn:
                conn.execute(update(t.sources).where(t.sources.c.name == name)
                             .values(fetched=t.sources.c.fetched + fetched))

    def fetched(self) -> int:
        """Responses fetched by `civcas watch`, over every source."""
        with self._read() as conn:
            return conn.execute(select(func.coalesce(func.sum(t.sources.c.fetched), 0))).scalar()

    # --- article URLs -------------------------------------------------------------------------

    def seen(self, urls: Iterable[str]) -> dict[str, dict]:
        """The stored rows of those URLs that were met before."""
        urls = list(urls)
        found: dict[str, dict] = {}
        with self._read() as conn:
            for start in range(0, len(urls), 500):
                for r in conn.execute(select(t.seen_urls).where(t.seen_urls.c.url.in_(urls[start:start + 500]))):
                    found[r.url] = dict(r._mapping)
        return found

    def add_seen(self, url: str, source: str, at: dt.datetime, status: Optional[int], report_id: Optional[int],
                 etag: Optional[str] = None, last_modified: Optional[str] = None, note: Optional[str] = None,
                 next_check: Optional[dt.datetime] = None) -> None:
        with self._write() as conn:
            conn.execute(insert(t.seen_urls).values(
                url=url, source=source, first_seen=at, etag=etag, last_modified=last_modified,
                last_status=status, report_id=report_id, note=note, next_check=next_check))

    def update_seen(self, url: str, **values) -> None:
        with self._write() as conn:
            conn.execute(update(t.seen_urls).where(t.seen_urls.c.url == url).values(**values))

    def due_rechecks(self, sources: Iterable[str], now: dt.datetime, first_seen_after: dt.datetime) -> list[dict]:
        """Articles of these sources first seen after `first_seen_after` whose re-check is due."""
        c = t.seen_urls.c
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(t.seen_urls).where(c.source.in_(list(sources)), c.next_check <= now,
                                          c.first_seen > first_seen_after, c.report_id.is_not(None))
                .order_by(c.first_seen))]

    def report_hash(self, report_id: int) -> Optional[str]:
        with self._read() as conn:
            return conn.execute(select(t.reports.c.content_hash).where(t.reports.c.id == report_id)).scalar()
