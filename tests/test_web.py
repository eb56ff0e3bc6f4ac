"""The web application over HTTP (in-process client, real copies of the demo data on SQLite and
PostgreSQL): public pages and filters, API and downloads, login, CSRF, roles, actions and escaping."""
import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bilingual import SENTENCES, one_incident
from civcas import export as exports
from civcas import review
from civcas.model import Report
from civcas.pipeline import process
from civcas.web import create_app
from conftest import BOTH

DATABASES = BOTH

HOSTILE = "<script>window.pwned=1</script>"


@pytest.fixture
def client(demo_store):
    review.add_user(demo_store, "ana", "analyst-pass", "analyst")
    review.add_user(demo_store, "vic", "viewer-pass", "viewer")
    return TestClient(create_app(demo_store.url))


def _csrf(client, path="/login") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def _login(client, user="ana", password="analyst-pass"):
    response = client.post("/login", data={"username": user, "password": password, "csrf": _csrf(client)},
                           follow_redirects=False)
    assert response.status_code == 303
    return response


def test_list_counts_filters_sort_and_pages(client):
    page = client.get("/incidents")
    assert page.status_code == 200 and "Maarrat an Numan" in page.text and "Bani Qais" in page.text
    assert re.search(r"<strong>2</strong> incidents", page.text)
    only_russia = client.get("/incidents", params={"belligerent": "Russia"}).text
    assert "Maarrat an Numan" in only_russia and "Bani Qais" not in only_russia
    assert "Maarrat" not in client.get("/incidents", params={"grade": "Weak"}).text.split("<tbody>")[1]
    searched = client.get("/incidents", params={"q": "wedding"}).text.split("<tbody>")[1]
    assert "Bani Qais" in searched and "Maarrat" not in searched
    dated = client.get("/incidents", params={"date_from": "2024-05-01"}).text.split("<tbody>")[1]
    assert "Maarrat" in dated and "Bani Qais" not in dated
    assert "Bani Qais" not in client.get("/incidents", params={"deaths_min": 20}).text.split("<tbody>")[1]
    by_deaths = client.get("/incidents", params={"sort": "deaths"}).text
    assert by_deaths.index("Bani Qais") < by_deaths.index("Maarrat an Numan")
    paged = client.get("/incidents", params={"per_page": 1, "page": 2}).text
    assert "page 2 of 2" in paged and len(re.findall(r'<td><a href="/incidents/\d+">\d+</a></td>', paged)) == 1
    assert client.get("/incidents", params={"date_from": "yesterday"}).status_code == 400
    assert client.get("/api/incidents", params={"grade": "Certain"}).status_code == 400


def test_incident_page_shows_claims_in_their_sentences_and_provenance(client, demo_store):
    market = next(i for i in demo_store.incidents() if i.place.name == "Maarrat an Numan")
    page = client.get(f"/incidents/{market.id}").text
    assert "<mark>at least 23</mark>" in page and "Syrian Observatory for Human Rights" in page
    assert re.search(r'<small class="muted rule"[^>]*>count\.[\w.+-]+</small>', page)   # the rule that read it
    assert "copy of" in page and "independent source" in page and "Fair" in page
    assert client.get("/incidents/999").status_code == 404


def test_a_page_dated_only_to_its_month_is_shown_as_that_month(store):
    """A report whose page gives only "June 2021": its row and the incident read "June 2021", never
    the first of the month as if that day were known."""
    store.add_report(Report(text="Airstrikes killed twelve civilians in Ariha on Saturday, medics said.",
                            url="https://m.example/1", published=dt.date(2021, 6, 1), published_precision="month"))
    process(store)
    (incident,) = store.incidents()
    page = TestClient(create_app(store.url)).get(f"/incidents/{incident.id}").text
    assert "<td>June 2021</td>" in page and "In June 2021, an airstrike" in page
    assert "2021-06-01" not in page


