"""Who a text names as an armed actor, read through the actors file (rules/actors.toml): aliases
anywhere, a state's adjective or name in a force phrase ("Nigerian army warplanes", "Nigeria's
air force", "Somali and US forces"), as the subject of an attack verb or after a blame, and the
report's own state behind "the junta" or "government forces". An armed body the file lacks is
kept as written where it stands as the striker of an attack sentence.

Every list of the file is compiled into one regular expression shaped as a trie (shared prefixes
factored), so a text is scanned once, whatever the number of aliases."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from civcas.model import ACTORS_FILE, PARTIES, PLACES_FILE

#: Stands for the report's own state ("the junta"): the caller resolves it to a party.
HOME = "\x00home"
#: The parties that are states' forces (not armed groups or coalitions).
STATE_FORCES = frozenset(p.name for p in PARTIES if p.kind == "state forces")

_APOSTROPHES = "'’"


def unlisted_states(rows: list[dict], words: dict[str, list[str]]) -> list[tuple[str, str, list[str]]]:
    """(id, country, words) of every state party a language's [[actor]] rows lack, with its
    people's words in that language's [states] table (actors.toml): the rows it reads them by."""
    listed = {row["id"] for row in rows}
    return [(p.id, p.country, words[p.country]) for p in PARTIES
            if p.kind == "state forces" and p.id not in listed and p.country in words]


@lru_cache(maxsize=1)
def rules() -> dict:
    with open(ACTORS_FILE, "rb") as handle:
        return tomllib.load(handle)


def _acronym(word: str) -> bool:
    """Matched as written: all capitals ("US", "U.S.", "CJTF-OIR") or two capitals in one word
    ("LeT", "FAMa", "IS-K")."""
    letters = re.sub(r"[\W_\d]", "", word)
    return bool(letters) and (letters.isupper() or (" " not in word and sum(c.isupper() for c in letters) >= 2))


def _tokens(phrase: str) -> list[str]:
    """A phrase as regex tokens: spaces and hyphens loosened, letters in either case unless it is
    an acronym, a plural "s" ("es" after a sibilant) allowed after a lower-case end."""
    exact = _acronym(phrase)
    out = []
    for ch in phrase:
        if ch == " ":
            out.append(r"\s+")
        elif ch == "-":
            out.append(r"\s*-\s*")
        elif ch in _APOSTROPHES:
            out.append("['’]")
        elif ch.isalpha() and not exact and ch.lower() != ch.upper():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        else:
            out.append(re.escape(ch))
    if not exact and phrase[-1].islower():
        out.append("(?:es)?" if re.search(r"(?:[sxz]|[cs]h)$", phrase) else "s?")     # "witnesses", "churches"
    return out


def trie_pattern(phrases: Iterable[str]) -> str:
    """One alternation for all phrases, shaped as a trie; a longer phrase is tried before a prefix
    (an optional plural "s" last: "Burkina Faso" before "Burkina")."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for token in _tokens(phrase):
            node = node.setdefault(token, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [token + emit(child) for token, child in sorted(node.items(), key=lambda kv: kv[0] == "s?")
                    if token]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return emit(root)


def key(phrase: str) -> str:
    """What a matched phrase is looked up by: lower case, spaces collapsed, one apostrophe."""
    phrase = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", phrase.strip()))
    return phrase.replace("’", "'").lower()


def lookup(table: dict, matched: str):
    """A table's value for a matched phrase, by its key or its key less a plural "s" or "es"."""
    k = key(matched)
    return table.get(k) or (table.get(k[:-1]) if k.endswith("s") else None) or \
        (table.get(k[:-2]) if k.endswith("es") else None)


@dataclass(frozen=True)
class Reading:
    """One place a text names actors: `parties` (HOME for the report's own state) and how
    (`rule`: alias, force, subject, blame)."""
    start: int
    end: int
    parties: tuple[str, ...]
    rule: str


class _Matcher:
    """The compiled actors file."""

    def __init__(self) -> None:
        data = rules()
        forces, home = data["forces"], data["home"]
        aliases = [(alias, party.name) for party in PARTIES for alias in party.aliases] + \
            [(alias, HOME) for alias in home["aliases"]]
        forms = [(form, (party.name, False)) for party in PARTIES for form in party.adjectives] + \
            [(form, (party.name, True)) for party in PARTIES for form in party.names] + \
            [(form, (HOME, False)) for form in home["adjectives"]]
        self.alias_of: dict[str, str] = {}
        for alias, party in aliases:
            self.alias_of.setdefault(key(alias), party)
        self.form_of: dict[str, tuple[str, bool]] = {}      # form -> (party, is a country's name)
        for form, reading in forms:
            self.form_of.setdefault(key(form), reading)
        self.strike_words = {key(w) for w in forces["strikes"]}
        self.irregulars = {key(w): True for w in forces["irregulars"]}
        #: single words that, after "X's", make it X's forces or deeds ("Israel's assault")
        self.force_words = {key(w) for w in forces["words"] + forces["strikes"] + forces["modifiers"] if " " not in w}
        #: keys of countries' names: such a mention after "in", "near", "bordering" is a place
        self.country_names = {key(n) for party in PARTIES for n in party.names}
        self.aliases = re.compile(rf"(?<![\w.-])(?:{trie_pattern(a for a, _ in aliases)})(?![\w-])")
        form = f"(?:{trie_pattern(f for f, _ in forms)})"
        self.form = re.compile(rf"(?<![\w.]){form}(?![\w])")       # within a joint phrase: "Iraqi-US"
        # "Somali and US forces", "Iraqi-US", "Somali, Kenyan and US troops" (a comma only in a list)
        joint = rf"(?P<forms>{form}(?:\s*[/-]\s*{form})*(?:(?:\s*,\s*{form})*(?:\s*,)?\s+and\s+(?:the\s+)?{form})?)"
        modifier = f"(?:{trie_pattern(forces['modifiers'])}|{forces['designation']})"
        head = trie_pattern(forces["words"] + forces["strikes"])
        self.phrase = re.compile(rf"(?<![\w.-]){joint}(?:['’]s)?(?:\s*-\s*led)?(?:[\s-]+{modifier}){{0,3}}"
                                 rf"\s+(?P<head>{head})(?![\w-])")
        self.subject = re.compile(rf"(?<![\w.-]){joint}\s+(?:(?:has|have|had)\s+)?(?:{trie_pattern(forces['verbs'])})"
                                  rf"(?![\w-])(?!\s+by\b)")
        # "blamed Ukraine", "blamed on Ukraine", "blamed the shelling on Ukraine"
        self.blamed = re.compile(rf"(?<![\w-])(?:{trie_pattern(forces['blame'])})\s+(?:(?:[\w-]+\s+){{1,4}}?on\s+)?"
                                 rf"(?:the\s+)?{joint}(?![\w-])")

    def _forms(self, text: str, start: int, end: int, strike: bool, irregular: bool = False) -> tuple[str, ...]:
        """The parties of the adjectives and names in text[start:end]; a country's name before a
        strike word is a place, not a party; before irregulars' words, not its state forces."""
        out = []
        for m in self.form.finditer(text, start, end):
            party, is_name = self.form_of.get(key(m.group(0))) or self.form_of[key(m.group(0))[:-1]]
            if not (is_name and strike) and not (irregular and party in STATE_FORCES) and party not in out:
                out.append(party)
        return tuple(out)

    def readings(self, text: str) -> list[Reading]:
        """Non-overlapping readings: the longest words first; on equal words an alias wins."""
        found: list[tuple[int, int, Reading]] = []
        for m in self.aliases.finditer(text):
            party = lookup(self.alias_of, m.group(0))
            if party:
                found.append((0, m.end() - m.start(), Reading(m.start(), m.end(), (party,), "alias")))
        for rule, pattern in (("force", self.phrase), ("subject", self.subject), ("blame", self.blamed)):
            for m in pattern.finditer(text):
                # "the Sudan attack" is a place's, "Pakistan's airstrikes" the state's deed
                strike = rule == "force" and key(m.group("head")) in self.strike_words and \
                    text[m.end("forms"):m.end("forms") + 2] not in ("'s", "’s")
                irregular = rule == "force" and bool(lookup(self.irregulars, m.group("head")))
                parties = self._forms(text, m.start("forms"), m.end("forms"), strike, irregular)
                if parties:
                    start, end = (m.start("forms"), m.end("forms")) if rule != "force" else (m.start(), m.end())
                    found.append((1, end - start, Reading(start, end, parties, rule)))
        taken = bytearray(len(text) + 1)
        out = []
        for _, _, reading in sorted(found, key=lambda f: (-f[1], f[0], f[2].start)):
            if any(taken[reading.start:reading.end]):
                continue
            taken[reading.start:reading.end] = b"\x01" * (reading.end - reading.start)
            out.append(reading)
        return sorted(out, key=lambda r: r.start)


@lru_cache(maxsize=1)
def matcher() -> _Matcher:
    return _Matcher()


@lru_cache(maxsize=4096)
def readings(text: str) -> tuple[Reading, ...]:
    """The actors a text names (cached: the stages read one report's text several times)."""
    return tuple(matcher().readings(text))


def is_force_word(word: str) -> bool:
    """Whether a word names forces, weapons or a strike ("assault", "jets", "military")."""
    k = key(word)
    return k in matcher().force_words or (k.endswith("s") and k[:-1] in matcher().force_words)


def forms_named(text: str) -> tuple[str, ...]:
    """Parties whose adjective or country name a text holds anywhere ("the Russia-installed head",
    "a KIA spokesman"): whom a claimant speaks for, not who struck."""
    return tuple(p for p in matcher()._forms(text, 0, len(text), strike=False) if p != HOME)


def is_country_name(phrase: str) -> bool:
    return key(phrase) in matcher().country_names


def names_nation(phrase: str) -> bool:
    """Whether a phrase is only a country's name or adjective ("America", "Russian"), or its
    people's word where that is a party's alias ("Saudi", the Saudi-led coalition's)."""
    return lookup(matcher().form_of, phrase) is not None or key(phrase) in _peoples_words()


@lru_cache(maxsize=1)
def _peoples_words() -> frozenset[str]:
    with open(PLACES_FILE, "rb") as handle:
        demonyms = tomllib.load(handle)["demonyms"]["countries"]
    return frozenset(key(word) for words in demonyms.values() for word in words)


def canonical(name: str) -> str:
    """A party's canonical name for a name as written: an alias, an adjective or a country's name
    of the file ("Syria" is the Syrian government, "RSF" the Rapid Support Forces); else the name."""
    m = matcher()
    party = lookup(m.alias_of, name) or (m.form_of.get(key(name)) or (None,))[0]
    return party if party and party != HOME else " ".join(name.split())


# --- armed bodies the file lacks ----------------------------------------------------------------

_CONNECTOR = r"(?:of|for|and|the|al|el|wal|ad|ash|as|ul|e|i|du|de|des|la|le)"
_WORD = rf"(?:(?:al|el|ad|ash|as|ul)-)?[A-Z][\w'’]*(?:-[\w'’]+)*"
_NAME = rf"{_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_WORD}){{0,6}}"
_ACRONYM_AFTER = r"(?:\s*\([^()]{1,15}\))?"
_EVER = r"(?:(?:has|have|had|reportedly|allegedly|also|then|later|again)\s+)*"


class _Unknown:
    """The compiled `unknown` table: where a capitalised armed body stands as the striker."""

    def __init__(self) -> None:
        data = rules()["unknown"]
        self.heads, self.openers = set(data["heads"]), set(data["openers"])
        self.not_names, self.generic = set(data["not_names"]), set(data["generic"])
        self.members = set(data["members"])
        self.refused = list(data["refused"])
        members, verbs, attacks = (trie_pattern(data[k]) for k in ("members", "verbs", "attacks"))
        called = r"(?:(?:so-called|self-styled|self-declared|the)\s+)*"
        self.patterns = [re.compile(p) for p in (
            rf"(?<![\w-])(?P<name>{_NAME}){_ACRONYM_AFTER}(?:\s+{members})?\s+{_EVER}(?:{verbs})(?![\w-])",
            rf"(?<![\w-]){members}\s+(?:of|from|loyal\s+to|belonging\s+to)\s+{called}(?P<name>{_NAME})"
            rf"{_ACRONYM_AFTER}\s+{_EVER}(?:{verbs})(?![\w-])",
            rf"(?<![\w-])(?:{attacks}|carried\s+out|launched|conducted|perpetrated)\s+(?:[\w-]+\s+){{0,3}}?by\s+"
            rf"{called}(?P<name>{_NAME})",
            rf"(?<![\w-])(?:blamed\s+on|attributed\s+to)\s+{called}(?P<name>{_NAME})",
            rf"(?<![\w-])(?P<name>{_NAME}){_ACRONYM_AFTER}\s+{_EVER}claimed\s+responsibility",
        )]

    def name(self, written: str) -> Optional[str]:
        """The armed body's name as written, or None when the words are not one: it must end in
        a head word or open with an opener word, hold a word of its own (not only generic ones),
        and name no police, rescue or news body."""
        words = written.split()
        # "Fighters of the X Brigade" opening a sentence: the body is what follows
        while words and (words[0] in self.not_names or words[0].lower() in self.members or words[0].islower()):
            words = words[1:]
        if not words or not (words[-1] in self.heads or words[0] in self.openers):
            return None
        if any(w in self.refused for w in words) or any(" " in r and r in " ".join(words) for r in self.refused):
            return None
        own = [w for w in words if w[:1].isupper() and w not in self.generic and w not in self.heads]
        return " ".join(words) if own else None

    def find(self, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        out = []
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                start, end = m.span("name")
                if any(start < e and s < end for s, e in taken + [(s, e) for s, e, _ in out]):
                    continue
                name = self.name(m.group("name"))
                if name:
                    start = end - len(name) if text[start:end].endswith(name) else start
                    out.append((start, end, name))
        return sorted(out)


@lru_cache(maxsize=1)
def _unknown() -> _Unknown:
    return _Unknown()


def unknown_strikers(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, name as written) of armed bodies the file lacks that a sentence presents as
    striking ("fighters of the Northern Hills Brigade shelled ...", "an attack by the X Front",
    "X claimed responsibility"), outside the spans `taken` by known actors."""
    return _unknown().find(text, taken)
