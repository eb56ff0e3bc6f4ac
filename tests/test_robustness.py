"""Hostile input, generated: random bytes, NULs, huge lines, truncated and deeply nested HTML,
mixed encodings, absurd numbers and dates. Every item gets its own clear error or a sane report
(never an exception out of `ingest`, never control characters in a stored text), extraction never
raises and its figures stay bounded, and a 50 MB input never takes ingest past 1 GB.

Each property test prints how many cases it tried (`pytest -s tests/test_robustness.py`)."""
import datetime as dt
import json
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from civcas import extract
from civcas.extract.numbers import MAX_FIGURE
from civcas.ingest import EARLIEST_PUBLISHED, MAX_BYTES, MAX_TEXT_CHARS, META_SUFFIX, ingest
from civcas.model import Report
from civcas.store import Store

from conftest import ROOT

ARTICLE = ("<html><head><title>Strike</title></head><body><nav>Menu</nav><article><h1>Market hit</h1>"
           "<p>Airstrikes killed at least 12 civilians in the market of Saraqib on Monday, medics said.</p>"
           "<p>Rescuers searched the rubble through the night.</p></article></body></html>")
ARABIC = "قتل خمسة مدنيين في غارة جوية على سوق في مدينة إدلب يوم الاثنين، بحسب مصادر طبية."
ENCODINGS = ["utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-32", "cp1256", "cp1252", "latin-1", "gb18030",
             "cp1251", "shift_jis"]
SLOW = settings(deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])

numbers = st.one_of(st.integers(min_value=-10, max_value=10**40).map(str),
                    st.integers(min_value=0, max_value=10**30).map("{:,}".format),
                    st.floats(allow_nan=True, allow_infinity=True).map(str),
                    st.sampled_from(["1e308", "9" * 5000, "9223372036854775808", "twenty-one", "ninety nine million "
                                     "million", "thousands of thousands", "a dozen", "-0", "0x7fffffff"]))
dates = st.one_of(st.dates().map(dt.date.isoformat), st.sampled_from(["0001-01-01", "9999-12-31", "2017-02-30",
                                                                     "yesterday", "", "2020-13-01T00:00:00"]),
                  st.integers().map(str), st.none())
sentences = st.builds(
    "{} {} {} {} {}, {}.".format,
    st.sampled_from(["", "At least", "More than", "About", "Up to", "Nearly", "Fewer than", "Between 3 and",
                     "Some"]),
    numbers,
    st.sampled_from(["people were killed", "civilians died", "were wounded", "children were killed",
                     "fighters were killed", "killed", "dead"]),
    st.sampled_from(["in Idlib", "on February 30, 2017", "on 31 September 9999", "yesterday", "last week",
                     "in the summer of 1066", "on Monday", ""]),
    st.sampled_from(["", "in an airstrike", "by the coalition", "in shelling"]),
    st.sampled_from(["medics said", "the ministry said", "according to Airwars", "residents said"]))
texts = st.one_of(sentences, st.text(max_size=300), st.lists(sentences, max_size=6).map(" ".join),
                  st.text(alphabet=st.characters(max_codepoint=0x40), max_size=200))   # NULs and control codes


def _encoded(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="replace")


