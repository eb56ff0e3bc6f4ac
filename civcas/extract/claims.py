"""Casualty figures: a quantity bound to a casualty (or presence) word and to people, with the
population it names and the id of the rule that read it, and the stance of the words around it.
Whether a figure is about this incident, another strike or a tally is scope.py's."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from civcas.extract import crime_news
from civcas.extract.dates import MONTHS, WEEKDAYS
from civcas.extract.numbers import Quantity, quantities

POPULATION_NOUNS = {
    "civilians": "civilians civilian noncombatants non-combatants",
    "children": "children child kids boys girls minors infants babies toddlers schoolchildren",
    "women": "women woman",
    "men": "men",
    "fighters": "militants militant fighters fighter insurgents insurgent jihadists jihadis rebels militiamen "
                "terrorists terrorist gunmen combatants extremists taliban leader leaders commander commanders "
                "sub-commander facilitator facilitators bomber bombers",
    "soldiers": "soldiers soldier troops servicemen serviceman marines marine personnel service members trooper",
    "police": "police policemen policeman officers officer deputy deputies patrolman",
    "unspecified": "people persons person others individuals individual victims victim residents resident worshippers "
                   "bodies villagers passengers students student workers worker members member relatives nationals "
                   "family families year-old teen teens teenager teenagers suspect suspects gunman shooter "
                   "attacker driver guard father mother son daughter husband wife brother sister friend neighbor "
                   "neighbour customer employee owner citizen citizens male female juvenile juveniles adult "
                   "adults youth pedestrian bystander bystanders motorist clerk cashier homeowner roommate "
                   "girlfriend boyfriend cousin nephew niece uncle aunt grandmother grandfather stepfather stepson "
                   "classmate inmate sons daughters brothers sisters cousins males females",
}
#: Singular heads: "killed an insurgent", "a man was shot and killed" imply one person.
SINGULAR = set("""civilian child kid boy girl minor infant baby toddler woman man militant fighter insurgent jihadist
rebel militiaman terrorist gunman combatant extremist leader commander sub-commander facilitator bomber soldier
serviceman marine trooper policeman officer deputy patrolman person individual victim resident worshipper villager
passenger student worker member relative national year-old teen teenager suspect shooter attacker driver guard
father mother son daughter husband wife brother sister friend neighbor neighbour customer employee owner citizen
male female juvenile adult youth pedestrian bystander motorist clerk cashier homeowner roommate girlfriend boyfriend
cousin nephew niece uncle aunt grandmother grandfather stepfather stepson classmate inmate
""".split())
SINGULAR_POPULATION = {"man": "men", "woman": "women", "boy": "children", "girl": "children", "child": "children",
                       "kid": "children", "minor": "children", "infant": "children", "baby": "children",
                       "toddler": "children"}
PERSON = {w: pop for pop, words in POPULATION_NOUNS.items() for w in words.split()}

KIND_WORDS = {
    "killed": "killed killing kills died dies dead deaths death dying lives bodies fatalities casualties succumbed "
              "massacred slain murdered perished toll",
    "wounded": "wounded injured injuring injures injuries injury hurt wounding wounds",
    "missing": "missing unaccounted abducted kidnapped",
    "present": "gathered inside present attending sheltering crowded",
}
KIND = {w: kind for kind, words in KIND_WORDS.items() for w in words.split()}
_WORDS = tomllib.loads((Path(__file__).with_name("rules") / "casualties.toml").read_text(encoding="utf-8"))["words"]
KIND.update({w: "killed" for w in _WORDS["forms_killed"]})
#: ", mostly children and women," after a counted noun: an aside about the same people
ASIDE_OPENERS = set(_WORDS["aside_openers"])
#: "are reported to have been killed": the reporting verb raises the count to the casualty word
RAISING = set(_WORDS["raising"])
#: "to kill 5", "could kill 5": a "kill" before a count that reports no death
UNREAL_KILL = set(_WORDS["unreal_kill"])
#: "killed or wounded" counts casualties of either kind: not a figure of the dead nor of the wounded
_EITHER = r"(?:killed|dead|died|wounded|injured|hurt)\s+(?:or|and/or)\s+(?:killed|dead|wounded|injured|hurt)\b"
EITHER_KIND = re.compile(r"\W*(?:[\w-]+\s+){0,5}?" + _EITHER, re.IGNORECASE)
EITHER_KIND_BEFORE = re.compile(r"\b" + _EITHER + r"\s+(?:\w+\s+)?$", re.IGNORECASE)
OBJECT_VERBS = set("kills killing wounds wounding injures injuring".split())
# a title-case headline's verbs before a count ("Shooting Leaves 3 Dead"); with the casualty words,
# the capitalised words before a number that do not make it part of a name
HEADLINE_VERBS = set("leaves left leave kill shoots shot claims takes took injure wound".split())
#: Nouns and units after which a number is not a count of people.
NOT_PEOPLE = set("""
years year months month weeks week days day hours hour minutes percent per cent pound pounds kilometers
kilometres km miles meters metres feet times dollars euros strikes airstrikes raids missiles rockets bombs
shells locations targets vehicles cars houses homes buildings villages towns provinces countries sorties
rounds tons tonnes acres calibre caliber am pm bullets shots kilograms kilos kg grams liters litres gallons
weapons rifles guns caches kilometres block blocks year-old years-old yr yrs doors door streets seconds
casings counts charges cases incidents shootings homicides murders
""".split())
#: Other actions on people: a number next to them is not a casualty figure ("detained nine others").
COMPETING = set("""detained detaining captured capturing arrested arresting seized seizing recovered found
confiscated destroyed apprehended rescued evacuated treated transported displaced freed released taken held
charged accused convicted sentenced indicted custody gather gathered mourn mourned attended marched rallied
""".split())
TAKEN = {"detained", "captured", "arrested", "apprehended", "charged", "indicted", "convicted"}
STREET = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|"
                    r"Court|Ct|Place|Pl|Highway|Hwy|Parkway|Pkwy|Circle|Terrace)\b")
SKIPPABLE = set("of the such more other another local innocent unarmed armed suspected alleged about nearly "
                "including among them were was had have has been being are is reportedly also – — -".split())
TOLL_VERB = re.compile(r"^(?:rose|rises|risen|climbed|climbs|reached|reaches|jumped|jumps|increased|increases|"
                       r"soared|soars|grew|grows|stood|stands|was|is|hit)$")
REPORTING = re.compile(r"^(?:said|says|told|reported|according)$", re.IGNORECASE)
STOP = re.compile(r"^(?:said|says|told|reported|according|when|while|after|before|because|but)$", re.IGNORECASE)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[,.]\d+)*|[^\sA-Za-z\d]")
QUOTES = str.maketrans({c: " " for c in "“”\"‘’'«»"})

MAY_HAVE = re.compile(r"\bmay\s+have\b|\bmight\s+have\b|\bpossibly\b|\bcould\s+have\b", re.IGNORECASE)
DENIES = re.compile(r"\bden(?:ied|ies|y|ial)\b|\bno\s+credible\b|\bnot\s+(?:been\s+)?hit\b|\bdid\s+not\s+"
                    r"(?:harm|hit|kill|target)|\brejected\b|\bdismissed\b|\bfalse\b", re.IGNORECASE)
ACKNOWLEDGES = re.compile(r"\backnowledg|\badmit|\bconced|\baccept(?:ed|s)?\s+responsibility|\btook\s+responsibility"
                          r"|\bregret|\bconfirmed\s+(?:that\s+)?(?:it|its)\b|\bunintentionally\b", re.IGNORECASE)
ASSERTS = re.compile(r"\b(?:struck|strikes?|conducted|carried\s+out|launched|targeted|hit|killed)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A quantity that counts people: its kind and population."""
    quantity: Quantity
    kind: str
    population: str
    rule: str               # the id of the rule that read it ("count.kind-after", "count.dep.subject", …)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(text.translate(QUOTES))]


