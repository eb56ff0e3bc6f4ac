"""French reading: quantities by the English rules, casualty figures from the French parse,
actors, claimants, dates, scope and places, and a French report end to end. Every sentence and
report here was written for these tests."""
import datetime as dt
import json

import pytest

from civcas import ingest
from civcas.extract import READERS, french
from civcas.extract import scope as sc
from civcas.model import Report
from civcas.pipeline import process, stats

PUBLISHED = dt.date(2024, 3, 14)          # a Thursday


@pytest.mark.parametrize("text,lo,hi", [
    ("au moins 46", 46, None), ("plus de 100", 101, None), ("près de 30", 27, 30), ("environ 50", 45, 55),
    ("jusqu'à 30", 0, 30), ("moins de 10", 0, 9), ("une dizaine", 9, 11), ("des dizaines", 20, None),
    ("plus d'une dizaine", 11, None), ("une centaine", 90, 110), ("des centaines", 200, None), ("plusieurs", 3, None),
    ("dix-huit", 18, 18), ("vingt et un", 21, 21), ("soixante-dix", 70, 70), ("quatre-vingt-dix", 90, 90),
    ("deux cents", 200, 200), ("1 200", 1200, 1200), ("entre 20 et 30", 20, 30),
])
def test_quantities_follow_the_english_rules(text, lo, hi):
    (q,) = french.quantities(text)
    assert (q.min, q.max) == (lo, hi)


@pytest.mark.parametrize("sentence,expected", [
    ("Au moins douze civils ont été tués mardi dans une frappe de drone.", [("killed", "civilians", 12)]),
    ("L'attaque a fait 40 morts et 25 blessés, selon un bilan officiel.", [("killed", "unspecified", 40),
                                                                          ("wounded", "unspecified", 25)]),
    ("Quinze soldats ont perdu la vie dans l'embuscade.", [("killed", "soldiers", 15)]),
    ("Une dizaine de villageois ont trouvé la mort.", [("killed", "civilians", 9)]),
    ("Trente personnes, dont onze enfants, ont été tuées.", [("killed", "unspecified", 30), ("killed", "children", 11)]),
    ("Six policiers et deux civils ont été tués.", [("killed", "police", 6), ("killed", "civilians", 2)]),
    ("Trois femmes ont été tuées et neuf autres blessées.", [("killed", "women", 3), ("wounded", "unspecified", 9)]),
    ("L'armée dit avoir neutralisé vingt terroristes.", [("killed", "fighters", 20)]),
    ("Le bombardement a causé la mort de neuf civils.", [("killed", "civilians", 9)]),
    ("Un gendarme a été tué près du poste.", [("killed", "police", 1)]),
    ("Huit personnes ont été tuées ou blessées.", []),
    ("La réunion du 3 mars a rassemblé 200 personnes.", []),
    ("Les insurgés ont exécuté plusieurs frappes et tué quatre bergers.", [("killed", "unspecified", 4)]),
    ("Le ministre a annoncé que quinze soldats nigériens ont été tués.", [("killed", "soldiers", 15)]),
])
def test_figures(sentence, expected):
    assert [(f.kind, f.population, f.quantity.min) for f in french.figures(sentence)] == expected


