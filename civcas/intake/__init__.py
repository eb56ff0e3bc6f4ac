"""Intake: `civcas watch` polls the sources of a sources file (feeds, sitemaps, lists of URLs,
Telegram channel previews), fetches the article pages it has not met, stores each as a report
(ingest reads the text; the pipeline processes it) and re-checks the young ones for edits and
removals.

Nothing fetched is lost or fetched twice: each response is archived first, then the report and
its `seen_urls` row are one transaction, so a watch killed at any point resumes with every stored
article counted as met and every other URL still to fetch. Politeness lives in `fetch.Fetcher`;
hosts are worked in parallel, each one request at a time (`_by_host`).
"""
from __future__ import annotations

import datetime as dt
import email.message
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional
from urllib.parse import urlsplit

from civcas import ingest
from civcas.intake import listings
from civcas.intake.fetch import Disallowed, FetchError, Fetcher, Response
from civcas.intake.sources import Source, SourcesError, SourcesFile, load
from civcas.store.clock import now as _now

__all__ = ["watch", "poll", "PollResult", "SourcesError"]

RECHECK_FOR = dt.timedelta(days=7)    # articles first seen this recently are re-checked at their source's polls
MAX_BACKOFF = dt.timedelta(days=1)    # a failing source is polled at most this far apart
WORKERS = 16                          # hosts worked at once (each one request at a time)
MAX_SITEMAPS = 50                     # child sitemaps read from one index per poll
PAGE_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class PollResult:
    sources: int = 0
    new_reports: int = 0
    changed: int = 0                 # articles re-read with new text (a new version stored)
    withdrawn: int = 0               # articles that answered 404/410 when re-checked
    fetched: int = 0                 # responses
    skipped: int = 0                 # kept out: keywords, robots.txt, not an article
    failed_sources: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)       # (url, why) of articles not fetched


@dataclass
class _Found:
    """An item of a listing, with the listing response (a channel message's record)."""
    source: Source
    item: listings.Item
    listing: Optional[Response]


