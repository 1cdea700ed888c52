"""Random inputs for the clustering steps' property tests."""

from __future__ import annotations

import numpy as np


def random_problem(
    rng: np.random.Generator, n: int, blocked_share: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A symmetric probability matrix over ``n`` units, a symmetric forbidden-pair mask
    (about ``blocked_share`` of pairs, none on the diagonal) and mention counts of 1 to 3."""
    prob = rng.random((n, n))
    prob = (prob + prob.T) / 2
    blocked = rng.random((n, n)) < blocked_share
    blocked = blocked | blocked.T
    np.fill_diagonal(blocked, False)
    size = rng.integers(1, 4, n).astype(float)
    return prob, blocked, size
