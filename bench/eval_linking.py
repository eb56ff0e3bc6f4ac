"""Reports → incidents, scored with B-cubed against gold annotated by other people.

    python bench/eval_linking.py gva|ecbplus|conflict [--path PATH...] [--texts DIR...] [--limit N]

Every document is ingested into a fresh SQLite store and the whole pipeline runs; a document that
the linker attaches to no incident is its own cluster. Printed beside civcas, in the same run:
all singletons, and the baseline "same day + same place" (the extracted date and place name).
A GVA document filed under two incidents counts as right under either (the better one for it).

The conflict set (real war reports labelled for this project; texts are scratch copies kept
outside the repository, `--texts`) is also scored at the level users read, the incident: for each
gold incident, the civcas incident holding most of its reports — is its date, country, admin-1
region and striker right, and does the gold civilian death count (the highest "at least" figure
the incident's reports give) lie inside its civilian deaths min–max? Several label files can be
scored as one set, each with its texts folder in the same order (`--path conflict.jsonl
conflict_ar_fr.jsonl --texts /work/scratch/conflict /work/scratch/conflict_ar_fr`: incidents told
in English, Arabic and French share their slugs). Each report's language is detected as `civcas
ingest` detects it; when the set holds several, B³ is also printed per language and over the
reports of the incidents told in more than one language (cross-language: the links between
languages), each scored on those reports alone.

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

from civcas import gazetteer
from evalsets import Item, load
from civcas.gazetteer import name_key
from civcas.ingest.language import detect
from civcas.link import WORD_PROFILES_MIN, _date_score, _place_score, across_languages, features, figures
from civcas.link.words import profile, similarity
from civcas.model import Report, fold_party
from civcas.pipeline import process
from civcas.store import Store
from eval_extract import admin1_unit


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


def civcas_clusters(items: list[Item], every_report: bool, mentions: Optional[dict] = None,
                    incidents: Optional[dict] = None, languages: Optional[dict[str, str]] = None,
                    splits: Optional[dict[str, set[str]]] = None) -> tuple[dict[str, str], dict[str, str], float]:
    """(clusters by civcas, clusters by same day + same place, seconds per pipeline stage);
    `mentions`, when given, gets document → [(incident cluster, mention sentence)]; `incidents`
    gets incident cluster → the Incident; `languages` gives documents a language (else English);
    `splits` (gold cluster → its documents) has the gold incidents civcas split printed with what
    each part's reports read and why the closest pair across parts was not joined."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'link.db'}")
        ids = {}
        for item in items:
            rid, _ = store.add_report(Report(text=item.text or "(empty)", url=f"eval:{item.id}", outlet=item.outlet,
                                             title=item.gold.get("title"), published=item.published,
                                             published_precision=item.published_precision,
                                             language=(languages or {}).get(item.id, "en")))
            ids[rid] = item.id
        seconds = process(store, every_report=every_report).seconds
        if incidents is not None:
            incidents.update({f"i{i.id}": i for i in store.incidents()})
        clusters = {ids[rid]: f"r{rid}" for rid in ids}
        for incident in store.incidents():
            for link in incident.reports:
                if link.role == "main":
                    clusters[ids[link.report_id]] = f"i{incident.id}"
                elif mentions is not None:
                    span = link.evidence["sentence"]
                    text = next(i.text for i in items if i.id == ids[link.report_id])
                    mentions.setdefault(ids[link.report_id], []).append((f"i{incident.id}", text[span[0]:span[1]]))
        facts = store.facts(list(ids), claims=splits is not None)
        if splits is not None:
            decided = {ids[link.report_id]: link.evidence for incident in store.incidents()
                       for link in incident.reports if link.role == "main"}
            print_splits(splits, clusters, {ids[rid]: f for rid, f in facts.items()}, decided,
                         {rid: doc for rid, doc in ids.items()}, store)
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
EVERY_REPORT = {"gva": False, "ecbplus": True, "conflict": False}


def gold_of(items: list[Item]) -> dict[str, set[str]]:
    """Each document's gold incidents; a document of no incident is a cluster of its own."""
    return {item.id: set(item.gold.get("incidents") or [item.group or f"none:{item.id}"]) for item in items}


INCIDENT_FIELDS = ("date", "country", "admin1", "striker", "civilian deaths")


