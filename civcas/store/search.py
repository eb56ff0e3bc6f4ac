"""Reading the store the way the public pages and the API do: filtered, sorted, paged incident
lists, full-text search over reports and incidents (one function: FTS5 on SQLite, a `tsvector`
column with a GIN index on PostgreSQL, behind the same call), and the figures behind the timeline
and the tallies page.

Both backends match the same way: every word of the query whole, anywhere in the document (a
report's title and text; an incident's reports' titles and texts together), without stemming
("market" does not find "markets"), case and Latin accents ignored, Arabic without its spelling
variation (`civcas.text.ARABIC_FOLD`: short vowels, tatweel, alef and ya forms, ta marbuta,
Arabic-Indic digits). SQLite: FTS5's unicode61 tokenizer (`remove_diacritics 2`) over text the
store folds for Arabic in Python (SQLite has no translate()). PostgreSQL: no text search
configuration's parser or dictionary is used at all (not even `simple`: its parser keeps
"al-Soussa", "5.5" or "example.org" as tokens FTS5 splits): the store splits the text into words
in Python (`search_words`, the same rules as unicode61) and keeps them as the lexemes of a
`tsvector` (`array_to_tsvector`); a query is the AND of its words as lexemes."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Iterator, Optional

from sqlalchemy import Connection, String, and_, cast, column, false, func, null, or_, select, table, text

from civcas.model import period_text
from civcas.store import tables as t
from civcas.store.transactions import Transactions
from civcas.text import fold_arabic

SORTS = {"date": t.incidents.c.date, "deaths": t.incidents.c.civilian_deaths_max, "id": t.incidents.c.id,
         "grade": t.incidents.c.grade, "sources": t.incidents.c.independent_sources}
SEARCH_LIMIT = 1000


@dataclass
class IncidentFilter:
    """What a user can narrow an incident list by; every field is optional."""
    date_from: Optional[dt.date] = None
    date_to: Optional[dt.date] = None
    country: Optional[str] = None          # ISO 3166 code
    admin1: Optional[str] = None
    belligerent: Optional[str] = None
    means: Optional[str] = None            # airstrike, shelling, ... (the model's vocabulary)
    grade: Optional[str] = None
    deaths_min: Optional[int] = None       # civilian deaths: the range must reach this
    deaths_max: Optional[int] = None       # and start at or below this
    q: Optional[str] = None                # words that a report of the incident contains
    unreviewed: bool = False
    sort: str = "-date"                    # a key of SORTS, "-" for descending

    def as_params(self) -> dict[str, str]:
        """The filter as query-string parameters (for links that keep it)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, "", False) and not (f.name == "sort" and value == "-date"):
                out[f.name] = "1" if value is True else str(value)
        return out


# Latin letters with diacritics (Latin-1 Supplement, Extended-A and -B, Extended Additional) →
# their base letter, as FTS5's `remove_diacritics 2` folds them.
_UNACCENT = str.maketrans({chr(c): d[0] for c in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
                           if len(d := unicodedata.normalize("NFKD", chr(c))) > 1 and d[0].isascii()
                           and all(unicodedata.combining(m) for m in d[1:])})
_WORD = re.compile(r"[^\W_]+")
MAX_LEXEME_BYTES = 2046       # PostgreSQL refuses longer lexemes; no one searches such a "word"


def search_words(text_: str) -> list[str]:
    """The words of a document or a query as search matches them: Arabic folded, Latin accents
    dropped, lower case, split at anything that is not a letter or a digit (unicode61's rules)."""
    return _WORD.findall(fold_arabic(text_).translate(_UNACCENT).lower())


def fts_query(words: str) -> str:
    """User text as an FTS5 query: every word must occur (quoted, so no syntax can be injected)."""
    return " ".join(f'"{w}"' for w in search_words(words))


def ts_query(words: str) -> str:
    """User text as a PostgreSQL tsquery: every word as a lexeme (letters and digits only, so the
    quotes hold them whole), ANDed."""
    return " & ".join(f"'{w}'" for w in search_words(words))


