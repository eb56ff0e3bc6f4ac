"""Link: attach each new report to the incident it describes, or open a new one.

A scored decision over date distance (with precision), place (name, admin unit, country),
belligerents, means, shared text (provenance links), shared names and the similarity of the
reports' words. Candidates are blocked by a date window and region through the store, so the cost
stays near-linear. Every decision keeps its evidence.

Reports in two languages (an Arabic report and an English wire of one strike) cannot be compared
by their words: between them the words neither join nor part (no similarity is computed, and
the names one gives and the other lacks are no evidence against), and the death and injury
figures both give stand where the words would. The date rules hold the same. In a young store
(too few word profiles to tell a rare word: the words of its only story are in all its reports)
words that share nothing are no evidence against, and the figures both give count as well.

Two versions of one URL (`Store.add_report_version`) are one article: a version goes to the
incident its other version is in, whatever its facts now say (an edit that changes a figure or a
place does not make another strike).
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from civcas.gazetteer import name_key
from civcas.link.words import profile, similarity
from civcas.model import IncidentReport, Place, ProvenanceLink, ReportFacts, fold_party
from civcas.store import RARE_WORDS      # a report's rarest words look up the reports indexed by theirs

WINDOW_DAYS = {"day": 3, "week": 10, "month": 31, "year": 366}
LINK_THRESHOLD = 3.0
DATES_DISAGREE = -2.0        # dates too far apart for their precision weigh against a match, never zero
TEXT_RELATIONS = ("copy", "reuse")   # shared text; a translation is judged after linking, not evidence for it
COMMON_NAME_REPORTS = 8      # a name in more reports than this (a spokesman, a columnist) tells nothing
COMMON_TERM_REPORTS = 25     # salient terms ("t:..."): the people, places, bodies a story is about
NAME_SCORE, NAME_CAP, NAME_CONFLICT = 2.5, 5.0, -1.5
TERM_SCORE, TERM_CAP = 1.0, 3.0
# Word similarity (cosine of rarity-weighted profiles, averaged over an incident's reports): two
# reports of one event share its rare words; look-alike events share only the common ones.
SIMILARITY_NEUTRAL, SIMILARITY_WEIGHT, SIMILARITY_CAP = 0.10, 20.0, 5.0
SIMILARITY_WEIGHT_BELOW = 60.0       # words that share almost nothing rare weigh against a same-town match
STRONG_SIMILARITY = 0.20             # this close, the words outweigh a misread place
MENTION_THRESHOLD = 5.0             # a passing mention says little: the day and the place, or a person
                                     # and the place, must agree ("last month in Detroit" is not enough)
STRONGER_SIMILARITY = 0.50           # and this close, a misread date (look-alike stories of one town
                                     # a week apart share up to ~0.45)
FIGURE_SCORE = 2.0                   # where words are not weighed: a death or injury figure both give
SHARED_FIGURE_MIN = 2                # one dead is too common a figure to tell two strikes apart
WORD_PROFILES_MIN = 50               # a store holding fewer word profiles cannot tell a rare word


def across_languages(a: ReportFacts, b: ReportFacts) -> bool:
    """Two reports known to be in different languages: their words cannot be compared."""
    return bool(a.language and b.language and a.language != b.language)


def figures(facts: ReportFacts) -> set[tuple[str, int]]:
    """The report's own death and injury figures (kind, lowest figure): "90 killed" and "at least
    90 killed" are one figure told with another qualifier, as translations do."""
    return {(c.kind, c.min) for c in facts.claims
            if c.scope == "incident" and c.kind in ("killed", "wounded") and c.min >= SHARED_FIGURE_MIN}


def _date_score(a: ReportFacts, b: ReportFacts) -> Optional[float]:
    """None rules the pair out (too far apart for the coarser precision)."""
    if not a.date or not b.date:
        return 0.0
    gap = abs((a.date - b.date).days)
    window = max(WINDOW_DAYS.get(a.date_precision or "day", 3), WINDOW_DAYS.get(b.date_precision or "day", 3))
    if gap > window:
        return None
    if a.date_precision == b.date_precision == "day":
        return 2.0 if gap <= 1 else DATES_DISAGREE     # both known to the day: another day
    return 0.5


