"""Command line: thin click wrappers over the library (parse, call, print)."""
from __future__ import annotations

import dataclasses
import functools
import json
import signal
import sys
import threading
from importlib import resources
from pathlib import Path
from typing import Callable, Optional

import click

from civcas.model import ROLES   # the model is plain dataclasses: cheap to import

# Commands import the library inside their bodies: `civcas --help` and a mistyped option answer
# without loading spaCy, SQLAlchemy or scipy (the whole library takes seconds of CPU to import).

DB_HELP = "Database URL (default: $CIVCAS_DB, else sqlite:///civcas.db)."


def _db(ctx: click.Context) -> str:
    from civcas.store.db import database_url
    return database_url(ctx.obj["db"])


def _store(ctx: click.Context):
    from civcas.store import Store
    return Store(_db(ctx))


def _database_problem(exc: BaseException, ctx: click.Context) -> str | None:
    """One line saying what is wrong with the database, for an error SQLAlchemy or a missing
    driver raised; None when `exc` is not about the database."""
    from civcas.store.db import DriverMissing
    if isinstance(exc, DriverMissing):
        return f"database {_shown(_db(ctx))}: {exc}"
    if not type(exc).__module__.startswith("sqlalchemy"):
        return None
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
    url = _db(ctx)
    if isinstance(exc, (ArgumentError, NoSuchModuleError)):
        return f"database {url!r} is not a database URL civcas knows (sqlite:///FILE or postgresql://USER@HOST/NAME)"
    reason = str(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc).strip().splitlines()
    return f"database {_shown(url)}: {reason[0] if reason else type(exc).__name__}"


