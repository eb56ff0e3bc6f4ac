"""The archive (WARC files of every fetched response), the versions and withdrawals of reports it
supports, and where both show: `archive verify`, the replay page, the incident page, stats."""
import datetime as dt
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from civcas import review
from civcas.archive import Archive, ArchiveError, archive_directory, verify
from civcas.model import SAME_SOURCE, Report
from civcas.pipeline import process, reprocess
from civcas.store import Store

ROOT = Path(__file__).resolve().parent.parent
AT = dt.datetime(2026, 11, 30, 14, 5, 7, 123456, tzinfo=dt.timezone.utc)
PAGE = b"<html><body><p>Two people were killed in the shelling, the mayor said.</p></body></html>"


def _write(archive: Archive, n: int = 0, body: bytes = PAGE, **kwargs):
    return archive.write(f"https://news.example/story/{n}", 200, [("Content-Type", "text/html")], body, AT, **kwargs)


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


# --- writer and reader -------------------------------------------------------------------------

def test_a_written_response_reads_back_as_written(tmp_path):
    archive = Archive(tmp_path)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("ETag", '"v1"')]
    record = archive.write("https://news.example/a?id=1", 200, headers, PAGE, AT,
                           request_headers=[("User-Agent", "civcas-test")])
    got = Archive(tmp_path).read(record.locator)
    assert (got.url, got.status, got.headers, got.body, got.fetched_at) == \
        ("https://news.example/a?id=1", 200, headers, PAGE, AT)
    assert got.sha256 == record.sha256 == __import__("hashlib").sha256(PAGE).hexdigest()


def test_records_are_warc_1_1_with_sha256_digests_warcio_accepts(tmp_path):
    """warcio's own checker recomputes the digests: the files are WARC others can read."""
    archive = Archive(tmp_path)
    _write(archive, request_headers=[("User-Agent", "civcas-test")])
    [path] = tmp_path.glob("*.warc.gz")
    checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.count("digest pass") == 2
    import gzip
    head = gzip.decompress(path.read_bytes()).decode()
    assert head.startswith("WARC/1.1")
    assert "WARC-Payload-Digest: sha256:" in head and "WARC-Block-Digest: sha256:" in head
    assert "WARC-Type: request" in head and "WARC-Concurrent-To" in head


def test_files_rotate_before_they_pass_the_size_limit(tmp_path):
    archive = Archive(tmp_path, max_bytes=3000)
    records = [_write(archive, n, os.urandom(1000)) for n in range(6)]
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) >= 3 and all(p.stat().st_size <= 3000 for p in files)
    assert all(__import__("re").fullmatch(r"civcas-\d{14}-\d{5}\.warc\.gz", p.name) for p in files)
    assert [archive.read(r.locator).url for r in records] == [f"https://news.example/story/{n}" for n in range(6)]


@pytest.mark.parametrize("locator", ["../secret.warc.gz#0", "civcas-20261130140507-00001.warc.gz#x",
                                     "civcas-20261130140507-00009.warc.gz#0", "civcas-20261130140507-00001.warc.gz#7"])
def test_a_locator_naming_no_record_is_an_archive_error(tmp_path, locator):
    (tmp_path / "civcas-20261130140507-00001.warc.gz").write_bytes(b"")
    _write(Archive(tmp_path))
    with pytest.raises(ArchiveError):
        Archive(tmp_path).read(locator)


# --- verify --------------------------------------------------------------------------------------

def test_verify_finds_nothing_wrong_in_an_intact_archive(tmp_path):
    archive = Archive(tmp_path, max_bytes=2000)
    for n in range(5):
        _write(archive, n, os.urandom(700), request_headers=[("User-Agent", "civcas-test")])
    assert verify(tmp_path) == []


