"""Exports: jsonl (the reference shape), acled and ucdp (their codebooks' columns), csv (civcas's
own flat table), geojson; reports (ingest's
shape, read back by ingest)."""
import csv
import datetime as dt
import io
import json

import pytest

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


# Vocabularies written from the two codebooks (ACLED codebook 2024; UCDP GED codebook 24.1)
ACLED_COLUMNS = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
                 "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
                 "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
                 "tags timestamp").split()
ACLED_SUB_EVENTS = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
}
ACLED_REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
                 "Middle East", "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe",
                 "North America", "Central America", "South America", "Caribbean", "Oceania", "Antarctica"}
ACLED_ACTOR_TYPES = {"State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
                     "Civilians", "External/Other forces"}
ACLED_INTERACTIONS = {"", *(f"{t} only" for t in ACLED_ACTOR_TYPES), "State forces-Civilians", "Rebel group-Civilians",
                      "External/Other forces-Civilians", "State forces-Rebel group", "State forces-External/Other forces",
                      "Rebel group-External/Other forces"}
UCDP_COLUMNS = ("id relid year active_year code_status type_of_violence conflict_dset_id conflict_new_id "
                "conflict_name dyad_dset_id dyad_new_id dyad_name side_a_dset_id side_a_new_id side_a side_b_dset_id "
                "side_b_new_id side_b number_of_sources source_article source_office source_date source_headline "
                "source_original where_prec where_coordinates where_description adm_1 adm_2 latitude longitude "
                "geom_wkt priogrid_gid country country_id region event_clarity date_prec date_start date_end "
                "deaths_a deaths_b deaths_civilians deaths_unknown best high low gwnoa gwnob").split()


def _frame(store, fmt):
    pandas = pytest.importorskip("pandas")
    return pandas.read_csv(io.StringIO(_export(store, fmt)), keep_default_na=False, dtype=str)


def test_acled_export_has_every_codebook_column_and_its_vocabularies(seeded):
    process(seeded)
    frame = _frame(seeded, "acled")
    assert list(frame.columns) == ACLED_COLUMNS and len(frame) == 2
    for _, row in frame.iterrows():
        assert row["event_type"] in ACLED_SUB_EVENTS and row["sub_event_type"] in ACLED_SUB_EVENTS[row["event_type"]]
        assert row["disorder_type"] == "Political violence" and row["region"] in ACLED_REGIONS
        assert row["time_precision"] in {"1", "2", "3"} and row["geo_precision"] in {"1", "2", "3"}
        assert row["inter1"] in {"", *ACLED_ACTOR_TYPES} and row["inter2"] in {"", *ACLED_ACTOR_TYPES}
        assert row["interaction"] in ACLED_INTERACTIONS
        assert row["civilian_targeting"] in {"", "Civilian targeting"}
        assert row["event_id_cnty"] == f"SYR{row['event_id_cnty'][3:]}" and row["event_id_cnty"][3:].isdigit()
        assert row["notes"].startswith(f"On {row['event_date']}, an airstrike") and " by the U" in row["notes"] and row["iso"] == "760"
    first = frame.iloc[0]
    assert first["sub_event_type"] == "Air/drone strike" and first["actor1"] == "United States"
    assert first["inter1"] == "External/Other forces" and first["actor2"] == "Civilians (Syria)"
    assert first["interaction"] == "External/Other forces-Civilians"
    assert first["admin1"] == "Aleppo" and first["region"] == "Middle East" and first["year"] == "2017"


