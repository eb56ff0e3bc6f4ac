"""Extract: what one report says about its main incident — date, place, parties and their
statements, means, and casualty claims with claimant and scope. Report in, ReportFacts out."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional

from civcas.extract import casualties
from civcas.extract import claims as cl
from civcas.extract import places as pl
from civcas.extract import scope as sc
from civcas.extract.dates import date_mentions, reference_date
from civcas.extract.names import content_words, person_names, salient_terms
from civcas.extract.numbers import quantities
from civcas.extract.version import extractor_version
from civcas.extract.parties import (ATTACK, PRONOUNS, Attribution, agents, attributions, claimant_type,
                                    explicit_coalition, issuer, means, party_mentions, unnamed_source)
from civcas.gazetteer import Gazetteer
from civcas.model import Claim, EventMention, Place, Report, ReportFacts, Statement, fold_party, leading
from civcas.text import Sentence, fold, sentences

LEAD_WEIGHT, ATTACK_WEIGHT = 2.0, 2.0
# "The leader planned attacks in Kabul province": someone's record, which does not make a sentence
# tell of the incident (its places and days are not the incident's)
RECORD = re.compile(r"\b(?:plann(?:ed|ing)|plans|coordinat(?:ed|es|ing)|organi[sz](?:ed|es|ing)|direct(?:ed|s|ing)|"
                    r"leads|leading|led|facilitat(?:ed|es|ing)|responsible\s+for|involved\s+in|linked\s+to|"
                    r"accused\s+of)\s+(?:[\w-]+\s+){0,4}?attacks\b", re.IGNORECASE)
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "they", "them", "it"}   # "himself" is a victim of its own
CIVILIAN = re.compile(r"\bcivilian", re.IGNORECASE)
HARM = {"killed", "wounded"}
NOT_A_NAME = PERSONAL_PRONOUNS | {"nobody", "both", "dead", "none", "no", "two", "three", "all"}


@dataclass
class _Sentence:
    """One sentence with what the extractor read in it."""
    s: Sentence
    attributions: list[Attribution]
    figures: list[cl.Figure]
    agents: list[str]
    dates: list
    weight: float
    scope: str = sc.INCIDENT
    scope_rule: str = ""          # the id of the scope rule that moved it off the incident

    @property
    def text(self) -> str:
        return self.s.text

    @property
    def paragraph(self) -> int:
        return self.s.paragraph


def _read_sentences(report: Report, coalition: str, reference: Optional[dt.date]) -> list[_Sentence]:
    out = []
    for s in sentences(report.text):
        attack = ATTACK.search(s.text) and ATTACK.search(RECORD.sub(" ", s.text))
        weight = (LEAD_WEIGHT if s.paragraph == 0 else 1.0) * (ATTACK_WEIGHT if attack else 1.0)
        out.append(_Sentence(s, attributions(s.text), casualties.figures(s.text), agents(s.text, coalition),
                             date_mentions(s.text, reference), weight))
    return out


def _period_end(m) -> dt.date:
    """The last day of the period a date mention stands for ("in March" ends on March 31)."""
    if m.precision == "month":
        return m.date.replace(day=calendar.monthrange(m.date.year, m.date.month)[1])
    return m.date


def _incident_date(read: list[_Sentence], published: Optional[dt.date], stamped: bool = True):
    """The best-supported date of the main incident: mentions in incident sentences, weighted by
    lead and attack context; the day something was *said* does not count. `published` is the
    report's own date, or when `stamped` is false the first full date of its lead."""
    votes: dict[tuple, float] = defaultdict(float)
    first: dict[tuple, int] = {}
    for r in read:
        if r.scope != "incident":
            continue
        for m in r.dates:
            if m.about_statement or m.background or (published and m.date > published):
                continue
            if published and (published - _period_end(m)).days > 31:
                continue             # a caption's or background date, not this report's news
            key = (m.date, m.precision)
            votes[key] += r.weight * (2.0 if m.precision == "day" else 1.0)
            first.setdefault(key, r.s.start + m.start)
    if votes:
        (date, precision) = max(votes, key=lambda k: (votes[k], -first[k]))
        return date, precision, "text: " + ", ".join(sorted({m.text for r in read for m in r.dates
                                                               if (m.date, m.precision) == (date, precision)}))
    if published:
        return published, "week", ("publication date (no date in the text)" if stamped
                                   else "the text's first full date (no publication date)")
    return None, None, None


