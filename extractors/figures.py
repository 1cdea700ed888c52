"""Figures stated in an article: value, kind, unit, hedge, what is counted and by whom.

Two layers. :mod:`extractors.numbers` finds number expressions in the cleaned text
without context ("2016" is a number there). This module applies news context from the
spaCy parse: it drops years, dates, times, digits inside names, list markers, phone
numbers and pronoun-like "one"; decides the kind (count, percent, fraction, money,
duration, age, ordinal, multiplier); reads hedges ("about", "more than", "just under")
into a qualifier; joins ranges; and finds the counted noun, following "38 of them" and
bare numbers ("10 cases were handled well, 64 needed improvement") back to the noun
they count.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from .calendar_words import months
from .clean import clean
from .nlp import get_nlp, sentence_index_at, sentences_of
from .numbers import NumberMatch, find_numbers, vocab
from .records import CleanedText, FigureMention
from .spans import without_overlaps

# figures-22: a jury is a measure noun: "the jury was deadlocked, with nine in favor"
# counts jurors, not the "deliberations" before it.
# figures-21: a bare number named by a state ("30 dead", "200 injured") takes the plural
# before it that no number counts only when that noun names persons: "Clashes in several
# cities left 30 dead" counts no cities.
# figures-18 to 20: a figure's verb is the act it is part of: a light verb heading a
# complement clause is that clause's ("said 12 were inside": "be", not "say"); a support
# verb with a bare event noun reads as the noun ("taking shelter": "shelter"); a count
# hyphenated to a thing it sizes ("a 200-student school") states no verb, a group's size
# ("a 5,000-strong crowd") keeps it. A surname set off by commas ("Gray, 16,") after the
# full name is a person's: an age.
# figures-17 (figures-16, an -ed word before a plural noun, withdrawn): a number named by
# an adjective takes over any noun but a count of deaths or injuries ("35 destroyed" after
# "200 homes"); "over a further 10 days" is a period; "team" and "group" size no set.
# figures-15: a number sizing a set named before it ("had a crew of 25", "the family of
# four", "a population of 20,000") counts that set (measure_nouns), not a noun carried
# over from elsewhere in the sentence ("barrels").
# figures-14: a comparison reaches over a word that weighs the amount ("more than a
# staggering $100m", "more than an estimated $5m").
# figures-13: "55 others" counts what the figure before it counts ("30 people were
# killed and 55 others injured"); a bare number that names its set by an adjective
# ("2,068 injured") takes over no count of deaths or injuries ("350 deaths and"); and
# the subject of a reporting verb is never what a number in the reported clause counts
# ("Officials said 350 were dead").
# figures-12: a unit named before its number is read hyphened to it or with "of"/"at"
# between ("a magnitude-7.8 quake", "a magnitude of 6.4"), and wins over a noun after it.
# figures-11: a noun that is its own plural keeps its form as a unit ("45" of "the 300
# staff" and "two of the staff" count staff, not "staffs"); an age bound after the
# people it bounds is an age ("children under 16", "nine of them under 18", "aged over 65").
# figures-10: "rose by 120 to 520" is a difference and a new level, not a range.
# figures-9: "600m" is metres or million by the evidence of its sentence ("5k run" is
# km); "shot 11 times" counts occasions (a count), not a multiplier; a verb the parser
# read as an adjective before the number ("fired 11 shots") is the figure's verb; "the
# 288 candidates" mislabelled a name still counts; "four months ago" is not a figure;
# "in her early 30s" is an age range; "$US1 million" is money (numbers-4); a quake's
# magnitude is one unit however written; listed numbers share a measurement's unit.
VERSION = "figures-22"

_PHONE = re.compile(
    r"(?<![\w,.])(?:\+\d{1,3}[ .-]?)?\(?\d{2,5}\)?[ .-]\d{3,4}[ .-]?\d{3,4}(?![\w,])"
)
# Numeric dates and fiscal years: "12/03/2023", "2023-03-12", "2022-23", "2019/20".
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|(?:1[89]|20)\d{2}[/-]\d{2}(?:\d{2})?)(?![\w/-])"
)
# Later members of an age list or range: "aged 15, 16 and 19", "aged between 18 and 24".
_AGE_LIST = re.compile(
    r"(?i)\baged?\s+(?:between\s+)?(?:\d{1,3}\s*(?:,|and|or|to|-|–)\s*)*(?:and\s+|or\s+)?$"
)
# A hyphen left hanging before the shared noun: "16- and 17-year-olds".
_SUSPENDED_AGE = re.compile(
    r"(?i)-\s+(?:and|or|to)\s+\d{1,3}[- ](?:year|month|week|day)s?[- ]olds?\b"
)
# "Of these, 45 need repairs": the number counts what the pronoun stands for.
_LEADING_OF_PRONOUN = re.compile(r"(?i)\bof\s+(?:these|those|them|which|whom)\s*,\s*$")
_AGO = re.compile(r"[ \t]+ago\b", re.IGNORECASE)
# A clock time written with a dot, "9.15", "10.30" (read as a time only in context).
_DOTTED_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")
_NOUN_TAGS = ("NN", "NNS", "NNPS", "NNP")
_MODIFIER_TAGS = ("JJ", "JJR", "JJS", "VBG", "VBN", "NN", "NNP", "NNPS", "NNS", "HYPH")


@dataclass(frozen=True)
class _Vocabulary:
    qualifiers_before: tuple[tuple[str, str], ...]
    qualifiers_after: tuple[tuple[str, str], ...]
    qualifiers_after_glued: tuple[tuple[str, str], ...]
    time_units: dict[str, str]
    months: frozenset[str]
    name_entity_labels: frozenset[str]
    name_markers_before: frozenset[str]
    one_blockers_before: frozenset[str]
    pronouns: frozenset[str]
    attributive_plurals: frozenset[str]
    light_verbs: frozenset[str]
    support_verbs: frozenset[str]
    event_objects: frozenset[str]
    group_size_words: frozenset[str]
    event_count_nouns: frozenset[str]
    change_words: frozenset[str]
    one_discourse_nouns: frozenset[str]
    ranking_verbs: frozenset[str]
    ordinal_idioms: dict[str, frozenset[str]]
    unit_symbols: dict[str, str]  # case-sensitive: "GB", "MW", "nm", spaced or glued
    unit_glued: dict[str, str]  # case-sensitive, only glued to digits: "100t", "60W"
    unit_words: dict[str, str]  # lower-case, spaced or hyphenated: "miles", "six-mile"
    weapon_words: frozenset[str]
    calibre_words: frozenset[str]
    score_words: frozenset[str]
    score_verbs: frozenset[str]
    block_words: frozenset[str]
    temperature_letters: dict[str, str]
    metre_context_words: frozenset[str]
    verb_participles: dict[str, str]
    dialling_verbs: frozenset[str]
    time_prepositions: frozenset[str]
    street_words: frozenset[str]
    time_context_after: frozenset[str]
    metre_context_second_words: frozenset[str]
    measure_nouns: dict[str, str]
    metre_context_verbs: frozenset[str]
    person_nouns: frozenset[str]
    people_words: frozenset[str]
    rate_base_before: frozenset[str]
    temperature_words: dict[str, str]
    compound_units: dict[str, str]
    range_joiners: frozenset[str]
    weather_words: frozenset[str]
    length_verbs: frozenset[str]
    length_nouns: frozenset[str]
    path_prepositions: frozenset[str]
    strong_path: frozenset[str]
    scale_nouns: frozenset[str]
    scale_verbs: frozenset[str]
    kilometre_race_words: frozenset[str]
    units_before: dict[str, str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = json.loads(
        resources.files(__package__).joinpath("data/figures_vocabulary.json").read_text("utf-8")
    )

    def by_length(pairs: list[list[str]]) -> tuple[tuple[str, str], ...]:
        # Longest phrase first, so "just under" wins over "under".
        return tuple(sorted(((p, q) for p, q in pairs), key=lambda pq: -len(pq[0])))

    return _Vocabulary(
        qualifiers_before=by_length(raw["qualifiers_before"]),
        qualifiers_after=by_length(raw["qualifiers_after"]),
        qualifiers_after_glued=by_length(raw["qualifiers_after_glued"]),
        time_units=raw["time_units"],
        months=frozenset(months()),
        name_entity_labels=frozenset(raw["name_entity_labels"]),
        name_markers_before=frozenset(raw["name_markers_before"]),
        one_blockers_before=frozenset(raw["one_blockers_before"]),
        pronouns=frozenset(raw["pronouns"]),
        attributive_plurals=frozenset(raw["attributive_plurals"]),
        light_verbs=frozenset(raw["light_verbs"]),
        support_verbs=frozenset(raw["support_verbs"]),
        event_objects=frozenset(raw["event_objects"]),
        group_size_words=frozenset(raw["group_size_words"]),
        event_count_nouns=frozenset(raw["event_count_nouns"]),
        change_words=frozenset(raw["change_words"]),
        one_discourse_nouns=frozenset(raw["one_discourse_nouns"]),
        ranking_verbs=frozenset(raw["ranking_verbs"]),
        ordinal_idioms={k: frozenset(ws) for k, ws in raw["ordinal_idioms"].items()},
        unit_symbols={f: unit for unit, e in raw["units"].items() for f in e["symbols"]},
        unit_glued={f: unit for unit, e in raw["units"].items() for f in e.get("glued", [])},
        unit_words={f.lower(): unit for unit, e in raw["units"].items() for f in e["words"]},
        weapon_words=frozenset(raw["weapon_words"]),
        calibre_words=frozenset(raw["calibre_words"]),
        score_words=frozenset(raw["score_words"]),
        score_verbs=frozenset(raw["score_verbs"]),
        block_words=frozenset(raw["block_words"]),
        temperature_letters=raw["temperature_letters"],
        metre_context_words=frozenset(raw["metre_context_words"]),
        verb_participles=raw["verb_participles"],
        dialling_verbs=frozenset(raw["dialling_verbs"]),
        time_prepositions=frozenset(raw["time_prepositions"]),
        street_words=frozenset(raw["street_words"]),
        time_context_after=frozenset(raw["time_context_after"]),
        metre_context_second_words=frozenset(raw["metre_context_second_words"]),
        measure_nouns=raw["measure_nouns"],
        metre_context_verbs=frozenset(raw["metre_context_verbs"]),
        person_nouns=frozenset(raw["person_nouns"]),
        people_words=frozenset(raw["people_words"]),
        rate_base_before=frozenset(raw["rate_base_before"]),
        temperature_words=raw["temperature_words"],
        compound_units=raw["compound_units"],
        range_joiners=frozenset(raw["range_joiners"]),
        weather_words=frozenset(raw["weather_words"]),
        length_verbs=frozenset(raw["length_evidence"]["verbs"]),
        length_nouns=frozenset(raw["length_evidence"]["nouns"]),
        path_prepositions=frozenset(raw["length_evidence"]["path_prepositions"]),
        strong_path=frozenset(raw["length_evidence"]["strong_path"]),
        scale_nouns=frozenset(raw["scale_evidence"]["nouns"]),
        scale_verbs=frozenset(raw["scale_evidence"]["verbs"]),
        kilometre_race_words=frozenset(raw["kilometre_race_words"]),
        units_before={k: u for k, u in raw["units_before"].items() if not k.startswith("_")},
    )


def person_nouns() -> frozenset[str]:
    """Nouns that name a person by role ("a 16-year-old boy", "the teenager"), from
    ``figures_vocabulary.json``; ages read them, and so does attribution."""
    return _vocabulary().person_nouns


@dataclass
class _Candidate:
    """A figure being built: offsets into the cleaned text plus what is known so far."""

    start: int
    end: int
    value: float | None
    kind: str
    unit: str | None
    match: NumberMatch
    qualifier: str = "exact"
    value_high: float | None = None
    counted_noun: str | None = None
    head: Token | None = None  # head noun of what is counted, when found
    noun_resolved_by: str | None = None  # "np", "of", "inherit", "nearest-noun", "unit"
    clause: tuple[Token, str] | None = None  # "12 required improvement": (verb, object)


class _DocIndex:
    """Character-offset lookups into a spaCy doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    @cached_property
    def surnames(self) -> frozenset[str]:
        """The last names of the people the article names in full ("Kimani Gray"): a
        later "Gray" alone is that person, whether or not the parser labels it."""
        return frozenset(
            ent[-1].text for ent in self.doc.ents
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_alpha
            and ent[-1].text[:1].isupper()
        )  # fmt: skip

    def at(self, char: int) -> Token | None:
        """The token covering ``char`` (or the nearest before it)."""
        i = bisect.bisect_right(self.starts, char) - 1
        return self.doc[i] if i >= 0 else None

    def after(self, char: int) -> Token | None:
        """The first non-space token starting at or after ``char``."""
        i = bisect.bisect_left(self.starts, char)
        while i < len(self.doc) and self.doc[i].is_space:
            i += 1
        return self.doc[i] if i < len(self.doc) else None

    def before(self, char: int) -> Token | None:
        """The last non-space token ending at or before ``char``."""
        i = bisect.bisect_left(self.starts, char) - 1
        while i >= 0 and (self.doc[i].is_space or self.doc[i].idx + len(self.doc[i]) > char):
            i -= 1
        return self.doc[i] if i >= 0 else None


