"""ACLED's export: one CSV row per incident with every column of ACLED's data export, in its
order (codebook 2024; actor types as text, as ACLED's export writes them since 2024), filled where civcas knows the value and left empty where it does not
(never invented): no admin3, source scale or tags; actor names are civcas's canonical names, not
ACLED's actor list. `timestamp` is, as ACLED's, when the event last changed (Unix seconds): a
user's script that fetches ACLED rows newer than its last timestamp works on these. No column is
added for `export_version` / `exported_at`: tools read this file by ACLED's exact columns."""
from __future__ import annotations

import datetime as dt

from civcas.export import exporter
from civcas.export.codebooks import ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, acled_inter, acled_interaction, acled_region, country
from civcas.export.figures import deaths, summary
from civcas.export.table import csv_pieces

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
EXPLOSIONS, CIVILIANS = "Explosions/Remote violence", "Violence against civilians"
EVENT_TYPE = {  # civcas means → (event_type, sub_event_type) of ACLED's vocabulary
    "airstrike": (EXPLOSIONS, "Air/drone strike"),
    "drone strike": (EXPLOSIONS, "Air/drone strike"),
    "artillery": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "shelling": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "IED": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "suicide bombing": (EXPLOSIONS, "Suicide bomb"),
    "ground raid": ("Battles", "Armed clash"),
    "shooting": (CIVILIANS, "Attack"),
}


def _interaction(inter1: str, inter2: str) -> str:
    """ACLED's interaction: the two actor codes, the lower first; a lone actor's code and 0."""
    codes = sorted(c for c in (inter1, inter2) if c)
    return "".join(codes) if len(codes) == 2 else (codes[0] + "0" if codes else "")


def _unix(when: str | None) -> int | str:
    return int(dt.datetime.fromisoformat(when.removesuffix("Z")).replace(tzinfo=dt.timezone.utc).timestamp()) \
        if when else ""


def row(record: dict) -> dict:
    place = record.get("place") or {}
    code = place.get("country_code")
    known = country(code)
    event_type, sub_event = next((EVENT_TYPE[m] for m in record["means"] if m in EVENT_TYPE), ("", ""))
    parties = record["belligerents"]
    inter1 = acled_inter(parties[0], code) if parties else ""
    civilians = bool(record.get("civilian_deaths_min"))
    inter2 = "Civilians" if civilians else ""
    date = record.get("date") or ""
    return {
        "event_id_cnty": f"{known.alpha3 if known else 'XXX'}{record['id']}",
        "event_date": date, "year": date[:4],
        "time_precision": ACLED_TIME_PRECISION.get(record.get("date_precision"), ""),
        "disorder_type": "Political violence" if event_type else "",
        "event_type": event_type, "sub_event_type": sub_event,
        "actor1": parties[0] if parties else "", "assoc_actor_1": "; ".join(parties[1:]), "inter1": inter1,
        "actor2": f"Civilians ({place.get('country')})" if civilians and place.get("country") else
        ("Civilians" if civilians else ""),
        "assoc_actor_2": "", "inter2": inter2, "interaction": acled_interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if event_type == CIVILIANS else "",
        "iso": known.numeric if known and known.numeric else "", "region": acled_region(code),
        "country": place.get("country") or "", "admin1": place.get("admin1") or "",
        "admin2": place.get("admin2") or "", "admin3": "", "location": place.get("name") or "",
        "latitude": "" if place.get("lat") is None else place["lat"],
        "longitude": "" if place.get("lon") is None else place["lon"],
        "geo_precision": ACLED_GEO_PRECISION.get(place.get("precision"), ""),
        "source": "; ".join(sorted({r["outlet"] for r in record["reports"] if r["outlet"]})),
        "source_scale": "", "notes": summary(record), "fatalities": deaths(record).low, "tags": "",
        "timestamp": _unix(record["last_changed"]),
    }


@exporter("acled")
def acled_lines(records):
    return csv_pieces(COLUMNS, map(row, records))
