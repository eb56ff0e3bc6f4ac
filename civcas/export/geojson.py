"""GeoJSON: a point per incident with the jsonl fields as properties. An admin-level place carries
the coordinates of its most populous cities500 place (see civcas.gazetteer); an incident
without coordinates has a null geometry."""
import json

from civcas.export import exporter


@exporter("geojson")
def write_geojson(records, out) -> None:
    features = []
    for record in records:
        place = record.get("place") or {}
        geometry = ({"type": "Point", "coordinates": [place["lon"], place["lat"]]}
                    if place.get("lat") is not None and place.get("lon") is not None else None)
        features.append({"type": "Feature", "id": record["id"], "geometry": geometry, "properties": record})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
