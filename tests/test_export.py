"""Exports: jsonl (the reference shape), csv (ACLED and UCDP columns), geojson; reports (ingest's
shape, read back by ingest)."""
import csv
import io
import json

from bilingual import SENTENCES, one_incident
from civcas.export import EXPORTERS, export
from civcas.export.csv import COLUMNS
from civcas.pipeline import process


def _export(store, fmt):
    out = io.StringIO()
    export(store, fmt, out)
    return out.getvalue()


def test_jsonl_shape_and_traceability(seeded):
    process(seeded)
    rows = [json.loads(line) for line in _export(seeded, "jsonl").splitlines()]
    assert len(rows) == 2
    first = rows[0]
    for key in ("id", "date", "date_precision", "place", "belligerents", "means", "civilian_deaths_min",
                "civilian_deaths_max", "grade", "disputed", "independent_sources", "reports", "claims", "statements"):
        assert key in first
    assert set(first["place"]) >= {"name", "admin1", "country", "country_code", "lat", "lon", "precision"}
    texts = {r.id: r.text for r in seeded.reports()}
    for claim in first["claims"]:              # every figure traces back to its report, sentence and rule
        assert claim["rule"].startswith("count.")
        assert claim["sentence"] in " ".join(texts[claim["report_id"]].split())
        assert texts[claim["report_id"]][claim["start"]:claim["end"]].split()[-1].strip("“”\"") \
            in claim["qualifier"]
    groups = {r["url"][-20:-17]: r["provenance_group"] for r in first["reports"]}
    assert groups["000"] == groups["001"] != groups["002"]


def test_csv_has_acled_and_ucdp_columns(seeded):
    process(seeded)
    rows = list(csv.DictReader(io.StringIO(_export(seeded, "csv"))))
    assert list(rows[0]) == COLUMNS
    first = rows[0]
    assert first["event_date"] == "2017-03-16" and first["time_precision"] == "1"
    assert first["sub_event_type"] == "Air/drone strike" and first["actor1"] == "United States"
    assert first["country"] == "Syria" and first["admin1"] == "Aleppo" and first["geo_precision"] == "3"
    assert int(first["fatalities"]) == int(first["low"]) <= int(first["best"]) <= int(first["high"])
    assert first["number_of_sources"] == "2" and first["where_prec"] == "4"


def test_geojson_points(seeded):
    process(seeded)
    data = json.loads(_export(seeded, "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert 35 < lat < 38 and 36 < lon < 39            # Aleppo governorate's seat
    assert set(EXPORTERS) == {"csv", "geojson", "jsonl", "reports"}


def test_reports_export_is_ingested_back_as_the_same_reports(tmp_path):
    """A corpus moves between databases: export --format reports here, ingest there."""
    from click.testing import CliRunner
    from civcas.cli import main, sample_reports_dir
    from civcas.model import Report
    from civcas.store import Store
    here, there = f"sqlite:///{tmp_path / 'here.db'}", f"sqlite:///{tmp_path / 'there.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", here, "ingest", str(sample_reports_dir())]).exit_code == 0
    Store(here).add_report(Report(text="Caf\u00e9 \u201cna\u00efve\u201d: two killed.\n\nSecond paragraph.",
                                  outlet="O", language="fr", warning="decoded as cp1252 (guessed, confidence 0.12)"))
    exported = runner.invoke(main, ["--db", here, "export", "--format", "reports", "--out", str(tmp_path / "r.jsonl")])
    assert exported.exit_code == 0 and "7 reports written" in exported.output
    lines = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert set(lines[0]) == {"outlet", "url", "title", "published", "language", "text"}
    assert lines[-1]["warning"].startswith("decoded as cp1252")
    ingested = runner.invoke(main, ["--db", there, "ingest", str(tmp_path / "r.jsonl")])
    assert ingested.exit_code == 0 and "7 reports added" in ingested.output

    def shape(url):
        return [(r.outlet, r.url, r.title, r.published, r.language, r.text, r.warning) for r in Store(url).reports()]
    assert shape(there) == shape(here)


def test_exports_carry_each_report_and_claim_language_and_english_field_values(store):
    ids = one_incident(store)
    (record,) = [json.loads(line) for line in _export(store, "jsonl").splitlines()]
    assert {r["id"]: r["language"] for r in record["reports"]} == {v: k for k, v in ids.items()}
    assert {(c["report_id"], c["language"]) for c in record["claims"]} == {(v, k) for k, v in ids.items()}
    arabic = next(c for c in record["claims"] if c["language"] == "ar")
    assert arabic["sentence"] == SENTENCES["ar"][0] and arabic["blamed_parties"] == ["Russia"]
    assert record["belligerents"] == ["Russia"] and record["place"]["admin1"] == "Idlib"
    (row,) = csv.DictReader(io.StringIO(_export(store, "csv")))
    assert row["report_languages"].split("; ") == [r["language"] for r in record["reports"]]
    assert row["admin1"] == "Idlib" and row["actor1"] == "Russia"
    (feature,) = json.loads(_export(store, "geojson"))["features"]
    assert [c["language"] for c in feature["properties"]["claims"]] == [c["language"] for c in record["claims"]]
