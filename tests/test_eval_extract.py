"""The extraction harness on a small fixed sample of each data set, with floors well below the
benchmark figures: a regression alarm, not a proof of quality (bench/eval_extract.py is that)."""
import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import eval_extract  # noqa: E402

from eval_extract import accuracy, prf  # noqa: E402


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
