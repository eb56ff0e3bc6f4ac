"""Who claims a figure: claimant types read through rules/claimants.toml, and the attribution forms
of war reporting. Every sentence here is written for these tests."""
import datetime as dt
import tomllib

import pytest

from civcas.extract import arabic, extract, french
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
    # a named official in apposition is typed by the office, not the name
    ("Jamie Walker, UN humanitarian co-ordinator for the country", ["Saudi-led coalition"], "official"),
    ("Yusuf Ahmed, health ministry spokesman", ["Israel"], "government"),
    ("Ahmad Karimi, district police chief", ["Taliban"], "official"),
    ("Lucky Adamu, Nigerian military commander", ["Nigeria"], "belligerent"),
    # organisations of war reporting
    ("Amnesty International's Nigeria office", ["Nigeria"], "monitor"),
    ("Airwars", ["United States"], "monitor"),
    ("the White Helmets organization", ["Russia"], "local"),
    ("medical sources", ["Sudan"], "medical"),
    ("Palestinian health officials", ["Israel"], "government"),
    ("The command's initial assessment", ["United States"], "belligerent"),
    # an armed group's civilian body keeps its type even where the group is alleged to strike too
    ("The Houthi health ministry spokesman", ["Saudi-led coalition", "Houthis"], "government"),
    # an armed group's own channel, unnamed
    ("the armed group's radio station", ["Nigeria"], "belligerent"),
    # "authorities" alone are local officials; a state's are its government; the striker's speak for it
    ("the authorities", ["Russia"], "official"),
    ("the Ukrainian authorities", ["Russia"], "government"),
    ("Afghan authorities", ["Pakistan"], "government"),
    ("Russian authorities", ["Russia"], "belligerent"),
    # plurals in -es
    ("eyewitnesses", ["Sudan"], "local"),
    ("a teacher at the village school", ["Myanmar"], "local"),
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
    # reporting verbs of war reporting
    ("The civil defence group adds that 37 people were injured.", "The civil defence group", "The civil defence group"),
    ("The coalition later conceded causing 12 deaths in the raid.", "The coalition", "The coalition"),
    ("The regional authorities clarified that six people were hurt.", "The regional authorities",
     "The regional authorities"),
    # "according to X" ends where the clause it scopes begins
    ("The market was shelled, which according to local officials killed at least 27 people.",
     "local officials", "local officials"),
    # an aside or an auxiliary between the speaker and the verb
    ("The health ministry spokesman, in comments carried on the group's television, said 60 bodies were found.",
     "The health ministry spokesman", "The health ministry spokesman"),
    ("The Pentagon, which has not released figures, has acknowledged that 20 civilians died.",
     "The Pentagon", "The Pentagon, which has not released figures"),
    # a title opening the sentence describes the name after it
    ("District police chief, Ahmad Karimi, said 14 people died.", "Ahmad Karimi", "Ahmad Karimi, District police chief"),
    ("Nine people died in the strike, the acting governor, Pavel Orlov, said.", "Pavel Orlov",
     "Pavel Orlov, the acting governor"),
    # a named person cited, with what they are
    ("The raid killed 19 civilians, according to Omar Saleh, deputy governor of the province.", "Omar Saleh",
     "Omar Saleh, deputy governor of the province"),
    ('"The toll includes 12 children," said Samir Haddad, head of the local monitoring group.',
     "Samir Haddad, head of the local monitoring group", "Samir Haddad, head of the local monitoring group"),
    # "quoted X as saying": X's word
    ("The group's television quoted the health ministry as saying six civilians had been killed.",
     "the health ministry", "the health ministry"),
    # a dateline's bracket bounds the subject
    ("GAZA CITY (AP & AFP) The civil defence agency said strikes killed 15 people.", "The civil defence agency",
     "The civil defence agency"),
    # ", saying ...": the subject of the clause it hangs on (the parser's)
    ("The rebel-run health ministry gave a higher figure, saying that 80 bodies had been counted.",
     "The rebel-run health ministry", "The rebel-run health ministry"),
    ("Two drivers were among the dead, with the Red Cross saying both had worked for it.", "the Red Cross",
     "the Red Cross"),
    # a finding speaks for its author
    ("The initial assessment of the command is that the raid killed four fighters.",
     "The initial assessment of the command", "The initial assessment of the command"),
    # a headline run into the lead: the parser's subject, not the whole run
    ("Shelling kills 25 at busy market in eastern city on Sunday morning Including two children Local health "
     "officials have said that at least 25 people were killed.", "Local health officials", "Local health officials"),
    # a described speaker after the quotation it said
    ('"Nine of our pupils are dead," said a headmaster from the next village.', "a headmaster from the next village",
     "a headmaster from the next village"),
])
def test_attribution_forms_of_war_reporting(sentence, claimant, described):
    found = [a for a in attributions(sentence) if a.claimant == claimant]
    assert found and found[0].described == described


