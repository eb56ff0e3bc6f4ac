"""The Arabic reader: sentences and short reports written for these tests, each case one behaviour
(normalisation, numbers and qualifiers, casualty words and their clitics, populations, scope,
claimants, parties, dates, places), and one report through the whole pipeline."""
import datetime as dt

import pytest

from civcas import ingest
from civcas.extract import READERS, arabic
from civcas.extract.arabic_text import normalise, normalise_with_offsets
from civcas.model import Report
from civcas.pipeline import process

THURSDAY = dt.date(2024, 3, 14)


def read(text: str, gaz, published=THURSDAY):
    return arabic.extract(Report(id=1, text=text, published=published, language="ar"), gaz)


def killed(facts):
    return [(c.min, c.max) for c in facts.claims if c.kind == "killed"]


@pytest.mark.parametrize("written, normal", [
    ("قُتِلَ", "قتل"),                    # diacritics
    ("قتـــلى", "قتلى".replace("ى", "ي")),   # tatweel
    ("أطفال", "اطفال"),                  # hamza on alef
    ("إصابة", "اصابه"),                  # hamza below, ta marbuta
    ("آخرون", "اخرون"),                  # madda
    ("مستشفى", "مستشفي"),                # alef maqsura
    ("٢٣", "23"),                        # Arabic-Indic digits
    ("۱۵", "15"),                        # Persian digits
])
def test_normalisation(written, normal):
    assert normalise(written) == normal


def test_normalised_offsets_point_into_the_original():
    text = "قُتِلَ ١٠ مدنيين"
    norm, offsets = normalise_with_offsets(text)
    at = norm.index("10")
    assert text[offsets[at]:offsets[at + 2]] == "١٠"


@pytest.mark.parametrize("sentence, figure", [
    ("قتل 12 مدنيا في قصف على البلدة.", (12, 12)),
    ("قتل عشرة مدنيين في قصف على البلدة.", (10, 10)),
    ("قتل خمسة وعشرون شخصا في قصف على البلدة.", (25, 25)),
    ("قتل ثلاثة عشر شخصا في قصف على البلدة.", (13, 13)),
    ("قتل ثلاثة آلاف شخص خلال المعارك في المدينة.", (3000, 3000)),
    ("قتل ١٧ مدنيا في قصف على البلدة.", (17, 17)),
    ("قتل عشرات المدنيين في قصف على البلدة.", (24, None)),          # dozens, the README's rule
    ("قتل نحو 40 شخصا في قصف على البلدة.", (36, 44)),             # about
    ("قتل حوالي 20 شخصا في قصف على البلدة.", (18, 22)),
    ("قتل ما لا يقل عن 12 مدنيا في قصف على البلدة.", (12, None)),  # at least
    ("قتل أكثر من 30 مدنيا في قصف على البلدة.", (31, None)),       # more than
    ("قتل 8 مدنيين على الأقل في قصف على البلدة.", (8, None)),     # at least, after the people
    ("قتل عدة أشخاص في قصف على البلدة.", (3, None)),               # several
])
def test_numbers_and_qualifiers(gaz, sentence, figure):
    assert killed(read(sentence, gaz)) == [figure]


@pytest.mark.parametrize("sentence, kind, figure", [
    ("أسفر القصف عن مقتل 6 أشخاص.", "killed", 6),
    ("استشهد 9 أشخاص في الغارة.", "killed", 9),
    ("قضى 4 أشخاص في الغارة.", "killed", 4),
    ("لقي 7 أشخاص حتفهم في الغارة.", "killed", 7),
    ("أدت الغارة إلى سقوط 11 قتيلا.", "killed", 11),
    ("وصلت إلى المستشفى 14 جثة بعد الغارة.", "killed", 14),
    ("ارتفعت حصيلة القتلى في الغارة إلى 33.", "killed", 33),
    ("جرح 15 شخصا في الغارة.", "wounded", 15),
    ("أسفرت الغارة عن إصابة 20 شخصا.", "wounded", 20),
    ("لا يزال 5 أشخاص مفقودين بعد الغارة.", "missing", 5),
    ("وأصيب 3 آخرون بجروح.", "wounded", 3),                          # و before the verb
    ("أدت الغارة إلى مقتل شخص واحد.", "killed", 1),                  # a person and "one"
    ("أدت الغارة إلى مقتل طفلين.", "killed", 2),                      # a dual
])
def test_casualty_words(gaz, sentence, kind, figure):
    claims = read(sentence, gaz).claims
    assert [(c.kind, c.min) for c in claims] == [(kind, figure)]


