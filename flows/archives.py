"""Web archives (WARC, plain or gzip-compressed): find the news pages in them, read one.

Scanning streams an archive once, record by record, and keeps for each record
only its place (offset, length), its headers and a digest of its payload:
memory stays flat in the archive's size. A record is an article candidate when
it is a ``response`` with HTTP status 200 and an HTML payload; every other
record is counted under its reason (``type=request``, ``status=404``,
``content=image/jpeg``), not rejected one by one.

warcio reads records and forgives a lot (a wrong Content-Length is a warning on
stderr, a cut-off gzip member the silent end of the file), so the scan checks
what it cannot: every record ends where its length says, the archive ends where
its last record does. A damaged stretch becomes one rejection naming the file,
the offset and the reason, and the scan starts again at the next record it can
find (the next gzip member, or the next ``WARC/`` line): what comes before and
after the damage still loads.

Reading one record back (in an extraction worker) seeks to its offset and parses
that record alone, so an archive's records can be extracted on any worker.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed

from .sources import MAX_BYTES, DecodedText, SourceError, SourceFile, decode

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_HTTP_HEAD_MAX = 64 * 1024  # HTTP headers longer than this are not a news page's
_CHUNK = 64 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


@dataclass(frozen=True)
class ArchiveRecord(SourceFile):
    """An article candidate inside an archive; ``path`` is ``<archive>@<offset>``."""

    archive: str = ""  # the archive's corpus path
    offset: int = 0
    target_uri: str = ""
    warc_date: str = ""  # as the record states it (ISO 8601)
    fingerprint: str = ""  # SHA-256 of the HTTP payload as stored


@dataclass(frozen=True)
class ScannedRecord:
    """What a scan learnt about one record (or one damaged stretch): an archive_records row."""

    offset: int
    length: int
    record_type: str | None
    target_uri: str | None
    warc_date: str | None
    http_status: int | None
    content_type: str | None
    payload_sha256: str | None
    outcome: str  # article | skipped:<reason> | rejected:<reason>
    detail: str | None = None


def record_path(archive: str, offset: int) -> str:
    return f"{archive}@{offset}"


class _QuietIterator(WARCIterator):
    # warcio writes a warning to stderr for a record not followed by its blank
    # lines (a wrong Content-Length); the scan reads err_count and records it instead.
    INC_RECORD = ""


def _is_gzip(fh) -> bool:
    fh.seek(0)
    return fh.read(3) == _GZIP_MAGIC


def _http_head(head: bytes) -> tuple[int | None, str | None, int]:
    """(status, content type, length of the header block) of an HTTP response's start."""
    end = head.find(b"\r\n\r\n")
    sep = 4
    if end < 0:
        end, sep = head.find(b"\n\n"), 2
    if end < 0 or not head.startswith(b"HTTP/"):
        return None, None, 0
    lines = head[:end].decode("latin-1").splitlines()
    parts = lines[0].split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    content_type = None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-type":
            content_type = value.strip()
    return status, content_type, end + sep


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _classify(record_type: str, status: int | None, content_type: str | None) -> str:
    if record_type != "response":
        return f"skipped:type={record_type}"
    if status is None:
        return "skipped:not_http"
    if status != 200:
        return f"skipped:status={status}"
    mime = _mime(content_type)
    if mime not in HTML_TYPES:
        return f"skipped:content={mime or 'none'}"
    return "article"


def _gzip_problem(fh, offset: int) -> str:
    """Why the gzip member at ``offset`` cannot be read: truncated or corrupt."""
    fh.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    try:
        while not inflater.eof:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return "truncated gzip member (the file ends inside it)"
            inflater.decompress(chunk, 0)
    except zlib.error as exc:
        return f"corrupt or truncated gzip member ({exc})"
    return "gzip member that holds no complete WARC record"


