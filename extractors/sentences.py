"""What every extractor reads off a parsed Doc: its text and its sentences.

Kept apart from :mod:`extractors.nlp` (which builds the pipeline, entity rules
included) so that extractors can use them without importing the pipeline: the
entities extractor supplies rules to the pipeline, and the pipeline must not be
a dependency of the entities extractor in turn.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .records import Sentence

SENTENCES_KEY = "newsfacts.sentences"
TEXT_KEY = "newsfacts.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept on the doc: spaCy rebuilds it from every token on each
    access, and extractors read it once per mention."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def sentences_of(doc: Doc, original: str) -> tuple[Sentence, ...]:
    """The doc's sentences, trimmed of surrounding whitespace, as records.

    Sentences made only of blanked furniture (all whitespace) are dropped. Every
    extractor needs them, so they are computed once per doc and kept on it.
    """
    cached = doc.user_data.get(SENTENCES_KEY)
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
    doc.user_data[SENTENCES_KEY] = result
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