@pytest.mark.parametrize("sentence", [
    "أسفرت الغارة عن سقوط 76 قتيلا وجريحا.",
    "أسفرت الغارة عن سقوط أكثر من 27 بين قتيل وجريح.",
    "أسفرت الغارة عن مقتل وإصابة 20 شخصا.",
])
def test_killed_or_wounded_counts_neither(gaz, sentence):
    assert read(sentence, gaz).claims == []


@pytest.mark.parametrize("sentence, figures", [
    # the count's own noun decides its kind, not a casualty word before it
    ("استقبل المستشفى جثث 8 قتلى، إضافة إلى 15 مصابا.", [("killed", 8), ("wounded", 15)]),
    # a part told between the count and its verb
    ("قالت الشبكة إن 53 شخصا، بينهم 14 طفلا، قتلوا في الهجوم.", [("killed", 53), ("killed", 14)]),
    ("لقي 8 مدنيين، بينهم أطفال ونساء، مصارعهم في القصف.", [("killed", 8)]),
    ("استشهد 10 أشخاص في بلدة و6 أشخاص في بلدة أخرى.", [("killed", 10), ("killed", 6)]),
    ("استشهد 27 شخصا وأصيب آخرون في الغارات.", [("killed", 27)]),
    # killed, then wounded in a clause of its own
    ("لقي 8 مدنيين مصارعهم وأصيب العشرات بجروح في القصف.", [("killed", 8), ("wounded", 24)]),
])
def test_figures_across_a_clause(gaz, sentence, figures):
    assert [(c.kind, c.min) for c in read(sentence, gaz).claims] == figures


def test_a_number_joined_by_wa_after_a_count_is_a_second_count(gaz):
    facts = read("أسفرت الغارة عن مقتل رجل واحد وثلاث نساء.", gaz)
    assert [(c.population, c.min) for c in facts.claims] == [("men", 1), ("women", 3)]


@pytest.mark.parametrize("sentence, population", [
    ("قتل 5 مدنيين في الغارة.", "civilians"),
    ("قتل 5 أطفال في الغارة.", "children"),
    ("قتل 5 نساء في الغارة.", "women"),
    ("قتل 5 مسلحين في الغارة.", "fighters"),
    ("قتل 5 جنود في الغارة.", "soldiers"),
    ("قتل 5 عناصر في الغارة.", "fighters"),
    ("أوقعت الغارة 29 قتيلا من الأطفال.", "children"),
    ("قتل 5 أشخاص في الغارة.", "unspecified"),
])
def test_populations(gaz, sentence, population):
    assert [c.population for c in read(sentence, gaz).claims] == [population]


def test_among_them_is_a_part_of_the_figure_before(gaz):
    facts = read("قتل 12 مدنيا بينهم 4 أطفال في الغارة.", gaz)
    assert [(c.kind, c.population, c.min) for c in facts.claims] == [("killed", "civilians", 12),
                                                                     ("killed", "children", 4)]


@pytest.mark.parametrize("sentence, scope", [
    ("قتل 9 مدنيين في الغارة على السوق.", "incident"),
    ("ارتفع عدد القتلى منذ بداية الحرب إلى 3000 شخص.", "cumulative"),
    ("قتل 40 مدنيا خلال الـ 24 ساعة الماضية في غارات على المحافظة.", "cumulative"),
    ("قتل 23 شخصا في أعنف غارة منذ بداية الحرب.", "incident"),      # a comparison, not a tally
])
def test_scope(gaz, sentence, scope):
    assert [c.scope for c in read(sentence, gaz).claims] == [scope]