def _next_start(fh, start: int, gz: bool) -> int | None:
    """Offset of the next readable record at or after ``start``, if any."""
    # A cut-off record may leave the next one mid-line: look for the version anywhere.
    magic = _GZIP_MAGIC if gz else b"WARC/1."
    position = start
    while True:
        fh.seek(position)
        block = fh.read(1 << 20)
        if len(block) < len(magic):
            return None
        index = block.find(magic)
        while index >= 0:
            candidate = position + index
            if candidate >= start and _starts_record(fh, candidate, gz):
                return candidate
            index = block.find(magic, index + 1)
        position += len(block) - len(magic) + 1


def _starts_record(fh, offset: int, gz: bool) -> bool:
    fh.seek(offset)
    data = fh.read(4096)
    if gz:
        try:
            data = zlib.decompressobj(wbits=31).decompress(data, 64)
        except zlib.error:
            return False
    return data.startswith(b"WARC/1.")


def scan_archive(absolute: str, rel: str, start: int = 0) -> Iterator[ScannedRecord]:
    """Every record (and every damaged stretch) of the archive from byte ``start`` on."""
    size = os.path.getsize(absolute)
    if size == 0:
        yield ScannedRecord(0, 0, None, None, None, None, None, None, "rejected:empty",
                            f"{rel}: record at offset 0: empty file, not a WARC")  # fmt: skip
        return
    with open(absolute, "rb") as fh:
        gz = _is_gzip(fh)
        position: int | None = start
        while position is not None and position < size:
            fh.seek(position)
            iterator = _QuietIterator(fh, no_record_parse=True)
            end = position
            damage: tuple[int, str, str] | None = None
            try:
                for record in iterator:
                    scanned, problem = _scan_record(record, iterator)
                    if problem:
                        damage = (scanned.offset, *problem)
                        if gz:  # a cut-off member is the cause to name, if it is one
                            member = _gzip_problem(fh, scanned.offset)
                            if not member.startswith("gzip member that holds"):
                                damage = (scanned.offset, "damaged_gzip", member)
                        break
                    end = scanned.offset + scanned.length
                    yield scanned
            except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError) as exc:
                offset = iterator.offset
                if gz:
                    damage = (offset, "damaged_gzip", _gzip_problem(fh, offset))
                else:
                    damage = (offset, "not_warc", f"not a WARC record ({_short(exc)})")
            if damage is None and end < size and not gz and _blank_from(fh, end):
                end = size  # the blank lines that close an uncompressed archive's last record
            if damage is None and end < size:
                # warcio stops quietly at a gzip member cut off by the end of the file.
                reason = _gzip_problem(fh, end) if gz else "trailing bytes that are no record"
                damage = (end, "damaged_gzip" if gz else "not_warc", reason)
            if damage is None:
                return
            offset, category, reason = damage
            following = _next_start(fh, offset + 1, gz)
            stop = following if following is not None else size
            yield ScannedRecord(
                offset, stop - offset, None, None, None, None, None, None,
                f"rejected:{category}",
                f"{rel}: record at offset {offset}: {reason}; "
                + (f"reading resumed at offset {following}" if following is not None
                   else "nothing readable after it"),
            )  # fmt: skip
            position = following


def _blank_from(fh, offset: int) -> bool:
    fh.seek(offset)
    return not fh.read(16).strip() and not fh.read(1)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120] + ("..." if len(text) > 120 else "")


