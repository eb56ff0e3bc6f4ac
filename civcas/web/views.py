"""What the pages show, built from the store (no HTTP here): filters read from a query string,
an incident with its claims highlighted in their sentences, the timeline and the tallies."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from typing import Iterator, Mapping, Optional

from markupsafe import Markup

from civcas import export as exports
from civcas.export import figures
from civcas.model import CIVILIAN_POPULATIONS, GRADES, fold_party
from civcas.store import Store
from civcas.store.search import SORTS, IncidentFilter
from civcas.web.security import safe_url

PER_PAGE = 25
MAX_PER_PAGE = 500
#: The largest numbers a query string or form may carry: beyond them a value is a mistake (or an
#: attack on the database's 64-bit integers), answered with 400.
MAX_DEATHS, MAX_PAGE, MAX_ID = 10**12, 10**6, 2**63 - 1
WHOLE_NUMBER = re.compile(r"[0-9]+")


class BadFilter(ValueError):
    """A query-string value that cannot be read (the message names it)."""


def _date(params: Mapping[str, str], key: str) -> Optional[dt.date]:
    value = (params.get(key) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"{key}: {value!r} is not a date (YYYY-MM-DD)") from None


def whole_number(value: str, key: str, limit: int) -> int:
    """ASCII digits only (`str.isdigit` also passes '²', which `int` refuses), at most `limit`."""
    if not WHOLE_NUMBER.fullmatch(value):
        raise BadFilter(f"{key}: {value[:40]!r} is not a whole number")
    if len(value.lstrip("0")) > len(str(limit)) or int(value) > limit:    # no int() of a 5,000-digit string
        raise BadFilter(f"{key}: {value[:40]} is more than {limit}")
    return int(value)


def _int(params: Mapping[str, str], key: str, limit: int, default: Optional[int] = None) -> Optional[int]:
    value = (params.get(key) or "").strip()
    return whole_number(value, key, limit) if value else default


def read_filter(params: Mapping[str, str]) -> IncidentFilter:
    sort = params.get("sort") or "-date"
    if sort.lstrip("-") not in SORTS:
        raise BadFilter(f"sort: {sort!r} is not one of {', '.join(SORTS)} (prefix - for descending)")
    grade = params.get("grade") or None
    if grade and grade not in GRADES:
        raise BadFilter(f"grade: {grade!r} is not one of {', '.join(GRADES)}")
    text = lambda key: (params.get(key) or "").strip()[:200] or None
    return IncidentFilter(date_from=_date(params, "date_from"), date_to=_date(params, "date_to"),
                          country=text("country"), admin1=text("admin1"), belligerent=text("belligerent"),
                          means=text("means"),
                          grade=grade, deaths_min=_int(params, "deaths_min", MAX_DEATHS),
                          deaths_max=_int(params, "deaths_max", MAX_DEATHS),
                          q=text("q"), unreviewed=params.get("unreviewed") == "1", sort=sort)


def page_of(params: Mapping[str, str]) -> tuple[int, int]:
    page = max(1, _int(params, "page", MAX_PAGE, 1))
    per_page = min(MAX_PER_PAGE, max(1, _int(params, "per_page", MAX_PAGE, PER_PAGE)))
    return page, per_page


def deaths_text(low: Optional[int], high: Optional[int]) -> str:
    if low is None:
        return "–"
    return str(low) if low == high else f"{low}–{high}"


def place_text(place: Optional[dict]) -> str:
    if not place:
        return "unknown"
    parts = [place.get("name"), place.get("admin1") if place.get("admin1") != place.get("name") else None,
             place.get("country") if place.get("country") != place.get("name") else None]
    return ", ".join(p for p in parts if p)


#: Languages written right to left (ISO 639-1): text shown as written in one of them is set
#: `dir="rtl"`, so punctuation and numbers fall where its reader expects them.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "sd", "ug"})


def language_attributes(code: Optional[str]) -> Markup:
    """` lang="ar" dir="rtl"` for an element holding text as written in a report's language (the
    page around it is English); nothing for an unknown language."""
    if not code or code == "und":
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(code, "rtl" if code in RIGHT_TO_LEFT else "ltr")


def highlight(text: str, sentence: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence split around the figure (before, figure, after), for a <mark>."""
    figure = text[start:end] if 0 <= start < end <= len(text) else ""
    at = sentence.find(figure) if figure else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], figure, sentence[at + len(figure):]


