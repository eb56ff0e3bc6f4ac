"""`civcas load`: a batch run's Parquet tables into a database (SQLite or PostgreSQL) through the
store's own functions, so its indexes (names, word counts, LSH bands, search) are built as
`civcas process` builds them. Into an empty database only: reports and incidents keep the ids
the batch run gave them (stable: the same input gives the same ids), and the database goes on
from there with `civcas ingest` and `civcas process`.
"""
from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Iterator

from civcas.batch import tables
from civcas.batch.stages import DONE
from civcas.store.backup import sequences_past_ids

CHUNK = 1000          # reports (or incidents) per transaction


class LoadError(ValueError):
    """The folder or the database does not fit; told in one line."""


def load(directory: str, store, spark) -> dict[str, int]:
    """Bring the tables under `directory` into `store` (empty); returns rows loaded per table."""
    folder = Path(directory)
    missing = [name for name in tables.SCHEMAS if not (folder / name / DONE).is_file()]
    if missing:                                   # a table without its marker: a run cut short
        raise LoadError(f"{folder}: not a finished batch output (no {', '.join(missing)})")
    if store.stats()["reports"]:
        raise LoadError("the database holds reports already: load into an empty database (ids stay the batch's)")
    with store.atomic() as conn:         # a load that failed in its first chunk used up PostgreSQL ids
        sequences_past_ids(conn, ["reports", "incidents"])

    def rows(name: str, *order: str) -> Iterator[dict]:
        frame = spark.read.parquet(str(folder / name))
        return (r.asDict() for r in (frame.orderBy(*order) if order else frame).toLocalIterator())

    counts = {"reports": 0, "incidents": 0, "ingest_errors": 0, "provenance_links": 0}
    for chunk in chunks(rows("reports", "id")):
        with store.atomic():
            for row in chunk:
                report_id, _created = store.add_report(tables.report_from_row(row))
                if report_id != row["id"]:
                    raise LoadError(f"report {row['id']} got id {report_id}: the database is not empty")
                counts["reports"] += 1
            store.mark_processed(r["id"] for r in chunk)
    _load_facts(store, rows)
    _load_index(store, rows, range(1, counts["reports"] + 1))
    for chunk in chunks(rows("provenance_links", "report_a", "report_b")):
        store.save_links(tables.link_from_row(r) for r in chunk)
        counts["provenance_links"] += len(chunk)
    attached = _Grouped(rows("incident_reports", "incident_id", "role", "report_id"), "incident_id")
    for chunk in chunks(rows("incidents", "id")):
        with store.atomic():
            for row in chunk:
                incident_id = store.new_incident()
                if incident_id != row["id"]:
                    raise LoadError(f"incident {row['id']} got id {incident_id}: the database is not empty")
                for link in attached.take(incident_id):
                    store.attach(incident_id, tables.incident_report_from_row(link))
                store.save_assessment(tables.incident_from_row(row))
                counts["incidents"] += 1
    with store.atomic():
        for row in rows("ingest_errors"):
            store.add_error(row["origin"], row["reason"])
            counts["ingest_errors"] += 1
        for row in rows("report_errors", "report_id"):
            store.add_report_error(row["report_id"], row["stage"], row["reason"])
    return counts


def _load_facts(store, rows) -> None:
    """Facts with their claims and statements, in report order (claims keep the batch's order)."""
    claims, statements = _Grouped(rows("claims", "id"), "report_id"), _Grouped(rows("statements", "id"), "report_id")
    for chunk in chunks(rows("report_facts", "report_id")):
        with store.atomic():
            for row in chunk:
                rid = row["report_id"]
                store.save_facts(tables.facts_from_row(row, claims.take(rid), statements.take(rid)))


def _load_index(store, rows, report_ids: range) -> None:
    """The provenance index (LSH bands and sentence hashes), so new reports meet these."""
    buckets = _Grouped(rows("lsh_buckets", "report_id"), "report_id")
    hashes = _Grouped(rows("sentence_hashes", "report_id", "sentence_index"), "report_id")
    for chunk in chunks(report_ids):
        with store.atomic():
            for rid in chunk:
                store.index_report(rid, [r["bucket"] for r in buckets.take(rid)],
                                   [(r["hash"], r["sentence_index"]) for r in hashes.take(rid)])


class _Grouped:
    """Rows sorted by `key`, taken one key at a time in ascending order (a merge join: a table
    is never held whole)."""

    def __init__(self, rows: Iterator[dict], key: str):
        self._groups = ((value, list(group)) for value, group in groupby(rows, key=lambda r: r[key]))
        self._head = next(self._groups, None)

    def take(self, value) -> list[dict]:
        while self._head is not None and self._head[0] < value:
            self._head = next(self._groups, None)
        if self._head is None or self._head[0] != value:
            return []
        found, self._head = self._head[1], next(self._groups, None)
        return found


def chunks(items, size: int = CHUNK) -> Iterator[list]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