def incident_scores(items: list[Item], clusters: dict[str, str], incidents: dict) -> dict[str, tuple[int, int]]:
    """Per field: (gold incidents, right in the civcas incident holding most of their reports)."""
    by_gold: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.group:
            by_gold[item.group].append(item)
    counts = {f: [0, 0] for f in INCIDENT_FIELDS}
    for reports in by_gold.values():
        gold = _incident_gold(reports)
        votes = defaultdict(int)
        for item in reports:
            votes[clusters[item.id]] += 1
        mine = incidents.get(max(votes, key=votes.get))
        for field in INCIDENT_FIELDS:
            if gold[field] is None:
                continue
            counts[field][0] += 1
            counts[field][1] += mine is not None and _right(field, gold[field], mine)
    return {f: tuple(v) for f, v in counts.items()}


def _incident_gold(reports: list[Item]) -> dict:
    """What the labels of an incident's reports agree on (the most frequent non-empty value)."""
    def common(values):
        values = [v for v in values if v not in (None, [], "")]
        return max(values, key=values.count) if values else None
    tolls = [r.gold["civilian_deaths"]["min"] for r in reports if r.gold.get("civilian_deaths")]
    return {"date": common([r.gold["date"] for r in reports]), "country": common([r.gold["country"] for r in reports]),
            "admin1": common([r.gold.get("admin1") for r in reports]),
            "striker": common([tuple(sorted(fold_party(p) for p in r.gold["strikers"])) for r in reports]),
            "civilian deaths": max(tolls) if tolls else None}


def _right(field: str, gold, incident) -> bool:
    place = incident.place
    if field == "date":
        return incident.date == gold
    if field == "country":
        return bool(place) and place.country_code == gold
    if field == "admin1":          # by unit, as bench/eval_extract.py compares it
        gaz = gazetteer.load()
        return bool(place) and (admin1_unit(gaz, place.admin1, place.country_code)
                                == admin1_unit(gaz, gold, place.country_code))
    if field == "striker":
        return tuple(sorted({fold_party(p) for p in incident.belligerents})) == gold
    low, high = incident.civilian_deaths_min, incident.civilian_deaths_max
    return low is not None and low <= gold <= (high if high is not None else gold)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset", choices=["gva", "ecbplus", "conflict"])
    parser.add_argument("--path", type=Path, nargs="+", default=[None])
    parser.add_argument("--texts", type=Path, nargs="+", default=None,
                        help="conflict: the folder of scratch article copies (one per --path)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sample", type=int, default=10, help="mention links not in the gold to print")
    parser.add_argument("--splits", action="store_true",
                        help="list each gold incident split into several civcas incidents: what each "
                             "report read, and the evidence of the closest pair across parts")
    args = parser.parse_args()
    texts = args.texts or [None] * len(args.path)
    if len(texts) != len(args.path):
        parser.error("give one --texts folder per --path")
    items = [item for path, folder in zip(args.path, texts)
             for item in load(args.dataset, path, **({"texts": folder} if args.dataset == "conflict" else {}))]
    missing = [i for i in items if i.gold.get("text_missing")]
    items = [i for i in items if not i.gold.get("text_missing")]
    items = items[: args.limit] if args.limit else items
    gold = gold_of(items)
    mentions: dict = {}
    incidents: dict = {}
    languages = {item.id: detect(item.text)[0] for item in items} if args.dataset == "conflict" else {}
    splits = None
    if args.splits:
        splits = defaultdict(set)
        for doc, clusters in gold.items():
            for g in clusters:
                splits[g].add(doc)
    system, baseline, seconds = civcas_clusters(items, EVERY_REPORT[args.dataset], mentions, incidents, languages,
                                                splits)
    if missing:
        print(f"{len(missing)} labelled documents skipped: their text is not in the texts folder")
    singletons = {i.id: i.id for i in items}
    twice = sum(1 for clusters in gold.values() if len(clusters) > 1)
    print(f"incident linking on {args.dataset}: {len(items)} documents, {len(set().union(*gold.values()))} gold "
          f"clusters, {twice} documents filed under two (either counts); pipeline {sum(seconds.values()):.1f} s "
          f"(link {seconds.get('link', 0.0):.1f} s)")
    print(f"{'system':28} {'B3 P':>7} {'B3 R':>7} {'B3 F1':>7} {'clusters':>9}")
    for name, clusters in (("civcas", system), ("same day + same place", baseline), ("all singletons", singletons)):
        p, r, f1 = bcubed(clusters, gold)
        print(f"{name:28} {p:7.3f} {r:7.3f} {f1:7.3f} {len(set(clusters.values())):9d}")
    if len(set(languages.values())) > 1:
        print_by_language(items, languages, system, baseline, gold)
    print_mentions(mentions, system, gold, args.sample)
    if args.dataset == "conflict":
        print(f"\nper gold incident (the civcas incident holding most of its reports): {'field':16} {'n':>4} "
              f"{'civcas':>7}")
        for field, (n, right) in incident_scores(items, system, incidents).items():
            print(f"{'':58}{field:16} {n:4d} {right / max(n, 1):7.3f}")
    return 0


