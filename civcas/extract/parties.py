"""Parties, means, and who says what: party mentions from the model's list, attack agents,
reporting phrases with their claimants, and the claimant types."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from civcas.extract import actors, roles
from civcas.extract.nlp import parser
from civcas.model import DEFAULT_COALITION, PARTIES, fold_party

# --- party mentions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyMention:
    start: int
    end: int
    party: str
    rule: str = "alias"       # how it was read (actors.Reading.rule); "blame": named as the one blamed


_BARE_COALITION = re.compile(r"(?<![\w-])(?:[Tt]he\s+)?[Cc]oalition(?![\w-])(?!\s+of\b)")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'()-]{2,40}\s*[—–-]+\s+")


#: Parties that are coalitions (named or known as one: ISAF's "coalition forces").
COALITIONS = frozenset(p.name for p in PARTIES
                       if "coalition" in p.name.lower() or any("coalition" in a.lower() for a in p.aliases))


def explicit_coalition(text: str, outlet: Optional[str] = None) -> str:
    """The coalition a report names (US-led, Saudi-led, ISAF...), which its bare 'the coalition'
    means; a coalition that publishes the report itself is the one it means."""
    counts: dict[str, int] = {}
    for source in (text, outlet or ""):
        for m in party_mentions(source, coalition=None):
            if m.party in COALITIONS:
                counts[m.party] = counts.get(m.party, 0) + 1
    return max(counts, key=counts.get) if counts else DEFAULT_COALITION


def party_mentions(text: str, coalition: Optional[str] = DEFAULT_COALITION,
                   home: Optional[str] = None) -> list[PartyMention]:
    """Mentions of the actors file's parties; a bare 'the coalition' counts as `coalition`, and
    the report's own state ("the junta", "government forces") as `home` (none when unknown)."""
    out = [PartyMention(r.start, r.end, party if party != actors.HOME else home, r.rule)
           for r in actors.readings(text) for party in r.parties if party != actors.HOME or home]
    if coalition:
        taken = [(m.start, m.end) for m in out]
        out.extend(PartyMention(m.start(), m.end(), coalition) for m in _BARE_COALITION.finditer(text)
                   if not any(m.start() < e and s < m.end() for s, e in taken))
    return sorted(out, key=lambda m: m.start)


def names_home_forces(text: str) -> bool:
    """Whether the text names forces only as its own country's ("the junta", "regime forces")."""
    return any(actors.HOME in r.parties for r in actors.readings(text))


ATTACK = re.compile(
    r"\b(?:struck|strikes?|airstrikes?|air\s+strikes?|air\s+raids?|bomb(?:ed|ing|ings|s)?|drones?|warplanes?|rockets?|"
    r"aircraft|jets?|fired|shell(?:s|ed|ing)|missiles?|attack(?:ed|s)?|raid(?:ed|s)?|targeted|conducted|"
    r"carried\s+out|launched|killed|killing|blamed|responsible|shot|shooting|gunfire|opened\s+fire|"
    r"explosions?|blasts?|detonated)\b", re.IGNORECASE)
NOT_BLAME = re.compile(r"known to (?:operate|fly|be active)", re.IGNORECASE)
# what follows a party that names its people, places or backers, not the party striking
_NOT_STRIKING_AFTER = re.compile(
    r"[\s-]+(?:(?:senior|local|key|foreign|defen[cs]e|interior|health|state|military|army|government|"
    r"fact-finding)\s+)?(?:leaders?|commanders?|sub-commanders?|facilitators?|financiers?|"
    r"operatives?|emirs?|officials?|spokesm[ae]n|members?|suspects?|positions?|targets?|hideouts?|bases?|"
    r"camps?|compounds?|strongholds?|depots?|outposts?|territory|backed|run|controlled|held|allied|aligned|"
    r"affiliated|affiliates?|linked|offshoots?|franchises?|proxy|proxies|supported|funded|trained|administered|"
    r"appointed|installed|investigators?|team|experts?|"
    r"ministry|ministries|authorities|media|news|television|embassy|hospital|school|border|citizens?|"
    r"nationals?|captives?|hostages?|prisoners?|detainees?|civilians?)\b", re.IGNORECASE)
