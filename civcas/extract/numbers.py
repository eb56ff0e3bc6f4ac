"""Quantities as reports write them: digits, number words, vague quantities, and qualifiers,
turned into the model's (min, max) ranges."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

#: THE table of vague quantities (one place in the code; dataset conventions go here, not in the
#: reader). Plural vague words are open-ended: "dozens" is at least 24, with no upper bound.
VAGUE_QUANTITIES: dict[str, tuple[int, Optional[int]]] = {
    "a couple of": (2, 2),
    "a few": (2, None),
    "a handful of": (3, None),
    "several": (3, None),
    "multiple": (3, None),
    "a number of": (3, None),
    "numerous": (4, None),
    "a dozen": (12, 12),
    "dozens": (24, None),
    "tens": (20, None),
    "scores": (40, None),
    "hundreds": (200, None),
    "thousands": (2000, None),
}

#: No figure of people killed, wounded or present is larger (the deadliest war killed fewer): a
#: larger number is a serial, a sum of money or junk, never a claim. It also keeps every figure
#: far inside the store's 64-bit integers.
MAX_FIGURE = 100_000_000
MAX_DIGITS = len(str(MAX_FIGURE))    # longer digit strings are not converted at all

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_WORD_NUMBER = (r"(?:(?:" + "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True)) +
                r")(?:[- ](?:" + "|".join(UNITS) + r"))?(?:\s+(?:hundred|thousand|million))?(?:\s+(?:and\s+)?(?:"
                + "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True)) + r"))?"
                + r"|a\s+(?:hundred|thousand))")
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_VAGUE = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(VAGUE_QUANTITIES, key=len, reverse=True))
_NUMBER = rf"(?:(?:{_DIGITS})|(?:{_WORD_NUMBER})(?:\s+dozen)?|(?:{_VAGUE})(?:\s+of\s+thousands)?)"

QUALIFIERS = {
    "at least": "min", "no fewer than": "min", "a minimum of": "min", "not less than": "min",
    "more than": "above", "over": "above", "upwards of": "above", "in excess of": "above",
    "up to": "ceiling", "as many as": "ceiling", "at most": "ceiling", "nearly": "near", "almost": "near",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "close to": "about", "approx.": "about",
    "fewer than": "below", "less than": "below",
}
_QUAL = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(QUALIFIERS, key=len, reverse=True))

QUANTITY = re.compile(
    rf"(?<![\w.,:$#-])(?:(?P<between>between\s+(?P<a>{_NUMBER})\s+and\s+(?P<b>{_NUMBER}))"
    rf"|(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<hi>{_DIGITS}))?)"
    rf"(?![\w]|[-–][a-z]|[.,:]\d|[-–/]\d+[-–/]\d|\s*(?:-|\s)years?[-\s]old|\s*(?:a\.m\.|p\.m\.))",
    re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    min: int
    max: Optional[int]
    vague: bool


def number_value(text: str) -> Optional[tuple[int, Optional[int], bool]]:
    """(min, max, vague) of one number phrase: '46', '2,967', 'forty-six', 'two dozen', 'scores'."""
    words = " ".join(text.lower().replace("-", " ").split())
    if re.fullmatch(_DIGITS, words):
        digits = words.replace(",", "")
        if len(digits) > MAX_DIGITS:
            return None
        n = int(digits)
        return n, n, False
    for phrase, (lo, hi) in VAGUE_QUANTITIES.items():
        if words == phrase:
            return lo, hi, True
        if words == f"{phrase} of thousands":
            return lo * 1000, None, True
    total, current = 0, 0
    tokens = words.split()
    if tokens and tokens[0] == "a":
        tokens[0] = "one"
    for token in tokens:
        if token == "and":
            continue
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "dozen":
            current = (current or 1) * 12
        elif token in SCALES:
            current = (current or 1) * SCALES[token]
            if SCALES[token] >= 1000:
                total, current = total + current, 0
        else:
            return None
    n = total + current
    return n, n, False


def apply_qualifier(qualifier: Optional[str], lo: int, hi: Optional[int]) -> tuple[int, Optional[int]]:
    """The model's rules: at least N → N–open; more than N → N+1–open; up to / as many as N → 0–N
    (a ceiling, not a count); nearly N → 9N//10–N; about N → 9N//10 to ceil(11N/10); fewer than N → 0–N-1."""
    rule = QUALIFIERS.get(" ".join(qualifier.lower().split())) if qualifier else None
    if rule == "min":
        return lo, None
    if rule == "above":
        return lo + 1, None
    if rule == "ceiling":
        return 0, lo
    if rule == "near":
        return 9 * lo // 10, lo
    if rule == "about":
        return 9 * lo // 10, -(-11 * lo // 10)
    if rule == "below":
        return 0, max(lo - 1, 0)
    return lo, hi


def quantities(text: str) -> list[Quantity]:
    """Every quantity in a sentence, with its qualifier applied; none above MAX_FIGURE."""
    return [q for q in _quantities(text) if q.min <= MAX_FIGURE and (q.max is None or q.max <= MAX_FIGURE)]


def _quantities(text: str) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text):
        if m.group("between"):
            a, b = number_value(m.group("a")), number_value(m.group("b"))
            if a is None or b is None:
                continue
            low, high = sorted((a[0], b[1] if b[1] is not None else b[0]))      # "between 40 and 12" too
            out.append(Quantity(m.start(), m.end(), m.group(0), low, high, a[2] or b[2]))
            continue
        value = number_value(m.group("num"))
        if value is None:
            continue
        lo, hi, vague = value
        if m.group("hi"):
            hi = number_value(m.group("hi"))
            hi = hi[0] if hi else MAX_FIGURE + 1
            if hi <= lo:
                continue
        else:
            lo, hi = apply_qualifier(m.group("qual"), lo, hi)
        out.append(Quantity(m.start(), m.end(), m.group(0), lo, hi, vague))
    return out
