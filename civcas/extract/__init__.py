"""Extract: what one report says about its main incident — date, place, parties and their
statements, means, and casualty claims with claimant and scope. Report in, ReportFacts out."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from civcas.extract import casualties
from civcas.extract import claims as cl
from civcas.extract import places as pl
from civcas.extract import scope as sc
from civcas.extract.dates import (Anchor, DateMention, date_mentions, period_end, reference_args, reference_date,
                                  report_anchor)
from civcas.extract.names import content_words, person_names, salient_terms
from civcas.extract.numbers import quantities
from civcas.extract.version import extractor_version
from civcas.extract.claimants import claimant_type, continues, outlet_type, relayed, unnamed_source
from civcas.extract.parties import (ATTACK, PRONOUNS, Attribution, agents, attributions, explicit_coalition,
                                    issuer, means, names_home_forces, party_mentions)
from civcas.gazetteer import Gazetteer
from civcas.model import PARTIES, PARTY_BY_NAME, Claim, EventMention, Place, Report, ReportFacts, Statement, fold_party, leading
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


@dataclass
class _Sentence:
    """One sentence with what the extractor read in it."""
    s: Sentence
    attributions: list[Attribution]
    figures: list[cl.Figure]
    agents: list[str]
    dates: list[DateMention]
    weight: float
    attack: bool
    scope: str = sc.INCIDENT
    scope_rule: str = ""          # the id of the scope rule that moved it off the incident

    @property
    def text(self) -> str:
        return self.s.text

    @property
    def paragraph(self) -> int:
        return self.s.paragraph


def _read_sentences(report: Report, coalition: str, home: Optional[str], voice: Optional[str],
                    reference: Optional[Anchor]) -> list[_Sentence]:
    out = []
    for s in sentences(report.text):
        attack = ATTACK.search(s.text) and ATTACK.search(RECORD.sub(" ", s.text))
        weight = (LEAD_WEIGHT if s.paragraph == 0 else 1.0) * (ATTACK_WEIGHT if attack else 1.0)
        out.append(_Sentence(s, attributions(s.text), casualties.figures(s.text),
                             _with_partners(agents(s.text, coalition, home), voice),
                             date_mentions(s.text, *reference_args(reference)), weight, bool(attack)))
    return out


STATES = {p.country: p.name for p in PARTIES if p.kind == "state forces"}


def _with_partners(parties: list[str], voice: Optional[str]) -> list[str]:
    """In a coalition's own release, the host state's forces are its partners in one operation
    ("Afghan National Security Forces and coalition troops"): they count as the coalition."""
    issuer_party = PARTY_BY_NAME.get(voice or "")
    if not issuer_party or issuer_party.kind != "coalition" or not issuer_party.country:
        return parties
    partner = STATES.get(issuer_party.country)
    return list(dict.fromkeys(voice if p == partner else p for p in parties))


def _home_state(text: str, gaz: Gazetteer, people: list[str]) -> Optional[str]:
    """The state whose forces "the junta", "regime forces" or "an army drone" are: the state of
    the country most of the report's places lie in (the gazetteer's name for a country the actors
    file lacks). Read only when the report speaks so."""
    if not names_home_forces(text):
        return None
    country = pl.main_country(pl.mentions(text, gaz, [], people))
    return STATES.get(country) or gaz.country_names.get(country) if country else None


RECENT_DAYS = 31     # older mentions are a caption's or background date, unless they name the attack


def _past_period_in_body(m: DateMention, age: int, r: "_Sentence") -> bool:
    """A month or a year that ended before the report appeared, named past its lead."""
    return m.precision in ("month", "year") and age > 0 and r.paragraph > 0 and not m.names_attack


@dataclass(frozen=True)
class DateTier:
    """Which date mentions may date the incident; the first tier with a vote decides. `precision`
    overrides the mention's own (a day something was reported bounds the attack, no more)."""
    id: str
    admits: Callable[[DateMention, int, "_Sentence"], bool]    # (mention, days before publication, its sentence)
    precision: Optional[str] = None