# "Russia's foreign ministry", "the KIA's political wing": what a party has, unless it is its
# forces or its deeds ("Israel's assault", "Nigeria's air force")
_POSSESSIVE = re.compile(r"['’]s?\s+(?:[\w-]+\s+)?(?P<word>[\w-]+)")


# "Sheriff Israel said", "Israel Butler", "Chad Williams": a country's name as a person's
_TITLE_BEFORE = re.compile(r"\b(?:Sheriff|Mr|Mrs|Ms|Dr|Officer|Deputy|Sgt|Spokesperson|Spokesman|Spokeswoman|"
                           r"Detective|Chief|Judge|Pastor)\.?\s+$")
_NAME_AFTER = re.compile(r"\s+(?P<word>[A-Z][a-z]+)")


# what a speaker says of its own strike: "the Israeli military said it struck", "... its jets hit"
_OWN_DEED = re.compile(r"(?:\s+[\w'’.-]+){0,3}?\s+(?:said|says|claimed|claims|told|reported|announced|alleged)\b"
                       r"(?:\s+(?:that|in\s+a\s+statement|on\s+\w+))*\s+(?:it|its|they|their|we|our)\b", re.IGNORECASE)


def _person(text: str, m: PartyMention) -> bool:
    if not actors.is_country_name(text[m.start:m.end]):
        return False
    after = _NAME_AFTER.match(text, m.end)
    return bool(_TITLE_BEFORE.search(text[max(0, m.start - 20):m.start]) or
                (after and not actors.is_force_word(after.group("word"))))


def _owned(text: str, m: PartyMention) -> bool:
    """"Russia's foreign ministry": something the party has, not its forces or deeds."""
    owned = _POSSESSIVE.match(text, m.end)
    return bool(owned) and not any(actors.is_force_word(w) for w in owned.group(0).split()[1:])


def agents(text: str, coalition: str = DEFAULT_COALITION, home: Optional[str] = None) -> list[str]:
    """Parties a sentence presents as striking — the agent of its attack by the parse (roles.py),
    or a speaker telling its own deed; not the target, a backer, an accuser or a denier — in
    order of mention, then armed bodies the actors file lacks where they stand as the striker
    (named as written); a dateline ("DAMASCUS —") names a place, not a party. Unnamed forces
    ("security forces") are a speaking state's, else the report's own state's."""
    text = _DATELINE.sub(lambda m: " " * len(m.group(0)), text)
    if not ATTACK.search(text) or NOT_BLAME.search(text):
        return []
    found = party_mentions(text, coalition, actors.HOME)
    kept = [m for m in found if not (_NOT_STRIKING_AFTER.match(text, m.end) or _owned(text, m) or _person(text, m))]
    parsed = roles.roles(text, [(m.start, m.end) for m in kept]) if kept else []
    # the parse says who strikes; the target, an accuser, a party named for anything else is not
    striking = [m for m, role in zip(kept, parsed) if role is not None and role.role == roles.AGENT]
    speakers = [m for m, role in zip(kept, parsed) if role is not None and role.role == roles.SPEAKER]
    striking += [s for s in speakers if _OWN_DEED.match(text, s.end)
                 and not any(m.start > s.end and m.party != s.party for m in striking)]
    # "the Pakistani military said security forces killed 13": unnamed forces are the speaking state's
    speaking_state = next((s.party for s in speakers if s.party in actors.STATE_FORCES), None)
    out = []
    for m in sorted(striking, key=lambda m: m.start):
        party = m.party if m.party != actors.HOME else speaking_state or home
        if party and party not in out:
            out.append(party)
    for _, _, name in actors.unknown_strikers(text, [(m.start, m.end) for m in found]):
        if name not in out:
            out.append(name)
    return out


