"""Claims: which figure mentions state the same fact."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from warehouse.claims.attribution import _same_party, _times_differ
from warehouse.claims.records import CLAIM_THRESHOLD, ClaimLinks, Figure
from warehouse.claims.text import _local, jaccard, unit_key, words

# --- claims -------------------------------------------------------------------------


@dataclass
class SentenceStructure:
    """What one sentence's wording says about how its figures relate."""

    part_of: list[tuple[Figure, list[Figure]]] = field(default_factory=list)  # whole, parts
    shares: list[tuple[Figure, Figure | None, list[Figure]]] = field(default_factory=list)
    categories: list[list[Figure]] = field(default_factory=list)


_OF_THE = re.compile(r"^\s*of\s+(?:the\s+|these\s+|those\s+|all\s+|its\s+)?$", re.IGNORECASE)
_OF_NOUN = re.compile(
    r"^\s*of\s+(?:the\s+|these\s+|those\s+|all\s+|its\s+)?(?:[a-z-]+\s+){0,3}?([a-z]+)\b",
    re.IGNORECASE,
)
_OF_THEM = re.compile(r"\bof\s+(?:them|those|these)\b", re.IGNORECASE)
_LINKING = " -–—,()or"


def _between(a: Figure, b: Figure) -> str:
    lo, hi = sorted([(a.start_char, a.end_char), (b.start_char, b.end_char)])
    return a.sentence[lo[1] - a.sentence_start : hi[0] - a.sentence_start]


def _after(f: Figure, n: int = 60) -> str:
    return f.sentence[f.end_char - f.sentence_start :][:n]


