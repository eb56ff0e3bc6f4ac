"""Scope, decided in one place: whether a sentence (and a figure in it) tells of the report's own
incident, of another strike mentioned in passing (`other`) or of a tally across many
(`cumulative`). Every decision names the rule that made it; the wording rules are data
(rules/scope.toml), the steps that use the rest of the reading (dates, parties) are here."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol

from civcas.extract.dates import same_period

INCIDENT = "incident"
RULES_FILE = Path(__file__).with_name("rules") / "scope.toml"
OTHER_PERIOD = "scope.other.period"           # a date a week or more away, or another month
OTHER_PARTY = "scope.other.party"             # another party's strike, mentioned in passing


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern


def _load() -> dict[str, list[Rule]]:
    with open(RULES_FILE, "rb") as handle:
        data = tomllib.load(handle)
    return {section: [Rule(e["id"], re.compile(e["pattern"], re.IGNORECASE)) for e in entries]
            for section, entries in data.items() if isinstance(entries, list)}    # not the languages' tables


RULES = _load()


def _first(section: str, text: str) -> Optional[Rule]:
    return next((rule for rule in RULES[section] if rule.pattern.search(text)), None)


def _outside_comparison(text: str) -> str:
    """A sentence less its "the deadliest … since …" clause, which tells of the earlier event."""
    compared = RULES["comparison"][0].pattern.search(text)
    return text[:compared.start()] + " " + text[compared.end():] if compared else text


def is_tally(text: str) -> bool:
    return _first("cumulative", _outside_comparison(text)) is not None


def sentence_scope(text: str, next_to_tally: bool) -> tuple[str, str]:
    """(scope, rule id): cumulative (a tally across many incidents) | other (another strike) |
    incident (rule id "" when nothing moved it)."""
    own = _outside_comparison(text)
    for scope in ("cumulative", "other"):
        rule = _first(scope, own)
        if rule:
            return scope, rule.id
    if next_to_tally and not RULES["anchor"][0].pattern.search(text):
        return "cumulative", "scope.tally.neighbour"
    return INCIDENT, ""


def figure_scope(text: str, position: int, scope: str, rule: str) -> tuple[str, str]:
    """A figure inside the "the deadliest … since …" clause of its sentence is the earlier event's."""
    compared = RULES["comparison"][0]
    found = compared.pattern.search(text)
    if found and found.start() <= position < found.end():
        return "other", compared.id
    return scope, rule


class Read(Protocol):
    """What the scope steps need of a sentence's reading (extract's `_Sentence`)."""
    scope: str
    scope_rule: str
    dates: list
    agents: list[str]

    @property
    def text(self) -> str: ...

    @property
    def paragraph(self) -> int: ...


def by_wording(read: list[Read]) -> None:
    """A sentence is a tally when it says so, or when a neighbour in its paragraph is one and it
    does not point at this incident ("In March, the monitor blamed ... for 2,967 deaths"); "Of
    those, 128 were killed in air raids" takes the previous sentence's scope."""
    marked = [is_tally(r.text) for r in read]
    anaphora = RULES["anaphora"][0]
    for i, r in enumerate(read):
        near = any(marked[j] and read[j].paragraph == r.paragraph for j in (i - 1, i + 1) if 0 <= j < len(read))
        r.scope, r.scope_rule = sentence_scope(r.text, near)
        if i and anaphora.pattern.match(r.text) and read[i - 1].scope != INCIDENT:
            r.scope, r.scope_rule = read[i - 1].scope, anaphora.id


def _other_period(m, date: dt.date, precision: str) -> bool:
    """A date that puts a sentence on another event: a different month named, or a day more than
    a week before or after (a toll rising two days later is still this incident)."""
    if m.about_statement or m.background:
        return False
    if m.precision == "day":
        return abs((m.date - date).days) > 7
    return not same_period(m.date, m.precision, date) and not same_period(date, precision, m.date)


def by_period(read: list[Read], date: dt.date, precision: str) -> None:
    """Incident sentences dated away from the incident's date tell of another event."""
    for r in read:
        if r.scope == INCIDENT and any(_other_period(m, date, precision) for m in r.dates):
            r.scope, r.scope_rule = "other", OTHER_PERIOD


def by_party(read: list[Read], striking: set[str], fold) -> None:
    """Incident sentences naming only parties other than the report's strikers tell of their strikes."""
    for r in read:
        if r.scope == INCIDENT and r.agents and not striking & {fold(p) for p in r.agents}:
            r.scope, r.scope_rule = "other", OTHER_PARTY
