"""Places a report mentions, matched against the gazetteer, and the place of its main incident.

A name the gazetteer lacks ("the town of X", "in X") is kept as written and placed in the most
precise admin unit the text supports; it is never dropped or moved to another country.
"""
from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from wordfreq import zipf_frequency

from civcas.extract import nlp
from civcas.extract.dates import MONTHS, WEEKDAYS
from civcas.extract.parties import party_mentions
from civcas.gazetteer import Entry, Gazetteer, name_key
from civcas.model import Place

# An Arabic article opens a name: "al-Jinah", "al Jinah", "As Sulaymaniyah"; but "an", "as", "at"
# before a space are English words ("in an Israeli strike", "at Hamas"), so only with a hyphen.
_NAME = r"(?:(?:al|as|ad|ar|an|ash|at|az|el|es)-|(?:al|el)\s|(?:Al|As|Ad|Ar|An|Ash|El|Es)[-\s]" \
        r"|(?:St|Ste|Mt|Ft)\.[ \t]+)?" \
        r"[A-Z][\w’'‘-]+" \
        r"(?:[ \t]+(?:(?:al|as|ad|ar|an|ez|az|el|es|de|del|la|le|e|i|bin|ibn)[- \t]+)?[A-Z][\w’'‘-]+){0,3}"
CANDIDATE = re.compile(rf"(?<![\w-])(?P<name>{_NAME})")
_OF_PLACE = r"(?:town|village|city|district|neighbou?rhood|suburb|area|camp|hamlet|outskirts|(?:north|south|east|west)\w*)\s+of"
UNKNOWN_CONTEXT = re.compile(
    rf"\b{_OF_PLACE}\s+(?P<a>{_NAME})"
    rf"|\b(?:in|near|outside|at)\s+(?P<b>{_NAME})", re.UNICODE)
# Whole words only: "Centre-Nord" (a Burkinabè region) is not a "Centre".
ORGANISATION = re.compile(r"(?<!-)\b(?:Nations|Observatory|Network|Rights|Ministry|Command|Forces|Council|Agency|"
                          r"Organi[sz]ation|Party|Front|Army|Group|Committee|Office|Department|University|"
                          r"Hospital|News|Press|Times|Post|Service|Centre|Center|Institute|Union|Coalition|"
                          r"Helmets|Crescent|Cross|Fund|Bank|Company|Corporation|Foundation|School|College|"
                          r"Academy|Church|Mall|Elementary|Apartments|Stadium|Club|Bar|Restaurant|Hotel|Motel|"
                          r"Jr|Sr|Avenue|Street|Road|Boulevard)\b(?!-)")
PLACE_BEFORE = re.compile(rf"\b(?:{_OF_PLACE}|in|near|outside|at|from|into|across)\s+(?:the\s+)?$")
RULES = tomllib.loads((Path(__file__).with_name("rules") / "places.toml").read_text(encoding="utf-8"))
DEMONYM_COUNTRY = {word: cc for cc, words in RULES["demonyms"]["countries"].items() for word in words}
DEMONYMS = {form for word in [*DEMONYM_COUNTRY, *RULES["demonyms"]["peoples"]["words"]]
            for form in (word, word if word.endswith("s") else word + "s")}
DEMONYM_PLACE = re.compile(r"[ \t]+(?:" + "|".join(RULES["demonym-place"]["words"]) + r")\b")
QUALIFIERS = set(RULES["qualifiers"]["words"])
DIRECTION_UNIT = RULES["direction-of-country"]["directions"]
_DIRECTION_BEFORE = re.compile(r"\b(" + "|".join(DIRECTION_UNIT) + r")[ \t]+$", re.IGNORECASE)
REFERENCE = re.compile(RULES["reference"]["pattern"], re.IGNORECASE)
REFERENCE_WEIGHT = RULES["reference"]["weight"]
DIRECTION_REFERENCE = re.compile(RULES["direction-reference"]["pattern"], re.IGNORECASE)


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of a rule's words, longest first, a space in one matching any spacing."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# Between a name and its verb, an aside set off by commas ("Moscow, which denies it, said").
ASIDE = r"(?:\s*,[^,.;:\n]{1,60},)?"
ACTOR = RULES["actor"]


