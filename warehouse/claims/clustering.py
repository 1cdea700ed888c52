"""Claims: which figure mentions state the same fact."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from warehouse.claims.attribution import _same_party, _times_differ, eras_differ, same_person
from warehouse.claims.changes import Change, change_role, sentence_changes
from warehouse.claims.features import (
    Acts,
    LinkModel,
    MentionView,
    acts,
    load_model,
    one_act,
    probability_matrix,
)
from warehouse.claims.intervals import agree, converted
from warehouse.claims.records import ClaimLinks, Figure
from warehouse.claims.text import unit_key
from warehouse.claims.units import additive

# --- claims -------------------------------------------------------------------------


@dataclass
class SentenceStructure:
    """What one sentence's wording says about how its figures relate."""

    part_of: list[tuple[Figure, list[Figure]]] = field(default_factory=list)  # whole, parts
    shares: list[tuple[Figure, Figure | None, list[Figure]]] = field(default_factory=list)
    categories: list[list[Figure]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # before, after, difference


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


def _add_up(same: list[Figure]) -> bool:
    """Counts of one unit that can be a whole and its parts: values in a unit that adds
    up (:func:`.units.additive`), or, with no unit named, whole numbers, as counts of
    things are ("two quakes, measuring 7.6 and 7.4" reads a scale)."""
    if same[0].unit is None:
        return all(f.value is not None and float(f.value).is_integer() for f in same)
    return additive(same[0].unit)


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
    - three or more counts of a unit with no whole are categories ("10 ..., 64 ... and 61");
    - a change stated with its before, after and difference (:mod:`.changes`).
    """
    structure = SentenceStructure(
        changes=sentence_changes(sentence_figures) if len(sentence_figures) >= 3 else []
    )
    ordered = sorted(sentence_figures, key=lambda f: f.start_char)
    counts = [f for f in ordered if f.kind == "count"]
    by_unit: dict[str | None, list[Figure]] = defaultdict(list)
    for f in counts:
        # The baseline or the size of a change ("up 120 from 400") is not a part.
        if not _is_baseline(f) and change_role(f) != "difference":
            by_unit[unit_key(f.unit)].append(f)
    for same in by_unit.values():
        if len(same) < 2 or not _add_up(same):
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


def cluster_claims(
    figures: list[Figure], links: ClaimLinks, views: dict[str, MentionView],
    model: LinkModel | None = None, parts: set[tuple[str, str]] | None = None,
) -> list[list[Figure]]:  # fmt: skip
    """Claims of one story: constrained average linkage of the model's probabilities.

    Mentions with one view are one atom (the model cannot tell them apart), and
    only atoms of one kind are scored (blocking, :func:`comparable`). Atoms join
    only within a connected component of the pairs the model links, so the dense
    merging runs per component, not per story. The constraints of
    :func:`cannot_link` hold whatever the scores say.
    """
    model = model or load_model()
    atoms: dict[MentionView, list[int]] = {}
    for i, f in enumerate(figures):
        atoms.setdefault(views[f.mention_id], []).append(i)
    keys = list(atoms)
    index = {v: k for k, v in enumerate(keys)}
    forbidden = _forbidden_atom_pairs(figures, links, [index[views[f.mention_id]] for f in figures])
    by_kind: dict[str, list[int]] = defaultdict(list)
    for k, v in enumerate(keys):
        by_kind[v.kind].append(k)
    clusters: list[list[Figure]] = []
    for members in by_kind.values():
        kind_keys = [keys[k] for k in members]
        prob = probability_matrix(kind_keys, model)
        blocked = (_times_apart(kind_keys) | _units_apart(kind_keys) | _holders_apart(kind_keys)
                   | _conversions_apart(kind_keys))  # fmt: skip
        local = {k: x for x, k in enumerate(members)}
        for i, j in forbidden:
            if i in local and j in local:
                blocked[local[i], local[j]] = blocked[local[j], local[i]] = True
        mentions = [i for k in members for i in atoms[keys[k]]]
        atom_of = {i: local[k] for k in members for i in atoms[keys[k]]}
        units, unit_of = _statements(figures, mentions, atom_of, prob, blocked, model.threshold)
        prob_u, blocked_u = _unit_matrices(units, prob, blocked)
        size = np.zeros(len(units))
        for i in mentions:
            size[unit_of[i]] += 1
        unit_mentions: dict[int, list[int]] = defaultdict(list)
        for i in mentions:
            unit_mentions[unit_of[i]].append(i)
        linked = (prob_u >= model.threshold) & ~blocked_u
        kind_groups: list[list[int]] = []
        for component in _components(linked):
            sub = np.ix_(component, component)
            groups = _average_linkage(prob_u[sub], blocked_u[sub], size[component],
                                      model.threshold)  # fmt: skip
            stated_part = _part_matrix(component, unit_mentions, figures, parts or set())
            groups = _merge_past_outliers(groups, prob_u[sub], blocked_u[sub], size[component],
                                          model.threshold, stated_part)  # fmt: skip
            groups = _reassign(groups, prob_u[sub], blocked_u[sub], size[component],
                               model.threshold)  # fmt: skip
            groups = _reassign_past_parts(groups, prob_u[sub], blocked_u[sub], size[component],
                                          model.threshold, stated_part)  # fmt: skip
            kind_groups.extend([component[x] for x in group] for group in groups)
        floor = model.threshold if model.exclusive_floor is None else model.exclusive_floor
        if floor < model.threshold:
            unit_acts = [_pooled(acts(views[figures[i].mention_id]) for i in unit_mentions[x])
                         for x in range(len(units))]  # fmt: skip
            kind_groups = _exclusive_pairs(kind_groups, prob_u, blocked_u, size, floor,
                                           model.threshold, unit_acts)  # fmt: skip
        for group in kind_groups:
            picked = sorted(i for x in group for i in unit_mentions[x])
            clusters.append([figures[i] for i in picked])
    return sorted(clusters, key=lambda c: (c[0].article_id, c[0].start_char))


def _pooled(parts: Iterable[Acts]) -> Acts:
    """The acts of a group: its members' verbs and beside words, together."""
    verbs, near = frozenset(), frozenset()
    for v, n in parts:
        verbs, near = verbs | v, near | n
    return verbs, near


def _exclusive_pairs(
    groups: list[list[int]], prob: np.ndarray, blocked: np.ndarray, size: np.ndarray,
    floor: float, threshold: float,
    unit_acts: list[Acts] | None = None,
) -> list[list[int]]:  # fmt: skip
    """Join two groups whose mean probability is under the threshold but at least
    ``floor`` when each is the other's best partner at or above the floor, strictly,
    nothing forbids the pair, and their figures may tell of one act (``unit_acts``,
    each unit's :func:`features.acts`; :func:`features.one_act` on the groups' pooled).

    Rival values of one measurement ("fell about 600m" against "fell 700 meters")
    score low, like any two different numbers. This is the one-to-one constraint of
    record linkage (a mutual best match), applied to the pairs the threshold leaves
    out: "about 150 metres" holds best to "about 60 metres" and that to it, though
    "about 200m" is near both. Two partners scored alike are a tie and neither joins,
    as the sibling figures of a report ("24 cases", "38 cases", "101 cases") are; a
    forbidden partner counts as a competitor. Lone counts of two acts ("five people
    were injured", "Three people were arrested") are each other's best too: their
    verbs tell them apart.
    """
    n_groups = len(groups)
    if n_groups < 2:
        return groups
    if not (np.triu(prob, 1) >= floor).any():
        return groups
    group_of = np.empty(len(prob), dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    # Mean mention-pair probability between every two groups, as :func:`_mean` gives it
    # (a unit of n mentions weighs n), in one pass over the unit matrix.
    pair_index = (group_of[:, None] * n_groups + group_of[None, :]).ravel()
    weight = np.outer(size, size)
    total = np.bincount(pair_index, (prob * weight).ravel(), n_groups * n_groups)
    count = np.bincount(pair_index, weight.ravel(), n_groups * n_groups)
    forbidden = np.bincount(pair_index, blocked.ravel(), n_groups * n_groups) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (total / count).reshape(n_groups, n_groups)
    # Each group's best partner at or above the floor, and the runner-up's score (two
    # passes of argmax: a full sort of every row would cost n log n a row).
    near = np.where(np.eye(n_groups, dtype=bool) | ~(mean >= floor), -1.0, mean)
    rows = np.arange(n_groups)
    best = near.argmax(axis=1)
    top = near[rows, best].copy()
    near[rows, best] = -1.0
    runner_up = near.max(axis=1)
    merged = {}
    for a in np.nonzero((top >= floor) & (best[best] == rows))[0]:
        a, b = int(a), int(best[a])
        if (a < b and runner_up[a] < mean[a, b] > runner_up[b] and mean[a, b] < threshold
                and not forbidden[a * n_groups + b]
                and (unit_acts is None or one_act(*(_pooled(unit_acts[x] for x in groups[g])
                                                    for g in (a, b))))):
            merged[b] = a
    out = [list(g) for g in groups]
    for b, a in merged.items():
        out[a] = sorted(out[a] + out[b])
    return [g for k, g in enumerate(out) if k not in merged]


def _statements(
    figures: list[Figure],
    mentions: list[int],
    atom_of: dict[int, int],
    prob: np.ndarray,
    blocked: np.ndarray,
    threshold: float,
) -> tuple[list[tuple[int, ...]], dict[int, int]]:
    """One article's restatements of one value as one statement (a unit of clustering).

    An article that states a value and then refers back to it ("close 14 libraries
    ... closing 14 libraries ... the 14 libraries") makes one statement: set against
    another article, it is judged by its best-matching mention, not diluted by the
    later references that repeat the number with less context. Mentions of one
    value that the model links within the article form the statement; statements
    are deduplicated by their atoms, so near-copies of an article share them.
    """
    by_article: dict[str, list[int]] = defaultdict(list)
    for i in mentions:
        by_article[figures[i].article_id].append(i)
    units: dict[tuple[int, ...], int] = {}
    unit_of: dict[int, int] = {}
    for group_members in by_article.values():
        values = [figures[i].value for i in group_members]
        groups: list[list[int]]
        if len({v for v in values if v is not None}) == len([v for v in values if v is not None]):
            groups = [[i] for i in group_members]  # no value stated twice: no restatement
        else:
            a = np.array([atom_of[i] for i in group_members])
            v = np.array([np.nan if x is None else x for x in values])
            same = (v[:, None] == v[None, :]) & (prob[np.ix_(a, a)] >= threshold)
            same &= ~blocked[np.ix_(a, a)]
            np.fill_diagonal(same, True)
            groups = [[group_members[x] for x in c] for c in _components(same)]
        for group in groups:
            key = tuple(sorted({atom_of[i] for i in group}))
            u = units.setdefault(key, len(units))
            for i in group:
                unit_of[i] = u
    return list(units), unit_of


def _unit_matrices(
    units: list[tuple[int, ...]], prob: np.ndarray, blocked: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Statement-pair probability (best atom pair) and blocking (any atom pair)."""
    first = [u[0] for u in units]
    rows_p, rows_b = prob[first], blocked[first]
    for x, u in enumerate(units):
        if len(u) > 1:
            rows_p[x] = prob[list(u)].max(axis=0)
            rows_b[x] = blocked[list(u)].any(axis=0)
    prob_u, blocked_u = rows_p[:, first], rows_b[:, first]
    for y, u in enumerate(units):
        if len(u) > 1:
            prob_u[:, y] = rows_p[:, list(u)].max(axis=1)
            blocked_u[:, y] = rows_b[:, list(u)].any(axis=1)
    return prob_u, blocked_u


def _times_apart(views: list[MentionView]) -> np.ndarray:
    """Pairs of views the text ties to different times, and figures of an earlier event
    against figures that state no time (:func:`cannot_link`)."""
    times = sorted({v.time for v in views if v.time})
    apart = {(a, b) for a in times for b in times if _times_differ(a, b)}
    # :func:`.attribution.eras_differ` over all pairs at once: a past one and a timeless one
    past = np.array([v.past for v in views], dtype=bool)
    timeless = np.array([not v.time for v in views], dtype=bool)
    out = np.outer(past, timeless) | np.outer(timeless, past)
    if not apart:
        return out
    by_time: dict[str, list[int]] = defaultdict(list)
    for k, v in enumerate(views):
        if v.time:
            by_time[v.time].append(k)
    for a, b in apart:
        out[np.ix_(by_time[a], by_time[b])] = True
    return out


def _holders_apart(views: list[MentionView]) -> np.ndarray:
    """Pairs of ages of two people the text names (:func:`cannot_link`)."""
    out = np.zeros((len(views), len(views)), dtype=bool)
    by_holder: dict[str, list[int]] = defaultdict(list)
    for k, v in enumerate(views):
        if v.holder:
            by_holder[v.holder].append(k)
    holders = sorted(by_holder)
    for x, a in enumerate(holders):
        for b in holders[x + 1 :]:
            if not same_person(a, b):
                out[np.ix_(by_holder[a], by_holder[b])] = True
                out[np.ix_(by_holder[b], by_holder[a])] = True
    return out


def _conversions_apart(views: list[MentionView]) -> np.ndarray:
    """Every pair with a sum converted into another currency (:func:`features.comparable`)."""
    conversion = np.array([v.conversion for v in views], dtype=bool)
    out = conversion[:, None] | conversion[None, :]
    np.fill_diagonal(out, False)
    return out


def _units_apart(views: list[MentionView]) -> np.ndarray:
    """Pairs of views :func:`features.units_apart` keeps apart, as a matrix (one
    membership test per unit and view, not per pair)."""
    units = sorted({v.unit for v in views if v.unit})
    if len(units) < 2:
        return np.zeros((len(views), len(views)), dtype=bool)
    index = {u: x for x, u in enumerate(units)}
    unit_of = np.array([index[v.unit] if v.unit else -1 for v in views])
    named = np.array([[u in v.sentence for v in views] for u in units])  # unit x view
    has_unit = unit_of >= 0
    said = named[np.maximum(unit_of, 0)]  # said[i, j]: view i's unit is a word of j's sentence
    measure = np.array([v.noun is None for v in views])
    out = has_unit[:, None] & has_unit[None, :] & (unit_of[:, None] != unit_of[None, :])
    out &= measure[:, None] | measure[None, :]
    out &= ~said & ~said.T
    return out


def _components(linked: np.ndarray) -> list[list[int]]:
    """Connected components of a symmetric boolean adjacency matrix."""
    n = len(linked)
    seen = np.zeros(n, dtype=bool)
    out = []
    for start in range(n):
        if seen[start]:
            continue
        frontier = np.zeros(n, dtype=bool)
        frontier[start] = True
        component = frontier.copy()
        while frontier.any():
            frontier = linked[frontier].any(axis=0) & ~component
            component |= frontier
        seen |= component
        out.append([int(k) for k in np.flatnonzero(component)])
    return out


def cannot_link(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """Two mentions that are two facts whatever the model says.

    The ages of two people the text names are two facts.
    Figures the text ties to different times ("£1.2bn by March 2019", "the final
    cost") measure at different times: two claims (an update, not a conflict). A
    figure tied to a time over a year before its article tells of an earlier event
    ("killed 1,400 in 1974"): never one fact with a figure that states no time.
    One voice does not state two values of one measurement: two different values
    set side by side in one sentence, or two values one article gives that its
    wording does not let overlap, are two facts unless the text attributes them
    to two different parties ("organisers said 250,000, police 60,000").
    """
    times = links.time_reference[a.mention_id], links.time_reference[b.mention_id]
    if _times_differ(*times):
        return True
    if eras_differ(a.mention_id in links.past, b.mention_id in links.past, *times):
        return True  # "killed 1,400 in 1974" is not the toll of the quake reported today
    holders = links.holder.get(a.mention_id), links.holder.get(b.mention_id)
    if holders[0] and holders[1] and not same_person(holders[0], holders[1]):
        return True  # an age is one person's: "Salm Sami, 45" and "Mary John, 43"
    if a.sentence_id == b.sentence_id:
        # "fell 2,000ft (609 metres)" restates one value in another unit
        apart = not agree(a, b) if converted(a.unit, b.unit) else a.value != b.value
    elif a.article_id == b.article_id:
        apart = not links.intervals[a.mention_id].overlaps(links.intervals[b.mention_id])
        if apart and _two_voices(a, b, links):
            return False
    else:
        return False
    return apart and not _attributed_apart(a, b, links)


def _two_voices(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """A value someone is reported to give and one the article states in its own
    voice, in two paragraphs: a quoted or reported figure set against the report's
    own ("fell about 2,000ft" ... "has fallen some 700 metres", police said). Within
    one paragraph the narration carries on the source's account (HMIC found X; ... Y)."""
    one_attributed = bool(links.attribution[a.mention_id]) != bool(links.attribution[b.mention_id])
    paragraphs = links.paragraph.get(a.mention_id), links.paragraph.get(b.mention_id)
    return one_attributed and paragraphs[0] != paragraphs[1]


def _forbidden_atom_pairs(
    figures: list[Figure], links: ClaimLinks, atom_of: list[int]
) -> set[tuple[int, int]]:
    """Atom pairs that some mention pair of one article forbids (:func:`cannot_link`)."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        by_article[f.article_id].append(i)
    forbidden: set[tuple[int, int]] = set()
    for members in by_article.values():
        # One mention per atom and sentence stands for the others: they share value,
        # interval and party, which is all cannot_link reads besides the place.
        seen: dict[tuple[int, str], int] = {}
        for i in members:
            seen.setdefault((atom_of[i], figures[i].sentence_id), i)
        reps = sorted(seen.values())
        for x, i in enumerate(reps):
            for j in reps[x + 1 :]:
                a, b = atom_of[i], atom_of[j]
                if a == b or figures[i].kind != figures[j].kind:
                    continue
                pair = (min(a, b), max(a, b))
                if pair not in forbidden and cannot_link(figures[i], figures[j], links):
                    forbidden.add(pair)
    return forbidden


def _average_linkage(
    prob: np.ndarray, blocked: np.ndarray, size: np.ndarray, threshold: float
) -> list[list[int]]:
    """Merge the closest pair of groups while their mean mention-pair probability passes.

    Means are over mention pairs (an atom of n mentions weighs n); a blocked pair
    of atoms blocks the merge of the groups holding them.
    """
    n = len(prob)
    if n == 1:
        return [[0]]
    total = prob * np.outer(size, size)
    blocked = blocked.copy()
    np.fill_diagonal(blocked, True)
    weight = size.astype(float).copy()
    groups = {x: [x] for x in range(n)}
    alive = np.ones(n, dtype=bool)
    mean = np.where(blocked, -1.0, total / np.outer(weight, weight))
    # Each row's best partner, kept up to date so a merge costs O(n), not O(n^2).
    best, partner = mean.max(axis=1), mean.argmax(axis=1)
    while True:
        x = int(np.argmax(best))
        if best[x] < threshold:
            break
        x, y = sorted((x, int(partner[x])))
        groups[x].extend(groups.pop(y))
        alive[y] = False
        total[x, :] += total[y, :]
        total[:, x] += total[:, y]
        blocked[x, :] |= blocked[y, :]
        blocked[:, x] |= blocked[:, y]
        weight[x] += weight[y]
        row = np.where(blocked[x] | ~alive, -1.0, total[x] / (weight[x] * weight))
        row[x] = -1.0
        mean[x, :] = mean[:, x] = row
        mean[y, :] = mean[:, y] = -1.0
        best[y] = -1.0
        best[x], partner[x] = row.max(), row.argmax()
        stale = alive & ((partner == x) | (partner == y))
        stale[x] = False
        for r in np.flatnonzero(stale):
            best[r], partner[r] = mean[r].max(), mean[r].argmax()
        better = alive & (row > best)
        better[x] = False
        best[better], partner[better] = row[better], x
    return [sorted(g) for g in groups.values()]


def _reassign(
    groups: list[list[int]], prob: np.ndarray, blocked: np.ndarray, size: np.ndarray,
    threshold: float, passes: int = 3,
) -> list[list[int]]:  # fmt: skip
    """Move a statement to the group it holds to best, when that beats its own group.

    Average linkage is greedy: a statement that joined a group early (by a merge that
    passed the threshold before a better group was whole) stays there, even when it
    holds more to another group in the end. Each statement of a group of two or more
    moves to the group whose members it holds to best on average (mention pairs, as
    :func:`_mean` counts them), when that mean passes the threshold and its own
    group's (itself left out), and no member there is forbidden with it; a few passes,
    in order, until nothing moves (the local search of correlation clustering).
    """
    n = len(prob)
    if len(groups) < 2:
        return groups
    group_of = np.empty(n, dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    weighted = prob * size[None, :]
    np.fill_diagonal(weighted, 0.0)
    # Column sums per group (groups are not empty): x's probability mass to g's
    # mentions, and how many members of g are forbidden with x.
    order = np.argsort(group_of, kind="stable")
    starts = np.searchsorted(group_of[order], np.arange(len(groups)))
    total = np.add.reduceat(weighted[:, order], starts, axis=1)
    forbidden = np.add.reduceat(blocked[:, order].astype(np.int64), starts, axis=1)
    count = np.bincount(group_of, size, minlength=len(groups)).astype(float)
    rows = np.arange(n)

    def best_moves() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        own_count = count[group_of] - size
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(count[None, :] > 0, total / count[None, :], -1.0)
            own = np.where(own_count > 0, total[rows, group_of] / own_count, np.inf)
        mean[forbidden > 0] = -1.0
        mean[rows, group_of] = -1.0
        best = mean.argmax(axis=1)
        gain = mean[rows, best]
        return best, gain, own

    for _ in range(passes):
        best, gain, own = best_moves()
        candidates = np.flatnonzero((gain >= threshold) & (gain > own))
        if not len(candidates):
            break
        for x in candidates:
            # earlier moves of this pass change the sums: check x again before moving
            g = group_of[x]
            own_count = count[g] - size[x]
            if own_count <= 0:
                continue
            h = best[x]
            if forbidden[x, h] or count[h] <= 0:
                continue
            mean_h = total[x, h] / count[h]
            if mean_h < threshold or mean_h <= total[x, g] / own_count:
                continue
            group_of[x] = h
            total[:, g] -= weighted[:, x]
            total[:, h] += weighted[:, x]
            count[g] -= size[x]
            count[h] += size[x]
            forbidden[:, g] -= blocked[:, x]
            forbidden[:, h] += blocked[:, x]
    out = [[int(x) for x in np.flatnonzero(group_of == g)] for g in range(len(groups))]
    return [g for g in out if g]


def _reassign_past_parts(
    groups: list[list[int]], prob: np.ndarray, blocked: np.ndarray, size: np.ndarray,
    threshold: float, stated_part: np.ndarray,
) -> list[list[int]]:  # fmt: skip
    """Move a whole to the group it holds to best when only its own stated parts there
    keep it out; those parts leave that group.

    "Five bombs were dropped, of which four exploded": the four joins other articles'
    "four bombs were dropped" by its equal value, and the one-sentence rule then keeps
    the five from them, though the five tells of the same act. Its sentence counts the
    four within the five, so the four measures something else (as in
    :func:`_merge_past_outliers`): the whole moves when it holds to the group, its parts
    left out, better than to its own group and above the threshold, and the parts are a
    minority of that group; the parts become a group of their own.
    """
    groups = [list(g) for g in groups]
    wholes = {int(x) for x in np.flatnonzero(stated_part.any(axis=0))}
    moved: set[int] = set()
    for _ in range(len(wholes)):
        best = None
        group_of = {y: k for k, grp in enumerate(groups) for y in grp}
        for x in sorted(wholes - moved):
            gi = group_of[x]
            rest = [y for y in groups[gi] if y != x]
            own = _mean(prob, size, [x], rest) if rest else -1.0
            # only a group that holds one of x's own parts can be one it is kept from by them
            for hi in sorted({group_of[int(y)] for y in np.flatnonzero(stated_part[:, x])} - {gi}):
                h = groups[hi]
                out = [y for y in h if blocked[x, y]]
                if not out or not all(stated_part[y, x] for y in out):
                    continue
                kept = [y for y in h if y not in out]
                if not kept or size[out].sum() * 2 >= size[h].sum():
                    continue
                if blocked[np.ix_([x], kept)].any():
                    continue
                mean = _mean(prob, size, [x], kept)
                if mean >= threshold and mean > own and (best is None or mean > best[0]):
                    best = (mean, x, gi, hi, out)
        if best is None:
            break
        _, x, gi, hi, out = best
        moved.add(x)
        g, h = groups[gi], groups[hi]
        new_h = [y for y in h if y not in out] + [x]
        new_g = [y for y in g if y != x]
        groups = [grp for k, grp in enumerate(groups) if k not in (gi, hi)]
        groups += [sorted(new_h), sorted(out)] + ([new_g] if new_g else [])
    return groups


def _merge_past_outliers(
    groups: list[list[int]], prob: np.ndarray, blocked: np.ndarray, size: np.ndarray,
    threshold: float, stated_part: np.ndarray | None = None,
) -> list[list[int]]:  # fmt: skip
    """Merge two groups that one forbidden pair keeps apart by leaving out its members.

    Average linkage refuses a merge when any member pair is forbidden, so one member
    that joined a group by an equal value ("of which four exploded" with "four bombs
    were dropped") keeps the whole group from the group of the other value ("five
    bombs were dropped" in that sentence). When two groups' mean probability passes
    the threshold but a forbidden pair lies between them, the members in forbidden
    pairs (on one side, or on both) are left out, as a group of their own, provided
    they are a minority of their group (by mentions), they hold to the rest of their
    group less than the two groups' rest hold to each other, and that mean passes;
    the best such merge is made first, and the search repeats until none is left.

    ``stated_part[x, y]``: unit x holds a part whose sentence states its whole in unit
    y. Left-out members that are each a part of the whole they are forbidden with need
    not hold less to their group: "four" in "of which four exploded" holds to "four
    bombs were dropped" by its equal value, but its sentence counts it within the five
    that were dropped, so it measures something else.
    """
    groups = [list(g) for g in groups]

    def _parts(members: list[int], other: list[int]) -> bool:
        """Every member is a part its sentence states of a whole in ``other``, the
        whole it is forbidden with."""
        if stated_part is None:
            return False
        of_other = stated_part[np.ix_(members, other)] & blocked[np.ix_(members, other)]
        return bool(of_other.any(axis=1).all())

    def _best_split(g: list[int], h: list[int]) -> tuple | None:
        """(mean, merged, [out_g, out_h]) of the best merge of g and h past the members
        in forbidden pairs, or None."""
        cross = blocked[np.ix_(g, h)]
        if not cross.any() or _mean(prob, size, g, h) < threshold:
            return None
        best = None
        off_g = [g[i] for i in np.flatnonzero(cross.any(axis=1))]
        off_h = [h[j] for j in np.flatnonzero(cross.any(axis=0))]
        for out_g, out_h in ((off_g, []), ([], off_h), (off_g, off_h)):
            kept_g = [i for i in g if i not in out_g]
            kept_h = [j for j in h if j not in out_h]
            if not kept_g or not kept_h:
                continue
            if size[out_g].sum() * 2 >= size[g].sum() and out_g:
                continue
            if size[out_h].sum() * 2 >= size[h].sum() and out_h:
                continue
            if blocked[np.ix_(kept_g, kept_h)].any():
                continue
            mean = _mean(prob, size, kept_g, kept_h)
            # the left-out members hold to their own group less than the two
            # groups hold to each other: they, not the merge, are the mistake
            if out_g and _mean(prob, size, out_g, kept_g) >= mean and not _parts(out_g, h):
                continue
            if out_h and _mean(prob, size, out_h, kept_h) >= mean and not _parts(out_h, g):
                continue
            if mean >= threshold and (best is None or mean > best[0]):
                best = (mean, kept_g + kept_h, [out_g, out_h])
        return best

    tried: dict[tuple, tuple | None] = {}
    left_out: set[int] = set()  # a left-out member does not push its way back in
    for _ in range(2 * len(groups)):
        best = None
        for x, y in _crossed_pairs(groups, prob, blocked, size, threshold):
            g, h = groups[x], groups[y]
            if left_out.intersection(g) or left_out.intersection(h):
                continue
            key = (tuple(g), tuple(h))
            if key not in tried:  # two groups no merge changed give the same answer
                tried[key] = _best_split(g, h)
            found = tried[key]
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], x, y, found[1], found[2])
        if best is None:
            break
        _, x, y, merged, outs = best
        groups = [grp for k, grp in enumerate(groups) if k not in (x, y)]
        groups.append(sorted(merged))
        groups.extend(sorted(out) for out in outs if out)
        left_out.update(i for out in outs for i in out)
    return groups


def _crossed_pairs(
    groups: list[list[int]], prob: np.ndarray, blocked: np.ndarray, size: np.ndarray,
    threshold: float,
) -> list[tuple[int, int]]:  # fmt: skip
    """The pairs (x < y, in order) of groups with a forbidden pair between them whose
    mean probability may pass ``threshold``: all group pairs' sums in two matrix
    products, so the exact test runs on these few, not on every pair of groups."""
    member = np.zeros((len(groups), len(prob)))
    for k, g in enumerate(groups):
        member[k, g] = 1.0
    weighted = member * size
    mass = weighted.sum(axis=1)
    means = (weighted @ prob @ weighted.T) / np.outer(mass, mass)
    crossed = (member @ blocked.astype(float) @ member.T) > 0
    # a margin: the exact mean is summed in another order
    near = np.triu(crossed & (means >= threshold - 1e-9), 1)
    return [(int(x), int(y)) for x, y in np.argwhere(near)]


def _part_matrix(
    component: list[int], unit_mentions: dict[int, list[int]], figures: list[Figure],
    parts: set[tuple[str, str]],
) -> np.ndarray:  # fmt: skip
    """[x, y]: unit x holds a part whose sentence states its whole in unit y."""
    out = np.zeros((len(component), len(component)), dtype=bool)
    if not parts:
        return out
    where = {figures[i].mention_id: x for x, u in enumerate(component) for i in unit_mentions[u]}
    for part, whole in parts:
        if part in where and whole in where:
            out[where[part], where[whole]] = True
    return out


def _mean(prob: np.ndarray, size: np.ndarray, g: list[int], h: list[int]) -> float:
    """Mean mention-pair probability between two groups of units (a unit of n weighs n)."""
    w = np.outer(size[g], size[h])
    return float((prob[np.ix_(g, h)] * w).sum() / w.sum())


def _attributed_apart(a: Figure, b: Figure, links: ClaimLinks) -> bool:
    """True when the two figures are given by two different parties.

    Parties compare by their head words (:func:`_same_party`), so "the
    Metropolitan Police Service" and "police" are one party.
    """
    who_a, who_b = links.attribution[a.mention_id], links.attribution[b.mention_id]
    return bool(who_a and who_b and not _same_party(who_a, who_b))


def claim_id(members: list[Figure]) -> str:
    key = ",".join(sorted(f.mention_id for f in members))
    return "c-" + hashlib.sha1(key.encode()).hexdigest()[:12]
