"""Load and save the model. Every stage reads and writes through these functions only."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, bindparam, create_engine, delete, func, insert, or_, select, text, update
from sqlalchemy.engine import URL, make_url

from civcas.store.clock import naive_utc, now as _now
from civcas.store.lock import process_lock
from civcas.model import SAME_SOURCE, Claim, EventMention, Incident, IncidentReport, Place, ProvenanceLink, Report, ReportFacts, Statement
from civcas.store import tables as t
from civcas.store.changes import ADDED, CHANGED
from civcas.store.review import ReviewStore
from civcas.store.intake import IntakeStore
from civcas.store.search import SearchStore, index_report_text

DEFAULT_URL = "sqlite:///civcas.db"
MIGRATIONS = Path(__file__).with_name("migrations")


POSTGRES_DIALECT = "postgresql+psycopg://"
POSTGRES_EXTRA = "pip install -e '.[postgres]'"


class DriverMissing(RuntimeError):
    """The database's driver is not installed (the message names the extra that brings it)."""


def database_url(url: Optional[str] = None) -> str:
    """`--db` wins, then `CIVCAS_DB`, then ./civcas.db. A bare `postgresql://` or `postgres://`
    URL means psycopg 3, the driver of the `postgres` extra (SQLAlchemy would pick psycopg2)."""
    chosen = url or os.environ.get("CIVCAS_DB") or DEFAULT_URL
    for bare in ("postgresql://", "postgres://"):
        if chosen.startswith(bare):
            return POSTGRES_DIALECT + chosen[len(bare):]
    return chosen


def connect(url: str | URL, **options) -> Engine:
    """An engine for `url`; a missing PostgreSQL driver is one line naming the extra."""
    if make_url(url).get_backend_name() == "postgresql":      # which process holds a connection
        options.setdefault("connect_args", {}).setdefault("application_name", f"civcas pid {os.getpid()}")
    try:
        return create_engine(url, **options)
    except ModuleNotFoundError as exc:
        if exc.name not in ("psycopg", "psycopg2"):
            raise
        raise DriverMissing(f"the PostgreSQL driver ({exc.name}) is not installed: {POSTGRES_EXTRA}") from None


def create_database(url: URL) -> None:
    """Create the PostgreSQL database of `url` when it is absent (a SQLite file is created on
    first connection anyway). Through the server's maintenance database `postgres`."""
    if url.get_backend_name() != "postgresql":
        return
    engine = connect(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                {"name": url.database}).scalar():
                conn.execute(text(f"CREATE DATABASE {conn.dialect.identifier_preparer.quote(url.database)}"))
    finally:
        engine.dispose()


def place_to_json(place: Optional[Place]) -> Optional[dict]:
    return dataclasses.asdict(place) if place else None


def place_from_json(data: Optional[dict]) -> Optional[Place]:
    return Place(**data) if data else None


def mention_to_json(mention: EventMention) -> dict:
    return {"start": mention.start, "end": mention.end,
            "date": mention.date.isoformat() if mention.date else None, "date_precision": mention.date_precision,
            "place": place_to_json(mention.place), "names": mention.names}


def mention_from_json(data: dict) -> EventMention:
    return EventMention(data["start"], data["end"], dt.date.fromisoformat(data["date"]) if data["date"] else None,
                        data["date_precision"], place_from_json(data["place"]), data["names"])


