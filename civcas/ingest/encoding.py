"""Bytes to text, never silently: the declared charset (an HTML `<meta charset>`, a sidecar's
`charset`), then a byte-order mark, then UTF-8, then a guess among the encodings news is written
in. Whatever needed guessing or replacing comes back as a warning sentence stored with the report;
bytes that read as nothing (binary, garbage under every guess) are refused with the reason.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Optional


class DecodeError(ValueError):
    """Bytes that are not a text in any encoding we can stand behind."""


@dataclass(frozen=True)
class Decoded:
    text: str
    warning: Optional[str] = None


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: What a guess chooses among, in order of preference when several read equally well (a short
#: "Café naïve" is valid in most single-byte encodings; Western European is the likeliest).
GUESS_ENCODINGS = ("cp1252", "cp1250", "cp1251", "cp1256", "cp1253", "cp1254", "cp1255", "cp1257", "koi8_r",
                   "iso8859_6", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr")
#: A guess messier than this (charset-normalizer's share of odd characters) is garbage, not text.
MAX_GUESS_MESS = 0.1
#: Browsers read these declarations as windows-1252 (WHATWG): the C1 bytes are its quotes and dashes.
READ_AS_CP1252 = {"ascii", "iso8859-1"}
#: In readable text, the letters of one script (LATIN, ARABIC, CJK...) are at least this share.
MAIN_SCRIPT_SHARE = 0.6

_META_CHARSET = re.compile(rb"<meta[^>]{0,500}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
SNIFF_BYTES = 4096


def declared_charset(data: bytes) -> Optional[str]:
    """The charset an HTML page declares in its head (`<meta charset>` or http-equiv)."""
    m = _META_CHARSET.search(data[:SNIFF_BYTES])
    return m.group(1).decode("ascii") if m else None


def decode(data: bytes, declared: Optional[str] = None, page: bool = True) -> Decoded:
    """Text of `data`: by `declared` (else, for a `page`, its own `<meta>` declaration), BOM,
    UTF-8, then a guess. A JSON line is no page: HTML inside its strings is already decoded."""
    notes = []
    declared = declared or (declared_charset(data) if page else None)
    if declared:
        decoded = _as_declared(data, declared, notes)
        if decoded is not None:
            return decoded
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _with_replacements(data, codec, notes)
    if _CONTROL_BYTES.search(data[:SNIFF_BYTES]):
        return _utf16_without_bom(data, notes)
    try:
        text = data.decode("utf-8")
        return Decoded(text, _sentence(notes + ["read as UTF-8"] if notes else notes))
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _with_replacements(data, "utf-8", notes)
    return _guess(data, notes)


def _as_declared(data: bytes, declared: str, notes: list[str]) -> Optional[Decoded]:
    """The declared charset when it reads the bytes; None (with a note) when it is unknown, cannot
    read them, or is another charset laid over bytes that are plainly UTF-8 (a template's stale
    `<meta>`: valid multi-byte UTF-8 is next to impossible by chance)."""
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        notes.append(f"declared charset {declared!r} is unknown")
        return None
    codec = "cp1252" if codec in READ_AS_CP1252 else codec
    if codec.startswith(("utf-16", "utf-32")) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            and not _CONTROL_BYTES.search(data[:SNIFF_BYTES]):
        codec = "utf-8"          # a page whose <meta> could be read as ASCII is not UTF-16 (WHATWG)
    if codec == "utf-8":
        codec = "utf-8-sig"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        notes.append(f"declared charset {declared} does not fit the bytes")
        return None
    if not codec.startswith("utf") and _valid_multibyte_utf8(data):
        notes.append(f"declared charset {declared}, but the bytes are UTF-8")
        return None
    return Decoded(text)


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """(characters beyond ASCII read as UTF-8, undecodable bytes)."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    return sum(1 for ch in text if ch > "\x7f") - bad, bad