# Nouns whose plural is themselves: "two of the staff", "three aircraft".
_INVARIANT_PLURALS = frozenset(
    "staff personnel police aircraft spacecraft sheep deer fish offspring cattle livestock"
    .split()
)


def plural(word: str) -> str:
    """A simple English plural, for units of singular heads ("board" -> "boards")."""
    w = word.lower()
    irregular = {
        "child": "children", "man": "men", "woman": "women", "person": "people",
        "half": "halves", "life": "lives", "wife": "wives", "shelf": "shelves",
        "leaf": "leaves", "thief": "thieves", "knife": "knives", "foot": "feet",
        "tooth": "teeth", "mouse": "mice", "goose": "geese", "criterion": "criteria",
        "phenomenon": "phenomena",
    }  # fmt: skip
    if w in irregular:
        return irregular[w]
    if w in _INVARIANT_PLURALS:
        return w
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w if w.endswith("s") and not w.endswith("ss") else w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return w[:-1] + "ies"
    return w + "s"


def _unit_of(head: Token, value: float | None, counted_directly: bool) -> str:
    """The plural head noun. A singular form counted by a number above one ("30,000
    staff", "12 aircraft") is an invariant plural and keeps its form. An acronym keeps
    its capitals ("650 MPs"); a compound unit is named whole ("75 basis points")."""
    if head.i > 0:
        compound = f"{head.doc[head.i - 1].lower_} {head.lower_}"
        if compound in _vocabulary().compound_units:
            return _vocabulary().compound_units[compound]
    if re.fullmatch(r"[A-Z]{2,}s", head.text):
        return head.text  # "MPs", "GPs": an acronym, plural
    if head.tag_ in ("NNS", "NNPS"):
        return head.text.lower()
    if counted_directly and value is not None and value > 1:
        return head.text.lower()
    if any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in head.children):
        # "45" of "the 300 staff": the head another number counts keeps that form
        return head.text.lower()
    return plural(head.lemma_ or head.text)


# --- measurements: "5km", "40C", "the 100m final" --------------------------------------


def _alternation(forms: list[str]) -> str:
    """A regex alternation of ``forms``, longest first (so "km/h" wins over "km"),
    with a space inside a form matching any run of blanks ("sq  m")."""
    ordered = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


