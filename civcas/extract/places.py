"""Places a report mentions, matched against the gazetteer, and the place of its main incident.

A name the gazetteer lacks ("the town of X", "in X") is kept as written and placed in the most
precise admin unit the text supports; it is never dropped or moved to another country.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Optional

from civcas.extract.dates import MONTHS, WEEKDAYS
from civcas.extract.parties import party_mentions
from civcas.gazetteer import Entry, Gazetteer
from civcas.model import Place

_NAME = r"(?:(?:al|as|ad|ar|an|ash|at|az|el|es|Al|As|Ad|Ar|An|Ash|El|Es)[-\s])?[A-Z][\w’'‘-]+" \
        r"(?:[ \t]+(?:(?:al|as|ad|ar|an|ez|az|el|es|de|del|la|le|e|i|bin|ibn)[- \t]+)?[A-Z][\w’'‘-]+){0,3}"
CANDIDATE = re.compile(rf"(?<![\w-])(?P<name>{_NAME})")
UNKNOWN_CONTEXT = re.compile(
    rf"\b(?:town|village|city|district|neighbou?rhood|suburb|area|camp|hamlet|outskirts)\s+of\s+(?P<a>{_NAME})"
    rf"|\b(?:in|near|outside|at)\s+(?P<b>{_NAME})", re.UNICODE)
ORGANISATION = re.compile(r"\b(?:Nations|Observatory|Network|Rights|Ministry|Command|Forces|Council|Agency|"
                          r"Organi[sz]ation|Party|Front|Army|Group|Committee|Office|Department|University|"
                          r"Hospital|News|Press|Times|Post|Service|Centre|Center|Institute|Union|Coalition|"
                          r"Helmets|Crescent|Cross|Fund|Bank|Company|Corporation|Foundation)\b")
DIRECTIONS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Upper",
              "Lower", "Greater", "Northeastern", "Northwestern", "Southeastern", "Southwestern", "Rural"}
NOT_PLACES = {w.capitalize() for w in WEEKDAYS + MONTHS} | {
    "The", "A", "An", "He", "She", "They", "It", "We", "I", "But", "And", "In", "On", "At", "As", "If", "While",
    "When", "Local", "Photos", "Navy", "Capt", "President", "Islamic", "State", "God", "Muslim", "Christian",
    "Friday's", "Thursday's", "Related", "North", "South", "East", "West", "Northern", "Southern", "Eastern",
    "Western", "Central", "Middle", "Mosque", "Police", "Army", "Reuters", "AFP", "Coalition", "Syrian", "Iraqi",
    "Afghan", "Russian", "American", "Turkish", "Israeli", "Iranian", "Kurdish", "Yemeni", "Arab", "Sunni", "Shia",
    "Shiite"}


@dataclass
class Mention:
    name: str
    start: int
    weight: float
    entries: list[Entry]


def _strip(name: str) -> str:
    return re.sub(r"[’']s$", "", name).strip(" -’'")


def mentions(text: str, gaz: Gazetteer, weights: list[tuple[int, int, float]]) -> list[Mention]:
    """Gazetteer matches (longest name first) and names in place contexts that the gazetteer lacks.
    `weights` gives (start, end, weight) per sentence, so the lead and attack sentences count more."""
    party_spans = [(m.start, m.end) for m in party_mentions(text)]
    out, taken = [], []

    def weight_at(pos: int) -> float:
        return next((w for s, e, w in weights if s <= pos < e), 1.0)

    for m in CANDIDATE.finditer(text):
        words = _strip(m.group("name")).split()
        if ORGANISATION.search(m.group("name")) or any(w.isupper() and len(w) > 3 for w in words):
            continue          # "United Nations", "Syrian Observatory"; all-caps headings and datelines
        # the whole capitalised span, or its last words after a direction ("northern Idlib")
        while words and words[0] in DIRECTIONS | NOT_PLACES:
            words = words[1:]
        name = " ".join(words)
        if not name:
            continue
        start = m.start() + m.group("name").find(name)
        if any(s <= start < e for s, e in taken + party_spans):
            continue
        found = gaz.lookup(name, fuzzy=len(name) >= 5)
        if found:
            out.append(Mention(name, start, weight_at(start), found))
            taken.append((start, start + len(name)))
    for m in UNKNOWN_CONTEXT.finditer(text):
        raw = m.group("a") or m.group("b")
        name = _strip(raw)
        start = m.start("a") if m.group("a") else m.start("b")
        if name.split()[0] in NOT_PLACES or any(s <= start < e for s, e in taken + party_spans):
            continue
        out.append(Mention(name, start, weight_at(start) * (1.5 if m.group("a") else 1.0), []))
        taken.append((start, start + len(name)))
    # a name seen once in a place context counts at its other mentions too ("Jinah's mosque")
    unknown = {mn.name for mn in out if not mn.entries}
    for name in unknown:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not any(s <= m.start() < e for s, e in taken):
                out.append(Mention(name, m.start(), weight_at(m.start()), []))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda mn: mn.start)


def main_country(found: list[Mention]) -> Optional[str]:
    """The country most of the report's places point to (countries named, admin units, towns)."""
    votes: Counter = Counter()
    rank = {"country": 3.0, "admin1": 2.0, "city": 1.0}
    for mn in found:
        if not mn.entries:
            continue
        total = sum(rank[e.kind] for e in mn.entries)
        for e in mn.entries:
            votes[e.country_code] += mn.weight * rank[e.kind] / total
    return votes.most_common(1)[0][0] if votes else None