@pytest.mark.parametrize("sentence, claimant_type", [
    ("قتل 6 مدنيين في الغارة، وفق ما أفاد المرصد السوري لحقوق الإنسان.", "monitor"),
    ("قال الدفاع المدني إن 6 مدنيين قتلوا في الغارة.", "local"),
    ("قتل 6 مدنيين في الغارة بحسب مصادر طبية.", "medical"),
    ("قال مدير مستشفى المدينة إن 6 أشخاص قتلوا في الغارة.", "medical"),
    ("أعلنت وزارة الصحة أن 6 أشخاص قتلوا في الغارة.", "government"),
    ("ذكرت قناة المسيرة أن 6 مدنيين قتلوا في الغارة.", "belligerent"),
    ("قال الجيش الإسرائيلي إنه قتل 6 مسلحين في الغارة.", "belligerent"),
    ("قتل 6 مدنيين في الغارة بحسب مصادر محلية.", "local"),
    ("أفاد ناشطون بمقتل 6 مدنيين في الغارة.", "local"),
    ("قتل 6 مدنيين في الغارة.", "journalist"),                      # no one quoted: the outlet's own
    ("نقل مراسل الجزيرة عن مصادر طبية أن 6 مدنيين قتلوا في الغارة.", "medical"),   # the source relayed
    ("كشف تقرير صادر عن الأمم المتحدة أن 6 مدنيين قتلوا في الغارة.", "monitor"),
    ("أفاد الدفاع المدني عن سقوط 6 قتلى في الغارة.", "local"),       # "عن" before no body: no relay
    ("وجاء عن وزارة الصحة أن 6 مدنيين قتلوا في الغارة.", "government"),
    ("أعلنت سلطات ولاية الخرطوم مقتل 6 مدنيين في الغارة.", "government"),
    ("أكدت الوكالة الألمانية مقتل 6 مدنيين في الغارة.", "journalist"),
    ("أعلن الصليب الأحمر اللبناني مقتل 6 مدنيين في الغارة.", "medical"),   # a national society
    ("أعلن الصليب الأحمر مقتل 6 مدنيين في الغارة.", "monitor"),           # alone: the ICRC, as in English
    ("شهود عيان قالوا إن 6 مدنيين قتلوا في الغارة.", "local"),               # the subject before its verb
    ("سالم أحمد، الناطق باسم وزارة الصحة، قال لـ\"الوكالة\" إن 6 مدنيين قتلوا في الغارة.", "government"),
    ("بعد أن قصف الجيش البلدة قال إن 6 مدنيين قتلوا في الغارة.", "journalist"),   # a clause, not a subject
    ("صدر عن وزارة الصحة بيان أعلن أن 6 مدنيين قتلوا في الغارة.", "government"),
    ("أعلن مستشفى البلدة التابع للجيش أن 6 مدنيين قتلوا في الغارة.", "medical"),    # "التابع" is no verb
    ("أكد الدفاع المدني أنه أحصى نحو 6 قتلى في الغارة.", "local"),         # "أحصى" with no one: the one named
    ("وقال مصدر في السلطة المحلية إن 6 مدنيين قتلوا في الغارة.", "official"),  # a source in a body: the body's
    ("وقال مصدر في البلدة إن 6 مدنيين قتلوا في الغارة.", "unnamed"),         # in a place: still no one named
    ("ذكرت الصحيفة أن الغارة وقعت فجرا، لكن مصادر طبية أكدت لـ\"الصحيفة\" أن 6 مدنيين قتلوا.", "medical"),
])
def test_claimant_types(gaz, sentence, claimant_type):
    assert [c.claimant_type for c in read(sentence, gaz).claims] == [claimant_type]


@pytest.mark.parametrize("outlet, claimant_type", [("Syrian Observatory for Human Rights", "monitor"),
                                                   ("a local site", "journalist")])
def test_a_figure_no_one_is_quoted_for_takes_the_outlets_type(gaz, outlet, claimant_type):
    facts = arabic.extract(Report(id=1, text="قتل 6 مدنيين في الغارة.", published=THURSDAY, language="ar",
                                  outlet=outlet), gaz)
    assert [c.claimant_type for c in facts.claims] == [claimant_type]


