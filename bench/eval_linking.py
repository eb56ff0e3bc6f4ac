"""Reports → incidents, scored with B-cubed against gold annotated by other people.

    python bench/eval_linking.py gva|ecbplus [--path PATH] [--limit N]

Every document is ingested into a fresh SQLite store and the whole pipeline runs; a document that
the linker attaches to no incident is its own cluster. Printed beside civcas, in the same run:
all singletons, and the baseline "same day + same place" (the extracted date and place name).
A GVA document filed under two incidents counts as right under either (the better one for it).

Mention links (a report pointing at another incident it tells of in passing) are not clusters:
they are counted apart. A mention is confirmed when the incident it points at is mostly made of
documents of a gold incident the mentioning document is filed under (GVA files a few documents
under two incidents); the others are not in the gold (a wrong link, or an incident the annotators
filed the document under only once) and a sample of them is printed for checking by hand.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Optional

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


def civcas_clusters(items: list[Item], every_report: bool, mentions: Optional[dict] = None
                    ) -> tuple[dict[str, str], dict[str, str], float]:
    """(clusters by civcas, clusters by same day + same place, seconds per pipeline stage);
    `mentions`, when given, gets document → [(incident cluster, mention sentence)]."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'link.db'}")
        ids = {}
        for item in items:
            rid, _ = store.add_report(Report(text=item.text or "(empty)", url=f"eval:{item.id}",
                                             title=item.gold.get("title"), published=item.published))
            ids[rid] = item.id
        seconds = process(store, every_report=every_report).seconds
        clusters = {ids[rid]: f"r{rid}" for rid in ids}
        for incident in store.incidents():
            for link in incident.reports:
                if link.role == "main":
                    clusters[ids[link.report_id]] = f"i{incident.id}"
                elif mentions is not None:
                    span = link.evidence["sentence"]
                    text = next(i.text for i in items if i.id == ids[link.report_id])
                    mentions.setdefault(ids[link.report_id], []).append((f"i{incident.id}", text[span[0]:span[1]]))
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
    parser.add_argument("--sample", type=int, default=10, help="mention links not in the gold to print")
    args = parser.parse_args()
    items = load(args.dataset, args.path)
    items = items[: args.limit] if args.limit else items
    gold = gold_of(items)
    mentions: dict = {}
    system, baseline, seconds = civcas_clusters(items, EVERY_REPORT[args.dataset], mentions)
    singletons = {i.id: i.id for i in items}
    twice = sum(1 for clusters in gold.values() if len(clusters) > 1)
    print(f"incident linking on {args.dataset}: {len(items)} documents, {len(set().union(*gold.values()))} gold "
          f"clusters, {twice} documents filed under two (either counts); pipeline {sum(seconds.values()):.1f} s "
          f"(link {seconds.get('link', 0.0):.1f} s)")
    print(f"{'system':28} {'B3 P':>7} {'B3 R':>7} {'B3 F1':>7} {'clusters':>9}")
    for name, clusters in (("civcas", system), ("same day + same place", baseline), ("all singletons", singletons)):
        p, r, f1 = bcubed(clusters, gold)
        print(f"{name:28} {p:7.3f} {r:7.3f} {f1:7.3f} {len(set(clusters.values())):9d}")
    print_mentions(mentions, system, gold, args.sample)
    return 0


def print_mentions(mentions: dict, clusters: dict[str, str], gold: dict[str, set[str]], sample: int) -> None:
    members = defaultdict(list)
    for doc, cluster in clusters.items():
        members[cluster].append(doc)

    def majority(cluster: str) -> str:
        counts = defaultdict(int)
        for doc in members[cluster]:
            for g in gold[doc]:
                counts[g] += 1
        return max(counts, key=counts.get)

    links = [(doc, cluster, sentence) for doc, found in sorted(mentions.items()) for cluster, sentence in found]
    unconfirmed = [(doc, c, s) for doc, c, s in links if majority(c) not in gold[doc]]
    twice = [doc for doc, g in gold.items() if len(g) > 1]
    both = sum(1 for doc in twice
               if gold[doc] <= {majority(c) for c in [clusters[doc]] + [c for c, _ in mentions.get(doc, [])]})
    # a document can only reach an incident that another document is filed under
    size = defaultdict(int)
    for g in gold.values():
        for incident in g:
            size[incident] += 1
    reachable = sum(1 for doc in twice if all(size[g] > 1 for g in gold[doc]))
    print(f"mention links: {len(links)} ({len(links) - len(unconfirmed)} confirmed by the gold, {len(unconfirmed)} "
          f"not in it); documents filed under two incidents reaching both: {both} of {len(twice)} "
          f"({reachable} of them have another document in each of their incidents)")
    for doc, cluster, sentence in unconfirmed[:sample]:
        print(f"  not in gold: {doc} → {cluster}: {sentence[:160]!r}")


if __name__ == "__main__":
    sys.exit(main())