def test_verify_names_a_record_whose_bytes_changed(tmp_path):
    """A changed byte in the stored body (re-gzipped so the gzip layer is intact): digest mismatch."""
    import gzip
    archive = Archive(tmp_path)
    first = _write(archive, 1)
    second = _write(archive, 2)
    path = tmp_path / first.locator.split("#")[0]
    offset = int(second.locator.split("#")[1])
    data = path.read_bytes()
    tampered = gzip.decompress(data[offset:]).replace(b"Two people", b"Ten people")
    path.write_bytes(data[:offset] + gzip.compress(tampered))
    [bad] = verify(tmp_path)
    assert (bad.file, bad.offset, bad.url) == (path.name, offset, "https://news.example/story/2")
    assert "digest" in bad.reason
    with pytest.raises(ArchiveError):
        archive.read(second.locator)
    assert archive.read(first.locator).body == PAGE


def test_verify_names_corrupt_gzip_bytes_and_reads_on_past_them(tmp_path):
    archive = Archive(tmp_path)
    records = [_write(archive, n) for n in range(3)]
    path = tmp_path / records[1].locator.split("#")[0]
    _flip(path, int(records[1].locator.split("#")[1]) + 40)
    bad = verify(tmp_path)
    assert [b.offset for b in bad] == [int(records[1].locator.split("#")[1])]
    assert archive.read(records[2].locator).url == "https://news.example/story/2"


def test_verify_names_a_truncated_last_record(tmp_path):
    archive = Archive(tmp_path)
    records = [_write(archive, n) for n in range(2)]
    path = tmp_path / records[1].locator.split("#")[0]
    path.write_bytes(path.read_bytes()[:-25])
    [bad] = verify(tmp_path)
    assert (bad.offset, bad.url, bad.reason.startswith("truncated")) == \
        (int(records[1].locator.split("#")[1]), "https://news.example/story/1", True)


# --- several writers -------------------------------------------------------------------------------

def test_threads_sharing_an_archive_write_whole_records(tmp_path):
    archive = Archive(tmp_path, max_bytes=20_000)
    records: list = []

    def writer(k: int) -> None:
        for n in range(15):
            records.append(_write(archive, k * 100 + n, os.urandom(900)))

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.locator for r in records}) == 60 and verify(tmp_path) == []
    assert {archive.read(r.locator).sha256 for r in records} == {r.sha256 for r in records}


WRITER = textwrap.dedent("""
    import datetime as dt, os, sys
    from pathlib import Path
    from civcas.archive import Archive
    archive = Archive(Path(sys.argv[1]), max_bytes=int(sys.argv[3]))
    kill_at = int(sys.argv[4])
    real_write = os.write
    def dying_write(fd, data):
        # a kill -9 half way through the record that follows `kill_at` records
        if kill_at >= 0 and len(written) == kill_at:
            real_write(fd, bytes(data)[: len(data) // 2])
            os.kill(os.getpid(), 9)
        return real_write(fd, data)
    os.write = dying_write
    written = []
    for n in range(int(sys.argv[2])):
        record = archive.write(f"https://news.example/{os.getpid()}/{n}", 200, [], os.urandom(3000),
                               dt.datetime.now(dt.timezone.utc))
        written.append(record)
        print(record.locator, flush=True)
""")


def _writer(directory: Path, count: int, max_bytes: int = 100 * 2**20, kill_at: int = -1) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(directory), str(count), str(max_bytes), str(kill_at)],
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_processes_writing_at_once_keep_every_record(tmp_path):
    writers = [_writer(tmp_path, 25, max_bytes=30_000) for _ in range(3)]
    locators = [line.strip() for w in writers for line in w.communicate()[0].splitlines()]
    assert all(w.returncode == 0 for w in writers)
    assert len(set(locators)) == 75 and verify(tmp_path) == []
    archive = Archive(tmp_path)
    assert all(archive.read(loc).status == 200 for loc in locators)