def test_one_word_with_the_article_is_the_claimant_named_in_full_before(gaz):
    facts = read("أعلنت خلية الإعلام الأمني حصيلة الغارة. وذكرت الخلية في بيان أن 6 مدنيين قتلوا في الغارة.", gaz)
    assert [c.claimant_type for c in facts.claims] == ["government"]


def test_a_source_not_named_is_no_reporting_phrase(gaz):
    facts = read("كشف مصدر طبي -فضل عدم ذكر اسمه- أن 6 أشخاص قتلوا في الغارة.", gaz)
    assert [c.claimant_type for c in facts.claims] == ["medical"]


def test_the_claimant_is_kept_as_written(gaz):
    claim = read("قتل 6 مدنيين في الغارة، وفق ما أفاد المرصد السوري لحقوق الإنسان.", gaz).claims[0]
    assert claim.claimant == "المرصد السوري لحقوق الإنسان"


def test_a_claim_keeps_its_original_sentence_and_span(gaz):
    text = "شنّت طائرات حربية غارة على السوق. قُتل ١٢ مدنيًا في الغارة."
    claim = read(text, gaz).claims[0]
    assert claim.sentence == "قُتل ١٢ مدنيًا في الغارة."
    assert text[claim.start:claim.end] == "١٢"


@pytest.mark.parametrize("sentence, party", [
    ("قتل 8 مدنيين في غارات شنها الطيران الروسي على مدينة أريحا في ريف إدلب.", "Russia"),
    ("قتل 8 مدنيين في غارات شنتها طائرات روسية على البلدة.", "Russia"),
    ("قتل 8 مدنيين في قصف لقوات النظام على مدينة أريحا في ريف إدلب.", "Syrian government"),
    ("قتل 8 مدنيين في غارة للتحالف الدولي على حي في الموصل.", "US-led coalition"),
    ("قتل 8 مدنيين في غارة شنها التحالف بقيادة السعودية على صعدة.", "Saudi-led coalition"),
    ("قتل 8 مدنيين في غارة شنها الطيران الحربي الإسرائيلي على بلدة جنوبي لبنان.", "Israel"),
    ("قتل 8 مدنيين في قصف صاروخي شنه الحوثيون على حي سكني في تعز.", "Houthis"),
    ("قتل 8 مدنيين في هجوم شنته قوات الدعم السريع على سوق في أم درمان.", "Rapid Support Forces"),
    ("قتل 8 مدنيين في غارات يعتقد أنها روسية على البلدة.", "Russia"),
    ("قتل 8 مدنيين في غارات جوية باكستانية على البلدة.", "Pakistan"),
    # every state's forces, not only those with a row of their own (rule ar.open-states)
    ("قتل 8 مدنيين في غارات شنها الطيران الحربي الأردني على بلدة في ريف السويداء.", "Jordan"),
    ("قتل 5 مدنيين في غارة للطيران النيجيري على قرية في ولاية زمفارا.", "Nigeria"),
    ("قتل 4 مدنيين في قصف للمدفعية الكمبودية على قرية حدودية.", "Cambodia"),
    ("قتل 6 مدنيين في ضربة جوية نفذتها القوات المسلحة المصرية على المدينة.", "Egypt"),
    ("قتل 6 مدنيين في غارات لطائرات حربية يرجح أنها أردنية على البلدة.", "Jordan"),
    ("قتل 3 مدنيين بنيران حرس الحدود الطاجيكي على القرية.", "Tajikistan"),
    # a country's name after a place word is a place ("في أوكرانيا")
    ("قتل 8 مدنيين في ضربة صاروخية روسية على مدينة في أوكرانيا.", "Russia"),
])
def test_parties(gaz, sentence, party):
    assert read(sentence, gaz).belligerents == [party]


@pytest.mark.parametrize("sentence", [
    "قتل 8 مسلحين في غارة استهدفت مواقع للحوثيين في صعدة.",            # the target
    "قتل 8 مدنيين في قصف لقوات النظام المدعومة روسيًا على مدينة أريحا في ريف إدلب.",  # the backer
    "نفت حركة حماس مقتل قائدها في الغارة.",                             # a speaker
])
def test_not_strikers(gaz, sentence):
    assert "Houthis" not in read(sentence, gaz).belligerents
    assert "Russia" not in read(sentence, gaz).belligerents
    assert "Hamas" not in read(sentence, gaz).belligerents


