"""GeoJSON: a point per incident with the jsonl fields as properties. An admin-level place carries
the coordinates of its most populous cities500 place (see civcas.gazetteer); an incident
without coordinates has a null geometry."""
from civcas.export import exporter, json_array


def feature_collection(features):
    """A GeoJSON FeatureCollection written feature by feature."""
    return json_array(features, head='{"type": "FeatureCollection", "features": [', tail="]}\n")


def _feature(record: dict) -> dict:
    place = record.get("place") or {}
    geometry = ({"type": "Point", "coordinates": [place["lon"], place["lat"]]}
                if place.get("lat") is not None and place.get("lon") is not None else None)
    return {"type": "Feature", "id": record["id"], "geometry": geometry, "properties": record}


@exporter("geojson")
def geojson_pieces(records):
    return feature_collection(map(_feature, records))