def test_a_writer_killed_mid_record_loses_only_that_record(tmp_path):
    """kill -9 inside the write: every record returned before it reads back; the next writer starts
    a new file; verify names the partial tail and nothing else."""
    killed = _writer(tmp_path, 10, kill_at=4)
    before = killed.communicate()[0].split()
    assert killed.returncode == -9 and len(before) == 4
    after = _writer(tmp_path, 3)
    later = after.communicate()[0].split()
    killed_file = before[0].split("#")[0]
    assert all(loc.split("#")[0] != killed_file for loc in later)
    [bad] = verify(tmp_path)
    assert bad.file == killed_file and bad.reason.startswith("truncated")
    assert bad.offset > int(before[-1].split("#")[1])
    archive = Archive(tmp_path)
    assert [archive.read(loc).status for loc in before + later] == [200] * 7


# --- where the archive lives -------------------------------------------------------------------------

@pytest.mark.parametrize("url, env, expected", [
    ("sqlite:////data/civcas/civcas.db", None, Path("/data/civcas/archive")),
    ("postgresql+psycopg://civcas@db/civcas", None, Path("archive")),
    ("sqlite:////data/civcas/civcas.db", "/srv/warc", Path("/srv/warc")),
])
def test_archive_directory(monkeypatch, url, env, expected):
    if env:
        monkeypatch.setenv("CIVCAS_ARCHIVE", env)
    else:
        monkeypatch.delenv("CIVCAS_ARCHIVE", raising=False)
    assert archive_directory(url) == expected


# --- versions and withdrawals in the store --------------------------------------------------------

STORY = ("An airstrike hit the market in Maarrat an Numan in Idlib province on Tuesday, killing {n} civilians, "
         "the Syrian Observatory for Human Rights said. Residents said Russian jets carried out the strike on the "
         "crowded market.")
URL = "https://wire.example/market-strike"
FIRST_READ = dt.datetime(2026, 11, 24, 9, 30)
SECOND_READ = dt.datetime(2026, 11, 24, 14, 5)


def _story(n: int, at: dt.datetime, **kwargs) -> Report:
    return Report(STORY.format(n=n), outlet="Wire", published=dt.date(2026, 11, 24), fetched_at=at, **kwargs)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'store.db'}")
        return
    store = Store(request.getfixturevalue("pg_databases").copy("head", request))
    yield store
    store.engine.dispose()


def test_a_report_keeps_its_archive_fields(any_store):
    rid, created = any_store.add_report(_story(17, FIRST_READ, url=URL, archive_locator="civcas-x.warc.gz#0",
                                               archive_sha256="ab" * 32))
    [report] = any_store.reports([rid])
    assert created and (report.archive_locator, report.archive_sha256, report.fetched_at) == \
        ("civcas-x.warc.gz#0", "ab" * 32, FIRST_READ)
    assert (report.previous_version_id, report.superseded, report.withdrawn_at) == (None, False, None)


def test_a_new_version_keeps_both_and_takes_the_url(any_store):
    first, _ = any_store.add_report(_story(17, FIRST_READ, url=URL))
    second = any_store.add_report_version(first, _story(16, SECOND_READ))
    old, new = any_store.reports([first, second])
    assert (old.url, old.superseded, new.url, new.previous_version_id) == (URL, True, URL, first)
    assert "17 civilians" in old.text and "16 civilians" in new.text
    assert any_store.add_report(_story(16, SECOND_READ, url=URL)) == (second, False)
    assert any_store.report_by_url(URL).id == second
    [link] = any_store.links([second])
    assert (link.relation, link.source_id) == ("version", first) and link.relation in SAME_SOURCE
    counts = any_store.stats()
    assert (counts["changed"], counts["provenance_groups"], counts["reports"]) == (1, 1, 2)


@pytest.mark.parametrize("which", ["superseded", "missing"])
def test_only_the_latest_version_of_a_url_gets_a_newer_one(any_store, which):
    first, _ = any_store.add_report(_story(17, FIRST_READ, url=URL))
    any_store.add_report_version(first, _story(16, SECOND_READ))
    with pytest.raises(ValueError):
        any_store.add_report_version(first if which == "superseded" else 999, _story(15, SECOND_READ))