def _belligerents(read: list[_Sentence]) -> list[str]:
    """Parties the incident sentences present as striking (a coalition counts with its lead state)."""
    by_name: Counter = Counter()
    for r in read:
        if r.scope == "incident":
            for party in r.agents:
                by_name[party] += r.weight * (2.0 if r.figures else 1.0)
    return leading(by_name, fold_party)


def _own_operation(read: list[_Sentence], voice: Optional[str]) -> list[str]:
    """A party's own release that tells of an attack without naming who struck ("an
    Afghan-international force killed several insurgents") tells of its own operation."""
    if voice and any(r.scope == "incident" and ATTACK.search(r.s.text) for r in read):
        return [voice]
    return []


def _means(read: list[_Sentence]) -> list[str]:
    counts: Counter = Counter()
    for r in read:
        if r.scope == "incident" and ATTACK.search(r.s.text):
            for m in means(r.s.text):
                counts[m] += r.weight
    return leading(counts)


def extract(report: Report, gaz: Gazetteer) -> ReportFacts:
    coalition = explicit_coalition(report.text, report.outlet)
    reference = report.published or reference_date(report.text)
    read = _read_sentences(report, coalition, reference)
    by_paragraph: dict[int, list[_Sentence]] = defaultdict(list)
    for r in read:
        by_paragraph[r.s.paragraph].append(r)
    sc.by_wording(read)
    date, precision, source = _incident_date(read, reference, bool(report.published))
    if date:
        sc.by_period(read, date, precision)
    voice = issuer(report.outlet, report.text, coalition)
    alleged = _belligerents(read) or _own_operation(read, voice)
    folded = {fold_party(p) for p in alleged}
    sc.by_party(read, folded, fold_party)
    facts = ReportFacts(report_id=report.id, date=date, date_precision=precision, date_source=source,
                        belligerents=alleged, means=_means(read))
    weights = [(r.s.start, r.s.end, r.weight * (1.0 if r.scope == "incident" else 0.25)) for r in read]
    people = person_names(report.text, folded=False)
    gaz_mentions = pl.mentions(report.text, gaz, weights, people)
    facts.place, facts.places_mentioned = pl.choose_place(gaz_mentions, gaz)
    facts.names = _people_not_places(people, gaz) + salient_terms(report.text)
    facts.words = content_words(report.text)
    facts.mentions = _event_mentions(read, gaz_mentions, facts.place, gaz)
    for paragraph in sorted(by_paragraph):
        antecedent: Optional[Attribution] = None
        for r in by_paragraph[paragraph]:
            resolved = [_resolve(a, antecedent) for a in r.attributions]
            facts.claims.extend(_claims(report, r, resolved, alleged, coalition, voice))
            if r.scope == "incident":
                facts.statements.extend(_statements(report, r, resolved, alleged, coalition))
            named = [a for a in resolved if a.claimant.lower() not in PRONOUNS]
            if named:
                antecedent = named[-1]
    facts.extractor_version = extractor_version()
    for claim in facts.claims:
        claim.extractor_version = facts.extractor_version
    return facts


def _people_not_places(names: list[str], gaz: Gazetteer) -> list[str]:
    """Names of people, folded for matching, less those the gazetteer knows as places."""
    return [fold(n) for n in names if not gaz.lookup(n)]


def _event_mentions(read: list[_Sentence], found: list[pl.Mention], place: Optional[Place],
                    gaz: Gazetteer) -> list[EventMention]:
    """Sentences about another incident (a separate shooting, an earlier strike, another party's
    raid) that say when, where or whom: the linker points the report at those incidents too."""
    country = place.country_code if place else None
    out = []
    for r in read:
        if r.scope != "other" or not (ATTACK.search(r.s.text) or any(f.kind in HARM for f in r.figures)):
            continue
        dated = [m for m in r.dates if not m.about_statement]
        where, _ = pl.choose_place([mn for mn in found if r.s.start <= mn.start < r.s.end], gaz, country)
        names = _people_not_places(person_names(r.s.text, folded=False), gaz)
        if dated or where or names:
            out.append(EventMention(r.s.start, r.s.end, dated[0].date if dated else None,
                                    dated[0].precision if dated else None, where, names))
    return out


def _resolve(a: Attribution, antecedent: Optional[Attribution]) -> Attribution:
    """'he said' → the claimant named before in the same paragraph; else it stays a pronoun."""
    if a.claimant.lower() in PRONOUNS and antecedent is not None:
        return Attribution(a.start, a.end, antecedent.claimant, antecedent.described, a.verb)
    return a


