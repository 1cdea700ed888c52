"""Run every extractor over one parsed article: the single place that wires them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.tokens import Doc

from . import clean as clean_module
from . import dates, entities, figures, metadata, nlp
from .clean import clean
from .records import ArticleExtraction, CleanedText


def versions() -> dict[str, str]:
    """Extractor versions; a change in any of them re-extracts an article."""
    return {
        "clean": f"{clean_module.VERSION}:{clean_module.model_version()}",
        "metadata": metadata.VERSION,
        "nlp": f"{nlp.VERSION}:{nlp.MODEL_NAME}-{nlp.model_version()}",
        "figures": figures.VERSION,
        "entities": f"{entities.VERSION}:{entities.aliases_fingerprint()}",
        "dates": dates.VERSION,
    }


def versions_key() -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(versions().items()))


def extract_from_doc(doc: Doc, cleaned: CleanedText, published: date | None) -> ArticleExtraction:
    """All mentions of one article whose cleaned text ``doc`` was parsed from."""
    return ArticleExtraction(
        sentences=nlp.sentences_of(doc, cleaned.original),
        figures=tuple(figures.extract_figures(doc, cleaned)),
        entities=tuple(entities.extract_entities(doc, cleaned)),
        dates=tuple(dates.extract_dates(doc, cleaned, published)),
        versions=versions(),
    )


def extract_many(
    items: Iterable[tuple[str, date | None]], batch_size: int = 64
) -> Iterator[tuple[CleanedText, ArticleExtraction]]:
    """Clean, parse (batched ``nlp.pipe``) and extract many (text, published) pairs."""
    items = list(items)
    cleaned = [clean(text) for text, _ in items]
    docs = nlp.parse_texts((c.text for c in cleaned), batch_size=batch_size)
    for (_, published), cleaned_text, doc in zip(items, cleaned, docs, strict=True):
        yield cleaned_text, extract_from_doc(doc, cleaned_text, published)


def extract_text(text: str, published: date | None = None) -> tuple[CleanedText, ArticleExtraction]:
    """Clean, parse and extract one text."""
    return next(extract_many([(text, published)]))
