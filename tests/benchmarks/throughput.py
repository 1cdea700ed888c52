"""Throughput benchmark (``make bench``): the full pipeline against raw spaCy on the same texts.

For each corpus size N (default 200 and 2,000 generated articles) it measures, each
in a fresh process so that peak memory is that measurement's own:

- raw spaCy: ``nlp.pipe`` with newsfacts' model and components (the physical
  limit on this machine), on 1 process and with ``n_process`` = the CPU count;
- the full pipeline (Prefect flow: discover, plan, clean, parse, extract, load,
  claim links, SQL models, report, publish) with each task runner asked for,
  the first (default) runner ``--repeat`` times, each run on a new warehouse;
- a second run of the pipeline with nothing changed (the incremental path).

This machine's speed drifts by 10-15% over minutes, more than the effects being
measured, so the ``n_process`` baseline runs before, between and after the
default runner's runs: each run's ratio is to the mean of the baseline runs
either side of it, and the ratio reported (and judged) is their median, with
every run's ratio printed beside it.

It prints words per second, the ratio to raw spaCy, per-stage times and peak
memory (RSS of the process and all its children, sampled), and writes the same
figures as JSON. Prefect's ephemeral server start (a fixed cost per process, ~10 s
here; a scheduled deployment talks to a running server instead) is measured apart
with an empty flow and reported on its own line, so run times are the flow's own.

    python -m tests.benchmarks.throughput [--sizes 200,2000] [--runners process,local] [--repeat 3]
                                          [--warc-sizes 200,2000]

``--warc-sizes`` adds the web-archive case (tests/benchmarks/warc_throughput.py);
``--sizes ''`` runs that case alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.benchmarks.corpus_generator import GeneratedCorpus

REPO = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results" / "throughput-latest.json"
TARGET_RATIO, TARGET_RERUN, TARGET_MEMORY = 0.85, 0.05, 1.3


# --- measuring, inside a child process ---------------------------------------------------


class PeakRss:
    """Sample the RSS of this process and all its descendants; keep the peak per phase."""

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._me = psutil.Process()
        self._interval = interval
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree_rss(self) -> int:
        return sum(self._tree_parts().values())

    def _tree_parts(self) -> dict[str, int]:
        """RSS of each process of the tree, summed by kind of process."""
        import psutil

        parts: dict[str, int] = {}
        for proc in [self._me, *self._me.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
                name = "this process" if proc.pid == self._me.pid else _role(proc.cmdline())
            except psutil.Error:
                continue  # a child that just exited
            parts[name] = parts.get(name, 0) + rss
        return parts

    def cpu_seconds(self) -> float:
        """CPU seconds (user + system) used so far by this process and its descendants,
        live or exited: a figure the other work on a shared machine barely moves,
        unlike wall time. Exited children count once reaped, so reap them first."""
        import multiprocessing

        import psutil

        multiprocessing.active_children()  # joins (reaps) finished worker processes
        total = 0.0
        for proc in [self._me, *self._me.children(recursive=True)]:
            try:
                t = proc.cpu_times()
                total += t.user + t.system + t.children_user + t.children_system
            except psutil.Error:
                pass  # a child that just exited: its time moves to its parent's children
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            parts = self._tree_parts()
            total = sum(parts.values())
            if total > self._peak:
                self._peak, self._peak_parts = total, parts
            self._stop.wait(self._interval)

    def take_parts_mb(self) -> dict[str, float]:
        """What made up the peak since the last call: MB by kind of process (call
        it before ``take_mb``, which starts the next phase)."""
        parts, self._peak_parts = getattr(self, "_peak_parts", {}), {}
        return {k: round(v / 2**20, 1) for k, v in sorted(parts.items())}

    def take_mb(self) -> float:
        """The peak since the last call, in MB; starts the next phase."""
        peak = max(self._peak, self._tree_rss())
        self._peak = 0
        return round(peak / 2**20, 1)


def _role(cmdline: list[str]) -> str:
    """A child process's kind: worker processes, Prefect's API server, or other."""
    line = " ".join(cmdline)
    if "multiprocessing" in line and "spawn_main" in line:
        return "worker processes"
    if "uvicorn" in line or "prefect.server" in line:
        return "Prefect API server"
    if "resource_tracker" in line:
        return "resource tracker"
    return "other children"


def child_raw(corpus: str, processes: int) -> dict:
    """Raw spaCy: the same pipeline object the extractors use, over the file texts."""
    from extractors.nlp import get_nlp

    memory = PeakRss()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(corpus, "articles").glob("*"))]
    nlp = get_nlp()
    list(nlp.pipe(texts[:2]))  # warm the model up, as a long-running worker is
    cpu = memory.cpu_seconds()
    started = time.perf_counter()
    tokens = 0
    # Docs are counted and dropped, never collected: spaCy's own memory, not a list of Docs.
    for doc in nlp.pipe(texts, batch_size=64, n_process=processes):
        tokens += len(doc)
    seconds = time.perf_counter() - started
    cpu = memory.cpu_seconds() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "tokens": tokens, "peak_mb": memory.take_mb()}


def child_pipeline(corpus: str, db_path: str, runner: str, rerun: bool) -> dict:
    """The full flow once (and, with ``rerun``, once more with nothing changed)."""
    from prefect import flow

    from flows.pipeline import run_pipeline

    memory = PeakRss()

    @flow(name="benchmark-prefect-start")
    def prefect_start() -> None:
        """An empty flow: starts Prefect's ephemeral server, so runs below exclude it."""

    started = time.perf_counter()
    prefect_start()
    result: dict = {"prefect_start_seconds": time.perf_counter() - started}
    memory.take_mb()
    report_dir = str(Path(db_path).parent / "reports")
    runs = ["full", "rerun"] if rerun else ["full"]
    for name in runs:
        cpu = memory.cpu_seconds()
        started = time.perf_counter()
        summary = run_pipeline(corpus, db_path, report_dir=report_dir, runner=runner)
        result[name] = {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": memory.cpu_seconds() - cpu,
            "peak_parts_mb": memory.take_parts_mb(),
            "peak_mb": memory.take_mb(),
            "processed": summary.processed,
            "unchanged": summary.skipped_unchanged,
            "duplicates": summary.duplicates,
            "rejected": len(summary.rejected),
            "claims_relinked": summary.claims_relinked,
            "stages": {k: round(v, 3) for k, v in summary.stage_seconds.items()},
        }
    return result


