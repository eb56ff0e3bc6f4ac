"""Extraction: the quantity rules of the model, places, attribution and scope, on
sentences and on the seeds."""
import datetime as dt

import pytest

from civcas.extract import extract
from civcas.extract.claims import figures
from civcas.extract.numbers import VAGUE_QUANTITIES, quantities
from civcas.extract.claimants import claimant_type
from civcas.extract.parties import agents, attributions
from civcas.model import Report
from civcas.text import paragraphs

from conftest import SEED_PUBLISHED, SEEDS


@pytest.mark.parametrize("text,lo,hi", [
    ("at least 46", 46, None), ("more than 100", 101, None), ("up to 30", 0, 30), ("as many as 30", 0, 30), ("nearly 30", 27, 30), ("almost 11", 9, 11),
    ("as many as 12", 0, 12), ("about 50", 45, 55), ("about 7", 6, 8), ("between 200 and 300", 200, 300),
    ("forty-six", 46, 46), ("two dozen", 24, 24), ("2,967", 2967, 2967), ("dozens", 24, None),
    ("scores", 40, None), ("hundreds", 200, None), ("several", 3, None), ("a few", 2, None),
])
def test_quantity_rules(text, lo, hi):
    (q,) = quantities(text)
    assert (q.min, q.max) == (lo, hi)


def test_vague_table_is_the_one_documented_table():
    assert VAGUE_QUANTITIES["dozens"][0] == 24 and VAGUE_QUANTITIES["scores"][0] == 40
    assert [q.min for q in quantities("killed a number of insurgents")] == [3]
    assert not quantities("the number of people killed rose")


@pytest.mark.parametrize("sentence,expected", [
    ("At least 46 people died when the mosque was hit.", [("killed", "unspecified", 46)]),
    ("The strike killed “dozens” of militants at a meeting.", [("killed", "fighters", 24)]),
    ("About 50 were killed and 50 wounded.", [("killed", "unspecified", 45), ("wounded", "unspecified", 50)]),
    ("The death toll from the raid rose to 54 on Sunday.", [("killed", "unspecified", 54)]),
    ("Witnesses said at least 200 people were gathered in the hall.", [("present", "unspecified", 200)]),
    ("The casualties included 28 civilians, most of them displaced.", [("killed", "civilians", 28)]),
    ("U.S. aircraft have struck dozens of locations in the north.", []),
    ("The campaign began more than two years ago.", []),
    ("The drones dropped a 500-pound bomb and fired four missiles.", []),
    ("The area is home to hundreds of thousands of civilians displaced by fighting.", []),
])
def test_figures_bind_numbers_to_people_and_casualty_words(sentence, expected):
    got = [(f.kind, f.population, f.quantity.min) for f in figures(sentence)]
    assert got == expected


def test_attribution_forms():
    (a,) = attributions("Mohamed Shakourdi, a local activist, said the final explosion came later.")
    assert a.claimant == "Mohamed Shakourdi" and claimant_type(a.described, []) == "local"
    (a,) = attributions("“Bodies filled the space,” said Mohamed al-Shaghal, a journalist who arrived.")
    assert claimant_type(a.described, []) == "journalist"
    (a,) = attributions("Navy Capt. Jeff Davis, a Pentagon spokesman, told reporters the hall was hit.")
    assert claimant_type(a.described, ["United States"]) == "belligerent"
    # a military's spokesman speaks for a fighting party, whoever is alleged to have struck
    assert claimant_type(a.described, ["Russia"]) == "belligerent"
    (a,) = attributions("The US, on the other hand, denied attacking the mosque.")
    assert a.claimant == "The US" and a.verb == "denied"


def _seed(prefix, gaz):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return extract(Report(id=1, text=path.read_text(encoding="utf-8"), published=SEED_PUBLISHED[prefix]), gaz)


