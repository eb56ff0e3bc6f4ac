"""Assessment rules, one by one, on hand-built claims and statements."""
import datetime as dt

import pytest

from civcas.assess import _date, civilian_deaths, disputed, grade
from civcas.model import Claim, ReportFacts, Statement


def claim(population, lo, hi=None, claimant_type="monitor", scope="incident", kind="killed", parties=(), report=1,
          claimant="someone"):
    return Claim(kind, population, lo, hi, str(lo), claimant, claimant_type, "asserts", scope, "s", 0, 1,
                 report_id=report, parties=list(parties))


def test_civilian_deaths_rule():
    claims = [claim("unspecified", 24), claim("unspecified", 46), claim("unspecified", 45, 55),
              claim("fighters", 40, claimant_type="belligerent"), claim("civilians", 939, scope="cumulative"),
              claim("unspecified", 300, kind="present")]
    assert civilian_deaths(claims) == (24, 55)          # no civilian figure: unstated ones set the min too
    claims.append(claim("civilians", 28))
    assert civilian_deaths(claims) == (28, 55)          # a civilian figure sets the min
    assert civilian_deaths([claim("fighters", 3)]) == (None, None)


def test_grades_in_order():
    groups = {1: 1, 2: 2}
    us = {"United States"}
    assert grade([claim("fighters", 5)], [], us, groups, set())[0] == "Discounted"
    acknowledges = Statement("United States", "acknowledges", "the Pentagon", "s", 0, 1, about_civilians=True)
    assert grade([claim("civilians", 5)], [acknowledges], us, groups, set())[0] == "Confirmed"
    rivals = [claim("civilians", 5, parties=["Russia"]), claim("civilians", 7, parties=["Syrian government"])]
    assert grade(rivals, [], {"Russia"}, groups, set())[0] == "Contested"
    joint = [claim("civilians", 5, parties=["Russia", "Syrian government"]), claim("civilians", 7, parties=["Russia"])]
    assert grade(joint, [], {"Russia"}, groups, set())[0] != "Contested"
    assert grade([claim("civilians", 5)], [], us, groups, {1, 2})[0] == "Fair"
    assert grade([claim("civilians", 5)], [], us, {1: 1, 2: 1}, {1})[0] == "Weak"
    tally = [claim("civilians", 220, claimant_type="belligerent", scope="cumulative")]
    assert grade(tally + [claim("unspecified", 4)], [], us, {1: 1}, {1})[0] == "Weak"


def test_disputed():
    denial = Statement("United States", "denies", "officials", "s", 0, 1, about_civilians=True)
    assert disputed([claim("unspecified", 46)], [denial], {"United States"})
    assert disputed([claim("unspecified", 46), claim("fighters", 24, claimant_type="belligerent")], [], {"United States"})
    assert not disputed([claim("unspecified", 46)], [], {"United States"})


@pytest.mark.parametrize("sentence_claims, expected_min", [
    ([(23, "civilians"), (7, "children")], 23),          # "23 civilians, including seven children"
    ([(12, "civilians"), (5, "women")], 12),              # "killed 12 civilians, among them five women"
    ([(12, "unspecified"), (1, "children")], 1),          # "killed 12 people, including a girl": one civilian named
    ([(24, "unspecified"), (46, "unspecified")], 24),     # two accounts in one sentence: neither is a part
])
def test_a_sentences_parts_are_no_lower_bound_of_the_civilian_dead(sentence_claims, expected_min):

    claims = [Claim("killed", population, n, n, str(n), "rescuers", "local", "asserts", "incident",
                    "the one sentence", 0, 10, report_id=1) for n, population in sentence_claims]
    other = Claim("killed", "civilians", 20, 20, "20", "medics", "medical", "asserts", "incident", "another", 0, 5,
                  report_id=2)
    assert civilian_deaths(claims)[0] == expected_min
    assert civilian_deaths(claims + [other])[0] == min(expected_min, 20)   # another report's whole counts


@pytest.mark.parametrize("claimant, is_disputed", [
    ("the Myanmar military", True),       # the alleged striker says the dead were fighters
    ("a KIA spokesman", False),           # the victims' side counts its own fighters among the dead
])
def test_only_the_striker_side_disputes(claimant, is_disputed):
    claims = [claim("civilians", 30), claim("fighters", 20, claimant_type="belligerent", claimant=claimant)]
    assert disputed(claims, [], {"Myanmar"}) is is_disputed


def test_an_incident_is_dated_by_its_reports_finest_dates():
    """Two reports dated only by their page's month do not outvote one that gives the week."""
    month = [ReportFacts(report_id=i, date=dt.date(2021, 6, 1), date_precision="month", date_source="publication")
             for i in (1, 2)]
    week = ReportFacts(report_id=3, date=dt.date(2021, 6, 7), date_precision="week", date_source="publication")
    assert _date(month + [week])[:2] == (dt.date(2021, 6, 7), "week")