@lru_cache(maxsize=1)
def _unit_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Three readings of the text right after a number, from the unit lexicon
    (``units`` in figures_vocabulary.json): a symbol glued to it ("16GB", "100t"), a
    symbol after a space or hyphen ("30 Mbps", "9-mm"), a word after a space or
    hyphen ("450 horsepower", "six-mile", "45 square metres")."""
    v = _vocabulary()
    stop = r"(?![A-Za-z0-9²³/])"
    glued = re.compile(r"(?:" + _alternation([*v.unit_symbols, *v.unit_glued]) + r")" + stop)
    spaced = re.compile(r"[ \u00a0-](?:" + _alternation(list(v.unit_symbols)) + r")" + stop)
    words = re.compile(
        r"[ \u00a0-](?:" + _alternation(list(v.unit_words)) + r")(?![A-Za-z0-9])", re.IGNORECASE
    )
    return glued, spaced, words


def _unit_after(text: str, end: int, digits: bool, glued_ok: bool) -> tuple[str, int] | None:
    """The unit written right after a number ending at ``end``: (canonical unit, end of
    the unit). Symbols follow digits only ("5km", not "five km"); the longest reading
    wins ("5 sq m" is square metres, not metres)."""
    v = _vocabulary()
    glued, spaced, words = _unit_patterns()
    after = text[end : end + 48]
    found: list[tuple[int, str]] = []
    if digits and glued_ok:
        hit = glued.match(after)
        if hit:
            unit = v.unit_symbols.get(hit.group()) or v.unit_glued[hit.group()]
            found.append((hit.end(), unit))
    if digits:
        hit = spaced.match(after)
        if hit:
            found.append((hit.end(), v.unit_symbols[re.sub(r"\s+", " ", hit.group()[1:])]))
    hit = words.match(after)
    if hit:
        found.append((hit.end(), v.unit_words[re.sub(r"\s+", " ", hit.group()[1:]).lower()]))
    bracketed = re.match(r" ?[(\[{<]([^\s)\]}>]{1,6})[)\]}>]", after) if digits else None
    if bracketed and bracketed.group(1) in v.unit_symbols:
        found.append((bracketed.end(), v.unit_symbols[bracketed.group(1)]))  # "20 (kg)"
    fuzzy = _fuzzy_unit_word(text, end)
    if fuzzy is not None:
        found.append((fuzzy[1] - end, fuzzy[0]))
    if not found:
        return None
    length, unit = max(found)
    return unit, end + length


def _letter_is_temperature(text: str, m: NumberMatch, idx: _DocIndex) -> bool:
    """ "40C", "98F" without a degree sign: a temperature unless the number is part of
    a name ("Boeing 777F") or a code heading a noun or verb ("a 13F filing", "13F must
    be filed"). A weather word, a function word or punctuation may follow."""
    prev = idx.before(m.start)
    if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper():
        return False
    nxt = idx.after(m.end + 1)
    if nxt is None or not nxt.is_alpha or "\n" in text[m.end : nxt.idx]:
        return True
    if nxt.lower_ in _vocabulary().weather_words:
        return True
    return nxt.pos_ not in ("NOUN", "PROPN", "VERB", "AUX")


def _fuzzy_unit_word(text: str, end: int) -> tuple[str, int] | None:
    """A long unit word misspelt by one letter ("celcius", "farenheit", "kilometers"
    mistyped): the lexicon word within one edit, for words of seven letters or more."""
    found = re.match(r"[ \u00a0-]([A-Za-z]+(?: [A-Za-z]+)?)", text[end : end + 40])
    if found is None:
        return None
    words = _vocabulary().unit_words
    candidates = [found.group(1)]
    if " " in found.group(1):
        candidates.insert(0, found.group(1).split(" ")[0])  # one word first, then two
        candidates.reverse()
    for written in candidates:
        lower = written.lower()
        if len(lower) < 7:
            continue
        for word, unit in words.items():
            if len(word) >= 7 and word[0] == lower[0] and _one_edit(lower, word):
                return unit, end + 1 + len(written)
    return None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _feet_and_inches(text: str, end: int, value: float) -> tuple[float, int] | None:
    """ "6ft 2in", "5 feet 2 inches", "5 ft and 2 in": a height in feet and inches,
    read as feet (the inches a twelfth each)."""
    rest = re.match(
        r"\s?(?:ft|feet|foot)\s+(?:and\s+)?(\d{1,2}(?:\.\d+)?)\s?(?:in|inches|inch|ins)\b\.?"
        r"|-foot-(\d{1,2})\b",  # "the 6-foot-9 senior"
        text[end : end + 32],
    )
    inches = rest and (rest.group(1) or rest.group(2))
    if not inches or float(inches) >= 12:
        return None
    return value + float(inches) / 12, end + rest.end()


def _measure(text: str, m: NumberMatch, idx: _DocIndex) -> tuple[float, str, int] | None:
    """A physical measurement: (value, unit, end offset).

    "5km", "16GB", "30 Mbps", "a six-mile walk", "450 horsepower", "40C", "-3°C" are
    counts of a unit (kind count, unit the lexicon's canonical name: "km", "GB",
    "Mbps", "mi", "hp", "°C"), so "5 kilometres" and "5km" state the same figure. "m"
    after digits means million in news ("1.7m people") unless a sport or length word
    follows ("the 100m final", "a 30m-high wall", "120m tall"): then it is metres.
    Money never reaches here ("£100m" is always money).
    """
    v = _vocabulary()
    if m.form not in ("cardinal", "fraction") or m.currency or m.value is None:
        return None
    if _ends_a_code(text, m.start):
        return None  # "SCP-173 m", "F-35": the number ends a code
    if m.scaled and m.text.endswith("m") and m.text[-2:-1].isdigit():
        follow = re.match(r"-?\s?([A-Za-z-]+)(?: ([A-Za-z]+))?", text[m.end : m.end + 30])
        word = follow.group(1).lower() if follow else ""
        second = (follow.group(2) or "").lower() if follow else ""
        if word in v.metre_context_words or second in v.metre_context_second_words:
            return m.value / 1e6, "m", m.end  # "2m social distancing": a distance
        if _reads_as_metres(text, m, idx):
            return m.value / 1e6, "m", m.end  # "fell about 600m down a gully"
        return None
    if m.scaled and m.text[-1:] in ("k", "K") and m.text[-2:-1].isdigit():
        follow = re.match(r"-?\s?([A-Za-z]+)", text[m.end : m.end + 20])
        word = follow.group(1).lower() if follow else ""
        if word in v.kilometre_race_words or _after_metre_verb(m, idx):
            return m.value / 1e3, "km", m.end  # "a 5k run", "ran a 10k": kilometres
        return None
    if m.has_digits and not m.scaled:
        after = text[m.end : m.end + 8]
        temperature = re.match(r"(?:°\s?)?([CF])(?![\w-])", after)
        if temperature and (
            after.startswith("°")
            or (text[m.end - 1 : m.end].isdigit() and _letter_is_temperature(text, m, idx))
        ):
            unit = v.temperature_letters[temperature.group(1)]
            return m.value, unit, m.end + temperature.end()
        height = _feet_and_inches(text, m.end, m.value)
        if height is not None:
            return height[0], "ft", height[1]
    named = _unit_named_before(text, m.start)
    if named:
        return m.value, named, m.end  # "a magnitude 6 quake": one quake, of magnitude 6
    # A scale word or suffix already ends the number ("1.5bn"): a unit after it must
    # stand apart ("6.4 billion kilometres", "4bn barrels").
    unit = _unit_after(text, m.end, m.has_digits, glued_ok=not m.scaled)
    if unit is None or _unit_modifies_counted_noun(text, m, unit[1], idx):
        return None
    return m.value, unit[0], unit[1]


# A unit word right before its number, or hyphened to it, or with "of"/"at" between:
# "magnitude 7.6", "a magnitude-7.8 quake", "a magnitude of 6.4", "put the magnitude at 6.5".
_WORD_BEFORE = re.compile(r"([A-Za-z]+)(?:\s+(?:of|at))?(?:\s+|-)$")


def _unit_named_before(text: str, start: int) -> str | None:
    """The canonical unit a word of ``units_before`` names right before a number."""
    hit = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    return _vocabulary().units_before.get(hit.group(1).lower()) if hit else None


def _unit_modifies_counted_noun(text: str, m: NumberMatch, unit_end: int, idx: _DocIndex) -> bool:
    """ "four gigabit Ethernet switches": a singular unit word after a number written in
    words, then a plural noun, describes the things counted (four switches; news
    spells out small counts). In digits it is a measure of each ("3 nanometre chips",
    "40 foot containers"), and before a singular head too ("a nine acre site")."""
    written = text[m.end : unit_end].strip(" -")
    if text[m.end : m.end + 1] != " " or written.endswith("s") or not written.isalpha():
        return False
    if m.has_digits:
        return False
    if m.value is None or m.value <= 1:
        return False
    tok = idx.after(unit_end)
    for _ in range(3):
        if tok is None or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return False
        if tok.tag_ in ("NNS", "NNPS"):
            return True
        tok = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return False


_LENGTH_UNITS = ("km", "m", "cm", "mm", "mi", "ft", "in", "yd", "nmi")


@lru_cache(maxsize=1)
def _length_unit_after_number() -> re.Pattern[str]:
    """A number followed by a length unit from the unit lexicon ("2,000ft", "600
    metres", "200 feet"), except the bare glued "m" that is being decided."""
    v = _vocabulary()
    symbols = [f for f, u in v.unit_symbols.items() if u in _LENGTH_UNITS and f != "m"]
    words = [f for f, u in v.unit_words.items() if u in _LENGTH_UNITS]
    return re.compile(
        r"\d[\s-]?(?:" + _alternation(symbols) + r")(?![A-Za-z])"
        r"|\d[\s-]?(?i:" + _alternation(words) + r")(?![A-Za-z])"
        r"|\d\s(?:m)(?![A-Za-z])"  # "600 m": spaced, "m" is only ever metres
    )


def _reads_as_metres(text: str, m: NumberMatch, idx: _DocIndex) -> bool:
    """Whether "600m" is 600 metres rather than 600 million, from the evidence in its
    sentence, weighed one way against the other (million wins a tie: it is what news
    usually means).

    For metres: an athletics verb right before it ("ran the 100m"); another length
    stated in the sentence, above all a conversion in brackets ("600m (2,000ft)"); a
    preposition of a path after the number ("60m from a ridge", "200m down a gully");
    verbs of moving through space ("fell", "climbing")
    and nouns of natural heights and depths ("ridge", "altitude"). For million: money
    in the sentence ("£", "dollars"); a plural noun the number counts ("6.1m people");
    a path to a noun of money ("50m from its pension fund"); nouns and verbs of money
    and of what news counts in millions ("budget", "spend", "viewers").
    Each distinct word is counted once, so one word repeated does not decide."""
    v = _vocabulary()
    anchor = idx.at(m.start)
    if anchor is None:
        return False
    sent = anchor.sent
    length = scale = 0.0
    if _after_metre_verb(m, idx):
        length += 2  # "ran the 100m", "cleared 4.85m" (but "ran 20m over budget")
    nxt = idx.after(m.end)
    if nxt is not None and nxt.tag_ in ("NNS", "NNPS") and nxt.lower_ not in v.time_units:
        if nxt.lower_ not in v.unit_words:
            scale += 3  # "6.1m people": the number counts them
    if nxt is not None and nxt.lower_ in v.strong_path | v.path_prepositions:
        path = _path_object(nxt)
        if path is not None and (path.lemma_.lower() in v.scale_nouns or path.like_num):
            scale += 1  # "50m from its pension fund", "fell 5m from 2019"
        elif nxt.lower_ in v.strong_path:
            length += 2  # "200m down a steep gully", "60m deep", "900m underground"
        elif path is not None:
            length += 2 if path.lemma_.lower() in v.length_nouns else 1  # "60m from a ridge"
    bracket = re.match(r"\s*[(\[]([^)\]]{1,30})[)\]]", text[m.end : m.end + 40])
    if bracket and _length_unit_after_number().search(bracket.group(1)):
        length += 3  # "600m (2,000ft)": the conversion names the unit
    elif _length_unit_after_number().search(sent.text):
        length += 2  # another length in the sentence
    if any(n.form == "money" for n in find_numbers(sent.text)):
        scale += 2
    words_seen: set[str] = set()
    number_tokens = range(anchor.i, (idx.at(m.end - 1) or anchor).i + 1)
    for tok in sent:
        if tok.i in number_tokens:
            continue
        lemma, lower = tok.lemma_.lower(), tok.lower_
        if lemma in words_seen:
            continue
        if tok.pos_ in ("VERB", "AUX") and (lemma in v.length_verbs or lower in v.length_verbs):
            length += 1
        elif tok.pos_ == "VERB" and lemma in v.scale_verbs:
            scale += 1
        elif tok.pos_ in ("NOUN", "PROPN") and (lemma in v.length_nouns or lower in v.length_nouns):
            length += 1
        elif tok.pos_ == "NOUN" and (lemma in v.scale_nouns or lower in v.scale_nouns):
            scale += 1
        else:
            continue
        words_seen.add(lemma)
    return length > scale


def _path_object(prep: Token) -> Token | None:
    """The noun (or number) a preposition after a figure leads to: "from a ridge" ->
    ridge, "down a steep icy gully" -> gully, "from 2019" -> 2019."""
    doc = prep.doc
    for tok in doc[prep.i + 1 : min(len(doc), prep.i + 6)]:
        if tok.like_num or tok.pos_ in ("NOUN", "PROPN", "PRON"):
            if tok.pos_ == "NOUN" and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "NOUN":
                continue  # "its pension fund": the head is the last noun
            return tok
        if tok.pos_ not in ("DET", "ADJ", "ADV", "PART") and tok.tag_ != "PRP$":
            if tok.lower_ != "of":  # "2m short of its target"
                return None
    return None


def _after_metre_verb(m: NumberMatch, idx: _DocIndex) -> bool:
    """ "ran the 100m", "cleared 4.85m", "threw 70m": an athletics verb (skipping an
    article or possessive) before the number makes "m" metres."""
    prev = idx.before(m.start)
    if prev is not None and prev.tag_ in ("DT", "PRP$"):
        prev = idx.before(prev.idx)
    verbs = _vocabulary().metre_context_verbs
    return prev is not None and (prev.lemma_.lower() in verbs or prev.lower_ in verbs)


# --- filters: numbers that are not figures -------------------------------------------


def _is_glued_code(text: str, m: NumberMatch) -> bool:
    """Digits glued to letters ("4G", "1990s", "COVID-19") belong to a code or a decade."""
    if not m.has_digits or m.form in ("money", "percent"):
        return False
    after = text[m.end : m.end + 1]
    before = text[m.start - 1 : m.start] if m.start else ""
    if after.isalnum() or before.isalnum():
        return True
    if m.form != "fraction" and "/" in (before, after):
        return True  # "24/7", "9/11": a code, not two numbers
    if re.search(r"\d(?:k|K|m|bn|M)-$", text[max(0, m.start - 4) : m.start]):
        return False  # "5k-20k", "5m-10m": the second end of a range
    return _ends_a_code(text, m.start)


def _ends_a_code(text: str, start: int) -> bool:
    """A number hyphened to the letters before it ends a code ("COVID-19", "F-16"),
    unless those letters name its unit ("a magnitude-7.8 quake")."""
    return (start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()
            and _unit_named_before(text, start) is None)  # fmt: skip


@lru_cache(maxsize=1)
def _SLASH_UNITS() -> re.Pattern[str]:  # noqa: N802
    forms = [f for f in _vocabulary().unit_symbols if "/" in f]
    return re.compile(r"(?<=\d)(?:" + _alternation(forms) + r")(?![A-Za-z])")


def _in_link(text: str, m: NumberMatch) -> bool:
    left = text.rfind(" ", 0, m.start) + 1
    right = text.find(" ", m.end)
    chunk = text[left : right if right != -1 else len(text)]
    if "@" in chunk or "://" in chunk or "www." in chunk:
        return True
    chunk = _SLASH_UNITS().sub("", chunk)  # "90km/h", "5Mb/s": a unit, not a path
    return "/" in chunk and any(c.isalpha() for c in chunk)


def _is_list_marker(text: str, m: NumberMatch) -> bool:
    if not (m.has_digits and m.form == "cardinal" and len(m.text) <= 3):
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    if text[line_start : m.start].strip(" \t([•*-"):
        return False
    return text[m.end : m.end + 2] in (". ", ") ", ".\t", ")\t") or text[m.end : m.end + 1] == ")"


def _is_dialled(m: NumberMatch, idx: _DocIndex) -> bool:
    """A number to dial ("call 999", "ring 101 if"): digits after a phoning verb that
    count nothing ("police called 40 witnesses" still counts witnesses)."""
    if not m.has_digits or m.form != "cardinal" or m.scaled or not m.text.isdigit():
        return False
    prev = idx.before(m.start)
    if prev is None or prev.lemma_.lower() not in _vocabulary().dialling_verbs:
        return False
    nxt = idx.after(m.end)
    return nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ")


def _glued_duration(text: str, m: NumberMatch) -> _Candidate | None:
    """ "40min", "90mins", "3hrs", "2yrs": a time unit abbreviation glued to digits."""
    if not m.has_digits or m.form != "cardinal" or m.scaled or m.value is None:
        return None
    unit = re.match(r"([A-Za-z]+)(?![\w-])", text[m.end : m.end + 6])
    if unit is None or len(unit.group(1)) < 2:
        return None
    word = unit.group(1).lower()
    if word not in ("min", "mins", "hr", "hrs", "yr", "yrs", "sec", "secs"):
        return None
    end = m.end + unit.end()
    return _Candidate(m.start, end, m.value, "duration", _vocabulary().time_units[word], m)


def _age_group(text: str, m: NumberMatch) -> _Candidate | None:
    """ "the over-65s", "under-18s": an age band, read as an age with its hedge."""
    if not m.has_digits or m.form != "cardinal" or m.scaled:
        return None
    before = re.search(r"(?i)\b(over|under)-$", text[max(0, m.start - 6) : m.start])
    if before is None or not re.match(r"s\b", text[m.end : m.end + 2]):
        return None
    qualifier = "more_than" if before.group(1).lower() == "over" else "less_than"
    start = m.start - len(before.group(0))
    return _Candidate(start, m.end + 1, m.value, "age", "years", m, qualifier=qualifier)


# "children under 16", "nine of them under 18", "people aged over 65": a bound on age
# after someone counted, with nothing counted after the number.
_AGE_BOUND_BEFORE = re.compile(r"(?i)\b(?:(aged)\s+)?(under|over|below|above)\s+$")
_PEOPLE_WORDS = frozenset({"them", "those", "whom", "people", "person"})


def _age_bound(text: str, m: NumberMatch, idx: _DocIndex) -> _Candidate | None:
    """ "children under 16", "nine of them under 18", "residents aged over 65": an age
    bound on people, read as an age with its hedge. Not "under 18 officers" (a number
    that counts something) nor "cut to under 18" (no person before it)."""
    if not m.has_digits or m.form != "cardinal" or m.scaled or m.value is None:
        return None
    if not 1 <= m.value <= 120:
        return None
    before = _AGE_BOUND_BEFORE.search(text[max(0, m.start - 16) : m.start])
    if before is None:
        return None
    start = max(0, m.start - 16) + before.start()
    after = idx.after(m.end)
    if after is not None and after.idx < m.end + 2 and (
        after.pos_ in ("NOUN", "PROPN", "NUM") or after.text in ("%", "per")
    ):
        return None
    person = idx.before(start)
    if before.group(1) is None and (
        person is None or (person.lemma_.lower() not in person_nouns()
                           and person.lower_ not in _PEOPLE_WORDS)
    ):  # fmt: skip
        return None
    qualifier = "more_than" if before.group(2).lower() in ("over", "above") else "less_than"
    return _Candidate(start, m.end, m.value, "age", "years", m, qualifier=qualifier)


_AGE_DECADE_BEFORE = re.compile(
    r"(?i)\bin\s+(?:his|her|their|my|your|our)\s+(?:(early|mid|late)[- ]?)?$"
)
# Which years of a decade "early", "mid" and "late" cover: "early 30s" is 30 to 33.
_DECADE_PART = {None: (0, 9), "early": (0, 3), "mid": (3, 6), "late": (6, 9)}


_LIST_JOINER = re.compile(r"\s*(?:,|and|or|,\s*and|,\s*or)\s*")


def _share_units(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """ "the 7.6 and 7.5 magnitude quakes", "5, 10 and 20 km": bare numbers listed before
    a measurement share its unit (a range, "5 to 10 km", is joined later)."""
    out = list(cands)
    for k in range(len(out) - 2, -1, -1):
        a, b = out[k], out[k + 1]
        if a.kind != "count" or a.unit is not None or not a.match.has_digits:
            continue
        if b.kind != "count" or b.noun_resolved_by != "unit" or b.unit is None:
            continue
        if _LIST_JOINER.fullmatch(text[a.end : b.start]):
            out[k] = replace(a, unit=b.unit, noun_resolved_by="unit")
    return out


def _age_decade(text: str, m: NumberMatch) -> _Candidate | None:
    """ "in her 60s", "in his early 30s", "in their mid-20s": an age stated as a
    decade, read as a range of ages with an approximate qualifier."""
    if not m.has_digits or m.form != "cardinal" or m.scaled or m.value is None:
        return None
    if m.value % 10 or not 10 <= m.value <= 110 or not re.match(r"[’']?s\b", text[m.end :]):
        return None
    before = _AGE_DECADE_BEFORE.search(text[max(0, m.start - 24) : m.start])
    if before is None:
        return None
    low, high = _DECADE_PART[before.group(1).lower() if before.group(1) else None]
    end = m.end + re.match(r"[’']?s", text[m.end :]).end()
    start = max(0, m.start - 24) + before.start(1) if before.group(1) else m.start
    return _Candidate(start, end, m.value + low, "age", "years", m, qualifier="approx",
                      value_high=m.value + high)  # fmt: skip


def _is_rate_base(m: NumberMatch, idx: _DocIndex) -> bool:
    """ "512 per 100,000 people", "23.4 per 1,000 live births": the number after "per"
    is the base the rate is stated for, not a figure of its own."""
    if not m.has_digits or m.form != "cardinal":
        return False
    prev = idx.before(m.start)
    return prev is not None and prev.lower_ in _vocabulary().rate_base_before


def _is_street_number(m: NumberMatch, idx: _DocIndex) -> bool:
    """A house, block or street number: "32 London Bridge Street", "at 10 Downing
    Street", "221B Baker Street", "the 12000 block of", "East 223rd Street", "5th
    Avenue". An address states where, not how many."""
    v = _vocabulary()
    if not m.has_digits or m.form not in ("cardinal", "ordinal"):
        return False
    if not re.fullmatch(r"\d+[A-Za-z]?|\d+(?:st|nd|rd|th)", m.text):
        return False  # "221B" is read as 221 billion by the number layer
    tok = idx.after(m.end)
    if tok is not None and tok.lower_ in v.block_words and m.form == "cardinal":
        nxt = idx.after(tok.idx + len(tok))
        return nxt is not None and nxt.lower_ == "of"  # "the 12000 block of East ..."
    for _ in range(4):
        if tok is None or not tok.text[:1].isupper():
            return False
        if tok.lower_ in v.street_words:
            return True
        if tok.pos_ != "PROPN":
            return False
        tok = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return False


def _calibre(
    text: str, m: NumberMatch, measure: tuple[float, str, int] | None
) -> _Candidate | None:
    """A weapon's calibre or gauge: ".38-calibre revolver", "a .22 rifle", "9mm pistol",
    "12-gauge shotgun". It names the kind of gun, not an amount: kind ``calibre``, the
    value as written, unit "calibre", "mm" or "gauge". Sources can still disagree on it
    (".38" against ".357"), which claim linking compares among calibres only."""
    v = _vocabulary()
    if not m.has_digits or m.form != "cardinal" or m.currency or m.value is None:
        return None
    end = m.end
    if measure is not None:
        if measure[1] != "mm":
            return None
        end = measure[2]
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text[end : end + 40])[:3]
    if not re.match(r"[- ]?[A-Za-z]", text[end : end + 2]) or not words:
        return None
    first = words[0].lower()
    if first in v.calibre_words:
        unit = "gauge" if first == "gauge" else "mm" if measure is not None else "calibre"
        return _Candidate(m.start, end, m.value, "calibre", unit, m)  # ".38-calibre"
    dotted = m.text.startswith(".")  # ".22", ".45": the calibre notation
    weapon = any(w.lower() in v.weapon_words for w in words)
    if not weapon or not (dotted or measure is not None):
        return None
    return _Candidate(m.start, end, m.value, "calibre", "mm" if measure else "calibre", m)


def _is_dotted_clock(m: NumberMatch, idx: _DocIndex) -> bool:
    """ "at 9.15 each day", "from 10.30 on Monday": a clock time without am/pm, read so
    only between a time preposition and a word that places it in time."""
    v = _vocabulary()
    if m.form != "cardinal" or m.scaled or not _DOTTED_CLOCK.fullmatch(m.text):
        return False
    prev, nxt = idx.before(m.start), idx.after(m.end)
    if prev is None or prev.lower_ not in v.time_prepositions:
        return False
    return nxt is not None and nxt.lower_ in v.time_context_after


def _is_date_part(text: str, m: NumberMatch, idx: _DocIndex) -> bool:
    """Years ("in 2016"), days of the month ("19 July", "July 19th"), decades."""
    v = _vocabulary()
    if not m.has_digits or m.scaled or m.form not in ("cardinal", "ordinal"):
        return False
    value = m.value or 0
    nxt = idx.after(m.end)
    prev = idx.before(m.start)
    if m.form == "cardinal" and "," not in m.text and "." not in m.text and len(m.text) == 4:
        upto = re.match(r"\s?[-–]\s?(\d[\d,]*)(?![\d.])", text[m.end : m.end + 14])
        if upto and float(upto.group(1).replace(",", "")) > 2199:
            return False  # "1000-5000": a range of amounts, not a year
        if 1000 <= value <= 2199 and _after_comparison(text, m):
            return False  # "above 1000 and below 1500", "more than 2000": amounts
        if 1000 <= value <= 2199:
            counts_plural = nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ not in v.months
            return not counts_plural
    if 1 <= value <= 31 and value == int(value):
        after = nxt
        if after is not None and after.lower_ == "of":
            after = idx.after(after.idx + len(after))
        if after is not None and after.lower_.rstrip(".") in v.months:
            return True
        if after is not None and after.lower_ in ("and", "to", "or", "-", "–", "&"):
            # "between 3 and 5 May", "3-5 June": the first day of a span of days
            day = idx.after(after.idx + len(after))
            month = idx.after(day.idx + len(day)) if day is not None else None
            if (
                day is not None
                and day.text.isdigit()
                and 1 <= int(day.text) <= 31
                and month is not None
                and month.lower_.rstrip(".") in v.months
            ):
                return True
        before = prev
        if before is not None and before.lower_ == "the":
            before = idx.before(before.idx)
        if before is not None and before.lower_.rstrip(".") in v.months:
            return True
    return False


_YEAR_TAKING_HEDGES = frozenset(["up to", "before", "after", "by", "until", "since"])


@lru_cache(maxsize=1024)  # the hedges of data/figures_vocabulary.json: a few dozen
def _phrase_at_end(phrase: str) -> re.Pattern[str]:
    """``phrase`` (any case) closing a window, after no word character: compiled once
    per hedge, not once per hedge and figure."""
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"[ \t]+$", re.IGNORECASE)


