"""A polite HTTP client (httpx): robots.txt honoured, one request at a time per host with a
minimum delay between them, conditional GET, retries with backoff on 429 and 5xx (Retry-After
honoured), timeouts, a size limit and a User-Agent naming the project. Every response — robots.txt,
redirects and errors included — is written to the archive before anyone reads it.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import threading
import time
from dataclasses import dataclass, field
from typing import Optional
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

import httpx

from civcas import __version__
from civcas.store.clock import now

MAX_BYTES = 5_000_000         # a response larger than this is cut off and refused (ingest's own limit)
TIMEOUT = 20.0                # seconds to connect, and between two reads
RETRIES = 3                   # further attempts after a 429 or 5xx answer or a failed connection
BACKOFF = 1.0                 # seconds before the first retry without Retry-After; doubled each time
MAX_WAIT = 120.0              # a Retry-After longer than this gives up for this poll instead of waiting
ROBOTS_TTL = 86_400.0         # robots.txt is read again after a day (RFC 9309 § 2.4)
REDIRECTS = 5
DEFAULT_CONTACT = "https://pypi.org/project/civcas/"


def user_agent(contact: Optional[str] = None) -> str:
    return f"civcas/{__version__} (+{contact or DEFAULT_CONTACT})"


class FetchError(Exception):
    """A URL that could not be fetched this time (network, 5xx after retries, too large), with
    the responses it took."""

    def __init__(self, message: str, responses: int = 0):
        super().__init__(message)
        self.responses = responses


class Disallowed(FetchError):
    """robots.txt forbids the URL to civcas."""


@dataclass
class Response:
    url: str                       # the URL answered (after redirects)
    status: int
    headers: httpx.Headers
    body: bytes
    fetched_at: dt.datetime
    record: object = None          # the archive's ArchivedRecord of this response
    responses: int = 1             # responses it took (retries and redirects included)

    @property
    def validators(self) -> tuple[Optional[str], Optional[str]]:
        return self.headers.get("etag"), self.headers.get("last-modified")


@dataclass
class _Host:
    """One host's turn-taking: its lock is held for a whole request, and the next may start only
    `delay` after the previous one ended."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    ready_at: float = 0.0
    robots: Optional[robotparser.RobotFileParser] = None
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    robots_read_at: float = float("-inf")


class Fetcher:
    def __init__(self, archive, contact: Optional[str] = None, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
                 retries: int = RETRIES, backoff: float = BACKOFF, max_wait: float = MAX_WAIT):
        self.archive, self.max_bytes = archive, max_bytes
        self.retries, self.backoff, self.max_wait = retries, backoff, max_wait
        self.agent = user_agent(contact)
        self.client = httpx.Client(headers={"User-Agent": self.agent, "Accept-Encoding": "identity"}, follow_redirects=False,
                                   timeout=httpx.Timeout(timeout), trust_env=False)
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, delay: float, etag: Optional[str] = None, last_modified: Optional[str] = None) -> Response:
        """The final response for `url` (200, 304, 404 …), redirects followed, retries done;
        FetchError when none came (Disallowed when robots.txt forbids it)."""
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        count = 0
        for _ in range(REDIRECTS + 1):
            count += self._allowed(url, delay, count)
            try:
                response = self._retried(url, delay, conditional)
            except FetchError as exc:
                exc.responses += count
                raise
            count += response.responses
            location = response.headers.get("location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                response.responses = count
                return response
            url, conditional = urljoin(url, location), {}
        raise FetchError(f"more than {REDIRECTS} redirects", count)

    def _retried(self, url: str, delay: float, headers: dict) -> Response:
        """Retries after a 429 or 5xx (waiting what Retry-After says, else a doubling backoff)
        and after a failed connection or timeout."""
        responses = 0
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2 ** attempt
            try:
                response = self._once(url, delay, headers)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                responses += 1
                if response.status != 429 and response.status < 500:
                    response.responses = responses
                    return response
                problem = f"HTTP {response.status}"
                wait = _retry_after(response.headers.get("retry-after"), wait)
                if wait > self.max_wait:
                    raise FetchError(f"{problem}, retry after {wait:.0f} s", responses)
            if attempt < self.retries:
                time.sleep(wait)
        raise FetchError(f"{problem} after {self.retries + 1} attempts", responses)

    def _once(self, url: str, delay: float, headers: dict) -> Response:
        """One request, when the host's turn comes; its response archived."""
        host = self._host(url)
        with host.lock:
            wait = host.ready_at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return self._request(url, headers)
            finally:
                host.ready_at = time.monotonic() + max(delay, self._crawl_delay(host))

    def _request(self, url: str, headers: dict) -> Response:
        """The body (decoded if a server compressed it although asked not to), held to the size
        limit as it arrives, then archived."""
        with self.client.stream("GET", url, headers=headers) as answer:
            declared = answer.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"too large ({int(declared):,} bytes; at most {self.max_bytes:,})", 1)
            body = bytearray()
            for chunk in answer.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError(f"too large (over {self.max_bytes:,} bytes)", 1)
        response = Response(url, answer.status_code, answer.headers, bytes(body), now())
        response.record = self.archive.write(url, answer.status_code, list(answer.headers.multi_items()),
                                             response.body, response.fetched_at,
                                             request_headers=list(answer.request.headers.multi_items()))
        return response

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def _allowed(self, url: str, delay: float, responses: int) -> int:
        """Raise Disallowed when the host's robots.txt forbids `url`; the responses reading
        robots.txt took (0 when known already)."""
        host = self._host(url)
        read = 0
        with host.robots_lock:
            if time.monotonic() - host.robots_read_at > ROBOTS_TTL:
                host.robots, read = self._robots(url, delay)
                host.robots_read_at = time.monotonic()
        if not host.robots.can_fetch(self.agent, url):
            raise Disallowed(f"robots.txt disallows {url}", responses + read)
        return read

    def _robots(self, url: str, delay: float) -> tuple[robotparser.RobotFileParser, int]:
        """The host's rules (RFC 9309) and the responses reading them took: a 4xx robots.txt
        allows everything; a 5xx or no answer forbids everything until it is read again."""
        parts = urlsplit(url)
        rules = robotparser.RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
        try:
            response = self._retried(rules.url, delay, {})
        except FetchError as exc:
            rules.disallow_all = True
            return rules, exc.responses
        if response.status >= 500:
            rules.disallow_all = True
        elif response.status >= 400:
            rules.allow_all = True
        else:
            rules.parse(response.body.decode("utf-8", "replace").splitlines())
        return rules, response.responses

    def _crawl_delay(self, host: _Host) -> float:
        value = host.robots.crawl_delay(self.agent) if host.robots is not None else None
        return float(value or 0)


def _retry_after(value: Optional[str], fallback: float) -> float:
    """Retry-After as seconds (a number or an HTTP date); the backoff when absent or unreadable."""
    if not value:
        return fallback
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return fallback
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())
