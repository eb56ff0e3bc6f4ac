"""Issue 15, "nobody in, nothing lost" (web half): a login flood must not freeze the pages, logins
are throttled, audited and revocable, bulk downloads stream in bounded memory, odd numbers answer
400, and every error page carries the security headers.

The flood and the memory tests run `civcas serve` in its own process (a real uvicorn server on a
free port, real SQLite file) and print their figures; the rest use the in-process client."""
import concurrent.futures
import csv
import hashlib
import io
import json
import re
import sqlite3
import statistics
import sys
import threading
import time

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from civcas import review
from civcas.cli import main
from civcas.review import LoginPolicy
from civcas.store import Store
from civcas.web import create_app
from civcas.web.analyst import LOGIN_LANES
from civcas.web.limits import BulkLimits
from civcas.web.security import HEADERS, SESSION_COOKIE

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import web as web_bench  # noqa: E402  (bench/web.py: the synthetic store builder and `civcas serve` runner)

FLOOD = 200
LIST_P99_LIMIT_MS = 200
DOWNLOAD_GROWTH_LIMIT_MB = 50


def _login_form(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)


def _session_token(client) -> str:
    """The session's CSRF token, from the logout form every page carries for a logged-in user."""
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/incidents").text).group(1)


def _post_login(client, user, password):
    return client.post("/login", data={"username": user, "password": password, "csrf": _login_form(client)},
                       follow_redirects=False)


@pytest.fixture
def client(demo_store):
    review.add_user(demo_store, "ana", "analyst-pass", "analyst")
    return TestClient(create_app(demo_store.url))


# --- a login flood does not freeze the pages ---------------------------------------------------

def _pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _probe(base: str, stop: threading.Event, latencies: list) -> None:
    with httpx.Client(base_url=base, timeout=60) as probe:
        while not stop.is_set():
            started = time.perf_counter()
            assert probe.get("/incidents").status_code == 200
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(0.005)


def test_a_login_flood_leaves_the_list_page_fast(demo_store):
    """200 concurrent failed logins from one address (guessed user names, so the address throttle
    is what stops them: its first 20 run argon2, ~0.2 s of CPU each) while a client reads the list
    page: its p99 stays under 200 ms, the throttled attempts answer 429 with Retry-After, and every
    attempt leaves an audit row."""
    review.add_user(demo_store, "ana", "analyst-pass", "analyst")
    with web_bench.serving(demo_store.url) as (base, _server):
        with httpx.Client(base_url=base) as first:
            token = re.search(r'name="csrf" value="([^"]+)"', first.get("/login").text).group(1)
            cookies = dict(first.cookies)
        quiet: list[float] = []
        stop = threading.Event()
        prober = threading.Thread(target=_probe, args=(base, stop, quiet))
        prober.start()
        time.sleep(1.5)
        stop.set()
        prober.join()

        attacker = httpx.Client(base_url=base, cookies=cookies, timeout=120,
                                limits=httpx.Limits(max_connections=FLOOD, max_keepalive_connections=FLOOD))

        def attempt(i: int) -> tuple[int, str | None]:
            answer = attacker.post("/login", data={"username": f"guess{i}", "password": "wrong-password",
                                                   "csrf": token})
            return answer.status_code, answer.headers.get("retry-after")

        flooded: list[float] = []
        stop = threading.Event()
        prober = threading.Thread(target=_probe, args=(base, stop, flooded))
        started = time.perf_counter()
        prober.start()
        with concurrent.futures.ThreadPoolExecutor(FLOOD) as pool:
            answers = list(pool.map(attempt, range(FLOOD)))
        stop.set()
        attacker.close()
        prober.join()
        seconds = time.perf_counter() - started
    events = demo_store.login_events(limit=1000)
    statuses = [status for status, _ in answers]
    print(f"\nlist page alone: p50 {statistics.median(quiet):.1f} ms, p99 {_pct(quiet, 0.99):.1f} ms "
          f"({len(quiet)} requests); during {FLOOD} concurrent failed logins ({seconds:.1f} s): "
          f"p50 {statistics.median(flooded):.1f} ms, p99 {_pct(flooded, 0.99):.1f} ms ({len(flooded)} requests); "
          f"{statuses.count(401)} answered 401 (argon2 ran), {statuses.count(429)} answered 429; "
          f"{len(events)} login events")
    statuses = [status for status, _ in answers]
    checked = LoginPolicy().address_failures
    assert checked <= statuses.count(401) <= checked + LOGIN_LANES.total_tokens
    assert statuses.count(429) == FLOOD - statuses.count(401)
    assert all(int(wait) > 0 for status, wait in answers if status == 429)
    assert len(events) == FLOOD and {e["reason"] for e in events} == {review.UNKNOWN_USER, review.THROTTLED}
    assert len(flooded) >= 20 and _pct(flooded, 0.99) < LIST_P99_LIMIT_MS


