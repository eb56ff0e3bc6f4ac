"""A report's source as archived: the response read back from the WARC archive and made inert
(no script, event handler, frame, form, style or external resource survives), shown inside the
site's own page and CSP with a banner saying what it is (URL, time archived, SHA-256)."""
from __future__ import annotations

import email.message
from typing import Optional

import lxml.html
from lxml_html_clean import Cleaner
from markupsafe import Markup

from civcas.archive import Archive, archive_directory
from civcas.ingest.encoding import DecodeError, decode
from civcas.store import Store

#: Everything that runs, loads or submits goes: what is left is the page's text and links.
CLEANER = Cleaner(scripts=True, javascript=True, comments=True, style=True, inline_style=True, links=True,
                  meta=True, page_structure=True, processing_instructions=True, embedded=True, frames=True,
                  forms=True, annoying_tags=True, remove_unknown_tags=True, safe_attrs_only=True,
                  add_nofollow=True, host_whitelist=(),
                  kill_tags=["img", "picture", "source", "video", "audio", "track", "svg", "math", "noscript",
                             "template", "canvas", "map"])


def _content_type(headers: list[tuple[str, str]]) -> tuple[str, Optional[str]]:
    """(media type, charset) of a response's Content-Type header."""
    value = next((v for k, v in headers if k.lower() == "content-type"), "")
    message = email.message.Message()
    message["content-type"] = value or "application/octet-stream"
    return message.get_content_type(), message.get_content_charset()


def inert_html(text: str) -> Markup:
    """The body of an HTML page with nothing left that runs or loads, as markup for a template."""
    try:
        document = lxml.html.document_fromstring(text)
    except Exception:        # lxml refuses empty documents and some declarations: nothing to show
        return Markup("")
    body = CLEANER.clean_html(document).find("body")
    if body is None:
        return Markup("")
    body.tag = "div"
    body.attrib.clear()
    body.set("class", "archived-page")
    return Markup(lxml.html.tostring(body, encoding="unicode", method="html"))


def replay_page(store: Store, report_id: int) -> Optional[dict]:
    """What the replay page shows for a report with an archived source; None when it has none.
    Raises `civcas.archive.ArchiveError` when the record is missing or fails its digest."""
    found = store.reports([report_id])
    if not found or not found[0].archive_locator:
        return None
    report = found[0]
    response = Archive(archive_directory(store.url)).read(report.archive_locator)
    media_type, charset = _content_type(response.headers)
    page = {"report": report, "response": response, "media_type": media_type, "html": None, "text": None,
            "warning": None}
    if media_type in ("text/html", "application/xhtml+xml") or media_type.startswith("text/"):
        try:
            decoded = decode(response.body, charset, page=media_type != "text/plain")
        except DecodeError as exc:
            page["warning"] = f"the body cannot be read as text ({exc})"
            return page
        page["warning"] = decoded.warning
        if media_type in ("text/html", "application/xhtml+xml"):
            page["html"] = inert_html(decoded.text)
        else:
            page["text"] = decoded.text
    return page
