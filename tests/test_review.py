"""Analysts' actions (civcas.review) on the demo data: audit trail, decisions that survive
re-runs, merge and split ids, claim corrections feeding the assessment, accounts."""
import datetime as dt

import pytest

from civcas import review
from civcas.export import incident_records
from civcas.store.search import IncidentFilter
from civcas.model import Place, Report
from civcas.pipeline import process


def _market(store):
    return next(i for i in store.incidents() if i.place and i.place.name == "Maarrat an Numan")


def test_grade_change_is_audited_and_survives_a_rerun(demo_store):
    market = _market(demo_store)
    machine_grade = market.grade
    review.set_grade(demo_store, market.id, "ana", "Confirmed", "ministry acknowledged it to our researcher")
    history = demo_store.decisions(market.id)
    assert [(d.author, d.action, d.before, d.after) for d in history] == [("ana", "grade", machine_grade, "Confirmed")]
    assert history[0].reason == "ministry acknowledged it to our researcher" and history[0].at is not None
    after = demo_store.incidents([market.id])[0]
    assert after.grade == "Confirmed" and after.grade_reason.startswith("set by an analyst")
    assert after.reviewed_by == "ana" and not after.new_evidence
    # A new report joins the incident: the machine re-assesses, the analyst's grade stands,
    # and the incident is flagged as having new evidence.
    demo_store.add_report(Report(
        text="Rescuers in Maarrat al-Numan in Idlib said on Saturday that the toll from Thursday's Russian "
             "airstrike on the vegetable market had risen to 35 civilians, naming the market traders killed.",
        url="https://example.org/late", outlet="Late Wire", published=dt.date(2024, 5, 11)))
    process(demo_store)
    again = demo_store.incidents([market.id])[0]
    assert len(again.reports) == len(market.reports) + 1
    assert again.grade == "Confirmed" and again.new_evidence
    review.confirm(demo_store, market.id, "ana")
    assert not demo_store.incidents([market.id])[0].new_evidence


def test_a_grade_change_needs_a_reason_and_a_known_grade(demo_store):
    market = _market(demo_store)
    with pytest.raises(review.ReviewError, match="reason"):
        review.set_grade(demo_store, market.id, "ana", "Weak", "  ")
    with pytest.raises(review.ReviewError, match="unknown grade"):
        review.set_grade(demo_store, market.id, "ana", "Certain", "because")
    assert demo_store.decisions(market.id) == []


def test_merge_keeps_the_old_id_answering_and_split_mints_a_new_one(demo_store):
    market, other = sorted(demo_store.incidents(), key=lambda i: i.id)[:2]
    moved = {r.report_id for r in other.reports}
    review.merge(demo_store, other.id, market.id, "ana", "same strike, misplaced by the wire")
    assert demo_store.survivor(other.id) == market.id
    survivor = demo_store.incidents([market.id])[0]
    assert moved <= {r.report_id for r in survivor.reports}
    assert demo_store.incidents([other.id])[0].merged_into == market.id
    found, _ = demo_store.find_incidents(IncidentFilter(q="wedding"))    # the moved report's words
    assert found == [market.id]
    exported = {r["id"]: r for r in incident_records(demo_store)}
    assert exported[other.id]["merged_into"] == market.id and exported[other.id]["reports"] == []
    with pytest.raises(review.ReviewError, match="merged into"):
        review.set_grade(demo_store, other.id, "ana", "Weak", "x")
    report = next(iter(moved))
    new_id = review.split(demo_store, market.id, report, "ana", "different village after all")
    assert new_id > max(market.id, other.id)                  # a new id, never a reused one
    assert {r.report_id for r in demo_store.incidents([new_id])[0].reports} == {report}
    assert report not in {r.report_id for r in demo_store.incidents([market.id])[0].reports}
    actions = [d.action for d in demo_store.decisions(market.id)]
    assert actions == ["merge", "split"]