# --- throttling, lockout and the audit of logins ----------------------------------------------

def test_wrong_passwords_lock_the_account_until_an_admin_unlocks_it(client, demo_store, monkeypatch):
    limit = LoginPolicy().account_failures
    for _ in range(limit):
        assert _post_login(client, "ana", "wrong-pass").status_code == 401
    checked = []
    monkeypatch.setattr(review, "_verify", lambda *args: checked.append(args))
    locked = _post_login(client, "ana", "analyst-pass")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0 and "unlock" in locked.text
    assert checked == [] and locked.headers["content-security-policy"] == HEADERS["Content-Security-Policy"]
    monkeypatch.undo()
    review.unlock(demo_store, "ana")
    assert _post_login(client, "ana", "analyst-pass").status_code == 303
    reasons = [(e["username"], e["success"], e["reason"]) for e in reversed(demo_store.login_events("ana"))]
    assert reasons == ([("ana", False, review.WRONG_PASSWORD)] * limit + [("ana", False, review.THROTTLED),
                       ("ana", False, review.UNLOCKED), ("ana", True, review.LOGGED_IN)])
    assert all(e["address"] == "testclient" for e in demo_store.login_events("ana") if e["reason"] != review.UNLOCKED)


def test_failures_from_one_address_throttle_every_name(client, demo_store):
    client.app.state.login_policy = LoginPolicy(address_failures=3)
    for name in ("bob", "carol", "dave"):
        assert _post_login(client, name, "whatever-pass").status_code == 401
    assert _post_login(client, "ana", "analyst-pass").status_code == 429
    assert [e["reason"] for e in demo_store.login_events(limit=4)] == [review.THROTTLED] + [review.UNKNOWN_USER] * 3


