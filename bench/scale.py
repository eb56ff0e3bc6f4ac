"""Throughput of the two drivers on archives of real sentences: one process (`civcas ingest` +
`civcas process` on SQLite) against one Spark job (`civcas batch`, local[2] by default), with the
CPU time and peak memory of its process tree, and the growth of the per-report CPU cost from the
smallest size (CPU time, so that a run on a shared machine still measures the code).

    python bench/scale.py [--sizes 20000,200000] [--master local[2]] [--drivers single,spark]
                          [--workdir DIR] [--block-reports N]

`--workdir DIR` keeps each run's archive and store (or batch output) under DIR and its time so far
in DIR/…/progress.json (written every few seconds): a run cut short (a reboot, a session's end) and
started again with the same arguments resumes where it stopped, as `civcas ingest` and `civcas
process` do on a store and `civcas batch` from the last stage it finished, and its figures add up
every attempt's.

An archive of N reports is built from the sentences of ../shared/data (GVA articles and ISAF
releases, never copied into the repository): each report tells one source story (its first
sentences) in one of ten years, mixed with sentences of other stories, its numbers re-drawn and
one capitalised word per sentence swapped for another story's, so reports of one story resemble
each other as wire rewrites do and no two are the same text.
"""
from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

from civcas.text import sentences

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
TICKS = os.sysconf("SC_CLK_TCK")
PR_SET_PDEATHSIG = 1       # prctl(2)
ERROR_TAIL = 20_000         # bytes of a failed command's standard error shown
PROGRESS_EVERY = 5.0      # seconds between two writes of a kept run's progress
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


def _run(command: list[str], progress: Callable[[float, float, float], None] = lambda *_: None
         ) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak MB) of the command's process tree (the JVM and Python workers
    for Spark), sampled every half second from /proc: the peak is the most it held at once, the
    CPU time the sum over its processes of the last CPU time each was seen with, so at most half a
    second per process is missed (on a shared machine the CPU time is the figure that does not
    depend on the other work). `progress` is told the figures so far every few seconds."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, preexec_fn=_die_with_parent)
        peak, ticks, told = 0, {}, t0
        while child.poll() is None:
            rss, cpu = _tree(child.pid)
            peak, ticks = max(peak, rss), ticks | cpu
            if time.perf_counter() - told >= PROGRESS_EVERY:
                told = time.perf_counter()
                progress(told - t0, sum(ticks.values()) / TICKS, peak / 2**20)
            time.sleep(0.5)
        if child.returncode:        # what it said last, so that a failure hours in can be read
            errors.seek(max(0, errors.seek(0, os.SEEK_END) - ERROR_TAIL))
            sys.stderr.write(errors.read().decode("utf-8", "replace"))
            raise subprocess.CalledProcessError(child.returncode, command)
    return time.perf_counter() - t0, sum(ticks.values()) / TICKS, peak / 2**20


