"""Short reports of one attack written here in English, Arabic and French, and the facts a reader
of each language returns for them (so tests of linking, pages, exports and search do not depend
on the readers): field values in canonical English, sentences as written."""
import datetime as dt

from civcas import assess, link
from civcas.model import Claim, Place, Report, ReportFacts
from civcas.provenance import translation

DAY = dt.date(2020, 1, 30)
ARIHA = Place("Ariha", "Syria", "SY", "Idlib", lat=35.81, lon=36.61, precision="point", geonameid=172374)
ARIHA_AR = Place("أريحا", "Syria", "SY", "Idlib", precision="point", geonameid=172374)
IDLIB_AR = Place("ريف إدلب", "Syria", "SY", "Idlib", precision="admin1")
ALEPPO_AR = Place("الأتارب", "Syria", "SY", "Aleppo", precision="point", geonameid=173179)

TEXTS = {
    "en": ("ARIHA, Syria (AFP) - Russian air strikes killed 10 civilians in the town of Ariha on Thursday, "
           "a war monitor said."),
    "ar": "أريحا (أ ف ب) - قُتل عشرة مدنيين الخميس في غارات روسية على مدينة أريحا، وفق المرصد السوري.",
    "fr": "Ariha (AFP) - Dix civils ont été tués jeudi par des frappes russes sur Ariha, selon une ONG.",
}
WORDS = {"en": {"ariha": 2, "strikes": 1, "civilians": 1, "monitor": 1},
         "ar": {"أريحا": 2, "غارات": 1, "مدنيين": 1, "المرصد": 1},
         "fr": {"ariha": 2, "frappes": 1, "civils": 1, "ong": 1}}


SENTENCES = {  # the figure's sentence as written, and the figure's span in it
    "en": ("Russian air strikes killed 10 civilians in the town of Ariha on Thursday", "10"),
    "ar": ("قُتل عشرة مدنيين الخميس في غارات روسية على مدينة أريحا", "عشرة"),
    "fr": ("Dix civils ont été tués jeudi par des frappes russes sur Ariha", "Dix"),
}


def killed(n, language, claimant_type="monitor"):
    """A death figure read from the report's sentence (as written) with its claimant's type."""
    sentence, figure = SENTENCES[language]
    start = TEXTS[language].index(sentence) + sentence.index(figure)
    return Claim("killed", "civilians", n, n, figure, "Syrian Observatory for Human Rights", claimant_type,
                 "asserts", "incident", sentence, start, start + len(figure), parties=["Russia"])


def facts(rid, language, date=DAY, place=ARIHA, figures=(10,), claimant_type="monitor", names=()):
    return ReportFacts(rid, date, "day" if date else None, "text", place, [], ["Russia"], ["airstrike"],
                       [killed(n, language, claimant_type) for n in figures], [], list(names), dict(WORDS[language]),
                       language=language)


def add(store, language, outlet, published=DAY, text=None, url=None):
    rid, _ = store.add_report(Report(text=text or TEXTS[language], outlet=outlet, url=url or f"test:{outlet}:{language}",
                                     published=published, language=language))
    return rid


def linked(store, reports: list[tuple[int, ReportFacts]]) -> list[int]:
    """Each report's facts saved and linked in turn (as `civcas process` does), translations
    judged and incidents assessed; the incident of each report."""
    out = []
    for rid, f in reports:
        f.report_id = rid
        for c in f.claims:
            c.report_id = rid
        store.save_facts(f)
        incident, _ = link.run(store, f, store.links([rid]))
        translation.judge(store, rid, incident)
        if incident is not None:
            assess.run(store, [incident])
        out.append(incident)
    return out




def one_incident(store) -> dict[str, int]:
    """The English wire, then the Arabic and French reports of the Ariha strike (each crediting
    the wire's agency: translations of it), linked into one incident; each language's report id."""
    ids = {language: add(store, language, outlet) for language, outlet in
           (("en", "Deccan Herald (AFP)"), ("ar", "Enab Baladi"), ("fr", "RFI"))}
    linked(store, [(rid, facts(rid, language)) for language, rid in ids.items()])
    return ids
