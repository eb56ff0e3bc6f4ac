"""Public, read-only pages, downloads and the JSON API. The list, the downloads and the API read
the same filters through one function, so a download holds exactly what the page shows."""
from __future__ import annotations

import itertools
import json
import math
import time
from typing import Annotated, Iterable, Iterator
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse

from civcas import export as exports
from civcas.export.geojson import feature_collection
from civcas.model import GRADES
from civcas.store.search import SORTS
from civcas.web import render, vendor_ready, views
from civcas.web.limits import LimitedStream
from civcas.web.security import client_address, safe_url

router = APIRouter()
#: format → (pieces of the file from incident records, media type, file name)
DOWNLOADS = {"csv": (exports.EXPORTERS["csv"], "text/csv; charset=utf-8", "civcas-incidents.csv"),
             "acled": (exports.EXPORTERS["acled"], "text/csv; charset=utf-8", "civcas-incidents-acled.csv"),
             "ucdp": (exports.EXPORTERS["ucdp"], "text/csv; charset=utf-8", "civcas-incidents-ucdp-ged.csv"),
             "geojson": (exports.EXPORTERS["geojson"], "application/geo+json", "civcas-incidents.geojson"),
             "json": (exports.json_array, "application/json", "civcas-incidents.json")}
IncidentId = Annotated[int, Path(ge=1, le=views.MAX_ID, description="An incident id (of the export and the API).")]
#: Bytes gathered before a streamed download sends them.
SEND_BYTES = 64 * 1024


def _store(request: Request):
    return request.app.state.store


def _read(request: Request, reader):
    """What a query-string reader of `views` makes of the request, or a 400 naming the bad value."""
    try:
        return reader(request.query_params)
    except views.BadFilter as exc:
        raise HTTPException(400, str(exc)) from None


def _filter(request: Request):
    return _read(request, views.read_filter)


def _matching(request: Request, paged: bool):
    f = _filter(request)
    page, per_page = _read(request, views.page_of)
    if paged:
        ids, totals = _store(request).find_incidents(f, (page - 1) * per_page, per_page)
    else:
        ids, totals = _store(request).find_incidents(f, 0, None)
    return f, page, per_page, ids, totals


FACETS_SECONDS = 60.0


def _facets(request: Request) -> dict:
    """The filter menus' values, recomputed at most once a minute (they change with new
    countries and regions only, and cost as much as the page itself)."""
    cached = getattr(request.app.state, "facets", None)
    if cached is None or time.monotonic() - cached[0] > FACETS_SECONDS:
        cached = request.app.state.facets = (time.monotonic(), _store(request).facets())
    return cached[1]


def _filter_context(request: Request, f) -> dict:
    """What the shared filter form and its list · map · timeline links need."""
    return {"filter": f, "filter_query": urlencode(f.as_params()), "grades": GRADES, "facets": _facets(request)}


@router.get("/", include_in_schema=False)
def home():
    return RedirectResponse("/incidents", status_code=302)


@router.get("/incidents", include_in_schema=False)
def incident_list(request: Request):
    f, page, per_page, ids, totals = _matching(request, paged=True)
    rows = _store(request).summaries(ids)
    params = f.as_params()
    pages = max(1, math.ceil(totals["incidents"] / per_page))

    def link(**change) -> str:
        return "?" + urlencode({**params, "page": page, "per_page": per_page, **change})

    def sort_link(key: str) -> str:
        return "?" + urlencode({**params, "sort": key if f.sort == f"-{key}" else f"-{key}"})

    on_screen = urlencode({**params, "page": page, "per_page": per_page})
    return render(request, "incidents.html", {
        **_filter_context(request, f), "rows": rows, "totals": totals, "page": page, "pages": pages, "link": link,
        "sort_link": sort_link, "on_screen": on_screen, "all_matching": urlencode(params)})


def _gathered(pieces: Iterable[str]) -> Iterator[bytes]:
    """Pieces of text as bytes, SEND_BYTES or so at a time (not one network write per line)."""
    batch, size = [], 0
    for piece in pieces:
        data = piece.encode("utf-8")
        batch.append(data)
        size += len(data)
        if size >= SEND_BYTES:
            yield b"".join(batch)
            batch, size = [], 0
    yield b"".join(batch)


def _bulk(request: Request, pieces: Iterable[str], media_type: str, headers: dict | None = None) -> LimitedStream:
    """A download streamed as it is made (the store read a chunk of incidents at a time, in a
    worker thread), within the client address's share of bulk downloads (else 429)."""
    limits, address = request.app.state.bulk_limits, client_address(request)
    wait = limits.acquire(address)
    if wait:
        raise HTTPException(429, "too many downloads from your address: wait and retry",
                            headers={"Retry-After": str(wait)})
    return LimitedStream(_gathered(pieces), limits, address, media_type=media_type, headers=headers)


@router.get("/incidents.{fmt}", include_in_schema=False)
def download(request: Request, fmt: str):
    """The incidents of the list page: with page/per_page exactly the rows shown, without them
    every incident that matches the filters."""
    if fmt not in DOWNLOADS:
        raise HTTPException(404, f"no download format {fmt!r}; known: {', '.join(DOWNLOADS)}")
    paged = "page" in request.query_params
    stamp = exports.edition(_store(request))     # before the ids (see civcas.export.every_incident_record)
    _, _, _, ids, _ = _matching(request, paged=paged)
    pieces, media_type, filename = DOWNLOADS[fmt]
    return _bulk(request, pieces(exports.incident_records_by_chunk(_store(request), ids, stamp)), media_type,
                 {"Content-Disposition": f'attachment; filename="{filename}"'})


