"""Grouping articles into stories and sources without comparing every pair.

The fast paths must give exactly what the full pairwise scan gives; these tests
hold them to a brute-force reference on corpora built to sit on the thresholds.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

from tests.conftest import REPO
from warehouse.claims import (
    NEAR_DUPLICATE_JACCARD,
    _shingles,
    near_duplicate_components,
)


def brute_force_components(sets: dict[str, set], threshold: float) -> set[frozenset[str]]:
    parent = {k: k for k in sets}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    keys = sorted(sets)
    for i, x in enumerate(keys):
        for y in keys[i + 1 :]:
            a, b = sets[x], sets[y]
            if a and b and len(a & b) / len(a | b) >= threshold:
                parent[find(y)] = find(x)
    groups: dict[str, set[str]] = {}
    for k in keys:
        groups.setdefault(find(k), set()).add(k)
    return {frozenset(g) for g in groups.values()}


def components(roots: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for key, root in roots.items():
        groups.setdefault(root, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def shingle(rng: random.Random) -> int:
    return rng.getrandbits(64)  # a shingle's hash, as warehouse.claims._shingles gives


def pair_with_jaccard(rng: random.Random, jaccard: float, size: int = 400) -> tuple[set, set]:
    """Two sets of ``size`` shingles whose Jaccard similarity is ``jaccard``."""
    shared = round(2 * size * jaccard / (1 + jaccard))
    common = {shingle(rng) for _ in range(shared)}
    left = common | {shingle(rng) for _ in range(size - shared)}
    right = common | {shingle(rng) for _ in range(size - shared)}
    return left, right


def test_near_duplicates_match_the_full_pairwise_scan_at_and_around_the_threshold():
    rng = random.Random(3)
    sets: dict[str, set] = {}
    for n, jaccard in enumerate([0.2, 0.4, 0.45, 0.49, 0.5, 0.52, 0.6, 0.8, 1.0] * 5):
        left, right = pair_with_jaccard(rng, jaccard)
        sets[f"p{n}-a"], sets[f"p{n}-b"] = left, right
    # Background texts that share a common pool, as a corpus on one topic does.
    pool = [shingle(rng) for _ in range(3000)]
    for n in range(150):
        sets[f"bg{n}"] = set(rng.sample(pool, 300))
    sets["empty"] = set()
    expected = brute_force_components(sets, NEAR_DUPLICATE_JACCARD)
    assert components(near_duplicate_components(sets, NEAR_DUPLICATE_JACCARD)) == expected
    # The corpus really does sit on the threshold: both sides of it are present.
    assert any(len(g) > 1 for g in expected) and len(expected) > len(sets) / 2


TEXTS = {
    "a": "The council said the new bridge over the river would open to traffic in May.",
    "b": "The council said the new bridge over the river would open to traffic in June.",
    "c": "Rail passengers face a week of delays while engineers replace the signals.",
}


def test_near_duplicate_groups_are_the_same_in_every_process():
    sets = {key: _shingles(text) for key, text in TEXTS.items()}
    assert near_duplicate_components(sets, 0.5) == {"a": "a", "b": "a", "c": "c"}
    # Python's own str hash changes per process; shingle hashes must not.
    script = (
        "import json, sys; from warehouse.claims import _shingles;"
        "print(json.dumps(sorted(_shingles(sys.argv[1]))))"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", script, TEXTS["a"]],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout
        assert json.loads(out) == sorted(sets["a"])
