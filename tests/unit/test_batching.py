"""How a run cuts its articles into extraction batches."""

from __future__ import annotations

import pytest

from flows.pipeline import batches, plan_batches


@pytest.mark.parametrize("n", [0, 1, 5, 15, 64, 65, 255, 256, 257, 1023, 1024, 2000])
@pytest.mark.parametrize("size", [2, 64, 128])
def test_batches_keep_every_item_once_in_order_and_none_exceeds_the_size(n, size):
    items = list(range(n))
    planned = plan_batches(items, size, 4)
    assert [i for b in planned for i in b] == items
    assert all(0 < len(b) <= size for b in planned)


def test_the_bulk_goes_in_full_batches_and_the_last_window_in_quarter_batches():
    sizes = [len(b) for b in plan_batches(list(range(2000)), 128, 4)]
    # 2,000 - 4 x 128 = 1,488 items before the tail, rounded down to whole batches.
    assert sizes[:11] == [128] * 11
    assert sizes[11:] == [32] * 18 + [16]


def test_a_run_shorter_than_two_windows_is_shared_equally():
    # Two workers, four batches in flight: each worker gets two equal batches,
    # where full batches (128 + 72) would leave one worker idle for half the run.
    assert [len(b) for b in plan_batches(list(range(200)), 128, 4)] == [50] * 4
    assert [len(b) for b in plan_batches(list(range(1000)), 128, 4)] == [125] * 8
    assert [len(b) for b in plan_batches(list(range(60)), 128, 4)] == [15] * 4


def test_plain_batches_are_consecutive_slices():
    assert list(batches([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]