def _merged_redirect(request: Request, incident_id: int, prefix: str) -> RedirectResponse | None:
    """404 for an unknown id; a redirect (308) to the survivor for a merged-away one; else None."""
    survivor = _store(request).survivor(incident_id)
    if survivor is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return RedirectResponse(f"{prefix}/{survivor}", status_code=308) if survivor != incident_id else None


@router.get("/incidents/{incident_id}", include_in_schema=False)
def incident(request: Request, incident_id: IncidentId):
    store = _store(request)
    redirect = _merged_redirect(request, incident_id, "/incidents")
    if redirect:
        return redirect
    record = views.incident_page(store, incident_id)
    return render(request, "incident.html", {"i": record, "grades": GRADES, "map_ready": vendor_ready()})


@router.get("/archived/{report_id}", include_in_schema=False)
def archived(request: Request, report_id: Annotated[int, Path(ge=1, le=views.MAX_ID)]):
    """A report's source as archived when civcas read it (scripts and external resources removed)."""
    from civcas.archive import ArchiveError
    from civcas.web.replay import replay_page
    try:
        page = replay_page(_store(request), report_id)
    except ArchiveError as exc:
        raise HTTPException(500, f"the archived copy of report {report_id} cannot be shown: {exc}") from None
    if page is None:
        raise HTTPException(404, f"no archived copy of report {report_id}")
    return render(request, "archived.html", {"a": page, "href": safe_url(page["response"].url)})


@router.get("/map", include_in_schema=False)
def map_page(request: Request):
    f = _filter(request)
    return render(request, "map.html", {**_filter_context(request, f), "map_ready": vendor_ready()})


@router.get("/timeline", include_in_schema=False)
def timeline_page(request: Request):
    f = _filter(request)
    return render(request, "timeline.html", {**_filter_context(request, f), "chart": views.timeline(_store(request), f)})


@router.get("/tallies", include_in_schema=False)
def tallies_page(request: Request):
    return render(request, "tallies.html", {"t": views.tallies(_store(request))})


@router.get("/api", include_in_schema=False)
def api_page(request: Request):
    return render(request, "api.html", {"sorts": list(SORTS), "grades": GRADES})


# --- JSON API ---------------------------------------------------------------------------------

FILTER_DOC = ("Filters: date_from, date_to (YYYY-MM-DD), country (ISO code), admin1, belligerent, means, grade, "
              "deaths_min, deaths_max (civilian deaths), q (words in a report), unreviewed=1, "
              "sort (date|deaths|id|grade|sources, '-' prefix for descending), page, per_page (≤ 500).")


@router.get("/api/incidents", summary="List incidents", description=FILTER_DOC, tags=["incidents"])
def api_incidents(request: Request, page: int = Query(1, ge=1, le=views.MAX_PAGE),
                  per_page: int = Query(views.PER_PAGE, ge=1, le=views.MAX_PER_PAGE),
                  date_from: str | None = None, date_to: str | None = None, country: str | None = None,
                  admin1: str | None = None, belligerent: str | None = None, means: str | None = None,
                  grade: str | None = None,
                  deaths_min: int | None = Query(None, ge=0, le=views.MAX_DEATHS),
                  deaths_max: int | None = Query(None, ge=0, le=views.MAX_DEATHS), q: str | None = None,
                  sort: str = "-date"):
    """Incidents in the shape of `civcas export --format jsonl`, one page at a time."""
    stamp = exports.edition(_store(request))     # before the ids (see civcas.export.every_incident_record)
    _, page, per_page, ids, totals = _matching(request, paged=True)
    return {"total": totals["incidents"], "civilian_deaths_min": totals["deaths_min"],
            "civilian_deaths_max": totals["deaths_max"], "page": page, "per_page": per_page,
            "incidents": exports.incident_records(_store(request), ids, stamp)}


@router.get("/api/incidents/{incident_id}", summary="One incident", tags=["incidents"])
def api_incident(request: Request, incident_id: IncidentId):
    """One incident with every claim, statement, report and provenance link; a merged-away id
    redirects (308) to the incident it was merged into."""
    store = _store(request)
    redirect = _merged_redirect(request, incident_id, "/api/incidents")
    if redirect:
        return redirect
    record = exports.incident_records(store, [incident_id])[0]
    record["history"] = [{"at": d.at.isoformat(timespec="seconds"), "author": d.author, "action": d.action,
                          "field": d.field, "before": d.before, "after": d.after, "reason": d.reason,
                          "target": d.target} for d in store.decisions(incident_id)]
    return record


@router.get("/api/changes", summary="Changes since a version", tags=["incidents"])
def api_changes(request: Request, since: int = Query(..., ge=0, description="The export_version of your copy.")):
    """What changed after version `since`, for a copy taken then (a full export, or the last
    changes): `{"export_version", "exported_at", "since", "changes": [...]}`, each change an
    incident record (as /api/incidents) with its `change` (added, changed, merged, split), or
    `{"id", "change": "removed"}`. Drop the removed ids, put the other records in place: the copy
    is then a full export at `export_version`. Streamed; not filtered (a delta is whole)."""
    store = _store(request)
    stamp = exports.edition(store)
    try:
        listed = exports.changes(store, since, stamp)
        first = next(listed, None)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    head = json.dumps({**stamp, "since": since})[:-1] + ', "changes": ['
    return _bulk(request, exports.json_array(itertools.chain([first] if first else [], listed), head, "]}"),
                 "application/json")


@router.get("/api/points", summary="Map points", tags=["map"])
def api_points(request: Request):
    """Every incident matching the filters that has coordinates, as a compact GeoJSON
    FeatureCollection (id, date, place, civilian deaths, grade) for the map; streamed."""
    _, _, _, ids, _ = _matching(request, paged=False)
    return _bulk(request, feature_collection(views.map_points(_store(request), ids)), "application/json")
