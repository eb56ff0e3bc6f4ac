"""Living exports: every change to the store's incidents gets a version, in its own transaction;
`--since` a copy's version lists what to add, replace or drop, and applying it to the copy gives
the full export of now (SQLite and PostgreSQL)."""
import datetime as dt
import io
import json
import threading
import time
import uuid

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from civcas import export as exports
from civcas import ingest, review
from civcas.cli import main, sample_reports_dir
from civcas.model import Report
from civcas.pipeline import process
from civcas.store import Store
from civcas.store import tables as t

SAMPLES = sample_reports_dir()
V1_SAMPLES = ("01_wire_market_strike.txt", "02_syndicated_copy.txt", "03_aggregator_rewrite.txt",
              "04_other_strike.html")
V2_SAMPLES = ("05_monthly_tally.txt", "06_local_followup.jsonl")
DOUMA = Report(text="An artillery shell struck a school in Douma on Tuesday, killing four children, the Syrian "
                    "Observatory for Human Rights said.",
               url="https://example.org/douma", outlet="Test Wire", published=dt.date(2024, 3, 6))
MARIB = Report(text="A drone strike on a car near the city of Marib in Yemen killed three civilians on Monday, "
                    "local officials said.",
               url="https://example.org/marib", outlet="Test Wire", published=dt.date(2024, 6, 11))
STAMP = ("export_version", "exported_at")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'living.db'}")
    return Store(request.getfixturevalue("pg_databases").copy("head", request))


def _pg_store(server: str) -> Store:
    from sqlalchemy.engine import make_url
    from civcas.store.db import create_database
    url = server + f"civcas_living_{uuid.uuid4().hex[:8]}"
    create_database(make_url(url))
    return Store(url)


def _v1(store) -> dict:
    """Four sample reports (the market strike told three times, another strike) and Douma's
    school, processed: the incidents by name."""
    ingest.ingest(store, [SAMPLES / name for name in V1_SAMPLES])
    store.add_report(DOUMA)
    process(store)
    return _named(store)


def _named(store) -> dict:
    by_url = {r.url: r.id for r in store.reports()}
    of = {rid: i.id for i in store.incidents() for r in i.reports if r.role == "main" for rid in [r.report_id]}
    market = of[next(rid for url, rid in by_url.items() if url and "market" in url and rid in of)]
    return {"market": market, "douma": of[by_url[DOUMA.url]],
            "other": next(i for i in set(of.values()) if i not in (market, of[by_url[DOUMA.url]]))}


def _jsonl(store, since=None) -> list[dict]:
    out = io.StringIO()
    exports.export(store, "jsonl", out, since)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _content(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in STAMP}


def _everything(store, named: dict) -> None:
    """New reports processed, and an analyst's merge, split, removal, grade and figure correction."""
    ingest.ingest(store, [SAMPLES / name for name in V2_SAMPLES])
    store.add_report(MARIB)
    process(store)
    review.merge(store, named["other"], named["market"], "ana", "the same strike")
    market = store.incidents([named["market"]])[0]
    review.split(store, market.id, market.reports[-1].report_id, "ana", "another village")
    review.remove(store, named["douma"], "ana", "a drill, no one was hurt")
    review.set_grade(store, market.id, "ana", "Confirmed", "the ministry confirmed it")
    claim = next(c for f in store.facts([market.reports[0].report_id]).values() for c in f.claims)
    review.correct_claim(store, market.id, claim.id, "ana", {"min": claim.min + 1}, "the footage shows one more")


def test_changes_since_a_copy_applied_to_it_give_the_full_export_of_now(any_store):
    named = _v1(any_store)
    v1_export = _jsonl(any_store)
    copy = {r["id"]: _content(r) for r in v1_export}
    v1 = v1_export[0]["export_version"]
    _everything(any_store, named)
    changes = _jsonl(any_store, since=v1)
    full = _jsonl(any_store)
    v2 = full[0]["export_version"]
    assert v2 > v1 and {c["export_version"] for c in changes} == {v2}
    assert {c["change"] for c in changes} == {"added", "merged", "split", "removed"}
    for change in changes:
        if change["change"] == "removed":
            copy.pop(change["id"], None)
        else:
            copy[change["id"]] = _content({k: v for k, v in change.items() if k != "change"})
    assert copy == {r["id"]: _content(r) for r in full}