DATE_TIERS = (
    # the report's news: a recent day, or one that names the attack however old ("the March 17 attack");
    # a whole month or year already over when the report appeared is told past its lead only as
    # background ("Last month, forces killed 274 in another camp")
    DateTier("text", lambda m, age, r: not (m.about_statement or m.background)
             and (age <= RECENT_DAYS or m.names_attack) and not _past_period_in_body(m, age, r)),
    # "a man responsible for Tuesday's attack": someone's deed, the incident when nothing else is dated
    DateTier("deed", lambda m, age, r: m.background and age <= RECENT_DAYS),
    # a follow-up weeks or months later: an older day its lead gives with the attack (deeper in,
    # an old day is the war's background: "the coalition launched its campaign on March 26, 2015")
    DateTier("follow-up", lambda m, age, r: r.attack and r.s.paragraph == 0 and m.precision == "day"
             and not (m.about_statement or m.background)),
    # "the ICRC said Sunday" in a Monday paper: the attack was that day or before (a dateline or
    # a header is the publication date, which the caller falls back on anyway)
    DateTier("reported", lambda m, age, r: m.about_statement and m.precision == "day" and age > 0, "week"),
)


def _may_date(m: DateMention, r: _Sentence) -> bool:
    """A date in an incident sentence, or a day naming the attack in the lead, though the lead was
    put on other strikes by its wording ("the US conducted another air strike on Tuesday", "in
    addition to the March 17 airstrike, ... a March 16 airstrike"): a report's lead tells its own
    news first. A tally's dates never date it."""
    return r.scope == "incident" or (r.scope == "other" and r.paragraph == 0 and m.names_attack
                                      and m.precision == "day")


def _incident_date(read: list[_Sentence], published: Optional[Anchor], stamped: bool = True):
    """The best-supported date of the main incident: mentions in incident sentences, weighted by
    lead and attack context and by naming the attack, from the first tier of DATE_TIERS that has
    one. `published` is the report's own date (a day, or only a month or year: ages count from its
    end), or when `stamped` is false the first full date of its lead. Without a date in the text
    the incident is dated by publication: a day's week, or the month or year the page states."""
    end = published.end if published else None
    for tier in DATE_TIERS:
        votes: dict[tuple, float] = defaultdict(float)
        first: dict[tuple, int] = {}
        texts: dict[tuple, set] = defaultdict(set)
        for r in read:
            for m in r.dates:
                age = (end - period_end(m.date, m.precision)).days if end else 0
                if not _may_date(m, r) or (end and m.date > end) or not tier.admits(m, age, r):
                    continue
                key = (m.date, m.precision)
                votes[key] += r.weight * (2.0 if m.precision == "day" else 1.0) * (2.0 if m.names_attack else 1.0)
                first.setdefault(key, r.s.start + m.start)
                texts[key].add(m.text)
        if votes:
            date, precision = max(votes, key=lambda k: (votes[k], -first[k]))
            return date, tier.precision or precision, f"{tier.id}: " + ", ".join(sorted(texts[(date, precision)]))
    if published:
        source = ("publication date (no date in the text)" if stamped
                  else "the text's first full date (no publication date)")
        return published.date, "week" if published.day else published.precision, source
    return None, None, None


def _belligerents(read: list[_Sentence]) -> list[str]:
    """Parties the incident sentences present as striking (a coalition counts with its lead state)."""
    by_name: Counter = Counter()
    for r in read:
        if r.scope == "incident":
            for party in r.agents:
                by_name[party] += r.weight * (2.0 if r.figures else 1.0)
    return leading(by_name, fold_party)


def _state_of(party: str) -> Optional[str]:
    """The country whose forces a party is (a coalition: its lead state's), None for an armed group."""
    found = PARTY_BY_NAME.get(fold_party(party))
    return found.country if found and found.kind in ("state forces", "coalition") else None


