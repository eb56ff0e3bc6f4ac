"""`civcas watch` against a local web site on 127.0.0.1 (fixtures written here): the sources file,
feeds, sitemaps and a channel preview, politeness (robots.txt, delay, conditional GET, retries),
re-checks (edits, removals), the state in the store, the /sources page, and a real `kill -9`."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Union

import pytest

from civcas import intake
from civcas.archive import Archive
from civcas.intake.fetch import Fetcher
from civcas.intake.sources import Source, SourcesError, load
from civcas.store.clock import now

ROOT = Path(__file__).resolve().parent.parent

# --- a local web site with a request log -------------------------------------------------------

Answer = tuple[int, dict, bytes]


@dataclass
class Hit:
    path: str
    at: float
    headers: dict
    status: int = 0


@dataclass
class Site:
    """Pages by path: bytes (200, with an ETag), an (status, headers, body) answer, or a function
    of the request's headers giving one. Every request is logged with its arrival time."""
    base: str = ""
    pages: dict[str, Union[bytes, Answer, Callable[[dict], Answer]]] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    def url(self, path: str) -> str:
        return self.base + path


def _serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hit = Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()})
            site.log.append(hit)
            page = site.pages.get(self.path)
            if page is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not here"
            elif callable(page):
                status, headers, body = page(hit.headers)
            elif isinstance(page, bytes):
                tag = f'"{hash(page) & 0xFFFFFFFF:x}"'
                if hit.headers.get("if-none-match") == tag:
                    status, headers, body = 304, {"ETag": tag}, b""
                else:
                    kind = "application/xml" if page.lstrip().startswith(b"<?xml") else "text/html; charset=utf-8"
                    status, headers, body = 200, {"ETag": tag, "Content-Type": kind}, page
            else:
                status, headers, body = page
            hit.status = status
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def site():
    site = Site()
    site.pages["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    server = _serve(site)
    yield site
    server.shutdown()


def article(title: str, body: str) -> bytes:
    """A page with navigation around its article (trafilatura keeps the article)."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> "
            f"<a href='/world'>World</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>Copyright the Example Gazette</footer></body></html>").encode()


STORY = ("An air strike hit a bakery in the village of Qaryat al-Tin on Tuesday morning, killing four civilians "
         "and wounding nine others, the district health office said.\nWitnesses said the aircraft returned "
         "twice over the village before the strike. The bakery had been open since dawn and was crowded with "
         "families buying bread for the day, a local teacher told reporters by telephone.")
OTHER = ("Shelling struck a water station on the edge of the town of Wadi Sabr late on Sunday, killing two "
         "workers, the town council said in a statement.\nRepair crews were unable to reach the station for "
         "several hours because of continued fire in the area, according to the council, which said the town "
         "of forty thousand people was left without running water.")
MARKET = ("A drone strike on a crowded market in Tell Abyad Sharqi killed seven people, among them three "
          "children, the provincial governor said on Friday.\nThe governor said the market was the only one "
          "serving a dozen surrounding villages and had been busy with shoppers ahead of the weekend.")


def rss(site: Site, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {p}</title><link>{site.url(p)}</link>"
                    f"<pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Gazette</title>'
            f"<link>{site.base}</link><description>news</description>{items}</channel></rss>").encode()


def atom(site: Site, paths: list[str]) -> bytes:
    entries = "".join(f"<entry><title>Story {p}</title><link href='{p}'/><id>{site.url(p)}</id>"
                      f"<updated>2026-11-23T10:00:00Z</updated></entry>" for p in paths)
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example Wire</title>'
            f"<id>{site.base}/atom</id><updated>2026-11-23T10:00:00Z</updated>{entries}</feed>").encode()


def telegram_page(site: Site, messages: list[tuple[int, str]], quoting: str = "") -> bytes:
    """A channel preview; each message after the first replies to it, showing `quoting`."""
    reply = (f'<a class="tgme_widget_message_reply" href="https://t.me/localnews/1"><div class="tgme_widget_message_text'
             f' js-message_text">{quoting}</div></a>') if quoting else ""
    posts = "".join(
        f'<div class="tgme_widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message"'
        f' data-post="localnews/{n}">{reply if i else ""}<div class="tgme_widget_message_text js-message_text" dir="auto">'
        f'{text.replace(chr(10), "<br/>")}</div><div class="tgme_widget_message_footer"><a class="tgme_widget_message_date"'
        f' href="https://t.me/localnews/{n}"><time datetime="2026-11-2{n}T09:15:00+00:00" class="time">09:15</time>'
        f"</a></div></div></div>" for i, (n, text) in enumerate(messages))
    return (f'<!DOCTYPE html><html><body><div class="tgme_channel_info"><div class="tgme_channel_info_header_title">'
            f"Local News</div></div><section class='tgme_channel_history'>{posts}</section></body></html>").encode()


@pytest.fixture
def archive(tmp_path) -> Archive:
    return Archive(tmp_path / "archive")


def run_poll(store, archive, sources: list[Source], **fetcher_options) -> intake.PollResult:
    store.sync_sources(((s.name, s.kind, s.target) for s in sources), now())
    fetcher = Fetcher(archive, backoff=fetcher_options.pop("backoff", 0.05), **fetcher_options)
    try:
        return intake.poll(store, fetcher, sources)
    finally:
        fetcher.close()


def source(name: str, kind: str, *targets: str, **options) -> Source:
    options.setdefault("delay", 0.0)
    return Source(name, kind, tuple(targets), **options)


# --- the sources file ---------------------------------------------------------------------------

def test_a_sources_file_gives_each_kind_with_its_options(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('contact = "mailto:desk@example.org"\n'
                    '[[source]]\nname = "Gazette"\nfeed = "https://gazette.example/rss"\nlanguage = "EN"\n'
                    'keywords = ["strike"]\nevery = "15m"\ndelay = 2.5\n'
                    '[[source]]\nname = "Map"\nsitemap = "https://map.example/sitemap.xml"\n'
                    '[[source]]\nname = "Pages"\nurls = ["https://a.example/1", "https://b.example/2"]\n'
                    '[[source]]\nname = "Channel"\ntelegram = "@local_news"\n'
                    '[[source]]\nname = "Mirror"\ntelegram = "http://127.0.0.1:8080/s/local_news"\n', encoding="utf-8")
    config = load(path)
    gazette, site_map, pages, channel, mirror = config.sources
    assert (gazette.kind, gazette.language, gazette.keywords, gazette.every, gazette.delay) == \
        ("feed", "en", ("strike",), 900.0, 2.5)
    assert (site_map.kind, site_map.every, site_map.delay) == ("sitemap", 3600.0, 1.0)
    assert pages.targets == ("https://a.example/1", "https://b.example/2")
    assert channel.targets == ("https://t.me/s/local_news",)
    assert mirror.targets == ("http://127.0.0.1:8080/s/local_news",)
    assert config.contact == "mailto:desk@example.org"


@pytest.mark.parametrize("tables, says", [
    ('[[source]]\nfeed = "https://a.example/rss"', "source #1: needs a name"),
    ('[[source]]\nname = "A"', "source 'A': give exactly one of feed, sitemap, urls, telegram (found none)"),
    ('[[source]]\nname = "A"\nfeed = "https://a.example/rss"\nsitemap = "https://a.example/s.xml"',
     "source 'A': give exactly one of feed, sitemap, urls, telegram (found feed, sitemap)"),
    ('[[source]]\nname = "A"\nfeed = "ftp://a.example/rss"', "source 'A': feed: 'ftp://a.example/rss' is not an http(s) URL"),
    ('[[source]]\nname = "A"\nurls = []', "source 'A': urls must be a non-empty list"),
    ('[[source]]\nname = "A"\ntelegram = "https://t.me/local_news"', "source 'A': telegram must be a channel name"),
    ('[[source]]\nname = "A"\nfeed = "https://a.example/rss"\nevery = "soon"', "source 'A': every must be a positive duration"),
    ('[[source]]\nname = "A"\nfeed = "https://a.example/rss"\ndelay = -1', "source 'A': delay must be a number"),
    ('[[source]]\nname = "A"\nfeed = "https://a.example/rss"\nlanguage = "English"', "source 'A': language must be"),
    ('[[source]]\nname = "A"\nfeed = "https://a.example/rss"\nkeyword = ["x"]', "source 'A': unknown key(s) keyword"),
    ('[[source]]\nname = "A"\nfeed = "https://a.example/rss"\n[[source]]\nname = "A"\nfeed = "https://b.example/rss"',
     "source 'A': the name is used twice"),
    ('title = "x"', "unknown top-level key(s) title"),
    ("[[source]\n", "not valid TOML"),
])
def test_a_bad_sources_file_is_refused_naming_the_source(tmp_path, tables, says):
    path = tmp_path / "sources.toml"
    path.write_text(tables, encoding="utf-8")
    with pytest.raises(SourcesError) as error:
        load(path)
    assert says in str(error.value)


# --- listings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_brings_in_each_new_article_archived(store, archive, site, kind):
    site.pages["/news/1"] = article("Bakery strike", STORY)
    site.pages["/news/2"] = article("Water station shelled", OTHER)
    site.pages["/feed"] = (rss if kind == "rss" else atom)(site, ["/news/1", "/news/2"])
    result = run_poll(store, archive, [source("Gazette", "feed", site.url("/feed"), language="en")])
    assert (result.new_reports, result.failed_sources, result.errors) == (2, [], [])
    reports = {r.url: r for r in store.reports()}
    stored = reports[site.url("/news/1")]
    assert "killing four civilians" in stored.text and "Copyright" not in stored.text
    assert (stored.title, stored.outlet, stored.language) == ("Story /news/1", "Gazette", "en")
    assert stored.published == (dt.date(2026, 11, 24) if kind == "rss" else dt.date(2026, 11, 23))
    kept = archive.read(stored.archive_locator)
    assert (kept.url, kept.status, kept.body) == (site.url("/news/1"), 200, site.pages["/news/1"])
    assert kept.sha256 == stored.archive_sha256


def test_a_sitemap_index_leads_to_its_sitemaps_and_news_sitemap_titles(store, archive, site):
    site.pages["/a/1"], site.pages["/a/2"] = article("One", STORY), article("Two", OTHER)
    site.pages["/sitemap.xml"] = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/sitemap-pages.xml')}</loc></sitemap>"
        f"<sitemap><loc>{site.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>").encode()
    site.pages["/sitemap-pages.xml"] = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url('/a/1')}</loc><lastmod>2026-11-20</lastmod></url></urlset>").encode()
    site.pages["/sitemap-news.xml"] = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{site.url('/a/2')}</loc><news:news><news:publication><news:name>Gazette</news:name>"
        "<news:language>en</news:language></news:publication><news:publication_date>2026-11-22T06:00:00Z"
        "</news:publication_date><news:title>Water station shelled</news:title></news:news></url></urlset>").encode()
    result = run_poll(store, archive, [source("Map", "sitemap", site.url("/sitemap.xml"))])
    assert result.new_reports == 2
    reports = {r.url: r for r in store.reports()}
    assert reports[site.url("/a/1")].published == dt.date(2026, 11, 20)
    assert (reports[site.url("/a/2")].title, reports[site.url("/a/2")].published) == \
        ("Water station shelled", dt.date(2026, 11, 22))


def test_each_channel_message_is_a_report_of_its_own(store, archive, site):
    site.pages["/s/localnews"] = telegram_page(site, [(1, STORY), (2, "Photo of the day"), (3, MARKET)],
                                               quoting="An air strike hit a bakery")
    result = run_poll(store, archive, [source("Channel", "telegram", site.url("/s/localnews"), keywords=["strike"])])
    assert (result.new_reports, result.skipped) == (2, 1)
    reports = {r.url: r for r in store.reports()}
    assert set(reports) == {"https://t.me/localnews/1", "https://t.me/localnews/3"}
    message = reports["https://t.me/localnews/3"]
    assert message.text.startswith("A drone strike on a crowded market") and message.published == dt.date(2026, 11, 23)
    assert archive.read(message.archive_locator).url == site.url("/s/localnews")


def test_a_channel_message_edited_between_polls_gets_a_new_version(store, archive, site):
    site.pages["/s/localnews"] = telegram_page(site, [(1, STORY)])
    channel = source("Channel", "telegram", site.url("/s/localnews"))
    run_poll(store, archive, [channel])
    site.pages["/s/localnews"] = telegram_page(site, [(1, STORY.replace("four civilians", "five civilians"))])
    assert run_poll(store, archive, [channel]).changed == 1
    first, second = store.reports()
    assert second.previous_version_id == first.id and "five civilians" in second.text


def test_keywords_keep_only_articles_that_name_one(store, archive, site):
    site.pages["/news/1"], site.pages["/news/2"] = article("Bakery", STORY), article("Water", OTHER)
    site.pages["/feed"] = rss(site, ["/news/1", "/news/2"])
    result = run_poll(store, archive, [source("Gazette", "feed", site.url("/feed"), keywords=["BAKERY"])])
    assert (result.new_reports, result.skipped) == (1, 1)
    assert [r.url for r in store.reports()] == [site.url("/news/1")]
    assert store.seen([site.url("/news/2")])[site.url("/news/2")]["note"] == "no keyword of the source"


# --- a good citizen -------------------------------------------------------------------------------

def test_robots_txt_keeps_civcas_off_a_disallowed_path(store, archive, site):
    site.pages["/news/1"], site.pages["/private/2"] = article("Open", STORY), article("Closed", OTHER)
    site.pages["/feed"] = rss(site, ["/news/1", "/private/2"])
    result = run_poll(store, archive, [source("Gazette", "feed", site.url("/feed"))])
    assert (result.new_reports, result.skipped) == (1, 1)
    assert site.hits("/private/2") == [] and len(site.hits("/robots.txt")) == 1


def test_one_request_at_a_time_per_host_at_least_the_delay_apart(store, archive, site):
    paths = [f"/news/{n}" for n in range(6)]
    for n, path in enumerate(paths):
        site.pages[path] = article(f"Story {n}", STORY.replace("four", str(n + 4)))
    site.pages["/feed"] = rss(site, paths)
    run_poll(store, archive, [source("Gazette", "feed", site.url("/feed"), delay=0.3)])
    arrivals = [h.at for h in site.log]
    assert len(arrivals) == 8          # robots.txt, the feed, six articles
    assert min(b - a for a, b in zip(arrivals, arrivals[1:])) >= 0.3


def test_requests_name_civcas_in_their_user_agent(store, archive, site):
    site.pages["/feed"] = rss(site, [])
    run_poll(store, archive, [source("Gazette", "feed", site.url("/feed"))], contact="mailto:desk@example.org")
    assert re.fullmatch(r"civcas/\S+ \(\+mailto:desk@example\.org\)", site.log[-1].headers["user-agent"])


def test_a_feed_unchanged_since_the_last_poll_answers_304(store, archive, site):
    site.pages["/news/1"] = article("Bakery", STORY)
    site.pages["/feed"] = rss(site, ["/news/1"])
    gazette = source("Gazette", "feed", site.url("/feed"))
    run_poll(store, archive, [gazette])
    result = run_poll(store, archive, [gazette])
    second = site.hits("/feed")[1]
    assert (second.status, second.headers.get("if-none-match") is not None) == (304, True)
    assert result.new_reports == 0 and len(site.hits("/news/1")) == 1


def test_429_is_retried_after_what_retry_after_says(store, archive, site):
    answers = iter([(429, {"Retry-After": "1"}, b"slow down"), (200, {"Content-Type": "text/html"}, article("B", STORY))])
    site.pages["/news/1"] = lambda headers: next(answers)
    result = run_poll(store, archive, [source("Pages", "urls", site.url("/news/1"))])
    first, second = site.hits("/news/1")
    assert (first.status, second.status, result.new_reports) == (429, 200, 1)
    assert second.at - first.at >= 1.0


@pytest.mark.parametrize("failures, stored", [(1, 1), (5, 0)])
def test_5xx_is_retried_with_backoff_then_left_for_the_next_poll(store, archive, site, failures, stored):
    answers = iter([(500, {}, b"oops")] * failures + [(200, {"Content-Type": "text/html"}, article("B", STORY))])
    site.pages["/news/1"] = lambda headers: next(answers)
    result = run_poll(store, archive, [source("Pages", "urls", site.url("/news/1"))], retries=2)
    assert (result.new_reports, len(site.hits("/news/1"))) == (stored, min(failures + 1, 3))
    assert len(store.seen([site.url("/news/1")])) == stored      # a failed URL is tried again next poll


def test_a_redirect_is_followed_and_each_answer_archived(store, archive, site):
    site.pages["/old/1"] = (301, {"Location": "/news/1"}, b"")
    site.pages["/news/1"] = article("Bakery", STORY)
    result = run_poll(store, archive, [source("Pages", "urls", site.url("/old/1"))])
    (report,) = store.reports()
    assert (result.new_reports, result.fetched, report.url) == (1, 3, site.url("/old/1"))
    assert archive.read(report.archive_locator).url == site.url("/news/1")


def test_a_page_over_the_size_limit_is_refused(store, archive, site):
    site.pages["/news/1"] = article("Long", STORY * 200)
    result = run_poll(store, archive, [source("Pages", "urls", site.url("/news/1"))], max_bytes=10_000)
    assert result.new_reports == 0 and "too large" in result.errors[0][1]


# --- re-checks -----------------------------------------------------------------------------------

def _due_now(store, url: str) -> None:
    store.update_seen(url, next_check=dt.datetime(2000, 1, 1))


def test_an_article_edited_between_polls_is_stored_as_a_new_version(store, archive, site):
    site.pages["/news/1"] = article("Bakery", STORY)
    pages = source("Pages", "urls", site.url("/news/1"))
    run_poll(store, archive, [pages])
    site.pages["/news/1"] = article("Bakery", STORY.replace("four civilians", "five civilians"))
    _due_now(store, site.url("/news/1"))
    result = run_poll(store, archive, [pages])
    first, second = store.reports()
    assert result.changed == 1 and second.previous_version_id == first.id and "five civilians" in second.text
    assert site.hits("/news/1")[1].headers.get("if-none-match")      # asked conditionally
    assert archive.read(first.archive_locator).body != archive.read(second.archive_locator).body


def test_an_unchanged_article_answers_304_and_stays_one_report(store, archive, site):
    site.pages["/news/1"] = article("Bakery", STORY)
    pages = source("Pages", "urls", site.url("/news/1"))
    run_poll(store, archive, [pages])
    _due_now(store, site.url("/news/1"))
    result = run_poll(store, archive, [pages])
    assert (site.hits("/news/1")[1].status, result.changed, len(store.reports())) == (304, 0, 1)


@pytest.mark.parametrize("status", [404, 410])
def test_an_article_gone_when_re_checked_is_marked_withdrawn(store, archive, site, status):
    site.pages["/news/1"] = article("Bakery", STORY)
    pages = source("Pages", "urls", site.url("/news/1"))
    run_poll(store, archive, [pages])
    site.pages["/news/1"] = (status, {"Content-Type": "text/plain"}, b"gone")
    _due_now(store, site.url("/news/1"))
    assert run_poll(store, archive, [pages]).withdrawn == 1
    (report,) = store.reports()
    assert report.withdrawn_at is not None and archive.read(report.archive_locator).status == 200
    assert store.seen([site.url("/news/1")])[site.url("/news/1")]["next_check"] is None   # not asked again


def test_an_article_first_seen_over_a_week_ago_is_not_re_checked(store, archive, site):
    site.pages["/news/1"] = article("Bakery", STORY)
    pages = source("Pages", "urls", site.url("/news/1"))
    run_poll(store, archive, [pages])
    store.update_seen(site.url("/news/1"), first_seen=dt.datetime(2000, 1, 1), next_check=dt.datetime(2000, 1, 1))
    run_poll(store, archive, [pages])
    assert len(site.hits("/news/1")) == 1


# --- state, backoff, the operators' view ----------------------------------------------------------

def test_the_watch_state_works_on_postgresql(pg_databases, request, archive, site):
    """Sources and seen URLs, a new article, a version and a withdrawal on a PostgreSQL store."""
    from civcas.store import Store
    store = Store(pg_databases.copy("head", request))
    site.pages["/news/1"], site.pages["/news/2"] = article("Bakery", STORY), article("Water", OTHER)
    pages = source("Pages", "urls", site.url("/news/1"), site.url("/news/2"))
    assert run_poll(store, archive, [pages]).new_reports == 2
    site.pages["/news/1"] = article("Bakery", STORY.replace("four civilians", "five civilians"))
    site.pages["/news/2"] = (410, {}, b"gone")
    for page in ("/news/1", "/news/2"):
        _due_now(store, site.url(page))
    result = run_poll(store, archive, [pages])
    assert (result.changed, result.withdrawn, store.fetched(), store.source_states()[0]["failures"]) == (1, 1, 6, 0)
    store.engine.dispose()


def test_a_failing_source_is_backed_off_and_its_error_kept(store, archive, site):
    site.pages["/feed"] = (500, {}, b"broken")
    gazette = source("Gazette", "feed", site.url("/feed"), every=60.0)
    for expected in (1, 2):
        before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        result = run_poll(store, archive, [gazette], retries=0)
        (state,) = store.source_states()
        assert (state["failures"], result.failed_sources[0][0]) == (expected, "Gazette")
        assert "HTTP 500" in state["last_error"]
        assert state["next_poll_at"] - before >= dt.timedelta(seconds=60 * 2 ** expected)
    assert intake.due(store, [gazette], dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), once=True) == []
    site.pages["/feed"] = rss(site, [])
    run_poll(store, archive, [gazette])
    assert (store.source_states()[0]["failures"], store.source_states()[0]["last_error"]) == (0, None)


def test_the_sources_page_shows_each_source_to_analysts_only(store, archive, site):
    from fastapi.testclient import TestClient
    from civcas import review
    from civcas.web import create_app
    site.pages["/news/1"] = article("Bakery", STORY)
    site.pages["/feed"] = rss(site, ["/news/1"])
    site.pages["/broken"] = (500, {}, b"broken")
    run_poll(store, archive, [source("Gazette", "feed", site.url("/feed")),
                              source("Broken wire", "feed", site.url("/broken"))], retries=0)
    review.add_user(store, "ana", "analyst-pass", "analyst")
    review.add_user(store, "vic", "viewer-pass", "viewer")
    app = create_app(store.url)
    assert TestClient(app).get("/sources", follow_redirects=False).status_code == 303
    for user, password, status in (("vic", "viewer-pass", 403), ("ana", "analyst-pass", 200)):
        client = TestClient(app)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"username": user, "password": password, "csrf": token})
        page = client.get("/sources")
        assert page.status_code == status
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr data-source="([^"]+)">.*?</tr>', page.text, re.S)}
    assert ">1<" in rows["Gazette"] and "HTTP 500" in rows["Broken wire"]
    assert "backed off" in rows["Broken wire"]


def test_a_source_taken_out_of_the_file_is_listed_apart_and_comes_back_when_put_back(store, archive, site):
    from fastapi.testclient import TestClient
    from civcas import review
    from civcas.web import create_app
    site.pages["/news/1"] = article("Bakery", STORY)
    site.pages["/feed"] = rss(site, ["/news/1"])
    gazette, wire = source("Gazette", "feed", site.url("/feed")), source("Wire", "feed", site.url("/feed"))
    run_poll(store, archive, [gazette, wire])
    taken_out = now()
    store.sync_sources([(gazette.name, gazette.kind, gazette.target)], taken_out)
    states = {s["name"]: s for s in store.source_states()}
    assert (states["Gazette"]["removed_at"], states["Wire"]["removed_at"]) == (None, taken_out)
    assert states["Wire"]["fetched"] > 0                       # what it fetched stays counted
    review.add_user(store, "ana", "analyst-pass", "analyst")
    client = TestClient(create_app(store.url))
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "ana", "password": "analyst-pass", "csrf": token})
    page = client.get("/sources").text
    polled, removed = page.split("No longer in the sources file")
    assert 'data-source="Gazette"' in polled and 'data-source="Wire"' not in polled
    assert 'data-source="Wire"' in removed and taken_out.strftime("%Y-%m-%d %H:%M") in removed
    store.sync_sources([(s.name, s.kind, s.target) for s in (gazette, wire)], now())
    assert all(s["removed_at"] is None for s in store.source_states())
    assert "No longer in the sources file" not in client.get("/sources").text


def test_stats_count_the_responses_fetched(store, archive, site):
    from civcas.pipeline import stats
    site.pages["/news/1"] = article("Bakery", STORY)
    site.pages["/feed"] = rss(site, ["/news/1"])
    result = run_poll(store, archive, [source("Gazette", "feed", site.url("/feed"))])
    assert stats(store)["fetched"] == result.fetched == 3         # robots.txt, the feed, the article


# --- kill -9 and restart ------------------------------------------------------------------------

def test_kill_9_during_watch_loses_nothing_fetched_and_fetches_nothing_twice(tmp_path, site):
    paths = [f"/news/{n}" for n in range(8)]
    for n, path in enumerate(paths):
        site.pages[path] = article(f"Story {n}", STORY.replace("four", str(n + 4)))
    held, release, calls = threading.Event(), threading.Event(), []

    def stalled(_headers):           # the sixth article: no answer until the watcher is dead
        calls.append(1)
        if len(calls) == 1:
            held.set()
            release.wait(30)
            return 599, {}, b""      # logged as unanswered (the watcher died waiting)
        return 200, {"Content-Type": "text/html"}, article("Story 5", STORY.replace("four", "nine"))
    site.pages["/news/5"] = stalled
    site.pages["/feed"] = rss(site, paths)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "Gazette"\nfeed = "{site.url("/feed")}"\ndelay = 0.05\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CIVCAS_DB": db}
    watcher = subprocess.Popen([sys.executable, "-m", "civcas.cli", "watch", str(sources)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert held.wait(120), "the watcher never asked for the sixth article"
        watcher.send_signal(signal.SIGKILL)
        watcher.wait(10)
    finally:
        release.set()
    from civcas.store import Store
    store = Store(db)
    answered = {h.path for h in site.log if h.path.startswith("/news/") and h.status == 200}
    assert answered == set(paths[:5])
    assert {r.url for r in store.reports()} == {site.url(p) for p in paths[:5]}       # nothing fetched lost
    done = subprocess.run([sys.executable, "-m", "civcas.cli", "watch", "--once", str(sources)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    served = [h.path for h in site.log if h.path.startswith("/news/") and h.status == 200]
    assert sorted(served) == sorted(paths)                                           # nothing fetched twice
    assert {r.url for r in store.reports()} == {site.url(p) for p in paths}
    assert store.unprocessed_report_ids() == []
    stats = json.loads(subprocess.run([sys.executable, "-m", "civcas.cli", "stats", "--json"], env=env, cwd=ROOT,
                                      capture_output=True, text=True, check=True).stdout)
    assert stats["reports"] == 8 and stats["fetched"] >= 10


def test_a_second_watcher_of_one_database_exits_2_before_any_request(tmp_path, site):
    """A cron `--once` still at work when the next one starts: the second leaves at once."""
    site.pages["/news/1"] = article("Bakery", STORY)
    site.pages["/feed"] = rss(site, ["/news/1"])
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "Gazette"\nfeed = "{site.url("/feed")}"\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CIVCAS_DB": db}
    from civcas.store import Store
    with Store(db).watch_lock():
        second = subprocess.run([sys.executable, "-m", "civcas.cli", "watch", "--once", str(sources)], env=env,
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 2 and "another `civcas watch`" in second.stderr, second.stderr
    assert site.log == []
    assert subprocess.run([sys.executable, "-m", "civcas.cli", "watch", "--once", str(sources)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300).returncode == 0
    assert {"/feed", "/news/1"} <= {h.path for h in site.log}
