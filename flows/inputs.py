"""Every input form as articles: files, web-archive records and JSON Lines rows.

:func:`expand_containers` turns the corpus's archives and exports into article
sources (one per archived page, one per export line) beside its plain files, and
keeps what archive scans found in the warehouse so that a re-run reads no
archive it has read before. :func:`read_input` reads any source into the text
extraction works on, with the metadata the input itself states as evidence.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

import duckdb
import pyarrow as pa

from extractors.records import Evidence

from .archives import ARCHIVE_SUFFIXES, ArchiveRecord, ScannedRecord, read_record, record_path
from .archives import scan_archive as _scan_archive
from .jsonl import JSONL_SUFFIXES, JsonlLine, given_metadata, parse_field_mapping, scan_export
from .sources import (
    HTML_SUFFIXES,
    MAX_ARTICLE_CHARS,
    Corpus,
    DecodedText,
    Rejection,
    SourceError,
    SourceFile,
    _read_capped,
    decode,
    html_article_text,
    read_source,
)

_HEAD_BYTES = 64 * 1024
RECORD_COLUMNS = (
    "archive_path", "record_offset", "record_length", "record_type", "target_uri", "warc_date",
    "http_status", "content_type", "payload_sha256", "outcome", "detail", "scanned_by_run",
)  # fmt: skip
# What the current rows of archive_records are read with (the scan's columns and more).
_CURRENT_COLUMNS = (*RECORD_COLUMNS, "rejected_by_versions")


@dataclass
class Expanded:
    """The corpus with its containers opened, and what the archive scans found."""

    corpus: Corpus
    rejections: list[Rejection] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # this run's skipped records, by reason
    scanned_records: int = 0  # records this run read from archives


@dataclass(frozen=True)
class InputText:
    decoded: DecodedText
    given: tuple[Evidence, ...] = ()
    warc_target_uri: str | None = None
    warc_date: datetime | None = None


def _head_sha(absolute: str, limit: int = _HEAD_BYTES) -> str:
    with open(absolute, "rb") as handle:
        return hashlib.sha256(handle.read(min(limit, _HEAD_BYTES))).hexdigest()


def _warc_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None) if parsed.utcoffset() is None else (
        parsed - parsed.utcoffset()).replace(tzinfo=None)  # fmt: skip


def _record_row(archive: str, record: ScannedRecord, run_id: str) -> dict:
    return {
        "archive_path": archive, "record_offset": record.offset,
        "record_length": record.length, "record_type": record.record_type,
        "target_uri": record.target_uri, "warc_date": record.warc_date,
        "http_status": record.http_status, "content_type": record.content_type,
        "payload_sha256": record.payload_sha256, "outcome": record.outcome,
        "detail": record.detail, "scanned_by_run": run_id,
    }  # fmt: skip


def _resume_offset(con: duckdb.DuckDBPyConnection, path: str, scanned_to: int) -> int:
    """Where to go on scanning a grown archive: after its last complete record.

    A scan that ended in a cut-off record (an archive still being written)
    starts again at that record, which may be whole now.
    """
    last = con.execute(
        "SELECT record_offset, outcome FROM archive_records WHERE archive_path = ?"
        " ORDER BY record_offset DESC LIMIT 1",
        [path],
    ).fetchone()
    if last and last[1].startswith("rejected:"):
        return last[0]
    return scanned_to


def scan_archives(
    con: duckdb.DuckDBPyConnection, archives: list[SourceFile], run_id: str
) -> tuple[list[dict], Counter, int, list[Rejection]]:
    """Bring ``archive_files``/``archive_records`` up to date; return every current record row.

    An archive with the same size and first 64 KiB as last time is not read; one
    that grew with the same start is read from where the last scan stopped; any
    other is read again from the start. Archives no longer in the corpus are forgotten.
    """
    known = {
        path: (size, head, scanned_to)
        for path, size, head, scanned_to in con.execute(
            "SELECT path, size_bytes, head_sha256, scanned_to FROM archive_files"
        ).fetchall()
    }
    present = {a.path for a in archives}
    skipped: Counter = Counter()
    scanned = 0
    file_rows, new_rows, cleared, trimmed = [], [], [], []
    unreadable: list[Rejection] = []
    for archive in archives:
        try:
            previous = known.get(archive.path)
            head = _head_sha(archive.absolute)
            if previous == (archive.size_bytes, head, archive.size_bytes):
                continue  # unchanged: nothing read
            start = 0
            # A small archive's head is all of it: compare as much as was there last time.
            if (previous and archive.size_bytes > previous[0]
                    and _head_sha(archive.absolute, previous[0]) == previous[1]):  # fmt: skip
                start = _resume_offset(con, archive.path, previous[2])
            rows = [_record_row(archive.path, record, run_id)
                    for record in _scan_archive(archive.absolute, archive.path, start)]  # fmt: skip
        except OSError as exc:
            # Unreadable now (permissions, vanished): what earlier runs loaded from it stays.
            detail = f"{archive.path}: cannot read the archive: {exc.strerror or exc}"
            unreadable.append(Rejection(archive.path, "unreadable", detail))
            present.discard(archive.path)
            continue
        if start:
            trimmed.append((archive.path, start))
        else:
            cleared.append(archive.path)
        scanned += len(rows)
        new_rows.extend(rows)
        skipped.update(
            row["outcome"].removeprefix("skipped:")
            for row in rows
            if row["outcome"].startswith("skipped:")
        )
        file_rows.append(
            {"path": archive.path, "size_bytes": archive.size_bytes, "head_sha256": head,
             "scanned_to": archive.size_bytes, "scanned_by_run": run_id}
        )  # fmt: skip
    con.execute("BEGIN TRANSACTION")
    try:
        unread = {r.path for r in unreadable}
        for path in [p for p in known if p not in present and p not in unread] + cleared:
            con.execute("DELETE FROM archive_records WHERE archive_path = ?", [path])
            con.execute("DELETE FROM archive_files WHERE path = ?", [path])
        for path, start in trimmed:
            con.execute(
                "DELETE FROM archive_records WHERE archive_path = ? AND record_offset >= ?",
                [path, start],
            )
        if new_rows:
            con.register("new_archive_records", pa.Table.from_pylist(new_rows))
            columns = ", ".join(RECORD_COLUMNS)
            con.execute(
                f"INSERT INTO archive_records ({columns}) SELECT {columns} FROM new_archive_records"
            )
            con.unregister("new_archive_records")
        if file_rows:
            paths = [row["path"] for row in file_rows]
            con.execute("DELETE FROM archive_files WHERE path IN ?", [paths])
            con.register("new_archive_files", pa.Table.from_pylist(file_rows))
            con.execute("INSERT INTO archive_files SELECT * FROM new_archive_files")
            con.unregister("new_archive_files")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    rows = con.execute(
        f"SELECT {', '.join(_CURRENT_COLUMNS)} FROM archive_records"
        " WHERE outcome = 'article' OR outcome LIKE 'rejected:%'"
        " ORDER BY archive_path, record_offset"
    ).fetchall()
    fresh = {(r["archive_path"], r["record_offset"]) for r in new_rows}
    current = [dict(zip(_CURRENT_COLUMNS, row, strict=True)) | {"fresh": (row[0], row[1]) in fresh}
               for row in rows]  # fmt: skip
    return current, skipped, scanned, unreadable


def _latest_captures(rows: list[dict]) -> tuple[list[dict], int]:
    """One capture per URL: the latest (WARC-Date, then archive and offset) stands for it.

    A page captured again with the same text is one article either way; a changed
    page is an update, and the newer capture replaces the older one's article.
    Returns the kept rows and how many of this run's fresh captures were older.
    """
    def order(row: dict) -> tuple:
        # Compared as instants: '08:00:00.5Z' is later than '08:00:00Z', not earlier as text.
        captured = _warc_datetime(row["warc_date"]) or datetime.min
        return captured, row["archive_path"], row["record_offset"]

    best: dict[str, dict] = {}
    for row in rows:
        key = row["target_uri"] or record_path(row["archive_path"], row["record_offset"])
        held = best.get(key)
        if held is None or order(row) > order(held):
            best[key] = row
    kept = list(best.values())
    kept_ids = {id(row) for row in kept}
    older = sum(1 for row in rows if row["fresh"] and id(row) not in kept_ids)
    kept.sort(key=lambda r: (r["archive_path"], r["record_offset"]))
    return kept, older


def expand_containers(
    con: duckdb.DuckDBPyConnection,
    corpus: Corpus,
    run_id: str,
    jsonl_fields: str | None = None,
    versions: str | None = None,
) -> Expanded:
    """The corpus with one source per archived article page and per export line.

    A page that extraction refused with the same ``versions`` is not a source
    again: its rejection is repeated from ``archive_records`` without reading it.
    """
    archives = [c for c in corpus.containers if c.path.lower().endswith(ARCHIVE_SUFFIXES)]
    exports = [c for c in corpus.containers if c.path.lower().endswith(JSONL_SUFFIXES)]
    expanded = Expanded(corpus)
    rows, expanded.skipped, expanded.scanned_records, unreadable = scan_archives(
        con, archives, run_id
    )
    expanded.rejections.extend(unreadable)
    by_path = {a.path: a for a in archives}
    candidates = []
    for row in rows:
        retry = row["rejected_by_versions"] and row["rejected_by_versions"] != versions
        if row["outcome"].startswith("rejected:") and not retry:
            path = record_path(row["archive_path"], row["record_offset"])
            reason = row["outcome"].removeprefix("rejected:")
            expanded.rejections.append(Rejection(path, reason, row["detail"]))
        else:
            candidates.append(row)
    kept, older = _latest_captures(candidates)
    if older:
        expanded.skipped["older_capture"] += older
    records = [
        ArchiveRecord(
            record_path(row["archive_path"], row["record_offset"]),
            by_path[row["archive_path"]].absolute,
            row["record_length"],
            archive=row["archive_path"],
            offset=row["record_offset"],
            target_uri=row["target_uri"] or "",
            warc_date=row["warc_date"] or "",
            fingerprint=row["payload_sha256"] or "",
        )
        for row in kept
    ]
    lines: list[SourceFile] = []
    if exports:
        mapping = parse_field_mapping(jsonl_fields)
        for export in exports:
            found, refused = scan_export(export.absolute, export.path, mapping)
            lines.extend(found)
            expanded.rejections.extend(refused)
    expanded.corpus = replace(corpus, files=[*corpus.files, *records, *lines])
    return expanded


def remember_refused_pages(
    build_db: str,
    attempted: list[SourceFile],
    rejections: list[Rejection],
    versions: str,
) -> None:
    """Record in ``archive_records`` which archived pages extraction refused this run.

    A re-run then repeats their rejection without reading them again (a page
    with no article text stays one until the extractors change); a page refused
    before and loaded now is an article again.
    """
    records = {s.path: s for s in attempted if isinstance(s, ArchiveRecord)}
    if not records:
        return
    refused = {r.path: r for r in rejections if r.path in records}
    rows = [
        {"archive_path": source.archive, "record_offset": source.offset,
         "outcome": f"rejected:{refused[path].reason}" if path in refused else "article",
         "detail": refused[path].detail if path in refused else None,
         "rejected_by_versions": versions if path in refused else None}
        for path, source in records.items()
    ]  # fmt: skip
    con = duckdb.connect(build_db)
    try:
        con.register("attempted_pages", pa.Table.from_pylist(rows))
        con.execute(
            "UPDATE archive_records AS a SET outcome = r.outcome, detail = r.detail,"
            " rejected_by_versions = r.rejected_by_versions FROM attempted_pages AS r"
            " WHERE a.archive_path = r.archive_path AND a.record_offset = r.record_offset"
        )
        con.unregister("attempted_pages")
    finally:
        con.close()


def source_fingerprint(source: SourceFile) -> str | None:
    """What identifies an archive record's or export line's content without reading it."""
    return getattr(source, "fingerprint", None) or None


def _page_evidence(html: str, url: str | None) -> tuple[list[Evidence], str | None]:
    """A page's stated metadata, and a note when it could not be read (the text still loads)."""
    from extractors.page_metadata import page_metadata

    try:
        return page_metadata(html, url=url), None
    except Exception as exc:  # noqa: BLE001 - metadata is optional; the reason is kept as a note
        return [], f"page metadata unreadable: {type(exc).__name__}: {exc}"


