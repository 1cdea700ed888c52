"""Separate article text from page furniture, keeping every offset.

Scraped articles carry share buttons, "Read more" links with the related
article's headline, photo captions and credits, bylines, date and time stamps,
archive banners, subscription appeals and bare URLs. None of that is a statement
of the article, so no fact may come from it.

Which lines are furniture is decided by a fitted line classifier: each line (a
hard-wrapped paragraph counts as one) gets the general features of
:mod:`extractors.line_features`, and a logistic model whose weights are fitted by
``tests/benchmarks/fit_furniture.py`` on labelled lines (ECB+ dev documents, the
seed articles, hand-written pages) and stored, versioned, in
``data/furniture_model.json`` turns them into a probability. Two things stay rules
because they are structural rather than a matter of judgement: a line that is only
a link, and links or bare URLs inside an article line (an address has no words to
weigh, and is never a statement).

Rather than cutting furniture out (and then mapping offsets back), :func:`clean`
*blanks* it: furniture characters become spaces, newlines are kept, and hard line
wraps inside a paragraph become single spaces. The cleaned text therefore has the
same length as the original and every offset means the same character in both.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from . import line_features
from .line_features import split_lines as _split_lines
from .records import CleanedText, FurnitureSpan
from .stamps import header_stamps

# A line ends a sentence (and so a paragraph may end there) when its last visible
# character closes a sentence or a quotation.
_SENTENCE_END = ".!?:;\"'\u201d\u2019"

# What a furniture line is called, after the feature that weighed most for it.
_KIND_OF_FEATURE = {
    "date_share": "date or time stamp",
    "full_date": "date or time stamp",
    "clock_time": "date or time stamp",
    "stamp_cue": "date or time stamp",
    "date_only_before": "title",
    "byline": "byline",
    "credit": "photo credit",
    "credit_next": "photo caption",
    "link_label": "link or share label",
    "headline_label_next": "related-article headline",
    "post_header": "embedded post header",
    "appeal": "appeal or banner",
    "self_reference": "appeal or banner",
    "copyright": "copyright line",
    "title_shape": "title",
    "ends_exclamation_or_question": "title",
    "after_url": "title",
    "top_three": "title",
    "title_case_share": "title",
    "upper_share": "title",
}


@lru_cache(maxsize=1)
def _model() -> dict:
    raw = resources.files(__package__).joinpath("data/furniture_model.json").read_text("utf-8")
    model = json.loads(raw)
    if list(model["features"]) != list(line_features.FEATURES):
        raise ValueError(
            "extractors/data/furniture_model.json was fitted on other features than "
            "extractors/line_features.py computes; re-run tests/benchmarks/fit_furniture.py"
        )
    return model


def model_version() -> str:
    return str(_model()["version"])


VERSION = "clean-2"


def probability(row: list[float], weights: list[float], intercept: float) -> float:
    z = intercept + sum(w * x for w, x in zip(weights, row, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def furniture_probability(row: list[float]) -> float:
    """The stored model's probability that a unit with features ``row`` is furniture."""
    model = _model()
    return probability(row, model["weights"], model["intercept"])


def _kind(row: list[float]) -> str:
    weights = _model()["weights"]
    contributions = sorted(
        ((w * x, name) for w, x, name in zip(weights, row, line_features.FEATURES, strict=True)),
        reverse=True,
    )
    for value, name in contributions:
        if value > 0 and name in _KIND_OF_FEATURE:
            return _KIND_OF_FEATURE[name]
    return "page furniture"


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def find_furniture(text: str) -> list[FurnitureSpan]:
    """Locate page furniture in ``text``; spans may touch but are sorted by start."""
    threshold = float(_model()["threshold"])
    lines = _split_lines(text)
    spans: list[FurnitureSpan] = []
    covered: set[int] = set()
    units, rows = line_features.feature_rows(text)
    for unit, row in zip(units, rows, strict=True):
        if unit.first_line == unit.last_line and line_features.is_url_only(unit.text):
            spans.append(FurnitureSpan(unit.start, unit.end, "link"))
            covered.add(unit.first_line)
            continue
        p = furniture_probability(row)
        if p >= threshold:
            spans.append(FurnitureSpan(unit.start, unit.end, f"{_kind(row)} (p={p:.2f})"))
            covered.update(range(unit.first_line, unit.last_line + 1))
    # A stamp line the metadata reads the publication date from is page metadata,
    # whatever the classifier made of it.

    for k, *_ in header_stamps(text, units):
        unit = units[k]
        if unit.first_line not in covered:
            spans.append(FurnitureSpan(unit.start, unit.end, "date or time stamp (page metadata)"))
            covered.update(range(unit.first_line, unit.last_line + 1))
    for i, line in enumerate(lines):
        if i in covered:
            continue
        if line.text.strip() and line_features.is_url_only(line.text):
            spans.append(FurnitureSpan(line.start, line.end, "link"))
            continue
        inline = [m.span() for m in line_features.INLINE_LINK.finditer(line.text)]
        bare = [
            m.span()
            for m in line_features.BARE_URL.finditer(line.text)
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


def _unwrap(chars: list[str], lines: list[line_features._Line]) -> None:
    """Turn hard wraps inside a paragraph into spaces.

    Two visible lines belong to one paragraph when no originally blank line
    separates them and the first does not end a sentence. Lines that were blanked
    furniture in between (an inline link on its own line) do not break it.
    """
    masked = "".join(chars)
    visible = [i for i, ln in enumerate(lines) if masked[ln.start : ln.end].strip()]
    for a, b in zip(visible, visible[1:], strict=False):
        if any(not lines[k].text.strip() for k in range(a + 1, b)):
            continue
        if _ends_sentence(masked[lines[a].start : lines[a].end]):
            continue
        for k in range(lines[a].end, lines[b].start):
            if chars[k] in "\r\n":
                chars[k] = " "


def paragraph_breaks(text: str) -> list[int]:
    """Offsets of the line breaks in ``text`` that end a paragraph, by the rule
    :func:`_unwrap` keeps (a blank line follows, or the line ends a sentence); the
    others are hard wraps inside a paragraph."""
    lines = _split_lines(text)
    following = [line.text for line in lines[1:]] + [""]
    return [line.end for line, nxt in zip(lines, following, strict=True)
            if line.end < len(text) and (not nxt.strip() or _ends_sentence(line.text))]  # fmt: skip


def clean(text: str) -> CleanedText:
    """Blank out page furniture and unwrap hard-wrapped paragraphs, keeping offsets."""
    furniture = find_furniture(text)
    chars = list(text)
    for span in furniture:
        _blank(chars, span.start, span.end)
    _unwrap(chars, _split_lines(text))
    return CleanedText(original=text, text="".join(chars), furniture=tuple(furniture))
