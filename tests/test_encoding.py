"""Encodings: declared, BOM, UTF-8, then a guess — and whatever was guessed or replaced is stored
with the report as its warning, counted by `civcas stats` and shown on its incident page."""
import datetime as dt
import json
import random

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from civcas.cli import main
from civcas.ingest import ingest
from civcas.ingest.encoding import DecodeError, decode
from civcas.model import Report
from civcas.pipeline import process
from civcas.web import create_app

ARABIC = "قتل خمسة مدنيين في غارة جوية على سوق في مدينة إدلب يوم الاثنين، بحسب مصادر طبية."
ENGLISH = "Five civilians were killed in the strike on the market, medics said."


@pytest.mark.parametrize("data, text, warning", [
    ("Café naïve".encode("latin-1"), "Café naïve", "decoded as cp1252 (guessed, confidence"),
    ("He said “the café was hit” — five died.".encode("cp1252"), "He said “the café was hit” — five died.",
     "decoded as cp1252 (guessed"),
    (ARABIC.encode("cp1256"), ARABIC, "decoded as cp1256 (guessed"),
    (ARABIC.encode("utf-16-le"), ARABIC, "decoded as UTF-16-LE (no byte-order mark"),
    (ENGLISH.encode("utf-16-be"), ENGLISH, "decoded as UTF-16-BE (no byte-order mark"),
    (ENGLISH.encode("utf-16"), ENGLISH, None),
    (ENGLISH.encode("utf-32"), ENGLISH, None),
    (b"\xef\xbb\xbf" + "Médéa".encode(), "Médéa", None),
    ("Médéa “x”".encode(), "Médéa “x”", None),
    ("В результате авиаудара погибли пять мирных жителей.".encode("cp1251"),
     "В результате авиаудара погибли пять мирных жителей.", "decoded as cp1251 (guessed"),
])
def test_each_encoding_reads_right_and_says_what_it_guessed(data, text, warning):
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.warning == warning if warning is None else decoded.warning.startswith(warning)


def test_utf8_with_a_few_bad_bytes_stays_utf8_with_replacements():
    good = "The strike — at dawn — killed “five” people in Ma‘arrat al-Nu‘man. " * 4
    data = good.encode().replace(b"dawn", b"d\xffwn", 1).replace(b"five", b"fi\xe9\x80", 1) + b"\xfe"
    decoded = decode(data)
    assert decoded.text.startswith("The strike — at d\ufffdwn — killed “fi\ufffd") and "Ma‘arrat" in decoded.text
    assert decoded.warning == "decoded as UTF-8: 4 undecodable bytes replaced (U+FFFD)"   # ff, e9 80, fe


def test_declared_charsets_win_unless_the_bytes_are_plainly_utf8():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café “naïve”</p></body></html>'
    assert decode(page.encode("cp1252")) == decode(page.encode("cp1252"), None)
    assert decode(page.encode("cp1252")).text == page and decode(page.encode("cp1252")).warning is None
    stale = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Café “naïve” résumé</p>'
    assert decode(stale.encode()).text == stale                  # a template's stale <meta> over UTF-8
    assert "iso-8859-1" in decode(stale.encode()).warning.lower()
    assert decode("Café".encode("cp1252"), declared="latin-1").text == "Café"
    assert decode("Ωμέγα".encode("cp1253"), declared="cp1253") == decode("Ωμέγα".encode("cp1253"), "windows-1253")
    assert "'klingon' is unknown" in decode(b"<meta charset=klingon><p>plain</p>").warning


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_are_refused_or_read_as_text_with_a_warning(seed):
    data = random.Random(seed).randbytes(50 + seed * 40)
    try:
        decoded = decode(data)
    except DecodeError as exc:
        assert "binary" in str(exc) or "undecodable" in str(exc)
    else:
        assert decoded.warning and not any(ch < " " and ch not in "\n\r\t\f" for ch in decoded.text)


def test_ingest_stores_the_warning_and_stats_count_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "latin1.txt").write_bytes("Les habitants de Médéa ont dit qu'une frappe a tué trois civils près du "
                                        "marché, selon les témoins.".encode("latin-1"))
    (folder / "sidecar.txt").write_bytes("Ωμέγα: πέντε νεκροί από την επίθεση.".encode("cp1253"))
    (folder / "sidecar.meta.json").write_text(json.dumps({"charset": "windows-1253", "url": "https://g.example/1"}))
    (folder / "page.html").write_bytes('<html><head><meta charset="iso-8859-1"></head><body><article><p>Les '
                                       'habitants de Médéa ont dit qu’une frappe a tué trois civils près du marché, '
                                       'selon les témoins présents à l’hôpital de la ville.</p></article></body>'
                                       '</html>'.encode("cp1252"))
    (folder / "broken.txt").write_bytes(("Airstrikes — again — killed “five” in Idlib. " * 3).encode() + b"\xff\xfe")
    (folder / "utf16.txt").write_bytes(ENGLISH.encode("utf-16-le"))
    (folder / "lines.jsonl").write_bytes(json.dumps({"text": "Caf\u00e9 na\u00efve"}, ensure_ascii=False)
                                         .encode("latin-1") + b"\n" + b'{"text": "half \\ud83d an emoji"}\n')
    db = f"sqlite:///{tmp_path / 'enc.db'}"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    from civcas.store import Store
    reports = {r.origin_file.rsplit("/", 1)[-1] + (f":{r.origin_line}" if r.origin_line else ""): r
               for r in Store(db).reports()}
    assert reports["latin1.txt"].text.startswith("Les habitants de Médéa")
    assert reports["latin1.txt"].warning.startswith("decoded as cp1252 (guessed, confidence 0.")
    assert reports["sidecar.txt"].text.startswith("Ωμέγα") and reports["sidecar.txt"].warning is None
    assert "Médéa" in reports["page.html"].text and "qu’une" in reports["page.html"].text
    assert reports["page.html"].warning is None
    assert reports["broken.txt"].warning == "decoded as UTF-8: 2 undecodable bytes replaced (U+FFFD)"
    assert reports["utf16.txt"].text == ENGLISH and "UTF-16-LE" in reports["utf16.txt"].warning
    assert reports["lines.jsonl:1"].text == "Café naïve" and "cp1252" in reports["lines.jsonl:1"].warning
    assert reports["lines.jsonl:2"].text == "half \ufffd an emoji"
    assert reports["lines.jsonl:2"].warning.startswith("1 unpaired surrogate escape replaced (U+FFFD)")
    stats = json.loads(runner.invoke(main, ["--db", db, "stats", "--json"]).output)
    assert stats["warnings"] == 5 and stats["reports"] == 7


def test_the_warning_shows_escaped_on_the_incident_page(demo_store):
    hostile = "decoded as cp1252 (guessed, confidence 0.12) <script>window.pwned=1</script>"
    demo_store.add_report(Report(
        text="Warplanes struck the market in Saraqib in Idlib province on Friday, killing 12 civilians, rescuers said.",
        url="https://w.example/1", outlet="W", published=dt.date(2024, 6, 1), warning=hostile))
    process(demo_store)
    incident = next(i for i in demo_store.incidents() if i.place and i.place.name == "Saraqib")
    page = TestClient(create_app(demo_store.url)).get(f"/incidents/{incident.id}").text
    assert "read with a warning: decoded as cp1252 (guessed, confidence 0.12) &lt;script&gt;" in page
    assert "<script>window" not in page
