"""Names of people a report mentions (victims, suspects, officials, villages the gazetteer lacks):
specific strings that two reports of one incident share and reports of look-alike incidents
(same city, same week) do not. The linker uses them; they are not claims."""
from __future__ import annotations

import re

from civcas.extract.dates import WEEKDAYS
from civcas.extract.parties import party_mentions
from civcas.text import fold

TITLES = {"Mr", "Mrs", "Ms", "Dr", "Sgt", "Lt", "Capt", "Officer", "Detective", "Chief", "Sheriff", "Deputy", "Judge",
          "Mayor", "Governor", "President", "Senator", "Rep", "Gen", "Col", "Maj"}
STOP_WORDS = TITLES | {
    "Police", "County", "City", "Street", "Avenue", "Road", "Drive", "Boulevard", "Lane", "Court", "Park", "Center",
    "High", "School", "Hospital", "Medical", "News", "Department", "Office", "Sheriff's", "Facebook", "Twitter",
    "Copyright", "Posted", "Updated", "Share", "Email", "Click", "Read", "More", "Video", "Photo", "Associated",
    "Press", "Channel", "Report", "Story", "Crime", "Stoppers", "Homicide", "Unit", "Division", "State",
    "National", "American", "New", "Year", "Eve", "Christmas", "Day", "Saint", "Fort", "Mount", "Lake", "River",
    "The", "A", "An", "In", "On", "At", "But", "And", "When", "While", "After", "Before", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December", "Hospital", "Church", "University",
    "College", "Academy", "Institute", "Company", "Inc", "Airport", "Station", "Highway", "Interstate"}


_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_PERSON = rf"{_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{1,2}}(?:\s+(?:Jr|Sr|II|III)\.?)?"
# Contexts that say a capitalised name is a person involved: "John Doe, 25,", "25-year-old John Doe",
# "identified as John Doe", "victim John Doe", "John Doe was shot/killed/arrested/charged".
PERSON_CONTEXT = re.compile(
    rf"(?P<a>{_PERSON}),\s*\d{{1,3}},"
    rf"|\d{{1,3}}-year-old\s+(?:\w+\s+)?(?P<b>{_PERSON})"
    rf"|\b(?:identified|named)\s+(?:him|her|them|the\s+\w+|\w+)?\s*as\s+(?P<c>{_PERSON})"
    rf"|\b(?:victim|suspect|gunman|shooter|man|woman|boy|girl|teen|son|daughter|father|mother|brother|sister|"
    rf"husband|wife|commander|leader|facilitator)\s+(?P<d>{_PERSON})"
    rf"|\b(?:killing|killed|shot|shooting|murder\s+of|death\s+of|deaths\s+of|charged|arrested|sentenced|"
    rf"convicted|accused)\s+(?P<f>{_PERSON})"
    rf"|(?P<e>{_PERSON})\s+(?:was|were|had\s+been|has\s+been)\s+(?:fatally\s+)?(?:shot|killed|wounded|injured|"
    rf"arrested|charged|pronounced|found|taken|detained|captured|struck)")


def person_names(text: str, folded: bool = True) -> list[str]:
    """Distinct names the text presents as people involved (victims, suspects, the killed and the
    detained), folded to lower-case ASCII for matching unless `folded` is False; bylines and
    boilerplate are left out."""
    parties = [(m.start, m.end) for m in party_mentions(text)]
    out: dict[str, None] = {}
    for m in PERSON_CONTEXT.finditer(text):
        group = next(g for g in "abcdef" if m.group(g))
        name, start, end = m.group(group), m.start(group), m.end(group)
        words = [w for w in name.split() if not w.endswith(".") and w not in ("Jr", "Sr", "II", "III")]
        if any(w in STOP_WORDS for w in words) or len(words) < 2:
            continue
        if any(s < end and start < e for s, e in parties):
            continue
        joined = " ".join(words)
        out[fold(joined) if folded else joined] = None
    return list(out)


_TERM = re.compile(r"(?<=[a-z,;:]\s)([A-Z][A-Za-z'’-]{3,}(?:\s+[A-Z][A-Za-z'’-]+){0,2})")


def salient_terms(text: str, limit: int = 12) -> list[str]:
    """Capitalised terms used inside sentences (not as a sentence's first word), most frequent
    first: the people, places and organisations a story is about. Folded, with a 't:' prefix to
    keep them apart from people's names in the index."""
    counts: dict[str, int] = {}
    for m in _TERM.finditer(text):
        words = [re.sub(r"(?:['’]s?|'')$", "", w) for w in m.group(1).split() if w not in STOP_WORDS]
        if words and all(words):
            key = fold(" ".join(words))
            counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    return [f"t:{t}" for t in ranked[:limit]]


# Function words and reporting filler: they say nothing about which event a story is about.
_FILLER = frozenset("""
about above after again against all also although among and another any are around because been before
being below between both but can could did does doing down during each either even ever every few for from
further had has have having her here hers him his how however into its itself just last later least less
like made make many may might more most much must near neither never next nor not now off once only other
our ours out over own per perhaps rather said same says she should since some still such than that the their
theirs them then there these they this those though through thus too toward under until upon very was were
what when where whether which while who whom whose why will with within without would yet you your
one two three four five six seven eight nine ten first second third told say saying according reported
report reports news year years day days week weeks month months time times people percent new
""".split()) | frozenset(WEEKDAYS)
_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d[\d.,]*\d")
NAME_WEIGHT = 2     # a capitalised word inside a sentence (a name) counts twice: names tell events apart


def content_words(text: str, limit: int = 120) -> dict[str, int]:
    """The report's word profile for text similarity: folded content words with their counts,
    names counted twice, the `limit` most frequent kept (a bounded row per report)."""
    counts: dict[str, int] = {}
    for m in _CONTENT_WORD.finditer(text):
        word = m.group()
        key = fold(word).replace("’", "'").removesuffix("'s")[:60]
        if len(key) < 3 or key in _FILLER:
            continue
        before = text[max(0, m.start() - 2):m.start()]
        inside = m.start() > 0 and not re.search(r"[.!?\n\"“]\s*$|^\s*$", before)
        counts[key] = counts.get(key, 0) + (NAME_WEIGHT if word[0].isupper() and inside else 1)
    ranked = sorted(counts, key=lambda k: (-counts[k], k))[:limit]
    return {k: counts[k] for k in ranked}
