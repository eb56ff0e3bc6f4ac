"""Link decisions: features rule pairs in or out, and every decision keeps its evidence."""
import datetime as dt
import sys

import pytest

from civcas.link import LINK_THRESHOLD, features
from civcas.model import Place, ReportFacts
from civcas.store import Store
from conftest import ROOT

JINAH = Place("Jinah", "Syria", "SY", "Aleppo", precision="admin1")


def facts(rid, date, place, parties=("United States",), means=("drone strike",), precision="day"):
    return ReportFacts(rid, date, precision, "text", place, [], list(parties), list(means))


def test_same_day_same_place_same_party_links():
    a, b = facts(1, dt.date(2017, 3, 16), JINAH), facts(2, dt.date(2017, 3, 16), JINAH)
    evidence = features(b, a, {})
    assert evidence["score"] >= LINK_THRESHOLD and evidence["place"] > 0 and evidence["date"] > 0


def test_other_country_or_far_date_is_ruled_out_unless_a_copy():
    a = facts(1, dt.date(2017, 3, 16), JINAH)
    yemen = facts(2, dt.date(2017, 3, 16), Place("Saada", "Yemen", "YE", "Saada", precision="point"))
    assert features(yemen, a, {}) is None
    later = facts(3, dt.date(2017, 6, 1), JINAH)
    assert features(later, a, {}) is None
    assert features(later, a, {1: "copy"})["shared_text"] > 0


def test_wrong_province_in_a_rewrite_still_links_with_shared_text():
    a = facts(1, dt.date(2017, 3, 16), JINAH)
    idlib = facts(2, dt.date(2017, 3, 16), Place("Jinah", "Syria", "SY", "Idlib", precision="admin1"))
    assert features(idlib, a, {1: "reuse"})["score"] >= LINK_THRESHOLD


def test_candidates_are_blocked_by_date_window_and_region(store):
    from civcas.model import Incident
    day = dt.date(2024, 5, 9)
    places = {"idlib": Place("Ariha", "Syria", "SY", "Idlib", precision="point"),
              "aleppo": Place("Jinah", "Syria", "SY", "Aleppo", precision="point"),
              "unknown": None}
    ids = {}
    for key, place in places.items():
        ids[key] = store.new_incident()
        store.save_assessment(Incident(id=ids[key], date=day, date_precision="day", place=place))
    far = store.new_incident()
    store.save_assessment(Incident(id=far, date=day + dt.timedelta(days=60), place=places["idlib"]))
    window = (day - dt.timedelta(days=3), day + dt.timedelta(days=3))
    found = {i.id for i in store.incident_candidates(*window, "SY", "Idlib")}
    assert found == {ids["idlib"], ids["unknown"]}            # same province, or no place known yet
    assert {i.id for i in store.incident_candidates(*window, "SY")} == set(ids.values())


def test_word_similarity_tells_look_alike_incidents_apart():
    from civcas.link import profile, similarity
    rarity = {"shooting": 0.1, "police": 0.1, "hospital": 0.2, "okafor": 5.0, "delmar": 4.0, "bakery": 3.0}
    first = profile({"shooting": 3, "police": 2, "okafor": 2, "delmar": 1}, rarity)
    same = profile({"shooting": 2, "police": 1, "okafor": 1, "bakery": 1}, rarity)
    other = profile({"shooting": 3, "police": 3, "hospital": 1}, rarity)
    assert similarity(first, same) > 0.5 > 0.1 > similarity(first, other)
    day = dt.date(2014, 3, 2)
    town = Place("Dayton", "United States", "US", "Ohio", precision="point", geonameid=4509884)
    a, b = facts(1, day, town, parties=(), means=()), facts(2, day, town, parties=(), means=())
    assert features(b, a, {}, words=similarity(first, other))["score"] < LINK_THRESHOLD
    assert features(b, a, {}, words=similarity(first, same))["score"] >= LINK_THRESHOLD
    assert features(b, a, {})["score"] >= LINK_THRESHOLD       # no profiles: place and day alone