@dataclass(frozen=True)
class ActorWords:
    """The words around a name that make it a state (rule places.actor and its French form)."""
    before: re.Pattern            # "according to", "selon": a state is quoted or accused
    verb_after: re.Pattern        # "said", "a annoncé", an aside allowed between
    object_of: re.Pattern         # "in", "à": a preposition before the name makes it a place, whatever verb follows
    possessive: Optional[re.Pattern] = None    # "'s nuclear programme": the state owns it, whatever is before


ENGLISH_ACTOR = ActorWords(
    re.compile(rf"\b(?:{words_pattern(ACTOR['before'])})\s+(?:the\s+)?$", re.IGNORECASE),
    re.compile(rf"{ASIDE}\s+(?:(?:{words_pattern(ACTOR['auxiliaries'])})\s+){{0,2}}(?:{words_pattern(ACTOR['verbs'])})\b",
               re.IGNORECASE),
    re.compile(rf"\b(?:{words_pattern(ACTOR['object_of'])})\s+(?:the\s+)?$", re.IGNORECASE),
    re.compile(rf"[’']s?\s+(?:[\w-]+\s+){{0,2}}?(?:{words_pattern(ACTOR['possessed'])})\b", re.IGNORECASE))

_CALENDAR = {w.capitalize() for w in WEEKDAYS + MONTHS}
NOT_PLACES = {w.capitalize() for w in WEEKDAYS + MONTHS} | {
    "The", "A", "An", "He", "She", "They", "It", "We", "I", "But", "And", "In", "On", "At", "As", "If", "While",
    "When", "Local", "Photos", "Navy", "Capt", "President", "Islamic", "State", "God", "Muslim", "Christian",
    "Friday's", "Thursday's", "Related", "North", "South", "East", "West", "Northern", "Southern", "Eastern",
    "Western", "Central", "Middle", "Mosque", "Police", "Army", "Reuters", "AFP", "Coalition", "Syrian", "Iraqi",
    "Afghan", "Russian", "American", "Turkish", "Israeli", "Iranian", "Kurdish", "Yemeni", "Arab", "Sunni", "Shia",
    "Shiite", "During", "After", "Before", "Since", "Although", "However", "Meanwhile", "Following", "According",
    "Officials", "Authorities", "Residents", "Witnesses", "Activists", "Forces", "Troops", "Afterward", "Later",
    "Earlier", "Today", "Yesterday", "Tonight", "Overnight", "Several", "Many", "Some", "Most", "Other", "Others",
    "No", "Not", "One", "Two", "Three", "This", "That", "These", "Those", "There", "Here", "Their", "His", "Her",
    "Its", "Our", "Upon", "Under", "Over", "With", "Without", "Within", "From", "For", "By", "Of", "To", "At",
    "Download", "Release", "Immediate", "Update", "Operational", "Morning", "Joint", "Afghan-led", "Combined",
    "International", "Security", "Assistance", "Force", "Coalition", "Insurgents", "Militants", "Taliban",
} - QUALIFIERS - DEMONYMS        # "Lower Juba", "Russian Federation": read whole first
NOT_PLACES |= {m[:3].capitalize() for m in MONTHS} | {"Sept"}


@dataclass
class Mention:
    name: str
    start: int
    weight: float
    entries: list[Entry]
    unit: Optional[str] = None          # "province", "district", "city"...: the word that followed the name
    guessed: bool = False               # read by spelling skeleton only, where the text says it is a place


ADMIN_WORDS = {"province": "admin1", "governorate": "admin1", "state": "admin1", "region": "admin1",
               "oblast": "admin1", "district": "admin2", "county": "admin2", "city": "city", "town": "city",
               "village": "village"}
_UNIT = re.compile(r"[ \t]+(" + "|".join(ADMIN_WORDS) + r")\b", re.IGNORECASE)
# "KABUL, Afghanistan (Jan. 25, 2013) –": the place a report was filed from, not where it happened.
DATELINE = re.compile(r"\b[A-Z][A-Za-z'-]+(?:[ \t][A-Z][A-Za-z'-]+)?,[ \t]*[A-Z][A-Za-z .'-]{2,30}[ \t]*"
                      r"\((?:[A-Z][a-z]{2,9}\.?[ \t]*\d{1,2}(?:,[ \t]*\d{4})?)\)")