def _attribution_for(resolved: list[Attribution], position: int) -> Optional[Attribution]:
    """'according to X' after a figure scopes it; otherwise the nearest reporting phrase before
    the figure, else the first after ('..., killing 54, activists said')."""
    according = [a for a in resolved if a.start > position and a.verb == "according to"]
    if according:
        return according[0]
    before = [a for a in resolved if a.start <= position]
    if before:
        return before[-1]
    after = [a for a in resolved if a.start > position]
    return after[0] if after else None


def _claims(report: Report, r: _Sentence, resolved: list[Attribution], alleged: list[str],
            coalition: str, voice: Optional[str]) -> Iterable[Claim]:
    """Each figure with its source; a figure no one is quoted for, in a report a party issued
    (`voice`), is that party's own claim."""
    for f in r.figures:
        a = _attribution_for(resolved, f.quantity.start)
        if voice and (a is None or unnamed_source(a.described)):
            claimant, kind = voice, "belligerent"
        else:
            claimant, kind = (a.claimant if a else None), claimant_type(a.described if a else None, alleged, coalition)
        scope, scope_rule = sc.figure_scope(r.s.text, f.quantity.start, r.scope, r.scope_rule)
        yield Claim(kind=f.kind, population=f.population, min=f.quantity.min, max=f.quantity.max,
                    qualifier=f.quantity.text, claimant=claimant, claimant_type=kind,
                    stance=_claim_stance(r.s.text, f, a), scope=scope, sentence=r.s.text,
                    start=r.s.start + f.quantity.start, end=r.s.start + f.quantity.end,
                    report_id=report.id, parties=_blamed(r, f, alleged, scope),
                    rule="+".join(filter(None, (f.rule, scope_rule))))


def _blamed(r: _Sentence, f: cl.Figure, alleged: list[str], scope: str) -> list[str]:
    """The parties a death figure is blamed on: those its sentence names, else, for a figure of the
    report's own incident, the one party the report alleges struck ("US drone kills five … Locals
    said three were civilians"). Wounded figures blame no one here."""
    if f.kind != "killed":
        return []
    if r.agents:
        return r.agents
    return alleged if scope == sc.INCIDENT and len(alleged) == 1 else []


def _claim_stance(text: str, f: cl.Figure, a: Optional[Attribution]) -> str:
    """The stance of the claimant's own words: from its reporting phrase to the figure."""
    if a is None:
        return cl.stance(text[:f.quantity.end], None)
    lo, hi = sorted((a.start, f.quantity.start))
    return cl.stance(text[lo:max(a.end, f.quantity.end)], a.verb)


def _statements(report: Report, r: _Sentence, resolved: list[Attribution], alleged: list[str],
                coalition: str) -> Iterable[Statement]:
    """A party's word on its own part: its spokespeople's reporting phrases in incident sentences."""
    folded = {fold_party(p) for p in alleged}
    for a in resolved:
        parties = [m.party for m in party_mentions(a.described, coalition) if fold_party(m.party) in folded]
        if not parties:
            continue
        clause = r.s.text[a.start:] if a.start < len(r.s.text) // 2 else r.s.text
        stance = cl.stance(clause, a.verb)
        if stance == "asserts" and not cl.ASSERTS.search(clause) and not r.figures:
            continue
        yield Statement(party=parties[0], stance=stance, claimant=a.claimant, sentence=r.s.text,
                        start=r.s.start, end=r.s.end, report_id=report.id,
                        about_civilians=bool(CIVILIAN.search(r.s.text)))


