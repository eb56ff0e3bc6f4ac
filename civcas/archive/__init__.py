"""The archive: every fetched response kept as it was read, in WARC files, so a published figure can
be traced to the bytes a source served even after the source is edited or removed.

Layout and rules (the guarantees callers rely on):
- Files `civcas-YYYYMMDDHHMMSS-NNNNN.warc.gz` in one directory; each record is its own gzip member,
  so a record is addressed by `FILE#OFFSET` (its locator) and read without the rest of the file.
- Every `Archive` writes only to files it created itself (its first write creates one; it rotates to
  a new one before a record would take the file over `max_bytes`). A writer killed mid-record thus
  leaves the partial record as the last bytes of its own file, and no later record is ever appended
  after it. The file is locked (fcntl, exclusive) while a record is appended and fsynced, and
  `verify` reads each file under a shared lock, so it never mistakes a record being written for a
  truncated one.
- `write` returns only after the bytes are fsynced: a locator stored after it points at a record.
- `verify` recomputes the block and payload digests (SHA-256) of every complete record and names
  each mismatch and each truncated or unreadable record (such as a killed writer's tail) as bad.
- The body is stored decoded (as an HTTP client returns it); headers about the transfer encoding
  (`Content-Encoding`, `Transfer-Encoding`, `Content-Length`) are kept as `X-Archive-Orig-*` and the
  record's own `Content-Length` is the stored body's, so the record is self-consistent; `read`
  gives back the headers as written.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import fcntl
import hashlib
import http
import io
import os
import re
import threading
import zlib
from pathlib import Path
from typing import BinaryIO, Optional
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

FILE_PATTERN = re.compile(r"civcas-\d{14}-\d{5}\.warc\.gz")
_ORIG = "X-Archive-Orig-"
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
_CHUNK = 1 << 20


class ArchiveError(Exception):
    """A locator that names no readable, intact record."""


@dataclasses.dataclass(frozen=True)
class ArchivedRecord:
    locator: str   # "FILE#OFFSET" of the response record
    sha256: str    # hex SHA-256 of the body


@dataclasses.dataclass(frozen=True)
class ArchivedResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: dt.datetime   # UTC, aware
    sha256: str               # hex SHA-256 of the body, checked against the record's digest


@dataclasses.dataclass(frozen=True)
class BadRecord:
    file: str
    offset: int
    url: Optional[str]
    reason: str


def archive_directory(db_url: str) -> Path:
    """`$CIVCAS_ARCHIVE`, else `archive/` beside the SQLite file, else (a server database) ./archive."""
    if os.environ.get("CIVCAS_ARCHIVE"):
        return Path(os.environ["CIVCAS_ARCHIVE"])
    from sqlalchemy.engine import make_url
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not url.database.startswith("file:"):
        return Path(url.database).absolute().parent / "archive"
    return Path("archive")


def _digest(data: bytes) -> str:
    """The WARC header form: `sha256:` and the base32 of the digest."""
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode("ascii")


def _digest_matches(recorded: Optional[str], data: bytes) -> bool:
    """A recorded digest (base32 as written here, or hex as some tools write) equals `data`'s."""
    if not recorded or ":" not in recorded:
        return False
    algorithm, value = recorded.split(":", 1)
    if algorithm.lower().replace("-", "") != "sha256":
        return False
    digest = hashlib.sha256(data).digest()
    return value.strip().upper() == base64.b32encode(digest).decode("ascii") or value.strip().lower() == digest.hex()


def _warc_date(at: dt.datetime) -> str:
    at = at.replace(tzinfo=dt.timezone.utc) if at.tzinfo is None else at.astimezone(dt.timezone.utc)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _stored_headers(headers: list[tuple[str, str]], body: bytes) -> list[tuple[str, str]]:
    kept = [(_ORIG + name if name.lower() in _TRANSFER_HEADERS else name, value) for name, value in headers]
    return kept + [("Content-Length", str(len(body)))]


def _given_headers(stored: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name[len(_ORIG):] if name.startswith(_ORIG) else name, value)
            for name, value in stored if name.lower() != "content-length"]


