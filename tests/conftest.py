"""Shared fixtures: real SQLite files in tmp dirs, the seeds from ../shared, the gazetteer."""
import datetime as dt
import os
from pathlib import Path

import pytest

from civcas import gazetteer
from civcas.model import Report
from civcas.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CIVCAS_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
SEED_PUBLISHED = {"000": dt.date(2017, 3, 17), "001": dt.date(2017, 3, 17), "002": dt.date(2017, 3, 17),
                  "003": dt.date(2018, 7, 13)}


def seed_reports() -> list[Report]:
    return [Report(text=p.read_text(encoding="utf-8"), url=f"https://example.org/{p.stem}", outlet=f"seed-{p.name[:3]}",
                   published=SEED_PUBLISHED[p.name[:3]]) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture(scope="session")
def gaz():
    return gazetteer.load()


@pytest.fixture
def seeded(store) -> Store:
    for report in seed_reports():
        store.add_report(report)
    return store
