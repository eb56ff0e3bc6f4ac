"""The pipeline end to end on a real database (SQLite and PostgreSQL): incidents, incremental
runs, stable ids, and analyst decisions that a re-run never touches."""
import datetime as dt

from sqlalchemy import insert, select

from civcas.model import Report
from civcas.pipeline import process
from civcas.store import tables as t
from conftest import BOTH

DATABASES = BOTH


def test_seeds_become_two_incidents(seeded):
    result = process(seeded)
    assert result.reports == 4 and result.new_incidents == 2
    first, second = seeded.incidents()
    assert {r.report_id for r in first.reports} == {1, 2, 3}
    assert (first.grade, first.disputed, first.independent_sources) == ("Fair", True, 2)
    assert (first.civilian_deaths_min, first.civilian_deaths_max) == (24, 55)
    assert (second.grade, second.disputed) == ("Weak", False)
    assert (second.civilian_deaths_min, second.civilian_deaths_max) == (24, 54)
    evidence = next(r.evidence for r in first.reports if r.report_id == 3)
    assert evidence["decision"] == "joined" and evidence["shared_text"] > 0


def test_incremental_run_keeps_ids_and_analyst_decisions(seeded):
    process(seeded)
    before = {i.id: {r.report_id for r in i.reports} for i in seeded.incidents()}
    with seeded.engine.begin() as conn:
        conn.execute(insert(t.analyst_decisions).values(incident_id=1, field="grade", value="Confirmed",
                                                        reason="checked with a field researcher", author="analyst",
                                                        at=dt.datetime(2024, 1, 1)))
    assert process(seeded).reports == 0                     # nothing new: nothing done
    follow_up = ("The death toll from Thursday's drone strike on a mosque in the town of Jinah near Aleppo rose to "
                 "49, the Syrian Observatory for Human Rights said on Saturday, as rescuers recovered more bodies.")
    seeded.add_report(Report(text=follow_up, url="https://example.org/follow-up", published=dt.date(2017, 3, 18)))
    result = process(seeded)
    assert result.reports == 1 and result.new_incidents == 0
    after = {i.id: {r.report_id for r in i.reports} for i in seeded.incidents()}
    assert after[1] == before[1] | {5} and after[2] == before[2]
    with seeded.engine.connect() as conn:
        decision = conn.execute(select(t.analyst_decisions)).one()
    assert decision.value == "Confirmed" and decision.reason == "checked with a field researcher"
    republished = seeded.incidents([1])[0]                  # the re-run re-assessed incident 1 ...
    assert republished.grade == "Confirmed"                 # ... and the analyst's grade still stands
    with seeded.engine.connect() as conn:
        machine = conn.execute(select(t.incidents.c.machine).where(t.incidents.c.id == 1)).scalar()
    assert machine["grade"] != "Confirmed"                  # the machine's own answer is kept beside it


def test_a_tally_statement_makes_no_incident(store):
    store.add_report(Report(text="The monitoring network said it documented 312 civilian deaths across the "
                                 "country in April, the highest monthly tally this year.", url="u",
                            published=dt.date(2024, 5, 2)))
    result = process(store)
    assert result.without_incident == 1 and store.incidents() == []


def test_a_report_the_extractor_fails_on_is_an_error_not_a_stop(store, monkeypatch):
    import civcas.extract as extract_stage
    real = extract_stage.extract

    def fragile(report, gaz):
        if "poison" in report.text:
            raise ValueError("unexpected shape")
        return real(report, gaz)

    monkeypatch.setitem(extract_stage.READERS, "en", fragile)
    store.add_report(Report(text="The poison report: two people were killed on Monday.", url="a",
                            published=dt.date(2020, 1, 8)))
    store.add_report(Report(text="Three civilians were killed in an airstrike on Monday, medics said.", url="b",
                            published=dt.date(2020, 1, 8)))
    result = process(store)
    assert result.reports == 2 and store.stats()["errors"] == 1 and len(store.incidents()) == 1
