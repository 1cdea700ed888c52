"""Context-free number recognition: where the numbers are in a text and what they are worth.

This layer knows nothing about news: it reads digits ("800,000", "2.5", "1.7m", "£400m",
"50p", "3/4"), number words ("thirty-eight", "one hundred and sixty-one", "a dozen",
"half a million"), fractions and ratios ("three-quarters", "a third", "one in five"),
percentages ("74 per cent") and ordinals ("13th", "third"). A bare "2016" is a number
here; deciding that it is a year, part of a name or not a figure at all is the job of
:mod:`extractors.figures`, which has the parse and the sentence.

Everything works on a light regex tokenisation of the raw string, so offsets are plain
``str`` offsets of the input and the module can run without spaCy (the peer
benchmark suites use it directly).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

# numbers-5: "several hundred", "a few million": a quantifier before a bare power of ten
# makes the amount vague (no value), not one hundred or one million.
# numbers-4: "$US1 million", "$A20m" (the country after the dollar sign).
VERSION = "numbers-5"

FORMS = ("cardinal", "ordinal", "fraction", "percent", "money", "multiplier", "vague", "time")

# Digits with thousands separators first, so "800,000" stays one token and "1,2" does not.
_TOKEN = re.compile(
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,]\d)"  # Indian grouping: "12,34,567"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"
    r"|\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?:\.\d+)?(?![\d.,]?\d)"  # "1 234 567", "40 000"
    r"|\d+(?:\.\d+)?|(?<![\d.])\.\d+|[A-Za-z]+|[^\sA-Za-z\d]",
    re.ASCII,  # only 0-9 are digits: "²" or Arabic-Indic digits are not parsed as numbers
)


class Tok(NamedTuple):
    """One light token: its text, lower-cased text and offsets (a tuple: a news
    article has thousands, and a frozen dataclass costs several times more to build)."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def is_digits(self) -> bool:
        first = self.text[0]
        return "0" <= first <= "9" or (first == "." and len(self.text) > 1)


@dataclass(frozen=True)
class NumberMatch:
    """A number found in text, before any news context is applied.

    ``form`` is one of :data:`FORMS`; ``value`` is None only for vague amounts
    ("hundreds"). ``currency`` is an ISO code for money, or "pence"/"cents" for an
    amount written in the subunit ("50p", "99 cents": the value as written). ``first``/``last`` are
    indices into the token list the match came from.
    """

    start: int
    end: int
    text: str
    value: float | None
    form: str
    currency: str | None = None
    has_digits: bool = False
    scaled: bool = False  # a scale word or suffix multiplied the value ("2.5 million")
    first: int = 0
    last: int = 0


@dataclass(frozen=True)
class _Vocab:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    scale_abbreviations: dict[str, float]
    vague_scales: dict[str, float]
    ordinal_units: dict[str, int]
    ordinal_scales: dict[str, float]
    denominators: dict[str, int]
    multiplier_words: dict[str, int]
    currency_symbols: dict[str, str]
    currency_symbol_prefixes: dict[str, str]
    currency_codes: dict[str, str]
    currency_words: dict[str, str]
    currency_word_qualifiers: dict[str, str]
    subunits: dict[str, tuple[str, float]]
    time_of_day: frozenset[str]
    spaced_symbol_prefixes: frozenset[str]
    negative_words: frozenset[str]
    vulgar_fractions: dict[str, float]
    spaced_scale_abbreviations: frozenset[str]


def to_float(digits: str) -> float:
    """The value of a digit token: separators (commas, thin or plain spaces) removed."""
    return float(re.sub(r"[,\s\u202f\u00a0]", "", digits))


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    """The number vocabulary shipped in ``data/numbers_words.json``."""
    raw = json.loads(
        resources.files(__package__).joinpath("data/numbers_words.json").read_text("utf-8")
    )
    return _Vocab(
        units=raw["units"],
        tens=raw["tens"],
        scales={k: float(v) for k, v in raw["scales"].items()},
        scale_abbreviations={k: float(v) for k, v in raw["scale_abbreviations"].items()},
        vague_scales={k: float(v) for k, v in raw["vague_scales"].items()},
        ordinal_units=raw["ordinal_units"],
        ordinal_scales={k: float(v) for k, v in raw["ordinal_scales"].items()},
        denominators=raw["denominators"],
        multiplier_words=raw["multiplier_words"],
        currency_symbols=raw["currency_symbols"],
        currency_symbol_prefixes=raw["currency_symbol_prefixes"],
        currency_codes=raw["currency_codes"],
        currency_words=raw["currency_words"],
        currency_word_qualifiers=raw["currency_word_qualifiers"],
        subunits={k: (v[0], float(v[1])) for k, v in raw["subunits"].items()},
        time_of_day=frozenset(raw["time_of_day"]),
        spaced_symbol_prefixes=frozenset(raw["spaced_symbol_prefixes"]),
        negative_words=frozenset(raw["negative_words"]),
        vulgar_fractions={k: float(x) for k, x in raw["vulgar_fractions"].items()},
        spaced_scale_abbreviations=frozenset(raw["spaced_scale_abbreviations"]),
    )


