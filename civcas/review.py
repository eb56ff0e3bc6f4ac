"""What analysts do to incidents, as library functions (the web pages and the CLI call these).

Each action appends one Decision to the audit trail (who, when, what, before, after, why) and,
where it changes what the incident is built from, re-runs the assessment. Published fields are
the machine's answer with the latest decisions laid over it, so a later pipeline run never
replaces a decision; it only flags "new evidence".
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
import threading
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlparse

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from civcas import assess
from civcas.model import (CLAIMANT_TYPES, CLAIM_KINDS, DATE_PRECISIONS, GRADES, POPULATIONS, STANCES, Claim, Decision,
                          Place, User)
from civcas.store import Store
from civcas.store.clock import now

_hasher = PasswordHasher()
#: At most this many argon2 computations at once, half the cores (each takes ~0.2 s of a core and
#: 64 MiB): a flood of logins queues here and leaves the other cores to the pages.
HASHING = threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))
USERNAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
#: Why a login failed, as `login_events.reason`; these count towards the throttle.
WRONG_PASSWORD, UNKNOWN_USER = "wrong password", "unknown user"
THROTTLED, UNLOCKED, LOGGED_IN = "throttled", "unlocked by an admin", "ok"


class ReviewError(ValueError):
    """An action that cannot be done as asked (the message says why, for the analyst)."""


# --- accounts ---------------------------------------------------------------------------------

def check_username(username: str) -> None:
    if not USERNAME.fullmatch(username or ""):
        raise ReviewError("a user name is 1–64 characters: letters, digits, '.', '_' or '-' (no spaces)")


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise ReviewError("a password needs at least 8 characters")


def _hash(password: str) -> str:
    with HASHING:
        return _hasher.hash(password)


def _existing(store: Store, username: str) -> None:
    if not store.user_credentials(username):
        raise ReviewError(f"no user {username!r}")


def add_user(store: Store, username: str, password: str, role: str) -> None:
    check_username(username)
    _check_password(password)
    if store.user_credentials(username):
        raise ReviewError(f"user {username!r} exists")
    store.add_user(username, _hash(password), role)


def remove_user(store: Store, username: str) -> None:
    """Delete the account and end its sessions at once (its decisions keep its name)."""
    with store.atomic():
        if not store.remove_user(username):
            raise ReviewError(f"no user {username!r}")
        store.revoke_sessions(username)


def set_role(store: Store, username: str, role: str) -> None:
    """Change the role; the web reads it on every request, so it holds from the user's next click."""
    if not store.set_role(username, role):
        raise ReviewError(f"no user {username!r}")


def reset_password(store: Store, username: str, password: str) -> None:
    """A new password; every session of the user ends (whoever knew the old one is logged out)."""
    _check_password(password)
    _existing(store, username)
    password_hash = _hash(password)
    with store.atomic():
        store.set_password_hash(username, password_hash)
        store.revoke_sessions(username)


def unlock(store: Store, username: str) -> None:
    """Lift a lockout: the user's failed logins before now no longer count."""
    _existing(store, username)
    store.record_login(username, "-", False, UNLOCKED)


def _verify(store: Store, username: str, password: str) -> tuple[Optional[User], str]:
    """The user if the password is theirs, and the reason recorded for the attempt. An empty
    name never logs in, even if an account was made with one before names were checked."""
    found = store.user_credentials(username) if username else None
    if not found:
        _hash(password)    # same work whether or not the user exists
        return None, UNKNOWN_USER
    user, stored = found
    try:
        with HASHING:
            _hasher.verify(stored, password)
    except (VerifyMismatchError, InvalidHashError):
        return None, WRONG_PASSWORD
    if _hasher.check_needs_rehash(stored):
        store.set_password_hash(username, _hash(password))
    return user, LOGGED_IN


def authenticate(store: Store, username: str, password: str) -> Optional[User]:
    return _verify(store, username, password)[0]


@dataclass(frozen=True)
class LoginPolicy:
    """When logins are refused without checking the password: after `account_failures` failed
    logins to one user name within `account_window` (until the window passes or an admin unlocks
    it), or `address_failures` from one client address within `address_window`."""
    account_failures: int = 5
    account_window: dt.timedelta = dt.timedelta(minutes=15)
    address_failures: int = 20
    address_window: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class LoginOutcome:
    user: Optional[User]
    retry_after: Optional[int] = None     # seconds, when the attempt was throttled


def _wait(failures: list[dt.datetime], limit: int, window: dt.timedelta, at: dt.datetime) -> int:
    """Seconds until fewer than `limit` of these failures (oldest first) lie within `window`."""
    if len(failures) < limit:
        return 0
    return max(1, math.ceil((failures[-limit] + window - at).total_seconds()))


def log_in(store: Store, username: str, password: str, address: str,
           policy: LoginPolicy = LoginPolicy()) -> LoginOutcome:
    """A login attempt from a client address: refused at once (with how long to wait) while the
    user name or the address is throttled, else the password is checked. Every attempt leaves a
    `login_events` row. The check and the record are not one transaction, so a burst can pass a
    limit by the number of attempts being checked at once (the web runs four at a time)."""
    at = now()
    failed = (WRONG_PASSWORD, UNKNOWN_USER)
    by_name = store.login_failures(at - policy.account_window, failed, username=username, reset_reasons=(UNLOCKED,))
    by_address = store.login_failures(at - policy.address_window, failed, address=address)
    wait = max(_wait(by_name, policy.account_failures, policy.account_window, at),
               _wait(by_address, policy.address_failures, policy.address_window, at))
    if wait:
        store.record_login(username, address, False, THROTTLED)
        return LoginOutcome(None, wait)
    user, reason = _verify(store, username, password)
    store.record_login(username, address, user is not None, reason)
    return LoginOutcome(user)


# --- actions ----------------------------------------------------------------------------------

def _live(store: Store, incident_id: int):
    found = store.incidents([incident_id])
    if not found:
        raise ReviewError(f"no incident {incident_id}")
    if found[0].merged_into:
        raise ReviewError(f"incident {incident_id} was merged into {found[0].merged_into}")
    if found[0].removed:
        raise ReviewError(f"incident {incident_id} was removed")
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
    store.mark_split(incident_id, new_id)
    _reassess(store, incident_id, new_id)
    return new_id


@_one_transaction
def remove(store: Store, incident_id: int, author: str, reason: str) -> None:
    """Take an incident out of the published data (no harm event: a film, an anniversary, a
    drill). It stays in the store with its audit trail and keeps drawing the reports that tell of
    it, so they do not open it again; the list, the API's lists and the exports leave it out, and
    `civcas export --since` reports it removed."""
    incident = _live(store, incident_id)
    store.record(Decision(incident_id, author, "remove", before={"grade": incident.grade}, after={"removed": True},
                          reason=_need_reason(reason)))
    store.remove_incident(incident_id)


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