def figures(sentence: str) -> list[Figure]:
    """People-counting quantities of one sentence. A quantity needs a casualty or presence word
    next to it (before: 'killing dozens of people'; after: '46 people died') and must not count
    things ('dozens of locations', 'two years', 'a 500-pound bomb')."""
    tokens = _tokens(sentence)
    out = []
    for q in quantities(sentence.translate(QUOTES)):
        if is_date_or_year(sentence, q):
            continue
        after = [t for t in tokens if t[0] >= q.end]
        before = [t for t in tokens if t[1] <= q.start]
        population, kind_after, blocked = _look_right(after)
        wounds = [w for _, _, w in after[:3]]
        wounds = wounds[:next((k for k, w in enumerate(wounds) if not w[:1].isalpha()), 3)]   # not ", wounds 2"
        if wounds[:1] in (["wounds"], ["wound"]) or wounds[1:2] in (["wounds"], ["wound"]) or wounds[2:3] == ["wounds"]:
            continue                     # "treated for four gunshot wounds": wounds, not people
        if blocked or before and before[-1][2] in TAKEN:
            continue                     # "arrested two people in the shooting death of ...": not the dead
        if before and before[-1][2] in OBJECT_VERBS:
            kind, rule = KIND[before[-1][2]], "count.object-of-verb"   # "wounds 4, kills 1": the verb's object
        elif before and before[-1][2] == "kill" and not (len(before) > 1 and before[-2][2] in UNREAL_KILL):
            kind, rule = "killed", "count.present-kill"     # a headline's "Air strikes kill more than 40"
        elif kind_after:
            kind, rule = kind_after, "count.kind-after"
        else:
            kind, rule = _look_left(before, allow_present=True)
        if kind is None:
            continue
        if population is None:
            population = _population_left(before)
        out.append(Figure(q, kind, population or "unspecified", rule))
    implied = implied_figures(sentence)
    # "Two teens who were shot in ... have died": the subject's own verb says killed, not the
    # relative clause's "shot"
    dead = {f.quantity.start for f in implied if f.kind == "killed"}
    out = [Figure(f.quantity, "killed", f.population, f.rule) if f.kind == "wounded" and f.quantity.start in dead else f
           for f in out]

    def restated(f: Figure) -> bool:             # "The two men were killed": the explicit "two" says it
        return any(e.quantity.start == f.quantity.start or e.kind == f.kind and e.quantity.min == f.quantity.min
                   and f.quantity.start <= e.quantity.start < f.quantity.end for e in out)
    return [f for f in out + [f for f in implied if not restated(f)] if not _either_kind(sentence, f.quantity)]


def _either_kind(sentence: str, q: Quantity) -> bool:
    """"20 people were killed or wounded": casualties of either kind, a figure of neither."""
    return bool(EITHER_KIND.match(sentence, q.end) or EITHER_KIND_BEFORE.search(sentence, 0, q.start))


_ORIGINAL_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[,.]\d+)*(?:-(?:year|month|week|day)-old)?|[^\sA-Za-z\d]")
DETERMINER_ONE = {"a", "an", "one", "the", "this", "that", "another", "his", "her", "their", "its", "our", "my"}
ACTIVE_KILL = {"killed", "killing", "kills"}      # not "kill": "trying to kill" reports no death
NAME_PARTICLES = {"al", "bin", "ibn", "abu", "de", "van", "von", "mullah", "maulawi", "haji", "qari", "mr", "mrs"}


_CALENDAR = set(WEEKDAYS + MONTHS) - {"may"}      # "Wednesday" ends a name; May is also a first name


def _name_part(word: str) -> bool:
    low = word.lower()
    return (word[:1].isupper() and low not in _CALENDAR) or low in NAME_PARTICLES or \
        low.startswith(("al-", "el-", "bin-", "abu-"))
