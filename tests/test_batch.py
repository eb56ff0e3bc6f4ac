"""The Spark driver (`civcas batch`, local mode, a country cut in date segments) against `civcas
process` on the same reports: the same incidents (ids included), claims, provenance and grades;
and `civcas load` into SQLite and PostgreSQL, after which the database goes on with `ingest` and
`process`. One SparkSession and one
batch run for the module (local[2]): starting one takes seconds, the run minutes."""
import json
import shutil

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (apt-get install default-jre-headless)", allow_module_level=True)

from civcas import batch, provenance                     # noqa: E402
from civcas.batch.load import LoadError, load            # noqa: E402
from civcas.ingest import ingest                         # noqa: E402
from civcas.model import Report                          # noqa: E402
from civcas.pipeline import process                      # noqa: E402
from civcas.store import Store                           # noqa: E402
from civcas.store.backup import backup                   # noqa: E402
from tests.conftest import BOTH, SHARED, fresh_database, seed_reports          # noqa: E402

GVA_REPORTS = 30     # the first GVA articles hold look-alike shootings and places misread abroad
DATABASES = BOTH


@pytest.fixture(scope="module")
def spark():
    session = batch.session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The seeds and GVA articles as one .jsonl, as an archive would hold them (one line that is
    no report, and one repeated URL)."""
    path = tmp_path_factory.mktemp("archive") / "reports.jsonl"
    lines = [{"outlet": r.outlet, "url": r.url, "published": r.published.isoformat(), "text": r.text}
             for r in seed_reports()]
    with open(SHARED / "data" / "gva" / "documents.jsonl", encoding="utf-8") as gva:
        seen = set()
        for doc in map(json.loads, gva):
            if doc["url"] not in seen and len(seen) < GVA_REPORTS:
                seen.add(doc["url"])
                lines.append({"url": doc["url"], "title": doc["title"], "published": doc["published"],
                              "text": doc["text"]})
    lines.append(lines[5])
    path.write_text("\n".join(map(json.dumps, lines)) + "\n{not json\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def processed(archive, tmp_path_factory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('single') / 'single.db'}")
    ingest(store, [archive])
    process(store)
    return store


@pytest.fixture(scope="module")
def stitched() -> list:
    """The bridges of each stitch of the module's batch run."""
    return []


