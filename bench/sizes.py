"""The per-report cost of `process` when the store already holds N reports (`pipeline.py --sizes`).

Stores of 100,000 reports cannot be built by processing them one by one in a benchmark run, so
they are grown from real reports already read:

1. Templates: the GVA articles (../shared/data/gva/documents.jsonl), less the ones measured, are
   ingested, their provenance indexed and their facts extracted by the real stages, into a
   template store (kept in --cache, keyed by the extractor version). Their incidents are the GVA
   incidents they belong to (the labels: linking as it should be).
2. A store of N reports is that store copied in blocks, in bulk, with the facts as the extractor
   gave them. Block k is the GVA years told again k × SPAN_DAYS later (report and incident
   dates, dates of events mentioned), as an archive grows by accumulating years of news: a day
   and a state hold as many reports at 100,000 as in the real feed. Its reports keep their words,
   names and provenance keys (LSH buckets, sentence hashes), so whatever a new report shares by
   chance with other stories (a street name, a stock sentence, an LSH bucket) it shares with k
   times as many reports, as in a larger archive; but the stories the measured reports tell
   happened once: in blocks past the first, their templates' rare words and names (held by at
   most RARE templates), person names and provenance keys (but boilerplate, in more than
   BOILERPLATE_REPORTS templates) are spelt as the block's own (`word~k`).
   A partial last block takes the first templates of a fixed shuffle.
3. The measured reports (a fixed sample of GVA articles left out of the templates) are ingested
   into each store, then `process` runs over them; the table gives wall and CPU milliseconds per
   report (CPU: the machine may be shared) and the stages' split.

The full-text search indexes are not copied (`process` does not read them).
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import time
from collections import Counter, defaultdict
from pathlib import Path

from civcas import gazetteer, provenance
from civcas.provenance import BOILERPLATE_REPORTS
from civcas.extract import run as extract_run
from civcas.extract.version import extractor_version
from civcas.ingest import ingest
from civcas.pipeline import process
from civcas.store import RARE_WORDS, Store
from civcas.store.db import WORD_PREFIX
from evalsets.gva import articles

SPAN_DAYS = 1600            # the GVA articles span 2013-01-01 .. 2017-04-11 (1,562 days)
RARE = 25                   # a word or term held by at most this many templates is a story's own
SEED = 20


def _write_jsonl(docs: list[dict], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "gva.jsonl", "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"url": doc["url"], "title": doc["title"], "published": doc["published"],
                                  "text": doc["text"]}) + "\n")
    return folder


def split(gva: Path, measured: int) -> tuple[list[dict], list[dict]]:
    """(templates in a fixed shuffle, measured sample)."""
    docs = articles(gva)
    random.Random(SEED).shuffle(docs)
    return docs[measured:], docs[:measured]


def template_store(templates: list[dict], cache: Path) -> Path:
    """The templates ingested, provenance-indexed and read by the real stages (built once per
    extractor version)."""
    path = cache / f"templates-{extractor_version()}-{len(templates)}.db"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    work = cache / "building.db"
    work.unlink(missing_ok=True)
    store = Store(f"sqlite:///{work}")
    ingest(store, [_write_jsonl(templates, cache / "templates")])
    gaz = gazetteer.load()
    ids = store.unprocessed_report_ids()
    for start in range(0, len(ids), 100):
        chunk = ids[start:start + 100]
        with store.atomic():
            provenance.run(store, chunk)
            extract_run(store, chunk, gaz)
    store.engine.dispose()
    work.rename(path)
    return path


def _shift(value, days: int):
    if value is None:
        return None
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


class _Templates:
    """The template store's facts, read once (its other rows are copied in SQL)."""

    def __init__(self, path: Path, documents: list[dict]):
        self.path = path
        db = sqlite3.connect(path)
        db.row_factory = sqlite3.Row
        urls = dict(db.execute("SELECT id, url FROM reports ORDER BY id").fetchall())
        assert list(urls) == list(range(1, len(urls) + 1)), "template ids run 1..T"
        self.count = len(urls)
        self.facts = {r["report_id"]: dict(r) for r in db.execute("SELECT * FROM report_facts")}
        self.deaths = defaultdict(list)      # report → its civilian death figures of its own incident
        for rid, low in db.execute("SELECT report_id, min FROM claims WHERE kind = 'killed' "
                                   "AND scope = 'incident' AND population = 'civilian'"):
            self.deaths[rid].append(low)
        db.close()
        incident_of = {d["url"]: d["incident_id"] for d in documents}
        self.incident = {rid: incident_of[url] for rid, url in urls.items()}
        held = Counter(w for f in self.facts.values() for w in json.loads(f["words"] or "{}"))
        named = Counter(n for f in self.facts.values() for n in set(json.loads(f["names"] or "[]")))
        self.rare_words = {w for w, n in held.items() if n <= RARE}
        self.rare_names = {n for n, c in named.items() if not n.startswith("t:") or c <= RARE}