def _after_comparison(text: str, m: NumberMatch) -> bool:
    """Whether a comparison that bounds an amount comes right before the number ("more
    than", "below", "at least"; not "up to", which also leads a year)."""
    window = text[max(0, m.start - 30) : m.start]
    for phrase, qualifier in _vocabulary().qualifiers_before:
        if qualifier == "approx" or phrase in _YEAR_TAKING_HEDGES:
            continue
        if _phrase_at_end(phrase).search(window):
            return True
    return False


def _bare_number_counting(tokens: list[Token]) -> bool:
    """ "the 288 candidates" labelled a facility by the entity recogniser: a name needs a
    word, so an entity of the number alone, after no name, that counts a plural common
    noun after it is a count the recogniser mislabelled (in "Boeing 737 jets" the
    number goes on the name before it)."""
    if not tokens:
        return False
    doc = tokens[0].doc
    ent = next((e for e in doc.ents if e.start <= tokens[0].i < e.end), None)
    if ent is None or any(t.is_alpha for t in ent):
        return False
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and (before.pos_ == "PROPN" or before.ent_type_ or before.is_title):
        return False  # "Boeing 737 jets": the number goes on a name before it
    last = tokens[-1]
    head = last.head
    return (
        last.dep_ == "nummod"
        and head.i > last.i
        and head.tag_ == "NNS"
        and head.pos_ == "NOUN"
        and not (ent.start <= head.i < ent.end)
    )


def _is_in_name(text: str, m: NumberMatch, idx: _DocIndex) -> bool:
    """Digits that are part of a name: "BBC Radio 4", "Formula 1", "Windows 10"."""
    v = _vocabulary()
    if m.form not in ("cardinal", "ordinal") or m.scaled:
        return False
    tokens = [t for t in idx.doc.char_span(m.start, m.end, alignment_mode="expand") or []]
    if m.has_digits and any(t.ent_type_ in v.name_entity_labels for t in tokens):
        if not _bare_number_counting(tokens):
            return True
    prev = idx.before(m.start)
    if prev is None or "\n" in text[prev.idx + len(prev) : m.start]:
        return False
    if m.has_digits and _listed_after_name_marker(prev, idx):
        return True  # "Routes 1, 2 and 3", "sections 4 and 5"
    if (
        prev.lower_ in v.name_markers_before
        and prev.lower_ not in ("no",)
        or (prev.lower_ in ("no", "no.") and prev.text[0].isupper())
    ):
        return m.has_digits or prev.text[0].isupper()
    if (
        prev.tag_ in ("NNP", "NNPS")
        and any(c.isupper() for c in prev.text[:2])  # "Radio 4", "iPhone 15"
        and prev.lower_ not in v.months
        and text[prev.idx + len(prev) : m.start] == " "
        and not prev.is_sent_start
        and not re.match(r"[-–]\d", text[m.end : m.end + 2])  # "Arsenal 2-1": a score
    ):
        nxt = idx.after(m.end)
        counts = nxt is not None and nxt.tag_ in ("NNS",) and nxt.lower_ not in v.time_units
        return not counts and (m.has_digits or m.text[:1].isupper())
    return False


def _is_name_marker(tok: Token, plural_only: bool = False) -> bool:
    """A word that names what a number after it labels: "route", or its plural
    "Routes" (before a list of labels)."""
    markers = _vocabulary().name_markers_before
    lower = tok.lower_
    singular = lower[:-1] if lower.endswith("s") else None
    is_plural = singular in markers and singular not in ("no", "point")
    return is_plural or (not plural_only and lower in markers)


def _listed_after_name_marker(prev: Token, idx: _DocIndex) -> bool:
    """Whether a number after ``prev`` is a label of a list a name marker starts:
    "Routes 1, 2 and 3", "junctions 10 and 11" (a plural marker, then the members)."""
    tok: Token | None = prev
    for _ in range(8):
        if tok is None or tok.text not in (",", "and", "or", "&"):
            break
        tok = idx.before(tok.idx)
        if tok is None or not tok.text.isdigit():
            return False
        tok = idx.before(tok.idx)
    if tok is None:
        return False
    return _is_name_marker(tok, plural_only=tok is prev)


def _is_non_figure_word(text: str, m: NumberMatch, idx: _DocIndex) -> bool:
    """Number words used as something else: "one of the most", "first", "a second", "half-time"."""
    v = _vocabulary()
    prev = idx.before(m.start)
    nxt = idx.after(m.end)
    if m.has_digits:
        return m.form == "ordinal" and m.value == 1 and not _ranked_first(text, m, prev)
    lower = m.text.lower()
    # "one-off", "half-hearted", "second-guess": a number word inside a compound word.
    if text[m.end : m.end + 1] == "-" and nxt is not None and nxt.text == "-":
        after = idx.after(nxt.idx + 1)
        if after is not None and after.is_alpha:
            allowed = after.lower_ in v.time_units or after.lower_ in ("old", "fold")
            if m.value == 0:
                allowed = False  # "zero-hours contracts", "zero-tolerance": a kind of thing
            if not allowed and m.form != "ordinal":
                return True
            if m.form == "ordinal" and after.tag_ == "JJS" and m.value != 1:
                return False  # "the third-largest airport": a rank in a series
    if m.form == "ordinal":
        if m.value == 1:
            return not _ranked_first(text, m, prev)
        if _capitalised_in_name(m, idx):
            return True  # "the Second World War", "the Third Reich"
        if nxt is not None and nxt.lemma_.lower() in v.ordinal_idioms.get(lower, ()):
            return True  # "second thoughts", "a third party", "the fourth estate"
        if prev is not None and prev.lemma_.lower() in v.ranking_verbs:
            return False  # "finished third", "came second": a rank
        if prev is not None and prev.lower_ in ("a", "an"):
            # "a second referendum", "a third runway" name the next in a series;
            # "a second" alone is a moment, "a third" alone a fraction.
            return nxt is None or nxt.tag_ != "NN"
        if nxt is not None and nxt.lower_ in ("half", "halves", "quarter"):
            return True  # "the second half of 2020": a period of time
        return nxt is None or nxt.pos_ not in ("NOUN", "ADJ", "PROPN")
    if m.form == "cardinal" and _capitalised_in_name(m, idx):
        return True  # "the Six Nations", "the Big Four"
    if lower == "half":
        blockers = {"the", "a", "an", "first", "second", "other", "this", "that", "its", "their"}
        return prev is not None and prev.lower_ in blockers
    return False


