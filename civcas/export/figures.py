"""What the flat exports and the incident page say of an incident: its death figures, its
killed and wounded totals with their breakdowns, and a one-sentence summary, all from the
incident record (so every exporter and the page state one thing).

Deaths: the incident's "all the dead" figures are its incident-scope `killed` claims about people of
unstated status. `low` is the lowest of them, `high` the highest, `best` their median — but none is
ever below the incident's civilian deaths (`civilian_deaths_min`, the assess stage's rule): a
partial figure ("after four of the wounded died" → 4) is a part of the dead, not a count of them.
With no "all the dead" figure, the civilian deaths are the figures. ACLED `fatalities` is `low`
(ACLED codes the most conservative figure); UCDP `low`/`best`/`high` are the three.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Optional

from civcas.model import CIVILIAN_POPULATIONS, PARTY_BY_NAME, period_words

#: the groups of people a breakdown names, in the order a page lists them
BREAKDOWN = ("children", "women", "men", "civilians", "fighters", "soldiers", "police")


@dataclass(frozen=True)
class Deaths:
    low: int
    best: int
    high: int
    civilians: int            # the incident's civilian deaths (its lower bound)


def _incident_claims(record: dict, kind: str, population: Optional[str] = None) -> list[dict]:
    return [c for c in record["claims"] if c["kind"] == kind and c["scope"] == "incident"
            and (population is None or c["population"] == population)]


def _range(claims: list[dict], floor: int = 0, ceiling: int = 0) -> tuple[int, int, int]:
    lows = [c["min"] for c in claims]
    highs = [c["max"] if c["max"] is not None else c["min"] for c in claims]
    low = max(min(lows, default=0), floor)
    high = max([low, ceiling, *highs])
    return low, min(max(int(statistics.median(lows)) if lows else low, low), high), high


def deaths(record: dict) -> Deaths:
    civilians_low = record.get("civilian_deaths_min") or 0
    low, best, high = _range(_incident_claims(record, "killed", "unspecified"), civilians_low,
                             record.get("civilian_deaths_max") or civilians_low)
    return Deaths(low, best, high, civilians_low)


@dataclass(frozen=True)
class Total:
    """One line of an incident's totals: a kind (killed, wounded) of a group of people, the
    lowest and highest figure the reports give, and the claims that give them."""
    kind: str
    population: str
    low: int
    high: int
    claim_ids: tuple


def totals(record: dict) -> list[Total]:
    """Killed and wounded in all (the rule of `deaths` for the dead; the same range of the
    reports' figures for the wounded), then each group a report counts apart (children, women,
    men, …) — only the groups the reports name."""
    out = []
    for kind in ("killed", "wounded"):
        everyone = _incident_claims(record, kind, "unspecified")
        if kind == "killed":
            figures = deaths(record)
            low, high = figures.low, figures.high
        else:
            low, _, high = _range(everyone)
        if everyone or low:
            out.append(Total(kind, "all", low, high, tuple(c["id"] for c in everyone)))
        for group in BREAKDOWN:
            named = _incident_claims(record, kind, group)
            if named:
                low, _, high = _range(named)
                out.append(Total(kind, group, low, high, tuple(c["id"] for c in named)))
    return out


_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]+|al-\w+|bin|ibn|de|van|el-\w+)$")
#: words a capitalised description starts with or holds ("The Victim", "A Portsmouth Man")
_DESCRIPTION = {"the", "a", "an", "his", "her", "their", "its", "one", "another", "victim", "man", "woman", "boy",
                "girl", "child", "teen", "teenager", "father", "mother", "son", "daughter", "brother", "sister",
                "resident", "soldier", "officer", "civilian", "person", "driver", "fighter", "doctor", "journalist"}


def named_victims(record: dict) -> list[dict]:
    """People the reports name among the dead and wounded, each with the claim that names them:
    a claim of one person whose words are a name of two words or more ("Ahmad al-Hassan"), not a
    description ("a 16-year-old", "the victim") — never a name civcas put together itself."""
    out: dict[tuple, dict] = {}
    for c in record["claims"]:
        words = c["qualifier"].split()
        if c["scope"] == "incident" and c["kind"] in ("killed", "wounded") and c["min"] == c["max"] == 1 \
                and len(words) >= 2 and all(_NAME_WORD.match(w) and w.lower() not in _DESCRIPTION for w in words):
            out.setdefault((c["kind"], c["qualifier"]), {"name": c["qualifier"], "kind": c["kind"], "claim_id": c["id"]})
    return list(out.values())


#: how a sentence names each means civcas reads (the model's vocabulary of `means`)
MEANS_PHRASE = {"airstrike": "an airstrike", "drone strike": "a drone strike", "artillery": "artillery fire",
                "shelling": "shelling", "IED": "an IED", "suicide bombing": "a suicide bombing",
                "ground raid": "a ground raid", "shooting": "a shooting"}


def _named(party: str) -> str:
    """"the Saudi-led coalition", "the Houthis", but "Russia", "al-Shabaab"."""
    known = PARTY_BY_NAME.get(party)
    return f"the {party}" if known and (known.kind == "coalition" or party.endswith("s")) else party


def _figure(low: Optional[int], high: Optional[int]) -> str:
    return str(low) if high is None or high == low else f"{low}–{high}"


def summary_parts(record: dict) -> list[tuple[str, Optional[int]]]:
    """The summary as pieces of text, each figure with the id of the claim it rests on (the
    page links it there); joined, the pieces are `summary`."""
    place = record.get("place") or {}
    where = ", ".join(dict.fromkeys(n for n in (place.get("name"), place.get("admin1"), place.get("country")) if n))
    what = " and ".join(MEANS_PHRASE.get(m, m) for m in record["means"]) or "an attack"
    by = f" by {' and '.join(map(_named, record['belligerents']))}" if record["belligerents"] else " by an unnamed party"
    precision = record.get("date_precision") or "day"
    if not record.get("date"):
        when = "On an unknown date"
    elif precision in ("month", "year"):          # "In June 2021": its first day is not known
        when = f"In {period_words(record['date'], precision)}"
    else:
        when = f"On {record['date']}" + (" (that week)" if precision == "week" else "")
    parts: list[tuple[str, Optional[int]]] = [(f"{when}, {what}{by} hit {where or 'an unknown place'}", None)]
    low, high = record.get("civilian_deaths_min"), record.get("civilian_deaths_max")
    if low is not None:
        civilian = [c for c in _incident_claims(record, "killed") if c["population"] in (*CIVILIAN_POPULATIONS, "unspecified")]
        sources = {b: next((c["id"] for c in civilian if b in (c["min"], c["max"])), None) for b in (low, high)}
        parts.append(("; ", None))
        parts.append((str(low), sources[low]))
        if high is not None and high != low:
            parts += [("–", None), (str(high), sources[high])]
        parts.append((" civilians reported killed", None))
    wounded = next((t for t in totals(record) if t.kind == "wounded" and t.population == "all"), None)
    if wounded:
        parts += [(", ", None), (_figure(wounded.low, wounded.high), wounded.claim_ids[0] if wounded.claim_ids else None),
                  (" wounded", None)]
    n = record["independent_sources"]
    parts.append((f" ({n} independent source{'s' if n != 1 else ''}; civcas grade {record['grade']}"
                  + (", figures disputed)." if record.get("disputed") else ")."), None))
    return parts


def summary(record: dict) -> str:
    """One sentence a reader can take in at once (ACLED's `notes`): when, what, who, where, the
    civilian deaths and the wounded, and how well they are sourced — only what the record holds."""
    return "".join(text for text, _ in summary_parts(record))
