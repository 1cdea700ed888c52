"""What a pair of figure mentions has in common, and the fitted model that scores it.

Each mention is reduced to a :class:`MentionView`: everything the pair features
read of it, and nothing that says where it stands (article, sentence). Mentions
with one view are indistinguishable to the model, so clustering treats them as
one atom (a story of 1,000 near-copies has a few hundred atoms, not 50,000
mentions). Where a mention stands is read by the clustering constraints
(:mod:`.clustering`), never by the model.

The weights are fitted by ``tests/benchmarks/fit_claim_linking.py`` on the ECB+
dev gold and kept in ``data/claim_linking.json`` with the split they came from.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from warehouse.claims.attribution import _same_party, _times_differ
from warehouse.claims.records import ClaimLinks, Figure
from warehouse.claims.text import BESIDE_MAX, _local, beside_words, unit_key, words
from warehouse.claims.units import to_base

MODEL_PATH = Path(__file__).resolve().parent / "data" / "claim_linking.json"

# The order of the weights in the model file: these, then DIFFER_FEATURES.
_BASE_FEATURES = (
    "unit_same",  # both name a unit and it is the same (after unit_key)
    "unit_missing",  # one or both state no unit
    "unit_differ",  # both name a unit and they differ ("deaths" / "people", "m" / "feet")
    "unit_in_other",  # units differ, but one's unit is a word of the other's sentence
    "noun_same",  # the counted nouns' heads agree
    "noun_differ",  # both name a counted noun and the heads differ
    "noun_in_other",  # heads differ, but one's head is a word of the other's sentence
    "value_equal",  # the same stated value
    "interval_overlap",  # the values their wordings allow overlap
    "log_ratio",  # |ln(a/b)| of the two values, capped at 3
    "value_close",  # differ by under 10%: 1 - |ln(a/b)| / 0.1 (a misreport, not another count)
    "distinctive_equal",  # the same value, one unlikely to recur by chance
    "small_equal",  # the same whole number from 0 to 10, which recurs by chance
    "verb_same",  # the figures' verbs (lemmas) agree
    "verb_differ",  # both have a verb and they differ
    "context",  # Jaccard of the content words around the figure
    "sentence",  # Jaccard of the sentences' content words
    "entities",  # Jaccard of the names (canonical) in the sentences
    "party_same",  # both attributed, to one party
    "party_differ",  # both attributed, to different parties
    "time_same",  # both tied to a time, and the times agree
    "unnamed_ages",  # two ages, neither tied to a name: whose age is unknown
    "one_named_age",  # two ages, one tied to a name, the other to none
    "beside_shared",  # a word right beside one figure is right beside the other
)

# The features that read the values; every other feature reads only the template
# (the view less its value), so a story's pair scores are one small computation per
# pair of templates plus array arithmetic over the values (near-copies of one
# sentence with other numbers share a template).
_VALUE_FEATURES = ("value_equal", "interval_overlap", "log_ratio", "value_close",
                   "distinctive_equal", "small_equal")  # fmt: skip
_TEMPLATE_FEATURES = tuple(f for f in _BASE_FEATURES if f not in _VALUE_FEATURES)
# Each template feature again, on pairs whose values differ. Two mentions of one value
# are mostly one claim, and the weights fitted on all pairs say how equal values link;
# a conflict is two values of one measured quantity, told apart from two quantities by
# the same wording (one counted noun, one verb, one setting) weighted on its own.
DIFFER_FEATURES = tuple(f"differ_{f}" for f in _TEMPLATE_FEATURES)
FEATURES = _BASE_FEATURES + DIFFER_FEATURES


@dataclass(frozen=True)
class MentionView:
    """What the pair features read of one mention (hashable: equal views are one atom)."""

    kind: str
    unit: str | None
    noun: str | None
    verb: str | None
    value: float | None
    low: float
    high: float
    party: str | None
    time: str | None
    context: frozenset[str]
    sentence: frozenset[str]
    entities: frozenset[str]
    holder: str | None = None  # whose age an age states, when a name stands against it
    conversion: bool = False  # a sum restated in another currency (compared with nothing)
    # the words right before and after the figure, nearest first (:func:`beside_words`)
    beside: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    past: bool = False  # tied to a time over a year before its article (an earlier event)


def noun_key(f: Figure) -> str | None:
    """The head of the counted noun phrase, compared as units are."""
    return noun_head(f.counted_noun)


def noun_head(counted_noun: str | None) -> str | None:
    """The head of a counted noun phrase ("angry mourners" -> "mourner"), as units are keyed."""
    words = counted_noun.split() if counted_noun else []
    return unit_key(words[-1]) if words else None  # a blank noun names nothing


_DIGITS = re.compile(r"\d")


def _words_of(text: str) -> frozenset[str]:
    """Content words of ``text``; cached on the text less its digits, which words() drops
    anyway, so near-copies of a sentence with other numbers are read once."""
    return _cached_words(_DIGITS.sub("", text))


@lru_cache(maxsize=65536)
def _cached_words(text: str) -> frozenset[str]:
    return frozenset(words(text))


def mention_view(f: Figure, links: ClaimLinks, names: frozenset[str] = frozenset()) -> MentionView:
    """The view of ``f`` given its interval, attribution and time in ``links``."""
    interval = links.intervals[f.mention_id]
    # A unit of measure is read in its dimension's base unit: "2,000ft" is 609.6 m,
    # one unit and a close value beside "600 metres" (:mod:`.units`).
    base = to_base(f.unit)
    scale = base[1] if base else 1.0
    return MentionView(
        kind=f.kind,
        unit=base[0] if base else unit_key(f.unit),
        noun=noun_key(f),
        verb=f.verb.lower() if f.verb else None,
        value=None if f.value is None else f.value * scale,
        low=interval.low * scale,
        high=interval.high * scale,
        party=links.attribution[f.mention_id],
        time=links.time_reference[f.mention_id],
        context=_words_of(_local(f)),
        sentence=_words_of(f.sentence),
        entities=names,
        holder=links.holder.get(f.mention_id),
        conversion=f.mention_id in links.conversions,
        beside=beside_words(f),
        past=f.mention_id in links.past,
    )


def _small(value: float) -> bool:
    """A whole number from 0 to 10: "three women" and "three shells" share it by chance."""
    return 0 <= value <= 10 and float(value).is_integer()


def _distinctive(value: float) -> bool:
    """A number unlikely to recur by chance: not small, not round."""
    return abs(value) >= 11 and (not float(value).is_integer() or value % 10 != 0)


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def comparable(a: MentionView, b: MentionView) -> bool:
    """Blocking: only mentions of one kind are scored (a share is never a count), not
    two in units whose values cannot be compared as stated (:func:`units_apart`), and
    not a sum an article converts into another currency at its own rate."""
    return a.kind == b.kind and not units_apart(a, b) and not (a.conversion or b.conversion)


def units_apart(a: MentionView, b: MentionView) -> bool:
    """Two different units, one of them a unit of measure (no counted noun), and
    neither sentence names the other's: "40 miles" / "64 kilometres", "eight years" /
    "nine months", "40 miles" / "40 firefighters". Values are compared as stated, so
    such a pair in one claim would be a false conflict (or a false link); two counted
    nouns ("four ministers" / "four people", "deaths" / "people") are left to the model.
    """
    if a.noun is not None and b.noun is not None:
        return False
    return bool(a.unit and b.unit and a.unit != b.unit
                and a.unit not in b.sentence and b.unit not in a.sentence)  # fmt: skip


def _beside(v: MentionView, window: int) -> set[str]:
    return {w for side in v.beside for w in side[:window] if w}


def _beside_shared(a: MentionView, b: MentionView, window: int) -> bool:
    """A word beside one figure is beside the other, their one verb aside: ``verb_same``
    counts that ("had cost £1.2bn" / "cost nearly £2bn"); one's verb beside the other
    figure does count ("deliberated for 40 hours" / "30 hours of deliberations")."""
    shared = _beside(a, window) & _beside(b, window)
    if a.verb and a.verb == b.verb:
        shared.discard(a.verb[:5])
    return bool(shared)


# A figure's verbs and the words beside it (:func:`acts`), pooled over a group.
Acts = tuple[frozenset[str], frozenset[str]]


def acts(v: MentionView) -> Acts:
    """What a figure tells of the act it counts: its verb (first five letters, as beside
    words are keyed, or nothing) and the words right beside it (:func:`one_act`)."""
    return frozenset({v.verb[:5]} if v.verb else ()), frozenset(_beside(v, BESIDE_MAX))


def one_act(a: Acts, b: Acts) -> bool:
    """Two figures (or two groups of them, their :func:`acts` pooled) may tell of one act:
    one states no verb, or they share a verb, or one's verb stands beside the other
    ("deliberated for 40 hours" / "30 hours of deliberation"). "Five people were
    injured" and "Three people were arrested" tell of two."""
    (verbs_a, near_a), (verbs_b, near_b) = a, b
    return not verbs_a or not verbs_b or bool(verbs_a & (verbs_b | near_b) or verbs_b & near_a)