def _capitalised_in_name(m: NumberMatch, idx: _DocIndex) -> bool:
    """A capitalised number word inside a named entity, not starting its sentence."""
    first = idx.at(m.start)
    if first is None or first.is_sent_start or not m.text[:1].isupper():
        return False
    return first.ent_type_ in _vocabulary().name_entity_labels


def _ranked_first(text: str, m: NumberMatch, prev: Token | None) -> bool:
    """ "first" is a figure only as a rank a fact-checker can check: after a ranking
    verb ("finished first", "ranked 1st") or out of a stated number ("first of 43
    forces"). "The first force to be inspected", "at first", "first of all" and "for the
    first time" are not figures: superlatives and idioms with no series to count."""
    if prev is not None and prev.lemma_.lower() in _vocabulary().ranking_verbs:
        return True
    return re.match(r"\s+(?:out\s+)?of\s+(?:the\s+)?\d", text[m.end : m.end + 20]) is not None


def _article_ordinal(m: NumberMatch, idx: _DocIndex) -> NumberMatch:
    """ "a third runway", "a fifth term": "a" + part word + a singular noun is the next
    in a series (an ordinal), not a fraction; "a third of voters" stays a fraction."""
    words = m.text.lower().split()
    if m.form != "fraction" or len(words) != 2 or words[0] not in ("a", "an"):
        return m
    rank = vocab().ordinal_units.get(words[1])
    nxt = idx.after(m.end)
    if rank is None or nxt is None or nxt.tag_ != "NN" or not m.text[-1].isalpha():
        return m
    start = m.start + m.text.lower().index(words[1])
    text_from = m.text[start - m.start :]
    return replace(m, start=start, text=text_from, value=float(rank), form="ordinal")


def _one_is_pronoun(m: NumberMatch, idx: _DocIndex) -> bool:
    """True for "one" that does not count: "one of the most", "one another", "no one"."""
    v = _vocabulary()
    if m.text.lower() != "one":
        return False
    prev = idx.before(m.start)
    nxt = idx.after(m.end)
    if prev is not None and prev.lower_ in v.one_blockers_before:
        return True
    return nxt is None or nxt.lower_ in ("of", "another", "'s", "’s", "who", "that", "which")


# --- kinds, spans and units ------------------------------------------------------------


def _classify(text: str, m: NumberMatch, idx: _DocIndex) -> _Candidate:
    """Kind, unit and span of a number from its own form and the words around it."""
    v = _vocabulary()
    start, end = m.start, m.end
    if m.form == "money":
        return _Candidate(start, end, m.value, "money", m.currency, m)
    if m.form == "percent":
        return _Candidate(start, end, m.value, "percent", "percent", m)
    if m.form == "multiplier":
        if m.text.lower() in ("twice", "thrice") and _counts_occasions(end, idx):
            return _occasions(start, end, m)
        return _Candidate(start, end, m.value, "multiplier", "times", m)
    if m.form == "vague":
        return _Candidate(start, end, None, "count", None, m, qualifier="approx")
    rest = text[end : end + 40]
    # Ages: "10-year-old", "a 30-year-old man", "14 years old", "aged 14", "16-year-olds".
    age = re.match(
        r"(-| )(year|month|week|day)s?(?:(-| )olds?| of age)\b", rest, re.IGNORECASE
    )  # "a 10-year-old", "14 years old", "95 years of age"
    if age and m.form == "cardinal":
        unit = v.time_units[age.group(2).lower()]
        return _Candidate(start, end + age.end(), m.value, "age", unit, m)
    if m.form == "cardinal" and _SUSPENDED_AGE.match(rest):
        return _Candidate(start, end, m.value, "age", "years", m)  # "16- and 17-year-olds"
    before = text[max(0, start - 12) : start].lower()
    if re.search(r"\baged?\s+$", before) and m.form == "cardinal":
        return _Candidate(start - len(re.search(r"aged?\s+$", before).group()), end, m.value,
                          "age", "years", m)  # fmt: skip
    if m.form == "cardinal" and _AGE_LIST.search(text[max(0, start - 40) : start]):
        return _Candidate(start, end, m.value, "age", "years", m)  # "aged 15, 16 and 19"
    if _apposition_age(text, m, idx):
        return _Candidate(start, end, m.value, "age", "years", m)  # "Smith, 34, of Leeds"
    # Multipliers: "four times higher", "threefold".
    times = re.match(r" ?(times|-?fold)\b", rest, re.IGNORECASE)
    if times and m.form == "cardinal":
        if times.group(1).lower() == "times" and _counts_occasions(end + times.end(), idx):
            return _occasions(start, end + times.end(), m)  # "shot 11 times"
        return _Candidate(start, end + times.end(), m.value, "multiplier", "times", m)
    # Durations: "96 days", "three-month", "12 months' time", "half an hour".
    duration = re.match(r"(-| )(?:an? )?([A-Za-z]+)\b", rest)
    if (
        duration
        and duration.group(2).lower() in v.time_units
        and m.form in ("cardinal", "fraction")
    ):
        word = duration.group(2).lower()
        article = duration.group(0).lstrip("- ").lower().startswith(("a ", "an "))
        if m.form == "fraction" and not article:
            pass
        elif m.form == "cardinal" and article:
            pass
        elif not (word in ("second", "minute") and m.form == "cardinal" and article):
            return _Candidate(start, end + duration.end(), m.value, "duration",
                              v.time_units[word], m)  # fmt: skip
    if m.form == "ordinal":
        return _Candidate(start, end, m.value, "ordinal", None, m)
    if m.form == "fraction":
        return _Candidate(start, end, m.value, "fraction", None, m)
    return _Candidate(start, end, m.value, "count", None, m)


def _occasions(start: int, end: int, m: NumberMatch) -> _Candidate:
    """A count of occasions: "times" is the noun counted, as "shots" in "11 shots", so
    claims compare it with other counts ("shot 11 times" / "seven bullets")."""
    return _Candidate(start, end, m.value, "count", "times", m, counted_noun="times",
                      noun_resolved_by="unit")  # fmt: skip


def _counts_occasions(end: int, idx: _DocIndex) -> bool:
    """Whether "N times" (or "twice") ending at ``end`` counts how often something
    happened ("was shot 11 times", "has won the title four times", "twice a week")
    rather than scaling a comparison ("four times higher", "three times as many",
    "twice the size", "prices rose five times"). It counts occasions when no comparison
    follows and the verb it hangs from is an event, not a change of amount or a copula."""
    v = _vocabulary()
    times = idx.before(end)
    nxt = idx.after(end)
    if times is None:
        return False
    if nxt is not None and (
        nxt.tag_ in ("JJR", "RBR")
        or nxt.lower_ in ("as", "the", "that", "than", "over", "more", "less", "what")
        or nxt.tag_ in ("PRP$", "POS")
    ):
        return False
    verb = times.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    lemma = verb.lemma_.lower()
    return lemma not in v.change_words and lemma not in ("be", "multiply", "total", "amount")


def _apposition_age(text: str, m: NumberMatch, idx: _DocIndex) -> bool:
    """ "John Smith, 34, of Leeds", "his wife Susan, 49,", "the defendant, 23,", "Jane
    Doe (41)": a bare whole number set off after a person's name or a person noun is
    the person's age, the news convention."""
    if not (m.has_digits and m.form == "cardinal" and not m.scaled and m.text.isdigit()):
        return False
    if m.value is None or not 1 <= m.value <= 119:
        return False
    opener = text[max(0, m.start - 2) : m.start]
    closer = re.match(r"\s*([,.;)])", text[m.end : m.end + 3])
    if opener not in (", ", " (") or closer is None:
        return False
    if (opener == " (") != (closer.group(1) == ")"):
        return False
    person = idx.before(m.start - 2 if opener == ", " else m.start - 1)
    if person is None or not person.is_alpha:
        return False
    if person.ent_type_ == "PERSON":
        return True
    if opener == ", " and person.tag_ == "NNP" and person.text in idx.surnames:
        return True  # "Kimani Gray ... Gray, 16, was shot": a name the article gave
    if person.tag_ == "NNP" and re.match(r",\s+(?:of|from)\s+[A-Z]", text[m.end : m.end + 12]):
        return True  # "Smith, 34, of Leeds": a name the parse did not label
    return person.tag_ == "NN" and person.lower_ in _vocabulary().person_nouns


def _noun_phrase_after(
    char: int, idx: _DocIndex, text: str, time_ok: bool = False
) -> tuple[int, Token] | None:
    """The noun phrase directly after ``char``: (end offset, head noun).

    Stops at the first plural noun (the head in English noun phrases) unless it is an
    attributive plural such as "children" in "children safeguarding boards".
    """
    v = _vocabulary()
    tok = idx.after(char)
    if tok is None or "\n" in text[char : tok.idx]:
        return None
    head: Token | None = None
    count = 0
    after_possessive = False
    while tok is not None and count < 7:
        possessive, after_possessive = after_possessive, False
        if tok.tag_ == "CD" and possessive:
            pass  # "48 of Scotland's 59 seats": the possessor's own count, go on
        elif tok.tag_ == "CD" and tok.text[0].isalpha():
            pass  # "12 F-35 jets", "40 A380 aircraft": a model code names the noun's kind
        elif tok.tag_ in _NOUN_TAGS and (time_ok or tok.lower_ not in v.time_units):
            if tok.tag_ in ("NNP", "NNPS") and tok.ent_type_ in ("DATE", "TIME"):
                break
            head = tok
            if tok.tag_ in ("NNS", "NNPS") and tok.lower_ not in v.attributive_plurals:
                break
        elif tok.tag_ == "POS" and head is not None:
            head = None  # "London's children": the possessor is a determiner, go on
            after_possessive = True
        elif tok.tag_ in ("VBG", "VBN", "VBD") and tok.dep_ not in ("amod", "compound", "acl"):
            break  # a clause verb ("7 needed repairs"), not a modifier of the noun
        elif tok.tag_ in _MODIFIER_TAGS or (tok.lower_ in ("and", "or") and head is not None):
            if tok.lower_ in ("and", "or"):
                following = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
                if following is None or following.tag_ not in ("NN", "NNS", "JJ"):
                    break
        else:
            break
        count += 1
        if tok.i + 1 >= len(tok.doc) or tok.whitespace_.count("\n") or "\n" in tok.nbor(1).text:
            break
        tok = tok.nbor(1)
        if tok.is_space and tok.i + 1 < len(tok.doc):
            tok = tok.nbor(1)  # a blank left by an unwrapped line break
    if head is None:
        return None
    return head.idx + len(head), head


def _phrase_text(first: int, head: Token, text: str) -> str:
    return re.sub(r"\s+", " ", text[first : head.idx + len(head)]).strip()


def _compound_phrase(head: Token) -> str:
    """A noun with its compound modifiers: "child protection cases"."""
    doc = head.doc
    left = head
    while left.i > 0:
        prev = doc[left.i - 1]
        if prev.is_space and "\n" not in prev.text and left.i > 1:
            prev = doc[left.i - 2]  # a blank left by an unwrapped line break
        modifier = prev.dep_ == "compound" or (
            prev.tag_ in ("NN", "NNP", "NNPS") and prev.dep_ in ("nmod", "amod", "compound")
        )
        if not (modifier and left.i <= prev.head.i <= head.i) or "\n" in prev.whitespace_:
            break
        left = prev
    return re.sub(r"\s+", " ", doc[left.i : head.i + 1].text)


def _of_phrase(char: int, idx: _DocIndex, text: str) -> tuple[str, Token] | None:
    """What "N of ..." counts: "of the 384 cases" -> cases; "of them" -> pronoun token."""
    v = _vocabulary()
    tok = idx.after(char)
    if tok is None or tok.lower_ != "of" or "\n" in text[char : tok.idx]:
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    while (
        nxt is not None
        and (nxt.tag_ in ("DT", "PRP$", "CD", "POS") or nxt.lower_ in ("all",))
        and nxt.lower_ not in v.pronouns - {"all"}
    ):
        nxt = nxt.nbor(1) if nxt.i + 1 < len(nxt.doc) else None
    if nxt is None:
        return None
    if nxt.lower_ in v.pronouns:
        return ("pronoun", nxt)
    found = _noun_phrase_after(nxt.idx, idx, text)
    if found is None:
        return None
    end, head = found
    return (_phrase_text(nxt.idx, head, text), head)