def _valid_multibyte_utf8(data: bytes) -> bool:
    good, bad = _utf8_counts(data)
    return good > 0 and bad == 0


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes (a truncated download, a stray byte): its well-formed multi-byte
    characters outnumber the bytes that are not. Text in a single-byte encoding almost never
    forms a valid UTF-8 sequence, so it does not pass."""
    good, bad = _utf8_counts(data)
    return good >= bad


def _with_replacements(data: bytes, codec: str, notes: list[str]) -> Decoded:
    """Decode by `codec`, each undecodable byte replaced by U+FFFD and counted in the warning."""
    text, replaced = re.subn("[\udc80-\udcff]", "\ufffd", data.decode(codec, errors="surrogateescape")) \
        if codec.startswith("utf-8") else _replace_with_count(data, codec)
    if replaced:
        name = "UTF-8" if codec.startswith("utf-8") else codec.upper()
        notes.append(f"decoded as {name}: {replaced} undecodable byte{'s' if replaced != 1 else ''} "
                     f"replaced (U+FFFD)")
    return Decoded(text, _sentence(notes))


def _replace_with_count(data: bytes, codec: str) -> tuple[str, int]:
    original = data.decode(codec, errors="ignore").count("\ufffd")
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd") - original


def _utf16_without_bom(data: bytes, notes: list[str]) -> Decoded:
    """Bytes with NULs or control codes: UTF-16 written without its byte-order mark when a byte
    order reads as text of one script with its spaces where they belong (the wrong order turns
    U+0020 into U+2000), otherwise binary."""
    readings = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        breaks = sum(text.count(ch) for ch in " \n")
        if breaks and readable(text):
            readings.append((breaks, codec, text))
    if not readings:
        raise DecodeError("binary content (NUL or control bytes), not a text report nor UTF-16 text "
                          "with spaces or line breaks")
    _, codec, text = max(readings)
    notes.append(f"decoded as {codec.upper()} (no byte-order mark; guessed from its byte pattern)")
    return Decoded(text, _sentence(notes))


def readable(text: str) -> bool:
    """Text, not bytes read in the wrong encoding: no control characters but line breaks and tabs,
    and its letters mostly of one script (a wrong guess scatters them over several)."""
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f" for ch in text):
        return False
    scripts = Counter(_script(ch) for ch in text if ch.isalpha())
    return not scripts or scripts.most_common(1)[0][1] >= MAIN_SCRIPT_SHARE * sum(scripts.values())


#: Scripts written together (Japanese mixes kana and kanji; Korean may add hanja).
EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC"}


def _script(letter: str) -> str:
    """A letter's script, by the first word of its Unicode name (LATIN, ARABIC, CYRILLIC...)."""
    script = unicodedata.name(letter, "?").split()[0]
    return "CJK" if script in EAST_ASIAN else script


def _guess(data: bytes, notes: list[str]) -> Decoded:
    """The least messy readable reading among GUESS_ENCODINGS, named by the likeliest encoding
    that reads the same, with charset-normalizer's language fit as the confidence in the warning."""
    from charset_normalizer import from_bytes
    matches = [m for m in from_bytes(data, cp_isolation=list(GUESS_ENCODINGS), threshold=MAX_GUESS_MESS)
               if readable(str(m))]
    if not matches:
        raise DecodeError("undecodable text: not UTF-8 and no encoding reads it as text")
    best = min(matches, key=lambda m: (round(m.chaos, 2), -round(m.coherence, 2), GUESS_ENCODINGS.index(m.encoding)))
    name = min((e for e in best.could_be_from_charset if e in GUESS_ENCODINGS), key=GUESS_ENCODINGS.index,
               default=best.encoding)
    notes.append(f"decoded as {name} (guessed, confidence {best.coherence * (1 - best.chaos):.2f})")
    return Decoded(str(best), _sentence(notes))


def _sentence(notes: list[str]) -> Optional[str]:
    return "; ".join(notes) if notes else None