MEANS_PATTERNS = (
    ("drone strike", r"\bdrones?\b|\bReapers?\b|\bPredators?\b|\bUAVs?\b"),
    ("airstrike", r"\bair\s*strikes?\b|\bair\s+raids?\b|\bwarplanes?\b|\b(?:fighter\s+)?jets?\s+(?:struck|bombed|fired|hit)"
                  r"|\baircraft\s+(?:struck|fired|bombed|dropped|engaged|hit|targeted)|\b(?:bombed|bombing\s+raids?)\b"
                  r"|\baerial\s+(?:bombardment|bombing|attack|strike)|\bprecision\s+(?:air\s+)?strikes?"
                  r"|\bguided\s+(?:bomb|munition)s?|\bdropped\s+(?:\w+\s+){0,3}bombs?\b|\bgunships?\b"),
    ("artillery", r"\bartillery\b|\bhowitzers?\b|\bmortars?\b|\brockets?\s+fire"),
    ("shelling", r"\bshell(?:ed|ing)\b"),
    ("IED", r"\bIEDs?\b|\broadside\s+bombs?\b|\bimprovised\s+explosive"),
    ("suicide bombing", r"\bsuicide\s+(?:bomb(?:er|ing)s?|attack(?:er)?s?|vest)"),
    ("ground raid", r"\b(?:ground|night|commando)\s+raids?\b|\bkill[- ]or[- ]capture\b|\bsecurity\s+force\b"),
    ("shooting", r"\bshooting\b|\bgunm[ae]n\b|\bshot\s+(?:and\s+killed|dead)\b|\bopened\s+fire\b"),
)
_MEANS = [(name, re.compile(p, re.IGNORECASE)) for name, p in MEANS_PATTERNS]


_NEGATED = re.compile(r"\b(?:no|without|not|never)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def means(text: str) -> list[str]:
    """Means of attack a sentence names, unless negated ("no precision air strikes")."""
    return [name for name, pattern in _MEANS
            if any(not _NEGATED.search(text[max(0, m.start() - 30):m.start()]) for m in pattern.finditer(text))]


# --- attribution ------------------------------------------------------------------------------

REPORTING_VERBS = (r"said|says|say|reported|reports|report|told|tells|stated|states|claimed|claims|announced|"
                   r"estimated|estimates|confirmed|confirms|added|adds|insisted|described|denied|denies|clarified|"
                   r"concluded|concludes|conceded|concedes|"
                   r"acknowledged|acknowledges|admitted|admits|put\s+the\s+(?:number|toll|death\s+toll)|"
                   r"put\s+the\s+number|blamed|accused|assigned\s+blame|attributed|warned|wrote|tweeted|posted|noted")
_VERB = re.compile(rf"\b(?P<verb>{REPORTING_VERBS})\b", re.IGNORECASE)
# a claimant's words, up to a punctuation mark; a dot inside an abbreviation ("U.S. Africa Command")
# does not end them
_WHO = r"(?:[^,.;:!?”\"]|\.(?=[A-Za-z])|(?<=\b[A-Z])\.(?=\s+[A-Z]))"
_ACCORDING = re.compile(rf"\baccording\s+to\s+(?P<who>{_WHO}+)", re.IGNORECASE)
# "according to Russian officials killed at least 27": the source's words end where the clause it
# scopes begins (a verb, a figure, "no civilians")
_CLAUSE = re.compile(r"\s+(?:killed|kill|killing|died|dead|wounded|injured|injuring|hit|struck|were|was|is|are|have|has|"
                     r"had|no|none|nobody|at\s+least|more\s+than|nearly|\d)\b.*", re.IGNORECASE)
# "the strike claimed the lives of 56", "claims 51 lives": a toll, not a claim; "news reports said",
# "initial reports indicate": the noun before the verb
_TOLL_AFTER = re.compile(r"\s+(?:[\w,-]+\s+){0,3}?lives\b", re.IGNORECASE)
_VERB_AFTER = re.compile(r"\s+(?:said|say|says|stated|noted|added|indicated?|indicates|suggest(?:s|ed)?|show(?:s|ed)?)\b",
                         re.IGNORECASE)
# "Getachew Reda, spokesperson for the TPLF, said": an appositive naming the speaker's office
_OFFICE_APPOSITIVE = re.compile(r"(?!(?:one|two|three|some|many|most|all|none|both|each)\b)[a-z][\w-]*"
                                r"(?:\s+[\w-]+){0,2}\s+(?:of|for|at|to|in)\s")
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]{1,60}\)$")
# "Dozens of Syrians reported killed": a participle, not a reporting verb
_HARM_AFTER = re.compile(r"\s+(?:killed|dead|wounded|injured|missing|hurt)\b", re.IGNORECASE)
# "the latest attack blamed on ADF rebels", "a raid attributed to the army": a participle naming
# whom a deed is laid on (the active verb has its object first: "blamed the attack on")
_LAID_ON = re.compile(r"(?<=blamed)\s+on\b|(?<=attributed)\s+to\b|(?<=accused)\s+of\b", re.IGNORECASE)
# "..., citing an Afghan police chief", "quoting a brother of one of those killed": the source a
# report relays, which the figure is (the "according to" form's words)
_CITING = re.compile(rf"\b(?:citing|quoting)\s+(?:data\s+from\s+|figures\s+from\s+)?(?P<who>{_WHO}+)",
                     re.IGNORECASE)
