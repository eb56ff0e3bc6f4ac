"""Who says a figure: the claimant type read from the claimant's own words through the claimants
file (rules/claimants.toml) and the actors file. The body named first decides ("a senior official
at Mekele hospital" is medical); a fighting party speaks as a belligerent (a military, an armed
group, its spokesman or its own media), and so does any body of a state alleged to have struck;
titles ("Governor X", "officials") count only where no body and no armed party is named. An armed
group's civilian bodies keep their type ("the Houthi health ministry" is a government's voice)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from civcas.extract import actors
from civcas.extract.parties import PRONOUNS, party_mentions
from civcas.model import DEFAULT_COALITION, PARTIES, PARTY_BY_NAME, fold_party

CLAIMANTS_FILE = Path(__file__).with_name("rules") / "claimants.toml"
#: Bodies whose type an alleged state's name makes `belligerent` ("Russia's foreign ministry",
#: "Iraqi state media"); a hospital, a monitor or the press keep theirs ("a Palestinian doctor").
STATE_VOICES = {"government", "official", "belligerent"}
_ACTOR_BY_ID = {p.id: p for p in PARTIES}


@dataclass(frozen=True)
class Entry:
    """One table of the claimants file: its words' claimant type, a speaker's type, the outlet's
    owner, the type when a state is named with it."""
    id: str
    type: str
    speaker: Optional[str] = None
    owner: Optional[str] = None         # actor name
    state: Optional[str] = None


def _compiled(words: list[str], patterns: tuple[str, ...] = ()) -> re.Pattern:
    return re.compile("|".join([rf"(?<![\w-])(?:{actors.trie_pattern(words)})(?![\w-])", *patterns]))


class _Table:
    """The compiled claimants file: each body and title as one pattern (its words as a trie, and
    its `patterns`, regular expressions for what words cannot list: "NOPD", "LAPD")."""

    def __init__(self) -> None:
        with open(CLAIMANTS_FILE, "rb") as handle:
            data = tomllib.load(handle)
        self.entries: dict[str, list[tuple[Entry, re.Pattern]]] = {
            section: [(Entry(row["id"], row["type"], row.get("speaker"),
                             _ACTOR_BY_ID[row["owner"]].name if "owner" in row else None, row.get("state")),
                       _compiled(row["words"], row.get("patterns", ()))) for row in data[section]]
            for section in ("body", "title")}
        self.roles = _compiled(data["roles"]["words"])
        self.relayed = _compiled(data["unattributed"]["words"])
        self.continues = {row["direction"]: (row["id"], _compiled(row["words"])) for row in data["continues"]}
        unnamed = [w for row in data["title"] if row["type"] == "unnamed" for w in row["words"]]
        self.unnamed = re.compile(rf"(?:(?:the|some|other)\s+)?(?:{actors.trie_pattern(unnamed)})", re.IGNORECASE)

    def first(self, section: str, text: str) -> tuple[Optional[Entry], tuple[int, int]]:
        """The entry of the section named first in text (the longer words on a tie), and where."""
        found = [(m.start(), -m.end(), entry) for entry, pattern in self.entries[section]
                 for m in [pattern.search(text)] if m]
        if not found:
            return None, (0, 0)
        start, end, entry = min(found, key=lambda f: f[:2])
        return entry, (start, -end)


@lru_cache(maxsize=1)
def table() -> _Table:
    return _Table()


#: Bodies whose own publications give their own counts: a monitor's or a medical charity's report
#: speaks for it where it quotes no one (a news outlet's for itself: `journalist`).
OWN_REPORTS = {"monitor", "medical"}


def outlet_type(outlet: Optional[str]) -> str:
    """The claimant type of a figure the report gives as its own: its outlet's, when the outlet is
    a monitor or a medical charity ("Airwars", "MSF statement"), else `journalist`."""
    body, _ = table().first("body", outlet or "")
    return body.type if body and body.type in OWN_REPORTS else "journalist"


def unnamed_source(described: Optional[str]) -> bool:
    """A claimant that names no one: none, an unresolved pronoun, "sources", "initial reports"."""
    return not described or described.lower() in PRONOUNS or bool(table().unnamed.fullmatch(described))


def relayed(sentence: str) -> bool:
    """Whether a sentence relays its figure from unnamed reports ("reportedly", "was said to")."""
    return bool(table().relayed.search(sentence))


def continues(sentence: str, direction: str) -> Optional[str]:
    """The id of the rule by which a sentence's figure continues the count of the sentence before
    ("back": "five women were among the dead") or adds to the one before ("ahead": "16 others")."""
    rule, pattern = table().continues[direction]
    return rule if pattern.search(sentence) else None


def _named_parties(described: str, coalition: str, home: Optional[str]) -> tuple[set[str], bool]:
    """The parties the claimant's words name (aliases, force phrases, states' names and adjectives),
    and whether one of them is named as a fighting body (an armed group, a coalition, X's forces)."""
    mentions = party_mentions(described, coalition, home)
    named = {m.party for m in mentions} | set(actors.forms_named(described))
    armed = any(m.rule == "force" for m in mentions) or any(_armed_group(p) for p in named)
    return named, armed


def speaks_for(claimant: Optional[str]) -> set[str]:
    """The parties a claimant as written names ("a KIA spokesman", "the Houthi health ministry",
    "ISAF"): whose side its figure is."""
    return _named_parties(claimant, DEFAULT_COALITION, None)[0] if claimant else set()


def _armed_group(party: str) -> bool:
    return party in PARTY_BY_NAME and PARTY_BY_NAME[party].kind != "state forces"


def _outside_group_names(described: str, coalition: str, home: Optional[str]) -> str:
    """The claimant's words less armed groups' names, whose words name no body ("the Tigray
    People's Liberation Front" holds no people, "Popular Mobilization Forces" no forces)."""
    for m in party_mentions(described, coalition, home):
        if _armed_group(m.party):
            described = described[:m.start] + " " * (m.end - m.start) + described[m.end:]
    return described


def claimant_type(described: Optional[str], alleged: list[str], coalition: str = DEFAULT_COALITION,
                  home: Optional[str] = None) -> str:
    """The model's claimant type of a claimant as written with its appositive; no claimant at all
    is the outlet's own statement (`journalist`)."""
    if not described:
        return "journalist"
    if unnamed_source(described):
        return "unnamed"
    rules = table()
    named, armed = _named_parties(described, coalition, home)
    words = _outside_group_names(described, coalition, home)
    body, span = rules.first("body", words)
    if body and body.owner:
        named.add(body.owner)
        armed = armed or _armed_group(body.owner)
    speaking = {fold_party(p) for p in named} & {fold_party(p) for p in alleged}
    if speaking and (body is None or body.type == "belligerent" or
                     body.type in STATE_VOICES and any(not _armed_group(p) for p in named if fold_party(p) in speaking)):
        return "belligerent"
    if body:
        if body.type == "belligerent" or (armed and (body.owner or body.type == "journalist")):
            return "belligerent"           # a military; an armed group's own media ("Houthi media")
        if body.state and any(not _armed_group(p) for p in named):
            return body.state              # "the Afghan authorities": a state's
        outside = words[:span[0]] + " " + words[span[1]:]
        return body.speaker if body.speaker and rules.roles.search(outside) else body.type
    if armed:
        return "belligerent"
    title, _ = rules.first("title", words)
    if title:
        return title.type
    if named:
        return "government"
    return "local" if described[:1].isupper() else "unnamed"
