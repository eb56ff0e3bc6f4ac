"""Exports: one registered exporter per format, each in its own module.

An exporter is a function `(records) -> pieces of text`: it turns records into the file one piece
at a time, so `export` writes them to a stream and the web streams them to a client without
holding the whole file (or every record) in memory. `@exporter("name")` registers it, so a new
format is one file. Records are incident records (the jsonl shape built by `incident_records`)
unless the exporter names another builder of records from the store:
`@exporter("reports", records=report_records)` writes reports.

Living exports: every incident record carries the `export_version` and `exported_at` of its
export (`edition`) and `last_changed`, when its incident last changed; `changes(store, since)`
lists what changed after a copy at version `since` (see civcas.store.changes).
"""
from __future__ import annotations

import dataclasses
import json
from typing import Callable, Iterable, Iterator, TextIO

EXPORTERS: dict[str, Callable[[Iterable[dict]], Iterator[str]]] = {}
#: What each format writes: the function building its records from the store.
RECORDS: dict[str, Callable[..., Iterable[dict]]] = {}
#: Incidents read from the store at a time when records are made for many of them.
CHUNK = 200


def exporter(name: str, records: Callable[..., Iterable[dict]] | None = None):
    def register(fn):
        EXPORTERS[name] = fn
        RECORDS[name] = records or every_incident_record
        return fn
    return register


def _claim(c, language: str | None) -> dict:
    """A claim with the language of the sentence it was read from (its report's)."""
    return {"id": c.id, "language": language, "kind": c.kind, "population": c.population, "min": c.min, "max": c.max,
            "qualifier": c.qualifier, "claimant": c.claimant, "claimant_type": c.claimant_type, "stance": c.stance,
            "scope": c.scope, "report_id": c.report_id, "sentence": c.sentence, "start": c.start, "end": c.end,
            "blamed_parties": c.parties, "corrected_by_analyst": c.corrected, "extractor_version": c.extractor_version,
            "rule": c.rule}


def _statement(s, language: str | None) -> dict:
    return {"language": language, "party": s.party, "stance": s.stance, "claimant": s.claimant, "report_id": s.report_id,
            "sentence": s.sentence, "start": s.start, "end": s.end, "about_civilians": s.about_civilians}


def _sentence(text: str, span) -> str | None:
    """The sentence a mention link rests on, so the record shows why the report is there."""
    return text[span[0]:span[1]] if span else None


def edition(store) -> dict:
    """What every record of one export carries: the store's version when the export began (read
    before any record, so whatever changes while it is written is in the next `--since`) and the
    time it began, in UTC."""
    from civcas.store.clock import now    # the formats' registry loads without the store
    return {"export_version": store.export_version(), "exported_at": now().isoformat(timespec="seconds") + "Z"}


def incident_records(store, incident_ids: Iterable[int] | None = None, stamp: dict | None = None) -> list[dict]:
    """Incidents as plain dicts (in the order of `incident_ids` when given): every figure with
    the report and sentence it came from, stamped with `stamp` (by default a new `edition`)."""
    incident_ids = list(incident_ids) if incident_ids is not None else None
    stamp = stamp or edition(store)
    incidents = store.incidents(incident_ids)
    changed = store.last_changed(inc.id for inc in incidents)
    report_ids = sorted({r.report_id for i in incidents for r in i.reports})
    reports = {r.id: r for r in store.reports(report_ids)}
    earlier = {r.previous_version_id for r in reports.values() if r.previous_version_id} - reports.keys()
    reports |= {r.id: r for r in store.reports(earlier)}
    facts = store.facts(report_ids + sorted(earlier))
    links = store.links(report_ids)
    from civcas.model import SAME_SOURCE, period_text
    from civcas.store import provenance_groups   # the formats' registry loads without the store
    copies = [(l.report_a, l.report_b) for l in links if l.relation in SAME_SOURCE]
    group_of = {rid: g for g, members in provenance_groups(reports, copies).items() for rid in members}
    records = []
    order = {i: n for n, i in enumerate(incident_ids)} if incident_ids is not None else {}
    incidents.sort(key=lambda inc: order.get(inc.id, inc.id))
    for inc in incidents:
        main = [r for r in inc.reports if r.role == "main"]
        current = [r for r in main if not reports[r.report_id].superseded and r.report_id in facts]
        place = dataclasses.asdict(inc.place) if inc.place else None
        records.append({
            "id": inc.id,
            "date": inc.date.isoformat() if inc.date else None,
            "date_precision": inc.date_precision,
            "date_source": inc.date_source,
            "place": place,
            "belligerents": inc.belligerents,
            "means": inc.means,
            "civilian_deaths_min": inc.civilian_deaths_min,
            "civilian_deaths_max": inc.civilian_deaths_max,
            "grade": inc.grade,
            "grade_reason": inc.grade_reason,
            "disputed": inc.disputed,
            "independent_sources": inc.independent_sources,
            "merged_into": inc.merged_into,
            "reviewed_by": inc.reviewed_by,
            "reviewed_at": inc.reviewed_at.isoformat(timespec="seconds") if inc.reviewed_at else None,
            "new_evidence": inc.new_evidence,
            "reports": [{"id": r.report_id, "language": reports[r.report_id].language,
                         "outlet": reports[r.report_id].outlet, "url": reports[r.report_id].url,
                         "title": reports[r.report_id].title, "warning": reports[r.report_id].warning,
                         "published": period_text(reports[r.report_id].published,
                                                  reports[r.report_id].published_precision),
                         "provenance_group": group_of.get(r.report_id, r.report_id), "role": r.role,
                         "current": not reports[r.report_id].superseded,
                         "places_mentioned": [p.name for p in facts[r.report_id].places_mentioned]
                         if r.report_id in facts else [],
                         "link_score": r.score, "link_evidence": r.evidence,
                         "mention_sentence": _sentence(reports[r.report_id].text, r.evidence.get("sentence"))
                         if r.role == "mention" else None, **_archived(reports[r.report_id])} for r in inc.reports],
            "provenance": [{"report_a": l.report_a, "report_b": l.report_b, "relation": l.relation,
                            "containment": l.containment, "shared_sentences": len(l.shared_sentences),
                            "source_id": l.source_id}
                           for l in links if l.report_a in {r.report_id for r in inc.reports}
                           or l.report_b in {r.report_id for r in inc.reports}],
            "claims": [_claim(c, reports[r.report_id].language) for r in current for c in facts[r.report_id].claims],
            "statements": [_statement(s, reports[r.report_id].language) for r in current
                           for s in facts[r.report_id].statements],
            "updates": [u for r in current for u in _updates(reports[r.report_id], facts)],
            "last_changed": changed[inc.id].isoformat(timespec="seconds") + "Z" if inc.id in changed else None,
            **stamp,
        })
    return records