@pytest.mark.parametrize("sentence,home,expected", [
    ("Une frappe aérienne israélienne a touché un immeuble.", None, ["Israel"]),
    ("Des soldats tchadiens ont été tués dans une attaque de Boko Haram.", None, ["Boko Haram"]),
    ("Le camp a été attaqué par des combattants de l'EIGS.", None, ["Islamic State Sahel Province"]),
    ("Une frappe de drone de l'armée malienne a visé un marché.", None, ["Mali"]),
    ("La force Barkhane a mené une frappe près du village.", None, ["France"]),
    ("L'attaque a été revendiquée par le JNIM.", None, ["JNIM"]),
    ("L'armée a frappé une base des insurgés.", "Burkina Faso", ["Burkina Faso"]),
    ("Des hommes armés ont attaqué le village.", None, []),
    ("Le bilan est le plus lourd subi par l'armée nigérienne.", None, []),
    ("Des avions militaires français ont été mobilisés.", None, []),
    ("L'armée de la junte malienne et les mercenaires de Wagner ont mené des frappes de drone.", "Burkina Faso",
     ["Mali", "Wagner Group"]),
    ("Des frappes aériennes pakistanaises ont touché trois villages.", None, ["Pakistan"]),
    ("Un raid aérien effectué par le Pakistan a fait dix morts.", None, ["Pakistan"]),
    ("Une bombe larguée par les rebelles du M23 est tombée sur le camp, faisant trois morts.", None, ["M23"]),
    # a parent or an ally named beside the group is not the striker, unless the attackers are its members
    ("L'attaque a été revendiquée par le JNIM (GSIM, affilié à Al-Qaïda).", None, ["JNIM"]),
    ("L'attaque a été revendiquée par des combattants lourdement armés, affiliés à l'EIGS.", None,
     ["Islamic State Sahel Province"]),
    # every state's forces, not only those with a row of their own (rule fr.open-states)
    ("Des frappes aériennes égyptiennes ont visé des positions en Libye.", None, ["Egypt"]),
    ("L'aviation irakienne a bombardé un village près de Kirkouk.", None, ["Iraqi government"]),
    ("L'armée cambodgienne a tiré des roquettes sur la province de Sisaket.", None, ["Cambodia"]),
    ("Le Tadjikistan a bombardé plusieurs villages.", None, ["Tajikistan"]),
    ("Des soldats sénégalais ont été tués dans l'embuscade.", None, []),
    # an adjective after a place word names the place, not whose drone it was
    ("Dix civils ont été tués dans une frappe de drone près de la frontière malienne.", None, []),
])
def test_who_struck(sentence, home, expected):
    assert sorted(french.agents(sentence, home)) == sorted(expected)


@pytest.mark.parametrize("claimant,expected", [
    ("l'Observatoire syrien des droits de l'homme", "monitor"), ("la MINUSMA", "monitor"),
    ("un porte-parole de la MINUSMA", "official"), ("le ministère de la Santé", "government"),
    ("une source sécuritaire", "unnamed"), ("un élu local", "local"), ("des habitants", "local"),
    ("l'hôpital de Mopti", "medical"), ("Médecins sans frontières", "medical"),
    ("l'état-major des armées", "belligerent"), ("des sources concordantes", "unnamed"), ("l'AFP", "journalist"),
    ("la Croix-Rouge", "monitor"),                          # alone: the ICRC, as "the Red Cross" in English
    ("la Croix-Rouge libanaise", "medical"),                # a national society, like the Red Crescent
    ("la Croix-Rouge locale", "medical"),
    ("la Croix-Rouge internationale", "monitor"),
    ("des sources officielles et la Croix-Rouge libanaise", "medical"),   # the body decides, not the vague word
    ("le Service de sécurité de l'Ukraine", "belligerent"),
    ("un volontaire participant à l'évacuation des corps", "local"),
])
def test_claimant_types(claimant, expected):
    assert french.claimant_type(claimant, [], None) == expected


def test_a_government_body_of_the_alleged_striker_is_a_belligerent():
    assert french.claimant_type("le gouvernement malien", ["Mali"], None) == "belligerent"


