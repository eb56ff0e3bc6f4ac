"""Who struck, read through the actors file: one behaviour per case, on sentences written here."""
import datetime as dt
import tomllib

import pytest

from civcas.extract import extract
from civcas.extract.actors import canonical, readings
from civcas.extract.parties import agents
from civcas.model import ACTORS_FILE, ACTOR_KINDS, PARTIES, PARTY_BY_NAME, Report, fold_party

ORIGINAL_PARTIES = ("United States", "US-led coalition", "ISAF", "Russia", "Syrian government", "Turkey", "Israel",
                    "Saudi-led coalition", "Iraqi government", "Syrian Democratic Forces", "Islamic State",
                    "Taliban", "al-Qaeda")


def test_the_file_keeps_the_original_parties_and_describes_every_actor():
    assert tuple(p.name for p in PARTIES[:13]) == ORIGINAL_PARTIES
    with open(ACTORS_FILE, "rb") as handle:
        rows = tomllib.load(handle)["actor"]
    assert len({p.id for p in PARTIES}) == len(PARTIES)
    assert [p.id for p in PARTIES[:len(rows)]] == [row["id"] for row in rows]
    assert all(p.kind in ACTOR_KINDS for p in PARTIES)
    assert all(p.lead in PARTY_BY_NAME for p in PARTIES if p.lead)


@pytest.mark.parametrize("sentence, parties", [
    # a state's forces by pattern: adjective or name, possessive, modifiers, weapons
    ("Nigeria's air force bombed a market in the village, killing nine.", ["Nigeria"]),
    ("The Sudanese army warplanes struck the camp at dawn.", ["Sudan"]),
    ("A Nigerian military drone hit the gathering, killing 14.", ["Nigeria"]),
    ("The Ethiopian air force carried out the strike on the town.", ["Ethiopia"]),
    ("Myanmar's military bombed the school, killing six pupils.", ["Myanmar"]),
    ("French air strikes killed a dozen people near the well.", ["France"]),
    ("The Malian army shelled the hamlet on Tuesday.", ["Mali"]),
    ("Burkinabe troops attacked the market, residents said.", ["Burkina Faso"]),
    ("Ukraine shelled the town overnight, killing three.", ["Ukraine"]),
    ("Officials blamed the shelling on Ukraine.", ["Ukraine"]),
    # armed groups and their other names
    ("The RSF shelled the hospital, killing seven patients.", ["Rapid Support Forces"]),
    ("Ansar Allah fired a missile at the port.", ["Houthis"]),
    ("Daesh fighters attacked the checkpoint, killing two guards.", ["Islamic State"]),
    ("Haftar's forces launched air strikes on the suburb.", ["Libyan National Army"]),
    ("Al-Shabaab militants stormed the hotel and killed 11 guests.", ["al-Shabaab"]),
    # joint forces are both parties; a coalition is named as written, counted with its lead
    ("Somali and US forces raided the village, killing five.", ["Somalia", "United States"]),
    ("A joint Iraqi-US operation killed four fighters in the valley.", ["Iraqi government", "United States"]),
    ("The US-led coalition struck the bridge twice.", ["US-led coalition"]),
    # every state, not only the listed ones: its people's word and its name (rule open-states);
    # a model's designation between the word and the force
    ("Cambodian artillery shelled a village across the border, killing two civilians.", ["Cambodia"]),
    ("Tajikistan's border troops fired mortars at the village, killing four.", ["Tajikistan"]),
    ("North Korean artillery shelled the island, killing two marines.", ["North Korea"]),
    ("Senegalese troops attacked the rebel base in Casamance.", ["Senegal"]),
    ("Thai F-16 jets bombed positions near the temple.", ["Thailand"]),
    # a country's name owning the strike is its deed, not a place
    ("Kenya's airstrikes on the border town killed nine herders, officials said.", ["Kenya"]),
    # a participle with an object acts, though parsed as a reduced relative on the group's noun
    ("On Tuesday, ADF militants killed at least sixty people in three villages in Ituri province.",
     ["Allied Democratic Forces"]),
    # a group taking credit is the one that struck; the parent it is an affiliate of is not
    ("Al-Shabaab has taken credit for the bombing that killed nine.", ["al-Shabaab"]),
    ("JNIM, an al-Qaeda affiliate, has taken credit for the ambush that killed 12 soldiers.", ["JNIM"]),
    # a name the parse splits in two ("the Group | for the Support of ..."): its role is either part's
    ("Officials attributed the raid to fighters of the Group for the Support of Islam and Muslims.", ["JNIM"]),
])
def test_who_struck(sentence, parties):
    assert agents(sentence) == parties