DIED = ("died", "dies", "succumbed")      # verbs whose subject is the dead ("Teen dies in shooting")
_FOLLOWING_KIND = {"killed": "killed", **{w: "killed" for w in DIED}, "wounded": "wounded", "injured": "wounded"}


AGE_NOUNS = ("-year-old", "-month-old", "-week-old", "-day-old")   # "an 11-month-old", "a 3-week-old"


def _is_person(word: str) -> bool:
    low = word.lower()
    return low in SINGULAR or low in PERSON or low.endswith(AGE_NOUNS)


class _Words:
    """The words of a token list, read in place (a copy per phrase would make long texts quadratic)."""

    def __init__(self, tokens):
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, k: int) -> str:
        return self.tokens[k][2]


def _is_name_or_person(word: str) -> bool:
    return _is_person(word) or word[:1].isupper()


def _person_phrase(tokens: list[tuple[int, int, str]], i: int) -> tuple[int, int, Optional[str], int]:
    """Parse one noun phrase naming people from token i: (count, next index, population, end char).
    The count is 1 for a singular person ("an insurgent", "the Taliban commander Fayez Jan", "him",
    a name) and 0 otherwise (a plural without a number is not a count)."""
    words = _Words(tokens)
    j = i
    while j < len(words) and words[j].lower() in ("and", ",", "–", "—", "-"):
        j += 1
    if j >= len(words):
        return 0, j, None, tokens[-1][1] if tokens else 0
    possessive = words[j].lower() == "her" and j + 1 < len(words) and (
        _is_person(words[j + 1]) or j + 2 < len(words) and _is_person(words[j + 2]))   # "her daughter", "her two sons"
    if words[j].lower() in ("him", "her", "he", "she", "himself", "herself") and not possessive:
        return 1, j + 1, "unspecified", tokens[j][1]
    if words[j].lower() in ("another", "one") and j + 1 < len(words) and \
            words[j + 1].lower() in ("dead", "wounded", "injured", "hurt"):
        return 1, j + 1, "unspecified", tokens[j][1]          # "left one injured and another dead"
    if j > i and words[j - 1] == "and" and words[j].lower() in SINGULAR:       # "a woman and man were found dead"
        low = words[j].lower()
        return 1, j + 1, SINGULAR_POPULATION.get(low, PERSON.get(low, "unspecified")), tokens[j][1]
    if words[j].lower() == "both" and j + 1 < len(words) and words[j + 1].lower() in PERSON:
        return 2, j + 2, PERSON[words[j + 1].lower()], tokens[j + 1][1]      # "Both men were pronounced dead"
    if words[j].lower() == "both" and j + 1 < len(words) and words[j + 1].lower() in ("were", "have", "had", "died"):
        return 2, j + 1, "unspecified", tokens[j][1]                          # "Both were killed"
    determiner = words[j].lower() in DETERMINER_ONE
    start = j = j + determiner
    for k in range(j, min(j + 6, len(words))):
        word, low = words[k], words[k].lower()
        if _is_person(word) and not (k + 1 < len(words) and _is_person(words[k + 1])):
            age_noun = low.endswith(AGE_NOUNS)                   # "18-year-old Emery Collins"
            named = k + 2 < len(words) and words[k + 1] == "," and _name_part(words[k + 2])
            if not (determiner or age_noun or named) or low not in SINGULAR and not age_noun:
                return 0, k + 1, None, tokens[k][1]
            end = k + 1
            while end < len(words) and _name_part(words[end]):
                end += 1           # "the Taliban commander Fayez Jan": the name is the same person
            if age_noun and end < len(words) and words[end].lower() in SINGULAR:
                low, end = words[end].lower(), end + 1     # "a 9-year-old Vista boy"
            population = SINGULAR_POPULATION.get(low, PERSON.get(low, "unspecified"))
            return 1, end, population, tokens[end - 1][1]
        if not (_name_part(word) or low.endswith(AGE_NOUNS) or low.isalpha() and low not in ("and", "of")):
            break
    names = 0
    while start + names < len(words) and _name_part(words[start + names]):
        names += 1
    if not determiner and 1 <= names <= 4:            # a name: "Mohammad Umar", "Alaudin"
        return 1, start + names, "unspecified", tokens[start + names - 1][1]
    return 0, start + 1, None, tokens[min(start, len(tokens) - 1)][1]


GROUPS = {"family", "families", "household", "households", "clan"}


def _counted_phrase(tokens, words, j: int) -> tuple[int, int, Optional[str], int]:
    """One person ("a man", a name) or a number of them ("two children"), as `_person_phrase`;
    count 0 when the phrase is neither."""
    count, nxt, pop, end_char = _person_phrase(tokens, j)
    if count:
        return count, nxt, pop, end_char
    if nxt + 2 < len(words) and words[nxt - 1] in PERSON and words[nxt:nxt + 2] == [",", "ages"]:
        ages = nxt + 2                           # "his sons, ages 3 and 4": as many people as ages
        while ages < len(words) and (words[ages].isdigit() or words[ages] in (",", "and")):
            ages += 1
        told = [k for k in range(nxt + 2, ages) if words[k].isdigit()]
        if len(told) >= 2:
            return len(told), told[-1] + 1, PERSON[words[nxt - 1]], tokens[told[-1]][1]
    phrase = [w for w in words[j:nxt] if w not in ("and", ",")]
    if phrase[:1] in (["his"], ["her"], ["their"]):
        phrase = phrase[1:]                      # "her two sons"
    number = quantities(" ".join(phrase))
    if j and words[j - 1] == "of" and words[nxt - 1] in GROUPS:
        return 0, nxt, None, end_char            # "three members of one family": the family is not the count
    if not number or number[0].vague or nxt - j > 4 or words[nxt - 1] not in PERSON or number[0].start:
        return 0, nxt, None, end_char
    return number[0].min, nxt, pop or PERSON[words[nxt - 1]], end_char