def test_ucdp_export_has_every_codebook_column_and_sums_its_deaths(seeded):
    process(seeded)
    frame = _frame(seeded, "ucdp")
    assert list(frame.columns) == UCDP_COLUMNS and len(frame) == 2
    for _, row in frame.iterrows():
        assert row["where_prec"] in set("1234567") and row["date_prec"] in set("12345")
        assert row["type_of_violence"] in {"", "1", "2", "3"} and row["region"] in \
            {"Africa", "Americas", "Asia", "Europe", "Middle East"}
        low, best, high = int(row["low"]), int(row["best"]), int(row["high"])
        assert low <= best <= high and int(row["deaths_civilians"]) <= low
        assert best == sum(int(row[k] or 0) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"))
    first = frame.iloc[0]
    assert first["type_of_violence"] == "1" and first["side_a"] == "Government of United States"
    assert first["geom_wkt"].startswith("POINT (") and first["priogrid_gid"].isdigit()


@pytest.mark.parametrize("claims, civilians, expected", [
    ([(4, 4, "unspecified")], (7, 9), (7, 7, 9)),           # "after four of the wounded died": a part, not the dead
    ([(10, 10, "unspecified"), (12, 15, "unspecified")], (8, 8), (10, 11, 15)),
    ([(3, 3, "children")], (5, 5), (5, 5, 5)),              # no figure of all the dead: the civilians are
    ([], (None, None), (0, 0, 0)),
])
def test_death_figures_are_never_below_the_civilian_deaths(claims, civilians, expected):
    from civcas.export.figures import deaths
    record = {"claims": [{"kind": "killed", "scope": "incident", "population": p, "min": lo, "max": hi}
                         for lo, hi, p in claims],
              "civilian_deaths_min": civilians[0], "civilian_deaths_max": civilians[1]}
    figures = deaths(record)
    assert (figures.low, figures.best, figures.high) == expected


def test_csv_is_civcas_own_flat_table(seeded):
    process(seeded)
    rows = list(csv.DictReader(io.StringIO(_export(seeded, "csv"))))
    assert list(rows[0]) == COLUMNS and len(rows) == 2
    first = rows[0]
    assert first["date"] == "2017-03-16" and first["belligerents"] == "United States"
    assert first["country"] == "Syria" and first["admin1"] == "Aleppo"
    assert int(first["killed_low"]) <= int(first["killed_best"]) <= int(first["killed_high"])
    assert first["summary"].startswith("On 2017-03-16")


def test_geojson_points_are_flat_and_an_incident_without_coordinates_is_counted(seeded):
    from civcas.export.geojson import geojson_pieces
    process(seeded)
    data = json.loads(_export(seeded, "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    assert data["civcas_without_coordinates"] == 0
    feature = data["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert 35 < lat < 38 and 36 < lon < 39            # Aleppo governorate's seat
    assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())
    nowhere = {"id": 9, "place": None, "claims": [], "belligerents": [], "means": [], "grade": "Weak",
               "disputed": False, "independent_sources": 1}
    assert json.loads("".join(geojson_pieces([nowhere]))) == \
        {"type": "FeatureCollection", "features": [], "civcas_without_coordinates": 1}
    assert set(EXPORTERS) == {"acled", "csv", "geojson", "jsonl", "reports", "ucdp"}


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
                                  outlet="O", language="fr", warning="decoded as cp1252 (guessed, confidence 0.12)",
                                  published=dt.date(2021, 6, 1), published_precision="month"))
    exported = runner.invoke(main, ["--db", here, "export", "--format", "reports", "--out", str(tmp_path / "r.jsonl")])
    assert exported.exit_code == 0 and "7 reports written" in exported.output
    lines = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert set(lines[0]) == {"outlet", "url", "title", "published", "language", "text", "current"}
    assert lines[-1]["warning"].startswith("decoded as cp1252")
    assert lines[-1]["published"] == "2021-06"          # a month written as ingest reads one
    ingested = runner.invoke(main, ["--db", there, "ingest", str(tmp_path / "r.jsonl")])
    assert ingested.exit_code == 0 and "7 reports added" in ingested.output

    def shape(url):
        return [(r.outlet, r.url, r.title, r.published, r.published_precision, r.language, r.text, r.warning)
                for r in Store(url).reports()]
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
    assert row["admin1"] == "Idlib" and row["belligerents"] == "Russia"
    (feature,) = json.loads(_export(store, "geojson"))["features"]
    assert feature["properties"]["languages"] == "ar; en; fr"


@pytest.mark.parametrize("qualifier, named", [
    ("Ahmad al-Hassan", True),
    ("Mariam bint Saleh", False),          # a lower-case word that is no name particle: not sure, left out
    ("a 16-year-old", False),
    ("The Victim", False),
    ("A Portsmouth Man", False),
    ("Hassan", False),                     # one word: a surname or a first name, not a person named
])
def test_named_victims_are_names_the_reports_give(qualifier, named):
    from civcas.export.figures import named_victims
    claim = {"id": 5, "scope": "incident", "kind": "killed", "min": 1, "max": 1, "qualifier": qualifier}
    assert bool(named_victims({"claims": [claim]})) is named
