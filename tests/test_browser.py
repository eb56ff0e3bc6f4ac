"""The web pages in a real browser: Debian's Chromium driven by Playwright against `civcas serve`'s
app on 127.0.0.1, with every request to anywhere else blocked (the pages must work offline).

Set CIVCAS_SCREENSHOTS=docs/screenshots to refresh the README's screenshots."""
import datetime as dt
import os
import re
import socket
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from bilingual import SENTENCES, one_incident
from civcas import review
from civcas.model import Place, Report
from civcas.pipeline import process
from civcas.web import create_app, vendor_ready

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-quic", "--no-first-run", "--disable-sync"]
HOSTILE_TEXT = "<script>window.pwned=1</script>"
HOSTILE_OUTLET = '<img src=x onerror="window.pwned=2">'
HOSTILE_URL = "javascript:window.pwned=3"
DRAWN_MARKERS = ("document.querySelectorAll('path.incident-marker').length + [...document.querySelectorAll("
                 "'.marker-cluster span')].reduce((n, span) => n + parseInt(span.textContent, 10), 0)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """`app` served on a free port of 127.0.0.1 by uvicorn in a thread; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        assert time.time() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium_browser() -> Iterator:
    """Debian's Chromium, driven by Playwright."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@contextmanager
def local_page(width: int, height: int, browser=None) -> Iterator[tuple]:
    """A page in a new context (no cookies or storage from any other) of `browser`, or of a
    Chromium of its own, at that viewport, every request off 127.0.0.1 refused and listed:
    yields (page, the refused URLs)."""
    blocked: list[str] = []
    with ExitStack() as stack:
        if browser is None:
            browser = stack.enter_context(chromium_browser())
        context = browser.new_context(viewport={"width": width, "height": height})
        stack.callback(context.close)

        def only_local(route):
            if urlparse(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", only_local)
        yield context.new_page(), blocked


@pytest.fixture
def site(demo_store):
    """The demo data plus one hostile report, served on 127.0.0.1 by uvicorn in a thread."""
    assert vendor_ready(), "front-end assets missing: run `npm ci` (the README's setup command does)"
    review.add_user(demo_store, "ana", "analyst-pass", "analyst")
    demo_store.add_report(Report(
        text=f"Warplanes struck the market in Saraqib in Idlib province on Friday, killing 12 civilians "
             f"{HOSTILE_TEXT}, rescuers said.", title=f"Strike {HOSTILE_TEXT}", outlet=HOSTILE_OUTLET,
        url=HOSTILE_URL, published=dt.date(2024, 6, 1)))
    process(demo_store)
    with serving(create_app(demo_store.url)) as base:
        yield base, demo_store

@pytest.fixture(scope="module")
def chromium():
    """One Chromium for this module's tests (launching one takes a second); each test's page is
    in a context of its own."""
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def browser_page(site, chromium):
    base, _ = site
    with local_page(1280, 900, chromium) as (page, blocked):
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, base, blocked, errors

def _wait_until(condition, seconds: float) -> None:
    """Poll from here: Playwright's wait_for_function evaluates its predicate with the page's
    eval, which the pages' Content-Security-Policy forbids."""
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "the page did not get there in time"
        time.sleep(0.1)


def _shots() -> Path | None:
    folder = os.environ.get("CIVCAS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return None


def _snap(page, name: str, tmp: Path) -> None:
    folder = _shots() or tmp
    page.screenshot(path=str(folder / f"{name}.png"), full_page="map" not in name)


def test_analyst_journey(browser_page, tmp_path):
    page, base, blocked, errors = browser_page
    page.goto(f"{base}/incidents")
    rows = page.locator("#incidents tbody tr")
    expect(rows).to_have_count(3)
    _snap(page, "incidents", tmp_path)
    page.select_option("select[name=belligerent]", "Saudi-led coalition")
    page.click("#apply")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bani Qais")
    page.goto(f"{base}/incidents?q=market&sort=-deaths")
    page.locator("#incidents tbody tr").first.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("Maarrat an Numan")
    expect(page.locator("#claims mark").first).to_be_visible()
    incident_url = page.url
    _snap(page, "incident", tmp_path)

    page.click("#login-link")
    page.fill("#username", "ana")
    page.fill("#password", "analyst-pass")
    page.click("#login")
    expect(page.locator("h1")).to_have_text("Review queue")
    expect(page.locator("#queue tbody tr")).to_have_count(3)
    _snap(page, "review", tmp_path)
    page.goto(incident_url)
    page.select_option("#grade-select", "Confirmed")
    page.fill("#grade-reason-input", "the ministry acknowledged the strike to our researcher")
    page.click("#set-grade")
    expect(page.locator("#grade")).to_have_text("Confirmed")
    expect(page.locator("#history")).to_contain_text("the ministry acknowledged the strike to our researcher")
    expect(page.locator("#history")).to_contain_text("ana")
    page.click("#logout")
    page.goto(incident_url)
    expect(page.locator("#grade")).to_have_text("Confirmed")
    expect(page.locator("#review-state")).to_contain_text("reviewed by ana")
    expect(page.locator("#set-grade")).to_have_count(0)
    assert blocked == [] and errors == []


def test_map_draws_every_incident_offline(browser_page, tmp_path):
    page, base, blocked, errors = browser_page
    page.goto(f"{base}/map")
    expect(page.locator("#map[data-markers]")).to_have_count(1, timeout=15000)
    expected = int(page.locator("#map").get_attribute("data-markers"))
    assert expected == 3
    expect(page.locator("path.country").first).to_be_attached()
    # Clusters split with an animation after the map fits its markers: wait for the drawing to
    # settle on every incident (single markers plus those counted in clusters), 10 s at most.
    _wait_until(lambda: page.evaluate(DRAWN_MARKERS) == expected, 10)
    _snap(page, "map", tmp_path)
    page.goto(f"{base}/timeline")
    expect(page.locator("svg rect.bar").first).to_be_attached()
    _snap(page, "timeline", tmp_path)
    page.goto(f"{base}/incidents/1")
    expect(page.locator("#map[data-markers='1']")).to_have_count(1, timeout=15000)
    expect(page.locator(".region-label")).to_have_text("Idlib · Syria")       # the unit and the country named
    expect(page.locator(".town-label").first).to_be_visible()                  # and its largest towns
    assert "Idlib" in page.locator(".town-label").all_inner_texts()
    _snap(page, "incident-map", tmp_path)
    assert blocked == [] and errors == []


def test_hostile_report_stays_text_on_every_page(browser_page, site):
    page, base, blocked, errors = browser_page
    _, store = site
    incident = next(i for i in store.incidents() if i.place and i.place.name == "Saraqib")
    for path in (f"/incidents/{incident.id}", "/incidents", "/tallies", "/map", "/timeline", "/review"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.pwned") == "undefined", path
    page.goto(f"{base}/incidents/{incident.id}")
    text = page.inner_text("body")
    assert HOSTILE_TEXT in text and HOSTILE_OUTLET in text and HOSTILE_URL in text
    assert page.locator("a[href^='javascript']").count() == 0
    for link in page.locator("#reports a").all():
        assert not link.get_attribute("href").lower().startswith("javascript")
    page.locator("a[href^='#report-']").first.click()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert re.search(r"12", text) and blocked == [] and errors == []


def test_a_place_name_an_analyst_typed_is_text_in_the_map_tooltip(browser_page, site):
    page, base, blocked, errors = browser_page
    _, store = site
    market = next(i for i in store.incidents() if i.place and i.place.name == "Maarrat an Numan")
    name = "<img src=x id=pwn onerror=\"window.pwned=4\">"
    review.set_place(store, market.id, "ana", Place(name, "Syria", "SY", "Idlib", lat=35.64, lon=36.67,
                                                    precision="point"), "geolocated video")
    page.goto(f"{base}/incidents/{market.id}")
    expect(page.locator("#map[data-markers='1']")).to_have_count(1, timeout=15000)
    page.hover("path.incident-marker")
    tooltip = page.locator(".leaflet-tooltip:not(.town-label)")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(name)
    assert page.locator("img#pwn").count() == 0 and tooltip.locator("img").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined" and blocked == [] and errors == []


def test_sentences_show_as_written_right_to_left_for_arabic_beside_english_values(browser_page, site):
    page, base, blocked, errors = browser_page
    _, store = site
    ids = one_incident(store)
    (incident,) = store.incidents(store.incident_ids_of_reports([ids["ar"]]))
    page.goto(f"{base}/incidents/{incident.id}")
    for language, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        cell = page.locator("#claims td.sentence", has_text=SENTENCES[language][0])
        expect(cell).to_have_attribute("lang", language)
        assert cell.evaluate("el => getComputedStyle(el).direction") == direction
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator(".facts")).to_contain_text("Russia")
    assert blocked == [] and errors == []


PAGES = ("/incidents", "/incidents/1", "/map", "/timeline", "/tallies", "/api", "/login")
#: how far a page is wider than the viewport, and the widest element that makes it so
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inBox = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    return false;
  };
  let widest = null, right = width;
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > right + 1 && !inBox(el)) { right = box.right; widest = el.tagName + '.' + el.className; }
  }
  return {page: document.documentElement.scrollWidth - width, widest, right};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(browser_page, width, tmp_path):
    """A phone (390 px) and a laptop (1280 px): nothing sticks out of the viewport; a table wider
    than the screen scrolls inside its own box."""
    page, base, blocked, errors = browser_page
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
    page.goto(f"{base}/login")
    page.fill("#username", "ana")
    page.fill("#password", "analyst-pass")
    page.click("#login")
    for path in (*PAGES[:-1], "/review"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(OVERFLOW)
        assert overflow["page"] <= 0 and overflow["widest"] is None, (path, overflow)
        if width < 500 and path in ("/incidents", "/incidents/1", "/timeline"):
            _snap(page, f"phone-{path.strip('/').replace('/', '-')}", tmp_path)
    assert blocked == [] and errors == []


def test_an_outlier_figure_does_not_cover_the_map_or_flatten_the_timeline(browser_page, site):
    page, base, blocked, errors = browser_page
    _, store = site
    store.add_report(Report(text="An airstrike killed 21,022 civilians in Aleppo on Monday, the health ministry said.",
                            outlet="Outlier Gazette", url="https://outlier.invalid/1", published=dt.date(2024, 3, 6)))
    process(store)
    page.goto(f"{base}/map")
    expect(page.locator("#map[data-markers='4']")).to_have_count(1, timeout=15000)
    _wait_until(lambda: page.evaluate(DRAWN_MARKERS) == 4, 10)
    # a circle marker's radius, from its path ("M x,y a r,r 0 1,0 …": a zoom animation may still scale its box)
    radii = page.evaluate("[...document.querySelectorAll('path.incident-marker')]"
                          ".map(p => parseFloat(p.getAttribute('d').match(/a([\\d.]+),/)[1]))")
    assert radii and max(radii) <= 24                           # the largest size holds every figure from 10,000
    expect(page.locator("#size-legend")).to_contain_text("10,000")
    page.goto(f"{base}/timeline")
    ticks = page.evaluate("[...document.querySelectorAll('svg text.label.end')].map(t => t.textContent)")
    assert "21022" in ticks and "10" in ticks and "100" in ticks     # a labelled logarithmic scale
    heights = page.evaluate("[...document.querySelectorAll('rect.bar')].map(r => r.getBBox().height).filter(h => h > 0)")
    assert min(heights) > 0.1 * max(heights)                    # 23 civilians still show beside 21,022
    assert blocked == [] and errors == []