# "Masirah TV quoted the health ministry as saying six were killed": the ministry's word
_QUOTED_AS = re.compile(rf"\bquoted\s+(?P<who>{_WHO}+?)\s+as\s+saying\b", re.IGNORECASE)
# "This was announced by the head of the regional military administration": the agent
_AGENT = re.compile(rf"\s+by\s+(?P<who>{_WHO}+?)"
                    r"(?=\s+(?:in|on|via|at|during|through)\s|[,.;:!?”\"]|$)")
_BOUNDARY = re.compile(r"[,;:“”\"()]|\s(?:--|[—–-])\s|—|\b(?:that|which|who|as|while|but|and\s+that|when|if)\b", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|as)\s+$", re.IGNORECASE)   # "as reported by X"
_AUX_TAIL = re.compile(r"(?:\s+(?:has|have|had|also|later|then|further|previously|earlier|on|"
                       r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
                       r"in\s+a\s+statement|in\s+its\s+denial))+$", re.IGNORECASE)
_LEAD = re.compile(r"^(?:but|and|however|meanwhile|also|in\s+its\s+denial|,)\s*", re.IGNORECASE)
_ASIDE = re.compile(r",\s*(?:on\s+the\s+other\s+hand|however|meanwhile|in\s+turn|for\s+its\s+part|instead|too|"
                    r"in\s+a\s+statement|(?:in|on|via|through|during|speaking)\s[^,]{1,60})\s*,\s*$", re.IGNORECASE)
# "in reported air strikes", "an estimated 50 people": the verb's form as an adjective
_ADJECTIVE_BEFORE = re.compile(r"\b(?:a|an|the|in|of|amid|after|following|unconfirmed)\s+$", re.IGNORECASE)
PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "himself", "herself"}


@dataclass(frozen=True)
class Attribution:
    start: int               # of the reporting phrase
    end: int
    claimant: str            # as written; a pronoun when unresolved
    described: str           # claimant plus its appositive, used only for typing
    verb: str


def attributions(text: str) -> list[Attribution]:
    """Reporting phrases of a sentence: 'X said', 'said X, a journalist', 'according to X'."""
    out = _cited(text)
    according = [(a.start, a.end + len(a.claimant)) for a in out]
    for m in _VERB.finditer(text):
        if _ADJECTIVE_BEFORE.search(text[:m.start()]):
            continue
        if _PASSIVE_BEFORE.search(text[:m.start()]):
            agent = _AGENT.match(text, m.end())
            if agent:
                who = agent.group("who").strip()
                out.append(Attribution(m.start(), m.end(), who, who, m.group("verb").lower()))
            continue
        if _VERB_AFTER.match(text, m.end()) or _LAID_ON.match(text, m.end()) or \
                (m.group("verb").lower() == "reported" and _HARM_AFTER.match(text, m.end())) or \
                (m.group("verb").lower().startswith("claim") and _TOLL_AFTER.match(text, m.end())) or \
                any(s <= m.start() < e for s, e in according):
            continue
        subject, described = _subject(text, m.start())
        if len(subject.split()) > LONGEST_SUBJECT:
            # a headline run into the lead without a stop: the parser's subject of the verb
            subject = described = _parsed_subject(text, m.start("verb"), own=True)
        if not subject:
            subject = described = _inverted_subject(text, m.start(), m.end())
            if not subject:
                continue
        out.append(Attribution(m.start(), m.end(), subject, described, m.group("verb").lower()))
    out += _participle_attributions(text, out)
    out += [Attribution(m.start("verb"), m.end(), m.group("who").strip(), m.group("who").strip(), m.group("verb").lower())
            for m in _FINDING.finditer(text) if not _NOT_AUTHOR.search(m.group("who"))]
    return sorted(out, key=lambda a: a.start)