class _Commands(click.Group):
    """Turns a database failure in any command into one line on stderr and exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            problem = _database_problem(exc, ctx)
            if problem is None:
                raise
            raise click.ClickException(problem) from None


class _LazyChoice(click.Choice):
    """A choice among names a registry holds, read when an argument is checked or help is shown."""

    def __init__(self, names: Callable[[], list[str]]):
        super().__init__([])
        self._names = names

    @property
    def choices(self):
        return self._names()

    @choices.setter
    def choices(self, _value):
        pass


def _exporter_names() -> list[str]:
    from civcas import export as exports
    return sorted(exports.EXPORTERS)


@click.group(cls=_Commands, help="civcas: an open civilian-harm monitor. Reports in, sourced and graded incidents out.")
@click.option("--db", envvar="CIVCAS_DB", default=None, help=DB_HELP)
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["db"] = db


def _bar(label: str, total: int | None = None):
    """A progress bar on stderr, shown only on a terminal: moved at each report, with its rate."""
    from tqdm import tqdm
    return tqdm(total=total, desc=label, unit="report", file=sys.stderr, disable=None, leave=False,
                miniters=1, mininterval=0.2, smoothing=0.1)


def _ingest(store, paths):
    from civcas import ingest as ingesting
    with _bar("ingesting") as bar:
        result = ingesting.ingest(store, paths, progress=lambda _origin: bar.update(1))
    for origin, reason in result.skipped:
        click.echo(f"skipped: {origin}: {reason}", err=True)
    for origin, reason in result.errors:
        click.echo(f"error: {origin}: {reason}", err=True)
    click.echo(f"{len(result.added)} reports added, {len(result.unchanged)} already present, "
               f"{len(result.errors)} failed, {len(result.skipped)} skipped", err=True)
    return result


def _process(label: str, run: Callable, total: Optional[int] = None) -> None:
    """Run a pass of the pipeline (`run` takes `progress` and `stop`); SIGTERM or Ctrl-C stops it
    after the current report (exit 128 + signal), another live run on the database exits 2."""
    stop, received = threading.Event(), []

    def on_signal(signum, _frame):
        received.append(signum)
        stop.set()
        click.echo(f"\nstopping after the current report ({signal.Signals(signum).name}); "
                   "run `civcas process` again to resume", err=True)

    from civcas.store.lock import ProcessLocked
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        with _bar(label, total) as bar:
            result = run(progress=bar.update, stop=stop)
    except ProcessLocked as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    click.echo(f"{result.reports} reports processed: {result.provenance_links} provenance links, "
               f"{result.claims} claims, {result.new_incidents} new incidents, "
               f"{len(result.incidents_touched)} incidents updated, "
               f"{result.without_incident} reports describing no incident, "
               f"{result.mention_links} mentions of other incidents, "
               f"{result.errors} stage errors (civcas stats)", err=True)
    if received:
        sys.exit(128 + received[0])


def _run_process(store, every_report: bool = False, wait: bool = False) -> None:
    from civcas.pipeline import process as run_pipeline
    _process("processing", functools.partial(run_pipeline, store, every_report=every_report, wait=wait),
             len(store.unprocessed_report_ids()))


@main.command(help="Ingest files or folders of reports (.txt, .html, .jsonl). NAME.meta.json beside "
                   "NAME.txt/.html holds that report's outlet, url, title and published date. Exit 1 when "
                   "some items failed (each named on stderr), 2 on a usage error.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def ingest(ctx: click.Context, paths) -> None:
    result = _ingest(_store(ctx), paths)
    sys.exit(1 if result.errors else 0)


@main.command(help="Run provenance, extraction, linking and assessment on the reports not yet processed. "
                   "Each report is one transaction: an interrupted run resumes where it stopped. SIGTERM or "
                   "Ctrl-C stops after the current report (exit 128 + signal number); a stage that fails on "
                   "a report is recorded as that report's error and the run goes on. One run at a time per "
                   "database: another live run makes this one exit 2, unless --wait.")
@click.option("--every-report", is_flag=True,
              help="News of events of any kind, not only harm: every report of the run joins an event, "
                   "the run grouped at once by its words.")
@click.option("--wait", is_flag=True, help="Wait for another run on the database to end instead of exiting 2.")
@click.pass_context
def process(ctx: click.Context, every_report: bool, wait: bool) -> None:
    _run_process(_store(ctx), every_report, wait)


@main.command(help="Watch the sources listed in SOURCES_FILE (TOML: [[source]] tables with a name and one of "
                   "feed, sitemap, urls or telegram; optional language, keywords, every, delay): poll each "
                   "when due, fetch new articles politely (robots.txt, one request at a time per host), "
                   "archive every response, store and process the reports, re-check the articles first seen "
                   "in the last 7 days for edits and removals. Runs until SIGTERM or Ctrl-C (exit 128 + "
                   "signal); --once polls every source now and exits (for cron), 1 when a source failed. One "
                   "watcher per database: another one running makes this one exit 2.")
@click.argument("sources_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--once", is_flag=True, help="Poll every source once now, whatever its `every`, process, exit.")
@click.pass_context
def watch(ctx: click.Context, sources_file: Path, once: bool) -> None:
    from civcas import intake
    stop, received = threading.Event(), []

    def on_signal(signum, _frame):
        received.append(signum)
        stop.set()

    from civcas.store.lock import ProcessLocked
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        results = intake.watch(_store(ctx), sources_file, once, stop, log=lambda line: click.echo(line, err=True))
    except intake.SourcesError as exc:
        raise click.ClickException(str(exc)) from None
    except ProcessLocked as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if received:
        sys.exit(128 + received[0])
    sys.exit(1 if once and any(r.failed_sources for r in results) else 0)


@main.command(help="Read again the processed reports an older extractor version read (every processed report "
                   "with --all), relink and reassess them, one transaction per report. Incident ids stay; "
                   "analysts' decisions are never touched, and a correction whose figure the new reading no "
                   "longer yields puts its incident back in the review queue. Stops and locks like process.")
@click.option("--all", "all_reports", is_flag=True, help="Every processed report, whatever read it.")
@click.option("--wait", is_flag=True, help="Wait for another run on the database to end instead of exiting 2.")
@click.pass_context
def reprocess(ctx: click.Context, all_reports: bool, wait: bool) -> None:
    from civcas.pipeline import reprocess as run_reprocess
    _process("re-reading", functools.partial(run_reprocess, _store(ctx), all_reports=all_reports, wait=wait))


def _deaths(lo, hi) -> str:
    if lo is None:
        return "-"
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(r, widths)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _place_line(place: dict | None, position: bool = True) -> str:
    """"Ariha, Idlib, Syria (town; 35.81, 36.61)": the names a place has, each once ("Mali (country)",
    not "Mali, None, Mali")."""
    if not place or not place.get("name"):
        return "-"
    names = [n for n in (place.get("name"), place.get("admin1"), place.get("country")) if n]
    where = [place.get("precision")] + \
        ([f"{place['lat']}, {place['lon']}"] if position and place.get("lat") is not None else [])
    return f"{', '.join(dict.fromkeys(names))} ({'; '.join(w for w in where if w)})"


def _incident_rows(store) -> list[list[str]]:
    rows = []
    for inc in store.incidents():
        where = _place_line(dataclasses.asdict(inc.place) if inc.place else None, position=False)
        described = sum(1 for r in inc.reports if r.role == "main")
        rows.append([inc.id, f"{inc.date or '-'} ({inc.date_precision or '-'})", where,
                     ", ".join(inc.belligerents) or "-", _deaths(inc.civilian_deaths_min, inc.civilian_deaths_max),
                     (inc.grade or "-") + (" disputed" if inc.disputed else ""), described, inc.independent_sources])
    return rows


INCIDENT_HEADER = ["id", "date (precision)", "place", "belligerents", "civilian deaths", "grade", "#reports",
                   "#independent"]


@main.command(help="List incidents: id, date, place, belligerents, civilian deaths min–max, grade, "
                   "number of reports and of independent sources.")
@click.pass_context
def incidents(ctx: click.Context) -> None:
    click.echo(_table(_incident_rows(_store(ctx)), INCIDENT_HEADER))


@main.command(help="Show one incident: every claim side by side (figure, qualifier, who claims it, report, "
                   "sentence), the parties' statements and the reports with their provenance.")
@click.argument("incident_id", type=int)
@click.pass_context
def show(ctx: click.Context, incident_id: int) -> None:
    from civcas import export as exports
    from civcas.model import period_words
    records = exports.incident_records(_store(ctx), [incident_id])
    if not records:
        raise click.UsageError(f"no incident {incident_id}")
    r = records[0]
    place = r["place"] or {}
    when = period_words(r["date"], r["date_precision"])
    click.echo(f"Incident {r['id']}: {when} ({r['date_precision']}; {r['date_source']})")
    click.echo(f"  place: {_place_line(place)}")
    click.echo(f"  belligerents: {', '.join(r['belligerents']) or '-'}; means: {', '.join(r['means']) or '-'}")
    click.echo(f"  civilian deaths: {_deaths(r['civilian_deaths_min'], r['civilian_deaths_max'])}; "
               f"grade {r['grade']} ({r['grade_reason']}); disputed: {'yes' if r['disputed'] else 'no'}; "
               f"independent sources: {r['independent_sources']}")
    click.echo("\nClaims:")
    for c in r["claims"]:
        figure = f"{c['min']}" + ("+" if c["max"] is None else ("" if c["max"] == c["min"] else f"–{c['max']}"))
        click.echo(f"  [{c['scope']}] {c['kind']} {c['population']}: {figure} (\"{c['qualifier']}\") — "
                   f"{c['claimant'] or 'unattributed'} ({c['claimant_type']}, {c['stance']}), report {c['report_id']}")
        click.echo(f"      “{c['sentence']}”")
    click.echo("\nStatements:")
    for s in r["statements"]:
        click.echo(f"  {s['party']} {s['stance']} — {s['claimant']}, report {s['report_id']}: “{s['sentence']}”")
    click.echo("\nReports:")
    for rep in r["reports"]:
        published = period_words(rep["published"]) or "-"
        click.echo(f"  {rep['id']} {rep['outlet'] or '-'} {published} group {rep['provenance_group']} "
                   f"({rep['role']}, link {rep['link_evidence'].get('decision')}, score {rep['link_score']}) "
                   f"{rep['url'] or ''}{_version_note(rep)}")
    for u in r["updates"]:
        click.echo(f"  report {u['report_id']} (new version of {u['previous_id']}): {u['kind']} · {u['population']} "
                   f"updated from {u['before']} to {u['after']}" + (f" at {u['at']}" if u["at"] else ""))
    for link in r["provenance"]:
        click.echo(f"  {link['report_a']} ~ {link['report_b']}: {link['relation']} "
                   f"(containment {link['containment']}, {link['shared_sentences']} shared sentences)")


def _version_note(report: dict) -> str:
    """What `civcas watch` learnt of a report since: replaced by a newer version, a newer version
    itself, withdrawn."""
    notes = (["history: a newer version replaced it"] if report["superseded"] else []) + \
        ([f"new version of report {report['previous_version_id']}"] if report["previous_version_id"] else []) + \
        ([f"withdrawn on {report['withdrawn_at'][:10]}"] if report["withdrawn_at"] else [])
    return f" [{'; '.join(notes)}]" if notes else ""


@main.command(help="Export every incident as csv, geojson or jsonl, or every report as `reports` (ingest's "
                   ".jsonl shape, which `civcas ingest` reads back into another database), to --out FILE or "
                   "standard output. Each incident record carries the export's `export_version` and `exported_at`; "
                   "with --since VERSION (jsonl) only what changed after that version: each incident added, "
                   "changed, merged, split or removed since, with its `change`.")
@click.option("--format", "fmt", type=_LazyChoice(_exporter_names), required=True, help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write.")
@click.option("--since", type=int, default=None,
              help="The export_version of your copy: write only the changes after it (jsonl).")
@click.pass_context
def export(ctx: click.Context, fmt: str, out: Path | None, since: int | None) -> None:
    from civcas import export as exports
    store = _store(ctx)
    try:
        if out:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                n = exports.export(store, fmt, handle, since)
            what = "reports" if fmt == "reports" else ("incidents" if since is None else f"changes since {since}")
            click.echo(f"{n} {what} written to {out}", err=True)
        else:
            exports.export(store, fmt, sys.stdout, since)
    except ValueError as exc:
        if out:
            out.unlink(missing_ok=True)      # no half-written file
        raise click.UsageError(str(exc)) from None


@main.command(help="Counts of reports, provenance groups, claims, incidents, ingest errors, reports read with a "
                   "warning, reports per language, reports in a language civcas does not read yet, and of "
                   "watched sources: reports archived, reports with a newer version, reports withdrawn.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    from civcas.pipeline import stats as pipeline_stats
    counts = pipeline_stats(_store(ctx))
    if as_json:
        click.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            click.echo(f"{key}: {value}")


@main.command(name="backup", help="Write a backup of the --db database to FILE, safe while a server runs: "
                                  "SQLite's online backup (the write-ahead log included), pg_dump's custom "
                                  "format for PostgreSQL. `civcas restore FILE` brings it back.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup_command(ctx: click.Context, file: Path) -> None:
    from civcas.store import backup as backups
    try:
        backups.backup(_db(ctx), file)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backup of {_shown(_db(ctx))} written to {file} ({file.stat().st_size:,} bytes)", err=True)


@main.command(name="restore", help="Restore a backup made by `civcas backup` into the --db database (created "
                                    "if absent) and migrate it to the current schema. A database that holds "
                                    "data is replaced only with --force; without it, exit 1 and nothing changes. A "
                                    "SQLite backup also restores into PostgreSQL (rows copied with their ids).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the database even if it holds data.")
@click.pass_context
def restore_command(ctx: click.Context, file: Path, force: bool) -> None:
    from civcas.store import backup as backups
    try:
        store = backups.restore(_db(ctx), file, force=force)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    counts = store.stats()
    click.echo(f"{file} restored into {_shown(_db(ctx))}: {counts['reports']} reports, "
               f"{counts['incidents']} incidents", err=True)


@main.command(help="Process an archive as one PySpark job: ingest → provenance → extract → link → assess over "
                   "--input (files, folders or globs of .jsonl / .parquet reports), written to DIR as Parquet "
                   "tables with the store's columns (`civcas load DIR` brings them into a database). Cut short, the "
                   "same command again goes on from the last stage it finished. Needs the spark extra and Java.")
@click.option("--input", "inputs", multiple=True, required=True,
              help="A .jsonl or .parquet file, a folder of them, or a quoted glob; repeat for more.")
@click.option("--output", required=True,
              help="Folder of the Parquet tables (replaced), and of the stages a run cut short goes on from "
                   "(a local folder or a URL such as hdfs://…).")
@click.option("--master", help="Spark master URL: local[N] on this machine, spark://HOST:7077, yarn, k8s://… "
                                "(default: spark-submit's --master, else local[*]).")
@click.option("--block-reports", type=click.IntRange(min=1),
              help="Link a country of more reports than this in date segments, in parallel, stitched back "
                   "through the reports near each cut (e.g. 20000; default: every country whole).")
@click.option("--fresh", is_flag=True,
              help="Start afresh: discard the stages and tables an earlier run with the same inputs and options kept "
                   "(other civcas code starts afresh by itself; e.g. after upgrading the models it reads).")
def batch(inputs, output: str, master: Optional[str], block_reports: Optional[int], fresh: bool) -> None:
    from civcas import batch as batches
    try:
        files = batches.input_files(inputs)
    except batches.BatchError as exc:
        raise click.UsageError(str(exc)) from None
    result = batches.run(files, output, _spark(master), block_reports, fresh)
    if result.resumed:
        click.echo(f"went on from an earlier run's stages: {', '.join(result.resumed)}", err=True)
    click.echo(f"{result.reports} reports ({result.ingest_errors} refused), {result.claims} claims, "
               f"{result.provenance_links} provenance links, {result.incidents} incidents, "
               f"{result.report_errors} stage errors → {output}", err=True)


@main.command(help="Load the Parquet tables of `civcas batch` (DIR) into the --db database, which must hold no "
                   "report yet: reports and incidents keep the batch's ids; then ingest and process go on "
                   "from there. Needs the spark extra and Java.")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--master", help="Spark master URL that reads DIR (default: local[*]).")
@click.pass_context
def load(ctx: click.Context, directory: Path, master: Optional[str]) -> None:
    from civcas.batch.load import LoadError, load as load_tables
    store = _store(ctx)
    try:
        counts = load_tables(str(directory), store, _spark(master))
    except LoadError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{counts['reports']} reports, {counts['incidents']} incidents, {counts['provenance_links']} "
               f"provenance links loaded into {_shown(_db(ctx))}", err=True)


def _spark(master: Optional[str]):
    """A SparkSession, or one line saying what is missing (the extra, or Java)."""
    try:
        from civcas.batch import session
        return session(master)
    except ModuleNotFoundError as exc:
        if exc.name not in ("pyspark", "py4j"):
            raise
        raise click.ClickException("pyspark is missing (pip install 'civcas[spark]')") from None
    except Exception as exc:
        if "JAVA" not in str(exc).upper():
            raise
        raise click.ClickException(f"Spark could not start Java (apt-get install default-jre-headless): {exc}") from None


def _shown(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


@main.group(name="archive", help="The archive of fetched sources (WARC files; $CIVCAS_ARCHIVE, else archive/ "
                                  "beside the SQLite file, else ./archive).")
def archive_group() -> None:
    pass


@archive_group.command(name="verify", help="Recompute the SHA-256 digests of every archived record: exit 0 when all "
                                           "match, 1 naming each bad record (changed bytes, or a record cut short "
                                           "by a writer killed mid-write).")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="The archive directory (default: the --db database's).")
@click.pass_context
def archive_verify(ctx: click.Context, directory: Path | None) -> None:
    from civcas.archive import archive_directory, verify
    directory = directory or archive_directory(_db(ctx))
    bad = verify(directory)
    for record in bad:
        click.echo(f"{record.file}#{record.offset} {record.url or '(no URL)'}: {record.reason}", err=True)
    if bad:
        raise SystemExit(1)
    click.echo(f"every archived record in {directory} matches its digests")


@main.group(name="gazetteer", help="Manage the gazetteer (GeoNames, CC BY 4.0).")
def gazetteer_group() -> None:
    pass


@gazetteer_group.command(name="load", help="Import a GeoNames dump (SY.txt, allCountries.txt: 19 tab-separated "
                                           "columns) so villages missing from cities500 are found.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def gazetteer_load(ctx: click.Context, file: Path) -> None:
    from civcas import gazetteer
    try:
        n = gazetteer.load_dump(_store(ctx), file)
    except gazetteer.DumpError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{n} GeoNames rows loaded from {file}")


@main.command(help="Serve the web pages (incidents, map, timeline, tallies, review) and the JSON API "
                   "(/api/incidents, OpenAPI at /api/openapi.json).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Server processes (more than one needs PostgreSQL).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    from civcas import web
    url = _db(ctx)
    try:
        web.serve(host, port, url, workers=workers, on_listening=lambda: click.echo(
            f"civcas on http://{host}:{port}/ (database {_shown(url)}, {workers} worker"
            f"{'s' if workers > 1 else ''}); Ctrl-C stops", err=True))
    except web.ServeError as exc:
        raise click.ClickException(str(exc)) from None


@main.group(name="user", help="Manage analysts' accounts (roles: viewer, analyst, admin).")
def user_group() -> None:
    pass


@user_group.command(name="add", help="Add an account; the password is asked for (or read from "
                                     "$CIVCAS_PASSWORD) and stored as an argon2 hash. A user name is 1-64 "
                                     "letters, digits, '.', '_' or '-'.")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="analyst", show_default=True, help="What the user may do.")
@click.password_option(envvar="CIVCAS_PASSWORD", help="The password (at least 8 characters).")
@click.pass_context
def user_add(ctx: click.Context, username: str, role: str, password: str) -> None:
    _account_change(lambda: _review().add_user(_store(ctx), username, password, role), f"user {username} added ({role})")


def _account_change(change, done: str) -> None:
    from civcas import review
    try:
        change()
    except review.ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(done)


@user_group.command(name="set-role", help="Change an account's role; it holds from the user's next request "
                                          "(no new login needed).")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_context
def user_set_role(ctx: click.Context, username: str, role: str) -> None:
    _account_change(lambda: _review().set_role(_store(ctx), username, role), f"user {username} is now {role}")


@user_group.command(name="reset-password", help="Give an account a new password (asked for, or read from "
                                                "$CIVCAS_PASSWORD); its web sessions end at once.")
@click.argument("username")
@click.password_option(envvar="CIVCAS_PASSWORD", help="The new password (at least 8 characters).")
@click.pass_context
def user_reset_password(ctx: click.Context, username: str, password: str) -> None:
    _account_change(lambda: _review().reset_password(_store(ctx), username, password),
                    f"password of {username} reset; its sessions ended")


def _review():
    from civcas import review
    return review


def _user_command(name: str, help: str, change: str, done: str) -> None:
    """`civcas user NAME USERNAME`: runs civcas.review's `change(store, username)`, then says `done`
    (formatted with it)."""
    @user_group.command(name=name, help=help)
    @click.argument("username")
    @click.pass_context
    def command(ctx: click.Context, username: str) -> None:
        _account_change(lambda: getattr(_review(), change)(_store(ctx), username), done.format(username))


_user_command("remove", "Remove an account and end its web sessions at once; its decisions in the audit trail "
                        "keep its name.", "remove_user", "user {} removed")
_user_command("unlock", "Lift the lockout that failed logins put on an account (its earlier failures stop "
                        "counting).", "unlock", "user {} unlocked")


@user_group.command(name="logins", help="The latest login attempts (user name as typed, client address, "
                                        "whether it worked and why not), newest first.")
@click.option("--user", "username", default=None, help="Only attempts at this user name.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000), help="How many.")
@click.pass_context
def user_logins(ctx: click.Context, username: str | None, limit: int) -> None:
    rows = [[e["at"].isoformat(timespec="seconds"), e["username"], e["address"], "yes" if e["success"] else "no",
             e["reason"]] for e in _store(ctx).login_events(username, limit)]
    click.echo(_table(rows, ["at (UTC)", "user name", "address", "in", "reason"]))


def sample_reports_dir() -> Path:
    return Path(str(resources.files("civcas") / "samples"))


def sample_reports() -> list[Path]:
    """The bundled reports (their sidecars come with them), without the folder's README."""
    return sorted(p for p in sample_reports_dir().iterdir() if p.name != "README.md" and not p.name.endswith(".meta.json"))


@main.command(help="Ingest the bundled sample reports (written for the project) into the database, process "
                   "them and print the incidents.")
@click.pass_context
def demo(ctx: click.Context) -> None:
    store = _store(ctx)
    _ingest(store, sample_reports())
    _run_process(store)
    click.echo(_table(_incident_rows(store), INCIDENT_HEADER))
    click.echo(f"\nDatabase: {store.url}. Next: civcas show ID, civcas export --format jsonl")


if __name__ == "__main__":
    main()
