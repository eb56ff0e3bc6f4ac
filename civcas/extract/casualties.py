"""Casualty figures from the dependency parse: the grammar the word reader (claims.py) misses —
coordinated counts ("35 fighters and 8 civilians died"), counts of casualty nouns ("the martyrdom
of 5 citizens", "the bodies of 12 people"), "lost their lives", "no civilians were harmed", and
the parts a figure names ("killed 12 people, including a 15-year-old girl": 1 child, killed). The
patterns are data (rules/casualties.toml, each with the id its claims record); only sentences with
a number or a "no" the word reader left unread, or an "including" after a figure, are parsed, so
the extract stage keeps its speed."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from civcas.extract import claims as cl
from civcas.extract.nlp import parser
from civcas.extract.numbers import Quantity, quantities

RULES_FILE = Path(__file__).with_name("rules") / "casualties.toml"
with open(RULES_FILE, "rb") as _handle:
    RULES = tomllib.load(_handle)
KIND_OF = {word: kind for kind in ("killed", "wounded") for word in RULES["words"][kind]}
EITHER = set(RULES["words"]["either"])
COORDINATED = "count.dep.coordinated"
PART = "count.dep.part"           # the parts a figure names: their kind is the figure's, not a word's
NEAR = 80                        # characters between an unread number and a casualty word worth a parse
NONE = "count.dep.none"           # and "count.dep.none-casualties": a figure of 0
# a casualty word the parse could bind a count to, and the "no" of "no civilians were killed"
_TRIGGER = re.compile(r"\b(?:kill|die|dies|died|dead|perish|martyr|neutrali[sz]|slay|slain|massacr|death|killing|toll|"
                      r"bod(?:y|ies)|fatalit|casualt|wound|injur|hurt|harm|lost\s+(?:their|his|her)\s+li(?:fe|ves))",
                      re.IGNORECASE)
_INCLUDING = re.compile(r"\binclud(?:ing|es?|ed)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:]")
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
    """The word reader's figures of a sentence, and those the parse adds where it left a number
    unread or a figure names its parts."""
    found = cl.figures(sentence)
    triggers = [m.start() for m in _TRIGGER.finditer(sentence)]
    if not triggers:
        return found
    numbers = quantities(sentence.translate(cl.QUOTES))
    unread = any(_worth_parsing(sentence, q, found, triggers) for q in numbers) or bool(_NO.search(sentence))
    parts = any(q.end <= m.start() for m in _INCLUDING.finditer(sentence) for q in numbers)
    if not unread and not parts:
        return found
    doc, matches = _matches(sentence)
    if unread:
        added = [f for f in _parsed(doc, matches, sentence, numbers) if not _read(f.quantity, found)]
        found = found + sorted({(f.quantity.start, f.kind): f for f in added}.values(), key=lambda f: f.quantity.start)
    named = [f for f in _parts(doc, matches, found, numbers) if not _read(f.quantity, found)]
    return found + sorted({(f.quantity.start, f.kind): f for f in named}.values(), key=lambda f: f.quantity.start)


def _worth_parsing(sentence: str, q: Quantity, found: list[cl.Figure], triggers: list[int]) -> bool:
    """A number the word reader left unread, not an age or a date, within a few words of a casualty word."""
    return not _read(q, found) and any(abs(t - q.start) < NEAR for t in triggers) and \
        not cl.is_date_or_year(sentence, q)


def _read(q: Quantity, found: list[cl.Figure]) -> bool:
    """A number some figure already counts: one over it with its value (not a sum it sits in, as
    "six children and four women were killed" is 10 to the word reader, and 6 and 4 to the parse)."""
    return any(f.quantity.start < q.end and q.start < f.quantity.end and f.quantity.min == q.min for f in found)


def _matches(sentence: str):
    """The parse of a sentence and its rule matches: (doc, [(rule id, {node name: token})])."""
    nlp, matcher = _matcher()
    doc = nlp(sentence)
    return doc, [(nlp.vocab.strings[match_id], {node["RIGHT_ID"]: doc[i] for node, i in
                                                zip(_pattern(nlp.vocab.strings[match_id]), token_ids)})
                 for match_id, token_ids in matcher(doc)]


def _parsed(doc, matches, sentence: str, numbers: list[Quantity]) -> Iterator[cl.Figure]:
    for rule, nodes in matches:
        if rule.startswith(PART):
            continue
        trigger, people, none = nodes["trigger"], nodes.get("people"), rule.startswith(NONE)
        if not none and (_killed_or_wounded(trigger) or _unreal(trigger)) or \
                people is not None and people.lower_ in cl.NOT_PEOPLE:
            continue
        for kind in _kinds(trigger, none):
            if none:
                yield _none(sentence, nodes["number"], people or trigger, kind, rule)
            else:
                yield from _counted(nodes["number"], people, kind, rule, numbers)


def _parts(doc, matches, found: list[cl.Figure], numbers: list[Quantity]) -> Iterator[cl.Figure]:
    """The people a figure names as among its own ("killed 12 people, including a 15-year-old girl
    and two boys"): each counted one is a figure of the kind of the figure before it in its clause."""
    for rule, nodes in matches:
        if not rule.startswith(PART):
            continue
        including = nodes["including"]
        whole = max((f for f in found if f.quantity.end <= including.idx and
                     not _CLAUSE_BREAK.search(doc.text, f.quantity.end, including.idx)),
                    key=lambda f: f.quantity.end, default=None)
        if whole is None or whole.kind not in ("killed", "wounded"):
            continue
        for people in [nodes["people"], *nodes["people"].conjuncts]:
            part = _one_part(people, numbers)
            if part is not None and (people.lower_ in cl.PERSON or people.lower_ in cl.SINGULAR):   # not "two exit wounds"
                yield cl.Figure(part, whole.kind, _population(people), rule)


def _one_part(people, numbers: list[Quantity]) -> Optional[Quantity]:
    """The count of one named part: its number ("five children"), or 1 for one person ("a child",
    "a six-year-old boy"); None for a noun that counts no one ("the child's father" is told, not counted)."""
    count = next((child for child in people.children if child.dep_ == "nummod"), None)
    if count is not None:
        return next((q for q in numbers if q.start <= count.idx < q.end), None)
    one = next((child for child in people.children if child.dep_ == "det" and child.lower_ in ("a", "an", "one")), None)
    if one is None or people.lower_ not in cl.SINGULAR:
        return None
    end = people.idx + len(people)
    return Quantity(one.idx, end, people.doc.text[one.idx:end], 1, 1, False)


def _population(people) -> str:
    return cl.SINGULAR_POPULATION.get(people.lower_, cl.PERSON.get(people.lower_, "unspecified"))


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
    yield cl.Figure(quantity, kind, _population(people) if people is not None else "unspecified", rule)
    for conjunct in people.conjuncts if people is not None else ():
        counts = [child for child in conjunct.children if child.dep_ == "nummod"]
        if counts and conjunct.lower_ not in cl.NOT_PEOPLE and conjunct.i > people.i:
            yield from _counted(counts[0], conjunct, kind, COORDINATED, numbers)


def _unreal(trigger) -> bool:
    """"threatened to kill 5 hostages", "could kill dozens": a casualty verb that reports no harm done."""
    return any(child.dep_ == "aux" and child.lower_ in cl.UNREAL_KILL for child in trigger.children)


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
