"""What the flat exports say of an incident: its death figures and a one-sentence summary, both
from the incident record (so every exporter, and the incident page, states one thing).

Deaths: the incident's "all the dead" figures are its incident-scope `killed` claims about people of
unstated status. `low` is the lowest of them, `high` the highest, `best` their median — but none is
ever below the incident's civilian deaths (`civilian_deaths_min`, the assess stage's rule): a
partial figure ("after four of the wounded died" → 4) is a part of the dead, not a count of them.
With no "all the dead" figure, the civilian deaths are the figures. ACLED `fatalities` is `low`
(ACLED codes the most conservative figure); UCDP `low`/`best`/`high` are the three.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Optional

from civcas.model import PARTY_BY_NAME


@dataclass(frozen=True)
class Deaths:
    low: int
    best: int
    high: int
    civilians: int            # the incident's civilian deaths (its lower bound)


def deaths(record: dict) -> Deaths:
    killed = [c for c in record["claims"] if c["kind"] == "killed" and c["scope"] == "incident"
              and c["population"] == "unspecified"]
    civilians_low = record.get("civilian_deaths_min") or 0
    civilians_high = record.get("civilian_deaths_max") or civilians_low
    lows = [c["min"] for c in killed]
    highs = [c["max"] if c["max"] is not None else c["min"] for c in killed]
    low = max(min(lows, default=0), civilians_low)
    high = max([low, civilians_high, *highs])
    best = min(max(int(statistics.median(lows)) if lows else low, low), high)
    return Deaths(low, best, high, civilians_low)


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


def summary(record: dict) -> str:
    """One sentence a reader can take in at once (ACLED's `notes`): when, what, who, where, the
    civilian deaths and how well they are sourced — only what the record holds."""
    place = record.get("place") or {}
    where = ", ".join(dict.fromkeys(n for n in (place.get("name"), place.get("admin1"), place.get("country")) if n))
    what = " and ".join(MEANS_PHRASE.get(m, m) for m in record["means"]) or "an attack"
    by = f" by {' and '.join(map(_named, record['belligerents']))}" if record["belligerents"] else " by an unnamed party"
    when = f"On {record['date']}" + ({"day": "", "week": " (that week)", "month": " (that month)",
                                      "year": " (that year)"}.get(record.get("date_precision") or "day", "")) \
        if record.get("date") else "On an unknown date"
    text = f"{when}, {what}{by} hit {where or 'an unknown place'}"
    if record.get("civilian_deaths_min") is not None:
        text += f"; {_figure(record['civilian_deaths_min'], record.get('civilian_deaths_max'))} civilians reported killed"
    sources = record["independent_sources"]
    text += f" ({sources} independent source{'s' if sources != 1 else ''}; civcas grade {record['grade']}"
    return text + (", figures disputed)." if record.get("disputed") else ").")
