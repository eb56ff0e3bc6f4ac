"""Which language a report is in: py3langid (its model ships inside the package; nothing
downloaded), as ISO 639-1 codes. A report's own `language` field wins; a guess with low confidence
is kept with a warning rather than silently trusted.

The model also knows languages and varieties that have no ISO 639-1 code (Nigerian Pidgin,
Egyptian and Moroccan Arabic, Central Bikol, "no linguistic content"...). The classifier is
restricted to the languages that have one: the store speaks ISO 639-1, and those extra classes
mostly catch short texts of a language that has one — the first dozen words of an English
release read as Nigerian Pidgin in 3 of 5 ISAF releases, which would have left them unread
(`python3 bench/language.py`)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

CONFIDENT = 0.5
UNDETERMINED = "und"                 # ISO 639-2's code for a text with nothing to tell by
_LETTER = re.compile(r"[^\W\d_]")
SAMPLE_CHARS = 20_000                # the opening of a long report tells its language as well as all of it


@lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid
    identifier = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted({code for code in identifier.nb_classes if len(code) == 2}))
    return identifier


def detect(text: str) -> tuple[str, Optional[str]]:
    """(language code, warning or None) of a text."""
    sample = text[:SAMPLE_CHARS]
    if not _LETTER.search(sample):
        return UNDETERMINED, "language undetermined (no letters)"
    code, confidence = _identifier().classify(sample)
    if confidence < CONFIDENT:
        return code, f"language guessed as {code} with low confidence ({confidence:.2f})"
    return code, None