def _article_text(html: str, path: str, where: str) -> str:
    try:
        text = html_article_text(html, path)
    except SourceError as exc:
        raise SourceError(path, exc.category, f"{where}: HTML page without article text") from exc
    if len(text) > MAX_ARTICLE_CHARS:
        raise SourceError(
            path, "too_large", f"{where}: {len(text):,} characters is over the "
            f"{MAX_ARTICLE_CHARS:,}-character limit for one article",
        )  # fmt: skip
    return text


def _note(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None


def _trafilatura_note() -> str:
    import trafilatura

    return f"HTML: article text extracted with trafilatura {trafilatura.__version__}"


def read_input(source: SourceFile) -> InputText:
    """Read any source into its article text and the metadata the input states.

    Raises :class:`SourceError` naming the file (and the record or line) and the reason.
    """
    if isinstance(source, ArchiveRecord):
        where = f"{source.archive}: record at offset {source.offset} ({source.target_uri})"
        html, decoded = read_record(source)
        text = _article_text(html, source.path, where)
        page, problem = _page_evidence(html, source.target_uri)
        given = [Evidence("url", source.target_uri, "warc_target_uri", where), *page]
        note = _note(_trafilatura_note(), decoded.note, problem)
        return InputText(
            DecodedText(text, decoded.encoding, note),
            tuple(given),
            source.target_uri or None,
            _warc_datetime(source.warc_date),
        )
    if isinstance(source, JsonlLine):
        where = f"{source.export}: line {source.line}"
        body, is_html, given = given_metadata(source)
        if not is_html:
            if len(body) > MAX_ARTICLE_CHARS:
                raise SourceError(source.path, "too_large", f"{where}: text over the limit")
            return InputText(DecodedText(body, "utf-8", None), tuple(given))
        url = next((e.value for e in given if e.field == "url"), None)
        page, problem = _page_evidence(body, url)
        text = _article_text(body, source.path, where)
        return InputText(
            DecodedText(text, "utf-8", _note(_trafilatura_note(), problem)), (*given, *page)
        )
    decoded = read_source(source)
    if not source.path.lower().endswith(HTML_SUFFIXES):
        return InputText(decoded)
    # The page again, for its metadata (read_source keeps only the article text).
    html = decode(_read_capped(source), source.path).text
    page, problem = _page_evidence(html, None)
    if problem:
        decoded = DecodedText(decoded.text, decoded.encoding, _note(decoded.note, problem))
    return InputText(decoded, tuple(page))


def skipped_json(skipped: Counter) -> str:
    return json.dumps(dict(sorted(skipped.items())))