def _scan_record(record, iterator) -> tuple[ScannedRecord, tuple[str, str] | None]:
    headers = record.rec_headers
    declared_text = headers.get_header("Content-Length") or ""
    declared = int(declared_text) if declared_text.strip().isdigit() else -1
    head = b""
    digest = hashlib.sha256()
    block_digest = hashlib.sha1()
    total = 0
    body_from: int | None = None
    while True:
        chunk = record.raw_stream.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        block_digest.update(chunk)
        if body_from is None:
            head += chunk
            status, content_type, header_length = _http_head(head[:_HTTP_HEAD_MAX])
            if header_length or len(head) >= _HTTP_HEAD_MAX:
                body_from = header_length
                digest.update(head[header_length:])
                head = head[:header_length] if header_length else head[:1024]
        else:
            digest.update(chunk)
    if body_from is None:
        digest.update(head)
    errors_before = iterator.err_count
    offset, length = iterator.get_record_offset(), iterator.get_record_length()
    record_type = headers.get_header("WARC-Type") or "unknown"
    status, content_type, _ = _http_head(head) if record_type == "response" else (None, None, 0)
    outcome = _classify(record_type, status, content_type)
    if outcome == "article" and headers.get_header("WARC-Truncated"):
        outcome = "skipped:warc_truncated"
    scanned = ScannedRecord(
        offset, length, record_type, headers.get_header("WARC-Target-URI"),
        headers.get_header("WARC-Date"), status, content_type, digest.hexdigest(), outcome,
    )  # fmt: skip
    if declared < 0:
        return scanned, ("bad_header", "record header without a Content-Length (cut off?)")
    if total < declared:
        return scanned, ("truncated_record", f"record cut short ({total} of {declared} bytes)")
    if iterator.err_count > errors_before:
        return scanned, (
            "wrong_length",
            f"Content-Length {declared} does not end the record (no record boundary after it)",
        )
    stated = headers.get_header("WARC-Block-Digest") or ""
    if stated.lower().startswith("sha1:") and stated[5:].upper() != _base32(block_digest):
        return scanned, (
            "wrong_length",
            "block digest does not match: the record is damaged or its Content-Length wrong",
        )
    return scanned, None


def _base32(digest) -> str:
    import base64

    return base64.b32encode(digest.digest()).decode("ascii")


def _where(source: ArchiveRecord) -> str:
    return f"{source.archive}: record at offset {source.offset} ({source.target_uri})"


def read_record(source: ArchiveRecord) -> tuple[str, DecodedText]:
    """The HTML of one archived page, decoded: (html, how it was decoded)."""
    where = _where(source)
    with open(source.absolute, "rb") as fh:
        fh.seek(source.offset)
        try:
            record = next(iter(WARCIterator(fh)))
            http = record.http_headers
            content_type = http.get_header("Content-Type") if http else None
            payload = record.content_stream().read(MAX_BYTES + 1)
        except Exception as exc:  # noqa: BLE001 - any failure of a damaged record is its rejection
            raise SourceError(source.path, "unreadable_record", f"{where}: {_short(exc)}") from exc
    if record.rec_headers.get_header("WARC-Target-URI") != source.target_uri:
        raise SourceError(source.path, "archive_changed",
                          f"{where}: another record is at this offset now; run again")  # fmt: skip
    if len(payload) > MAX_BYTES:
        raise SourceError(source.path, "too_large", f"{where}: payload over {MAX_BYTES} bytes")
    return _decode_payload(payload, content_type, source.path, where)


def _decode_payload(
    payload: bytes, content_type: str | None, path: str, where: str
) -> tuple[str, DecodedText]:
    declared = _CHARSET.search(content_type or "")
    if not declared:
        decoded = _decode(payload, path, where)
        return decoded.text, decoded
    charset = declared.group(1).lower()
    try:
        codecs.lookup(charset)
    except LookupError:
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise SourceError(
                path, "unknown_charset",
                f"{where}: the payload's charset {charset!r} is unknown and it is not UTF-8",
            ) from None  # fmt: skip
        note = f"declared charset {charset!r} is unknown; the bytes are valid UTF-8"
        return text, DecodedText(text, "utf-8", note)
    try:
        text = payload.decode(charset)
    except UnicodeDecodeError:
        decoded = _decode(payload, path, where)
        note = f"not the declared {charset}; " + (decoded.note or decoded.encoding)
        return decoded.text, DecodedText(decoded.text, decoded.encoding, note)
    return text, DecodedText(text, charset, None if charset in ("utf-8", "utf8") else
                             f"decoded as the declared {charset}")  # fmt: skip


def _decode(payload: bytes, path: str, where: str) -> DecodedText:
    try:
        return decode(payload, path)
    except SourceError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        raise SourceError(path, exc.category, f"{where}: {message}") from exc
