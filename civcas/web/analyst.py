"""Analysts' pages: login, the review queue, and one POST route per action of `civcas.review`.
Every form carries the session's CSRF token; every action needs the analyst or admin role."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from civcas import review
from civcas.model import Place
from civcas.store.search import IncidentFilter
from civcas.web import render
from civcas.web.security import check_csrf, current_user, log_in, require_reviewer

router = APIRouter(include_in_schema=False)
QUEUE_SIZE = 100


async def _form(request: Request) -> dict:
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in form.items()}


@router.get("/login")
def login_page(request: Request):
    return render(request, "login.html", {"error": None, "next": request.query_params.get("next", "/review")})


@router.post("/login")
async def login(request: Request):
    form = await _form(request)
    user = review.authenticate(request.app.state.store, form.get("username", ""), form.get("password", ""))
    if user is None:
        return render(request, "login.html", {"error": "wrong user name or password", "next": "/review"},
                      status_code=401)
    log_in(request, user)
    target = form.get("next") or "/review"
    return RedirectResponse(target if target.startswith("/") and not target.startswith("//") else "/review",
                            status_code=303)


@router.post("/logout")
async def logout(request: Request):
    await _form(request)
    request.session.clear()
    return RedirectResponse("/incidents", status_code=303)


@router.get("/review")
def review_queue(request: Request):
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login?next=/review", status_code=303)
    store = request.app.state.store
    ids, totals = store.find_incidents(IncidentFilter(unreviewed=True, sort="-deaths"), 0, QUEUE_SIZE)
    return render(request, "review.html", {"rows": store.summaries(ids), "totals": totals})


def _number(form: dict, key: str, required: bool = True):
    value = form.get(key) or ""
    if not value and not required:
        return None
    if not value.isdigit():
        raise review.ReviewError(f"{key} must be a whole number")
    return int(value)


def _day(form: dict) -> dt.date:
    try:
        return dt.date.fromisoformat(form.get("date", ""))
    except ValueError:
        raise review.ReviewError("date must be YYYY-MM-DD") from None


def _coordinate(form: dict, key: str, limit: float) -> float | None:
    value = form.get(key) or ""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise review.ReviewError(f"{key} must be a number") from None
    if not -limit <= number <= limit:
        raise review.ReviewError(f"{key} must lie between -{limit:g} and {limit:g}")
    return number


def _place(form: dict) -> Place:
    if not form.get("name"):
        raise review.ReviewError("give the place's name")
    return Place(name=form["name"], country=form.get("country") or None,
                 country_code=(form.get("country_code") or "").upper()[:2] or None, admin1=form.get("admin1") or None,
                 lat=_coordinate(form, "lat", 90), lon=_coordinate(form, "lon", 180),
                 precision=form.get("precision") or "point")


def _corrections(form: dict) -> dict:
    changes = {"min": _number(form, "min"), "max": _number(form, "max", required=False)}
    for key in ("population", "kind", "claimant", "claimant_type", "stance"):
        if form.get(key):
            changes[key] = form[key]
    return changes


ACTIONS: dict[str, Callable] = {
    "confirm": lambda s, i, u, f: review.confirm(s, i, u, f.get("reason")),
    "grade": lambda s, i, u, f: review.set_grade(s, i, u, f.get("grade", ""), f.get("reason")),
    "date": lambda s, i, u, f: review.set_date(s, i, u, _day(f), f.get("precision", "day"), f.get("reason")),
    "place": lambda s, i, u, f: review.set_place(s, i, u, _place(f), f.get("reason")),
    "correct-claim": lambda s, i, u, f: review.correct_claim(s, i, _number(f, "claim"), u, _corrections(f),
                                                             f.get("reason")),
    "exclude-claim": lambda s, i, u, f: review.exclude_claim(s, i, _number(f, "claim"), u, f.get("reason")),
    "merge": lambda s, i, u, f: (review.merge(s, i, _number(f, "into"), u, f.get("reason")), _number(f, "into"))[1],
    "split": lambda s, i, u, f: review.split(s, i, _number(f, "report"), u, f.get("reason")),
    "note": lambda s, i, u, f: review.add_note(s, i, u, f.get("note")),
    "source": lambda s, i, u, f: review.add_source(s, i, u, f.get("url", ""), f.get("reason")),
}


def _register(path: str, act: Callable) -> None:
    """POST /incidents/{id}/{path}: check the token and the role, run the action, go to the
    incident it leaves (the survivor of a merge, the new incident of a split)."""
    async def handler(request: Request, incident_id: int):
        form = await _form(request)
        user = require_reviewer(request)
        try:
            target = act(request.app.state.store, incident_id, user.username, form)
        except review.ReviewError as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(f"/incidents/{target or incident_id}", status_code=303)
    router.add_api_route(f"/incidents/{{incident_id}}/{path}", handler, methods=["POST"], name=f"action_{path}")


for _path, _act in ACTIONS.items():
    _register(_path, _act)
