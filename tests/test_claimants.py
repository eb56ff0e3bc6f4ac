"""Who claims a figure: claimant types read through rules/claimants.toml, and the attribution forms
of war reporting. Every sentence here is written for these tests."""
import datetime as dt
import tomllib

import pytest

from civcas.extract import extract
from civcas.extract.actors import key
from civcas.extract.claimants import CLAIMANTS_FILE, claimant_type, table
from civcas.extract.parties import attributions
from civcas.model import CLAIMANT_TYPES, Report


@pytest.mark.parametrize("described, alleged, expected", [
    # monitors: UN agencies, the ICRC, rights groups; a named UN or ICRC official is an official
    ("the Syrian Observatory for Human Rights", ["Russia"], "monitor"),
    ("a war monitor", ["Russia"], "monitor"),
    ("the UN humanitarian office", ["Israel"], "monitor"),
    ("The International Committee of the Red Cross", ["Saudi-led coalition"], "monitor"),
    ("Pierre Dumont, the ICRC's head of delegation in the country", ["Saudi-led coalition"], "official"),
    ("a UN spokeswoman", ["Israel"], "official"),
    # governments: health ministries of any authority, heads of a region, state media
    ("the Hamas-run health ministry", ["Israel"], "government"),
    ("Ali Nasser, a spokesman for the Houthis' ministry of health", ["Saudi-led coalition"], "government"),
    ("the rebel-controlled Health Ministry", ["Saudi-led coalition"], "government"),
    ("Oleksandr Petrenko, head of the Sumy regional military administration", ["Russia"], "government"),
    ("the Moscow-appointed head of the occupied region", ["Ukraine"], "government"),
    ("Iraqi state television", ["Turkey"], "government"),
    # belligerents: a military, its command, an armed group, its spokesman, its own media
    ("the Israeli military", ["Israel"], "belligerent"),
    ("U.S. Africa Command", ["United States"], "belligerent"),
    ("Musa Tesfaye, spokesman for the Tigray People's Liberation Front", ["Ethiopia"], "belligerent"),
    ("the group's Al-Masirah TV", ["Saudi-led coalition"], "belligerent"),
    ("Houthi media", ["Saudi-led coalition"], "belligerent"),
    # a civilian body of the state alleged to have struck speaks for it; of another state, not
    ("Russia's foreign ministry", ["Russia"], "belligerent"),
    ("Russia's foreign ministry", ["Ukraine"], "government"),
    ("SANA", ["Syrian government"], "belligerent"),
    ("SANA", ["Russia"], "government"),
    # officials: mayors, municipalities, police, local authorities
    ("the mayor of the city", ["Russia"], "official"),
    ("regional police", ["Russia"], "official"),
    ("local authorities", ["Russia"], "official"),
    # medical: hospitals, doctors, MSF, Red Crescent
    ("aid group Doctors Without Borders (MSF)", ["United States"], "medical"),
    ("a senior doctor at the city's main hospital", ["Sudan"], "medical"),
    ("the Palestine Red Crescent", ["Israel"], "medical"),
    # local: residents, relatives, rescuers and civil defence
    ("the White Helmets", ["Russia"], "local"),
    ("the Syrian Civil Defence, a rescue group working in opposition areas", ["Russia"], "local"),
    ("a cousin of two of the dead", ["United States"], "local"),
    ("local sources", ["Turkey"], "local"),
    # journalists: news organisations; no claimant at all is the outlet's own statement
    ("the news agency's correspondent", ["Russia"], "journalist"),
    ("news reports", ["Russia"], "journalist"),
    (None, ["Russia"], "journalist"),
    # unnamed: a source that names no one
    ("officials", ["Turkey"], "unnamed"),
    ("initial reports", ["Turkey"], "unnamed"),
    ("aid workers", ["Ethiopia"], "unnamed"),
])
def test_claimant_type_of_the_claimant_s_words(described, alleged, expected):
    assert claimant_type(described, alleged) == expected


@pytest.mark.parametrize("sentence, claimant, described", [
    # an acronym in brackets stays with its body
    ("The medical charity Doctors Without Borders (MSF) said 12 patients died.",
     "The medical charity Doctors Without Borders (MSF)", "The medical charity Doctors Without Borders (MSF)"),
    # an appositive naming the speaker's office
    ("Musa Tesfaye, spokesman for the rebel movement, said 30 people died in the raid.",
     "Musa Tesfaye", "Musa Tesfaye, spokesman for the rebel movement"),
    # a dot inside an abbreviation does not end an "according to"
    ("Four fighters died, according to a statement from U.S. Central Command.",
     "a statement from U.S. Central Command", "a statement from U.S. Central Command"),
    # the source a report cites
    ("The agency reported that nine people died, citing local sources.", "local sources", "local sources"),
    # a dateline's dash bounds the subject
    ("KHARTOUM (Reuters) — The health ministry said 14 people died.", "The health ministry", "The health ministry"),
    # a passive's agent
    ("The toll was confirmed by the regional governor on Sunday.", "the regional governor", "the regional governor"),
])
def test_attribution_forms_of_war_reporting(sentence, claimant, described):
    found = [a for a in attributions(sentence) if a.claimant == claimant]
    assert found and found[0].described == described


@pytest.mark.parametrize("sentence", [
    "The blast on the market claimed the lives of 17 shoppers.",        # a toll, not a claim
    "Shelling of the depot claims 12 lives, injures 30",
    "Dozens of villagers reported killed in overnight raid",           # a participle
])
def test_not_a_reporting_phrase(sentence):
    assert attributions(sentence) == []


def test_news_reports_said_names_the_reports_not_news():
    (a,) = attributions("A missile hit the station, killing 30, news reports said.")
    assert a.claimant == "news reports"


def _killed(gaz, text, **report):
    facts = extract(Report(id=1, text=text, published=dt.date(2024, 3, 4), **report), gaz)
    return [c for c in facts.claims if c.kind == "killed"]


def test_a_figure_no_one_is_quoted_for_is_the_outlet_s_own(gaz):
    (claim,) = _killed(gaz, "A Russian missile struck a shop in the village on Sunday, killing 14 people.",
                       outlet="Kyiv Daily")
    assert (claim.claimant, claim.claimant_type) == (None, "journalist")


def test_a_relayed_figure_is_unnamed(gaz):
    (claim,) = _killed(gaz, "Eleven people were reportedly killed when a Russian missile struck a shop on Sunday.")
    assert claim.claimant_type == "unnamed"


def test_a_headline_figure_takes_the_source_the_body_gives_it(gaz):
    text = ("Russian missile strike kills 14 in village shop\n\nA Russian missile struck a shop in the village "
            "on Sunday. Fourteen people were killed, the regional governor said.")
    claims = _killed(gaz, text)
    assert [c.claimant_type for c in claims] == ["government", "government"]


def test_the_next_sentence_can_name_who_told_it(gaz):
    text = ("A Russian missile struck a block of flats on Sunday, killing 23 people. This was announced by the "
            "head of the regional military administration on Telegram.")
    (claim,) = _killed(gaz, text)
    assert claim.claimant_type == "government"


def test_claimant_types_are_the_model_s():
    assert {entry.type for section in ("body", "title") for entry, _ in table().entries[section]} <= set(CLAIMANT_TYPES)


def test_no_word_names_two_bodies():
    with open(CLAIMANTS_FILE, "rb") as handle:
        bodies = tomllib.load(handle)["body"]
    owner: dict[str, str] = {}
    for row in bodies:
        for word in row["words"]:
            assert owner.setdefault(key(word), row["id"]) == row["id"], word