class Store(ReviewStore, SearchStore, IntakeStore):
    """One database. Opening it migrates it to Alembic head, so every command works on a fresh file."""

    def __init__(self, url: Optional[str] = None):
        self.url = database_url(url)
        self.engine: Engine = connect(self.url)
        self._init_transactions()
        self.migrate()

    def migrate(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._write() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    # --- reports ------------------------------------------------------------------------------

    def add_report(self, report: Report) -> tuple[int, bool]:
        """Store a report unless it is already there (same URL — its latest version —, or same
        text without a URL). Returns (id, created); a report that carries an id keeps it (a batch
        run's block)."""
        c = t.reports.c
        with self._write() as conn:
            if report.url:
                found = conn.execute(_REPORT_AT, {"url": report.url}).scalar()
            else:
                found = conn.execute(_REPORT_WITHOUT_URL, {"hash": report.content_hash}).scalar()
            if found is not None:
                return found, False
            return self._insert_report(conn, report, report.url), True

    def _insert_report(self, conn, report: Report, url: Optional[str], previous_id: Optional[int] = None) -> int:
        result = conn.execute(insert(t.reports).values(
            **({"id": report.id} if report.id is not None else {}), outlet=report.outlet, url=url, title=report.title, published=report.published,
            published_precision=report.published_precision, language=report.language, text=report.text,
            content_hash=report.content_hash,
            origin_file=report.origin_file, origin_line=report.origin_line, warning=report.warning,
            archive_locator=report.archive_locator, archive_sha256=report.archive_sha256,
            fetched_at=naive_utc(report.fetched_at), previous_version_id=previous_id, ingested_at=_now()))
        rid = result.inserted_primary_key[0]
        index_report_text(conn, rid, report.title, report.text)
        return rid

    def add_report_version(self, previous_id: int, report: Report) -> int:
        """Store `report` as the newer version of report `previous_id` (the latest version of a
        URL whose text changed) and return its id; `process` reads it next. Both are kept: the
        earlier one becomes history — the URL passes to the new one, a `version` provenance link
        makes the two one source, the linker puts the new one in the earlier one's incident, and
        assessment leaves the earlier one's facts out (`civcas.assess`)."""
        c = t.reports.c
        with self._write() as conn:
            url = conn.execute(select(c.url).where(c.id == previous_id)).scalar()
            if url is None:
                raise ValueError(f"report {previous_id} is not the latest version of a URL")
            if report.url not in (None, url):
                raise ValueError(f"report {previous_id} is {url}, not {report.url}")
            conn.execute(update(t.reports).where(c.id == previous_id).values(url=None, version_url=url))
            rid = self._insert_report(conn, report, url, previous_id)
            conn.execute(insert(t.provenance_links).values(
                report_a=previous_id, report_b=rid, relation="version", containment=0.0, shared_sentences=[],
                source_id=previous_id))
            return rid

    def mark_withdrawn(self, report_id: int, at: dt.datetime) -> None:
        """The report's URL answered 404 or 410 at a re-check: the report (and its archived copy)
        stays and keeps counting; pages say it was withdrawn. The first time seen is kept."""
        c = t.reports.c
        with self._write() as conn:
            conn.execute(update(t.reports).where(c.id == report_id, c.withdrawn_at.is_(None))
                         .values(withdrawn_at=naive_utc(at)))

    def report_by_url(self, url: str) -> Optional[Report]:
        """The latest version of the report of a URL, if any."""
        with self._read() as conn:
            row = conn.execute(select(t.reports).where(t.reports.c.url == url)).first()
        return self._report(row) if row else None

    def add_error(self, origin: str, reason: str) -> None:
        with self._write() as conn:
            conn.execute(insert(t.ingest_errors).values(origin=origin, reason=reason, at=_now()))

    def add_report_error(self, report_id: int, stage: str, reason: str) -> None:
        """A stage failed on this stored report (the run went on without it)."""
        with self._write() as conn:
            conn.execute(insert(t.report_errors).values(report_id=report_id, stage=stage, reason=reason, at=_now()))

    def report_errors(self) -> list[dict]:
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(select(t.report_errors).order_by(t.report_errors.c.id))]

    def process_lock(self, wait: bool = False):
        """Held by a `process` run: one at a time per database (see `civcas.store.lock`)."""
        return process_lock(self.engine, wait)

    def watch_lock(self):
        """Held by a `watch` run: two watchers of one database would fetch and store each
        article twice (a cron `--once` still running when the next one starts)."""
        return process_lock(self.engine, job="watch")

    @staticmethod
    def _report(row) -> Report:
        return Report(id=row.id, outlet=row.outlet, url=row.url or row.version_url, title=row.title,
                      published=row.published, published_precision=row.published_precision, language=row.language,
                      text=row.text, origin_file=row.origin_file,
                      origin_line=row.origin_line, warning=row.warning, archive_locator=row.archive_locator,
                      archive_sha256=row.archive_sha256, fetched_at=row.fetched_at,
                      previous_version_id=row.previous_version_id, superseded=row.version_url is not None,
                      withdrawn_at=row.withdrawn_at)

    def reports(self, ids: Optional[Iterable[int]] = None) -> list[Report]:
        with self._read() as conn:
            if ids is None:
                return [self._report(r) for r in conn.execute(select(t.reports).order_by(t.reports.c.id))]
            return [self._report(r) for r in conn.execute(_REPORTS, {"ids": list(ids)})]

    def report_languages(self, ids: Iterable[int]) -> dict[int, str]:
        """Each report's language, without its text."""
        with self._read() as conn:
            return dict(conn.execute(_LANGUAGES, {"ids": list(ids)}).all())

    def iter_reports(self, batch: int = 500) -> Iterator[Report]:
        """Every report in id order, `batch` at a time (an export never holds the corpus whole)."""
        after = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(select(t.reports).where(t.reports.c.id > after)
                                    .order_by(t.reports.c.id).limit(batch)).all()
            if not rows:
                return
            yield from (self._report(r) for r in rows)
            after = rows[-1].id

    def unprocessed_report_ids(self) -> list[int]:
        with self._read() as conn:
            return list(conn.execute(select(t.reports.c.id).where(t.reports.c.processed_at.is_(None))
                                     .order_by(t.reports.c.id)).scalars())

    def mark_processed(self, ids: Iterable[int]) -> None:
        with self._write() as conn:
            conn.execute(_MARK_PROCESSED, {"ids": list(ids), "at": _now()})

    # --- provenance index and links -----------------------------------------------------------

    def index_report(self, report_id: int, buckets: Iterable[str], sentence_hashes: Iterable[tuple[str, int]]):
        """(Re-)index one report: its earlier rows, if any, are replaced."""
        with self._write() as conn:
            for table in (t.lsh_buckets, t.sentence_hashes):
                conn.execute(_OF_REPORT[table.name], {"rid": report_id})
            rows = [{"bucket": b, "report_id": report_id} for b in buckets]
            if rows:
                conn.execute(_INSERT[t.lsh_buckets.name], rows)
            rows = [{"hash": h, "report_id": report_id, "sentence_index": i} for h, i in sentence_hashes]
            if rows:
                conn.execute(_INSERT[t.sentence_hashes.name], rows)

    def candidates(self, report_id: int, buckets: Iterable[str], hashes: Iterable[str], buckets_at_least: int,
                   closest: int) -> set[int]:
        """The `closest` earlier reports (lower ids) sharing the most of these LSH buckets, at
        least `buckets_at_least` (ties: the earliest), and the reports sharing one of these
        normalised sentence hashes (the report's own, passed in): two indexed lookups whatever
        the size of the store."""
        found: set[int] = set()
        with self._read() as conn:
            buckets, hashes = list(buckets), list(hashes)
            if buckets:
                found |= set(conn.execute(_BUCKET_HOLDERS, {"keys": buckets, "at_least": buckets_at_least,
                                                            "before": report_id, "closest": closest}).scalars())
            if hashes:
                found |= set(conn.execute(_HASH_HOLDERS, {"keys": hashes}).scalars())
        found.discard(report_id)
        return found

    def hash_counts(self, hashes: Iterable[str], at_most: int) -> dict[str, int]:
        """How many reports hold each of these normalised sentence hashes, counted no further than
        at_most + 1 (a boilerplate line is in ever more reports as the store grows: counting them
        all would cost as much)."""
        with self._read() as conn:
            counts = {h: conn.execute(_HASH_COUNT, {"hash": h, "cap": at_most + 1}).scalar() for h in set(hashes)}
        return {h: n for h, n in counts.items() if n}

    def reports_with_hashes(self, hashes: Iterable[str]) -> set[int]:
        s = t.sentence_hashes
        with self._read() as conn:
            return set(conn.execute(select(s.c.report_id).where(s.c.hash.in_(list(hashes)))).scalars())

    def replace_links(self, stale: Iterable[tuple[int, int]], links: Iterable[ProvenanceLink]) -> None:
        """Drop the links of the `stale` pairs, then store `links` (new ones and the re-judged
        stale ones; machine output only)."""
        c = t.provenance_links.c
        with self._write() as conn:
            stale = list(stale)
            self._log_reports(conn, [r for pair in stale for r in pair])
            for a, b in stale:
                conn.execute(delete(t.provenance_links).where(c.report_a == min(a, b), c.report_b == max(a, b)))
        self.save_links(links)

    def replace_relation(self, report_id: int, relation: str, links: Iterable[ProvenanceLink]) -> None:
        """Drop the report's links of one relation, then store `links` (a re-judged relation)."""
        c = t.provenance_links.c
        with self._write() as conn:
            which = (c.relation == relation) & ((c.report_a == report_id) | (c.report_b == report_id))
            if conn.execute(select(c.id).where(which).limit(1)).first():
                self._log_reports(conn, [report_id])
                conn.execute(delete(t.provenance_links).where(which))
        self.save_links(links)

    def save_links(self, links: Iterable[ProvenanceLink]) -> None:
        rows = [{"report_a": min(l.report_a, l.report_b), "report_b": max(l.report_a, l.report_b),
                 "relation": l.relation, "containment": l.containment,
                 "shared_sentences": [list(p) for p in l.shared_sentences], "source_id": l.source_id}
                for l in links]
        if rows:
            with self._write() as conn:
                self._log_reports(conn, [r[k] for r in rows for k in ("report_a", "report_b")])
                conn.execute(insert(t.provenance_links), rows)

    def links(self, report_ids: Optional[Iterable[int]] = None) -> list[ProvenanceLink]:
        with self._read() as conn:
            rows = conn.execute(select(t.provenance_links)) if report_ids is None else \
                conn.execute(_LINKS, {"ids": list(report_ids)})
            return [ProvenanceLink(r.report_a, r.report_b, r.relation, r.containment,
                                   [tuple(p) for p in r.shared_sentences], r.source_id)
                    for r in rows]

    # --- extracted facts ----------------------------------------------------------------------

    def save_facts(self, facts: ReportFacts) -> None:
        """Replace what the extractor said about one report (machine output only)."""
        rid = facts.report_id
        with self._write() as conn:
            self._log_reports(conn, [rid])
            before = conn.execute(_WORDS_OF, {"rid": rid}).scalar()
            rare = _count_words(conn, before or {}, facts.words)
            for table in (t.claims, t.statements, t.report_facts, t.report_names):
                conn.execute(_OF_REPORT[table.name], {"rid": rid})
            conn.execute(_INSERT[t.report_facts.name], dict(
                report_id=rid, date=facts.date, date_precision=facts.date_precision, date_source=facts.date_source,
                place=place_to_json(facts.place), places_mentioned=[place_to_json(p) for p in facts.places_mentioned],
                belligerents=facts.belligerents, means=facts.means, names=facts.names, words=facts.words,
                mentions=[mention_to_json(m) for m in facts.mentions], extractor_version=facts.extractor_version))
            indexed = facts.names + [WORD_PREFIX + w for w in rare]
            if indexed:
                conn.execute(_INSERT[t.report_names.name], [{"name": n[:200], "report_id": rid} for n in indexed])
            for table, records in ((t.claims, facts.claims), (t.statements, facts.statements)):
                rows = [{k: v for k, v in dataclasses.asdict(x).items() if k not in ("id", "corrected")}
                        | {"report_id": rid}
                        for x in records]
                if rows:
                    conn.execute(_INSERT[table.name], rows)

    def facts(self, report_ids: Iterable[int], claims: bool = True) -> dict[int, ReportFacts]:
        """Facts per report, claims as analysts corrected them; `claims=False` skips claims and
        statements (the linker's view)."""
        ids = list(report_ids)
        out: dict[int, ReportFacts] = {}
        with self._read() as conn:
            for r in conn.execute(_FACTS, {"ids": ids}):
                out[r.report_id] = ReportFacts(
                    report_id=r.report_id, date=r.date, date_precision=r.date_precision, date_source=r.date_source,
                    place=place_from_json(r.place), places_mentioned=[place_from_json(p) for p in r.places_mentioned or []],
                    belligerents=r.belligerents or [], means=r.means or [], names=r.names or [],
                    words=r.words or {}, mentions=[mention_from_json(m) for m in r.mentions or []],
                    extractor_version=r.extractor_version, language=r.language)
            if not claims:
                return out
            for table, cls, attr in ((t.claims, Claim, "claims"), (t.statements, Statement, "statements")):
                for r in conn.execute(_ROWS_OF_REPORTS[table.name], {"ids": ids}):
                    if r.report_id in out:
                        fields = {k: getattr(r, k) for k in cls.__dataclass_fields__ if k != "corrected"}
                        getattr(out[r.report_id], attr).append(cls(**fields))
            corrections = self.claim_corrections(ids, conn)
        for f in out.values():
            for claim in f.claims:
                change = corrections.get((claim.report_id, claim.start, claim.end))
                if change:
                    for key, value in change.items():
                        setattr(claim, key, value)
                    claim.corrected = True
        return out

    def reports_read_by_another_extractor(self, version: str) -> list[int]:
        """Processed reports whose stored facts another extractor version produced (or none
        recorded its version)."""
        r, f = t.reports.c, t.report_facts.c
        with self._read() as conn:
            return list(conn.execute(
                select(r.id).outerjoin(t.report_facts, f.report_id == r.id)
                .where(r.processed_at.is_not(None), f.extractor_version.is_(None) | (f.extractor_version != version))
                .order_by(r.id)).scalars())

    def processed_report_ids(self) -> list[int]:
        with self._read() as conn:
            return list(conn.execute(select(t.reports.c.id).where(t.reports.c.processed_at.is_not(None))
                                     .order_by(t.reports.c.id)).scalars())

    def word_rarity(self, words: Iterable[str], shared_only: bool = False) -> dict[str, float]:
        """Inverse document frequency of each word over the stored word profiles (a word no
        profile holds yet counts as held by one). `shared_only`: a word that at most one stored
        profile holds weighs 0 (it can match no other report, only dilute a profile)."""
        wanted = list(set(words) | {""})
        with self._read() as conn:
            held = dict(conn.execute(_WORD_COUNTS, {"words": wanted}).all())
        profiles = max(held.pop("", 0), 1)
        return {w: 0.0 if shared_only and held.get(w, 0) <= 1 else math.log((profiles + 1) / (held.get(w, 0) + 1))
                for w in wanted if w}

    def profile_count(self) -> int:
        """How many stored reports have a word profile (the corpus the rarity of words is drawn from)."""
        with self._read() as conn:
            return conn.execute(select(t.word_counts.c.reports).where(t.word_counts.c.word == "")).scalar() or 0

    def count_words_elsewhere(self, counts: dict[str, int]) -> None:
        """Add word profiles stored elsewhere to the counts word rarity rests on ("" counts the
        profiles): a batch run's block counts the archive's other blocks."""
        c = t.word_counts.c
        with self._write() as conn:
            held = set(conn.execute(select(c.word).where(c.word.in_(list(counts)))).scalars())
            fresh = [{"word": w, "reports": n} for w, n in counts.items() if w not in held]
            if fresh:
                conn.execute(insert(t.word_counts), fresh)
            moved = [{"w": w, "d": n} for w, n in counts.items() if w in held]
            if moved:
                conn.execute(update(t.word_counts).where(c.word == bindparam("w"))
                             .values(reports=c.reports + bindparam("d")), moved)

    def reports_with_rare_words(self, words: Iterable[str], at_most: int) -> dict[str, set[int]]:
        """For each word, the reports that hold it among their rarest words (an indexed lookup);
        `at_most` as in `reports_naming`."""
        found = self.reports_naming((WORD_PREFIX + w for w in words), at_most)
        return {name.removeprefix(WORD_PREFIX): ids for name, ids in found.items()}

    def reports_naming(self, names: Iterable[str], at_most: int) -> dict[str, set[int]]:
        """For each name that at most `at_most` reports mention, those reports (an indexed lookup,
        each name read no further than that: a name every report gives, police or a capital,
        tells nothing, and reading all its reports would cost more as the store grows)."""
        out: dict[str, set[int]] = {}
        with self._read() as conn:
            for name in sorted({n[:200] for n in names}):
                ids = set(conn.execute(_POSTINGS, {"name": name, "cap": at_most + 1}).scalars())
                if ids and len(ids) <= at_most:
                    out[name] = ids
        return out

    # --- incidents ----------------------------------------------------------------------------

    def new_incident(self) -> int:
        with self._write() as conn:
            new_id = conn.execute(_INSERT[t.incidents.name], {"created_at": _now()}).inserted_primary_key[0]
            self._log(conn, [new_id], ADDED)
        return new_id

    def flag_new_evidence(self, incident_ids: Iterable[int]) -> None:
        """Put incidents back in the review queue ("new evidence")."""
        with self._write() as conn:
            ids = list(incident_ids)
            self._log(conn, ids, CHANGED)
            conn.execute(update(t.incidents).where(t.incidents.c.id.in_(ids)).values(new_evidence=True))

    def detach(self, report_id: int) -> None:
        """Remove a report's links to incidents (it is about to be linked again)."""
        with self._write() as conn:
            gone = list(conn.execute(select(t.incident_reports.c.incident_id)
                                     .where(t.incident_reports.c.report_id == report_id)).scalars())
            self._log(conn, gone, CHANGED)
            conn.execute(delete(t.incident_reports).where(t.incident_reports.c.report_id == report_id))
            self.index_incident_text(conn, gone)

    def attach(self, incident_id: int, link: IncidentReport) -> None:
        """Link a report to an incident; a reviewed incident gets the "new evidence" marker
        (its analyst's decisions stand until someone looks again)."""
        with self._write() as conn:
            self._log(conn, [incident_id], CHANGED)
            conn.execute(_INSERT[t.incident_reports.name], dict(
                incident_id=incident_id, report_id=link.report_id, role=link.role, score=link.score,
                evidence=link.evidence))
            conn.execute(_NEW_EVIDENCE_IF_REVIEWED, {"incident": incident_id})
            self.index_incident_text(conn, [incident_id])

    def incident_candidates(self, start: dt.date, end: dt.date, country_code: Optional[str] = None,
                            admin1: Optional[str] = None) -> list[Incident]:
        """Live incidents dated in [start, end], in the given region when one is given: the same
        admin-1 unit or country, or a place not known at that level (blocking for the linker: an
        indexed range of the date, so a window holds as many incidents whatever the store's size;
        their links without evidence)."""
        c = t.incidents.c
        where = [c.date >= start, c.date <= end, c.merged_into.is_(None)]
        if admin1:
            where.append((c.admin1 == admin1) | c.admin1.is_(None))
        elif country_code:
            where.append((c.country_code == country_code) | c.country_code.is_(None))
        with self._read() as conn:
            ids = list(conn.execute(select(c.id).where(*where)).scalars())
        return self.incidents(ids, evidence=False)

    def incidents_with_deaths(self, country_code: Optional[str], admin1: Optional[str],
                              deaths: Iterable[int], undated_only: bool = False) -> list[Incident]:
        """Live incidents of an admin-1 unit (or a country) whose civilian deaths take in one of
        `deaths`, whatever their date (blocking for a report or an incident that gives no date;
        `undated_only`: the incidents without one). An incident placed in the country alone (its
        unit unread) is in no other unit: it is met too. Their links without evidence."""
        c = t.incidents.c
        region = c.country_code == country_code
        if admin1:
            region = (c.admin1 == admin1) | (region & c.admin1.is_(None))
        fits = or_(*((c.civilian_deaths_min <= d) & (c.civilian_deaths_max >= d) for d in deaths))
        where = [region, fits, c.merged_into.is_(None)] + ([c.date.is_(None)] if undated_only else [])
        with self._read() as conn:
            ids = list(conn.execute(select(c.id).where(*where)).scalars())
        return self.incidents(ids, evidence=False)

    def incident_ids(self) -> list[int]:
        with self._read() as conn:
            return list(conn.execute(select(t.incidents.c.id).order_by(t.incidents.c.id)).scalars())

    def incidents(self, ids: Optional[Iterable[int]] = None, evidence: bool = True) -> list[Incident]:
        """`evidence=False`: the links without their evidence (empty), as the linker weighs them."""
        query = select(t.incidents).order_by(t.incidents.c.id)
        link_query = select(t.incident_reports).order_by(t.incident_reports.c.report_id)
        params = {}
        if ids is not None:
            query, link_query, params = _INCIDENTS, _INCIDENT_LINKS if evidence else _INCIDENT_MEMBERS, {"ids": list(ids)}
        with self._read() as conn:
            found = {r.id: Incident(
                id=r.id, date=r.date, date_precision=r.date_precision, date_source=r.date_source,
                place=place_from_json(r.place), belligerents=r.belligerents or [], means=r.means or [],
                civilian_deaths_min=r.civilian_deaths_min, civilian_deaths_max=r.civilian_deaths_max,
                grade=r.grade, grade_reason=r.grade_reason, disputed=bool(r.disputed),
                independent_sources=r.independent_sources or 0, merged_into=r.merged_into,
                reviewed_by=r.reviewed_by, reviewed_at=r.reviewed_at, new_evidence=bool(r.new_evidence),
                removed=bool(r.removed))
                for r in conn.execute(query, params)}
            for r in conn.execute(link_query, params):
                if r.incident_id in found:
                    found[r.incident_id].reports.append(IncidentReport(r.report_id, r.role, r.score,
                                                                       r.evidence if evidence else {}))
        return list(found.values())

    def incident_ids_of_reports(self, report_ids: Iterable[int]) -> set[int]:
        with self._read() as conn:
            return set(conn.execute(_INCIDENTS_OF_REPORTS, {"ids": list(report_ids)}).scalars())

    def save_assessment(self, incident: Incident) -> None:
        """Store the assess stage's answer as the machine record, then publish it with the
        analysts' settings laid over it: a re-run never replaces what an analyst set."""
        machine = {"date": incident.date.isoformat() if incident.date else None,
                   "date_precision": incident.date_precision, "date_source": incident.date_source,
                   "place": place_to_json(incident.place), "belligerents": incident.belligerents,
                   "means": incident.means, "civilian_deaths_min": incident.civilian_deaths_min,
                   "civilian_deaths_max": incident.civilian_deaths_max, "grade": incident.grade,
                   "grade_reason": incident.grade_reason, "disputed": incident.disputed,
                   "independent_sources": incident.independent_sources}
        with self._write() as conn:
            self._log(conn, [incident.id], CHANGED)
            conn.execute(_ASSESSED, {"incident": incident.id, "new_machine": machine, "at": _now()})
            self._publish(conn, incident.id)

    def _publish(self, conn, incident_id: int) -> None:
        """Published columns = the machine record, then each analyst setting (latest wins)."""
        machine = conn.execute(_MACHINE, {"id": incident_id}).scalar() or {}
        values = dict(machine)
        values["date"] = dt.date.fromisoformat(machine["date"]) if machine.get("date") else None
        for field, (value, reason) in self.overrides(incident_id, conn).items():
            if field == "grade":
                values["grade"], values["grade_reason"] = value, f"set by an analyst: {reason}"
            elif field == "date":
                values["date"] = dt.date.fromisoformat(value["date"]) if value.get("date") else None
                values["date_precision"] = value.get("precision")
                values["date_source"] = f"set by an analyst: {reason}"
            elif field == "place":
                values["place"] = value
        place = values.get("place") or {}
        conn.execute(_PUBLISH, {**{f"new_{k}": values.get(k) for k in _PUBLISHED}, "incident": incident_id,
                                "new_country_code": place.get("country_code"), "new_admin1": place.get("admin1")})

    # --- gazetteer ----------------------------------------------------------------------------

    def add_gazetteer_places(self, rows: list[dict]) -> None:
        """Insert or replace GeoNames rows (a re-load of the same dump is idempotent)."""
        if not rows:
            return
        with self._write() as conn:
            conn.execute(delete(t.gazetteer_places).where(
                t.gazetteer_places.c.geonameid.in_([r["geonameid"] for r in rows])))
            conn.execute(insert(t.gazetteer_places), rows)

    def gazetteer_places(self) -> Iterator[dict]:
        with self._read() as conn:
            for r in conn.execute(select(t.gazetteer_places)):
                yield dict(r._mapping)

    # --- counts -------------------------------------------------------------------------------

    def stats(self) -> dict:
        with self._read() as conn:
            def count(table) -> int:
                return conn.execute(select(func.count()).select_from(table)).scalar()
            copies = [(r.report_a, r.report_b) for r in conn.execute(
                select(t.provenance_links).where(t.provenance_links.c.relation.in_(SAME_SOURCE)))]
            ids = list(conn.execute(select(t.reports.c.id)).scalars())
            failed = count(t.report_errors)
            languages = dict(conn.execute(select(t.reports.c.language, func.count()).group_by(t.reports.c.language)).all())
            return {"reports": len(ids), "provenance_groups": len(provenance_groups(ids, copies)),
                    "claims": count(t.claims), "incidents": count(t.incidents),
                    "errors": count(t.ingest_errors) + failed, "processing_errors": failed,
                    "warnings": conn.execute(select(func.count()).where(t.reports.c.warning.is_not(None))).scalar(),
                    "languages": languages, **self._intake_counts(conn)}

    @staticmethod
    def _intake_counts(conn) -> dict:
        """Archived responses (reports pointing to a WARC record), reports with a newer version,
        reports whose URL was withdrawn: counted from the store, not the archive files."""
        c = t.reports.c
        return {key: conn.execute(select(func.count()).where(column.is_not(None))).scalar()
                for key, column in (("archived", c.archive_locator), ("changed", c.version_url),
                                    ("withdrawn", c.withdrawn_at))}