def test_seed_000_claims_scopes_and_claimants(gaz):
    facts = _seed("000", gaz)
    assert facts.date == dt.date(2017, 3, 16) and facts.date_precision == "day"
    assert facts.belligerents == ["United States"]
    assert facts.place.admin1 == "Aleppo" and facts.place.precision == "admin1" and "Jinah" in facts.place.name
    by_min = {(c.min, c.kind): c for c in facts.claims}
    assert by_min[(46, "killed")].claimant_type in ("monitor", "local") and by_min[(46, "killed")].scope == "incident"
    assert by_min[(24, "killed")].population == "fighters" and by_min[(24, "killed")].claimant_type == "belligerent"
    assert by_min[(200, "present")].max is None
    assert by_min[(200, "killed")].scope == "cumulative"
    assert by_min[(101, "killed")].scope == "other"
    assert any(s.stance == "denies" and s.party == "United States" for s in facts.statements)


def test_seed_002_pronoun_without_antecedent_is_unnamed(gaz):
    facts = _seed("002", gaz)
    (about,) = [c for c in facts.claims if c.qualifier.startswith("about")]
    assert (about.min, about.max, about.claimant_type) == (45, 55, "unnamed")
    assert [c.scope for c in facts.claims if c.min == 220] == ["cumulative"]


def test_seed_003_coalition_may_have_and_tallies(gaz):
    facts = _seed("003", gaz)
    assert facts.date == dt.date(2018, 7, 12)
    assert facts.belligerents == ["US-led coalition"]
    assert facts.place.admin1 == "Deir ez-Zor" and facts.place.precision == "point"
    assert any(s.stance == "may_have" for s in facts.statements)
    scopes = {c.min: c.scope for c in facts.claims}
    assert scopes[54] == scopes[28] == "incident"
    assert scopes[939] == scopes[2967] == scopes[2673] == "cumulative"
    assert scopes[200] == "other"


def test_report_without_casualties_yields_no_claim(gaz):
    text = ("The city council met on Tuesday to discuss the budget for 2018. Three members voted against the "
            "plan, which would add 12 new buses and repair 40 miles of road over two years.")
    facts = extract(Report(id=1, text=text, published=dt.date(2018, 1, 10)), gaz)
    assert facts.claims == []


def test_every_extracted_value_is_in_the_model_vocabulary(gaz):
    from civcas.model import (CLAIM_KINDS, CLAIMANT_TYPES, DATE_PRECISIONS, MEANS, PARTY_BY_NAME,
                              PLACE_PRECISIONS, POPULATIONS, SCOPES, STANCES)
    for prefix in ("000", "001", "002", "003"):
        facts = _seed(prefix, gaz)
        assert facts.date_precision in DATE_PRECISIONS and facts.place.precision in PLACE_PRECISIONS
        assert set(facts.means) <= set(MEANS) and set(facts.belligerents) <= set(PARTY_BY_NAME)
        for c in facts.claims:
            assert (c.kind in CLAIM_KINDS and c.population in POPULATIONS and c.claimant_type in CLAIMANT_TYPES
                    and c.stance in STANCES and c.scope in SCOPES)
            assert c.max is None or c.max >= c.min
        for s in facts.statements:
            assert s.stance in STANCES and s.party in PARTY_BY_NAME


def test_long_hostile_text_is_read_in_bounded_passes(gaz):
    """A report near the size limit made of capitalised words and names, with no full stop,
    reads without error (it took minutes before sentences were capped and mention checks linear)."""
    words = ["Al", "Jinah", "Killed", "Said", "The", "Of", "Aleppo", "Province", "John Smith, 25,", "was killed"]
    text = " ".join(words[i * 7 % len(words)] for i in range(20000))
    facts = extract(Report(id=1, text=text, published=dt.date(2020, 1, 1)), gaz)
    assert all(c.end <= len(text) for c in facts.claims)


