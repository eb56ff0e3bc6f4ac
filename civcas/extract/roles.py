"""Who strikes in an attack sentence, from spaCy's dependency parse: whether a party the actors
file finds there is the agent of the attack (subject of an attack verb, "strikes by X", "a
Coalition missile", the one blamed), its target ("strikes against al-Shabaab") or a speaker
("Russia denies", "Russia blames Ukraine") — what words around a name cannot tell. The patterns
are data (rules/strikers.toml, each with an id and a role)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from civcas.extract.nlp import parser

RULES_FILE = Path(__file__).with_name("rules") / "strikers.toml"
AGENT, TARGET, SPEAKER = "agent", "target", "speaker"     # and "background", "unclear": neither
# what ties a word to the phrase it belongs to: "Somali and US forces", "Houthi positions"
_COORDINATED = {"conj", "appos"}
_MODIFIER = {"compound", "amod", "poss", "nmod", "npadvmod"}


@dataclass(frozen=True)
class Role:
    role: str           # a role of rules/strikers.toml
    rule: str           # the id of the pattern that gave it


@lru_cache(maxsize=1)
def rules() -> dict:
    with open(RULES_FILE, "rb") as handle:
        data = tomllib.load(handle)
    words = data["words"]

    def expand(value):
        """A pattern with each "@name" replaced by the word list `name`."""
        if isinstance(value, str) and value.startswith("@"):
            return words[value[1:]]
        if isinstance(value, dict):
            return {k: expand(v) for k, v in value.items()}
        if isinstance(value, list):
            return [expand(v) for v in value]
        return value
    for rule in data["patterns"]:
        rule["pattern"] = expand(rule["pattern"])
    return data


@lru_cache(maxsize=1)
def _matcher():
    from spacy.matcher import DependencyMatcher
    nlp = parser()
    matcher = DependencyMatcher(nlp.vocab)
    for rule in rules()["patterns"]:
        matcher.add(rule["id"], [rule["pattern"]])
    return nlp, matcher


def _phrase_head(token):
    """The word whose relation to the clause is the party's: up through coordination and
    apposition, and through a noun the party modifies unless that noun is a strike or weapon;
    None for an adjective of a person's name."""
    attack_nouns = set(rules()["words"]["attack_nouns"])
    while token.head is not token:
        if token.dep_ in _MODIFIER and token.head.tag_ == "NNP" and token.tag_ == "JJ":
            return None                      # "Turkish President Erdogan": a person's office
        if token.dep_ in _COORDINATED or (token.dep_ in _MODIFIER and token.head.tag_.startswith("NN")
                                           and token.head.lower_ not in attack_nouns):
            token = token.head
        elif token.dep_ == "pobj" and token.head.dep_ == "conj" and token.head.head.dep_ in ("prep", "agent"):
            token = token.head.head          # "by A or by B": B stands where A does
            token = next((c for c in token.children if c.dep_ == "pobj"), token)
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.tag_.startswith("NN") \
                and token.head.head.lower_ not in attack_nouns:
            token = token.head.head          # "two terrorists of al-Shabaab"
        else:
            break
    return token


def roles(sentence: str, spans: list[tuple[int, int]]) -> list[Optional[Role]]:
    """The role of each party span (character offsets) in the sentence; None where no pattern
    gives one. Where patterns disagree on a word, the first in the file wins."""
    nlp, matcher = _matcher()
    doc = nlp(sentence)
    order = {rule["id"]: i for i, rule in enumerate(rules()["patterns"])}
    role_of = {rule["id"]: rule["role"] for rule in rules()["patterns"]}
    found: dict[int, str] = {}
    for match_id, token_ids in matcher(doc):
        rule = nlp.vocab.strings[match_id]
        attack = _node(rule, "attack")
        if attack is not None and any(child.dep_ == "neg" for child in doc[token_ids[attack]].children):
            continue                         # "its aviation did not carry out any combat tasks"
        party = token_ids[_node(rule, "party")]
        if party not in found or order[rule] < order[found[party]]:
            found[party] = rule
    out = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        rule = None
        # a name the parse splits ("the Islamic State | in the Greater Sahara"): each of its roots
        for root in ([span.root] + [t for t in span if t is not span.root and not span.start <= t.head.i < span.end]
                     if span is not None else []):
            head = _phrase_head(root)
            rule = (found.get(head.i) or found.get(root.i)) if head is not None else None
            if rule:
                break
        out.append(Role(role_of[rule], rule) if rule else None)
    return out


@lru_cache(maxsize=None)
def _node(rule_id: str, name: str) -> Optional[int]:
    """The position of a named node in a rule's pattern (as the matcher returns its tokens)."""
    pattern = next(rule["pattern"] for rule in rules()["patterns"] if rule["id"] == rule_id)
    return next((i for i, node in enumerate(pattern) if node["RIGHT_ID"] == name), None)
