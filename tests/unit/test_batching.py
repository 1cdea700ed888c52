"""How a run cuts its articles into extraction batches."""

from __future__ import annotations

import pytest

from flows.pipeline import batches, tapered_batches


@pytest.mark.parametrize("n", [0, 1, 15, 64, 65, 255, 256, 257, 2000])
def test_tapered_batches_keep_every_item_once_in_order(n):
    items = list(range(n))
    assert [i for b in tapered_batches(items, 64, 4) for i in b] == items


def test_the_bulk_goes_in_full_batches_and_the_last_window_in_quarter_batches():
    sizes = [len(b) for b in tapered_batches(list(range(2000)), 64, 4)]
    # 2,000 - 4 x 64 = 1,744 items before the tail, rounded down to whole batches.
    assert sizes[:27] == [64] * 27
    assert sizes[27:] == [16] * 17
    assert all(size <= 16 for size in sizes[27:])


def test_a_run_shorter_than_two_windows_keeps_full_batches():
    # Its workers then hold batches as large as a long run's: the same peak memory.
    assert [len(b) for b in tapered_batches(list(range(500)), 64, 4)] == [64] * 7 + [52]
    assert [len(b) for b in tapered_batches(list(range(40)), 64, 4)] == [40]


def test_plain_batches_are_consecutive_slices():
    assert list(batches([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]