@pytest.mark.parametrize("sentence", [
    "قتل 5 مدنيين في قصف بعد يومين من زيارة مسؤول أمريكي إلى روسيا.",     # a place after "to"
    "قتل 8 مدنيين في غارة جوية بروسيا.",                                 # "in" written as a clitic
])
def test_a_country_named_as_a_place_is_no_striker(gaz, sentence):
    assert read(sentence, gaz).belligerents == []


@pytest.mark.parametrize("sentence", [
    # who struck is not known: the possibilities named after it are alleged by no one
    "قتل 9 مدنيين في قصف طائرات لا يعلم ما إذا كانت روسية أم تابعة للنظام على سوق البلدة.",
    "قتل 9 مدنيين في غارة لطائرات مجهولة الهوية يرجح أنها تابعة للتحالف على البلدة.",
    "قتل 9 مدنيين في قصف لم يتضح إن كان مصدره قوات النظام أو الطيران الروسي.",
])
def test_no_striker_where_the_report_says_it_is_not_known(gaz, sentence):
    assert read(sentence, gaz).belligerents == []


def test_the_report_s_own_army_beside_the_victims_is_no_striker(gaz):
    """A report's own army is named beside a strike on its soil for other deeds; by its
    adjective it strikes only in a sentence with a strike word."""
    text = ("قتل 12 شخصا في غارة إسرائيلية على بلدة في قضاء صور في جنوب لبنان. "
            "ونقلت سيارات الإسعاف الجرحى، فيما انتشر الجيش اللبناني في محيط المبنى.")
    assert read(text, gaz).belligerents == ["Israel"]
    assert read("قتل 3 مدنيين في قصف مدفعي للجيش اللبناني على البلدة في جنوب لبنان.", gaz).belligerents == ["Lebanon"]


def test_a_striker_named_before_the_unknown_words_stays(gaz):
    sentence = "قتل 9 مدنيين في غارات شنها الطيران الروسي على البلدة، ولم يتضح عدد الطائرات."
    assert read(sentence, gaz).belligerents == ["Russia"]


@pytest.mark.parametrize("sentence, stance", [
    ("قتل 7 مدنيين في غارة إسرائيلية على البلدة. ونفى الجيش الإسرائيلي استهداف المدنيين في الغارة.", "denies"),
    ("قتل 7 مدنيين في غارة إسرائيلية على البلدة. واعترف الجيش الإسرائيلي بمقتل مدنيين في الغارة.", "acknowledges"),
])
def test_a_party_statement_on_its_own_strike(gaz, sentence, stance):
    [statement] = read(sentence, gaz).statements
    assert (statement.party, statement.stance, statement.about_civilians) == ("Israel", stance, True)


@pytest.mark.parametrize("phrase, date", [
    ("أمس", dt.date(2024, 3, 13)),
    ("اليوم", dt.date(2024, 3, 14)),
    ("فجر الخميس", dt.date(2024, 3, 14)),
    ("ليل السبت", dt.date(2024, 3, 9)),                   # a night is the day it began
    ("يوم الاثنين", dt.date(2024, 3, 11)),
    ("في 13 كانون الثاني 2024", dt.date(2024, 1, 13)),
    ("في 13 يناير 2024", dt.date(2024, 1, 13)),
    ("في 13 تشرين الثاني/نوفمبر", dt.date(2023, 11, 13)),  # no year: the last one before publication
    ("في الثامن من آذار", dt.date(2024, 3, 8)),
    ("في 3 رمضان 1445 هـ", dt.date(2024, 3, 13)),          # Hijri (arithmetical calendar)
])
def test_dates(gaz, phrase, date):
    assert read(f"قتل 5 مدنيين في غارة على البلدة {phrase}.", gaz).date == date


def test_a_day_after_since_is_no_attack_day(gaz):
    facts = read("قتل 5 مدنيين في غارة على البلدة الثلاثاء، في ثاني غارة منذ السبت.", gaz)
    assert facts.date == dt.date(2024, 3, 12)


