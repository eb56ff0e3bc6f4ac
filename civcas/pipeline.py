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
        for rid in ids:
            if stop is not None and stop.is_set():
                result.stopped = True
                break
            with store.atomic():
                facts = run.read(rid)
                if not every_report:
                    run.link(facts)
                    store.mark_processed([rid])
            if every_report:
                run.held.append(facts)
            result.reports += 1
            if progress:
                progress(1)
        if every_report and not result.stopped:
            with store.atomic():
                run.link_all()
                store.mark_processed(ids)
        return result


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
        facts = self._stage(rid, "extract", lambda: extract.run(self.store, [rid], self.gaz)[0])
        if facts is None:
            facts = ReportFacts(report_id=rid)
            self.store.save_facts(facts)
        self.result.claims += len(facts.claims)
        return facts

    def link(self, facts: ReportFacts) -> None:
        """Link one report and re-assess its incident (the next report meets the updated one)."""
        rid = facts.report_id
        linked = self._stage(rid, "link", lambda: link.run(self.store, facts, self.store.links([rid])), (None, None))
        if self._count(facts, *linked):
            self._stage(rid, "assess", lambda: assess.run(self.store, [linked[0]]))

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
