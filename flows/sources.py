"""Find articles in a corpus folder, read the manifest and decode the files.

A corpus folder holds ``articles/`` (text or HTML files) and an optional
``manifest.csv``; a flat folder with the files and ``manifest.csv`` side by side
works too. Every problem becomes a :class:`Rejection` naming the file and the
reason, and never stops the other files from being processed:

- a bad manifest *header* (missing or unknown column) is one rejection with the
  path ``manifest.csv``; the columns it does name are still used, and without a
  ``file`` column the articles are processed without manifest metadata;
- a bad manifest *row* is one rejection with the path ``manifest.csv:<line>``
  (all of that row's problems in one message); the article itself is still
  processed, without the refused values;
- an article file that cannot be read becomes a rejection with its own path.

No file outside the corpus is read: manifest rows and links that resolve outside
the articles folder are refused, and files are opened by their resolved path
without following a link swapped in later.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from extractors.metadata import MANIFEST_COLUMNS, OPTIONAL_MANIFEST_COLUMNS

from .decoding import MIN_TEXT_SHARE, Undecodable, decide, text_share

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
# Files that hold many articles: web archives and JSON Lines exports (flows.inputs).
CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".jsonl", ".jsonl.gz")
# A saved news page with inline scripts and JSON can reach a few MB; 10 MB is far
# above any real one, so a larger file is a scraping accident and is not read.
MAX_BYTES = 10 * 1024 * 1024
# spaCy's parser needs about 1 GB of memory per 100,000 characters and refuses
# texts over 1,000,000; the longest long-read is ~60,000 characters.
MAX_ARTICLE_CHARS = 200_000
MANIFEST_NAME = "manifest.csv"
_ALLOWED_COLUMNS = MANIFEST_COLUMNS + OPTIONAL_MANIFEST_COLUMNS


class ManifestError(ValueError):
    """The manifest's header cannot be used as a whole (kept for callers of read_manifest)."""