def _own(value: str, block: int) -> str:
    return value if block == 0 else f"{value}~{block}"


# Rows copied in SQL from the attached template store, block by block (:off = block × T, :k = block,
# :days = its shift); only rows of reports up to :size.
_COPY = (
    "INSERT INTO reports (id, outlet, url, title, published, language, text, content_hash, origin_file, "
    "origin_line, ingested_at, processed_at, warning) SELECT id + :off, outlet, "
    "CASE WHEN :k = 0 THEN url ELSE url || '#' || :k END, title, date(published, :days), language, text, "
    "content_hash, origin_file, origin_line, ingested_at, :now, warning FROM t.reports WHERE id + :off <= :size",
    "INSERT INTO claims (report_id, kind, population, min, max, qualifier, claimant, claimant_type, stance, "
    "scope, sentence, start, \"end\", parties, extractor_version, rule) SELECT report_id + :off, kind, population, "
    "min, max, qualifier, claimant, claimant_type, stance, scope, sentence, start, \"end\", parties, "
    "extractor_version, rule FROM t.claims WHERE report_id + :off <= :size ORDER BY id",
    "INSERT INTO statements (report_id, party, stance, claimant, sentence, start, \"end\", about_civilians) "
    "SELECT report_id + :off, party, stance, claimant, sentence, start, \"end\", about_civilians "
    "FROM t.statements WHERE report_id + :off <= :size ORDER BY id",
    "INSERT INTO lsh_buckets (bucket, report_id) SELECT CASE WHEN :k = 0 OR bucket IN common_buckets "
    "OR report_id NOT IN told_once THEN bucket ELSE bucket || '~' || :k END, report_id + :off FROM t.lsh_buckets "
    "WHERE report_id + :off <= :size",
    "INSERT INTO sentence_hashes (hash, report_id, sentence_index) SELECT CASE WHEN :k = 0 OR hash IN common_hashes "
    "OR report_id NOT IN told_once THEN hash ELSE hash || '~' || :k END, report_id + :off, sentence_index "
    "FROM t.sentence_hashes WHERE report_id + :off <= :size",
    "INSERT INTO provenance_links (report_a, report_b, relation, containment, shared_sentences, source_id) "
    "SELECT report_a + :off, report_b + :off, relation, containment, shared_sentences, source_id + :off "
    "FROM t.provenance_links WHERE report_a + :off <= :size AND report_b + :off <= :size",
)


def grow(templates: _Templates, path: Path, size: int, told_once: set[int]) -> None:
    """A migrated store of `size` processed reports, copied from the templates in blocks;
    `told_once`: the templates of the measured reports' stories."""
    Store(f"sqlite:///{path}").engine.dispose()           # the schema at head
    db = sqlite3.connect(path)
    db.execute("ATTACH DATABASE ? AS t", (str(templates.path),))
    for table, key in (("lsh_buckets", "bucket"), ("sentence_hashes", "hash")):
        db.execute(f"CREATE TEMP TABLE common_{table.split('_')[1]} AS SELECT {key} FROM t.{table} GROUP BY {key} "
                   f"HAVING count(DISTINCT report_id) > ?", (BOILERPLATE_REPORTS,))
    db.execute("CREATE TEMP TABLE told_once (report_id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO told_once VALUES (?)", [(tid,) for tid in told_once])
    count = templates.count
    now = dt.datetime.now().isoformat(sep=" ")
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:             # built once after the rows, not row by row
        db.execute(f"DROP INDEX {name}")
    blocks = range((size + count - 1) // count)
    for block in blocks:
        params = {"off": block * count, "k": block, "days": f"+{block * SPAN_DAYS} days", "size": size, "now": now}
        for statement in _COPY:
            db.execute(statement, {k: v for k, v in params.items() if f":{k}" in statement})
    facts_rows, words_of = [], {}
    incidents: dict[tuple[int, str], list[int]] = defaultdict(list)
    for n in range(size):
        block, template = divmod(n, count)
        rid, tid, days = n + 1, template + 1, block * SPAN_DAYS
        facts = templates.facts[tid]
        own = block if tid in told_once else 0
        words = {_own(w, own) if w in templates.rare_words else w: c
                 for w, c in json.loads(facts["words"] or "{}").items()}
        names = [_own(x, own) if x in templates.rare_names else x for x in json.loads(facts["names"] or "[]")]
        mentions = [m | {"date": _shift(m["date"], days)} for m in json.loads(facts["mentions"] or "[]")]
        words_of[rid] = (words, names)
        facts_rows.append(facts | {"report_id": rid, "date": _shift(facts["date"], days), "words": json.dumps(words),
                                   "names": json.dumps(names), "mentions": json.dumps(mentions)})
        incidents[block, templates.incident[tid]].append(rid)
    _insert(db, "report_facts", facts_rows)
    held = Counter(w for words, _ in words_of.values() for w in words)
    _insert(db, "word_counts", [{"word": w, "reports": c} for w, c in held.items()] +
            [{"word": "", "reports": sum(1 for words, _ in words_of.values() if words)}])

    def postings():
        for rid, (words, names) in words_of.items():
            rarest = sorted(words, key=lambda w: (held[w], -words[w], w))[:RARE_WORDS]
            for name in names + [WORD_PREFIX + w for w in rarest]:
                yield name[:200], rid

    db.executemany("INSERT INTO report_names (name, report_id) VALUES (?, ?)", postings())
    incident_rows, links = [], []
    for number, ((block, _), members) in enumerate(sorted(incidents.items()), start=1):
        first = facts_rows[members[0] - 1]
        place = json.loads(first["place"] or "null") or {}
        killed = [d for rid in members for d in templates.deaths[(rid - 1) % count + 1]]
        incident_rows.append({"id": number, "created_at": now, "date": first["date"],
                              "date_precision": first["date_precision"], "place": first["place"],
                              "belligerents": first["belligerents"], "means": first["means"],
                              "civilian_deaths_min": min(killed) if killed else None,
                              "civilian_deaths_max": max(killed) if killed else None,
                              "country_code": place.get("country_code"), "admin1": place.get("admin1"),
                              "new_evidence": 0})
        links += [{"incident_id": number, "report_id": rid, "role": "main", "score": 0.0,
                   "evidence": '{"decision": "template"}'} for rid in members]
    _insert(db, "incidents", incident_rows)
    _insert(db, "incident_reports", links)
    for _, sql in indexes:
        db.execute(sql)
    db.commit()
    db.close()


def _insert(db, table: str, records: list[dict]) -> None:
    if records:
        columns = list(records[0])
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                       [tuple(r[c] for c in columns) for r in records])


