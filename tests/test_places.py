"""Places of war reporting: which country and admin-1 unit a report's incident lies in, and the
English names the unit is stored under. The reports are written for these tests."""
import datetime as dt
import sys

import pytest

from conftest import ROOT
from civcas.extract import extract
from civcas.model import Report

sys.path.insert(0, str(ROOT / "bench"))
from eval_extract import admin1_unit  # noqa: E402


def _place(gaz, text):
    return extract(Report(id=1, text=text, published=dt.date(2024, 3, 5)), gaz).place


@pytest.mark.parametrize("text,country,admin1", [
    # a demonym is not a place (Lebanese ~ a Tennessee county seat; Libyan ~ Lebanon by skeleton)
    ("An air strike on a Christian Lebanese town killed 21 people on Monday, the health ministry of "
     "Lebanon said. Lebanese rescuers searched the rubble.", "LB", None),
    ("Libyan officials said 40 migrants died when the air strike hit a hangar in Tajura. Libyan "
     "rescuers were still searching the site.", "LY", "Tripoli"),
    # a demonym before a place word places the place in its country
    ("An air strike on the central Malian village of Bounti killed 19 people at a wedding, residents "
     "said. France said the strike hit jihadists; France denies the toll.", "ML", None),
    # a country's name is the country, not a foreign town that bears it as an alternate
    ("Turkish artillery hit a resort in Zakho in northern Iraq, killing nine tourists, Iraq said. "
     "Iraq summoned the Turkish envoy.", "IQ", "Duhok"),
    # "X's Y": Y lies in X
    ("At least 100 people were killed in Myanmar's Sagaing Region by air strikes on Tuesday, "
     "according to local media.", "MM", "Sagaing"),
    ("An air strike hit a migrant detention centre in Tripoli's Tajoura suburb, killing 44 people. "
     "Tripoli's health officials said the toll could rise.", "LY", "Tripoli"),
    # a qualifier that is part of the unit's own name stays
    ("The U.S. military said its airstrike killed four fighters near the community of Araara in "
     "Lower Juba region.", "SO", "Lower Juba"),
    # a direction before a country's name names the unit called so
    ("An Israeli air strike killed 23 people in the village of Aitou in northern Lebanon on Monday, "
     "rescuers said.", "LB", "North Lebanon"),
    # a place named as a distance mark is not where the strike was
    ("The command said the strike, some 330 kilometers north of the capital Mogadishu, hit fighters "
     "near the town of Beledweyne.", "SO", "Hiraan"),
    # a city that lies outside the unit of its name is the city
    ("A coalition air strike on a funeral hall in Sanaa killed more than 140 mourners, officials in "
     "Sanaa said.", "YE", "Amanat al Asimah"),
    ("Air strikes on a market in Sanaa province killed 12 people, officials said.", "YE", "Sanaa"),
])
def test_the_incident_is_placed_in_the_reports_country_and_unit(gaz, text, country, admin1):
    place = _place(gaz, text)
    assert (place.country_code, place.admin1) == (country, admin1)


@pytest.mark.parametrize("written,english", [
    ("Jubbada Dhexe", "Middle Juba"),           # from admin1_english.tsv
    ("Tigray", "Tigray"),                       # a bare alternate confirmed by "Tigray Regional State"
    ("Tarabulus", "Tripoli"),                   # a transliterated name's one plain alternate
    ("Duhok", "Duhok"),                         # an ISO level-2 unit that is GeoNames' admin-1
    ("Sanliurfa", "Sanliurfa"),                 # a dotless ı kept as i
])
def test_admin1_units_are_named_in_english(gaz, written, english):
    unit = next(e for e in gaz.lookup(written) if e.kind == "admin1")
    assert gaz.place(unit).admin1 == english


@pytest.mark.parametrize("text,place", [
    ("Tripoli's Abu Salim was shelled overnight.", "Abu Salim"),              # in a town: a place
    ("Chad's Deby condemned the air strike.", None),                          # in a country: a person
])
def test_a_name_the_gazetteer_lacks_after_a_possessive(gaz, text, place):
    from civcas.extract.places import mentions
    unknown = [mn.name for mn in mentions(text, gaz, []) if not mn.entries]
    assert unknown == ([place] if place else [])


def test_a_two_letter_skeleton_matches_nothing(gaz):
    assert gaz.lookup("Aitou", fuzzy=True) == []


@pytest.mark.parametrize("label,english,country", [
    ("Ash Shimal", "North Lebanon", "LB"),
    ("Amanat al Asimah", "Amanat al Asimah", "YE"),
    ("Hiiraan", "Hiraan", "SO"),
])
def test_the_bench_compares_admin1_by_unit(gaz, label, english, country):
    assert admin1_unit(gaz, label, country) == admin1_unit(gaz, english, country) is not None


