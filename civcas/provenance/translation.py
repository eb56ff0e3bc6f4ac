"""Translations: a report in one language that renders a wire story already stored in another is
that story's copy, not a source of its own.

A report is `translated` from an earlier report of the same incident in another language when
all of these hold (otherwise the two count as independent sources, whatever they share):
- both credit one news agency (`agencies.toml`): each names it in its outlet or its text, or is
  that agency's own report — a translation says whose story it renders;
- the translation gives death or injury figures of its own incident, and each of them (kind,
  lowest and highest figure, and the type of source quoted for it) is one the earlier report gives;
- both place the attack alike (the same GeoNames place, or, when neither names one, the same
  admin-1 unit of one country at the same precision) and give the same incident date;
- the earlier report was published no later than the translation (the order they were stored in
  when either date is unknown).
Shared text cannot tell it (the words differ), so it is judged after linking, from the facts of
the incident's reports, and re-judged each time one of them is read again.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Optional

from civcas.model import ProvenanceLink, Report, ReportFacts
from civcas.text import fold_arabic

AGENCIES_FILE = Path(__file__).with_name("agencies.toml")
RELATION = "translated"
_ARABIC_CLITICS = "[وفبل]?"           # "ولرويترز", "لوكالة": a conjunction or preposition written onto the name


@lru_cache(maxsize=1)
def _agencies() -> dict[str, tuple[re.Pattern, Optional[re.Pattern]]]:
    """Agency id → (its names anywhere, its acronyms as a credit)."""
    with open(AGENCIES_FILE, "rb") as handle:
        rows = tomllib.load(handle)["agency"]
    out = {}
    for row in rows:
        names = "|".join(_left_edge(fold_arabic(n)) + re.escape(fold_arabic(n)) for n in row["names"])
        acronyms = "|".join(re.escape(a) for a in row.get("acronyms", ()))
        out[row["id"]] = (re.compile(rf"(?:{names})(?!\w)", re.IGNORECASE),
                          re.compile(rf"(?<!\w)(?:{acronyms})(?!\w)") if acronyms else None)
    return out


def _left_edge(name: str) -> str:
    """Where a name may start: after a non-word character, or an Arabic name after a clitic."""
    return rf"(?<!\w){_ARABIC_CLITICS}" if re.match("[\u0600-\u06ff]", name) else r"(?<!\w)"


_BRACKETED = re.compile(r"\(([^()]{1,60})\)")


def credited(report: Report) -> set[str]:
    """The agencies a report credits (or is): named in its outlet, or in its text (an acronym
    only in brackets, as a dateline credit writes it: "(AFP) -", "(أ ف ب)")."""
    outlet, text = fold_arabic(report.outlet or ""), fold_arabic(report.text or "")
    bracketed = " ".join(_BRACKETED.findall(text))
    found = set()
    for agency, (names, acronyms) in _agencies().items():
        if names.search(outlet) or names.search(text) or \
                (acronyms and (acronyms.search(outlet) or acronyms.search(bracketed))):
            found.add(agency)
    return found


def _figures(facts: ReportFacts) -> set[tuple]:
    return {(c.kind, c.min, c.max, c.claimant_type) for c in facts.claims
            if c.scope == "incident" and c.kind in ("killed", "wounded")}


def _same_place(a: ReportFacts, b: ReportFacts) -> bool:
    if not a.place or not b.place:
        return False
    if a.place.geonameid or b.place.geonameid:
        return a.place.geonameid == b.place.geonameid
    return bool(a.place.admin1) and (a.place.admin1, a.place.country_code, a.place.precision) == \
        (b.place.admin1, b.place.country_code, b.place.precision)


def _earlier(original: Report, copy: Report) -> bool:
    """By publication when the dates tell (the same day counts as earlier), else by the order stored."""
    if original.published and copy.published and original.published == copy.published \
            and original.published_precision == copy.published_precision == "day":
        return True
    before = original.published_before(copy)
    return original.id < copy.id if before is None else before


def translated_from(copy: Report, copy_facts: ReportFacts, original: Report, original_facts: ReportFacts) -> bool:
    """Whether `copy` renders `original` in another language (see the module's rules)."""
    if not copy.language or not original.language or copy.language == original.language:
        return False
    mine = _figures(copy_facts)
    return bool(mine) and mine <= _figures(original_facts) and _same_place(copy_facts, original_facts) \
        and copy_facts.date == original_facts.date and _earlier(original, copy) \
        and bool(credited(copy) & credited(original))


def judge(store, report_id: int, incident_id: Optional[int]) -> list[ProvenanceLink]:
    """Re-judge which main reports of the incident this report translates or is translated by,
    store those links (replacing the report's earlier ones) and return them."""
    links: list[ProvenanceLink] = []
    members = [r.report_id for i in store.incidents([incident_id], evidence=False) for r in i.reports
               if r.role == "main" and r.report_id != report_id] if incident_id is not None else []
    languages = store.report_languages(members + [report_id])
    others = [m for m in members if languages.get(m) != languages.get(report_id)]
    if others:
        reports = {r.id: r for r in store.reports(others + [report_id])}
        facts = store.facts(others + [report_id])
        texts = {(l.report_a, l.report_b) for l in store.links([report_id]) if l.relation != RELATION}
        for other in others:
            if (min(report_id, other), max(report_id, other)) in texts or not {other, report_id} <= facts.keys():
                continue
            for copy, original in ((report_id, other), (other, report_id)):
                if translated_from(reports[copy], facts[copy], reports[original], facts[original]):
                    links.append(ProvenanceLink(copy, original, RELATION, 1.0, [], original))
                    break
    store.replace_relation(report_id, RELATION, links)
    return links
