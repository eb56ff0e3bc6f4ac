"""Dates: the attack's day as a monitor reads it from a report and its publication date. Every
sentence here is written for the test; each case is one behaviour."""
import datetime as dt

import pytest

from civcas.extract import DATE_TIERS, extract
from civcas.extract.dates import RELATIVE, date_mentions
from civcas.model import Report

D = dt.date
THURSDAY = D(2021, 6, 17)         # the week of Monday 14 June 2021


@pytest.mark.parametrize("text,published,date,precision", [
    # the attack's own day, named by a deed phrase, beats the day of what followed it
    ("Rescue teams on Thursday were still digging through the rubble of Tuesday's airstrike on the market, "
     "which killed 14 people.", THURSDAY, D(2021, 6, 15), "day"),
    ("The mayor visited the ward on Thursday. Tuesday's Russian missile strike on the hospital killed nine "
     "patients.", THURSDAY, D(2021, 6, 15), "day"),
    # a day told from the attack: the attack is before the sentence's day
    ("Residents buried the dead on Wednesday, a day after the strike killed eleven guests at a wedding.",
     THURSDAY, D(2021, 6, 15), "day"),
    ("Two days after the bombing, rescuers on Saturday pulled three more bodies from the flattened block.",
     D(2021, 6, 20), D(2021, 6, 17), "day"),
    ("Villagers counted twelve dead on Saturday, the morning after the shelling of the market.",
     D(2021, 6, 20), D(2021, 6, 18), "day"),
    ("Hundreds marched on Sunday in protest at an airstrike a day earlier that killed 20 mourners.",
     D(2021, 6, 21), D(2021, 6, 19), "day"),
    ("On Monday, a day after the election, jets killed four people in the town.", THURSDAY, D(2021, 6, 14), "day"),
    # ... unless that day is itself an attack's: the phrase tells of an earlier one
    ("Missiles struck a funeral on Sunday for two fighters killed in a drone strike the day before.",
     D(2021, 6, 21), D(2021, 6, 20), "day"),
    # a follow-up weeks or months later, dated by the attack it names, not by its publication
    ("Families are still waiting for answers about the strike on 17 March that killed nine people in the village.",
     D(2017, 6, 2), D(2017, 3, 17), "day"),
    ("Relatives of those killed in the March 17 attack on the school demanded an inquiry, a rights group "
     "said on Monday.", D(2017, 5, 10), D(2017, 3, 17), "day"),
    ("Ten years ago, on October 3, 2015, bombs hit the hospital, killing 42 people.", D(2025, 10, 1),
     D(2015, 10, 3), "day"),
    # an old day that tells of no attack is background: the report's day stands
    ("The clinic reopened on March 3. Doctors treated eleven people wounded in the shelling.", D(2017, 6, 2),
     D(2017, 6, 2), "week"),
    # nights and times of day: a night is the day it began; the early hours are their own day
    ("Shelling on the night of 3 to 4 July killed five civilians in the town, the monitor said.", D(2019, 7, 6),
     D(2019, 7, 3), "day"),
    ("Drones struck the depot overnight Saturday into Sunday, killing two guards.", D(2021, 6, 21),
     D(2021, 6, 19), "day"),
    ("Four people were killed when a drone hit a house in the early hours of Sunday, officials said.",
     D(2021, 6, 22), D(2021, 6, 20), "day"),
    ("Warplanes bombed the village late on Tuesday, killing six farmers.", THURSDAY, D(2021, 6, 15), "day"),
    ("Artillery pounded the camp at dawn, killing three children.", THURSDAY, THURSDAY, "day"),
    ("Jets bombed the bridge overnight, killing two drivers.", THURSDAY, THURSDAY, "day"),
    # relative periods
    ("A strike earlier this week killed seven people at a checkpoint.", THURSDAY, D(2021, 6, 14), "week"),
    ("Shelling last weekend killed three people in the suburb.", THURSDAY, D(2021, 6, 12), "week"),
    ("A drone killed two herders the day before yesterday.", THURSDAY, D(2021, 6, 15), "day"),
    ("A drone killed two herders three days ago.", THURSDAY, D(2021, 6, 14), "day"),
    # dates written in figures
    ("An airstrike on 17/03/2017 killed seven people in the village.", D(2017, 3, 20), D(2017, 3, 17), "day"),
    ("An airstrike on 2017-03-17 killed seven people in the village.", D(2017, 3, 20), D(2017, 3, 17), "day"),
    ("An airstrike on 03/17/2017 killed seven people in the village.", D(2017, 3, 20), D(2017, 3, 17), "day"),
    ("An airstrike on 04/03/2017 killed seven people in the village.", D(2017, 3, 10), D(2017, 3, 4), "day"),
    ("An airstrike on March 17th killed seven people in the village.", D(2017, 3, 20), D(2017, 3, 17), "day"),
    # the day something was said, or a count was made, is not the attack's day
    ("The strike on Friday killed nine people, the ministry said on Sunday.", D(2021, 6, 21), D(2021, 6, 18), "day"),
    ("The number of dead rose to 75 as of Thursday. Jets bombed the concert on Sunday night.", THURSDAY,
     D(2021, 6, 13), "day"),
    # ... but when the text dates nothing else, the attack was that day or before
    ("At least 30 people were killed in an airstrike on a prison, the Red Cross said Sunday.", D(2021, 6, 21),
     D(2021, 6, 20), "week"),
    # someone's deed is the incident when nothing else is dated; the news of the day wins otherwise
    ("Police arrested a man responsible for Tuesday's attack on the checkpoint. Six soldiers died there.",
     THURSDAY, D(2021, 6, 15), "day"),
    ("Forces detained a commander responsible for Tuesday's attack on the checkpoint today.", THURSDAY,
     THURSDAY, "day"),
    # a lead put on other strikes by its wording still tells its own news first: its day naming the attack
    ("The navy says it carried out another drone strike near the port on Tuesday, killing two fighters.\n\n"
     "Officials blamed the group for a bombing in the capital in March.", THURSDAY, D(2021, 6, 15), "day"),
    ("Besides the June 8 airstrike on the old town that killed 40 civilians, the command is reviewing a June 7 "
     "raid near a mosque.\n\nThe envoy voiced concern on Monday.", THURSDAY, D(2021, 6, 8), "day"),
    # ... a day, not a month: "charged in a May 2020 shooting" leaves the day the text gives
    ("Two men were charged in a May 2020 shooting that killed a boy.\n\nThe shooting on May 25, 2020 left "
     "six wounded, police said.", THURSDAY, D(2020, 5, 25), "day"),
    # a whole month already over, named past the lead, is background; in the lead it dates the attack
    ("An airstrike on the camp killed 30 people, officials said.\n\nLast month, troops killed 40 people in "
     "another town.", THURSDAY, THURSDAY, "week"),
    ("An airstrike on the camp last month killed 30 people, officials said.", THURSDAY, D(2021, 5, 1), "month"),
])
def test_incident_date(gaz, text, published, date, precision):
    facts = extract(Report(id=1, text=text, published=published), gaz)
    assert (facts.date, facts.date_precision) == (date, precision), facts.date_source


