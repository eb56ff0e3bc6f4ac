"""What cutting a country in date segments costs the incidents of a batch run: GVA articles through
`civcas process` (the reference), `civcas batch` with the country whole, and `civcas batch` with
it cut in small segments (`civcas.batch.segments`), each scored with B³ against the GVA gold
incidents and against `process`'s incidents, with its seconds.

    python bench/segments.py [--docs 400] [--block-reports 50] [--segment-days 30] [--master local[2]]

Segments far smaller than the default (20,000 reports, 120 days) put most reports near a cut, so
the stitching is tried on many more bridges than a real archive has.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from civcas import batch
from civcas.batch import segments
from civcas.batch.load import load
from civcas.ingest import ingest
from civcas.pipeline import process
from civcas.store import Store
from eval_linking import bcubed

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def archive(path: Path, docs: int) -> dict[str, set[str]]:
    """The first `docs` GVA articles (one line per URL) written to `path`; their gold incidents."""
    gold: dict[str, set[str]] = defaultdict(set)
    lines = []
    with open(SHARED / "gva" / "documents.jsonl", encoding="utf-8") as handle:
        for doc in map(json.loads, handle):
            if doc["url"] not in gold and len(gold) >= docs:
                continue
            if doc["url"] not in gold:
                lines.append({"url": doc["url"], "title": doc["title"], "published": doc["published"],
                              "text": doc["text"]})
            gold[doc["url"]].add(doc["incident_id"])
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return dict(gold)


def clusters(store: Store) -> dict[str, str]:
    """Each report's incident (its main one; a report of none is a cluster of its own), by URL."""
    urls = {r.id: r.url for r in store.reports()}
    found = {urls[r.report_id]: str(i.id) for i in store.incidents() for r in i.reports if r.role == "main"}
    return {url: found.get(url, f"none:{url}") for url in urls.values()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="GVA articles (distinct URLs)")
    parser.add_argument("--block-reports", type=int, default=50, help="segment size of the cut run")
    parser.add_argument("--segment-days", type=int, default=30, help="shortest segment of the cut run")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        gold = archive(work / "gva.jsonl", args.docs)
        spark = batch.session(args.master)
        spark.sparkContext.setLogLevel("ERROR")
        runs = {}
        start = time.perf_counter()
        single = Store(f"sqlite:///{work / 'process.db'}")
        ingest(single, [work / "gva.jsonl"])
        process(single)
        runs["process"] = (clusters(single), time.perf_counter() - start, len(single.incident_ids()))
        segments.SEGMENT_DAYS = args.segment_days
        cut = f"batch, cut ({args.block_reports})"
        for name, size in (("batch, country whole", 10 ** 9), (cut, args.block_reports)):
            start = time.perf_counter()
            batch.run([str(work / "gva.jsonl")], str(work / name), spark, block_reports=size)
            store = Store(f"sqlite:///{work / (name + '.db')}")
            load(str(work / name), store, spark)
            runs[name] = (clusters(store), time.perf_counter() - start, len(store.incident_ids()))
        spark.stop()
    reference = {url: {cluster} for url, cluster in runs["process"][0].items()}
    print(f"civcas batch segments — {len(gold)} GVA articles, {args.master}, cut run: segments of "
          f"{args.block_reports} reports and at least {args.segment_days} days")
    print(f"{'run':28} {'incidents':>9} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}   {'F1 vs process':>13} {'seconds':>8}")
    for name, (found, seconds, incidents) in runs.items():
        p, r, f = bcubed(found, gold)
        print(f"{name:28} {incidents:9} {p:6.3f} {r:6.3f} {f:6.3f}   {bcubed(found, reference)[2]:13.3f} "
              f"{seconds:8.1f}")
    singletons = bcubed({url: url for url in gold}, gold)
    print(f"{'baseline: all singletons':28} {len(gold):9} {singletons[0]:6.3f} {singletons[1]:6.3f} "
          f"{singletons[2]:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