class Archive:
    """Append-only WARC writer and reader over one directory (see the module's rules)."""

    def __init__(self, directory: Path, max_bytes: int = 100 * 2**20):
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._file: Optional[str] = None
        self._size = 0
        self._lock = threading.Lock()

    # --- writing ------------------------------------------------------------------------------

    def write(self, url: str, status: int, headers: list[tuple[str, str]], body: bytes, fetched_at: dt.datetime,
              request_headers: Optional[list[tuple[str, str]]] = None) -> ArchivedRecord:
        """Append a `response` record (and a `request` record when its headers are given); durable
        on return."""
        response, record_id = self._response(url, status, headers, body, fetched_at)
        members = [response]
        if request_headers is not None:
            members.append(self._request(url, request_headers, fetched_at, record_id))
        data = b"".join(members)
        with self._lock:
            if self._file is None or (self._size and self._size + len(data) > self.max_bytes):
                self._file, self._size = self._new_file(), 0
            name = self._file
            offset = self._append(name, data)
            self._size = offset + len(data)
        return ArchivedRecord(f"{name}#{offset}", hashlib.sha256(body).hexdigest())

    def _response(self, url, status, headers, body, fetched_at) -> tuple[bytes, str]:
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), _stored_headers(headers, body),
                                        protocol="HTTP/1.1")
        return self._record(url, "response", http_headers, body, fetched_at, {})

    def _request(self, url, request_headers, fetched_at, response_id: str) -> bytes:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        http_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", list(request_headers), is_http_request=True)
        return self._record(url, "request", http_headers, b"", fetched_at, {"WARC-Concurrent-To": response_id})[0]

    @staticmethod
    def _record(url, kind, http_headers: StatusAndHeaders, payload: bytes, fetched_at,
                extra: dict) -> tuple[bytes, str]:
        """One gzip member holding one record, with both SHA-256 digests; and the record's id."""
        http_headers.compute_headers_buffer()
        record_id = StatusAndHeadersParser.make_warc_id()
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        record = writer.create_warc_record(url, kind, payload=io.BytesIO(payload), length=len(payload),
                                           http_headers=http_headers, warc_headers_dict={
                                               "WARC-Record-ID": record_id, "WARC-Date": _warc_date(fetched_at),
                                               "WARC-Block-Digest": _digest(http_headers.headers_buff + payload),
                                               "WARC-Payload-Digest": _digest(payload), **extra})
        writer.write_record(record)
        return out.getvalue(), record_id

    def _new_file(self) -> str:
        """Create the next file (the directory lock makes its sequence number unique across processes)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "a") as guard:
            fcntl.flock(guard, fcntl.LOCK_EX)
            numbers = [int(p.name[-13:-8]) for p in self.directory.iterdir() if FILE_PATTERN.fullmatch(p.name)]
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
            name = f"civcas-{stamp}-{(max(numbers, default=0) + 1) % 100000:05d}.warc.gz"
            os.close(os.open(self.directory / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            directory = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        return name

    def _append(self, name: str, data: bytes) -> int:
        """Append under an exclusive lock and fsync; the offset the data starts at."""
        fd = os.open(self.directory / name, os.O_WRONLY | os.O_APPEND)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            offset = os.fstat(fd).st_size
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            return offset
        finally:
            os.close(fd)

    # --- reading ------------------------------------------------------------------------------

    def read(self, locator: str) -> ArchivedResponse:
        """The response a locator names, its body checked against the recorded payload digest."""
        name, _, offset = locator.partition("#")
        if not FILE_PATTERN.fullmatch(name) or not offset.isdigit():
            raise ArchiveError(f"not an archive locator: {locator!r}")
        try:
            with open(self.directory / name, "rb") as fh:
                data, _, complete = _member(fh, int(offset))
        except (OSError, zlib.error) as exc:
            raise ArchiveError(f"{locator}: {getattr(exc, 'strerror', None) or exc}") from None
        if not complete:
            raise ArchiveError(f"{locator}: truncated record")
        record = _parse(data)
        if record.problem:
            raise ArchiveError(f"{locator}: {record.problem}")
        if record.kind != "response":
            raise ArchiveError(f"{locator}: a {record.kind} record, not a response")
        status = StatusAndHeadersParser([], verify=False).parse(io.BytesIO(record.block))
        return ArchivedResponse(url=record.url, status=int(status.get_statuscode() or 0),
                                headers=_given_headers(status.headers), body=record.payload,
                                fetched_at=dt.datetime.fromisoformat(record.headers.get_header("WARC-Date")),
                                sha256=hashlib.sha256(record.payload).hexdigest())


@dataclasses.dataclass
class _Record:
    headers: Optional[StatusAndHeaders]
    block: bytes
    payload: bytes
    problem: Optional[str]

    @property
    def kind(self) -> Optional[str]:
        return self.headers.get_header("WARC-Type") if self.headers else None

    @property
    def url(self) -> Optional[str]:
        return self.headers.get_header("WARC-Target-URI") if self.headers else None


def _member(fh: BinaryIO, offset: int) -> tuple[bytes, int, bool]:
    """The decompressed gzip member starting at `offset`, the offset after it, and whether it is
    complete (False: the file ends inside it). Raises zlib.error on bytes that are not gzip."""
    fh.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    parts, consumed = [], 0
    while not inflater.eof:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return b"".join(parts), offset + consumed, False
        parts.append(inflater.decompress(chunk))
        consumed += len(chunk) - len(inflater.unused_data)
    return b"".join(parts), offset + consumed, True


def _parse(data: bytes) -> _Record:
    """Split a record into WARC headers, block and payload, and check its length and digests."""
    try:
        headers = StatusAndHeadersParser(["WARC/1.1", "WARC/1.0"]).parse(io.BytesIO(data))
    except Exception as exc:   # warcio raises several kinds on a malformed header block
        return _Record(None, b"", b"", f"unreadable WARC headers ({exc})")
    start = data.find(b"\r\n\r\n") + 4
    length = int(headers.get_header("Content-Length") or -1)
    block = data[start:start + length]
    if length < 0 or len(block) < length:
        return _Record(headers, block, b"", "truncated record")
    payload = block
    if (headers.get_header("Content-Type") or "").startswith("application/http"):
        end = block.find(b"\r\n\r\n")
        payload = block[end + 4:] if end >= 0 else b""
    problem = None
    if not _digest_matches(headers.get_header("WARC-Block-Digest"), block):
        problem = "block digest does not match"
    elif (recorded := headers.get_header("WARC-Payload-Digest")) and not _digest_matches(recorded, payload):
        problem = "payload digest does not match"
    return _Record(headers, block, payload, problem)


def _next_member(fh: BinaryIO, after: int) -> Optional[int]:
    """Where the next gzip member may start after unreadable bytes (its magic number), if anywhere."""
    fh.seek(after)
    data, base = fh.read(), after
    found = data.find(b"\x1f\x8b\x08")
    return base + found if found >= 0 else None


def verify(directory: Path) -> list[BadRecord]:
    """Every record of every archive file whose digests do not match or that is cut short."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    bad = []
    for path in sorted(p for p in directory.iterdir() if FILE_PATTERN.fullmatch(p.name)):
        with open(path, "rb") as fh:
            fcntl.flock(fh, fcntl.LOCK_SH)
            size, offset = os.fstat(fh.fileno()).st_size, 0
            while offset < size:
                try:
                    data, after, complete = _member(fh, offset)
                except zlib.error as exc:
                    bad.append(BadRecord(path.name, offset, None, f"not a gzip record ({exc})"))
                    after = _next_member(fh, offset + 1)
                    if after is None:
                        break
                    offset = after
                    continue
                if not complete:
                    bad.append(BadRecord(path.name, offset, _parse(data).url,
                                         "truncated record (the file ends inside it)"))
                    break
                record = _parse(data)
                if record.problem:
                    bad.append(BadRecord(path.name, offset, record.url, record.problem))
                offset = after
    return bad