def run(gva: Path, sizes: list[int], measured: int, cache: Path, work: Path) -> list[dict]:
    """One row per size: process's ms per report (wall, CPU) over the measured sample."""
    template_docs, sample = split(gva, measured)
    templates = _Templates(template_store(template_docs, cache), template_docs)
    stories = {d["incident_id"] for d in sample}
    told_once = {tid for tid, incident in templates.incident.items() if incident in stories}
    folder = _write_jsonl(sample, work / "measured")
    gazetteer.load()
    out = []
    for size in sizes:
        path = work / f"store-{size}.db"
        t0 = time.perf_counter()
        grow(templates, path, size, told_once)
        built = time.perf_counter() - t0
        store = Store(f"sqlite:///{path}")
        ingest(store, [folder])
        wall, cpu = time.perf_counter(), time.process_time()
        result = process(store)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        staged = sum(result.seconds.values()) or 1.0
        row = {"size": size, "built": built, "reports": result.reports, "wall_ms": 1000 * wall / result.reports,
                    "cpu_ms": 1000 * cpu / result.reports,
                    "stages": {k: 1000 * cpu * v / staged / result.reports for k, v in result.seconds.items()}}
        print_table([row], measured, header=not out)
        out.append(row)
        store.engine.dispose()
        path.unlink()
        for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            extra.unlink(missing_ok=True)
    return out


def print_table(rows: list[dict], measured: int, header: bool = True) -> None:
    if header:
        print(f"process over {measured} GVA articles when the store already holds N reports (ms per report; the "
              f"stages' CPU is the CPU time split by their shares of the wall time)")
        print(f"{'N stored':>9} {'built s':>8} {'wall ms':>8} {'cpu ms':>8} {'provenance':>11} {'extract':>8} "
              f"{'link':>8} {'assess':>8}")
    for r in rows:
        s = r["stages"]
        print(f"{r['size']:9,d} {r['built']:8.1f} {r['wall_ms']:8.1f} {r['cpu_ms']:8.1f} {s.get('provenance', 0):11.1f} "
              f"{s.get('extract', 0):8.1f} {s.get('link', 0):8.1f} {s.get('assess', 0):8.1f}", flush=True)
    if len(rows) > 1:
        print()
        first, last = rows[0], rows[-1]
        print(f"ratio {last['size']:,d}/{first['size']:,d}: wall {last['wall_ms'] / first['wall_ms']:.2f}, "
              f"cpu {last['cpu_ms'] / first['cpu_ms']:.2f}, "
              f"link {last['stages'].get('link', 0) / max(first['stages'].get('link', 0), 1e-9):.2f}")
