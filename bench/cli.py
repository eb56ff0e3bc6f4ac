"""Start time of the command line: `civcas --help`, a subcommand's --help and a mistyped option,
each run N times in a fresh interpreter (median and worst, wall clock), beside a bare
`python -c pass` as the floor no command can beat. Issue 18 asks for `civcas --help` under 0.3 s."""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

RUNS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "civcas --help": [sys.executable, "-m", "civcas.cli", "--help"],
    "civcas export --help": [sys.executable, "-m", "civcas.cli", "export", "--help"],
    "civcas stats --no-such-option": [sys.executable, "-m", "civcas.cli", "stats", "--no-such-option"],
}


def timed(command: list[str], n: int) -> list[float]:
    seconds = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=10, help="runs of each command")
    n = parser.parse_args().n
    print(f"{'command':34s} {'median s':>9s} {'worst s':>8s}")
    for name, command in RUNS.items():
        seconds = timed(command, n)
        print(f"{name:34s} {statistics.median(seconds):9.3f} {max(seconds):8.3f}")


if __name__ == "__main__":
    main()
