"""Runs the stages over what is new in the store: provenance → extract → link → assess.

Only unprocessed reports go through; incidents they join are re-assessed, nothing else is
touched, and analyst decisions (their own table) are never written here.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from civcas import assess, extract, gazetteer, link, provenance
from civcas.link.batch import link_run


@dataclass
class ProcessResult:
    reports: int = 0
    provenance_links: int = 0
    claims: int = 0
    incidents_touched: set[int] = field(default_factory=set)
    new_incidents: int = 0
    without_incident: int = 0
    mention_links: int = 0        # other incidents the reports tell of in passing
    seconds: dict[str, float] = field(default_factory=dict)


def process(store, progress: Optional[Callable[[int], None]] = None, batch: int = 200,
            every_report: bool = False) -> ProcessResult:
    """Process every unprocessed report, `batch` at a time (progress gets the count done).
    `every_report` links reports that describe no harm too (news of events of any kind)."""
    result = ProcessResult()
    ids = store.unprocessed_report_ids()
    if not ids:
        return result
    gaz = gazetteer.load(store.gazetteer_places())
    timer = _Timer(result.seconds)
    held = []                  # --every-report: the run's facts, linked all at once at the end
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with timer("provenance"):
            links = provenance.run(store, chunk)
        result.provenance_links += len(links)
        with timer("extract"):
            facts = extract.run(store, chunk, gaz)
        result.claims += sum(len(f.claims) for f in facts)
        if every_report:
            held += facts
        else:
            for f in facts:
                with timer("link"):
                    incident_id, decision = link.run(store, f, store.links([f.report_id]))
                if _linked(store, f, incident_id, decision, result, timer):
                    with timer("assess"):
                        assess.run(store, [incident_id])   # the next report is linked against the updated incident
            store.mark_processed(chunk)
        result.reports += len(chunk)
        if progress:
            progress(len(chunk))
    if every_report:
        with timer("link"):
            decisions = link_run(store, held)
        for f in held:
            _linked(store, f, *decisions[f.report_id], result, timer)
        with timer("assess"):
            assess.run(store, sorted(result.incidents_touched))
        store.mark_processed(ids)
    return result


def _linked(store, f, incident_id: Optional[int], decision, result: ProcessResult, timer) -> bool:
    """After a report's main link: its links to incidents told of in passing, and the counts.
    False for a report left out of every incident."""
    with timer("link"):
        result.mention_links += len(link.mentions(store, f, incident_id))
    if incident_id is None:
        result.without_incident += 1
        return False
    if decision.evidence.get("decision") == "new incident":
        result.new_incidents += 1
    result.incidents_touched.add(incident_id)
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