DATELINE_WEIGHT = 0.1
# "INDIANAPOLIS –", "LANSING, Mich (WLNS) –", "ST. LOUIS --": a capitalised dateline at the head of a
# paragraph. Local news is filed where it happened, so with no other place named it places the story.
CAPS_DATELINE = re.compile(r"(?:^|\n)[ \t]*(?P<name>[A-Z][A-Z'.]+(?:[ \t-]+[A-Z][A-Z'.]+){0,2})"
                           r"(?=(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?)?[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*(?:—|–|--?)[ \t])")
# English word frequencies (wordfreq, Zipf scale): a transliteration variant is a rare word, so a
# common one ("Please", "Source") is not looked up by its skeleton; and a common word that is also
# a small town ("Date", "Parkway", "Harris") is the word, unless a reading is a big city or a unit.
FUZZY_MAX_ZIPF, COMMON_WORD_ZIPF, BIG_CITY = 3.5, 4.3, 100_000


@lru_cache(maxsize=65536)
def _english_frequency(name: str) -> float:
    return zipf_frequency(name.lower(), "en")


def _lookup(gaz: Gazetteer, name: str) -> list[Entry]:
    return gaz.lookup(name, fuzzy=len(name) >= 5 and _english_frequency(name) < FUZZY_MAX_ZIPF)


def _english_word(name: str, found: list[Entry]) -> bool:
    """A common English word whose readings are all small towns or units known by another name
    ("Valley" for Valle d'Aosta), not "Texas" or "Mobile"."""
    return " " not in name and _english_frequency(name) >= COMMON_WORD_ZIPF and not any(
        e.kind == "country" or (e.kind == "city" and e.population >= BIG_CITY)
        or (e.kind == "admin1" and name_key(e.name) == name_key(name)) for e in found)


def stands_for_state(found: Iterable[Entry]) -> bool:
    """A name that can stand for a state: a country's, or a big city's (a capital's)."""
    return any(e.kind == "country" or (e.kind == "city" and e.population >= BIG_CITY) for e in found)


def acts_as_state(text: str, start: int, name: str, words: ActorWords) -> bool:
    """The name at `start` is the state that speaks, acts, owns or is accused, by the words
    around it."""
    end = start + len(name)
    if words.before.search(text, max(0, start - 40), start) or (words.possessive and words.possessive.match(text, end)):
        return True
    return bool(words.verb_after.match(text, end)) and not words.object_of.search(text, max(0, start - 20), start)


def _strip(name: str) -> str:
    return re.sub(r"[’']s$", "", name).strip(" -’'")


def _split_unit(words: list[str]) -> tuple[list[str], Optional[str]]:
    """'Helmand Province Saturday' → (['Helmand'], 'province'): a capitalised unit word ends the
    name, and a day or month word ends it too ("Tripoli Wednesday")."""
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in ADMIN_WORDS:
            return words[:i], word.lower()
        if word in _CALENDAR:
            words = words[:i]
            break
    while words and words[-1] in NOT_PLACES:
        words = words[:-1]
    return words, None


def _restrict(entries: list[Entry], unit: Optional[str]) -> list[Entry]:
    """A unit word says which kind of place the name is ('Kandahar province' is the province)."""
    kind = ADMIN_WORDS.get(unit or "")
    if kind == "admin1":
        return [e for e in entries if e.kind == "admin1"] or entries
    if kind == "city":
        return [e for e in entries if e.kind == "city"] or entries
    if kind == "admin2":
        return []                        # a district: cities500 holds towns, not districts
    return entries


@lru_cache(maxsize=1)
def _state_after_town() -> tuple[re.Pattern, dict[str, str]]:
    """US states written the way local news writes them after a town ("Williston, Fla.", "SOUTH
    WINDSOR, CT —", "MacArthur, WV"): postal codes and AP abbreviations from the `us` package. Only
    in that position: "IN", "OR" and "LA" are words or cities elsewhere."""
    import us
    names = {}
    for state in us.states.STATES_AND_TERRITORIES:
        for abbreviation in (state.abbr, state.ap_abbr):
            if abbreviation and abbreviation != state.name:
                names[abbreviation.rstrip(".")] = state.name
    alternatives = "|".join(re.escape(a).replace(r"\.", r"\.\s?") for a in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<=[A-Za-z]),[ \t]+(?P<abbr>{alternatives})\.?(?![\w.])"), names


POSSESSIVE_INSIDE = re.compile(r"(?<=\w)[’']s?[ \t]+(?=[A-Z])")
_AFTER_COMMA = re.compile(r",[ \t]*(?P<unit>[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)")


