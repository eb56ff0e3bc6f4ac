"""The data model every stage imports: plain dataclasses and the project's vocabularies; the
files it reads are the actors list and the countries' people's words (package data), the
vocabulary of parties.

Stages exchange these objects (through the store), never each other's internals, so the
vocabulary below is the contract: later issues extend it here rather than forking it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Optional

# --- vocabularies -----------------------------------------------------------------------------

CLAIM_KINDS = ("killed", "wounded", "missing", "present")
POPULATIONS = ("civilians", "children", "women", "men", "fighters", "soldiers", "police", "unspecified")
#: Populations that count as civilians in the assessment (children and women included).
CIVILIAN_POPULATIONS = ("civilians", "children", "women")
CLAIMANT_TYPES = ("monitor", "belligerent", "government", "official", "local", "medical", "journalist", "unnamed")
STANCES = ("asserts", "denies", "acknowledges", "may_have")
SCOPES = ("incident", "other", "cumulative")
PROVENANCE_RELATIONS = ("copy", "reuse", "translated", "version")
#: Relations that make two reports one source: a copy, a translation of another language's
#: report that repeats its figures, place, date and sources (`civcas.provenance.translation`),
#: and a later version of the same URL (`Store.add_report_version`).
SAME_SOURCE = ("copy", "translated", "version")
DATE_PRECISIONS = ("day", "week", "month", "year")
PLACE_PRECISIONS = ("point", "admin2", "admin1", "country")
MEANS = ("airstrike", "drone strike", "artillery", "shelling", "IED", "suicide bombing", "ground raid",
         "shooting", "other")
GRADES = ("Discounted", "Confirmed", "Contested", "Fair", "Weak")
ROLES = ("viewer", "analyst", "admin")
#: Incident fields an analyst can set; a re-run of the pipeline recomputes the machine value
#: beside them but never replaces them.
OVERRIDABLE_FIELDS = ("grade", "date", "place")


#: The actors file (package data): every party civcas can name, with the rules that read them.
ACTORS_FILE = Path(__file__).parent / "extract" / "rules" / "actors.toml"
#: Its people's words for every country ([demonyms]): the states the actors file does not list.
PLACES_FILE = ACTORS_FILE.with_name("places.toml")
ACTOR_KINDS = ("state forces", "armed group", "coalition")


@dataclass(frozen=True)
class Party:
    """A party that can be alleged to have struck. A coalition and its lead state are one party
    (and an Islamic State province and the Islamic State): `lead` names the party it is folded into. `adjectives` and `names` name a state's
    forces only in a force phrase ("Nigerian air force", "Nigeria's army"); `aliases` anywhere."""
    name: str
    aliases: tuple[str, ...]
    lead: Optional[str] = None
    id: str = ""
    kind: str = "armed group"
    country: Optional[str] = None
    adjectives: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


def _load_parties() -> tuple[Party, ...]:
    with open(ACTORS_FILE, "rb") as handle:
        actors = tomllib.load(handle)
    listed = tuple(Party(row["name"], tuple(row.get("aliases", ())), row.get("lead"), row["id"], row["kind"],
                         row.get("country"), tuple(row.get("adjectives", ())), tuple(row.get("names", ())))
                   for row in actors["actor"])
    return listed + _open_states(listed, set(actors["states"]["exclude"]))


def _open_states(listed: tuple[Party, ...], exclude: set[str]) -> tuple[Party, ...]:
    """Every other state with a people's word (actors.toml [states]): its forces, named by its
    English name, read through that word and that name."""
    from babel import Locale
    with open(PLACES_FILE, "rb") as handle:
        demonyms = tomllib.load(handle)["demonyms"]["countries"]
    english = Locale("en").territories
    covered = {p.country for p in listed if p.kind in ("state forces", "coalition")} | exclude
    out = []
    for code, words in sorted(demonyms.items()):
        if code not in covered:
            name = english[code].replace("’", "'").replace(" & ", " and ")
            out.append(Party(name, (), None, f"state-{code.lower()}", "state forces", code, tuple(words), (name,)))
    return tuple(out)


#: The one documented list of belligerents, read from the actors file: the thirteen original
#: parties first, then states, armed groups and coalitions. Its aliases are matched
#: case-insensitively on word boundaries; adjectives count, as reports say "Russian jets". A
#: report may also name an armed body the list lacks: that name counts as written.
PARTIES: tuple[Party, ...] = _load_parties()
PARTY_BY_NAME = {p.name: p for p in PARTIES}
#: The coalition a bare "the coalition" means when a report names none explicitly.
DEFAULT_COALITION = "US-led coalition"


def fold_party(name: str) -> str:
    """The party a name counts as: a coalition is one party with its lead state."""
    party = PARTY_BY_NAME.get(name)
    return party.lead if party and party.lead else name


def leading(scores: Mapping[str, float], fold: Callable[[str], str] = lambda name: name,
            share: float = 0.5) -> list[str]:
    """Names whose group (by `fold`) scores at least `share` of the best group's score, best
    first; each group is named by its highest-scoring member. With `fold_party`, a coalition and
    its lead state are one party, named as the reports name it most."""
    groups: dict[str, float] = {}
    for name, score in scores.items():
        groups[fold(name)] = groups.get(fold(name), 0.0) + score
    if not groups:
        return []
    top = max(groups.values())
    return [max((n for n in scores if fold(n) == group), key=scores.get)
            for group, score in sorted(groups.items(), key=lambda kv: -kv[1]) if score >= share * top]


# --- records ----------------------------------------------------------------------------------

def content_hash(text: str) -> str:
    """Hash of a report's text with whitespace collapsed, so re-wrapped copies hash alike."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


