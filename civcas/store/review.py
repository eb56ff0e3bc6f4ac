"""Analysts' side of the store: accounts, web sessions, login events, the audit trail, and the
moves merge and split make.

Every analyst action is one append-only row of `analyst_decisions` (who, when, what, before,
after, why). What an incident publishes is derived from those rows (`overrides`,
`claim_corrections`), so nothing is ever destroyed and a re-run cannot overwrite a decision.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable, Optional

from sqlalchemy import delete, func, insert, or_, select, update

from civcas.model import OVERRIDABLE_FIELDS, ROLES, Decision, User
from civcas.store import tables as t
from civcas.store.changes import CHANGED, MERGED, ChangeStore
from civcas.store.clock import now

#: Claim fields an analyst may correct (the rest describe where the figure is written).
#: how long an ended (expired or revoked) session and a login event stay in the store: long
#: enough to audit logins, never forever
ENDED_SESSIONS_KEPT = dt.timedelta(days=30)
LOGIN_EVENTS_KEPT = dt.timedelta(days=365)
CORRECTABLE_CLAIM_FIELDS = ("min", "max", "population", "kind", "claimant", "claimant_type", "stance", "scope")


class ReviewStore(ChangeStore):

    # --- accounts -----------------------------------------------------------------------------

    def add_user(self, username: str, password_hash: str, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
        with self._write() as conn:
            conn.execute(insert(t.users).values(username=username, password_hash=password_hash, role=role,
                                                created_at=now()))

    def user_credentials(self, username: str) -> Optional[tuple[User, str]]:
        with self._read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.username == username)).first()
        return (User(row.username, row.role), row.password_hash) if row else None

    def set_password_hash(self, username: str, password_hash: str) -> None:
        with self._write() as conn:
            conn.execute(update(t.users).where(t.users.c.username == username).values(password_hash=password_hash))

    def set_role(self, username: str, role: str) -> bool:
        """Change a user's role (it takes effect on the user's next request); False if no such user."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
        with self._write() as conn:
            return conn.execute(update(t.users).where(t.users.c.username == username).values(role=role)).rowcount > 0

    def remove_user(self, username: str) -> bool:
        """Delete an account (its decisions keep its name); False if no such user."""
        with self._write() as conn:
            return conn.execute(delete(t.users).where(t.users.c.username == username)).rowcount > 0

    # --- web sessions -------------------------------------------------------------------------

    def add_session(self, token_hash: str, username: str, csrf: str, expires_at: dt.datetime) -> None:
        """Start a session; sessions ended long ago and login events past their keeping time are
        pruned in the same write (a login is rare enough to carry it), so neither table grows
        without end."""
        at = now()
        s, e = t.sessions.c, t.login_events.c
        with self._write() as conn:
            conn.execute(delete(t.sessions).where(or_(s.expires_at < at - ENDED_SESSIONS_KEPT,
                                                      s.revoked_at < at - ENDED_SESSIONS_KEPT)))
            conn.execute(delete(t.login_events).where(e.at < at - LOGIN_EVENTS_KEPT))
            conn.execute(insert(t.sessions).values(token_hash=token_hash, username=username, csrf=csrf, created_at=at,
                                                   last_seen=at, expires_at=expires_at))

    def live_session(self, token_hash: str) -> Optional[dict]:
        """The session with this token hash if it is neither revoked nor expired and its user still
        exists: {"username", "role" (read from users now), "csrf", "last_seen"}; else None."""
        s, u = t.sessions.c, t.users.c
        query = (select(s.username, u.role, s.csrf, s.last_seen).join(t.users, u.username == s.username)
                 .where(s.token_hash == token_hash, s.revoked_at.is_(None), s.expires_at > now()))
        with self._read() as conn:
            row = conn.execute(query).first()
        return dict(row._mapping) if row else None

    def touch_session(self, token_hash: str) -> None:
        with self._write() as conn:
            conn.execute(update(t.sessions).where(t.sessions.c.token_hash == token_hash).values(last_seen=now()))

    def revoke_sessions(self, username: Optional[str] = None, token_hash: Optional[str] = None) -> int:
        """End one session (by token hash) or every live session of a user; returns how many."""
        s = t.sessions.c
        which = s.token_hash == token_hash if token_hash is not None else s.username == username
        with self._write() as conn:
            return conn.execute(update(t.sessions).where(which, s.revoked_at.is_(None))
                                .values(revoked_at=now())).rowcount

    # --- login events -------------------------------------------------------------------------

    def record_login(self, username: str, address: str, success: bool, reason: str) -> None:
        with self._write() as conn:
            conn.execute(insert(t.login_events).values(username=username[:200], address=address[:64], success=success,
                                                       reason=reason, at=now()))

    def login_failures(self, since: dt.datetime, reasons: Iterable[str], username: Optional[str] = None,
                       address: Optional[str] = None, reset_reasons: Iterable[str] = ()) -> list[dt.datetime]:
        """When the failed logins (events with one of `reasons`) of a user name or of an address
        happened since `since`, oldest first. For a user name, a success or an event with one of
        `reset_reasons` (a lifted lockout) forgets the failures before it."""
        e = t.login_events.c
        who = e.username == username if username is not None else e.address == address
        with self._read() as conn:
            if username is not None:
                reset = conn.execute(select(func.max(e.at)).where(
                    who, or_(e.success.is_(True), e.reason.in_(list(reset_reasons))))).scalar()
                since = max(since, reset) if reset else since
            return list(conn.execute(select(e.at).where(who, e.reason.in_(list(reasons)), e.at >= since)
                                     .order_by(e.at)).scalars())

    def login_events(self, username: Optional[str] = None, limit: int = 100) -> list[dict]:
        """The latest login events (of one user name, or all), newest first."""
        e = t.login_events
        query = select(e).order_by(e.c.id.desc()).limit(limit)
        if username is not None:
            query = query.where(e.c.username == username)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    # --- the audit trail ----------------------------------------------------------------------

    def record(self, decision: Decision) -> int:
        """Append one decision and re-publish the incident it concerns."""
        with self._write() as conn:
            self._log(conn, [decision.incident_id], CHANGED)
            new_id = conn.execute(insert(t.analyst_decisions).values(
                incident_id=decision.incident_id, action=decision.action, field=decision.field,
                before=decision.before, value=decision.after, target=decision.target, reason=decision.reason,
                author=decision.author, at=now())).inserted_primary_key[0]
            self._publish(conn, decision.incident_id)
        return new_id

    def decisions(self, incident_id: Optional[int] = None) -> list[Decision]:
        d = t.analyst_decisions
        query = select(d).order_by(d.c.id)
        if incident_id is not None:
            query = query.where(d.c.incident_id == incident_id)
        with self._read() as conn:
            return [_decision(r) for r in conn.execute(query)]

    def overrides(self, incident_id: int, conn=None) -> dict[str, tuple[object, str]]:
        """field → (value, reason) of the latest analyst setting of each overridable field."""
        if conn is None:
            with self._read() as conn:
                return self.overrides(incident_id, conn)
        d = t.analyst_decisions
        query = (select(d.c.field, d.c.value, d.c.reason)
                 .where(d.c.incident_id == incident_id, d.c.field.in_(OVERRIDABLE_FIELDS)).order_by(d.c.id))
        return {r.field: (r.value, r.reason) for r in conn.execute(query)}

    def claim_corrections(self, report_ids: Iterable[int], conn) -> dict[tuple[int, int, int], dict]:
        """(report id, start, end) → the fields analysts changed on that figure (latest wins)."""
        out: dict[tuple[int, int, int], dict] = {}
        for r in _figure_decisions(conn, report_ids):
            key = (r.target["report_id"], r.target["start"], r.target["end"])
            out.setdefault(key, {}).update({k: v for k, v in r.value.items() if k in CORRECTABLE_CLAIM_FIELDS})
        return out

    def unmatched_corrections(self, report_ids: Iterable[int]) -> list[Decision]:
        """Analysts' corrections of figures that the stored reading no longer yields (a re-read moved
        or dropped the figure): kept in the audit trail and shown for review, never applied to
        another figure."""
        c = t.claims.c
        with self._read() as conn:
            return [_decision(r) for r in _figure_decisions(conn, report_ids)
                    if conn.execute(select(c.id).where(c.report_id == r.target["report_id"], c.start == r.target["start"],
                                                       c.end == r.target["end"])).first() is None]

    def carry_figure_decisions(self, previous_id: int, report_id: int, incident_id: int) -> list[Decision]:
        """Analysts' corrections and exclusions of figures of an earlier version of a report,
        carried to the newer version's figure read from the same sentence with the same numbers
        (each recorded as a decision of its own, by civcas, naming the one it carries): an edited
        article must not silently drop what an analyst decided about it. Returns the decisions
        that found no such figure (the sentence was edited), for review."""
        c = t.claims.c
        left = []
        with self._write() as conn:
            carried = {(r.action, json.dumps(r.target, sort_keys=True)) for r in _figure_decisions(conn, [report_id])}
            for r in _figure_decisions(conn, [previous_id]):
                old = conn.execute(select(c.sentence, c.min, c.max, c.kind, c.population).where(
                    c.report_id == previous_id, c.start == r.target["start"], c.end == r.target["end"])).first()
                new = old and conn.execute(select(c.start, c.end).where(
                    c.report_id == report_id, c.sentence == old.sentence, c.min.is_not_distinct_from(old.min),
                    c.max.is_not_distinct_from(old.max), c.kind == old.kind, c.population == old.population)
                    .order_by(c.start)).first()
                if new is None:
                    left.append(_decision(r))
                    continue
                target = {"report_id": report_id, "start": new.start, "end": new.end}
                if (r.action, json.dumps(target, sort_keys=True)) in carried:
                    continue
                self.record(Decision(incident_id, "civcas", r.action, before=r.before, after=r.value, target=target,
                                     reason=f"carried from report {previous_id}, an earlier version of this URL "
                                            f"(decision {r.id} by {r.author}: {r.reason})"))
        return left

    def mark_reviewed(self, incident_id: int, author: str) -> None:
        with self._write() as conn:
            self._log(conn, [incident_id], CHANGED)
            conn.execute(update(t.incidents).where(t.incidents.c.id == incident_id).values(
                reviewed_by=author, reviewed_at=now(), new_evidence=False))

    # --- merge and split ----------------------------------------------------------------------

    def move_reports(self, from_incident: int, to_incident: int, report_ids: Optional[Iterable[int]] = None) -> list[int]:
        """Move report links (all, or the given reports) from one incident to another; a report
        already linked to the target keeps that link. Returns the reports moved."""
        ir = t.incident_reports
        with self._write() as conn:
            self._log(conn, [from_incident, to_incident], CHANGED)
            query = select(ir.c.report_id).where(ir.c.incident_id == from_incident)
            if report_ids is not None:
                query = query.where(ir.c.report_id.in_(list(report_ids)))
            moving = list(conn.execute(query).scalars())
            there = set(conn.execute(select(ir.c.report_id).where(ir.c.incident_id == to_incident)).scalars())
            for rid in moving:
                if rid in there:
                    conn.execute(ir.delete().where(ir.c.incident_id == from_incident, ir.c.report_id == rid))
                else:
                    conn.execute(update(ir).where(ir.c.incident_id == from_incident, ir.c.report_id == rid)
                                 .values(incident_id=to_incident))
            self.index_incident_text(conn, [from_incident, to_incident])
        return moving

    def set_merged_into(self, incident_id: int, survivor: int) -> None:
        with self._write() as conn:
            # Ids merged into this one earlier now answer with the new survivor.
            earlier = list(conn.execute(select(t.incidents.c.id).where(t.incidents.c.merged_into == incident_id))
                           .scalars())
            self._log(conn, [incident_id, *earlier], MERGED, survivor)
            conn.execute(update(t.incidents).where(t.incidents.c.id == incident_id).values(merged_into=survivor))
            conn.execute(update(t.incidents).where(t.incidents.c.merged_into == incident_id)
                         .values(merged_into=survivor))

    def survivor(self, incident_id: int) -> Optional[int]:
        """The incident an id now answers as (itself, or what it was merged into); None if unknown."""
        with self._read() as conn:
            row = conn.execute(select(t.incidents.c.id, t.incidents.c.merged_into)
                               .where(t.incidents.c.id == incident_id)).first()
        if row is None:
            return None
        return row.merged_into or row.id


def _decision(row) -> Decision:
    return Decision(incident_id=row.incident_id, author=row.author, action=row.action, field=row.field,
                    before=row.before, after=row.value, reason=row.reason, target=row.target, at=row.at, id=row.id)


def _figure_decisions(conn, report_ids: Iterable[int]):
    """Analysts' decisions on single figures (correct, exclude) of these reports, oldest first."""
    d = t.analyst_decisions
    ids = set(report_ids)
    for r in conn.execute(select(d).where(d.c.action.in_(("correct_claim", "exclude_claim"))).order_by(d.c.id)):
        if r.target["report_id"] in ids:
            yield r