def incident_page(store: Store, incident_id: int) -> Optional[dict]:
    """One incident as its page shows it: the export record, each claim's sentence split for
    highlighting, the reports with their provenance, and the audit trail."""
    records = exports.incident_records(store, [incident_id])
    if not records:
        return None
    record = records[0]
    texts = {r.id: r.text for r in store.reports([rep["id"] for rep in record["reports"]])}
    for claim in record["claims"]:
        claim["parts"] = highlight(texts.get(claim["report_id"], ""), claim["sentence"], claim["start"], claim["end"])
        claim["figure"] = figure_text(claim["min"], claim["max"])
    by_id = {rep["id"]: rep for rep in record["reports"]}
    for rep in record["reports"]:
        rep["href"] = safe_url(rep["url"])
        rep["copies_of"], rep["translates"], rep["reuses"], rep["versions"] = [], [], [], []
        rep["replaced_by"] = next((r["id"] for r in record["reports"] if r["previous_version_id"] == rep["id"]), None)
    kinds = {"copy": "copies_of", "translated": "translates", "reuse": "reuses", "version": "versions"}
    for link in record["provenance"]:
        for a, b in ((link["report_a"], link["report_b"]), (link["report_b"], link["report_a"])):
            if a in by_id and link["source_id"] in (None, b):
                by_id[a][kinds[link["relation"]]].append(b)
    history = store.decisions(incident_id)
    for d in history:
        d.href = safe_url((d.after or {}).get("url")) if d.action == "source" and isinstance(d.after, dict) else None
    record["history"] = history
    record["unmatched_corrections"] = store.unmatched_corrections(rep["id"] for rep in record["reports"])
    record["deaths"] = deaths_text(record["civilian_deaths_min"], record["civilian_deaths_max"])
    record["place_text"] = place_text(record["place"])
    record["summary"] = figures.summary_parts(record)
    record["totals"] = figures.totals(record)
    record["victims"] = figures.named_victims(record)
    record["sources"] = claims_by_source(record)
    record["said"] = statements_by_source(record)
    record["towns"] = _towns_near(record["place"])
    for update in record["updates"]:
        update["at_text"] = _clock(update["at"])
    return record


def _clock(at: Optional[str]) -> Optional[tuple[str, str]]:
    """("14:05", "2026-11-24") of a stored UTC timestamp, for "updated … at 14:05"."""
    if not at:
        return None
    moment = dt.datetime.fromisoformat(at)
    return moment.strftime("%H:%M"), moment.date().isoformat()


def _towns_near(place: Optional[dict]) -> str:
    """Names and coordinates of the largest towns around the place, as JSON for the mini-map's
    labels (it zooms to show them: the incident's admin-1 unit, or 80 km around)."""
    if not place or place.get("lat") is None:
        return "[]"
    from civcas.gazetteer import nearby_towns
    return json.dumps([[t.name, t.lat, t.lon] for t in nearby_towns(place["lat"], place["lon"], place.get("country_code"),
                                                                   place.get("admin1_code"))], ensure_ascii=False)


def statements_by_source(record: dict) -> list[dict]:
    """The parties' statements, one per source: a copy's statement of the same party and stance
    (its wording of the speaker may differ: "Defence"/"Defense" ministry) is its original's, one line
    naming every report that carries it; two statements within one report stay two."""
    group_of = {r["id"]: r.get("provenance_group", r["id"]) for r in record["reports"]}
    out: list[dict] = []
    for s in record["statements"]:
        same = next((o for o in out if (group_of.get(o["report_id"], o["report_id"]), o["party"], o["stance"]) ==
                     (group_of.get(s["report_id"], s["report_id"]), s["party"], s["stance"])
                     and s["report_id"] not in (o["report_id"], *o["also_in"])), None)
        if same:
            same["also_in"].append(s["report_id"])
        else:
            out.append({**s, "also_in": []})
    return out