@pytest.mark.parametrize("sentence,claimant", [
    ("Douze civils ont été tués, a indiqué un élu local.", "un élu local"),
    ("Selon le ministère de la Santé, douze civils ont été tués.", "le ministère de la Santé"),
    ("Le gouverneur a déclaré que douze civils avaient été tués.", "Le gouverneur"),
    ("« Douze civils ont été tués », a-t-il ajouté.", "il"),
    ("Douze civils ont été tués, a-t-on appris auprès de sources sécuritaires.", "sources sécuritaires"),
    ("« Douze civils ont été tués », a écrit sur la messagerie Telegram Ivan Petrenko.", "Ivan Petrenko"),
    ("Le Comité international de la Croix-Rouge (CICR) a déclaré que douze civils avaient été tués.",
     "Le Comité international de la Croix-Rouge"),
    ("Le CICR a donné un nouveau bilan : douze morts.", "Le CICR"),
    ("Il a lui-même annoncé le bilan : douze morts.", "Il"),
    ("Il y aurait douze morts, affirment-t-ils.", "ils"),
    ("C'est ce qu'indique le rapport de la MINUSMA.", "le rapport de la MINUSMA"),
    ("Douze civils ont été tués, comme l'a indiqué le maire.", "le maire"),
    ("Le maire de la ville, Ali Sanogo, a fait état d'un bilan de douze morts.", "Le maire de la ville, Ali Sanogo"),
])
def test_who_says_it(sentence, claimant):
    assert [a.claimant for a in french.attributions(sentence)] == [claimant]


@pytest.mark.parametrize("text", [
    "La MINUSMA a publié son rapport. Selon le document, douze civils ont été tués.",
    "La MINUSMA a publié son rapport.\n\nSelon le document, douze civils ont été tués.",   # the paragraph before
    "Selon la MINUSMA, l'enquête est close. Elle indique que douze civils ont été tués.",
])
def test_a_claimant_pointing_back_is_the_one_named_before(gaz, text):
    facts = french.extract(Report(id=1, text=text.replace("a publié", "a indiqué avoir publié"),
                                  published=PUBLISHED, outlet="Exemple"), gaz)
    assert [c.claimant_type for c in facts.claims] == ["monitor"]


@pytest.mark.parametrize("text", [
    "Douze civils ont été tués dans la frappe. Une information de l'Observatoire syrien des droits de l'homme "
    "que la Russie dément.",
    "Douze civils ont été tués dans la frappe. Une clinique a été touchée. C'est ce qu'indique le rapport de la MINUSMA.",
    "Douze civils ont été tués dans la frappe. Ce bilan a été communiqué par l'ONU.",
])
def test_a_later_sentence_says_who_told_the_figure(gaz, text):
    facts = french.extract(Report(id=1, text=text, published=PUBLISHED, outlet="Exemple"), gaz)
    assert [c.claimant_type for c in facts.claims] == ["monitor"]


@pytest.mark.parametrize("second,expected", [
    ("Dix soldats sont morts, a indiqué le porte-parole.", "belligerent"),   # the one named in full before
    ("Dix soldats sont morts, a indiqué un porte-parole.", "official"),      # an indefinite one: another
])
def test_a_short_definite_claimant_is_the_one_named_in_full(gaz, second, expected):
    text = f"L'attaque a eu lieu dimanche, selon le porte-parole de l'armée, le colonel Ali Sanogo.\n\n{second}"
    facts = french.extract(Report(id=1, text=text, published=PUBLISHED, outlet="Exemple"), gaz)
    assert [c.claimant_type for c in facts.claims] == [expected]


@pytest.mark.parametrize("second,expected", [
    ("Il a annoncé le bilan : douze morts.", "government"),       # the subject of the sentence before
    ("Elle a annoncé le bilan : douze morts.", "medical"),        # not that subject: another gender
])
def test_a_pronoun_speaks_for_the_subject_before(gaz, second, expected):
    text = ("Selon l'hôpital de la ville, l'attaque a eu lieu dimanche.\n\n"
            f"Le ministre de la Santé s'est rendu sur place lundi. {second}")
    facts = french.extract(Report(id=1, text=text, published=PUBLISHED, outlet="Exemple"), gaz)
    assert [c.claimant_type for c in facts.claims] == [expected]