def _read(f) -> str:
    """One report's facts as the linker compares them, on one line."""
    place = f.place and f"{f.place.name}/{f.place.admin1 or '-'}/{f.place.country_code or '-'} ({f.place.precision})"
    return (f"{f.language} date={f.date or '-'}{'/' + f.date_precision if f.date else ''} place={place or '-'} "
            f"parties={','.join(f.belligerents) or '-'} figures={sorted(figures(f)) or '-'} "
            f"names={[n for n in f.names if not n.startswith('t:')][:4]}")


def print_splits(gold_members: dict[str, set[str]], clusters: dict[str, str], facts: dict, decided: dict,
                 docs_of: dict[int, str], store) -> None:
    """Each gold incident split into several civcas incidents: its parts with what their reports
    read and the linker decided for each (in the order linked), and for each smaller part the
    closest pair with the other parts as features() sees it (words as a same-language pair would
    weigh them; None across languages)."""
    young = store.profile_count() < WORD_PROFILES_MIN
    for g, docs in sorted(gold_members.items()):
        parts = defaultdict(list)
        for doc in sorted(docs):
            parts[clusters[doc]].append(doc)
        if len(parts) < 2:
            continue
        ordered = sorted(parts.values(), key=len, reverse=True)
        print(f"\nsplit {g}: {len(docs)} reports in {len(ordered)} incidents")
        for n, part in enumerate(ordered):
            for doc in part:
                print(f"  [{n}] {doc:8} {_read(facts[doc]) if doc in facts else '(no facts)'}")
                told = decided.get(doc, {})
                closest = docs_of.get(told.get("closest_report"), "")
                print(f"{'':14}→ {told.get('decision')} score={told.get('score', told.get('best_score'))} {closest}")
        for n, part in enumerate(ordered[1:], 1):
            best = None
            others = [d for m, p in enumerate(ordered) if m != n for d in p]
            for a in (d for d in part if d in facts):
                for b in (d for d in others if d in facts):
                    fa, fb = facts[a], facts[b]
                    words = None
                    if not across_languages(fa, fb) and fa.words and fb.words:
                        rarity = store.word_rarity(set(fa.words) | set(fb.words))
                        words = similarity(profile(fa.words, rarity), profile(fb.words, rarity))
                    ev = features(fa, fb, {}, set(fa.names), words, young)
                    key = ev["score"] if ev else float("-inf")
                    if best is None or key > best[0]:
                        best = (key, a, b, ev, words)
            if best:
                ev = best[3]
                told = "ruled out" if ev is None else \
                    " ".join(f"{k}={v}" for k, v in ev.items() if v not in (0.0, [], None))
                if ev is None:
                    fa, fb = facts[best[1]], facts[best[2]]
                    told += (f" (date {_date_score(fa, fb)} place {_place_score(fa.place, fb.place)} "
                             f"words {best[4] and round(best[4], 3)} shared figures {sorted(figures(fa) & figures(fb))})")
                print(f"  [{n}] {best[1]} vs {best[2]}: {told}")


def print_by_language(items: list[Item], languages: dict[str, str], system: dict[str, str],
                      baseline: dict[str, str], gold: dict[str, set[str]]) -> None:
    """B³ on the reports of each language alone, and on the reports of the incidents told in more
    than one language (each scored on those reports only)."""
    told_in = defaultdict(set)
    for item in items:
        if item.group:
            told_in[item.group].add(languages[item.id])
    parts = {f"language {code}": {i.id for i in items if languages[i.id] == code} for code in sorted(set(languages.values()))}
    parts["cross-language incidents"] = {i.id for i in items if i.group and len(told_in[i.group]) > 1}
    print(f"\n{'reports':28} {'n':>5} {'civcas B3 P':>11} {'R':>7} {'F1':>7}   same day + same place F1")
    for name, docs in parts.items():
        mine = bcubed({d: system[d] for d in docs}, {d: gold[d] for d in docs})
        base = bcubed({d: baseline[d] for d in docs}, {d: gold[d] for d in docs})
        print(f"{name:28} {len(docs):5d} {mine[0]:11.3f} {mine[1]:7.3f} {mine[2]:7.3f}   {base[2]:7.3f}")


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
