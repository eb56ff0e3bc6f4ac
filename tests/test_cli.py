"""Every command has --help text and a README entry; the demo works on a fresh database."""
import json
import re

import click
import pytest
from click.testing import CliRunner

from civcas.cli import main

from conftest import ROOT


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


def test_every_command_has_help_and_a_readme_entry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    commands = list(_commands(main))
    assert len(commands) >= 9
    for path, command in commands:
        assert command.help and len(command.help) > 20, f"civcas {' '.join(path)} lacks help text"
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0 and command.help.split()[0] in result.output
        assert re.search(rf"civcas {' '.join(path)}\b", readme), f"README lacks `civcas {' '.join(path)}`"


def test_demo_on_a_fresh_database(tmp_path):
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "demo"])
    assert result.exit_code == 0, result.output
    assert "Maarrat an Numan" in result.output and "Saudi-led coalition" in result.output
    assert "README" not in result.output and "0 failed, 0 skipped" in result.output
    stats = json.loads(runner.invoke(main, ["--db", db, "stats", "--json"]).output)
    assert set(stats) == {"reports", "provenance_groups", "claims", "incidents", "errors", "processing_errors",
                          "warnings", "languages", "unreadable", "archived", "changed", "withdrawn",
                          "fetched"}
    assert stats["reports"] == 6 and stats["warnings"] == 0 and stats["incidents"] == 2 and stats["provenance_groups"] == 5
    assert stats["languages"] == {"en": 6} and stats["unreadable"] == 0
    shown = runner.invoke(main, ["--db", db, "show", "1"])
    assert shown.exit_code == 0 and "at least 23" in shown.output
    assert runner.invoke(main, ["--db", db, "show", "999"]).exit_code == 2
    listed = runner.invoke(main, ["--db", db, "incidents"])
    assert "Fair disputed" in listed.output
    again = runner.invoke(main, ["--db", db, "demo"])             # re-running is a no-op, ids stay
    assert again.exit_code == 0
    assert json.loads(runner.invoke(main, ["--db", db, "stats", "--json"]).output) == stats


def test_the_command_line_loads_no_heavy_library_before_a_command_needs_it():
    """`civcas --help` and option errors answer at once: the stages (spaCy, SQLAlchemy, scipy via
    datasketch) are imported by the commands that use them, not by the command line."""
    import subprocess
    import sys
    code = ("import sys, civcas.cli; heavy = {'sqlalchemy', 'spacy', 'datasketch', 'scipy', 'tqdm', 'alembic'};"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("url, says", [
    ("foo://somewhere", "is not a database URL civcas knows"),
    ("sqlite:////nonexistent-folder/x.db", "unable to open database file"),
    ("sqlite:///{tmp}/garbage.db", "file is not a database"),
])
def test_a_bad_database_is_one_line_and_exit_1(tmp_path, url, says):
    (tmp_path / "garbage.db").write_bytes(b"this is no SQLite file, just some bytes" * 100)
    result = CliRunner().invoke(main, ["--db", url.format(tmp=tmp_path), "stats"])
    assert result.exit_code == 1
    assert says in result.output and "Traceback" not in result.output and len(result.output.splitlines()) == 1


@pytest.mark.parametrize("url", ["postgresql://civcas@127.0.0.1:1/civcas", "postgres://civcas@127.0.0.1:1/civcas"])
def test_a_missing_postgresql_driver_is_one_line_naming_the_extra(monkeypatch, url):
    import sys
    monkeypatch.setitem(sys.modules, "psycopg", None)          # as if the extra were not installed
    result = CliRunner().invoke(main, ["--db", url, "stats"])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert "the PostgreSQL driver (psycopg) is not installed: pip install -e '.[postgres]'" in result.output


def test_files_a_folder_holds_besides_reports_are_named_as_skipped(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "strike.txt").write_text("An airstrike killed four civilians in Ariha on Monday, rescuers said.")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", str(folder)])
    assert result.exit_code == 0
    assert f"skipped: {folder / 'photo.jpg'}: not a report file (.jpg" in result.output
    assert "1 reports added, 0 already present, 0 failed, 1 skipped" in result.output


def test_show_prints_a_month_of_publication_as_a_month(tmp_path):
    """A page dated only "June 2021" is shown so, never as "2021-06-01", a day no page gave."""
    db = f"sqlite:///{tmp_path / 'month.db'}"
    path = tmp_path / "month.jsonl"
    path.write_text(json.dumps({"url": "https://m.example/1", "published": "2021-06", "outlet": "Outlet M",
                                "text": "Airstrikes killed twelve civilians in Ariha on Saturday, medics said."}) + "\n")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(path)]).exit_code == 0
    assert runner.invoke(main, ["--db", db, "process"]).exit_code == 0
    shown = runner.invoke(main, ["--db", db, "show", "1"])
    assert "Incident 1: June 2021 (month;" in shown.output
    assert "Outlet M June 2021" in shown.output and "2021-06-01" not in shown.output


def test_show_names_each_place_once(tmp_path):
    from civcas.cli import _place_line
    assert _place_line({"name": "Mali", "admin1": None, "country": "Mali", "precision": "country",
                        "lat": 17.0, "lon": -4.0}) == "Mali (country; 17.0, -4.0)"
    assert _place_line({"name": "Ariha", "admin1": "Idlib", "country": "Syria", "precision": "town",
                        "lat": None, "lon": None}) == "Ariha, Idlib, Syria (town)"
    assert _place_line(None) == "-"


def test_serve_says_where_only_once_it_answers(tmp_path):
    """The URL line is printed when the socket listens, so opening it at once works."""
    import socket
    import subprocess
    import sys
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "civcas.cli", "--db", f"sqlite:///{tmp_path / 'web.db'}",
                               "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        assert f"civcas on http://127.0.0.1:{port}/" in line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        server.wait(10)
