"""How the throughput benchmark turns its measurements into ratios and verdicts."""

from __future__ import annotations

from tests.benchmarks.throughput import raw_seconds, summarise, table


def size_row(n: int, raw_before: float, raw_after: float, pipeline: float, peak: float) -> dict:
    return {
        "n": n,
        "words": 10_000,
        "duplicates": 0,
        "raw_1": {"seconds": 4.0},
        "raw_2": {"seconds": raw_before},
        "raw_2_after": {"seconds": raw_after},
        "pipeline_process": {
            "prefect_start_seconds": 1.0,
            "full": {"seconds": pipeline, "peak_mb": peak, "stages": {"link_claims": 0.1}},
            "rerun": {"seconds": pipeline / 40, "stages": {}, "unchanged": n},
        },
    }


def test_a_baseline_measured_before_and_after_counts_as_their_mean():
    assert raw_seconds(size_row(10, 2.0, 3.0, 4.0, 100)) == {"raw_1": 4.0, "raw_2": 2.5}


def test_the_ratio_is_against_the_mean_baseline_and_the_drift_is_reported():
    rows = [size_row(200, 2.0, 2.0, 4.0, 1000), size_row(2000, 2.0, 3.0, 2.9, 1100)]
    summary = summarise(rows, ["process"])
    large = summary["sizes"][1]
    assert large["raw_wps"]["raw_2"] == 4000  # 10,000 words over the mean 2.5 s
    assert large["pipelines"]["process"]["ratio_to_best_raw"] == round(2.5 / 2.9, 3)
    assert large["raw_drift"] == 0.5
    assert summary["targets"]["ratio"]["met"] is True  # 0.862 >= 0.85
    assert summary["targets"]["memory_growth"]["value"] == 1.1
    assert "N=2,000: +50.0%" in table(summary, ["process"])


def test_a_slower_pipeline_misses_the_ratio_target():
    rows = [size_row(200, 2.0, 2.0, 4.0, 1000), size_row(2000, 2.5, 2.5, 3.0, 1000)]
    assert summarise(rows, ["process"])["targets"]["ratio"]["met"] is False  # 0.833