def _active_object(tokens, words, i: int) -> Optional[tuple[int, int, Optional[str]]]:
    """People after an active kill verb, added up: (count, end char, population)."""
    total, j, population, end = 0, i + 1, None, tokens[i][1]
    if words[i] == "shot" and j < len(words) and words[j] == "dead":
        j += 1                                   # "shot dead a woman"
    if j < len(words) and words[j] in (",", ";", "-", "–", "—"):
        return None                              # "Man fatally shot, four others injured": no object
    while j < len(tokens):
        count, nxt, pop, end_char = _counted_phrase(tokens, words, j)
        if not count:
            break                                # "killed a woman and injured nine others": a new verb
        total, population, end, j = total + count, population or pop, end_char, nxt
        if j + 1 < len(words) and words[j] == "," and (tokens[j + 1][2][:1].isupper() or words[j + 1].isdigit()):
            j = _skip_appositive(tokens, j + 1)      # "the Taliban leader, Alaudin," / "Jane Doe, 21," is one person
        if words[j:j + 2] == ["along", "with"]:
            j += 2                                   # "Taliban leader, Mahjur, along with one other insurgent"
            continue
        if j >= len(words) or words[j] != "and":
            break
    return (total, end, population) if total else None


def _passive_subject(tokens, words, i: int) -> Optional[tuple[int, int, int, Optional[str]]]:
    """People named before 'was (shot and) killed' / 'died' / 'is dead', one by one and joined by
    'and' ("A 44-year-old man and a 17-year-old girl died"): (start char, end char, count, population)."""
    aux = i if words[i] in DIED else next((k for k in range(i - 1, max(-1, i - 5), -1)
                                             if words[k] in ("was", "were", "is", "are", "has", "have", "been")), None)
    if aux is None and i >= 2 and words[i - 1] == "pronounced" and words[i - 2] == "and":
        aux = i - 1                              # "was taken to a hospital and pronounced dead"
    if aux is None:
        return None
    end = aux
    if end and words[end - 1] in ("has", "have", "had"):
        end -= 1                                 # "has died"
    if end and words[end - 1] == "and":          # "Cade Booher, 16, was in the backseat and died"
        verb = next((k for k in range(end - 2, max(-1, end - 14), -1) if words[k] in ("was", "is")), None)
        if verb is not None:
            end = verb
    who = next((k for k in range(end - 1, max(-1, end - 14), -1) if words[k] == "who"), None)
    if who is not None and not set(words[who:end]) & {"says", "said", "say", "told", "tells"}:
        end = who                                # "the two year old who accidentally shot himself has died"
                                                 # (not "a woman who lives nearby says a man was killed")
    while end:                                   # "Muhammad Yah, a senior Taliban commander ..., was killed"
        if end >= 2 and words[end - 2] == "," and words[end - 1].isdigit():
            end -= 2                             # "LaPrida Shears, 25, of Tyler,": the age, once the place is off
            continue
        if words[end - 1] != ",":
            break
        comma = next((k for k in range(end - 2, -1, -1) if words[k] == ","), None)
        first = tokens[comma + 1][2] if comma is not None else ""
        appositive = comma is not None and (first[:1].islower() or first.isdigit())   # ", a commander," ", 25,"
        end = comma if appositive else end - 1
        if not appositive:
            break
    place_of = next((k for k in range(end - 1, max(-1, end - 5), -1) if words[k] == "of"), None)
    if place_of and all(tokens[k][2][:1].isupper() for k in range(place_of + 1, end)) and \
            tokens[place_of - 1][2][:1].isupper():
        end = place_of                           # "Kristian Piazza of Buffalo was pronounced dead"
    begin = max((k + 1 for k in range(end) if words[k] in (",", ";", "but", "when", "while", "that", "where", "after",
                                                          "before", "as", "say", "says", "said", "found", ")", ":", ".",
                                                          "–", "—", "-")),
                default=0)
    found = _subject_from(tokens, words, begin, end)
    if found is None:            # "a report of a juvenile who was shot": the phrase from its determiner,
        last = max((k for k in range(begin + 1, end)   # or its age ("Investigators tell 7 Action News
                    if words[k] in DETERMINER_ONE - {"that"} or words[k].endswith(AGE_NOUNS)), default=None)
        if last and words[last - 1] in DETERMINER_ONE - {"that"}:
            last -= 1                                    # "and a six-year-old passenger has been pronounced dead"
        found = _subject_from(tokens, words, last, end) if last is not None else None   # 17-year-old X was killed")
    if found is None and end and words[end - 1] in ("he", "she"):     # "were informed he had been pronounced dead"
        return tokens[end - 1][0], tokens[end - 1][1], 1, "unspecified"
    for start in (begin, 0) if found is None else ():   # "An Opelousas teen hospitalized after a weekend
        count, nxt, population, end_char = _person_phrase(tokens, start)   # shooting has died"
        if count == 1 and nxt < end and words[nxt] in REDUCED_RELATIVE:
            return tokens[start][0], end_char, 1, population
    return found


REDUCED_AFTER = {"in", "on", "at", "while", "near", "during", "outside", "inside", "early", "late", "last", "this",
                 "after", "by", "along", "when"}
REDUCED_RELATIVE = {"hospitalized", "shot", "wounded", "injured", "critically", "seriously", "struck", "hit"}


def _subject_from(tokens, words, begin: int, end: int) -> Optional[tuple[int, int, int, Optional[str]]]:
    """People named one by one from `begin` up to `end`, joined by 'and', or None."""
    total, j, population, end_char = 0, begin, None, None
    while j < end:
        count, nxt, pop, phrase_end = _counted_phrase(tokens, words, j)   # "A man and two children are dead"
        if not count:
            return None
        total, population, end_char, j = total + count, population or pop, phrase_end, nxt
        if j == end - 1 and (words[j].endswith("ly") or words[j] in ("later", "then", "eventually", ".")):
            j = end                              # "he later died", "she eventually died"
        if j < end and words[j] != "and":
            return None
    if not total or begin >= len(tokens):
        return None
    return tokens[begin][0], end_char, total, population


