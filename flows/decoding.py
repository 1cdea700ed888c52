"""Which text encoding a file's bytes are in, and how sure that is.

The decision goes from what the bytes say themselves to what is inferred:

1. a byte-order mark (UTF-32, UTF-8, UTF-16): certain;
2. NUL bytes, which no UTF-8 or single-byte text holds: each of UTF-32 and UTF-16,
   little- and big-endian, is tried; the confidence of a reading is its share of
   text characters times the share of NUL bytes standing where that encoding puts
   the high bytes of Latin text, and the most confident reading wins if it is at
   least ``1 - MAX_MESS``;
3. valid UTF-8: certain (short legacy text that happens to be valid UTF-8 is
   vanishingly rare);
4. a ``<meta charset>`` the page declares, when the bytes decode with it;
5. charset-normalizer's detection, kept only when it is confident: its mess
   ratio (the share of the decoded text that looks like mojibake) is at most
   :data:`MAX_MESS`, and the confidence is one minus it.

Anything else is not decodable text. The caller (``flows.sources``) checks that
the decoded text is text and turns a :class:`Undecodable` into a rejection.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Share of characters that must look like text for a decoding to count as text.
MIN_TEXT_SHARE = 0.95
# The largest mess ratio (0-1) at which charset-normalizer's guess is trusted;
# its own default threshold.
MAX_MESS = 0.2
_NOT_TEXT_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})  # controls, surrogates, unassigned
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# Longest BOM first: UTF-32-LE's BOM begins with UTF-16-LE's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32 with byte-order mark"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32 with byte-order mark"),
    (b"\xef\xbb\xbf", "utf-8-sig", None),
    (b"\xff\xfe", "utf-16", "UTF-16 with byte-order mark"),
    (b"\xfe\xff", "utf-16", "UTF-16 with byte-order mark"),
)
_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")


class Undecodable(ValueError):
    """No encoding gives text; ``category`` is ``binary`` or ``undecodable``."""

    def __init__(self, category: str, message: str) -> None:
        super().__init__(message)
        self.category = category


@dataclass(frozen=True)
class Decision:
    text: str
    encoding: str
    confidence: float  # 0-1; 1.0 when the bytes say which encoding they are in
    note: str | None = None  # set when decoding needed a mark, detection or a declaration


def text_share(text: str) -> float:
    """Share of characters that can stand in a text (letters, marks, spaces, format marks)."""
    bad = sum(
        1 for ch in text if unicodedata.category(ch) in _NOT_TEXT_CATEGORIES and not ch.isspace()
    )
    return 1 - bad / max(len(text), 1)


# Where a wide encoding puts the zero high bytes of Latin text: (width, offsets).
_HIGH_BYTES = {
    "utf-32-le": (4, (1, 2, 3)),
    "utf-32-be": (4, (0, 1, 2)),
    "utf-16-le": (2, (1,)),
    "utf-16-be": (2, (0,)),
}


def _nul_alignment(sample: bytes, codec: str) -> float:
    """Share of the NUL bytes that stand where ``codec`` puts high bytes.

    Both byte orders of UTF-16 often decode to valid characters (ASCII read the
    wrong way round is CJK), so the text share cannot tell them apart; where the
    zero bytes stand can.
    """
    width, offsets = _HIGH_BYTES[codec]
    return sum(sample[k::width].count(0) for k in offsets) / max(sample.count(0), 1)


def _wide_reading(data: bytes) -> Decision | None:
    """The UTF-32/UTF-16 reading of BOM-less bytes with NULs that is most nearly text."""
    best: Decision | None = None
    sample = data[:65536]
    for codec in _WIDE:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # A binary file decodes too (as nonsense): a sample rules it out cheaply.
        if "\x00" in text or text_share(text[:65536]) < MIN_TEXT_SHARE:
            continue
        share = text_share(text)
        confidence = round(share * _nul_alignment(sample, codec), 3)
        if share >= MIN_TEXT_SHARE and (best is None or confidence > best.confidence):
            note = f"{codec.upper()} without byte-order mark, by detection"
            best = Decision(text, codec, confidence, f"{note} (confidence {confidence:.2f})")
    return best if best is not None and best.confidence >= 1 - MAX_MESS else None


def decide(data: bytes) -> Decision:
    """Decode ``data``; raise :class:`Undecodable` when no encoding gives text."""
    for bom, codec, note in _BOMS:
        if data.startswith(bom):
            try:
                return Decision(data.decode(codec), codec, 1.0, note)
            except UnicodeDecodeError as exc:
                name = codec.replace("-sig", "").upper()
                raise Undecodable("undecodable", f"broken {name} after its BOM: {exc}") from exc
    if b"\x00" in data:
        wide = _wide_reading(data)
        if wide is None:
            raise Undecodable(
                "binary", "binary file (NUL bytes, and no UTF-16 or UTF-32 reading is text)"
            )
        return wide
    try:
        return Decision(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to detection
        else:
            return Decision(text, charset, 1.0, f"not UTF-8; decoded as declared {charset}")
    from charset_normalizer import from_bytes

    best = from_bytes(data, threshold=MAX_MESS).best()
    if best is None:
        raise Undecodable(
            "undecodable",
            f"no text encoding fits (detection found none with under {MAX_MESS:.0%} mojibake)",
        )
    confidence = round(1 - best.chaos, 3)
    return Decision(
        str(best),
        best.encoding,
        confidence,
        f"not UTF-8; decoded as {best.encoding} by detection (confidence {confidence:.2f})",
    )
