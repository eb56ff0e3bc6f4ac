"""What analysts do to incidents, as library functions (the web pages and the CLI call these).

Each action appends one Decision to the audit trail (who, when, what, before, after, why) and,
where it changes what the incident is built from, re-runs the assessment. Published fields are
the machine's answer with the latest decisions laid over it, so a later pipeline run never
replaces a decision; it only flags "new evidence".
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Optional
from urllib.parse import urlparse

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from civcas import assess
from civcas.model import (CLAIMANT_TYPES, CLAIM_KINDS, DATE_PRECISIONS, GRADES, POPULATIONS, STANCES, Claim, Decision,
                          Place, User)
from civcas.store import Store

_hasher = PasswordHasher()


class ReviewError(ValueError):
    """An action that cannot be done as asked (the message says why, for the analyst)."""


# --- accounts ---------------------------------------------------------------------------------

def add_user(store: Store, username: str, password: str, role: str) -> None:
    if len(password) < 8:
        raise ReviewError("a password needs at least 8 characters")
    if store.user_credentials(username):
        raise ReviewError(f"user {username!r} exists")
    store.add_user(username, _hasher.hash(password), role)


def authenticate(store: Store, username: str, password: str) -> Optional[User]:
    found = store.user_credentials(username)
    if not found:
        _hasher.hash(password)    # same work whether or not the user exists
        return None
    user, stored = found
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(stored):
        store.set_password_hash(username, _hasher.hash(password))
    return user


# --- actions ----------------------------------------------------------------------------------

def _live(store: Store, incident_id: int):
    found = store.incidents([incident_id])
    if not found:
        raise ReviewError(f"no incident {incident_id}")
    if found[0].merged_into:
        raise ReviewError(f"incident {incident_id} was merged into {found[0].merged_into}")
    return found[0]


def _need_reason(reason: Optional[str]) -> str:
    if not reason or not reason.strip():
        raise ReviewError("give a reason")
    return reason.strip()


def _one_transaction(action):
    """An action and its audit rows are one transaction: it happens whole or not at all."""
    @functools.wraps(action)
    def atomic_action(store: Store, *args, **kwargs):
        with store.atomic():
            return action(store, *args, **kwargs)
    return atomic_action


def _reassess(store: Store, *incident_ids: int) -> None:
    assess.run(store, incident_ids)


@_one_transaction
def confirm(store: Store, incident_id: int, author: str, reason: Optional[str] = None) -> None:
    """The analyst has reviewed the incident as it stands."""
    incident = _live(store, incident_id)
    store.record(Decision(incident_id, author, "confirm", before={"grade": incident.grade},
                          after={"grade": incident.grade}, reason=reason or "reviewed"))
    store.mark_reviewed(incident_id, author)


@_one_transaction
def set_grade(store: Store, incident_id: int, author: str, grade: str, reason: str) -> None:
    if grade not in GRADES:
        raise ReviewError(f"unknown grade {grade!r}")
    incident = _live(store, incident_id)
    store.record(Decision(incident_id, author, "grade", field="grade", before=incident.grade, after=grade,
                          reason=_need_reason(reason)))
    store.mark_reviewed(incident_id, author)


@_one_transaction
def set_date(store: Store, incident_id: int, author: str, date: dt.date, precision: str, reason: str) -> None:
    if precision not in DATE_PRECISIONS:
        raise ReviewError(f"unknown precision {precision!r}")
    incident = _live(store, incident_id)
    before = {"date": incident.date.isoformat() if incident.date else None, "precision": incident.date_precision}
    store.record(Decision(incident_id, author, "date", field="date", before=before,
                          after={"date": date.isoformat(), "precision": precision}, reason=_need_reason(reason)))


@_one_transaction
def set_place(store: Store, incident_id: int, author: str, place: Place, reason: str) -> None:
    incident = _live(store, incident_id)
    before = incident.place.__dict__ if incident.place else None
    store.record(Decision(incident_id, author, "place", field="place", before=before, after=dict(place.__dict__),
                          reason=_need_reason(reason)))


def _claim_of(store: Store, incident_id: int, claim_id: int) -> Claim:
    incident = _live(store, incident_id)
    facts = store.facts([r.report_id for r in incident.reports])
    for f in facts.values():
        for claim in f.claims:
            if claim.id == claim_id:
                return claim
    raise ReviewError(f"claim {claim_id} is not a claim of incident {incident_id}")


@_one_transaction
def correct_claim(store: Store, incident_id: int, claim_id: int, author: str, changes: dict, reason: str) -> None:
    """Change a figure's numbers, population, kind or who claims it; the incident is re-assessed."""
    claim = _claim_of(store, incident_id, claim_id)
    allowed = {"min", "max", "population", "kind", "claimant", "claimant_type", "stance"}
    changes = {k: v for k, v in changes.items() if k in allowed and v != getattr(claim, k)}
    if not changes:
        raise ReviewError("nothing to change")
    for key, vocabulary in (("population", POPULATIONS), ("kind", CLAIM_KINDS), ("claimant_type", CLAIMANT_TYPES),
                            ("stance", STANCES)):
        if key in changes and changes[key] not in vocabulary:
            raise ReviewError(f"unknown {key.replace('_', ' ')} {changes[key]!r}")
    low, high = changes.get("min", claim.min), changes.get("max", claim.max)
    if low is None or low < 0 or (high is not None and high < low):
        raise ReviewError("a figure needs 0 ≤ min ≤ max (max may be empty: open-ended)")
    store.record(Decision(incident_id, author, "correct_claim", before={k: getattr(claim, k) for k in changes},
                          after=changes, target=claim.key, reason=_need_reason(reason)))
    _reassess(store, incident_id)