def pair_features(a: MentionView, b: MentionView, window: int = 3) -> list[float]:
    """The feature vector of two comparable mentions, in :data:`FEATURES` order;
    ``window``: how many words either side of a figure ``beside_shared`` reads."""
    values = a.value is not None and b.value is not None
    equal = values and a.value == b.value
    if values and a.value * b.value > 0:
        ratio = min(abs(math.log(abs(a.value) / abs(b.value))), 3.0)
    elif values and a.value == b.value == 0:
        ratio = 0.0
    else:
        ratio = 3.0 if values else 1.0
    overlap = a.low <= b.high and b.low <= a.high
    context, sentence = _jaccard(a.context, b.context), _jaccard(a.sentence, b.sentence)
    base = [
        float(bool(a.unit and b.unit and a.unit == b.unit)),
        float(not a.unit or not b.unit),
        float(bool(a.unit and b.unit and a.unit != b.unit)),
        float(bool(a.unit and b.unit and a.unit != b.unit
                   and (a.unit in b.sentence or b.unit in a.sentence))),
        float(bool(a.noun and b.noun and a.noun == b.noun)),
        float(bool(a.noun and b.noun and a.noun != b.noun)),
        float(bool(a.noun and b.noun and a.noun != b.noun
                   and (a.noun in b.sentence or b.noun in a.sentence))),
        float(equal),
        float(overlap),
        ratio,
        0.0 if equal else max(0.0, 1.0 - ratio / 0.1),
        float(equal and _distinctive(a.value)),
        float(equal and _small(a.value)),
        float(bool(a.verb and b.verb and a.verb == b.verb)),
        float(bool(a.verb and b.verb and a.verb != b.verb)),
        context,
        sentence,
        _jaccard(a.entities, b.entities),
        float(bool(a.party and b.party and _same_party(a.party, b.party))),
        float(bool(a.party and b.party and not _same_party(a.party, b.party))),
        float(bool(a.time and b.time and not _times_differ(a.time, b.time))),
        float(a.kind == b.kind == "age" and not a.holder and not b.holder),
        float(a.kind == b.kind == "age" and bool(a.holder) != bool(b.holder)),
        float(_beside_shared(a, b, window)),
    ]
    named = dict(zip(_BASE_FEATURES, base, strict=True))
    return base + [(not equal) * named[f] for f in _TEMPLATE_FEATURES]