def _units_named_after(text: str, end: int, gaz: Gazetteer) -> set[tuple[str, Optional[str]]]:
    """The admin-1 units a name is placed in right after it ("Lebanon, Ohio", "Peru, Ind.")."""
    m = _AFTER_COMMA.match(text, end)
    if not m:
        return set()
    _, states = _state_after_town()
    unit = states.get(re.sub(r"[\s.]", "", m.group("unit")), m.group("unit"))
    return {(e.country_code, e.admin1_code) for e in gaz.lookup(unit) if e.kind == "admin1"}


def _as_country(found: list[Entry], units: set[tuple[str, Optional[str]]]) -> list[Entry]:
    """A country's name is the country ("Iraq", not the Iranian city Arak that bears it as an
    alternate; "Lebanon", not five US towns), unless the text places a town of that name in a unit
    ("Lebanon, Ohio"). Admin-1 readings stay ("Georgia")."""
    return [e for e in found if e.kind != "city" or (e.country_code, e.admin1_code) in units]


def _within(found: list[Entry], inside: list[Entry]) -> list[Entry]:
    """Readings that lie in one of the container's readings: its country, and its admin-1 unit
    when the container is a unit or a town."""
    countries = {e.country_code for e in inside}
    units = {(e.country_code, e.admin1_code) for e in inside if e.kind != "country"}
    same_country = [e for e in found if e.country_code in countries and e.kind != "country"]
    return [e for e in same_country if (e.country_code, e.admin1_code) in units] or same_country


def _seat_units(gaz: Gazetteer, name: str, start: int, weight: float) -> list[Mention]:
    """'Almat in Jbeil district': a district is named for its seat, a town the gazetteer knows when
    it lacks the district, so the district lies in the admin-1 unit of a town of its name (rule
    places.district-seat). Counted as the district is: the unit word says it as plainly."""
    units = {}
    for e in gaz.lookup(name):
        unit = gaz.admin1(e.country_code, e.admin1_code) if e.kind == "city" else None
        if unit:
            units.setdefault(unit.geonameid, unit)
    return [Mention(name, start, weight, list(units.values()), "district")] if units else []


def _demonym_place(text: str, word: str, start: int, gaz: Gazetteer, weight: float) -> list[Mention]:
    """'the central Malian village of Bounti', 'a Lebanese town': a demonym before a place word
    names the country the place lies in (rule places.demonym-place), and says so as plainly as a
    unit word does ("Kandahar province"), so it counts as much."""
    country = DEMONYM_COUNTRY.get(word) or DEMONYM_COUNTRY.get(word[:-1])
    if not country or not DEMONYM_PLACE.match(text, start + len(word)):
        return []
    entries = [e for e in gaz.lookup(gaz.country_names.get(country, ""))
               if e.kind == "country" and e.country_code == country]
    return [Mention(word, start, weight * 2.0, entries)] if entries else []


def _direction_unit(text: str, name: str, start: int, found: list[Entry], gaz: Gazetteer,
                    weight: float) -> list[Mention]:
    """'northern Lebanon': a direction before a country's name names its admin-1 unit called
    'North Lebanon', where the country has one (rule places.direction-unit)."""
    before = _DIRECTION_BEFORE.search(text, max(0, start - 12), start)
    countries = {e.country_code for e in found if e.kind == "country"}
    if not before or not countries:
        return []
    unit_name = f"{DIRECTION_UNIT[before.group(1).lower()]} {name}"
    units = [e for e in gaz.lookup(unit_name) if e.kind == "admin1" and e.country_code in countries]
    return [Mention(unit_name, start, weight, units, "region")] if units else []


