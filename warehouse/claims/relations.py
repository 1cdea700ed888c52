"""Relations between claims: parts, shares and categories of a whole; changes."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict

from warehouse.claims.attribution import _times_differ
from warehouse.claims.clustering import _OF_NOUN, _OF_THEM, SentenceStructure, _after
from warehouse.claims.records import _URL, Figure, Relation
from warehouse.claims.text import unit_key, words

# --- relations ----------------------------------------------------------------------


def _quote(f: Figure) -> str:
    return " ".join(_URL.sub(" ", f.sentence).split())


def find_relations(
    story_id: str,
    figures: list[Figure],
    claim_of: dict[str, str],
    structures: dict[str, SentenceStructure],
    times: dict[str, str | None] | None = None,
) -> list[Relation]:
    """Relations between claims that the wording of the story's articles states."""
    relations: list[Relation] = []
    whole_votes: Counter[str] = Counter()
    pending: list[Figure] = []  # shares whose whole is named only by a noun, or not at all
    categories: list[list[Figure]] = []
    counts = _StoryCounts(figures, claim_of)
    for structure in structures.values():
        for whole, parts in structure.part_of:
            whole_votes[claim_of[whole.mention_id]] += 1
            relations.append(
                Relation("part_of", story_id, claim_of[whole.mention_id],
                         tuple(claim_of[p.mention_id] for p in parts), None, _quote(whole))
            )  # fmt: skip
        for share, whole, parts in structure.shares:
            if whole is None:
                pending.append(share)
                continue
            if not parts:
                parts = _part_by_verb(share, whole, counts, claim_of, times or {})
            whole_votes[claim_of[whole.mention_id]] += 1
            relations.append(
                Relation("share_of", story_id, claim_of[whole.mention_id],
                         tuple(claim_of[p.mention_id] for p in parts),
                         claim_of[share.mention_id], _quote(share))
            )  # fmt: skip
        categories.extend(structure.categories)

    principal = _principal_wholes(figures, claim_of, whole_votes)
    for share in pending:
        noun = _OF_NOUN.match(_after(share))
        whole_claim = principal.get(unit_key(noun.group(1)) or "") if noun else None
        part = counts.part_nearby(share, noun.group(1), whole_claim) if noun else None
        if whole_claim and part is not None:
            relations.append(
                Relation("share_of", story_id, whole_claim, (claim_of[part.mention_id],),
                         claim_of[share.mention_id], f"{_quote(share)} / {_quote(part)}")
            )  # fmt: skip
        elif whole_claim:
            relations.append(
                Relation(
                    "share_of", story_id, whole_claim, (), claim_of[share.mention_id], _quote(share)
                )
            )
        else:
            relations.extend(
                _share_of_categories(story_id, share, categories, counts, claim_of, whole_votes)
            )
    for members in categories:
        whole_claim = _article_principal(members, counts, claim_of, whole_votes)
        if whole_claim:
            relations.append(
                Relation("categories_of", story_id, whole_claim,
                         tuple(claim_of[m.mention_id] for m in members), None, _quote(members[0]))
            )  # fmt: skip
    relations.extend(_differences(story_id, structures, claim_of))
    return list({r.relation_id: r for r in relations}.values())


def _differences(
    story_id: str, structures: dict[str, SentenceStructure], claim_of: dict[str, str]
) -> list[Relation]:
    """Changes the story's sentences state with all three figures: the larger is the
    smaller plus the difference. A change whose before and after the linking put in
    one claim is that claim's timeline, not a relation between claims."""
    out = []
    for structure in structures.values():
        for change in structure.changes:
            larger, smaller, difference = (
                claim_of[f.mention_id] for f in (change.larger, change.smaller, change.difference)
            )
            if len({larger, smaller, difference}) == 3:
                out.append(
                    Relation("difference_of", story_id, larger, (smaller, difference), None,
                             _quote(change.larger))
                )  # fmt: skip
    return out


# Verbs too common to say two figures count the same thing ("was", "said", "found").
_LIGHT_VERBS = frozenset("be have do say find show report make get go include give".split())


def _part_by_verb(
    share: Figure, whole: Figure, counts: _StoryCounts, claim_of: dict[str, str],
    times: dict[str, str | None],
) -> list[Figure]:  # fmt: skip
    """The count the story states for a share whose sentence names no part.

    "15% of the 480 schools ... were rated inadequate" and, elsewhere in the
    story, "72 schools were rated inadequate": a count of the whole's unit, not
    the whole, whose verb is the share's (a content verb, not "be" or "say") and
    not the whole's, is the share's part.
    Only when one claim fits, and no time reference sets it apart.
    """
    verb = share.verb
    if not verb or verb in _LIGHT_VERBS or verb == whole.verb:
        return []
    whole_claim = claim_of[whole.mention_id]
    fitting = [
        f for f in counts.by_verb.get(verb, ())
        if f.sentence_id != share.sentence_id
        and unit_key(f.unit) == unit_key(whole.unit) and claim_of[f.mention_id] != whole_claim
        and not _times_differ(times.get(f.mention_id), times.get(share.mention_id))
    ]  # fmt: skip
    claims = {claim_of[f.mention_id] for f in fitting}
    return fitting[:1] if len(claims) == 1 else []