def _archived(report) -> dict:
    """A report's archive, version and withdrawal fields (civcas.archive; `civcas watch`)."""
    return {"archive_locator": report.archive_locator, "archive_sha256": report.archive_sha256,
            "fetched_at": report.fetched_at.isoformat(timespec="seconds") if report.fetched_at else None,
            "previous_version_id": report.previous_version_id, "superseded": report.superseded,
            "withdrawn_at": report.withdrawn_at.isoformat(timespec="seconds") if report.withdrawn_at else None}


def _updates(report, facts: dict) -> list[dict]:
    """The incident figures a newer version of a report changed: per kind and population of
    people, the highest figure each version states, where the two differ ("updated from 17 to 16")."""
    from civcas.assess import figure
    if report.previous_version_id not in facts or report.id not in facts:
        return []

    def stated(report_id: int) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for c in facts[report_id].claims:
            if c.scope == "incident":
                out[c.kind, c.population] = max(out.get((c.kind, c.population), 0), figure(c))
        return out

    before, after = stated(report.previous_version_id), stated(report.id)
    at = report.fetched_at.isoformat(timespec="seconds") if report.fetched_at else None
    return [{"report_id": report.id, "previous_id": report.previous_version_id, "kind": kind, "population": population,
             "before": before[kind, population], "after": after[kind, population], "at": at}
            for kind, population in sorted(before.keys() & after.keys())
            if before[kind, population] != after[kind, population]]


def chunked(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def incident_records_by_chunk(store, incident_ids: list[int], stamp: dict | None = None) -> Iterator[dict]:
    """`incident_records` of many incidents, read CHUNK at a time: memory holds one chunk; one
    edition stamps them all."""
    stamp = stamp or edition(store)
    for ids in chunked(incident_ids):
        yield from incident_records(store, ids, stamp)


def every_incident_record(store) -> Iterator[dict]:
    """Every published incident's record (all but those an analyst removed; merged-away ones
    with their `merged_into`), CHUNK incidents at a time."""
    stamp = edition(store)      # before the ids: an incident added after them is in the next --since
    return incident_records_by_chunk(store, store.published_incident_ids(), stamp)


def changes(store, since: int, stamp: dict | None = None) -> Iterator[dict]:
    """What a copy exported at version `since` needs to equal a full export now, by incident id:
    the record of each incident added, changed, merged (its `merged_into` set) or split since, with
    its `change`; `{"id", "change": "removed"}` for each one an analyst removed. Applied: drop the
    removed ids, put every other record in place of the copy's."""
    from civcas.store.changes import REMOVED
    stamp = stamp or edition(store)
    if not 0 <= since <= stamp["export_version"]:
        raise ValueError(f"--since {since}: this store's versions run from 0 to {stamp['export_version']}")
    listed = {c["id"]: c["change"] for c in store.changes_since(since)}
    for ids in chunked(list(listed)):
        records = {r["id"]: r for r in incident_records(store, [i for i in ids if listed[i] != REMOVED], stamp)}
        for i in ids:
            yield {"change": listed[i], **records[i]} if i in records else {"change": REMOVED, "id": i, **stamp}


def json_array(items: Iterable, head: str = "[", tail: str = "]") -> Iterator[str]:
    """A JSON array written item by item (what `json.dump` writes, without the whole list)."""
    yield head
    for n, item in enumerate(items):
        yield (", " if n else "") + json.dumps(item, ensure_ascii=False)
    yield tail


def export(store, fmt: str, out: TextIO, since: int | None = None) -> int:
    """Write every incident (or report, for a format of reports) in `fmt` to `out`, or with
    `since` the `changes` after that version (jsonl only: a removed incident has no row in a
    table); returns how many records were written."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(sorted(EXPORTERS))}")
    if since is not None and fmt != "jsonl":
        raise ValueError("--since writes jsonl: a removed incident has no row in the table formats")
    written = [0]

    def counted(records: Iterable[dict]) -> Iterator[dict]:
        for record in records:
            written[0] += 1
            yield record

    out.writelines(EXPORTERS[fmt](counted(RECORDS[fmt](store) if since is None else changes(store, since))))
    return written[0]


from civcas.export import acled, csv, geojson, jsonl, reports, ucdp  # noqa: E402,F401  (registers the formats)
