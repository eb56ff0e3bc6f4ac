"""The Parquet tables a batch run writes: the store's tables and columns, JSON columns as JSON
text, so `civcas load` brings them into a database through the store's own functions."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from civcas.model import Claim, Incident, IncidentReport, ProvenanceLink, Report, ReportFacts, Statement
from civcas.store.db import mention_from_json, mention_to_json, place_from_json, place_to_json

#: table name → Spark DDL schema (the store's columns; JSON columns as STRING)
SCHEMAS = {
    "reports": "id INT, outlet STRING, url STRING, title STRING, published DATE, published_precision STRING, "
               "language STRING, text STRING, "
               "content_hash STRING, origin_file STRING, origin_line INT, warning STRING",
    "report_facts": "report_id INT, date DATE, date_precision STRING, date_source STRING, place STRING, "
                    "places_mentioned STRING, belligerents STRING, means STRING, names STRING, words STRING, "
                    "mentions STRING, extractor_version STRING",
    "claims": "id INT, report_id INT, kind STRING, population STRING, min INT, max INT, qualifier STRING, "
              "claimant STRING, claimant_type STRING, stance STRING, scope STRING, sentence STRING, start INT, "
              "end INT, parties STRING, extractor_version STRING, rule STRING",
    "statements": "id INT, report_id INT, party STRING, stance STRING, claimant STRING, sentence STRING, start INT, "
                  "end INT, about_civilians BOOLEAN",
    "lsh_buckets": "bucket STRING, report_id INT",
    "sentence_hashes": "hash STRING, report_id INT, sentence_index INT",
    "provenance_links": "report_a INT, report_b INT, relation STRING, containment DOUBLE, shared_sentences STRING, "
                        "source_id INT",
    "incidents": "id INT, date DATE, date_precision STRING, date_source STRING, place STRING, belligerents STRING, "
                 "means STRING, civilian_deaths_min INT, civilian_deaths_max INT, grade STRING, grade_reason STRING, "
                 "disputed BOOLEAN, independent_sources INT, country_code STRING, admin1 STRING",
    "incident_reports": "incident_id INT, report_id INT, role STRING, score DOUBLE, evidence STRING",
    "ingest_errors": "origin STRING, reason STRING",
    "report_errors": "report_id INT, stage STRING, reason STRING",
}

REPORT_FIELDS = ("id", "outlet", "url", "title", "published", "published_precision", "language", "text", "content_hash",
                 "origin_file", "origin_line", "warning")
CLAIM_FIELDS = [f.name for f in dataclasses.fields(Claim) if f.name not in ("id", "report_id", "corrected")]
STATEMENT_FIELDS = [f.name for f in dataclasses.fields(Statement) if f.name not in ("id", "report_id")]


def report_row(report: Report) -> tuple:
    return tuple(getattr(report, name) for name in REPORT_FIELDS)


def report_from_row(row: dict) -> Report:
    """A report as `Store.add_report` takes it (its id left for the store to give)."""
    return Report(**{k: row[k] for k in REPORT_FIELDS if k not in ("id", "content_hash")})


def facts_row(facts: ReportFacts) -> tuple:
    return (facts.report_id, facts.date, facts.date_precision, facts.date_source, _json(place_to_json(facts.place)),
            _json([place_to_json(p) for p in facts.places_mentioned]), _json(facts.belligerents), _json(facts.means),
            _json(facts.names), _json(facts.words), _json([mention_to_json(m) for m in facts.mentions]),
            facts.extractor_version)


def facts_from_row(row: dict, claims: list[dict], statements: list[dict]) -> ReportFacts:
    return ReportFacts(
        report_id=row["report_id"], date=row["date"], date_precision=row["date_precision"],
        date_source=row["date_source"], place=place_from_json(json.loads(row["place"])),
        places_mentioned=[place_from_json(p) for p in json.loads(row["places_mentioned"])],
        belligerents=json.loads(row["belligerents"]), means=json.loads(row["means"]), names=json.loads(row["names"]),
        words=json.loads(row["words"]), mentions=[mention_from_json(m) for m in json.loads(row["mentions"])],
        extractor_version=row["extractor_version"],
        claims=[Claim(report_id=row["report_id"], **{k: json.loads(c[k]) if k == "parties" else c[k]
                                                      for k in CLAIM_FIELDS}) for c in claims],
        statements=[Statement(report_id=row["report_id"], **{k: s[k] for k in STATEMENT_FIELDS}) for s in statements])


def claim_row(claim_id: int, claim: Claim) -> tuple:
    return (claim_id, claim.report_id, *(_json(claim.parties) if k == "parties" else getattr(claim, k)
                                         for k in CLAIM_FIELDS))


def statement_row(statement_id: int, statement: Statement) -> tuple:
    return (statement_id, statement.report_id, *(getattr(statement, k) for k in STATEMENT_FIELDS))


def link_row(link: ProvenanceLink) -> tuple:
    return (min(link.report_a, link.report_b), max(link.report_a, link.report_b), link.relation,
            float(link.containment), _json([list(p) for p in link.shared_sentences]), link.source_id)


def link_from_row(row: dict) -> ProvenanceLink:
    return ProvenanceLink(row["report_a"], row["report_b"], row["relation"], row["containment"],
                          [tuple(p) for p in json.loads(row["shared_sentences"])], row["source_id"])


def incident_row(incident_id: int, incident: Incident) -> tuple:
    place = incident.place
    return (incident_id, incident.date, incident.date_precision, incident.date_source, _json(place_to_json(place)),
            _json(incident.belligerents), _json(incident.means), incident.civilian_deaths_min,
            incident.civilian_deaths_max, incident.grade, incident.grade_reason, bool(incident.disputed),
            incident.independent_sources, place.country_code if place else None, place.admin1 if place else None)


def incident_from_row(row: dict) -> Incident:
    """The assessed incident as `Store.save_assessment` takes it."""
    return Incident(id=row["id"], date=row["date"], date_precision=row["date_precision"],
                    date_source=row["date_source"], place=place_from_json(json.loads(row["place"])),
                    belligerents=json.loads(row["belligerents"]), means=json.loads(row["means"]),
                    civilian_deaths_min=row["civilian_deaths_min"], civilian_deaths_max=row["civilian_deaths_max"],
                    grade=row["grade"], grade_reason=row["grade_reason"], disputed=row["disputed"],
                    independent_sources=row["independent_sources"])


def incident_report_row(incident_id: int, link: IncidentReport) -> tuple:
    return incident_id, link.report_id, link.role, float(link.score), _json(link.evidence)


def incident_report_from_row(row: dict) -> IncidentReport:
    return IncidentReport(row["report_id"], row["role"], row["score"], json.loads(row["evidence"]))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_date)


def _date(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
