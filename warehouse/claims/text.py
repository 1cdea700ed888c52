"""Small text helpers: content words, the unit key claims compare, Jaccard."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from warehouse.claims.records import _URL, _WORD, STOPWORDS, Figure

# --- small text helpers -------------------------------------------------------------


def _fold(word: str) -> str:
    """One token as ``words`` keeps it ('' when it is dropped)."""
    word = word.strip("'’-")
    if len(word) < 3 or word in STOPWORDS:
        return ""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# A news vocabulary repeats: each token is folded once. Emptied before a text once it
# has grown past the bound, so it holds at most the bound plus one text's tokens.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 200_000


def words(text: str) -> list[str]:
    """Lower-case content words, URLs and numbers dropped, plurals folded."""
    if len(_FOLDED) > _FOLDED_MAX:
        _FOLDED.clear()
    folded = _FOLDED
    out = []
    for token in _WORD.findall(_URL.sub(" ", text.lower())):
        word = folded.get(token)
        if word is None:
            word = folded[token] = _fold(token)
        if word:
            out.append(word)
    return out


# Counted nouns that all count people at one gathering: one outlet's "60,000 marchers"
# and another's "60,000 people" state one measurement. Narrow on purpose: "adults",
# "residents" or "staff" name a subset or another set, and stay units of their own.
_PEOPLE_UNITS = frozenset(
    "people person individual protester protestor marcher demonstrator participant "
    "attendee spectator reveller mourner supporter campaigner activist fan crowd "
    "visitor".split()
)
@lru_cache(maxsize=1)
def _inflect():  # noqa: ANN202 - inflect.engine; imported on first use
    """inflect's engine, imported without typeguard's run-time type checks.

    inflect decorates its methods with ``typeguard.typechecked``, which re-parses
    and recompiles each of them at import: 1.6-2 s of CPU in every linking run
    (in series, while the other core idles), for checks that only raise on
    arguments of the wrong type. Here they are always one lower-case word (a
    ``str``), so the engine answers exactly as the checked one does; the checks
    are left out while inflect is first imported (typeguard itself skips them
    under ``python -O``). Nothing else here uses typeguard.
    """
    import sys

    if "inflect" not in sys.modules:
        import typeguard

        checked = typeguard.typechecked
        typeguard.typechecked = _unchecked
        try:
            import inflect
        finally:
            typeguard.typechecked = checked
    import inflect

    return inflect.engine()


def _unchecked(target=None, **_options):  # noqa: ANN001, ANN202 - typeguard.typechecked's shape
    return target if target is not None else (lambda fn: fn)


@lru_cache(maxsize=65536)
def unit_key(unit: str | None) -> str | None:
    """The unit as claims compare it: lower case, singular, crowd nouns as 'people'.

    The figure extractor names a counted unit by its plural head ("buses", "MPs",
    "30,000 staff"); this folds it to the singular with ``inflect``, keeping words
    whose plural is themselves ("news", "series", "staff") and forms that are not
    the plural of their own singular ("bus" is not read as the plural of "bu").
    """
    if not unit:
        return None
    unit = unit.lower().strip()
    singular = _inflect().singular_noun(unit) if unit.isalpha() else False
    if singular and _inflect().plural_noun(singular) == unit and not unit.endswith("us"):
        unit = singular
    return "people" if unit in _PEOPLE_UNITS else unit


def jaccard(a: Iterable, b: Iterable) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a and b else 0.0


# The words either side of a figure that :func:`beside_words` keeps, at most: the pair
# model reads the nearest ``LinkModel.near_window`` of them (a fitted choice).
BESIDE_MAX = 5
_BESIDE_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def beside_words(figure: Figure) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words right before (nearest first) and right after the figure, up to
    :data:`BESIDE_MAX` a side, each as its first five letters ("critical" and
    "critically", "deliberated" and "deliberations" meet); a stop word, a short word
    or a word of the figure's own unit or counted noun is kept as "" so that it
    still takes its place in the window. What the figure is said of ("five of them
    critically", "30 hours of deliberation") stands there, whatever the sentence's
    structure.
    """
    offset = figure.start_char - figure.sentence_start
    end = figure.end_char - figure.sentence_start
    own = {w for name in (figure.unit, figure.counted_noun) for w in (name or "").lower().split()}

    def keep(token: str) -> str:
        token = token.lower()
        return "" if token in STOPWORDS or len(token) < 4 or token in own else token[:5]

    before = _BESIDE_TOKEN.findall(figure.sentence[:offset])[-BESIDE_MAX:][::-1]
    after = _BESIDE_TOKEN.findall(figure.sentence[end:])[:BESIDE_MAX]
    return tuple(map(keep, before)), tuple(map(keep, after))


def _local(figure: Figure, before: int = 70, after: int = 70) -> str:
    offset = figure.start_char - figure.sentence_start
    end = figure.end_char - figure.sentence_start
    return (
        figure.sentence[max(0, offset - before) : offset] + " " + figure.sentence[end : end + after]
    )
