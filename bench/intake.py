"""`civcas watch` at scale: N articles behind 50 local hosts (127.0.0.2 … 127.0.0.51, one feed
each), fetched, archived, stored and processed end to end. Prints one table:

- articles/s and CPU ms per article of the poll (fetch, archive, ingest) and end to end (then
  the pipeline; `--no-process` leaves it out: its own rate is bench/pipeline.py's);
- politeness, from the server's own log: the shortest gap between two requests to one host,
  which must not be below the sources' delay (the bench exits 1 if it is);
- archive bytes per article (WARC files, gzip per record, feeds and robots.txt included);
- peak memory of a poll (fresh interpreter, no processing) as the number of sources grows, with
  a fixed number of articles each.

    python3 bench/intake.py [--articles 10000] [--delay 0.05] [--no-process] [--sources-steps 50,200,800]

The hosts serve the real news articles of ../shared/data/gva/documents.jsonl (read at run time,
never copied into the repository; `--docs` another such file), each wrapped in a page; a run of
more articles than the set holds serves them again under other URLs (syndicated copies).
The web server runs in a process of its own (ThreadingHTTPServer, one per host address).
"""
from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import functools
import html
import json
import multiprocessing
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from evalsets.gva import articles

HERE = Path(__file__).resolve().parent
HOSTS = [f"127.0.0.{n}" for n in range(2, 52)]
SHARED = HERE.parent.parent / "shared"


@functools.lru_cache(maxsize=1)
def documents(path: str) -> list[dict]:
    """The real news articles of a data set (GVA's, as bench/pipeline.py reads), each once, those
    with text: the pages the hosts serve, in turn (a run longer than the set serves each again
    under another URL, as syndicated copies are)."""
    return articles(Path(path))


def document(path: str, source: int, number: int, per_source: int) -> dict:
    docs = documents(path)
    return docs[(source * per_source + number) % len(docs)]