def _principal_wholes(
    figures: list[Figure], claim_of: dict[str, str], votes: Counter[str]
) -> dict[str, str]:
    """Per unit, the claim the story most often states as a whole (else the largest)."""
    best: dict[str, tuple[tuple, str]] = {}
    for f in figures:
        if f.kind != "count":
            continue
        unit = unit_key(f.unit) or ""
        claim = claim_of[f.mention_id]
        rank = (votes.get(claim, 0), f.value)
        if unit not in best or rank > best[unit][0]:
            best[unit] = (rank, claim)
    return {unit: claim for unit, (_, claim) in best.items()}


def _article_principal(
    members: list[Figure], counts: _StoryCounts, claim_of: dict[str, str], votes: Counter[str]
) -> str | None:
    """The claim a breakdown's own article states as the whole of that unit: never one
    smaller than a category of it ("381 dead" is no whole of "2,900 evacuated")."""
    unit, article_id = unit_key(members[0].unit), members[0].article_id
    excluded = {claim_of[m.mention_id] for m in members}
    largest = max((m.value for m in members if m.value is not None), default=None)
    candidates = [
        f for f in counts.by_article_unit.get((article_id, unit), ())
        if claim_of[f.mention_id] not in excluded and _no_smaller(f.value, largest)
    ]  # fmt: skip
    if not candidates:
        return None
    mentions = Counter(claim_of[f.mention_id] for f in candidates)

    def rank(f: Figure) -> tuple:
        claim = claim_of[f.mention_id]
        return (votes.get(claim, 0), mentions[claim], f.value)

    return claim_of[max(candidates, key=rank).mention_id]


def _no_smaller(value: float | None, largest: float | None) -> bool:
    """A whole is no smaller than the largest of its categories: with categories of
    known value, a whole of unknown value ("dozens") is none."""
    return largest is None or (value is not None and value >= largest)


class _StoryCounts:
    """A story's counts indexed once: per article in text order, per verb, per article
    and unit, and each claim's stated values.

    Each share or breakdown then looks up the few counts that may answer it (a
    binary search and a short walk for the count that follows a share), where
    scanning or sorting all the story's figures each time was quadratic in story size.
    Every list keeps the story's figure order, so answers and ties are the scan's.
    """

    def __init__(self, figures: list[Figure], claim_of: dict[str, str]) -> None:
        by_article: dict[str, list[Figure]] = defaultdict(list)
        self.values: dict[str | None, list[float]] = defaultdict(list)
        self.by_verb: dict[str, list[Figure]] = defaultdict(list)
        self.by_article_unit: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
        for f in figures:
            self.values[claim_of.get(f.mention_id)].append(f.value)
            if f.kind == "count":
                by_article[f.article_id].append(f)
                self.by_article_unit[(f.article_id, unit_key(f.unit))].append(f)
                if f.verb:
                    self.by_verb[f.verb].append(f)
        self.counts = {a: sorted(fs, key=lambda f: f.start_char) for a, fs in by_article.items()}
        self.starts = {a: [f.start_char for f in fs] for a, fs in self.counts.items()}
        self.claim_of = claim_of

    def part_nearby(self, share: Figure, whole_noun: str, whole_claim: str | None) -> Figure | None:
        """The count a share's wording goes on to give, when its own sentence gives none.

        "In more than 10% of the cases there was a risk ... We had to send 38 of them
        back": the first count after the share, in its sentence or the next, that
        counts the share's whole, whatever the wording: by the whole's own noun ("38
        cases"), by a pronoun ("38 of them", "38 of those"), or by no noun at all
        ("38 were sent back"), and that is smaller than every value stated for the
        whole. None when no such count follows.
        """
        unit = unit_key(whole_noun)
        whole_values = self.values.get(whole_claim, [])
        counts = self.counts.get(share.article_id, [])
        for f in counts[bisect_left(self.starts.get(share.article_id, []), share.end_char) :]:
            if f.sentence_index > share.sentence_index + 1:
                return None
            if self.claim_of.get(f.mention_id) == whole_claim:
                continue
            counts_whole = (
                _OF_THEM.search(f.text)
                or _OF_THEM.match(_after(f, 20).lstrip())
                or not f.unit
                or unit_key(f.unit) == unit
            )
            if counts_whole and all(f.value < v for v in whole_values if v is not None):
                return f
        return None


def _share_of_categories(
    story_id: str, share: Figure, categories: list[list[Figure]], counts: _StoryCounts,
    claim_of: dict[str, str], votes: Counter[str],
) -> list[Relation]:  # fmt: skip
    """A share whose wording names some categories of a breakdown in its article
    ("needed improvement or was inadequate"): those categories' share of the whole."""
    share_words = set(words(share.sentence))
    out = []
    for members in categories:
        if members[0].article_id != share.article_id:
            continue
        chosen = []
        for k, member in enumerate(members):
            stop = members[k + 1].start_char if k + 1 < len(members) else None
            tail = member.sentence[member.end_char - member.sentence_start :]
            if stop is not None:
                tail = tail[: stop - member.end_char]
            predicate = set(words(tail)) - {unit_key(member.unit) or ""}
            if predicate & share_words:
                chosen.append(member)
        if chosen and len(chosen) < len(members):
            whole = _article_principal(members, counts, claim_of, votes)
            if whole:
                parts = tuple(claim_of[m.mention_id] for m in chosen)
                evidence = f"{_quote(share)} / {_quote(members[0])}"
                out.append(
                    Relation(
                        "share_of", story_id, whole, parts, claim_of[share.mention_id], evidence
                    )
                )
    return out
