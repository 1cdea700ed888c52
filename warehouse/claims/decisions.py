"""What the SQL models read of the linker's rules, decided here so each rule has one home.

The conflict views compare mentions of one claim pairwise: can their wordings both
hold (the tolerance rule, :func:`.intervals.agree`), are their stated times apart
(:func:`.attribution._times_differ`), do two attributions name one party
(:func:`.attribution._same_party`). Those rules are Python; the SQL restates none of
them. Linking writes their answers with each claim:

* ``claim_assignments.wording_id``: mentions of one claim whose wordings the rules
  cannot tell apart (kind, unit, qualifier, value, interval, stated time) share it;
* ``claim_assignments.reading_value``: the value reconciliation weighs a mention as,
  its own, or, for a restatement in another unit in its own sentence ("2,000ft (609
  metres)"), the value of the figure it restates, and for a value stated apart in
  another unit that rounds a more stated one, that one (:func:`readings`);
* ``wording_disagreements``: the pairs of a claim's wordings that cannot both hold,
  both ways round, with whether their stated times differ and how sure the pair
  model is that the two state one quantity (:func:`.features.strongest_links`);
* ``party_splits``: the pairs of attributions that one article gives to mentions of
  a claim and that the same-party rule keeps apart, both ways round. The rule is not
  transitive ("police and organisers" is one party with "police" and with
  "organisers"), so it is stored as pairs, not as one key per party.

Rules are applied per pair of distinct wordings, not of mentions: a claim of 1,000
near-copies has a handful of wordings.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from warehouse.claims.attribution import _same_party, _times_differ
from warehouse.claims.features import (
    LinkModel,
    MentionView,
    load_model,
    mention_view,
    strongest_links,
)
from warehouse.claims.intervals import CONVERSION_RELATIVE, agree, converted
from warehouse.claims.records import ClaimLinks, Figure
from warehouse.claims.units import to_base


@dataclass(frozen=True)
class Disagreement:
    """Two wordings of one claim that cannot both hold (stored both ways round)."""

    claim_id: str
    story_id: str
    wording_a: str
    wording_b: str
    times_differ: bool
    same_quantity: float  # P(one quantity) of the pair's best-linked mentions


@dataclass(frozen=True)
class PartySplit:
    """Two attributions, in one article, of mentions of one claim: two parties."""

    claim_id: str
    story_id: str
    party_a: str
    party_b: str


@dataclass
class ClaimDecisions:
    """What linking stores of its rules' answers for a set of claims."""

    wording_of: dict[str, str]  # mention_id -> wording_id
    reading_of: dict[str, float | None]  # mention_id -> the value it is weighed as
    disagreements: list[Disagreement]
    party_splits: list[PartySplit]


def _wording_key(f: Figure, links: ClaimLinks) -> tuple:
    """Everything the tolerance and time rules read of a mention: two mentions with one
    key get the same answers, so they are compared once (and never with each other)."""
    interval = links.intervals[f.mention_id]
    return (f.kind, f.unit, f.qualifier, f.value, f.value_high, interval.low, interval.high,
            links.time_reference[f.mention_id])  # fmt: skip


def wording_id(key: tuple) -> str:
    """A short, stable name for a wording key. One wording in two claims shares it: every
    reader matches claim_id too."""
    return hashlib.sha1(repr(key).encode()).hexdigest()[:12]


