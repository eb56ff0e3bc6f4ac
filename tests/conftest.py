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


@pytest.fixture(scope="session", autouse=True)
def web_secret_file(tmp_path_factory):
    """The web's signing key in a file of the test run, not in the home directory."""
    path = tmp_path_factory.mktemp("config") / "secret"
    saved = os.environ.get("CIVCAS_SECRET_FILE")
    os.environ["CIVCAS_SECRET_FILE"] = str(path)
    yield path
    if saved is None:
        del os.environ["CIVCAS_SECRET_FILE"]
    else:
        os.environ["CIVCAS_SECRET_FILE"] = saved


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


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """The demo database (bundled sample reports, processed), built once per test session."""
    from civcas import ingest
    from civcas.cli import sample_reports_dir
    from civcas.pipeline import process
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo = Store(f"sqlite:///{path}")
    ingest.ingest(demo, [sample_reports_dir()])
    process(demo)
    demo.engine.dispose()
    return path


@pytest.fixture
def demo_store(demo_db_file, tmp_path) -> Store:
    """A private copy of the demo database, free to change."""
    import shutil
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_file, path)
    return Store(f"sqlite:///{path}")


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server on 127.0.0.1 (Debian's postgresql package: `initdb` under
    /usr/lib/postgresql/N/bin), trust authentication, stopped at the end of the session. Yields
    the server's URL without a database: append a database name."""
    import shutil
    import subprocess
    import tempfile
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    assert bins, "PostgreSQL missing: apt-get install postgresql (.ci/run does)"
    bin_dir = bins[-1].parent
    home = Path(tempfile.mkdtemp(prefix="civcas-pg-"))     # in /tmp, which the postgres account can reach
    port = _free_port()
    as_root = os.geteuid() == 0          # initdb refuses root: run it as the postgres account

    def run(*command: str) -> None:
        line = " ".join(command)
        subprocess.run(["su", "postgres", "-c", line] if as_root else ["sh", "-c", line], check=True,
                       stdout=subprocess.DEVNULL)

    if as_root:
        shutil.chown(home, "postgres")
    run(f"{bin_dir}/initdb", "-D", f"{home}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8")
    run(f"{bin_dir}/pg_ctl", "-D", f"{home}/data", "-o", f"'-p {port} -k {home} -c listen_addresses=127.0.0.1'",
        "-l", f"{home}/log", "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/"
    finally:
        run(f"{bin_dir}/pg_ctl", "-D", f"{home}/data", "-m", "fast", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)