@pytest.mark.parametrize("second,expected", [
    ("Elles ont également soigné douze blessés.", "monitor"),       # goes on with the count before
    ("Parmi les victimes, cinq femmes ont été tuées.", "monitor"),
    ("Cinq femmes ont été tuées.", "journalist"),                    # nothing says it goes on: the outlet's
    ("Il y a eu douze blessés dans la ville.", "journalist"),       # impersonal: the outlet's own
])
def test_a_figure_going_on_with_the_count_before_keeps_its_source(gaz, second, expected):
    text = f"Selon le CICR, ses équipes ont recueilli les corps de dix enfants tués dans la frappe. {second}"
    facts = french.extract(Report(id=1, text=text, published=PUBLISHED, outlet="Exemple"), gaz)
    assert [c.claimant_type for c in facts.claims if c.min != 10] == [expected]


def test_a_claimant_named_two_paragraphs_before_is_not_pointed_back_to(gaz):
    text = "La MINUSMA a indiqué avoir publié son rapport.\n\nLe camp est vide.\n\nSelon le document, douze civils ont été tués."
    facts = french.extract(Report(id=1, text=text, published=PUBLISHED, outlet="Exemple"), gaz)
    assert [c.claimant_type for c in facts.claims] == ["unnamed"]


@pytest.mark.parametrize("outlet,expected", [("Médecins sans frontières", "medical"), ("Exemple", "journalist")])
def test_a_figure_no_one_is_quoted_for_takes_the_outlets_type(gaz, outlet, expected):
    facts = french.extract(Report(id=1, text="Douze civils ont été tués dans la frappe.", published=PUBLISHED,
                                  outlet=outlet), gaz)
    assert [c.claimant_type for c in facts.claims] == [expected]


def test_an_inverted_subject_is_typed_with_its_appositive():
    (a,) = french.attributions("Le bilan est de six morts, a annoncé Ali Sanogo, le gouverneur de la région.")
    assert (a.claimant, french.claimant_type(a.described, [], None)) == ("Ali Sanogo", "government")


@pytest.mark.parametrize("text,expected", [
    ("hier", dt.date(2024, 3, 13)), ("mardi", dt.date(2024, 3, 12)), ("jeudi", dt.date(2024, 3, 14)),
    ("dans la nuit de samedi à dimanche", dt.date(2024, 3, 9)), ("le 3 mars", dt.date(2024, 3, 3)),
    ("le 28 décembre", dt.date(2023, 12, 28)), ("le 1er mars 2021", dt.date(2021, 3, 1)),
    ("dans la nuit du vendredi 8 au samedi 9 mars", dt.date(2024, 3, 8)),
])
def test_dates_relative_to_publication(text, expected):
    (m,) = french.date_mentions(text, PUBLISHED)
    assert (m.date, m.precision) == (expected, "day")


def test_a_night_read_from_dans_la_is_dated_by_the_day_it_began():
    """"dans la nuit du vendredi au samedi 9 mars" is one night, not a bare "vendredi"."""
    (m,) = french.date_mentions("dans la nuit du vendredi au samedi 9 mars", PUBLISHED)
    assert (m.date, m.text) == (dt.date(2024, 3, 8), "dans la nuit du vendredi au samedi 9 mars")


JUNE_2021 = (dt.date(2021, 6, 1), "month")


@pytest.mark.parametrize("text,expected", [
    # a page dated only to its month: a day and month take its year, a night the day it began
    ("le 5 juin", dt.date(2021, 6, 5)), ("samedi 5 juin", dt.date(2021, 6, 5)),
    ("dans la nuit du vendredi 4 au samedi 5 juin", dt.date(2021, 6, 4)),
    ("dans la nuit du vendredi au samedi 5 juin", dt.date(2021, 6, 4)),
    ("le 28 décembre", dt.date(2020, 12, 28)),
])
def test_dates_against_a_publication_month(text, expected):
    (m,) = french.date_mentions(text, *JUNE_2021)
    assert (m.date, m.precision) == (expected, "day")


@pytest.mark.parametrize("text", ["samedi", "hier", "dans la nuit de samedi à dimanche", "la semaine dernière"])
def test_a_weekday_or_a_relative_day_is_unknown_against_a_publication_month(text):
    assert french.date_mentions(text, *JUNE_2021) == []


