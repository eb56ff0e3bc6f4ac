"""One incident across languages: reports in Arabic, French and English of one attack link on
date, place, parties and figures (never on words, which cannot be compared across languages),
and a translated wire story counts as a copy of the report it renders, not as a source.

The facts are built here (as a reader of each language returns them), so these tests do not
depend on the Arabic and French readers."""
import datetime as dt

import pytest

from bilingual import ALEPPO_AR, ARIHA_AR, DAY, IDLIB_AR, TEXTS, add, facts, linked
from civcas import link
from civcas.model import Place, Report
from civcas.provenance import translation

# --- linking ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_report_in_another_language_joins_the_english_incident_of_its_attack(store, language):
    en, other = add(store, "en", "AFP"), add(store, language, "Local")
    first, second = linked(store, [(en, facts(en, "en")), (other, facts(other, language))])
    assert first == second


def test_words_of_two_languages_are_not_compared(store):
    """Words no English report shares would weigh against a same-town match in one language."""
    en, ar = add(store, "en", "AFP"), add(store, "ar", "Local")
    linked(store, [(en, facts(en, "en"))])
    linked(store, [(ar, facts(ar, "ar"))])
    evidence = store.incidents()[0].reports[-1].evidence
    assert evidence["word_similarity"] is None and evidence["words"] == 0


def test_names_one_language_gives_are_no_evidence_against_a_report_in_another():
    en = facts(1, "en", names=["ahmed khalil"])
    ar, fr = facts(2, "ar", names=["أحمد خليل"]), facts(3, "en", names=["omar said"])
    assert link.features(ar, en, {}, specific={"أحمد خليل"})["names"] == 0
    assert link.features(fr, en, {}, specific={"omar said"})["names"] < 0     # one language: against


def test_an_undated_report_in_another_language_joins_on_its_figures_in_the_same_province(store):
    en = add(store, "en", "AFP")
    same, other = add(store, "ar", "Local"), add(store, "fr", "Other")
    incidents = linked(store, [(en, facts(en, "en")), (same, facts(same, "ar", date=None, place=IDLIB_AR)),
                               (other, facts(other, "fr", date=None, place=IDLIB_AR, figures=(4,)))])
    assert incidents[1] == incidents[0] != incidents[2]


@pytest.mark.parametrize("parties,joined", [(["Russia"], True), ([], True), (["Syrian government"], False)])
def test_an_undated_report_joining_on_a_figure_must_not_name_another_party_striking(store, parties, joined):
    en, ar = add(store, "en", "AFP"), add(store, "ar", "Local")
    other = facts(ar, "ar", date=None, place=ARIHA_AR)      # the same town, which alone outweighs the parties
    other.belligerents = parties
    first, second = linked(store, [(en, facts(en, "en")), (ar, other)])
    assert (first == second) == joined


def test_an_undated_report_meets_an_incident_placed_only_in_its_country(store):
    """A wire that names the village but not its province is in no other province."""
    village = Place("Ariha", "Syria", "SY", None, precision="country")
    en, fr = add(store, "en", "AFP"), add(store, "fr", "Local")
    local = facts(fr, "fr", date=None, place=Place("Ariha", "Syria", "SY", "Idlib", precision="admin1"))
    del local.words["ariha"]                 # no word leads to the wire: only the region and the figures
    first, second = linked(store, [(en, facts(en, "en", place=village)), (fr, local)])
    assert first == second


def test_a_figure_told_with_another_qualifier_is_the_same_figure():
    wire, local = facts(1, "en", date=None), facts(2, "ar", date=None, place=IDLIB_AR)
    wire.claims[0].max = None                                    # "at least 10" beside "10"
    assert link.features(local, wire, {})["shared_figures"] == [["killed", 10]]


