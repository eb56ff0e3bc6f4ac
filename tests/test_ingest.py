"""Ingest: formats, sidecar metadata, folders, and bad input that fails alone."""
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from civcas.cli import main
from civcas.ingest import MAX_BYTES, IngestError, ingest, parse_published

from conftest import SEEDS


def _write(path, text, meta=None):
    path.write_text(text, encoding="utf-8")
    if meta is not None:
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta))


def test_folder_with_sidecars_txt_html_jsonl(store, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    _write(folder / "a.txt", (SEEDS / "003_9c5e7f8ae3a6766e.txt").read_text(),
           {"outlet": "Outlet A", "url": "https://a.example/1", "title": "T", "published": "2018-07-13"})
    _write(folder / "sub" / "b.html", "<html><body><nav>Menu</nav><article><p>Warplanes struck the village of "
           "Kafr Nabl on Monday, killing at least 12 civilians, residents said. Rescuers searched the rubble "
           "through the night for survivors.</p></article><script>var x = 1;</script></body></html>",
           {"outlet": "Outlet B", "url": "https://b.example/2", "published": None})
    (folder / "c.jsonl").write_text(json.dumps({"outlet": "O", "url": "https://c.example/3", "title": None,
                                                "published": "2020-05-01", "text": "Two people were killed."}) + "\n")
    result = ingest(store, [folder])
    assert len(result.added) == 3 and not result.errors
    reports = {r.url: r for r in store.reports()}
    assert reports["https://a.example/1"].published.isoformat() == "2018-07-13"
    assert reports["https://a.example/1"].outlet == "Outlet A"
    html = reports["https://b.example/2"]
    assert "Kafr Nabl" in html.text and "Menu" not in html.text and "var x" not in html.text
    assert html.published is None
    assert reports["https://c.example/3"].origin_line == 1
    again = ingest(store, [folder])
    assert not again.added and len(again.unchanged) == 3


def test_bad_items_fail_alone(store, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.txt").write_text("   \n")
    (folder / "huge.txt").write_bytes(b"a" * (MAX_BYTES + 1))
    (folder / "latin1.txt").write_bytes("Les habitants de Médéa ont dit qu'une frappe a tué trois civils "
                                        "près du marché, selon les témoins présents à l'hôpital.".encode("latin-1"))
    (folder / "broken.html").write_text("<html><body><div><p>")
    (folder / "hostile.html").write_text("<html><body><article><p>Five people were killed in the raid on the "
                                         "market, local officials said on Tuesday evening.</p><img src=x "
                                         "onerror=alert(1)><script>steal()</script></article></body></html>")
    lines = ['{"text": "One was killed.", "url": "https://j.example/1"}', "not json", '{"url": "no text"}',
             '{"text": "Bad date.", "published": "yesterday"}', '["a list"]']
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "good.txt").write_text("Three civilians were killed in the strike, medics said.")
    result = ingest(store, [folder])
    reasons = dict(result.errors)
    assert "binary" in reasons[str(folder / "binary.txt")]
    assert "empty" in reasons[str(folder / "empty.txt")]
    assert "too large" in reasons[str(folder / "huge.txt")]
    assert "no article text" in reasons[str(folder / "broken.html")]
    assert "not valid JSON" in reasons[f"{folder / 'mixed.jsonl'}:2"]
    assert "string 'text'" in reasons[f"{folder / 'mixed.jsonl'}:3"]
    assert "YYYY-MM-DD" in reasons[f"{folder / 'mixed.jsonl'}:4"]
    assert f"{folder / 'mixed.jsonl'}:5" in reasons
    texts = [r.text for r in store.reports()]
    assert any("Médéa" in t for t in texts)                      # decoded, not refused
    assert any(t.startswith("Three civilians") for t in texts)
    hostile = next(t for t in texts if t.startswith("Five people"))
    assert "steal" not in hostile and "onerror" not in hostile
    assert store.stats()["errors"] == len(result.errors) == 8


def test_html_handed_over_as_text_is_read_as_html(store, tmp_path):
    """A page saved as .txt, or a scraper's JSON line holding the page, is a page: its scripts and
    markup never reach the extractor."""
    page = ("<!DOCTYPE html><html><head><script>var note = 'killed 999';</script></head><body><article>"
            "<p>Shelling killed four civilians in the market of Kafr Nabl on Monday, residents said. Rescuers "
            "searched the rubble through the night.</p></article></body></html>")
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder / "saved.txt", page)
    fragment = "<p>Three men were shot dead at a barbershop.</p>\n\nPolice said a gunman opened fire at night."
    (folder / "scraped.jsonl").write_text("\n".join(json.dumps({"url": f"https://s.example/{n}", "text": text})
                                                    for n, text in enumerate([page, "<p>", fragment])) + "\n")
    result = ingest(store, [folder])
    assert len(result.added) == 3 and "empty" in dict(result.errors)[f"{folder / 'scraped.jsonl'}:2"]
    texts = sorted(report.text for report in store.reports())
    assert texts[0].startswith("Shelling killed four") and texts[1].startswith("Shelling killed four")
    assert all("999" not in t and "<" not in t for t in texts)
    assert texts[2].startswith("Three men were shot dead") and "opened fire" in texts[2]   # a tag, then plain text


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    good = tmp_path / "good.txt"
    good.write_text("Two people were killed in the shelling, residents said.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00")
    assert runner.invoke(main, ["--db", db, "ingest", str(good)]).exit_code == 0
    result = runner.invoke(main, ["--db", db, "ingest", str(good), str(bad)])
    assert result.exit_code == 1 and "bad.txt" in result.output
    assert runner.invoke(main, ["--db", db, "ingest"]).exit_code == 2
    assert runner.invoke(main, ["--db", db, "ingest", str(tmp_path / "missing.txt")]).exit_code == 1


