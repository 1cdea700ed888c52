"""Whether a capitalised word is part of a longer proper name.

A month or weekday word can be a word of a name: "the Women's March", "the March
for Our Lives", "March Madness", "the Hunger March". The dates extractor asks
:func:`in_proper_name` before it reads such a word as a date; the decision is made
here, from the parse, with no word list: evidence of a name around the word, and
none of a date.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

# Labels of spaCy entities that are names; a word inside a longer one is part of it.
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
)
# A name goes on after the word through these ("March for Our Lives", "March on
# Washington", "March of the Women"); "in", "to", "from" more often start a date's
# context ("in March in Washington", "March to May").
_NAME_LINKS = frozenset({"for", "of", "on", "against"})


def _word_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if not t.is_space] if span is not None else []


def _neighbour(doc: Doc, i: int, step: int) -> Token | None:
    i += step
    while 0 <= i < len(doc) and doc[i].is_space:
        i += step
    return doc[i] if 0 <= i < len(doc) else None


def _is_name_word(tok: Token | None) -> bool:
    """A capitalised word that is not a date, a number or a sentence's first word."""
    return (
        tok is not None
        and tok.text[:1].isupper()
        and tok.is_alpha
        and not tok.is_sent_start
        and tok.ent_type_ not in ("DATE", "TIME")
    )


def in_proper_name(doc: Doc, start: int, end: int) -> bool:
    """True when the capitalised word(s) at ``[start, end)`` of ``doc`` belong to a
    longer proper name rather than standing alone (a month as a date).

    Evidence of a name: a longer name entity of the model around the words; a
    possessive before them ("Women's March"); a capitalised word before them that is
    not a sentence's first word, a date or a function word ("Hunger March"); after
    them, "for", "of", "on" or "against" and a capitalised word ("March for Our
    Lives"), or a capitalised word that starts no other name ("March Madness").
    A preposition right before the words ("in March") makes them a date.
    """
    tokens = _word_tokens(doc, start, end)
    if not tokens:
        return False
    first, last = tokens[0], tokens[-1]
    for ent in doc.ents:
        if (
            ent.label_ in _NAME_LABELS
            and ent.start <= first.i
            and last.i < ent.end
            and (ent.end - ent.start) > len(tokens)
        ):
            return True
    before = _neighbour(doc, first.i, -1)
    if before is not None and before.lower_ in ("'s", "’s", "'", "’"):
        owner = _neighbour(doc, before.i, -1)
        if owner is not None and owner.text[:1].isupper():
            return True
    if (
        _is_name_word(before)
        and before is not None
        and not before.is_stop
        and before.pos_ in ("PROPN", "NOUN", "ADJ")
    ):
        return True
    if before is not None and before.pos_ == "ADP":
        return False
    after = _neighbour(doc, last.i, 1)
    if after is None or after.sent != first.sent:
        return False
    if after.lower_ in _NAME_LINKS:
        following = _neighbour(doc, after.i, 1)
        return _is_name_word(following) and not (following and following.like_num)
    return (
        _is_name_word(after)
        and not after.is_stop
        and not (after.ent_iob_ == "B" and after.ent_type_ in ("PERSON", "GPE", "ORG", "NORP"))
    )