def _lexemes(text_: str) -> list[str]:
    return sorted(w for w in set(search_words(text_)) if len(w.encode()) <= MAX_LEXEME_BYTES)


def _lexemes_match(name: str, words: str):
    return text(f"{name}.search @@ CAST(:ts_{name} AS tsquery)").bindparams(**{f"ts_{name}": ts_query(words)})


def index_report_text(conn, report_id: int, title: Optional[str], body: str) -> None:
    """Put one report's title and text into the report index (SQLite: FTS5, folded for Arabic;
    PostgreSQL: the report's `search` lexemes)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO reports_fts(rowid, title, text) VALUES (:i, :title, :body)"),
                     {"i": report_id, "title": fold_arabic(title) if title else title, "body": fold_arabic(body)})
    else:
        conn.execute(text("UPDATE reports SET search = array_to_tsvector(CAST(:words AS text[])) WHERE id = :i"),
                     {"i": report_id, "words": _lexemes(f"{title or ''}\n{body}")})


def index_incidents_text(conn, incident_ids) -> None:
    """(Re-)index the text of these incidents: their reports' titles and texts (SQLite: FTS5, folded
    for Arabic; PostgreSQL: the union of their reports' lexemes)."""
    ids = list(incident_ids)
    if conn.dialect.name != "sqlite":
        if ids:
            conn.execute(text(
                "UPDATE incidents SET search = (SELECT array_to_tsvector(array_agg(DISTINCT w)) "
                "FROM incident_reports ir JOIN reports r ON r.id = ir.report_id, unnest(tsvector_to_array(r.search)) w "
                "WHERE ir.incident_id = incidents.id) WHERE id = ANY(:ids)"), {"ids": ids})
        return
    for incident_id in ids:
        conn.execute(text("DELETE FROM incidents_fts WHERE rowid = :i"), {"i": incident_id})
        rows = conn.execute(text("SELECT r.title, r.text FROM incident_reports ir JOIN reports r ON r.id = ir.report_id "
                                 "WHERE ir.incident_id = :i"), {"i": incident_id}).all()
        if rows:
            conn.execute(text("INSERT INTO incidents_fts(rowid, text) VALUES (:i, :body)"),
                         {"i": incident_id, "body": fold_arabic("\n".join(f"{title or ''}\n{body}" for title, body in rows))})


