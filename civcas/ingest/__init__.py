"""Ingest: files and folders of .txt, .html and .jsonl into Reports.

Each format is one registered reader (`@reader(".ext")`), so a new source is one function. Bad
items (binary, empty, huge, undecodable, malformed) become an error for that item and never stop
the rest.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from civcas.ingest import encoding
from civcas.ingest.encoding import Decoded
from civcas.ingest.language import detect
from civcas.model import Report

MAX_BYTES = 5_000_000          # one report larger than this is refused (a dump, not an article)
MAX_TEXT_CHARS = 200_000
META_SUFFIX = ".meta.json"


class IngestError(ValueError):
    """A single item that cannot be ingested, with the reason in words."""


#: An item is either a Report or the error that stopped it, with the origin for messages.
Item = tuple[str, Union[Report, IngestError, "Skipped"]]
READERS: dict[str, Callable[[Path], Iterator[Item]]] = {}


def reader(*suffixes: str):
    def register(fn):
        for suffix in suffixes:
            READERS[suffix] = fn
        return fn
    return register


@dataclass
class IngestResult:
    added: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # files of a folder that hold no reports


EARLIEST_PUBLISHED = dt.date(1900, 1, 1)


_PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?")
PRECISIONS = ("day", "month", "year")


def parse_published(value) -> tuple[Optional[dt.date], str]:
    """`published` and how much of it is known: YYYY-MM-DD (a longer ISO timestamp is cut to its
    date) is a day; YYYY-MM or YYYY, what many pages state, a month or a year, kept as its first
    day; null stays unknown. A date before 1900 or after tomorrow is a typo or a placeholder
    (0001-01-01, 9999-12-31), and the stages count days from it: refused here rather than failing
    them later."""
    if value in (None, ""):
        return None, "day"
    text = str(value).strip()
    period = _PERIOD.fullmatch(text)
    try:
        if period:
            precision = "month" if period["month"] else "year"
            published = dt.date(int(period["year"]), int(period["month"] or 1), 1)
        else:
            precision, published = "day", dt.date.fromisoformat(text[:10])
    except ValueError:
        raise IngestError(f"published is not a date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY): "
                          f"{value!r}") from None
    latest = dt.date.today() + dt.timedelta(days=1)
    if not EARLIEST_PUBLISHED <= published <= latest:
        raise IngestError(f"published {text} is outside {EARLIEST_PUBLISHED.isoformat()} … "
                          f"{latest.isoformat()} (tomorrow)")
    return published, precision


def decode(data: bytes, declared: Optional[str] = None, page: bool = True) -> Decoded:
    """Text and warning of one item's bytes (see civcas.ingest.encoding); unreadable is refused."""
    try:
        return encoding.decode(data, declared, page)
    except encoding.DecodeError as exc:
        raise IngestError(str(exc)) from None


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise line endings and drop control characters, keeping paragraphs (blank lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\xa0", " ")
    text = _CONTROLS.sub("", text)
    if not text.strip():
        raise IngestError("empty report: no text")
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(f"text too long ({len(text):,} characters; at most {MAX_TEXT_CHARS:,})")
    return text.strip()


def html_to_text(html: str) -> str:
    """Main article text of a page (trafilatura drops navigation, scripts and ads)."""
    import trafilatura
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise IngestError("no article text found in the HTML")
    return text.replace("\n", "\n\n")     # trafilatura puts one block per line: keep them paragraphs


_HTML_START = re.compile(r"\A\ufeff?\s*<(?:!doctype\s+html|html|head|body|article|section|div|p|h[1-6]|title|meta|script|style)\b",
                         re.IGNORECASE)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACES = re.compile(r"[ \t]{2,}")      # where dropped tags stood (100,000 nested <div>s are no text)


def as_text(text: str) -> str:
    """Text as given, or the article text of a page or fragment of HTML handed over as text (a
    .txt saved from a browser, a scraper's JSON line): its scripts and markup are not the report.
    Text that only opens with a tag, where trafilatura finds no article, keeps its words (its tags
    and scripts dropped)."""
    if not _HTML_START.match(text):
        return text
    try:
        return html_to_text(text)
    except IngestError:
        return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", text))))


#: Longest metadata the reports table holds (PostgreSQL enforces them; SQLite would not).
FIELD_LIMITS = {"outlet": 300, "url": 2000, "title": 10_000, "language": 10, "charset": 40, "warning": 10_000}


def report_from_record(record: dict, text: str, origin_file: str, origin_line: Optional[int],
                       decoding: Optional[str] = None) -> Report:
    """A Report from ingest's record shape, its metadata checked as strictly as its text. Its
    warning joins the record's own (one exported with `--format reports`) and what reading it
    needed (`decoding`)."""
    fields = {key: _string_field(record, key) for key in FIELD_LIMITS}
    text, broken = _SURROGATES.subn("\ufffd", text)
    text = clean_text(text)
    language, guessed = (fields["language"].lower(), None) if fields["language"] else detect(text)
    warnings = [fields["warning"], decoding,      # a JSON line's "\ud83d" without its pair cannot be stored
                f"{broken} unpaired surrogate escape{'s' if broken != 1 else ''} replaced (U+FFFD)" if broken else None,
                guessed]
    published, precision = parse_published(record.get("published"))
    return Report(text=text, outlet=fields["outlet"], url=fields["url"] or None,
                  title=fields["title"] or None, published=published, published_precision=precision,
                  language=language, origin_file=origin_file, origin_line=origin_line,
                  warning="; ".join(w for w in warnings if w) or None)


def _string_field(record: dict, key: str) -> Optional[str]:
    """A metadata string: type and length checked, control characters dropped."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(f"{key} must be a string")
    if len(value) > FIELD_LIMITS[key]:
        raise IngestError(f"{key} too long ({len(value):,} characters; at most {FIELD_LIMITS[key]:,})")
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", value)).strip()


def _read_file_bytes(path: Path) -> bytes:
    """A file's bytes, its size checked before reading (a 50 MB dump is never loaded)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(f"file too large ({size:,} bytes; at most {MAX_BYTES:,})")
    return path.read_bytes()


def _sidecar(path: Path) -> dict:
    meta = path.with_name(path.name[: -len(path.suffix)] + META_SUFFIX)
    if not meta.exists():
        return {}
    try:
        data = json.loads(decode(_read_file_bytes(meta), page=False).text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"{meta.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise IngestError(f"{meta.name} must hold a JSON object")
    return data


def _single(path: Path, to_text: Callable[[str], str]) -> Iterator[Item]:
    try:
        meta = _sidecar(path)
        decoded = decode(_read_file_bytes(path), _string_field(meta, "charset"))
        yield str(path), report_from_record(meta, to_text(decoded.text), str(path), None, decoded.warning)
    except IngestError as exc:
        yield str(path), exc
    except Exception as exc:       # a parser's own failure is this item's error, never the run's
        yield str(path), _unreadable(exc)


def _unreadable(exc: Exception) -> IngestError:
    return IngestError(f"unreadable ({type(exc).__name__}: {exc})")


@reader(".txt")
def read_text(path: Path) -> Iterator[Item]:
    yield from _single(path, as_text)


@reader(".html", ".htm")
def read_html(path: Path) -> Iterator[Item]:
    yield from _single(path, html_to_text)


@reader(".jsonl")
def read_jsonl(path: Path) -> Iterator[Item]:
    """One report per line: {outlet, url, title, published, text}; a line over MAX_BYTES is
    refused without being held in memory."""
    try:
        if path.stat().st_size == 0:
            raise IngestError("empty file")
        handle = path.open("rb")
    except (OSError, IngestError) as exc:
        yield str(path), IngestError(str(exc))
        return
    blank = True
    with handle:
        for number, raw in enumerate(_bounded_lines(handle), start=1):
            origin = f"{path}:{number}"
            if isinstance(raw, bytes) and not raw.strip():
                continue
            blank = False
            if isinstance(raw, int):
                yield origin, IngestError(f"line too large ({raw:,} bytes; at most {MAX_BYTES:,})")
                continue
            yield origin, report_from_line(raw, str(path), number)
    if blank:
        yield str(path), IngestError("no report in the file: every line is blank")


def report_from_line(raw: bytes, path: str, number: int) -> Union[Report, IngestError, "Skipped"]:
    """One `.jsonl` line as a report, the error that refuses it, or why it is skipped (the Spark
    driver reads lines through it too)."""
    def read() -> Report:
        decoded = decode(raw, page=False)
        try:
            record = json.loads(decoded.text)
        except json.JSONDecodeError as exc:
            raise IngestError(f"not valid JSON: {exc}") from None
        return _from_json(record, path, number, decoded.warning)
    return _guarded(read)


def report_from_json(record, path: str, number: int) -> Union[Report, IngestError, "Skipped"]:
    """A record of the `.jsonl` shape (a Parquet row) as a report, or the error that refuses it."""
    return _guarded(lambda: _from_json(record, path, number, None))


def _from_json(record, path: str, number: int, decoding: Optional[str]) -> Union[Report, "Skipped"]:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise IngestError("a line must be a JSON object with a string 'text'")
    if record.get("current") is False:          # a reports export's history: its URL's current text follows
        return Skipped("an earlier version of its URL (\"current\": false)")
    return report_from_record(record, as_text(record["text"]), path, number, decoding)


def _guarded(read: Callable[[], Report]) -> Union[Report, IngestError, "Skipped"]:
    try:
        return read()
    except IngestError as exc:
        return exc
    except Exception as exc:       # a parser's own failure is this item's error, never the run's
        return _unreadable(exc)


def _bounded_lines(handle) -> Iterator[Union[bytes, int]]:
    """Each line's bytes, or the size of a line over MAX_BYTES (read past in MAX_BYTES steps)."""
    while True:
        line = handle.readline(MAX_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_BYTES or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = handle.readline(MAX_BYTES)
            if not line:
                break
            size += len(line)
        yield size


class Skipped(str):
    """Why a file found in a folder, or a line, was not read (it is named, not stored as an error)."""


def iter_items(paths: Iterable[Union[str, Path]]) -> Iterator[Item]:
    """Walk files and folders; sidecar metadata files are not reports; other suffixes are errors
    when named directly and `Skipped` inside folders (a folder of saved pages holds images too)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.endswith(META_SUFFIX))
            files = [p for p in found if p.suffix.lower() in READERS]
            for other in (p for p in found if p.suffix.lower() not in READERS):
                yield str(other), Skipped(f"not a report file ({other.suffix or 'no suffix'}; civcas reads "
                                          f"{', '.join(sorted(READERS))})")
        elif path.is_file():
            files = [path]
        else:
            yield str(path), IngestError("no such file or folder")
            continue
        for file in files:
            read = READERS.get(file.suffix.lower())
            if read is None:
                yield str(file), IngestError(f"unsupported file type {file.suffix or '(none)'}; "
                                             f"expected one of {', '.join(sorted(READERS))}")
                continue
            yield from read(file)


def ingest(store, paths: Iterable[Union[str, Path]], progress: Optional[Callable[[str], None]] = None) -> IngestResult:
    """Store every report found under `paths`; record each failed item with its reason."""
    result = IngestResult()
    for origin, item in iter_items(paths):
        if isinstance(item, Skipped):
            result.skipped.append((origin, str(item)))
        elif isinstance(item, IngestError):
            store.add_error(origin, str(item))
            result.errors.append((origin, str(item)))
        else:
            report_id, created = store.add_report(item)
            (result.added if created else result.unchanged).append(report_id)
        if progress:
            progress(origin)
    return result