class _Poll:
    """One poll of some sources: their listings, then the new articles and the re-checks,
    host by host. Counters are shared by the worker threads (under a lock)."""

    def __init__(self, store, fetcher: Fetcher, sources: list[Source], stop: Optional[threading.Event]):
        self.store, self.fetcher, self.sources, self.stop = store, fetcher, sources, stop
        self.result = PollResult(sources=len(sources))
        self.per_source: dict[str, dict] = {s.name: {"new": 0, "fetched": 0, "error": None, "validators": None,
                                                      "polled": False}
                                            for s in sources}
        self.lock = threading.Lock()
        self.started = _now()

    def count(self, source: Source, fetched: int = 0, **counts: int) -> None:
        with self.lock:
            self.result.fetched += fetched
            for key, n in counts.items():
                setattr(self.result, key, getattr(self.result, key) + n)
            if counts.get("new_reports"):
                self.per_source[source.name]["new"] += counts["new_reports"]

    def run(self) -> PollResult:
        states = {r["name"]: r for r in self.store.source_states(s.name for s in self.sources)}
        listed = _by_host([(s.targets[0], lambda s=s: self.listing(s, states.get(s.name, {}))) for s in self.sources],
                          self.stop)
        self.articles([found for items in listed for found in items])
        for source in self.sources:
            self.finish(source, states.get(source.name, {}))
        return self.result

    # --- listings -----------------------------------------------------------------------------

    def listing(self, source: Source, state: dict) -> list[_Found]:
        """The items a source lists now; a failure is the source's, recorded at the end."""
        self.per_source[source.name]["polled"] = True
        if source.kind == "urls":
            return [_Found(source, listings.Item(u), None) for u in source.targets]
        try:
            response = self.fetch(source, source.targets[0], state.get("etag"), state.get("last_modified"),
                                  listing=True)
            if response.status == 304:
                return []
            if response.status != 200:
                raise listings.ListingError(f"HTTP {response.status}")
            self.per_source[source.name]["validators"] = response.validators
            if source.kind == "feed":
                return [_Found(source, i, response)
                        for i in listings.feed(response.body, response.url, response.headers.get("content-type")).items]
            if source.kind == "telegram":
                return [_Found(source, i, response) for i in listings.telegram(response.body, response.url).items]
            return [_Found(source, i, response) for i in self.sitemap_items(source, response)]
        except (FetchError, listings.ListingError) as exc:
            self.per_source[source.name]["error"] = str(exc)
            return []

    def sitemap_items(self, source: Source, response: Response) -> list[listings.Item]:
        """A sitemap's URLs; an index's children read in turn (an index inside an index too),
        at most MAX_SITEMAPS of them."""
        listing = listings.sitemap(response.body, response.url)
        items, queue, read = list(listing.items), list(listing.sitemaps), 0
        while queue and read < MAX_SITEMAPS:
            child = self.fetch(source, queue.pop(0), listing=True)
            read += 1
            if child.status == 200:
                nested = listings.sitemap(child.body, child.url)
                items.extend(nested.items)
                queue.extend(nested.sitemaps)
        return items

    def fetch(self, source: Source, url: str, etag: Optional[str] = None, last_modified: Optional[str] = None,
              listing: bool = False) -> Response:
        """A GET for the source. The store counts a listing's responses with the poll's end, an
        article's in the transaction that stores what it gave, a failure's at once."""
        try:
            response = self.fetcher.get(url, source.delay, etag, last_modified)
        except FetchError as exc:
            responses = exc.responses
            if not listing:
                self.store.count_fetched(source.name, responses)
            raise
        else:
            responses = response.responses
        finally:
            self.count(source, responses)
            if listing:
                with self.lock:
                    self.per_source[source.name]["fetched"] += responses
        return response

    # --- articles -----------------------------------------------------------------------------

    def articles(self, found: list[_Found]) -> None:
        """New URLs fetched (a channel message stored as it is), the young ones re-checked."""
        unique: dict[str, _Found] = {}
        for f in found:
            unique.setdefault(f.item.url, f)
        seen = self.store.seen(unique)
        tasks: list[tuple[str, Callable]] = []
        for url, f in unique.items():
            if f.item.text is not None:
                self.message(f, seen.get(url))
            elif url not in seen:
                tasks.append((url, lambda f=f: self.new_article(f)))
        by_name = {s.name: s for s in self.sources}
        for row in self.store.due_rechecks(by_name, self.started, self.started - RECHECK_FOR):
            tasks.append((row["url"], lambda row=row: self.recheck(by_name[row["source"]], row)))
        _by_host(tasks, self.stop)

    def new_article(self, found: _Found) -> None:
        source, item = found.source, found.item
        try:
            response = self.fetch(source, item.url)
        except Disallowed:
            self.count(source, skipped=1)
            return
        except FetchError as exc:
            with self.lock:
                self.result.errors.append((item.url, str(exc)))
            return
        note, report, unreadable = None, None, False
        if response.status != 200:
            note = f"HTTP {response.status}"
        else:
            try:
                report = _report(source, item, response, found.listing)
            except ingest.IngestError as exc:
                note, unreadable = str(exc), True
            else:
                if not source.wanted(f"{report.title or ''}\n{report.text}"):
                    report, note = None, "no keyword of the source"
        at = response.fetched_at
        with self.store.atomic():
            if unreadable:                 # counted by `civcas stats` as ingest counts a bad file
                self.store.add_error(item.url, note)
            report_id, created = self.store.add_report(report) if report else (None, False)
            self.store.add_seen(item.url, source.name, at, response.status, report_id, *response.validators, note=note,
                                next_check=at + dt.timedelta(seconds=source.every / 2) if report else None)
            self.store.count_fetched(source.name, response.responses)
        self.count(source, new_reports=int(created), skipped=int(report is None))

    def message(self, found: _Found, row: Optional[dict]) -> None:
        """A channel message: stored when new, a new version when its text was edited."""
        source, item = found.source, found.item
        try:
            report = _report(source, item, None, found.listing)
        except ingest.IngestError as exc:
            report, note = None, str(exc)
        else:
            note = None if source.wanted(report.text) else "no keyword of the source"
        if row is None:
            kept = report if note is None else None
            with self.store.atomic():
                report_id, created = self.store.add_report(kept) if kept else (None, False)
                self.store.add_seen(item.url, source.name, found.listing.fetched_at, 200, report_id, note=note)
            self.count(source, new_reports=int(created), skipped=int(kept is None))
        elif report is not None and row["report_id"] and self.store.report_hash(row["report_id"]) != report.content_hash:
            self.new_version(source, row, report)

    def recheck(self, source: Source, row: dict) -> None:
        """A conditional GET of a young article: unchanged, edited (a new version) or gone."""
        later = self.started + dt.timedelta(seconds=source.every / 2)
        try:
            response = self.fetch(source, row["url"], row["etag"], row["last_modified"])
        except FetchError:         # robots.txt or the network: try again at the next poll
            self.store.update_seen(row["url"], next_check=later)
            return
        seen = {"last_status": response.status, "next_check": later}
        report = None
        if response.status in (404, 410):
            seen.update(next_check=None, note=f"withdrawn (HTTP {response.status})")
        elif response.status == 200:
            seen.update(zip(("etag", "last_modified"), response.validators))
            try:
                report = _report(source, listings.Item(row["url"]), response, None)
            except ingest.IngestError:
                pass
            if report is not None and self.store.report_hash(row["report_id"]) == report.content_hash:
                report = None
        with self.store.atomic():
            self.store.count_fetched(source.name, response.responses)
            if response.status in (404, 410):
                self.store.mark_withdrawn(row["report_id"], response.fetched_at)
            if report is not None:
                seen["report_id"] = self.store.add_report_version(row["report_id"], report)
            self.store.update_seen(row["url"], **seen)
        self.count(source, withdrawn=int(response.status in (404, 410)), changed=int(report is not None))

    def new_version(self, source: Source, row: dict, report) -> None:
        with self.store.atomic():
            self.store.update_seen(row["url"], report_id=self.store.add_report_version(row["report_id"], report))
        self.count(source, changed=1)

    # --- the poll's end -----------------------------------------------------------------------

    def finish(self, source: Source, state: dict) -> None:
        """The source's state: next poll after its interval, or after a doubling backoff while
        it keeps failing. A source a stop came before is left due."""
        mine = self.per_source[source.name]
        if not mine["polled"]:
            return
        at = _now()
        if mine["error"]:
            failures = (state.get("failures") or 0) + 1
            wait = min(dt.timedelta(seconds=source.every * 2 ** failures), MAX_BACKOFF)
            self.result.failed_sources.append((source.name, mine["error"]))
        else:
            wait = dt.timedelta(seconds=source.every)
        self.store.record_poll(source.name, at, at + wait, mine["error"], mine["new"], mine["fetched"],
                               mine["validators"])


