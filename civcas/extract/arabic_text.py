"""Arabic spelling normalised for matching: one form per letter whatever the writer's habits, so
a rule word or a place name is written once. Diacritics and tatweel go; alef forms (أ إ آ ٱ) are
ا, alef maqsura ى is ي, ta marbuta ة is ه, a word's final hamza after alef goes; Arabic-Indic
and Persian digits are ASCII digits.
The normalised text keeps a map back to the original's offsets: claims point into the report."""
from __future__ import annotations

import re

_DROPPED = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}   # harakat, dagger alef, tatweel
_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "\u066c": ",", "\u066b": "."}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_MAP = _LETTERS | _DIGITS
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LETTER = re.compile(r"[\u0621-\u064A]")


def normalise(text: str) -> str:
    """The matching form of a word or phrase (rule files and place names go through it too)."""
    return normalise_with_offsets(text)[0]


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters (and its end), the offset in `text`.
    A hamza after a final alef goes too: "تاجوراء" and "تاجورا", "صنعاء" and "صنعا" are one name."""
    out, offsets = [], []
    for i, ch in enumerate(text):
        if ch in _DROPPED or (ch == "ء" and out and out[-1] == "ا" and not _LETTER.match(text[i + 1:i + 2])):
            continue
        out.append(_MAP.get(ch, ch))
        offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))