def test_the_login_form_needs_its_signed_token(client):
    assert client.post("/login", data={"username": "ana", "password": "analyst-pass"}).status_code == 403
    token = _login_form(client)
    client.cookies.set("civcas_login", "a-nonce-of-my-own")
    refused = client.post("/login", data={"username": "ana", "password": "analyst-pass", "csrf": token})
    assert refused.status_code == 403


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https://evil.example/"])
def test_a_login_goes_nowhere_but_this_site(client, target):
    answer = client.post("/login", data={"username": "ana", "password": "analyst-pass", "next": target,
                                         "csrf": _login_form(client)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/review"


def test_an_empty_name_never_logs_in_and_a_password_keeps_its_spaces(client, demo_store):
    demo_store.add_user("", review._hash("empty-name-pass"), "admin")       # made before names were checked
    assert _post_login(client, "", "empty-name-pass").status_code == 401
    review.add_user(demo_store, "bob", "  spaced out  ", "analyst")
    assert _post_login(client, "bob", "spaced out").status_code == 401
    assert _post_login(client, "bob", "  spaced out  ").status_code == 303


# --- sessions are server-side and revocable ---------------------------------------------------

def _grade(client, csrf, session_cookie=None):
    if session_cookie:
        client.cookies.set(SESSION_COOKIE, session_cookie)
    return client.post("/incidents/1/grade", data={"grade": "Weak", "reason": "checked", "csrf": csrf},
                       follow_redirects=False)


def test_logout_revokes_the_session_so_a_replayed_cookie_gets_401(client, demo_store):
    assert _post_login(client, "ana", "analyst-pass").status_code == 303
    cookie, csrf = client.cookies[SESSION_COOKIE], _session_token(client)
    with sqlite3.connect(demo_store.url.removeprefix("sqlite:///")) as db:
        stored = db.execute("SELECT token_hash FROM sessions").fetchall()
        secret_rows = db.execute("SELECT count(*) FROM settings WHERE key = 'session_secret'").fetchone()[0]
    assert stored == [(hashlib.sha256(cookie.encode()).hexdigest(),)] and secret_rows == 0
    assert _grade(client, csrf).status_code == 303
    client.post("/logout", data={"csrf": csrf})
    assert SESSION_COOKIE not in client.cookies
    assert _grade(client, csrf, session_cookie=cookie).status_code == 401


def test_a_role_change_holds_at_once_and_removal_or_a_new_password_logs_out(client, demo_store):
    assert _post_login(client, "ana", "analyst-pass").status_code == 303
    csrf = _session_token(client)
    review.set_role(demo_store, "ana", "viewer")
    assert _grade(client, csrf).status_code == 403
    review.set_role(demo_store, "ana", "analyst")
    assert _grade(client, csrf).status_code == 303
    review.reset_password(demo_store, "ana", "a-new-password")
    assert _grade(client, csrf).status_code == 401
    assert _post_login(client, "ana", "a-new-password").status_code == 303
    csrf = _session_token(client)
    review.remove_user(demo_store, "ana")
    assert _grade(client, csrf).status_code == 401
    assert [d.author for d in demo_store.decisions(1)] == ["ana"]      # the trail keeps the name


def test_user_commands_change_accounts_and_refuse_bad_names(demo_store):
    runner = CliRunner()
    db = ["--db", demo_store.url]
    env = {"CIVCAS_PASSWORD": "first-password"}
    for bad in ("", "ana smith", "x" * 65, "josé", "../ana"):
        result = runner.invoke(main, [*db, "user", "add", bad], env=env)
        assert result.exit_code == 1 and "user name" in result.output, bad
        with pytest.raises(review.ReviewError, match="user name"):
            review.add_user(demo_store, bad, "long enough", "analyst")
    assert runner.invoke(main, [*db, "user", "add", "ana.b-2_x"], env=env).exit_code == 0
    assert runner.invoke(main, [*db, "user", "set-role", "ana.b-2_x", "admin"]).exit_code == 0
    assert demo_store.user_credentials("ana.b-2_x")[0].role == "admin"
    reset = runner.invoke(main, [*db, "user", "reset-password", "ana.b-2_x"], env={"CIVCAS_PASSWORD": "second-pass"})
    assert reset.exit_code == 0 and review.authenticate(demo_store, "ana.b-2_x", "second-pass")
    assert runner.invoke(main, [*db, "user", "unlock", "ana.b-2_x"]).exit_code == 0
    logins = runner.invoke(main, [*db, "user", "logins", "--user", "ana.b-2_x"])
    assert logins.exit_code == 0 and review.UNLOCKED in logins.output
    assert runner.invoke(main, [*db, "user", "remove", "ana.b-2_x"]).exit_code == 0
    assert demo_store.user_credentials("ana.b-2_x") is None
    missing = runner.invoke(main, [*db, "user", "remove", "ana.b-2_x"])
    assert missing.exit_code == 1 and "no user" in missing.output


def test_the_signing_key_is_a_private_file_not_a_database_row(demo_store, tmp_path, monkeypatch):
    monkeypatch.delenv("CIVCAS_SECRET", raising=False)
    path = tmp_path / "config" / "civcas" / "secret"
    monkeypatch.setenv("CIVCAS_SECRET_FILE", str(path))
    first = create_app(demo_store.url).state.secret
    assert path.stat().st_mode & 0o777 == 0o600 and len(first) >= 32
    assert create_app(demo_store.url).state.secret == first
    monkeypatch.setenv("CIVCAS_SECRET", "pinned")
    assert create_app(demo_store.url).state.secret == b"pinned"
    monkeypatch.delenv("CIVCAS_SECRET")
    monkeypatch.setenv("CIVCAS_SECRET_FILE", "/proc/no-such-dir/secret")     # cannot be made: serve still starts
    assert len(create_app(demo_store.url).state.secret) == 32


# --- odd numbers answer 400, errors carry the headers -----------------------------------------

ODD_QUERIES = [{"deaths_min": "99999999999999999999999"}, {"page": "9223372036854775808"}, {"deaths_min": "²"},
               {"deaths_max": "-1"}, {"per_page": "1_000"}, {"page": "9" * 5000}]


def _has_headers(response) -> bool:
    return all(response.headers.get(key) == value for key, value in HEADERS.items())


@pytest.mark.parametrize("params", ODD_QUERIES, ids=lambda p: "&".join(f"{k}={v[:25]}" for k, v in p.items()))
@pytest.mark.parametrize("path", ["/incidents", "/api/incidents", "/incidents.csv"])
def test_odd_numbers_answer_400_with_the_security_headers(client, path, params):
    answer = client.get(path, params=params)
    assert answer.status_code == 400 and _has_headers(answer)
    if path.startswith("/api/"):
        assert answer.json()["detail"]
    else:
        assert "<h1>400</h1>" in answer.text


@pytest.mark.parametrize("path", ["/incidents/99999999999999999999999", "/api/incidents/²", "/incidents/0"])
def test_odd_ids_in_a_path_answer_400(client, path):
    answer = client.get(path)
    assert answer.status_code == 400 and _has_headers(answer)


@pytest.mark.parametrize("into", ["²", "99999999999999999999999", "-2", "1e3"])
def test_odd_numbers_in_the_merge_form_answer_400(client, into):
    assert _post_login(client, "ana", "analyst-pass").status_code == 303
    answer = client.post("/incidents/2/merge", data={"into": into, "reason": "same", "csrf": _session_token(client)})
    assert answer.status_code == 400 and "into" in answer.text and _has_headers(answer)


def test_a_server_error_page_carries_the_security_headers(demo_store, monkeypatch):
    app = create_app(demo_store.url)
    monkeypatch.setattr(app.state.store, "find_incidents", lambda *a, **k: 1 / 0)
    client = TestClient(app, raise_server_exceptions=False)
    page, api = client.get("/incidents"), client.get("/api/incidents")
    assert page.status_code == 500 and _has_headers(page) and "<h1>500</h1>" in page.text
    assert api.status_code == 500 and _has_headers(api) and "detail" in api.json()


# --- bulk downloads: streamed, bounded, limited per client ------------------------------------

def test_bulk_downloads_are_limited_per_address(client):
    client.app.state.bulk_limits = BulkLimits(concurrent=1, burst=2, refill_seconds=60)
    assert client.get("/incidents.csv").status_code == 200
    assert client.get("/api/points").status_code == 200
    refused = client.get("/incidents.json")
    assert refused.status_code == 429 and 50 <= int(refused.headers["retry-after"]) <= 60 and _has_headers(refused)
    limits = client.app.state.bulk_limits
    assert limits.acquire("198.51.100.7") == 0 and limits.acquire("198.51.100.7") > 0     # one at a time
    limits.release("198.51.100.7")
    assert all(c.running == 0 for a, c in limits._clients.items() if a == "testclient")


@pytest.fixture(scope="session")
def ten_thousand_incidents(tmp_path_factory) -> str:
    """10,000 synthetic incidents (one report each) built by bench/web.py's builder."""
    url = f"sqlite:///{tmp_path_factory.mktemp('big') / 'big.db'}"
    web_bench.build(url, 10000, 10000)
    return url


def _rss_mb(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(rf"{field}:\s+(\d+) kB", status.read()).group(1)) / 1024


def test_bulk_downloads_of_10000_incidents_stream_in_bounded_memory(ten_thousand_incidents):
    """Every bulk download of 10,000 incidents, two at a time, grows the server's resident memory
    by less than 50 MB (VmHWM, the peak, against VmRSS before), and holds every incident."""
    with web_bench.serving(ten_thousand_incidents) as (base, server):
        with httpx.Client(base_url=base, timeout=300) as warm:
            for path in ("/incidents.csv", "/incidents.geojson", "/incidents.json", "/api/points"):
                assert warm.get(path, params={"page": 1, "per_page": 5}).status_code == 200
        before = _rss_mb(server.pid, "VmRSS")

        def download(path: str) -> tuple[str, bytes, float]:
            started = time.perf_counter()
            with httpx.Client(base_url=base, timeout=300) as downloader:
                body = downloader.get(path).raise_for_status().content
            return path, body, time.perf_counter() - started

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            got = list(pool.map(download, ["/incidents.csv", "/incidents.geojson", "/incidents.json", "/api/points"]))
        peak, after = _rss_mb(server.pid, "VmHWM"), _rss_mb(server.pid, "VmRSS")
    bodies = {path: body for path, body, _ in got}
    print(f"\nserver RSS {before:.0f} MB before, peak {peak:.0f} MB, {after:.0f} MB after: growth "
          f"{peak - before:.1f} MB; " + ", ".join(f"{path} {len(body) / 1e6:.1f} MB in {seconds:.1f} s"
                                                  for path, body, seconds in got))
    assert len(list(csv.DictReader(io.StringIO(bodies["/incidents.csv"].decode())))) == 10000
    assert len(json.loads(bodies["/incidents.geojson"])["features"]) == 10000
    assert len({record["id"] for record in json.loads(bodies["/incidents.json"])}) == 10000
    assert len(json.loads(bodies["/api/points"])["features"]) == 10000
    assert peak - before < DOWNLOAD_GROWTH_LIMIT_MB