def provenance_groups(report_ids: Iterable[int], copy_pairs: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    """Copies of one original form one group (union-find); the group is named by its lowest id."""
    parent = {i: i for i in report_ids}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in copy_pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in list(parent):
        groups.setdefault(root(i), []).append(i)
    return groups


# Statements built once: building one costs several times its execution on SQLite, and a report
# goes through a hundred of them.
def _ids(name: str = "ids"):
    return bindparam(name, expanding=True)


_REPORT_AT = select(t.reports.c.id).where(t.reports.c.url == bindparam("url"))
_REPORT_WITHOUT_URL = select(t.reports.c.id).where(t.reports.c.url.is_(None), t.reports.c.version_url.is_(None),
                                                   t.reports.c.content_hash == bindparam("hash"))
_REPORTS = select(t.reports).where(t.reports.c.id.in_(_ids())).order_by(t.reports.c.id)
_LANGUAGES = select(t.reports.c.id, t.reports.c.language).where(t.reports.c.id.in_(_ids()))
_MARK_PROCESSED = update(t.reports).where(t.reports.c.id.in_(_ids())).values(processed_at=bindparam("at"))
_LINKS = select(t.provenance_links).where(t.provenance_links.c.report_a.in_(_ids())
                                          | t.provenance_links.c.report_b.in_(_ids()))
_OF_REPORT = {table.name: delete(table).where(table.c.report_id == bindparam("rid"))
              for table in (t.lsh_buckets, t.sentence_hashes, t.claims, t.statements, t.report_facts, t.report_names)}
_INSERT = {table.name: insert(table) for table in (t.reports, t.lsh_buckets, t.sentence_hashes, t.claims, t.statements,
                                                   t.report_facts, t.report_names, t.incidents, t.incident_reports)}
_WORDS_OF = select(t.report_facts.c.words).where(t.report_facts.c.report_id == bindparam("rid"))
_FACTS = select(t.report_facts, t.reports.c.language).join(t.reports, t.reports.c.id == t.report_facts.c.report_id) \
    .where(t.report_facts.c.report_id.in_(_ids()))
_ROWS_OF_REPORTS = {table.name: select(table).where(table.c.report_id.in_(_ids())).order_by(table.c.id)
                    for table in (t.claims, t.statements)}
_WORD_COUNTS = select(t.word_counts.c.word, t.word_counts.c.reports).where(t.word_counts.c.word.in_(_ids("words")))
_NEW_WORDS = insert(t.word_counts)
_COUNT_WORDS = update(t.word_counts).where(t.word_counts.c.word.in_(_ids("words"))) \
    .values(reports=t.word_counts.c.reports + bindparam("d"))
_NEW_EVIDENCE_IF_REVIEWED = update(t.incidents).where(t.incidents.c.id == bindparam("incident"),
                                                      t.incidents.c.reviewed_at.is_not(None)).values(new_evidence=True)
_INCIDENTS = select(t.incidents).where(t.incidents.c.id.in_(_ids())).order_by(t.incidents.c.id)
_INCIDENT_LINKS = select(t.incident_reports).where(t.incident_reports.c.incident_id.in_(_ids())) \
    .order_by(t.incident_reports.c.report_id)
_INCIDENT_MEMBERS = select(*(c for c in t.incident_reports.c if c.name != "evidence")) \
    .where(t.incident_reports.c.incident_id.in_(_ids())).order_by(t.incident_reports.c.report_id)
_INCIDENTS_OF_REPORTS = select(t.incident_reports.c.incident_id).where(t.incident_reports.c.report_id.in_(_ids()))
_ASSESSED = update(t.incidents).where(t.incidents.c.id == bindparam("incident")) \
    .values(machine=bindparam("new_machine"), assessed_at=bindparam("at"))
_MACHINE = select(t.incidents.c.machine).where(t.incidents.c.id == bindparam("id"))
# The assessed fields (the machine record's keys), published with the analysts' settings laid over them.
_PUBLISHED = ("date", "date_precision", "date_source", "place", "belligerents", "means", "civilian_deaths_min",
              "civilian_deaths_max", "grade", "grade_reason", "disputed", "independent_sources")
_PUBLISH = update(t.incidents).where(t.incidents.c.id == bindparam("incident")).values(
    {name: bindparam(f"new_{name}") for name in _PUBLISHED + ("country_code", "admin1")})
_BUCKET_HOLDERS = select(t.lsh_buckets.c.report_id) \
    .where(t.lsh_buckets.c.bucket.in_(bindparam("keys", expanding=True)), t.lsh_buckets.c.report_id < bindparam("before")) \
    .group_by(t.lsh_buckets.c.report_id).having(func.count() >= bindparam("at_least")) \
    .order_by(func.count().desc(), t.lsh_buckets.c.report_id).limit(bindparam("closest"))
_HASH_HOLDERS = select(t.sentence_hashes.c.report_id) \
    .where(t.sentence_hashes.c.hash.in_(bindparam("keys", expanding=True)))
_HASH_COUNT = select(func.count()).select_from(
    select(t.sentence_hashes.c.report_id).where(t.sentence_hashes.c.hash == bindparam("hash"))
    .distinct().limit(bindparam("cap")).subquery())
# One name's reports, read no further than :cap rows (`Store.reports_naming`).
_POSTINGS = select(t.report_names.c.report_id).where(t.report_names.c.name == bindparam("name")).limit(bindparam("cap"))
WORD_PREFIX = "w:"      # a report's rarest words sit in the names index too, under this prefix
RARE_WORDS = 15        # per report, indexed here and looked up by the linker with the same count


def _count_words(conn, before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Keep word_counts in step when a report's profile is replaced (re-extraction counts once), and
    return the new profile's rarest words: the postings through which a report finds the reports of
    its story that are dated or placed apart from it."""
    change = {w: 1 for w in after.keys() - before.keys()} | {w: -1 for w in before.keys() - after.keys()}
    if bool(after) != bool(before):
        change[""] = 1 if after else -1
    if not change and not after:
        return []
    held = dict(conn.execute(_WORD_COUNTS, {"words": list(change.keys() | after.keys())}).all())
    fresh = [{"word": w, "reports": d} for w, d in change.items() if w not in held and d > 0]
    if fresh:
        conn.execute(_NEW_WORDS, fresh)
    for step in (1, -1):             # each word's count moves by one: one statement per direction
        moved = [w for w, d in change.items() if w in held and d == step]
        if moved:
            conn.execute(_COUNT_WORDS, {"words": moved, "d": step})
    now = {w: held.get(w, 0) + change.get(w, 0) for w in after}
    return sorted(after, key=lambda w: (now[w], -after[w], w))[:RARE_WORDS]