def test_an_earlier_versions_tally_is_cited_no_more(any_store):
    from civcas.model import Claim, ReportFacts
    first, _ = any_store.add_report(_story(17, FIRST_READ, url=URL))
    second = any_store.add_report_version(first, _story(16, SECOND_READ))
    for rid, n in ((first, 3200), (second, 3300)):
        any_store.save_facts(ReportFacts(rid, claims=[Claim("killed", "civilians", n, n, f"{n} civilians", None,
                                                            "unnamed", "asserts", "cumulative", "tally", 0, 5)]))
    assert [(c["report_id"], c["min"]) for c in any_store.cumulative_claims()] == [(second, 3300)]


def test_a_withdrawn_report_keeps_the_first_time_it_was_seen_gone(any_store):
    rid, _ = any_store.add_report(_story(17, FIRST_READ, url=URL))
    gone = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)
    any_store.mark_withdrawn(rid, gone)
    any_store.mark_withdrawn(rid, gone + dt.timedelta(days=1))
    assert any_store.reports([rid])[0].withdrawn_at == gone.replace(tzinfo=None)
    assert any_store.stats()["withdrawn"] == 1


def test_migration_0012_goes_down_and_up_again_with_versions_stored(tmp_path):
    """Down: the columns go (SQLite drops them in place: `reports` cannot be rebuilt under its
    foreign keys), every report stays; up again on the next open."""
    from alembic import command
    from conftest import alembic_config
    store = Store(f"sqlite:///{tmp_path / 'mig.db'}")
    first, _ = store.add_report(_story(17, FIRST_READ, url=URL))
    second = store.add_report_version(first, _story(16, SECOND_READ))
    config = alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0011")
    reopened = Store(store.url)
    assert [(r.id, r.url) for r in reopened.reports()] == [(first, None), (second, URL)]
    assert reopened.add_report_version(second, _story(15, SECOND_READ)) > second


# --- versions through the pipeline ---------------------------------------------------------------------

def _watch(tmp_path, monkeypatch, before_version=lambda store: None):
    """A store whose wire story was archived, copied by another outlet, then edited (17 → 16 dead);
    `before_version(store)` runs between the two reads."""
    monkeypatch.setenv("CIVCAS_ARCHIVE", str(tmp_path / "warc"))
    store = Store(f"sqlite:///{tmp_path / 'watch.db'}")
    archive = Archive(tmp_path / "warc")

    def fetched(n: int, at: dt.datetime, **kwargs) -> Report:
        html = f"<html><head><script>alert(1)</script></head><body><p>{STORY.format(n=n)}</p></body></html>"
        record = archive.write(URL, 200, [("Content-Type", "text/html; charset=utf-8")], html.encode(), at)
        return _story(n, at, archive_locator=record.locator, archive_sha256=record.sha256, **kwargs)

    first, _ = store.add_report(fetched(17, FIRST_READ, url=URL))
    copy, _ = store.add_report(Report("IDLIB (Agency) - " + STORY.format(n=17), outlet="Agency",
                                      url="https://agency.example/idlib", published=dt.date(2026, 11, 25)))
    process(store)
    before_version(store)
    second = store.add_report_version(first, fetched(16, SECOND_READ))
    process(store)
    return store, first, copy, second


@pytest.fixture
def watched(tmp_path, monkeypatch):
    return _watch(tmp_path, monkeypatch)


def test_a_new_version_joins_its_incident_and_its_figures_replace_the_earlier(watched):
    store, first, copy, second = watched
    [incident] = store.incidents()
    links = {r.report_id: r for r in incident.reports}
    assert set(links) == {first, copy, second} and links[second].evidence["decision"] == "version"
    assert (incident.civilian_deaths_min, incident.civilian_deaths_max) == (16, 17)   # the copy still says 17
    assert incident.independent_sources == 1      # the wire, its copy and its new version: one source


