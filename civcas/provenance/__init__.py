"""Provenance: which reports are copies of each other, and which reuse each other's sentences.

`copy`: most of the shorter report lies in the other (containment of its shingles or of its
sentences ≥ COPY_CONTAINMENT), so a trimmed syndicated copy is a copy whatever its Jaccard.
`reuse`: at least REUSE_MIN_SENTENCES near-identical sentences shared.

Candidates come from a persistent index in the store (MinHash LSH buckets and normalised
sentence hashes), so a new report is compared only with reports that share two buckets or a line
that is not boilerplate, never with the whole store. Shingles are built from spelling-tolerant word keys (see `civcas.text.word_key`),
which absorbs transliteration variants (al-Qaeda/al-Qaida) and small edits.
"""
from __future__ import annotations

import hashlib
import struct
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

import numpy as np
from datasketch import MinHash

from civcas.model import ProvenanceLink, Report
from civcas.text import sentences, word_keys

SHINGLE = 4                   # words per document shingle
SENTENCE_SHINGLE = 3          # words per sentence shingle
NUM_PERM, BANDS = 128, 64     # 64 bands of 2 rows: catches Jaccard ≈ 0.3 (a half-length copy) reliably
# Two reports are candidates when they share two buckets: two unrelated reports of one beat (Jaccard
# ≈ 0.02) share one in ~2.5 % of pairs, candidates that would grow with the store; two in ~0.03 %,
# while a pair at Jaccard 0.3 still shares two in 98 % (and a copy's sentences lead to it too).
SHARED_BUCKETS = 2
# A story copied by hundreds of outlets (a wire story, a press release) makes every new copy a
# candidate of every earlier one: compared with all of them, a report costs as much as its story
# has copies, and an archive the square of its largest families. The closest earlier copies (most
# bands shared) are enough to place it in its family: the family stays one group through them.
CLOSEST_CANDIDATES = 10
COPY_CONTAINMENT = 0.8
NEAR_IDENTICAL = 0.7          # containment of the shorter sentence's shingles
MIN_SENTENCE_WORDS = 6
REUSE_MIN_SENTENCES = 2
BOILERPLATE_REPORTS = 8       # a sentence found in more reports than this is boilerplate, not reuse


def _hash(value: str) -> int:
    return struct.unpack("<Q", hashlib.blake2b(value.encode(), digest_size=8).digest())[0]


def _shingles(keys: list[str], size: int) -> set[int]:
    if len(keys) < size:
        return {_hash(" ".join(keys))} if keys else set()
    return {_hash(" ".join(keys[i:i + size])) for i in range(len(keys) - size + 1)}


@dataclass
class Fingerprint:
    """What provenance needs of one report, computed once."""
    report: Report

    @cached_property
    def shingles(self) -> set[int]:
        return _shingles(word_keys(self.report.text), SHINGLE)

    @cached_property
    def sentence_shingles(self) -> list[set[int]]:
        """Per sentence (by index in `civcas.text.sentences`), its shingles; empty when too short."""
        out = []
        for s in sentences(self.report.text):
            keys = word_keys(s.text)
            out.append(_shingles(keys, SENTENCE_SHINGLE) if len(keys) >= MIN_SENTENCE_WORDS else set())
        return out

    @cached_property
    def sentence_hashes(self) -> list[tuple[str, int]]:
        """(hash, sentence index) of each sentence long enough to compare; computed once."""
        return [(hashlib.sha1(" ".join(sorted(map(str, sh))).encode()).hexdigest()[:20], i)
                for i, sh in enumerate(self.sentence_shingles) if sh]

    @cached_property
    def lsh_buckets(self) -> list[str]:
        if not self.shingles:
            return []
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.to_bytes(8, "little") for s in self.shingles])
        rows = NUM_PERM // BANDS
        values = np.asarray(m.hashvalues, dtype=np.uint64)
        return [f"{b}:{hashlib.blake2b(values[b * rows:(b + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
                for b in range(BANDS)]


_PRINTS: OrderedDict = OrderedDict()
PRINTS_KEPT = 256             # a story's reports meet as candidates again and again: their prints are kept


def fingerprint(report: Report) -> Fingerprint:
    """The report's print, computed once while it is among the last PRINTS_KEPT used (keyed by
    all a print reads of it: another store's report of the same id is printed anew)."""
    key = (report.id, report.text, report.published, report.published_precision)
    found = _PRINTS.pop(key, None) or Fingerprint(report)
    _PRINTS[key] = found
    if len(_PRINTS) > PRINTS_KEPT:
        _PRINTS.popitem(last=False)
    return found


