"""Throughput of the two drivers on archives of real sentences: one process (`civcas ingest` +
`civcas process` on SQLite) against one Spark job (`civcas batch`, local[2] by default), with the
CPU time and peak memory of its process tree, and the growth of the per-report CPU cost from the
smallest size (CPU time, so that a run on a shared machine still measures the code).

    python bench/scale.py [--sizes 20000,200000] [--master local[2]] [--drivers single,spark]

An archive of N reports is built from the sentences of ../shared/data (GVA articles and ISAF
releases, never copied into the repository): each report tells one source story (its first
sentences) in one of ten years, mixed with sentences of other stories, its numbers re-drawn and
one capitalised word per sentence swapped for another story's, so reports of one story resemble
each other as wire rewrites do and no two are the same text.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from civcas.text import sentences

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
TICKS = os.sysconf("SC_CLK_TCK")
NUMBER = re.compile(r"\b\d+\b")
CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


def stories(shared: Path) -> list[tuple[list[str], dt.date]]:
    """Each source document's sentences and date (GVA articles, ISAF releases)."""
    out = []
    for path, text_key in ((shared / "gva" / "documents.jsonl", "text"), (shared / "isaf" / "dev.jsonl", "text")):
        with open(path, encoding="utf-8") as handle:
            for doc in map(json.loads, handle):
                said = [s.text for s in sentences(doc[text_key] or "") if len(s.text.split()) >= 5]
                if len(said) >= 3 and doc.get("published"):
                    out.append((said, dt.date.fromisoformat(doc["published"][:10])))
    return out


def archive(n: int, pool: list[tuple[list[str], dt.date]], path: Path, seed: int) -> None:
    """N reports as one .jsonl (see the module's docstring)."""
    rng = random.Random(seed)
    words = [w for said, _ in pool[:500] for s in said for w in CAPITALISED.findall(s)]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            said, published = rng.choice(pool)
            body = said[:rng.randint(2, min(6, len(said)))]
            for _ in range(rng.randint(1, 3)):
                other, _ = rng.choice(pool)
                body.insert(rng.randint(1, len(body)), rng.choice(other))
            text = "\n\n".join(_mutated(s, rng, words) for s in body)
            day = published.replace(year=published.year - rng.randrange(10)) if published.month != 2 or \
                published.day != 29 else published
            out.write(json.dumps({"outlet": f"outlet-{rng.randrange(200)}", "url": f"https://bench.example/{i}",
                                  "published": day.isoformat(), "text": text}) + "\n")


def _mutated(sentence: str, rng: random.Random, words: list[str]) -> str:
    sentence = NUMBER.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))) if len(m.group()) < 4
                          else m.group(), sentence)
    found = CAPITALISED.findall(sentence)
    if found:
        sentence = sentence.replace(rng.choice(found), rng.choice(words), 1)
    return sentence


def _run(command: list[str]) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak MB) of the command's process tree (the JVM and Python workers
    for Spark), sampled every half second from /proc: the peak is the most it held at once, the
    CPU time the sum over its processes of the last CPU time each was seen with, so at most half a
    second per process is missed (on a shared machine the CPU time is the figure that does not
    depend on the other work)."""
    t0 = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, ticks = 0, {}
    while child.poll() is None:
        rss, cpu = _tree(child.pid)
        peak, ticks = max(peak, rss), ticks | cpu
        time.sleep(0.5)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return time.perf_counter() - t0, sum(ticks.values()) / TICKS, peak / 2**20


def _tree(root: int) -> tuple[int, dict[int, int]]:
    """Resident bytes of the process tree under `root`, and the CPU clock ticks (user + system)
    of each process in it."""
    parents, rss, cpu = {}, {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * resource.getpagesize()
        cpu[pid] = int(fields[11]) + int(fields[12])
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return sum(rss.get(pid, 0) for pid in tree), {pid: cpu[pid] for pid in tree if pid in cpu}


def single(path: Path, work: Path) -> tuple[float, float, float]:
    cli = [sys.executable, "-m", "civcas.cli", "--db", f"sqlite:///{work / 'single.db'}"]
    ingest, process = _run(cli + ["ingest", str(path)]), _run(cli + ["process"])
    return ingest[0] + process[0], ingest[1] + process[1], max(ingest[2], process[2])


def spark(path: Path, work: Path, master: str) -> tuple[float, float, float]:
    return _run([sys.executable, "-m", "civcas.cli", "batch", "--input", str(path), "--output",
                 str(work / "batch"), "--master", master])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000,200000", help="comma-separated archive sizes")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--drivers", default="single,spark")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    drivers = args.drivers.split(",")
    pool = stories(args.shared)
    print(f"civcas scale benchmark — {dt.date.today()} — {len(pool)} source stories, "
          f"{os.cpu_count()} cores, Spark master {args.master}")
    print(f"{'reports':>8} {'driver':>7} {'seconds':>9} {'reports/s':>10} {'CPU s':>9} {'per CPU s':>10} "
          f"{'peak MB':>8} {'cost growth':>12}")
    first: dict[str, float] = {}
    for n in sizes:
        for driver in drivers:
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                path = work / "archive.jsonl"
                archive(n, pool, path, args.seed)
                seconds, cpu, peak = single(path, work) if driver == "single" else spark(path, work, args.master)
            per_report = cpu / n
            first.setdefault(driver, per_report)
            print(f"{n:8d} {driver:>7} {seconds:9.1f} {n / seconds:10.1f} {cpu:9.1f} {n / cpu:10.1f} {peak:8.0f} "
                  f"{per_report / first[driver]:11.2f}×", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