# --- orchestrating, in the parent --------------------------------------------------------


def _env(prefect_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_LOGGING_LEVEL="CRITICAL",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90",
        PYTHONPATH=str(REPO),
    )
    return env


def _run_child(args: list[str], env: dict[str, str], workdir: Path) -> dict:
    out = workdir / f"child-{time.monotonic_ns()}.json"
    cmd = [sys.executable, "-m", "tests.benchmarks.throughput", "--child", *args, "--out", str(out)]
    subprocess.run(cmd, env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def machine() -> dict:
    import psutil

    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def measure_size(
    n: int,
    runners: list[str],
    workdir: Path,
    env: dict[str, str],
    repeats: int = 3,
    corpus: GeneratedCorpus | None = None,
    single_process_baseline: bool = True,
) -> dict:
    """Every measurement at one size, in the order that brackets each timed run.

    With more than one CPU the raw ``n_process`` baseline runs before the first
    run of the default runner, between its repeats and after the last one, so
    that each of those runs is compared with the baseline measured either side of
    it: on a shared machine the speed drifts by minutes. The other runners run
    once, after that series. ``corpus``: measure this one instead of generating
    one; ``single_process_baseline=False`` leaves out raw spaCy on one process
    (shown, never judged) when there is more than one CPU.
    """
    from tests.benchmarks.corpus_generator import generate

    if corpus is None:
        corpus = generate(workdir / f"corpus-{n}", n)
    cpus = os.cpu_count() or 1
    row: dict = {"n": n, "words": corpus.n_words, "duplicates": corpus.n_duplicates}

    def raw(processes: int) -> dict:
        args = ["raw", "--corpus", str(corpus.root), "--processes", str(processes)]
        return _run_child(args, env, workdir)

    def pipeline(runner: str, label: str, rerun: bool) -> dict:
        db_path = workdir / f"wh-{n}-{label}" / "newsfacts.duckdb"
        db_path.parent.mkdir()
        args = ["pipeline", "--corpus", str(corpus.root), "--db", str(db_path), "--runner", runner]
        return _run_child(args + (["--rerun"] if rerun else []), env, workdir)

    if single_process_baseline or cpus == 1:
        row["raw_1"] = raw(1)
    main, others = runners[0], runners[1:]
    series = f"raw_{cpus}_runs"
    if cpus > 1:
        row[series] = [raw(cpus)]
    # The no-change re-run is measured once, after the default runner's first run.
    row[f"pipeline_{main}"] = pipeline(main, main, rerun=True)
    repeated = []
    for i in range(1, repeats):
        if cpus > 1:
            row[series].append(raw(cpus))
        repeated.append(pipeline(main, f"{main}-{i}", rerun=False))
    if cpus > 1:
        row[series].append(raw(cpus))
    row[f"pipeline_{main}_repeats"] = repeated
    for runner in others:
        row[f"pipeline_{runner}"] = pipeline(runner, runner, rerun=False)
    return row


def raw_seconds(row: dict) -> dict[str, float]:
    """Seconds of each raw spaCy baseline; one measured several times counts as
    the mean of its runs."""
    out = {}
    for key, value in row.items():
        if key.startswith("raw_") and key.endswith("_runs"):
            out[key.removesuffix("_runs")] = sum(r["seconds"] for r in value) / len(value)
        elif key.startswith("raw_"):
            out[key] = value["seconds"]
    return out


def bracketed_ratios(row: dict, runner: str, baseline: str) -> list[float]:
    """Each timed run of ``runner`` against the mean of the baseline runs either
    side of it (or against the baseline's mean, when it ran only once)."""
    runs = [row[f"pipeline_{runner}"], *row.get(f"pipeline_{runner}_repeats", [])]
    series = row.get(f"{baseline}_runs")
    if series and len(series) == len(runs) + 1:
        sides = [
            (a["seconds"] + b["seconds"]) / 2 for a, b in zip(series, series[1:], strict=False)
        ]
    else:
        sides = [raw_seconds(row)[baseline]] * len(runs)
    return [side / run["full"]["seconds"] for side, run in zip(sides, runs, strict=True)]


def cpu_ratio(row: dict, runs: list[dict], baseline: str) -> dict:
    """CPU seconds of the baseline (mean of its runs) against each pipeline run's.

    Wall time on a shared machine moves with everyone else's work; CPU seconds of
    the process tree barely do. The ratio says how much CPU the pipeline spends
    beyond spaCy's own on the same words (not the idle core of its serial stages,
    which only the wall-time ratio sees). Empty when CPU time was not measured.
    """
    series = row.get(f"{baseline}_runs") or [row.get(baseline, {})]
    raw = [r["cpu_seconds"] for r in series if "cpu_seconds" in r]
    used = [r["full"]["cpu_seconds"] for r in runs if "cpu_seconds" in r["full"]]
    if not raw or not used:
        return {}
    mean_raw = sum(raw) / len(raw)
    return {
        "raw_cpu_seconds": round(mean_raw, 1),
        "cpu_seconds": [round(x, 1) for x in used],
        "cpu_ratio": round(median([mean_raw / x for x in used]), 3),
    }


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summarise(rows: list[dict], runners: list[str]) -> dict:
    """Throughputs, ratios and the three targets, from the raw measurements."""
    summary: dict = {"sizes": []}
    for row in rows:
        words = row["words"]
        raws = {k: words / seconds for k, seconds in raw_seconds(row).items()}
        best_raw_key = max(raws, key=raws.get)
        entry = {
            "n": row["n"],
            "words": words,
            "raw_wps": {k: round(v) for k, v in raws.items()},
            "best_raw": best_raw_key,
            "pipelines": {},
        }
        series = row.get(f"{best_raw_key}_runs", [])
        if len(series) > 1:
            # How far the machine drifted during the size's measurements.
            raw_runs = [r["seconds"] for r in series]
            entry["raw_drift"] = round(raw_runs[-1] / raw_runs[0] - 1, 3)
            entry["raw_spread"] = round(max(raw_runs) / min(raw_runs) - 1, 3)
        for i, runner in enumerate(runners):
            result = row[f"pipeline_{runner}"]
            runs = [result, *row.get(f"pipeline_{runner}_repeats", [])]
            if i == 0:
                ratios = bracketed_ratios(row, runner, best_raw_key)
            else:
                ratios = [words / r["full"]["seconds"] / raws[best_raw_key] for r in runs]
            run_seconds = [r["full"]["seconds"] for r in runs]
            seconds = median(run_seconds)
            cold = words / (seconds + result["prefect_start_seconds"])
            entry["pipelines"][runner] = {
                "wps": round(words / seconds),
                # The median of the runs' ratios, each to its own bracketing baseline.
                "ratio_to_best_raw": round(median(ratios), 3),
                "ratios": [round(r, 3) for r in ratios],
                "ratio_incl_prefect_start": round(cold / raws[best_raw_key], 3),
                "seconds": round(seconds, 2),
                "run_seconds": [round(x, 2) for x in run_seconds],
                "prefect_start_seconds": round(result["prefect_start_seconds"], 2),
                "peak_mb": max(r["full"]["peak_mb"] for r in runs),
                "stages": result["full"]["stages"],
            }
            cpu = cpu_ratio(row, runs, best_raw_key)
            if cpu:
                entry["pipelines"][runner].update(cpu)
            if "rerun" in result:
                # Against the full run it followed, on the same warehouse.
                full_seconds = result["full"]["seconds"]
                entry["pipelines"][runner]["rerun_seconds"] = round(result["rerun"]["seconds"], 2)
                entry["pipelines"][runner]["rerun_share"] = round(
                    result["rerun"]["seconds"] / full_seconds, 3
                )
                entry["pipelines"][runner]["rerun_stages"] = result["rerun"]["stages"]
                entry["pipelines"][runner]["rerun_unchanged"] = result["rerun"]["unchanged"]
        summary["sizes"].append(entry)
    main_runner = runners[0]
    small, large = summary["sizes"][0], summary["sizes"][-1]
    big = large["pipelines"][main_runner]
    summary["targets"] = {
        "ratio": {"value": big["ratio_to_best_raw"], "target": f">= {TARGET_RATIO}"},
        "rerun_share": {"value": big.get("rerun_share"), "target": f"<= {TARGET_RERUN}"},
        "memory_growth": {
            "value": round(big["peak_mb"] / small["pipelines"][main_runner]["peak_mb"], 3),
            "target": f"<= {TARGET_MEMORY}",
        },
    }
    summary["targets"]["ratio"]["met"] = big["ratio_to_best_raw"] >= TARGET_RATIO
    share = big.get("rerun_share")
    summary["targets"]["rerun_share"]["met"] = share is not None and share <= TARGET_RERUN
    summary["targets"]["memory_growth"]["met"] = (
        summary["targets"]["memory_growth"]["value"] <= TARGET_MEMORY
    )
    if "local" in runners and main_runner != "local":
        summary["parallel_speedup"] = {
            s["n"]: round(
                s["pipelines"]["local"]["seconds"] / s["pipelines"][main_runner]["seconds"], 2
            )
            for s in summary["sizes"]
        }
    return summary


def _thousands(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def table(summary: dict, runners: list[str]) -> str:
    """The figures as Markdown tables (what the README quotes)."""
    lines = [
        "| N | words | raw spaCy 1 proc (w/s) | raw spaCy best (w/s) | pipeline | pipeline (w/s)"
        " | ratio to raw best | incl. Prefect start | run (s) | no-change re-run (s) | re-run share"
        " | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summary["sizes"]:
        for runner in runners:
            p = s["pipelines"][runner]
            lines.append(
                f"| {s['n']:,} | {s['words']:,} | {_thousands(s['raw_wps'].get('raw_1'))}"
                f" | {s['raw_wps'][s['best_raw']]:,} ({s['best_raw'].replace('raw_', '')} proc)"
                f" | {runner} | {p['wps']:,} | {p['ratio_to_best_raw']:.2f}"
                f" | {p['ratio_incl_prefect_start']:.2f} | {p['seconds']:.1f}"
                f" | {p.get('rerun_seconds', '-')} | "
                + (f"{p['rerun_share']:.1%}" if "rerun_share" in p else "-")
                + f" | {p['peak_mb']:,.0f} |"
            )
    stages = sorted(
        {k for s in summary["sizes"] for p in s["pipelines"].values() for k in p["stages"]}
    )
    lines += ["", "Stage times (s), full run" + " / no-change re-run" + ":", ""]
    lines.append("| N | runner | " + " | ".join(stages) + " | Prefect start |")
    lines.append("|---|---|" + "---|" * (len(stages) + 1))
    for s in summary["sizes"]:
        for runner in runners:
            p = s["pipelines"][runner]
            cells = []
            for k in stages:
                cell = f"{p['stages'].get(k, 0):.2f}"
                if "rerun_stages" in p:
                    cell += f" / {p['rerun_stages'].get(k, 0):.2f}"
                cells.append(cell)
            lines.append(
                f"| {s['n']:,} | {runner} | "
                + " | ".join(cells)
                + f" | {p['prefect_start_seconds']:.1f} |"
            )
    lines.append("")
    main = runners[0]
    for s in summary["sizes"]:
        p = s["pipelines"][main]
        if len(p["ratios"]) > 1:
            against = (
                "each against the raw baseline run either side of it"
                if "raw_drift" in s
                else f"against {s['best_raw']}"
            )
            lines.append(
                f"- N={s['n']:,}, {main}: {len(p['ratios'])} runs, {against}: ratios "
                + ", ".join(f"{r:.2f}" for r in p["ratios"])
                + f" (median {p['ratio_to_best_raw']:.2f}); run seconds "
                + ", ".join(f"{x:.1f}" for x in p["run_seconds"])
            )
        if "cpu_ratio" in p:
            lines.append(
                f"- N={s['n']:,}, {main}: CPU seconds of the process tree, raw spaCy (mean)"
                f" {p['raw_cpu_seconds']:,.1f} against the pipeline's "
                + ", ".join(f"{x:,.1f}" for x in p["cpu_seconds"])
                + f": CPU-time ratio {p['cpu_ratio']:.2f} (the wall-time ratio also counts"
                " the idle core of the serial stages)"
            )
        if "raw_drift" in s:
            lines.append(
                f"- N={s['n']:,}: raw spaCy baseline, last run vs first {s['raw_drift']:+.1%},"
                f" slowest vs fastest {s['raw_spread']:+.1%} (the machine's drift)"
            )
    for name, t in summary["targets"].items():
        lines.append(
            f"- {name}: {t['value']} (target {t['target']}): {'met' if t['met'] else 'MISSED'}"
        )
    if "parallel_speedup" in summary:
        lines.append(
            f"- parallel speed-up of the pipeline ({runners[0]} vs local): {summary['parallel_speedup']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--runners", default="process,local", help="first one also gets the re-run")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs of the first runner per size (median)"
    )
    parser.add_argument(
        "--warc-sizes", default="200,2000", help="sizes of the WARC case ('' to leave it out)"
    )
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--child", choices=("raw", "pipeline"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--runner", default="process", help=argparse.SUPPRESS)
    parser.add_argument("--rerun", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "raw":
        Path(args.out).write_text(json.dumps(child_raw(args.corpus, args.processes)))
        return 0
    if args.child == "pipeline":
        result = child_pipeline(args.corpus, args.db, args.runner, args.rerun)
        Path(args.out).write_text(json.dumps(result))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s]
    runners = [r for r in args.runners.split(",") if r]
    info = machine()
    print(f"machine: {info}", flush=True)
    rows = []
    warc_sizes = [int(s) for s in args.warc_sizes.split(",") if s]
    warc = None
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        workdir = Path(tmp)
        env = _env(workdir / "prefect")
        for n in sizes:
            started = time.perf_counter()
            rows.append(measure_size(n, runners, workdir, env, max(1, args.repeat)))
            print(f"N={n}: measured in {time.perf_counter() - started:.0f} s", flush=True)
        if warc_sizes:
            from tests.benchmarks import warc_throughput

            warc = warc_throughput.run(warc_sizes, runners[0], env, workdir)
    summary = summarise(rows, runners) if rows else {}
    summary["machine"] = info
    summary["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    summary["raw"] = rows
    text = table(summary, runners) if rows else ""
    if warc:
        summary["warc"] = warc
        text += "\n\nWeb archive (one .warc.gz) against the same texts as .txt files:\n\n"
        text += warc_throughput.table(warc)
    print(text)
    write_results(summary, Path(args.out))
    return 0


def write_results(summary: dict, out: Path) -> None:
    """The summary as JSON at ``out`` (its folder made when missing), said on stdout."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    sys.exit(main())
