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

from civcas.model import Report

MAX_BYTES = 5_000_000          # one report larger than this is refused (a dump, not an article)
MAX_TEXT_CHARS = 200_000
META_SUFFIX = ".meta.json"


class IngestError(ValueError):
    """A single item that cannot be ingested, with the reason in words."""


#: An item is either a Report or the error that stopped it, with the origin for messages.
Item = tuple[str, Union[Report, IngestError]]
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


EARLIEST_PUBLISHED = dt.date(1900, 1, 1)


def parse_published(value) -> Optional[dt.date]:
    """`published` as YYYY-MM-DD (a longer ISO timestamp is cut to its date); null stays unknown.
    A date before 1900 or after tomorrow is a typo or a placeholder (0001-01-01, 9999-12-31), and
    the stages count days from it: refused here rather than failing them later."""
    if value in (None, ""):
        return None
    try:
        published = dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise IngestError(f"published is not a YYYY-MM-DD date: {value!r}") from None
    latest = dt.date.today() + dt.timedelta(days=1)
    if not EARLIEST_PUBLISHED <= published <= latest:
        raise IngestError(f"published {published.isoformat()} is outside {EARLIEST_PUBLISHED.isoformat()} … "
                          f"{latest.isoformat()} (tomorrow)")
    return published


def decode(data: bytes) -> str:
    """UTF-8 first; otherwise the encoding charset-normalizer is confident of; binary is refused."""
    if b"\x00" in data[:8192]:
        raise IngestError("binary content (NUL bytes), not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.percent_chaos > 0.2:
        raise IngestError("undecodable text: not UTF-8 and no confident guess of its encoding")
    return str(best)


def clean_text(text: str) -> str:
    """Normalise line endings and drop control characters, keeping paragraphs (blank lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\xa0", " ")
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
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
        return html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", text)))


def report_from_record(record: dict, text: str, origin_file: str, origin_line: Optional[int]) -> Report:
    for key in ("outlet", "url", "title"):
        if record.get(key) is not None and not isinstance(record.get(key), str):
            raise IngestError(f"{key} must be a string")
    return Report(text=clean_text(text), outlet=record.get("outlet"), url=record.get("url") or None,
                  title=record.get("title") or None, published=parse_published(record.get("published")),
                  language=record.get("language") or "en", origin_file=origin_file, origin_line=origin_line)


def _read_file_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(f"file too large ({size:,} bytes; at most {MAX_BYTES:,})")
    return path.read_bytes()


def _sidecar(path: Path) -> dict:
    meta = path.with_name(path.name[: -len(path.suffix)] + META_SUFFIX)
    if not meta.exists():
        return {}
    try:
        data = json.loads(decode(meta.read_bytes()))
    except json.JSONDecodeError as exc:
        raise IngestError(f"{meta.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise IngestError(f"{meta.name} must hold a JSON object")
    return data


def _single(path: Path, to_text: Callable[[str], str]) -> Iterator[Item]:
    try:
        text = to_text(decode(_read_file_bytes(path)))
        yield str(path), report_from_record(_sidecar(path), text, str(path), None)
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
    """One report per line: {outlet, url, title, published, text}."""
    try:
        if path.stat().st_size == 0:
            raise IngestError("empty file")
        handle = path.open("rb")
    except (OSError, IngestError) as exc:
        yield str(path), IngestError(str(exc))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                if len(raw) > MAX_BYTES:
                    raise IngestError(f"line too large ({len(raw):,} bytes)")
                try:
                    record = json.loads(decode(raw))
                except json.JSONDecodeError as exc:
                    raise IngestError(f"not valid JSON: {exc}") from None
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise IngestError("a line must be a JSON object with a string 'text'")
                yield origin, report_from_record(record, as_text(record["text"]), str(path), number)
            except IngestError as exc:
                yield origin, exc
            except Exception as exc:       # a parser's own failure is this line's error, never the run's
                yield origin, _unreadable(exc)


def iter_items(paths: Iterable[Union[str, Path]]) -> Iterator[Item]:
    """Walk files and folders; sidecar metadata files are not reports; other suffixes are errors
    when named directly and skipped silently inside folders."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.endswith(META_SUFFIX)
                           and p.suffix.lower() in READERS)
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
        if isinstance(item, IngestError):
            store.add_error(origin, str(item))
            result.errors.append((origin, str(item)))
        else:
            report_id, created = store.add_report(item)
            (result.added if created else result.unchanged).append(report_id)
        if progress:
            progress(origin)
    return result
