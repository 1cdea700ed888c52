"""Sources: which articles are copies of one text or one agency story."""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from warehouse.claims.records import (
    _LSH_BANDS,
    _LSH_ROWS,
    _MINHASH_SEED,
    _URL,
    _WORD,
    AGENCIES,
    NEAR_DUPLICATE_JACCARD,
    Article,
    _find,
    _union,
)


def _agency(article: Article) -> str | None:
    if article.agency:
        return AGENCIES.get(article.agency.strip().lower(), article.agency.strip())
    outlet = (article.outlet or "").lower()
    for name, short in AGENCIES.items():
        if len(name) > 2 and re.search(r"\b" + re.escape(name) + r"\b", outlet):
            return short
    return None


_SHINGLE_BASE = np.uint64(0x100000001B3)  # FNV's 64-bit prime: an odd multiplier


@lru_cache(maxsize=65536)
def _token_hash(token: str) -> int:
    return zlib.crc32(token.encode())


def _fold(parts: Iterable[np.ndarray]) -> np.ndarray:
    """Element-wise hash of equal-shaped arrays, as a polynomial in them (wrapping
    uint64 arithmetic): equal parts give equal hashes."""
    hashed: np.ndarray | int = 0
    for part in parts:
        hashed = hashed * _SHINGLE_BASE + part
    return hashed


def _shingles(text: str, size: int = 6) -> set[int]:
    """The text's six-word shingles, each as a 64-bit hash.

    Words are hashed with CRC-32 (stable across processes, unlike ``hash``) and a
    shingle's words combined as a polynomial in them, over arrays rather than word
    by word in Python: two articles share a hash when they share the shingle.
    """
    tokens = _WORD.findall(_URL.sub(" ", text.lower()))
    if len(tokens) < size:
        return set()
    ids = np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - size + 1
    return set(_fold(ids[i : i + n] for i in range(size)).tolist())


def _minhash(shingles: set[int]) -> LeanMinHash:
    """The set's MinHash signature. The shingles are already 64-bit hashes, so they
    are permuted as they are; a fixed seed gives a corpus the same signatures."""
    signature = MinHash(
        num_perm=_LSH_BANDS * _LSH_ROWS, seed=_MINHASH_SEED, hashfunc=int, scheme="affine64"
    )
    signature.update_batch(shingles)
    return LeanMinHash(signature)


def near_duplicate_components(sets: dict[str, set[int]], threshold: float) -> dict[str, str]:
    """Each key's component root in the graph of pairs with Jaccard >= ``threshold``.

    ``sets`` holds each key's shingle hashes (:func:`_shingles`). Comparing every
    pair is quadratic, and exact filters (All-Pairs prefix filtering) degrade to
    it when most shingles are shared corpus-wide. MinHash locality-sensitive
    hashing (datasketch's ``MinHashLSH``) proposes candidate pairs in linear time
    (64 bands of 3 rows: a pair at the threshold is proposed with probability
    0.9998); candidates whose signatures agree on less than ``threshold - 0.2``
    (over five standard errors below it) are dropped, and the rest are checked
    exactly, so no pair below the threshold is ever joined.
    """
    parent = {key: key for key in sets}
    keys = sorted(key for key, shingles in sets.items() if shingles)
    if not keys:
        return parent
    signatures = {key: _minhash(sets[key]) for key in keys}
    lsh = MinHashLSH(num_perm=_LSH_BANDS * _LSH_ROWS, params=(_LSH_BANDS, _LSH_ROWS))
    with lsh.insertion_session() as session:
        for key in keys:
            session.insert(key, signatures[key], check_duplication=False)
    candidates = {(min(x, y), max(x, y)) for x in keys for y in lsh.query(signatures[x]) if y != x}
    for x, y in sorted(candidates):
        if _find(parent, x) == _find(parent, y):
            continue  # already joined: checking the pair cannot change the groups
        estimate = signatures[x].jaccard(signatures[y])
        a, b = sets[x], sets[y]
        if estimate < threshold - 0.2 or min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue
        shared = len(a & b)
        if shared / (len(a) + len(b) - shared) >= threshold:
            _union(parent, x, y)
    return {key: _find(parent, key) for key in parent}


def source_groups(articles: list[Article]) -> dict[str, tuple[str, str, bool]]:
    """Which articles count as one source: one agency, one outlet, or near-copies."""
    groups: dict[str, tuple[str, str]] = {}
    for a in articles:
        agency = _agency(a)
        if agency:
            groups[a.article_id] = (f"agency:{agency}", "agency")
        elif a.outlet:
            outlet = re.sub(r"\s*\(.*?\)\s*", " ", a.outlet).strip().lower()
            groups[a.article_id] = (f"outlet:{outlet}", "outlet")
        else:
            groups[a.article_id] = (f"article:{a.article_id}", "unknown_outlet")
    root = near_duplicate_components(
        {a.article_id: _shingles(a.text) for a in articles}, NEAR_DUPLICATE_JACCARD
    )
    components: dict[str, list[str]] = defaultdict(list)
    for article_id, article_root in root.items():
        components[article_root].append(article_id)
    result = {}
    for a in articles:
        group, method = groups[a.article_id]
        members = components[root[a.article_id]]
        if len(members) > 1:
            group, method = min(groups[m][0] for m in members), "near_duplicate"
        result[a.article_id] = (group, method, (a.source_kind or "") == "primary")
    return result
