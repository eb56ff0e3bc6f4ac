"""CSV with the columns users know: ACLED's, then UCDP GED's, then civcas's own.

Total-deaths figures are the incident-scope `killed` claims about people of unstated status (all
the dead), or every incident-scope `killed` claim when none is. ACLED `fatalities` takes the
lowest (ACLED codes the most conservative figure); UCDP `low`/`best`/`high` are their lowest,
median and highest.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import statistics

from civcas.export import exporter

EXPLOSIONS = "Explosions/Remote violence"
SUB_EVENT = {  # means → (ACLED event_type, sub_event_type)
    "airstrike": (EXPLOSIONS, "Air/drone strike"),
    "drone strike": (EXPLOSIONS, "Air/drone strike"),
    "artillery": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "shelling": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "IED": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "suicide bombing": (EXPLOSIONS, "Suicide bomb"),
    "ground raid": ("Battles", "Armed clash"),
    "shooting": ("Violence against civilians", "Attack"),
}
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
UCDP_DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}
ACLED_GEO_PRECISION = {"point": 1, "admin2": 2, "admin1": 3, "country": 3}
UCDP_WHERE_PREC = {"point": 1, "admin2": 3, "admin1": 4, "country": 6}

COLUMNS = [
    # ACLED
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    # UCDP GED
    "date_start", "date_end", "date_prec", "where_prec", "low", "best", "high", "deaths_civilians",
    "number_of_sources",
    # civcas
    "civcas_id", "date_precision", "place_precision", "belligerents", "means", "civilian_deaths_min",
    "civilian_deaths_max", "grade", "grade_reason", "disputed", "independent_sources", "reports", "claims",
    "report_languages",
]


def total_deaths(record: dict) -> list[tuple[int, int]]:
    killed = [c for c in record["claims"] if c["kind"] == "killed" and c["scope"] == "incident"]
    totals = [c for c in killed if c["population"] == "unspecified"] or killed
    return [(c["min"], c["max"] if c["max"] is not None else c["min"]) for c in totals]


def _span(date: str | None, precision: str | None) -> tuple[str, str]:
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


def row(record: dict) -> dict:
    place = record.get("place") or {}
    means = record["means"] or ["other"]
    event_type, sub_event = SUB_EVENT.get(means[0], ("Explosions/Remote violence", "Other"))
    figures = total_deaths(record)
    values = sorted(v for _, v in figures)
    precision = record.get("date_precision")
    start, end = _span(record.get("date"), precision)
    notes = f"civcas grade {record['grade']}: {record['grade_reason']}."
    if precision == "year":
        notes += " Date known to the year only."
    return {
        "event_id_cnty": f"{place.get('country_code') or 'XX'}{record['id']}",
        "event_date": record.get("date") or "",
        "time_precision": ACLED_TIME_PRECISION.get(precision, ""),
        "event_type": event_type, "sub_event_type": sub_event,
        "actor1": record["belligerents"][0] if record["belligerents"] else "",
        "actor2": f"Civilians ({place.get('country')})" if record.get("civilian_deaths_min") else "",
        "country": place.get("country") or "", "admin1": place.get("admin1") or "", "admin2": place.get("admin2") or "",
        "location": place.get("name") or "", "latitude": place.get("lat", ""), "longitude": place.get("lon", ""),
        "geo_precision": ACLED_GEO_PRECISION.get(place.get("precision"), ""),
        "source": "; ".join(sorted({r["outlet"] or "unknown outlet" for r in record["reports"]})),
        "notes": notes,
        "fatalities": min((lo for lo, _ in figures), default=0),
        "date_start": start, "date_end": end, "date_prec": UCDP_DATE_PREC.get(precision, ""),
        "where_prec": UCDP_WHERE_PREC.get(place.get("precision"), ""),
        "low": min((lo for lo, _ in figures), default=0),
        "best": int(statistics.median(values)) if values else 0,
        "high": max(values, default=0),
        "deaths_civilians": record.get("civilian_deaths_min") or 0,
        "number_of_sources": record["independent_sources"],
        "civcas_id": record["id"], "date_precision": precision or "", "place_precision": place.get("precision") or "",
        "belligerents": "; ".join(record["belligerents"]), "means": "; ".join(record["means"]),
        "civilian_deaths_min": record.get("civilian_deaths_min") if record.get("civilian_deaths_min") is not None else "",
        "civilian_deaths_max": record.get("civilian_deaths_max") if record.get("civilian_deaths_max") is not None else "",
        "grade": record["grade"], "grade_reason": record["grade_reason"], "disputed": record["disputed"],
        "independent_sources": record["independent_sources"],
        "reports": "; ".join(str(r["id"]) for r in record["reports"]),
        "claims": "; ".join(str(c["id"]) for c in record["claims"]),
        "report_languages": "; ".join(r["language"] or "" for r in record["reports"]),
    }


@exporter("csv")
def csv_lines(records):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")

    def written() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield written()
    for record in records:
        writer.writerow(row(record))
        yield written()