def tokenize(text: str) -> list[Tok]:
    """Split ``text`` into digit runs, letter runs and single symbols, with offsets."""
    return [Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _gap(text: str, a: Tok, b: Tok) -> str:
    return text[a.end : b.start]


def _joined(text: str, a: Tok, b: Tok, max_spaces: int = 1) -> bool:
    """True when b follows a on the same line, separated by at most ``max_spaces`` spaces."""
    gap = _gap(text, a, b)
    return len(gap) <= max_spaces and (gap == "" or gap.isspace()) and "\n" not in gap


def _is_number_word(lower: str) -> bool:
    v = vocab()
    return (
        lower in v.units
        or lower in v.tens
        or lower in v.scales
        or lower == "hundred"
        or lower in v.ordinal_units
        or lower in v.ordinal_scales
    )


@dataclass
class _WordState:
    total: float = 0.0
    current: float = 0.0
    last: str | None = None  # the category of the last word consumed
    end: int | None = None  # index after the last token that belongs to the number
    words: int = 0  # number words consumed
    last_scale: float = 1.0
    after_and: float = 0.0  # ``current`` when the last "and" was read


def _words_cardinal(words: list[str]) -> tuple[float, str | None] | None:
    """The value of a complete run of cardinal number words and the category of its
    last word ("unit", "ten", "hundred", "scale"), or None when the run is not one
    well-formed number ("three and", "two one")."""
    v = vocab()
    total = current = 0.0
    last: str | None = None
    for k, w in enumerate(words):
        if w == "-":
            if last not in ("ten", "unit") or k + 1 == len(words):
                return None
            continue
        if w == "and":
            if last not in ("hundred", "scale") or k + 1 == len(words):
                return None
            continue
        if w in v.units:
            if last == "unit" or (last == "ten" and v.units[w] >= 10):
                return None
            current += v.units[w]
            last = "unit"
        elif w in v.tens:
            if last in ("unit", "ten"):
                return None
            current += v.tens[w]
            last = "ten"
        elif w == "hundred":
            if last == "hundred":
                return None
            current = (current or 1) * 100
            last = "hundred"
        elif w in v.scales:
            total += (current or 1) * v.scales[w]
            current = 0.0
            last = "scale"
        else:
            return None
    return (total + current, last) if words else None


def _ordinal_stem(word: str) -> str | None:
    """ "fifths" -> "fifth", "twentieth" -> "twentieth"; None when not an ordinal word."""
    v = vocab()
    for stem in (word, word[:-1] if word.endswith("s") else None):
        if stem and (stem in v.ordinal_units or stem in v.ordinal_scales):
            return stem
    return None


def _words_ordinal(words: list[str]) -> float | None:
    """The value of an ordinal written in words ("thirty fifth" -> 35, "one hundred and
    fifth" -> 105, "thousandth" -> 1000), or None when it is not one."""
    v = vocab()
    stem = _ordinal_stem(words[-1])
    if stem is None:
        return None
    prefix = words[:-1]
    if prefix and prefix[-1] in ("-", "and"):
        prefix = prefix[:-1]  # "twenty-first", "one hundred and fifth"
    read = _words_cardinal(prefix) if prefix else (0.0, None)
    if read is None:
        return None
    value, last = read
    if stem in v.ordinal_scales:
        return (value or 1) * v.ordinal_scales[stem] if last != "scale" else None
    ordinal = v.ordinal_units[stem]
    if last == "unit" or (last == "ten" and ordinal >= 10):
        return None  # "two fifth", "twenty tenth": not one ordinal
    return value + ordinal


def _fold_multiplier(word: str) -> float | None:
    """ "threefold", "tenfold", "hundredfold": a number word glued to "fold" (the
    hyphenated "three-fold" and "3-fold" are read by the figure layer)."""
    if len(word) <= 4 or not word.endswith("fold"):
        return None
    read = _words_cardinal([word[:-4]])
    return read[0] if read is not None and read[0] >= 2 else None


def _spelled_fraction(text: str, toks: list[Tok], i: int) -> tuple[float, int] | None:
    """A fraction whose denominator is an ordinal in words: "one twenty-fifth" (1/25),
    "three twenty-firsts" (3/21), "one hundred thirty fifths" (100/35), "a thirtieth".

    The words up to the first ordinal are split into numerator and denominator; the
    longest denominator wins (as in the Recognizers-Text spec), but it never starts with
    "hundred", a scale word or "and", nor inside a hyphenated pair ("ninety-five
    hundred fifths" is 9500/5). A singular ordinal needs the numerator one ("a
    twentieth"): "two hundredth" and "three trillionth" are ranks, not fractions.
    Halves and quarters are left to :func:`_parse_words`.
    """
    v = vocab()
    words: list[str] = []
    j = i
    n = len(toks)
    while j < n:
        tok = toks[j]
        if j > i and not _joined(text, toks[j - 1], tok, 3):
            return None
        w = tok.lower
        if w in ("a", "an") and j == i:
            words.append("one")
        elif w == "-" and words and words[-1] not in ("-", "and"):
            words.append("-")
        elif w == "and" and words:
            words.append("and")
        elif w in v.units or w in v.tens or w == "hundred" or w in v.scales:
            words.append(w)
        elif _ordinal_stem(w) is not None and words:
            words.append(w)
            break
        else:
            return None
        j += 1
    else:
        return None
    last = words[-1]
    if _ordinal_stem(last) in ("first", "second") and len(words) < 3:
        return None  # "two seconds" is a time; "one second" too
    for split in range(1, len(words)):
        head, tail = words[:split], words[split:]
        if "and" in head:
            return None  # "two hundred and fifty-four hundredths": a whole and a part
        if tail[0] in ("-", "and", "hundred") or tail[0] in v.scales:
            continue
        if head[-1] == "-":
            if len(tail) > 1:
                continue  # "ninety-five": never split inside a hyphenated pair
            head = head[:-1]  # "five hundred-fifths": the hyphen ties the denominator
        denominator = _words_ordinal(tail)
        numerator = _words_cardinal(head)
        if denominator is None or numerator is None or not denominator:
            continue
        singular = _ordinal_stem(last) == last
        if singular and numerator[0] != 1:
            continue
        return numerator[0] / denominator, j + 1
    return None


def _parse_words(text: str, toks: list[Tok], i: int) -> tuple[float, int, str] | None:
    """Read a number written in words from token ``i``: (value, end index, form).

    Handles "one hundred and sixty-one", "thirty eight", "two thousand", "a dozen",
    "half a million", "two and a half", "three-quarters", "a third", "twenty-first".
    """
    v = vocab()
    n = len(toks)
    compound = _spelled_fraction(text, toks, i)
    if compound is not None:
        return compound[0], compound[1], "fraction"
    st = _WordState()
    j = i
    form = "cardinal"

    def nxt(k: int) -> Tok | None:
        return toks[k] if k < n else None

    def value() -> float:
        return st.total + st.current

    while j < n:
        tok = toks[j]
        w = tok.lower
        if j > i and not _joined(text, toks[j - 1], tok, 3):
            break
        if tok.is_digits:
            break
        if w == "-" and st.last in ("unit", "ten") and j + 1 < n:
            part = _hyphened_part(text, toks, j)
            if part is not None:
                # "two-and-a-half", "two-and-a-half million"
                amount, k = value() + part, j + 6
                if k < n and toks[k].lower in v.scales and _joined(text, toks[k - 1], toks[k]):
                    return amount * v.scales[toks[k].lower], k + 1, "cardinal"
                return amount, k, "cardinal"
            after = toks[j + 1]
            tight = _gap(text, toks[j - 1], tok) == "" and _gap(text, tok, after) == ""
            spaced = _gap(text, toks[j - 1], tok) == " " and _gap(text, tok, after) == " "
            if tight or spaced:
                if after.lower in v.units or after.lower in v.ordinal_units:
                    j += 1
                    continue
                if after.lower in v.denominators and st.last == "unit":
                    j += 1
                    continue
            break
        if w in ("a", "an") and j == i:
            after = nxt(j + 1)
            if after is None or not _joined(text, tok, after):
                break
            if after.lower in ("hundred", "dozen") or after.lower in v.scales:
                st.last = "a"
                j += 1
                continue
            if (
                after.lower in ("half", "third", "quarter")
                or (after.lower in v.denominators and after.lower in v.ordinal_scales)
                or (after.lower in v.ordinal_units and after.lower not in ("second", "first"))
            ):
                # "a third", "a quarter", "a fifth", "a thirtieth": one part of a whole.
                part = v.denominators.get(after.lower) or v.ordinal_units[after.lower]
                return 1.0 / part, j + 2, "fraction"
            break
        if w in v.units:
            if st.last in ("unit", "ten") and not (st.last == "ten" and v.units[w] < 10):
                break
            if st.last == "ten" and _gap(text, toks[j - 1], tok).strip() not in ("", "-"):
                break
            st.current += v.units[w]
            st.last = "unit"
            j += 1
            st.end = j
            st.words += 1
            continue
        if w in v.tens:
            if st.last in ("unit", "ten"):
                break
            st.current += v.tens[w]
            st.last = "ten"
            j += 1
            st.end = j
            st.words += 1
            continue
        if w == "hundred" or (w == "hundreds" and st.last in ("unit", "ten")):
            # "five hundreds" (a plural after a count) is read as "five hundred".
            if st.last == "hundred":
                break
            st.current = (st.current or 1) * 100
            st.last = "hundred"
            j += 1
            st.end = j
            st.words += 1
            continue
        if w in v.scales:
            if st.last == "scale" and st.current == 0:
                if v.scales[w] <= st.last_scale:
                    break
                # "two thousand million" (British billion), "three lakh crore": a larger
                # scale right after a smaller one multiplies the whole amount.
                st.total *= v.scales[w]
                st.last_scale = v.scales[w]
                j += 1
                st.end = j
                st.words += 1
                continue
            st.total += (st.current or 1) * v.scales[w]
            st.last_scale = v.scales[w]
            st.current = 0
            st.last = "scale"
            j += 1
            st.end = j
            st.words += 1
            continue
        if w in ("dozen", "dz", "doz") and (w == "dozen" or st.last in ("unit", "ten")):
            # "three hundred and two dozen" = 300 + 24: the dozen counts only what
            # follows the last "and".
            base = st.after_and if st.current > st.after_and else 0.0
            st.current = base + ((st.current - base) or 1) * 12
            st.last = "dozen"
            j += 1
            st.end = j
            st.words += 1
            continue
        if w in ("and", "&") and st.last in ("unit", "ten", "hundred", "scale", "dozen"):
            after = nxt(j + 1)
            if after is None or not _joined(text, tok, after, 3) or after.is_digits:
                break
            # "two and a half", "one hundred and three quarters", "3 million and a half"
            sub = _parse_words(text, toks, j + 1) if after.lower != "and" else None
            made_of_parts = sub is not None and any(
                toks[x].lower in v.denominators for x in range(j + 1, sub[1])
            )
            if sub is not None and sub[2] == "cardinal" and made_of_parts and st.last == "scale":
                return (
                    value() + sub[0],
                    sub[1],
                    "cardinal",
                )  # "one billion and three quarters million"
            if sub is not None and sub[2] == "fraction" and sub[0] < 1:
                part, k = sub[0], sub[1]
                if k < n and toks[k].lower in v.scales and _joined(text, toks[k - 1], toks[k]):
                    scale = v.scales[toks[k].lower]
                    if st.last != "scale":  # "two and a half million" = 2.5 million
                        return (value() + part) * scale, k + 1, "cardinal"
                    part, k = part * scale, k + 1
                elif st.last == "scale":
                    part *= st.last_scale
                return value() + part, k, "cardinal"
            if st.last in ("hundred", "scale") and (
                after.lower in v.units or after.lower in v.tens
            ):
                st.after_and = st.current
                j += 1
                continue
            break
        if w == "point" and st.end is not None and st.last in ("unit", "ten", "hundred", "scale"):
            decimals = _decimal_words(text, toks, j + 1)
            if decimals is None:
                break
            digits, k = decimals
            return value() + float("0." + digits), k, "cardinal"
        if w in ("half", "quarter") and j == i:
            after, third = nxt(j + 1), nxt(j + 2)
            if after is not None and after.lower in v.scales and _joined(text, tok, after):
                return v.scales[after.lower] / v.denominators[w], j + 2, "cardinal"
            if (
                after is not None
                and third is not None
                and after.lower in ("a", "an")
                and (third.lower in v.scales or third.lower in ("dozen", "hundred"))
            ):
                scale = 12.0 if third.lower == "dozen" else v.scales.get(third.lower, 100.0)
                return scale / v.denominators[w], j + 3, "cardinal"
            if w == "quarter":
                break
            return 0.5, j + 1, "fraction"
        plural_ordinal = w.endswith("s") and (
            w[:-1] in v.ordinal_units or w[:-1] in v.ordinal_scales
        )
        if plural_ordinal and st.end is not None and w[:-1] not in ("second", "first"):
            stem = w[:-1]
            denominator = v.ordinal_units.get(stem) or v.ordinal_scales.get(stem)
            return value() / float(denominator), j + 1, "fraction"
        if w in ("dozens", "dzs", "dozs", "doz", "dz") and st.last in ("unit", "ten"):
            base = st.after_and if st.current > st.after_and else 0.0
            return st.total + base + (st.current - base) * 12, j + 1, "cardinal"
        singular_rank = not w.endswith("s") and w != "half" and st.current != 1
        if (
            w in v.denominators
            and st.last == "unit"
            and st.words == 1
            and w != "second"
            and not (singular_rank and w in v.ordinal_scales)
        ):
            # "three quarters", "two-thirds", "one fifth": a count of parts. But "two
            # hundredth" is a rank (the 200th), as "three trillionth" is.
            result = st.current / v.denominators[w]
            k = j + 1
            if k < n and toks[k].lower in v.scales and _joined(text, tok, toks[k]):
                return result * v.scales[toks[k].lower], k + 1, "cardinal"
            return result, k, "fraction"
        if w in v.ordinal_units and st.last in (None, "ten", "hundred", "scale"):
            if st.last == "ten" and v.ordinal_units[w] >= 10:
                break
            return value() + v.ordinal_units[w], j + 1, "ordinal"
        if w in v.ordinal_scales and st.last in (None, "unit", "ten", "a", "hundred"):
            return st.total + (st.current or 1) * v.ordinal_scales[w], j + 1, "ordinal"
        break
    if st.end is None:
        return None
    return value(), st.end, form


def _hyphened_part(text: str, toks: list[Tok], j: int) -> float | None:
    """The half of "two-and-a-half" read from the hyphen at ``j`` ("-and-a-half",
    "-and-a-quarter"), else None. The six tokens must be written without spaces."""
    v = vocab()
    words = toks[j : j + 6]
    if len(words) < 6 or "".join(t.text for t in words) != text[words[0].start : words[-1].end]:
        return None
    shape = [t.lower for t in words]
    if (
        shape[:4] != ["-", "and", "-", "a"]
        or shape[4] != "-"
        or shape[5] not in ("half", "quarter")
    ):
        return None
    return 1.0 / v.denominators[shape[5]]


def _decimal_words(text: str, toks: list[Tok], k: int) -> tuple[str, int] | None:
    """The digits after "point": "zero three" -> "03", "seventy-one" -> "71"."""
    v = vocab()
    digits = ""
    while k < len(toks) and _joined(text, toks[k - 1], toks[k], 2):
        w = toks[k].lower
        if w in v.units and v.units[w] < 10:
            digits += str(v.units[w])
            k += 1
            continue
        if not digits and (w in v.tens or w in v.units):
            sub = _parse_words(text, toks, k)
            if sub is not None and sub[2] == "cardinal" and sub[0] < 100:
                return str(int(sub[0])), sub[1]
        break
    return (digits, k) if digits else None


def _parse_digits(text: str, toks: list[Tok], i: int) -> tuple[float, int, str, bool] | None:
    """Read a digit number from token ``i``: (value, end index, form, scaled).

    Reads separators and decimals, a following scale ("2.5 million", "1.7m", "3bn"),
    fractions ("3/4", "2 1/2") and ordinal suffixes ("13th").
    """
    v = vocab()
    n = len(toks)
    tok = toks[i]
    value = to_float(tok.text)
    j = i + 1
    # A fraction written with a slash: "3/4", and a mixed number "2 1/2".
    if (
        j + 1 < n
        and toks[j].text == "/"
        and toks[j + 1].is_digits
        and _gap(text, tok, toks[j]) == ""
        and _gap(text, toks[j], toks[j + 1]) == ""
        and not (
            j + 2 < n and toks[j + 2].text == "/" and _gap(text, toks[j + 1], toks[j + 2]) == ""
        )
        and "." not in tok.text
        and "," not in tok.text
        and not (i >= 1 and toks[i - 1].text == "/" and _gap(text, toks[i - 1], tok) == "")
    ):
        # Not after another slash: "5/17/2018" is a date, not 5 and 17/2018.
        denominator = to_float(toks[j + 1].text)
        if denominator and value < denominator:
            return value / denominator, j + 2, "fraction", False
        return value, j, "cardinal", False  # "2222/2222", "24/7": two numbers, no fraction
    # A mixed number: "2 1/2", "2  1/4".
    if (
        j + 2 < n
        and "." not in tok.text
        and toks[j].is_digits
        and _gap(text, tok, toks[j]) in (" ", "  ")
        and toks[j + 1].text == "/"
        and toks[j + 2].is_digits
        and _gap(text, toks[j], toks[j + 1]) == ""
        and _gap(text, toks[j + 1], toks[j + 2]) == ""
        and not (j + 3 < n and toks[j + 3].text == "/")
    ):
        numerator, denominator = to_float(toks[j].text), to_float(toks[j + 2].text)
        if denominator and numerator < denominator and "." not in toks[j].text:
            return value + numerator / denominator, j + 3, "cardinal", False
    if j < n and toks[j].text in v.vulgar_fractions and _gap(text, tok, toks[j]) == "":
        value += v.vulgar_fractions[toks[j].text]  # "2½"
        j += 1
        if j < n and toks[j].lower in v.scales and _joined(text, toks[j - 1], toks[j]):
            return value * v.scales[toks[j].lower], j + 1, "cardinal", True  # "2½ million"
        return value, j, "cardinal", False
    if j < n:
        after = toks[j]
        if after.lower in ("st", "nd", "rd", "th") and _gap(text, tok, after) == "":
            if "." not in tok.text and "," not in tok.text:
                return value, j + 1, "ordinal", False
        spaced = after.lower in v.spaced_scale_abbreviations and _joined(text, tok, after)
        if after.text in ("k", "K", "M") and _joined(text, tok, after, 2):
            # "2.33 k", "1,674,200.5 M": a spaced thousand/million sign, only when nothing
            # follows that it could name ("100 m race", "10 K-pop").
            follow = toks[j + 1] if j + 1 < n else None
            spaced = follow is None or (
                not follow.text[0].isalnum() and follow.text not in ("-", "/")
            )
        if after.lower in v.scale_abbreviations and (_gap(text, tok, after) == "" or spaced):
            follow = toks[j + 1] if j + 1 < n else None
            glued = follow is not None and _gap(text, after, follow) == "" and follow.text.isalnum()
            if not glued:
                return value * v.scale_abbreviations[after.lower], j + 1, "cardinal", True
        if after.lower in v.scales and _joined(text, tok, after):
            scale = v.scales[after.lower]
            value *= scale
            j += 1
            # "10 lakh crore", "2 thousand million": a larger scale right after a smaller
            # one multiplies the whole amount, as it does after number words.
            while (
                j < n
                and toks[j].lower in v.scales
                and v.scales[toks[j].lower] > scale
                and _joined(text, toks[j - 1], toks[j])
            ):
                scale = v.scales[toks[j].lower]
                value *= scale
                j += 1
            # "3 million and a half": the half is of the scale.
            if j + 2 < n and toks[j].lower == "and" and toks[j + 1].lower in ("a", "an"):
                part = toks[j + 2].lower
                if part in ("half", "quarter") and _joined(text, toks[j], toks[j + 1]):
                    return value + scale / v.denominators[part], j + 3, "cardinal", True
            # "6 crore and two hundred": a smaller group in words, with a hundred or a
            # scale word of its own (so "2 million and two children" stays two numbers).
            if (
                j + 1 < n
                and toks[j].lower == "and"
                and _joined(text, toks[j - 1], toks[j])
                and not toks[j + 1].is_digits
            ):
                words = _parse_words(text, toks, j + 1)
                grouped = words is not None and any(
                    t.lower == "hundred" or t.lower in v.scales for t in toks[j + 1 : words[1]]
                )
                if words is not None and words[2] == "cardinal" and grouped and words[0] < scale:
                    return value + words[0], words[1], "cardinal", True
            # "4 thousand 3 hundred": a smaller group written the same way.
            if (
                j + 1 < n
                and toks[j].is_digits
                and _joined(text, toks[j - 1], toks[j])
                and (
                    toks[j + 1].lower == "hundred" or v.scales.get(toks[j + 1].lower, scale) < scale
                )
            ):
                rest = _parse_digits(text, toks, j)
                if rest is not None and rest[2] == "cardinal" and rest[0] < scale:
                    return value + rest[0], rest[1], "cardinal", True
            return value, j, "cardinal", True
        if after.lower == "hundred" and _joined(text, tok, after):
            value *= 100
            j += 1
            if j < n and toks[j].lower in v.scales and _joined(text, toks[j - 1], toks[j]):
                value *= v.scales[toks[j].lower]
                j += 1
            elif (
                j + 1 < n
                and toks[j].lower == "and"
                and toks[j + 1].is_digits
                and _joined(text, toks[j - 1], toks[j])
                and _joined(text, toks[j], toks[j + 1])
                and "." not in toks[j + 1].text
                and 0 < to_float(toks[j + 1].text) < 100
                and not (
                    j + 2 < n and (toks[j + 2].lower == "hundred" or toks[j + 2].lower in v.scales)
                )
            ):
                value += to_float(toks[j + 1].text)  # "3 hundred and 21"
                j += 2
            elif j + 1 < n and toks[j].lower == "and" and not toks[j + 1].is_digits:
                words = _parse_words(text, toks, j + 1)
                if words is not None and words[2] == "cardinal" and words[0] < 100:
                    value += words[0]  # "3 hundred and one"
                    j = words[1]
            return value, j, "cardinal", True
        if after.lower in ("dozen", "dozens", "dz", "dzs", "doz", "dozs") and _joined(
            text, tok, after
        ):
            return value * 12, j + 1, "cardinal", True
    return value, j, "cardinal", False


def _currency_prefix(text: str, toks: list[Tok], i: int) -> tuple[str, int, float] | None:
    """A currency marker starting at token ``i`` and the index of the number after it."""
    v = vocab()
    n = len(toks)
    tok = toks[i]
    if tok.text in v.currency_symbols:
        j = i + 1
        if (
            tok.text == "$"
            and j + 1 < n
            and toks[j].text.isupper()
            and toks[j].lower in v.currency_symbol_prefixes
            and _gap(text, tok, toks[j]) == ""
            and _gap(text, toks[j], toks[j + 1]) in ("", " ")
            and toks[j + 1].is_digits
        ):
            # "$US1 million", "$A20m": the country after the sign (Australian style).
            return v.currency_symbol_prefixes[toks[j].lower], j + 1, 1.0
        if j < n and _joined(text, tok, toks[j]):
            return v.currency_symbols[tok.text], j, 1.0
        return None
    if tok.lower in v.currency_symbol_prefixes and i + 2 < n:
        sym = toks[i + 1]
        # "US$5", "C$ 16.4"; tokenised newswire also spaces short ones: "c $ 16.4".
        glued = _gap(text, tok, sym) == "" or (
            tok.lower in v.spaced_symbol_prefixes and _gap(text, tok, sym) == " "
        )
        if sym.text == "$" and glued and _joined(text, sym, toks[i + 2]):
            return v.currency_symbol_prefixes[tok.lower], i + 2, 1.0
    code = _code_with_scale(tok.lower)
    if code is not None and i + 1 < n and _joined(text, tok, toks[i + 1]):
        iso, factor = code
        if toks[i + 1].is_digits and (
            tok.text.isupper() or len(tok.text) >= 3 or tok.lower == "rs"
        ):
            return iso, i + 1, factor
    return None


def _code_with_scale(word: str) -> tuple[str, float] | None:
    """An ISO code, or one with a millions prefix as in finance tables ("MUSD", "MEUR")."""
    v = vocab()
    if word in v.currency_codes:
        return v.currency_codes[word], 1.0
    if len(word) == 4 and word[0] == "m" and word[1:] in v.currency_codes:
        return v.currency_codes[word[1:]], 1e6
    return None


def _percent_suffix(text: str, toks: list[Tok], j: int) -> int | None:
    """Index after a percent marker at ``j`` ("%", "per cent", "percent", "percentage points")."""
    n = len(toks)
    if j >= n or not _joined(text, toks[j - 1], toks[j]):
        return None
    w = toks[j].lower
    if w == "%":
        return j + 1
    if w == "per" and j + 1 < n and toks[j + 1].lower == "cent":
        if _joined(text, toks[j], toks[j + 1]):
            return j + 2
    if w in ("percent", "pct", "percents"):
        return j + 1
    if w == "pc" and _gap(text, toks[j - 1], toks[j]) == "":
        return j + 1  # "5.4pc": the British newspaper percent sign, only glued to digits
    if w == "percentage":
        if j + 1 < n and toks[j + 1].lower in ("point", "points"):
            return j + 2
        return j + 1
    return None


def _currency_suffix(
    text: str, toks: list[Tok], j: int, digits: bool
) -> tuple[str, float, int] | None:
    """A currency word after a number: (ISO code, multiplier, index after it)."""
    v = vocab()
    n = len(toks)
    if j >= n or not _joined(text, toks[j - 1], toks[j]):
        return None
    if (
        toks[j].text == "-"
        and j + 1 < n
        and _gap(text, toks[j - 1], toks[j]) == ""
        and _gap(text, toks[j], toks[j + 1]) == ""
        and toks[j + 1].lower != "p"
        and (toks[j + 1].lower in v.currency_words or toks[j + 1].lower in v.subunits)
    ):
        j += 1  # "a 12-cent dividend", "its one-yen bid"
    w = toks[j].lower
    if toks[j].text in v.currency_symbols:
        # "10 €", "100元"; but in "10 $ 30" the sign belongs to the number after it.
        if not (j + 1 < n and toks[j + 1].is_digits and _joined(text, toks[j], toks[j + 1])):
            return v.currency_symbols[toks[j].text], 1.0, j + 1
        return None
    coded = _code_with_scale(w) if w != "rs" else None
    if coded is not None and (toks[j].text.isupper() or len(w) >= 3):
        iso, factor = coded
        k = j + 1
        if k < n and toks[k].lower in v.scales and _joined(text, toks[j], toks[k]):
            factor *= v.scales[toks[k].lower]  # "75 USD million"
            k += 1
        return iso, factor, k
    if w in v.subunits:
        if w == "p" and not (digits and _gap(text, toks[j - 1], toks[j]) == ""):
            return None
        if (
            w == "p"
            and j + 1 < n
            and _gap(text, toks[j], toks[j + 1]) == ""
            and toks[j + 1].text.isalnum()
        ):
            return None
        code, factor = v.subunits[w]
        return code, factor, j + 1
    if w in v.currency_word_qualifiers and j + 1 < n:
        k = j + 1
        if toks[k].lower in ("kong", "zealand", "african") and k + 1 < n:
            k += 1
        if toks[k].lower in v.currency_words and _joined(text, toks[k - 1], toks[k]):
            return v.currency_word_qualifiers[w], 1.0, k + 1
        return None
    if w in v.currency_words:
        previous = toks[j - 1].lower
        counted = toks[j - 1].is_digits or previous in v.scales or previous in v.scale_abbreviations
        if w in ("won", "real", "rand") and not counted:
            return None  # "the party won", "the real reason": a currency only after a number
        code = v.currency_words[w]
        k = j + 1
        if w in ("pound", "pounds") and k < n and toks[k].lower == "sterling":
            k += 1
        return code, 1.0, k
    return None


def _cents_after(text: str, toks: list[Tok], k: int) -> tuple[float, int] | None:
    """The "and forty-five cents" of "thirteen dollars and forty-five cents": (0.45, end)."""
    v = vocab()
    n = len(toks)
    if k < n and toks[k].lower == "and" and _joined(text, toks[k - 1], toks[k]):
        k += 1
    if k >= n or not _joined(text, toks[k - 1], toks[k]):
        return None
    if toks[k].is_digits:
        parsed = _parse_digits(text, toks, k)
        if parsed is None or parsed[2] != "cardinal" or parsed[3]:
            return None
        cents, end = parsed[0], parsed[1]
    else:
        words = _parse_words(text, toks, k)
        if words is None or words[2] != "cardinal":
            return None
        cents, end = words[0], words[1]
    if not 0 < cents < 100:
        return None
    if end < n and toks[end].lower in v.subunits and toks[end].lower != "p":
        return cents / 100, end + 1
    # "15 dollars 50." — only when nothing else follows that the number could count.
    if end >= n or not toks[end].text[0].isalnum():
        return cents / 100, end
    return None


def _ratio(text: str, toks: list[Tok], j: int, numerator: float) -> tuple[float, int] | None:
    """The "in five" of "one in five" / "out of every four": (denominator, end index)."""
    n = len(toks)
    k = j
    every = False
    over = False
    if k < n and toks[k].lower == "in":
        k += 1
    elif k < n and toks[k].lower == "over":
        k += 1
        over = True
    elif k + 1 < n and toks[k].lower == "out" and toks[k + 1].lower == "of":
        k += 2
    else:
        return None
    if k < n and toks[k].lower == "every":
        every = True
        k += 1
    if k >= n:
        return None
    if toks[k].is_digits:
        parsed = _parse_digits(text, toks, k)
        if parsed is None or parsed[2] != "cardinal":
            return None
        denominator, end = parsed[0], parsed[1]
    else:
        words = _parse_words(text, toks, k)
        if words is None or words[2] != "cardinal":
            return None
        denominator, end = words[0], words[1]
    if over:
        # "1 over 3" is a fraction; "£2000 over 3 years" is not.
        if end < n and toks[end].text[0].isalnum():
            return None
        return (denominator, end) if denominator else None
    year_like = 1000 <= denominator <= 2199 and denominator == int(denominator)
    if every or 2 <= denominator <= 10 or denominator in (100.0, 1000.0):
        return denominator, end
    if numerator <= 10 and not year_like and denominator <= 1000:
        return denominator, end
    return None


def _match_at(text: str, toks: list[Tok], i: int) -> NumberMatch | None:
    """The longest number expression starting at token ``i``, if any."""
    v = vocab()
    n = len(toks)
    currency: str | None = None
    first = i
    prefix_factor = 1.0
    prefix = _currency_prefix(text, toks, i)
    if prefix is not None:
        currency, i, prefix_factor = prefix
    if i >= n:
        return None
    tok = toks[i]
    scaled = False
    if tok.is_digits:
        parsed = _parse_digits(text, toks, i)
        if parsed is None:
            return None
        value, j, form, scaled = parsed
        has_digits = True
    else:
        if currency is not None and tok.lower not in ("a", "an", "half"):
            if not _is_number_word(tok.lower):
                return None
        if tok.text in v.vulgar_fractions:
            return _make(text, toks, first, i + 1, v.vulgar_fractions[tok.text], "fraction")
        if tok.lower in v.multiplier_words and currency is None:
            return _make(
                text, toks, first, i + 1, float(v.multiplier_words[tok.lower]), "multiplier"
            )
        fold = _fold_multiplier(tok.lower)
        if fold is not None and currency is None:
            return _make(text, toks, first, i + 1, fold, "multiplier")
        if tok.lower in v.vague_scales and currency is None:
            return _vague(text, toks, first, i)
        words = _parse_words(text, toks, i)
        if words is None:
            return None
        value, j, form = words
        has_digits = False
        vague_from = _vague_quantifier_before(toks, i)
        if vague_from is not None and currency is None:
            return _make(text, toks, vague_from, j, None, "vague")
        if form == "fraction" and j < n and toks[j].lower in v.scales:
            if _joined(text, toks[j - 1], toks[j]):
                value, j, form = value * v.scales[toks[j].lower], j + 1, "cardinal"
        if (
            form == "fraction"
            and j + 2 < n
            and toks[j].lower == "of"
            and toks[j + 1].lower in ("a", "an")
            and toks[j + 2].lower in v.scales
        ):
            value, j, form = (
                value * v.scales[toks[j + 2].lower],
                j + 3,
                "cardinal",
            )  # "a third of a million"
        scaled = any(t.lower in v.scales for t in toks[i:j])
        # "1.5 million" has digits; "two million" too may be followed by more scale.
    if form == "cardinal":
        # "one in five", "three out of every four": a ratio, read as a fraction.
        ratio = _ratio(text, toks, j, value)
        if (
            ratio is not None
            and currency is None
            and not scaled
            and (value < ratio[0] or "over" in text[toks[j - 1].end : toks[j].end])
        ):
            return _make(
                text, toks, first, ratio[1], value / ratio[0], "fraction", has_digits=has_digits
            )
        end_pct = _percent_suffix(text, toks, j)
        if end_pct is not None and currency is None:
            return _make(
                text, toks, first, end_pct, value, "percent", has_digits=has_digits, scaled=scaled
            )
        if j < n and toks[j].lower in v.time_of_day and _joined(text, toks[j - 1], toks[j]):
            return _make(text, toks, first, j + 1, value, "time", has_digits=has_digits)
        dotted = _dotted_clock_suffix(text, toks, j)
        if dotted is not None and currency is None:
            return _make(text, toks, first, dotted, value, "time", has_digits=has_digits)
        if (
            has_digits
            and j + 1 < n
            and toks[j].text in (":", ".")
            and toks[j + 1].is_digits
            and _gap(text, toks[j - 1], toks[j]) == ""
            and _gap(text, toks[j], toks[j + 1]) == ""
            and len(toks[j + 1].text) == 2
            and toks[j].text == ":"
        ):
            return _make(text, toks, first, j + 2, value, "time", has_digits=True)
        suffix = _currency_suffix(text, toks, j, has_digits)
        if suffix is not None and (currency is None or currency == suffix[0]):
            code, factor, end = suffix
            amount = value * factor
            if factor == 1.0 and toks[end - 1].lower in vocab().currency_words:
                cents = _cents_after(text, toks, end)
                if cents is not None:
                    amount, end = amount + cents[0], cents[1]
            return _make(text, toks, first, end, amount, "money", code, has_digits, scaled)
    if currency is not None:
        if form not in ("cardinal",):
            return None
        if has_digits and not scaled and j < n and toks[j].text == "MM":
            if _gap(text, toks[j - 1], toks[j]) == "":
                # "US$ 1MM": the finance million sign; after a currency it cannot be
                # millimetres.
                value, j, scaled = value * 1e6, j + 1, True
        return _make(
            text, toks, first, j, value * prefix_factor, "money", currency, has_digits, scaled
        )
    return _make(text, toks, first, j, value, form, None, has_digits, scaled)


def _dotted_clock_suffix(text: str, toks: list[Tok], j: int) -> int | None:
    """The index after "a.m." or "p.m." written with dots from token ``j`` ("3 p.m.",
    "10.30 a.m."), which the tokenizer splits into letters and dots; else None."""
    if j + 2 >= len(toks) or not _joined(text, toks[j - 1], toks[j]):
        return None
    a, dot, m = toks[j], toks[j + 1], toks[j + 2]
    if a.lower not in ("a", "p") or dot.text != "." or m.lower != "m":
        return None
    if _gap(text, a, dot) or _gap(text, dot, m):
        return None
    end = j + 3
    if end < len(toks) and toks[end].text == "." and not _gap(text, m, toks[end]):
        end += 1
    return end


# "several hundred", "a few million", "many thousands": a quantifier before a bare
# power of ten says how many hundreds, not that there is one.
_VAGUE_QUANTIFIERS = ("several", "few", "many")
# The powers of ten such a quantifier counts (claim linking reads their ranges too).
POWERS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _vague_quantifier_before(toks: list[Tok], i: int) -> int | None:
    """The token where "several hundred million" starts when token ``i`` is its first
    power of ten; None when no quantifier stands right before it."""
    if toks[i].lower not in POWERS or i == 0 or toks[i - 1].lower not in _VAGUE_QUANTIFIERS:
        return None
    if toks[i - 1].lower == "few" and i >= 2 and toks[i - 2].lower == "a":
        return i - 2
    return i - 1


def _vague(text: str, toks: list[Tok], first: int, i: int) -> NumberMatch:
    """ "hundreds", "tens of thousands", "hundreds of thousands": an amount with no value."""
    v = vocab()
    j = i + 1
    if (
        j + 1 < len(toks)
        and toks[j].lower == "of"
        and toks[j + 1].lower in v.vague_scales
        and toks[j + 1].lower not in ("dozens", "scores")
    ):
        j += 2
    return _make(text, toks, first, j, None, "vague")


def _make(
    text: str,
    toks: list[Tok],
    first: int,
    end: int,
    value: float | None,
    form: str,
    currency: str | None = None,
    has_digits: bool = False,
    scaled: bool = False,
) -> NumberMatch:
    start, stop = toks[first].start, toks[end - 1].end
    return NumberMatch(
        start, stop, text[start:stop], value, form, currency, has_digits, scaled, first, end - 1
    )


@lru_cache(maxsize=65536)
def _starts_number(word: str) -> bool:
    """Whether a number expression may start at this (non-digit) token: a currency,
    "a"/"half", a fraction sign, a multiplier, a vague scale or a number word.
    Cached: a text's words repeat, and each costs a dozen or so checks."""
    v, lower = vocab(), word.lower()
    return (
        word in v.currency_symbols
        or lower in v.currency_symbol_prefixes
        or lower in v.currency_codes
        or lower in ("a", "an", "half", "quarter")
        or word in v.vulgar_fractions
        or lower in v.multiplier_words
        or _fold_multiplier(lower) is not None
        or lower in v.vague_scales
        or _is_number_word(lower)
    )


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number expression in ``text``, left to right, none overlapping.

    Context-free: years, list markers and digits inside names are all returned.
    Times of day come back with form ``time`` so callers can drop them.
    """
    toks = tokenize(text)
    matches: list[NumberMatch] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        startable = tok.is_digits or _starts_number(tok.text)
        # A word glued to letters ("one" inside "someone") is not split by the
        # tokenizer; but digits glued after letters ("Q3", "M25") are codes.
        if startable and tok.is_digits and i > 0:
            before = toks[i - 1]
            if _gap(text, before, tok) == "" and before.text.isalpha():
                i += 1
                continue
        if tok.is_digits and _dotted_chain(text, toks, i) > i + 1:
            i = _dotted_chain(text, toks, i)  # "192.168.1.2", "v3.10.2": an address or
            continue  # a version, not numbers
        match = _match_at(text, toks, i) if startable else None
        if match is None:
            match = _reversed_percent(text, toks, i)
        if match is None:
            i += 1
            continue
        i = match.last + 1
        if _in_web_address(text, match) or _is_pronoun_one(text, toks, match):
            continue
        matches.append(_signed(text, toks, match))
    return matches


_DETERMINERS_BEFORE_ONE = frozenset(
    ["the", "this", "that", "which", "each", "every", "any", "no", "another", "someone"]
)


def _dotted_chain(text: str, toks: list[Tok], i: int) -> int:
    """The index after a run of digit groups joined by two or more dots from token ``i``
    ("192.168.1.2" tokenises as "192.168", ".", "1.2"), else ``i``."""
    dots = toks[i].text.count(".")
    k = i + 1
    while (
        k + 1 < len(toks)
        and toks[k].text == "."
        and toks[k + 1].is_digits
        and _gap(text, toks[k - 1], toks[k]) == ""
        and _gap(text, toks[k], toks[k + 1]) == ""
    ):
        dots += 1 + toks[k + 1].text.count(".")
        k += 2
    for tok in toks[i + 1 : k]:
        if tok.text.startswith("."):
            dots += tok.text.count(".")
    return k if dots >= 2 and k > i + 1 else i


def _in_web_address(text: str, m: NumberMatch) -> bool:
    """Digits inside a URL or e-mail address ("...?q=30%25", "www.x.com/2024")."""
    left = max(text.rfind(" ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
    right = len(text)
    for stop in (" ", "\n"):
        found = text.find(stop, m.end)
        if found != -1:
            right = min(right, found)
    chunk = text[left:right]
    return "://" in chunk or "www." in chunk or "@" in chunk


def _is_pronoun_one(text: str, toks: list[Tok], m: NumberMatch) -> bool:
    """ "the one you mentioned", "which one": "one" standing for a noun, not a number."""
    if m.text.lower() != "one" or m.first == 0:
        return False
    before = toks[m.first - 1]
    return before.lower in _DETERMINERS_BEFORE_ONE and _joined(text, before, toks[m.first])


def _signed(text: str, toks: list[Tok], m: NumberMatch) -> NumberMatch:
    """Apply a sign: "-1", "minus five", "negative one" (not the dash of "10-12")."""
    if m.value is None or m.form not in ("cardinal", "fraction", "percent") or m.first == 0:
        return m
    before = toks[m.first - 1]
    if before.text in ("-", "\u2212") and _gap(text, before, toks[m.first]) == "":
        earlier = toks[m.first - 2] if m.first >= 2 else None
        if (
            earlier is not None
            and earlier.lower in vocab().negative_words
            and _gap(text, earlier, before) == ""
        ):
            return _make(
                text, toks, m.first - 2, m.last + 1, -m.value, m.form, m.currency,
                m.has_digits, m.scaled,
            )  # fmt: skip  # "minus-5 yards": the sign word hyphenated to the number
        if earlier is None or (_gap(text, earlier, before) != "" and not earlier.is_digits):
            return _make(
                text, toks, m.first - 1, m.last + 1, -m.value, m.form, m.currency,
                m.has_digits, m.scaled,
            )  # fmt: skip
    if before.lower in vocab().negative_words and _joined(text, before, toks[m.first]):
        if _plus_or_minus(toks, m.first - 1):
            return m  # "plus or minus 3 points": a margin either way, not a negative
        return _make(
            text, toks, m.first - 1, m.last + 1, -m.value, m.form, m.currency,
            m.has_digits, m.scaled,
        )  # fmt: skip
    return m


def _plus_or_minus(toks: list[Tok], k: int) -> bool:
    """Whether the sign word at token ``k`` closes "plus or minus" (a margin)."""
    words = [t.lower for t in toks[max(0, k - 2) : k + 1]]
    return words == ["plus", "or", "minus"]


def _reversed_percent(text: str, toks: list[Tok], i: int) -> NumberMatch | None:
    """ "per cent of 210", "percent of twenty": the percent sign before its number."""
    n = len(toks)
    w = toks[i].lower
    j = i + 1
    if w == "per" and j < n and toks[j].lower == "cent":
        j += 1
    elif w not in ("percent", "percents"):
        return None
    if j + 1 >= n or toks[j].lower != "of" or not _joined(text, toks[j - 1], toks[j]):
        return None
    inner = _match_at(text, toks, j + 1)
    if inner is None or inner.form != "cardinal" or inner.value is None:
        return None
    return _make(text, toks, i, inner.last + 1, inner.value, "percent", has_digits=inner.has_digits)


def parse_number(text: str) -> float | None:
    """The value of a text that is exactly one number expression, else None.

    >>> parse_number("one hundred and sixty-one")
    161.0
    """
    found = find_numbers(text)
    if len(found) == 1 and found[0].text == text.strip():
        return found[0].value
    return None