def mentions(text: str, gaz: Gazetteer, weights: list[tuple[int, int, float]],
             people: Iterable[str] = ()) -> list[Mention]:
    """Gazetteer matches and names in place contexts that the gazetteer lacks. `weights` gives
    (start, end, weight) per sentence, so the lead and attack sentences count more; a dateline
    counts little. Words of `people`'s names are not places ("Scott said")."""
    covered = bytearray(len(text) + 1)        # 1 where a party or an earlier place mention lies

    def cover(start: int, end: int) -> None:
        covered[start:end] = b"\x01" * (end - start)

    for m in party_mentions(text):
        cover(m.start, m.end)
    datelines = [(m.start(), m.end()) for m in DATELINE.finditer(text[:400])]
    people = {w for name in people for w in name.split()}
    # Casing evidence from the report itself: a word it also writes in lower case ("four people",
    # "the south side", "yes") is an English word where it starts a sentence, not a town.
    common_words = set(re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+(?![\w'’-])", text))

    def weight_at(pos: int) -> float:
        if any(s <= pos < e for s, e in datelines):
            return DATELINE_WEIGHT
        weight = next((w for s, e, w in weights if s <= pos < e), 1.0)
        mark = REFERENCE.search(text, max(0, pos - 100), pos) or DIRECTION_REFERENCE.search(text, max(0, pos - 60), pos)
        return weight * REFERENCE_WEIGHT if mark else weight

    out = []
    pattern, states = _state_after_town()
    for m in pattern.finditer(text):
        state = states[re.sub(r"\s", "", m.group("abbr"))]
        found = [e for e in gaz.lookup(state) if e.kind == "admin1" and e.country_code == "US"]
        if found:
            out.append(Mention(state, m.start("abbr"), weight_at(m.start("abbr")), found, "state"))
            cover(m.start("abbr"), m.end())
    for m in CAPS_DATELINE.finditer(text[:400]):
        name = " ".join(w.capitalize() for w in m.group("name").split())
        found = [e for e in _lookup(gaz, name) if e.kind != "admin1" or name_key(e.name) == name_key(name)]
        if found and len(name) > 3:
            out.append(Mention(name, m.start("name"), DATELINE_WEIGHT, found))
            cover(m.start("name"), m.end("name"))

    def read(raw: str, raw_start: int, inside: list[Entry] = ()) -> list[Entry]:
        """One capitalised name as written at `raw_start`; `inside` are the readings of the place
        the text says it lies in ("Tripoli's Tajoura"): a name the gazetteer lacks in a town or a
        unit is a place there, not in a country ("Russia's Putin"). Returns the name's readings."""
        words = _strip(raw).split()
        acronym = len(words) == 1 and words[0].isupper()
        while words and words[0] in NOT_PLACES:
            words = words[1:]             # "In Kandahar"
        words, unit = _split_unit(words)
        while len(words) > 1 and words[0] in QUALIFIERS | DEMONYMS and not gaz.lookup(" ".join(words)):
            words = words[1:]             # "Eastern Ghouta", "West Mosul"; not "Lower Juba", "South Sudan"
        name = " ".join(words)
        start = raw_start + raw.find(name)
        if name in DEMONYMS and unit is None:
            out.extend(_demonym_place(text, name, start, gaz, weight_at(start)))
            return []                     # "Lebanese", "Libyan": a people's word, not a place
        if not name or name in QUALIFIERS:
            return []
        if unit is None:
            following = _UNIT.match(text, start + len(name))
            unit = following.group(1).lower() if following else None
        if covered[start] or set(words) & people:
            return []                     # "Devin Scott ... Scott said": a person, not the town
        if len(words) == 1 and not acronym and name.lower() in common_words:
            return []
        found = _restrict(_lookup(gaz, name), unit)
        if acronym:
            found = [e for e in found if e.kind == "country"]       # "IMU", "IED" are not towns
        elif found and _english_word(name, found):
            return []
        if stands_for_state(found) and acts_as_state(text, start, name, ENGLISH_ACTOR):
            cover(start, start + len(name))
            return []                     # "Moscow said", "Tehran's nuclear programme": the state
        if any(e.kind == "country" for e in found):
            found = _as_country(found, _units_named_after(text, start + len(name), gaz))
        if inside:
            found = _within(found, inside) or found
        if found:
            weight = weight_at(start) * (2.0 if ADMIN_WORDS.get(unit or "") == "admin1" else 1.0)
            guessed = not gaz.lookup(name) and bool(PLACE_BEFORE.search(text, max(0, start - 40), start))
            out.append(Mention(name, start, weight, found, unit, guessed))
            cover(start, start + len(name))
            out.extend(_direction_unit(text, name, start, found, gaz, weight))
        elif any(e.kind != "country" for e in inside) or unit in ("district", "county", "village", "town", "city"):
            out.append(Mention(name, start, weight_at(start) * 1.5, [], unit))
            cover(start, start + len(name))
            if ADMIN_WORDS.get(unit or "") == "admin2":
                out.extend(_seat_units(gaz, name, start, weight_at(start) * 1.5))
            for word in words[1:]:          # "Khas Uruzgan district" lies in Uruzgan province
                units = [e for e in _lookup(gaz, word) if e.kind == "admin1"]
                if units:
                    out.append(Mention(word, start, weight_at(start) * 0.5, units))
        return found

    for m in CANDIDATE.finditer(text):
        raw = m.group("name")
        if ORGANISATION.search(raw) or any(w.isupper() and len(w) > 3 for w in raw.split()):
            continue          # "United Nations", "Syrian Observatory"; all-caps headings and datelines
        owner = POSSESSIVE_INSIDE.search(raw)
        if owner:             # "Myanmar's Sagaing", "Tripoli's Tajoura": the second lies in the first
            container = read(raw[:owner.start()], m.start())
            read(raw[owner.end():], m.start() + owner.end(), container if container else ())
        else:
            read(raw, m.start())
    for m in UNKNOWN_CONTEXT.finditer(text):
        raw = m.group("a") or m.group("b")
        words, _ = _split_unit(_strip(raw).split())
        name = " ".join(words)
        start = m.start("a") if m.group("a") else m.start("b")
        if not name or name.split()[0] in NOT_PLACES or covered[start] or name.lower() in common_words:
            continue          # "Strike Kills at Least 80": a headline's capitals, a word the text writes in lower case
        out.append(Mention(name, start, weight_at(start) * (1.5 if m.group("a") else 1.0), []))
        cover(start, start + len(name))
    # a name seen once in a place context counts at its other mentions too ("Jinah's mosque")
    unknown = sorted({mn.name for mn in out if not mn.entries}, key=len, reverse=True)
    if unknown:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, unknown)) + r")(?![\w-])")
        for m in pattern.finditer(text):
            if not covered[m.start()]:
                out.append(Mention(m.group(0), m.start(), weight_at(m.start()), []))
                cover(m.start(), m.end())
    return sorted(_without_people(text, out, weights), key=lambda mn: mn.start)


