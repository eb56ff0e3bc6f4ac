"""Versions of one URL (`Store.add_report_version`) in the exports: each report row says whether
it is the URL's current text, and `civcas ingest` of a reports export reads the current one."""
import datetime as dt
import io
import json

import pytest

from civcas.export import export
from civcas.ingest import ingest
from civcas.model import Report
from civcas.pipeline import process
from civcas.store import Store
from tests.conftest import BOTH

DATABASES = BOTH
STRIKE = ("An air strike on a market in Maarat al-Numan in Idlib province killed {} civilians on Monday, "
          "rescue workers said.")
OTHER_TEXT = "Shelling hit a school in Aleppo city on Tuesday, killing three civilians."
EDITED, OTHER = "https://example.org/strike", "https://example.org/other"


@pytest.fixture
def versioned(store) -> Store:
    """An edited article (its figure changed at a re-read) and one other report."""
    first, _ = store.add_report(Report(text=STRIKE.format(12), url=EDITED, published=dt.date(2019, 5, 6)))
    store.add_report(Report(text=OTHER_TEXT, url=OTHER, published=dt.date(2019, 5, 7)))
    store.add_report_version(first, Report(text=STRIKE.format(14), url=EDITED, published=dt.date(2019, 5, 6)))
    return store


def _lines(store, fmt: str) -> list[dict]:
    out = io.StringIO()
    export(store, fmt, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_reports_export_says_which_version_of_a_url_is_current(versioned):
    assert [(r["url"], r["text"], r["current"]) for r in _lines(versioned, "reports")] == [
        (EDITED, STRIKE.format(12), False), (OTHER, OTHER_TEXT, True), (EDITED, STRIKE.format(14), True)]


def test_ingest_of_a_reports_export_reads_each_url_current_text(versioned, tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _lines(versioned, "reports")), encoding="utf-8")
    there = Store(f"sqlite:///{tmp_path / 'there.db'}")
    result = ingest(there, [path])
    assert [(r.url, r.text) for r in there.reports()] == [(OTHER, OTHER_TEXT), (EDITED, STRIKE.format(14))]
    assert [reason for _origin, reason in result.skipped] == ['an earlier version of its URL ("current": false)']


def test_incident_export_says_which_report_is_the_current_version(versioned):
    process(versioned)
    records = _lines(versioned, "jsonl")
    current = {r["id"]: r["current"] for record in records for r in record["reports"]}
    assert {1: current.get(1), 3: current.get(3)} == {1: False, 3: True}