file_bodies = st.one_of(
    st.binary(max_size=3000),
    st.builds(_encoded, texts, st.sampled_from(ENCODINGS)),
    st.builds(lambda a, b, c1, c2: _encoded(a, c1) + _encoded(b, c2), texts, st.just(ARABIC),
              st.sampled_from(ENCODINGS), st.sampled_from(ENCODINGS)),                  # mixed encodings
    st.integers(min_value=0, max_value=len(ARTICLE)).map(lambda n: ARTICLE[:n].encode()),   # truncated HTML
    st.integers(min_value=1, max_value=5000).map(lambda n: ("<div>" * n + ARTICLE).encode()),
    st.integers(min_value=10_000, max_value=300_000).map(lambda n: ("killed " * (n // 7)).encode()),  # one huge line
    st.builds(lambda t: t.encode() + b"\x00" + t.encode(), texts),
)
json_lines = st.one_of(
    st.builds(lambda text, published, extra: json.dumps({"text": text, "published": published, **extra}),
              texts, dates, st.dictionaries(st.sampled_from(["outlet", "url", "title", "language", "warning",
                                                             "charset"]),
                                            st.one_of(st.text(max_size=400), st.integers(), st.none(),
                                                      st.lists(st.integers(), max_size=2)), max_size=3)),
    st.just('{"text": "half \\ud83d an emoji, 5 were killed"}'),
    st.just("[" * 100_000 + "]" * 100_000),                                              # deeply nested JSON
    st.text(max_size=200),
    st.builds(lambda n: json.dumps({"text": "<div>" * n + ARTICLE}), st.integers(min_value=1, max_value=20_000)),
)
items = st.one_of(
    st.tuples(st.sampled_from([".txt", ".html", ".htm"]), file_bodies, st.none()),
    st.tuples(st.sampled_from([".txt", ".html"]), file_bodies,
              st.one_of(st.binary(max_size=200),
                        st.fixed_dictionaries({}, optional={"published": dates, "charset": st.text(max_size=50),
                                                            "outlet": st.one_of(st.text(max_size=50), st.integers()),
                                                            "title": st.text(max_size=50)})
                        .map(lambda d: json.dumps(d).encode()))),
    st.tuples(st.just(".jsonl"), st.lists(json_lines, max_size=5).map(lambda lines: "\n".join(lines).encode()),
              st.none()),
)

CONTROL = {"Cc", "Cs"}


def _sane(report: Report) -> None:
    assert report.text and report.text == report.text.strip() and len(report.text) <= MAX_TEXT_CHARS
    for value in (report.text, report.title or "", report.outlet or "", report.url or "", report.warning or ""):
        assert not any(unicodedata.category(ch) in CONTROL and ch not in "\n\t" for ch in value), repr(value[:200])
    assert "\n" not in (report.title or "") + (report.outlet or "")
    assert report.published is None or EARLIEST_PUBLISHED <= report.published <= dt.date.today() + dt.timedelta(1)


def test_any_input_gets_its_own_error_or_a_sane_report(tmp_path_factory, sqlite_head_file):
    tried = 0

    @settings(SLOW, max_examples=150)
    @given(batch=st.lists(items, min_size=1, max_size=4))
    def ingest_batch(batch):
        nonlocal tried
        tried += 1
        folder = tmp_path_factory.mktemp("in")
        shutil.copy(sqlite_head_file, folder / "robust.db")        # an empty store, migrated once per session
        store = Store(f"sqlite:///{folder / 'robust.db'}")
        files = []
        for n, (suffix, body, meta) in enumerate(batch):
            path = folder / f"item{n}{suffix}"
            path.write_bytes(body)
            if meta is not None:
                (folder / f"item{n}{META_SUFFIX}").write_bytes(meta)
            files.append(path)
        origins = []
        result = ingest(store, files, progress=origins.append)       # never raises
        for path in files:                                            # every file answers, one way or the other
            assert any(o == str(path) or o.startswith(f"{path}:") for o in origins), path
        assert all(reason.strip() for _, reason in result.errors)
        assert len(result.errors) + len(result.added) + len(result.unchanged) == len(origins)
        for report in store.reports():
            _sane(report)
        store.engine.dispose()

    ingest_batch()
    print(f"\nrobustness: {tried} ingest cases tried (batches of 1-4 generated files)")
    assert tried >= 150


def test_extraction_never_raises_and_keeps_figures_bounded(gaz):
    tried = 0

    @settings(SLOW, max_examples=250)
    @given(text=texts, published=st.one_of(st.none(), st.dates(min_value=EARLIEST_PUBLISHED,
                                                               max_value=dt.date.today())))
    def extract_text(text, published):
        nonlocal tried
        tried += 1
        facts = extract.extract(Report(text=text, id=1, published=published), gaz)
        for claim in facts.claims:
            assert 0 <= claim.min <= MAX_FIGURE and (claim.max is None or claim.min <= claim.max <= MAX_FIGURE), claim
        assert facts.date is None or dt.date(1800, 1, 1) <= facts.date <= dt.date(2200, 1, 1)  # link windows fit

    extract_text()
    print(f"\nrobustness: {tried} extraction cases tried")
    assert tried >= 250


def test_absurd_figures_are_no_claims(gaz):
    for text in ("99999999999999999999999 people were killed in the strike, medics said.",
                 "The airstrike killed 1e308 civilians, officials said.",
                 f"At least {'9' * 5000} civilians were killed on Monday.",
                 "More than 9223372036854775807 people were killed."):
        assert extract.extract(Report(text=text, id=1, published=dt.date(2020, 1, 1)), gaz).claims == []
    bounded = extract.extract(Report(text="Between 40 and 12 civilians were killed in the strike, medics said.", id=1,
                                     published=dt.date(2020, 1, 1)), gaz).claims
    assert [(c.min, c.max) for c in bounded] == [(12, 40)]


# Peak RSS from /proc (VmHWM, this program's own): getrusage's ru_maxrss would carry over the
# high-water mark of the pytest process it was forked from.
MEMORY_PROBE = textwrap.dedent("""
    import re, sys
    from civcas.ingest import ingest
    from civcas.store import Store
    result = ingest(Store(sys.argv[1]), sys.argv[2:])
    print(len(result.added), "|".join(sorted({reason.split(" (")[0] for _, reason in result.errors})))
    with open("/proc/self/status") as status:
        print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1)) // 1024)
    """)
GIB = 1024


def _peak_mb(db: Path, *paths: Path) -> tuple[str, int]:
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, f"sqlite:///{db}", *map(str, paths)],
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome, peak = done.stdout.strip().splitlines()[-2:]
    return outcome, int(peak)


def _write_repeated(path: Path, chunk: bytes, size: int, head: bytes = b"", tail: bytes = b"") -> None:
    with path.open("wb") as out:
        out.write(head)
        for _ in range(-(-size // len(chunk))):
            out.write(chunk)
        out.write(tail)


def test_fifty_megabyte_inputs_stay_under_a_gigabyte(tmp_path):
    size = 50 * 1024 * 1024
    _write_repeated(tmp_path / "dump.txt", b"Airstrikes killed five civilians. " * 1000, size)
    _write_repeated(tmp_path / "giant.jsonl", b"killed " * 10_000, size, b'{"text": "', b'"}\n')   # one line
    line_text = "Shelling killed three civilians in the market, residents said. " * 1500          # ~96 KB
    lines = -(-size // len(line_text))
    with (tmp_path / "many.jsonl").open("w") as out:
        for n in range(lines):
            out.write(json.dumps({"url": f"https://m.example/{n}", "text": line_text}) + "\n")
    assert min((tmp_path / name).stat().st_size for name in ("dump.txt", "giant.jsonl", "many.jsonl")) >= size
    outcome, peak = _peak_mb(tmp_path / "a.db", tmp_path / "dump.txt", tmp_path / "giant.jsonl")
    print(f"\n50 MB .txt and a 50 MB one-line .jsonl: {outcome}; peak RSS {peak} MB")
    assert outcome == "0 file too large|line too large" and peak < GIB
    outcome, peak = _peak_mb(tmp_path / "b.db", tmp_path / "many.jsonl")
    print(f"50 MB .jsonl of {lines} lines: {outcome.strip()} reports added; peak RSS {peak} MB")
    assert outcome == f"{lines} " and peak < GIB
    assert MAX_BYTES < size