@_one_transaction
def exclude_claim(store: Store, incident_id: int, claim_id: int, author: str, reason: str) -> None:
    """Mark a figure out of scope: it is about another event, so it no longer counts here."""
    claim = _claim_of(store, incident_id, claim_id)
    store.record(Decision(incident_id, author, "exclude_claim", before={"scope": claim.scope},
                          after={"scope": "other"}, target=claim.key, reason=_need_reason(reason)))
    _reassess(store, incident_id)


@_one_transaction
def merge(store: Store, incident_id: int, into: int, author: str, reason: str) -> None:
    """Fold one incident into another; the merged-away id keeps answering, as `merged_into`."""
    if incident_id == into:
        raise ReviewError("an incident cannot be merged into itself")
    _live(store, incident_id)
    _live(store, into)
    reason = _need_reason(reason)
    moved = store.move_reports(incident_id, into)
    store.set_merged_into(incident_id, into)
    store.record(Decision(incident_id, author, "merge", before={"reports": moved}, after={"merged_into": into},
                          reason=reason))
    store.record(Decision(into, author, "merge", before=None, after={"absorbed": incident_id, "reports": moved},
                          reason=reason))
    _reassess(store, into)


@_one_transaction
def split(store: Store, incident_id: int, report_id: int, author: str, reason: str) -> int:
    """Move one report (and only it) out into a new incident; returns the new id."""
    incident = _live(store, incident_id)
    if report_id not in {r.report_id for r in incident.reports}:
        raise ReviewError(f"report {report_id} is not linked to incident {incident_id}")
    if len(incident.reports) == 1:
        raise ReviewError("the incident has only this report")
    reason = _need_reason(reason)
    new_id = store.new_incident()
    store.move_reports(incident_id, new_id, [report_id])
    store.record(Decision(incident_id, author, "split", before={"report": report_id}, after={"new_incident": new_id},
                          target={"report_id": report_id}, reason=reason))
    store.record(Decision(new_id, author, "split", before={"split_from": incident_id}, after={"report": report_id},
                          target={"report_id": report_id}, reason=reason))
    _reassess(store, incident_id, new_id)
    return new_id


@_one_transaction
def add_note(store: Store, incident_id: int, author: str, note: str) -> None:
    _live(store, incident_id)
    store.record(Decision(incident_id, author, "note", after=_need_reason(note)))


@_one_transaction
def add_source(store: Store, incident_id: int, author: str, url: str, note: Optional[str] = None) -> None:
    """An external source an analyst found (a monitor's page, a video): kept as a link."""
    _live(store, incident_id)
    if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
        raise ReviewError("a source link must be an http(s) URL")
    store.record(Decision(incident_id, author, "source", after={"url": url}, reason=note))