def _without_people(text: str, found: list[Mention], weights: list[tuple[int, int, float]]) -> list[Mention]:
    """A name only small towns bear ("Enriquez", "Reddick") is often a person or a business: where
    spaCy's entity recogniser reads it as one in its sentence, it is not a place, unless the text
    itself puts it in a place ("the town of Maarat al-Numan", which the small model takes for a
    person). Only those sentences are read, which keeps the extract stage fast."""
    doubtful = {id(mn) for mn in found
                if mn.entries and all(e.kind == "city" and e.population < BIG_CITY for e in mn.entries)
                and not mn.unit and not PLACE_BEFORE.search(text, max(0, mn.start - 40), mn.start)}
    if not doubtful:
        return found
    spans = sorted({(s, e) for mn in found if id(mn) in doubtful for s, e, _ in weights if s <= mn.start < e})
    named = [(s, e) for s, e, label in nlp.entities(text, spans) if label in nlp.PERSON_LIKE]
    return [mn for mn in found if id(mn) not in doubtful or not any(s <= mn.start < e for s, e in named)]


REPEAT_SHARE = 0.25     # what each further mention of a name already counted adds to its country


def _prominence(entry: Entry) -> float:
    """How much a match can say about the country: a country or province fully, a town by its
    size (a village of 900 that shares a surname's spelling says little; a city of a million, all)."""
    if entry.kind != "city":
        return 1.0
    return min(1.0, math.log10(entry.population + 10) / 6)


def main_country(found: list[Mention]) -> Optional[str]:
    """The country most of the report's places point to (countries named, admin units, towns),
    each mention's vote shared among its readings by kind and size. Different names count more
    than one name repeated (a surname said four times is one piece of evidence, not four), and
    the country more of the names can lie in comes first: one heavy match (a province of another
    country spelled like a US town) does not outvote several names. The dateline is not a name
    here: the filing city is not the event's."""
    votes: Counter = Counter()
    names: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    rank = {"country": 1.5, "admin1": 2.0, "city": 1.0}
    for mn in found:
        if not mn.entries:
            continue
        shares = [rank[e.kind] * _prominence(e) for e in mn.entries]
        weight = 1.0 if mn.weight == DATELINE_WEIGHT else mn.weight   # the filing country is a fair prior
        weight *= max(_prominence(e) for e in mn.entries) * (REPEAT_SHARE if mn.name in seen else 1.0)
        seen.add(mn.name)
        for e, share in zip(mn.entries, shares):
            votes[e.country_code] += weight * share / sum(shares)
            if mn.weight != DATELINE_WEIGHT:
                names[e.country_code].add(mn.name)
    return max(votes, key=lambda c: (len(names[c]), votes[c])) if votes else None


