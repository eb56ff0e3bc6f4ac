"""Reports → incidents, scored with B-cubed against gold annotated by other people.

    python bench/eval_linking.py gva|ecbplus [--path PATH] [--limit N]

Every document is ingested into a fresh SQLite store and the whole pipeline runs; a document that
the linker attaches to no incident is its own cluster. Printed beside civcas, in the same run:
all singletons, and the baseline "same day + same place" (the extracted date and place name).
A GVA document filed under two incidents counts as right under either (the better one for it).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from civcas.datasets import Item, load
from civcas.gazetteer import name_key
from civcas.model import Report
from civcas.pipeline import process
from civcas.store import Store


def bcubed(predicted: dict[str, str], gold: dict[str, set[str]]) -> tuple[float, float, float]:
    """B³ precision, recall, F1 over documents. `gold` maps a document to its gold clusters (one,
    or more for a document filed twice); each document is scored against the one that fits it best."""
    members: dict[str, set[str]] = defaultdict(set)
    for doc, cluster in predicted.items():
        members[cluster].add(doc)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for doc, clusters in gold.items():
        for c in clusters:
            gold_members[c].add(doc)
    p_sum = r_sum = 0.0
    for doc, cluster in predicted.items():
        mine = members[cluster]
        best = max(((len(mine & gold_members[g]) / len(mine), len(mine & gold_members[g]) / len(gold_members[g]))
                    for g in gold[doc]), key=lambda pr: 2 * pr[0] * pr[1] / (pr[0] + pr[1]))
        p_sum, r_sum = p_sum + best[0], r_sum + best[1]
    p, r = p_sum / len(predicted), r_sum / len(predicted)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def civcas_clusters(items: list[Item], every_report: bool) -> tuple[dict[str, str], dict[str, str], float]:
    """(clusters by civcas, clusters by same day + same place, seconds for the pipeline)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'link.db'}")
        ids = {}
        for item in items:
            rid, _ = store.add_report(Report(text=item.text or "(empty)", url=f"eval:{item.id}",
                                             title=item.gold.get("title"), published=item.published))
            ids[rid] = item.id
        t0 = time.perf_counter()
        process(store, every_report=every_report)
        seconds = time.perf_counter() - t0
        clusters = {ids[rid]: f"r{rid}" for rid in ids}
        for incident in store.incidents():
            for link in incident.reports:
                if link.role == "main":
                    clusters[ids[link.report_id]] = f"i{incident.id}"
        facts = store.facts(list(ids), claims=False)
        baseline = {}
        for rid, item_id in ids.items():
            f = facts.get(rid)
            if f and f.date and f.place:
                baseline[item_id] = f"{f.date}|{name_key(f.place.name)}|{f.place.country_code}"
            else:
                baseline[item_id] = f"single:{item_id}"
    return clusters, baseline, seconds


# ECB+ is news of events of every kind (rehab stays, earthquakes, takeovers): all of it is to be
# clustered, so the linker runs as `civcas process --every-report`; GVA is all harm.
EVERY_REPORT = {"gva": False, "ecbplus": True}


def gold_of(items: list[Item]) -> dict[str, set[str]]:
    return {item.id: set(item.gold.get("incidents") or [item.group]) for item in items}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset", choices=["gva", "ecbplus"])
    parser.add_argument("--path", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    items = load(args.dataset, args.path)
    items = items[: args.limit] if args.limit else items
    gold = gold_of(items)
    system, baseline, seconds = civcas_clusters(items, every_report=EVERY_REPORT[args.dataset])
    singletons = {i.id: i.id for i in items}
    twice = sum(1 for clusters in gold.values() if len(clusters) > 1)
    print(f"incident linking on {args.dataset}: {len(items)} documents, {len(set().union(*gold.values()))} gold "
          f"clusters, {twice} documents filed under two (either counts); pipeline {seconds:.1f} s")
    print(f"{'system':28} {'B3 P':>7} {'B3 R':>7} {'B3 F1':>7} {'clusters':>9}")
    for name, clusters in (("civcas", system), ("same day + same place", baseline), ("all singletons", singletons)):
        p, r, f1 = bcubed(clusters, gold)
        print(f"{name:28} {p:7.3f} {r:7.3f} {f1:7.3f} {len(set(clusters.values())):9d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