@pytest.fixture(scope="module")
def batch_output(spark, archive, stitched, tmp_path_factory) -> str:
    """The module's batch run, its GVA country cut in segments of ten reports and ten days (many
    cuts, most reports near one): linked in parallel and stitched back, whole blocks for the
    other countries."""
    from civcas.batch import segments
    out, stitch = tmp_path_factory.mktemp("batch") / "out", segments.stitch

    def counted(copies, homes):
        stitched.append(len(homes))
        return stitch(copies, homes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_DAYS", 10)
        patch.setattr(segments, "stitch", counted)
        batch.run([str(archive)], str(out), spark, block_reports=10)
    return str(out)


def test_the_batch_run_cut_a_country_in_segments(batch_output, stitched):
    assert stitched and stitched[0] >= 10


@pytest.fixture(scope="module", params=BOTH)
def loaded(request, spark, batch_output, tmp_path_factory) -> Store:
    """The batch run loaded into a database of each backend (kept for the module's comparisons)."""
    store = Store(fresh_database(request.param, tmp_path_factory.mktemp("loaded"), request))
    load(batch_output, store, spark)
    return store


def _incidents(store: Store) -> dict:
    urls = {r.id: r.url for r in store.reports()}
    return {i.id: (sorted((urls[r.report_id], r.role) for r in i.reports), i.grade, i.disputed,
                   i.civilian_deaths_min, i.civilian_deaths_max, i.date, i.place, i.belligerents,
                   i.independent_sources) for i in store.incidents()}


def _claims(store: Store) -> dict:
    urls = {r.id: r.url for r in store.reports()}
    return {urls[rid]: (f.claims, f.statements, f.date, f.place, f.belligerents)
            for rid, f in store.facts(list(urls)).items()}


def _links(store: Store) -> set:
    urls = {r.id: r.url for r in store.reports()}
    return {(urls[l.report_a], urls[l.report_b], l.relation) for l in store.links()}


@pytest.mark.parametrize("view", [_incidents, _claims, _links, Store.stats], ids=lambda f: f.__name__.strip("_"))
def test_batch_gives_what_process_gives(processed, loaded, view):
    assert view(loaded) == view(processed)


def test_loading_into_a_database_that_holds_reports_is_refused(loaded, batch_output):
    with pytest.raises(LoadError, match="holds reports already"):
        load(batch_output, loaded, None)


def test_a_load_after_one_that_failed_keeps_the_batch_ids(db_url, spark, batch_output):
    """A load that failed in its first chunk wrote nothing, but on PostgreSQL its inserts used up
    sequence numbers: the next load still gives reports and incidents the batch's ids."""
    store = Store(db_url)
    with pytest.raises(RuntimeError), store.atomic():
        store.add_report(Report(text="A line of a load that failed.", url="https://example.net/failed"))
        store.new_incident()
        raise RuntimeError("killed")
    counts = load(batch_output, store, spark)
    assert ([r.id for r in store.reports()], [i.id for i in store.incidents()]) == \
        (list(range(1, counts["reports"] + 1)), list(range(1, counts["incidents"] + 1)))


def test_a_loaded_database_goes_on_as_the_processed_one(db_url, spark, batch_output, processed, tmp_path):
    """New reports after a load get ids past the loaded ones (PostgreSQL's sequences included) and
    are linked as in the database `process` built: a copy of a loaded report (met through the
    loaded provenance index) and a report of a new incident."""
    more = tmp_path / "more.jsonl"
    more.write_text("\n".join(json.dumps(r) for r in [
        {"url": "https://example.net/copy", "published": "2017-03-18", "text": seed_reports()[0].text},
        {"url": "https://example.net/new", "published": "2019-05-04",
         "text": "An air strike hit a wedding party in Nad Ali district of Helmand province on Friday, "
                 "killing 14 civilians, including six children, provincial officials said."}]) + "\n")
    stores = [Store(db_url), Store(f"sqlite:///{backup(processed, tmp_path / 'processed.db')}")]
    load(batch_output, stores[0], spark)
    for store in stores:
        ingest(store, [more])
        process(store)
    assert _incidents(stores[0]) == _incidents(stores[1])
    assert _links(stores[0]) == _links(stores[1])


def test_a_run_cut_short_goes_on_from_its_kept_stages_and_gives_what_process_gives(
        spark, archive, processed, tmp_path, monkeypatch):
    """Killed while linking, the same run again reads back its extraction and provenance instead
    of computing them; its countries linked whole, it gives `process`'s incidents."""
    out = str(tmp_path / "out")

    def killed(*_args):
        raise RuntimeError("killed while linking")
    with monkeypatch.context() as patch:
        patch.setattr(batch, "_link", killed)
        with pytest.raises(RuntimeError, match="killed"):
            batch.run([str(archive)], out, spark)
    monkeypatch.setattr(batch, "numbered", killed)            # neither read nor compared again
    monkeypatch.setattr(batch, "_provenance", killed)
    result = batch.run([str(archive)], out, spark)
    assert result.resumed == ["read", "links"]
    with pytest.raises(LoadError, match="not a finished batch output"):
        (tmp_path / "out" / "incidents" / "_SUCCESS").unlink()
        load(out, Store(f"sqlite:///{tmp_path / 'refused.db'}"), spark)
    assert batch.run([str(archive)], out, spark).resumed == ["read", "links", "linked"]
    store = Store(f"sqlite:///{tmp_path / 'loaded.db'}")
    load(out, store, spark)
    assert (_incidents(store), _links(store)) == (_incidents(processed), _links(processed))


def test_another_input_options_code_or_fresh_start_afresh(spark, tmp_path, monkeypatch):
    """Kept stages stand for their inputs, options and code: a changed file (its name holding
    glob characters), other options, other code or `fresh` rebuild them and rewrite the tables
    written from them; the same run again keeps both."""
    from civcas.batch import stages
    path, out = tmp_path / "reports[1].jsonl", str(tmp_path / "out")
    path.write_text('{"text": "A strike."}\n', encoding="utf-8")
    built, markers = [], []

    def run(options=None, fresh=False):
        """(the stage's numbers, how many times it was ever built, whether the table was written)."""
        kept = stages.Stages(spark, out, [str(path)], options or {}, ["table"], fresh)
        numbers = kept.kept("numbers", lambda: built.append(1) or spark.sparkContext.parallelize(range(5)))
        kept.write("table", numbers.map(lambda n: (n,)), "n INT")
        markers.append((tmp_path / "out" / "table" / "_SUCCESS").stat().st_mtime_ns)
        return sorted(numbers.collect()), len(built), len(markers) == 1 or markers[-1] != markers[-2]
    numbers, cut = [0, 1, 2, 3, 4], {"block_reports": 10}
    assert [run(), run(), run(cut)] == [(numbers, 1, True), (numbers, 1, False), (numbers, 2, True)]
    path.write_text('{"text": "Another strike."}\n', encoding="utf-8")
    assert [run(cut), run(cut)] == [(numbers, 3, True), (numbers, 3, False)]
    monkeypatch.setattr(stages, "code", lambda: "another commit")
    assert [run(cut), run(cut, fresh=True)] == [(numbers, 4, True), (numbers, 5, True)]


@pytest.mark.parametrize("given, found", [
    (["{d}"], ["a.jsonl", "sub/b.parquet"]),
    (["{d}/*.jsonl"], ["a.jsonl"]),
    (["{d}/sub/b.parquet", "{d}/a.jsonl"], ["sub/b.parquet", "a.jsonl"]),
])
def test_input_is_files_folders_or_globs_of_jsonl_and_parquet(tmp_path, given, found):
    (tmp_path / "sub").mkdir()
    for name in ("a.jsonl", "sub/b.parquet", "notes.txt"):
        (tmp_path / name).write_text("")
    assert batch.input_files([g.format(d=tmp_path) for g in given]) == [str(tmp_path / f) for f in found]


@pytest.mark.parametrize("given, says", [(["{d}/notes.txt"], "not a .jsonl or .parquet"),
                                         (["{d}/missing"], "no such file"), (["{d}/*.parquet"], "no such file")])
def test_input_that_holds_no_report_file_is_a_usage_error(tmp_path, given, says):
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(batch.BatchError, match=says):
        batch.input_files([g.format(d=tmp_path) for g in given])


def test_parquet_rows_are_read_as_jsonl_lines(spark, archive, tmp_path):
    rows = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()[:6]]
    parquet = str(tmp_path / "reports.parquet")
    spark.createDataFrame(rows, "outlet STRING, url STRING, title STRING, published STRING, text STRING") \
        .write.parquet(parquet)
    jsonl = tmp_path / "head.jsonl"
    jsonl.write_text("\n".join(map(json.dumps, rows)) + "\n", encoding="utf-8")

    def reports(path):
        return [(i, r.url, r.text, r.published, r.language)
                for i, r in batch.numbered(batch.read_items(spark, batch.input_files([path]))).collect()]
    assert reports(parquet) == reports(str(jsonl))


