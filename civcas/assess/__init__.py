"""Assess: an incident's date, place, parties, civilian deaths, independent sources, grade and
dispute flag, from its reports' facts. The rules, in this order:

Civilian deaths — from incident-scope `killed` claims of non-belligerent claimants: min = the
lowest figure given for civilians (children and women included), leaving out the parts a sentence
gives of a civilian figure ("23 civilians, including seven children" gives 23); max = the highest figure for
civilians or for people of unstated status; where no figure names civilians, figures for people
of unstated status set the min too. A figure is its stated value or range ("at least 46" gives
46). Belligerents' figures are shown beside, never mixed in.

Independent sources — provenance groups (an original and its copies) among the incident's reports.

Versions — a report with a newer version of its URL (a `version` provenance link from it) is
history: its facts and claims count for nothing (the newer version's do), and it is never a
source of its own (it stays in its newer version's provenance group, so a copy of the earlier
text and the newer version are still one source).

Grade (Airwars' scale), the first rule that holds, from claims and statements about this incident
only (tallies and other strikes confirm nothing here):
  Discounted — non-belligerent sources say those killed were all combatants (every figure they
               give names fighters or soldiers), or blame another party than the alleged one;
  Confirmed  — an alleged belligerent acknowledges civilian harm in it;
  Contested  — sources blame its deaths on different parties (one figure is blamed on one party,
               by its sentence or its report's one alleged striker, another on a different one);
  Fair       — two or more independent sources, and the alleged party's action is likely
               (named as the striker by two independent sources) or acknowledged by it;
  Weak       — otherwise.

Disputed — the striker side's figures for combatants, or its denial of civilian harm, stand
against other sources' figures for civilians or people of unstated status.

A belligerent's figure is the striker side's unless its claimant names only another party (an
armed group of the victims' side: "a KIA spokesman said 50 were killed, among them fighters"):
such a figure stands with the other sources in the dispute, never in the civilian deaths.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional

from civcas.extract.claimants import speaks_for
from civcas.gazetteer import name_key
from civcas.model import CIVILIAN_POPULATIONS, SAME_SOURCE, Claim, Incident, ProvenanceLink, ReportFacts, fold_party, leading
from civcas.store import provenance_groups

PLACE_PRECISION_RANK = {"point": 3, "admin2": 2, "admin1": 1, "country": 0}
COMBATANTS = ("fighters", "soldiers")


def figure(claim: Claim) -> int:
    """A claim's stated value: its upper bound when it has one, else its lower bound."""
    return claim.max if claim.max is not None else claim.min


#: populations a civilian figure may hold as its parts (a figure of all the dead "including 28
#: civilians" is no whole of civilians: its part is the civilian figure)
WHOLE_OF = {"civilians": {"children", "women", "men"}}


def _wholes(claims: list[Claim], among: list[Claim]) -> list[Claim]:
    """`claims` less the parts a sentence gives beside their whole (one of `among`): "23 civilians,
    including seven children", "killed 12 people, among them five women" — a part is no lower
    bound of the dead."""
    def part(c: Claim) -> bool:
        return any(o.report_id == c.report_id and o.sentence == c.sentence and o.min > c.min
                   and c.population in WHOLE_OF.get(o.population, ()) for o in among)
    return [c for c in claims if not part(c)] or claims


def civilian_deaths(claims: Iterable[Claim]) -> tuple[Optional[int], Optional[int]]:
    usable = [c for c in claims if c.kind == "killed" and c.scope == "incident" and c.claimant_type != "belligerent"]
    civilians = [c for c in usable if c.population in CIVILIAN_POPULATIONS]
    unstated = [c for c in usable if c.population == "unspecified"]
    if not civilians and not unstated:
        return None, None
    low = min(c.min for c in _wholes(civilians or unstated, usable))
    high = max(figure(c) for c in civilians + unstated)
    return low, max(low, high)


def groups_of(report_ids: list[int], links: list[ProvenanceLink]) -> dict[int, int]:
    """report id → provenance group id (the group's lowest report id): copies and translations
    of one report are one source."""
    ids = set(report_ids)
    copies = [(l.report_a, l.report_b) for l in links
              if l.relation in SAME_SOURCE and l.report_a in ids and l.report_b in ids]
    return {rid: group for group, members in provenance_groups(report_ids, copies).items() for rid in members}


def superseded(links: list[ProvenanceLink]) -> set[int]:
    """Reports a newer version of the same URL replaced (the earlier end of `version` links)."""
    return {l.source_id for l in links if l.relation == "version"}


def _vote(values: list[tuple], key=lambda v: v) -> Optional[tuple]:
    counts: Counter = Counter(key(v) for v in values)
    return max(values, key=lambda v: (counts[key(v)], -values.index(v)), default=None)


#: Date precisions from the finest: an incident is dated by its reports' finest dates (a report
#: dated only by the month of its page says nothing of which day).
PRECISIONS = ("day", "week", "month", "year")