def test_close_words_outweigh_a_misread_place_and_only_very_close_ones_a_distant_date():
    day = dt.date(2014, 3, 2)
    a = facts(1, day, Place("Dayton", "United States", "US", "Ohio", precision="point"), parties=(), means=())
    abroad = facts(2, day, Place("Dayton", "Canada", "CA", "Ontario", precision="point"), parties=(), means=())
    assert features(abroad, a, {}, words=0.05) is None
    assert features(abroad, a, {}, words=0.6)["score"] >= LINK_THRESHOLD
    later = facts(3, day + dt.timedelta(days=40), a.place, parties=(), means=(), precision="week")
    assert features(later, a, {}, words=0.4) is None         # a look-alike story of the same town
    assert features(later, a, {}, words=0.8)["score"] >= LINK_THRESHOLD
    to_the_day = facts(4, day + dt.timedelta(days=40), a.place, parties=(), means=())
    assert features(to_the_day, a, {}, words=0.8) is None    # both days known, weeks apart: two incidents


def _ecbplus_sample():
    sys.path.insert(0, str(ROOT / "bench"))
    from evalsets import load
    return [i for i in load("ecbplus") if i.gold["topic"] in ("1", "3", "4")]


def _grouped(store, items) -> dict[int, str]:
    """Add the ECB+ documents and run `process --every-report`; returns report id → document id."""
    from civcas.model import Report
    from civcas.pipeline import process
    ids = {store.add_report(Report(text=i.text, url=f"eval:{i.id}", published=i.published))[0]: i.id for i in items}
    process(store, every_report=True)
    return ids


def _partition(store, ids) -> set[frozenset]:
    return {frozenset(ids[r.report_id] for r in i.reports if r.role == "main") for i in store.incidents()}