def _die_with_parent() -> None:
    """The measured command is killed with the benchmark: left running, its time would go uncounted."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


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


class Progress:
    """Each step's (seconds, CPU seconds, peak MB) over its attempts, kept in a JSON file so that a
    run cut short adds the time it spent to the one that finishes it."""

    def __init__(self, path: Optional[Path]):
        self.path = path
        self.steps = json.loads(path.read_text()) if path and path.exists() else {}

    def done(self, step: str) -> bool:
        return self.steps.get(step, {}).get("done", False)

    def figures(self, step: str) -> tuple[float, float, float]:
        held = self.steps.get(step, {})
        return held.get("seconds", 0.0), held.get("cpu", 0.0), held.get("peak", 0.0)

    def attempts(self) -> int:
        return max((held.get("attempts", 0) for held in self.steps.values()), default=0)

    def run(self, step: str, command: list[str]) -> None:
        seconds, cpu, peak = self.figures(step)
        attempts = self.steps.get(step, {}).get("attempts", 0) + 1

        def record(s: float, c: float, p: float, done: bool = False) -> None:
            self.steps[step] = {"seconds": seconds + s, "cpu": cpu + c, "peak": max(peak, p),
                                "attempts": attempts, "done": done}
            if self.path:
                self.path.with_suffix(".tmp").write_text(json.dumps(self.steps))
                self.path.with_suffix(".tmp").replace(self.path)
        record(*_run(command, record), done=True)


def single(path: Path, work: Path, progress: Progress) -> tuple[float, float, float]:
    cli = [sys.executable, "-m", "civcas.cli", "--db", f"sqlite:///{work / 'single.db'}"]
    for step, command in (("ingest", cli + ["ingest", str(path)]), ("process", cli + ["process"])):
        if not progress.done(step):
            progress.run(step, command)
    (s1, c1, p1), (s2, c2, p2) = progress.figures("ingest"), progress.figures("process")
    return s1 + s2, c1 + c2, max(p1, p2)


def spark(path: Path, work: Path, master: str, block_reports: Optional[int], progress: Progress
          ) -> tuple[float, float, float]:
    """`civcas batch` into work/batch: run again on a kept run cut short, it goes on from the last
    stage it finished."""
    cut = ["--block-reports", str(block_reports)] if block_reports else []
    if not progress.done("batch"):
        progress.run("batch", [sys.executable, "-m", "civcas.cli", "batch", "--input", str(path), "--output",
                               str(work / "batch"), "--master", master, *cut])
    return progress.figures("batch")


def _kept(work: Path, n: int, pool, seed: int, measure) -> tuple[float, float, float, int]:
    """A run kept in `work`: the archive written once (a partly written one again), then
    `measure(archive, work, progress)`. Returns its figures and how many earlier attempts it
    resumed."""
    path, progress = work / "archive.jsonl", Progress(work / "progress.json")
    if not progress.steps:
        archive(n, pool, path, seed)
    resumed = progress.attempts()
    seconds, cpu, peak = measure(path, work, progress)
    return seconds, cpu, peak, resumed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000,200000", help="comma-separated archive sizes")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--drivers", default="single,spark")
    parser.add_argument("--block-reports", type=int, default=None,
                        help="civcas batch --block-reports (default: every country whole)")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep runs here, resuming one cut short (see the docstring)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    drivers = args.drivers.split(",")
    pool = stories(args.shared)
    print(f"civcas scale benchmark — {dt.date.today()} — {len(pool)} source stories, "
          f"{os.cpu_count()} cores, Spark master {args.master}"
          + (f", a country of more than {args.block_reports:,} reports cut in segments" if args.block_reports else ""))
    print(f"{'reports':>8} {'driver':>7} {'seconds':>9} {'reports/s':>10} {'CPU s':>9} {'per CPU s':>10} "
          f"{'peak MB':>8} {'cost growth':>12}")
    first: dict[str, float] = {}
    for n in sizes:
        for driver in drivers:
            measure = single if driver == "single" else \
                lambda path, work, progress: spark(path, work, args.master, args.block_reports, progress)
            if args.workdir:
                cut = f"-cut{args.block_reports}" if driver == "spark" and args.block_reports else ""
                work = args.workdir / f"{driver}-{n}-seed{args.seed}{cut}"
                work.mkdir(parents=True, exist_ok=True)
                seconds, cpu, peak, resumed = _kept(work, n, pool, args.seed, measure)
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "archive.jsonl"
                    archive(n, pool, path, args.seed)
                    seconds, cpu, peak = measure(path, Path(tmp), Progress(None))
                resumed = 0
            per_report = cpu / n
            first.setdefault(driver, per_report)
            print(f"{n:8d} {driver:>7} {seconds:9.1f} {n / seconds:10.1f} {cpu:9.1f} {n / cpu:10.1f} {peak:8.0f} "
                  f"{per_report / first[driver]:11.2f}×" + (f"  (over {resumed + 1} attempts)" if resumed else ""),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