_PERIOD_CHARS = {"day": 10, "month": 7, "year": 4}


def period_end(date: dt.date, precision: str) -> dt.date:
    """The last day of the period (date, precision) stands for ("June 2021" ends on June 30)."""
    if precision == "month":
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == "year":
        return date.replace(month=12, day=31)
    return date


def period_text(date: Optional[dt.date], precision: str = "day") -> Optional[str]:
    """A date as far as it is known, in ingest's form: "2021-06-05", "2021-06" or "2021" (what
    exports write, so a report keeps its precision from one database to the next)."""
    return date.isoformat()[:_PERIOD_CHARS[precision]] if date else None


def period_words(text: Optional[str], precision: Optional[str] = None) -> Optional[str]:
    """A `period_text`, or an ISO date of that precision, for people: a month as "June 2021"
    (never its first day, which is not known), a year as "2021", a day as written."""
    if text and precision == "year":
        return text[:_PERIOD_CHARS["year"]]
    if text and (precision == "month" or len(text) == _PERIOD_CHARS["month"]):
        return dt.date.fromisoformat(f"{text[:_PERIOD_CHARS['month']]}-01").strftime("%B %Y")
    return text


@dataclass
class Report:
    text: str
    outlet: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[dt.date] = None
    language: str = "en"
    origin_file: Optional[str] = None
    origin_line: Optional[int] = None
    id: Optional[int] = None
    warning: Optional[str] = None     # what reading it needed guessing (a low-confidence encoding)
    # A watched source's response as archived (civcas.archive): its "FILE#OFFSET" and body digest.
    archive_locator: Optional[str] = None
    archive_sha256: Optional[str] = None
    fetched_at: Optional[dt.datetime] = None
    previous_version_id: Optional[int] = None   # the earlier version of this URL, whose text differs
    superseded: bool = False                    # a newer version of this URL exists: history only
    withdrawn_at: Optional[dt.datetime] = None  # the URL answered 404/410 at a re-check
    # How much of `published` the page states: "day", or "month"/"year" (`published` is then the
    # period's first day, which is not the day it appeared).
    published_precision: str = "day"

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def published_before(self, other: "Report") -> Optional[bool]:
        """Whether this report appeared before `other`: True, False, or None when their dates
        cannot tell (unknown, or periods that overlap: June 2021 and 5 June 2021)."""
        if not self.published or not other.published:
            return None
        if period_end(self.published, self.published_precision) < other.published:
            return True
        if period_end(other.published, other.published_precision) < self.published:
            return False
        return None


@dataclass
class ProvenanceLink:
    """`copy`: most of the shorter report lies in the longer; `reuse`: ≥ 2 shared near-identical
    sentences. `source_id` is the earlier report when the direction can be inferred."""
    report_a: int
    report_b: int
    relation: str
    containment: float
    shared_sentences: list[tuple[int, int]] = field(default_factory=list)
    source_id: Optional[int] = None