def test_a_date_after_since_is_not_the_reference_of_an_undated_report(gaz):
    """"أمس" is not counted from the day a war began."""
    facts = read("قتل 5 مدنيين في غارة على البلدة أمس، في أعنف هجوم منذ 8 تشرين الأول 2023.", gaz, published=None)
    assert facts.date is None


@pytest.mark.parametrize("phrase, date", [
    ("في 13 تشرين الثاني من عام 2017", dt.date(2017, 11, 13)),
    ("في الـ 13 من تشرين الثاني / نوفمبر الجاري من العام الحالي 2017", dt.date(2017, 11, 13)),
    ("في 5 أيار من العام الماضي 2022", dt.date(2022, 5, 5)),
])
def test_a_year_after_words_between_it_and_the_month(gaz, phrase, date):
    """Without a publication date only the written year dates the day."""
    assert read(f"قتل 5 مدنيين في غارة على البلدة {phrase}.", gaz, published=None).date == date


def test_a_weekday_without_a_publication_date_gives_no_date(gaz):
    assert read("قتل 5 مدنيين في غارة على البلدة فجر الخميس.", gaz, published=None).date is None


@pytest.mark.parametrize("phrase, date, precision", [
    # a page dated only to its month: a day and month take its year
    ("في 5 حزيران", dt.date(2021, 6, 5), "day"),
    # a weekday or "yesterday" cannot be told from the month: the incident is dated to the month
    ("فجر السبت", dt.date(2021, 6, 1), "month"),
    ("أمس", dt.date(2021, 6, 1), "month"),
])
def test_dates_against_a_publication_month(gaz, phrase, date, precision):
    facts = arabic.extract(Report(id=1, text=f"قتل 5 مدنيين في غارة على البلدة {phrase}.", published=dt.date(2021, 6, 1),
                                  published_precision="month", language="ar"), gaz)
    assert (facts.date, facts.date_precision) == (date, precision)


def test_hijri_months_are_converted():
    assert arabic.hijri_to_gregorian(1440, 1, 1) == dt.date(2018, 9, 12)


@pytest.mark.parametrize("sentence, admin1, precision", [
    ("قتل 5 مدنيين في غارة على ريف إدلب الجنوبي.", "Idlib", "admin1"),
    ("قتل 5 مدنيين في غارة على محافظة صعدة.", "Saada", "admin1"),
    ("قتل 5 مدنيين في غارة على مدينة أريحا في ريف إدلب.", "Idlib", "point"),
    ("قتل 5 مدنيين في غارة على بلدة الأتارب غربي حلب.", "Aleppo", "point"),
    ("قتل 5 مدنيين في قصف على سوق في أمدرمان.", "Khartoum", "point"),      # a name written joined
])
def test_places(gaz, sentence, admin1, precision):
    place = read(sentence, gaz).place
    assert (place.admin1, place.precision) == (admin1, precision)


def test_a_wire_dateline_does_not_place_the_story(gaz):
    facts = read("الخرطوم - أ ب\n\nقتل 12 مدنيا في قصف على سوق في مدينة الفاشر.", gaz)
    assert facts.place.name == "El Fasher"


def test_a_common_word_is_no_place(gaz):
    facts = read("قتل 5 مدنيين في غارة على المدينة في سوريا.", gaz)
    assert facts.place.country_code == "SY" and facts.place.precision == "country"


@pytest.mark.parametrize("text, country", [
    # a people's word names the country; the town's two spellings ("بتاجوراء", "تاجوراء") are one
    # name, whose only reading lies in Djibouti
    ("استهدفت غارة جوية مركزا للمهاجرين بتاجوراء، وقال شهود إن حراسا ليبيين أطلقوا النار في مركز "
     "تاجوراء.", "LY"),
    ("قتل 7 مدنيين في قصف على أحياء تاجوراء، بحسب مسؤولين ليبيين.", "LY"),
    # a striker's adjective says who struck, not where
    ("قتل 5 مدنيين في غارات شنتها طائرات روسية على إدلب.", "SY"),
])
def test_a_demonym_names_the_country(gaz, text, country):
    assert read(text, gaz).place.country_code == country