def test_reports_are_read_in_small_splits_and_numbered_in_small_partitions(spark, tmp_path, monkeypatch):
    """A large archive is no few huge partitions (their cached blocks ran a local driver out of
    memory; their last round ran on one core): the ids stay input order."""
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps({"url": f"https://example.org/{n}", "text": f"Report {n}: a strike."}) + "\n"
                            for n in range(30)), encoding="utf-8")
    monkeypatch.setattr(batch, "SPLIT_BYTES", 400)
    monkeypatch.setattr(batch, "PARTITION_REPORTS", 4)
    items = batch.read_items(spark, [str(path)])
    assert items.getNumPartitions() >= path.stat().st_size // 400
    reports = batch.numbered(items)
    assert reports.getNumPartitions() == 8
    assert [(i, r.url) for i, r in reports.collect()] == [(n + 1, f"https://example.org/{n}") for n in range(30)]


def test_a_reports_exports_history_is_read_as_ingest_reads_it(spark, tmp_path):
    """A reports export of an edited article: its earlier version (`current` false) is skipped, not
    an ingest error, and the URL's current text gets the id `civcas ingest` gives it."""
    lines = [{"url": "https://example.org/edited", "text": "A strike killed 12 civilians in Idlib on Monday.", "current": False},
             {"url": "https://example.org/other", "text": "Shelling killed three civilians in Aleppo on Tuesday.", "current": True},
             {"url": "https://example.org/edited", "text": "A strike killed 14 civilians in Idlib on Monday.", "current": True}]
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    items = batch.read_items(spark, [str(path)])
    store = Store(f"sqlite:///{tmp_path / 'ingested.db'}")
    ingest(store, [path])
    assert items.filter(lambda i: i[1] is None and i[2] is not None).count() == 0
    assert [(i, r.url, r.text) for i, r in batch.numbered(items).collect()] == \
        [(r.id, r.url, r.text) for r in store.reports()]


