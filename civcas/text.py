"""Text primitives shared by the stages: paragraphs, sentences with character offsets, and
normalised word keys. Pure functions over strings, like the model: no stage state lives here."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Words after which a period does not end a sentence: titles, initials, months, "No.".
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof capt gen lt col maj sgt cpl pvt adm cmdr rev st sen rep gov pres amb insp supt
jan feb mar apr jun jul aug sep sept oct nov dec no vs etc inc ltd co corp jr sr mt ft
""".split())

_BREAK = "\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]"     # every line break str.splitlines knows
_PARA_SPLIT = re.compile(rf"(?:{_BREAK})[ \t\xa0]*(?:{_BREAK})\s*|\u2029\s*")
# In a text with no blank lines, a line that ends a sentence ends its paragraph; a line broken
# mid-sentence (hard-wrapped text) does not.
_LINE_PARA_SPLIT = re.compile(rf"(?<=[.!?:\"'”’)])[ \t\xa0]*(?:{_BREAK})\s*")
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blocks separated by blank lines, or, in a text that has
    none, lines that end a sentence."""
    spans, pos = [], 0
    split = _PARA_SPLIT if _PARA_SPLIT.search(text) else _LINE_PARA_SPLIT
    for m in split.finditer(text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


_WORD_BEFORE = re.compile(r"[A-Za-z.]+$")
_LONGEST_WORD = 64


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial (U.S., Capt., J.). Looks
    back a word's length only (searching the text before it would cost its length per period)."""
    m = _WORD_BEFORE.search(text, max(0, dot - _LONGEST_WORD), dot)
    if not m:
        return False
    word = m.group()
    if "." in word.rstrip("."):               # U.S, U.N, e.g
        return True
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentences(text: str) -> list[Sentence]:
    """Sentences with offsets, never crossing a paragraph break. A rule splitter: fast, and
    predictable on datelines, quotes and abbreviations. The last texts' are kept: provenance and
    extraction split the same report one after the other."""
    return list(_sentences(text))


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[Sentence, ...]:
    out = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for m in _SENT_END.finditer(text, p_start, p_end):
            if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, m.start()):
                # "the U.S. He said": an abbreviation ends the sentence only before a pronoun/article.
                following = text[m.end():m.end() + 12].split()
                if not following or following[0] not in ("He", "She", "They", "It", "The", "We", "I", "But"):
                    continue
            _add(out, text, start, m.end(), number)
            start = m.end()
        _add(out, text, start, p_end, number)
    return tuple(out)


MAX_SENTENCE = 1500      # longer runs without a full stop are lists or junk: cut them at a space


def _add(out: list, text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add(out, text, start, cut, paragraph)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, paragraph, " ".join(text[start:end].split())))


def fold(text: str) -> str:
    """ASCII-fold and lowercase (Sūsah → susah); typographic quotes and dashes become plain."""
    text = text.translate(_PUNCT)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "ʿ": "'", "ʾ": "'"})
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """A spelling-tolerant key: first letter + consonants, doubled letters collapsed, so
    al-Qaeda/al-Qaida and Jinah/Jineh share keys."""
    if word.isdigit() or len(word) <= 2:
        return word
    rest = re.sub(r"[aeiouyw]", "", word[1:])
    return word[0] + re.sub(r"(.)\1+", r"\1", rest)


def word_keys(text: str) -> list[str]:
    """The text's word keys in order; Arabic words are kept in Arabic script (folded), since
    ASCII-folding drops them (two copies of an Arabic report must share their shingles)."""
    if not _ARABIC.search(text):
        return [word_key(w) for w in _WORD.findall(fold(text))]
    return [word_key(k) for w in _ANY_WORD.findall(text)
            for k in ([fold_arabic(w)] if _ARABIC.search(w) else _WORD.findall(fold(w)))]


#: Arabic spelling variation that does not change a word: short vowels and other marks, tatweel,
#: the forms of alef, alef maqsura and ya, ta marbuta and ha, Persian kaf and ya, and Arabic-Indic
#: and Persian digits. Each is one character mapped to one (or deleted).
ARABIC_FOLD: dict[str, str] = {
    **{chr(c): "" for c in range(0x064B, 0x0660)}, "\u0670": "", "\u0640": "",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u0629": "\u0647", "\u06a9": "\u0643",
    **{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)},
}
_ARABIC_TABLE = str.maketrans({k: v or None for k, v in ARABIC_FOLD.items()})
_ARABIC = re.compile("[\u0600-\u06ff]")
_ANY_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+")


def fold_arabic(text: str) -> str:
    """Arabic written without its spelling variation (`ARABIC_FOLD`); other scripts unchanged."""
    return text.translate(_ARABIC_TABLE) if _ARABIC.search(text) else text
