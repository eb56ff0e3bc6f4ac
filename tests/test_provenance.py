"""Provenance on the seeds: a trimmed syndicated copy is a copy, a rewrite lifting sentences is
reuse, an unrelated report is neither; boilerplate is not reuse."""
import datetime as dt

import pytest

from civcas import provenance
from civcas.model import Report


def _relations(store):
    ids = {r.id: r.url.rsplit("/", 1)[1][:3] for r in store.reports()}
    return {(ids[l.report_a], ids[l.report_b]): l for l in store.links()}


def test_seed_provenance(seeded):
    provenance.run(seeded, seeded.unprocessed_report_ids())
    rel = _relations(seeded)
    assert rel[("000", "001")].relation == "copy"           # trimmed, new dateline, al-Qaida: still a copy
    assert rel[("000", "001")].containment >= 0.8
    assert rel[("000", "002")].relation == "reuse"          # lifted sentences, its own reporting
    assert len(rel[("000", "002")].shared_sentences) >= 2
    assert not any("003" in pair for pair in rel)
    assert seeded.stats()["provenance_groups"] == 3


def test_incremental_index_finds_old_reports(store):
    base = ("Warplanes struck a crowded market in the north of the province on Monday. Rescuers said dozens "
            "of people were trapped under the rubble. The hospital said it had received many wounded. "
            "Officials said the market had been busy with shoppers. Residents described several explosions. ")
    first, _ = store.add_report(Report(text=base * 2, url="u1"))
    provenance.run(store, [first])
    second, _ = store.add_report(Report(text="CITY — " + base.replace("Monday", "Tuesday"), url="u2"))
    links = provenance.run(store, [second])
    assert [(l.relation, {l.report_a, l.report_b}) for l in links] == [("copy", {first, second})]


def test_a_large_family_of_copies_is_one_group_each_copy_compared_with_its_closest_earlier_ones(store):
    story = ("Shelling hit the eastern quarter of the city before dawn on Friday, residents said. A school "
             "used as a shelter for displaced families was struck twice, and the roof of its main hall fell. "
             "Doctors at the district hospital said they had treated children with burns and broken limbs. "
             "The local council said water and power had been cut across the quarter since the attack. ")
    copies = 2 * provenance.CLOSEST_CANDIDATES + 3
    ids = [store.add_report(Report(text=f"{town} — " + story, url=f"https://wire.example/{n}"))[0]
           for n, town in enumerate(f"Town{n}" for n in range(copies))]
    for rid in ids:                                    # as `civcas process` does: one report at a time
        provenance.run(store, [rid])
    links = store.links()
    earlier = {rid: [l for l in links if max(l.report_a, l.report_b) == rid] for rid in ids}
    assert all(len(found) <= provenance.CLOSEST_CANDIDATES for found in earlier.values())
    assert len(earlier[ids[-1]]) == provenance.CLOSEST_CANDIDATES       # not one comparison per copy
    assert all(l.relation == "copy" for l in links)
    assert store.stats()["provenance_groups"] == 1


def test_boilerplate_shared_by_many_reports_is_not_reuse(store):
    boiler = ("You must enter the characters shown in the image to continue reading this article. "
              "Subscribe now to get unlimited access to local news and weather for your area. ")
    ids = []
    for i in range(12):
        own = f"Story number {i} is about a different event in town number {i} with its own details and facts {i}. "
        ids.append(store.add_report(Report(text=boiler + own * 3, url=f"u{i}"))[0])
    links = provenance.run(store, ids)
    assert not [l for l in links if l.relation == "reuse"]


def test_reuse_resting_on_what_later_turns_out_boilerplate_is_withdrawn(store):
    """Two pages sharing a site's footer look like reuse until more pages show it is the footer:
    the verdict follows the store as it grows, not the order reports arrived in."""
    boiler = ("You must enter the characters shown in the image to continue reading this article. "
              "Subscribe now to get unlimited access to local news and weather for your area. ")

    def page(i: int) -> Report:
        own = f"Story number {i} is about a different event in town number {i} with its own details and facts {i}. "
        return Report(text=boiler + own * 3, url=f"p{i}")

    first = [store.add_report(page(i))[0] for i in range(2)]
    assert [l.relation for l in provenance.run(store, first)] == ["reuse"]
    later = [store.add_report(page(i))[0] for i in range(2, 12)]
    provenance.run(store, later)
    assert [l for l in store.links() if l.relation == "reuse"] == []


ARABIC_STORY = ("قُتل عشرة مدنيين الخميس في غارات جوية روسية استهدفت سوقاً شعبياً في مدينة أريحا بريف إدلب الجنوبي، "
                "وفق ما أفاد المرصد السوري لحقوق الإنسان، فيما قالت فرق الدفاع المدني إن عمليات البحث عن ناجين "
                "تحت الأنقاض ما زالت مستمرة حتى ساعات المساء")


def test_a_copy_of_an_arabic_report_is_a_copy(store):
    """Arabic words are compared in Arabic script (ASCII folding would leave nothing to compare),
    their vowels and letter forms folded."""
    a, _ = store.add_report(Report(text=ARABIC_STORY, url="a", language="ar"))
    b, _ = store.add_report(Report(text="أريحا (أ ف ب) - " + ARABIC_STORY.replace("قُتل", "قتل").replace("إدلب", "ادلب"),
                                   url="b", language="ar"))
    other, _ = store.add_report(Report(text="أصيب ثلاثة أطفال بجروح في قصف مدفعي على بلدة الأتارب غرب حلب مساء الجمعة "
                                            "وفق مصادر طبية محلية تحدثت لمراسلنا", url="c", language="ar"))
    links = provenance.run(store, [a, b, other])
    assert [(l.report_a, l.report_b, l.relation) for l in links] == [(a, b, "copy")]


JUNE_5, JUNE, JULY_2 = (dt.date(2021, 6, 5), "day"), (dt.date(2021, 6, 1), "month"), (dt.date(2021, 7, 2), "day")


@pytest.mark.parametrize("a,b,before", [
    (JUNE_5, JULY_2, True),
    (JULY_2, JUNE_5, False),
    # a page of June 2021 and one of 5 June 2021: either may be first
    (JUNE, JUNE_5, None),
    (JUNE_5, JUNE, None),
    # ... but June is over before 2 July
    (JUNE, JULY_2, True),
])
def test_which_report_appeared_first_by_periods(a, b, before):
    first = Report(text="a", published=a[0], published_precision=a[1])
    assert first.published_before(Report(text="b", published=b[0], published_precision=b[1])) is before
