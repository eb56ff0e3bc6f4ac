"""Dates in a report: relative days and explicit dates resolved against the publication date,
with their precision; the incident date is the best-supported one, not the publication date.

A night is dated by the day it began ("the night of 3 to 4 July" is 3 July, "Saturday into Sunday"
is Saturday), as monitors date a night attack; "overnight" alone in a report is the night that
ends on its publication day, and "the early hours of Sunday" are Sunday."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

from civcas.extract import crime_news
from civcas.extract.numbers import UNITS
from civcas.model import Report, period_end

WEEKDAYS = [d.lower() for d in calendar.day_name]
MONTHS = [m.lower() for m in calendar.month_name if m]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_MONTH_RE = "|".join(MONTHS + [m[:3] for m in MONTHS if m != "may"] + ["sept"])
_WEEKDAY_RE = "|".join(WEEKDAYS)
_ORDINAL = r"(?:st|nd|rd|th)?"
# "3 to 4 July", "July 3-4": a span of days is dated by its first
_DAY_SPAN = rf"(?:\s*(?:-|–|to|into)\s*\d{{1,2}}{_ORDINAL})?"

DATE_EXPRESSION = re.compile(
    rf"\b(?P<explicit>(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}}){_ORDINAL}{_DAY_SPAN}(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<d2>\d{{1,2}}){_ORDINAL}{_DAY_SPAN}\s+(?P<m2>{_MONTH_RE})\.?(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b"
    rf"|\b(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))\b"
    rf"|\b(?P<numeric>(?P<na>\d{{1,2}})(?P<sep>[/.-])(?P<nb>\d{{1,2}})(?P=sep)(?P<ny>(?:19|20)\d\d))\b"
    # "Saturday night into Sunday": the night is Saturday's
    rf"|\b(?P<weekday>{_WEEKDAY_RE})\b(?:(?:\s+night)?\s+(?:to|into)\s+(?:early\s+)?(?:{_WEEKDAY_RE})\b)?"
    rf"|\b(?:(?:in|early|late|mid|since|during|until)[\s-]+(?:in\s+)?)(?P<month>{'|'.join(m.capitalize() for m in MONTHS)})"
    rf"(?:\s+(?P<y3>(?:19|20)\d\d))?\b"
    rf"|\b(?P<monthyear>{'|'.join(m.capitalize() for m in MONTHS)})\s+(?P<y4>(?:19|20)\d\d)\b"
    rf"|\b(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<y5>(?:19|20)\d\d)\b"
    rf"|\b(?P<monthadj>{'|'.join(m.capitalize() for m in MONTHS)})(?=\s+(?:clash|strike|attack|raid|bombing|offensive))",
    re.IGNORECASE)
WEEKDAY_OF_DATE = re.compile(r",?\s+")     # between "Wednesday" and "July 27, 2016"
_KIND_OF_EXPRESSION = ("explicit", "iso", "numeric", "weekday", "month", "monthyear", "season", "monthadj")

# what war reports call the attack itself ("Tuesday's strike", "the strike on 17 March")
ATTACK_NOUN = (r"(?:(?:air\s*)?strikes?|airstrikes?|(?:air\s+)?raids?|attacks?|bombings?|bombardments?|shelling|"
               r"explosions?|blasts?|massacres?|assaults?|ambush(?:es)?|shootings?|missile\s+strikes?|"
               r"drone\s+strikes?|barrage)")
_COUNT = r"a|an|one|the|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}"
# right after "a day after": the attack ("a day after the strike"), or the end of the phrase
# ("The morning after, ..."); not "the day after the election"
_AFTER_THE_ATTACK = rf"(?=\s*[,.;]|\s+(?:the|this|that|an?|its)\s+(?:[\w-]+\s+){{0,2}}?{ATTACK_NOUN}\b)"


@dataclass(frozen=True)
class Relative:
    """A phrase that names a period by its distance in days from an anchor: "published" (the
    report's day), "week" (the Monday of the report's week), "weekend" (the Saturday on or before
    it), "previous-month" (the first of the month before), "year" (January 1 of its year) or
    "sentence" (a day the same sentence names: "marched on Sunday against a strike a day earlier").
    A `count` group in the pattern multiplies the days ("two days ago"); `cues` are words without
    which the pattern cannot match (a cheap test before the expression)."""
    id: str
    pattern: str
    days: int
    precision: str
    anchor: str
    cues: tuple[str, ...]


#: Relative expressions, each measurable alone by its id (a mention carries it as `rule`).
RELATIVE = (
    Relative("day-before-yesterday", r"\bthe\s+day\s+before\s+yesterday\b", -2, "day", "published", ("yesterday",)),
    Relative("yesterday", r"\b(?:yesterday|last\s+night)\b", -1, "day", "published", ("yesterday", "night")),
    Relative("today", r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today|at\s+dawn)\b",
             0, "day", "published", ("today", "this", "tonight", "dawn")),
    Relative("overnight", r"\bovernight\b", 0, "day", "published", ("overnight",)),
    Relative("days-ago", rf"\b(?P<count>{_COUNT})\s+days?\s+ago\b", -1, "day", "published", ("ago",)),
    Relative("this-week", r"\b(?:earlier\s+)?this\s+week\b", 0, "week", "week", ("week",)),
    Relative("last-week", r"\blast\s+week\b", -7, "week", "published", ("week",)),
    Relative("weekend", r"\b(?:last|this|over\s+the|at\s+the)\s+weekend\b", 0, "week", "weekend", ("weekend",)),
    Relative("last-month", r"\blast\s+month\b", 0, "month", "previous-month", ("month",)),
    Relative("this-year", r"\b(?:earlier\s+)?this\s+year\b", 0, "year", "year", ("year",)),
    # the attack told from the sentence's day: "a day after the strike", "the morning after"
    Relative("days-after-attack", rf"\b(?P<count>{_COUNT})\s+days?\s+after{_AFTER_THE_ATTACK}", -1, "day", "sentence",
             ("after",)),
    Relative("morning-after-attack", rf"\bthe\s+(?:morning|night|evening)\s+after{_AFTER_THE_ATTACK}", -1, "day",
             "sentence", ("after",)),
    Relative("attack-days-before", rf"\b{ATTACK_NOUN}\s+(?:[\w-]+\s+){{0,3}}?(?:(?P<count>{_COUNT})\s+days?\s+"
             rf"(?:earlier|before|prior)|the\s+(?:previous|preceding)\s+(?:day|night))\b", -1, "day", "sentence",
             ("earlier", "before", "prior", "previous", "preceding")),
    Relative("previous-day-attack", rf"\bthe\s+(?:previous|preceding)\s+(?:day|night)['’]s\s+(?:[\w-]+\s+){{0,2}}?"
             rf"{ATTACK_NOUN}\b", -1, "day", "sentence", ("previous", "preceding")),
)
_RELATIVE_RE = [(rule, re.compile(rule.pattern, re.IGNORECASE)) for rule in RELATIVE]

# "KABUL, Afghanistan (Jan. 25, 2013)": a written-out publication date without "on" is the
# report's stamp (a dateline or header), not the day of the event.
ON_BEFORE = re.compile(r"\b(?:on|since|until|by|from|of)\s+$", re.IGNORECASE)
REPORTING_AFTER = re.compile(r"\s*(?:said|says|announced|confirmed|reported|released|stated|told)\b", re.IGNORECASE)
# "said Friday", "announced early Sunday", "claimed responsibility early on Friday", "said on Twitter on
# Saturday", "wrote in a statement on Monday": the channel it was said through may come between
SAID_THROUGH = (r"(?:\s+(?:on|in|via|to)\s+(?:an?\s+|the\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+)?"
                r"(?:twitter|x|facebook|telegram|instagram|social\s+media|statement|post|interview|briefing|"
                r"reporters|journalists|television|tv|radio))?")
REPORTING_BEFORE = re.compile(r"(?:said|says|announced|statement|told reporters|reported|added|confirmed|stated|"
                              r"released|issued|wrote|posted|tweeted|claim(?:ed|s)(?:\s+responsibility)?)"
                              + SAID_THROUGH + r"(?:\s+(?:on|early|late|earlier|later))*\s*$", re.IGNORECASE)
# "rose to 75 as of Thursday", "the toll climbed to 40 on Monday": the day of a count
TALLY_BEFORE = re.compile(r"\bas\s+of\s+$|\btoll\b[^.;]{0,40}\b(?:rose|risen|climbed|reached|stood|jumped|"
                          r"increased)\b[^.;]{0,30}$", re.IGNORECASE)
# "Tuesday's strike", "the March 18, 2019, strike", "a January 3 French military airstrike": the date
# names the attack; "said on Tuesday that airstrikes ..." does not
NAMES_ATTACK_AFTER = re.compile(rf"^(?:['’]s|,)?\s+(?:(?!(?:in|an?|the|that|by|of|on|at|when|as|and|after|before|"
                                rf"was|were|is)\b)[\w-]+\s+){{0,3}}?{ATTACK_NOUN}\b", re.IGNORECASE)
# "the strike on 17 March", "the attack, which took place in the early hours of Jan. 7", "an air
# strike on the town early Friday", "missiles struck the village on Sunday"
ATTACK_VERB = r"(?:struck|hit|bombed|shelled|pounded|raided|attacked|targeted)"
NAMES_ATTACK_BEFORE = re.compile(rf"\b(?:{ATTACK_NOUN}|{ATTACK_VERB})\b(?:,\s+which\b)?[^.;,]{{0,60}}?"
                                 rf"\b(?:on|of|early|late)\s+(?:the\s+)?"
                                 rf"(?:(?:night|morning|evening|afternoon|early\s+hours)\s+of\s+)?"
                                 rf"(?:(?:early|late)\s+)?$", re.IGNORECASE)


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
    about_statement: bool     # "said Friday", a dateline, a count's day, the day of what followed the attack
    background: bool = False  # the day of an earlier deed someone is responsible for
    names_attack: bool = False  # "Tuesday's strike", "the strike on 17 March", "a day after the strike"
    rule: str = ""            # the expression that found it: a kind of DATE_EXPRESSION or a RELATIVE id


def _weekday_before(published: dt.date, weekday: int) -> dt.date:
    """The latest such weekday on or before publication ("Friday" in a Friday paper is that day)."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


