"""Encodings by detection: what the bytes say, else a confident guess, else a rejection."""

from __future__ import annotations

import random

import pytest

from flows.decoding import MAX_MESS, Undecodable, decide
from flows.sources import SourceError, decode

ENGLISH = (
    "Inspectors found that 38 of the 120 cases were handled badly, the report says.\n\n"
    "The council’s chair, Zoë Martín, said the review would cost “about £400,000”.\n"
)
RUSSIAN = (
    "Министр заявил, что пострадали более 300 человек, а ущерб составил 4 миллиона рублей.\n"
    "Расследование продолжается, сообщили в полиции в понедельник вечером.\n"
)
GREEK = (
    "Ο υπουργός δήλωσε ότι τραυματίστηκαν περισσότεροι από 300 άνθρωποι.\n"
    "Οι ζημιές ανέρχονται σε 4 εκατομμύρια ευρώ, σύμφωνα με την αστυνομία.\n"
)
CHINESE = "警方表示，至少有300人受伤，损失达400万元。调查仍在进行中。\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [ENGLISH, RUSSIAN, CHINESE], ids=["en", "ru", "zh"])
def test_utf16_and_utf32_without_a_bom_are_decoded_by_detection(codec, text):
    decided = decide(text.encode(codec))
    assert (decided.text, decided.encoding) == (text, codec)
    assert decided.confidence >= 1 - MAX_MESS
    assert "without byte-order mark" in decided.note and "confidence" in decided.note


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig"])
def test_a_byte_order_mark_is_certain(codec):
    decided = decide(ENGLISH.encode(codec))
    assert decided.text == ENGLISH and decided.confidence == 1.0


def test_plain_utf8_is_certain():
    decided = decide(RUSSIAN.encode("utf-8"))
    assert (decided.text, decided.encoding, decided.confidence, decided.note) == (
        RUSSIAN, "utf-8", 1.0, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "codec"),
    [(ENGLISH * 3, "cp1252"), (RUSSIAN * 3, "cp1251"), (RUSSIAN * 3, "koi8-r"),
     (GREEK * 3, "iso-8859-7")],
)  # fmt: skip
def test_a_legacy_single_byte_encoding_is_decoded_with_its_confidence(text, codec):
    decided = decide(text.encode(codec))
    # A sibling code page that maps these bytes alike (cp1250 for cp1252) is as good.
    assert decided.text == text
    assert 1 - MAX_MESS <= decided.confidence <= 1
    assert f"confidence {decided.confidence:.2f}" in decided.note


def test_decode_keeps_the_confidence_for_the_article_row():
    decoded = decode(ENGLISH.encode("utf-16-le"), "a.txt")
    assert decoded.encoding == "utf-16-le" and decoded.confidence >= 1 - MAX_MESS


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_are_rejected_not_guessed(seed):
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(4096))
    with pytest.raises(SourceError) as error:
        decode(data, "noise.txt")
    assert error.value.category in ("binary", "undecodable")
    assert str(error.value).startswith("noise.txt: ")


def test_random_bytes_without_nul_are_undecodable():
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4096))
    with pytest.raises((Undecodable, SourceError)):
        decode(data, "noise.txt")
