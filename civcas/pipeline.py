"""Runs the stages over what is new in the store: provenance → extract → link → assess.

Only unprocessed reports go through; incidents they join are re-assessed, nothing else is
touched, and analyst decisions (their own table) are never written here.

Nothing is lost when a run stops: each report's provenance, facts, link, assessment and its
"processed" mark are one transaction, so a run killed at any point (`kill -9` included) leaves
the database as it was after the last whole report, and the next run resumes there and ends with
the database an uninterrupted run gives. A stage that fails on one report is recorded as that
report's error (`report_errors`) and the run goes on. One run at a time holds the database's
process lock.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from sqlalchemy.exc import OperationalError

from civcas import assess, extract, gazetteer, link, provenance
from civcas.link.batch import link_run
from civcas.provenance import translation
from civcas.extract.version import extractor_version
from civcas.model import ReportFacts


@dataclass
class ProcessResult:
    reports: int = 0
    provenance_links: int = 0
    claims: int = 0
    incidents_touched: set[int] = field(default_factory=set)
    new_incidents: int = 0
    without_incident: int = 0
    mention_links: int = 0        # other incidents the reports tell of in passing
    errors: int = 0               # stages that failed on one report (stored in report_errors)
    stopped: bool = False         # asked to stop: the reports left stay unprocessed for the next run
    seconds: dict[str, float] = field(default_factory=dict)


def process(store, progress: Optional[Callable[[int], None]] = None, every_report: bool = False,
            stop: Optional[threading.Event] = None, wait: bool = False) -> ProcessResult:
    """Process every unprocessed report (progress gets the count done). `every_report` links
    reports that describe no harm too (news of events of any kind). `stop`, once set, ends the
    run after the current report. Raises `ProcessLocked` when another run holds the database,
    unless `wait`."""
    with store.process_lock(wait):
        ids = store.unprocessed_report_ids()
        result = ProcessResult()
        if not ids:
            return result
        run = _Run(store, gazetteer.load(store.gazetteer_places()), result)

        def step(rid: int) -> None:
            facts = run.read(rid)
            if every_report:
                run.held.append(facts)
            else:
                run.link(facts)
                store.mark_processed([rid])

        _one_at_a_time(store, ids, step, result, progress, stop)
        if every_report and not result.stopped:
            with store.atomic():
                run.link_all()
                store.mark_processed(ids)
        return result


def reprocess(store, all_reports: bool = False, progress: Optional[Callable[[int], None]] = None,
              stop: Optional[threading.Event] = None, wait: bool = False) -> ProcessResult:
    """Read again the processed reports whose facts an older extractor produced (every processed
    report with `all_reports`), relink and reassess them, one transaction per report. Incident ids
    stay: a report that alone made its incident keeps it if it still opens one, and an incident
    emptied by a re-read answers as the one its report moved to. Reports an analyst placed (in an
    incident merged or split by hand) stay where they are. Analysts' decisions are never touched;
    a correction whose figure the new reading no longer yields puts its incident back in the
    review queue, and the incident page shows it."""
    with store.process_lock(wait):
        version = extractor_version()
        ids = store.processed_report_ids() if all_reports else store.reports_read_by_another_extractor(version)
        result = ProcessResult()
        if not ids:
            return result
        run = _Run(store, gazetteer.load(store.gazetteer_places()), result)
        _one_at_a_time(store, ids, run.reread, result, progress, stop)
        return result


def linker(store) -> Callable[[ReportFacts], None]:
    """The steps `process` takes after reading a report (link, translations, assess), for a report
    whose provenance links and facts are stored already: the Spark driver runs them over each
    block of reports (`civcas.batch`), so both drivers link with one implementation."""
    return _Run(store, None, ProcessResult()).link


def _one_at_a_time(store, ids: list[int], step: Callable[[int], None], result: ProcessResult,
                   progress: Optional[Callable[[int], None]], stop: Optional[threading.Event]) -> None:
    """`step` each report in a transaction of its own, until `stop` is set."""
    for rid in ids:
        if stop is not None and stop.is_set():
            result.stopped = True
            return
        with store.atomic():
            step(rid)
        result.reports += 1
        if progress:
            progress(1)


def stats(store) -> dict:
    """The store's counts, `unreadable`: reports in a language the extractor does not read
    (stored, opening no incident), and `fetched`: responses `civcas watch` fetched."""
    counts = store.stats()
    counts["fetched"] = store.fetched()
    counts["unreadable"] = sum(n for code, n in counts["languages"].items() if code not in extract.LANGUAGES)
    return counts


class _Run:
    """One run's stages over single reports, each guarded: a failure becomes the report's error."""

    def __init__(self, store, gaz, result: ProcessResult):
        self.store, self.gaz, self.result = store, gaz, result
        self.timer = _Timer(result.seconds)
        self.held: list[ReportFacts] = []     # --every-report: the run's facts, linked all at once

    def _stage(self, report_id: int, stage: str, work: Callable, fallback=None):
        """Run one stage in a savepoint; on failure roll it back, record why, return `fallback`.
        A database that cannot be reached or written stops the run instead (not the report's fault)."""
        with self.timer(stage):
            try:
                with self.store.atomic():
                    return work()
            except OperationalError:
                raise
            except Exception as exc:
                self.store.add_report_error(report_id, stage, f"{type(exc).__name__}: {exc}")
                self.result.errors += 1
                return fallback

    def read(self, rid: int) -> ReportFacts:
        """Provenance and facts of one report (stored); empty facts when extraction failed."""
        links = self._stage(rid, "provenance", lambda: provenance.run(self.store, [rid]), [])
        self.result.provenance_links += len(links)
        return self._extract(rid)

    def _extract(self, rid: int) -> ReportFacts:
        facts = self._stage(rid, "extract", lambda: extract.run(self.store, [rid], self.gaz)[0])
        if facts is None:
            facts = ReportFacts(report_id=rid)
            self.store.save_facts(facts)
        self.result.claims += len(facts.claims)
        return facts

    def link(self, facts: ReportFacts) -> None:
        """Link one report and re-assess its incident (the next report meets the updated one)."""
        rid = facts.report_id
        links = self._stage(rid, "link", lambda: self.store.links([rid]), [])
        linked = self._stage(rid, "link", lambda: link.run(self.store, facts, links), (None, None))
        if self._count(facts, *linked):
            self._translations(rid, linked[0])
            self._stage(rid, "link", lambda: self._carry_decisions(rid, links, linked[0]))
            self._stage(rid, "assess", lambda: assess.run(self.store, [linked[0]]))

    def _carry_decisions(self, rid: int, links: list, incident_id: int) -> None:
        """A newer version of a report (its `version` provenance link, read for linking) takes
        over analysts' decisions on the earlier version's figures; one it cannot take over puts
        the incident back in the review queue."""
        previous = next((l.report_a for l in links if l.relation == "version" and l.report_b == rid), None)
        if previous is not None and self.store.carry_figure_decisions(previous, rid, incident_id):
            self.store.flag_new_evidence([incident_id])

    def _translations(self, rid: int, incident_id: Optional[int]) -> None:
        """Which reports of its incident the report translates or is translated by (after
        linking: a translation shares no text, only facts)."""
        self._stage(rid, "provenance", lambda: translation.judge(self.store, rid, incident_id))

    def reread(self, rid: int) -> None:
        """Extract one processed report again, then link it again unless an analyst placed it."""
        before = self.store.incidents(self.store.incident_ids_of_reports([rid]))
        mains = [(i, link) for i in before for link in i.reports if link.report_id == rid and link.role == "main"]
        facts = self._extract(rid)
        placed = any(d.action in ("merge", "split") for i, _ in mains for d in self.store.decisions(i.id))
        if placed:
            touched = {i.id for i, _ in mains}
            self._translations(rid, mains[0][0].id)
        else:
            self.store.detach(rid)
            old, old_link = mains[0] if mains else (None, None)
            alone = old is not None and not any(l.role == "main" and l.report_id != rid for l in old.reports)
            linked = self._stage(rid, "link", lambda: link.run(self.store, facts, self.store.links([rid]),
                                                               vacant=old.id if alone else None), (None, None))
            if linked[0] is None and alone:
                self.store.attach(old.id, old_link)       # no incident in the new reading: its own stays
                linked = (old.id, old_link)
            elif alone and linked[0] != old.id:
                self.store.set_merged_into(old.id, linked[0])   # emptied: its id answers as where it went
            self._count(facts, *linked)
            self._translations(rid, linked[0])
            touched = {i.id for i in before} - ({old.id} if alone and linked[0] != old.id else set())
            touched |= {linked[0]} if linked[0] is not None else set()
        self._stage(rid, "assess", lambda: assess.run(self.store, sorted(touched)))
        if self.store.unmatched_corrections([rid]):
            self.store.flag_new_evidence(touched)

    def link_all(self) -> None:
        """--every-report: the run's reports grouped all at once, then their incidents assessed."""
        with self.timer("link"):
            decisions = link_run(self.store, self.held)
        for facts in self.held:
            self._count(facts, *decisions[facts.report_id])
        with self.timer("assess"):
            assess.run(self.store, sorted(self.result.incidents_touched))

    def _count(self, facts: ReportFacts, incident_id: Optional[int], decision) -> bool:
        """After a report's main link: its links to incidents told of in passing, and the counts.
        False for a report left out of every incident."""
        rid = facts.report_id
        self.result.mention_links += len(self._stage(rid, "link", lambda: link.mentions(self.store, facts, incident_id),
                                                     []))
        if incident_id is None:
            self.result.without_incident += 1
            return False
        if decision.evidence.get("decision") == "new incident":
            self.result.new_incidents += 1
        self.result.incidents_touched.add(incident_id)
        return True


class _Timer:
    def __init__(self, seconds: dict[str, float]):
        self.seconds = seconds

    def __call__(self, stage: str):
        self.stage = stage
        return self

    def __enter__(self):
        self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        self.seconds[self.stage] = self.seconds.get(self.stage, 0.0) + time.perf_counter() - self.t0
