"""Analysts' pages: login, the review queue, and one POST route per action of `civcas.review`.
Every form carries a CSRF token; every action needs the analyst or admin role.

Nothing blocking runs on the event loop: routes are plain `def` (FastAPI runs them in its worker
threads) and read their form through the `posted_form` dependency, the one async step. Logins run
in LOGIN_LANES threads of their own, so a flood of them (argon2 takes ~0.2 s of a core each) waits
in a queue there and leaves the worker threads to the pages."""
from __future__ import annotations

import datetime as dt
from typing import Callable

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from civcas import review
from civcas.model import Place
from civcas.store.search import IncidentFilter
from civcas.web import render, views
from civcas.web.public import IncidentId
from civcas.web.security import (CAN_REVIEW, check_csrf, check_login_form, client_address, current_session,
                                 current_user, end_session, keep_login_nonce, login_form_token, require_reviewer,
                                 start_session)

router = APIRouter(include_in_schema=False)
QUEUE_SIZE = 100
LOGIN_LANES = anyio.CapacityLimiter(4)


async def posted_form(request: Request) -> dict:
    """The posted fields, trimmed (but a password as typed: its spaces are part of it)."""
    form = await request.form()
    return {k: (v.strip() if isinstance(v, str) and k != "password" else v) for k, v in form.items()}


def _login_page(request: Request, error: str | None, next_page: str, status_code: int = 200,
                headers: dict | None = None):
    token, fresh_nonce = login_form_token(request)
    response = render(request, "login.html", {"error": error, "next": next_page, "login_csrf": token},
                      status_code, headers)
    if fresh_nonce:
        keep_login_nonce(request, response, fresh_nonce)
    return response


def _local(target: str) -> str:
    """Where to go after logging in: a path on this site only (no open redirect: browsers read
    `//host` and `/\\host` as another site)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/review"


@router.get("/login")
def login_page(request: Request):
    return _login_page(request, None, _local(request.query_params.get("next", "/review")))


def _attempt_login(request: Request, form: dict):
    outcome = review.log_in(request.app.state.store, form.get("username", ""), form.get("password", ""),
                            client_address(request), request.app.state.login_policy)
    if outcome.retry_after:
        return _login_page(request, f"too many failed logins: try again in {outcome.retry_after} s, or ask an "
                                    "admin to unlock the account", "/review", 429,
                           {"Retry-After": str(outcome.retry_after)})
    if outcome.user is None:
        return _login_page(request, "wrong user name or password", "/review", 401)
    response = RedirectResponse(_local(form.get("next") or "/review"), status_code=303)
    start_session(request, response, outcome.user)
    return response


@router.post("/login")
async def login(request: Request, form: dict = Depends(posted_form)):
    check_login_form(request, form.get("csrf"))
    return await anyio.to_thread.run_sync(_attempt_login, request, form, limiter=LOGIN_LANES)


@router.post("/logout")
def logout(request: Request, form: dict = Depends(posted_form)):
    session = current_session(request)
    if session:
        check_csrf(session, form.get("csrf"))
    response = RedirectResponse("/incidents", status_code=303)
    end_session(request, response)
    return response


@router.get("/review")
def review_queue(request: Request):
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login?next=/review", status_code=303)
    store = request.app.state.store
    ids, totals = store.find_incidents(IncidentFilter(unreviewed=True, sort="-deaths"), 0, QUEUE_SIZE)
    return render(request, "review.html", {"rows": store.summaries(ids), "totals": totals})


@router.get("/sources")
def sources_page(request: Request):
    """What `civcas watch` polls: each source's last poll, new items, errors and next poll."""
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login?next=/sources", status_code=303)
    if user.role not in CAN_REVIEW:
        raise HTTPException(403, "the sources page is for analysts")
    return render(request, "sources.html", {"rows": request.app.state.store.source_states()})


def _number(form: dict, key: str, required: bool = True, limit: int = views.MAX_ID):
    value = form.get(key) or ""
    if not value and not required:
        return None
    try:
        return views.whole_number(value, key, limit)
    except views.BadFilter as exc:
        raise review.ReviewError(str(exc)) from None


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
    changes = {"min": _number(form, "min", limit=views.MAX_DEATHS),
               "max": _number(form, "max", required=False, limit=views.MAX_DEATHS)}
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
    "remove": lambda s, i, u, f: review.remove(s, i, u, f.get("reason")),
    "note": lambda s, i, u, f: review.add_note(s, i, u, f.get("note")),
    "source": lambda s, i, u, f: review.add_source(s, i, u, f.get("url", ""), f.get("reason")),
}


def _register(path: str, act: Callable) -> None:
    """POST /incidents/{id}/{path}: check the token and the role, run the action, go to the
    incident it leaves (the survivor of a merge, the new incident of a split)."""
    def handler(request: Request, incident_id: IncidentId, form: dict = Depends(posted_form)):
        user = require_reviewer(request, form.get("csrf"))
        try:
            target = act(request.app.state.store, incident_id, user.username, form)
        except review.ReviewError as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(f"/incidents/{target or incident_id}", status_code=303)
    router.add_api_route(f"/incidents/{{incident_id}}/{path}", handler, methods=["POST"], name=f"action_{path}")


for _path, _act in ACTIONS.items():
    _register(_path, _act)