@dataclass(frozen=True)
class LinkModel:
    """Logistic regression over :data:`FEATURES`: P(two mentions state one measurement)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    version: str
    # Two claims whose mean probability is under the threshold but at least this join
    # when each is the other's only such partner (:func:`.clustering._exclusive_pairs`);
    # equal to the threshold, the rule is off.
    exclusive_floor: float | None = None
    # How many words either side of a figure ``beside_shared`` reads (fitted, like the
    # threshold, on the training stories).
    near_window: int = 3

    def probability(self, a: MentionView, b: MentionView) -> float:
        x = pair_features(a, b, self.near_window)
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        if math.isnan(z):
            z = -30.0  # a value too large for a float ("9" * 400 reads as inf) makes no ratio
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def model_from(data: dict) -> LinkModel:
    """A model from the JSON the fit script writes; its features must be ours, in order."""
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH.name}: features {data['features']} are not {FEATURES}")
    return LinkModel(
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        version=str(data["version"]),
        exclusive_floor=float(data.get("exclusive_floor", data["threshold"])),
        near_window=min(int(data.get("near_window", 3)), BESIDE_MAX),
    )


@lru_cache(maxsize=1)
def load_model() -> LinkModel:
    return model_from(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


# Rows of the probability matrix computed at a time (bounds the temporaries to
# _ROWS x n floats each).
_ROWS = 256


def probability_matrix(views: list[MentionView], model: LinkModel) -> np.ndarray:
    """P(same measurement) for every pair of ``views`` (all of one kind), as a matrix.

    Equal to :meth:`LinkModel.probability` pair by pair; computed per pair of
    templates with the value features as arrays.
    """
    n = len(views)
    weight = dict(zip(FEATURES, model.weights, strict=True))
    templates: dict[MentionView, int] = {}
    of = np.array([templates.setdefault(replace(v, value=None, low=0.0, high=0.0), len(templates))
                   for v in views], dtype=np.int64)  # fmt: skip
    # What the wording gives, once per pair of templates; the value features then come
    # as arrays over the mentions, a block of rows at a time (numpy's per-call cost is
    # paid per block, not per pair of templates).
    keys = list(templates)
    upper = [(x, y) for x in range(len(keys)) for y in range(x, len(keys))]
    column = [FEATURES.index(f) for f in _TEMPLATE_FEATURES]
    wording = np.array([pair_features(keys[x], keys[y], model.near_window) for x, y in upper],
                       dtype=float).reshape(len(upper), len(FEATURES))[:, column]  # fmt: skip
    xs, ys = np.array(upper, dtype=np.int64).reshape(-1, 2).T
    base = np.empty((len(keys), len(keys)))
    differ = np.empty((len(keys), len(keys)))
    same_weights = np.array([weight[f] for f in _TEMPLATE_FEATURES])
    differ_weights = np.array([weight[f"differ_{f}"] for f in _TEMPLATE_FEATURES])
    base[xs, ys] = base[ys, xs] = model.bias + wording @ same_weights
    differ[xs, ys] = differ[ys, xs] = wording @ differ_weights
    value = np.array([np.nan if v.value is None else v.value for v in views])
    low = np.array([v.low for v in views])
    high = np.array([v.high for v in views])
    distinctive = np.array([v.value is not None and _distinctive(v.value) for v in views])
    small = np.array([v.value is not None and _small(v.value) for v in views])
    z = np.empty((n, n))
    vb = value[None, :]
    for start in range(0, n, _ROWS):
        rows = slice(start, min(start + _ROWS, n))
        va = value[rows][:, None]
        known = ~np.isnan(va) & ~np.isnan(vb)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = np.abs(np.log(np.abs(va) / np.abs(vb)))
        ratio = np.where(known & (va * vb > 0), np.minimum(ratio, 3.0),
                         np.where(known, np.where((va == 0) & (vb == 0), 0.0, 3.0), 1.0))
        equal = known & (va == vb)
        overlap = (low[rows][:, None] <= high[None, :]) & (low[None, :] <= high[rows][:, None])
        close = np.where(equal, 0.0, np.maximum(0.0, 1.0 - ratio / 0.1))
        pair = np.ix_(of[rows], of)
        z[rows] = (
            base[pair]
            + weight["value_equal"] * equal
            + weight["interval_overlap"] * overlap
            + weight["log_ratio"] * ratio
            + weight["value_close"] * close
            + weight["distinctive_equal"] * (equal & distinctive[rows][:, None])
            + weight["small_equal"] * (equal & small[rows][:, None])
            + ~equal * differ[pair]
        )  # fmt: skip
    # A value too large for a float ("9" * 400 reads as inf) makes no ratio: no link.
    z = np.nan_to_num(z, nan=-30.0)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def strongest_links(
    groups: dict[str, list[MentionView]], pairs: list[tuple[str, str]], model: LinkModel
) -> dict[tuple[str, str], float]:
    """For each pair of ``groups`` (a claim's wordings, all of one kind), the highest
    P(same measurement) of a view of one with a view of the other.

    Two values in one claim conflict only if they state one quantity; this is how sure
    the model is of that, for the two statements it links best. Clustering can join
    two wordings through a third ("three women", "three shells", "six gunmen"), so
    their own link can be weak.
    """
    distinct: dict[MentionView, int] = {}
    index = {g: np.array(sorted({distinct.setdefault(v, len(distinct)) for v in views}))
             for g, views in groups.items()}  # fmt: skip
    matrix = probability_matrix(list(distinct), model)
    return {(a, b): float(matrix[np.ix_(index[a], index[b])].max()) for a, b in pairs}