def _report(source: Source, item: listings.Item, response: Optional[Response], listing: Optional[Response]):
    """The Report of an article page (or of a channel message's text), through ingest's reading
    of text and metadata, pointing to the archived response it came from."""
    if response is None:
        text, warning, record, fetched_at = item.text, None, listing.record, listing.fetched_at
    else:
        kind, charset = _content_type(response.headers.get("content-type"))
        if kind not in PAGE_TYPES and kind != "text/plain":
            raise ingest.IngestError(f"not a web page ({kind or 'no content type'})")
        decoded = ingest.decode(response.body, charset)
        text = ingest.html_to_text(decoded.text) if kind != "text/plain" else ingest.as_text(decoded.text)
        warning, record, fetched_at = decoded.warning, response.record, response.fetched_at
    report = ingest.report_from_record(
        {"outlet": source.name, "url": item.url, "title": item.title,
         "published": item.published.isoformat() if item.published else None, "language": source.language},
        text, listing.url if listing else item.url, None, warning)
    report.archive_locator, report.archive_sha256, report.fetched_at = record.locator, record.sha256, fetched_at
    return report


def _content_type(value: Optional[str]) -> tuple[str, Optional[str]]:
    message = email.message.Message()
    message["content-type"] = value or ""
    return (message.get_content_type() if value else ""), message.get_content_charset()