def test_every_report_links_news_of_any_kind(tmp_path):
    """ECB+ (events of every kind, not harm): with --every-report each document joins an event; a
    fixed sample of three topics, scored with B-cubed against a floor well under the benchmark."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from eval_linking import bcubed, civcas_clusters, gold_of
    items = _ecbplus_sample()
    clusters, _, _ = civcas_clusters(items, every_report=True)
    assert len(set(clusters.values())) < len(items)
    precision, _, f1 = bcubed(clusters, gold_of(items))
    assert precision >= 0.9 and f1 >= 0.6      # look-alike events (two rehab stays) kept apart


def test_news_of_any_kind_is_grouped_the_same_whatever_order_it_arrives_in(tmp_path):
    items = _ecbplus_sample()
    partitions = []
    for name, order in (("forward", items), ("backward", items[::-1])):
        store = Store(f"sqlite:///{tmp_path / name}.db")
        partitions.append(_partition(store, _grouped(store, order)))
    assert partitions[0] == partitions[1]


def test_a_later_run_joins_earlier_incidents_and_never_merges_them(store):
    items = _ecbplus_sample()
    ids = _grouped(store, items[0::2])
    before = {i.id: {r.report_id for r in i.reports} for i in store.incidents()}
    ids |= _grouped(store, items[1::2])
    after = {i.id: [r for r in i.reports if r.role == "main"] for i in store.incidents()}
    assert all(reports <= {r.report_id for r in after[i]} for i, reports in before.items())
    joined = [r for i in before for r in after[i] if r.report_id not in before[i]]
    assert joined and all(r.evidence["decision"] == "joined" and r.evidence["closest_report"]["report"] in ids
                          for r in joined)
    mains = [r.report_id for links in after.values() for r in links]
    assert sorted(mains) == sorted(ids)                  # each report is the main report of one incident
    for r in joined:
        assert r.evidence["score"] > 0 and r.evidence["closest_report"]["word_similarity"] > 0


def test_a_report_telling_of_another_incident_in_passing_is_linked_to_it_as_a_mention(store):
    from civcas.export import incident_records
    from civcas.model import Report
    from civcas.pipeline import process
    first = ("SPRINGFIELD, Ohio - John Carter, 34, was shot and killed on Monday, Oct. 3, outside a "
             "convenience store on Clifton Avenue in Springfield, police said. No arrest has been made.")
    later = ("DAYTON, Ohio - A 27-year-old woman was shot dead on Elm Street in Dayton on Tuesday, police said. "
             "Officers found her in a parked car shortly after midnight.\n\n"
             "The killing came a week after a separate shooting on Oct. 3 in Springfield, Ohio, in which "
             "John Carter was killed. "
             "Another shooting in Toledo last year left a man dead.")
    a, _ = store.add_report(Report(text=first, published=dt.date(2016, 10, 4), url="https://example.org/a"))
    b, _ = store.add_report(Report(text=later, published=dt.date(2016, 10, 12), url="https://example.org/b"))
    result = process(store)
    assert result.mention_links == 1
    (springfield,) = [i for i in store.incidents() if any(r.report_id == a for r in i.reports)]
    roles = {r.report_id: r.role for r in springfield.reports}
    assert roles == {a: "main", b: "mention"}              # not the main report of Carter's shooting
    (mention,) = [r for r in springfield.reports if r.role == "mention"]
    assert mention.evidence["decision"] == "mentioned" and mention.evidence["score"] >= mention.evidence["threshold"]
    record = next(r for r in incident_records(store) if r["id"] == springfield.id)
    sentence = next(rep["mention_sentence"] for rep in record["reports"] if rep["id"] == b)
    assert sentence.startswith("The killing came a week after") and "John Carter" in sentence
    assert sum(1 for i in store.incidents() for r in i.reports if r.report_id == b and r.role == "main") == 1


def test_days_known_more_than_three_apart_are_two_incidents_and_far_dates_weigh_against():
    a = facts(1, dt.date(2017, 3, 16), JINAH)
    assert features(facts(2, dt.date(2017, 3, 20), JINAH), a, {}, words=0.9) is None
    assert features(facts(2, dt.date(2017, 3, 20), JINAH), a, {1: "copy"}) is not None     # a copy is the same text
    week = facts(3, dt.date(2017, 4, 30), JINAH, precision="week")
    evidence = features(week, a, {}, words=0.9)
    assert evidence is not None and evidence["date"] < 0          # apart for a week's precision: counts against


def test_two_provinces_are_two_strikes_unless_the_texts_say_otherwise():
    a = facts(1, dt.date(2017, 3, 16), JINAH)
    idlib = facts(2, dt.date(2017, 3, 16), Place("Ariha", "Syria", "SY", "Idlib", precision="point"))
    assert features(idlib, a, {}, words=0.15) is None
    assert features(idlib, a, {}, words=0.6) is not None


def test_a_report_without_a_date_joins_only_on_close_words_shared_text_or_a_person():
    a = facts(1, dt.date(2017, 3, 16), JINAH)
    undated = facts(2, None, JINAH, precision=None)
    assert features(undated, a, {}, words=0.12) is None
    assert features(undated, a, {}, words=0.3)["score"] >= LINK_THRESHOLD
    assert features(undated, a, {1: "reuse"}, words=0.05) is not None


def test_an_incident_dated_apart_is_not_joined_through_an_undated_member(seeded):
    from civcas.model import Incident, IncidentReport
    from civcas.link import _incident_date_allows
    incident = Incident(id=1, date=dt.date(2017, 3, 16), date_precision="day",
                        reports=[IncidentReport(7, "main"), IncidentReport(8, "main")])
    assert _incident_date_allows(facts(9, dt.date(2017, 3, 17), JINAH), incident, {})
    assert not _incident_date_allows(facts(9, dt.date(2017, 5, 2), JINAH), incident, {})
    assert _incident_date_allows(facts(9, dt.date(2017, 5, 2), JINAH), incident, {8: "copy"})


ARIHA = Place("Ariha", "Syria", "SY", "Idlib", precision="point")
DAY = dt.date(2017, 3, 16)


@pytest.mark.parametrize("new_date,old_date,links,words,joined", [
    (DAY, DAY, {}, 0.3, True),                   # close words on a day both give: a place is misread
    (None, DAY, {}, 0.3, False),                 # one release undated: look-alike words are not enough
    (None, None, {}, 0.3, False),                # neither dated
    (DAY + dt.timedelta(days=2), DAY, {}, 0.3, False),   # two days apart
    (None, None, {1: "reuse"}, 0.15, True),      # shared text says one report was rewritten from the other
    (None, None, {}, 0.6, True),                 # words this close tell one story
])
def test_two_provinces_of_one_country_join_only_on_a_shared_day_or_text(new_date, old_date, links, words, joined):
    old = facts(1, old_date, JINAH, precision="day" if old_date else None)
    new = facts(2, new_date, ARIHA, precision="day" if new_date else None)
    evidence = features(new, old, links, words=words)
    assert (evidence is not None and evidence["score"] >= LINK_THRESHOLD) == joined


def test_a_place_misread_abroad_does_not_keep_close_words_apart():
    """Two countries and close words: the words are of one war, one of the places is misread."""
    abroad = Place("Tripoli", "United States", "US", "Iowa", precision="point")
    old = facts(1, DAY, Place("Tajura", "Libya", "LY", "Tripoli", precision="point"))
    assert features(facts(2, None, abroad, precision=None), old, {}, words=0.3)["score"] >= LINK_THRESHOLD
    assert features(facts(2, None, abroad, precision=None), old, {}, words=0.1) is None


@pytest.mark.parametrize("gap,links,words,joined", [
    (1, {}, 0.3, True),            # a day apart: a night, or a day counted from another anchor
    (2, {}, 0.3, False),           # the same town hit again two days later
    (3, {}, 0.3, False),
    (2, {1: "reuse"}, 0.3, True),  # shared text: one of the days is misread
    (2, {}, 0.6, True),            # words this close tell one story
])
def test_the_same_place_on_another_day_is_another_incident(gap, links, words, joined):
    old = facts(1, DAY, ARIHA)
    evidence = features(facts(2, DAY + dt.timedelta(days=gap), ARIHA), old, links, words=words)
    assert (evidence is not None and evidence["score"] >= LINK_THRESHOLD) == joined
    if evidence is not None and gap > 1:
        assert evidence["date"] < 0                 # the other day still counts against


@pytest.mark.parametrize("young,joined", [(True, True), (False, False)])
def test_in_a_young_store_words_sharing_nothing_do_not_part_reports_of_one_figure(young, joined):
    """A store of a few reports cannot tell a rare word (its first story's words are in all its
    reports): words that share nothing are no evidence there, and a figure both give stands for them."""
    from bilingual import facts as told
    undated, dated = told(2, "en", date=None), told(1, "en")
    evidence = features(undated, dated, {}, words=0.0, young=young)
    assert (evidence is not None and evidence["score"] >= LINK_THRESHOLD) == joined
    if evidence is not None:
        assert evidence["words"] == 0 and evidence["shared_figures"] == [["killed", 10]]


@pytest.mark.parametrize("profiles_min,joined", [(50, True), (1, False)])
def test_a_store_is_young_until_it_holds_enough_word_profiles(store, monkeypatch, profiles_min, joined):
    from bilingual import add, facts as told, linked
    from civcas import link
    monkeypatch.setattr(link, "WORD_PROFILES_MIN", profiles_min)
    wire, local = add(store, "en", "AFP"), add(store, "en", "Local")
    first, second = told(wire, "en"), told(local, "en", date=None)
    first.words, second.words = {"bakery": 2, "clinic": 1}, {"market": 2, "rescuers": 1}
    incidents = linked(store, [(wire, first), (local, second)])
    assert (incidents[0] == incidents[1]) == joined


class _Watched(Store):
    """The real store, noting whose facts the linker reads: the reports it compares."""

    def facts(self, report_ids, claims=True):
        ids = list(report_ids)
        self.read = getattr(self, "read", set()) | set(ids)
        return super().facts(ids, claims)


@pytest.fixture(params=["sqlite", "postgresql"])
def watched(request, tmp_path) -> _Watched:
    """A watched store on each backend (the blocking queries are the store's)."""
    if request.param == "sqlite":
        return _Watched(f"sqlite:///{tmp_path / 'w.db'}")
    return _Watched(request.getfixturevalue("pg_databases").copy("head", request))


IDLIB_TOWN = Place("Ariha", "Syria", "SY", "Idlib", precision="point", geonameid=172059)


def _killed(count: int):
    from civcas.model import Claim
    return Claim("killed", "civilian", count, count, "", None, "unknown", "reported", "incident",
                 f"{count} civilians were killed.", 0, 10)


def _stored(store, key: str, date, place, names=(), deaths=None, language="en"):
    """A report already read and linked: its facts, an incident of its own, assessed."""
    from civcas.model import Incident, IncidentReport, Report
    rid, _ = store.add_report(Report(text=f"Report {key}.", url=f"https://example.org/{key}", language=language))
    store.save_facts(ReportFacts(rid, date, "day" if date else None, "text", place, [], ["United States"],
                                 ["drone strike"], claims=[_killed(deaths)] if deaths else [], names=list(names),
                                 language=language))
    incident = store.new_incident()
    store.attach(incident, IncidentReport(rid))
    store.save_assessment(Incident(id=incident, date=date, date_precision="day" if date else None, place=place,
                                   civilian_deaths_min=deaths, civilian_deaths_max=deaths))
    return rid, incident


def _link(store, date, place, names=(), deaths=None, language="en"):
    from civcas.link import run
    from civcas.model import Report
    rid, _ = store.add_report(Report(text="The new report.", url="https://example.org/new", language=language))
    new = ReportFacts(rid, date, "day" if date else None, "text", place, [], ["United States"], ["drone strike"],
                      claims=[_killed(deaths)] if deaths else [], names=list(names), language=language)
    store.save_facts(new)
    store.read = set()
    return run(store, new, [])[0]


@pytest.mark.parametrize("date,place", [
    (DAY, JINAH),                                # the same day in another province
    (DAY + dt.timedelta(days=60), IDLIB_TOWN),   # the same town two months later
    (None, IDLIB_TOWN),                          # the same town, undated, nothing shared
], ids=["other-province", "outside-window", "undated"])
def test_an_incident_outside_the_window_or_region_is_never_compared(watched, date, place):
    store = watched
    outside, _ = _stored(store, "outside", date, place)
    inside, incident = _stored(store, "inside", DAY, IDLIB_TOWN)
    assert _link(store, DAY, IDLIB_TOWN) == incident
    assert inside in store.read and outside not in store.read


@pytest.mark.parametrize("old,new", [
    # a dated report without a place: the incidents of its window in any region
    (dict(date=DAY, place=IDLIB_TOWN), dict(date=DAY, place=None)),
    # neither date nor place: through a person both name (the names index)
    (dict(date=DAY, place=IDLIB_TOWN, names=["ahmad khalil"]), dict(date=None, place=None, names=["ahmad khalil"])),
    # an undated incident, met through a death figure both give in one province (across languages)
    (dict(date=None, place=IDLIB_TOWN, deaths=12), dict(date=DAY, place=IDLIB_TOWN, deaths=12, language="ar")),
], ids=["dated-no-place", "no-date-no-place-named", "undated-incident-same-figure"])
def test_a_report_without_a_place_or_an_undated_incident_still_links(store, old, new):
    _stored(store, "other", DAY + dt.timedelta(days=2), JINAH)       # in the window, another day
    _, incident = _stored(store, "old", **old)
    assert _link(store, **new) == incident


@pytest.mark.parametrize("place, shared", [
    (Place("Kognere", "Mali", "ML", None, precision="country"), True),   # a village the gazetteer lacks, in both
    (Place("Mali", "Mali", "ML", None, precision="country"), False),     # the country alone names no place
])
def test_a_name_the_gazetteer_lacks_kept_in_its_country_is_a_place_both_share(place, shared):
    evidence = features(facts(2, DAY, place), facts(1, DAY, place), {})
    assert (evidence["place"] > 0) == shared