def claim_decisions(
    figures: list[Figure], links: ClaimLinks,
    view: Callable[[Figure], MentionView] | None = None, model: LinkModel | None = None,
) -> ClaimDecisions:  # fmt: skip
    """The rules' answers for the claims of ``figures`` (mentions without a claim are
    skipped). ``view`` gives a mention's view for ``model`` (the shipped one when
    None), asked only of mentions whose wording disagrees with another; without it,
    views leave out the names of the mentions' sentences."""
    view = view or (lambda f: mention_view(f, links))
    model = model or load_model()
    by_claim: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.mention_id in links.claim_of:
            by_claim[links.claim_of[f.mention_id]].append(f)
    out = ClaimDecisions({}, {}, [], [])
    for claim_id, members in sorted(by_claim.items()):
        story_id = links.stories[members[0].article_id][0]
        wordings: dict[str, list[Figure]] = defaultdict(list)
        for f in members:
            wid = wording_id(_wording_key(f, links))
            out.wording_of[f.mention_id] = wid
            wordings[wid].append(f)
        out.reading_of.update(readings(members, links))
        ids = sorted(wordings)
        apart: dict[tuple[str, str], bool] = {}
        for i, wa in enumerate(ids):
            fa = wordings[wa][0]
            for wb in ids[i + 1:]:
                fb = wordings[wb][0]
                ia, ib = links.intervals[fa.mention_id], links.intervals[fb.mention_id]
                if not agree(fa, fb, ia, ib):
                    apart[wa, wb] = _times_differ(links.time_reference[fa.mention_id],
                                                  links.time_reference[fb.mention_id])  # fmt: skip
        if apart:
            named = {w for pair in apart for w in pair}
            strength = strongest_links(
                {w: [view(f) for f in wordings[w]] for w in named}, list(apart), model
            )
            for (wa, wb), times in apart.items():
                p = strength[wa, wb]
                out.disagreements += [
                    Disagreement(claim_id, story_id, wa, wb, times, p),
                    Disagreement(claim_id, story_id, wb, wa, times, p),
                ]
        out.party_splits += _party_splits(claim_id, story_id, members, links)
    return out


def readings(members: list[Figure], links: ClaimLinks) -> dict[str, float | None]:
    """The value each mention of a claim is weighed as in reconciliation.

    A figure that restates an earlier figure of its own sentence in another unit
    ("fell 2,000ft (609 metres)", :func:`.intervals.restated_from`) is the article
    saying one thing twice, not a second position: when both are in the claim, it is
    weighed as the value it restates, in that figure's unit. A value stated apart in
    another unit that rounds a more stated one is weighed as that one
    (:func:`_one_reading_across_units`). Every other mention is weighed as its own value.
    """
    by_id = {f.mention_id: f for f in members}
    root_of = {}
    for f in members:
        root = f.mention_id
        for _ in range(len(members)):  # "10 km (six miles, 9,800 yards)": to the first
            nxt = links.restates.get(root)
            if nxt is None or nxt not in by_id:
                break
            root = nxt
        root_of[f.mention_id] = by_id[root]
    one = _one_reading_across_units(list({r.mention_id: r for r in root_of.values()}.values()))
    return {m: one.get((r.value, r.unit), r.value) for m, r in root_of.items()}


def _one_reading_across_units(roots: list[Figure]) -> dict[tuple, float | None]:
    """Values stated apart in two units of one dimension that are one value rounded
    ("at a depth of 10km" in one article, "6 miles" in another; within
    :data:`.intervals.CONVERSION_RELATIVE`) are one position: the less stated is read as
    the more stated (ties: the smaller value, then unit, so the answer never depends on
    order). Returns (value, unit) -> the value it is read as, for those read so.

    Values, not intervals: "about 2,000ft" allows 700 metres, and is still no
    statement of it."""
    support: dict[tuple, int] = defaultdict(int)
    for f in roots:
        if f.value is not None and to_base(f.unit):
            support[(f.value, f.unit)] += 1
    order = sorted(support, key=lambda k: (-support[k], k[0], k[1]))
    read_as: dict[tuple, float | None] = {}
    for i, (value, unit) in enumerate(order):
        for target in order[:i]:
            if target in read_as or not converted(unit, target[1]):
                continue
            a, b = value * to_base(unit)[1], target[0] * to_base(target[1])[1]
            if abs(a - b) <= CONVERSION_RELATIVE * max(abs(a), abs(b)):
                read_as[(value, unit)] = target[0]
                break
    return read_as


def _party_splits(claim_id: str, story_id: str, members: list[Figure],
                  links: ClaimLinks) -> list[PartySplit]:  # fmt: skip
    """Pairs of parties one article gives to mentions of the claim, kept apart by the rule."""
    by_article: dict[str, set[str]] = defaultdict(set)
    for f in members:
        if party := links.attribution[f.mention_id]:
            by_article[f.article_id].add(party)
    apart = {(a, b) for parties in by_article.values() for a in parties for b in parties
             if a != b and not _same_party(a, b)}  # fmt: skip
    return [PartySplit(claim_id, story_id, a, b) for a, b in sorted(apart)]