LONGEST_SUBJECT = 14      # words; a longer "subject" is a run-on sentence, not a speaker
# "The rebel-controlled Health Ministry gave a lower figure, saying 115 bodies had been counted",
# "with the Red Cross saying six of its staff were killed"
_PARTICIPLE = re.compile(r"(?:,\s*|\bwith\s+[^,;]{1,60}?\s+)(?P<verb>saying|adding)\b", re.IGNORECASE)
# "The initial assessment of the command is that the strikes killed four": a finding speaks for its author
_FINDING = re.compile(r"(?:^|(?<=[,;:]\s))(?P<who>[^,;:]{0,60}?\b(?P<verb>assessment|conclusion|finding|estimate)s?"
                      r"(?:\s+of\s+[^,;:]{1,60}?)?)\s+(?:is|was|were|are)\s+that\b", re.IGNORECASE)
# "The army said its assessment was that": the author is named elsewhere
_NOT_AUTHOR = re.compile(rf"\b(?:{REPORTING_VERBS}|its|their|his|her|our)\b", re.IGNORECASE)


def _participle_attributions(text: str, found: list[Attribution]) -> list[Attribution]:
    """", saying ..." speaks for the subject of the clause it hangs on, "with X saying" for X
    (parsed only for sentences that have one and no other reporting phrase before it)."""
    spots = [m for m in _PARTICIPLE.finditer(text) if not any(a.start < m.start() for a in found)]
    return [Attribution(m.start("verb"), m.end("verb"), who, who, m.group("verb").lower()) for m in spots
            for who in [_parsed_subject(text, m.start("verb"))] if who]