@pytest.mark.parametrize("text,date,precision", [
    ("Au moins 160 civils ont été tués dans la nuit du vendredi 4 au samedi 5 juin à Solhan.",
     dt.date(2021, 6, 4), "day"),
    # nothing the month can date: the incident is dated to the month, never to its first day as a day
    ("Au moins 160 civils ont été tués samedi à Solhan.", dt.date(2021, 6, 1), "month"),
])
def test_a_report_dated_only_to_its_month(gaz, text, date, precision):
    report = Report(id=1, text=text, published=JUNE_2021[0], published_precision=JUNE_2021[1], outlet="Exemple")
    facts = french.extract(report, gaz)
    assert (facts.date, facts.date_precision) == (date, precision)


def test_the_day_of_a_statement_is_not_the_attack():
    (m,) = french.date_mentions("Douze soldats ont été tués, a annoncé mardi l'armée.", PUBLISHED)
    assert m.about_statement


@pytest.mark.parametrize("sentence,scope", [
    ("Les violences jihadistes ont fait plus de 2 000 morts depuis 2015.", "cumulative"),
    ("Plus de 40 000 personnes ont été tuées dans le conflit.", "cumulative"),
    ("L'assaut avait tué 71 soldats en décembre.", "other"),
    ("Le ministère a annoncé que 90 personnes avaient été tuées.", "incident"),
    ("Douze civils ont été tués dimanche dans la frappe.", "incident"),
])
def test_scope(sentence, scope):
    assert sc.sentence_scope(sentence, False, french.SCOPE)[0] == scope


def _place(text, gaz):
    """The place the French reader chooses for a text of places alone."""
    from civcas.extract import places as pl
    return pl.choose_place(french.place_mentions(text, gaz, []), gaz)[0]


@pytest.mark.parametrize("text,admin1", [
    ("Une frappe a touché un immeuble dans le nord du Liban.", "North Lebanon"),
    ("Le village bombardé se trouve au Liban-Nord, loin de la frontière.", "North Lebanon"),
    ("Les raids ont visé plusieurs localités du Sud-Liban.", "South Lebanon"),
    ("Des frappes ont été signalées dans le sud du Liban.", "South Lebanon"),
    ("Un poste a été attaqué dans l'est du Burkina Faso.", "Est"),           # a unit named by the direction
])
def test_a_direction_with_a_country_names_its_unit(gaz, text, admin1):
    assert _place(text, gaz).admin1 == admin1


@pytest.mark.parametrize("text", [
    "Des tirs ont été entendus dans le nord de l'Irak.",
    "Un poste a été attaqué dans le nord-est du Burkina Faso.",             # not the Est region
])
def test_a_direction_names_no_unit_the_country_lacks(gaz, text):
    assert _place(text, gaz).admin1 is None


@pytest.mark.parametrize("text,country", [
    ("Les frappes sur Gaza ont fait 40 morts palestiniens.", "PS"),
    ("Les frappes sur Gaza ont tué des civils gazaouis.", "PS"),
    ("Des pluies sur Gaza ont inondé des villages.", "MZ"),          # no people named: as before
])
def test_a_peoples_word_decides_between_homonyms_abroad(gaz, text, country):
    assert _place(text, gaz).country_code == country



@pytest.mark.parametrize("text,country", [
    ("Au moins 14 civils ont été tués mardi à Djibo, au Burkina Faso. Le bilan reste provisoire. "
     "Somalie Explosion à Mogadiscio Trois personnes ont été blessées samedi à Mogadiscio, en Somalie.", "BF"),
    ("Burkina Faso\nAu moins 9 soldats ont été tués jeudi à Djibo, au Burkina Faso.\n"
     "Nigéria : 30 morts dans une attaque à Maiduguri\nNigeria : l'armée déployée à Kano", "BF"),
])
def test_a_pages_other_stories_place_nothing(gaz, text, country):
    assert _place(text, gaz).country_code == country


