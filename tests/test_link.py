"""Link decisions: features rule pairs in or out, and every decision keeps its evidence."""
import datetime as dt

from civcas.link import LINK_THRESHOLD, features
from civcas.model import Place, ReportFacts

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
