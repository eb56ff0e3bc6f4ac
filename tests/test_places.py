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