@pytest.mark.parametrize("sentence", [
    "The blast on the market claimed the lives of 17 shoppers.",        # a toll, not a claim
    "Shelling of the depot claims 12 lives, injures 30",
    "Dozens of villagers reported killed in overnight raid",           # a participle
    "Eight farmers died in a raid blamed on bandits.",                 # whom a deed is laid on
    "Eight farmers died in a raid attributed to the militia.",
    "At least 30 people died in reported air strikes on the camp.",     # an adjective
    "On Sunday, people gathered at the market.",                        # no reporting phrase at all
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


@pytest.mark.parametrize("outlet, expected", [
    ("Syrian Network for Human Rights", "monitor"),          # a monitor's own report
    ("MSF press release", "medical"),                        # a medical charity's own statement
    ("Kyiv Daily", "journalist"),                            # a newspaper
])
def test_a_figure_no_one_is_quoted_for_is_the_outlet_s_type(gaz, outlet, expected):
    (claim,) = _killed(gaz, "A missile struck the clinic on Sunday, killing 14 people.", outlet=outlet)
    assert claim.claimant_type == expected


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


def _types(gaz, text, kind="killed"):
    facts = extract(Report(id=1, text=text, published=dt.date(2024, 3, 4)), gaz)
    return [(c.min, c.claimant_type) for c in facts.claims if c.kind == kind]


@pytest.mark.parametrize("text, kind, expected", [
    # the next sentence adds to the figure and names the source of both
    ("At least 13 people died when shells hit the hospital on Tuesday. According to medical sources, 16 others "
     "were injured.", "killed", [(13, "medical")]),
    ("The death toll from the strike on the block of flats rose to 40 on Monday.\n\nA further 75 people were "
     "injured, according to local authorities.", "killed", [(40, "official")]),
    # "70 others" adds to its own sentence's 16, not to the figure before
    ("Air strikes killed at least 18 people on Tuesday. The health ministry said missiles hit the hospital, killing "
     "16 people and wounding 70 others.", "killed", [(18, "journalist"), (16, "government")]),
    # a figure continuing the count the sentence before gave keeps its source
    ("Air strikes hit a market in the town on Thursday, killing 10 civilians, a war monitor said.\n\n"
     "At least five women were among the dead.", "killed", [(10, "monitor"), (5, "monitor")]),
    # "he said" opening the next paragraph
    ("District police chief, Ahmad Karimi, said the rocket hit a wedding party.\n\nHe said 14 guests were killed.",
     "killed", [(14, "official")]),
    ("The jet bombed the village, according to Omar Saleh, deputy governor of the province.\n\nNine people were "
     "killed and six wounded, he said.", "killed", [(9, "government")]),
    # a lone surname is the person named in full before
    ("Nine people died in the strike, the acting governor, Pavel Orlov, said.\n\nTen wounded people were taken to "
     "hospital, Orlov wrote on Telegram.", "wounded", [(10, "government")]),
    # a quotation running on after its speaker
    ('"Nineteen people died in the strike," the UN mission said. "Eight other civilians were injured. '
     'The victims were all men."', "wounded", [(8, "monitor")]),
    ('Governor Ivan Petrov said the toll had risen.\n\n"Seventy people were injured. Rescuers are still '
     'working," he added.', "wounded", [(70, "government")]),
    # the speaker's own people cited stay the speaker's word
    ("According to the rights group's office, 120 people were killed, citing reports of its workers in the area.",
     "killed", [(120, "monitor")]),
    # a headline's N is the body's "more than N"; a count is not a vague word's
    ("Strike on funeral hall kills 140\n\nMore than 140 people were killed in the strike, a senior UN official said.",
     "killed", [(140, "official"), (141, "official")]),
    ("Strike on the camp kills 200 civilians\n\nHundreds of civilians were killed in the camp, a war monitor said.",
     "killed", [(200, "journalist"), (200, "monitor")]),
])
def test_a_figure_takes_the_source_beside_it(gaz, text, kind, expected):
    assert _types(gaz, text, kind) == expected


@pytest.mark.parametrize("described, expected", [
    # an armed group's own media speak as the group; a state's press stays the press
    ("une chaîne de télévision des rebelles houthis", "belligerent"),
    ("les médias ukrainiens", "journalist"),
    # the head of a region's administration is a government's voice
    ("le chef de l'administration militaire de la région de Kharkiv", "government"),
    ("Ivan Petrov, chef de l'oblast de Soumy", "government"),
    # local officials by their common French name
    ("des responsables locaux", "official"),
    ("un responsable local cité par l'agence", "official"),
])
def test_french_claimant_type(described, expected):
    assert french.claimant_type(described, ["Israel"], None) == expected


@pytest.mark.parametrize("sentence, expected", [
    # an armed group's own media speak as the group; another outlet stays the press
    ("ذكرت وسائل إعلام تابعة للحوثيين أن 8 مدنيين قتلوا في القصف.", "belligerent"),
    ("ذكرت وسائل إعلام أوكرانية أن 8 مدنيين قتلوا في القصف.", "journalist"),
    ("ذكرت إذاعة محلية أن 8 مدنيين قتلوا في القصف.", "journalist"),
    # a vague word beside a body: the body's figure
    ("أفادت تقارير من الشرطة بمقتل 8 مدنيين في القصف.", "official"),
    ("قالت مصادر في النيابة العامة إن 8 مدنيين قتلوا في القصف.", "official"),
    ("قالت مصادر إن 8 مدنيين قتلوا في القصف.", "unnamed"),
    # a state's authorities are its government; a government's media office too
    ("أعلنت السلطات الأوكرانية مقتل 8 مدنيين في القصف.", "government"),
    ("أعلن المكتب الإعلامي الحكومي مقتل 8 مدنيين في القصف.", "government"),
    ("قال مكتب تنسيق الشؤون الإنسانية إن 8 مدنيين قتلوا في القصف.", "monitor"),
    ("أعلنت الصحة الفلسطينية مقتل 8 مدنيين في القصف.", "government"),
    # an outlet "according to" which a named source spoke relays it; one relaying unnamed sources is the source
    ("أعلن الدفاع المدني مقتل 8 مدنيين في القصف، وفقا لصحيفة محلية.", "local"),
    ("قالت مصادر إن 8 مدنيين قتلوا في القصف، وفقا لما أفادت به وسائل إعلام تابعة للحوثيين.", "belligerent"),
    ("قتل 8 مدنيين في القصف، وفقا لصحيفة محلية.", "journalist"),
])
def test_arabic_claimant_type(gaz, sentence, expected):
    facts = arabic.extract(Report(id=1, text=sentence, published=dt.date(2024, 3, 4), language="ar"), gaz)
    assert [c.claimant_type for c in facts.claims] == [expected]


def _figure_types(facts, kind):
    return [c.claimant_type for c in facts.claims if c.kind == kind]


@pytest.mark.parametrize("language, text, expected", [
    # a figure with no source of its own that adds to the count before keeps that count's source
    ("ar", "قالت وزارة الصحة إن 9 مدنيين قتلوا في القصف. وأدى القصف أيضا إلى إصابة 30 شخصا.", ["government"]),
    ("ar", "قالت وزارة الصحة إن 9 مدنيين قتلوا في القصف. كما أسفر القصف عن إصابة 30 شخصا.", ["government"]),
    ("fr", "Neuf civils ont été tués dans le bombardement, selon le ministère de la Santé. Une vingtaine d'autres "
     "ont été blessés.", ["government"]),
    ("fr", "Neuf civils ont été tués dans le bombardement, selon le ministère de la Santé. 30 autres personnes ont "
     "été blessées.", ["government"]),
    # with no such word it is the outlet's own
    ("ar", "قالت وزارة الصحة إن 9 مدنيين قتلوا في القصف. وأدى القصف إلى إصابة 30 شخصا.", ["journalist"]),
    ("fr", "Neuf civils ont été tués dans le bombardement, selon le ministère de la Santé. 30 personnes ont "
     "été blessées.", ["journalist"]),
])
def test_a_figure_continuing_the_count_before_keeps_its_source(gaz, language, text, expected):
    reader = {"ar": arabic.extract, "fr": french.extract}[language]
    facts = reader(Report(id=1, text=text, published=dt.date(2024, 3, 4), language=language), gaz)
    assert _figure_types(facts, "wounded") == expected


@pytest.mark.parametrize("text, expected", [
    # a toll with no author is the source named before it
    ("Le gouverneur de la province a dénoncé une attaque lâche.\n\nSelon le bilan provisoire, 12 villageois ont "
     "été tués.", ["government"]),
    ("L'armée a annoncé que l'attaque avait été repoussée. Le dernier bilan fait état de 12 soldats tués.",
     ["belligerent"]),
    # with no one named before, a toll names no one
    ("Selon le bilan provisoire, 12 villageois ont été tués.", ["unnamed"]),
])
def test_french_toll_with_no_author_is_the_source_named_before(gaz, text, expected):
    facts = french.extract(Report(id=1, text=text, published=dt.date(2024, 3, 4), language="fr"), gaz)
    assert _figure_types(facts, "killed") == expected
