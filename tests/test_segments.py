"""Cutting a large block of a batch run in date segments and stitching their incidents back
(`civcas.batch.segments`; the Spark run itself is in test_batch)."""
import datetime as dt

from civcas.batch.segments import Copy, cuts, placement, stitch

DAY = dt.date(2020, 1, 1)


def days(first: int, last: int, per_day: int) -> dict:
    return {DAY + dt.timedelta(n): per_day for n in range(first, last)}


def test_a_block_is_cut_in_runs_of_about_the_size_and_never_shorter_than_the_shortest_segment():
    assert cuts(days(0, 400, 10), size=1000) == [DAY + dt.timedelta(n) for n in (120, 240, 360)]
    assert cuts(days(0, 400, 10), size=10_000) == []
    assert cuts(days(0, 30, 1000), size=1000) == []          # 30,000 reports in 30 days: one segment


def test_a_report_near_a_cut_or_with_neighbours_elsewhere_is_linked_in_their_segments_too():
    bounds = {"US": [DAY + dt.timedelta(100), DAY + dt.timedelta(200)]}
    assert placement("AF", DAY, "day", [], bounds) == [("AF", True)]          # a block not cut
    assert placement("US", DAY + dt.timedelta(50), "day", [], bounds) == [("US/0", True)]
    assert placement("US", DAY + dt.timedelta(95), "day", [], bounds) == [("US/0", True), ("US/1", False)]
    assert placement("US", DAY + dt.timedelta(105), "day", [], bounds) == [("US/1", True), ("US/0", False)]
    # a month's window reaches further than a day's
    assert placement("US", DAY + dt.timedelta(130), "day", [], bounds) == [("US/1", True)]
    assert placement("US", DAY + dt.timedelta(130), "month", [], bounds) == [("US/1", True), ("US/0", False)]
    # a copy dated months after its source meets it in the source's segment…
    assert placement("US", DAY + dt.timedelta(250), "day", [(DAY, True)], bounds) == [("US/2", True), ("US/0", False)]
    # …a report sharing only rare words with one dated months before does not meet its incident
    assert placement("US", DAY + dt.timedelta(250), "day", [(DAY, False)], bounds) == [("US/2", True)]
    # an undated report meets the incidents of all its neighbours
    assert placement("US", None, None, [(DAY + dt.timedelta(150), False)], bounds) == [("US/0", True), ("US/1", False)]


def test_a_bridge_goes_where_it_scored_highest_and_joins_the_incident_a_later_report_met_it_in():
    copies = [Copy("US/0", 5, 7, 4.0, True, [5, 7]),         # 7 joined 5's incident, scoring 4
              Copy("US/1", 7, 7, 0.0, False, [7, 9]),        # across the cut it opened one 9 joined
              Copy("US/1", 3, 8, 3.5, True, [3, 8]),         # 8 joined 3's incident after it…
              Copy("US/2", 8, 8, 0.0, False, [8]),           # …at home it opened one alone
              Copy("US/2", 11, 12, 3.2, True, [11, 12]),     # 12 joined 11 at home, scoring 3.2…
              Copy("US/1", 6, 12, 6.0, True, [6, 12])]       # …and 6 across the cut, scoring 6
    chosen, roots = stitch(copies, {7: "US/0", 8: "US/2", 12: "US/2"})
    assert chosen == {7: "US/0", 8: "US/1", 12: "US/1"}
    assert roots == {("US/1", 7): ("US/0", 5)}          # 9 met 7 there: one incident; 8 and 12 leave theirs
