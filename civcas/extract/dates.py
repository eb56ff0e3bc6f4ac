"""Dates in a report: relative days and explicit dates resolved against the publication date,
with their precision; the incident date is the best-supported one, not the publication date."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

WEEKDAYS = [d.lower() for d in calendar.day_name]
MONTHS = [m.lower() for m in calendar.month_name if m]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_MONTH_RE = "|".join(MONTHS + [m[:3] for m in MONTHS if m != "may"] + ["sept"])

DATE_EXPRESSION = re.compile(
    rf"\b(?P<explicit>(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_RE})\.?(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b"
    rf"|\b(?P<weekday>{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?P<yesterday>yesterday|last\s+night)\b"
    rf"|\b(?P<today>today|this morning|tonight|earlier today|overnight)\b"
    rf"|\b(?P<lastweek>last week)\b"
    rf"|\b(?P<lastmonth>last month)\b"
    rf"|\b(?:(?:in|early|late|mid|since|during|until)[\s-]+(?:in\s+)?)(?P<month>{'|'.join(m.capitalize() for m in MONTHS)})"
    rf"(?:\s+(?P<y3>(?:19|20)\d\d))?\b"
    rf"|\b(?P<monthyear>{'|'.join(m.capitalize() for m in MONTHS)})\s+(?P<y4>(?:19|20)\d\d)\b"
    rf"|\b(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<y5>(?:19|20)\d\d)\b"
    rf"|\b(?P<monthadj>{'|'.join(m.capitalize() for m in MONTHS)})(?=\s+(?:clash|strike|attack|raid|bombing|offensive))",
    re.IGNORECASE)

# "KABUL, Afghanistan (Jan. 25, 2013)": a written-out publication date without "on" is the
# report's stamp (a dateline or header), not the day of the event.
ON_BEFORE = re.compile(r"\b(?:on|since|until|by|from|of)\s+$", re.IGNORECASE)
REPORTING_AFTER = re.compile(r"\s*(?:said|says|announced|confirmed|reported|released|stated|told)\b", re.IGNORECASE)
# "was charged Monday", "pleaded guilty Tuesday", "returned to court today": the day of a step in the
# case, not of the incident (like the day something was said).
PROCEEDING_BEFORE = re.compile(r"\b(?:charged|arraigned|sentenced|pleaded|pled|indicted|convicted|acquitted|"
                               r"extradited|court|trial|hearing|verdict|testified|ruled|appeared|guilty)"
                               r"\W+(?:[\w'’-]+\W+){0,3}$", re.IGNORECASE)
REPORTING_BEFORE = re.compile(r"(?:said|says|announced|statement|told reporters|reported|added|confirmed|stated|"
                              r"released|issued)\s*$", re.IGNORECASE)


# "responsible for Tuesday's attack", "who conducted the Dec. 2 attack", "an attack Jan. 7": the
# day of someone's earlier deed, told as background to the news.
DEED_BEFORE = re.compile(r"\b(?:responsible\s+for|conducted|carried\s+out|linked\s+to|involved\s+in|planned|"
                         r"behind|accused\s+of)\b[^.;]{0,40}$", re.IGNORECASE)
DEED_NOUN = r"(?:attacks?|bombings?|ambush(?:es)?|assaults?|murders?|killings?|kidnappings?)"
DEED_AROUND = re.compile(rf"^(?:['’]s)?\s+(?:\S+\s+){{0,2}}{DEED_NOUN}\b|{DEED_NOUN}\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date
    precision: str
    text: str
    about_statement: bool     # "said Friday", a dateline: the day something was said, not the event
    background: bool = False  # the day of an earlier deed someone is responsible for


def _weekday_before(published: dt.date, weekday: int) -> dt.date:
    """The latest such weekday on or before publication ("Friday" in a Friday paper is that day)."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _month_year(published: Optional[dt.date], month: int, year: Optional[str]) -> Optional[int]:
    if year:
        return int(year)
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


def date_mentions(text: str, published: Optional[dt.date]) -> list[DateMention]:
    """Every resolvable date expression in `text` (a sentence or a report). "Overnight" tells the
    time of day: beside a named day ("an overnight operation Monday") the day is that one."""
    out = []
    for m in DATE_EXPRESSION.finditer(text):
        date, precision = _resolve(m, published)
        if date is None:
            continue
        before = text[max(0, m.start() - 30):m.start()]
        stamp = bool(m.group("explicit")) and date == published and not ON_BEFORE.search(before)
        said = REPORTING_BEFORE.search(before) or REPORTING_AFTER.match(text, m.end()) or \
            PROCEEDING_BEFORE.search(text[max(0, m.start() - 50):m.start()])
        deed = bool(DEED_BEFORE.search(text[max(0, m.start() - 60):m.start()])) and bool(
            DEED_AROUND.search(text[m.end():m.end() + 40]) or DEED_AROUND.search(before))
        out.append(DateMention(m.start(), m.end(), date, precision, m.group(0), stamp or bool(said), deed))
    named_day = any(d.precision == "day" and not d.about_statement and d.text.lower() != "overnight" for d in out)
    return [d for d in out if not (named_day and d.text.lower() == "overnight")]


LEAD_CHARS = 500     # a headline, a dateline and the first sentence or two


def reference_date(text: str) -> Optional[dt.date]:
    """For a report with no publication date (pasted text, a corpus without metadata): the first
    full date with its year in its lead (a header date, a dateline, "on Sunday, February 1,
    2009"), so that "Tuesday" and "yesterday" can still be resolved, near enough."""
    for m in DATE_EXPRESSION.finditer(text[:LEAD_CHARS]):
        if m.group("y1") or m.group("y2"):
            date, _ = _resolve(m, None)
            if date:
                return date
    return None


def _resolve(m: re.Match, published: Optional[dt.date]) -> tuple[Optional[dt.date], str]:
    g = m.groupdict()
    if g["explicit"]:
        month = _MONTH_ABBR[(g["m1"] or g["m2"]).lower()[:3]]
        day = int(g["d1"] or g["d2"])
        year = _month_year(published, month, g["y1"] or g["y2"])
        try:
            return (dt.date(year, month, day), "day") if year else (None, "")
        except ValueError:
            return None, ""
    if published is None:
        return None, ""
    if g["weekday"]:
        return _weekday_before(published, WEEKDAYS.index(g["weekday"].lower())), "day"
    if g["yesterday"]:
        return published - dt.timedelta(days=1), "day"
    if g["today"]:
        return published, "day"
    if g["lastweek"]:
        return published - dt.timedelta(days=7), "week"
    if g["lastmonth"]:
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), "month"
    if g["season"]:            # "the summer of 2013": that year, from the season's first month
        return dt.date(int(g["y5"]), SEASON_START[g["season"].lower()], 1), "year"
    name = g["month"] or g["monthadj"] or g["monthyear"]
    if name:
        month = MONTHS.index(name.lower()) + 1
        return dt.date(_month_year(published, month, g["y3"] or g["y4"]), month, 1), "month"
    return None, ""


def same_period(a: dt.date, a_precision: str, b: dt.date) -> bool:
    """Whether date b falls in the period that (a, precision) stands for."""
    if a_precision == "day":
        return abs((a - b).days) <= 1
    if a_precision == "week":
        return abs((a - b).days) <= 7
    if a_precision == "month":
        return (a.year, a.month) == (b.year, b.month)
    return a.year == b.year