class SearchStore(Transactions):

    def matching_reports(self, words: str):
        """A subquery of the ids of reports whose title or text contains every word (FTS5 on
        SQLite, the `search` lexemes on PostgreSQL); other queries embed it."""
        return self._matching("reports", words)

    def matching_incidents(self, words: str):
        """A subquery of the ids of incidents whose reports together contain every word (the
        list's text filter; same rules as `matching_reports`)."""
        return self._matching("incidents", words)

    def _matching(self, name: str, words: str):
        if not search_words(words):
            return select(null().label("id")).where(false())
        if self.engine.dialect.name == "sqlite":
            fts = table(f"{name}_fts", column("rowid"))
            return select(fts.c.rowid.label("id")).where(text(f"{name}_fts MATCH :fts_{name}").bindparams(
                **{f"fts_{name}": fts_query(words)}))
        return select(table(name, column("id")).c.id).where(_lexemes_match(name, words))

    def _incidents_matching(self, words: str):
        """The incident list's text condition. On PostgreSQL it is put on the listed rows
        themselves, not as `id IN (a second scan of incidents)`: a self-join the planner answers
        by reading every incident twice (24 ms for 10,000 incidents where the condition alone
        takes 3)."""
        if self.engine.dialect.name == "sqlite" or not search_words(words):
            return t.incidents.c.id.in_(self.matching_incidents(words))
        return _lexemes_match("incidents", words)

    @contextmanager
    def _read_searching(self, words: Optional[str]) -> Iterator[Connection]:
        """A read whose text condition PostgreSQL answers from the GIN index. Its planner prices
        `search @@ query` as one cheap operator per row, so for a common word it prefers to scan
        the table, which decompresses every incident's lexemes (about 4 KB each): 40–70 ms for
        10,000 incidents against 3 ms through the index, and a search page that saturated the
        server at 50 requests a second (bench/web.py). Sequential scans are turned off for that
        read only."""
        with self._read() as conn:
            searching = bool(words and search_words(words)) and conn.dialect.name == "postgresql"
            if searching:
                conn.execute(text("SET LOCAL enable_seqscan = off"))
            yield conn
            if searching:       # after an error the transaction's rollback undoes the SET LOCAL itself
                conn.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))

    def index_incident_text(self, conn, incident_ids) -> None:
        """Re-index the text of these incidents (after reports joined or left them)."""
        index_incidents_text(conn, incident_ids)

    def search_reports(self, words: str, limit: int = SEARCH_LIMIT) -> list[int]:
        """Ids of reports whose title or text contains every word."""
        if not re.search(r"\w", words or ""):
            return []
        with self._read_searching(words) as conn:
            return list(conn.execute(self.matching_reports(words).limit(limit)).scalars())

    def _conditions(self, f: IncidentFilter) -> list:
        c = t.incidents.c
        where = [c.merged_into.is_(None), c.removed.is_(False)]
        if f.date_from:
            where.append(c.date >= f.date_from)
        if f.date_to:
            where.append(c.date <= f.date_to)
        if f.country:
            where.append(c.country_code == f.country.upper())
        if f.admin1:
            where.append(c.admin1 == f.admin1)
        if f.belligerent:
            where.append(cast(c.belligerents, String).like(f'%"{f.belligerent}"%'))
        if f.means:
            where.append(cast(c.means, String).like(f'%"{f.means}"%'))
        if f.grade:
            where.append(c.grade == f.grade)
        if f.deaths_min is not None:
            where.append(c.civilian_deaths_max >= f.deaths_min)
        if f.deaths_max is not None:
            where.append(c.civilian_deaths_min <= f.deaths_max)
        if f.unreviewed:
            where.append(or_(c.reviewed_at.is_(None), c.new_evidence.is_(True)))
        if f.q and re.search(r"\w", f.q):
            where.append(self._incidents_matching(f.q))
        return where

    def find_incidents(self, f: IncidentFilter, offset: int = 0, limit: Optional[int] = 50) -> tuple[list[int], dict]:
        """Ids of the incidents matching `f` in its order, one page of them, and totals over all
        matches: {"incidents", "deaths_min", "deaths_max"}."""
        c = t.incidents.c
        where = and_(*self._conditions(f))
        key = f.sort.lstrip("-")
        column = SORTS.get(key, c.date)
        order = [column.desc() if f.sort.startswith("-") else column.asc(), c.id.desc()]
        with self._read_searching(f.q) as conn:
            query = select(c.id).where(where).order_by(*order).offset(offset)
            if limit is not None:
                query = query.limit(limit)
            ids = list(conn.execute(query).scalars())
            n, low, high = conn.execute(select(func.count(), func.sum(c.civilian_deaths_min),
                                               func.sum(c.civilian_deaths_max)).where(where)).one()
        return ids, {"incidents": n, "deaths_min": low or 0, "deaths_max": high or 0}

    def summaries(self, ids: list[int]) -> list[dict]:
        """The list view of incidents, in the order of `ids`: one query for the rows, one for
        the report counts (no claims loaded)."""
        c, ir = t.incidents.c, t.incident_reports.c
        with self._read() as conn:
            rows = {r.id: dict(r._mapping) for r in conn.execute(
                select(c.id, c.date, c.date_precision, c.place, c.belligerents, c.means, c.civilian_deaths_min,
                       c.civilian_deaths_max, c.grade, c.grade_reason, c.disputed, c.independent_sources,
                       c.reviewed_at, c.new_evidence).where(c.id.in_(ids)))}
            for r in conn.execute(select(ir.incident_id, func.count()).where(ir.incident_id.in_(ids))
                                  .group_by(ir.incident_id)):
                rows[r[0]]["reports"] = r[1]
        return [rows[i] | {"reports": rows[i].get("reports", 0)} for i in ids if i in rows]

    def belligerent_figures(self) -> list[dict]:
        """Figures a belligerent's own spokespeople give for one incident, with the incident's
        alleged parties (the "admitted" column of the tallies page); none from an earlier version."""
        cl, ir, inc, rp = t.claims.c, t.incident_reports.c, t.incidents.c, t.reports.c
        query = (select(ir.incident_id, inc.belligerents, cl.id, cl.report_id, cl.population, cl.min, cl.max,
                        cl.claimant, cl.sentence, rp.language)
                 .join(t.incident_reports, ir.report_id == cl.report_id)
                 .join(t.reports, rp.id == cl.report_id)
                 .join(t.incidents, inc.id == ir.incident_id)
                 .where(cl.claimant_type == "belligerent", cl.kind == "killed", cl.scope == "incident",
                        ir.role == "main", inc.merged_into.is_(None), inc.removed.is_(False),
                        rp.version_url.is_(None)))
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def facets(self) -> dict[str, list]:
        """Values present in the store for the filter menus: countries as (code, name), admin-1
        units, belligerents and means."""
        c = t.incidents.c
        live = c.merged_into.is_(None) & c.removed.is_(False)
        with self._read() as conn:
            firsts = select(c.country_code, func.min(c.id).label("first")).where(live, c.country_code.is_not(None)) \
                .group_by(c.country_code).subquery()
            countries = sorted((r.country_code, (r.place or {}).get("country") or r.country_code) for r in conn.execute(
                select(firsts.c.country_code, c.place).join(t.incidents, c.id == firsts.c.first)))
            admin1 = sorted(r for r in conn.execute(select(c.admin1).where(live).distinct()).scalars() if r)
            named = {"belligerents": set(), "means": set()}
            # distinct as text: PostgreSQL's json type has no equality
            for parties, means in conn.execute(select(cast(c.belligerents, String), cast(c.means, String))
                                               .where(live).distinct()):
                named["belligerents"].update(json.loads(parties or "null") or ())
                named["means"].update(json.loads(means or "null") or ())
        return {"countries": countries, "admin1": admin1, **{k: sorted(v) for k, v in named.items()}}

    def monthly(self, f: IncidentFilter) -> list[dict]:
        """Per month and belligerent: civilian deaths min and max summed, and the grade mix."""
        c = t.incidents.c
        rows = []
        with self._read_searching(f.q) as conn:
            for r in conn.execute(select(c.date, c.belligerents, c.grade, c.civilian_deaths_min, c.civilian_deaths_max)
                                  .where(and_(*self._conditions(f)), c.date.is_not(None))):
                rows.append({"month": r.date.strftime("%Y-%m"), "belligerent": (r.belligerents or ["unknown"])[0],
                             "grade": r.grade, "min": r.civilian_deaths_min or 0, "max": r.civilian_deaths_max or 0})
        return rows

    def cumulative_claims(self) -> list[dict]:
        """Tallies across many incidents that reports cite (scope `cumulative`), with their source;
        an earlier version of a report (history) cites none."""
        cl, rp = t.claims.c, t.reports.c
        query = (select(cl.id, cl.report_id, cl.kind, cl.population, cl.min, cl.max, cl.qualifier, cl.claimant,
                        cl.claimant_type, cl.parties, cl.sentence, rp.title, rp.outlet, rp.published,
                        rp.published_precision, rp.language)
                 .join(t.reports, rp.id == cl.report_id).where(cl.scope == "cumulative", rp.version_url.is_(None))
                 .order_by(cl.id))
        with self._read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for row in rows:                          # as far as it is known: "2021-06" for a month
            row["published"] = period_text(row["published"], row.pop("published_precision"))
        return rows