def test_published_outside_1900_to_tomorrow_is_refused_and_the_rest_is_processed(tmp_path):
    """0001-01-01 and 9999-12-31 once went in and then broke the linker's date window."""
    import datetime as dt
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    dates = ["0001-01-01", "9999-12-31", "1899-12-31", (tomorrow + dt.timedelta(days=1)).isoformat(),
             "1900-01-01", tomorrow.isoformat()]
    path = tmp_path / "dates.jsonl"
    path.write_text("".join(json.dumps({"url": f"https://d.example/{n}", "published": date,
                                        "text": f"Airstrikes killed {n + 2} civilians in Idlib on Monday, "
                                                f"medics said."}) + "\n" for n, date in enumerate(dates)))
    db = f"sqlite:///{tmp_path / 'dates.db'}"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "ingest", str(path)])
    assert result.exit_code == 1
    for number, date in enumerate(dates[:4], start=1):
        assert f"dates.jsonl:{number}: published {date} is outside 1900-01-01" in result.output
    assert "2 reports added" in result.output
    processed = runner.invoke(main, ["--db", db, "process"])
    assert processed.exit_code == 0, processed.output
    assert "2 reports processed" in processed.output


@pytest.mark.parametrize("value,published,precision", [
    ("2021-06-05", dt.date(2021, 6, 5), "day"),
    ("2021-06-05T08:30:00Z", dt.date(2021, 6, 5), "day"),
    # a page that states only its month or its year: kept as the period's first day, with the precision
    ("2021-06", dt.date(2021, 6, 1), "month"),
    ("2021", dt.date(2021, 1, 1), "year"),
    (None, None, "day"),
])
def test_published_is_a_day_a_month_or_a_year(value, published, precision):
    assert parse_published(value) == (published, precision)


@pytest.mark.parametrize("value", ["2021-13", "June", "June 2021", "2021-6", "21"])
def test_published_neither_day_month_nor_year_is_refused_with_the_forms_it_takes(value):
    with pytest.raises(IngestError, match=r"YYYY-MM-DD.*YYYY-MM.*YYYY"):
        parse_published(value)


def test_a_sidecar_month_reaches_the_stored_report(store, tmp_path):
    _write(tmp_path / "a.txt", "Gunmen killed 40 villagers on 5 June in the north of the country.",
           {"url": "https://m.example/1", "published": "2021-06"})
    assert not ingest(store, [tmp_path / "a.txt"]).errors
    (report,) = store.reports()
    assert (report.published, report.published_precision) == (dt.date(2021, 6, 1), "month")
