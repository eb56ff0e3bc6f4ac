"""Linking one block of a batch run: the reports of one country (a report's candidate incidents
never leave its country, save through a misread place), linked in id order by the same steps as
`civcas process` (`civcas.pipeline.linker`: link → translations → assess) in a scratch SQLite
store of the block alone. Inside it the link stage blocks by date window and admin-1 unit itself.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from civcas.model import Incident, ProvenanceLink, Report, ReportFacts
from civcas.pipeline import linker
from civcas.provenance.translation import RELATION as TRANSLATED
from civcas.store import Store

Row = tuple[Report, ReportFacts, list[ProvenanceLink], list[tuple[str, str]]]


def link_block(rows: Iterable[Row], workdir: str, elsewhere: dict[str, int]) -> Iterator[tuple]:
    """Link a block's reports, given in id order with their facts, their text links to earlier
    reports (those of other blocks left out) and the errors earlier stages met on them (stage,
    reason). `elsewhere` counts the word profiles of the archive's other blocks (word → reports,
    "" → profiles): word rarity is the archive's, the block's own reports counted as they come.
    Yields ("incident",
    opener, Incident), ("link", ProvenanceLink) for translations, ("error", report id, stage,
    reason); an incident is named by its opener, the lowest id among its main reports (ids in
    opening order, as `process` numbers them)."""
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        store = Store(f"sqlite:///{Path(folder) / 'block.db'}")
        store.count_words_elsewhere(elsewhere)
        link, held = linker(store), set()
        for report, facts, links, errors in rows:
            with store.atomic():
                store.add_report(report)
                for stage, reason in errors:
                    store.add_report_error(report.id, stage, reason)
                store.save_links(l for l in links if {l.report_a, l.report_b} - {report.id} <= held)
                store.save_facts(facts)
                link(facts)
                store.mark_processed([report.id])
            held.add(report.id)
        yield from _results(store)
        store.engine.dispose()


def _results(store: Store) -> Iterator[tuple]:
    for incident in store.incidents():
        yield "incident", opener(incident), incident
    for link in store.links():
        if link.relation == TRANSLATED:
            yield "link", link
    for error in store.report_errors():
        yield "error", error["report_id"], error["stage"], error["reason"]


def opener(incident: Incident) -> int:
    """The report that opened the incident: `process` opens incidents in report order."""
    return min(r.report_id for r in incident.reports if r.role == "main")
