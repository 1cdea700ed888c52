"""Linking stories in two processes gives what one serial pass gives.

The stories' split is checked here; the equality of the results, on real articles
through real processes, in tests/integration/test_parallel_linking.py.
"""

from __future__ import annotations

from warehouse.claims.parallel import merge, split_stories
from warehouse.claims.records import ClaimLinks, Relation


def test_stories_are_split_into_halves_of_about_equal_mentions() -> None:
    mentions = {"a": 900, "b": 500, "c": 450, "d": 300, "e": 100, "f": 50}
    groups = split_stories(mentions)
    assert sorted(s for g in groups for s in g) == sorted(mentions)  # each story once
    loads = [sum(mentions[s] for s in g) for g in groups]
    assert abs(loads[0] - loads[1]) <= max(mentions.values()) // 2
    assert all(g == sorted(g) for g in groups)


def test_the_split_does_not_depend_on_the_order_stories_come_in() -> None:
    mentions = {f"story-{i}": (i * 37) % 11 + 1 for i in range(20)}
    backwards = dict(reversed(list(mentions.items())))
    assert split_stories(mentions) == split_stories(backwards)


def _relation(story: str, n: int) -> Relation:
    return Relation("part_of", story, f"{story}-w{n}", (f"{story}-p{n}",), None, "")


def test_merged_relations_come_in_story_order_each_story_in_its_own_order() -> None:
    def links(relations: list[Relation], claim_of: dict[str, str]) -> ClaimLinks:
        return ClaimLinks({}, {}, claim_of, {}, {}, {}, relations)

    one = links([_relation("s1", 2), _relation("s1", 1), _relation("s3", 1)], {"m1": "c1"})
    two = links([_relation("s2", 1), _relation("s4", 9), _relation("s4", 3)], {"m2": "c2"})
    merged = merge([one, two])
    assert [r.whole_claim_id for r in merged.relations] == [
        "s1-w2", "s1-w1", "s2-w1", "s3-w1", "s4-w9", "s4-w3",
    ]  # fmt: skip
    assert merged.claim_of == {"m1": "c1", "m2": "c2"}
