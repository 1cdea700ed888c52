"""Separate article text from page furniture, keeping every offset.

Scraped articles carry share buttons, "Read more" links with the related
article's headline, photo captions and credits, embedded-post headers and bare
URLs. None of that is a statement of the article, so no fact may come from it.

Rather than cutting furniture out (and then mapping offsets back), :func:`clean`
*blanks* it: furniture characters become spaces, newlines are kept, and hard line
wraps inside a paragraph become single spaces. The cleaned text therefore has the
same length as the original and every offset means the same character in both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .records import CleanedText, FurnitureSpan

VERSION = "clean-1"

_INLINE_LINK = re.compile(r"<(?:https?://|www\.|mailto:|/)[^<>\s]*>|<>")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+")
_URL_ONLY = re.compile(r"^(?:<[^<>\s]*>|(?:https?://|www\.)\S+)$")
_CAPTION_CREDIT = re.compile(r"(?:^|[.!?]\s+)([A-Z][a-z]+)\s*:\s*\S")
_PAREN_CREDIT = re.compile(r"^\(([^()]{2,80})\)$")
_POST_HEADER = re.compile(r"\(@\w{1,30}\)\s*$")
# A line ends a sentence (and so a paragraph may end there) when its last visible
# character closes a sentence or a quotation.
_SENTENCE_END = ".!?:;\"'\u201d\u2019"


@dataclass(frozen=True)
class _Vocabulary:
    share_labels: frozenset[str]
    link_labels: frozenset[str]
    headline_labels: frozenset[str]
    credit_prefixes: frozenset[str]
    agencies: frozenset[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = json.loads(
        resources.files(__package__).joinpath("data/furniture.json").read_text("utf-8")
    )
    return _Vocabulary(
        share_labels=frozenset(raw["share_labels"]),
        link_labels=frozenset(raw["link_labels"]),
        headline_labels=frozenset(raw["labels_introducing_a_headline"]),
        credit_prefixes=frozenset(raw["credit_prefixes"]),
        agencies=frozenset(raw["agencies"]),
    )


@dataclass
class _Line:
    start: int  # offset of the first character
    end: int  # offset just past the last character, newline excluded
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.stripped


def _split_lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for chunk in text.splitlines(keepends=True):
        body = chunk.rstrip("\r\n")
        lines.append(_Line(pos, pos + len(body), body))
        pos += len(chunk)
    return lines


def _label_key(line: str) -> str:
    return re.sub(r"^<>\s*", "", line.strip()).strip().lower()


def _is_credit(line: str, vocab: _Vocabulary) -> bool:
    """Photo credit ("Photograph: X/Getty"), alone or after a caption on one line."""
    for match in _CAPTION_CREDIT.finditer(line.strip()):
        if match.group(1).lower() in vocab.credit_prefixes:
            return True
    paren = _PAREN_CREDIT.match(line.strip())
    if paren:
        inner = paren.group(1).strip().lower()
        parts = [p.strip() for p in inner.split("/")]
        return "/" in inner or inner in vocab.agencies or parts[-1] in vocab.agencies
    return False


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _short_block(line: str, max_words: int) -> bool:
    words = line.split()
    return 0 < len(words) <= max_words and not _ends_sentence(line)


def find_furniture(text: str) -> list[FurnitureSpan]:
    """Locate page furniture in ``text``; spans may touch but are sorted by start."""
    vocab = _vocabulary()
    lines = _split_lines(text)
    reasons: dict[int, str] = {}

    def previous_content(i: int) -> int | None:
        j = i - 1
        while j >= 0 and (lines[j].blank or j in reasons):
            j -= 1
        return j if j >= 0 else None

    for i, line in enumerate(lines):
        if line.blank:
            continue
        key = _label_key(line.text)
        if _URL_ONLY.match(line.stripped) or key == "":
            reasons[i] = "link"
        elif key in vocab.share_labels:
            reasons[i] = "share button"
        elif _POST_HEADER.search(line.stripped):
            reasons[i] = "embedded post header"
        elif key in vocab.link_labels:
            reasons[i] = "link label"
            if key in vocab.headline_labels:
                j = previous_content(i)
                # The related article's headline sits just above its link label.
                if (
                    j is not None
                    and len(lines[j].stripped) <= 200
                    and not _ends_sentence(lines[j].text)
                ):
                    reasons[j] = "related-article headline"
        elif _is_credit(line.text, vocab):
            reasons[i] = "photo credit"
            j = i - 1
            while j >= 0 and j in reasons and reasons[j] in ("link", "share button"):
                j -= 1
            # A caption is the short block directly above its credit.
            if j >= 0 and not lines[j].blank and j not in reasons and len(lines[j].stripped) <= 200:
                before = j - 1
                if before < 0 or lines[before].blank or before in reasons:
                    reasons[j] = "photo caption"
            # An image's alt text: a lone short line, a paragraph of its own, above it.
            k = previous_content(i)
            if (
                k is not None
                and k < i - 1
                and _short_block(lines[k].text, 8)
                and (k == 0 or lines[k - 1].blank or (k - 1) in reasons)
            ):
                reasons[k] = "image alt text"

    spans = [FurnitureSpan(lines[i].start, lines[i].end, why) for i, why in reasons.items()]
    covered = {i for i in reasons}
    for i, line in enumerate(lines):
        if i in covered:
            continue
        inline = [m.span() for m in _INLINE_LINK.finditer(line.text)]
        bare = [
            m.span()
            for m in _BARE_URL.finditer(line.text)
            if not any(a <= m.start() < b for a, b in inline)
        ]
        for (a, b), why in [(span, "inline link") for span in inline] + [
            (span, "bare URL") for span in bare
        ]:
            spans.append(FurnitureSpan(line.start + a, line.start + b, why))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def _blank(chars: list[str], start: int, end: int) -> None:
    for k in range(start, end):
        if chars[k] not in "\r\n":
            chars[k] = " "


def _unwrap(chars: list[str], lines: list[_Line]) -> None:
    """Turn hard wraps inside a paragraph into spaces.

    Two visible lines belong to one paragraph when no originally blank line
    separates them and the first does not end a sentence. Lines that were blanked
    furniture in between (an inline link on its own line) do not break it.
    """
    masked = "".join(chars)
    visible = [i for i, ln in enumerate(lines) if masked[ln.start : ln.end].strip()]
    for a, b in zip(visible, visible[1:], strict=False):
        if any(lines[k].blank for k in range(a + 1, b)):
            continue
        if _ends_sentence(masked[lines[a].start : lines[a].end]):
            continue
        for k in range(lines[a].end, lines[b].start):
            if chars[k] in "\r\n":
                chars[k] = " "


def clean(text: str) -> CleanedText:
    """Blank out page furniture and unwrap hard-wrapped paragraphs, keeping offsets."""
    furniture = find_furniture(text)
    chars = list(text)
    for span in furniture:
        _blank(chars, span.start, span.end)
    _unwrap(chars, _split_lines(text))
    return CleanedText(original=text, text="".join(chars), furniture=tuple(furniture))
