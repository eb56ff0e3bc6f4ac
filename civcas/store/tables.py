"""SQLAlchemy tables. Portable SQL only (SQLite now, PostgreSQL later through the same models).

Machine output (facts, claims, incidents' assessed fields) and analyst decisions live in
separate tables, so a re-run can rewrite the first and never touch the second.

The full-text indexes are per backend and not declared here: SQLite's FTS5 tables `reports_fts`
and `incidents_fts`, PostgreSQL's `search` tsvector columns of `reports` and `incidents` (revision
0015); `civcas.store.search` writes and reads both.
"""
from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        MetaData, String, Table, Text, UniqueConstraint, false)

metadata = MetaData()

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("outlet", String(300)),
    Column("url", String(2000), unique=True),
    Column("title", Text),
    Column("published", Date),
    # "day", or "month"/"year" when the page states only that much (`published` is its first day)
    Column("published_precision", String(5), nullable=False, default="day", server_default="day"),
    Column("language", String(10), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("origin_file", Text),
    Column("origin_line", Integer),
    Column("ingested_at", DateTime, nullable=False),
    Column("processed_at", DateTime),
    Column("warning", Text),            # what ingest had to guess to read it (encoding), shown with it
    # Where a watched source's response is archived (civcas.archive) and when it was fetched.
    Column("archive_locator", String(300)),
    Column("archive_sha256", String(64)),
    Column("fetched_at", DateTime),
    # The earlier version of this URL whose text changed (both kept). `url` names the latest
    # version only (it stays unique); an earlier version keeps its URL in `version_url`.
    Column("previous_version_id", Integer, index=True, unique=True),
    Column("version_url", String(2000), index=True),
    Column("withdrawn_at", DateTime),   # the URL answered 404/410 at a re-check
    sqlite_autoincrement=True,
)

ingest_errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime, nullable=False),
)

# A stage that failed on one stored report: the report counts as processed, the run goes on.
report_errors = Table(
    "report_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("stage", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime, nullable=False),
    sqlite_autoincrement=True,
)

# Persistent LSH index: one row per (band, bucket) a report falls in, so a new report finds its
# candidates with an indexed lookup instead of re-comparing the whole store.
lsh_buckets = Table(
    "lsh_buckets", metadata,
    Column("bucket", String(40), nullable=False),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Index("ix_lsh_buckets_bucket", "bucket"),
    Index("ix_lsh_buckets_report_id", "report_id"),
)

sentence_hashes = Table(
    "sentence_hashes", metadata,
    Column("hash", String(40), nullable=False),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("sentence_index", Integer, nullable=False),
    Index("ix_sentence_hashes_hash", "hash"),
    Index("ix_sentence_hashes_report_id", "report_id"),
)

provenance_links = Table(
    "provenance_links", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_a", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("report_b", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("relation", String(10), nullable=False),
    Column("containment", Float, nullable=False),
    Column("shared_sentences", JSON, nullable=False),
    Column("source_id", Integer),
    UniqueConstraint("report_a", "report_b"),
)

report_facts = Table(
    "report_facts", metadata,
    Column("report_id", Integer, ForeignKey("reports.id"), primary_key=True),
    Column("date", Date),
    Column("date_precision", String(10)),
    Column("date_source", Text),
    Column("place", JSON),
    Column("places_mentioned", JSON),
    Column("belligerents", JSON),
    Column("means", JSON),
    Column("names", JSON),
    Column("words", JSON),
    Column("mentions", JSON),
    Column("extractor_version", String(40)),     # the reading that produced them (civcas.extract.version)
)

# In how many reports' word profiles each word is (the row "" counts the profiles): the weight of
# a shared word in text similarity falls as more reports use it.
word_counts = Table(
    "word_counts", metadata,
    Column("word", String(60), primary_key=True),
    Column("reports", Integer, nullable=False),
)