def _parsed_subject(text: str, verb_at: int, own: bool = False) -> str:
    """The subject the parser gives the verb at verb_at: its own, or (a participle's) the subject
    of the clause it hangs on; "" when there is none."""
    doc = parser()(text)
    verb = next((t for t in doc if t.idx == verb_at), None)
    if verb is None:
        return ""
    heads = [verb] if own else [verb] + ([verb.head] if verb.dep_ in ("advcl", "xcomp", "conj") else [])
    subject = next((c for head in heads for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return doc[subject.left_edge.i:subject.right_edge.i + 1].text if subject is not None else ""


def _cited(text: str) -> list[Attribution]:
    """'according to X', 'citing X', 'quoted X as saying': X up to the clause it scopes, a named
    person with the appositive saying what they are ("Hashim Azazi, deputy governor of ...")."""
    out = []
    for verb, pattern in (("according to", _ACCORDING), ("citing", _CITING), ("citing", _QUOTED_AS)):
        for m in pattern.finditer(text):
            who = _CLAUSE.sub("", m.group("who")).rstrip()
            end = m.start("who") + len(who)
            if who.strip():
                described = who + (_appositive(text, end) if re.fullmatch(_NAME, who) else "")
                out.append(Attribution(m.start(), end, who, described, verb))
    return out


def _subject(text: str, verb_start: int) -> tuple[str, str]:
    """(claimant as written, claimant with its appositive) of the reporting verb at verb_start."""
    # "The Pentagon, which ..., has acknowledged": the auxiliary first, then the aside
    before = _ASIDE.sub(" ", _AUX_TAIL.sub("", text[:verb_start].rstrip())).rstrip()
    appositive = ""
    if before.endswith(","):
        # "Mohamed Shakourdi, a local activist, said": the name, described by its appositive
        head = before[:-1]
        comma = head.rfind(",")
        segment = head[comma + 1:].strip()
        if comma >= 0 and re.fullmatch(_NAME, segment):
            # "Police chief, Ahmad Karimi, said"; "..., the acting governor, Alexander Khinshtein, said"
            opening = _TITLE_BEFORE.fullmatch(head[:comma + 1])
            described_title = head[:comma].rsplit(",", 1)[-1].strip()
            if opening or _DESCRIBED_TITLE.fullmatch(described_title):
                return segment, f"{segment}, {opening.group('title') if opening else described_title}"
        if comma < 0 or not (re.match(r"(?:an?|the|another|who|which|whose)\s", segment, re.IGNORECASE)
                             or _OFFICE_APPOSITIVE.match(segment)):
            return "", ""
        appositive, before = segment, head[:comma]
    # "Doctors Without Borders (MSF) said": the acronym belongs to the claimant
    parenthesis = _TRAILING_PARENTHESIS.search(before)
    acronym = parenthesis.group(0) if parenthesis else ""
    before = before[:len(before) - len(acronym)]
    cut = max((b.end() for b in _BOUNDARY.finditer(before)), default=0)
    subject = _LEAD.sub("", _AUX_TAIL.sub("", before[cut:].strip())).strip(" ,")
    if not subject:
        return "", ""
    subject += acronym
    title = _TITLE_BEFORE.fullmatch(before[:cut])
    if title and re.fullmatch(_NAME, subject):
        appositive = ", ".join(filter(None, (title.group("title"), appositive)))
    return subject, f"{subject}, {appositive}" if appositive else subject


_NAME_WORD = r"(?:(?:al|el|bin|ibn|de|van|von)[-\s])?[A-Z][\w.'’-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})+"
# "the acting governor" before a name: a short described title
_DESCRIBED_TITLE = re.compile(r"(?:the|an?)\s+(?:[\w.'’-]+\s+){0,4}[a-z][\w-]*", re.IGNORECASE)
# "Hashim Azazi, deputy governor of the province", "Ali Nasser, a spokesman for ...": a name's appositive
_APPOSITIVE_AFTER = re.compile(r",\s*(?P<appositive>(?:(?:an?|the|another)\s+|" + _OFFICE_APPOSITIVE.pattern + r")[^,.;]+)")


def _appositive(text: str, end: int) -> str:
    """", deputy governor of X" after a name at end: what the named person is (for typing)."""
    m = _APPOSITIVE_AFTER.match(text, end)
    return f", {m.group('appositive').strip()}" if m else ""
# "Mosul municipality chief, Abdul Sattar al-Habbo, said": a title opening the sentence before the
# name it describes (a lower-case head word: not "In Mosul," nor "On Sunday,")
_TITLE_BEFORE = re.compile(r"\s*(?P<title>(?!(?i:in|on|at|after|when|while|speaking|asked)\b)"
                           r"(?:[\w.'’-]+\s+){0,5}[a-z][\w-]*)\s*,\s*")


# '"...," said a teacher at the school, asking': a described speaker after a quotation, up to the
# next punctuation (after anything else, "said the attack killed five" opens a clause)
_INVERTED_DESCRIBED = re.compile(r"(?:an?|the|another|one)\s+[^,.;:!?\"“”]{1,80}?(?=\s*(?:[,.;:!?]|$))", re.IGNORECASE)
_AFTER_QUOTE = re.compile(r"[\"”]\s*$")


def _inverted_subject(text: str, verb_start: int, verb_end: int) -> str:
    """'..., said Mohamed al-Shaghal, a journalist who ...' → the name and its appositive;
    '"...," said a teacher at the school' → the speaker so described."""
    after = text[verb_end:].strip()
    m = re.match(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}", after)
    if m:
        return m.group(0).strip() + _appositive(after, m.end())
    described = _INVERTED_DESCRIBED.match(after) if _AFTER_QUOTE.search(text[:verb_start]) else None
    return described.group(0) if described else ""


# --- a party's own release -------------------------------------------------------------------

#: The first lines of a statement a party issues itself.
RELEASE_HEADER = re.compile(r"\b(?:for immediate release|press release|news release|media release)\b", re.IGNORECASE)


def issuer(outlet: Optional[str], text: str, coalition: str = DEFAULT_COALITION) -> Optional[str]:
    """The party a report speaks for: an outlet that is a party (a command, a ministry), or a
    press release whose header names one. Its figures with no other source are that party's. A
    country's name or adjective in an outlet's name ("USA Today", "Russian Free Press") names
    where it publishes, not a party."""
    if outlet:
        found = [m for m in party_mentions(outlet, coalition) if not actors.names_nation(outlet[m.start:m.end])]
        if found:
            return found[0].party
    head = text[:400]
    if RELEASE_HEADER.search(head):
        found = party_mentions(head, coalition)
        if found:
            return found[0].party
    return None
