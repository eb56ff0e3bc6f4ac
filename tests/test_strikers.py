"""Who struck, from the dependency parse (civcas/extract/roles.py, rules/strikers.toml): the agent
of the attack against its target, its speakers and deniers, an earlier deed and an open question.
One behaviour per case, on sentences written here."""
import tomllib

import pytest

from civcas.extract import extract, read
from civcas.extract.parties import agents, issuer
from civcas.extract.roles import RULES_FILE, roles
from civcas.model import Report


@pytest.mark.parametrize("sentence, parties", [
    # the other side named as the target, the victims or the denier is not the striker
    ("The US military said it carried out two airstrikes against al-Shabaab near Jilib.", ["United States"]),
    ("Saudi-led coalition jets struck Houthi positions outside the port, killing 12.", ["Saudi-led coalition"]),
    ("Israeli aircraft hit the camp, killing three Hamas commanders and a child.", ["Israel"]),
    ("Witnesses said Russian jets hit the market, but Moscow denied any involvement.", ["Russia"]),
    ("The Kremlin-installed governor blamed the deaths on Ukraine.", ["Ukraine"]),
    ("The pro-Moscow head of the region said 20 were killed, blaming Ukrainian forces for the strike.", ["Ukraine"]),
    ("The shelling of the town was attributed by residents to Turkish artillery.", ["Turkey"]),
    ("The market was shelled by Ukrainian forces on Sunday morning.", ["Ukraine"]),
    ("Air strikes by government ally Russia killed ten people in the town.", ["Russia"]),
    ("A Coalition missile hit the house where 40 people were sheltering.", ["US-led coalition"]),
    ("Air strikes, believed to be Russian, hit the crowded market at noon.", ["Russia"]),
    ("Monitors said the Russian Aerospace Forces were responsible for the raid.", ["Russia"]),
    ("Rescuers said the jets that hit the bakery twice were Russian.", ["Russia"]),
    # a party's own word on its deed
    ("The Pentagon said it had struck a weapons depot near the border.", ["United States"]),
    ("Nigeria's military said a fighter jet had mistakenly bombed the camp.", ["Nigeria"]),
    ("The Turkish army acknowledged killing 12 villagers in the raid.", ["Turkey"]),
    # the report's own inference: the one party that has the weapon
    ("The Sudanese army is the only side in the war known to have armed drones.", ["Sudan"]),
    # the agent of a strike in any slot of its sentence
    ("Dozens were killed when a house was destroyed by a Russian rocket.", ["Russia"]),
])
def test_the_agent_of_the_attack(sentence, parties):
    assert agents(sentence) == parties


@pytest.mark.parametrize("sentence", [
    # an open question alleges no one
    "It is not clear whether the strike was carried out by Syrian government warplanes or by Russian jets.",
    # an earlier deed, background to this attack
    "The town lies in areas where Boko Haram had carried out attacks for years.",
    "The blast was the deadliest in the city since Moscow attacked Ukraine in February 2022.",
    # a party doing something other than striking in an attack sentence
    "Air strikes killed nine civilians in the town as government forces kept up a ground offensive.",
    "The strike hit a market in the city, which has been occupied by Russian forces since 2014.",
])
def test_no_one_alleged(sentence):
    assert [p for p in agents(sentence, home="Syrian government") if p] == []


@pytest.mark.parametrize("sentence, span, role, rule", [
    ("Russia denies that its jets hit the bakery.", "Russia", "speaker", "striker.dep.speaker"),
    ("Russia blames Ukraine for the shelling.", "Russia", "speaker", "striker.dep.accuser"),
    ("Russia blames Ukraine for the shelling.", "Ukraine", "agent", "striker.dep.blamed"),
    ("The coalition said it launched strikes on Houthi targets.", "Houthi", "target", "striker.dep.aimed-at"),
])
def test_each_role_names_its_rule(sentence, span, role, rule):
    start = sentence.index(span)
    found = roles(sentence, [(start, start + len(span))])[0]
    assert (found.role, found.rule) == (role, rule)


def test_every_striker_rule_has_an_id_and_a_role():
    with open(RULES_FILE, "rb") as handle:
        patterns = tomllib.load(handle)["patterns"]
    assert len({p["id"] for p in patterns}) == len(patterns)
    assert {p["role"] for p in patterns} == {"agent", "target", "speaker", "background", "unclear"}


@pytest.mark.parametrize("outlet, party", [
    ("USA Today", None),
    ("Russian Free Press", None),
    ("Saudi Gazette (AP)", None),          # a people's word that is a coalition's alias
    ("U.S. Central Command", "United States"),
])
def test_an_outlet_named_after_a_country_speaks_for_no_party(outlet, party):
    assert issuer(outlet, "") == party


def test_a_report_that_cannot_say_who_struck_alleges_no_one(gaz):
    text = ("Air strikes killed 21 people at a market in Atarib on Monday, a monitor said. "
            "It was not clear whether the strikes were carried out by Syrian government warplanes "
            "or by those of its ally Russia.")
    assert extract(Report(id=1, text=text), gaz).belligerents == []


@pytest.mark.parametrize("language, text, parties", [
    # a state's strike across a border: the side struck, answering in a sentence of its own, is no striker
    ("en", "Pakistani missiles hit a village near Saravan in Iran's Sistan and Baluchestan province on "
           "Thursday, killing nine people, Iranian state media said. In response, Iranian forces shelled "
           "militant positions along the frontier.", ["Pakistan"]),
    ("fr", "Des tirs d'artillerie cambodgienne ont tué deux civils dans la province de Surin, en "
           "Thaïlande, dimanche. En riposte, l'armée thaïlandaise a bombardé des positions près de la "
           "frontière.", ["Cambodia"]),
    # named in one sentence, both struck: joint forces, or an exchange of fire
    ("en", "Russian and Syrian government warplanes struck the town of Ariha in Idlib province on "
           "Monday, killing ten civilians, a war monitor said.", ["Russia", "Syrian government"]),
    ("en", "Cambodian troops fired rockets into Surin province and the Thai military bombed Cambodian "
           "positions in reply; four civilians were killed in Surin, Thailand.", ["Cambodia", "Thailand"]),
])
def test_the_state_struck_across_its_border_is_not_the_striker(gaz, language, text, parties):
    facts = read(Report(id=1, text=text, language=language), gaz)
    assert sorted(facts.belligerents) == sorted(parties)
