"""Throughput of every stage and end to end, with peak memory, on real reports.

Input: the real articles of ../shared/data/gva/documents.jsonl (≈ 3k; empty pages are counted as
ingest errors, as a user would see them) plus the four seeds. Prints one table.

    python bench/pipeline.py [--gva PATH] [--seeds DIR] [--limit N] [--arabic DIR]
    python bench/pipeline.py --sizes 1000,10000,100000 [--measure 200] [--cache DIR]

`--sizes` prints instead the per-report cost of `process` when the store already holds N reports
(stores grown in bulk from the GVA articles already read: see bench/sizes.py), and the ratio of
the largest to the smallest. End-to-end rows give CPU seconds beside wall seconds: on a shared
machine the CPU time is the one-core figure.

The Arabic line reads the Arabic reports of a folder of scratch texts (NNN.txt beside
NNN.meta.json with "language": "ar"; default /work/scratch/conflict_ar_fr, not in the repository)
with the Arabic reader alone, on one core.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from civcas import gazetteer
from civcas.extract import READERS
from civcas.ingest import ingest, parse_published
from civcas.model import Report
from civcas.pipeline import process
from civcas.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sizes  # noqa: E402  (bench/sizes.py: the --sizes table)

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SEED_DATES = {"003": "2018-07-13"}


def _input_folder(gva: Path, seeds: Path, limit: int | None, work: Path) -> Path:
    """A folder the ingest stage reads as a user's would: one .jsonl of GVA articles, the seeds as
    .txt with .meta.json sidecars."""
    folder = work / "in"
    folder.mkdir()
    with open(gva, encoding="utf-8") as src, open(folder / "gva.jsonl", "w", encoding="utf-8") as dst:
        seen = set()
        for line in src:
            doc = json.loads(line)
            if doc["doc_id"] in seen:          # one article filed under two incidents is one report
                continue
            seen.add(doc["doc_id"])
            dst.write(json.dumps({"outlet": doc["url"].split("/")[7] if doc["url"].count("/") > 7 else None,
                                  "url": doc["url"], "title": doc["title"], "published": doc["published"],
                                  "text": doc["text"]}) + "\n")
            if limit and len(seen) >= limit:
                break
    for seed in sorted(seeds.glob("*.txt")):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
        published = SEED_DATES.get(seed.name[:3], "2017-03-17")
        (folder / f"{seed.stem}.meta.json").write_text(json.dumps(
            {"outlet": f"seed-{seed.name[:3]}", "url": f"https://example.org/{seed.stem}", "published": published}))
    return folder


def _extract_pinned(texts: list[tuple[str, dt.date | None, str]], out, language: str = "en") -> None:
    """Child process: extract alone with the language's reader, pinned to one core (as `taskset -c 0`)."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    gaz = gazetteer.load()
    read = READERS[language]
    if language != "en":         # its tables, Matcher and Arabic place index load once per process, as the gazetteer
        read(Report(id=-1, text=texts[0][0], published=texts[0][1], published_precision=texts[0][2],
                    language=language), gaz)
    words = sum(len(t.split()) for t, _, _ in texts)
    t0 = time.perf_counter()
    for i, (text, published, precision) in enumerate(texts):
        read(Report(id=i, text=text, published=published, published_precision=precision, language=language), gaz)
    out.put((len(texts), words, time.perf_counter() - t0))


def _pinned(texts: list[tuple[str, dt.date | None, str]], language: str = "en") -> tuple[int, int, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_extract_pinned, args=(texts, queue, language))
    child.start()
    result = queue.get()
    child.join()
    return result


def arabic_alone_one_core(folder: Path) -> tuple[int, int, float]:
    texts = []
    for meta_file in sorted(folder.glob("*.meta.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("language") == "ar":
            texts.append((meta_file.with_name(meta_file.name.replace(".meta.json", ".txt")).read_text(encoding="utf-8"),
                          *parse_published(meta.get("published"))))
    return _pinned(texts * 3, "ar") if texts else (0, 0, 0.0)      # 42 reports, read three times for a steadier rate


def extract_alone_one_core(gva: Path, limit: int | None) -> tuple[int, int, float]:
    texts = []
    with open(gva, encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["text"].strip():
                texts.append((doc["text"], *parse_published(doc.get("published"))))
            if limit and len(texts) >= limit:
                break
    return _pinned(texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gva", type=Path, default=SHARED / "data" / "gva" / "documents.jsonl")
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--limit", type=int, default=None, help="at most N GVA articles")
    parser.add_argument("--arabic", type=Path, default=Path("/work/scratch/conflict_ar_fr"),
                        help="folder of Arabic reports (NNN.txt + NNN.meta.json) for the Arabic line")
    parser.add_argument("--sizes", help="comma-separated store sizes: per-report cost of process at each")
    parser.add_argument("--measure", type=int, default=200, help="--sizes: GVA articles processed at each size")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "civcas-bench-sizes",
                        help="--sizes: where the template store is kept between runs")
    args = parser.parse_args()
    if args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            rows = sizes.run(args.gva, [int(n) for n in args.sizes.split(",")], args.measure, args.cache, Path(tmp))
        sizes.print_table(rows, args.measure)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = _input_folder(args.gva, args.seeds, args.limit, work)
        store = Store(f"sqlite:///{work / 'bench.db'}")
        t0 = time.perf_counter()
        gazetteer.load()
        t_gaz = time.perf_counter() - t0
        t0, cpu0 = time.perf_counter(), time.process_time()
        ingested = ingest(store, [folder])
        t_ingest = time.perf_counter() - t0
        n = len(ingested.added)
        t0 = time.perf_counter()
        result = process(store)
        t_process = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        stats = store.stats()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    docs, words, pinned_seconds = extract_alone_one_core(args.gva, args.limit)
    rows = [("ingest", t_ingest, n + len(ingested.errors))]
    rows += [(stage, result.seconds.get(stage, 0.0), n) for stage in ("provenance", "extract", "link", "assess")]
    rows += [("end to end (ingest + process)", t_ingest + t_process, n), ("end to end, CPU seconds", cpu, n)]
    print(f"civcas pipeline benchmark — {dt.date.today()} — {n} reports stored "
          f"({len(ingested.errors)} ingest errors), gazetteer load {t_gaz:.1f} s (once per process)")
    print(f"{'stage':32} {'seconds':>9} {'reports':>8} {'reports/s':>10}")
    for stage, seconds, count in rows:
        print(f"{stage:32} {seconds:9.2f} {count:8d} {count / seconds if seconds else float('inf'):10.1f}")
    print(f"{'extract alone, one core pinned':32} {pinned_seconds:9.2f} {docs:8d} {docs / pinned_seconds:10.1f}"
          f"   ({words / pinned_seconds:,.0f} words/s; GVA documents with text)")
    ar_docs, ar_words, ar_seconds = arabic_alone_one_core(args.arabic)
    if ar_docs:
        print(f"{'extract alone, Arabic, one core':32} {ar_seconds:9.2f} {ar_docs:8d} {ar_docs / ar_seconds:10.1f}"
              f"   ({ar_words / ar_seconds:,.0f} words/s; {args.arabic})")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print(f"counts: {json.dumps(stats)}; incidents made: {result.new_incidents}, "
          f"reports describing no incident: {result.without_incident}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
