"""Reports in ingest's .jsonl shape (`{"outlet", "url", "title", "published", "language", "text",
"current"}`, plus `warning` when reading them needed one), one per line: a corpus moves between
databases with `civcas export --format reports` here and `civcas ingest` there. The versions of a
URL (`Store.add_report_version`) are all written, in order, under the one URL; `current` is false
on each but the latest, so whoever reads the file (and `civcas ingest`, which reads only the
latest) tells the history from the text the URL holds now. `published` is written as far as it is
known ("2021-06-05", "2021-06", "2021"), as ingest reads it."""
from __future__ import annotations

from typing import Iterator

from civcas.export import exporter
from civcas.export.jsonl import jsonl_lines
from civcas.model import period_text


def report_records(store) -> Iterator[dict]:
    """Every stored report in id order, read a batch at a time (a corpus is never held whole)."""
    for report in store.iter_reports():
        record = {"outlet": report.outlet, "url": report.url, "title": report.title,
                  "published": period_text(report.published, report.published_precision),
                  "language": report.language, "text": report.text, "current": not report.superseded}
        if report.warning:
            record["warning"] = report.warning
        yield record


exporter("reports", records=report_records)(jsonl_lines)