# Words a comparison may reach over to its number: an article and a word that weighs
# the amount, not one that names a time ("over the last 40 years" is a period).
_BETWEEN_HEDGE_AND_NUMBER = re.compile(
    r"(?<![\w])(?:(?:a|an|the)[ \t]+)?(?:estimated|staggering|whopping|reported|record"
    r"|further|additional|mere|massive|total of)[ \t]+$",
    re.IGNORECASE,
)


# Hedges that only make a vague amount of a count vaguer ("several hundred"); a number
# with a value, or another kind, takes them as no hedge.
_VAGUE_ONLY = frozenset({"many", "several", "tens of"})


def _hedge_fits(phrase: str, cand: _Candidate) -> bool:
    """Whether the hedge ``phrase`` may qualify the figure at all."""
    if phrase in _VAGUE_ONLY and (cand.kind != "count" or cand.value is not None):
        return False
    # "over five years", "over a further 10 days" are periods ("during"), not "more than"
    return not (phrase == "over" and cand.kind == "duration")


def _qualify(text: str, cand: _Candidate) -> _Candidate:
    """Read the hedge before (and after) a figure into its qualifier and span."""
    v = _vocabulary()
    window = text[max(0, cand.start - 45) : cand.start]
    filler = _BETWEEN_HEDGE_AND_NUMBER.search(window)
    if filler:
        # "more than an estimated $5m", "over a staggering 400": the bound holds
        inner = window[: filler.start()]
        for phrase, qualifier in v.qualifiers_before:
            found = _phrase_at_end(phrase).search(inner) if _hedge_fits(phrase, cand) else None
            if found and qualifier != "approx":
                return replace(cand, start=cand.start - (len(window) - found.start()),
                               qualifier=qualifier)  # fmt: skip
    window = window[-30:]
    for phrase, qualifier in v.qualifiers_before:
        if not _hedge_fits(phrase, cand):
            continue
        found = _phrase_at_end(phrase).search(window)
        if found:
            start = cand.start - (len(window) - found.start())
            inclusive = re.match(r"[ \t]+or[ \t]+equal(?:[ \t]+to)?\b", text[cand.end :])
            if inclusive and _NEXT_NUMBER.match(text, cand.end + inclusive.end()):
                inclusive = None  # "more than 5000 or equal to 6000": two statements
            if inclusive and qualifier in ("more_than", "less_than"):
                # "less than 5000 or equal (to)": the bound is included
                bound = "at_least" if qualifier == "more_than" else "at_most"
                return replace(cand, start=start, end=cand.end + inclusive.end(), qualifier=bound)
            hedged = replace(cand, start=start, qualifier=qualifier)
            if qualifier != "approx":
                return hedged
            # "about 500 or more": the bound after says more than the hedge before
            bounded = _qualify_after(text, hedged)
            return bounded if bounded.qualifier != "approx" else hedged
    return _qualify_after(text, cand)


# A number right after a comparison phrase: "... or less than 6000", "... or equal to 6000".
_NEXT_NUMBER = re.compile(r"[ \t]+(?:than[ \t]+|to[ \t]+)?(?:\d|an?\b|one\b)", re.IGNORECASE)


def _qualify_after(text: str, cand: _Candidate) -> _Candidate:
    """A hedge after the figure: "10,000+", "500 or more", "200 or greater"; not when
    another number follows ("5000 or less than 6000" states two bounds)."""
    v = _vocabulary()
    after = text[cand.end : cand.end + 24]
    for phrase, qualifier in v.qualifiers_after_glued:
        # "10,000+ members", "300-plus schools"
        if re.match(re.escape(phrase) + r"(?![\w+])", text[cand.end : cand.end + 8], re.I):
            return replace(cand, end=cand.end + len(phrase), qualifier=qualifier)
    for phrase, qualifier in v.qualifiers_after:
        found = re.match(r"[ \t]+" + re.escape(phrase) + r"(?![\w])", after, re.IGNORECASE)
        if found and _NEXT_NUMBER.match(text, cand.end + found.end()):
            continue  # "equal to 5000 or less than 6000": the phrase leads the next bound
        if found:
            return replace(cand, end=cand.end + found.end(), qualifier=qualifier)
    return cand


_RANGE_GAP = re.compile(r"^\s*(?:-|–|—|to|through)\s*$")
_LOWER_BOUNDS = ("more_than", "at_least")
_UPPER_BOUNDS = ("less_than", "at_most")


def _two_sided(text: str, a: _Candidate, b: _Candidate) -> _Candidate | None:
    """ "more than 10 and less than 20", "above 1000 and below 1500", "at most 100 and
    at least 20": a lower and an upper bound joined by "and"/"but" state one range."""
    gap = text[a.end : b.start].strip().lower()
    if gap not in _vocabulary().range_joiners or a.value is None or b.value is None:
        return None
    if _is_bare(a) and b.kind in ("percent", "money"):
        a = replace(a, kind=b.kind, unit=b.unit)  # "more than 40 and less than 60 per cent"
    if a.kind != b.kind or (a.unit != b.unit and a.unit is not None and b.unit is not None):
        return None
    if a.qualifier in _LOWER_BOUNDS and b.qualifier in _UPPER_BOUNDS:
        low, high = a, b
    elif a.qualifier in _UPPER_BOUNDS and b.qualifier in _LOWER_BOUNDS:
        low, high = b, a
    else:
        return None
    if low.value is None or high.value is None or low.value >= high.value:
        return None  # "more than 40 and less than 10": two separate bounds
    unit = a.unit if a.unit is not None else b.unit
    return replace(
        low, start=a.start, end=b.end, value_high=high.value, unit=unit, qualifier="exact"
    )


def _is_bare(c: _Candidate) -> bool:
    """A plain number with no unit of its own yet ("18" in "aged 18 to 24")."""
    return c.kind == "count" and c.match.form == "cardinal" and c.unit is None


def _follows_change_word(start: int, idx: _DocIndex) -> bool:
    """ "rose 0.3 points to 5.1%": a change from one value to another, not a range."""
    prev = idx.before(start)
    return prev is not None and prev.lemma_.lower() in _vocabulary().change_words