def _read(gaz, reader, text):
    return reader(Report(id=1, text=text, published=dt.date(2024, 3, 5), outlet="Example"), gaz).place


@pytest.mark.parametrize("text,name,is_place", [
    # a country's or a capital's name that stands for its state is not read as a place (rule places.actor)
    ("Tehran said it had no part in the attack.", "Tehran", False),
    ("Riyadh, which leads the coalition, has denied striking civilians.", "Riyadh", False),
    ("Talks over Tehran's nuclear programme stalled.", "Tehran", False),
    ("Pakistan's airstrikes killed 46 people, the Taliban said.", "Pakistan", False),
    ("The toll is 46, according to Kabul.", "Kabul", False),
    ("Islamabad accused Kabul of sheltering militants.", "Kabul", False),
    # a preposition before it keeps it a place, whatever verb follows; so does a place's own part
    ("In Kyiv, officials said the city was calm.", "Kyiv", True),
    ("Beirut's southern suburbs were struck overnight.", "Beirut", True),
    ("A drone hit a bus in Kharkiv on Sunday.", "Kharkiv", True),
])
def test_a_state_named_for_its_capital_or_country_is_not_a_place(gaz, text, name, is_place):
    from civcas.extract import places as pl
    assert (name in {mn.name for mn in pl.mentions(text, gaz, [])}) is is_place


@pytest.mark.parametrize("text,name,is_place", [
    # rule fr.places.actor
    ("Le maire a affirmé que Moscou cherchait à terroriser la population.", "Moscou", False),
    ("Les frappes ont tué 40 personnes, selon Kaboul.", "Kaboul", False),
    ("Islamabad accuse Kaboul d'abriter des rebelles.", "Kaboul", False),
    ("Les États-Unis, sur ordre du président, ont frappé le port.", "États-Unis", False),
    # a passive, or a preposition before the name, keeps it the place
    ("Beyrouth a été frappée dimanche.", "Beyrouth", True),
    ("La frappe contre le centre, situé à l'est de Tripoli, capitale de la Libye, a fait 40 morts.", "Tripoli", True),
])
def test_a_state_is_not_a_place_in_french(gaz, text, name, is_place):
    from civcas.extract import french
    assert (name in {mn.name for mn in french.place_mentions(text, gaz, [])}) is is_place


@pytest.mark.parametrize("text,country,admin1", [
    # a direction taken from a place marks a distance (rule places.direction-reference)
    ("An air strike killed 12 people in Jounieh, north of Beirut, on Monday. The coastal town lies "
     "a short drive north of Beirut.", "LB", "Mount Lebanon"),
    # a district named for its seat lies in the seat's admin-1 unit (rule places.district-seat)
    ("An Israeli strike on a house in Jbeil district killed eight people, the health ministry said. "
     "The Beirut office of the ministry gave the toll.", "LB", "Mount Lebanon"),
])
def test_a_place_named_as_a_mark_or_a_district_seat(gaz, text, country, admin1):
    place = _read(gaz, extract, text)
    assert (place.country_code, place.admin1) == (country, admin1)


def test_a_headline_capital_the_text_writes_in_lower_case_is_not_a_place(gaz):
    place = _read(gaz, extract, "Air Strikes on Port Kill at Least 20 in Yemen\n"
                                "At least 20 people were killed when air strikes hit a port in Yemen.")
    assert (place.country_code, place.name) == ("YE", "Yemen")


def test_a_capitalised_compound_region_is_the_region_in_french(gaz):
    from civcas.extract import french
    place = _read(gaz, french.extract, "Au moins cent civils ont été tués samedi dans une attaque à Dablo, "
                                       "localité du Centre-Nord du Burkina Faso.")
    assert (place.country_code, place.admin1) == ("BF", "Centre-Nord")


@pytest.mark.parametrize("text,admin1", [
    # rule ar.places.unit-by-sound: the unit's Arabic name is not in GeoNames; its sound is
    ("قتل 40 شخصا في غارات جوية على ولاية بكتيكا شرقي أفغانستان مساء الثلاثاء.", "Paktika"),
    ("قالت حركة طالبان إن القصف استهدف مقاطعة باكتيكا في أفغانستان وقتل 20 مدنيا.", "Paktika"),
])
def test_an_arabic_unit_gazetteer_lacks_is_found_by_its_sound(gaz, text, admin1):
    from civcas.extract import arabic
    place = _read(gaz, arabic.extract, text)
    assert (place.country_code, place.admin1) == ("AF", admin1)