# People's names per report, indexed: a report finds the reports naming the same person.
report_names = Table(
    "report_names", metadata,
    Column("name", String(200), nullable=False),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Index("ix_report_names_name", "name"),
    Index("ix_report_names_report_id", "report_id"),      # a report's names are replaced with its facts
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("kind", String(10), nullable=False),
    Column("population", String(12), nullable=False),
    Column("min", Integer, nullable=False),
    Column("max", Integer),
    Column("qualifier", Text, nullable=False),
    Column("claimant", Text),
    Column("claimant_type", String(12), nullable=False),
    Column("stance", String(12), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("parties", JSON),
    Column("extractor_version", String(40)),
    Column("rule", String(60)),          # the ids of the rules that read it (civcas.extract)
)

statements = Table(
    "statements", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("party", String(100), nullable=False),
    Column("stance", String(12), nullable=False),
    Column("claimant", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("about_civilians", Boolean, nullable=False, default=False),
)

# Incident ids come from an AUTOINCREMENT key: never renumbered, never reused.
incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("date", Date),
    Column("date_precision", String(10)),
    Column("date_source", Text),
    Column("place", JSON),
    Column("belligerents", JSON),
    Column("means", JSON),
    Column("civilian_deaths_min", Integer),
    Column("civilian_deaths_max", Integer),
    Column("grade", String(12)),
    Column("grade_reason", Text),
    Column("disputed", Boolean),
    Column("independent_sources", Integer),
    Column("assessed_at", DateTime),
    # The assess stage's own answer, kept beside the published columns above, which are that
    # answer with the analysts' settings laid over it (so a re-run never replaces a decision).
    Column("machine", JSON),
    Column("country_code", String(2)),
    Column("admin1", String(200)),
    Column("merged_into", Integer, ForeignKey("incidents.id")),
    Column("reviewed_by", String(100)),
    Column("reviewed_at", DateTime),
    Column("new_evidence", Boolean, nullable=False, default=False),
    # An analyst took it out of the published data (see civcas.review.remove).
    Column("removed", Boolean, nullable=False, default=False, server_default=false()),
    Index("ix_incidents_date", "date"),
    # The linker's blocking: a date window in a unit or a country (and the lists filtered by either).
    Index("ix_incidents_admin1_date", "admin1", "date"),
    Index("ix_incidents_country_date", "country_code", "date"),
    Index("ix_incidents_grade", "grade"),
    Index("ix_incidents_deaths", "civilian_deaths_max"),
    # Covers the list's totals (count and sums of deaths) without reading the wide rows; no index
    # leads with merged_into, which nearly every row shares (the planner would pick it and lose
    # the ordered scan of the date or deaths index).
    Index("ix_incidents_totals", "civilian_deaths_min", "civilian_deaths_max", "merged_into"),
    sqlite_autoincrement=True,
)

incident_reports = Table(
    "incident_reports", metadata,
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("role", String(10), nullable=False),
    Column("score", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    UniqueConstraint("incident_id", "report_id"),
)

# The change log of incidents: a row each time what the export says of an incident changes, in the
# transaction that changes it. `version` grows with every change (the export's `export_version`);
# `civcas export --since V` reads the rows after V. Written only by the store (civcas.store.changes).
incident_changes = Table(
    "incident_changes", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    # No foreign key: the log outlives an incident row deleted by hand (it reads as removed).
    Column("incident_id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(10), nullable=False),
    Column("merged_into", Integer),
    Column("at", DateTime, nullable=False),
    Index("ix_incident_changes_incident_id", "incident_id"),
)

# Analyst decisions, the audit trail: one row per action (who, when, what, before, after, why),
# written only by people and never updated or deleted; the pipeline reads them, never writes here.
analyst_decisions = Table(
    "analyst_decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False, index=True),
    Column("action", String(20), nullable=False, server_default="set"),
    Column("field", String(40)),
    Column("before", JSON),
    Column("value", JSON),
    Column("target", JSON),
    Column("reason", Text),
    Column("author", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(10), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Logged-in sessions, server-side: the cookie holds a random token and this table only its SHA-256,
# so a copy of the database cannot be turned into a cookie. The role is read from `users` on each
# request; a revoked (logout, user removed, password reset) or expired row stays as a record.
sessions = Table(
    "sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("username", String(100), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

# Every login attempt (the user name as typed, the client address, whether it worked and why not)
# and every lockout an admin lifted: the audit of logins, and what the login throttle counts.
login_events = Table(
    "login_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False),
    Column("address", String(64), nullable=False),
    Column("success", Boolean, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_login_events_username_at", "username", "at"),
    Index("ix_login_events_address_at", "address", "at"),
)

# Small per-database settings. (It held the web session key until migration 0008; that key now
# lives outside the database, see civcas.web.secret.)
settings = Table(
    "settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

gazetteer_places = Table(
    "gazetteer_places", metadata,
    Column("geonameid", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("asciiname", Text),
    Column("alternatenames", Text),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("feature_class", String(1)),
    Column("feature_code", String(10)),
    Column("country_code", String(2)),
    Column("admin1_code", String(20)),
    Column("admin2_code", String(80)),
    Column("population", Integer),
)

# `civcas watch`: each source of the sources file with its polling state (so a restart resumes and
# a failing source stays backed off), and every article URL it has met: fetched once, re-checked
# with a conditional GET while young.
sources = Table(
    "sources", metadata,
    Column("name", String(200), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("target", Text, nullable=False),
    Column("last_poll_at", DateTime),
    Column("next_poll_at", DateTime),
    Column("failures", Integer, nullable=False, default=0),      # consecutive failed polls
    Column("last_error", Text),
    Column("new_items", Integer, nullable=False, default=0),     # reports its last poll added
    Column("fetched", Integer, nullable=False, default=0),       # responses fetched for it, ever
    Column("etag", Text),                                        # of its feed/sitemap/channel page
    Column("last_modified", Text),
    Column("removed_at", DateTime),                              # when it left the sources file
)

seen_urls = Table(
    "seen_urls", metadata,
    Column("url", String(2000), primary_key=True),
    Column("source", String(200), nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_status", Integer),
    Column("report_id", Integer, ForeignKey("reports.id")),      # its newest version; none when kept out
    Column("note", Text),                                        # why no report (keywords, too large, 404)
    Column("next_check", DateTime, index=True),                  # none: never re-checked
)
