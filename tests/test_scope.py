"""Scope as a monitor reads it: this incident, another strike, or a tally — decided in
civcas/extract/scope.py, each decision with its rule id (sentences written for these tests)."""
import datetime as dt

import pytest

from civcas.extract import extract
from civcas.extract.scope import RULES, figure_scope, sentence_scope
from civcas.model import Report


@pytest.mark.parametrize("sentence, rule", [
    ("Saturday's deaths bring the toll to 51 in the past 24 hours, the ministry said.", "scope.tally.past-period"),
    ("More than 900 civilians have been killed since the offensive began in May.", "scope.tally.since-began"),
    ("Some 2,300 people were killed in the first half of the year, the monitor said.", "scope.tally.part-of-year"),
    ("The war has killed at least 14,000 people, according to the United Nations.", "scope.tally.war-subject"),
    ("Since the start of the siege, 610 people have died in the city.", "scope.tally.since-start"),
    ("Unexploded shells kill hundreds of farmers every year in the border districts.", "scope.tally.per-period"),
])
def test_tallies_are_cumulative(sentence, rule):
    assert sentence_scope(sentence, next_to_tally=False) == ("cumulative", rule)


@pytest.mark.parametrize("sentence, scope", [
    ("Air strikes have killed 300 civilians in the province this year, the monitor said.", "cumulative"),
    ("Fighting flared earlier this year after a drone strike on a wedding killed 19 guests.", "incident"),
    ("A raid late this year on the camp killed 8 people, residents said.", "incident"),
])
def test_this_year_is_a_tally_but_earlier_this_year_a_date(sentence, scope):
    assert sentence_scope(sentence, next_to_tally=False)[0] == scope


@pytest.mark.parametrize("sentence", [
    "In a separate strike, 4 farmers were killed in the next valley.",
    "A March airstrike on the same market killed 30 people.",
])
def test_other_strikes_are_other(sentence):
    assert sentence_scope(sentence, next_to_tally=False)[0] == "other"


def test_the_deadliest_since_puts_only_its_clause_on_the_earlier_event():
    sentence = ("The strike killed 26 people, the deadliest since an attack on the port in 2021 killed 40, "
                "officials said.")
    scope, rule = sentence_scope(sentence, next_to_tally=False)
    assert scope == "incident"                       # "since … 2021" is the compared clause's, not a tally
    assert figure_scope(sentence, sentence.index("26"), scope, rule) == ("incident", "")
    assert figure_scope(sentence, sentence.index("40"), scope, rule) == ("other", "scope.other.deadliest-since")


def test_every_scope_rule_has_an_id():
    ids = [rule.id for rules in RULES.values() for rule in rules]
    assert all(i.startswith("scope.") for i in ids) and len(ids) == len(set(ids))


def _claims(text: str):
    report = Report(id=1, text=text, published=dt.date(2024, 3, 12), outlet="Test Wire")
    from civcas import gazetteer
    return extract(report, gazetteer.load()).claims


def test_a_revised_toll_is_two_figures_of_this_incident():
    claims = _claims("An airstrike on a bakery in Aleppo killed 17 people on Tuesday, rescuers said.\n\n"
                     "Rescuers later revised the toll, saying 16 people had been killed in the strike.")
    dead = sorted((c.min, c.scope) for c in claims if c.kind == "killed")
    assert dead == [(16, "incident"), (17, "incident")]


def test_a_tally_claim_records_its_scope_rule():
    claims = _claims("An airstrike on a bakery in Aleppo killed 17 people on Tuesday, rescuers said.\n\n"
                     "More than 900 civilians have been killed since the offensive began, the monitor said.")
    tally = [c for c in claims if c.min == 901]
    assert tally and tally[0].scope == "cumulative" and tally[0].rule == "count.kind-after+scope.tally.since-began"
