"""The sources file: `[[source]]` tables, each a feed, a sitemap, a list of URLs or a public
Telegram channel's web preview, read and checked whole before anything is fetched (a typo is
named with its source, not met an hour into a run).

    contact = "mailto:desk@example.org"    # optional: who runs this watcher (in the User-Agent)

    [[source]]
    name = "Example wire"
    feed = "https://example.org/world/rss.xml"
    language = "en"
    keywords = ["airstrike", "shelling"]
    every = "15m"
    delay = 2.5
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

KINDS = ("feed", "sitemap", "urls", "telegram")
OPTIONAL = ("language", "keywords", "every", "delay")
DEFAULT_EVERY = 3600.0        # seconds between polls of a source that gives no `every`
DEFAULT_DELAY = 1.0           # seconds between two requests to its host
TELEGRAM_PREVIEW = "https://t.me/s/"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_CHANNEL = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")      # Telegram's public user names
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class SourcesError(ValueError):
    """The sources file cannot be used; the message names the source and the key."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str                        # feed | sitemap | urls | telegram
    targets: tuple[str, ...]         # the feed/sitemap/channel page URL; the list for `urls`
    language: Optional[str] = None
    keywords: tuple[str, ...] = ()   # kept when one occurs (any case); none: everything kept
    every: float = DEFAULT_EVERY
    delay: float = DEFAULT_DELAY

    @property
    def target(self) -> str:
        """What the store records as the source's target (a list of URLs one per line)."""
        return "\n".join(self.targets)

    def wanted(self, text: str) -> bool:
        folded = text.casefold()
        return not self.keywords or any(k.casefold() in folded for k in self.keywords)


@dataclass(frozen=True)
class SourcesFile:
    sources: tuple[Source, ...]
    contact: Optional[str] = None


def load(path: Path) -> SourcesFile:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    return parse(data, str(path))


def parse(data: dict, where: str = "sources file") -> SourcesFile:
    unknown = set(data) - {"source", "contact"}
    if unknown:
        raise SourcesError(f"{where}: unknown top-level key(s) {', '.join(sorted(unknown))} "
                           "(expected [[source]] tables and an optional contact)")
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{where}: no [[source]] table")
    contact = data.get("contact")
    if contact is not None and (not isinstance(contact, str) or not contact.strip() or any(c in contact for c in "()\r\n")):
        raise SourcesError(f"{where}: contact must be one URL or mailto: address")
    sources, names = [], set()
    for number, table in enumerate(tables, start=1):
        source = _source(table, f"{where}: source #{number}")
        if source.name in names:
            raise SourcesError(f"{where}: source {source.name!r}: the name is used twice")
        names.add(source.name)
        sources.append(source)
    return SourcesFile(tuple(sources), contact.strip() if contact else None)


def _source(table, label: str) -> Source:
    if not isinstance(table, dict):
        raise SourcesError(f"{label}: must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise SourcesError(f"{label}: needs a name (a string of 1–200 characters)")
    label = f"source {name.strip()!r}"
    unknown = set(table) - {"name", *KINDS, *OPTIONAL}
    if unknown:
        raise SourcesError(f"{label}: unknown key(s) {', '.join(sorted(unknown))}")
    kinds = [k for k in KINDS if k in table]
    if len(kinds) != 1:
        raise SourcesError(f"{label}: give exactly one of {', '.join(KINDS)} (found {', '.join(kinds) or 'none'})")
    kind = kinds[0]
    value = table[kind]
    if kind == "urls":
        if not isinstance(value, list) or not value:
            raise SourcesError(f"{label}: urls must be a non-empty list of http(s) URLs")
        targets = tuple(_url(v, f"{label}: urls") for v in value)
    elif kind == "telegram":
        targets = (_channel(value, label),)
    else:
        targets = (_url(value, f"{label}: {kind}"),)
    return Source(name=name.strip(), kind=kind, targets=targets, language=_language(table.get("language"), label),
                  keywords=_keywords(table.get("keywords"), label), every=_every(table.get("every"), label),
                  delay=_delay(table.get("delay"), label))


def _url(value, label: str) -> str:
    if not isinstance(value, str) or urlsplit(value.strip()).scheme not in ("http", "https") \
            or not urlsplit(value.strip()).netloc:
        raise SourcesError(f"{label}: {value!r} is not an http(s) URL")
    return value.strip()


def _channel(value, label: str) -> str:
    """A channel name ("@name" or "name") or its preview page's URL (…/s/NAME)."""
    if isinstance(value, str):
        found = _CHANNEL.match(value.strip())
        if found:
            return TELEGRAM_PREVIEW + found.group(1)
        parts = urlsplit(value.strip())
        path = [p for p in parts.path.split("/") if p]
        if parts.scheme in ("http", "https") and parts.netloc and len(path) == 2 and path[0] == "s" \
                and _CHANNEL.match(path[1]):
            return value.strip()
    raise SourcesError(f"{label}: telegram must be a channel name or its preview URL "
                       f"({TELEGRAM_PREVIEW}NAME), not {value!r}")


def _language(value, label: str) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or not _LANGUAGE.match(value.strip().lower()):
        raise SourcesError(f"{label}: language must be an ISO 639-1 code such as \"en\", not {value!r}")
    return value.strip().lower()


def _keywords(value, label: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(k, str) and k.strip() for k in value):
        raise SourcesError(f"{label}: keywords must be a non-empty list of words")
    return tuple(k.strip() for k in value)


def _every(value, label: str) -> float:
    """"15m", "2h", "30s", "1d" as seconds."""
    if value is None:
        return DEFAULT_EVERY
    found = _EVERY.match(value) if isinstance(value, str) else None
    seconds = float(found.group(1)) * _UNITS[found.group(2)] if found else 0
    if seconds <= 0:
        raise SourcesError(f"{label}: every must be a positive duration such as \"15m\", \"2h\" or \"30s\", "
                           f"not {value!r}")
    return seconds


def _delay(value, label: str) -> float:
    if value is None:
        return DEFAULT_DELAY
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 3600:
        raise SourcesError(f"{label}: delay must be a number of seconds between 0 and 3600, not {value!r}")
    return float(value)
