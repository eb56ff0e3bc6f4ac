"""Every command has --help text and a README entry; the demo works on a fresh database."""
import json
import re

import click
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
    stats = json.loads(runner.invoke(main, ["--db", db, "stats", "--json"]).output)
    assert set(stats) == {"reports", "provenance_groups", "claims", "incidents", "errors", "processing_errors",
                          "warnings", "languages", "unreadable"}
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
