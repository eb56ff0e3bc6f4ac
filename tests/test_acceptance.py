"""The end-to-end acceptance: ../shared/tools/check-seeds on the seeds, and the same checks on
seeds perturbed (other dates, places and figures), so nothing in the code can know the seeds."""
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from civcas.cli import main

from conftest import BOTH, SEEDS, SHARED

DATABASES = BOTH

CHECK = SHARED / "tools" / "check_seeds.py"


def test_check_seeds_tool_passes(tmp_path):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("CIVCAS_DB", None)
    done = subprocess.run([str(SHARED / "tools" / "check-seeds")], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 expectations unmet" in done.stdout


PERTURB = {
    "000": [("Jinah", "Tell Suwaydiya"), ("Aleppo", "Hama"), ("at least 46", "at least 38")],
    "001": [("Jinah", "Tell Suwaydiya"), ("Aleppo", "Hama"), ("at least 46", "at least 38")],
    "002": [("Jinah", "Tell Suwaydiya"), ("about 50", "about 40")],
    "003": [("Al-Soussa", "Hajin"), ("Al Soussa", "Hajin"), ("at least 54", "at least 61"),
            ("28 civilians", "31 civilians")],
}
PUBLISHED = {"000": "2019-06-22", "001": "2019-06-22", "002": "2019-06-22", "003": "2021-02-05"}
EXPECT = {
    "first": {"seed": "000", "copy": "001", "rewrite": "002", "date": "2019-06-20", "place": "suwayd",
              "admin1": "hama", "min_claim": 38, "deaths": [20, 28, 40, 50]},
    "second": {"seed": "003", "date": "2021-02-04", "place": "hajin", "admin1": "deir|dayr",
               "claims": [61, 31], "deaths": [12, 31, 55, 70]},
}


def _single_newlines(text: str) -> str:
    return re.sub(r"\n\s*\n", "\n", text)


def _saved_page(text: str) -> str:
    """The report as a browser saves it, kept as .txt: a script that mentions a figure, paragraphs as <p>."""
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
    return f"<!DOCTYPE html><html><head><script>var note = 'killed 999';</script></head><body>{body}</body></html>"


# the same reports in the forms they arrive in: one line a paragraph, a page saved as text, and
# the second strike's village renamed to one the gazetteer lacks whose spelling resembles a unit abroad
FORMS = {"as written": (lambda t: t, {}), "single newlines": (_single_newlines, {}), "saved page": (_saved_page, {}),
         "unknown village": (lambda t: t.replace("Hajin", "Al-Bahra"), {"place": "bahra"})}


@pytest.mark.parametrize("form", FORMS)
def test_perturbed_seeds(tmp_path, db_url, form):
    transform, second = FORMS[form]
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        key = path.name[:3]
        text = path.read_text(encoding="utf-8")
        for old, new in PERTURB[key]:
            text = text.replace(old, new)
        (folder / path.name).write_text(transform(text), encoding="utf-8")
        (folder / f"{path.stem}.meta.json").write_text(json.dumps(
            {"outlet": f"seed-{key}", "url": f"https://example.org/{path.stem}", "published": PUBLISHED[key]}))
    db, out = db_url, tmp_path / "out.jsonl"
    runner = CliRunner()
    for args in (["ingest", str(folder)], ["process"], ["export", "--format", "jsonl", "--out", str(out)]):
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code == 0, result.output
    expect = tmp_path / "expect.json"
    expect.write_text(json.dumps({**EXPECT, "second": {**EXPECT["second"], **second}}))
    done = subprocess.run([sys.executable, str(CHECK), str(out), str(expect)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
