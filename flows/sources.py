"""Find articles in a corpus folder, read the manifest and decode the files.

A corpus folder holds ``articles/`` (text or HTML files) and an optional
``manifest.csv``; a flat folder with the files and ``manifest.csv`` side by side
works too. Every problem becomes a :class:`Rejection` naming the file and the
reason, and never stops the other files from being processed.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from extractors.metadata import MANIFEST_COLUMNS, OPTIONAL_MANIFEST_COLUMNS

ARTICLE_SUFFIXES = (".txt", ".text", ".md")
MAX_BYTES = 5 * 1024 * 1024  # the longest news article is far below; larger is a scraping accident


class ManifestError(ValueError):
    """The manifest cannot be used as a whole (bad header)."""


@dataclass(frozen=True)
class Rejection:
    path: str
    reason: str  # a short category
    detail: str  # the message a person reads: file and reason


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    note: str | None = None


@dataclass(frozen=True)
class SourceFile:
    """An article file found in the corpus, with its manifest row (if any)."""

    path: str  # relative to the corpus folder, '/'-separated
    absolute: str
    size_bytes: int
    manifest: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Corpus:
    root: Path
    articles_dir: Path
    files: list[SourceFile]
    rejections: list[Rejection]


def articles_dir(root: Path) -> Path:
    return root / "articles" if (root / "articles").is_dir() else root


def read_manifest(
    path: Path, articles_root: Path
) -> tuple[dict[str, dict[str, str]], list[Rejection]]:
    """Manifest rows by article path; bad rows become rejections with line numbers.

    Raises :class:`ManifestError` for a header that lacks a required column or has
    an unknown one, since no row can then be trusted.
    """
    rows: dict[str, dict[str, str]] = {}
    rejections: list[Rejection] = []
    if not path.exists():
        return rows, rejections
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    unknown = [c for c in header if c not in MANIFEST_COLUMNS + OPTIONAL_MANIFEST_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        allowed = ", ".join(MANIFEST_COLUMNS + OPTIONAL_MANIFEST_COLUMNS)
        raise ManifestError(f"{path}: line 1: {'; '.join(parts)} (allowed: {allowed})")
    resolved_root = articles_root.resolve()
    for row in reader:
        line = reader.line_num
        name = (row.get("file") or "").strip()
        where = f"{path}: line {line}"
        if not name:
            rejections.append(
                Rejection(f"manifest.csv:{line}", "manifest_row", f"{where}: empty 'file'")
            )
            continue
        target = (articles_root / name).resolve()
        if not target.is_relative_to(resolved_root):
            rejections.append(
                Rejection(
                    name, "outside_corpus", f"{where}: {name!r} points outside the corpus; refused"
                )
            )
            continue
        published = (row.get("published") or "").strip()
        if published:
            try:
                date.fromisoformat(published)
            except ValueError:
                rejections.append(
                    Rejection(
                        name,
                        "manifest_row",
                        f"{where}: published {published!r} is not a date (YYYY-MM-DD); "
                        "the article is processed without it",
                    )
                )
                row["published"] = ""
        kind = (row.get("source_kind") or "").strip()
        if kind and kind not in ("primary", "secondary"):
            rejections.append(
                Rejection(
                    name,
                    "manifest_row",
                    f"{where}: source_kind {kind!r} is not primary or secondary",
                )
            )
            row["source_kind"] = ""
        rows[target.relative_to(resolved_root).as_posix()] = {
            k: (v or "").strip() for k, v in row.items() if k is not None
        }
    return rows, rejections


def discover(root: str | Path) -> Corpus:
    """List the corpus's article files with their manifest rows."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: corpus folder not found")
    folder = articles_dir(root)
    manifest, rejections = read_manifest(root / "manifest.csv", folder)
    files = []
    seen = set()
    for entry in sorted(folder.rglob("*")):
        if not entry.is_file() or entry.name == "manifest.csv" or entry.name.startswith("."):
            continue
        rel = entry.relative_to(folder).as_posix()
        if entry.is_symlink() and not entry.resolve().is_relative_to(folder.resolve()):
            rejections.append(
                Rejection(rel, "outside_corpus", f"{rel}: link points outside the corpus; refused")
            )
            continue
        if entry.suffix.lower() not in ARTICLE_SUFFIXES:
            rejections.append(
                Rejection(
                    rel,
                    "unsupported_type",
                    f"{rel}: file type {entry.suffix or '(none)'} is not an article format "
                    f"({', '.join(ARTICLE_SUFFIXES)})",
                )
            )
            continue
        seen.add(rel)
        files.append(SourceFile(rel, str(entry), entry.stat().st_size, manifest.get(rel, {})))
    for name in manifest:
        if name not in seen and not any(r.path == name for r in rejections):
            rejections.append(
                Rejection(
                    name, "missing_file", f"manifest.csv names {name!r}, which is not in {folder}"
                )
            )
    return Corpus(root, folder, files, rejections)


def decode(data: bytes, path: str) -> DecodedText:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else detection.

    Raises :class:`ValueError` naming the file and the reason for an empty or
    binary file.
    """
    if not data.strip():
        raise ValueError(f"{path}: empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedText(data.decode("utf-16"), "utf-16", "UTF-16 with byte-order mark")
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedText(data[3:].decode("utf-8", errors="strict"), "utf-8-sig")
    if b"\x00" in data[:8192]:
        raise ValueError(f"{path}: binary file (NUL bytes), not article text")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError(f"{path}: binary file (no text encoding fits)")
    text = str(best)
    printable = sum(ch.isprintable() or ch.isspace() for ch in text) / max(len(text), 1)
    if printable < 0.95:
        raise ValueError(f"{path}: binary file ({printable:.0%} printable after decoding)")
    return DecodedText(text, best.encoding, f"not UTF-8; decoded as {best.encoding} by detection")


def content_id(text: str) -> tuple[str, str]:
    """(article_id, sha256) of a decoded text: identical texts share one id."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return digest[:16], digest


def read_source(source: SourceFile) -> DecodedText:
    """Read and decode one article file; ValueError names the file and the reason."""
    if source.size_bytes > MAX_BYTES:
        raise ValueError(
            f"{source.path}: {source.size_bytes / 1e6:.1f} MB is over the "
            f"{MAX_BYTES / 1e6:.0f} MB limit for one article"
        )
    data = Path(source.absolute).read_bytes()
    return decode(data, source.path)
