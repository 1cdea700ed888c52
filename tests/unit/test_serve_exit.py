"""How `newsfacts serve` tells a clean stop from a failure when Prefect's runner exits."""

from __future__ import annotations

from flows.serve import only_clean_exits


def test_a_status_0_exit_wrapped_in_task_groups_is_a_clean_stop():
    # What Prefect's runner raises when SIGTERM lands while it starts its task group.
    group = BaseExceptionGroup("outer", [BaseExceptionGroup("inner", [SystemExit(0)])])
    assert only_clean_exits(group)


def test_any_other_exception_in_the_group_is_a_failure():
    assert not only_clean_exits(BaseExceptionGroup("g", [SystemExit(0), ValueError("boom")]))
    assert not only_clean_exits(BaseExceptionGroup("g", [SystemExit(2)]))