# GVA pages of five unrelated shootings; one (Boyle Heights) runs its sentences together, so a
# line of the others ("He was pronounced dead at the scene.") lies inside its one long sentence
# and, compared, they would be copies of it. They share single LSH bands only by chance.
CHANCE_BANDS = ("abc7.com:80/news/1-dead-in-boyle-heights", "losangeles.cbslocal.com/2016/02/07/deadly",
                "kmch.com:80/oelwein-man-killed-in-turkey", "wwltv.com/news/crime/nopd-one-person",
                "kmov.com/story/33930615")


def test_batch_provenance_compares_the_candidates_process_compares(spark, tmp_path):
    with open(SHARED / "data" / "gva" / "documents.jsonl", encoding="utf-8") as gva:
        docs = {next(f for f in CHANCE_BANDS if f in d["url"]): d for d in map(json.loads, gva)
                if any(f in d["url"] for f in CHANCE_BANDS)}
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps({"url": d["url"], "text": d["text"]}) + "\n" for d in docs.values()),
                    encoding="utf-8")
    reports = batch.numbered(batch.read_items(spark, [str(path)]))
    found = batch._provenance(spark, reports, reports.mapPartitions(batch._fingerprints)).collect()
    store = Store(f"sqlite:///{tmp_path / 'process.db'}")
    ingest(store, [path])
    provenance.run(store, store.unprocessed_report_ids())
    assert len(docs) == len(CHANCE_BANDS)
    assert {(l.report_a, l.report_b, l.relation) for l in found} == \
        {(l.report_a, l.report_b, l.relation) for l in store.links()}


def test_batch_compares_each_copy_of_a_large_family_with_the_closest_earlier_ones_as_process_does(spark, tmp_path):
    from civcas.provenance import CLOSEST_CANDIDATES
    story = ("A drone struck a fuel depot on the edge of the port town late on Tuesday, the governor said. "
             "Fire spread to two warehouses storing grain for the aid agencies working in the province. "
             "Firefighters from three districts fought the flames until morning, a civil defence officer said. "
             "Port workers said the depot had been hit once before, in the spring, without casualties. ")
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps({"url": f"https://wire.example/{n}", "text": f"Outlet {n}: " + story}) + "\n"
                            for n in range(2 * CLOSEST_CANDIDATES + 3)), encoding="utf-8")
    reports = batch.numbered(batch.read_items(spark, [str(path)]))
    found = batch._provenance(spark, reports, reports.mapPartitions(batch._fingerprints)).collect()
    store = Store(f"sqlite:///{tmp_path / 'process.db'}")
    ingest(store, [path])
    for rid in store.unprocessed_report_ids():
        provenance.run(store, [rid])
    assert len(found) < (2 * CLOSEST_CANDIDATES + 3) * CLOSEST_CANDIDATES
    assert {(l.report_a, l.report_b, l.relation) for l in found} == \
        {(l.report_a, l.report_b, l.relation) for l in store.links()}