def test_a_corrected_figure_changes_the_assessment_and_is_marked(demo_store):
    market = _market(demo_store)
    facts = demo_store.facts([r.report_id for r in market.reports])
    claim = next(c for f in facts.values() for c in f.claims
                 if c.kind == "killed" and c.population == "civilians" and c.scope == "incident")
    review.correct_claim(demo_store, market.id, claim.id, "ana", {"min": 2, "max": 2}, "misread: two, not 23")
    corrected = next(c for c in demo_store.facts([claim.report_id])[claim.report_id].claims if c.id == claim.id)
    assert (corrected.min, corrected.max, corrected.corrected) == (2, 2, True)
    assert demo_store.incidents([market.id])[0].civilian_deaths_min == 2
    decision = demo_store.decisions(market.id)[-1]
    assert decision.before == {"min": claim.min, "max": claim.max} and decision.target == claim.key
    review.exclude_claim(demo_store, market.id, claim.id, "ana", "about the bakery strike")
    excluded = next(c for c in demo_store.facts([claim.report_id])[claim.report_id].claims if c.id == claim.id)
    assert excluded.scope == "other" and excluded.min == 2     # both corrections hold


def test_place_and_date_set_by_hand(demo_store):
    market = _market(demo_store)
    review.set_date(demo_store, market.id, "ana", dt.date(2024, 5, 8), "day", "satellite imagery")
    review.set_place(demo_store, market.id, "ana", Place("Kafr Nabl", "Syria", "SY", "Idlib", lat=35.61, lon=36.56,
                                                         precision="point"), "geolocated video")
    after = demo_store.incidents([market.id])[0]
    assert after.date == dt.date(2024, 5, 8) and after.date_source == "set by an analyst: satellite imagery"
    assert after.place.name == "Kafr Nabl" and after.place.lat == 35.61


def test_notes_and_sources(demo_store):
    market = _market(demo_store)
    review.add_note(demo_store, market.id, "ana", "call the hospital again")
    review.add_source(demo_store, market.id, "ana", "https://example.org/video", "video of the aftermath")
    with pytest.raises(review.ReviewError, match="http"):
        review.add_source(demo_store, market.id, "ana", "javascript:alert(1)")
    assert [d.action for d in demo_store.decisions(market.id)] == ["note", "source"]


def test_accounts_hash_passwords(store):
    review.add_user(store, "ana", "correct horse", "analyst")
    user, stored = store.user_credentials("ana")
    assert stored.startswith("$argon2") and "correct horse" not in stored
    assert review.authenticate(store, "ana", "correct horse").role == "analyst"
    assert review.authenticate(store, "ana", "wrong horse") is None
    assert review.authenticate(store, "nobody", "correct horse") is None
    with pytest.raises(review.ReviewError):
        review.add_user(store, "ana", "another one", "analyst")
    with pytest.raises(ValueError):
        review.add_user(store, "bob", "long enough", "superuser")


def test_a_new_session_prunes_long_ended_sessions_and_old_login_events(store):
    from sqlalchemy import insert, select

    from civcas.store import tables as t
    from civcas.store.clock import now
    review.add_user(store, "ana", "correct horse", "analyst")
    at = now()
    store.add_session("long-expired", "ana", "c", at - dt.timedelta(days=31))
    store.add_session("just-expired", "ana", "c", at - dt.timedelta(days=1))
    with store.engine.begin() as conn:
        conn.execute(insert(t.login_events).values(username="ana", address="1.2.3.4", success=False,
                                                   reason="password", at=at - dt.timedelta(days=400)))
    store.record_login("ana", "1.2.3.4", True, "ok")
    store.add_session("fresh", "ana", "c", at + dt.timedelta(hours=8))
    with store.engine.connect() as conn:
        assert set(conn.execute(select(t.sessions.c.token_hash)).scalars()) == {"just-expired", "fresh"}
    assert [e["reason"] for e in store.login_events("ana")] == ["ok"]
