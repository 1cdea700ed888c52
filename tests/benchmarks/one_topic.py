"""One big topic through the whole pipeline (part of ``make bench``).

``../shared/eval/make_corpus.py SEEDS OUT N`` builds N articles on one subject (the
seed articles' paragraphs recombined, 8 to 30 each, two- and three-digit numbers
perturbed, dated across 2016, four outlets, no story column): stories are found
from content, so they are few and large, unlike the 8-article stories of
``corpus_generator``. At N = 200 and 2,000 the full flow (``run_pipeline`` with the
process runner: discover, plan, extract, load, claim links, SQL models, report,
publish; the flow ``newsfacts run`` starts) is timed against raw spaCy's
``nlp.pipe`` with ``n_process`` = the CPU count on the same texts, bracketed as in
``throughput`` (baseline before, between and after the pipeline's runs; each run's
ratio to the mean of the baseline runs either side of it; the median is judged).

Targets at N = 2,000: the pipeline at >= 0.85 x raw spaCy's words per second, peak
memory (RSS of the process and all its children) within 1.3 x that at N = 200.

When ``../shared`` is absent (the corpus script and the seeds are not part of the
repository), it says so and measures nothing.

    python -m tests.benchmarks.one_topic [--sizes 200,2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import throughput
from tests.benchmarks.corpus_generator import GeneratedCorpus

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
MAKE_CORPUS = SHARED / "eval" / "make_corpus.py"
SEEDS = SHARED / "seeds"
RESULTS = Path(__file__).resolve().parent / "results" / "one-topic-latest.json"
RUNNER = "process"


def build_corpus(n: int, out: Path) -> GeneratedCorpus:
    """make_corpus.py's N articles; words counted as throughput counts them (every
    whitespace-separated word of every file, titles included: what nlp.pipe reads)."""
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(SEEDS), str(out), str(n)],
                   check=True, capture_output=True)  # fmt: skip
    files = sorted((out / "articles").glob("*"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    return GeneratedCorpus(out, len(files), 0, words)


def stories_found(db_path: Path) -> list[int]:
    """Sizes of the stories the run found, largest first (what linking works over)."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT count(*) FROM article_stories GROUP BY story_id ORDER BY 1 DESC"
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--repeat", type=int, default=3, help="timed pipeline runs per size")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    if not (MAKE_CORPUS.is_file() and SEEDS.is_dir()):
        print(f"one-topic benchmark skipped: ../{MAKE_CORPUS.relative_to(REPO.parent)} or "
              f"../{SEEDS.relative_to(REPO.parent)} not found (../shared is not part of the repository)")  # fmt: skip
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    info = throughput.machine()
    print(f"one topic (make_corpus.py), machine: {info}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsfacts-onetopic-") as tmp:
        workdir = Path(tmp)
        env = throughput._env(workdir / "prefect")
        for n in sizes:
            started = time.perf_counter()
            corpus = build_corpus(n, workdir / f"corpus-{n}")
            row = throughput.measure_size(n, [RUNNER], workdir, env, max(1, args.repeat),
                                          corpus=corpus, single_process_baseline=False)  # fmt: skip
            row["stories"] = stories_found(workdir / f"wh-{n}-{RUNNER}" / "newsfacts.duckdb")
            row["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
            rows.append(row)
            print(f"N={n}: measured in {time.perf_counter() - started:.0f} s", flush=True)
    summary = throughput.summarise(rows, [RUNNER])
    summary["machine"] = info
    summary["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    summary["raw"] = rows
    text = throughput.table(summary, [RUNNER])
    for row in rows:
        sizes_ = row["stories"]
        text += (f"\n- N={row['n']:,}: {len(sizes_)} stories found, largest {sizes_[:3]} articles;"
                 f" load average after {row['load_average_after']}")  # fmt: skip
        runs = [row[f"pipeline_{RUNNER}"], *row.get(f"pipeline_{RUNNER}_repeats", [])]
        parts = [r["full"]["peak_parts_mb"] for r in runs if "peak_parts_mb" in r["full"]]
        if parts:
            text += f"\n- N={row['n']:,}: each run's peak memory by process (MB): " + "; ".join(
                ", ".join(f"{k} {v:,.0f}" for k, v in p.items()) for p in parts
            )
    print(text)
    throughput.write_results(summary, Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
