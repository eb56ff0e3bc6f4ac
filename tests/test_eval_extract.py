"""The extraction harness on a small fixed sample of each data set, with floors well below the
benchmark figures: a regression alarm, not a proof of quality (bench/eval_extract.py is that)."""
import datetime as dt
import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import eval_extract  # noqa: E402

from eval_extract import accuracy, prf  # noqa: E402
from report_totals import report_total  # noqa: E402

from civcas.extract import extract
from civcas.extract.claims import figures
from civcas.model import Report


def _fields(dataset, limit):
    fields, _ = eval_extract.run(dataset, limit=limit)
    return {f.name: f for f in fields}


def test_isaf_sample_beats_floors_and_baselines():
    fields = _fields("isaf", 120)
    killed = fields["min killed"]
    assert len(killed.gold) == 120
    assert accuracy(killed.gold, killed.system) >= 0.8 > accuracy(killed.gold, killed.baseline) - 0.1
    assert accuracy(fields["start date (published)"].gold, fields["start date (published)"].system) >= 0.7
    assert accuracy(fields["province"].gold, fields["province"].system) >= 0.75
    _, _, f1, _, _ = prf(fields["airstrike"].gold, fields["airstrike"].system)
    assert f1 >= 0.5 or not any(fields["airstrike"].gold)


def test_gva_sample_beats_the_baseline():
    fields = _fields("gva", 300)
    for name in ("killed", "injured"):
        f = fields[name]
        assert len(f.gold) > 200
        assert accuracy(f.gold, f.system) >= 0.4
        assert accuracy(f.gold, f.system) > accuracy(f.gold, f.baseline) - 0.02


def test_baselines_are_what_the_issue_says():
    assert eval_extract.baseline_count("Police said two people were killed and three injured.", r"killed|dead|died") == 2
    assert eval_extract.baseline_count("Nobody was hurt.", r"killed|dead|died") == 0
    assert eval_extract.baseline_count("Officials said that forty-six people died.", r"killed|dead|died") == 46


def test_conflict_set_scores_the_striker_and_skips_missing_texts(tmp_path, capsys):
    labels = tmp_path / "conflict.jsonl"
    labels.write_text("\n".join(json.dumps(row) for row in (
        {"id": "001", "url": "https://example.org/1", "striker": "Syria", "striker_as_written": "regime jets",
         "country": "SY", "date": "2020-02-03", "incident": "a"},
        {"id": "002", "url": "https://example.org/2", "striker": None, "country": "SY", "incident": "b"},
    )) + "\n")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "001.txt").write_text("Syrian army warplanes struck a market in Idlib on Monday, killing nine "
                                   "civilians, rescuers said. The market in Idlib was busy at the time.")
    (texts / "001.meta.json").write_text(json.dumps({"outlet": "Example", "url": "https://example.org/1",
                                                     "title": "", "published": "2020-02-04"}))
    fields, _ = eval_extract.run("conflict", labels, texts=texts)
    by_name = {f.name: f for f in fields}
    assert by_name["striker (party set)"].gold == [frozenset({"Syrian government"})]
    assert by_name["striker (party set)"].system == [frozenset({"Syrian government"})]
    assert by_name["country"].system == ["SY"]
    assert "1 reports read, 1 skipped" in capsys.readouterr().out


# --- GVA's one-total-per-report gold, read from a report's claims (bench/report_totals.py) ---

def test_murder_charges_count_the_dead_and_other_victims_are_not_the_dead(gaz):
    text = ("The coroner identified the dead as Brenda Forrester and her granddaughter. Three other victims were "
            "shot, police said. Brown faces two counts of murder and two counts of aggravated assault.")
    facts = extract(Report(id=1, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert (report_total(facts, "killed"), report_total(facts, "wounded")) == (2, 3)
    assert not [f for f in figures("He faces two counts of attempted murder.") if f.kind == "killed"]
    assert [(f.quantity.min, f.kind) for f in figures("Five were involved in a shooting, including one dead.")] == \
        [(1, "killed")]


def test_a_report_total_counts_named_people_once_and_descriptions_as_one(gaz):
    text = ("A 16-year-old was shot in the leg on Elm Street on Sunday, police said. The victim was taken "
            "to a hospital. The teen was shot again last year.")
    facts = extract(Report(id=1, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert report_total(facts, "wounded") == 1
    text = ("Joshua Haber, 19, was shot and wounded on Sunday. Maria Lopez, 20, was also shot and wounded, "
            "police said.")
    facts = extract(Report(id=2, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert report_total(facts, "wounded") == 2 and report_total(facts, "killed") == 0
    text = ("Four people were shot outside a store on Saturday, police said. One man died at the scene. "
            "Police found a second man who had been shot; he was treated and released.")
    facts = extract(Report(id=4, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert report_total(facts, "wounded") == 3          # those shot, less the one who died
    text = "A man was shot dead on Elm Street. A woman was shot in the arm and is in stable condition."
    facts = extract(Report(id=5, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert (report_total(facts, "killed"), report_total(facts, "wounded")) == (1, 1)   # she survived: not him
    text = ("Jane Hendrickson and Mark Shively were shot outside a bar on Sunday. Hendrickson was shot in the "
            "face and arm, and Shively was shot in the back. She is being treated for four gunshot wounds.")
    facts = extract(Report(id=6, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert report_total(facts, "wounded") == 2
    text = "Police said the gunman shot and killed his girlfriend and then fatally shot three men on Sunday."
    assert report_total(extract(Report(id=7, text=text, published=dt.date(2016, 5, 2)), gaz), "killed") == 4
    text = "Police said a man shot and killed his 8-year-old son before fatally shooting himself on Sunday."
    assert report_total(extract(Report(id=9, text=text, published=dt.date(2016, 5, 2)), gaz), "killed") == 2
    text = "Four people were killed on Sunday, including two children."
    assert report_total(extract(Report(id=8, text=text, published=dt.date(2016, 5, 2)), gaz), "killed") == 4
    text = "A Portsmouth Man has died of a gunshot wound. Amos Rudd, 57, died Sunday from his injuries."
    facts = extract(Report(id=3, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert report_total(facts, "killed") == 1          # a headline's capitals describe him, they do not name him
    text = "A teen was flown to a hospital on Sunday. Police said he was accidentally shot by a friend."
    facts = extract(Report(id=3, text=text, published=dt.date(2016, 5, 2)), gaz)
    assert report_total(facts, "wounded") == 1
