"""Language at ingest: every report gets one (detected offline, or as its metadata says); a report
in a language the extractor does not read is stored and counted, and opens no incident."""
import json

import pytest

from civcas import ingest
from civcas.extract import LANGUAGES
from civcas.ingest.language import detect
from civcas.pipeline import process, stats

# Short reports written for these tests.
ENGLISH = ("Two civilians were killed and five wounded when a drone struck a car near the market in Marib "
           "on Tuesday, local medics said.")
ARABIC = ("قتل ثلاثة مدنيين وأصيب سبعة آخرون بجروح في قصف مدفعي استهدف سوقا شعبيا في ريف إدلب الجنوبي "
          "صباح الثلاثاء، بحسب ما أفاد الدفاع المدني.")
FRENCH = ("Au moins quatre civils ont été tués mardi dans une frappe de drone visant un marché près de "
          "Djibo, selon des sources locales.")
GERMAN = ("Mindestens sechs Zivilisten wurden am Dienstag bei einem Drohnenangriff auf einen Markt in der Nähe "
          "der Stadt getötet, teilten örtliche Behörden mit.")


def test_detects_the_languages_monitors_read():
    assert [detect(t)[0] for t in (ENGLISH, ARABIC, FRENCH)] == ["en", "ar", "fr"]
    assert detect(ENGLISH)[1] is None
    assert detect("12 345 — 2024-05-09")[0] == "und"


@pytest.mark.parametrize("text, language", [
    # a release's dateline and first words: short English the full model took for Nigerian Pidgin
    ("KANDAHAR, Afghanistan (March 3, 2011) A joint patrol detained two suspects in Zhari district", "en"),
    # Egyptian colloquial Arabic: a variety of Arabic, stored as Arabic (ISO 639-1 has no other code)
    ("الناس في الشارع بيقولوا إن الطيارة ضربت السوق امبارح بالليل وفيه ناس كتير ماتت", "ar"),
])
def test_a_short_or_colloquial_text_gets_the_iso_639_1_language_it_is_in(text, language):
    assert detect(text)[0] == language


def test_the_detector_answers_only_iso_639_1_codes():
    """The store speaks ISO 639-1: the model's classes without a code (Nigerian Pidgin, no
    linguistic content, ...) are not among its answers."""
    from civcas.ingest.language import _identifier
    ranked = [code for code, _ in _identifier().rank("Dem say di soldiers don comot from di town")]
    assert ranked and all(len(code) == 2 for code in ranked) and "pcm" not in ranked


def test_reports_in_other_languages_are_stored_counted_and_open_no_incident(store, tmp_path):
    for name, text in (("en", ENGLISH), ("ar", ARABIC), ("fr", FRENCH), ("de", GERMAN)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    forced = FRENCH.replace("quatre", "cinq")
    (tmp_path / "forced.txt").write_text(forced, encoding="utf-8")
    (tmp_path / "forced.meta.json").write_text(json.dumps({"language": "EN"}), encoding="utf-8")
    result = ingest.ingest(store, [tmp_path])
    assert not result.errors
    by_text = {(r.text, r.origin_file.rsplit("/", 1)[-1]): r.language for r in store.reports()}
    assert by_text == {(ENGLISH, "en.txt"): "en", (ARABIC, "ar.txt"): "ar", (FRENCH, "fr.txt"): "fr",
                       (GERMAN, "de.txt"): "de", (forced, "forced.txt"): "en"}
    process(store)
    counts = stats(store)
    unread = {r.id for r in store.reports() if r.language not in LANGUAGES}
    assert counts["languages"] == {"en": 2, "ar": 1, "fr": 1, "de": 1} and counts["unreadable"] == len(unread)
    assert {r.language for r in store.reports() if r.id in unread} >= {"de"}     # no reader reads German
    linked = {r.report_id for i in store.incidents() for r in i.reports}
    assert not linked & unread
    assert all(not store.facts([rid])[rid].claims for rid in unread)


def test_a_json_line_says_its_language(store, tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text(json.dumps({"url": "https://example.org/a", "text": ENGLISH, "language": "fr"}) + "\n",
                    encoding="utf-8")
    ingest.ingest(store, [path])
    assert [r.language for r in store.reports()] == ["fr"]
