"""Batch: ingest → provenance → extract → link → assess over an archive as one PySpark job, the
second driver of the same stages (`civcas.pipeline` is the single-machine one).

- Ingest reads `.jsonl` lines and `.parquet` rows through `civcas.ingest` (the same checks and
  language detection); reports get ids in input order (files sorted, then line or row), a
  repeated URL (or text without a URL) is read once, as `civcas ingest` does.
- Extraction runs per partition with `civcas.extract.read`.
- Provenance: each report's MinHash LSH bands and sentence hashes (`civcas.provenance.Fingerprint`)
  are exploded and joined, so only reports sharing two bands (each report with its
  `CLOSEST_CANDIDATES` earlier ones sharing the most) or a sentence are compared, by
  `civcas.provenance.compare`, with the boilerplate sentences (in more than
  `BOILERPLATE_REPORTS` reports) counted over the archive. A boilerplate sentence brings no pair
  of its own (it would join every page of a site).
- Linking: reports are blocked by country (see `_blocks`: a report whose place none of its
  neighbours shares, or that has none, goes with them) and each block is linked in report order
  by `civcas.batch.blocks`, where the link stage blocks by date window and admin-1 unit; asked
  to, a block of more than `block_reports` is cut in date segments linked in parallel and
  stitched back (`civcas.batch.segments`). Word rarity is the archive's (each block's store
  counts the other reports' word profiles from the start); name counts are the block's.

Output: one Parquet folder per table of `civcas.batch.tables.SCHEMAS` under the output folder;
`civcas load` (`civcas.batch.load`) brings them into a database. The stages' results are kept
there too, so that a run cut short goes on from the last one it finished (`civcas.batch.stages`).
"""
from __future__ import annotations

import glob
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from civcas.batch import segments, tables
from civcas.batch.load import chunks
from civcas.batch.stages import Stages

SUFFIXES = (".jsonl", ".parquet")
APP_NAME = "civcas batch"
#: Input is read in splits of at most this many bytes, and numbered reports are held in partitions
#: of at most `PARTITION_REPORTS`: Spark's 32 MB (local) or 128 MB splits made a 200,000-report
#: archive five partitions of 40,000 reports, whose cached blocks ran the local driver's 1 GB heap
#: out of memory, and whose last round ran on one core. Small partitions keep each block a few
#: megabytes and every core busy to the end.
SPLIT_BYTES = 8 * 1024 * 1024
PARTITION_REPORTS = 2000


class BatchError(ValueError):
    """A usage problem (no input files), told in one line."""