def _place_score(a: Optional[Place], b: Optional[Place]) -> Optional[float]:
    if not a or not b:
        return 0.0
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return None
    same_name = (name_key(a.name) == name_key(b.name) and _names_a_place(a)) or \
        bool(a.geonameid and a.geonameid == b.geonameid)
    if same_name:
        return 4.0 if a.admin1 == b.admin1 else 3.0
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return None                    # two provinces: two strikes, unless the texts say otherwise
    if a.precision == b.precision == "point":
        return -1.0                    # two different towns of one province
    return 1.0 if a.admin1 and a.admin1 == b.admin1 else 0.0


def _names_a_place(place: Place) -> bool:
    """A place named finer than its country: a town, a unit, or a name the gazetteer lacks kept
    as written in a report that gives no unit for it ("Solhan", Burkina Faso), which two reports
    share only when they tell of one place."""
    return place.precision != "country" or name_key(place.name) != name_key(place.country or "")


def _two_countries(a: Place, b: Place) -> bool:
    """Whether two places lie in two countries. Reports with close words placed apart: in two
    countries one place is misread (the words are of one war), and the words may join them; in two
    provinces of one country they are as likely two strikes of one war (look-alike releases of one
    command share their words as much as two reports of one strike), and only a day both give,
    shared text, a person or very close words join them."""
    return bool(a.country_code and b.country_code and a.country_code != b.country_code)


def _names_score(new: ReportFacts, old: ReportFacts, specific: set[str],
                 across: bool = False) -> tuple[float, list[str]]:
    """Shared specific names (victims, suspects) are strong evidence; two reports that each name
    people involved and share none are evidence against (look-alike incidents in one city),
    unless they are in two languages (a name in Arabic script is not its English spelling)."""
    shared = sorted(set(new.names) & set(old.names) & specific)
    people = [n for n in shared if not n.startswith("t:")]
    terms = len(shared) - len(people)
    score = min(NAME_SCORE * len(people), NAME_CAP) + min(TERM_SCORE * terms, TERM_CAP)
    if not across and not people and {n for n in new.names if not n.startswith("t:")} & specific and \
            any(not n.startswith("t:") for n in old.names):
        score += NAME_CONFLICT
    return score, shared


def _similarity_score(value: Optional[float]) -> float:
    if value is None:
        return 0.0
    weight = SIMILARITY_WEIGHT if value >= SIMILARITY_NEUTRAL else SIMILARITY_WEIGHT_BELOW
    return max(-SIMILARITY_CAP, min(SIMILARITY_CAP, weight * (value - SIMILARITY_NEUTRAL)))


