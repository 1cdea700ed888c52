"""The indexed search for the count a share goes on to give agrees with the plain scan.

``_StoryCounts.part_nearby`` replaced a scan that sorted all of a story's figures once
per share (quadratic in story size). The plain scan is kept here as the oracle; random
stories of many articles, sentences, units and claims must give the same answer for
every share and every whole.
"""

from __future__ import annotations

import random
from collections import Counter

from warehouse.claims.clustering import _OF_THEM, _after
from warehouse.claims.records import Figure
from warehouse.claims.relations import _article_principal, _part_by_verb, _StoryCounts
from warehouse.claims.text import unit_key

SENTENCES = [
    "In more than 10% of the cases there was a risk, and we had to send {n} of them back.",
    "Some {n} cases were sent back to the courts last year.",
    "{n} were returned and {n} schools were rated inadequate.",
    "About {n} people were hurt, of those {n} seriously.",
]


def plain_scan(share, whole_noun, figures, claim_of, whole_claim):
    """The former implementation: sort every figure of the story for each share."""
    unit = unit_key(whole_noun)
    whole_values = [f.value for f in figures if claim_of.get(f.mention_id) == whole_claim]
    for f in sorted(figures, key=lambda f: f.start_char):
        if f.article_id != share.article_id or f.kind != "count" or f.start_char < share.end_char:
            continue
        if f.sentence_index > share.sentence_index + 1:
            return None
        if claim_of.get(f.mention_id) == whole_claim:
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


def plain_part_by_verb(share, whole, figures, claim_of):
    """The former candidate scan of ``_part_by_verb`` (no time references)."""
    if not share.verb or share.verb == whole.verb:
        return []
    fitting = [
        f for f in figures
        if f.kind == "count" and f.verb == share.verb and f.sentence_id != share.sentence_id
        and unit_key(f.unit) == unit_key(whole.unit)
        and claim_of[f.mention_id] != claim_of[whole.mention_id]
    ]  # fmt: skip
    return fitting[:1] if len({claim_of[f.mention_id] for f in fitting}) == 1 else []


def plain_article_principal(members, figures, claim_of, votes):
    """The former scan of ``_article_principal`` (a whole no smaller than a category)."""
    unit, article_id = unit_key(members[0].unit), members[0].article_id
    excluded = {claim_of[m.mention_id] for m in members}
    largest = max((m.value for m in members if m.value is not None), default=None)
    candidates = [
        f for f in figures
        if f.article_id == article_id and f.kind == "count" and unit_key(f.unit) == unit
        and claim_of[f.mention_id] not in excluded
        and (largest is None or f.value is not None and f.value >= largest)
    ]  # fmt: skip
    if not candidates:
        return None
    mentions = Counter(claim_of[f.mention_id] for f in candidates)
    return claim_of[max(candidates, key=lambda f: (
        votes.get(claim_of[f.mention_id], 0), mentions[claim_of[f.mention_id]], f.value
    )).mention_id]  # fmt: skip


def random_story(rng: random.Random, n: int) -> tuple[list[Figure], dict[str, str]]:
    figures, claim_of = [], {}
    for k in range(n):
        article = f"a{rng.randrange(4)}"
        index = rng.randrange(6)
        sentence = rng.choice(SENTENCES).format(n=rng.randrange(2, 500))
        start = index * 100 + rng.randrange(0, 60)
        length = rng.randrange(1, 4)
        text = rng.choice(["38", "38 of them", "38 cases", "12%"])
        kind = rng.choice(["count", "count", "share"])
        value = float(rng.randrange(1, 600)) if kind == "count" or rng.random() < 0.5 else None
        figures.append(Figure(
            f"m{k}", article, f"{article}-s{index}", index, start, start + length, text,
            value, None, kind, rng.choice([None, "cases", "case", "people"]),
            "", None, rng.choice([None, "rate", "send", "hurt"]), sentence, index * 100,
        ))  # fmt: skip
        if rng.random() < 0.9:
            claim_of[f"m{k}"] = f"c{rng.randrange(n // 3 + 1)}"
    return figures, claim_of


def test_verb_and_breakdown_lookups_agree_with_the_plain_scans():
    rng = random.Random(7)
    found = 0
    for _ in range(60):
        figures, claim_of = random_story(rng, rng.randrange(1, 60))
        claim_of = {f.mention_id: claim_of.get(f.mention_id, f"own-{f.mention_id}")
                    for f in figures}  # fmt: skip
        counts = _StoryCounts(figures, claim_of)
        votes = Counter(rng.choice(list(claim_of.values())) for _ in range(5))
        for share in figures:
            for whole in figures[:10]:
                expected = plain_part_by_verb(share, whole, figures, claim_of)
                assert _part_by_verb(share, whole, counts, claim_of, {}) == expected
                found += bool(expected)
            expected = plain_article_principal([share], figures, claim_of, votes)
            assert _article_principal([share], counts, claim_of, votes) == expected
            found += expected is not None
    assert found > 100


def test_the_indexed_search_finds_the_same_count_as_the_plain_scan():
    rng = random.Random(14)
    checked = found = 0
    for _ in range(60):
        figures, claim_of = random_story(rng, rng.randrange(1, 60))
        counts = _StoryCounts(figures, claim_of)
        wholes = [*sorted(set(claim_of.values())), None]
        for share in figures:
            for noun in ("cases", "people", "schools"):
                for whole in wholes:
                    expected = plain_scan(share, noun, figures, claim_of, whole)
                    assert counts.part_nearby(share, noun, whole) is expected
                    checked += 1
                    found += expected is not None
    assert found > 100 and checked > found  # both answers occur