def input_files(paths: Iterable[str]) -> list[str]:
    """Files, folders (walked) or globs of `.jsonl` / `.parquet`, sorted within each path given;
    a URL (hdfs://…, s3a://…) is Spark's to read."""
    found: list[str] = []
    for given in paths:
        if "://" in given:                 # hdfs://, s3a://: Spark lists them itself
            found.append(given)
            continue
        matches = sorted(glob.glob(given, recursive=True)) or [given]
        for match in map(Path, matches):
            if match.is_dir():
                found += sorted(str(p) for p in match.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            elif match.is_file() and match.suffix.lower() in SUFFIXES:
                found.append(str(match))
            elif match.exists():
                raise BatchError(f"{match}: not a .jsonl or .parquet file")
            else:
                raise BatchError(f"{match}: no such file or folder")
    unique = list(dict.fromkeys(found))
    if not unique:
        raise BatchError("no .jsonl or .parquet file in the input")
    return unique


def session(master: Optional[str] = None):
    """A SparkSession for a batch run: on `master`, else spark-submit's `--master`, else local
    mode on every core."""
    from pyspark.sql import SparkSession
    builder = (SparkSession.builder.appName(APP_NAME).config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC"))
    if (master or "").startswith("local"):
        # one machine: a few shuffle partitions per core, not Spark's 200 (each a task to schedule)
        builder = builder.config("spark.sql.shuffle.partitions", str(4 * (os.cpu_count() or 1)))
    builder = builder.config("spark.sql.files.maxPartitionBytes", str(SPLIT_BYTES))      # Parquet input
    spark = (builder.master(master) if master else builder).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@dataclass
class BatchResult:
    reports: int
    ingest_errors: int
    claims: int
    provenance_links: int
    incidents: int
    report_errors: int
    resumed: list[str]         # the stages an earlier attempt had finished



def run(inputs: Iterable[str], output: str, spark, block_reports: Optional[int] = None,
        fresh: bool = False) -> BatchResult:
    """The whole job over `inputs` (see `input_files`), its tables written under `output`; given
    `block_reports`, a block of more reports is linked in date segments (`civcas.batch.segments`).
    A run cut short and started again goes on from the last stage it finished (`civcas.batch.stages`),
    unless `fresh`."""
    from pyspark import StorageLevel
    # what is read once and used by several steps, kept on disk and streamed back: a block kept
    # "in memory and on disk" is read back whole into the JVM heap, which ran a 200,000-report run
    # on the local driver's 1 GB out of memory (Python rows are serialized bytes there either way)
    kept = StorageLevel.DISK_ONLY
    files = input_files(inputs)
    stages = Stages(spark, output, files, {"block_reports": block_reports}, tables.SCHEMAS, fresh)
    write = lambda name, rows: stages.write(name, rows, tables.SCHEMAS[name])      # noqa: E731
    items = read_items(spark, files).persist(kept)
    write("ingest_errors", items.filter(lambda i: i[1] is None and i[2] is not None).map(lambda i: i[2]))
    read = stages.kept("read", lambda: numbered(items).mapPartitions(_extract))    # (id, report, facts, errors)
    reports, facts = read.map(lambda r: (r[0], r[1])), read.map(lambda r: (r[0], r[2]))
    write("reports", reports.map(lambda kv: tables.report_row(kv[1])))
    write("report_facts", facts.map(lambda kv: tables.facts_row(kv[1])))
    _numbered(write, "claims", facts.flatMap(lambda kv: kv[1].claims), tables.claim_row)
    _numbered(write, "statements", facts.flatMap(lambda kv: kv[1].statements), tables.statement_row)

    prints = reports.mapPartitions(_fingerprints).persist(kept)   # (id, buckets, sentence hashes)
    write("lsh_buckets", prints.flatMap(lambda p: [(b, p[0]) for b in p[1]]))
    write("sentence_hashes", prints.flatMap(lambda p: [(h, p[0], i) for h, i in p[2]]))
    links = stages.kept("links", lambda: _provenance(spark, reports, prints))

    held: list = []                                 # what linking kept on disk until its results are saved
    out = stages.kept("linked", lambda: _link(spark, read, facts, links, block_reports, held))
    incidents = out.filter(lambda o: o[0] == "incident").map(lambda o: (o[1], o[2])).sortByKey() \
        .zipWithIndex().map(lambda x: (x[1] + 1, x[0][1]))
    write("incidents", incidents.map(lambda kv: tables.incident_row(*kv)))
    write("incident_reports", incidents.flatMap(
        lambda kv: [tables.incident_report_row(kv[0], r) for r in kv[1].reports]))
    write("provenance_links", links.union(out.filter(lambda o: o[0] == "link").map(lambda o: o[1]))
          .map(tables.link_row))
    write("report_errors", out.filter(lambda o: o[0] == "error").map(lambda o: o[1:]))
    counted = {name: spark.read.parquet(stages.table(name)).count()
               for name in ("reports", "ingest_errors", "claims", "provenance_links", "incidents", "report_errors")}
    for rdd in (items, prints, *held):
        rdd.unpersist()
    return BatchResult(**counted, resumed=stages.resumed)


def _numbered(write, name: str, records, to_row) -> None:
    """Claims and statements numbered as `process` stores them: by report, then reading order."""
    keyed = records.zipWithIndex().map(lambda x: ((x[0].report_id, x[1]), x[0])).sortByKey()
    write(name, keyed.zipWithIndex().map(lambda x: to_row(x[1] + 1, x[0][1])))


# --- ingest ---------------------------------------------------------------------------------------

def read_items(spark, files: list[str]):
    """(position, url-or-text key or None, Report or (origin, reason) of an error or None of a
    skipped line) of every item, position = (file index, line or row number): ingest's reading,
    as an RDD."""
    sc = spark.sparkContext
    parts = []
    for index, path in enumerate(files):
        if path.lower().endswith(".jsonl"):
            lines = sc.textFile(path, _splits(path, sc.defaultMinPartitions)).zipWithIndex()
            parts.append(lines.filter(lambda x: x[0].strip()).map(
                lambda x, i=index, p=path: _item((i, x[1] + 1), p, line=x[0])))
        else:              # row_index: the row's place in its file, whatever split reads it
            rows = spark.read.parquet(path).select("*", "_metadata.row_index").rdd.map(lambda r: r.asDict())
            parts.append(rows.map(lambda r, i=index, p=path: _item((i, r.pop("row_index") + 1), p, record=r)))
    return sc.union(parts)


def _splits(path: str, default: int) -> int:
    """How many splits a .jsonl file is read in: one per `SPLIT_BYTES` of a local file."""
    return max(default, -(-os.path.getsize(path) // SPLIT_BYTES)) if os.path.isfile(path) else default


def _item(position: tuple[int, int], path: str, line: Optional[str] = None, record: Optional[dict] = None):
    from civcas.ingest import MAX_BYTES, IngestError, Skipped, report_from_json, report_from_line
    number = position[1]
    if line is not None:
        raw = line.encode("utf-8", "surrogateescape")
        item = report_from_line(raw, path, number) if len(raw) <= MAX_BYTES else \
            IngestError(f"line too large ({len(raw):,} bytes; at most {MAX_BYTES:,})")
    else:
        item = report_from_json({k: v.isoformat() if k == "published" and v is not None and not isinstance(v, str)
                                 else v for k, v in record.items()}, path, number)
    if isinstance(item, IngestError):
        return position, None, (f"{path}:{number}", str(item))
    if isinstance(item, Skipped):
        return position, None, None
    return position, ("url", item.url) if item.url else ("text", item.content_hash), item


def numbered(items):
    """(id, Report): the first item of each URL (or each text without a URL), numbered from 1 in
    input order, as `civcas ingest` stores them; in partitions of at most `PARTITION_REPORTS`."""
    first = items.filter(lambda i: i[1] is not None).map(lambda i: (i[1], (i[0], i[2]))) \
        .reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
    partitions = max(items.context.defaultParallelism, -(-items.count() // PARTITION_REPORTS))
    ordered = first.map(lambda kv: kv[1]).sortByKey(numPartitions=partitions).zipWithIndex()
    return ordered.map(lambda x: (x[1] + 1, _with_id(x[0][1], x[1] + 1)))


def _with_id(report, report_id: int):
    report.id = report_id
    return report


# --- extract --------------------------------------------------------------------------------------

_GAZETTEER = []        # one per Python worker: loading it (≈ 1 s from its cache) is not per partition


def _extract(reports: Iterator) -> Iterator[tuple]:
    """(id, report, facts, [(stage, reason)]): a failed extraction gives empty facts and its error,
    as in `process`."""
    from civcas import extract, gazetteer
    from civcas.model import ReportFacts
    if not _GAZETTEER:
        _GAZETTEER.append(gazetteer.load())
    for report_id, report in reports:
        try:
            yield report_id, report, extract.read(report, _GAZETTEER[0]), []
        except Exception as exc:
            yield report_id, report, ReportFacts(report_id=report_id), [("extract", f"{type(exc).__name__}: {exc}")]


# --- provenance -----------------------------------------------------------------------------------

def _fingerprints(reports: Iterator) -> Iterator[tuple]:
    from civcas.provenance import Fingerprint
    for report_id, report in reports:
        fp = Fingerprint(report)
        yield report_id, fp.lsh_buckets, fp.sentence_hashes


def _provenance(spark, reports, prints):
    """Provenance links: pairs sharing `SHARED_BUCKETS` LSH bands (a report's `CLOSEST_CANDIDATES`
    earlier ones sharing the most) or a (non-boilerplate) sentence, compared — the candidates of
    `civcas.provenance.run`."""
    from pyspark.sql import Window, functions as F
    from civcas.provenance import BOILERPLATE_REPORTS, CLOSEST_CANDIDATES, SHARED_BUCKETS
    buckets = spark.createDataFrame(prints.flatMap(lambda p: [(b, p[0]) for b in p[1]]), "key STRING, id INT")
    hashes = spark.createDataFrame(prints.flatMap(lambda p: [(h, p[0], i) for h, i in p[2]]),
                                   "key STRING, id INT, sentence INT")
    held = hashes.groupBy("key").agg(F.countDistinct("id").alias("n"))
    common = hashes.join(held.where(F.col("n") > BOILERPLATE_REPORTS), "key") \
        .groupBy("id").agg(F.collect_set("sentence").alias("sentences"))
    shared = hashes.join(held.where(F.col("n") <= BOILERPLATE_REPORTS), "key").select("key", "id").distinct()

    def pairs_of(keys):
        return keys.alias("a").join(keys.alias("b"), "key").where(F.col("a.id") < F.col("b.id")) \
            .select(F.col("a.id").alias("a"), F.col("b.id").alias("b"))
    closest = Window.partitionBy("b").orderBy(F.desc("count"), "a")       # each report's closest earlier ones
    banded = pairs_of(buckets.distinct()).groupBy("a", "b").count().where(F.col("count") >= SHARED_BUCKETS) \
        .withColumn("rank", F.row_number().over(closest)).where(F.col("rank") <= CLOSEST_CANDIDATES)
    pairs = banded.select("a", "b").union(pairs_of(shared)).distinct()
    boiler = common.rdd.map(lambda r: (r["id"], set(r["sentences"])))
    sides = reports.leftOuterJoin(boiler)                       # id → (report, boilerplate sentences)
    first = pairs.rdd.map(lambda r: (r["a"], r["b"])).join(sides)
    both = first.map(lambda x: (x[1][0], x[1][1])).join(sides)
    return both.mapPartitions(_compare)


def _compare(pairs: Iterator) -> Iterator:
    from civcas.provenance import Fingerprint, compare
    for _b, ((report_a, common_a), (report_b, common_b)) in pairs:
        link = compare(Fingerprint(report_a), Fingerprint(report_b), common_a or set(), common_b or set())
        if link:
            yield link


# --- link -----------------------------------------------------------------------------------------

def _link(spark, read, facts, links, block_reports: Optional[int], held: list):
    """Each report with its facts and its text links to earlier reports, in its block (see
    `_blocks`) or, in a block of more than `block_reports`, its date segments (see
    `civcas.batch.segments`); blocks linked in parallel, a cut block's segments stitched back.
    `held` is given the RDDs kept on disk for the results (to unpersist once those are saved)."""
    from pyspark import StorageLevel
    kept = StorageLevel.DISK_ONLY              # each read by several steps below
    keys = _keys(spark, facts).persist(kept)
    block = _blocks(spark, facts, links, keys).persist(kept)
    placed, cut = _segments(facts, block, keys, links, block_reports)
    placed = placed.persist(kept)
    held += [keys, block, placed]
    earlier = links.map(lambda l: (max(l.report_a, l.report_b), l)).groupByKey().mapValues(list)
    rows = read.map(lambda r: (r[0], r[1:])).leftOuterJoin(earlier).join(placed).map(_block_row)
    sizes = placed.map(lambda kv: kv[1][0]).countByValue()
    # a partition per block or segment, the largest first: hashed into a few partitions, two
    # segments of one country were linked one after the other while the other core stood idle
    order = {name: n for n, name in enumerate(sorted(sizes, key=lambda name: (-sizes[name], name)))}
    ordered = rows.union(_counted_elsewhere(spark, facts, placed)).repartitionAndSortWithinPartitions(
        len(order), partitionFunc=lambda key: order[key[0]])
    linked = ordered.mapPartitions(_link_blocks)
    if not cut:
        return linked.values()
    held.append(linked.persist(kept))
    return _stitched(spark, linked, placed, facts, links)


def _people():
    """Whether a key of `_keys` is a person's name (not a salient term or a rare word)."""
    from pyspark.sql import functions as F
    return ~F.col("key").startswith("t:") & ~F.col("key").startswith("w:")


def _keys(spark, facts):
    """(key, id) rows: the specific names (held by at most `COMMON_NAME_REPORTS` + 1 reports; "t:"
    salient terms by `COMMON_TERM_REPORTS` + 1) and the `RARE_WORDS` rarest words ("w:", as specific
    as terms) of each report, through which the linker meets other reports' incidents."""
    from pyspark.sql import Window, functions as F
    from civcas.link import COMMON_NAME_REPORTS, COMMON_TERM_REPORTS
    from civcas.store import RARE_WORDS
    names = spark.createDataFrame(facts.flatMap(lambda r: [(n, r[0]) for n in {n[:200] for n in r[1].names}]),
                                  "key STRING, id INT")
    words = spark.createDataFrame(facts.flatMap(lambda r: [(w, r[0], n) for w, n in r[1].words.items()]),
                                  "word STRING, id INT, n INT")
    held = words.groupBy("word").agg(F.count("id").alias("reports"))
    rank = Window.partitionBy("id").orderBy("reports", F.desc("n"), "word")
    rarest = words.join(held, "word").withColumn("rank", F.row_number().over(rank)) \
        .where(F.col("rank") <= RARE_WORDS).select(F.concat(F.lit("w:"), "word").alias("key"), "id")
    keys = names.union(rarest)
    limit = F.when(_people(), COMMON_NAME_REPORTS).otherwise(COMMON_TERM_REPORTS)
    specific = keys.groupBy("key").agg(F.count("id").alias("n")).where(F.col("n") <= limit + 1)
    return keys.join(specific, "key").select("key", "id")


def _blocks(spark, facts, links, keys):
    """(id, block): a report's block is its country, unless none of its neighbours (the reports it
    shares a key of `_keys` or a text link with) is placed there: then one of the two places is
    misread, and the report goes to the country, its own or its neighbours', where the archive
    places the most reports (a story of a country the news covers, read into a country it seldom
    names, and not the other way). An unplaced report goes to its neighbours' largest country, or
    to the block "" of its own. The neighbours' countries are counted per key, not found pair by
    pair (a key's reports, paired, are its count squared)."""
    from pyspark.sql import functions as F
    country = facts.map(lambda r: (r[0], r[1].place.country_code if r[1].place else None))
    own = spark.createDataFrame(country, "id INT, own STRING")
    placed = own.where(F.col("own").isNotNull()).select("id", F.col("own").alias("country"))
    per_key = keys.join(placed, "id").groupBy("key", "country").agg(F.count("id").alias("n"))
    # a country of the key's other reports: another one, or the report's own held by another too
    by_keys = keys.join(own, "id").join(per_key, "key") \
        .where(F.col("own").isNull() | (F.col("country") != F.col("own")) | (F.col("n") > 1)).select("id", "country")
    texts = spark.createDataFrame(links.flatMap(lambda l: [(l.report_a, l.report_b), (l.report_b, l.report_a)]),
                                  "id INT, other INT")
    by_text = texts.join(placed.withColumnRenamed("id", "other"), "other").select("id", "country")
    around = by_keys.union(by_text).groupBy("id").agg(F.collect_set("country").alias("countries")) \
        .rdd.map(lambda r: (r[0], set(r[1])))
    sizes = spark.sparkContext.broadcast(dict(country.values().countByValue()))
    return country.leftOuterJoin(around).mapValues(lambda v: _block(v[0], v[1] or set(), sizes.value))


def _block(own: Optional[str], neighbours: set[str], sizes: dict) -> str:
    """See `_blocks`: `neighbours` holds the countries of the report's neighbours, `sizes` the
    reports placed in each country of the archive."""
    if not neighbours or own in neighbours:
        return own or ""
    return max(neighbours | ({own} if own else set()), key=lambda c: (sizes.get(c, 0), c))


def _neighbours(keys, links):
    """(report, neighbour, across) triples of the reports sharing a key of `_keys` or a text
    link; across: the linker meets the neighbour's incidents whatever their dates (a text link,
    a person both name)."""
    from pyspark.sql import functions as F
    pairs = keys.alias("a").join(keys.alias("b"), "key").where(F.col("a.id") != F.col("b.id")) \
        .select(F.col("a.id").alias("a"), F.col("b.id").alias("b"), _people().alias("across")) \
        .rdd.map(lambda r: ((r[0], r[1]), r[2]))
    linked = links.flatMap(lambda l: [((l.report_a, l.report_b), True), ((l.report_b, l.report_a), True)])
    return pairs.union(linked).reduceByKey(lambda x, y: x or y).map(lambda kv: (*kv[0], kv[1]))


def _segments(facts, block, keys, links, block_reports: Optional[int]):
    """(id, (segment, home)) of each report (a bridge more than once), and whether a block was
    cut: see `civcas.batch.segments`, which is given the dates of the report's neighbours
    (`_neighbours`) and whether the linker meets their incidents whatever their dates."""
    from pyspark import StorageLevel
    from operator import add
    sizes = block.values().countByValue()
    large = {b for b, n in sizes.items() if block_reports and n > block_reports}
    if not large:
        return block.mapValues(lambda b: (b, True)), False
    dates = facts.filter(lambda r: r[1].date).map(lambda r: (r[0], r[1].date))
    near = _neighbours(keys, links).map(lambda p: (p[1], (p[0], p[2]))).join(dates) \
        .map(lambda x: (x[1][0][0], (x[1][1], x[1][0][1]))).groupByKey().mapValues(list)
    when = facts.map(lambda r: (r[0], (r[1].date, r[1].date_precision))).leftOuterJoin(near)
    # id → (block, ((day, precision), [(neighbour's day, across)]))
    dated = block.join(when).persist(StorageLevel.DISK_ONLY)
    days = dated.filter(lambda x: x[1][0] in large and x[1][1][0][0]) \
        .map(lambda x: ((x[1][0], x[1][1][0][0]), 1)).reduceByKey(add).collect()
    per_block: dict[str, dict] = {}
    for (name, day), n in days:
        per_block.setdefault(name, {})[day] = n
    block_cuts = block.context.broadcast({name: segments.cuts(d, block_reports) for name, d in per_block.items()})
    return dated.flatMap(lambda x: [(x[0], p) for p in segments.placement(
        x[1][0], *x[1][1][0], x[1][1][1] or [], block_cuts.value)]), True


def _counted_elsewhere(spark, facts, placed):
    """((segment, 0), {word: reports}) rows, sorted before the segment's reports: for each word of
    a segment's profiles, the profiles of the archive's other reports that hold it ("": the
    archive's other profiles), in chunks; counted by Spark SQL (tens of millions of (report,
    word) rows at 200,000 reports)."""
    from pyspark.sql import functions as F
    held = spark.createDataFrame(facts.filter(lambda r: r[1].words).flatMap(
        lambda r: [(w, r[0]) for w in ["", *r[1].words]]), "word STRING, id INT")
    total = held.groupBy("word").agg(F.count("id").alias("total"))
    where = spark.createDataFrame(placed.map(lambda kv: (kv[0], kv[1][0])), "id INT, segment STRING")
    own = held.join(where, "id").groupBy("segment", "word").agg(F.count("id").alias("own"))
    other = own.join(total, "word").select("segment", "word", (F.col("total") - F.col("own")).alias("n")) \
        .where(F.col("n") > 0)
    return other.rdd.map(lambda r: (r[0], (r[1], r[2]))).groupByKey().flatMap(
        lambda kv: [((kv[0], 0), dict(c)) for c in chunks(kv[1], 10_000)])


def _block_row(joined) -> tuple:
    """((segment, id), (report, facts, links, errors)): what `link_block` takes, keyed for sorting."""
    report_id, (((report, facts, errors), links), (block, _owned)) = joined
    return (block, report_id), (report, facts, links or [], errors)


def _link_blocks(rows: Iterator) -> Iterator[tuple]:
    """(segment, result) of the partition's blocks and segments one after the other (rows come
    sorted by segment, then id: the words counted elsewhere first, under id 0)."""
    from itertools import chain, groupby
    from civcas.batch.blocks import link_block
    workdir = os.environ.get("SPARK_LOCAL_DIRS", tempfile.gettempdir()).split(",")[0]
    for name, group in groupby(rows, key=lambda r: r[0][0]):
        elsewhere: dict[str, int] = {}
        for (_name, report_id), value in group:
            if report_id:
                for result in link_block(chain([value], (v for _k, v in group)), workdir, elsewhere):
                    yield name, result
                break
            elsewhere.update(value)


# --- stitching a cut block's segments -------------------------------------------------------------

def _stitched(spark, out, placed, facts, links):
    """The link results of whole blocks as they are, and of segments stitched (see
    `civcas.batch.segments.stitch`): each report's incident, errors and mentions as the segment
    whose decision stands found them, incidents joined through bridges and assessed again
    (`civcas.assess.assess`) where they gained or lost a report; a translation judged in two
    segments kept once."""
    sc = spark.sparkContext
    homes = placed.filter(lambda kv: not kv[1][1]).keys().distinct().map(lambda b: (b, None)) \
        .join(placed.filter(lambda kv: kv[1][1])).mapValues(lambda v: v[1][0]).collectAsMap()
    bridges = sc.broadcast(set(homes))
    cut = lambda o: segments.SEPARATOR in o[0]                  # noqa: E731  (a segment's results)
    copies = out.filter(lambda o: cut(o) and o[1][0] == "incident").flatMap(
        lambda o: _copies(o[0], o[1][1], o[1][2], bridges.value))
    chosen, roots = segments.stitch(copies.collect(), homes)
    chosen, roots = sc.broadcast(chosen), sc.broadcast(roots)

    def stands(seg: str, report_id: int) -> bool:
        return chosen.value.get(report_id, seg) == seg

    incidents = out.filter(lambda o: cut(o) and o[1][0] == "incident").map(
        lambda o: _rooted(o[0], o[1][1], o[1][2], roots.value, stands)).groupByKey().flatMap(_joined)
    kept = incidents.filter(lambda kv: not kv[1][0]).map(lambda kv: ("incident", kv[0], kv[1][1]))
    again = incidents.filter(lambda kv: kv[1][0]).map(lambda kv: (kv[0], kv[1][1]))
    translations = out.filter(lambda o: o[1][0] == "link").map(
        lambda o: ((o[1][1].report_a, o[1][1].report_b, o[1][1].relation), o[1][1])).reduceByKey(lambda a, b: a)
    errors = out.filter(lambda o: cut(o) and o[1][0] == "error" and stands(o[0], o[1][1])).map(lambda o: o[1])
    whole = out.filter(lambda o: not cut(o) and o[1][0] != "link").map(lambda o: o[1])
    return whole.union(kept).union(_assessed(again, facts, links, translations.values())).union(errors) \
        .union(translations.map(lambda kv: ("link", kv[1])))


def _copies(seg: str, opener: int, incident, bridges: set) -> Iterator:
    """The bridges among the incident's main reports, each as a `segments.Copy`."""
    mains = [r for r in incident.reports if r.role == "main"]
    members = [r.report_id for r in mains]
    for r in mains:
        if r.report_id in bridges:
            yield segments.Copy(seg, opener, r.report_id, r.score, r.evidence.get("decision") == "joined", members)


def _rooted(seg: str, opener: int, incident, roots: dict, stands) -> tuple:
    """(component, (changed, incident)): the incident with the reports whose decision stands in
    its segment."""
    mine = [r for r in incident.reports if stands(seg, r.report_id)]
    root = roots.get((seg, opener), (seg, opener))
    changed = root != (seg, opener) or len(mine) != len(incident.reports)
    incident.reports = mine
    return root, (changed, incident)


def _joined(component) -> Iterator[tuple]:
    """(opener, (to assess again, incident)) of one component's incidents as one, named by the
    lowest of its main reports; none when no main report is left."""
    from civcas.batch.blocks import opener
    _root, parts = component
    parts = list(parts)
    incident = parts[0][1]
    if len(parts) > 1:
        incident.reports = sorted((r for _changed, part in parts for r in part.reports), key=lambda r: r.report_id)
    if any(r.role == "main" for r in incident.reports):
        yield opener(incident), (len(parts) > 1 or parts[0][0], incident)


def _assessed(incidents, facts, links, translations):
    """("incident", opener, incident) assessed from its reports' facts and links, as `process`
    assesses an incident that gains a report."""
    from civcas.assess import assess
    members = incidents.flatMap(lambda kv: [(r.report_id, kv[0]) for r in kv[1].reports])
    read = members.join(facts).map(lambda x: (x[1][0], x[1][1])).groupByKey()
    touching = links.union(translations).flatMap(lambda l: [(l.report_a, l), (l.report_b, l)]).join(members) \
        .map(lambda x: (x[1][1], x[1][0])).groupByKey()
    return incidents.join(read).leftOuterJoin(touching).map(lambda x: ("incident", x[0], assess(
        x[1][0][0], {f.report_id: f for f in x[1][0][1]},
        list({(l.report_a, l.report_b, l.relation): l for l in x[1][1] or ()}.values()))))