def choose_place(found: list[Mention], gaz: Gazetteer) -> tuple[Optional[Place], list[Place]]:
    """The main incident's place, and every place mentioned (resolved in the main country)."""
    country = main_country(found)
    if country is None:
        return None, []
    scores: dict[tuple, float] = defaultdict(float)
    first_seen: dict[tuple, int] = {}
    resolved: dict[tuple, Entry] = {}
    unknown_scores: dict[str, float] = defaultdict(float)
    for mn in found:
        entries = [e for e in mn.entries if e.country_code == country]
        if mn.entries and not entries:
            continue
        if not entries:
            unknown_scores[mn.name] += mn.weight
            first_seen.setdefault(("unknown", mn.name), mn.start)
            continue
        entry = _prefer(entries)
        key = (entry.kind, entry.geonameid)
        scores[key] += mn.weight
        resolved[key] = entry
        first_seen.setdefault(key, mn.start)
    mentioned = [gaz.place(resolved[k]) for k in sorted(resolved, key=first_seen.get)]
    admin1 = _best(scores, first_seen, kinds=("admin1", "city"))
    best_city = _best(scores, first_seen, kinds=("city",))
    best_unknown = max(unknown_scores, key=lambda n: (unknown_scores[n], -first_seen[("unknown", n)]), default=None)
    if best_unknown and (best_city is None or unknown_scores[best_unknown] > scores[best_city]):
        if admin1:
            return gaz.place(resolved[admin1], as_written=best_unknown, precision="admin1"), mentioned
        country_entry = next((e for e in gaz.lookup(gaz.country_names.get(country, "")) if e.kind == "country"), None)
        if country_entry:
            return gaz.place(country_entry, as_written=best_unknown, precision="country"), mentioned
    if best_city:
        return gaz.place(resolved[best_city]), mentioned
    if admin1:
        return gaz.place(resolved[admin1]), mentioned
    country_keys = [k for k in scores if k[0] == "country" and resolved[k].country_code == country]
    return (gaz.place(resolved[country_keys[0]]) if country_keys else None), mentioned


def _prefer(entries: list[Entry]) -> Entry:
    """Among same-country homonyms: the admin unit when the name is one (Aleppo the governorate
    is named as often as the city), else the most populous place."""
    return max(entries, key=lambda e: ({"country": 3, "admin1": 2, "city": 1}[e.kind], e.population))


def _best(scores: dict, first_seen: dict, kinds: tuple[str, ...]) -> Optional[tuple]:
    keys = [k for k in scores if k[0] in kinds]
    return max(keys, key=lambda k: (scores[k], -first_seen[k]), default=None)
