"""Nothing lost: `civcas process` killed (SIGKILL or SIGTERM) at random points over a run of 500
real reports resumes to exactly the database an uninterrupted run gives, row for row; two runs at
once never both work; an analyst's merge during a run lands whole; a report that makes a stage
fail is that report's error and the run goes on; `civcas ingest` of thousands of files killed and
run again stores every report once. Real subprocesses on real SQLite files, and PostgreSQL
databases for the lock, the ingest and two runs with analysts' edits at once."""
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import text

from civcas import review
from civcas.model import Report
from civcas.pipeline import process
from civcas.store import Store
from civcas.store.lock import ADVISORY_KEY, ProcessLocked
from conftest import BOTH, ROOT, SHARED, seed_reports

DATABASES = BOTH

CORPUS = 500
KILLS = 22          # interruptions at points spread over the run, plus a third as many at start-up


def _cli(db, *args, **popen) -> subprocess.Popen:
    """`civcas --db DB ARGS...` in a subprocess; DB is a SQLite file's path or a database URL."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    return subprocess.Popen([sys.executable, "-m", "civcas.cli", "--db", url, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _gva_corpus(path, n: int) -> None:
    """The first n GVA articles with text, as an ingest jsonl (read from ../shared, written to tmp)."""
    with open(SHARED / "data" / "gva" / "documents.jsonl", encoding="utf-8") as src, \
            open(path, "w", encoding="utf-8") as out:
        seen = set()
        for line in src:
            doc = json.loads(line)
            if doc["doc_id"] in seen or not (doc.get("text") or "").strip():
                continue
            seen.add(doc["doc_id"])
            out.write(json.dumps({"outlet": None, "url": doc.get("url") or f"https://example.org/{doc['doc_id']}",
                                  "title": doc.get("title"), "published": doc.get("published"),
                                  "text": doc["text"]}) + "\n")
            if len(seen) == n:
                return


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A database with the corpus ingested and nothing processed: each test copies it."""
    folder = tmp_path_factory.mktemp("corpus")
    _gva_corpus(folder / "gva.jsonl", CORPUS)
    db = folder / "ingested.db"
    done = _cli(db, "ingest", str(folder / "gva.jsonl"))
    assert done.wait() == 0, done.stderr.read()
    _checkpoint(db)
    return db


@pytest.fixture(scope="module")
def reference(ingested, tmp_path_factory):
    """The same corpus processed by one uninterrupted run."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    shutil.copy(ingested, db)
    done = _cli(db, "process")
    assert done.wait() == 0, done.stderr.read()
    return db


def _checkpoint(db) -> None:
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def dump(db) -> dict[str, Counter]:
    """Every table's rows (ids included, timestamps left out), as multisets."""
    out = {}
    with sqlite3.connect(db) as con:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'incident_text_%'")]
        for name in names:
            columns = [r[1] for r in con.execute(f"PRAGMA table_info('{name}')") if r[2].upper() != "DATETIME"]
            out[name] = Counter(con.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()) if columns \
                else Counter()
    return out


def _processed(db) -> int:
    with sqlite3.connect(db, timeout=30) as con:
        return con.execute("SELECT count(*) FROM reports WHERE processed_at IS NOT NULL").fetchone()[0]


def _assert_same(db, reference) -> None:
    got, want = dump(db), dump(reference)
    assert got.keys() == want.keys()
    for table in want:
        assert got[table] == want[table], f"{table}: {sum((got[table] - want[table]).values())} extra rows, " \
                                          f"{sum((want[table] - got[table]).values())} missing"