def report_total(facts: ReportFacts, kind: str = "killed") -> int:
    """A report's own figure for its incident: the largest lower bound it states, or the number of
    different people it describes one by one when that is more ("Joshua Haber, 19, died ... Josh
    Williams, 20, died"). People are told apart by their names: unnamed descriptions ("a
    16-year-old", "the victim") may all be one person. People shot and counted one by one who then
    died are not also wounded."""
    here = [c for c in facts.claims if c.kind == kind and c.scope == "incident"]
    implied = [c for c in here if c.min == c.max == 1 and not quantities(c.qualifier)]
    # a lone surname is a person among the wounded ("Hendrickson was shot in the face, and Shively in
    # the back"); among the dead it was more often someone named in full where the reader missed it
    # (GVA killed 0.771 → 0.768 when counted), so the dead need full names
    named = _people([c for c in implied if _is_name(c.qualifier) and (kind != "killed" or " " in c.qualifier)],
                    facts.names)
    if kind == "killed":
        return max([c.min for c in here] + [len(named)] + [_sentence_sum(group) for group in _by_sentence(here)])
    described = any(not _is_name(c.qualifier) for c in implied)   # "he was accidentally shot" is someone too
    one_by_one = max(len(named), int(described))   # "a 16-year-old" and "the victim" are one person
    alive = [c for c in implied if SURVIVED.search(c.sentence)]
    survivors = len(_people([c for c in alive if _is_name(c.qualifier)], facts.names)) + \
        any(not _is_name(c.qualifier) for c in alive)          # told as treated, stable, recovering
    killed = report_total(facts, "killed")
    stated = [c.min - killed if _all_shot(c) else c.min for c in here if c not in implied]
    return max(stated + [max(survivors, one_by_one - killed)])


SURVIVED = re.compile(r"\b(?:treated|released|stable|expected\s+to\s+(?:survive|recover|live)|survived|"
                      r"non-life-threatening|recovering|in\s+(?:good|fair|serious|critical)\s+condition|graze)\b",
                      re.IGNORECASE)
_SHOT_AFTER = re.compile(r"^(?!\W*(?:other|others|more|additional|further)\b)"      # "three other victims": not the dead
                         r"\W*(?:[\w-]+\s+){0,5}?(?:were|was|have\s+been|had\s+been|been|are|got)\s+shot\b(?!\s+and\b)"
                         r"(?![^.;]*\b(?:survived|wounded|injured)\b)", re.IGNORECASE)


def _all_shot(claim: Claim) -> bool:
    """"Four people were shot" counts the dead too: the wounded are those shot less those killed."""
    at = claim.sentence.find(claim.qualifier)
    return at >= 0 and bool(_SHOT_AFTER.match(claim.sentence[at + len(claim.qualifier):]))


JOINED = re.compile(r"^[^,;:()—–-]{0,60}\b(?:and|before|then)\b[^,;:()—–-]{0,40}$")


def _by_sentence(claims: list[Claim]) -> list[list[Claim]]:
    groups: dict[str, dict[tuple[int, int], Claim]] = defaultdict(dict)
    for c in claims:
        groups[c.sentence].setdefault((c.start, c.end), c)
    return [sorted(g.values(), key=lambda c: c.start) for g in groups.values()]


def _sentence_sum(claims: list[Claim]) -> int:
    """Victims joined by 'and', 'then' or 'before' in one sentence add up ("two children and their
    father were found dead", "shot and killed his girlfriend and then fatally shot three men",
    "killed his son before fatally shooting himself"); a figure after a comma ("…, including two
    children") or overlapping another does not."""
    first = claims[0]
    offset = first.start - max(0, first.sentence.find(first.qualifier))
    total, end = first.min, first.end
    for c in claims[1:]:
        between = first.sentence[max(0, end - offset):max(0, c.start - offset)]
        if c.start < end or not JOINED.match(between):
            continue
        total, end = total + c.min, c.end
    return total


def _people(named: list[Claim], names: list[str]) -> set[str]:
    """Distinct people among claims naming them: a person is known by the last word of the name,
    and a lone first name or surname ("Jasmine", "Smith") is whoever's full name holds it."""
    full = [n.split() for n in names if " " in n and not n.startswith("t:")]
    keys = set()
    for c in named:
        words = fold(c.qualifier).split()
        owner = next((n for n in full if words[0] in n), None) if len(words) == 1 else words
        keys.add((owner or words)[-1])
    return keys


def _is_name(text: str) -> bool:
    """"Amos Rudd", "Shively", not "A Portsmouth Man" (a headline's capitals describe someone) nor "He"."""
    words = text.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in ("al", "bin", "de") for w in words) and \
        not any(w.lower() in cl.DETERMINER_ONE or w.lower() in cl.PERSON or w.lower() in NOT_A_NAME for w in words)


def run(store, report_ids: Iterable[int], gaz: Gazetteer) -> list[ReportFacts]:
    """Extract and store the facts of each report (the pipeline records a failure as the
    report's error)."""
    out = []
    for report in store.reports(report_ids):
        facts = extract(report, gaz)
        store.save_facts(facts)
        out.append(facts)
    return out
