"""Casualty claims: a quantity bound to a casualty (or presence) word and to people, with the
population it names, who claims it, and whether it is about this incident, another strike or a
tally across many."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from civcas.extract.numbers import Quantity, quantities

POPULATION_NOUNS = {
    "civilians": "civilians civilian noncombatants non-combatants",
    "children": "children child kids boys girls minors infants babies toddlers schoolchildren",
    "women": "women woman",
    "men": "men",
    "fighters": "militants militant fighters fighter insurgents insurgent jihadists jihadis rebels militiamen "
                "terrorists terrorist gunmen combatants extremists taliban",
    "soldiers": "soldiers soldier troops servicemen marines personnel service members",
    "police": "police policemen policeman officers officer",
    "unspecified": "people persons person others individuals victims residents worshippers bodies villagers "
                   "passengers students workers members relatives nationals family families",
}
PERSON = {w: pop for pop, words in POPULATION_NOUNS.items() for w in words.split()}

KIND_WORDS = {
    "killed": "killed killing kill kills died die dies dead deaths death dying lives bodies fatalities casualties "
              "massacred slain perished toll",
    "wounded": "wounded injured injuring injuries injury hurt wounding wounds",
    "missing": "missing unaccounted abducted kidnapped",
    "present": "gathered inside present attending sheltering crowded",
}
KIND = {w: kind for kind, words in KIND_WORDS.items() for w in words.split()}
#: Nouns and units after which a number is not a count of people.
NOT_PEOPLE = set("""
years year months month weeks week days day hours hour minutes percent per cent pound pounds kilometers
kilometres km miles meters metres feet times dollars euros strikes airstrikes raids missiles rockets bombs
shells locations targets vehicles cars houses homes buildings villages towns provinces countries sorties
rounds tons tonnes acres calibre caliber am pm bullets shots
""".split())
SKIPPABLE = set("of the such more other another local innocent unarmed armed suspected alleged about nearly "
                "including among them were was had have has been being are is reportedly also".split())
TOLL_VERB = re.compile(r"^(?:rose|risen|climbed|reached|jumped|increased|stood|stands|was|is|hit)$")
REPORTING = re.compile(r"^(?:said|says|told|reported|according)$", re.IGNORECASE)
STOP = re.compile(r"^(?:said|says|told|reported|according|when|while|after|before|because|but)$", re.IGNORECASE)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[^\sA-Za-z\d]")
_QUOTES = str.maketrans({c: " " for c in "“”\"‘’'«»"})

CUMULATIVE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|war|conflict|campaign|air\s+war|operation|uprising)|(?:19|20)\d\d|"
    r"\w+\s+(?:19|20)\d\d|the\s+\w+\s+(?:operation|campaign|war)\s+began)"
    r"|\bbetween\s+(?:\w+\s+)?(?:19|20)\d\d\s+and\b|\bso\s+far\s+(?:this|in)\b|\bto\s+date\b|\bin\s+total\b"
    r"|\ball\s+told\b|\bcumulative\b|\btally\b|\bthis\s+year\b|\bin\s+\w+\s+alone\b"
    r"|\b(?:in|over)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|months)\b|\bcasualty\s+report\b"
    r"|\bperiodic\s+reports?\b|\bsince\s+the\s+air\s+war\b"
    r"|\bsince\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"|\b(?:monthly|weekly|annual|yearly)\s+(?:tally|toll|report|statement|figures?)\b"
    r"|\bacross\s+the\s+(?:country|region|province)\b",
    re.IGNORECASE)
OTHER_EVENT = re.compile(
    r"\b(?:separate|another|previous|earlier|prior|similar)\s+(?:\w+\s+)?"
    r"(?-i:strike|attack|raid|bombing|airstrike|clash|incident|shooting)"
    r"|\ban?\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+"
    r"(?:\w+\s+)?(?:strike|attack|raid|bombing|airstrike|clash|incident|shooting|offensive)"
    r"|\bon\s+(?:several|many|numerous|previous|other)\s+occasions\b", re.IGNORECASE)
INCIDENT_ANCHOR = re.compile(r"\b(?:the|this|that|thursday's|friday's|today's|yesterday's)\s+(?:\w+\s+)?"
                             r"(?:strike|attack|raid|bombing|airstrike|explosion|blast|shooting|massacre)\b"
                             r"|\b(?:yesterday|last\s+night)\b", re.IGNORECASE)
ANAPHORA = re.compile(r"^(?:of|among)\s+(?:those|them|these|the\s+dead|the\s+victims)\b", re.IGNORECASE)
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


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(text.translate(_QUOTES))]


def figures(sentence: str) -> list[Figure]:
    """People-counting quantities of one sentence. A quantity needs a casualty or presence word
    next to it (before: 'killing dozens of people'; after: '46 people died') and must not count
    things ('dozens of locations', 'two years', 'a 500-pound bomb')."""
    tokens = _tokens(sentence)
    out = []
    for q in quantities(sentence.translate(_QUOTES)):
        if _is_date_or_year(sentence, q):
            continue
        after = [t for t in tokens if t[0] >= q.end]
        before = [t for t in tokens if t[1] <= q.start]
        population, kind_after, blocked = _look_right(after)
        if blocked:
            continue
        kind = kind_after or _look_left(before, allow_present=True)
        if kind is None:
            continue
        if population is None:
            population = _population_left(before)
        out.append(Figure(q, kind, population or "unspecified"))
    return out


def _is_date_or_year(sentence: str, q: Quantity) -> bool:
    if q.vague or q.min != q.max:
        return False
    if 1900 <= q.min <= 2100 and q.text.isdigit():
        return True
    prefix = sentence[max(0, q.start - 12):q.start]
    return bool(re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$|\$\s*$|#\s*$|"
                          r"\bNo\.\s*$|\bnumber\s*$|\bage[ds]?\s*$", prefix, re.IGNORECASE))


def _look_right(after: list[tuple[int, int, str]]) -> tuple[Optional[str], Optional[str], bool]:
    """(population, kind, blocked) from the words after a quantity."""
    population = None
    for i, (_, _, word) in enumerate(after[:7]):
        if word in KIND and not (word == "bodies" and population):
            following = [w for _, _, w in after[i + 1:i + 3]]
            if i and after[i - 1][2] == "the" and any(KIND.get(w) == "killed" for w in following):
                return "unspecified", "killed", False          # "four of the wounded died"
            return population or ("unspecified" if word != "bodies" else None), KIND[word], False
        if word in ("civilian",):
            population = "civilians"
            continue
        if word in PERSON:
            population = PERSON[word] if population in (None, "unspecified") else population
            continue
        if word in NOT_PEOPLE and population is None:
            return None, None, True
        if STOP.match(word) or word in (".", ";", "(") or word.isdigit():
            break
        if population is not None and word not in SKIPPABLE and i > 3:
            break
    return population, None, False


def _look_left(before: list[tuple[int, int, str]], allow_present: bool) -> Optional[str]:
    """A casualty word just before ('killed 5', 'the death toll rose to 54') or, for headcounts,
    a presence word a little further ('the number of people inside ... at 200')."""
    words = [w for _, _, w in before[-25:]]
    if len(words) >= 2 and words[-1] in ("to", "at") and TOLL_VERB.match(words[-2]) and "toll" in words:
        return "killed"                       # "the death toll from the strike rose to 54"
    window = before[-6:]
    for _, _, word in reversed(window):
        if STOP.match(word) or word in (".", ";"):
            break
        if word in KIND and KIND[word] != "present":
            return KIND[word]
    if allow_present:
        for _, _, word in reversed(before[-12:]):
            if REPORTING.match(word):
                break
            if KIND.get(word) == "present":
                return "present"
    return None


def _population_left(before: list[tuple[int, int, str]]) -> Optional[str]:
    for _, _, word in reversed(before[-8:]):
        if word in PERSON and PERSON[word] != "unspecified":
            return PERSON[word]
    return None


def sentence_scope(sentence: str, next_to_tally: bool, other_period: bool) -> str:
    """cumulative (a tally across many incidents) | other (another strike) | incident."""
    if CUMULATIVE.search(sentence):
        return "cumulative"
    if OTHER_EVENT.search(sentence) or other_period:
        return "other"
    if next_to_tally and not INCIDENT_ANCHOR.search(sentence):
        return "cumulative"
    return "incident"


def stance(sentence: str, verb: Optional[str]) -> str:
    if MAY_HAVE.search(sentence):
        return "may_have"
    if verb in ("denied", "denies") or DENIES.search(sentence):
        return "denies"
    if verb in ("acknowledged", "acknowledges", "admitted", "admits") or ACKNOWLEDGES.search(sentence):
        return "acknowledges"
    return "asserts"