def features(new: ReportFacts, old: ReportFacts, links: dict[int, str],
             specific: set[str] = frozenset(), words: Optional[float] = None,
             young: bool = False) -> Optional[dict]:
    """The evidence for 'new describes the same incident as old', or None when ruled out.
    `specific` holds the new report's names that few reports share; `words` is the word
    similarity of the new report to the incident's reports in its language (None when either has
    no profile; pass None for a report in another language). `young`: the store holds too few
    word profiles to weigh words. Across languages and in a young store, the figures both give
    stand for the words."""
    date = _date_score(new, old)
    place = _place_score(new.place, old.place)
    relation = links.get(old.report_id)
    across = across_languages(new, old)
    names, shared = _names_score(new, old, specific, across)
    told = sorted(figures(new) & figures(old), key=str) if across or young else []
    person = any(not n.startswith("t:") for n in shared)
    closer = relation is not None or person or (words or 0.0) >= STRONGER_SIMILARITY
    alike = (words or 0.0) >= STRONG_SIMILARITY
    if place is None and not (closer or alike and ((date or 0.0) > 0 or _two_countries(new.place, old.place))):
        return None                    # two provinces apart (see _two_countries)
    if date is None and relation != "copy":
        if new.date_precision == old.date_precision == "day" and not person:
            return None                # both days known and more than the window apart: two incidents
                                       # (a victim named in both says one of the days is misread)
        if (words or 0.0) < STRONGER_SIMILARITY and not person:
            return None                # far apart in time: only shared text or a shared name joins them
    if date == DATES_DISAGREE and not closer:
        return None                    # both known to the day and days apart: the place hit again
    mine, theirs = {fold_party(p) for p in new.belligerents}, {fold_party(p) for p in old.belligerents}
    parties = 1.0 if mine & theirs else (-1.0 if mine and theirs else 0.0)
    if (not new.date or not old.date) and relation is None and not person and (words or 0.0) < STRONG_SIMILARITY \
            and not (told and (place or 0.0) > 0 and parties >= 0):
        return None                    # no date to compare: a look-alike strike of another day is as likely
                                       # (where words cannot be compared, the same figures in the same region
                                       # stand for them, unless each names a different party striking)
    means = 0.5 if set(new.means) & set(old.means) else 0.0
    text = {"copy": 6.0, "reuse": 3.0}.get(relation, 0.0)
    out = {"date": DATES_DISAGREE if date is None and relation != "copy" else date or 0.0, "place": place or 0.0, "belligerents": parties, "means": means, "shared_text": text,
           "names": names, "words": round(_similarity_score(words) if not young else max(_similarity_score(words), 0.0), 2),
           "figures": FIGURE_SCORE if told else 0.0}
    out["score"] = round(sum(out.values()), 2)
    out["shared_names"] = shared
    out["shared_figures"] = [list(f) for f in told]
    out["word_similarity"] = None if words is None else round(words, 3)
    return out


def describes_incident(facts: ReportFacts) -> bool:
    """A report with no figure about an incident of its own, no party striking and no means of
    attack (a monthly tally, an analysis piece) describes no incident: it is stored, not linked."""
    return bool(facts.belligerents or facts.means) or any(c.scope == "incident" for c in facts.claims)