@dataclass(frozen=True)
class Anchor:
    """What a report's dates without a year, and its relative ones, are counted from: its
    publication day, or only the month or year a page states ("June 2021"), held as the
    period's first day. A month tells the year of "5 June" (the latest not after the month's
    end) but not which Saturday "Saturday" was: `day` is None unless the day is known."""
    date: dt.date
    precision: str = "day"

    @property
    def day(self) -> Optional[dt.date]:
        return self.date if self.precision == "day" else None

    @property
    def end(self) -> dt.date:
        return period_end(self.date, self.precision)


def anchor(published: Optional[dt.date], precision: str = "day") -> Optional[Anchor]:
    return Anchor(published, precision) if published else None


def report_anchor(report: Report, reference: Callable[[str], Optional[dt.date]]) -> Optional[Anchor]:
    """A report's anchor: its publication date as far as it is known, or else the day `reference`
    (a reader's first full date of the lead) finds in its text."""
    return anchor(report.published, report.published_precision) or anchor(reference(report.text))


def reference_args(at: Optional[Anchor]) -> tuple[Optional[dt.date], str]:
    """An anchor as the (published, precision) the date readers take."""
    return (at.date, at.precision) if at else (None, "day")


def _previous_month(a: Anchor) -> Optional[dt.date]:
    return None if a.precision == "year" else (a.date.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


#: Where each kind of relative phrase counts from; None when the anchor does not tell it.
_ANCHORS = {
    "published": lambda a: a.day,
    "week": lambda a: a.day and a.day - dt.timedelta(days=a.day.weekday()),
    "weekend": lambda a: a.day and _weekday_before(a.day, 5),
    "previous-month": _previous_month,
    "year": lambda a: a.date.replace(month=1, day=1),
}


def _month_year(published: Optional[dt.date], month: int, year: Optional[str]) -> Optional[int]:
    """The year of a month named without one: the latest not after `published` (an anchor's end)."""
    if year:
        return int(year)
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    text: str
    date: Optional[dt.date]   # None for a day told from the sentence's day, until it is anchored
    precision: str
    rule: str
    days_from_sentence: int = 0


def _expressions(text: str, published: Optional[Anchor]) -> list[_Found]:
    """Date expressions and relative phrases, the longer kept where two overlap ("the day before
    yesterday" is not also "yesterday")."""
    found: list[_Found] = []
    for m in DATE_EXPRESSION.finditer(text):
        date, precision = _resolve(m, published)
        kind = next(k for k in _KIND_OF_EXPRESSION if m.group(k))
        weekday = found[-1] if found and found[-1].rule == "weekday" else None
        if kind == "explicit" and weekday and WEEKDAY_OF_DATE.fullmatch(text, weekday.end, m.start()):
            found.pop()          # "Wednesday, July 27, 2016": one date (a header stays a stamp)
            found.append(_Found(weekday.start, m.end(), text[weekday.start:m.end()], date, precision, kind))
            continue
        found.append(_Found(m.start(), m.end(), m.group(0), date, precision, kind))
    lowered = text.lower()
    for rule, pattern in _RELATIVE_RE:
        if not any(cue in lowered for cue in rule.cues):
            continue
        for m in pattern.finditer(text):
            count = (m.groupdict().get("count") or "1").lower()
            days = rule.days * (int(count) if count.isdigit() else UNITS.get(count, 1))
            if rule.anchor == "sentence":
                found.append(_Found(m.start(), m.end(), m.group(0), None, rule.precision, rule.id, days))
            elif published is not None and (start := _ANCHORS[rule.anchor](published)):
                found.append(_Found(m.start(), m.end(), m.group(0), start + dt.timedelta(days=days), rule.precision,
                                    rule.id))
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    # an expression the anchor cannot resolve ("Saturday" without a day to count from) dates nothing
    return sorted((f for f in kept if f.date is not None or f.rule not in _KIND_OF_EXPRESSION), key=lambda f: f.start)


def _in_context(text: str, f: _Found, date: dt.date, published: Optional[Anchor]) -> DateMention:
    """A date expression read with the words around it: a stamp, the day something was said or
    counted, someone's deed, or the attack's own day."""
    before, after = text[max(0, f.start - 30):f.start], text[f.end:f.end + 40]
    stamp = f.rule in ("explicit", "iso", "numeric") and published is not None and date == published.day \
        and not ON_BEFORE.search(before)
    said = bool(REPORTING_BEFORE.search(text[max(0, f.start - 50):f.start]) or REPORTING_AFTER.match(text, f.end) or
                crime_news.COURT_STEP_BEFORE.search(text[max(0, f.start - 50):f.start]) or
                TALLY_BEFORE.search(text[max(0, f.start - 80):f.start]))
    names_attack = bool(NAMES_ATTACK_AFTER.match(after) or
                        (not said and NAMES_ATTACK_BEFORE.search(text[max(0, f.start - 80):f.start])))
    deed = bool(DEED_BEFORE.search(text[max(0, f.start - 60):f.start])) and bool(
        DEED_AROUND.search(after) or DEED_AROUND.search(before))
    return DateMention(f.start, f.end, date, f.precision, f.text, (stamp or said) and not names_attack, deed,
                       names_attack and not deed, f.rule)


def date_mentions(text: str, published: Optional[dt.date], precision: str = "day") -> list[DateMention]:
    """Every resolvable date expression in `text` (a sentence or a report), against a publication
    date known to the day, month or year (`precision`). "Overnight" tells the
    time of day: beside a named day ("an overnight operation Monday") the day is that one.

    A day told from the sentence's day ("marched on Sunday against a strike a day earlier") is
    counted from the nearest day the sentence names, and dates the attack: that other day is the
    day of what followed. When that other day is itself an attack's ("missiles struck the funeral
    on Sunday of men killed in a strike the day before"), the phrase tells of an earlier one and
    is a plain mention. Without such a day the phrase dates nothing."""
    at = anchor(published, precision)
    found = _expressions(text, at)
    dated = {f.start: _in_context(text, f, f.date, at) for f in found if f.date is not None}
    days = [m for m in dated.values() if m.precision == "day"]
    told_from_sentence = []
    for f in found:
        nearest = min(days, key=lambda a: abs(a.start - f.start), default=None) if f.date is None else None
        if nearest is None:
            continue
        date = nearest.date + dt.timedelta(days=f.days_from_sentence)
        told_from_sentence.append(DateMention(f.start, f.end, date, f.precision, f.text, False, False,
                                              not nearest.names_attack, f.rule))
        if not nearest.names_attack:
            dated[nearest.start] = replace(nearest, about_statement=True)
    out = sorted(list(dated.values()) + told_from_sentence, key=lambda m: m.start)
    named_day = any(d.precision == "day" and not d.about_statement and d.rule != "overnight" for d in out)
    return [d for d in out if not (named_day and d.rule == "overnight")]


LEAD_CHARS = 500     # a headline, a dateline and the first sentence or two


def reference_date(text: str) -> Optional[dt.date]:
    """For a report with no publication date (pasted text, a corpus without metadata): the first
    full date with its year in its lead (a header date, a dateline, "on Sunday, February 1,
    2009"), so that "Tuesday" and "yesterday" can still be resolved, near enough."""
    for m in DATE_EXPRESSION.finditer(text[:LEAD_CHARS]):
        if m.group("y1") or m.group("y2") or m.group("iso") or m.group("numeric"):
            date, _ = _resolve(m, None)
            if date:
                return date
    return None


def _day(year: int, month: int, day: int) -> Optional[dt.date]:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric(a: int, b: int, year: int, published: Optional[Anchor]) -> Optional[dt.date]:
    """"17/03/2017" or "03/17/2017": the reading that is a date; when both are, the later one on or
    before publication (none without a publication date: an ambiguous day is no day)."""
    readings = {d for d in (_day(year, b, a), _day(year, a, b)) if d}
    if len(readings) == 1:
        return readings.pop()
    if published is None:
        return None
    return max((d for d in readings if d <= published.end), default=None)


def _resolve(m: re.Match, published: Optional[Anchor]) -> tuple[Optional[dt.date], str]:
    g = m.groupdict()
    end = published.end if published else None
    if g["explicit"]:
        month = _MONTH_ABBR[(g["m1"] or g["m2"]).lower()[:3]]
        year = _month_year(end, month, g["y1"] or g["y2"])
        date = _day(year, month, int(g["d1"] or g["d2"])) if year else None
        return date, "day" if date else ""
    if g["iso"] or g["numeric"]:
        date = _day(int(g["iy"]), int(g["im"]), int(g["id"])) if g["iso"] else \
            _numeric(int(g["na"]), int(g["nb"]), int(g["ny"]), published)
        return date, "day" if date else ""
    if published is None:
        return None, ""
    if g["weekday"]:
        if published.day is None:       # "Saturday" in a page of June 2021: which one is not told
            return None, ""
        return _weekday_before(published.day, WEEKDAYS.index(g["weekday"].lower())), "day"
    if g["season"]:            # "the summer of 2013": that year, from the season's first month
        return dt.date(int(g["y5"]), SEASON_START[g["season"].lower()], 1), "year"
    name = g["month"] or g["monthadj"] or g["monthyear"]
    month = MONTHS.index(name.lower()) + 1
    return dt.date(_month_year(end, month, g["y3"] or g["y4"]), month, 1), "month"


def same_period(a: dt.date, a_precision: str, b: dt.date) -> bool:
    """Whether date b falls in the period that (a, precision) stands for."""
    if a_precision == "day":
        return abs((a - b).days) <= 1
    if a_precision == "week":
        return abs((a - b).days) <= 7
    if a_precision == "month":
        return (a.year, a.month) == (b.year, b.month)
    return a.year == b.year
