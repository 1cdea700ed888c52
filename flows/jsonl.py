"""JSON Lines exports (``*.jsonl``, ``*.jsonl.gz``): one article per line.

A line is a JSON object. Its fields map to an article as below; an export that
names them otherwise says so with the ``jsonl_fields`` setting
(``--jsonl-fields``, ``NEWSFACTS_JSONL_FIELDS`` or ``newsfacts.toml``), e.g.
``"text=maintext,title=headline,published=date_publish"``.

===========  ==============================================================
``text``     the article text (or ``html``: a page, read like a saved .html)
``url``      the article's own URL
``title``    its headline
``published`` publication date: ``YYYY-MM-DD``, or an ISO date-time (its date)
``outlet``   the publishing outlet
``story``    a story id grouping articles about one event
``source_kind`` ``primary`` or ``secondary``
``agency``   the wire service of a syndicated copy
===========  ==============================================================

A line that cannot be used (not JSON, not an object, no text, a bad date) is one
rejection naming the file and the line; the rest of the file loads.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from extractors.records import Evidence

from .sources import MAX_ARTICLE_CHARS, MAX_BYTES, Rejection, SourceFile

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
# article field -> the JSON field read by default
DEFAULT_FIELDS: dict[str, str] = {
    "text": "text",
    "html": "html",
    "url": "url",
    "title": "title",
    "published": "published",
    "outlet": "outlet",
    "story": "story",
    "source_kind": "source_kind",
    "agency": "agency",
}
# The article field a JSON field fills, as infer_metadata names it.
_METADATA_NAMES = {"title": "headline"}


@dataclass(frozen=True)
class JsonlLine(SourceFile):
    """One line of an export; ``path`` is ``<file>:<line>``. It carries its bytes."""

    export: str = ""
    line: int = 0
    data: bytes = b""
    fields: tuple[tuple[str, str], ...] = ()  # the field mapping in force
    fingerprint: str = ""  # SHA-256 of the line and the mapping


def parse_field_mapping(spec: str | None) -> dict[str, str]:
    """The field mapping: the defaults with ``article_field=json_field`` pairs over them."""
    mapping = dict(DEFAULT_FIELDS)
    for pair in (spec or "").split(","):
        if not pair.strip():
            continue
        target, sep, name = (part.strip() for part in pair.partition("="))
        if not sep or target not in DEFAULT_FIELDS or not name:
            raise ValueError(
                f"jsonl_fields: {pair.strip()!r} is not article_field=json_field with an "
                f"article field among {', '.join(DEFAULT_FIELDS)}"
            )
        mapping[target] = name
    return mapping


def _published(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    head = value[:10]
    try:
        date.fromisoformat(head)
    except ValueError:
        return None
    if len(head) != 10 or (len(value) > 10 and value[10] not in "T "):
        return None
    return head


def _lines(absolute: str) -> Iterator[bytes]:
    opener = gzip.open if absolute.lower().endswith(".gz") else open
    with opener(absolute, "rb") as handle:
        yield from handle


def _value(row: dict, name: str) -> object:
    """A field, where ``name`` may be dotted to reach into nested objects."""
    value: object = row
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def problem(row: object, mapping: dict[str, str]) -> str | None:
    """Why a parsed line cannot become an article, or None."""
    if not isinstance(row, dict):
        return f"not a JSON object but {type(row).__name__}"
    text, html = _value(row, mapping["text"]), _value(row, mapping["html"])
    body = text if isinstance(text, str) and text.strip() else html
    if not isinstance(body, str) or not body.strip():
        return f"no text: neither {mapping['text']!r} nor {mapping['html']!r} holds a string"
    if len(body) > MAX_ARTICLE_CHARS * (20 if body is html else 1):
        return f"{len(body):,} characters is over the limit for one article"
    published = _value(row, mapping["published"])
    if published not in (None, "") and _published(published) is None:
        return f"{mapping['published']} {published!r} is not a date (YYYY-MM-DD or ISO date-time)"
    kind = _value(row, mapping["source_kind"])
    if kind not in (None, "", "primary", "secondary"):
        return f"{mapping['source_kind']} {kind!r} is not primary or secondary"
    for field in ("url", "title", "outlet", "story", "agency"):
        value = _value(row, mapping[field])
        if value is not None and not isinstance(value, str | int):
            return f"{mapping[field]} is a {type(value).__name__}, not a string"
    return None


def scan_export(
    absolute: str, rel: str, mapping: dict[str, str]
) -> tuple[list[JsonlLine], list[Rejection]]:
    """Every usable line of an export, and one rejection per unusable one."""
    lines: list[JsonlLine] = []
    rejections: list[Rejection] = []
    pairs = tuple(sorted(mapping.items()))
    mapping_key = json.dumps(pairs).encode("utf-8")
    number = 0
    try:
        for number, raw in enumerate(_lines(absolute), start=1):
            if not raw.strip():
                continue
            path = f"{rel}:{number}"
            where = f"{rel}: line {number}"
            if len(raw) > MAX_BYTES:
                rejections.append(Rejection(path, "jsonl_line", f"{where}: over {MAX_BYTES} bytes"))
                continue
            try:
                row = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                rejections.append(Rejection(path, "jsonl_line", f"{where}: not JSON ({exc})"))
                continue
            why = problem(row, mapping)
            if why:
                rejections.append(Rejection(path, "jsonl_line", f"{where}: {why}; line not loaded"))
                continue
            digest = hashlib.sha256(raw + b"\x1f" + mapping_key).hexdigest()
            lines.append(JsonlLine(path, absolute, len(raw), {}, rel, number, raw, pairs, digest))
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        # A cut-off or corrupt .gz: the lines before the damage are kept.
        detail = f"{rel}: unreadable after line {number}: {exc}; the lines before it load"
        rejections.append(Rejection(f"{rel}:{number + 1}", "jsonl_unreadable", detail))
    return lines, rejections


def given_metadata(source: JsonlLine) -> tuple[str, bool, list[Evidence]]:
    """(text or html, whether it is html, the line's metadata with its evidence)."""
    mapping = dict(source.fields)
    row = json.loads(source.data)
    text = _value(row, mapping["text"])
    is_html = not (isinstance(text, str) and text.strip())
    body = _value(row, mapping["html"]) if is_html else text
    evidence = []
    for field in ("url", "title", "published", "outlet", "story", "source_kind", "agency"):
        value = _value(row, mapping[field])
        if value in (None, ""):
            continue
        value = _published(value) if field == "published" else str(value).strip()
        detail = f"{source.export}: line {source.line}, field {mapping[field]!r}"
        evidence.append(Evidence(_METADATA_NAMES.get(field, field), value, "jsonl", detail))
    return str(body), is_html, evidence
