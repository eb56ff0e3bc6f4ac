"""Link a whole run of news of any kind at once, by its words (`civcas process --every-report`).

Events of any kind (an earthquake, a takeover, a star entering rehab) come without the dates,
places and parties the harm linker weighs, and the readers of those, built for attack reports,
misread general news. Words tell such events apart: the reports of one event share its rare words
and name its subject; the reports of a look-alike event of the same kind share the kind's words
but each names its own subject. So the run's reports are grouped together, in no order (joining
one report at a time lets the first arrivals decide), by average linkage of their word similarity,
less a penalty where two reports' subjects are apart; and two groups merge only when they are
about as close to each other as the looser of them is within itself (two tight stories of one kind
stay two). Existing incidents enter as groups that new reports may join; two existing incidents
are never merged here (that is an analyst's decision). Every link keeps its evidence.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from civcas.link.words import key_words, profile, similarity, subject
from civcas.model import IncidentReport, ReportFacts

KEY_WORDS = 15               # reports meet through their heaviest words (blocking: the cost stays near linear)
COMMON_KEY_REPORTS = 500     # a key word held by more reports than this tells nothing and costs much
GROUP_THRESHOLD = 0.10       # the average pair value two groups need to merge
SUBJECTS_APART = 0.10        # taken off a pair's similarity when each report's subject is absent from the other
COHESION_RATIO = 0.6         # two groups merge only if that close: 0.6 × the looser group's own average


@dataclass
class _Group:
    reports: list[int]                       # report ids
    incident_id: int | None = None           # an existing incident: never merged with another
    within: float = 0.0                      # sum of pair values inside
    version: int = 0
    near: dict[int, float] = field(default_factory=dict)   # other group → sum of pair values across
    kept_apart: set[int] = field(default_factory=set)      # groups that failed the cohesion test

    def cohesion(self) -> float | None:
        n = len(self.reports)
        return self.within / (n * (n - 1) / 2) if n > 1 else None


class _Words:
    """The pair values of the reports in play: word similarity, less the penalty for subjects apart."""

    def __init__(self, facts: dict[int, ReportFacts], rarity: dict[str, float]):
        self.words = {rid: f.words for rid, f in facts.items()}
        self.profiles = {rid: profile(f.words, rarity) for rid, f in facts.items() if f.words}
        self.subjects = {rid: subject(f.words, rarity) for rid, f in facts.items()}

    def similarity(self, a: int, b: int) -> float:
        return similarity(self.profiles[a], self.profiles[b])

    def apart(self, a: int, b: int) -> bool:
        return self.subjects[a] not in self.words[b] and self.subjects[b] not in self.words[a]

    def value(self, a: int, b: int) -> float:
        """0 for a report without words (it joins no one)."""
        if a not in self.profiles or b not in self.profiles:
            return 0.0
        return self.similarity(a, b) - (SUBJECTS_APART if self.apart(a, b) else 0.0)


def link_run(store, facts: list[ReportFacts]) -> dict[int, tuple[int, IncidentReport]]:
    """Attach every report of `facts` (stored, not yet linked) to an incident, existing or new;
    returns report id → (incident id, link)."""
    new = {f.report_id: f for f in facts}
    rarity = store.word_rarity(set().union(*(f.words for f in new.values())), shared_only=True)
    incidents = _incidents_met(store, list(new.values()), rarity)
    old = store.facts({rid for members in incidents.values() for rid in members}, claims=False)
    rarity |= store.word_rarity(set().union(*(f.words for f in old.values())) - rarity.keys(), shared_only=True)
    everyone = new | old
    words = _Words(everyone, rarity)
    groups = {i: _Group([rid]) for i, rid in enumerate(new)}
    for incident_id, members in incidents.items():
        members = [rid for rid in members if rid in everyone]
        if members:
            groups[len(groups)] = _Group(members, incident_id,
                                         sum(words.value(a, b) for i, a in enumerate(members) for b in members[i + 1:]))
    group_of = {rid: g for g, group in groups.items() for rid in group.reports}
    values = {}
    for a, b in _pairs(words.profiles, new.keys()):
        ga, gb = group_of[a], group_of[b]
        if ga == gb:
            continue                   # two reports of one existing incident: counted in its cohesion
        values[a, b] = values[b, a] = words.value(a, b)
        groups[ga].near[gb] = groups[gb].near[ga] = groups[ga].near.get(gb, 0.0) + values[a, b]
    _agglomerate(groups)
    return _attach(store, groups, set(new), values, words)


def _incidents_met(store, new: list[ReportFacts], rarity: dict[str, float]) -> dict[int, list[int]]:
    """The live incidents holding a stored report that shares a key word with a new one (their
    main reports)."""
    keys = {w for f in new if f.words for w in key_words(profile(f.words, rarity), KEY_WORDS)}
    met = {rid for ids in store.reports_with_rare_words(keys, COMMON_KEY_REPORTS).values()
           for rid in ids} - {f.report_id for f in new}
    found = store.incidents(store.incident_ids_of_reports(met)) if met else []
    return {i.id: [r.report_id for r in i.reports if r.role == "main"] for i in found if not i.merged_into}


def _pairs(profiles: dict[int, dict[str, float]], new) -> set[tuple[int, int]]:
    """Report pairs, at least one of them new, that share one of their key words."""
    holders = defaultdict(list)
    for rid, weights in profiles.items():
        for w in key_words(weights, KEY_WORDS):
            holders[w].append(rid)
    pairs = set()
    for ids in holders.values():
        if len(ids) > COMMON_KEY_REPORTS:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if a in new or b in new:
                    pairs.add((min(a, b), max(a, b)))
    return pairs


def _agglomerate(groups: dict[int, _Group]) -> None:
    """Merge the closest two groups (average pair value, unknown pairs counting 0) while above the
    threshold and close enough for their cohesion; groups left are the incidents."""
    heap = []

    def push(g: int) -> None:
        group = groups[g]
        for h, total in group.near.items():
            average = total / (len(group.reports) * len(groups[h].reports))
            if average >= GROUP_THRESHOLD:
                first, second = min(g, h), max(g, h)
                heapq.heappush(heap, (-average, first, second, groups[first].version, groups[second].version))

    for g in list(groups):
        push(g)
    while heap:
        negative, g, h, vg, vh = heapq.heappop(heap)
        if g not in groups or h not in groups or groups[g].version != vg or groups[h].version != vh:
            continue
        a, b = groups[g], groups[h]
        if a.incident_id and b.incident_id or h in a.kept_apart:
            continue
        if len(a.reports) > 1 and len(b.reports) > 1 and -negative < COHESION_RATIO * min(a.cohesion(), b.cohesion()):
            a.kept_apart.add(h)
            b.kept_apart.add(g)
            continue
        keep, gone = (g, h) if a.incident_id or not b.incident_id else (h, g)
        _merge(groups, keep, gone)
        push(keep)


def _merge(groups: dict[int, _Group], keep: int, gone: int) -> None:
    a, b = groups[keep], groups.pop(gone)
    a.within += b.within + a.near.pop(gone, 0.0)
    a.reports += b.reports
    a.incident_id = a.incident_id or b.incident_id
    a.version += 1
    for other, total in b.near.items():
        if other == keep:
            continue
        a.near[other] = a.near.get(other, 0.0) + total
        near = groups[other].near
        near[keep] = near.get(keep, 0.0) + near.pop(gone)
    for other in b.kept_apart - {keep}:
        a.kept_apart.add(other)
        groups[other].kept_apart.discard(gone)
        groups[other].kept_apart.add(keep)


def _attach(store, groups: dict[int, _Group], new, values: dict[tuple[int, int], float],
            words: _Words) -> dict[int, tuple[int, IncidentReport]]:
    """Each new report's link, with its evidence: its average pair value in the group, its closest
    report there (the pair's word similarity, and whether their subjects are apart), and its
    closest report left in another incident (what an analyst weighing a merge looks at first)."""
    neighbours = defaultdict(dict)
    for (a, b), value in values.items():
        neighbours[a][b] = value
    out = {}
    for group in groups.values():
        incident_id = group.incident_id
        members = set(group.reports)
        for rid in sorted(members & new):
            inside = {o: v for o, v in neighbours[rid].items() if o in members}
            evidence = {"decision": "joined" if incident_id else "new incident",
                        "method": "average word similarity over the run's reports",
                        "score": round(sum(inside.values()) / (len(members) - 1), 3) if len(members) > 1 else None,
                        "threshold": GROUP_THRESHOLD, "group_size": len(members),
                        "cohesion": None if group.cohesion() is None else round(group.cohesion(), 3)}
            for key, found in (("closest_report", inside),
                               ("closest_elsewhere", {o: v for o, v in neighbours[rid].items() if o not in members})):
                if found:
                    closest = max(found, key=lambda o: (found[o], -o))
                    evidence[key] = {"report": closest, "word_similarity": round(words.similarity(rid, closest), 3),
                                     "subjects_apart": words.apart(rid, closest)}
            if incident_id is None:
                incident_id = store.new_incident()
            link = IncidentReport(rid, "main", evidence["score"] or 0.0, evidence)
            store.attach(incident_id, link)
            out[rid] = (incident_id, link)
    return out