_AGE = re.compile(r"\b(\w+)([ -])(year|yr)([ -])(old)\b", re.IGNORECASE)


def _age(m: re.Match) -> str:
    """'17 year old' / '17-year old' → '17-year-old' (same length, so offsets hold)."""
    return f"{m.group(1)}-{m.group(3)}-{m.group(5)}"




def implied_figures(sentence: str) -> list[Figure]:
    """Counts a report implies without a number: "killed an insurgent", "killed the Taliban
    commander Fayez Jan and one additional insurgent" (2), "a man was shot and killed" (1),
    "resulted in the death of Maulawi Tayeb" (1), "the fatal shooting / murder of X" (1), "X had
    been fatally wounded" (1), "a triple homicide" (3), "charged with two counts of murder" (2).
    Coordinated people are added up."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _ORIGINAL_TOKEN.finditer(_AGE.sub(_age, sentence.translate(QUOTES)))]
    words = [t[2].lower() for t in tokens]
    out = []
    for i, word in enumerate(words):
        kind = _FOLLOWING_KIND.get(word) or ("killed" if word in ACTIVE_KILL else None)
        if kind == "wounded" and i and words[i - 1] in ("fatally", "mortally"):
            kind = "killed"                                   # "had been fatally wounded"
        if word == "shot" or word == "shooting" and i and words[i - 1] == "fatally":
            kind = shot_kind(words[i - 1] if i else "", words[i + 1:i + 3])
        elif word == "dead" and i and (words[i - 1] in ("pronounced", "found", "declared", "reported", "is", "was",
                                                          "are", "were", "been") or
                                       i > 1 and words[i - 1] == "clinically" and words[i - 2] == "pronounced"):
            kind = "killed"                                   # "was pronounced dead", "a teen is dead"
        modal = [w for w in words[max(0, i - 3):i] if not w.endswith("ly")][-2:]
        if kind is None or modal in (["could", "have"], ["would", "have"], ["might", "have"]):
            continue                                          # "it could have killed her"
        aux = [k for k in range(max(0, i - 4), i) if words[k] in ("was", "were", "been", "is")]
        passive = bool(aux) and not set(words[aux[-1] + 1:i]) & {"of", "for", "with", "in", "to", "after"} \
            or word == "dead"         # not "was accused of killing", "was charged with killing"
        if word in ACTIVE_KILL | {"shot", "shooting"} and not passive:
            found = _active_object(tokens, words, i)
            if found:
                skip = 1 + (word == "shot" and words[i + 1] == "dead")      # "shot dead a woman"
                out.append(_implied(sentence, tokens[i + skip][0], found[1], found[0], found[2], kind,
                                    "count.implied.object-of-kill"))
                continue
            rest = i + 1 + (words[i + 1:i + 2] == ["dead"]) + 2 * (words[i + 1:i + 3] == ["to", "death"])
            object_follows = rest < len(words) and (words[rest] in DETERMINER_ONE or words[rest][:1].isdigit()
                                                    or bool(quantities(words[rest])))   # "shot dead two people"
            if kind == "killed" and i + 1 < len(words) and words[i + 1] in REDUCED_AFTER | {"dead", "to"} and \
                    not object_follows:
                last = max((k for k in range(max(0, i - 6), i) if words[k] in DETERMINER_ONE - {"that"}), default=None)
                verb = i - 2 if i >= 2 and words[i - 2:i] == ["shot", "and"] else i
                found = _subject_from(tokens, words, last, verb) if last is not None else None
                if found:                 # "a 4-year-old shot dead in ...", "A man shot and killed in ... has been"
                    out.append(_implied(sentence, found[0], found[1], found[2], found[3], kind,
                                        "count.implied.reduced-subject"))
                continue
        if passive or word in DIED:
            found = _passive_subject(tokens, words, i)
            if found:
                out.append(_implied(sentence, found[0], found[1], found[2], found[3], kind,
                                    "count.implied.subject-verb"))
    out.extend(_headline_dead(sentence, tokens, words))
    for i, word in enumerate(words):
        if word in ("counts", "count") and i and words[i + 1:i + 2] == ["of"] and \
                crime_news.MURDER_CHARGE.match(" ".join(words[i + 2:i + 5])) and quantities(words[i - 1]):
            count = quantities(words[i - 1])[0].min     # "faces two counts of murder": two dead
            out.append(_implied(sentence, tokens[i - 1][0], tokens[i][1], count, None, "killed",
                                crime_news.MURDER_CHARGE_RULE))
        if word in crime_news.MULTIPLE_KILLING and i + 1 < len(words) and words[i + 1] in crime_news.KILLING_NOUNS:
            out.append(_implied(sentence, tokens[i][0], tokens[i + 1][1], crime_news.MULTIPLE_KILLING[word], None,
                                "killed", crime_news.MULTIPLE_KILLING_RULE))
        if word == "death" and i >= 2 and words[i - 1] in ("his", "her") and words[i - 2] in ("in", "caused", "into"):
            out.append(_implied(sentence, tokens[i - 1][0], tokens[i][1], 1, None, "killed",
                                "count.implied.possessive-death"))   # "resulting in her death"
        if word in ("injured", "wounded", "hurt") and i and words[i - 1] == "another":
            out.append(_implied(sentence, tokens[i - 1][0], tokens[i - 1][1], 1, None, "wounded",
                                "count.implied.another-injured"))  # "… and another injured"
        if word in ("wound", "wounds") and i and (words[i - 1] in ("gunshot", "shotgun", "bullet") or
                                                  "suffered" in words[max(0, i - 8):i]):
            found = _bearer(tokens, words, i - 1)
            if found:
                out.append(_implied(sentence, found[0], found[1], 1, found[2], "wounded",
                                    "count.implied.gunshot-wound"))
    for i, word in enumerate(words[:-2]):
        if words[i + 1] == "of" and (word in ("death", "killing", "slaying") or word == "murder" and words[i - 1:i] != ["attempted"]
                                     or word == "shooting" and words[i - 1:i] in (["fatal"], ["deadly"])
                                     or word == "life" and words[max(0, i - 2):i] in (["claimed", "the"], ["took", "the"])):
            found = _active_object(tokens, words, i + 1)      # "the murder of Brian Banes and Delandis Clark"
            if found and found[0] >= 1 and not quantities(sentence[tokens[i + 2][0]:found[1]]):
                out.append(_implied(sentence, tokens[i + 2][0], found[1], found[0], found[2], "killed",
                                    "count.implied.death-of"))
        elif word in ("left", "leaving", "leaves", "pronounced", "found"):   # "left a 17-year-old boy dead"
            count, nxt, population, end_char = 0, i + 1, None, None
            while True:                              # "found two children and one man dead"
                found, after, pop, phrase_end = _counted_phrase(tokens, words, nxt)
                if not found:
                    break
                count, nxt, population, end_char = count + found, after, population or pop, phrase_end
                while nxt < len(words) - 1 and (words[nxt] == "of" or tokens[nxt][2][:1].isupper() or
                                                words[nxt] == "," and words[nxt + 1].isdigit()) and nxt - i < 9:
                    nxt += 1 + (words[nxt] == ",") + (words[nxt] == "," and words[nxt + 2:nxt + 3] == [","])
                    # "pronounced X of Harrison County dead", "left his brother X, 22, dead"
                if nxt >= len(words) or words[nxt] != "and":
                    break
            if count and nxt < len(words) and words[nxt] == "shot" and \
                    shot_kind("", words[nxt + 1:nxt + 3]) == "killed":
                out.append(_implied(sentence, tokens[i + 1][0], end_char, count, population, "killed",
                                    "count.implied.left-dead"))   # "found X shot dead"
            elif count and nxt < len(words) and words[nxt] in ("dead", "wounded", "injured"):
                kind = "killed" if words[nxt] == "dead" else "wounded"
                out.append(_implied(sentence, tokens[i + 1][0], end_char, count, population, kind,
                                    "count.implied.left-dead"))
    return out


def _headline_dead(sentence: str, tokens, words) -> list[Figure]:
    """A headline's bare subject ("Man shot and killed in Detroit", "Teen dies after shooting",
    "Police: 17-year-old boy dead"): one person at the head of the line, then the verb of death,
    with no object after it ("Man shot and killed his wife" tells of the wife)."""
    start = words.index(":") + 1 if ":" in words[:4] else 0
    k = start + (start + 1 < len(words) and words[start].endswith(AGE_NOUNS) and words[start + 1] in SINGULAR)
    if k + 1 >= len(words) or not (tokens[start][2][:1].isupper() or tokens[start][2][:1].isdigit()) or \
            not (words[k] in SINGULAR or words[k].endswith(AGE_NOUNS)):
        return []
    following = words[k + 1:k + 4]
    if following[:1] in (["killed"], ["dies"], ["died"], ["dead"], ["slain"]):
        end = k + 2
    elif following == ["shot", "and", "killed"]:
        end = k + 4
    elif following[:2] in (["fatally", "shot"], ["shot", "dead"]):
        end = k + 3
    else:
        return []
    after = words[end] if end < len(words) else ""
    if after in DETERMINER_ONE or after[:1].isdigit() or quantities(after) or _is_person(after):
        return []
    population = SINGULAR_POPULATION.get(words[k], "unspecified")
    return [_implied(sentence, tokens[start][0], tokens[k][1], 1, population, "killed",
                     "count.implied.headline-dead")]


def _bearer(tokens, words, i: int) -> Optional[tuple[int, int, Optional[str]]]:
    """The one person described before "gunshot wound" ("a man outside with a gunshot wound",
    "her son also suffering from a gunshot wound"): (start char, end char, population); None when
    the wound killed ("dead from a gunshot wound") or no single person is named."""
    for k in range(i - 1, max(-1, i - 16), -1):
        if KIND.get(words[k]) == "killed" or words[k] in (".", ";"):
            return None
        if _is_person(words[k]):
            start = next((d for d in range(k, max(-1, k - 5), -1) if words[d] in DETERMINER_ONE), k)
            count, _, population, end_char = _person_phrase(tokens, start)
            return (tokens[start][0], end_char, population) if count == 1 else None
    return None


def _skip_appositive(tokens, j: int) -> int:
    while j < len(tokens) and (_name_part(tokens[j][2]) or tokens[j][2].isdigit()):
        j += 1
    return j + 1 if j < len(tokens) and tokens[j][2] == "," else j


def _implied(sentence: str, start: int, end: int, count: int, population: Optional[str], kind: str,
             rule: str) -> Figure:
    return Figure(Quantity(start, end, sentence[start:end], count, count, False), kind, population or "unspecified",
                  rule)


def is_date_or_year(sentence: str, q: Quantity) -> bool:
    """Years, dates, money, numbers in names, addresses, and ages ("the victim, 25, died")."""
    if re.search(r"\b(?:ages?\s+(?:were|are|of|range\s+from|ranged\s+from|from)?|to\s+be)\s*(?:\d+\s*(?:,|and|-|to)?\s*)*$",
                 sentence[:q.start]):
        return True                  # "ages 20-27", "ages were 6, 11 and 15"
    if re.match(r"\d{1,2}[-/]\d{1,2}[-/]\d{2,4}", sentence[q.start:]):
        return True                  # "09-17-2016"
    if q.vague or q.min != q.max:
        return False
    if q.text == "911" or re.match(r"\s*(?:%|percent\b|per\s*cent\b)", sentence[q.end:]) or \
            re.search(r"(?:\b(?:hwy|highway|route|interstate|i|us|sr)[\s.-]*|['’])$", sentence[:q.start], re.IGNORECASE) or \
            re.search(r"\b(?:mother|father|parent|grandmother|grandfather)\s+of\s+$", sentence[:q.start], re.IGNORECASE):
        return True                  # "called 911", "75%", "Hwy 62", "'96", "mother of three"
    if STREET.match(sentence, q.end):
        return True                  # "308 Bobby Jones Lane"
    if re.search(r"\bages?\s+(?:\d+\s*,?\s*(?:and\s+)?)*$|\b(?:under|aged|to\s+be)\s+$", sentence[:q.start]):
        return True                  # "three men, ages 25, 26 and 33,", "children under 15", "believed to be 30"
    if re.search(r"\bof\s+$", sentence[:q.start]) and re.match(r"\s+(?:family|household|clan)\b", sentence[q.end:]):
        return True                  # "three members of one family": the family, not a count
    if re.search(r"\b(?:one|two|three|some|all|each|none|most|\d+)\s+of\s+(?:the\s+)?$", sentence[:q.start],
                 re.IGNORECASE):
        return True                  # "one of the four was pronounced dead": four is the group, not the dead
    if re.search(r"\b(?:[A-Z]{2,5}[ -]|(?:News|Channel|NewsChannel|Eyewitness)\s+)$", sentence[:q.start]):
        return True                  # "(LEX 18)", "WSLS 10", "tells News 5": a station's call sign
    if re.match(r"(?:\s*(?:,|and|or|-|to)\s*\d+)*\s*(?:-\s*years?[\s-]+old|years?[\s-]+old|years?\s+of\s+age|y/?o)\b",
                sentence[q.end:]) or re.search(r"\bboth\s+$", sentence[:q.start], re.IGNORECASE):
        return True                  # "Those injured were 28 and 31 years old", "17 and 33 years of age", "43 y/o",
                                     # "16- year-old", "both 24"
    before = re.search(r"(\w[\w-]*?)(?:['’]s)?\.?\s*[,—–]\s*$", sentence[:q.start])
    if before and re.match(r"(?:\s+and\s+\d+)?\s*(?:[,;—–).]|of\s+[A-Z]|all\b|$)", sentence[q.end:]) and q.min < 110 and \
            _is_name_or_person(before.group(1)):
        return True                  # "William R. Williams, 51 —", "the victim, 25,", "Jane Doe, 32 of Dunbar",
                                     # "Kejohn Carroll's, 16,", "her sons, 7 and 8,"
    pair = re.search(r"(\w+)\s*,\s*\d+\s+and\s+$", sentence[:q.start])
    if pair and _is_name_or_person(pair.group(1)) and re.match(r"\s*[,;—–).]", sentence[q.end:]):
        return True                  # "her sons, 7 and 8,": the second age
    if re.search(r"\b(?:at|on)\s+$", sentence[:q.start], re.IGNORECASE) and q.text.isdigit() and \
            re.match(r"\s+(?:[NSEW]\.?\s+)?[A-Z0-9]", sentence[q.end:]):
        return True                  # "lives at 151 S. Church St.", "On 11700 Robertson": an address
    named = q.text.isdigit() and re.search(r"(?<=\w )([A-Z][a-z]+)\s+$", sentence[:q.start])
    if named and named.group(1).lower() not in KIND and named.group(1).lower() not in HEADLINE_VERBS and \
            named.group(1) != "To":          # a title-case headline's "Toll Rises To 41"
        following = re.match(r"\s*([\w-]*)", sentence[q.end:]).group(1).lower()
        if following not in KIND and following not in PERSON and \
                following not in ("people", "others", "more", "were", "are", "have", "had", "of"):
            return True              # "Motel 6 that", "Cloud 9 shooting", "Robert Atkins 21, was": a name's number or an age
    if re.match(r"\s*o['’]clock\b", sentence[q.end:], re.IGNORECASE):
        return True                  # "just before 4 o'clock"
    if re.search(r"\b(?:turned|turns|turning)\s+$", sentence[:q.start], re.IGNORECASE):
        return True                  # "who recently turned 16"
    if re.search(r"\b(?:apartment|apt\.?|unit|room|suite|no)\s+$", sentence[:q.start], re.IGNORECASE):
        return True                  # "apartment 38", "no one was killed"
    if q.text[:1].isupper() and not q.text[:1].isdigit() and q.start > 0 and \
            re.match(r"\s+[A-Z][a-z]", sentence[q.end:]) and not re.search(r"[.:!?\n]\W*$", sentence[:q.start]):
        return True                  # "the Four Points Sheraton": a number word inside a name
    if re.search(r"\d\s*/\s*$", sentence[:q.start]) or re.match(r"\s*/\s*\d", sentence[q.end:]):
        return True                  # "(01/25/16)": a date written in figures
    if 1900 <= q.min <= 2100 and q.text.isdigit():
        return True
    prefix = sentence[max(0, q.start - 12):q.start]
    return bool(re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$|\$\s*$|#\s*$|"
                          r"\bNo\.\s*$|\bnumber\s*$|\bage[ds]?\s*$", prefix, re.IGNORECASE))


def shot_kind(before: str, after: list[str]) -> Optional[str]:
    """What 'shot' reports: killed when fatal ("fatally shot", "shot dead", "shot to death"),
    undecided before "and" ("shot and killed"), else wounded (people shot and survived)."""
    if before == "fatally" or after[:1] == ["dead"] or after[:2] == ["to", "death"]:
        return "killed"
    if after[:1] == ["and"]:
        return None
    return "wounded"


def _look_right(after: list[tuple[int, int, str]]) -> tuple[Optional[str], Optional[str], bool]:
    """(population, kind, blocked) from the words after a quantity."""
    population, clause_ended, ages, skipped, aside = None, False, False, 0, False
    for i, (_, _, word) in enumerate(after[:20]):
        previous = after[i - 1][2] if i else ""
        if word in ("ages", "aged") or ages and (word.isdigit() or word in (",", "and", "-", "to")):
            ages, skipped = True, skipped + 1    # "three other men, ages 25, 26 and 33, were injured"
            continue
        ages = False
        if aside:
            skipped += 1
            aside = word not in (",", "–", "—")
            continue
        if word == "including" and population is not None or \
                word == "," and population is not None and i + 1 < len(after) and \
                after[i + 1][2] in ASIDE_OPENERS | {"a", "an"}:
            aside, skipped = True, skipped + 1   # "four other people, including a 13-year-old boy, were",
            continue                             # "Two victims, a 25-year-old man and a 26-year-old man, died",
                                                 # "29 civilians, mostly children and women, were killed"
        if word == "including":
            break                                # "Five were involved in a shooting, including one dead"
        if i - skipped >= 9:
            break
        if i == 0 and word == "fatally":
            return "unspecified", "killed", False       # "four were shot, one fatally"
        if word == "bodies" and previous in ("their", "his", "her", "its", "our", "my"):
            return None, None, True         # "one of their bodies": a body, not the dead
        if word in KIND and clause_ended and word.endswith("ing"):
            break                           # "shot eight men, killing two of them": that clause has its own count
        if word in KIND and not (word == "bodies" and population):
            following = [w for _, _, w in after[i + 1:i + 3]]
            if previous == "the" and any(KIND.get(w) == "killed" for w in following):
                return "unspecified", "killed", False          # "four of the wounded died"
            kind = "killed" if previous in ("fatally", "mortally") and KIND[word] == "wounded" else KIND[word]
            later = []
            for _, _, w in after[i + 1:i + 5]:
                if STOP.match(w) or w in (".", ",", ";", "and", "to") or w in COMPETING:
                    break
                if KIND.get(w) in ("killed", "wounded"):
                    later.append(KIND[w])
            if kind == "present" and later:
                kind = later[0]                  # "One of the men inside was pronounced dead"
            return population or ("unspecified" if word != "bodies" else None), kind, False
        if word == "condition" and previous in ("critical", "serious", "stable", "fair", "grave", "good"):
            return population or "unspecified", "wounded", False     # "two people are in critical condition"
        if word == "civilian":
            population = "civilians"
            continue
        if word in PERSON:
            population = PERSON[word] if population in (None, "unspecified") else population
            continue
        if word == "found" and i + 1 < len(after) and after[i + 1][2] in ("dead", "shot", "slain", "killed", "murdered"):
            continue                    # "four people were found shot to death"
        if word in COMPETING:
            if clause_ended:
                break                   # "28 civilians, most of them displaced"
            return None, None, True     # "13 men were detained"
        if word in NOT_PEOPLE and population is None:
            return None, None, True
        if word == "shot":
            kind = shot_kind(previous, [w for _, _, w in after[i + 1:i + 3]])
            if kind:
                return population or "unspecified", kind, False
            continue                    # "were shot and killed": the next word decides
        if word == "and" and previous == "shot":
            continue
        if word == "and" and (population is not None or i == 0):
            break                       # "killing one insurgent and wounding the second", "killed 12 and
                                        # wounded 30": a new clause
        reported_as = word == "reported" and i + 1 < len(after) and after[i + 1][2] in KIND   # "reported dead"
        reported_as |= word in RAISING and [w for _, _, w in after[i + 1:i + 2]] == ["to"]   # "reported to have died"
        if (STOP.match(word) and not reported_as) or word in (".", ";", "(") or word.isdigit():
            break
        clause_ended = clause_ended or word == ","
        if population is not None and word not in SKIPPABLE and not word.endswith("ly") and i > 3:
            break
    return population, None, False


def _look_left(before: list[tuple[int, int, str]], allow_present: bool) -> tuple[Optional[str], str]:
    """(kind, rule id) from a casualty word just before ('killed 5', 'the death toll rose to 54')
    or, for headcounts, a presence word a little further ('the number of people inside ... at 200')."""
    words = [w for _, _, w in before[-25:]]
    if len(words) >= 2 and words[-1] in ("to", "at") and TOLL_VERB.match(words[-2]):
        if "toll" in words:
            return "killed", "count.toll-reached"  # "the death toll from the strike rose to 54"
        counted = words[words.index("number") + 1:] if "number" in words else []
        kind = next((KIND[w] for w in counted[:4] if KIND.get(w) in ("killed", "wounded")), None)
        if counted[:1] == ["of"] and kind:
            return kind, "count.number-reached"    # "the number of people killed by the strike rose to 75"
    window = before[-6:]
    for k, (_, _, word) in reversed(list(enumerate(window))):
        if word == "shot" or word == "shooting" and k == len(window) - 1:   # "the gunman shot four people",
            return shot_kind(window[k - 1][2] if k else "", []) or "wounded", "count.shot-before"   # "killing one and shooting four"
        if STOP.match(word) or word in (".", ";", "and") or word in COMPETING:
            break                                 # "left one dead and four others hospitalized"
        if word in KIND and KIND[word] != "present":
            return KIND[word], "count.kind-before"
    if allow_present:
        for _, _, word in reversed(before[-12:]):
            if REPORTING.match(word):
                break
            if KIND.get(word) == "present":
                return "present", "count.present-before"
    return None, ""


def _population_left(before: list[tuple[int, int, str]]) -> Optional[str]:
    for _, _, word in reversed(before[-8:]):
        if word in PERSON and PERSON[word] != "unspecified":
            return PERSON[word]
    return None


def stance(sentence: str, verb: Optional[str]) -> str:
    if MAY_HAVE.search(sentence):
        return "may_have"
    if verb in ("denied", "denies") or DENIES.search(sentence):
        return "denies"
    if verb in ("acknowledged", "acknowledges", "admitted", "admits") or ACKNOWLEDGES.search(sentence):
        return "acknowledges"
    return "asserts"
