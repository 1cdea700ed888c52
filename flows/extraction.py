"""Turn a batch of corpus files into Arrow tables shaped like the warehouse.

This is the work a pipeline task (or a Dask worker) does: read, decode, clean,
parse and extract, then return plain Arrow tables and rejections, which travel
between processes cheaply and load into DuckDB in one statement per table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from extractors import article as article_extractors
from extractors.dates import season_start_months
from extractors.metadata import infer_metadata
from extractors.records import ArticleExtraction, ArticleMetadata, CleanedText

from .inputs import InputText, read_input, source_fingerprint
from .sources import (
    Rejection,
    SourceError,
    SourceFile,
    content_id,
    manifest_fingerprint,
)


@dataclass
class ExtractedBatch:
    tables: dict[str, pa.Table]
    article_ids: list[str]
    files: list[dict]  # article_files rows
    rejections: list[Rejection] = field(default_factory=list)


def _published(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _mention_id(article_id: str, kind: str, start: int, end: int) -> str:
    return f"{article_id}:{kind}:{start}-{end}"


def _sentence_id(article_id: str, index: int) -> str:
    return f"{article_id}:s{index}"


def extract_batch(sources: list[SourceFile], run_id: str, batch_size: int = 64) -> ExtractedBatch:
    """Extract every readable file of ``sources``; unreadable ones become rejections."""
    rows: dict[str, list[dict]] = {
        t: []
        for t in (
            "articles",
            "sentences",
            "furniture_spans",
            "figure_mentions",
            "entity_mentions",
            "date_mentions",
        )
    }
    rejections: list[Rejection] = []
    prepared = []
    for source in sources:
        try:
            read = read_input(source)
        except SourceError as exc:
            rejections.append(Rejection(source.path, exc.category, str(exc)))
            continue
        except OSError as exc:  # vanished or unreadable between discovery and now
            rejections.append(Rejection(source.path, "unreadable", f"{source.path}: {exc}"))
            continue
        try:
            meta = infer_metadata(read.decoded.text, source.manifest, read.given)
        except Exception as exc:  # noqa: BLE001 - recorded as this file's rejection
            rejections.append(_failed(source.path, exc))
            continue
        prepared.append((source, read, meta))

    extracted, failures = _extract_all(prepared, batch_size)
    rejections.extend(failures)
    versions = article_extractors.versions_key()
    article_ids = []
    files = []
    for (source, read, meta), (cleaned, extraction) in extracted:
        decoded = read.decoded
        article_id, sha = content_id(decoded.text)
        files.append(
            {
                "path": source.path,
                "article_id": article_id,
                "content_sha256": sha,
                "size_bytes": source.size_bytes,
                "loaded_by_run": run_id,
                "manifest_sha256": manifest_fingerprint(source),
                "source_sha256": source_fingerprint(source),
            }
        )
        if article_id in article_ids:
            continue  # the same text under another name: linked in article_files, loaded once
        article_ids.append(article_id)
        rows["articles"].append(
            {
                "article_id": article_id,
                "path": source.path,
                "content_sha256": sha,
                "outlet": meta.outlet,
                "headline": meta.headline,
                "url": meta.url,
                "published": _published(meta.published),
                "story": meta.story,
                "source_kind": meta.source_kind,
                "agency": meta.agency,
                "metadata_evidence": json.dumps([e.__dict__ for e in meta.evidence]),
                "encoding": decoded.encoding,
                "decode_note": decoded.note,
                "decode_confidence": decoded.confidence,
                "n_chars": len(decoded.text),
                "n_furniture_chars": sum(f.end - f.start for f in cleaned.furniture),
                "text": decoded.text,
                "extractor_versions": versions,
                "loaded_by_run": run_id,
                "warc_target_uri": read.warc_target_uri,
                "warc_date": read.warc_date,
            }
        )
        _add_mentions(rows, article_id, cleaned, extraction)
    return ExtractedBatch(
        tables={name: _to_arrow(name, table_rows) for name, table_rows in rows.items()},
        article_ids=article_ids,
        files=files,
        rejections=rejections,
    )


def _failed(path: str, exc: Exception) -> Rejection:
    detail = f"{path}: extraction failed: {type(exc).__name__}: {exc}"
    return Rejection(path, "extraction_error", detail)


def _extract_all(
    prepared: list[tuple[SourceFile, InputText, ArticleMetadata]], batch_size: int
) -> tuple[list[tuple[tuple, tuple[CleanedText, ArticleExtraction]]], list[Rejection]]:
    """Extract every prepared article; one that makes an extractor fail is rejected alone.

    The batch goes through ``nlp.pipe`` at once. Should any article raise, the batch
    is redone one article at a time so that only the failing one is lost, and it is
    recorded with the error (nothing is swallowed).
    """
    items = [(r.decoded.text, _published(m.published)) for _, r, m in prepared]
    try:
        results = list(article_extractors.extract_many(items, batch_size=batch_size))
        return list(zip(prepared, results, strict=True)), []
    except Exception:  # noqa: BLE001 - redone one by one below, where each error is recorded
        pass
    extracted, failures = [], []
    for item, (text, published) in zip(prepared, items, strict=True):
        try:
            extracted.append((item, article_extractors.extract_text(text, published)))
        except Exception as exc:  # noqa: BLE001 - recorded as this file's rejection
            failures.append(_failed(item[0].path, exc))
    return extracted, failures


def _add_mentions(
    rows: dict[str, list[dict]],
    article_id: str,
    cleaned: CleanedText,
    extraction: ArticleExtraction,
) -> None:
    v = extraction.versions
    for s in extraction.sentences:
        rows["sentences"].append(
            {
                "sentence_id": _sentence_id(article_id, s.index),
                "article_id": article_id,
                "sentence_index": s.index,
                "start_char": s.start,
                "end_char": s.end,
                "text": s.text,
                "quote": " ".join(cleaned.text[s.start : s.end].split()),
            }
        )
    for f in cleaned.furniture:
        rows["furniture_spans"].append(
            {"article_id": article_id, "start_char": f.start, "end_char": f.end, "reason": f.reason}
        )
    common = lambda m, kind: {  # noqa: E731 - the shared head of every mention row
        "mention_id": _mention_id(article_id, kind, m.start, m.end),
        "article_id": article_id,
        "sentence_id": _sentence_id(article_id, m.sentence_index),
        "start_char": m.start,
        "end_char": m.end,
        "text": m.text,
    }
    for m in extraction.figures:
        rows["figure_mentions"].append(
            common(m, "figure")
            | {
                "value": m.value,
                "value_high": m.value_high,
                "kind": m.kind,
                "unit": m.unit,
                "qualifier": m.qualifier,
                "counted_noun": m.counted_noun,
                "subject": m.subject,
                "verb": m.verb,
                "extractor_version": v["figures"],
            }
        )
    for m in extraction.entities:
        rows["entity_mentions"].append(
            common(m, "entity")
            | {
                "label": m.label,
                "canonical": m.canonical,
                "entity_id": f"{m.label}:{m.canonical}",
                "role": m.role,
                "extractor_version": v["entities"],
            }
        )
    for m in extraction.dates:
        start, end = date_bounds(m.value)
        rows["date_mentions"].append(
            common(m, "date")
            | {
                "value": m.value,
                "granularity": m.granularity,
                "reason": m.reason,
                "date_start": start,
                "date_end": end,
                "extractor_version": v["dates"],
            }
        )


def date_bounds(value: str | None) -> tuple[date | None, date | None]:
    """First and last calendar day an ISO partial value covers."""
    import calendar

    if not value:
        return None, None
    try:
        year_part, _, code = value.partition("-")
        seasons = season_start_months()
        if code in seasons:
            # Meteorological seasons, the year being the one the season starts in
            # (winter 2018 is December 2018 to February 2019), as extractors.dates reads them.
            start_month = seasons[code]
            last_year = int(year_part) + (start_month + 2 > 12)
            last_month = (start_month + 1) % 12 + 1
            return date(int(year_part), start_month, 1), date(
                last_year, last_month, calendar.monthrange(last_year, last_month)[1]
            )
        if "-W" in value:
            year, week = value.split("-W")
            first = date.fromisocalendar(int(year), int(week), 1)
            return first, date.fromisocalendar(int(year), int(week), 7)
        if "-Q" in value:
            year, quarter = value.split("-Q")
            month = 3 * (int(quarter) - 1) + 1
            last = month + 2
            return date(int(year), month, 1), date(
                int(year), last, calendar.monthrange(int(year), last)[1]
            )
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return date(*parts), date(*parts)
        if len(parts) == 2:
            y, m = parts
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if len(parts) == 1 and len(value) == 4:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        pass
    return None, None


_SCHEMAS = {
    "articles": [
        ("article_id", pa.string()),
        ("path", pa.string()),
        ("content_sha256", pa.string()),
        ("outlet", pa.string()),
        ("headline", pa.string()),
        ("url", pa.string()),
        ("published", pa.date32()),
        ("story", pa.string()),
        ("source_kind", pa.string()),
        ("agency", pa.string()),
        ("metadata_evidence", pa.string()),
        ("encoding", pa.string()),
        ("decode_note", pa.string()),
        ("decode_confidence", pa.float64()),
        ("n_chars", pa.int32()),
        ("n_furniture_chars", pa.int32()),
        ("text", pa.string()),
        ("extractor_versions", pa.string()),
        ("loaded_by_run", pa.string()),
        ("warc_target_uri", pa.string()),
        ("warc_date", pa.timestamp("us")),
    ],
    "sentences": [
        ("sentence_id", pa.string()),
        ("article_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("quote", pa.string()),
    ],
    "furniture_spans": [
        ("article_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("reason", pa.string()),
    ],
}
_MENTION_HEAD = [
    ("mention_id", pa.string()),
    ("article_id", pa.string()),
    ("sentence_id", pa.string()),
    ("start_char", pa.int32()),
    ("end_char", pa.int32()),
    ("text", pa.string()),
]
_SCHEMAS["figure_mentions"] = _MENTION_HEAD + [
    ("value", pa.float64()),
    ("value_high", pa.float64()),
    ("kind", pa.string()),
    ("unit", pa.string()),
    ("qualifier", pa.string()),
    ("counted_noun", pa.string()),
    ("subject", pa.string()),
    ("verb", pa.string()),
    ("extractor_version", pa.string()),
]
_SCHEMAS["entity_mentions"] = _MENTION_HEAD + [
    ("label", pa.string()),
    ("canonical", pa.string()),
    ("entity_id", pa.string()),
    ("role", pa.string()),
    ("extractor_version", pa.string()),
]
_SCHEMAS["date_mentions"] = _MENTION_HEAD + [
    ("value", pa.string()),
    ("granularity", pa.string()),
    ("reason", pa.string()),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("extractor_version", pa.string()),
]
FILES_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("article_id", pa.string()),
        ("content_sha256", pa.string()),
        ("size_bytes", pa.int64()),
        ("loaded_by_run", pa.string()),
        ("manifest_sha256", pa.string()),
        ("source_sha256", pa.string()),
    ]
)


def _to_arrow(table: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=pa.schema(_SCHEMAS[table]))