def without_struck_state(alleged: list[str], read: list[_Sentence], place: Optional[Place]) -> list[str]:
    """The alleged strikers less the state whose territory the incident is in, when a foreign
    state's forces are alleged too and never in one sentence with it: a report of one state's
    strike across a border tells of the other side's strike or answer in passing ("this follows
    Iran's strike in Pakistan two days earlier", "in response, Thai forces conducted airstrikes").
    Named together ("Russian and Syrian jets", "Cambodian troops fired rockets into Surin and the
    Thai military bombed Cambodian positions in reply"), both struck."""
    country = place.country_code if place else None
    home = {p for p in alleged if country and _state_of(p) == country}
    foreign = {p for p in alleged if _state_of(p) not in (None, country)}
    if not home or not foreign:
        return alleged
    folded_home, folded_foreign = {fold_party(p) for p in home}, {fold_party(p) for p in foreign}
    for r in read:
        named = {fold_party(p) for p in r.agents}
        if r.scope == "incident" and named & folded_home and named & folded_foreign:
            return alleged
    return [p for p in alleged if p not in home]


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
    reference = report_anchor(report, reference_date)
    people = person_names(report.text, folded=False)
    home = _home_state(report.text, gaz, people)
    voice = issuer(report.outlet, report.text, coalition)
    read = _read_sentences(report, coalition, home, voice, reference)
    sc.by_wording(read)
    date, precision, source = _incident_date(read, reference, bool(report.published))
    if date:
        sc.by_period(read, date, precision)
    alleged = _belligerents(read) or _own_operation(read, voice)
    folded = {fold_party(p) for p in alleged}
    sc.by_party(read, folded, fold_party)
    facts = ReportFacts(report_id=report.id, date=date, date_precision=precision, date_source=source,
                        belligerents=alleged, means=_means(read))
    weights = [(r.s.start, r.s.end, r.weight * (1.0 if r.scope == "incident" else 0.25)) for r in read]
    gaz_mentions = pl.mentions(report.text, gaz, weights, people)
    facts.place, facts.places_mentioned = pl.choose_place(gaz_mentions, gaz)
    facts.belligerents = alleged = without_struck_state(alleged, read, facts.place)
    facts.names = _people_not_places(people, gaz) + salient_terms(report.text)
    facts.words = content_words(report.text)
    facts.mentions = _event_mentions(read, gaz_mentions, facts.place, gaz)
    quotations = _quotations(read)
    resolved = _resolved(read, {id(r) for group in quotations for r in group})
    beside = {**_quoted(read, quotations, resolved), **_told_next(read)}
    previous: Optional[Attribution] = None       # the source the sentence before named
    for r in read:
        own = resolved[id(r)]
        told = beside.get(id(r)) or (previous if continues(r.s.text, "back") else None)
        facts.claims.extend(_claims(report, r, own, alleged, coalition, home, voice, told))
        if r.scope == "incident":
            facts.statements.extend(_statements(report, r, own, alleged, coalition, home))
        named = [a for a in own if a.claimant.lower() not in PRONOUNS]
        previous = named[-1] if named else None
    _restated(facts.claims)
    facts.extractor_version = extractor_version()
    for claim in facts.claims:
        claim.extractor_version = facts.extractor_version
    return facts


def _resolved(read: list[_Sentence], quoted: set[int]) -> dict[int, list[Attribution]]:
    """Each sentence's reporting phrases, "he said" resolved to the speaker named before in its
    paragraph or in the paragraph before ("He said two soldiers were wounded"), unless its paragraph
    opens with a quotation, which brings a new voice, or a quotation runs on from it; a lone surname
    ("Khinshtein wrote") to the person named in full before."""
    out = {}
    antecedent: Optional[Attribution] = None
    named_in, paragraph, follows = 0, -1, False
    people: dict[str, Attribution] = {}
    for r in read:
        if r.s.paragraph != paragraph:
            paragraph = r.s.paragraph
            follows = paragraph == named_in + 1 and not QUOTATION_OPENING.match(r.s.text)
        carried = antecedent if paragraph == named_in or follows or id(r) in quoted else None
        out[id(r)] = [_resolve(people.get(a.claimant, a), carried) for a in r.attributions]
        people.update((a.claimant.split()[-1], a) for a in out[id(r)] if FULL_NAME.fullmatch(a.claimant))
        named = [a for a in out[id(r)] if a.claimant.lower() not in PRONOUNS]
        if named:
            antecedent = named[-1]
        if named or id(r) in quoted:
            named_in = r.s.paragraph
    return out


QUOTATION_OPENING = re.compile(r"\s*[“\"‘]")
FULL_NAME = re.compile(r"(?:[A-Z][\w'’.-]+\s+){1,3}(?:(?:al|el|bin|ibn|de|van|von)[-\s])?[A-Z][\w'’-]+")
OPENING, CLOSING, STRAIGHT = "“", "”", '"'
LONGEST_QUOTATION = 8       # sentences; an unclosed quote mark beyond that is a stray one


def _quotations(read: list[_Sentence]) -> list[list[_Sentence]]:
    """Quotations that run over several sentences ('"19 were hit. Eight others were injured."'),
    each as its sentences. A paragraph that opens with a quote mark while one is open continues it
    (the press's way of quoting over several paragraphs)."""
    groups, group, inside, paragraph = [], [], False, -1
    for r in read:
        text = r.s.text.lstrip()
        if r.s.paragraph != paragraph and inside and text[:1] in (OPENING, STRAIGHT):
            text = text[1:]
        paragraph, start = r.s.paragraph, inside
        for ch in text:
            inside = True if ch == OPENING else False if ch == CLOSING else (not inside) if ch == STRAIGHT else inside
        if start or inside:
            group.append(r)
        if not inside and group:
            groups.append(group)
            group = []
        elif len(group) > LONGEST_QUOTATION:
            group, inside = [], False
    return [g for g in groups if len(g) > 1]


