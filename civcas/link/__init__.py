"""Link: attach each new report to the incident it describes, or open a new one.

A scored decision over date distance (with precision), place (name, admin unit, country),
belligerents, means and shared text (provenance links). Candidates are blocked by a date window
through the store, so the cost stays near-linear. Every decision keeps its evidence.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from civcas.gazetteer import name_key
from civcas.model import IncidentReport, Place, ProvenanceLink, ReportFacts, fold_party

WINDOW_DAYS = {"day": 3, "week": 10, "month": 31, "year": 366}
LINK_THRESHOLD = 3.0
COMMON_NAME_REPORTS = 8      # a name in more reports than this (a spokesman, a columnist) tells nothing
COMMON_TERM_REPORTS = 25     # salient terms ("t:..."): the people, places, bodies a story is about
NAME_SCORE, NAME_CAP, NAME_CONFLICT = 2.5, 5.0, -1.5
TERM_SCORE, TERM_CAP = 1.0, 3.0


def _date_score(a: ReportFacts, b: ReportFacts) -> Optional[float]:
    """None rules the pair out (too far apart for the coarser precision)."""
    if not a.date or not b.date:
        return 0.0
    gap = abs((a.date - b.date).days)
    window = max(WINDOW_DAYS.get(a.date_precision or "day", 3), WINDOW_DAYS.get(b.date_precision or "day", 3))
    if gap > window:
        return None
    if a.date_precision == b.date_precision == "day":
        return 2.0 if gap <= 1 else 0.5
    return 0.5


def _place_score(a: Optional[Place], b: Optional[Place]) -> Optional[float]:
    if not a or not b:
        return 0.0
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return None
    same_name = (name_key(a.name) == name_key(b.name) and a.precision != "country") or \
        bool(a.geonameid and a.geonameid == b.geonameid)
    if same_name:
        return 4.0 if a.admin1 == b.admin1 else 3.0
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return -0.5
    if a.precision == b.precision == "point":
        return -1.0                    # two different towns of one province
    return 1.0 if a.admin1 and a.admin1 == b.admin1 else 0.0


def _names_score(new: ReportFacts, old: ReportFacts, specific: set[str]) -> tuple[float, list[str]]:
    """Shared specific names (victims, suspects) are strong evidence; two reports that each name
    people involved and share none are evidence against (look-alike incidents in one city)."""
    shared = sorted(set(new.names) & set(old.names) & specific)
    people = [n for n in shared if not n.startswith("t:")]
    terms = len(shared) - len(people)
    score = min(NAME_SCORE * len(people), NAME_CAP) + min(TERM_SCORE * terms, TERM_CAP)
    if not people and {n for n in new.names if not n.startswith("t:")} & specific and \
            any(not n.startswith("t:") for n in old.names):
        score += NAME_CONFLICT
    return score, shared


def features(new: ReportFacts, old: ReportFacts, links: dict[int, str],
             specific: set[str] = frozenset()) -> Optional[dict]:
    """The evidence for 'new describes the same incident as old', or None when ruled out.
    `specific` holds the new report's names that few reports share."""
    date = _date_score(new, old)
    place = _place_score(new.place, old.place)
    relation = links.get(old.report_id)
    names, shared = _names_score(new, old, specific)
    if place is None and relation != "copy":
        return None
    if date is None and relation != "copy" and not any(not n.startswith("t:") for n in shared):
        return None                    # far apart in time: only shared text or a shared name joins them
    mine, theirs = {fold_party(p) for p in new.belligerents}, {fold_party(p) for p in old.belligerents}
    parties = 1.0 if mine & theirs else (-1.0 if mine and theirs else 0.0)
    means = 0.5 if set(new.means) & set(old.means) else 0.0
    text = {"copy": 6.0, "reuse": 3.0}.get(relation, 0.0)
    out = {"date": date or 0.0, "place": place or 0.0, "belligerents": parties, "means": means, "shared_text": text,
           "names": names}
    out["score"] = round(sum(out.values()), 2)
    out["shared_names"] = shared
    return out


def describes_incident(facts: ReportFacts) -> bool:
    """A report with no figure about an incident of its own, no party striking and no means of
    attack (a monthly tally, an analysis piece) describes no incident: it is stored, not linked."""
    return bool(facts.belligerents or facts.means) or any(c.scope == "incident" for c in facts.claims)


def run(store, facts: ReportFacts, links: list[ProvenanceLink]) -> tuple[Optional[int], Optional[IncidentReport]]:
    """Attach one report (its facts already stored) and return (incident id, link); (None, None)
    for a report that describes no incident."""
    if not describes_incident(facts):
        return None, None
    related = {}
    for l in links:
        other = l.report_b if l.report_a == facts.report_id else l.report_a
        if l.relation == "copy" or related.get(other) != "copy":
            related[other] = l.relation
    naming = store.reports_naming(facts.names)
    specific = {n for n, ids in naming.items()
                if len(ids - {facts.report_id}) <= (COMMON_TERM_REPORTS if n.startswith("t:") else COMMON_NAME_REPORTS)}
    named_with = {rid for n in specific for rid in naming[n]} - {facts.report_id}
    candidates = _candidates(store, facts, set(related) | named_with)
    best: tuple[float, int, int, dict] | None = None
    for incident in candidates:
        main = [r.report_id for r in incident.reports if r.role == "main" and r.report_id != facts.report_id]
        for rid, old in store.facts(main, claims=False).items():
            evidence = features(facts, old, related, specific)
            if evidence and (best is None or evidence["score"] > best[0]):
                best = (evidence["score"], incident.id, rid, evidence)
    if best and best[0] >= LINK_THRESHOLD:
        score, incident_id, rid, evidence = best
        link = IncidentReport(facts.report_id, "main", score, {"decision": "joined", "closest_report": rid, **evidence})
    else:
        incident_id = store.new_incident()
        link = IncidentReport(facts.report_id, "main", 0.0,
                              {"decision": "new incident", "best_score": best[0] if best else None,
                               "threshold": LINK_THRESHOLD})
    store.attach(incident_id, link)
    return incident_id, link


def _candidates(store, facts: ReportFacts, related: set[int]):
    """Incidents within the date window and the report's region (blocking: the cost stays near
    linear), plus those holding a report this one shares text or a name with, wherever they are
    (a misplaced report still meets its incident through them)."""
    found = {}
    if facts.date:
        span = dt.timedelta(days=WINDOW_DAYS.get(facts.date_precision or "day", 3) + WINDOW_DAYS["week"])
        place = facts.place
        for incident in store.incident_candidates(facts.date - span, facts.date + span,
                                                  place.country_code if place else None,
                                                  place.admin1 if place else None):
            found[incident.id] = incident
    ids = store.incident_ids_of_reports(related) - set(found)
    for incident in store.incidents(ids):
        found[incident.id] = incident
    return list(found.values())