def test_incident_page_sums_up_groups_claims_by_source_and_folds_copies(client, demo_store):
    market = next(i for i in demo_store.incidents() if i.place.name == "Maarrat an Numan")
    page = client.get(f"/incidents/{market.id}").text
    summary = page.split('id="summary">')[1].split("</p>")[0]
    assert summary.startswith("On 2024-05-09, an airstrike by Russia hit Maarrat an Numan")
    linked = re.findall(r'<a href="#claim-(\d+)">(\d+)</a>', summary)
    assert linked and all(f'id="claim-{claim}"' in page for claim, _ in linked)   # every figure reaches its claim
    sources = page.count('<tr class="source-head">')
    assert sources == market.independent_sources            # one block per independent source
    rows = re.findall(r'<tr class="scope-[a-z]+" id="claim-', page)
    sentences = re.findall(r'<td class="sentence"[^>]*>(.*?)</td>', page)
    assert len(rows) == len(sentences) < len(exports.incident_records(demo_store, [market.id])[0]["claims"])
    said = page.split('<ul class="statements">')[1].split("</ul>")[0]
    assert said.count("<li>") == 2                          # the wire's denial once for it and its copy,
    assert re.search(r'reports <a href="#report-\d+">\d+</a>, <a href="#report-\d+">\d+</a>\)', said)  # naming both
    totals = page.split('id="totals">')[1].split("</ul>")[0]
    assert "killed: <strong>" in totals and "wounded: <strong>" in totals and "killed · civilians" in totals


def test_api_matches_the_export_and_has_an_openapi_document(client, demo_store):
    listed = client.get("/api/incidents").json()
    assert listed["total"] == 2 and len(listed["incidents"]) == 2
    one = client.get(f"/api/incidents/{listed['incidents'][0]['id']}").json()
    exported = exports.incident_records(demo_store, [one["id"]])[0]
    assert {k: v for k, v in one.items() if k not in ("history", "exported_at")} == \
        {k: v for k, v in json.loads(json.dumps(exported)).items() if k != "exported_at"}
    spec = client.get("/api/openapi.json").json()
    assert "/api/incidents" in spec["paths"] and "/api/incidents/{incident_id}" in spec["paths"]
    points = client.get("/api/points").json()
    assert len(points["features"]) == 2


def test_list_map_and_timeline_share_one_filter_form(client):
    """Means and belligerent menus list what the store holds; each page links to the others with
    the filter kept."""
    for path in ("/incidents", "/map", "/timeline"):
        page = client.get(path, params={"means": "airstrike", "belligerent": "Russia"}).text
        menu = page.split('name="belligerent"')[1].split("</select>")[0]
        assert "<option selected>Russia</option>" in menu and "Saudi-led coalition" in menu
        assert "Wagner" not in menu                   # an actor of the actors file no incident has
        assert "<option selected>airstrike</option>" in page.split('name="means"')[1].split("</select>")[0]
        for view in ("/incidents", "/map", "/timeline"):
            assert f'href="{view}?belligerent=Russia&amp;means=airstrike"' in page
    assert "Maarrat an Numan" in client.get("/incidents", params={"means": "airstrike"}).text
    assert "<strong>0</strong> incidents" in client.get("/incidents", params={"means": "shelling"}).text
    assert client.get("/api/incidents", params={"means": "shelling"}).json()["total"] == 0


def test_timeline_scale_is_logarithmic_with_labelled_gridlines(client):
    page = client.get("/timeline").text
    assert "logarithmic" in page and 'class="grid"' in page
    assert re.search(r'<text class="label end" x="-4" y="[\d.]+">1</text>', page)