def test_a_party_s_own_release_speaks_for_it(gaz):
    """Figures nobody is quoted for, in a release a party issued, are that party's claims; its bare
    "coalition" is itself."""
    release = ("PRESS RELEASE — Saudi-led coalition command. RIYADH (May 3, 2024) Coalition aircraft struck a "
               "weapons depot near Saada yesterday. Initial reports indicate several fighters were killed. "
               "Residents said four civilians died.")
    facts = extract(Report(id=1, text=release, published=dt.date(2024, 5, 3)), gaz)
    fighters = next(c for c in facts.claims if c.population == "fighters")
    assert (fighters.claimant, fighters.claimant_type) == ("Saudi-led coalition", "belligerent")
    civilians = next(c for c in facts.claims if c.population == "civilians")
    assert civilians.claimant_type == "local"                   # quoted sources stay theirs
    assert facts.belligerents == ["Saudi-led coalition"]
    plain = "Coalition aircraft struck a depot near Saada. Several fighters were killed."
    by_outlet = extract(Report(id=2, text=plain, outlet="Saudi-led coalition command"), gaz)
    assert by_outlet.claims[0].claimant_type == "belligerent"
    # in a news outlet's report, the same figure is the outlet's own statement
    assert extract(Report(id=3, text=plain, outlet="Daily Herald"), gaz).claims[0].claimant_type == "journalist"
    # the civilians' deaths are blamed on the one party the release alleges struck, though their sentence names none
    assert civilians.parties == ["Saudi-led coalition"]


def test_a_party_s_release_that_names_no_striker_tells_of_its_own_operation(gaz):
    """An ISAF release says "an Afghan-international force killed…": the striker is the issuer; a
    report nobody issued names no striker from such a sentence."""
    text = ("ISAF Joint Command - Afghanistan\u2028For Immediate Release\u2028\u2028KABUL, Afghanistan (June 15) - "
            "An Afghan-international force killed several armed insurgents in Kapisa province last night.")
    assert extract(Report(id=1, text=text, published=dt.date(2010, 6, 15)), gaz).belligerents == ["ISAF"]
    plain = "An Afghan-international force killed several armed insurgents in Kapisa province last night."
    assert extract(Report(id=2, text=plain, outlet="Daily Herald"), gaz).belligerents == []


def test_paragraphs_in_every_line_break_style():
    """Blank lines of any line break (U+2028 in ISAF's releases, CRLF) part paragraphs; a text
    with none parts them where a line ends a sentence, not where hard wrapping broke one."""
    def parts(text):
        return [text[a:b] for a, b in paragraphs(text)]
    assert parts("Head\u2028\u2028First. Second.\r\n\r\nThird.") == ["Head", "First. Second.", "Third."]
    assert parts("The strike\nhit a mosque.\n\u201cThey died\u201d, he said.") == [
        "The strike\nhit a mosque.", "\u201cThey died\u201d, he said."]
    assert parts("One.\n\nTwo\nlines.") == ["One.", "Two\nlines."]       # blank lines rule where there are any


def test_he_said_is_not_carried_across_paragraphs_of_single_lines(gaz):
    text = ("Ahmed Karim, a doctor, said six people were wounded.\n"
            "\u201cI was told that about 50 were killed\u201d, he said.")
    claim = next(c for c in extract(Report(id=1, text=text), gaz).claims if c.min == 45)
    assert claim.claimant_type == "unnamed"


def test_party_names_match_in_the_plural():
    assert agents("Afghan and International Security Assistance Forces killed two insurgents.") == ["ISAF"]
    assert agents("Israelis shelled the village, killing three.") == ["Israel"]


def test_a_party_s_members_are_not_the_party_striking(gaz):
    text = ("KABUL, Afghanistan (Oct. 6, 2011) A Taliban leader was captured and two insurgents were killed by a "
            "combined Afghan and coalition security force in Kandahar province yesterday.")
    facts = extract(Report(id=1, text=text, published=dt.date(2011, 10, 6)), gaz)
    assert "Taliban" not in facts.belligerents
    assert agents("Taliban fighters attacked a checkpoint, killing four police officers.") == ["Taliban"]


def test_police_department_acronyms_are_officials():
    assert claimant_type("the NOPD", []) == "official"