@pytest.mark.parametrize("sentence", [
    "An airstrike on Houthi positions killed three people.",          # the target
    "The strike killed five al-Shabaab fighters near the river.",     # the victims
    "The drone hit a Taliban compound, destroying it.",               # the party's place
    "Iran-backed militias were blamed for the blast.",                # a backer, not the striker
    "Three people were killed in shelling near the border with Sudan.",   # a country's name is a place
    "Jordan Smith attacked his brother with a knife and shot a neighbour.",   # a person's name
    "Sheriff Israel said the gunman fired at least 15 shots in the hall.",
    "Israel Butler, a spokesperson, said the shooting killed one student.",
    "The Chicago Police Department said officers shot and killed a man on Elm Street.",
    "Somali militants attacked the hotel, killing eight guests.",     # a country's rebels, not its state
    "Dozens were killed in the Burkina Faso attack, officials said.",   # a country's full name is a place
    "ADF militants killed in the clash were buried on Monday.",       # a participle without object: victims
    "Senegalese soldiers were killed in the ambush.",                 # a state's forces attacked
    "Palestinian rockets hit the town, wounding two.",                # a people's armed men, no state's
])
def test_not_a_striker(sentence):
    assert agents(sentence) == []


def test_the_accuser_is_not_the_striker():
    assert agents("Russia blamed Ukraine for the shelling that killed 13 at the market.") == ["Ukraine"]


def test_unnamed_forces_are_the_speaking_state_s():
    sentence = "The Kenyan military said security forces killed 13 insurgents near the border."
    assert agents(sentence, home="Somalia") == ["Kenya"]


def test_the_speaker_is_not_the_striker_when_another_party_struck():
    assert agents("The Houthis said Saudi-led coalition jets struck the prison.") == ["Saudi-led coalition"]


def test_a_coalition_counts_with_its_lead_state():
    assert fold_party("US-led coalition") == fold_party("United States") == "United States"


def test_a_province_of_the_islamic_state_counts_with_it():
    assert fold_party("Islamic State Sahel Province") == fold_party("Islamic State") == "Islamic State"


@pytest.mark.parametrize("sentence, name", [
    ("Fighters of the Northern Hills Brigade shelled the village, killing four.", "Northern Hills Brigade"),
    ("The so-called Eastern Plains Defence Forces attacked the convoy.", "Eastern Plains Defence Forces"),
    ("The massacre was carried out by the Green Valley Front, survivors said.", "Green Valley Front"),
    ("Jaish al-Nour claimed responsibility for the bombing that killed six.", "Jaish al-Nour"),
])
def test_an_armed_body_the_file_lacks_is_kept_as_written(sentence, name):
    assert agents(sentence) == [name]


@pytest.mark.parametrize("sentence", [
    "The Air Force veteran shot his neighbour twice.",               # generic words only
    "John Carter Smith shot and killed his brother on Sunday.",      # a person
    "Members of the Latin Street Kings attacked a man outside the bar.",   # no armed-body word
])
def test_no_armed_body_is_made_up(sentence):
    assert agents(sentence) == []


@pytest.mark.parametrize("phrase, party", [
    # a ministry of defence is the country named before it, whatever country has one of that name
    ("the Russian Ministry of Defence", "Russia"),
    ("Turkey's defence ministry", "Turkey"),
    ("the Israeli defense ministry", "Israel"),
    ("the Ministry of Defence", "United Kingdom"),     # unqualified, in English news: Britain's
])
def test_a_defence_ministry_is_its_countrys(phrase, party):
    assert [r.parties for r in readings(phrase)] == [(party,)]


def test_names_are_stored_in_canonical_form():
    assert canonical("Syria") == "Syrian government"
    assert canonical("RSF") == "Rapid Support Forces"
    assert canonical("Ansarallah") == "Houthis"
    assert canonical("the  Hill   Brigade") == "the Hill Brigade"


def test_one_reading_covers_a_force_phrase():
    (reading,) = readings("Three Myanmar military fighter jets bombed the village.")
    assert reading.parties == ("Myanmar",) and reading.rule == "force"


def test_an_alias_wins_over_a_force_phrase_on_the_same_words():
    (reading,) = readings("The Libyan National Army struck the airport.")
    assert reading.parties == ("Libyan National Army",) and reading.rule == "alias"


@pytest.mark.parametrize("text, party", [
    ("Junta jets bombed a village in Sagaing Region on Sunday, killing 11 people, residents said. "
     "The junta did not comment on the strike in Sagaing.", "Myanmar"),
    ("Government forces shelled a market in Aleppo on Monday, killing eight people, rescuers said. "
     "Regime forces have shelled Aleppo and Idlib for weeks.", "Syrian government"),
])
def test_the_report_s_own_state(gaz, text, party):
    facts = extract(Report(id=1, text=text, published=dt.date(2023, 4, 12)), gaz)
    assert facts.belligerents == [party]


def test_the_report_s_own_state_unknown_without_a_place(gaz):
    facts = extract(Report(id=1, text="The junta's jets bombed the camp, killing 11.", published=dt.date(2023, 4, 12)),
                    gaz)
    assert facts.belligerents == []