def test_downloads_hold_what_the_page_shows(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/incidents.csv", params={"page": 1, "per_page": 1}).text)))
    assert len(rows) == 1
    everything = client.get("/incidents.geojson", params={"belligerent": "Russia"})
    assert everything.headers["content-disposition"].startswith("attachment")
    assert len(everything.json()["features"]) == 1
    assert len(client.get("/incidents.json").json()) == 2
    acled = client.get("/incidents.acled", params={"belligerent": "Russia"})
    assert 'filename="civcas-incidents-acled.csv"' in acled.headers["content-disposition"]
    assert acled.text.startswith("event_id_cnty,event_date,year,") and len(acled.text.splitlines()) == 2
    assert client.get("/incidents.ucdp").text.startswith("id,relid,year,active_year,")


def test_every_page_sends_a_strict_content_security_policy(client):
    for path in ("/incidents", "/incidents/1", "/map", "/timeline", "/tallies", "/login", "/api/incidents"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_login_roles_and_csrf(client):
    assert client.get("/review", follow_redirects=False).status_code == 303
    bad = client.post("/login", data={"username": "ana", "password": "nope", "csrf": _csrf(client)})
    assert bad.status_code == 401
    assert client.post("/login", data={"username": "ana", "password": "analyst-pass"}).status_code == 403
    cookie = _login(client).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    queue = client.get("/review").text
    assert "Maarrat an Numan" in queue
    token = _csrf(client, "/incidents/1")
    forged = client.post("/incidents/1/grade", data={"grade": "Confirmed", "reason": "x", "csrf": "forged"})
    assert forged.status_code == 403
    done = client.post("/incidents/1/grade", data={"grade": "Confirmed", "reason": "checked with the hospital",
                                                   "csrf": token}, follow_redirects=True)
    assert done.status_code == 200 and "checked with the hospital" in done.text and 'id="grade">Confirmed' in done.text
    client.post("/logout", data={"csrf": _csrf(client, "/incidents")})
    public = client.get("/incidents/1").text
    assert 'id="grade">Confirmed' in public and "set-grade" not in public
    _login(client, "vic", "viewer-pass")
    refused = client.post("/incidents/1/grade", data={"grade": "Weak", "reason": "x", "csrf": _csrf(client, "/incidents")})
    assert refused.status_code == 403


def test_merged_ids_redirect_to_the_survivor(client):
    _login(client)
    token = _csrf(client, "/incidents/2")
    client.post("/incidents/2/merge", data={"into": "1", "reason": "same strike", "csrf": token})
    assert client.get("/incidents/2", follow_redirects=False).headers["location"] == "/incidents/1"
    assert client.get("/api/incidents/2", follow_redirects=False).status_code == 308
    assert client.get("/api/incidents/2").json()["id"] == 1
    assert client.get("/api/incidents").json()["total"] == 1
    error = client.post("/incidents/1/merge", data={"into": "1", "reason": "x", "csrf": token})
    assert error.status_code == 400 and "itself" in error.text


def test_hostile_report_text_is_escaped(client, demo_store):
    demo_store.add_report(Report(
        text=f"Warplanes struck the market in Saraqib in Idlib province on Friday, killing 12 civilians {HOSTILE}, "
             "rescuers said.", title=f"Strike {HOSTILE}", outlet='<img src=x onerror="window.pwned=1">',
        url="javascript:window.pwned=1", published=dt.date(2024, 6, 1)))
    process(demo_store)
    incident = next(i for i in demo_store.incidents() if i.place and i.place.name == "Saraqib")
    for path in (f"/incidents/{incident.id}", "/incidents", "/tallies"):
        page = client.get(path).text
        assert "<script>window" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in client.get(f"/incidents/{incident.id}").text


def test_incident_page_marks_each_sentence_with_its_language_and_direction(store):
    ids = one_incident(store)
    (incident,) = store.incidents(store.incident_ids_of_reports([ids["ar"]]))
    page = TestClient(create_app(store.url)).get(f"/incidents/{incident.id}").text
    for language, direction in (("ar", "rtl"), ("fr", "ltr")):
        sentence, figure = SENTENCES[language]
        before = sentence[:sentence.index(figure)]
        assert f'<td class="sentence" lang="{language}" dir="{direction}">{before}<mark>{figure}</mark>' in page
    report = page.split(f'id="report-{ids["ar"]}"')[1].split("</tr>")[0]
    assert '<td class="language">ar</td>' in report and f"translation of {ids['en']}" in report
    assert "<dt>Belligerent(s)</dt><dd>Russia</dd>" in page and '<html lang="en">' in page


def test_serve_with_two_workers_on_postgresql_or_refused_on_sqlite(demo_store, db_backend):
    """`civcas serve --workers 2`: on PostgreSQL two processes, each on the database, answer many
    requests at once; on SQLite one line says why not."""
    import socket
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor
    import urllib.request
    from sqlalchemy import text
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "civcas.cli", "--db", demo_store.url, "serve", "--port", str(port),
                               "--workers", "2"], stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        if db_backend == "sqlite":
            assert server.wait(30) == 1 and "--workers 2 needs PostgreSQL" in line
            return
        assert f"civcas on http://127.0.0.1:{port}/" in line and "2 workers" in line

        def get(path: str) -> int:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
                return answer.status

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(get, ["/incidents", "/api/incidents", "/map", "/incidents/1"] * 10)) == {200}
        workers = {int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                   and _parent(p) == server.pid}
        with demo_store.engine.connect() as conn:
            connected = {int(name.removeprefix("civcas pid ")) for name in conn.execute(text(
                "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'civcas pid %'")).scalars()}
        assert len(workers & connected) == 2          # two processes, each with the database open
    finally:
        server.terminate()
        server.wait(30)


def _parent(proc) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1