def _quoted(read: list[_Sentence], quotations: list[list[_Sentence]],
            resolved: dict[int, list[Attribution]]) -> dict[int, Attribution]:
    """The speaker of each sentence of a quotation: named where it closes ('..., "he added') or
    opens ('X said: "...'), else the speaker of the sentence before it ('"...," the UN said. "19 ...')."""
    position = {id(r): i for i, r in enumerate(read)}
    out = {}
    for group in quotations:
        first, last = group[0], group[-1]
        closes = max(last.s.text.rfind(CLOSING), last.s.text.rfind(STRAIGHT))
        opens = max(first.s.text.find(OPENING), first.s.text.find(STRAIGHT))
        preceding = read[position[id(first)] - 1] if position[id(first)] else None
        candidates = [a for a in resolved[id(last)] if a.start > closes] + \
                     [a for a in resolved[id(first)] if a.start < opens] + \
                     (resolved[id(preceding)][::-1] if preceding else [])
        speaker = next((a for a in candidates if a.claimant.lower() not in PRONOUNS), None)
        if speaker:
            out.update((id(r), speaker) for r in group)
    return out


#: "This was announced by X", "X announced this on Telegram": the sentence before tells X's word.
BACK_REFERENCE = re.compile(r"^\W*(?:this|that|these\s+figures?|the\s+figures?)\s+(?:was|were|has\s+been|had\s+been)"
                            r"\s+\w+\s+by\b|\b(?:announced|reported|said|stated|confirmed|wrote)\s+this\b", re.IGNORECASE)


def _told_next(read: list[_Sentence]) -> dict[int, Attribution]:
    """Sentences whose next sentence names who told them ("... 45 were killed. This was announced
    by the head of the regional military administration") or adds to their figure with its source
    ("At least 13 died. According to medical sources, 16 others were injured"), with that attribution."""
    told = {}
    for r, following in zip(read, read[1:]):
        if BACK_REFERENCE.search(following.s.text) and following.attributions:
            source = following.attributions[0]
        elif r.figures and following.figures and continues(_up_to_first_figure(following), "ahead"):
            source = _attribution_for(following.attributions, following.figures[0].quantity.start)
        else:
            continue
        if source and source.claimant.lower() not in PRONOUNS:
            told[id(r)] = source
    return told


def _up_to_first_figure(r: _Sentence) -> str:
    """A sentence up to the word after its first figure: where "16 others", "a further 75" or
    "also caused 158" add to a figure before (a later "70 others" adds to its own sentence's)."""
    end = r.figures[0].quantity.end
    after = re.match(r"\W*\w+", r.s.text[end:])
    return r.s.text[:end + (after.end() if after else 0)]


def _restated(claims: list[Claim]) -> None:
    """A figure the report gives with no source (a headline, a lead) that it gives elsewhere with
    one ("10 killed in Idlib" ... "ten civilians were killed, the Observatory said"; "140 killed" ...
    "more than 140 were killed, a UN official said") is that source's: same kind, the same number,
    populations that agree. A count ("200 civilians") is not a vague word's ("hundreds")."""
    sourced = [c for c in claims if c.claimant]
    for c in claims:
        if c.claimant is None:
            source = next((s for s in sourced if s.kind == c.kind and _same_number(s, c) and
                           (s.population == c.population or "unspecified" in (s.population, c.population))), None)
            if source:
                c.claimant, c.claimant_type = source.claimant, source.claimant_type


def _same_number(sourced: Claim, bare: Claim) -> bool:
    """The same number as written: equal lower bounds, or the source's "more than N" of a bare N;
    both counts or both vague words."""
    if _vague(sourced) != _vague(bare):
        return False
    return sourced.min == bare.min or (sourced.max is None and bare.max == bare.min == sourced.min - 1)


def _vague(claim: Claim) -> bool:
    found = quantities(claim.qualifier)
    return bool(found) and found[0].vague


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


def _resolve(a: Attribution, antecedent: Optional[Attribution], pronouns: set[str] = PRONOUNS) -> Attribution:
    """'he said' ('a-t-il ajouté' with French pronouns) → the claimant named before in the same
    paragraph; else it stays a pronoun."""
    if a.claimant.lower() in pronouns and antecedent is not None:
        return Attribution(a.start, a.end, antecedent.claimant, antecedent.described, a.verb)
    return a