# A count introduced as the baseline of a change ("520 arrests, up from 400") is an
# earlier value of the same measurement, not a part of the count it is set beside.
_BASELINE_BEFORE = re.compile(
    r"(?:\b(?:up|down|rose|fell|risen|fallen|increased|decreased|rising|falling|climbed|"
    r"dropped|jumped|grew)\b[^.;:]*?\bfrom|\bcompared\s+(?:with|to)|\bagainst|\bversus|"
    r"\bvs\.?)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)


def _is_baseline(f: Figure) -> bool:
    return bool(_BASELINE_BEFORE.search(f.sentence[: f.start_char - f.sentence_start]))


def sentence_structure(
    sentence_figures: list[Figure],
    party: dict[str, str | None] | None = None,
    times: dict[str, str | None] | None = None,
) -> SentenceStructure:
    """Parts, shares and categories that one sentence states.

    - the first count of a unit, larger than the later ones, is their whole
      ("a review of 374 cases found 278 ... and 38 ..."), unless ``party`` (who gave
      each figure, by mention id) says two parties gave them: rival estimates
      ("organisers said 250,000, police 60,000") are not a whole and its part, nor
      are counts that ``times`` (each figure's time reference) ties to different
      times, nor a baseline of a change ("520 arrests, up from 400 last year");
    - a share's whole is the count right after "of (the)" ("three-quarters of the 384
      cases"), or the whole of a part it stands beside ("278 - or three quarters"),
      or the largest count before it ("cases, numbering about 384, ... three-quarters");
    - three or more counts of a unit with no whole are categories ("10 ..., 64 ... and 61").
    """
    structure = SentenceStructure()
    ordered = sorted(sentence_figures, key=lambda f: f.start_char)
    counts = [f for f in ordered if f.kind == "count"]
    by_unit: dict[str | None, list[Figure]] = defaultdict(list)
    for f in counts:
        if not _is_baseline(f):
            by_unit[unit_key(f.unit)].append(f)
    for same in by_unit.values():
        if len(same) < 2:
            continue
        first, rest = same[0], same[1:]
        whos = [w for w in ((party or {}).get(f.mention_id) for f in same) if w]
        if any(not _same_party(x, y) for x in whos for y in whos):
            continue
        when = [(times or {}).get(f.mention_id) for f in same]
        if any(_times_differ(x, y) for x in when for y in when):
            continue
        if all(first.value > r.value for r in rest):
            structure.part_of.append((first, rest))
        elif len(same) >= 3:
            structure.categories.append(same)
    for share in (f for f in ordered if f.kind in ("percent", "fraction")):
        whole, parts = None, []
        for count in counts:
            if count.start_char > share.end_char and _OF_THE.match(_between(share, count)):
                whole = count
                break
        if whole is None:
            for first, rest in structure.part_of:
                beside = [r for r in rest if not _between(r, share).strip(_LINKING)]
                if beside:
                    whole, parts = first, beside
                    break
        if whole is None:
            before = [c for c in counts if c.end_char <= share.start_char]
            if before:
                whole = max(before, key=lambda c: c.value)
        structure.shares.append((share, whole, parts))
    return structure


def _distinctive(value: float) -> bool:
    """A number unlikely to recur by chance: not small, not round."""
    return abs(value) >= 11 and (not float(value).is_integer() or value % 10 != 0)


def _pair_score(
    a: Figure, b: Figure, links: ClaimLinks, context: dict[str, list[str]],
    share_claims: dict[str, set[str]],
) -> float | None:  # fmt: skip
    """How likely two mentions state one measurement; None when they cannot."""
    if a.kind != b.kind:
        return None
    ua, ub = unit_key(a.unit), unit_key(b.unit)
    if ua and ub and ua != ub:
        return None
    if _times_differ(links.time_reference[a.mention_id], links.time_reference[b.mention_id]):
        return None
    ia, ib = links.intervals[a.mention_id], links.intervals[b.mention_id]
    attributed_apart = _attributed_apart(a, b, links)
    if a.sentence_id == b.sentence_id and a.value != b.value and not attributed_apart:
        return None  # one sentence, two values, one voice: two facts
    if a.article_id == b.article_id and not ia.overlaps(ib) and not attributed_apart:
        # An article stating two values it attributes to two sources (organisers
        # and police) reports a conflict; two values with no such split are two facts.
        return None
    score = jaccard(context[a.mention_id], context[b.mention_id])
    if a.value is not None and a.value == b.value:
        score += 0.3 if _distinctive(a.value) else 0.2
    elif ia.overlaps(ib):
        score += 0.2
        if a.article_id == b.article_id and "exact" not in (a.qualifier, b.qualifier):
            score += 0.1  # one article restating a hedged figure ("over 90%", "just under 93%")
    elif (
        a.value is not None
        and b.value is not None
        and abs(a.value - b.value) <= 0.1 * max(abs(a.value), abs(b.value))
    ):
        score += 0.05
    elif (
        a.value is not None
        and b.value is not None
        and _far_apart(a.value, b.value)
        and a.verb
        and b.verb
        and a.verb != b.verb
    ):
        # "480 schools inspected" and "72 schools rated inadequate": a count several
        # times another, done by another verb, is another count (a part, a subset),
        # not a misreport. With one verb ("spent £2m" / "spent £4.5m") it stays a
        # candidate conflict. Rival estimates that far apart are tied by the
        # sentences that set them against each other (_must_link).
        score -= 0.6
    else:
        score -= 0.15
    if share_claims.get(a.mention_id, set()) & share_claims.get(b.mention_id, set()):
        score += 0.3  # both are the stated whole of one share claim
    noun_a, noun_b = _noun_key(a), _noun_key(b)
    if noun_a and noun_b:
        score += 0.05 if noun_a == noun_b else -0.3
    if a.verb and b.verb and a.verb == b.verb:
        score += 0.1
    if not ua or not ub:
        score -= 0.1
    return score


def _noun_key(f: Figure) -> str | None:
    """The head of the counted noun phrase, compared as units are."""
    return unit_key(f.counted_noun.split()[-1]) if f.counted_noun else None


def _far_apart(x: float, y: float) -> bool:
    """One value at least twice the other (or of the other sign)."""
    low, high = sorted((abs(x), abs(y)))
    return x * y <= 0 or high >= 2 * low


def _attributed_apart(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """True when the two figures are given by two different parties.

    Parties compare by their head words (:func:`_same_party`), so "the
    Metropolitan Police Service" and "police" are one party.
    """
    who_a, who_b = links.attribution[a.mention_id], links.attribution[b.mention_id]
    return bool(who_a and who_b and not _same_party(who_a, who_b))


def _rival_estimates(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """One sentence sets two parties' different values against each other.

    "Organisers said 250,000 ..., but police estimated the crowd at 60,000": the
    article itself says the two values measure one thing, so they are one claim
    (in conflict) whatever their other context says.
    """
    return (
        a.sentence_id == b.sentence_id
        and a.value != b.value
        and not links.intervals[a.mention_id].overlaps(links.intervals[b.mention_id])
        and _attributed_apart(a, b, links)
    )


def cluster_claims(
    figures: list[Figure], links: ClaimLinks, share_claims: dict[str, set[str]] | None = None
) -> list[list[Figure]]:
    """Average-linkage clustering with cannot-link constraints, within one story and kind."""
    share_claims = share_claims or {}
    context = {f.mention_id: words(_local(f)) for f in figures}
    n = len(figures)
    # Cluster-to-cluster score sums and cannot-link flags, updated on each merge
    # (sum over a union is the sum of the parts), so no linkage is ever recomputed
    # from mention pairs: O(n^2) per merge instead of O(n^2) pair lookups per pair.
    total = [[0.0] * n for _ in range(n)]
    blocked = [[False] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            score = _pair_score(figures[i], figures[j], links, context, share_claims)
            if score is None:
                blocked[i][j] = blocked[j][i] = True
            else:
                total[i][j] = total[j][i] = score
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    alive = list(range(n))  # cluster slots, in the order clusters were first formed
    while True:
        best: tuple[float, int, int] | None = None
        for x, i in enumerate(alive):
            size_i = len(members[i])
            row_total, row_blocked = total[i], blocked[i]
            for j in alive[x + 1 :]:
                if row_blocked[j]:
                    continue
                score = row_total[j] / (size_i * len(members[j]))
                if score >= CLAIM_THRESHOLD and (best is None or score > best[0]):
                    best = (score, i, j)
        if best is None:
            best = _must_link(figures, links, members, alive, blocked)
        if best is None:
            return [[figures[k] for k in members[i]] for i in alive]
        _, i, j = best
        members[i] = members[i] + members.pop(j)
        alive.remove(j)
        for k in alive:
            if k == i:
                continue
            total[i][k] = total[k][i] = total[i][k] + total[j][k]
            blocked[i][k] = blocked[k][i] = blocked[i][k] or blocked[j][k]


def _must_link(
    figures: list[Figure],
    links: ClaimLinks,
    members: dict[int, list[int]],
    alive: list[int],
    blocked: list[list[bool]],
) -> tuple[float, int, int] | None:
    """Two clusters that rival estimates tie together, when nothing forbids it.

    Average linkage alone keeps rival estimates apart: their values differ, so
    pairs across them score low. A sentence stating both is evidence that they
    measure one thing, and two articles stating the same dispute (the same two
    parties, each with a value that fits the other article's) report one
    measurement. An article that repeats a value of one unit and counted noun
    ("close 14 libraries ... closing 14 libraries ... the 14 libraries") restates
    one fact, however its sentences word it. Applied once linkage has no merge left.
    """
    rivals = {
        i: [
            (figures[p], figures[q])
            for p in members[i]
            for q in members[i]
            if p != q and _rival_estimates(figures[p], figures[q], links)
        ]
        for i in alive
    }
    slot = {k: i for i in alive for k in members[i]}

    def fits(a: Figure, b: Figure) -> bool:
        who_a, who_b = links.attribution[a.mention_id], links.attribution[b.mention_id]
        return bool(who_a and who_b and _same_party(who_a, who_b)) and links.intervals[
            a.mention_id
        ].overlaps(links.intervals[b.mention_id])

    for x, i in enumerate(alive):
        for j in alive[x + 1 :]:
            if blocked[i][j]:
                continue
            across = any(
                _rival_estimates(figures[p], figures[q], links)
                for p in members[i]
                for q in members[j]
                if slot[p] != slot[q]
            )
            same_dispute = any(
                fits(a1, b1) and fits(a2, b2) for a1, a2 in rivals[i] for b1, b2 in rivals[j]
            )
            restated = any(
                _restated(figures[p], figures[q], links) for p in members[i] for q in members[j]
            )
            if across or same_dispute or restated:
                return (0.0, i, j)
    return None


def _restated(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """One article states the same distinctive value of one unit and noun twice."""
    if a.article_id != b.article_id or a.value is None or a.value != b.value:
        return False
    if not (_distinctive(a.value) or abs(a.value) >= 100) or unit_key(a.unit) != unit_key(b.unit):
        return False
    noun_a, noun_b = _noun_key(a), _noun_key(b)
    if noun_a and noun_b and noun_a != noun_b:
        return False
    return links.intervals[a.mention_id].overlaps(links.intervals[b.mention_id])


def claim_id(members: list[Figure]) -> str:
    key = ",".join(sorted(f.mention_id for f in members))
    return "c-" + hashlib.sha1(key.encode()).hexdigest()[:12]