@pytest.mark.parametrize("text,date", [
    # no publication date: days are counted from the lead's first full date
    ("Quake shakes island, Wednesday, July 28, 2004. Two people were killed when an earthquake struck the "
     "island on Tuesday, officials said.", D(2004, 7, 27)),
    # ... and without one, a weekday, a day in figures that could be two days, or no date at all give nothing
    ("Two people were killed in shelling on Monday, officials said.", None),
    ("An airstrike on 04/03/2017 killed seven people in the village.", None),
    ("Two people were killed in the blast, officials said.", None),
])
def test_incident_date_without_publication_date(gaz, text, date):
    assert extract(Report(id=1, text=text, published=None), gaz).date == date


@pytest.mark.parametrize("text,date,precision,said", [
    ("The attack on Thursday", D(2017, 3, 16), "day", False),
    ("the coalition said Friday", D(2017, 3, 17), "day", True),
    ("the Saudi military announced early Sunday", D(2017, 3, 12), "day", True),
    ("the group claimed responsibility early on Tuesday", D(2017, 3, 14), "day", True),
    # the channel it was said through may come between: still the day of the saying
    ("the spokesman said on Twitter on Friday", D(2017, 3, 17), "day", True),
    ("the ministry wrote in a statement on Tuesday", D(2017, 3, 14), "day", True),
    ("the governor posted on Telegram late Monday", D(2017, 3, 13), "day", True),
    ("jets struck the bridge on Twitter Street on Monday", D(2017, 3, 13), "day", False),
    ("killed in an airstrike in late February", D(2017, 2, 1), "month", False),
    ("August 1982: Eight people killed at a welding shop.", D(1982, 8, 1), "month", False),
    ("In the summer of 2013, he went on a rampage.", D(2013, 6, 1), "year", False),
    ("a man was shot overnight", D(2017, 3, 17), "day", False),
    ("Forces detained two insurgents during an overnight operation.", D(2017, 3, 17), "day", False),
    ("captured a leader during an overnight operation Monday", D(2017, 3, 13), "day", False),   # the day is named
    ("the toll climbed to 40 on Wednesday", D(2017, 3, 15), "day", True),
    ("an airstrike earlier this year", D(2017, 1, 1), "year", False),     # a tally's words to the scope rules
    ("a strike last month", D(2017, 2, 1), "month", False),
])
def test_one_date_mention(text, date, precision, said):
    (m,) = date_mentions(text, D(2017, 3, 17))
    assert (m.date, m.precision, m.about_statement) == (date, precision, said)


