"""Names of people a report mentions (victims, suspects, officials, villages the gazetteer lacks):
specific strings that two reports of one incident share and reports of look-alike incidents
(same city, same week) do not. The linker uses them; they are not claims."""
from __future__ import annotations

import re

from civcas.extract.places import NOT_PLACES, ORGANISATION
from civcas.extract.parties import party_mentions
from civcas.text import fold

_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){1,2})"
                   r"(?![\w-])")
TITLES = {"Mr", "Mrs", "Ms", "Dr", "Sgt", "Lt", "Capt", "Officer", "Detective", "Chief", "Sheriff", "Deputy", "Judge",
          "Mayor", "Governor", "President", "Senator", "Rep", "Gen", "Col", "Maj"}
STOP_WORDS = NOT_PLACES | TITLES | {
    "Police", "County", "City", "Street", "Avenue", "Road", "Drive", "Boulevard", "Lane", "Court", "Park", "Center",
    "High", "School", "Hospital", "Medical", "News", "Department", "Office", "Sheriff's", "Facebook", "Twitter",
    "Copyright", "Posted", "Updated", "Share", "Email", "Click", "Read", "More", "Video", "Photo", "Associated",
    "Press", "Channel", "Report", "Story", "Crime", "Stoppers", "Homicide", "Unit", "Division", "State",
    "National", "American", "New", "Year", "Eve", "Christmas", "Day", "Saint", "Fort", "Mount", "Lake", "River"}


def person_names(text: str) -> list[str]:
    """Distinct two- or three-word capitalised names that are not places, parties, organisations or
    boilerplate words; folded to lower-case ASCII for matching."""
    parties = [(m.start, m.end) for m in party_mentions(text)]
    out: dict[str, None] = {}
    for m in _NAME.finditer(text):
        words = m.group(1).split()
        if any(w.rstrip(".") in STOP_WORDS for w in words) or ORGANISATION.search(m.group(1)):
            continue
        if any(s < m.end(1) and m.start(1) < e for s, e in parties):
            continue
        out[fold(" ".join(w for w in words if not w.endswith(".")))] = None
    return list(out)