@pytest.mark.parametrize("text", [
    "Liban : 18 morts dans une frappe sur un village du nord du Liban.",     # the page's own heading
    "Des frappes ont visé le Liban. Israël Katz a promis de poursuivre.",    # a person's name
    "Au Mali, trois morts.\nMali : un autre bilan à Gao.",                    # a country already named
])
def test_no_other_story_begins(text):
    assert french.other_stories(text) == len(text)


REPORT = ("Mali : au moins treize civils tués dans une frappe de drone près de Douentza\n\n"
          "Au moins treize civils, dont cinq enfants, ont été tués mardi dans une frappe de drone de l'armée "
          "malienne sur un marché du village de Kérénia, dans la région de Mopti, a indiqué un élu local.\n\n"
          "Selon des habitants, une vingtaine de personnes ont été blessées. L'armée n'a pas commenté. "
          "Les violences jihadistes ont fait des milliers de morts au Mali depuis 2012.")


@pytest.mark.parametrize("field,expected", [
    ("date", dt.date(2024, 3, 12)), ("admin1", "Mopti"), ("country", "ML"), ("belligerents", ["Mali"]),
    ("killed", {13, 5}), ("claimant_type", "local"), ("tally", {2000}),
])
def test_a_french_report(gaz, field, expected):
    facts = french.extract(Report(id=1, text=REPORT, published=PUBLISHED, outlet="Exemple"), gaz)
    incident = [c for c in facts.claims if c.scope == "incident"]
    got = {"date": facts.date, "admin1": facts.place.admin1, "country": facts.place.country_code,
           "belligerents": facts.belligerents,
           "killed": {c.min for c in incident if c.kind == "killed"},
           "claimant_type": next(c.claimant_type for c in incident if c.min == 13),
           "tally": {c.min for c in facts.claims if c.scope == "cumulative"}}[field]
    assert got == expected


@pytest.mark.parametrize("sentence,admin1", [
    ("Dix civils ont été tués dans une frappe sur un village du nord du Liban.", "North Lebanon"),
    ("Dix civils ont été tués dans une frappe sur un village au Liban-Sud.", "South Lebanon"),
])
def test_a_direction_with_a_country_names_its_unit(gaz, sentence, admin1):
    facts = french.extract(Report(id=1, text=sentence, published=PUBLISHED, outlet="Exemple"), gaz)
    assert facts.place.admin1 == admin1


def test_french_is_read_through_the_registry():
    assert READERS["fr"] is french.extract


def test_a_french_report_makes_an_incident_end_to_end(store, tmp_path):
    (tmp_path / "mali.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "mali.meta.json").write_text(json.dumps({"outlet": "Exemple", "url": "https://example.org/mali",
                                                         "published": "2024-03-14"}), encoding="utf-8")
    assert not ingest.ingest(store, [tmp_path]).errors
    process(store)
    counts = stats(store)
    assert counts["languages"] == {"fr": 1} and counts["unreadable"] == 0
    (incident,) = store.incidents()
    assert incident.belligerents == ["Mali"] and incident.place.admin1 == "Mopti"
    assert incident.date == dt.date(2024, 3, 12) and incident.civilian_deaths_max == 13


@pytest.mark.parametrize("sentence, place", [
    # a name the gazetteer lacks, placed by the text in a town's area: the place, in that town's unit
    ("Dix-neuf civils ont été tués à Kognéré dans la région de Douentza, au Mali.", ("Kognéré", "Mopti", "admin1")),
    # a town the gazetteer knows stays that town
    ("Dix-neuf civils ont été tués à Koro dans le cercle de Douentza, au Mali.", ("Koro", "Mopti", "point")),
])
def test_a_place_in_an_area_is_the_place_not_the_area(gaz, sentence, place):
    found = french.extract(Report(id=1, text=sentence, published=PUBLISHED, outlet="Exemple"), gaz).place
    assert (found.name, found.admin1, found.precision) == place
