"""What a source lists: feed entries (feedparser), sitemap and news-sitemap URLs and the child
sitemaps of an index (lxml), a Telegram channel preview's messages (lxml.html). Parsers of
well-kept libraries only: a source's bytes are hostile input."""
from __future__ import annotations

import datetime as dt
import gzip
import io
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit

from lxml import etree, html as lxml_html

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_SITEMAP_BYTES = 50_000_000        # the sitemaps protocol's limit for one file, uncompressed


class ListingError(ValueError):
    """A listing that is not what its source says it is (not a feed, not a sitemap)."""


@dataclass(frozen=True)
class Item:
    url: str
    title: Optional[str] = None
    published: Optional[dt.date] = None
    text: Optional[str] = None          # a channel message is its own report: no page to fetch


@dataclass(frozen=True)
class Listing:
    items: tuple[Item, ...] = ()
    sitemaps: tuple[str, ...] = ()      # a sitemap index's children, fetched in turn


def _http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def feed(body: bytes, url: str, content_type: Optional[str] = None) -> Listing:
    import feedparser
    parsed = feedparser.parse(body, response_headers={"content-location": url,
                                                       "content-type": content_type or "application/xml"})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise ListingError(f"not a feed ({getattr(parsed, 'bozo_exception', None) or 'no RSS or Atom found'})")
    items = []
    for entry in parsed.entries:
        link = urljoin(url, entry.get("link") or "")
        if not _http(link):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(Item(link, (entry.get("title") or "").strip() or None,
                          dt.date(*stamp[:3]) if stamp else None))
    return Listing(tuple(items))


_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


def sitemap(body: bytes, url: str) -> Listing:
    """A urlset (news:news entries give title and publication date) or a sitemap index; a
    gzip-compressed sitemap (`sitemap.xml.gz`) is opened first."""
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as packed:
                body = packed.read(MAX_SITEMAP_BYTES + 1)
        except OSError as exc:
            raise ListingError(f"broken gzip sitemap: {exc}") from None
        if len(body) > MAX_SITEMAP_BYTES:
            raise ListingError(f"sitemap over {MAX_SITEMAP_BYTES:,} bytes uncompressed")
    try:
        root = etree.fromstring(body, _XML)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not a sitemap (XML error: {exc})") from None
    kind = etree.QName(root).localname
    ns = {"s": etree.QName(root).namespace or SITEMAP, "n": NEWS}
    if kind == "sitemapindex":
        locs = (urljoin(url, (loc or "").strip()) for loc in root.xpath("s:sitemap/s:loc/text()", namespaces=ns))
        return Listing(sitemaps=tuple(u for u in locs if _http(u)))
    if kind != "urlset":
        raise ListingError(f"not a sitemap (root element <{kind}>)")
    items = []
    for entry in root.xpath("s:url", namespaces=ns):
        link = urljoin(url, (entry.findtext(f"{{{ns['s']}}}loc") or "").strip())
        if not _http(link):
            continue
        title = entry.xpath("string(n:news/n:title)", namespaces=ns).strip() or None
        when = entry.xpath("string(n:news/n:publication_date)", namespaces=ns) \
            or entry.findtext(f"{{{ns['s']}}}lastmod") or ""
        items.append(Item(link, title, _day(when)))
    return Listing(tuple(items))


def telegram(body: bytes, url: str) -> Listing:
    """A channel's public web preview (t.me/s/NAME): each message with its text, link and date
    (the quoted message a reply shows is not its text); messages without text (a photo alone)
    are left out."""
    try:
        page = lxml_html.document_fromstring(body)
    except (etree.ParserError, ValueError) as exc:
        raise ListingError(f"not a channel preview page ({exc})") from None
    messages = page.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " tgme_widget_message ")]'
                          '[@data-post]')
    if not messages and not page.xpath('//*[contains(@class, "tgme_channel_info")]'):
        raise ListingError("not a Telegram channel preview page (no messages, no channel header)")
    items = []
    for message in messages:
        texts = message.xpath('.//div[contains(concat(" ", normalize-space(@class), " "), " tgme_widget_message_text ")]'
                              '[not(ancestor::*[contains(@class, "tgme_widget_message_reply")])]')   # not a quote
        if not texts:
            continue
        for br in texts[0].iter("br"):
            br.tail = "\n" + (br.tail or "")
        text = texts[0].text_content().strip()
        if not text:
            continue
        dated = message.xpath('.//a[contains(@class, "tgme_widget_message_date")]')
        link = urljoin(url, dated[0].get("href")) if dated and dated[0].get("href") else \
            f"https://t.me/{message.get('data-post')}"
        stamp = message.xpath('string(.//time/@datetime)')
        items.append(Item(link, None, _day(stamp), text))
    return Listing(tuple(items))


def _day(value: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None
