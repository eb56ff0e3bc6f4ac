"""GVA's gold is one killed and one injured total per report: these helpers turn a report's claims into
that total, for the benchmark only (the product keeps every claim with its sentence and never sums
them into one report figure)."""
from __future__ import annotations

import re
from collections import defaultdict

from civcas.extract import PERSONAL_PRONOUNS
from civcas.extract import claims as cl
from civcas.extract.numbers import quantities
from civcas.model import Claim, ReportFacts
from civcas.text import fold

NOT_A_NAME = PERSONAL_PRONOUNS | {"nobody", "both", "dead", "none", "no", "two", "three", "all"}


def report_total(facts: ReportFacts, kind: str = "killed") -> int:
    """A report's own figure for its incident: the largest lower bound it states, or the number of
    different people it describes one by one when that is more ("Joshua Haber, 19, died ... Josh
    Williams, 20, died"). People are told apart by their names: unnamed descriptions ("a
    16-year-old", "the victim") may all be one person. People shot and counted one by one who then
    died are not also wounded."""
    here = [c for c in facts.claims if c.kind == kind and c.scope == "incident"]
    implied = [c for c in here if c.min == c.max == 1 and not quantities(c.qualifier)]
    # a lone surname is a person among the wounded ("Hendrickson was shot in the face, and Shively in
    # the back"); among the dead it was more often someone named in full where the reader missed it
    # (GVA killed 0.771 → 0.768 when counted), so the dead need full names
    named = _people([c for c in implied if _is_name(c.qualifier) and (kind != "killed" or " " in c.qualifier)],
                    facts.names)
    if kind == "killed":
        return max([c.min for c in here] + [len(named)] + [_sentence_sum(group) for group in _by_sentence(here)])
    described = any(not _is_name(c.qualifier) for c in implied)   # "he was accidentally shot" is someone too
    one_by_one = max(len(named), int(described))   # "a 16-year-old" and "the victim" are one person
    alive = [c for c in implied if SURVIVED.search(c.sentence)]
    survivors = len(_people([c for c in alive if _is_name(c.qualifier)], facts.names)) + \
        any(not _is_name(c.qualifier) for c in alive)          # told as treated, stable, recovering
    killed = report_total(facts, "killed")
    stated = [c.min - killed if _all_shot(c) else c.min for c in here if c not in implied]
    return max(stated + [max(survivors, one_by_one - killed)])


SURVIVED = re.compile(r"\b(?:treated|released|stable|expected\s+to\s+(?:survive|recover|live)|survived|"
                      r"non-life-threatening|recovering|in\s+(?:good|fair|serious|critical)\s+condition|graze)\b",
                      re.IGNORECASE)
_SHOT_AFTER = re.compile(r"^(?!\W*(?:other|others|more|additional|further)\b)"      # "three other victims": not the dead
                         r"\W*(?:[\w-]+\s+){0,5}?(?:were|was|have\s+been|had\s+been|been|are|got)\s+shot\b(?!\s+and\b)"
                         r"(?![^.;]*\b(?:survived|wounded|injured)\b)", re.IGNORECASE)


def _all_shot(claim: Claim) -> bool:
    """"Four people were shot" counts the dead too: the wounded are those shot less those killed."""
    at = claim.sentence.find(claim.qualifier)
    return at >= 0 and bool(_SHOT_AFTER.match(claim.sentence[at + len(claim.qualifier):]))


JOINED = re.compile(r"^[^,;:()—–-]{0,60}\b(?:and|before|then)\b[^,;:()—–-]{0,40}$")


def _by_sentence(claims: list[Claim]) -> list[list[Claim]]:
    groups: dict[str, dict[tuple[int, int], Claim]] = defaultdict(dict)
    for c in claims:
        groups[c.sentence].setdefault((c.start, c.end), c)
    return [sorted(g.values(), key=lambda c: c.start) for g in groups.values()]


def _sentence_sum(claims: list[Claim]) -> int:
    """Victims joined by 'and', 'then' or 'before' in one sentence add up ("two children and their
    father were found dead", "shot and killed his girlfriend and then fatally shot three men",
    "killed his son before fatally shooting himself"); a figure after a comma ("…, including two
    children") or overlapping another does not."""
    first = claims[0]
    offset = first.start - max(0, first.sentence.find(first.qualifier))
    total, end = first.min, first.end
    for c in claims[1:]:
        between = first.sentence[max(0, end - offset):max(0, c.start - offset)]
        if c.start < end or not JOINED.match(between):
            continue
        total, end = total + c.min, c.end
    return total


def _people(named: list[Claim], names: list[str]) -> set[str]:
    """Distinct people among claims naming them: a person is known by the last word of the name,
    and a lone first name or surname ("Jasmine", "Smith") is whoever's full name holds it."""
    full = [n.split() for n in names if " " in n and not n.startswith("t:")]
    keys = set()
    for c in named:
        words = fold(c.qualifier).split()
        owner = next((n for n in full if words[0] in n), None) if len(words) == 1 else words
        keys.add((owner or words)[-1])
    return keys


def _is_name(text: str) -> bool:
    """"Amos Rudd", "Shively", not "A Portsmouth Man" (a headline's capitals describe someone) nor "He"."""
    words = text.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in ("al", "bin", "de") for w in words) and \
        not any(w.lower() in cl.DETERMINER_ONE or w.lower() in cl.PERSON or w.lower() in NOT_A_NAME for w in words)