def _date(facts: list[ReportFacts]):
    dated = [f for f in facts if f.date]
    finest = min((PRECISIONS.index(f.date_precision) for f in dated if f.date_precision in PRECISIONS), default=None)
    precise = [f for f in dated if finest is not None and f.date_precision == PRECISIONS[finest]] or dated
    if not precise:
        return None, None, None
    best = _vote([(f.date, f.date_precision) for f in precise])
    support = [f for f in precise if (f.date, f.date_precision) == best]
    return best[0], best[1], f"{len(support)} of {len(facts)} reports: {support[0].date_source}"


def _place(facts: list[ReportFacts]):
    """The place most reports support; a report's own error (a wrong province) is outvoted."""
    places = [f.place for f in facts if f.place]
    if not places:
        return None
    support = Counter((name_key(p.name), p.admin1, p.country_code) for p in places)
    return max(places, key=lambda p: (support[(name_key(p.name), p.admin1, p.country_code)],
                                      PLACE_PRECISION_RANK.get(p.precision, 0)))


def striker_side(claim: Claim, alleged: set[str]) -> bool:
    """A belligerent's figure whose claimant names an alleged party, or no party."""
    named = {fold_party(p) for p in speaks_for(claim.claimant)}
    return claim.claimant_type == "belligerent" and (not named or bool(named & alleged))


def grade(claims: list[Claim], statements, alleged: set[str], groups: dict[int, int],
          naming: set[int]) -> tuple[str, str]:
    """(grade, the rule that fired in words); `naming` holds the provenance groups whose reports
    name an alleged party as the striker."""
    here = [c for c in claims if c.scope == "incident" and c.kind == "killed"]
    outside = [c for c in here if c.claimant_type != "belligerent"]
    blamed_by_outside = {fold_party(p) for c in outside for p in c.parties}
    if outside and all(c.population in COMBATANTS for c in outside):
        return "Discounted", "non-belligerent sources say those killed were combatants"
    if alleged and blamed_by_outside and not blamed_by_outside & alleged:
        return "Discounted", "non-belligerent sources blame another party than the one alleged"
    if any(s.stance == "acknowledges" and s.about_civilians and fold_party(s.party) in alleged for s in statements):
        return "Confirmed", "an alleged belligerent acknowledges civilian harm"
    blamed = [frozenset(fold_party(p) for p in c.parties) for c in here if c.parties]
    rivals = {p for a in blamed for b in blamed if not a & b for p in a | b}
    if rivals:
        return "Contested", f"sources blame the deaths on different parties ({', '.join(sorted(rivals))})"
    sources = set(groups.values())
    if len(sources) >= 2:
        owned = [s for s in statements if fold_party(s.party) in alleged and s.stance in ("acknowledges", "asserts")]
        if len(naming) >= 2 or owned:
            why = "the alleged party acknowledges its action" if owned else "two independent sources name the striker"
            return "Fair", f"{len(sources)} independent sources; {why}"
    return "Weak", f"{len(sources)} independent source{'s' if len(sources) != 1 else ''}; no stronger rule holds"


def disputed(claims: list[Claim], statements, alleged: set[str]) -> bool:
    here = [c for c in claims if c.scope == "incident" and c.kind == "killed"]
    belligerent_says_combatants = any(striker_side(c, alleged) and c.population in COMBATANTS for c in here)
    belligerent_denies = any(s.stance == "denies" and fold_party(s.party) in alleged for s in statements)
    others_say_civilians = any(not striker_side(c, alleged) and
                               (c.population in CIVILIAN_POPULATIONS or c.population == "unspecified") for c in here)
    return (belligerent_says_combatants or belligerent_denies) and others_say_civilians


def assess(incident: Incident, facts: dict[int, ReportFacts], links: list[ProvenanceLink]) -> Incident:
    """Fill the incident's assessed fields from the facts of the reports that describe it."""
    main_ids = [r.report_id for r in incident.reports if r.role == "main"]
    history = superseded(links)
    main = [facts[i] for i in main_ids if i in facts and i not in history]
    groups = {rid: group for rid, group in groups_of(main_ids, links).items() if rid not in history}
    claims = [c for f in main for c in f.claims]
    statements = [s for f in main for s in f.statements]
    incident.date, incident.date_precision, incident.date_source = _date(main)
    incident.place = _place(main)
    incident.belligerents = leading(Counter(p for f in main for p in f.belligerents), fold_party)
    incident.means = leading(Counter(m for f in main for m in f.means))
    alleged = {fold_party(p) for p in incident.belligerents}
    incident.civilian_deaths_min, incident.civilian_deaths_max = civilian_deaths(claims)
    incident.independent_sources = len(set(groups.values()))
    naming = {groups[f.report_id] for f in main if alleged & {fold_party(p) for p in f.belligerents}}
    incident.grade, incident.grade_reason = grade(claims, statements, alleged, groups, naming)
    incident.disputed = disputed(claims, statements, alleged)
    return incident


def run(store, incident_ids: Iterable[int]) -> list[Incident]:
    out = []
    for incident in store.incidents(incident_ids, evidence=False):     # its links' evidence is not weighed here
        ids = [r.report_id for r in incident.reports]
        assess(incident, store.facts(ids), store.links(ids))
        store.save_assessment(incident)
        out.append(incident)
    return out
