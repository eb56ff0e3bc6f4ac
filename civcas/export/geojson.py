"""GeoJSON: a point per incident with flat properties (what a map's popup and filters need, not
the whole nested record: that is the jsonl export). An admin-level place carries the coordinates
of its most populous cities500 place (see civcas.gazetteer). An incident without coordinates has
no place on a map: its feature is left out, and the collection says how many were
(`civcas_without_coordinates`, a foreign member RFC 7946 allows)."""
from __future__ import annotations

import json
from typing import Iterable, Iterator, Optional

from civcas.export import exporter
from civcas.export.figures import deaths, summary


def feature_collection(features: Iterable[Optional[dict]]) -> Iterator[str]:
    """A GeoJSON FeatureCollection written feature by feature; a None feature is counted as left out."""
    yield '{"type": "FeatureCollection", "features": ['
    written = left_out = 0
    for feature in features:
        if feature is None:
            left_out += 1
            continue
        yield (", " if written else "") + json.dumps(feature, ensure_ascii=False)
        written += 1
    yield f'], "civcas_without_coordinates": {left_out}}}\n'


def _feature(record: dict) -> Optional[dict]:
    place = record.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    figures = deaths(record)
    return {"type": "Feature", "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
            "properties": {"id": record["id"], "date": record.get("date"), "date_precision": record.get("date_precision"),
                           "place": place.get("name"), "admin1": place.get("admin1"), "country": place.get("country"),
                           "place_precision": place.get("precision"), "belligerents": "; ".join(record["belligerents"]),
                           "means": "; ".join(record["means"]), "civilian_deaths_min": record.get("civilian_deaths_min"),
                           "civilian_deaths_max": record.get("civilian_deaths_max"), "killed_low": figures.low,
                           "killed_high": figures.high, "grade": record["grade"], "disputed": record["disputed"],
                           "independent_sources": record["independent_sources"],
                           "languages": "; ".join(sorted({r["language"] for r in record["reports"] if r["language"]})),
                           "summary": summary(record), "last_changed": record["last_changed"],
                           "export_version": record["export_version"], "exported_at": record["exported_at"]}}


@exporter("geojson")
def geojson_pieces(records):
    return feature_collection(map(_feature, records))
