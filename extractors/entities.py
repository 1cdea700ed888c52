"""PERSON and ORG mentions under canonical names (first version, to be deepened)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .nlp import sentence_index_at, sentences_of
from .records import CleanedText, EntityMention

VERSION = "entities-0"


def configure_pipeline(nlp: Language) -> None:
    """Add entity rules to the pipeline (none yet)."""


def extract_entities(doc: Doc, cleaned: CleanedText) -> list[EntityMention]:
    """PERSON and ORG entities as spaCy finds them, canonical = surface text."""
    sentences = sentences_of(doc, cleaned.original)
    return [
        EntityMention(
            ent.start_char,
            ent.end_char,
            cleaned.original[ent.start_char : ent.end_char],
            sentence_index_at(sentences, ent.start_char),
            ent.label_,
            ent.text,
        )
        for ent in doc.ents
        if ent.label_ in ("PERSON", "ORG")
    ]
