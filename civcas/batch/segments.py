"""A large block cut in date segments, linked in parallel and stitched back together.

A block (a country's reports) is linked in report order on one core, and the country the news covers
most can hold most of an archive. Asked to (`civcas batch --block-reports N`), a block of more than
N reports is cut by date into segments of about that many reports (each spanning at least
`SEGMENT_DAYS`), one task each. The linker compares a dated report with the incidents dated within
its window (`civcas.link.WINDOW_DAYS` of its precision plus a week) and with those of the reports it
copies or names a person with, whenever they are. So a report is linked in the segment of its date
(its home) and, as a *bridge*, in the segment across a cut its window reaches and in the segments
holding those neighbours (an undated report: all its neighbours). Stitching (`stitch`) keeps one
decision per bridge, as `process` takes the best-scoring of all its candidates: the copy that joined
an incident with the highest score, else its home's. That incident is one with each incident across
a cut that a later report of that segment joined while the bridge's copy was in it (that report met
the bridge there); the bridge leaves the other incidents it joined.

What `process` does that this does not: a report meets a segment's incidents, not those of the
segment next to it save through bridges; a bridge's copies weigh different incidents, and a
report that joined a copy's incident before the bridge came stays there.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Optional

SEGMENT_DAYS = 120            # a segment this long keeps bridges (≤ 2 × 20 days of it) a small share
SEPARATOR = "/"               # "<country>/<segment number>": country codes hold no "/"


def cuts(days: dict[dt.date, int], size: int) -> list[dt.date]:
    """The first days of a block's segments after the first: the block's dated reports per day,
    cut into runs of about `size` reports (the same number in each) and at least `SEGMENT_DAYS`."""
    total = sum(days.values())
    pieces = -(-total // size) if total > size else 1
    target, held, found, start = total / pieces, 0, [], None
    for day in sorted(days):
        if start is None:
            start = day
        if held >= target and (day - start).days >= SEGMENT_DAYS and len(found) < pieces - 1:
            found.append(day)
            held, start = 0, day
        held += days[day]
    return found


def segment(block: str, number: int) -> str:
    return f"{block}{SEPARATOR}{number}"


def placement(block: str, day: Optional[dt.date], precision: Optional[str],
              near: list[tuple[dt.date, bool]], block_cuts: dict[str, list[dt.date]]) -> list[tuple[str, bool]]:
    """[(segment, home)] of one report: its block when the block is not cut; else the segment of
    its date (its home; the first segment for a report without one) and, as bridges, the
    segment across a cut its date lies within its window of, and the segments holding its
    neighbours (`near`: (their date, across)). A dated report meets an incident dated outside
    its window only through a report it copies or a person both name (`across`): its other
    neighbours (salient terms, rare words) matter only inside the window, which the bridges
    across cuts cover. An undated report meets every neighbour's incident."""
    if block not in block_cuts:
        return [(block, True)]
    bounds = block_cuts[block]
    home = bisect.bisect_right(bounds, day) if day else 0
    others = {bisect.bisect_right(bounds, d) for d, across in near if across or not day}
    if day:
        from civcas.link import WINDOW_DAYS      # the linker's, imported where used: the CLI reads this module
        reach = WINDOW_DAYS.get(precision or "day", WINDOW_DAYS["day"]) + WINDOW_DAYS["week"]
        if home > 0 and (day - bounds[home - 1]).days < reach:
            others.add(home - 1)
        if home < len(bounds) and (bounds[home] - day).days <= reach:
            others.add(home + 1)
    return [(segment(block, home), True)] + [(segment(block, n), False) for n in sorted(others - {home})]


Node = tuple[str, int]          # (segment, the incident's opener in that segment)


@dataclass
class Copy:
    """A bridge's place in one segment's incident (as a main report)."""
    segment: str
    opener: int
    report: int
    score: float
    joined: bool             # it joined the incident (else it opened it)
    members: list[int]       # the incident's main reports in that segment


def stitch(copies: Iterable[Copy], homes: dict[int, str]) -> tuple[dict[int, str], dict[Node, Node]]:
    """(bridge → the segment whose decision stands, incident node → its component's node). A
    bridge goes where its copy joined an incident with the highest score, as `process` takes the
    best-scoring of all its candidates; one that joined none, where its home copy put it. That
    incident is one with each incident across a cut that a later report of that segment joined
    while the bridge's copy was in it (that report would have met the bridge's incident)."""
    by_report: dict[int, list[Copy]] = {}
    for copy in copies:
        by_report.setdefault(copy.report, []).append(copy)
    chosen = dict(homes)
    for report, found in by_report.items():
        joined = [c for c in found if c.joined]
        if joined:
            chosen[report] = max(joined, key=lambda c: (c.score, c.segment == homes.get(report), c.segment)).segment
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for report, found in by_report.items():
        kept = next((c for c in found if c.segment == chosen[report]), None)
        for copy in found:
            if kept is None or copy is kept:
                continue
            if any(m > report and chosen.get(m, copy.segment) == copy.segment for m in copy.members):
                a, b = sorted((root((kept.segment, kept.opener)), root((copy.segment, copy.opener))))
                if a != b:
                    parent[b] = a
    return chosen, {node: root(node) for node in list(parent)}