@pytest.mark.parametrize("text,kinds", [
    ("He pleaded guilty on Monday to killing two men on March 3.", [(True, False), (False, False)]),
    ("The attack on Tuesday killed four.", [(False, False)]),
    ("a commander responsible for Tuesday's attack", [(False, True)]),
    # the condemnation is said on a day, but "Wednesday's attack" is the attack's day
    ("The envoy condemned Wednesday's attack on the market.", [(False, False)]),
])
def test_statement_and_deed_days(text, kinds):
    assert [(m.about_statement, m.background) for m in date_mentions(text, D(2012, 6, 21))] == kinds


def test_rules_and_tiers_have_unique_ids():
    ids = [r.id for r in RELATIVE] + [t.id for t in DATE_TIERS]
    assert len(ids) == len(set(ids))
    fled, raid = date_mentions("Residents fled on Friday, two days after the raid.", THURSDAY)
    assert (fled.rule, fled.date, fled.about_statement) == ("weekday", D(2021, 6, 11), True)
    assert (raid.rule, raid.date, raid.names_attack) == ("days-after-attack", D(2021, 6, 9), True)


JUNE_2021, YEAR_2021 = (D(2021, 6, 1), "month"), (D(2021, 1, 1), "year")


@pytest.mark.parametrize("text,published,date,precision", [
    # a page that states only its month: a day and month take that month's year
    ("Gunmen killed 40 villagers on June 5 in the north of the country.", JUNE_2021, D(2021, 6, 5), "day"),
    ("Gunmen killed 40 villagers on 5 June in the north of the country.", JUNE_2021, D(2021, 6, 5), "day"),
    # ... the latest such day not after the month's end: December told in January is the year before
    ("Jets bombed the market on December 28, killing twelve traders.", (D(2022, 1, 1), "month"),
     D(2021, 12, 28), "day"),
    # ... a page that states only its year: any month of that year
    ("Jets bombed the market on November 3, killing twelve traders.", YEAR_2021, D(2021, 11, 3), "day"),
    # a weekday or "yesterday" cannot be told from a month: never pinned to its first day
    ("Gunmen killed 40 villagers on Saturday in the north of the country.", JUNE_2021, D(2021, 6, 1), "month"),
    ("Gunmen killed 40 villagers yesterday in the north of the country.", JUNE_2021, D(2021, 6, 1), "month"),
    ("Gunmen killed 40 villagers on Saturday in the north of the country.", YEAR_2021, D(2021, 1, 1), "year"),
    # a weekday beside a day the sentence names is not that day's ("on Saturday ... on June 5")
    ("On Saturday the ministry said gunmen killed 40 villagers on June 5.", JUNE_2021, D(2021, 6, 5), "day"),
    # relative periods a month still tells
    ("An airstrike on the camp last month killed 30 people, officials said.", JUNE_2021, D(2021, 5, 1), "month"),
])
def test_incident_date_against_a_publication_month_or_year(gaz, text, published, date, precision):
    report = Report(id=1, text=text, published=published[0], published_precision=published[1])
    facts = extract(report, gaz)
    assert (facts.date, facts.date_precision) == (date, precision), facts.date_source


def test_a_day_in_the_publication_month_is_no_stamp():
    """With a day-precision page, "June 1, 2021" alone is its dateline; with a month, the 1st is
    not the page's day, so a first of the month the text names is a day like any other."""
    (day,) = date_mentions("KABUL, June 1, 2021 Gunmen killed 40 villagers.", *JUNE_2021)
    (stamp,) = date_mentions("KABUL, June 1, 2021 Gunmen killed 40 villagers.", D(2021, 6, 1))
    assert (day.about_statement, stamp.about_statement) == (False, True)