ACTIONS = {
    "a new report joins an incident": (
        lambda store, n: (ingest.ingest(store, [SAMPLES / "06_local_followup.jsonl"]), process(store)),
        lambda store, n: [(n["market"], "changed", None)]),
    "a new report opens an incident": (
        lambda store, n: (store.add_report(MARIB), process(store)),
        lambda store, n: [(max(store.incident_ids()), "added", None)]),
    "an analyst merges": (
        lambda store, n: review.merge(store, n["other"], n["market"], "ana", "the same strike"),
        lambda store, n: sorted([(n["market"], "changed", None), (n["other"], "merged", n["market"])])),
    "an analyst splits": (
        lambda store, n: review.split(store, n["market"], store.incidents([n["market"]])[0].reports[-1].report_id,
                                      "ana", "another village"),
        lambda store, n: [(n["market"], "split", None), (max(store.incident_ids()), "split", None)]),
    "an analyst removes": (
        lambda store, n: review.remove(store, n["douma"], "ana", "a drill, no one was hurt"),
        lambda store, n: [(n["douma"], "removed", None)]),
    "an analyst sets the grade": (
        lambda store, n: review.set_grade(store, n["douma"], "ana", "Weak", "one source only"),
        lambda store, n: [(n["douma"], "changed", None)]),
    "an analyst sets the date": (
        lambda store, n: review.set_date(store, n["douma"], "ana", dt.date(2024, 3, 4), "day", "the video's date"),
        lambda store, n: [(n["douma"], "changed", None)]),
    "an analyst reads the incident as it stands": (
        lambda store, n: review.confirm(store, n["douma"], "ana"),
        lambda store, n: [(n["douma"], "changed", None)]),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_change_is_listed_once_with_its_kind(store, action):
    named = _v1(store)
    before = store.export_version()
    act, expected = ACTIONS[action]
    act(store, named)
    assert store.export_version() > before
    assert [(c["id"], c["change"], c["merged_into"]) for c in store.changes_since(before)] == expected(store, named)


def test_a_removed_incident_leaves_the_exports_the_list_and_the_review_actions(demo_store):
    gone = demo_store.incident_ids()[0]
    review.remove(demo_store, gone, "ana", "a drill")
    assert gone not in {r["id"] for r in _jsonl(demo_store)}
    from civcas.store.search import IncidentFilter
    assert gone not in demo_store.find_incidents(IncidentFilter())[0]
    with pytest.raises(review.ReviewError, match="removed"):
        review.set_grade(demo_store, gone, "ana", "Weak", "x")
    assert [d.action for d in demo_store.decisions(gone)] == ["remove"]


def test_a_failed_action_takes_no_version(demo_store):
    before = demo_store.export_version()
    with pytest.raises(review.ReviewError):
        review.merge(demo_store, demo_store.incident_ids()[0], 10_000, "ana", "no such target")
    with pytest.raises(review.ReviewError):
        review.remove(demo_store, demo_store.incident_ids()[0], "ana", " ")
    assert demo_store.export_version() == before and demo_store.changes_since(before) == []


@pytest.mark.parametrize("fmt, column", [("csv", "export_version"), ("geojson", "export_version"),
                                         ("acled", "timestamp")])
def test_every_format_of_incidents_carries_the_version_or_its_time(demo_store, fmt, column):
    out = io.StringIO()
    exports.export(demo_store, fmt, out)
    text = out.getvalue()
    if fmt == "geojson":
        values = [f["properties"][column] for f in json.loads(text)["features"]]
    else:
        import csv
        values = [row[column] for row in csv.DictReader(io.StringIO(text))]
    assert values and all(str(v).isdigit() and int(v) > 0 for v in values)


def test_acleds_timestamp_is_when_the_incident_last_changed(demo_store):
    import csv
    market = demo_store.incident_ids()[0]
    at = demo_store.last_changed([market])[market].replace(tzinfo=dt.timezone.utc)
    out = io.StringIO()
    exports.export(demo_store, "acled", out)
    row = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["event_id_cnty"].endswith(str(market)))
    assert int(row["timestamp"]) == int(at.timestamp())


def test_the_cli_writes_changes_since_a_version_and_refuses_a_table_format(demo_store, tmp_path):
    before = demo_store.export_version()
    review.remove(demo_store, demo_store.incident_ids()[0], "ana", "a drill")
    db, runner = ["--db", demo_store.url], CliRunner()
    listed = runner.invoke(main, [*db, "export", "--format", "jsonl", "--since", str(before)])
    assert listed.exit_code == 0
    assert [json.loads(line)["change"] for line in listed.output.splitlines()] == ["removed"]
    refused = runner.invoke(main, [*db, "export", "--format", "acled", "--since", "0", "--out", str(tmp_path / "a.csv")])
    assert refused.exit_code == 2 and "jsonl" in refused.output and not (tmp_path / "a.csv").exists()
    ahead = runner.invoke(main, [*db, "export", "--format", "jsonl", "--since", str(before + 1000)])
    assert ahead.exit_code == 2 and "versions run from 0" in ahead.output


def test_the_api_lists_the_same_changes(demo_store):
    from civcas.web import create_app
    client = TestClient(create_app(demo_store.url))
    before = demo_store.export_version()
    market = demo_store.incident_ids()[0]
    review.set_grade(demo_store, market, "ana", "Weak", "one source only")
    answer = client.get("/api/changes", params={"since": before}).json()
    assert answer["since"] == before and answer["export_version"] == demo_store.export_version()
    assert [(c["id"], c["change"]) for c in answer["changes"]] == [(market, "changed")]
    assert answer["changes"][0]["grade"] == "Weak"
    assert client.get("/api/changes", params={"since": answer["export_version"] + 1}).status_code == 400


def test_an_older_database_gets_a_version_for_each_incident_it_holds(tmp_path):
    from sqlalchemy import create_engine
    from conftest import migrated_to
    url = migrated_to(f"sqlite:///{tmp_path / 'old.db'}", "0011")
    with create_engine(url).begin() as conn:
        for _ in range(2):
            conn.exec_driver_sql("INSERT INTO incidents (created_at, new_evidence) VALUES ('2024-01-01 00:00:00', 0)")
    store = Store(url)
    assert store.export_version() == 2
    assert [(c["id"], c["change"]) for c in store.changes_since(0)] == [(1, "added"), (2, "added")]


def test_postgresql_hands_out_versions_in_commit_order(postgres_url):
    """A writer that logs a change while another's is uncommitted waits for it, so a reader who has
    seen version V has seen every version below V."""
    store = _pg_store(postgres_url)
    first, second = store.new_incident(), store.new_incident()
    logged = threading.Event()

    def slow_writer():
        with store.atomic():
            store.flag_new_evidence([first])
            logged.set()
            time.sleep(1.0)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    logged.wait()
    started = time.monotonic()
    store.flag_new_evidence([second])
    waited = time.monotonic() - started
    writer.join()
    c = t.incident_changes.c
    with store.engine.connect() as conn:
        latest = dict(conn.execute(select(c.incident_id, func.max(c.version)).group_by(c.incident_id)).all())
    assert waited > 0.5 and latest[first] < latest[second]
