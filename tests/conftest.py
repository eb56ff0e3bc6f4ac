"""Shared fixtures: real databases (SQLite files in tmp dirs; PostgreSQL databases on a throwaway
server), the seeds from ../shared, the gazetteer.

`db_url` is a fresh database for one test. It is SQLite's, and also PostgreSQL's in a module that
sets `DATABASES = BOTH` (its tests then run once per backend: the store, pipeline, web and
acceptance tests). A PostgreSQL database is a copy of a template built once per session
(`CREATE DATABASE ... TEMPLATE`: milliseconds, where migrating from scratch takes a second)."""
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


def alembic_config(url: str | None = None):
    """civcas's migrations as Alembic sees them (for tests that move a database between revisions)."""
    from alembic.config import Config
    from civcas.store.db import MIGRATIONS
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def migrated_to(url: str, revision: str) -> str:
    """An empty database at `url` brought up to `revision` only (an older civcas's database)."""
    from alembic import command
    command.upgrade(alembic_config(url), revision)
    return url


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


BOTH = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if "db_backend" in metafunc.fixturenames:
        metafunc.parametrize("db_backend", getattr(metafunc.module, "DATABASES", ("sqlite",)), indirect=True)


@pytest.fixture
def db_backend(request) -> str:
    """The backend of the test's database: "sqlite" or "postgresql" (see `pytest_generate_tests`)."""
    return request.param


@pytest.fixture
def db_url(db_backend, tmp_path, request) -> str:
    return fresh_database(db_backend, tmp_path, request)


def fresh_database(backend: str, folder: Path, request) -> str:
    """A fresh database: a new SQLite file in `folder`, or a PostgreSQL database already at Alembic
    head, dropped when the scope of `request` (a fixture's or a test's) ends."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    return request.getfixturevalue("pg_databases").copy("head", request)


@pytest.fixture(scope="session")
def sqlite_head_file(tmp_path_factory) -> Path:
    """An empty SQLite database at Alembic head, migrated once per session (a fresh one migrates
    for a tenth of a second): `store` and tests wanting many empty stores copy it."""
    path = tmp_path_factory.mktemp("head") / "head.db"
    Store(f"sqlite:///{path}").engine.dispose()
    return path


@pytest.fixture
def store(db_url, db_backend, request) -> Store:
    """A fresh store at Alembic head: a copy of the session's migrated SQLite file, or of the PostgreSQL template."""
    if db_backend == "sqlite":
        import shutil
        shutil.copy(request.getfixturevalue("sqlite_head_file"), db_url.removeprefix("sqlite:///"))
    return Store(db_url)


@pytest.fixture(scope="session")
def gaz():
    return gazetteer.load()


@pytest.fixture
def seeded(store) -> Store:
    for report in seed_reports():
        store.add_report(report)
    return store


def build_demo(url: str) -> None:
    """The demo database: the bundled sample reports, ingested and processed."""
    from civcas import ingest
    from civcas.cli import sample_reports_dir
    from civcas.pipeline import process
    demo = Store(url)
    ingest.ingest(demo, [sample_reports_dir()])
    process(demo)
    demo.engine.dispose()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """The demo database on SQLite, built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(f"sqlite:///{path}")
    return path


@pytest.fixture
def demo_store(db_backend, tmp_path, request) -> Store:
    """A private copy of the demo database, free to change."""
    if db_backend == "postgresql":
        return Store(request.getfixturevalue("pg_databases").copy("demo", request))
    import shutil
    path = tmp_path / "demo.db"
    shutil.copy(request.getfixturevalue("demo_db_file"), path)
    return Store(f"sqlite:///{path}")


class PgDatabases:
    """Databases on the session's PostgreSQL server, copied from templates built on first use."""

    BUILD = {"head": lambda url: Store(url).engine.dispose(), "demo": build_demo}

    def __init__(self, server: str):
        from sqlalchemy import create_engine
        self.server = server
        self.admin = create_engine(server + "postgres", isolation_level="AUTOCOMMIT")
        self.built: set[str] = set()
        self.made = 0

    def _run(self, sql: str) -> None:
        from sqlalchemy import text
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def copy(self, template: str, request) -> str:
        """A new database copied from `template`, dropped when the test ends."""
        name = f"template_{template}"
        if name not in self.built:
            self._run(f"CREATE DATABASE {name}")
            self.BUILD[template](self.server + name)
            self.built.add(name)
        self.made += 1
        copy = f"test_{self.made}"
        self._run(f"CREATE DATABASE {copy} TEMPLATE {name}")
        request.addfinalizer(lambda: self._run(f"DROP DATABASE {copy} WITH (FORCE)"))
        return self.server + copy


@pytest.fixture(scope="session")
def pg_databases(postgres_url) -> PgDatabases:
    databases = PgDatabases(postgres_url)
    yield databases
    databases.admin.dispose()


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
    # A test server: durability off (fsync, full pages, synchronous commit), nothing outlives it.
    settings = "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    run(f"{bin_dir}/pg_ctl", "-D", f"{home}/data", "-o", f"'-p {port} -k {home} -c listen_addresses=127.0.0.1 {settings}'",
        "-l", f"{home}/log", "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/"
    finally:
        run(f"{bin_dir}/pg_ctl", "-D", f"{home}/data", "-m", "immediate", "-w", "stop")    # no checkpoint: the data goes
        shutil.rmtree(home, ignore_errors=True)