def shared_sentences(a: Fingerprint, b: Fingerprint, skip_a: set[int] = frozenset(),
                     skip_b: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Pairs (sentence of a, sentence of b) that are near-identical; each sentence used once."""
    index: dict[int, list[int]] = {}
    for j, sh in enumerate(b.sentence_shingles):
        if j not in skip_b:
            for s in sh:
                index.setdefault(s, []).append(j)
    pairs, used = [], set()
    for i, sh in enumerate(a.sentence_shingles):
        if not sh or i in skip_a:
            continue
        overlap: dict[int, int] = {}
        for s in sh:
            for j in index.get(s, ()):
                overlap[j] = overlap.get(j, 0) + 1
        best = max((j for j in overlap if j not in used),
                   key=lambda j: overlap[j] / min(len(sh), len(b.sentence_shingles[j])), default=None)
        if best is not None and overlap[best] / min(len(sh), len(b.sentence_shingles[best])) >= NEAR_IDENTICAL:
            pairs.append((i, best))
            used.add(best)
    return pairs


def compare(a: Fingerprint, b: Fingerprint, boilerplate_a: set[int] = frozenset(),
            boilerplate_b: set[int] = frozenset()) -> ProvenanceLink | None:
    """The provenance relation between two reports, or None."""
    if not a.shingles or not b.shingles:
        return None
    shorter = min(len(a.shingles), len(b.shingles))
    containment = len(a.shingles & b.shingles) / shorter
    pairs = shared_sentences(a, b, boilerplate_a, boilerplate_b)
    countable = min(sum(1 for sh in a.sentence_shingles if sh), sum(1 for sh in b.sentence_shingles if sh))
    sentence_containment = len(pairs) / countable if countable else 0.0
    if max(containment, sentence_containment) >= COPY_CONTAINMENT:
        relation = "copy"
    elif len(pairs) >= REUSE_MIN_SENTENCES:
        relation = "reuse"
    else:
        return None
    return ProvenanceLink(a.report.id, b.report.id, relation, round(max(containment, sentence_containment), 3),
                          pairs, _source(a.report, b.report))


def _source(a: Report, b: Report) -> int | None:
    """Earlier published → later; undecidable (same day, overlapping periods or unknown) gives None."""
    before = a.published_before(b)
    return None if before is None else (a.id if before else b.id)


def run(store, report_ids: Iterable[int]) -> list[ProvenanceLink]:
    """Index the new reports, compare each with its candidates from the store's index, and
    re-judge the reuse links that rested on sentences these reports made boilerplate."""
    new = {r.id: fingerprint(r) for r in store.reports(report_ids)}
    for rid, fp in new.items():
        store.index_report(rid, fp.lsh_buckets, fp.sentence_hashes)
    known = {(min(l.report_a, l.report_b), max(l.report_a, l.report_b)) for l in store.links(new)}
    brought = Counter(h for fp in new.values() for h in {h for h, _ in fp.sentence_hashes})
    # counted no further than needed to tell which lines are boilerplate now, and which just became so
    counts = store.hash_counts(brought, BOILERPLATE_REPORTS + max(brought.values(), default=0))
    # a boilerplate line leads to no candidate (it is left out of every comparison; a copy shares buckets)
    pairs = {(min(rid, c), max(rid, c)) for rid, fp in new.items()
             for c in store.candidates(rid, fp.lsh_buckets, [h for h, _ in fp.sentence_hashes
                                                            if counts.get(h, 0) <= BOILERPLATE_REPORTS],
                                       SHARED_BUCKETS, CLOSEST_CANDIDATES)} - known
    crossed = {h for h, n in counts.items() if n > BOILERPLATE_REPORTS and n - brought[h] <= BOILERPLATE_REPORTS}
    stale = _reuse_resting_on(store, crossed, set(new))
    links = _judge(store, pairs | stale, new, counts)
    store.replace_links(stale, links)
    return links


def _reuse_resting_on(store, hashes: set[str], new: set[int]) -> set[tuple[int, int]]:
    """Earlier reuse links between reports holding these (now boilerplate) sentences."""
    if not hashes:
        return set()
    holders = store.reports_with_hashes(hashes) - new
    return {(min(l.report_a, l.report_b), max(l.report_a, l.report_b)) for l in store.links(holders)
            if l.relation == "reuse" and l.report_a not in new and l.report_b not in new}


def _judge(store, pairs: set[tuple[int, int]], new: dict[int, Fingerprint],
           counts: dict[str, int]) -> list[ProvenanceLink]:
    """Compare each pair with boilerplate counted over the whole store as it is now (`counts`
    holds the new reports' hashes already; the other reports' are looked up)."""
    others = {r.id: fingerprint(r) for r in store.reports({i for p in pairs for i in p} - set(new))}
    prints = new | others
    counts = counts | store.hash_counts((h for fp in others.values() for h, _ in fp.sentence_hashes
                                         if h not in counts), BOILERPLATE_REPORTS)
    common = {rid: {i for h, i in fp.sentence_hashes if counts.get(h, 0) > BOILERPLATE_REPORTS}
              for rid, fp in prints.items()}
    links = []
    for x, y in sorted(pairs):
        link = compare(prints[x], prints[y], common[x], common[y])
        if link:
            links.append(link)
    return links
