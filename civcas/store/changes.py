"""The change log of incidents, what makes the exports living datasets (as ACLED's and UCDP
Candidate's are): every store write that changes what the export says of an incident logs it, in
the same transaction, under a new `version`; `export_version` is the highest; `changes_since(V)`
tells a copy taken at V what to add, replace or drop.

Versions are handed out in commit order, so a reader who saw version V has seen every change
numbered V or lower: on SQLite a writer holds the database lock from BEGIN IMMEDIATE to its
commit; on PostgreSQL each logging transaction takes one transaction-level advisory lock before
it reads the highest version, and holds it to its commit (writers of incidents queue there, as on
SQLite). A savepoint rolled back takes its rows back with it. Each write logs before it changes
a row of an incident, so a transaction takes that lock before any incident row lock: two writers
cannot each hold what the other waits for.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from sqlalchemy import func, insert, select, text, update

from civcas.store import tables as t
from civcas.store.clock import now
from civcas.store.transactions import Transactions

ADDED, CHANGED, MERGED, SPLIT, REMOVED = "added", "changed", "merged", "split", "removed"
#: The kinds `changes_since` reports, the one that wins first when an incident had several.
CHANGE_KINDS = (REMOVED, MERGED, SPLIT, ADDED, CHANGED)
#: pg_advisory_xact_lock's key for handing out versions ("civv"; the process lock holds "civc").
VERSION_LOCK = 0x63697676


class ChangeStore(Transactions):

    def _log(self, conn, incident_ids: Iterable[int], kind: str, merged_into: Optional[int] = None) -> None:
        """One new version for a change of these incidents (in the caller's transaction)."""
        ids = sorted(set(incident_ids))
        if not ids:
            return
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": VERSION_LOCK})
        version = (conn.execute(select(func.max(t.incident_changes.c.version))).scalar() or 0) + 1
        at = now()
        conn.execute(insert(t.incident_changes), [{"version": version, "incident_id": i, "kind": kind,
                                                   "merged_into": merged_into, "at": at} for i in ids])

    def _log_reports(self, conn, report_ids: Iterable[int]) -> None:
        """The incidents these reports are in changed (their facts or provenance links did)."""
        ir = t.incident_reports.c
        self._log(conn, conn.execute(select(ir.incident_id).where(ir.report_id.in_(list(set(report_ids)))))
                  .scalars(), CHANGED)

    def export_version(self) -> int:
        """The version of the incidents as they stand: the last change's (0 before any)."""
        with self._read() as conn:
            return conn.execute(select(func.max(t.incident_changes.c.version))).scalar() or 0

    def changes_since(self, version: int) -> list[dict]:
        """Each incident changed after `version`, by id: {"id", "change", "merged_into"}. The change
        is what the incident is now — removed, or merged (into `merged_into`) — else what happened to
        it since: split, added (made since), or changed."""
        c, i = t.incident_changes.c, t.incidents.c
        with self._read() as conn:
            kinds: dict[int, set[str]] = {}
            for incident_id, kind in conn.execute(select(c.incident_id, c.kind).where(c.version > version).distinct()):
                kinds.setdefault(incident_id, set()).add(kind)
            now_ = {r.id: r for r in conn.execute(select(i.id, i.merged_into, i.removed).where(i.id.in_(list(kinds))))}
        out = []
        for incident_id in sorted(kinds):
            state = now_.get(incident_id)       # None: its row was deleted (by hand; civcas never does)
            happened = (kinds[incident_id] - {REMOVED, MERGED}) | ({REMOVED} if not state or state.removed else set()) \
                | ({MERGED} if state and state.merged_into else set())
            change = next(k for k in CHANGE_KINDS if k in happened)
            out.append({"id": incident_id, "change": change, "merged_into": state.merged_into if state else None})
        return out

    def last_changed(self, incident_ids: Iterable[int]) -> dict[int, dt.datetime]:
        """When each incident last changed (ACLED's `timestamp`)."""
        c = t.incident_changes.c
        with self._read() as conn:
            return dict(conn.execute(select(c.incident_id, func.max(c.at))
                                     .where(c.incident_id.in_(list(incident_ids))).group_by(c.incident_id)).all())

    def published_incident_ids(self) -> list[int]:
        """Every incident the exports hold (all but those an analyst removed), by id."""
        i = t.incidents.c
        with self._read() as conn:
            return list(conn.execute(select(i.id).where(i.removed.is_(False)).order_by(i.id)).scalars())

    def remove_incident(self, incident_id: int) -> None:
        with self._write() as conn:
            self._log(conn, [incident_id], REMOVED)
            conn.execute(update(t.incidents).where(t.incidents.c.id == incident_id).values(removed=True))

    def mark_split(self, incident_id: int, new_id: int) -> None:
        """A report of `incident_id` was moved out into `new_id`."""
        with self._write() as conn:
            self._log(conn, [incident_id, new_id], SPLIT)
