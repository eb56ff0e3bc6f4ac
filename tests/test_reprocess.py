"""`civcas reprocess`: facts know the reading that produced them; a re-read of what an older
extractor read keeps incident ids, never touches analysts' decisions, and flags (never drops) a
correction whose figure the new reading no longer yields. Real SQLite files, the seeds."""
from sqlalchemy import update

from civcas import extract, review
from civcas.extract.version import extractor_version
from civcas.pipeline import process, reprocess
from civcas.store import tables as t


def _membership(store) -> dict[int, set[int]]:
    return {i.id: {r.report_id for r in i.reports if r.role == "main"} for i in store.incidents() if i.reports}


def _age(store) -> None:
    """As if an older extractor had read every report."""
    with store.atomic() as conn:
        conn.execute(update(t.report_facts).values(extractor_version="0.0.9+older"))


def test_facts_and_claims_carry_the_extractor_version(seeded):
    process(seeded)
    facts = seeded.facts(seeded.processed_report_ids())
    assert {f.extractor_version for f in facts.values()} == {extractor_version()}
    assert {c.extractor_version for f in facts.values() for c in f.claims} == {extractor_version()}
    assert reprocess(seeded).reports == 0          # nothing an older reading produced


def test_a_reread_keeps_incident_ids_and_what_they_hold(seeded):
    process(seeded)
    before, claims = _membership(seeded), seeded.stats()["claims"]
    _age(seeded)
    assert seeded.reports_read_by_another_extractor(extractor_version()) == [1, 2, 3, 4]
    result = reprocess(seeded)
    assert result.reports == 4 and result.errors == 0
    assert _membership(seeded) == before and seeded.stats()["claims"] == claims
    assert seeded.reports_read_by_another_extractor(extractor_version()) == []
    assert reprocess(seeded, all_reports=True).reports == 4 and _membership(seeded) == before


def test_decisions_stand_and_a_lost_figure_is_flagged_not_dropped(seeded, monkeypatch):
    process(seeded)
    incident = seeded.incidents()[0]
    review.set_grade(seeded, incident.id, "ana", "Confirmed", "the ministry acknowledged it")
    claim = next(c for f in seeded.facts([r.report_id for r in incident.reports]).values() for c in f.claims
                 if c.kind == "killed")
    review.correct_claim(seeded, incident.id, claim.id, "ana", {"min": claim.min + 1}, "the hospital list")
    decisions = seeded.decisions()
    real = extract.extract

    def reading_without_that_figure(report, gaz):
        facts = real(report, gaz)
        facts.claims = [c for c in facts.claims if (report.id, c.start, c.end) != (claim.report_id, claim.start, claim.end)]
        return facts

    monkeypatch.setitem(extract.READERS, "en", reading_without_that_figure)
    reprocess(seeded, all_reports=True)
    assert seeded.decisions() == decisions                    # the audit trail is untouched
    [lost] = seeded.unmatched_corrections([claim.report_id])
    assert lost.action == "correct_claim" and lost.target == claim.key
    after = seeded.incidents([incident.id])[0]
    assert after.new_evidence and after.grade == "Confirmed"


def test_reports_an_analyst_placed_stay_where_they_are(seeded):
    process(seeded)
    first, second = (i.id for i in seeded.incidents())
    review.merge(seeded, second, first, "ana", "one operation")
    placed = _membership(seeded)
    _age(seeded)
    reprocess(seeded)
    assert _membership(seeded) == placed
    assert seeded.incidents([second])[0].merged_into == first


def test_the_incident_page_shows_a_correction_the_reading_no_longer_yields(seeded, monkeypatch):
    from fastapi.testclient import TestClient
    from civcas.web import create_app
    process(seeded)
    incident = seeded.incidents()[0]
    claim = next(c for f in seeded.facts([r.report_id for r in incident.reports]).values() for c in f.claims)
    review.correct_claim(seeded, incident.id, claim.id, "ana", {"min": claim.min + 1}, "<b>hospital</b> list")
    page = TestClient(create_app(seeded.url)).get(f"/incidents/{incident.id}").text
    assert 'id="unmatched-corrections"' not in page
    with seeded.atomic() as conn:       # a later reading moved the figure
        conn.execute(update(t.claims).where(t.claims.c.id == claim.id).values(start=claim.start + 1))
    page = TestClient(create_app(seeded.url)).get(f"/incidents/{incident.id}").text
    assert 'id="unmatched-corrections"' in page and "&lt;b&gt;hospital&lt;/b&gt; list" in page
