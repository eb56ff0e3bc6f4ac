"""civcas's own flat table: one row per incident with civcas's fields under civcas's names (the
jsonl record without its nested claims, reports and statements, which it names by id). For
ACLED's or UCDP's columns use `--format acled` or `--format ucdp`; the killed figures here are
the same three (see civcas.export.figures)."""
from __future__ import annotations

from civcas.export import exporter
from civcas.export.figures import deaths, summary
from civcas.export.table import csv_pieces

COLUMNS = [
    "id", "date", "date_precision", "date_source", "place", "admin1", "admin2", "country", "country_code",
    "latitude", "longitude", "place_precision", "geonameid", "belligerents", "means", "civilian_deaths_min",
    "civilian_deaths_max", "killed_low", "killed_best", "killed_high", "grade", "grade_reason", "disputed",
    "independent_sources", "reports", "report_languages", "claims", "summary", "last_changed", "export_version",
    "exported_at",
]


def _blank(value):
    return "" if value is None else value


def row(record: dict) -> dict:
    place = record.get("place") or {}
    figures = deaths(record)
    return {
        "id": record["id"], "date": _blank(record.get("date")), "date_precision": _blank(record.get("date_precision")),
        "date_source": _blank(record.get("date_source")), "place": _blank(place.get("name")),
        "admin1": _blank(place.get("admin1")), "admin2": _blank(place.get("admin2")),
        "country": _blank(place.get("country")), "country_code": _blank(place.get("country_code")),
        "latitude": _blank(place.get("lat")), "longitude": _blank(place.get("lon")),
        "place_precision": _blank(place.get("precision")), "geonameid": _blank(place.get("geonameid")),
        "belligerents": "; ".join(record["belligerents"]), "means": "; ".join(record["means"]),
        "civilian_deaths_min": _blank(record.get("civilian_deaths_min")),
        "civilian_deaths_max": _blank(record.get("civilian_deaths_max")),
        "killed_low": figures.low, "killed_best": figures.best, "killed_high": figures.high,
        "grade": record["grade"], "grade_reason": record["grade_reason"], "disputed": record["disputed"],
        "independent_sources": record["independent_sources"],
        "reports": "; ".join(str(r["id"]) for r in record["reports"]),
        "claims": "; ".join(str(c["id"]) for c in record["claims"]),
        "report_languages": "; ".join(r["language"] or "" for r in record["reports"]),
        "summary": summary(record), "last_changed": _blank(record["last_changed"]),
        "export_version": record["export_version"], "exported_at": record["exported_at"],
    }


@exporter("csv")
def csv_lines(records):
    return csv_pieces(COLUMNS, map(row, records))
