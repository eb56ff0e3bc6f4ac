"""Casualty counts as war reporting words them: one behaviour per case, each with the rule id
that must read it (sentences written for these tests)."""
import pytest

from civcas.extract.casualties import figures


def _read(sentence: str, kind: str = "killed") -> list[tuple[int, str, str]]:
    return sorted((f.quantity.min, f.population, f.rule) for f in figures(sentence) if f.kind == kind)


@pytest.mark.parametrize("sentence, expected", [
    ("Six guards were martyred when the shell landed near the checkpoint.", (6, "unspecified")),
    ("Officials said troops neutralised 9 militants in the hills overnight.", (9, "fighters")),
    ("Thirteen fishermen perished after the gunboat fired on their boats.", (13, "unspecified")),
    ("Four nurses lost their lives when the clinic was bombed.", (4, "unspecified")),
    ("The agency reported the martyrdom of 7 citizens in the bombardment of the village.", (7, "unspecified")),
    ("Crews pulled the bodies of 15 people from the flattened school.", (15, "unspecified")),
])
def test_war_words_for_death_are_counts_of_the_dead(sentence, expected):
    assert expected in [(m, p) for m, p, _ in _read(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("21 soldiers and 6 civilians died when the convoy was hit near the bridge.",
     [(6, "civilians"), (21, "soldiers")]),
    ("The drone strike killed 3 fighters and 5 children at the farm, the council said.",
     [(3, "fighters"), (5, "children")]),
])
def test_coordinated_counts_are_two_claims(sentence, expected):
    assert [(m, p) for m, p, _ in _read(sentence)] == expected


def test_a_coordinated_count_names_its_rule():
    rules = {rule for _, _, rule in _read("The raid killed 2 policemen and 4 shepherds near the wells.")}
    assert "count.dep.coordinated" in rules


@pytest.mark.parametrize("sentence", [
    "Eighteen villagers were killed or wounded by the artillery fire.",
    "The shelling left 40 people wounded or killed across the camp.",
])
def test_killed_or_wounded_is_neither_a_death_nor_a_wound_figure(sentence):
    assert not [f for f in figures(sentence) if f.kind in ("killed", "wounded")]


@pytest.mark.parametrize("sentence, total", [
    ("A father and his three daughters were killed when the missile hit the car.", 4),
    ("Two members of one family were killed in the raid on the farmhouse.", 2),
])
def test_families_count_their_people_not_the_family(sentence, total):
    counts = [m for m, _, _ in _read(sentence)]
    assert max(counts) == total and 1 not in counts


def test_a_headline_fragment_gives_both_figures():
    assert [m for m, _, _ in _read("Shelling on market: 14 dead and 40 injured")] == [14]
    assert [m for m, _, _ in _read("Shelling on market: 14 dead and 40 injured", "wounded")] == [40]


@pytest.mark.parametrize("sentence, kinds", [
    ("The command's assessment is that no civilians were injured or killed in the strike.", {"killed", "wounded"}),
    ("No civilian casualties were reported after the raid on the compound.", {"killed", "wounded"}),
    ("No soldiers died in the ambush, the ministry said.", {"killed"}),
])
def test_no_civilians_harmed_is_a_figure_of_zero(sentence, kinds):
    zero = [f for f in figures(sentence) if f.quantity.min == f.quantity.max == 0]
    assert {f.kind for f in zero} == kinds
    assert all(f.rule.startswith("count.dep.none") for f in zero)


def test_among_the_dead_counts_its_subjects():
    read = _read("Medics said 10 women and four infants were among those killed.")
    assert (10, "women", "count.dep.among-dead") in read and 4 in [m for m, _, _ in read]


@pytest.mark.parametrize("sentence, rule", [
    ("Gunmen killed 5 guards at the gate.", "count.kind-before"),
    ("12 people died in the blast.", "count.kind-after"),
    ("The jets killed an insurgent near the river.", "count.implied.object-of-kill"),
])
def test_every_figure_names_the_rule_that_read_it(sentence, rule):
    assert [r for _, _, r in _read(sentence)] == [rule]