def test_a_record_of_past_attacks_is_another_event(gaz):
    text = ("Coalition aircraft killed a Haqqani commander near Khost yesterday. The commander was "
            "responsible for the hotel bombing that killed 12 people in Kabul, officials said.")
    facts = extract(Report(id=1, text=text, published=dt.date(2011, 7, 1)), gaz)
    twelve = next(c for c in facts.claims if c.min == 12)
    assert twelve.scope == "other"


def test_a_word_the_report_also_writes_in_lower_case_is_not_a_town(gaz):
    from civcas.extract.places import mentions
    text = "Four people were shot in Chicago on Sunday. Police said four of them were in hospital."
    names = [m.name for m in mentions(text, gaz, [(0, len(text), 1.0)])]
    assert "Four" not in names and "Chicago" in names


def test_a_surname_spelled_like_a_foreign_village_does_not_move_the_story(gaz):
    text = ("Barnes was shot twice near Akron late Sunday, officers said. Barnes was taken to a hospital. "
            "Relatives said Barnes is expected to survive. Barnes had moved from Ohio last year.")
    facts = extract(Report(id=1, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert facts.place is not None and facts.place.country_code == "US"


def test_common_english_words_are_not_towns_nor_read_by_their_skeleton(gaz):
    """"Please" is not Puglia by skeleton, "Date" not the Japanese town; Texas and Mobile stay."""
    from civcas.extract.places import mentions
    text = ("Please call the hotline. Date of the shooting: Sunday. Anyone with information should call. "
            "Two men were shot in Mobile, and a third in Texas.")
    names = [m.name for m in mentions(text, gaz, [(0, len(text), 1.0)])]
    assert names == ["Mobile", "Texas"]
    facts = extract(Report(id=1, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert facts.place.country_code == "US"


def test_the_country_more_names_lie_in_wins_over_one_heavy_match(gaz):
    from civcas.extract.places import Mention, main_country
    found = [Mention("Kandahar", 10, 1.0, gaz.lookup("Kandahar")), Mention("Herat", 30, 1.0, gaz.lookup("Herat")),
             Mention("Ghanzi", 50, 4.0, gaz.lookup("Ghanzi"))]
    assert main_country(found) == "AF"


def test_a_village_whose_spelling_resembles_a_province_abroad_stays_in_the_report_s_country(gaz):
    """'Al-Bahra' skeleton-matches Egypt's Beheira governorate; the text places it ('just east of')
    in Syria, so it is a village the gazetteer lacks, named as written in its province."""
    text = ("Airstrikes killed at least 19 people just east of Al-Bahra in the eastern province of Deir Ezzor, "
            "Syria, on Monday, a monitor said. Residents of Al-Bahra said the dead were farmers.")
    place = extract(Report(id=1, text=text, published=dt.date(2018, 7, 10)), gaz).place
    assert (place.name, place.country_code, place.admin1_code, place.precision) == ("Al-Bahra", "SY", "SY-DY", "admin1")


@pytest.mark.parametrize("text,place,admin1", [
    ("INDIANAPOLIS – A woman was shot by her daughter Sunday morning, police said.", "Indianapolis", "Indiana"),
    ("LANSING, Mich (WLNS) – A boy is recovering after he accidentally shot himself.", "Lansing", "Michigan"),
    ("ST. LOUIS -- Two men were shot dead Friday.", "St. Louis", "Missouri"),
    ("Two men were shot dead Friday in St. Louis, police said.", "St. Louis", "Missouri"),
    ("CHICAGO (AP) — Two men were shot dead Friday in Gary, Indiana, police said.", None, "Indiana"),
    ("SOUTH WINDSOR, CT — A resident was rushed to Hartford Hospital after being shot.", None, "Connecticut"),
    ("Five people were shot on Saturday during the Williston, Fla. annual Crab Festival.", "Williston", "Florida"),
    ("Deputies identified the victim of a fatal shooting in MacArthur, W.Va., on Monday.", "MacArthur",
     "West Virginia"),
    ("A boy from Columbia, S.C., was shot. IN other news, police in LA said nothing.", "Columbia", "South Carolina"),
])
def test_a_capitalised_dateline_places_a_story_that_names_no_other_place(gaz, text, place, admin1):
    """Local news is filed where it happened; a place the text names still comes first. A US state
    written as local news writes it after a town ("Fla.", "CT") says where the town is."""
    found = extract(Report(id=1, text=text, published=dt.date(2017, 1, 2)), gaz).place
    assert found.admin1 == admin1 and (place is None or found.name == place)


def test_a_record_of_attacks_does_not_place_the_incident(gaz):
    text = ("KABUL, Afghanistan (Nov. 22, 2011)\nA Taliban leader was captured by a combined Afghan and coalition "
            "security force during an operation in Sayyidabad district, Wardak province, yesterday. The leader "
            "planned attacks in Kabul province. One additional suspected insurgent was detained.")
    assert extract(Report(id=1, text=text, published=dt.date(2011, 11, 22)), gaz).place.admin1_code == "AF-WAR"


def test_admin1_english_names_are_not_nicknames(gaz):
    facts = extract(Report(id=1, text="A man was shot dead in Fresno, California on Sunday.",
                           published=dt.date(2016, 5, 2)), gaz)
    assert (facts.place.name, facts.place.admin1) == ("Fresno", "California")


def test_a_name_spacy_reads_as_a_person_or_business_is_not_a_small_town(gaz):
    """spaCy's recogniser gives a second opinion on names only small towns bear, unless the
    text itself puts the name in a place (the small model takes Maarat al-Numan for a person)."""
    from civcas.extract.places import mentions
    text = "Two men were shot in Phoenix on Sunday. Enriquez told officers he heard several shots."
    assert [m.name for m in mentions(text, gaz, [(0, 39, 1.0), (40, len(text), 1.0)])] == ["Phoenix"]
    text = "Warplanes struck a market in the town of Maarat al-Numan on Thursday."
    assert [m.name for m in mentions(text, gaz, [(0, len(text), 1.0)])] == ["Maarat al-Numan"]


def cl_scope(sentence: str) -> str:
    from civcas.extract.scope import sentence_scope
    return sentence_scope(sentence, next_to_tally=False)[0]


def test_single_deaths_told_without_a_number():
    from civcas.extract.claims import figures
    cases = {"Police found Hockman had been fatally wounded by a shotgun round.": "Hockman",
             "Officers investigate the fatal shooting of 20-year-old Tyrell Hall.": "20-year-old Tyrell Hall",
             "He is charged with the murder of 16-year-old Raphael Davis.": "16-year-old Raphael Davis",
             "He had been shot and killed.": "He"}
    for sentence, who in cases.items():
        assert [(f.quantity.text, f.kind, f.quantity.min) for f in figures(sentence)] == [(who, "killed", 1)]
    assert not [f for f in figures("He is charged with the attempted murder of Raphael Davis.") if f.kind == "killed"]
    assert [(f.quantity.min, f.kind) for f in figures("Two men have been reported dead.")] == [(2, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("A man and a woman are dead.")] == [(2, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("Both men were pronounced dead.")] == [(2, "killed")]
    assert [(f.quantity.text, f.kind) for f in figures(
        "The driver is in critical condition and a six-year-old passenger has been pronounced dead.")] == \
        [("a six-year-old passenger", "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("A teen dies in a shooting near the base")] == [(1, "killed")]
    for headline in ("Man shot and killed in Detroit", "Police: 17-year-old boy dies in shooting",
                     "Woman fatally shot on Elm Street"):
        assert [(f.quantity.min, f.kind) for f in figures(headline)] == [(1, "killed")], headline
    assert [(f.quantity.text, f.kind) for f in figures("Man shot and killed his wife")] == [("his wife", "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("He is charged with the murder of Brian Banes and Delandis Clark.")] \
        == [(2, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("Shots were fired and a woman and man were found dead.")] == \
        [(2, "killed")]
    two = "Two victims, a 25-year-old Milwaukee man and a 26-year-old Milwaukee man, died at the scene."
    assert [(f.quantity.min, f.kind) for f in figures(two)] == [(2, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("Officers were informed he had been pronounced dead.")] == \
        [(1, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("In total, two people were killed, including the suspect.")] == \
        [(2, "killed")] and cl_scope("In total, two people were killed, including the suspect.") == "incident"
    assert cl_scope("Violence left 28 people shot and 10 killed across the city since Friday.") == "cumulative"
    left = figures("The shots left one victim fatally wounded and three others with serious injuries.")
    assert [(f.quantity.min, f.kind) for f in left] == [(1, "killed"), (3, "wounded")]
    # a number of people joined to a person by 'and' adds up, whichever comes first
    assert max(f.quantity.min for f in figures("A man and two children are dead in what police call a "
                                               "murder-suicide.")) == 3
    assert max(f.quantity.min for f in figures("Officers found two children and one man dead.")) == 3
    assert [(f.quantity.min, f.kind) for f in figures("Officers found a man and a woman dead inside.")] == [(2, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("He shot and killed his sons, ages 3 and 4, on Saturday.")] == \
        [(2, "killed")]                      # as many people as ages
    assert max(f.quantity.min for f in figures("He killed his wife along with her two sons.")) == 3
    assert [(f.quantity.min, f.kind) for f in figures("The two men were killed Sunday.")] == [(2, "killed")]   # once
    teens = "Two teens who were shot in a triple shooting in Mosby Court on Wednesday have died."
    assert [(f.quantity.min, f.kind) for f in figures(teens)] == [(2, "killed")]   # the subject's verb, not the clause's
    assert [f.quantity.min for f in figures("The sheriff named the five people who were murdered in the home.")] == [5]
    assert [(f.quantity.min, f.kind) for f in figures("When officers arrived just before 4 o'clock one person was "
                                                      "found dead.")] == [(1, "killed")]
    motel = "Police arrested a suspect in a shooting at a Motel 6 that left one dead and three injured."
    assert [(f.quantity.min, f.kind) for f in figures(motel)] == [(1, "killed"), (3, "wounded")]   # a name's number
    assert [(f.quantity.min, f.kind) for f in figures("Police Say 4 Were Killed")] == [(4, "killed")]   # a headline's count
    assert cl_scope("These shootings come after the shooting deaths of two children recently.") != "incident"
    critical = "A man died at the scene, two people are in critical condition and five others were hospitalized."
    assert (2, "wounded") in [(f.quantity.min, f.kind) for f in figures(critical)]
    assert cl_scope("In the past six weeks alone, four children have died from unintentional gunshot wounds.") == \
        "cumulative"
    assert cl_scope("Nationwide, there were 265 accidental shootings by children, 83 of which resulted in death.") == \
        "cumulative"
    assert cl_scope("Police saw 32 deaths among officers, a 68 percent increase from the same time period.") == \
        "cumulative"
    assert cl_scope("It follows recent ambush-style attacks in Dallas, where five officers died.") != "incident"
    assert cl_scope("Six months before that, a gunman killed 14 people in a theater.") == "other"
    assert cl_scope("A year earlier, a man was shot and killed at the same apartments.") == "other"
    assert cl_scope("Rash of homicides push the year's toll to 85") == "cumulative"
    assert [(f.quantity.min, f.kind) for f in figures("A man was arrested in the triple homicide.")] == [(3, "killed")]
    assert not [f for f in figures("Police are investigating a double shooting.") if f.kind == "killed"]
    leader = "The security force killed Taliban leader, Mahjur, along with one other insurgent, during an operation."
    assert [(f.quantity.min, f.kind) for f in figures(leader)] == [(2, "killed")]
    cases = {"Police say 17-year-old Reggie Moss was shot and killed in Detroit.": "17-year-old Reggie Moss",
             "Kristian Piazza of Buffalo was pronounced dead.": "Kristian Piazza",
             "LaPrida Shears, 25, of Tyler, was killed in that shootout.": "LaPrida Shears",
             "The shooting left his brother Kalif Goens, 22, dead.": "his brother Kalif Goens",
             "Officers found 20-year-old Jacob Allen of Flagstaff shot to death.": "20-year-old Jacob Allen",
             "The shooting claimed the life of 17-year-old Destiny Nelson.": "17-year-old Destiny Nelson",
             "A bullet struck the woman, resulting in her death.": "her death",
             "An Opelousas teen hospitalized after a weekend shooting has died.": "An Opelousas teen",
             "The victim was taken to a medical center in critical condition and pronounced dead.": "The victim",
             "A 9-year-old Vista boy died over the weekend.": "A 9-year-old Vista boy",
             "Deputies are investigating reports of a 4-year-old shot dead in Harris County.": "a 4-year-old",
             "A man shot and killed in the Tenderloin on Thursday has been identified.": "A man"}
    for sentence, who in cases.items():
        assert [(f.quantity.text, f.kind, f.quantity.min) for f in figures(sentence)] == [(who, "killed", 1)], sentence


def test_the_accused_and_those_shot_are_not_the_dead():
    from civcas.extract.claims import figures
    got = [(f.quantity.text, f.kind) for f in figures("Devonte Ocasio was accused of killing one person and shooting four others.")]
    assert got == [("one", "killed"), ("four", "wounded")]
    assert (4, "wounded") in [(f.quantity.min, f.kind) for f in figures("Man fatally shot, four others injured.")]
    assert (4, "killed") not in [(f.quantity.min, f.kind) for f in figures("Man fatally shot, four others injured.")]
    assert [(f.quantity.min, f.kind) for f in figures("The shooting killed a woman and injured nine others.")] == \
        [(9, "wounded"), (1, "killed")]
    assert (8, "killed") not in [(f.quantity.min, f.kind) for f in figures("Gunmen shot eight men, killing two of them.")]
    assert [(f.quantity.text, f.kind) for f in figures("A woman who lives a few doors down says a man was killed.")] \
        == [("a man", "killed")]
    assert not figures("He faces two counts of aggravated robbery.")     # charges are not people; murder
                                                                          # counts imply the dead (test below)
    # a number right after an active verb is its object; "wounds" after a comma is a verb, not gunshot wounds
    assert [(f.quantity.min, f.kind) for f in figures("East Baltimore shooting wounds 4, kills 1")] == \
        [(4, "wounded"), (1, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("Gunman kills 3, wounds 2 at a party.")] == \
        [(3, "killed"), (2, "wounded")]
    recent = ("There is no sign the officers were targeted, as in recent incidents in Dallas and Baton Rouge that "
              "collectively claimed the lives of eight officers.")
    assert cl_scope(recent) != "incident"
    assert cl_scope("The incident came hours before three officers were shot dead in Baton Rouge.") != "incident"
    assert cl_scope("Most recently, two brothers were killed in a shooting on the West Side.") != "incident"
    assert cl_scope("Four people were killed and 11 wounded in shootings Tuesday on the South Side.") == "cumulative"
    assert cl_scope("Two people were killed in the shootings at the mall.") == "incident"
    assert cl_scope("Numerous insurgents were killed during separate clearing and security operations in southern "
                    "Afghanistan today.") == "cumulative"
    assert cl_scope("Asad is also believed to be responsible for the deaths of several Afghan civilians.") != "incident"
    assert cl_scope("Yasir was involved in the Aug. 8 suicide attack in Asadabad district, which killed three "
                    "civilians.") != "incident"
    assert [(f.quantity.text, f.kind) for f in figures("Police say the man shot dead two people.")] == [("two", "killed")]
    assert [(f.quantity.text, f.kind) for f in figures("The gunman shot dead a woman.")] == [("a woman", "killed")]
    assert [f.kind for f in figures("He was pronounced clinically dead at the hospital.")] == ["killed"]
    assert not figures("If she had been in the wrong position it could easily have killed her.")
    assert [(f.quantity.min, f.kind) for f in figures("One of the men inside was pronounced dead.")] == [(1, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("An 11-month-old baby and a man were shot and killed.")] == \
        [(2, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("About 50 people were inside when the bomb killed 12.")] == \
        [(45, "present"), (12, "killed")]
    assert [(f.quantity.min, f.kind) for f in figures("Four people were found shot to death in a home.")] == [(4, "killed")]
    for sentence in ("A man died and three others – including two children – were wounded.",
                     "The shooting left one person dead and four others hospitalized.",
                     "The strike killed 12 and wounded 30 civilians."):
        assert [f.quantity.min for f in figures(sentence) if f.kind == "killed"] in ([1], [12]), sentence


def test_ages_and_dates_written_in_figures_are_not_counts():
    from civcas.extract.claims import figures
    for sentence in ("Detective Cooper said Jamaine Sutton, 32 of Dunbar, was killed inside the bar.",
                     "Police arrested two people in the shooting death of Juzahris Webb, 17.",
                     "(01/25/16) - A toddler has been killed after police say he accidentally shot himself.",
                     "The women thought he made a comment about one of their bodies.",
                     "Those killed were 28 and 31 years old.", "Two men, ages 20-27, were killed.",
                     "A man was killed, an official tells News 5.",
                     "Police say a 25 y/o man and a 43 y/o man were shot and killed.",
                     "Herring, 35, was shot and killed, and her sons, 7 and 8, were critically hurt.",
                     "Two men were shot and killed at the Four Points Sheraton.",
                     "Officers found a woman dead inside apartment 38.",
                     "We are very fortunate that no one was killed that night.",
                     "A man called 911 to say he had shot and killed his wife.",
                     "Deputies found the bodies of a man and a woman near Hwy 62.",
                     "Accidental Shooting Death Date: 09-17-2016 01:01:46",
                     "Hundreds gathered to mourn the slain officers.",
                     "Seat belts were worn by 75% of those killed in crashes.",
                     "The coroner said 16- year-old Shakur Franklin also died.",
                     "Antoine Sutphen and Ormani Duncan, both 24 and from Pasadena, died.",
                     "Hudec lives at 151 S. Church St., where police say a man was fatally shot.",
                     "Briggs, who recently turned 16, was shot and killed on Saturday.",
                     "She found two women, believed to be 30 and 60, shot dead.",
                     "Nicholas Powers, 30; Demario Burnett, 21; and Jerry Coleman, 31 all died of gunshot wounds."):
        assert not [f for f in figures(sentence) if f.quantity.min > 2 and f.kind in ("killed", "wounded")], sentence


def test_the_wounded_told_one_by_one():
    from civcas.extract.claims import figures
    cases = {
        "Deputies responded to a report of a juvenile who was shot in the chest.": [("a juvenile", "wounded")],
        "HOUSTON - A 14-year-old boy was shot in the face Sunday afternoon.": [("A 14-year-old boy", "wounded")],
        "A 16-year-old is being treated for a gunshot wound, police say.": [("A 16-year-old", "wounded")],
        "A mom accidentally shot her daughter Wednesday night.": [("her daughter", "wounded")],
        "One person was fatally shot and another injured outside a restaurant.": [("One", "killed"),
                                                                                  ("another", "wounded")],
        "Officers found one woman dead from a gunshot wound and her son suffering from a gunshot wound.":
            [("one", "killed"), ("her son", "wounded")],
        "He died from a gunshot wound to the head.": [("He", "killed")],
        "A man suffered what was described as a non-life-threatening wound.": [("A man", "wounded")],
    }
    for sentence, expected in cases.items():
        assert [(f.quantity.text, f.kind) for f in figures(sentence)] == expected, sentence


@pytest.mark.parametrize("sentence, figure, rule", [
    ("He faces two counts of first-degree murder.", 2, "count.implied.murder-charges"),
    ("Police are investigating a triple homicide on Elm Street.", 3, "count.implied.multiple-killing"),
])
def test_crime_news_readings_come_from_their_own_rule_file(sentence, figure, rule):
    from civcas.extract import crime_news
    assert rule in (crime_news.MURDER_CHARGE_RULE, crime_news.MULTIPLE_KILLING_RULE)
    assert [(f.quantity.min, f.rule) for f in figures(sentence) if f.kind == "killed"] == [(figure, rule)]