def run(store, facts: ReportFacts, links: list[ProvenanceLink],
        vacant: Optional[int] = None) -> tuple[Optional[int], Optional[IncidentReport]]:
    """Attach one report (its facts already stored) and return (incident id, link); (None, None)
    for a report that describes no incident and follows up none (its words close to one incident's
    reports). News of events of any kind is linked by `civcas.link.batch` instead. `vacant`: an
    incident this report alone made, which it keeps if it still opens one (a re-read keeps ids)."""
    placed = _version_incident(store, facts.report_id, links)
    if placed is not None:
        incident_id, other = placed
        link = IncidentReport(facts.report_id, "main", 0.0, {"decision": "version", "version_of": other})
        store.attach(incident_id, link)
        return incident_id, link
    follow_up = not describes_incident(facts)
    related = {}
    for l in (l for l in links if l.relation in TEXT_RELATIONS):
        other = l.report_b if l.report_a == facts.report_id else l.report_a
        if l.relation == "copy" or related.get(other) != "copy":
            related[other] = l.relation
    naming = store.reports_naming(facts.names, COMMON_TERM_REPORTS + 1)      # its own report among them
    specific = {n for n, ids in naming.items()
                if len(ids - {facts.report_id}) <= (COMMON_TERM_REPORTS if n.startswith("t:") else COMMON_NAME_REPORTS)}
    named_with = {rid for n in specific for rid in naming[n]}
    own = store.word_rarity(facts.words)
    rarest = sorted(own, key=lambda w: (-own[w], w))[:RARE_WORDS]
    named_with |= {rid for ids in store.reports_with_rare_words(rarest, COMMON_TERM_REPORTS).values() for rid in ids}
    named_with.discard(facts.report_id)
    people_with = {rid for n in specific if not n.startswith("t:") for rid in naming[n]}
    candidates = [i for i in _candidates(store, facts, set(related) | named_with)
                  if _incident_date_allows(facts, i, related, people_with)]
    members = _main_reports(candidates, facts.report_id)
    olds = store.facts([rid for ids in members.values() for rid in ids], claims=False)
    young = store.profile_count() < WORD_PROFILES_MIN
    unweighed = [rid for rid, old in olds.items() if young or across_languages(facts, old)]
    if unweighed:
        olds |= store.facts(unweighed)     # with their figures, which stand for the words where those cannot be weighed
    rarity = own | store.word_rarity(set().union(*(f.words for f in olds.values())) - own.keys())
    mine = profile(facts.words, rarity) if facts.words else None
    words_of = {}
    for incident_id, ids in members.items():
        profiled = [profile(olds[rid].words, rarity) for rid in ids
                    if rid in olds and olds[rid].words and not across_languages(facts, olds[rid])]
        words_of[incident_id] = sum(similarity(mine, p) for p in profiled) / len(profiled) if mine and profiled else None
    best = _best_match(members, olds, lambda incident_id, old: features(
        facts, old, related, specific, None if across_languages(facts, old) else words_of[incident_id], young))
    if follow_up and not (best and best[0] >= LINK_THRESHOLD and (best[3]["word_similarity"] or 0) >= STRONG_SIMILARITY):
        return None, None              # no incident of its own, and no close match to one it follows up
    if best and best[0] >= LINK_THRESHOLD:
        score, incident_id, rid, evidence = best
        link = IncidentReport(facts.report_id, "main", score, {"decision": "joined", "closest_report": rid, **evidence})
    else:
        incident_id = vacant if vacant is not None else store.new_incident()
        link = IncidentReport(facts.report_id, "main", 0.0,
                              {"decision": "new incident", "best_score": best[0] if best else None,
                               "threshold": LINK_THRESHOLD})
    store.attach(incident_id, link)
    return incident_id, link


def _version_incident(store, report_id: int, links: list[ProvenanceLink]) -> Optional[tuple[int, int]]:
    """(incident, other version) for a report whose other version of its URL is a main report of
    an incident; else None."""
    for l in links:
        if l.relation == "version" and report_id in (l.report_a, l.report_b):
            other = l.report_b if l.report_a == report_id else l.report_a
            for incident in store.incidents(store.incident_ids_of_reports([other])):
                if incident.merged_into is None and any(r.report_id == other and r.role == "main"
                                                        for r in incident.reports):
                    return incident.id, other
    return None


def mentions(store, facts: ReportFacts, main_incident: Optional[int]) -> list[int]:
    """Point the report at the other incidents it tells of in passing (`facts.mentions`): each
    mention points at the one best-scoring incident on its day, place and people (the
    incident page shows the sentence; assessment counts main reports only). A mention never opens
    an incident: a sentence is too thin to stand for one. Returns the incidents mentioned."""
    found: dict[int, IncidentReport] = {}
    for m in facts.mentions:
        told = ReportFacts(report_id=facts.report_id, date=m.date, date_precision=m.date_precision,
                           place=m.place, names=m.names)
        naming = store.reports_naming(m.names, COMMON_NAME_REPORTS + 1)
        specific = {n for n, ids in naming.items() if len(ids - {facts.report_id}) <= COMMON_NAME_REPORTS}
        named_with = {rid for n in specific for rid in naming[n]} - {facts.report_id}
        block = ReportFacts(report_id=facts.report_id, date=m.date or facts.date,
                            date_precision=m.date_precision if m.date else "week", place=m.place or facts.place)
        # an undated incident can reach the threshold only through a shared name (place alone
        # scores 4), and those come through `named_with`
        members = _main_reports([i for i in _candidates(store, block, named_with)
                                 if i.id != main_incident], facts.report_id)
        olds = store.facts([rid for ids in members.values() for rid in ids], claims=False)
        best = _best_match(members, olds, lambda incident_id, old: features(told, old, {}, specific))
        if best and best[0] >= MENTION_THRESHOLD and best[0] > (found[best[1]].score if best[1] in found else 0.0):
            score, incident_id, rid, evidence = best
            found[incident_id] = IncidentReport(facts.report_id, "mention", score, {
                "decision": "mentioned", "sentence": [m.start, m.end], "closest_report": rid,
                "threshold": MENTION_THRESHOLD, **evidence})
    for incident_id, link in found.items():
        store.attach(incident_id, link)
    return list(found)


