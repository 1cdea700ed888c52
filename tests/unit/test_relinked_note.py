"""The run summary says how much of the claim linking a run redid."""

from flows.cli import relinked_note, run_summary_lines
from flows.pipeline import RunSummary


def test_the_summary_counts_the_stories_relinked():
    summary = RunSummary("r1", "w.duckdb", stories_relinked=1, stories_total=250)
    summary.stage_seconds["link_claims"] = 0.5
    lines = run_summary_lines(summary, 1.0, "36 claims, 1 in conflict")
    assert "claims:    36 claims, 1 in conflict; 1 of 250 stories relinked" in lines


def test_a_run_that_did_not_link_says_why_and_a_failed_link_says_nothing():
    assert relinked_note(RunSummary("r2", "w.duckdb")) == "; no story relinked (no article changed)"
    failed = RunSummary("r3", "w.duckdb", failed_stage="link_claims")
    failed.stage_seconds["link_claims"] = 0.1
    assert relinked_note(failed) == ""