@dataclass
class Claim:
    """One figure in one sentence of one report; `start`/`end` are character offsets in the text."""
    kind: str
    population: str
    min: int
    max: Optional[int]
    qualifier: str
    claimant: Optional[str]
    claimant_type: str
    stance: str
    scope: str
    sentence: str
    start: int
    end: int
    report_id: Optional[int] = None
    parties: list[str] = field(default_factory=list)   # parties blamed for these deaths: the sentence's,
                                                        # else the report's one alleged striker
    id: Optional[int] = None
    corrected: bool = False   # an analyst changed it (the audit trail holds what and why); not stored
    extractor_version: Optional[str] = None   # the reading that produced it
    rule: Optional[str] = None   # the ids of the rules that read it: its count's, then its scope's ("a+b")

    @property
    def key(self) -> dict:
        """What names this figure across re-extractions: its report and its span."""
        return {"report_id": self.report_id, "start": self.start, "end": self.end}


@dataclass
class Statement:
    """What a party says about its own part in an incident, with or without a figure."""
    party: str
    stance: str
    claimant: str
    sentence: str
    start: int
    end: int
    report_id: Optional[int] = None
    about_civilians: bool = False    # the statement concerns civilian harm (for Confirmed / disputed)
    id: Optional[int] = None


@dataclass
class Place:
    """A place; `geonameid` is None for a name the gazetteer lacks (kept as written)."""
    name: str
    country: Optional[str] = None
    country_code: Optional[str] = None
    admin1: Optional[str] = None
    admin1_code: Optional[str] = None
    admin2: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    precision: str = "country"
    geonameid: Optional[int] = None
    geonames_name: Optional[str] = None


@dataclass
class EventMention:
    """Another incident a report tells of in passing ("a week after a man was shot dead on Elm
    Street"): its sentence's span and the date, place and people it names, so the linker can
    point the report at that incident as a mention."""
    start: int
    end: int
    date: Optional[dt.date] = None
    date_precision: Optional[str] = None
    place: Optional[Place] = None
    names: list[str] = field(default_factory=list)


@dataclass
class ReportFacts:
    """What the extract stage reads out of one report about its main incident."""
    report_id: int
    date: Optional[dt.date] = None
    date_precision: Optional[str] = None
    date_source: Optional[str] = None
    place: Optional[Place] = None
    places_mentioned: list[Place] = field(default_factory=list)
    belligerents: list[str] = field(default_factory=list)
    means: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    names: list[str] = field(default_factory=list)       # people (and unknown places) it names, folded
    words: dict[str, int] = field(default_factory=dict)  # content-word profile, for text similarity
    mentions: list[EventMention] = field(default_factory=list)   # other incidents told of in passing
    extractor_version: Optional[str] = None   # the reading that produced them (civcas.extract.version)
    language: Optional[str] = None   # the report's (ISO 639-1): words compare only within one language


@dataclass
class IncidentReport:
    report_id: int
    role: str = "main"        # main | mention
    score: float = 0.0
    evidence: dict = field(default_factory=dict)


@dataclass
class Incident:
    id: Optional[int] = None
    date: Optional[dt.date] = None
    date_precision: Optional[str] = None
    date_source: Optional[str] = None
    place: Optional[Place] = None
    belligerents: list[str] = field(default_factory=list)
    means: list[str] = field(default_factory=list)
    reports: list[IncidentReport] = field(default_factory=list)
    civilian_deaths_min: Optional[int] = None
    civilian_deaths_max: Optional[int] = None
    grade: Optional[str] = None
    grade_reason: Optional[str] = None
    disputed: bool = False
    independent_sources: int = 0
    merged_into: Optional[int] = None       # set when an analyst merged it into another incident
    reviewed_by: Optional[str] = None
    reviewed_at: Optional[dt.datetime] = None
    new_evidence: bool = False              # reports arrived after the last review
    removed: bool = False                   # an analyst took it out of the published data


@dataclass
class Decision:
    """One analyst action on an incident, kept for ever: the audit trail is the list of these."""
    incident_id: int
    author: str
    action: str
    field: Optional[str] = None
    before: object = None
    after: object = None
    reason: Optional[str] = None
    target: Optional[dict] = None          # the claim (report id + span) or report an action is about
    at: Optional[dt.datetime] = None
    id: Optional[int] = None


@dataclass
class User:
    username: str
    role: str