class SourceError(ValueError):
    """An article file that cannot become article text; ``category`` is the short reason.

    The message starts with the file's corpus path, then says why.
    """

    def __init__(self, path: str, category: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.category = category


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
    confidence: float = 1.0  # how sure decoding was of the encoding (flows.decoding)


@dataclass(frozen=True)
class SourceFile:
    """An article file found in the corpus, with its manifest row (if any)."""

    path: str  # relative to the corpus folder, '/'-separated
    absolute: str  # resolved: no link left in it
    size_bytes: int
    manifest: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Corpus:
    root: Path
    articles_dir: Path
    files: list[SourceFile]
    rejections: list[Rejection]
    containers: list[SourceFile] = field(default_factory=list)  # archives, exports


def articles_dir(root: Path) -> Path:
    return root / "articles" if (root / "articles").is_dir() else root


def _manifest_header_problem(path: Path, header: list[str]) -> str | None:
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    unknown = [c for c in header if c not in _ALLOWED_COLUMNS]
    if not missing and not unknown:
        return None
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        parts.append(f"unknown column(s) {', '.join(unknown)}")
    consequence = (
        "no row can be matched to a file: articles are processed without manifest metadata"
        if "file" in missing
        else "the other columns are used"
    )
    return (
        f"{path}: line 1: {'; '.join(parts)} (allowed: {', '.join(_ALLOWED_COLUMNS)}); "
        f"{consequence}"
    )


def read_manifest(
    path: Path, articles_root: Path, strict_header: bool = True
) -> tuple[dict[str, dict[str, str]], list[Rejection]]:
    """Manifest rows by article path; every problem becomes a rejection with its line.

    With ``strict_header`` (the default for direct callers) a header that lacks a
    required column or has an unknown one raises :class:`ManifestError`; otherwise
    it becomes a rejection of ``manifest.csv`` and the named columns are used.
    """
    rows, _, rejections = _read_manifest(path, articles_root, strict_header)
    return rows, rejections


def _read_manifest(
    path: Path, articles_root: Path, strict_header: bool
) -> tuple[dict[str, dict[str, str]], dict[str, int], list[Rejection]]:
    """Rows by article path, the line of each, and the rejections."""
    rows: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    rejections: list[Rejection] = []
    if not path.exists():
        return rows, first_line, rejections
    try:
        text = decode(path.read_bytes(), str(path)).text
    except (OSError, ValueError) as exc:
        detail = f"{exc}; articles are processed without manifest metadata"
        return rows, first_line, [Rejection(MANIFEST_NAME, "manifest_unreadable", detail)]
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [(name or "").strip() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        detail = f"{path}: line 1: {exc}; articles are processed without manifest metadata"
        return rows, first_line, [Rejection(MANIFEST_NAME, "manifest_header", detail)]
    reader.fieldnames = header
    problem = _manifest_header_problem(path, header)
    if problem:
        if strict_header:
            raise ManifestError(problem)
        rejections.append(Rejection(MANIFEST_NAME, "manifest_header", problem))
        if "file" not in header:
            return rows, first_line, rejections
    resolved_root = articles_root.resolve()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a field over the csv size limit: the row is lost
            line = reader.line_num
            detail = f"{path}: line {line}: {exc}; row ignored"
            rejections.append(Rejection(f"{MANIFEST_NAME}:{line}", "manifest_row", detail))
            continue
        line = reader.line_num
        where = f"{path}: line {line}"
        values = {k: (v or "").strip() for k, v in row.items() if k in _ALLOWED_COLUMNS}
        name = values.get("file", "")
        row_path = f"{MANIFEST_NAME}:{line}"
        if not name:
            rejections.append(Rejection(row_path, "manifest_row", f"{where}: empty 'file'"))
            continue
        target = (articles_root / name).resolve()
        if not target.is_relative_to(resolved_root):
            rejections.append(
                Rejection(
                    row_path,
                    "outside_corpus",
                    f"{where}: {name!r} points outside the corpus; refused, not read",
                )
            )
            continue
        key = target.relative_to(resolved_root).as_posix()
        if key in first_line:
            rejections.append(
                Rejection(
                    row_path,
                    "manifest_row",
                    f"{where}: second row for {name!r} (first on line {first_line[key]}); ignored",
                )
            )
            continue
        first_line[key] = line
        problems = []
        published = values.get("published", "")
        if published:
            try:
                date.fromisoformat(published)
                if len(published) != 10:
                    raise ValueError(published)
            except ValueError:
                problems.append(f"published {published!r} is not a date (YYYY-MM-DD)")
                values["published"] = ""
        kind = values.get("source_kind", "")
        if kind and kind not in ("primary", "secondary"):
            problems.append(f"source_kind {kind!r} is not primary or secondary")
            values["source_kind"] = ""
        if problems:
            rejections.append(
                Rejection(
                    row_path,
                    "manifest_row",
                    f"{where}: {'; '.join(problems)}; {name!r} is processed without it",
                )
            )
        values["file"] = key
        rows[key] = values
    return rows, first_line, rejections


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def discover(root: str | Path) -> Corpus:
    """List the corpus's article files with their manifest rows, and what was refused."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: corpus folder not found")
    folder = articles_dir(root)
    manifest_path = root / MANIFEST_NAME
    manifest: dict[str, dict[str, str]] = {}
    manifest_lines: dict[str, int] = {}
    if manifest_path.is_symlink() and not _inside(manifest_path, root):
        rejections = [
            Rejection(
                MANIFEST_NAME,
                "outside_corpus",
                f"{manifest_path}: link points outside the corpus; refused, not read",
            )
        ]
    else:
        manifest, manifest_lines, rejections = _read_manifest(
            manifest_path, folder, strict_header=False
        )
    files = []
    containers = []
    seen = set()
    resolved_folder = folder.resolve()
    for entry in sorted(folder.rglob("*")):
        rel_parts = entry.relative_to(folder).parts
        if any(part.startswith(".") for part in rel_parts) or entry.name == MANIFEST_NAME:
            continue
        rel = entry.relative_to(folder).as_posix()
        resolved = entry.resolve()
        if not resolved.is_relative_to(resolved_folder):
            if entry.is_symlink():
                rejections.append(
                    Rejection(
                        rel, "outside_corpus", f"{rel}: link points outside the corpus; refused"
                    )
                )
            continue
        if not resolved.is_file():
            continue
        if entry.name.lower().endswith(CONTAINER_SUFFIXES):
            containers.append(SourceFile(rel, str(resolved), resolved.stat().st_size))
            continue
        if entry.suffix.lower() not in ARTICLE_SUFFIXES:
            rejections.append(
                Rejection(
                    rel,
                    "unsupported_type",
                    f"{rel}: file type {entry.suffix or '(none)'} is not an article format "
                    f"({', '.join(ARTICLE_SUFFIXES + CONTAINER_SUFFIXES)})",
                )
            )
            continue
        seen.add(rel)
        files.append(SourceFile(rel, str(resolved), resolved.stat().st_size, manifest.get(rel, {})))
    refused = {r.path for r in rejections}
    for name in manifest:
        if name not in seen and name not in refused:
            rejections.append(
                Rejection(
                    f"{MANIFEST_NAME}:{manifest_lines[name]}",
                    "missing_file",
                    f"{manifest_path}: line {manifest_lines[name]}: names {name!r}, "
                    f"which is not an article file in {folder}",
                )
            )
    return Corpus(root, folder, files, rejections, containers)


def _checked(text: str, encoding: str, path: str, note: str | None = None) -> DecodedText:
    if not text.strip():
        raise SourceError(path, "empty", "empty file (no text after decoding)")
    if "\x00" in text:
        raise SourceError(path, "binary", "binary file (NUL characters), not article text")
    share = text_share(text)
    if share < MIN_TEXT_SHARE:
        raise SourceError(
            path, "binary", f"binary file (only {share:.0%} text characters after decoding)"
        )
    return DecodedText(text, encoding, note)


def decode(data: bytes, path: str) -> DecodedText:
    """Decode article bytes by what they say or, failing that, by confident detection
    (:mod:`flows.decoding`).

    Raises :class:`SourceError` (a ``ValueError``) naming the file and the reason
    for an empty, binary or undecodable file; never anything else.
    """
    if not data.strip():
        raise SourceError(path, "empty", "empty file")
    try:
        decision = decide(data)
    except Undecodable as exc:
        raise SourceError(path, exc.category, str(exc)) from exc
    checked = _checked(decision.text, decision.encoding, path, decision.note)
    return replace(checked, confidence=decision.confidence)


def html_article_text(html: str, path: str) -> str:
    """The article text of an HTML page, extracted with trafilatura.

    Paragraphs come back one per line; they are separated by a blank line, as in
    the corpus's text files, so sentence splitting sees the paragraph breaks.
    """
    import trafilatura

    extracted = trafilatura.extract(
        html, include_comments=False, include_tables=False, include_images=False
    )
    if not extracted or not extracted.strip():
        raise SourceError(path, "no_article_text", "HTML page without article text")
    lines = [line.strip() for line in extracted.splitlines()]
    return "\n\n".join(line for line in lines if line) + "\n"


def manifest_fingerprint(source: SourceFile) -> str:
    """SHA-256 of the file's manifest row: an edited row (a corrected date, a
    story) changes what extraction produces even when the text is the same."""
    row = "\x1f".join(f"{k}={v}" for k, v in sorted(source.manifest.items()))
    return hashlib.sha256(row.encode("utf-8")).hexdigest()


def content_id(text: str) -> tuple[str, str]:
    """(article_id, sha256) of a decoded text: identical texts share one id."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return digest[:16], digest


def _read_capped(source: SourceFile) -> bytes:
    """The file's bytes, opened without following a link and never more than the limit."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(source.absolute, flags)
    except OSError as exc:
        raise SourceError(source.path, "unreadable", f"cannot open: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large(source.path, max(source.size_bytes, len(data)))
    return data


def _too_large(path: str, size: int) -> SourceError:
    return SourceError(
        path,
        "too_large",
        f"{size / 1e6:.1f} MB is over the {MAX_BYTES / 1e6:.1f} MB limit for one article "
        "file; not read",
    )


def read_source(source: SourceFile) -> DecodedText:
    """Read, decode and (for HTML) extract one article file.

    Raises :class:`SourceError` naming the file and the reason. For HTML the text
    is the article trafilatura finds in the page; offsets index that text.
    """
    if source.size_bytes > MAX_BYTES:
        raise _too_large(source.path, source.size_bytes)
    decoded = decode(_read_capped(source), source.path)
    if source.path.lower().endswith(HTML_SUFFIXES):
        import trafilatura

        note = f"HTML: article text extracted with trafilatura {trafilatura.__version__}"
        if decoded.note:
            note = f"{note}; {decoded.note}"
        decoded = replace(decoded, text=html_article_text(decoded.text, source.path), note=note)
    if len(decoded.text) > MAX_ARTICLE_CHARS:
        raise SourceError(
            source.path,
            "too_large",
            f"{len(decoded.text):,} characters is over the {MAX_ARTICLE_CHARS:,}-character "
            "limit for one article",
        )
    return decoded