def claims_by_source(record: dict) -> list[dict]:
    """The claims under the independent source that gives them (a provenance group: a report and
    its copies), the source with most reports first; a claim its copies repeat (the same figure,
    words and claimant, whatever a copy changed around it: a dateline, a spelling) is one row that
    names every report carrying it."""
    reports = {r["id"]: r for r in record["reports"]}
    groups: dict[int, dict] = {}
    for claim in sorted(record["claims"], key=lambda c: (c["report_id"], c["start"])):
        report = reports.get(claim["report_id"], {})
        group = groups.setdefault(report.get("provenance_group", claim["report_id"]), {"claims": {}, "reports": []})
        if claim["report_id"] not in group["reports"]:
            group["reports"].append(claim["report_id"])
        same = (claim["kind"], claim["population"], claim["min"], claim["max"], claim["qualifier"], claim["claimant"])
        if same in group["claims"]:
            group["claims"][same]["also_in"].append(claim["report_id"])
            group["claims"][same]["folded_ids"].append(claim["id"])     # links to it still land on the row
        else:
            group["claims"][same] = {**claim, "also_in": [], "folded_ids": []}
    out = []
    for key, group in groups.items():
        outlets = list(dict.fromkeys(reports[r]["outlet"] or f"report {r}" for r in group["reports"] if r in reports))
        out.append({"group": key, "reports": group["reports"], "outlets": outlets, "claims": list(group["claims"].values())})
    return sorted(out, key=lambda g: (-len(g["reports"]), g["group"]))


def map_points(store: Store, ids: list[int]) -> Iterator[dict]:
    """The incidents among `ids` that have coordinates, as GeoJSON points with what the map's
    popup shows (id, date, place, civilian deaths, grade); read a chunk of ids at a time."""
    for chunk in exports.chunked(ids):
        for row in store.summaries(chunk):
            place = row["place"] or {}
            if place.get("lat") is None or place.get("lon") is None:
                continue
            yield {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                   "properties": {"id": row["id"], "date": row["date"].isoformat() if row["date"] else None,
                                  "place": place_text(place), "grade": row["grade"],
                                  "deaths_min": row["civilian_deaths_min"], "deaths_max": row["civilian_deaths_max"]}}