def test_a_new_version_leaves_an_analysts_grade_and_flags_new_evidence(tmp_path, monkeypatch):
    def graded(store):
        review.add_user(store, "ana", "analyst-pass", "analyst")
        review.set_grade(store, store.incident_ids()[0], "ana", "Fair", "checked with the hospital")
    store, *_ = _watch(tmp_path, monkeypatch, graded)
    [incident] = store.incidents()
    assert (incident.grade, incident.civilian_deaths_min, incident.new_evidence) == ("Fair", 16, True)


@pytest.mark.parametrize("again", ["process", "reprocess --all"])
def test_running_again_keeps_the_versions(watched, again):
    store, first, copy, second = watched
    if again == "process":
        process(store)
    else:
        reprocess(store, all_reports=True)
    [after] = store.incidents()
    assert {r.report_id for r in after.reports} == {first, copy, second}
    assert (after.civilian_deaths_min, after.independent_sources) == (16, 1)
    assert store.reports([first])[0].superseded and store.reports([second])[0].previous_version_id == first


# --- where it shows: replay page, incident page, CLI, stats --------------------------------------------

HOSTILE_PAGE = b"""<html><head><title>t</title><script>window.pwned=1</script>
<link rel="stylesheet" href="https://cdn.example/site.css"><style>body{background:url(https://cdn.example/x.png)}</style></head>
<body onload="window.pwned=2"><h1 style="color:red">Strike on the market</h1>
<p>Seventeen civilians were killed, the <a href="javascript:alert(1)">observatory</a> said.</p>
<img src="https://tracker.example/pixel.gif" alt="pixel"><iframe src="https://ads.example/frame"></iframe>
<form action="https://evil.example/post"><input name="q"></form>
<object data="https://evil.example/x.swf"></object><a href="https://wire.example/other">more</a>
<svg onload="window.pwned=3"><script>window.pwned=4</script></svg></body></html>"""


@pytest.fixture
def replayed(tmp_path, monkeypatch):
    """A store with one report whose archived response is a hostile page, and a web client."""
    from fastapi.testclient import TestClient
    from civcas.web import create_app
    monkeypatch.setenv("CIVCAS_ARCHIVE", str(tmp_path / "warc"))
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    record = Archive(tmp_path / "warc").write(URL, 200, [("Content-Type", "text/html; charset=utf-8")], HOSTILE_PAGE,
                                              SECOND_READ)
    rid, _ = store.add_report(_story(17, SECOND_READ, url=URL, archive_locator=record.locator,
                                     archive_sha256=record.sha256))
    plain, _ = store.add_report(Report("A report saved by hand.", url="https://saved.example/1"))
    return TestClient(create_app(store.url)), rid, plain, record


def test_the_replay_page_shows_the_archived_text_and_says_what_it_is(replayed):
    client, rid, _, record = replayed
    page = client.get(f"/archived/{rid}")
    assert page.status_code == 200 and "Seventeen civilians were killed" in page.text
    banner = page.text.split('id="archive-banner"')[1].split("</div>")[0]
    assert URL in banner and "2026-11-24 14:05:00 UTC" in banner and record.sha256 in banner


@pytest.mark.parametrize("inert", ["<script", "window.pwned", "onload", "javascript:", "<iframe", "<form", "<object",
                                   "<style", "style=", "cdn.example", "tracker.example", "ads.example", "evil.example",
                                   "<svg"])
def test_the_replay_page_keeps_nothing_that_runs_or_loads(replayed, inert):
    client, rid, _, _ = replayed
    page = client.get(f"/archived/{rid}")
    body = page.text.split('id="archive-banner"')[1]
    assert inert not in body


def test_the_replay_page_is_under_the_sites_csp(replayed):
    from civcas.web.security import CSP
    client, rid, _, _ = replayed
    page = client.get(f"/archived/{rid}")
    assert page.headers["content-security-policy"] == CSP and "script-src 'self'" in CSP
    assert 'href="https://wire.example/other" rel="nofollow"' in page.text