@pytest.mark.parametrize("text, place", [
    # GeoNames gives "تاجوراء" only to Djibouti's Tadjoura: in a Libyan report it is read through
    # that town's Latin names, in Libya (Tajura, Tripoli district)
    ("قتل 7 مدنيين في قصف على أحياء تاجوراء، بحسب مسؤولين ليبيين.", ("LY", "Tripoli", "point")),
    ("قتل 7 مدنيين في قصف على أحياء تاجوراء.", ("DJ", "Tadjourah", "point")),   # no other country named
])
def test_a_name_known_only_abroad_is_read_again_in_the_reports_country(gaz, text, place):
    found = read(text, gaz).place
    assert (found.country_code, found.admin1, found.precision) == place


def test_a_village_the_gazetteer_lacks_is_kept_in_its_unit(gaz):
    place = read("قتل 5 مدنيين في غارة على قرية كفرنبودة الصغرى في ريف حماة.", gaz).place
    assert (place.admin1, place.precision) == ("Hama", "admin1")


def test_field_values_are_english(gaz):
    facts = read("قتل 8 مدنيين في غارات شنها الطيران الروسي على مدينة أريحا في ريف إدلب، وفق ما أفاد "
                 "المرصد السوري لحقوق الإنسان.", gaz)
    assert (facts.place.name, facts.place.country, facts.belligerents, facts.means) == \
        ("Ariha", "Syria", ["Russia"], ["airstrike"])


def test_the_reader_is_registered_for_arabic():
    assert READERS["ar"] is arabic.extract


REPORT = ("قتل 14 مدنيا بينهم 5 أطفال وأصيب 30 آخرون فجر الخميس في غارات شنتها طائرات حربية روسية على سوق "
          "شعبي في مدينة أريحا بريف إدلب الجنوبي، بحسب ما أفاد الدفاع المدني.\n\n"
          "وقال مسعفون إن عدد القتلى مرشح للارتفاع بسبب وجود جرحى في حالة خطرة.")


def test_an_arabic_report_becomes_an_incident(store, tmp_path):
    (tmp_path / "ariha.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "ariha.meta.json").write_text('{"outlet": "a local site", "url": "https://example.org/ar/1", '
                                             '"published": "2024-03-14"}', encoding="utf-8")
    assert not ingest.ingest(store, [tmp_path]).errors
    assert [r.language for r in store.reports()] == ["ar"]
    process(store)
    [incident] = store.incidents()
    assert (incident.place.name, incident.place.admin1, incident.belligerents) == ("Ariha", "Idlib", ["Russia"])
    assert incident.date == dt.date(2024, 3, 14)
    assert (incident.civilian_deaths_min, incident.civilian_deaths_max) == (14, 14)   # "14 civilians, among them 5 children"


@pytest.mark.parametrize("text, place", [
    # the target of an attack, a word Arabic text does not use, that the gazetteer lacks
    ("قتل مسلحون 30 شخصا في هجومهم الليلي على تلكيفانة في بوركينا فاسو.", "تلكيفانة"),
    ("قتل 5 مدنيين في غارة على تلكيفانة في بوركينا فاسو.", "تلكيفانة"),
    # a noun in the target's slot ("مصيف", a resort) is what was hit, not a place's name
    ("قتل 5 مدنيين في هجوم على مصيف في العراق.", "Iraq"),
])
def test_an_attacks_target_the_gazetteer_lacks_is_the_place(gaz, text, place):
    assert read(text, gaz).place.name == place


@pytest.mark.parametrize("text, place", [
    ("قتل 5 مدنيين في غارة على قرية تلكيفانة في سوريا.", "تلكيفانة"),          # "the village of X"
    # with the article the word is the place itself, and what follows says something of it
    ("قتل 5 مدنيين في غارة على سوريا، والوضع في المدينة مأساوي جدا.", "Syria"),
])
def test_a_place_word_with_the_article_names_no_place_after_it(gaz, text, place):
    assert read(text, gaz).place.name == place