def choose_place(found: list[Mention], gaz: Gazetteer,
                 country: Optional[str] = None) -> tuple[Optional[Place], list[Place]]:
    """The main incident's place, and every place mentioned (resolved in the main country, or in
    `country` when the caller knows it: a sentence's places are read in the report's country).

    A town is read in a unit the report names ("Springfield, Ohio") when it has a reading
    there. The admin-1 unit is the one the report's places point to most (a town counts for its
    province); the place is then the best-supported town in it, or a name the gazetteer lacks
    when that is mentioned more, placed in the unit; else the unit itself; else the country."""
    country = country or main_country(found)
    if country is None:
        return None, []
    scores: dict[int, float] = defaultdict(float)
    first_seen: dict = {}
    resolved: dict[int, Entry] = {}
    unknown_scores: dict[str, float] = defaultdict(float)
    named_units: dict[Optional[str], set[str]] = defaultdict(set)     # unit → the names that name it
    for mn in found:
        for e in mn.entries:
            if e.kind == "admin1" and e.country_code == country:
                named_units[e.admin1_code].add(mn.name)
    guessed_here = {mn.name for mn in found if mn.guessed}
    for mn in found:
        entries = [e for e in mn.entries if e.country_code == country]
        if mn.entries and not entries and mn.name not in guessed_here:
            continue                   # a place abroad; a spelling guess abroad is a name the gazetteer lacks
        if not entries:
            unknown_scores[mn.name] += mn.weight
            first_seen.setdefault(mn.name, mn.start)
            continue
        entry = _prefer([e for e in entries if named_units[e.admin1_code] - {mn.name}] or entries)
        scores[entry.geonameid] += mn.weight
        resolved[entry.geonameid] = entry
        first_seen.setdefault(entry.geonameid, mn.start)
    mentioned = [gaz.place(resolved[k]) for k in sorted(resolved, key=first_seen.get)]
    units: dict[str, float] = defaultdict(float)
    for gid, score in scores.items():
        if resolved[gid].kind != "country":
            units[resolved[gid].admin1_code] += score
    first_unit = {resolved[g].admin1_code: first_seen[g] for g in sorted(scores, key=first_seen.get, reverse=True)}
    unit = max(units, key=lambda u: (units[u], -first_unit[u]), default=None)
    cities = [g for g in scores if resolved[g].kind == "city" and resolved[g].admin1_code == unit]
    best_city = max(cities, key=lambda g: (scores[g], -first_seen[g]), default=None)
    best_unknown = max(unknown_scores, key=lambda n: (unknown_scores[n], -first_seen[n]), default=None)
    admin_entry = gaz.admin1(country, unit) if unit is not None else None
    if best_unknown and (best_city is None or unknown_scores[best_unknown] > scores[best_city]):
        if admin_entry:
            return gaz.place(admin_entry, as_written=best_unknown, precision="admin1"), mentioned
        country_entry = next((e for e in gaz.lookup(gaz.country_names.get(country, "")) if e.kind == "country"), None)
        if country_entry:
            return gaz.place(country_entry, as_written=best_unknown, precision="country"), mentioned
    if best_city:
        return gaz.place(resolved[best_city]), mentioned
    if admin_entry:
        return gaz.place(admin_entry), mentioned
    countries = [g for g in scores if resolved[g].kind == "country"]
    return (gaz.place(resolved[countries[0]]) if countries else None), mentioned


def _prefer(entries: list[Entry]) -> Entry:
    """Among same-country homonyms: the admin unit when the name is one (Aleppo the governorate
    is named as often as the city), else the most populous place. A city that lies outside the
    unit of its name is the city (Sanaa is in Amanat al-Asimah, not in Sanaa governorate, which
    surrounds it): news names the city; "Sanaa province" says the unit (`_restrict`)."""
    units = {e.admin1_code for e in entries if e.kind == "admin1"}
    cities = [e for e in entries if e.kind == "city"]
    biggest = max(cities, key=lambda e: e.population, default=None)
    if biggest and units and biggest.admin1_code not in units and biggest.population >= BIG_CITY:
        return biggest
    return max(entries, key=lambda e: ({"country": 3, "admin1": 2, "city": 1}[e.kind], e.population))