def test_a_plain_text_response_replays_as_escaped_text(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient
    from civcas.web import create_app
    monkeypatch.setenv("CIVCAS_ARCHIVE", str(tmp_path / "warc"))
    store = Store(f"sqlite:///{tmp_path / 'text.db'}")
    body = "Bulletin: 4 killed.\n<script>window.pwned=1</script>".encode("cp1252")
    record = Archive(tmp_path / "warc").write(URL, 200, [("Content-Type", "text/plain; charset=windows-1252")],
                                              body, SECOND_READ)
    rid, _ = store.add_report(_story(4, SECOND_READ, url=URL, archive_locator=record.locator))
    page = TestClient(create_app(store.url)).get(f"/archived/{rid}").text
    assert '<pre class="archived-text"' in page and "&lt;script&gt;window.pwned=1" in page and "<script>" not in page


def test_no_replay_without_an_archived_record(replayed):
    client, _, plain, _ = replayed
    assert client.get(f"/archived/{plain}").status_code == 404
    assert client.get("/archived/999").status_code == 404


def test_a_replay_whose_record_fails_its_digest_is_refused(replayed, tmp_path):
    import gzip
    client, rid, _, record = replayed
    path = tmp_path / "warc" / record.locator.split("#")[0]
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()).replace(b"Seventeen", b"Seventy-one")))
    page = client.get(f"/archived/{rid}")
    assert page.status_code == 500 and "digest" in page.text and "Seventy-one" not in page.text


@pytest.fixture
def watched_page(watched):
    from fastapi.testclient import TestClient
    from civcas.web import create_app
    store, first, copy, second = watched
    store.mark_withdrawn(second, dt.datetime(2026, 11, 26, 8, 0))
    page = TestClient(create_app(store.url)).get(f"/incidents/{store.incident_ids()[0]}").text
    rows = {rid: page.split(f'<tr id="report-{rid}">')[1].split("</tr>")[0] for rid in (first, copy, second)}
    return page, rows, first, copy, second


def test_the_incident_page_links_each_archived_report(watched_page):
    page, rows, first, copy, second = watched_page
    assert all(f'href="/archived/{rid}">as archived' in rows[rid] for rid in (first, second))
    assert "as archived" not in rows[copy]


def test_the_incident_page_says_a_report_was_withdrawn(watched_page):
    page, rows, first, copy, second = watched_page
    assert "withdrawn on 2026-11-26" in rows[second] and "withdrawn" not in rows[first] + rows[copy]


def test_the_incident_page_shows_the_figure_a_version_changed(watched_page):
    page, rows, first, copy, second = watched_page
    updates = page.split('id="updates"')[1].split("</ul>")[0]
    assert "killed · civilians: updated from 17 to 16 at 14:05" in updates
    assert "earlier version" in rows[first] and f"replaced by <a href=\"#report-{second}\">" in rows[first]
    claims = page.split('id="claims"')[1].split("</table>")[0]
    assert f'href="#report-{first}"' not in claims        # the earlier version's figure no longer counts


def test_civcas_show_says_which_report_is_history_and_what_changed(watched):
    from click.testing import CliRunner
    from civcas.cli import main
    store, first, copy, second = watched
    shown = CliRunner().invoke(main, ["--db", store.url, "show", str(store.incident_ids()[0])])
    rows = {int(line.split()[0]): line for line in shown.output.split("Reports:")[1].splitlines()
            if " group " in line}
    assert "[history: a newer version replaced it]" in rows[first]
    assert f"[new version of report {first}]" in rows[second] and "[" not in rows[copy].split(")")[-1]
    assert f"report {second} (new version of {first}): killed · civilians updated from 17 to 16 at " in shown.output


