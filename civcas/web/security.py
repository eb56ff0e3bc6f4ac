"""Untrusted text and logged-in users: security headers, CSRF tokens and roles.

Report text, titles and outlets are hostile input. Templates escape everything (autoescape),
links are only made of http(s) URLs, and every response carries a Content-Security-Policy that
allows scripts and styles from civcas itself and nothing inline, so a payload that slipped
through would still not run.
"""
from __future__ import annotations

import hmac
import secrets
from typing import Optional
from urllib.parse import urlparse

from fastapi import HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware

from civcas.model import User

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}
#: What each role may do; a role includes the ones before it.
CAN_REVIEW = ("analyst", "admin")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response


def safe_url(url: Optional[str]) -> Optional[str]:
    """A URL fit for an href (http or https), else None: `javascript:` and friends never become links."""
    if url and urlparse(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use); every form posts it back."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, submitted: Optional[str]) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise HTTPException(403, "the form has expired or did not come from this site: reload the page and retry")


def current_user(request: Request) -> Optional[User]:
    data = request.session.get("user")
    return User(data["username"], data["role"]) if data else None


def log_in(request: Request, user: User) -> None:
    request.session.clear()      # a fresh session (and CSRF token) at login: no fixation
    request.session["user"] = {"username": user.username, "role": user.role}


def require_reviewer(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "log in first")
    if user.role not in CAN_REVIEW:
        raise HTTPException(403, "your role may read but not change incidents")
    return user
