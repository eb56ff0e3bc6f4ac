"""UCDP GED's layout (version 24.1, 49 columns, in its order): one row per incident, filled where
civcas knows the value and left empty where it does not (never invented): no UCDP conflict,
dyad or actor ids, Gleditsch-Ward codes, relid or active_year, no split of the dead between the
two sides.

type_of_violence: 1 (state-based) when a state's forces or a coalition struck; 3 (one-sided)
when only armed groups struck and the dead are civilians; empty otherwise. side_a is the striker
("Government of X" for a state, a coalition's lead state), side_b "Civilians" for one-sided
violence and empty where the report names no opponent. where_prec is always set (6: the country
only, or less). No column is added for `export_version` / `exported_at`: GED has none (its
version is the release's), and tools read this file by GED's exact columns."""
from __future__ import annotations

from typing import Optional

from civcas.export import exporter
from civcas.export.codebooks import (UCDP_DATE_PREC, UCDP_WHERE_PREC, UNKNOWN_WHERE_PREC, date_span,
                                     government_of, ucdp_region)
from civcas.export.figures import deaths
from civcas.export.table import csv_pieces
from civcas.model import PARTY_BY_NAME

COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]


def violence_type(record: dict) -> str:
    kinds = {PARTY_BY_NAME[p].kind for p in record["belligerents"] if p in PARTY_BY_NAME}
    if kinds & {"state forces", "coalition"}:
        return "1"
    if kinds == {"armed group"} and record.get("civilian_deaths_min"):
        return "3"
    return ""


def priogrid(lat: Optional[float], lon: Optional[float]) -> str:
    """The PRIO-GRID cell (0.5° × 0.5°, numbered from the south-west corner row by row)."""
    if lat is None or lon is None:
        return ""
    row, col = min(int((lat + 90) / 0.5), 359), min(int((lon + 180) / 0.5), 719)
    return str(row * 720 + col + 1)


def _joined(values) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if v))


def row(record: dict) -> dict:
    place = record.get("place") or {}
    lat, lon = place.get("lat"), place.get("lon")
    kind = violence_type(record)
    first_state = next((p for p in record["belligerents"] if PARTY_BY_NAME.get(p) and
                        PARTY_BY_NAME[p].kind in ("state forces", "coalition")), None)
    side_a = government_of(first_state) if kind == "1" else (record["belligerents"][0] if kind == "3" else "")
    figures = deaths(record)
    start, end = date_span(record.get("date"), record.get("date_precision"))
    reports = record["reports"]
    return {
        "id": record["id"], "relid": "", "year": (record.get("date") or "")[:4], "active_year": "", "code_status": "",
        "type_of_violence": kind, "conflict_dset_id": "", "conflict_new_id": "", "conflict_name": "",
        "dyad_dset_id": "", "dyad_new_id": "", "dyad_name": "", "side_a_dset_id": "", "side_a_new_id": "",
        "side_a": side_a, "side_b_dset_id": "", "side_b_new_id": "", "side_b": "Civilians" if kind == "3" else "",
        "number_of_sources": record["independent_sources"],
        "source_article": _joined(r["url"] for r in reports), "source_office": _joined(r["outlet"] for r in reports),
        "source_date": _joined(r["published"] for r in reports), "source_headline": _joined(r["title"] for r in reports),
        "source_original": _joined(c["claimant"] for c in record["claims"] if c["scope"] == "incident"),
        "where_prec": UCDP_WHERE_PREC.get(place.get("precision"), UNKNOWN_WHERE_PREC) if place else UNKNOWN_WHERE_PREC,
        "where_coordinates": place.get("name") or "",
        "where_description": ", ".join(dict.fromkeys(n for n in (place.get("name"), place.get("admin1")) if n)),
        "adm_1": place.get("admin1") or "", "adm_2": place.get("admin2") or "",
        "latitude": "" if lat is None else lat, "longitude": "" if lon is None else lon,
        "geom_wkt": f"POINT ({lon} {lat})" if lat is not None and lon is not None else "",
        "priogrid_gid": priogrid(lat, lon), "country": place.get("country") or "", "country_id": "",
        "region": ucdp_region(place.get("country_code")), "event_clarity": 1,
        "date_prec": UCDP_DATE_PREC.get(record.get("date_precision"), ""), "date_start": start, "date_end": end,
        "deaths_a": "", "deaths_b": "", "deaths_civilians": figures.civilians,
        "deaths_unknown": figures.best - figures.civilians, "best": figures.best, "high": figures.high,
        "low": figures.low, "gwnoa": "", "gwnob": "",
    }


@exporter("ucdp")
def ucdp_lines(records):
    return csv_pieces(COLUMNS, map(row, records))