def article(doc: dict) -> bytes:
    """The article's text as a page, with navigation and a footer around it."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in doc["text"].split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{html.escape(doc['title'] or '')}</title></head><body><nav>"
            f"<a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{html.escape(doc['title'] or '')}</h1>"
            f"{paragraphs}</article><footer>Bench Gazette</footer></body></html>").encode()


def feed(path: str, host: str, port: int, source: int, count: int) -> bytes:
    items = []
    for n in range(count):
        doc = document(path, source, n, count)
        day = dt.date.fromisoformat(doc["published"]) if doc.get("published") else dt.date(2026, 1, 1)
        items.append(f"<item><title>{html.escape(doc['title'] or '')}</title><link>http://{host}:{port}/a/{source}/{n}"
                     f"</link><pubDate>{email.utils.format_datetime(dt.datetime.combine(day, dt.time(8), dt.timezone.utc))}"
                     f"</pubDate></item>")
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {source}</title><link>http://{host}:{port}/'
            f"</link><description>bench</description>{''.join(items)}</channel></rss>").encode()


def serve(docs: str, port: int, per_source: int, log_path: str, ready, stop) -> None:
    """Every host address answers robots.txt, /feed/S.xml and /a/S/N; each request is logged
    (host, path, arrival time) and the log written to `log_path` when `stop` is set."""
    log: list[tuple[str, str, float]] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            arrived = time.monotonic()
            host = self.server.server_address[0]
            with lock:
                log.append((host, self.path, arrived))
            parts = self.path.strip("/").split("/")
            if self.path == "/robots.txt":
                status, kind, body = 200, "text/plain", b"User-agent: *\nDisallow: /private/\n"
            elif parts[0] == "feed" and len(parts) == 2:
                status, kind, body = 200, "application/rss+xml", feed(docs, host, port, int(parts[1][:-4]), per_source)
            elif parts[0] == "a" and len(parts) == 3:
                status, kind, body = 200, "text/html; charset=utf-8", article(document(docs, int(parts[1]), int(parts[2]), per_source))
            else:
                status, kind, body = 404, "text/plain", b"not here"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    servers = [ThreadingHTTPServer((host, port), Handler) for host in HOSTS]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.set()
    stop.wait()
    with lock:
        Path(log_path).write_text(json.dumps(log))      # the process then ends, its server threads with it


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind((HOSTS[0], 0))
        return s.getsockname()[1]


def sources_file(path: Path, port: int, sources: int, delay: float) -> Path:
    tables = [f'[[source]]\nname = "feed {s}"\nfeed = "http://{HOSTS[s % len(HOSTS)]}:{port}/feed/{s}.xml"\n'
              f'language = "en"\ndelay = {delay}\n' for s in range(sources)]
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


class Site:
    """The web server process, started and stopped around a run; `log` after `stop`."""

    def __init__(self, docs: str, work: Path, per_source: int):
        self.port, self.log_path = free_port(), str(work / "server-log.json")
        ready, self.stopping = multiprocessing.Event(), multiprocessing.Event()
        self.process = multiprocessing.Process(target=serve, args=(docs, self.port, per_source, self.log_path,
                                                                   ready, self.stopping), daemon=True)
        self.process.start()
        ready.wait(30)

    def stop(self) -> list[tuple[str, str, float]]:
        self.stopping.set()
        self.process.join(60)
        return json.loads(Path(self.log_path).read_text())


def shortest_gaps(log: list[tuple[str, str, float]]) -> dict[str, float]:
    times = defaultdict(list)
    for host, _path, at in log:
        times[host].append(at)
    return {host: min((b - a for a, b in zip(sorted(t), sorted(t)[1:])), default=float("inf"))
            for host, t in times.items()}


def run_intake(docs: str, work: Path, articles: int, sources: int, delay: float, process: bool) -> dict:
    """One `civcas watch --once` over `sources` feeds sharing `articles` articles."""
    from civcas import intake
    from civcas.store import Store
    per_source = max(1, articles // sources)
    site = Site(docs, work, per_source)
    store = Store(f"sqlite:///{work / 'bench.db'}")
    path = sources_file(work / "sources.toml", site.port, sources, delay)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        results = intake.watch(store, path, once=True, process=False)
    finally:
        log = site.stop()
    polled, poll_cpu = time.perf_counter() - started, time.process_time() - cpu
    if process:
        from civcas.pipeline import process as run_pipeline
        run_pipeline(store)
    total_cpu = time.process_time() - cpu
    total = time.perf_counter() - started
    archived = sum(f.stat().st_size for f in (work / "archive").glob("*.warc.gz"))
    stored = store.stats()["reports"]
    return {"articles": stored, "expected": per_source * sources, "seconds": total, "poll": polled, "poll_cpu": poll_cpu, "cpu": total_cpu,
            "fetched": results[0].fetched, "errors": results[0].errors[:3], "archive_bytes": archived,
            "gaps": shortest_gaps(log), "requests": len(log), "unprocessed": len(store.unprocessed_report_ids())}


def peak_mb() -> float:
    """This process's peak resident set (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def memory_child(docs: str, sources: int, per_source: int, delay: float) -> None:
    """(child) one poll, no processing; prints the peak resident set in MB."""
    with tempfile.TemporaryDirectory(prefix="civcas-intake-") as tmp:
        import civcas.intake  # noqa: F401  (the libraries a watcher holds, loaded before the baseline)
        import civcas.store  # noqa: F401
        base = peak_mb()
        run = run_intake(docs, Path(tmp), sources * per_source, sources, delay, process=False)
        peak = peak_mb()
        print(json.dumps({"base": base, "peak": peak, "articles": run["articles"]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--docs", default=str(SHARED / "data" / "gva" / "documents.jsonl"),
                        help="a .jsonl of articles ({doc_id, title, published, text}) the hosts serve")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds between two requests to one host")
    parser.add_argument("--no-process", action="store_true",
                        help="poll only: leave the pipeline out (its own rate: bench/pipeline.py)")
    parser.add_argument("--sources-steps", default="50,200,800",
                        help="source counts of the memory runs (2 articles each); empty: skip them")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.docs, args.memory_child, 2, args.delay)
        return
    with tempfile.TemporaryDirectory(prefix="civcas-intake-") as tmp:
        run = run_intake(args.docs, Path(tmp), args.articles, len(HOSTS), args.delay,
                         process=not args.no_process)
    closest = min(run["gaps"].values())
    rows = [("articles stored / expected", f"{run['articles']:,} / {run['expected']:,}"),
            ("hosts, delay", f"{len(HOSTS)}, {args.delay:g} s"),
            ("requests served (robots.txt, feeds, articles)", f"{run['requests']:,}"),
            ("poll (fetch, archive, ingest): articles/s", f"{run['articles'] / run['poll']:.1f} ({run['poll']:.1f} s)"),
            ("CPU ms per article, poll (all threads)", f"{run['poll_cpu'] * 1000 / max(run['articles'], 1):.1f}")]
    if not args.no_process:
        rows += [("end to end (poll + process): articles/s",
                  f"{run['articles'] / run['seconds']:.1f} ({run['seconds']:.1f} s)"),
                 ("CPU ms per article, end to end", f"{run['cpu'] * 1000 / max(run['articles'], 1):.1f}"),
                 ("left unprocessed", f"{run['unprocessed']}")]
    rows += [("shortest gap between two requests to one host", f"{closest:.3f} s (delay {args.delay:g} s)"),
             ("archive bytes per article", f"{run['archive_bytes'] / max(run['articles'], 1):,.0f}")]
    for steps in filter(None, args.sources_steps.split(",")):
        child = subprocess.run([sys.executable, __file__, "--memory-child", steps, "--delay", str(args.delay),
                                "--docs", args.docs],
                               capture_output=True, text=True, check=True)
        measured = json.loads(child.stdout.strip().splitlines()[-1])
        rows.append((f"peak memory, {steps} sources × 2 articles (poll only)",
                     f"{measured['peak']:.0f} MB (+{measured['peak'] - measured['base']:.0f} MB over the libraries)"))
    width = max(len(k) for k, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |\n|{'-' * (width + 2)}|-------|")
    for key, value in rows:
        print(f"| {key.ljust(width)} | {value} |")
    if run["errors"]:
        print("errors:", run["errors"], file=sys.stderr)
    if closest < args.delay:
        sys.exit(f"politeness broken: two requests to one host {closest:.3f} s apart (delay {args.delay:g} s)")


if __name__ == "__main__":
    main()