def _incident_date_allows(facts: ReportFacts, incident, related: dict[int, str],
                          people_with: set[int] = frozenset()) -> bool:
    """An incident whose own date is too far from the report's for their precisions is another
    incident, whichever of its reports the report resembles most (a member without a date must
    not let a report of another month in), unless the report copies one of its reports or names a
    person one of them names."""
    if any(related.get(r.report_id) == "copy" or r.report_id in people_with for r in incident.reports):
        return True
    dated = ReportFacts(report_id=-1, date=incident.date, date_precision=incident.date_precision)
    return _date_score(facts, dated) is not None


def _main_reports(incidents, report_id: int) -> dict[int, list[int]]:
    """Each candidate incident's main reports, the report being linked left out."""
    return {incident.id: [r.report_id for r in incident.reports if r.role == "main" and r.report_id != report_id]
            for incident in incidents}


def _best_match(members: dict[int, list[int]], olds: dict[int, ReportFacts],
                evidence_for) -> Optional[tuple[float, int, int, dict]]:
    """(score, incident, closest report, evidence) of the best-scoring stored report of the
    candidates, or None; `evidence_for(incident_id, old facts)` scores one pair."""
    best = None
    for incident_id, ids in members.items():
        for rid in ids:
            evidence = evidence_for(incident_id, olds[rid]) if rid in olds else None
            if evidence and (best is None or evidence["score"] > best[0]):
                best = (evidence["score"], incident_id, rid, evidence)
    return best


def _window(day: dt.date, span: dt.timedelta) -> tuple[dt.date, dt.date]:
    """[day - span, day + span], held inside the calendar (a date near year 1 or 9999 never overflows)."""
    low = day - span if day - dt.date.min > span else dt.date.min
    high = day + span if dt.date.max - day > span else dt.date.max
    return low, high


def _candidates(store, facts: ReportFacts, related: set[int]):
    """The incidents a report is compared with (blocking: the cost per report stays that of a
    store of the window's size, whatever the store's size):
    - a dated report: the incidents dated within its window (its date's precision plus a week)
      in its admin-1 unit (or its country when it gives no unit; any region when it gives no
      place), or placed no finer than that;
    - the undated incidents (a report without a date, or an incident whose reports give none) are
      met only through what could join them: shared text, a name or rare words (`related`), or,
      in the report's region, a death figure of its own (across languages, where no word leads
      to them; features() rules out any other undated pair);
    - the incidents holding a report this one shares text, a name or rare words with (`related`),
      wherever and whenever they are (a misplaced or misdated report still meets its incident).
    A report with neither date nor place meets only the last."""
    found = {}
    deaths = {low for kind, low in figures(facts) if kind == "killed"}
    if deaths and facts.place and (facts.place.admin1 or facts.place.country_code):
        for incident in store.incidents_with_deaths(facts.place.country_code, facts.place.admin1, deaths,
                                                    undated_only=bool(facts.date)):
            found[incident.id] = incident
    if facts.date:
        span = dt.timedelta(days=WINDOW_DAYS.get(facts.date_precision or "day", 3) + WINDOW_DAYS["week"])
        place = facts.place
        for incident in store.incident_candidates(*_window(facts.date, span),
                                                  place.country_code if place else None,
                                                  place.admin1 if place else None):
            found[incident.id] = incident
    ids = store.incident_ids_of_reports(related) - set(found)
    for incident in store.incidents(ids, evidence=False):
        found[incident.id] = incident
    return list(found.values())
