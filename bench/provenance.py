"""Provenance at scale: copies and reuse found by the store's LSH index vs the exact answer.

Corpus (built here, never stored in the repo): base texts are the real documents of the shared
data sets (GVA articles, ISAF releases, ECB+ documents, the seeds), with empty and boilerplate
pages and near-duplicates removed first by exact Jaccard of their shingles. Each family is one
original and three copies of it (FAMILY docs whatever N is): a syndicated copy with a dateline and
new paragraphs, a trimmed copy (first 55–80 % of its sentences) with a dateline, and a copy with
spelling variants and light rewording. Past the base texts, originals are made by recombining
sentences of the pool, each reworded (a third of its words replaced) so that it falls below the
near-identical threshold; a third of the originals also lift 3–5 sentences from an earlier
original (reuse). Accidental shared sentences are whatever the exact answer finds.

Found: the pipeline's provenance stage (`civcas.provenance.run`, batches of 1,000 through a real
SQLite store, in a child process for its own peak memory); the last 1,000 reports are timed on
their own (the incremental cost on a store of N − 1,000).

Exact: for a random sample of documents, every other document is checked with the same
definition (`civcas.provenance.compare` on the same shingles and sentences, boilerplate = a
sentence in more than 8 reports): candidates by exact overlap counts over an inverted index of all
shingles (no hashing, no sampling of partners), so the pairs involving the sampled documents are
the exact answer. The time of exact all-pairs is the measured cost of one `compare` times
N(N−1)/2 (running it is out of reach beyond a few thousand documents).

    python bench/provenance.py [--sizes 10000,100000] [--sample 400] [--gva-groups 8]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from civcas import provenance
from evalsets import load
from civcas.model import Report
from civcas.provenance import BOILERPLATE_REPORTS, Fingerprint, compare
from civcas.store import Store, provenance_groups
from civcas.text import sentences

FAMILY = 4
BATCH = 1000
DATELINES = ("BEIRUT —", "DAMASCUS (Reuters) -", "KABUL, Afghanistan —", "SANAA —", "BAGHDAD (AP) —", "ISTANBUL —")
SPELLINGS = ((r"Qaeda", "Qaida"), (r"ou", "u"), (r"ee", "i"), (r"\bal-", "el-"), (r"ah\b", "a"), (r"ph", "f"))


# --- corpus -----------------------------------------------------------------------------------

def _shingle_set(text: str) -> frozenset:
    return frozenset(Fingerprint(Report(text=text)).shingles)


def base_texts(seed: int) -> list[str]:
    """Real documents, long enough, minus pages that are mostly boilerplate and near-duplicates
    (exact Jaccard ≥ 0.5 over document shingles, checked on every pair sharing a rare shingle)."""
    texts = [i.text for name in ("gva", "isaf", "ecbplus", "seeds") for i in load(name) if len(i.text.split()) >= 80]
    counts = Counter(s.text.strip() for t in texts for s in sentences(t))
    texts = [t for t in texts if sum(counts[s.text.strip()] > BOILERPLATE_REPORTS for s in sentences(t))
             < 0.5 * max(1, len(sentences(t)))]
    sets = [_shingle_set(t) for t in texts]
    df = Counter(x for s in sets for x in s)
    index: dict[int, list[int]] = {}
    keep = []
    for i, s in enumerate(sets):
        rare = sorted(s, key=lambda x: df[x])[:max(1, len(s) // 2 + 1)]   # Jaccard ≥ .5 ⇒ shares one of these
        partners = {j for x in rare for j in index.get(x, ())}
        if any(len(s & sets[j]) / len(s | sets[j]) >= 0.5 for j in partners):
            continue
        keep.append(i)
        for x in s:
            index.setdefault(x, []).append(i)
    rng = random.Random(seed)
    out = [texts[i] for i in keep]
    rng.shuffle(out)
    return out


class Mutator:
    def __init__(self, pool: list[str], vocabulary: list[str], rng: random.Random):
        self.pool, self.vocabulary, self.rng = pool, vocabulary, rng

    def reword(self, sentence: str, share: float) -> str:
        return " ".join(self.rng.choice(self.vocabulary) if self.rng.random() < share else w for w in sentence.split())

    def recombined(self) -> list[str]:
        return [self.reword(s, 0.34) for s in self.rng.sample(self.pool, self.rng.randint(8, 14))]

    def spelling(self, sentence: str) -> str:
        words = sentence.split()
        for k, w in enumerate(words):
            if w[:1].isupper() and self.rng.random() < 0.5:
                pattern, repl = self.rng.choice(SPELLINGS)
                words[k] = re.sub(pattern, repl, w)
        return " ".join(words)

    def paragraphs(self, sents: list[str]) -> str:
        out, k = [], 0
        while k < len(sents):
            n = self.rng.randint(1, 3)
            out.append(" ".join(sents[k:k + n]))
            k += n
        return "\n\n".join(out)

    def family(self, original: list[str]) -> list[str]:
        rng = self.rng
        trimmed = original[:max(2, int(len(original) * rng.uniform(0.55, 0.8)))]
        return [
            self.paragraphs(original),
            f"{rng.choice(DATELINES)} " + self.paragraphs(original),
            f"{rng.choice(DATELINES)} " + self.paragraphs(trimmed),
            self.paragraphs([self.reword(self.spelling(s), 0.02) for s in original]),
        ]


def corpus(n: int, seed: int = 11) -> tuple[list[str], list[int]]:
    """n texts and each one's family number."""
    rng = random.Random(seed)
    bases = [[s.text for s in sentences(t)] for t in base_texts(seed)]
    pool = [s for b in bases for s in b if len(s.split()) >= 8]
    vocabulary = sorted({w for s in pool[:20000] for w in s.split() if w.isalpha()})
    mutate = Mutator(pool, vocabulary, rng)
    texts, families, originals = [], [], []
    for f in range(n // FAMILY):
        original = bases[f] if f < len(bases) else mutate.recombined()
        sources = [o for o in originals[-50:] if len(o) >= 3]
        if sources and rng.random() < 1 / 3:
            lifted = rng.choice(sources)
            k = rng.randint(3, min(5, len(lifted)))
            first = rng.randint(0, len(lifted) - k)
            at = rng.randint(0, len(original))
            original = original[:at] + lifted[first:first + k] + original[at:]
        originals.append(original)
        texts.extend(mutate.family(original))
        families.extend([f] * FAMILY)
    return texts, families


# --- found: the pipeline's provenance stage ----------------------------------------------------

def _run_pipeline(texts: list[str], db: str, out) -> None:
    store = Store(db)
    seconds, last = 0.0, 0.0
    for start in range(0, len(texts), BATCH):
        ids = [store.add_report(Report(text=t, url=f"https://example.org/{start + k}"))[0]
               for k, t in enumerate(texts[start:start + BATCH])]
        t0 = time.perf_counter()
        provenance.run(store, ids)
        last = time.perf_counter() - t0
        seconds += last
    links = [(l.report_a - 1, l.report_b - 1, l.relation, len(l.shared_sentences)) for l in store.links()]
    out.put({"seconds": seconds, "last_batch": last, "links": links,
             "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def found_links(texts: list[str]) -> dict:
    folder = tempfile.mkdtemp()
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_run_pipeline, args=(texts, f"sqlite:///{folder}/prov.db", queue))
    child.start()
    result = queue.get()
    child.join()
    return result


# --- exact answer for the pairs of sampled documents ------------------------------------------

class Exact:
    """Every pair involving a sampled document, decided by `compare` on exact candidates."""

    def __init__(self, texts: list[str]):
        self.prints = [Fingerprint(Report(text=t, id=i)) for i, t in enumerate(texts)]
        hashes = Counter(h for fp in self.prints for h, _ in set(fp.sentence_hashes))
        self.boilerplate = [{i for h, i in fp.sentence_hashes if hashes[h] > BOILERPLATE_REPORTS}
                            for fp in self.prints]
        self.sizes = np.array([len(fp.shingles) for fp in self.prints])
        self.doc_index = self._index([fp.shingles for fp in self.prints])
        self.sent_index = self._index([set().union(*fp.sentence_shingles) if fp.sentence_shingles else set()
                                       for fp in self.prints])

    @staticmethod
    def _index(sets: list[set]) -> tuple[np.ndarray, np.ndarray]:
        keys = np.fromiter((x for s in sets for x in s), dtype=np.uint64)
        docs = np.repeat(np.arange(len(sets), dtype=np.int32), [len(s) for s in sets])
        order = np.argsort(keys, kind="stable")
        return keys[order], docs[order]

    def _overlaps(self, index, items: set) -> np.ndarray:
        """Per document, how many of `items` it holds (exact: an inverted index, no hashing)."""
        keys, docs = index
        query = np.fromiter(items, dtype=np.uint64)
        lo, hi = np.searchsorted(keys, query, "left"), np.searchsorted(keys, query, "right")
        hits = np.concatenate([docs[a:b] for a, b in zip(lo, hi)]) if len(query) else np.empty(0, np.int32)
        return np.bincount(hits, minlength=len(self.prints))

    def partners(self, i: int) -> dict[int, tuple[str, int]]:
        fp = self.prints[i]
        candidates: set[int] = set()
        doc = self._overlaps(self.doc_index, fp.shingles)
        copies = (doc >= 0.8 * np.minimum(len(fp.shingles), self.sizes)) & (doc > 0)
        candidates |= set(np.nonzero(copies)[0].tolist())
        for sh in fp.sentence_shingles:      # a near-identical sentence shares ≥ 3 of one sentence's shingles
            if sh:
                counts = self._overlaps(self.sent_index, sh)
                candidates |= set(np.nonzero(counts >= 3)[0].tolist())
        candidates.discard(i)
        out = {}
        for j in candidates:
            link = compare(fp, self.prints[j], self.boilerplate[i], self.boilerplate[j])
            if link:
                out[j] = (link.relation, len(link.shared_sentences))
        return out

    def pair_seconds(self, rng: random.Random, k: int = 2000) -> float:
        pairs = [(rng.randrange(len(self.prints)), rng.randrange(len(self.prints))) for _ in range(k)]
        t0 = time.perf_counter()
        for a, b in pairs:
            compare(self.prints[a], self.prints[b], self.boilerplate[a], self.boilerplate[b])
        return (time.perf_counter() - t0) / k


def _pr(found: set, truth: set) -> tuple[float, float, int, int]:
    hit = len(found & truth)
    return (hit / len(found) if found else 1.0), (hit / len(truth) if truth else 1.0), len(found), len(truth)


def measure(n: int, sample: int, seed: int) -> dict:
    t0 = time.perf_counter()
    texts, families = corpus(n, seed)
    build = time.perf_counter() - t0
    print(f"  N={n}: corpus built in {build:.0f} s; running the pipeline's provenance stage…", file=sys.stderr)
    found = found_links(texts)
    print(f"  N={n}: pipeline {found['seconds']:.0f} s; exact answer for {sample} sampled documents…", file=sys.stderr)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    exact = Exact(texts)
    chosen = rng.sample(range(n), sample)
    truth = {i: exact.partners(i) for i in chosen}
    exact_sample_seconds = time.perf_counter() - t0
    per_pair = exact.pair_seconds(rng)
    chosen_set = set(chosen)
    by_pair = {}
    for a, b, relation, shared in found["links"]:
        by_pair[(min(a, b), max(a, b))] = (relation, shared)
    found_pairs = {p: v for p, v in by_pair.items() if p[0] in chosen_set or p[1] in chosen_set}
    true_pairs = {(min(i, j), max(i, j)): v for i, partners in truth.items() for j, v in partners.items()}
    copy = _pr({p for p, v in found_pairs.items() if v[0] == "copy"}, {p for p, v in true_pairs.items() if v[0] == "copy"})
    reuse = _pr({p for p, v in found_pairs.items() if v[0] == "reuse" and v[1] >= 3},
                {p for p, v in true_pairs.items() if v[0] == "reuse" and v[1] >= 3})
    intended = {(min(i, j), max(i, j)) for i in chosen for j in range(families[i] * FAMILY, families[i] * FAMILY + FAMILY)
                if j != i}
    intended_recall = len({p for p in intended if found_pairs.get(p, ("",))[0] == "copy"}) / len(intended)
    return {"n": n, "copy": copy, "reuse": reuse, "intended_copy_recall": intended_recall,
            "seconds": found["seconds"], "last_batch": found["last_batch"], "peak_mb": found["peak_mb"],
            "all_pairs_seconds": per_pair * n * (n - 1) / 2, "per_pair_us": per_pair * 1e6,
            "exact_sample_seconds": exact_sample_seconds, "links": len(by_pair)}


def gva_groups(show: int) -> None:
    """The real GVA articles through the same stage: copy groups found, a few printed for a check by hand."""
    items = load("gva")
    store = Store(f"sqlite:///{tempfile.mkdtemp()}/gva.db")
    ids = {store.add_report(Report(text=i.text, url=i.gold["url"] or i.id, title=i.gold["title"]))[0]: i
           for i in items if i.text.strip()}
    t0 = time.perf_counter()
    for start in range(0, len(ids), BATCH):
        provenance.run(store, list(ids)[start:start + BATCH])
    seconds = time.perf_counter() - t0
    links = store.links()
    copies = [(l.report_a, l.report_b) for l in links if l.relation == "copy"]
    groups = [g for g in provenance_groups(ids, copies).values() if len(g) > 1]
    reuse = sum(1 for l in links if l.relation == "reuse")
    print(f"\nGVA real articles: {len(ids)} reports, {seconds:.0f} s; {len(groups)} copy groups "
          f"({sum(len(g) for g in groups)} reports), {reuse} reuse pairs. A sample to check by hand:")
    for g in random.Random(5).sample(groups, min(show, len(groups))):
        print(f"  group of {len(g)}:")
        for rid in g[:4]:
            item = ids[rid]
            print(f"    {rid}: {(item.gold['title'] or '')[:70]!r} — {(item.gold['url'] or '')[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--gva-groups", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rows = [measure(int(n), args.sample, args.seed) for n in args.sizes.split(",")]
    print(f"\nProvenance: families of {FAMILY} (original + 3 copies); exact answer for the pairs of "
          f"{args.sample} sampled documents; 2 cores, SQLite store.\n")
    print("| N | copy P | copy R | copy pairs found/true | reuse≥3 P | reuse≥3 R | reuse pairs found/true "
          "| intended copies found | provenance s | last 1,000 s | peak MB | exact all-pairs s (est.) | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cp, cr, cf, ct = r["copy"]
        rp, rr, rf, rt = r["reuse"]
        print(f"| {r['n']:,} | {cp:.3f} | {cr:.3f} | {cf}/{ct} | {rp:.3f} | {rr:.3f} | {rf}/{rt} | "
              f"{r['intended_copy_recall']:.3f} | {r['seconds']:.0f} | {r['last_batch']:.1f} | {r['peak_mb']:.0f} | "
              f"{r['all_pairs_seconds']:.0f} ({r['per_pair_us']:.0f} µs/pair) | {r['all_pairs_seconds'] / r['seconds']:.0f}× |")
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(f"\nTime {a['n']:,} → {b['n']:,}: {b['seconds'] / a['seconds']:.1f}× (target < 15×); "
              f"adding 1,000 reports: {a['last_batch']:.1f} s on {a['n'] - BATCH:,}, {b['last_batch']:.1f} s on "
              f"{b['n'] - BATCH:,} ({b['last_batch'] / a['last_batch']:.2f}×, target < 2×).")
    if args.gva_groups:
        gva_groups(args.gva_groups)


if __name__ == "__main__":
    main()
