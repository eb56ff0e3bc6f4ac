"""Casualty figures from the dependency parse: the grammar the word reader (claims.py) misses —
coordinated counts ("35 fighters and 8 civilians died"), counts of casualty nouns ("the martyrdom
of 5 citizens", "the bodies of 12 people"), "lost their lives", "no civilians were harmed". The
patterns are data (rules/casualties.toml, each with the id its claims record); only sentences with
a number or a "no" the word reader left unread are parsed, so the extract stage keeps its speed."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from civcas.extract import claims as cl
from civcas.extract.nlp import parser
from civcas.extract.numbers import Quantity, quantities

RULES_FILE = Path(__file__).with_name("rules") / "casualties.toml"
with open(RULES_FILE, "rb") as _handle:
    RULES = tomllib.load(_handle)
KIND_OF = {word: kind for kind in ("killed", "wounded") for word in RULES["words"][kind]}
EITHER = set(RULES["words"]["either"])
COORDINATED = "count.dep.coordinated"
NEAR = 80                        # characters between an unread number and a casualty word worth a parse
NONE = "count.dep.none"           # and "count.dep.none-casualties": a figure of 0
# a casualty word the parse could bind a count to, and the "no" of "no civilians were killed"
_TRIGGER = re.compile(r"\b(?:kill|die|dies|died|dead|perish|martyr|neutrali[sz]|slay|slain|massacr|death|killing|"
                      r"bod(?:y|ies)|fatalit|casualt|wound|injur|hurt|harm|lost\s+(?:their|his|her)\s+li(?:fe|ves))",
                      re.IGNORECASE)
_NO = re.compile(r"\bno\s+(?:[\w-]+\s+){0,3}?(?:casualties|" + "|".join(sorted(cl.PERSON, key=len, reverse=True)) + r")\b",
                 re.IGNORECASE)


@lru_cache(maxsize=1)
def _matcher():
    from spacy.matcher import DependencyMatcher
    nlp = parser()
    matcher = DependencyMatcher(nlp.vocab)
    for rule in RULES["patterns"]:
        matcher.add(rule["id"], [rule["pattern"]])
    return nlp, matcher


def figures(sentence: str) -> list[cl.Figure]:
    """The word reader's figures of a sentence, and those the parse adds where it left a number unread."""
    found = cl.figures(sentence)
    triggers = [m.start() for m in _TRIGGER.finditer(sentence)]
    if not triggers:
        return found
    numbers = quantities(sentence.translate(cl.QUOTES))
    if not any(_worth_parsing(sentence, q, found, triggers) for q in numbers) and not _NO.search(sentence):
        return found
    added = [f for f in _parsed(sentence, numbers) if not _read(f.quantity.start, f.quantity.end, found)]
    unique = {(f.quantity.start, f.kind): f for f in added}
    return found + sorted(unique.values(), key=lambda f: f.quantity.start)


def _worth_parsing(sentence: str, q: Quantity, found: list[cl.Figure], triggers: list[int]) -> bool:
    """A number the word reader left unread, not an age or a date, within a few words of a casualty word."""
    return not _read(q.start, q.end, found) and any(abs(t - q.start) < NEAR for t in triggers) and \
        not cl.is_date_or_year(sentence, q)


def _read(start: int, end: int, found: list[cl.Figure]) -> bool:
    return any(f.quantity.start < end and start < f.quantity.end for f in found)


def _parsed(sentence: str, numbers: list[Quantity]) -> Iterator[cl.Figure]:
    nlp, matcher = _matcher()
    doc = nlp(sentence)
    for match_id, token_ids in matcher(doc):
        rule = nlp.vocab.strings[match_id]
        nodes = {node["RIGHT_ID"]: doc[i] for node, i in zip(_pattern(rule), token_ids)}
        trigger, people, none = nodes["trigger"], nodes.get("people"), rule.startswith(NONE)
        if not none and _killed_or_wounded(trigger) or people is not None and people.lower_ in cl.NOT_PEOPLE:
            continue
        for kind in _kinds(trigger, none):
            if none:
                yield _none(sentence, nodes["number"], people or trigger, kind, rule)
            else:
                yield from _counted(nodes["number"], people, kind, rule, numbers)


def _kinds(trigger, none: bool) -> list[str]:
    """The kinds of harm a casualty word reports; for "no one was injured or killed", each joined word's."""
    words = [trigger] + ([w for w in trigger.children if w.dep_ == "conj"] if none else [])
    kinds = {kind for w in words for kind in (("killed", "wounded") if w.lower_ in EITHER else (KIND_OF.get(w.lower_),))}
    return sorted(kinds - {None}) or ["killed"]


def _none(sentence: str, no, noun, kind: str, rule: str) -> cl.Figure:
    """0 of the people "no" counts ("no civilians", "no civilian casualties")."""
    population = next((cl.PERSON[w.lower_] for w in [noun, *noun.children] if w.lower_ in cl.PERSON), "unspecified")
    end = noun.idx + len(noun)
    return cl.Figure(Quantity(no.idx, end, sentence[no.idx:end], 0, 0, False), kind, population, rule)


def _counted(number, people, kind: str, rule: str, numbers: list[Quantity]) -> Iterator[cl.Figure]:
    """The count, and each conjunct of its noun with its own number ("4 soldiers and 2 civilians")."""
    quantity = next((q for q in numbers if q.start <= number.idx < q.end), None)
    if quantity is None:
        return
    yield cl.Figure(quantity, kind, cl.PERSON.get(people.lower_, "unspecified") if people is not None else "unspecified",
                    rule)
    for conjunct in people.conjuncts if people is not None else ():
        counts = [child for child in conjunct.children if child.dep_ == "nummod"]
        if counts and conjunct.lower_ not in cl.NOT_PEOPLE and conjunct.i > people.i:
            yield from _counted(counts[0], conjunct, kind, COORDINATED, numbers)


def _killed_or_wounded(trigger) -> bool:
    """"were killed or wounded", "injured or killed": a figure of casualties, not of either kind."""
    joined = [trigger.head] if trigger.dep_ == "conj" else []
    joined += [child for child in trigger.children if child.dep_ == "conj"]
    alternative = any(child.dep_ == "cc" and child.lower_ == "or"
                      for token in [trigger] + joined[:1] for child in token.children)
    return alternative and any(KIND_OF.get(t.lower_) not in (None, KIND_OF.get(trigger.lower_)) for t in joined)


@lru_cache(maxsize=None)
def _pattern(rule_id: str) -> list[dict]:
    return next(rule["pattern"] for rule in RULES["patterns"] if rule["id"] == rule_id)
