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


@pytest.mark.parametrize("sentence, kind, part", [
    ("Shelling killed 9 people, including a 12-year-old boy, in the square.", "killed", (1, "children")),
    ("The toll stood at 14, including a child, the rescuers said.", "killed", (1, "children")),
    ("18 dead include 7 women and 3 children, an official said.", "killed", (3, "children")),
    ("The strike killed 3 soldiers and wounded 20 people, including a child.", "wounded", (1, "children")),
])
def test_the_parts_a_figure_names_are_figures_of_its_kind(sentence, kind, part):
    assert part + ("count.dep.part-including",) in _read(sentence, kind)


def test_a_part_takes_the_kind_of_the_figure_it_belongs_to():
    assert not [r for r in _read("The strike killed 3 soldiers and wounded 20 people, including a child.")
                if r[2] == "count.dep.part-including"]


@pytest.mark.parametrize("sentence", [
    "The raid killed 11 people and destroyed 3 houses, including a clinic.",
    "The surgeon said 2 patients were injured, with wounds including two exit wounds.",
])
def test_only_people_are_parts(sentence):
    assert not [f for f in figures(sentence) if f.rule == "count.dep.part-including"]


@pytest.mark.parametrize("sentence, expected", [
    ("According to Radio Kanal Sudan, 17 civilians, mostly children and women, were killed on Monday evening.",
     (17, "civilians")),
    ("According to the Shan Herald, 26 villagers, many of them farmers, died in the shelling.", (26, "unspecified")),
])
def test_the_word_reader_reads_past_an_aside_about_the_counted_people(sentence, expected):
    assert expected + ("count.kind-after",) in _read(sentence)


@pytest.mark.parametrize("sentence, expected", [
    ("At least 40 people are reported to have been killed in the shelling.", 40),
    ("Nine men were said to have died in the camp.", 9),
])
def test_a_reporting_verb_raises_the_count_to_the_casualty_word(sentence, expected):
    assert expected in [m for m, _, _ in _read(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("The number of people killed in the strike rose to 63 on Friday.", (63, "killed", "count.number-reached")),
    ("The number of injured climbed to 120 overnight.", (120, "wounded", "count.number-reached")),
    ("Death Toll From Market Strike Rises To 41", (41, "killed", "count.toll-reached")),
])
def test_a_rising_toll_or_number_is_a_figure(sentence, expected):
    assert [(f.quantity.min, f.kind, f.rule) for f in figures(sentence)] == [expected]


def test_raised_among_the_dead_counts_its_subjects():
    read = _read("Five nurses and two doctors were believed to be among the dead.")
    assert (5, "unspecified", "count.dep.among-dead-raised") in read and 2 in [m for m, _, _ in read]


def test_no_civilians_after_an_assessing_verb_is_a_figure_of_zero():
    zero = [f for f in figures("At this time, the command currently assesses no civilians were injured or killed "
                               "as a result of this strike.") if f.quantity.min == f.quantity.max == 0]
    assert {(f.kind, f.population, f.rule) for f in zero} == {("killed", "civilians", "count.dep.none-clause-object"),
                                                              ("wounded", "civilians", "count.dep.none-clause-object")}


@pytest.mark.parametrize("sentence, expected", [
    ("The monitor said that five children and three women were among those killed in the raid.",
     [(3, "women"), (5, "children")]),
    ("A nurse said nine men and two boys were killed, and that 14 others were wounded.", [(2, "children"), (9, "men")]),
])
def test_each_count_of_a_coordinated_subject_is_a_figure(sentence, expected):
    read = [(m, p) for m, p, _ in _read(sentence)]
    assert all(figure in read for figure in expected)


@pytest.mark.parametrize("sentence, expected", [
    ("Government air strikes on rebel villages kill more than 30", [31]),
    ("Drone strikes kill dozens of civilians in the north", [24]),
    ("The militia threatened to kill 6 hostages held in the town.", []),
])
def test_a_headline_present_kill_reports_deaths_unless_unreal(sentence, expected):
    assert [m for m, _, _ in _read(sentence)] == expected