def plain(value) -> str:
    """A decision's before/after for people: "grade: Fair, reason: …" rather than a dict."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    return "–" if value is None else str(value)


def figure_text(low: int, high: Optional[int]) -> str:
    return f"{low}+" if high is None else (str(low) if low == high else f"{low}–{high}")


# --- timeline -------------------------------------------------------------------------------

CHART_W, CHART_H, TOP_PARTIES = 720, 140, 6


def _months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _log_height(value: int, top: int) -> float:
    """A bar's height on the chart's logarithmic scale (0 at 0, the chart's height at `top`)."""
    return CHART_H * math.log10(1 + value) / math.log10(1 + top)


def _ticks(top: int) -> list[dict]:
    """Labelled gridlines of a logarithmic scale: 1, 10, 100, … up to `top`, and `top` itself."""
    values = [10 ** k for k in range(int(math.log10(top)) + 1) if 10 ** k < top * 0.8] + [top]
    return [{"value": v, "y": round(CHART_H - _log_height(v, top), 1)} for v in values]


def _month_labels(months: list[str], width: float) -> list[dict]:
    """About eight month labels along the axis, evenly spaced, the first and last included."""
    step = max(1, math.ceil(len(months) / 8))
    picked = sorted({*range(0, len(months), step), len(months) - 1})
    return [{"month": months[i], "x": round(i * width, 1)} for i in picked]


def timeline(store: Store, f: IncidentFilter) -> dict:
    """Bars per month: civilian deaths min (solid) and max (band) for each leading belligerent,
    and the grade mix; geometry computed here so the page needs no script. Deaths are drawn on a
    logarithmic scale with labelled gridlines, so one month's outlier does not flatten the rest."""
    rows = store.monthly(f)
    if not rows:
        return {"months": [], "parties": [], "grades": []}
    months = _months(min(r["month"] for r in rows), max(r["month"] for r in rows))
    totals: dict[str, int] = defaultdict(int)
    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    mix: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        totals[r["belligerent"]] += r["max"]
        per[r["belligerent"]][r["month"]][0] += r["min"]
        per[r["belligerent"]][r["month"]][1] += r["max"]
        mix[r["month"]][r["grade"] or "ungraded"] += 1
    width = CHART_W / len(months)
    parties = []
    for party in sorted(totals, key=lambda p: -totals[p])[:TOP_PARTIES]:
        top = max(v[1] for v in per[party].values()) or 1
        bars = []
        for i, month in enumerate(months):
            low, high = per[party].get(month, (0, 0))
            h_min, h_max = _log_height(low, top), _log_height(high, top)
            bars.append({"month": month, "min": low, "max": high, "x": round(i * width, 1), "w": round(width * 0.9, 1),
                         "y_max": round(CHART_H - h_max, 1), "h_max": round(h_max, 1),
                         "y_min": round(CHART_H - h_min, 1), "h_min": round(h_min, 1)})
        parties.append({"name": party, "top": top, "bars": bars, "total_max": totals[party], "ticks": _ticks(top),
                        "total_min": sum(v[0] for v in per[party].values())})
    peak = max(sum(m.values()) for m in mix.values())
    grades = []
    for i, month in enumerate(months):
        y = CHART_H
        for grade in (*GRADES, "ungraded"):
            n = mix[month].get(grade, 0)
            if n:
                h = CHART_H * n / peak
                y -= h
                grades.append({"month": month, "grade": grade, "n": n, "x": round(i * width, 1),
                               "w": round(width * 0.9, 1), "y": round(y, 1), "h": round(h, 1)})
    counts = [{"n": sum(mix[m].values()), "x": round((i + 0.45) * width, 1),
               "y": round(CHART_H - CHART_H * sum(mix[m].values()) / peak - 3, 1)}
              for i, m in enumerate(months) if mix.get(m)] if width >= 14 else []
    return {"months": months, "parties": parties, "grades": grades, "width": CHART_W, "height": CHART_H,
            "peak": peak, "counts": counts, "labels": _month_labels(months, width), "mix": {m: dict(v) for m, v in mix.items()}}


# --- tallies --------------------------------------------------------------------------------

def tallies(store: Store) -> dict:
    """Per belligerent: this monitor's graded figures, the belligerent's own figures, and the
    tallies reports cite (cumulative-scope claims), each with the sentence it comes from."""
    ids, _ = store.find_incidents(IncidentFilter(), limit=None)
    monitor: dict[str, dict] = {}
    for row in store.summaries(ids):
        party = fold_party((row["belligerents"] or ["unknown"])[0])
        entry = monitor.setdefault(party, {"incidents": 0, "min": 0, "max": 0, "by_grade": defaultdict(lambda: [0, 0, 0])})
        if row["civilian_deaths_min"] is None or row["grade"] == "Discounted":
            continue
        entry["incidents"] += 1
        entry["min"] += row["civilian_deaths_min"]
        entry["max"] += row["civilian_deaths_max"]
        g = entry["by_grade"][row["grade"]]
        g[0] += 1
        g[1] += row["civilian_deaths_min"]
        g[2] += row["civilian_deaths_max"]
    admitted: dict[str, list[dict]] = defaultdict(list)
    for row in store.belligerent_figures():
        if row["population"] in CIVILIAN_POPULATIONS or row["population"] == "unspecified":
            party = fold_party((row["belligerents"] or ["unknown"])[0])
            admitted[party].append(row | {"figure": figure_text(row["min"], row["max"])})
    cited: dict[str, list[dict]] = defaultdict(list)
    for row in store.cumulative_claims():
        if row["kind"] != "killed":
            continue
        party = fold_party((row["parties"] or ["unspecified"])[0])
        cited[party].append(row | {"figure": figure_text(row["min"], row["max"])})
    parties = sorted(set(monitor) | set(admitted) | set(cited), key=lambda p: -(monitor.get(p, {}).get("max", 0)))
    return {"parties": [{"name": p, "monitor": monitor.get(p), "admitted": admitted.get(p, []),
                         "cited": cited.get(p, [])} for p in parties]}