@pytest.mark.parametrize("case", ["five days apart", "another province", "undated, another province"])
def test_the_same_figures_do_not_join_another_day_or_province(store, case):
    date, place = {"five days apart": (DAY + dt.timedelta(days=5), ARIHA_AR),
                   "another province": (DAY, ALEPPO_AR),
                   "undated, another province": (None, ALEPPO_AR)}[case]
    en, ar = add(store, "en", "AFP"), add(store, "ar", "Local")
    first, second = linked(store, [(en, facts(en, "en")), (ar, facts(ar, "ar", date=date, place=place))])
    assert first != second


# --- translations -----------------------------------------------------------------------------

def sources(store) -> int:
    (incident,) = store.incidents()
    return incident.independent_sources


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_translated_wire_story_is_a_copy_of_the_wire(store, language):
    en, other = add(store, "en", "Deccan Herald (AFP)"), add(store, language, "Local daily")
    linked(store, [(en, facts(en, "en")), (other, facts(other, language, place=ARIHA_AR))])
    (found,) = [l for l in store.links() if l.relation == "translated"]
    assert ({found.report_a, found.report_b}, found.source_id) == ({en, other}, en)
    assert sources(store) == 1


NOT_A_TRANSLATION = {
    "another figure": dict(figures=(12,)),
    "another source quoted": dict(claimant_type="medical"),
    "another day": dict(date=DAY - dt.timedelta(days=1)),
    "another place": dict(place=IDLIB_AR),
}


@pytest.mark.parametrize("case", NOT_A_TRANSLATION)
def test_a_report_that_differs_in_one_fact_is_an_independent_source(store, case):
    en, ar = add(store, "en", "Deccan Herald (AFP)"), add(store, "ar", "Local daily")
    linked(store, [(en, facts(en, "en")), (ar, facts(ar, "ar", **NOT_A_TRANSLATION[case]))])
    assert not [l for l in store.links() if l.relation == "translated"]
    assert sources(store) == 2


@pytest.mark.parametrize("case", ["no agency credited", "another agency credited"])
def test_a_translation_needs_the_agency_credited(store, case):
    text = {"no agency credited": "قُتل عشرة مدنيين الخميس في غارات روسية على مدينة أريحا، وفق المرصد السوري.",
            "another agency credited": "أريحا (رويترز) - قُتل عشرة مدنيين الخميس في غارات روسية على أريحا."}[case]
    en, ar = add(store, "en", "Deccan Herald (AFP)"), add(store, "ar", "Local daily", text=text)
    linked(store, [(en, facts(en, "en")), (ar, facts(ar, "ar"))])
    assert not [l for l in store.links() if l.relation == "translated"]
    assert sources(store) == 2


def test_the_later_report_is_the_translation_of_the_earlier(store):
    ar = add(store, "ar", "Local daily", published=DAY)
    en = add(store, "en", "Deccan Herald (AFP)", published=DAY + dt.timedelta(days=1))
    linked(store, [(en, facts(en, "en")), (ar, facts(ar, "ar"))])
    assert [l.source_id for l in store.links() if l.relation == "translated"] == [ar]


@pytest.mark.parametrize("outlet, text, agency", [
    ("Al-Quds al-Arabi", "بيروت ـ «القدس العربي» ـ ذكرت وكالة الصحافة الفرنسية أن عشرة قتلوا", "afp"),
    ("Hespress", "وقالت لرويترز مصادر طبية إن عشرة قتلوا", "reuters"),
    ("Arab48", "ونقلت وكالة الأناضول عن الدفاع المدني", "anadolu"),
    ("Le Monde avec AFP", "Dix civils ont été tués.", "afp"),
    ("RFI", "Dix civils ont été tués, selon l'Associated Press.", "ap"),
    ("Reuters", "Ten civilians were killed.", "reuters"),
])
def test_the_agency_a_report_credits_is_read_from_its_outlet_or_text(outlet, text, agency):
    assert translation.credited(Report(text=text, outlet=outlet)) == {agency}


@pytest.mark.parametrize("text", ["The AP test was passed by AA students.", "Reuterstown was shelled."])
def test_an_acronym_outside_a_credit_or_a_longer_word_credits_no_agency(text):
    assert translation.credited(Report(text=text, outlet="Local")) == set()