#: "..., citing reports of its workers": the speaker's own people, so the speaker stays the source
OWN_PEOPLE = re.compile(r"\b(?:its|their|his|her)\b", re.IGNORECASE)


def _attribution_for(resolved: list[Attribution], position: int) -> Optional[Attribution]:
    """The source a report cites ('..., citing local sources') is the figure's, unless it is the
    speaker's own ('citing its workers'); else 'according to X' after a figure scopes it; otherwise
    the nearest reporting phrase before the figure, else the first after ('..., killing 54,
    activists said')."""
    cited = [a for a in resolved if a.verb == "citing" and not OWN_PEOPLE.search(a.claimant)]
    if cited:
        return cited[0]
    according = [a for a in resolved if a.start > position and a.verb == "according to"]
    if according:
        return according[0]
    return _nearest(resolved, position)


def _nearest(resolved: list[Attribution], position: int) -> Optional[Attribution]:
    """The nearest reporting phrase before a figure, else the first after it."""
    before = [a for a in resolved if a.start <= position]
    if before:
        return before[-1]
    after = [a for a in resolved if a.start > position]
    return after[0] if after else None


def _claims(report: Report, r: _Sentence, resolved: list[Attribution], alleged: list[str],
            coalition: str, home: Optional[str], voice: Optional[str],
            beside: Optional[Attribution] = None) -> Iterable[Claim]:
    """Each figure with its source. A figure no one is quoted for is the outlet's own statement
    (`journalist`, or the outlet's type when it is a monitor or a medical charity), unless its
    sentence relays it ("reportedly": `unnamed`) or a party issued the report (`voice`): then it is
    that party's own claim. A sentence with no reporting phrase takes the source beside it
    (`beside`): the one its next sentence points back with or adds to its figure with, the
    speaker of the quotation it lies in, or the one before when its figure continues that count."""
    for f in r.figures:
        a = _attribution_for(resolved, f.quantity.start) or beside
        if voice and (a is None or unnamed_source(a.described)):
            claimant, kind = voice, "belligerent"
        elif a is None and relayed(r.s.text):
            claimant, kind = None, "unnamed"        # "reportedly killed": not the outlet's own word
        else:
            claimant = a.claimant if a else None
            kind = claimant_type(a.described, alleged, coalition, home) if a else outlet_type(report.outlet)
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
                coalition: str, home: Optional[str]) -> Iterable[Statement]:
    """A party's word on its own part: its spokespeople's reporting phrases in incident sentences."""
    folded = {fold_party(p) for p in alleged}
    for a in resolved:
        parties = [m.party for m in party_mentions(a.described, coalition, home) if fold_party(m.party) in folded]
        if not parties:
            continue
        clause = r.s.text[a.start:] if a.start < len(r.s.text) // 2 else r.s.text
        stance = cl.stance(clause, a.verb)
        if stance == "asserts" and not cl.ASSERTS.search(clause) and not r.figures:
            continue
        yield Statement(party=parties[0], stance=stance, claimant=a.claimant, sentence=r.s.text,
                        start=r.s.start, end=r.s.end, report_id=report.id,
                        about_civilians=bool(CIVILIAN.search(r.s.text)))


from civcas.extract import arabic, french  # noqa: E402  (they read with this module's steps, defined above)

#: The reader of each language the extractor reads, each returning the same ReportFacts; a report
#: in another language is stored with empty facts (it opens no incident) rather than read with
#: another language's rules.
READERS: dict[str, Callable[[Report, Gazetteer], ReportFacts]] = {"en": extract, "fr": french.extract,
                                                                  "ar": arabic.extract}
LANGUAGES = tuple(READERS)


def read(report: Report, gaz: Gazetteer) -> ReportFacts:
    """One report's facts by its language's reader (what `run` stores; the Spark driver calls it
    per partition)."""
    facts = READERS[report.language](report, gaz) if report.language in READERS else \
        ReportFacts(report_id=report.id, extractor_version=extractor_version())
    facts.language = report.language
    return facts


def run(store, report_ids: Iterable[int], gaz: Gazetteer) -> list[ReportFacts]:
    """Extract and store the facts of each report (the pipeline records a failure as the
    report's error)."""
    out = []
    for report in store.reports(report_ids):
        facts = read(report, gaz)
        store.save_facts(facts)
        out.append(facts)
    return out
