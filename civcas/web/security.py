"""Untrusted text and logged-in users: security headers, sessions, CSRF tokens and roles.

Report text, titles and outlets are hostile input. Templates escape everything (autoescape),
links are only made of http(s) URLs, and every response carries a Content-Security-Policy that
allows scripts and styles from civcas itself and nothing inline, so a payload that slipped
through would still not run.

Sessions live in the database (`sessions`): the cookie holds only a random token, the row its
SHA-256, the session's CSRF token and when it expires. The user's role is read from `users` on
every request, and logging out, removing the user or resetting the password revokes the row, so
a copied cookie stops working at once.

Visitors who are not logged in have no row (a row per anonymous visitor would let anyone fill
the database): the login form's CSRF token is a signed double-submit pair instead. A random
nonce goes in the `civcas_login` cookie and the form carries HMAC(key, nonce), with the key of
`civcas.web.secret`; a forged login post would need both the cookie and the key.

Every function that reads or writes sessions calls the store: call them from a worker thread
(plain `def` routes), never on the event loop.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlparse

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import Response

from civcas.model import User
from civcas.store.clock import now

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}
#: What each role may do; a role includes the ones before it.
CAN_REVIEW = ("analyst", "admin")
SESSION_COOKIE, LOGIN_COOKIE = "civcas_session", "civcas_login"
SESSION_LIFETIME = dt.timedelta(hours=8)
#: A session's last_seen is written at most this often (not on every page view).
TOUCH_EVERY = dt.timedelta(minutes=1)
_NOT_LOOKED_UP = object()


class SecurityHeaders:
    """Adds HEADERS to every response that passes through the app (pure ASGI, so streamed
    downloads pass through untouched). Responses to unhandled errors are made outside it, by
    the app's error handler, which adds HEADERS itself."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in HEADERS.items():
                    headers.setdefault(key, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def safe_url(url: Optional[str]) -> Optional[str]:
    """A URL fit for an href (http or https), else None: `javascript:` and friends never become links."""
    if url and urlparse(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@dataclass(frozen=True)
class Session:
    token_hash: str
    user: User
    csrf: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current_session(request: Request) -> Optional[Session]:
    """The live session the cookie names, looked up once per request; None when there is no
    cookie or its session was revoked, expired, or its user removed."""
    looked_up = getattr(request.state, "session", _NOT_LOOKED_UP)
    if looked_up is not _NOT_LOOKED_UP:
        return looked_up
    session = None
    token = request.cookies.get(SESSION_COOKIE)
    if token and len(token) <= 100:
        store = request.app.state.store
        token_hash = _token_hash(token)
        row = store.live_session(token_hash)
        if row:
            session = Session(token_hash, User(row["username"], row["role"]), row["csrf"])
            if now() - row["last_seen"] > TOUCH_EVERY:
                store.touch_session(token_hash)
    request.state.session = session
    return session


def current_user(request: Request) -> Optional[User]:
    session = current_session(request)
    return session.user if session else None


def _cookie(request: Request, response: Response, name: str, value: str, max_age: Optional[int] = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict",
                        secure=request.app.state.https_only)


def start_session(request: Request, response: Response, user: User) -> None:
    """A new session (new token, new CSRF token: no fixation) in the response's cookie; the
    session the request came with, if any, ends."""
    old = current_session(request)
    if old:
        request.app.state.store.revoke_sessions(token_hash=old.token_hash)
    token = secrets.token_urlsafe(32)
    request.app.state.store.add_session(_token_hash(token), user.username, secrets.token_urlsafe(32),
                                        now() + SESSION_LIFETIME)
    _cookie(request, response, SESSION_COOKIE, token, int(SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, httponly=True, samesite="strict")


def end_session(request: Request, response: Response) -> None:
    session = current_session(request)
    if session:
        request.app.state.store.revoke_sessions(token_hash=session.token_hash)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")


def _signed(request: Request, nonce: str) -> str:
    return hmac.new(request.app.state.secret, b"login-form:" + nonce.encode(), hashlib.sha256).hexdigest()


def login_form_token(request: Request) -> tuple[str, Optional[str]]:
    """The login form's CSRF token, and the nonce to set as the LOGIN_COOKIE when the request
    came without one (see `keep_login_nonce`)."""
    nonce = request.cookies.get(LOGIN_COOKIE)
    fresh = None
    if not nonce or len(nonce) > 100:
        nonce = fresh = secrets.token_urlsafe(32)
    return _signed(request, nonce), fresh


def keep_login_nonce(request: Request, response: Response, nonce: str) -> None:
    _cookie(request, response, LOGIN_COOKIE, nonce)


def _refuse_form() -> HTTPException:
    return HTTPException(403, "the form has expired or did not come from this site: reload the page and retry")


def check_login_form(request: Request, submitted: Optional[str]) -> None:
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce or not submitted or not hmac.compare_digest(_signed(request, nonce), submitted):
        raise _refuse_form()


def check_csrf(session: Session, submitted: Optional[str]) -> None:
    if not submitted or not hmac.compare_digest(session.csrf, submitted):
        raise _refuse_form()


def require_reviewer(request: Request, submitted_csrf: Optional[str]) -> User:
    """The user behind a form post that changes an incident: 401 without a live session, 403 for
    a token not of this session or a role that may only read."""
    session = current_session(request)
    if session is None:
        raise HTTPException(401, "log in first")
    check_csrf(session, submitted_csrf)
    if session.user.role not in CAN_REVIEW:
        raise HTTPException(403, "your role may read but not change incidents")
    return session.user