def _merge_ranges(text: str, cands: list[_Candidate], idx: _DocIndex) -> list[_Candidate]:
    """Join "252-287", "between 252 and 287", "18 to 24", "20-30%" into one figure.

    "from £2.50 to £2.80" and "rose 2% to 5%" state a change (two values), and "3-1"
    is a score: those are not ranges.
    """
    merged: list[_Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        if i + 1 < len(cands):
            b = cands[i + 1]
            gap = text[a.end : b.start]
            bounds = _two_sided(text, a, b)
            if bounds is not None:
                merged.append(bounds)
                i += 2
                continue
            lead = re.search(r"(?i)\b(between|from)\s+$", text[max(0, a.start - 10) : a.start])
            lead_word = lead.group(1).lower() if lead else None
            dash = _RANGE_GAP.match(gap) is not None and gap.strip() != "to"
            to = gap.strip().lower() == "to"
            between = lead_word == "between" and gap.strip().lower() == "and"
            if (
                gap in ("-", "\u2013")
                and _is_bare(a)
                and _is_bare(b)
                and a.match.has_digits
                and b.match.has_digits
                and a.value is not None
                and b.value is not None
                and ((a.value >= b.value and a.value < 1000) or _in_score_context(a, b, idx))
            ):
                i += 2  # "won 3-1", "lost 1-3", "a 50-50 split": a score or a split
                continue
            if (
                to
                and not _is_bare(a)
                and (lead_word == "from" or _follows_change_word(a.start, idx))
            ):
                to = False
            change = (
                to
                and _is_bare(a)
                and _follows_change_word(a.start, idx)
                and (
                    _far_apart(a, b)
                    or _change_verb_before_from(a.start, idx)
                    or _difference_then_level(a, b, idx)
                )
            )
            if change:
                # "rose by 47,000 to 1.36 million", "rose from 12 to 15 per cent": a
                # change and a new level; the bare start value takes the end's kind.
                merged.append(_lend_kind(a, b))
                i += 1
                continue
            compatible = (
                a.kind == b.kind
                or _is_bare(a)
                or (_is_bare(b) and a.kind in ("age", "duration", "percent", "money"))
            ) and (a.unit == b.unit or a.unit is None or b.unit is None)
            if (
                (dash or to or between)
                and compatible
                and a.value is not None
                and b.value is not None
                and a.value < b.value
                and b.kind != "ordinal"
            ):
                start = a.start - (
                    len(lead.group(0))
                    if lead and lead_word in ("between", "from") and (between or to)
                    else 0
                )
                if _is_bare(b) and not _is_bare(a):
                    merged.append(replace(a, start=start, end=b.end, value_high=b.value))
                else:
                    low = a.value
                    if b.match.scaled and not a.match.scaled and b.match.has_digits:
                        scale = _scale_factor(b.match)
                        if low * scale <= b.value:
                            low *= scale
                    merged.append(
                        replace(
                            b, start=start, value=low, value_high=b.value, qualifier=a.qualifier
                        )
                    )
                i += 2
                continue
        merged.append(a)
        i += 1
    return merged


def _in_score_context(a: _Candidate, b: _Candidate, idx: _DocIndex) -> bool:
    """ "lost 1-3", "a 2-3 defeat": two small whole numbers joined by a dash
    read as a score when a result verb comes before the pair or a result noun after
    it. (A pair whose first number is the larger is a score or split anyway.)"""
    if a.value is None or b.value is None or max(a.value, b.value) > 200:
        return False
    if not (a.value.is_integer() and b.value.is_integer()):
        return False
    v = _vocabulary()
    prev = idx.before(a.start)
    if prev is not None and prev.tag_ in ("DT", "PRP$"):
        prev = idx.before(prev.idx)
    if prev is not None and prev.lemma_.lower() in v.score_verbs:
        return True
    if prev is not None and prev.text == "(" and prev.i > 0 and prev.nbor(-1).pos_ == "PROPN":
        return True  # "Seattle (7-9)", "Bell (5-11, 220)": a record or a height by a name
    nxt = idx.after(b.end)
    if nxt is not None and nxt.lower_ in ("home", "away", "aggregate"):
        nxt = idx.after(nxt.idx + len(nxt))
    return nxt is not None and nxt.lower_ in v.score_words


def _change_verb_before_from(start: int, idx: _DocIndex) -> bool:
    """ "rose from 120,000 ...", "up from 12 ...": "from" after a verb of change."""
    lead = idx.before(start)
    if lead is None or lead.lower_ != "from":
        return False
    verb = idx.before(lead.idx)
    words = _vocabulary().change_words - {"from", "by"}
    return verb is not None and (verb.lemma_.lower() in words or verb.lower_ in words)


def _difference_then_level(a: _Candidate, b: _Candidate, idx: _DocIndex) -> bool:
    """ "rose by 120 to 520": two plain numbers after "by" are the difference and the
    new level. A range of a change carries its sign or scale on the end ("by 10 to 20
    percent", "by 2 to 3 million") and stays a range."""
    prev = idx.before(a.start)
    return (
        prev is not None
        and prev.lower_ == "by"
        and _is_bare(b)
        and b.match.form == "cardinal"
        and not b.match.scaled
    )


def _lend_kind(a: _Candidate, b: _Candidate) -> _Candidate:
    """The bare start of a change read as the end is ("from 12 to 15 per cent" -> 12
    per cent; "from 2 to 3 million" -> 2 million)."""
    if b.kind in ("percent", "money") and a.value is not None:
        a = replace(a, kind=b.kind, unit=b.unit)
    if b.match.scaled and not a.match.scaled and b.match.has_digits and a.value is not None:
        scale = _scale_factor(b.match)
        if a.value * scale <= 10 * b.value:
            a = replace(a, value=a.value * scale)
    return a


def _far_apart(a: _Candidate, b: _Candidate) -> bool:
    """Whether "a to b" joins values too far apart for one stated range (the high end
    more than ten times the low one, after "2 to 3 million" has lent its scale)."""
    if a.value is None or b.value is None or a.value <= 0:
        return False
    low = a.value
    if b.match.scaled and not a.match.scaled and b.match.has_digits:
        scale = _scale_factor(b.match)
        if low * scale <= b.value:
            low *= scale
    return b.value > 10 * low


def _scale_factor(m: NumberMatch) -> float:
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", m.text)
    if digits is None or m.value is None:
        return 1.0
    base = float(digits.group().replace(",", ""))
    return m.value / base if base else 1.0


# --- counted nouns, verbs, subjects ----------------------------------------------------


def _resolve_nouns(
    text: str, cands: list[_Candidate], idx: _DocIndex, sent_of: list[int]
) -> list[_Candidate]:
    """Find what each count, fraction, percent and ordinal counts."""
    v = _vocabulary()
    resolved: list[_Candidate] = []
    for k, cand in enumerate(cands):
        if (
            cand.kind in ("money", "duration", "multiplier", "calibre")
            or cand.noun_resolved_by == "unit"
        ):
            resolved.append(cand)
            continue
        noun: tuple[str, Token] | None = None
        how = None
        pronoun = False
        hyphen = re.match(r"-([A-Za-z]+)\b", text[cand.end : cand.end + 30])
        hyphen_tok = idx.after(cand.end + 1) if hyphen else None
        if (
            hyphen is not None
            and hyphen_tok is not None
            and cand.kind == "count"
            and hyphen_tok.lower_ == hyphen.group(1).lower()
            and hyphen_tok.lower_ not in v.time_units
        ):
            # "a 7.8-magnitude earthquake", "a 10-point plan": the number measures the
            # word it is hyphenated to.
            noun, how = (hyphen_tok.text, hyphen_tok), "hyphen"
        ordinal = cand.kind == "ordinal"
        found = _noun_phrase_after(cand.end, idx, text, ordinal) if cand.kind != "percent" else None
        if found is not None and _gerund_after_count(cand, found[1]):
            found = None  # "the nine voting to convict": nine of a set named before
        if (
            noun is None
            and cand.kind == "count"
            and _LEADING_OF_PRONOUN.search(text[max(0, cand.start - 20) : cand.start])
        ):
            found, pronoun = None, True  # the parse may read "45 need repairs" as a noun
        clause = None
        if found is not None and _verb_read_as_adjective(cand, found[1], idx, resolved, sent_of, k):
            verb_tok = idx.after(cand.end)
            clause = (verb_tok, _phrase_text(verb_tok.idx + len(verb_tok), found[1], text))
            found = None
        elif found is None and cand.kind == "count":
            verb_tok = idx.after(cand.end)
            if verb_tok is not None and verb_tok.tag_ == "VBD" and verb_tok.pos_ == "VERB":
                # "7 needed repairs": the number is the subject of a past-tense verb.
                objects = [c for c in verb_tok.children if c.dep_ in ("dobj", "acomp")]
                clause = (verb_tok, _compound_phrase(objects[0]) if objects else "")
        if found is not None and _stands_for_earlier_set(cand, found[1]):
            found = None  # "55 others": the others of the set a figure before names
        if noun is None and found is not None:
            noun = (_phrase_text(idx.after(cand.end).idx, found[1], text), found[1])
            how = "np"
        if noun is None and not pronoun:
            of = _of_phrase(cand.end, idx, text)
            if of is not None and of[0] != "pronoun":
                noun, how = of, "of"
            elif of is not None:
                pronoun = True
        measure = _measure_subject(cand, idx) if noun is None and not pronoun else None
        if measure is not None:
            subject_noun, measure_unit = measure
            resolved.append(
                replace(
                    cand, counted_noun=_compound_phrase(subject_noun), head=subject_noun,
                    unit=measure_unit, noun_resolved_by="measure", clause=clause,
                )
            )  # fmt: skip
            continue
        if (
            noun is None
            and cand.kind not in ("percent", "age", "ordinal")
            and cand.value is not None
            # "two quakes, measuring 7.6 and 7.4": a fraction of a thing is no count
            # of things, so a bare number with decimals measures, it counts nothing before
            and (cand.value.is_integer() or cand.kind != "count" or cand.match.scaled)
        ):
            noun, how = _inherit(cands, resolved, k, sent_of, idx, text, pronoun)
            # A set named by a state ("2,068 injured", "30 dead") takes no count of events
            # ("350 deaths and 2,068 injured": injured people), nor a plural no number
            # counts unless it names persons ("Clashes in several cities left 30 dead":
            # the cities are where, not who).
            if noun is not None and _named_by_adjective(cand, idx) and (
                    _counts_events(noun[1])
                    or (how == "nearest-noun" and not _names_persons(noun[1]))):  # fmt: skip
                noun, how = None, None
        if noun is None:
            resolved.append(replace(cand, clause=clause))
            continue
        phrase, head = noun
        unit = cand.unit
        if cand.kind in ("count", "fraction", "ordinal"):
            unit = _unit_of(head, cand.value, how == "np" and cand.kind == "count")
        if head.lower_ in v.time_units and not ordinal:
            resolved.append(cand)
            continue
        resolved.append(
            replace(
                cand, counted_noun=phrase, head=head, unit=unit, noun_resolved_by=how, clause=clause
            )
        )
    return resolved


def _gerund_after_count(cand: _Candidate, head: Token) -> bool:
    """ "the nine voting to put him to death": a singular -ing word the parser took for a
    noun after a count above one is the verb of what the number stands for, not what it
    counts ("nine voting" is nine jurors); a count of things takes a plural."""
    return (
        cand.kind == "count"
        and cand.value is not None
        and cand.value > 1
        and head.tag_ == "NN"
        and head.lower_.endswith("ing")
        and (head.i == 0 or head.doc[head.i - 1].idx < cand.end)  # right after the number
    )


def _stands_for_earlier_set(cand: _Candidate, head: Token) -> bool:
    """ "55 others", "3,000 more": the word after the number is no noun of its own; it
    stands for the set an earlier figure counts."""
    return (
        cand.kind == "count"
        and head.lower_ in ("others", "more")
        and head.doc[head.i - 1].idx < cand.end  # right after the number
    )


def _named_by_adjective(cand: _Candidate, idx: _DocIndex) -> bool:
    """ "2,068 injured", "35 destroyed": a bare number followed by an adjective or
    participle that no noun follows names its set by a state."""
    first = idx.after(cand.end)
    if cand.kind != "count" or first is None or first.tag_ not in ("JJ", "VBN"):
        return False
    following = first.nbor(1) if first.i + 1 < len(first.doc) else None
    return following is None or following.pos_ not in ("NOUN", "PROPN")


def _counts_events(head: Token) -> bool:
    """Whether a counted noun counts events that befell people ("deaths", "injuries",
    ``event_count_nouns``): a number after it named by an adjective ("350 deaths and
    2,068 injured") counts people in another state."""
    return head.lemma_.lower() in _vocabulary().event_count_nouns


def _names_persons(head: Token) -> bool:
    """Whether a noun names persons: "protesters", "people" (``person_nouns``,
    ``people_words``)."""
    v = _vocabulary()
    return head.lemma_.lower() in v.person_nouns or head.lower_ in v.people_words


def _measure_subject(cand: _Candidate, idx: _DocIndex) -> tuple[Token, str] | None:
    """ "The death toll has risen to 15", "turnout was 34,000": a bare count whose clause
    names the measure it states. The number counts what the measure counts (deaths,
    voters), not the nearest plural before it ("a block of flats")."""
    if cand.kind != "count" or cand.value is None:
        return None
    anchor = idx.at(cand.start)
    verb = _governing_verb(anchor) if anchor is not None else None
    if verb is None:
        return None
    measures = _vocabulary().measure_nouns
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lower_ in measures:
            return child, measures[child.lower_]
    return None


def _verb_read_as_adjective(
    cand: _Candidate,
    head: Token,
    idx: _DocIndex,
    resolved: list[_Candidate],
    sent_of: list[int],
    k: int,
) -> bool:
    """ "10 cases were fine, 12 required improvement": spaCy may tag "required" as an
    adjective of "improvement". When a bare number is followed by an -ed word and an
    earlier figure of the same sentence already counts something, the -ed word is the
    verb of a clause whose subject is the number, and the number counts that thing."""
    first = idx.after(cand.end)
    if cand.kind != "count" or first is None or first.i >= head.i:
        return False
    if first.tag_ not in ("JJ", "VBN", "VBD") or not first.lower_.endswith("ed"):
        return False
    return any(
        other.head is not None
        and other.kind in ("count", "fraction", "percent")
        and sent_of[j] == sent_of[k]
        for j, other in enumerate(resolved)
    )


def _inherit(
    cands: list[_Candidate],
    resolved: list[_Candidate],
    k: int,
    sent_of: list[int],
    idx: _DocIndex,
    text: str,
    pronoun: bool,
) -> tuple[tuple[str, Token] | None, str | None]:
    """A bare number counts what the nearest earlier figure, or noun, counts."""
    v = _vocabulary()
    here = sent_of[k]
    reach = 2 if pronoun else 1
    for same_sentence_only in (True, False):
        for j in range(len(resolved) - 1, -1, -1):
            other = resolved[j]
            distance = here - sent_of[j]
            if distance < 0 or distance > (0 if same_sentence_only else reach):
                continue
            if other.head is not None and other.kind in ("count", "fraction", "percent"):
                return (other.counted_noun or _compound_phrase(other.head), other.head), "inherit"
        # The nearest plural noun before the number, in this sentence, then earlier ones.
        doc = idx.doc
        anchor = idx.at(cands[k].start)
        if anchor is None:
            continue
        sent = anchor.sent
        first_sent = sent
        if not same_sentence_only:
            for _ in range(reach):
                if first_sent.start > 0:
                    first_sent = doc[first_sent.start - 1].sent
        lo = sent.start if same_sentence_only else first_sent.start
        for i in range(anchor.i - 1, lo - 1, -1):
            tok = doc[i]
            if (
                tok.tag_ == "NNS"
                and not _speaker_of_clause_holding(tok, anchor)
                and not tok.text[:1].isdigit()  # "the 1960s" is a decade, not a set
                and tok.lower_ not in v.time_units
                and tok.lower_ not in v.attributive_plurals - {"children", "people"}
            ):
                return (_compound_phrase(tok), tok), "nearest-noun"
    return None, None


def _speaker_of_clause_holding(tok: Token, anchor: Token) -> bool:
    """ "Officials said 350 were dead", "Medics told reporters 14 had died": ``tok`` is
    who speaks or is spoken to by a verb whose reported clause holds the number; they
    are not what it counts. (A clause joined by "and" may count them: "Protesters
    marched and 30 were arrested".)"""
    if tok.dep_ not in ("nsubj", "nsubjpass", "dative", "dobj"):
        return False
    verb, node = tok.head.i, anchor
    while node.head.i != node.i:  # up to the root, whose head is itself
        if node.head.i == verb:
            return node.dep_ in ("ccomp", "parataxis")
        node = node.head
    return False


def _clause_of_counted_noun(cand: _Candidate) -> Token | None:
    """The verb of a clause that defines the counted set: "the 384 cases (it) examined",
    "135 cases inspected", "18 cases referred back". It says what was counted better
    than the sentence's main verb does."""
    if cand.kind != "count" or cand.head is None or cand.noun_resolved_by not in ("np", "of"):
        return None
    for child in cand.head.children:
        if child.dep_ in ("relcl", "acl") and child.pos_ == "VERB" and child.i > cand.head.i:
            if child.tag_ in ("VBN", "VBD"):
                return child
    return None


def _verb_parsed_as_modifier(tok: Token) -> Token | None:
    """ "The sergeant and the officer fired 11 shots": the parser may read the past verb
    as an adjective of "shots" and hang the whole phrase elsewhere, so no verb is above
    the number. A verb form that opens the noun phrase, left of its number, is the
    clause's verb: English puts adjectives after a number ("11 stray shots"), and a
    participle before one follows a determiner ("an estimated 300 people")."""
    noun = tok.head
    if tok.dep_ != "nummod" or noun.pos_ not in ("NOUN", "PROPN") or noun.i <= tok.i:
        return None
    first = tok.left_edge  # the hedge of the number too: "fired about 11 shots"
    if first.i == 0:
        return None
    verb = tok.doc[first.i - 1]
    if verb.tag_ not in ("VBD", "VBN", "VBZ", "VBP") or verb.head.i != noun.i:
        return None
    if verb.dep_ not in ("amod", "compound", "nmod"):
        return None
    if verb.i > 0 and tok.doc[verb.i - 1].tag_ in ("DT", "PRP$", "WP$", "POS"):
        return None  # "an estimated 300 people", "his reported 20 goals"
    return verb


def _is_glued_suffix(tok: Token) -> bool:
    """ "600m": a letter glued to the number before it is a unit or scale, not a verb
    (the parser can tag the "m" as "am")."""
    if tok.i == 0 or len(tok.text) > 2:
        return False
    prev = tok.doc[tok.i - 1]
    return not prev.whitespace_ and prev.text[-1:].isdigit()


def _governing_verb(tok: Token) -> Token | None:
    """The first verb above ``tok`` in the parse, skipping light verbs ("numbering").

    A light verb heading its own clause is kept: the root ("the toll was 15"), or a
    clause that is another verb's complement (``ccomp``: "officials said 12 people were
    inside" gives "be", not "say"), whose figure tells nothing the outer verb does.
    """
    v = _vocabulary()
    misread = _verb_parsed_as_modifier(tok)
    if misread is not None:
        return misread
    seen = 0
    node = tok
    while seen < 12:
        if node.pos_ in ("VERB", "AUX") and node is not tok and not _is_glued_suffix(node):
            if node.lemma_ not in v.light_verbs or node.dep_ in ("ROOT", "ccomp"):
                return node
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        seen += 1
    return None


def _sizes_a_thing(cand: _Candidate) -> bool:
    """ "One bomb hit a 200-student school": a count hyphenated to a noun sizes the
    thing it modifies, and the verb is that thing's, not the counted set's. A group's
    size ("a 5,000-strong crowd marched", "a 12-member jury convicted") counts the
    people who do the group's act: those keep the verb."""
    return (cand.noun_resolved_by == "hyphen" and cand.head is not None
            and cand.head.lower_ not in _vocabulary().group_size_words)  # fmt: skip


def _predicate(verb: Token | None) -> str | None:
    """The act a figure's verb names, as a lemma: a support verb and a bare event noun
    are one act, named by the noun ("had taken shelter", "sought refuge", "held talks",
    "took part" read as "shelter", "refuge", "talk", "part"). Only nouns of the
    vocabulary's `event_objects` count: "took jewellery", "gave food" and "paid tax of
    $12m" are acts of taking, giving and paying."""
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    v = _vocabulary()
    if lemma in v.support_verbs:
        for child in verb.children:
            if (child.dep_ == "dobj" and child.lemma_.lower() in v.event_objects
                    and not any(g.dep_ in ("det", "poss", "nummod", "amod", "compound")
                                for g in child.children)):  # fmt: skip
                return child.lemma_.lower()
    return lemma


def _agent(verb: Token, exclude: set[int]) -> str | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.i not in exclude and grand.tag_ != "CD":
                    return _compound_phrase(grand)
    for child in verb.children:
        if child.dep_ == "nsubj" and child.i not in exclude:
            if child.pos_ in ("PRON",) or child.tag_ == "CD":
                return None
            return _compound_phrase(child)
    return None


def _measured_noun(anchor: Token | None) -> str | None:
    """What an amount of money or time belongs to: "cuts of £400m", "a £2m grant"."""
    if anchor is None:
        return None
    head = anchor.head
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "NOUN":
        return _compound_phrase(head.head)
    if anchor.dep_ in ("nummod", "compound", "amod") and head.pos_ == "NOUN":
        return _compound_phrase(head)
    return None


def _subject(
    cand: _Candidate, verb: Token | None, number_tokens: set[int], anchor: Token | None
) -> str | None:
    what = cand.counted_noun or cand.unit
    if cand.kind == "money":
        measured = _measured_noun(anchor)
        if measured is not None:
            what = f"{measured} ({cand.unit})"
    if what is None:
        return None
    if verb is None:
        return what
    exclude = set(number_tokens)
    if cand.head is not None:
        exclude.add(cand.head.i)
    agent = _agent(verb, exclude)
    if cand.clause is not None and verb.i == cand.clause[0].i:
        return f"{what} {verb.text.lower()} {cand.clause[1]}".strip()  # "cases needed repairs"
    if verb.lemma_ == "be":
        # "the real figure was 22": the subject names the measure itself.
        return f"{what} ({agent})" if agent else what
    particle = "".join(f" {c.text.lower()}" for c in verb.children if c.dep_ == "prt")
    role = _role_under(verb, anchor if cand.head is None else cand.head, anchor)
    if role == "nsubj":
        # The counted things did it: "people died", "cases needed repairs".
        objects = [c for c in verb.children if c.dep_ in ("dobj", "acomp") and c.i not in exclude]
        tail = f" {_compound_phrase(objects[0])}" if objects and objects[0].pos_ != "PRON" else ""
        return f"{what} {verb.text.lower()}{particle}{tail}"
    # Something was done to them: "cases sent back (by HMIC)", "cases examined".
    described = f"{what} {_participle(verb)}{particle}"
    return f"{described} (by {agent})" if agent else described


def _role_under(verb: Token, *starts: Token | None) -> str | None:
    """The dependency by which the figure's phrase hangs from ``verb`` ("nsubj",
    "dobj", "nsubjpass", ...), following heads up from the counted noun or number."""
    for start in starts:
        node = start
        for _ in range(8):
            if node is None or node.head.i == node.i:
                break
            if node.head.i == verb.i:
                return node.dep_
            node = node.head
    return None


def _participle(verb: Token) -> str:
    """The past participle of a verb, for a readable subject ("sends" -> "sent")."""
    if verb.tag_ == "VBN":
        return verb.text.lower()
    lemma = verb.lemma_.lower()
    irregular = _vocabulary().verb_participles.get(lemma)
    if irregular:
        return irregular
    if verb.tag_ == "VBD" and verb.text.lower().endswith("ed"):
        return verb.text.lower()
    if lemma.endswith("e"):
        return lemma + "d"
    if len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    vowels = "aeiou"
    if (
        len(lemma) in (3, 4)
        and lemma[-1] not in vowels + "wxy"
        and lemma[-2] in vowels
        and lemma[-3] not in vowels
        and sum(ch in vowels for ch in lemma) == 1
    ):
        return lemma + lemma[-1] + "ed"  # "stop" -> "stopped", "plan" -> "planned"
    return lemma + "ed"


# --- the extractor ---------------------------------------------------------------------


def _keep_one(
    cand: _Candidate, cands: list[_Candidate], sent_of: dict[int, int], idx: _DocIndex
) -> bool:
    """Whether "one <noun>" states a count.

    It does when it is set against another count of the same noun nearby ("one
    safeguarding board ... 32 boards"), and when it reports how many took part in an
    event: "one <noun>" as the subject or direct object of a verb ("One person died",
    "police arrested one man"). It does not when the noun is post-modified by a clause
    ("One detective protecting children was not trained", "one woman, who ..."): that
    picks out an example from a larger set, the sentence is about that individual. Nor
    for discourse nouns ("one reason", "one thing", "in one case") or "one" inside a
    prepositional phrase ("in one instance"), which introduce an example.
    """
    if cand.qualifier in ("at_least", "at_most") and cand.match.start > cand.start:
        return True  # "killing at least one": a bounded toll, even with no noun after it
    if cand.head is None or cand.noun_resolved_by != "np":
        return False
    here = sent_of[id(cand)]
    lemma = cand.head.lemma_.lower()
    if lemma in _vocabulary().one_discourse_nouns:
        return False  # "in one case", "one reason": an example, even beside "38 cases"
    for other in cands:
        if other is cand or other.head is None or other.value in (None, 1):
            continue
        if abs(sent_of[id(other)] - here) <= 1 and other.head.lemma_.lower() == lemma:
            return True
    head = cand.head
    one = idx.at(cand.match.start)
    if one is None or one.head.i != head.i or head.tag_ != "NN":
        return False
    if head.ent_type_ in ("DATE", "TIME"):
        return False
    if head.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    return not any(child.dep_ in ("acl", "relcl") for child in head.children)


def extract_figures(doc: Doc, cleaned: CleanedText) -> list[FigureMention]:
    """Every figure stated in the article text whose cleaned text ``doc`` was parsed from."""
    text = cleaned.text
    sentences = sentences_of(doc, cleaned.original)
    idx = _DocIndex(doc)
    blocked = [m.span() for m in _PHONE.finditer(text)]  # phone numbers and numeric dates
    blocked += [m.span() for m in _NUMERIC_DATE.finditer(text)]
    cands: list[_Candidate] = []
    for m in find_numbers(text):
        if m.form == "time" or cleaned.is_furniture(m.start, m.end):
            continue
        if m.form == "vague":
            word = idx.at(m.start)
            if word is not None and word.pos_ in ("VERB", "AUX"):
                continue  # "he scores", "it dozens": a verb, not an amount
        if any(a < m.end and m.start < b for a, b in blocked):
            continue
        measure = _measure(text, m, idx)
        calibre = _calibre(text, m, measure)
        if calibre is not None:
            cands.append(calibre)  # a kind of its own: never linked with counts
            continue
        if measure is not None and not _in_link(text, m):
            value, unit, end = measure
            cands.append(_Candidate(m.start, end, value, "count", unit, m, noun_resolved_by="unit"))
            continue
        age_group = _age_group(text, m) or _age_decade(text, m) or _age_bound(text, m, idx)
        if age_group is not None:
            cands.append(age_group)  # "the over-65s", "in her early 30s", "children under 16"
            continue
        glued_duration = _glued_duration(text, m)
        if glued_duration is not None:
            cands.append(glued_duration)  # "40min", "3hrs"
            continue
        if _is_glued_code(text, m) or _in_link(text, m) or _is_list_marker(text, m):
            continue
        if _is_date_part(text, m, idx) or _is_in_name(text, m, idx):
            continue
        if _is_dialled(m, idx) or _is_dotted_clock(m, idx) or _is_street_number(m, idx):
            continue
        if _is_rate_base(m, idx):
            continue
        m = _article_ordinal(m, idx)
        if _is_non_figure_word(text, m, idx) or _one_is_pronoun(m, idx):
            continue
        cands.append(_classify(text, m, idx))
    cands = _share_units(text, cands)
    # "four months ago" says when (a date the date extractor reads), not how long.
    cands = [c for c in cands if not (c.kind == "duration" and _AGO.match(text, c.end))]
    cands = [_qualify(text, c) for c in cands]
    cands = _merge_ranges(text, cands, idx)
    # A numeral longer than a float holds states nothing a reader can check, and an
    # infinite value would poison every sum and interval downstream.
    cands = [
        c for c in cands if all(v is None or math.isfinite(v) for v in (c.value, c.value_high))
    ]
    sent_list = [sentence_index_at(sentences, c.start) for c in cands]
    cands = _resolve_nouns(text, cands, idx, sent_list)
    sent_of = {id(c): s for c, s in zip(cands, sent_list, strict=True)}
    figures: list[FigureMention] = []
    for cand in cands:
        if cand.match.text.lower() == "one" and cand.kind == "count":
            if not _keep_one(cand, cands, sent_of, idx):
                continue
        start, end = cand.start, cand.end
        if cand.kind == "count" and cand.noun_resolved_by in ("np", "hyphen") and cand.head:
            head_end = cand.head.idx + len(cand.head)
            if head_end > end and "\n" not in text[end:head_end]:
                end = head_end  # the span reads "38 cases", as a reader quotes it
        if cleaned.is_furniture(start, end):
            continue
        span = doc.char_span(cand.match.start, cand.match.end, alignment_mode="expand")
        number_tokens = {t.i for t in span} if span is not None else set()
        anchor = span[-1] if span is not None and len(span) else idx.at(cand.match.start)
        verb = (
            (cand.clause[0] if cand.clause else None)
            or _clause_of_counted_noun(cand)
            or (_governing_verb(anchor) if anchor is not None else None)
        )
        figures.append(
            FigureMention(
                start=start,
                end=end,
                text=cleaned.original[start:end],
                sentence_index=sentence_index_at(sentences, start),
                value=cand.value,
                kind=cand.kind,
                unit=cand.unit,
                qualifier=cand.qualifier,
                value_high=cand.value_high,
                counted_noun=cand.counted_noun,
                subject=_subject(cand, verb, number_tokens, anchor),
                verb=None if _sizes_a_thing(cand) else _predicate(verb),
            )
        )
    # Of overlapping figures the earlier (then longer) one is kept.
    return without_overlaps(figures, prefer="first")


def extract_figures_from_text(text: str) -> list[FigureMention]:
    """Clean, parse and extract the figures of one text (convenience for tests and tools)."""
    cleaned = clean(text)
    return extract_figures(get_nlp()(cleaned.text), cleaned)


__all__ = ["VERSION", "extract_figures", "extract_figures_from_text", "plural", "vocab"]