def test_archive_verify_command(tmp_path):
    from click.testing import CliRunner
    from civcas.cli import main
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    archive = Archive(tmp_path / "archive")          # beside the SQLite file: the default
    records = [_write(archive, n) for n in range(2)]
    runner = CliRunner()
    good = runner.invoke(main, ["--db", db, "archive", "verify"], env={"CIVCAS_ARCHIVE": None})
    assert good.exit_code == 0 and "matches its digests" in good.output
    path = tmp_path / "archive" / records[1].locator.split("#")[0]
    path.write_bytes(path.read_bytes()[:-30])
    bad = runner.invoke(main, ["--db", db, "archive", "verify"], env={"CIVCAS_ARCHIVE": None})
    assert bad.exit_code == 1 and f"{records[1].locator} https://news.example/story/1: truncated" in bad.output


def test_stats_count_archived_changed_and_withdrawn(watched):
    import json
    from click.testing import CliRunner
    from civcas.cli import main
    store, first, copy, second = watched
    store.mark_withdrawn(copy, dt.datetime(2026, 11, 27))
    counts = json.loads(CliRunner().invoke(main, ["--db", store.url, "stats", "--json"]).output)
    assert (counts["archived"], counts["changed"], counts["withdrawn"]) == (2, 1, 1)


def test_the_replay_page_in_a_browser_runs_nothing_and_loads_nothing_from_elsewhere(replayed):
    """Chromium on the served replay of the hostile page: no script ran, no request left
    127.0.0.1, and the page fits a phone's width."""
    from test_browser import local_page, serving
    client, rid, _, _ = replayed
    with serving(client.app) as base, local_page(390, 800) as (page, elsewhere):
        page.goto(f"{base}/archived/{rid}")
        page.wait_for_load_state("load")
        assert "Seventeen civilians were killed" in page.inner_text("main")
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert elsewhere == []


def _corrected_then_edited(tmp_path, edit) -> tuple[Store, int, int]:
    """The wire story processed, an analyst's correction of its death figure (17 → 15), then a
    newer version of the article (`edit` of the text) processed."""
    store = Store(f"sqlite:///{tmp_path / 'versions.db'}")
    first, _ = store.add_report(_story(17, FIRST_READ, url=URL))
    process(store)
    [incident] = store.incidents()
    [claim] = [c for c in store.facts([first])[first].claims if c.min == 17]
    review.add_user(store, "ana", "analyst-pass", "analyst")
    review.correct_claim(store, incident.id, claim.id, "ana", {"min": 15, "max": 15}, "the hospital's list has 15")
    second = store.add_report_version(first, Report(edit(STORY.format(n=17)), outlet="Wire",
                                                    published=dt.date(2026, 11, 24), fetched_at=SECOND_READ))
    process(store)
    return store, incident.id, second


def test_an_analysts_correction_follows_the_figure_into_a_newer_version(tmp_path):
    """The edit left the figure's sentence as it was: the correction is carried, by civcas, naming it."""
    store, incident_id, second = _corrected_then_edited(tmp_path, lambda text: text + " Rescuers kept digging.")
    [incident] = store.incidents()
    assert (incident.civilian_deaths_min, incident.civilian_deaths_max) == (15, 15)
    carried = [d for d in store.decisions(incident_id) if d.author == "civcas"]
    assert [(d.action, d.target["report_id"]) for d in carried] == [("correct_claim", second)]
    assert "the hospital's list has 15" in carried[0].reason
    process(store)
    assert len([d for d in store.decisions(incident_id) if d.author == "civcas"]) == 1     # carried once


def test_a_correction_the_edit_left_behind_puts_the_incident_back_in_review(tmp_path):
    """The edit rewrote the figure's sentence: nothing is carried, and the analyst is told."""
    store, incident_id, _ = _corrected_then_edited(tmp_path, lambda text: text.replace("killing 17", "killing 16"))
    [incident] = store.incidents()
    assert not [d for d in store.decisions(incident_id) if d.author == "civcas"]
    assert incident.new_evidence