def _by_host(tasks: list[tuple[str, Callable]], stop: Optional[threading.Event]) -> list:
    """Run each (url, task), the tasks of one host in turn and hosts side by side (the longest
    queues first); the results in no set order. `stop` ends every queue after its current task."""
    queues: dict[str, list[Callable]] = defaultdict(list)
    for url, task in tasks:
        queues[urlsplit(url).netloc.lower()].append(task)
    if not queues:
        return []

    def drain(queue: list[Callable]) -> list:
        done = []
        for task in queue:
            if stop is not None and stop.is_set():
                break
            done.append(task())
        return done

    ordered = sorted(queues.values(), key=len, reverse=True)
    with ThreadPoolExecutor(min(WORKERS, len(ordered)), thread_name_prefix="civcas-host") as pool:
        return [r for future in [pool.submit(drain, q) for q in ordered] for r in future.result()]


def due(store, sources: Iterable[Source], at: dt.datetime, once: bool = False) -> list[Source]:
    """Sources to poll now: those whose next poll has come (`once`: every one, but a source
    backed off after failures waits out its backoff)."""
    states = {r["name"]: r for r in store.source_states()}
    chosen = []
    for source in sources:
        state = states.get(source.name, {})
        next_poll = state.get("next_poll_at")
        if next_poll is None or next_poll <= at or (once and not state.get("failures")):
            chosen.append(source)
    return chosen


def poll(store, fetcher: Fetcher, sources: list[Source], stop: Optional[threading.Event] = None) -> PollResult:
    """Poll these sources once: new articles stored, young ones re-checked, state recorded."""
    return _Poll(store, fetcher, sources, stop).run()


def watch(store, sources_file: Path, once: bool = False, stop: Optional[threading.Event] = None,
          log: Callable[[str], None] = lambda line: None, process: bool = True) -> list[PollResult]:
    """Poll the sources when due, process what came in, until `stop` is set (`once`: poll every
    source now, process, return). Raises SourcesError for a bad sources file and ProcessLocked
    when another watcher holds the database, both before any request."""
    config = load(sources_file)
    with store.watch_lock():
        return _watch(store, config, once, stop or threading.Event(), log, process)


def _watch(store, config: SourcesFile, once: bool, stop: threading.Event, log: Callable[[str], None],
           process: bool) -> list[PollResult]:
    store.sync_sources(((s.name, s.kind, s.target) for s in config.sources), _now())
    from civcas.archive import Archive, archive_directory
    fetcher = Fetcher(Archive(archive_directory(store.url)), contact=config.contact)
    results = []
    try:
        while not stop.is_set():
            chosen = due(store, config.sources, _now(), once)
            if chosen:
                result = poll(store, fetcher, chosen, stop)
                results.append(result)
                log(_summary(result))
                if process and not stop.is_set():
                    _process(store, stop, log)
            elif once:
                log("no source due: each is backed off after failing (see /sources)")
            if once:
                break
            states = [r["next_poll_at"] for r in store.source_states(s.name for s in config.sources)]
            wake = min((s for s in states if s is not None), default=_now())
            stop.wait(max(1.0, (wake - _now()).total_seconds()))
    finally:
        fetcher.close()
    return results


def _process(store, stop: threading.Event, log: Callable[[str], None]) -> None:
    """The pipeline over what came in; another run holding the database will process it."""
    from civcas.pipeline import process
    from civcas.store.lock import ProcessLocked
    try:
        done = process(store, stop=stop)
    except ProcessLocked as exc:
        log(f"not processed now: {exc}")
        return
    log(f"{done.reports} reports processed, {done.new_incidents} new incidents")


def _summary(result: PollResult) -> str:
    lines = [f"{result.sources} sources polled: {result.new_reports} new reports, {result.changed} changed, "
             f"{result.withdrawn} withdrawn, {result.skipped} kept out, {result.fetched} responses fetched"]
    lines += [f"source {name!r} failed: {why}" for name, why in result.failed_sources]
    lines += [f"not fetched: {url}: {why}" for url, why in result.errors]
    return "\n".join(lines)