def test_killed_anywhere_resumes_to_the_uninterrupted_database(ingested, reference, tmp_path):
    db = tmp_path / "killed.db"
    shutil.copy(ingested, db)
    rng = random.Random(15)
    # Most kills strike once the run has reached a point spread over the corpus (mid-report, a
    # random fraction of a second later); every third strikes at a random moment of start-up.
    spacing = CORPUS // KILLS
    targets = iter([i * spacing + rng.randrange(1, spacing // 2) for i in range(KILLS)])
    kills, seen_at = Counter(), []
    for k in range(KILLS + KILLS // 3):
        run = _cli(db, "process")
        if k % 4 == 3:
            time.sleep(rng.uniform(0.0, 3.0))
        else:
            target = next(targets)
            deadline = time.monotonic() + 120
            while _processed(db) < target and run.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.3))
        how = signal.SIGTERM if k % 3 == 1 else signal.SIGKILL
        run.send_signal(how)
        code, stderr = run.wait(timeout=120), run.stderr.read()
        if how == signal.SIGTERM:        # a clean stop after the current report, or before any began
            assert code in (0, 128 + signal.SIGTERM, -signal.SIGTERM) and "Traceback" not in stderr, stderr
        kills[how.name] += 1
        seen_at.append(_processed(db))
        with sqlite3.connect(db, timeout=30) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finish = _cli(db, "process")
    assert finish.wait(timeout=600) == 0, finish.stderr.read()
    print(f"\n{sum(kills.values())} interruptions ({dict(kills)}) at processed counts {seen_at}")
    assert len(set(seen_at)) >= 20
    assert _processed(db) == CORPUS
    _assert_same(db, reference)


def test_a_second_run_exits_2_or_waits(ingested, reference, tmp_path):
    db = tmp_path / "two.db"
    shutil.copy(ingested, db)
    first = _cli(db, "process")
    deadline = time.monotonic() + 60
    while _processed(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    second = _cli(db, "process")
    assert second.wait(timeout=60) == 2
    assert "another `civcas process`" in second.stderr.read()
    waiting = _cli(db, "process", "--wait")
    assert first.wait(timeout=600) == 0, first.stderr.read()
    assert waiting.wait(timeout=600) == 0
    assert waiting.stderr.read().startswith("0 reports processed")
    _assert_same(db, reference)


def test_the_lock_is_one_holder_at_a_time_and_freed_by_a_dead_holder(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'lock.db'}")
    with store.process_lock():
        with pytest.raises(ProcessLocked):
            with Store(store.url).process_lock():
                pass
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from civcas.store import Store; "
                               "s = Store(sys.argv[1]); held = s.process_lock(); held.__enter__(); print('held', flush=True); "
                               "time.sleep(60)", store.url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(ProcessLocked, match=f"pid {holder.pid}"):
        with store.process_lock():
            pass
    holder.kill()
    holder.wait()
    with store.process_lock():       # kill -9 left nothing behind
        pass


def test_an_analyst_merge_while_process_runs_lands_whole(reference, tmp_path):
    db = tmp_path / "merge.db"
    shutil.copy(reference, db)
    with sqlite3.connect(db) as con:          # half the corpus to process again
        con.execute("UPDATE reports SET processed_at = NULL WHERE id > 250")
        for table in ("incident_reports", "claims", "statements", "report_names", "report_facts", "report_errors"):
            con.execute(f"DELETE FROM {table} WHERE report_id > 250")
        con.execute("DELETE FROM incidents WHERE id NOT IN (SELECT incident_id FROM incident_reports)")
    store = Store(f"sqlite:///{db}")
    a, b = sorted(i.id for i in store.incidents() if i.reports)[:2]
    run = _cli(db, "process")
    deadline = time.monotonic() + 60
    while _processed(db) == 250 and time.monotonic() < deadline:
        time.sleep(0.02)
    review.merge(store, a, b, "ana", "the same strike")
    assert run.wait(timeout=600) == 0, run.stderr.read()
    merged = {i.id: i for i in store.incidents([a, b])}
    assert merged[a].merged_into == b and not merged[a].reports
    assert [d.action for d in store.decisions(a)] == ["merge"] and [d.action for d in store.decisions(b)] == ["merge"]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM (SELECT incident_id, report_id FROM incident_reports "
                           "GROUP BY 1, 2 HAVING count(*) > 1)").fetchone()[0] == 0
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _processed(db) == CORPUS


def test_a_report_that_fails_a_stage_is_its_error_and_the_run_goes_on(store, monkeypatch):
    """A year-1 publication date overflows "yesterday" in extraction; an assess crash on one incident."""
    store.add_report(Report(text="An airstrike yesterday killed five civilians in Idlib, residents said.",
                            url="https://example.org/year-one", published=dt.date(1, 1, 1)))
    for report in seed_reports():
        store.add_report(report)
    from civcas import assess
    real = assess.run

    def flaky(s, incident_ids):
        if any(i == 2 for i in incident_ids):
            raise RuntimeError("assessment exploded")
        return real(s, incident_ids)

    monkeypatch.setattr(assess, "run", flaky)
    result = process(store)
    assert result.reports == 5 and result.errors >= 2
    errors = store.report_errors()
    assert {e["stage"] for e in errors} == {"extract", "assess"}
    assert any("OverflowError" in e["reason"] and e["report_id"] == 1 for e in errors)
    assert store.unprocessed_report_ids() == []
    assert store.stats()["processing_errors"] == len(errors)
    assert len(store.incidents()) >= 2     # the seeds' two strikes still became incidents


def test_postgresql_one_run_at_a_time_and_a_killed_holder_frees_the_lock(pg_databases, request):
    url = pg_databases.copy("head", request)
    store = Store(url)
    with store.process_lock():
        with pytest.raises(ProcessLocked):
            with Store(url).process_lock():
                pass
    for report in seed_reports():
        store.add_report(report)
    run = subprocess.Popen([sys.executable, "-m", "civcas.cli", "--db", url, "process"], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    held = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :k")
    deadline = time.monotonic() + 60
    with store.engine.connect() as conn:
        while not conn.execute(held, {"k": ADVISORY_KEY}).scalar() and time.monotonic() < deadline:
            conn.rollback()
            time.sleep(0.02)
    run.kill()
    assert run.wait() == -signal.SIGKILL          # killed while it held the lock
    with Store(url).process_lock(wait=True):      # freed by the server when the holder died
        pass
    result = process(store)
    assert store.unprocessed_report_ids() == [] and len(store.incidents()) == 2, result


INGEST_FILES = 2000
KILL_AT = (300, 1100)        # reports stored when each of two ingest runs is killed


@pytest.fixture(scope="module")
def many_files(tmp_path_factory):
    """Thousands of small report files, each with its own text (written here)."""
    folder = tmp_path_factory.mktemp("many")
    towns, means = ("Kafr Nabl", "Ariha", "Saraqib", "Jisr al-Shughur", "Maarat"), ("Shelling", "An airstrike", "A drone")
    for i in range(INGEST_FILES):
        (folder / f"{i:05d}.txt").write_text(
            f"Dispatch {i}. {means[i % 3]} hit the market of {towns[i % 5]} on Tuesday, killing {i % 17 + 2} "
            f"civilians and wounding {i % 23 + 1}, the local council said in a statement numbered {i}.",
            encoding="utf-8")
    return folder


def _stored(store) -> tuple[int, int]:
    with store.engine.connect() as conn:
        return tuple(conn.execute(text("SELECT count(*), count(DISTINCT content_hash) FROM reports")).one())


def test_ingest_killed_then_run_again_stores_every_report_once(db_url, many_files):
    store = Store(db_url)
    for target in KILL_AT:
        run = _cli(db_url, "ingest", str(many_files))
        deadline = time.monotonic() + 300
        while _stored(store)[0] < target and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        run.kill()
        assert run.wait() == -signal.SIGKILL, run.stderr.read()      # killed mid-run, not finished
    assert _stored(store)[0] < INGEST_FILES
    again = _cli(db_url, "ingest", str(many_files))
    assert again.wait(timeout=600) == 0
    added, present = map(int, re.match(r"(\d+) reports added, (\d+) already present", again.stderr.read()).groups())
    assert added + present == INGEST_FILES and present >= KILL_AT[-1]
    assert _stored(store) == (INGEST_FILES, INGEST_FILES)
    assert len(store.search_reports("dispatch 1999")) == 1               # the text index holds the last one


def test_postgresql_two_runs_and_analysts_edits_at_once_leave_a_consistent_database(pg_databases, request, tmp_path):
    """Two `process` runs (the second waits for the first) while an analyst merges incidents and
    grades the survivor, over and over: every report read once, no report left in a merged
    incident, every merged incident answering as a live one, each incident's search document its
    reports' words."""
    corpus = 80
    url = pg_databases.copy("head", request)
    _gva_corpus(tmp_path / "gva.jsonl", corpus)
    assert _cli(url, "ingest", str(tmp_path / "gva.jsonl")).wait() == 0
    store = Store(url)
    runs = [_cli(url, "process", "--wait") for _ in range(2)]
    merges = 0
    while any(run.poll() is None for run in runs):
        live = [i.id for i in store.incidents() if i.reports and i.merged_into is None]
        if len(live) >= 2:       # the newest two: those the runs are linking reports into now
            review.merge(store, live[-2], live[-1], "ana", "the same strike")
            review.set_grade(store, live[-1], "ana", "Confirmed", "checked with the hospital")
            merges += 1
        time.sleep(0.1)
    outputs = [run.stderr.read() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(int(re.match(r"(\d+) reports processed", o).group(1)) for o in outputs) == [0, corpus]
    assert merges >= 3
    checks = {
        "unprocessed reports": "SELECT count(*) FROM reports WHERE processed_at IS NULL",
        "reports read twice": "SELECT count(*) - count(DISTINCT report_id) FROM report_facts",
        "links to merged incidents": "SELECT count(*) FROM incident_reports ir JOIN incidents i "
                                     "ON i.id = ir.incident_id WHERE i.merged_into IS NOT NULL",
        "duplicate links": "SELECT count(*) FROM (SELECT 1 FROM incident_reports GROUP BY incident_id, report_id "
                           "HAVING count(*) > 1) d",
        "half merges": "SELECT count(*) FROM analyst_decisions d JOIN incidents i ON i.id = d.incident_id "
                       "LEFT JOIN incidents s ON s.id = i.merged_into WHERE d.action = 'merge' "
                       "AND d.value::jsonb ->> 'merged_into' IS NOT NULL AND s.merged_into IS DISTINCT FROM NULL "
                       "OR d.action = 'merge' AND d.value::jsonb ->> 'merged_into' IS NOT NULL AND s.id IS NULL",
        "stale search documents": "SELECT count(*) FROM incidents i WHERE i.search IS DISTINCT FROM "
                                  "(SELECT array_to_tsvector(array_agg(DISTINCT w)) FROM incident_reports ir "
                                  "JOIN reports r ON r.id = ir.report_id, unnest(tsvector_to_array(r.search)) w "
                                  "WHERE ir.incident_id = i.id)",
    }
    with store.engine.connect() as conn:
        found = {name: conn.execute(text(sql)).scalar() for name, sql in checks.items()}
    assert found == dict.fromkeys(checks, 0)
