"""The WARC case of ``make bench``: a web archive against the same texts as ``.txt`` files.

For each size N (default 200 and 2,000 articles) the generated corpus's texts
(tests/benchmarks/corpus_generator.py) are wrapped in news-site HTML
(tests/webpages.py) and written as one ``.warc.gz`` the way a crawler stores
them: a request record before every page, and around it its image, stylesheet,
now and then a redirect or a missing page (about one record in 4.6 is an
article). It measures, each in a fresh process:

- the scan alone: records per second and peak memory;
- the full pipeline over the archive, and over the same texts as ``.txt`` files
  (no manifest on either side, so both infer their metadata): words per second,
  their ratio, records per second and peak memory;
- peak memory of the archive run at the largest size against the smallest
  (target: within 1.3x, memory flat in the archive's size).

    python -m tests.benchmarks.warc_throughput [--sizes 200,2000] [--runner process]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.throughput import PeakRss, _env, _run_child

TARGET_MEMORY = 1.3


def build_archive(corpus_root: Path, out: Path) -> int:
    """The generated corpus as one .warc.gz; returns the number of article pages."""
    from tests.webpages import Page, write_warc

    with (corpus_root / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pages = [
        Page(
            url=f"https://www.{row['outlet'].lower().replace(' ', '-')}.example/news/"
            f"{row['published'].replace('-', '/')}/{row['file'].removesuffix('.txt')}",
            text=(corpus_root / "articles" / row["file"]).read_text(encoding="utf-8"),
            title=row["headline"] or row["file"],
            outlet=row["outlet"],
            published=row["published"],
            captured=f"{row['published']}T12:00:00Z",
        )
        for row in rows
    ]
    write_warc(out, pages)
    return len(pages)


def child_scan(archive: str) -> dict:
    from collections import Counter

    from flows.archives import scan_archive

    memory = PeakRss()
    started = time.perf_counter()
    outcomes = Counter(r.outcome for r in scan_archive(archive, Path(archive).name))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": sum(outcomes.values()),
        "outcomes": dict(outcomes),
        "peak_mb": memory.take_mb(),
    }


def measure(n: int, runner: str, workdir: Path, env: dict[str, str]) -> dict:
    from tests.benchmarks.corpus_generator import generate

    generated = generate(workdir / f"generated-{n}", n)
    txt_root = workdir / f"txt-{n}"
    shutil.copytree(generated.root / "articles", txt_root / "articles")
    warc_root = workdir / f"warc-{n}"
    (warc_root / "articles").mkdir(parents=True)
    archive = warc_root / "articles" / "crawl.warc.gz"
    pages = build_archive(generated.root, archive)

    def pipeline(corpus: Path, label: str) -> dict:
        db_path = workdir / f"wh-warc-{n}-{label}" / "newsfacts.duckdb"
        db_path.parent.mkdir()
        args = ["pipeline", "--corpus", str(corpus), "--db", str(db_path), "--runner", runner]
        return _run_child(args, env, workdir)

    scan = _run_child_here(["scan", "--corpus", str(archive)], env, workdir)
    return {
        "n": n,
        "words": generated.n_words,
        "pages": pages,
        "archive_mb": round(archive.stat().st_size / 2**20, 2),
        "scan": scan,
        "warc": pipeline(warc_root, "warc"),
        "txt": pipeline(txt_root, "txt"),
    }


def _run_child_here(args: list[str], env: dict[str, str], workdir: Path) -> dict:
    import subprocess

    out = workdir / f"child-{time.monotonic_ns()}.json"
    cmd = [sys.executable, "-m", "tests.benchmarks.warc_throughput", "--child", *args,
           "--out", str(out)]  # fmt: skip
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                   cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    return json.loads(out.read_text())


def summarise(rows: list[dict]) -> dict:
    sizes = []
    for row in rows:
        warc, txt, scan = row["warc"]["full"], row["txt"]["full"], row["scan"]
        sizes.append({
            "n": row["n"], "words": row["words"], "records": scan["records"],
            "archive_mb": row["archive_mb"],
            "scan_records_per_s": round(scan["records"] / scan["seconds"]),
            "scan_peak_mb": scan["peak_mb"],
            "skipped": {k: v for k, v in scan["outcomes"].items() if k != "article"},
            "warc_seconds": round(warc["seconds"], 2), "txt_seconds": round(txt["seconds"], 2),
            "warc_records_per_s": round(scan["records"] / warc["seconds"], 1),
            "warc_wps": round(row["words"] / warc["seconds"]),
            "txt_wps": round(row["words"] / txt["seconds"]),
            "warc_vs_txt": round(txt["seconds"] / warc["seconds"], 3),
            "warc_processed": warc["processed"], "txt_processed": txt["processed"],
            "warc_peak_mb": warc["peak_mb"], "txt_peak_mb": txt["peak_mb"],
            "warc_stages": warc["stages"],
        })  # fmt: skip
    summary: dict = {"sizes": sizes}
    if len(sizes) > 1:
        growth = round(sizes[-1]["warc_peak_mb"] / sizes[0]["warc_peak_mb"], 3)
        summary["memory_growth"] = {
            "value": growth, "target": f"<= {TARGET_MEMORY}", "met": growth <= TARGET_MEMORY,
            "between": [sizes[0]["n"], sizes[-1]["n"]],
        }  # fmt: skip
    return summary


def table(summary: dict) -> str:
    lines = [
        "| N | records | archive (MB) | scan (records/s) | pipeline on WARC (records/s)"
        " | WARC (w/s) | same texts as .txt (w/s) | WARC / txt | peak RSS WARC / txt (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summary["sizes"]:
        lines.append(
            f"| {s['n']:,} | {s['records']:,} | {s['archive_mb']} | {s['scan_records_per_s']:,}"
            f" | {s['warc_records_per_s']:,} | {s['warc_wps']:,} | {s['txt_wps']:,}"
            f" | {s['warc_vs_txt']:.2f} | {s['warc_peak_mb']:,.0f} / {s['txt_peak_mb']:,.0f} |"
        )
    for s in summary["sizes"]:
        skipped = ", ".join(f"{v} {k.removeprefix('skipped:')}" for k, v in
                            sorted(s["skipped"].items(), key=lambda kv: -kv[1]))  # fmt: skip
        lines.append(f"- N={s['n']:,}: skipped records: {skipped}; stages {s['warc_stages']}")
    growth = summary.get("memory_growth")
    if growth:
        lines.append(
            f"- WARC memory growth N={growth['between'][1]:,} vs N={growth['between'][0]:,}: "
            f"{growth['value']} (target {growth['target']}): "
            + ("met" if growth["met"] else "MISSED")
        )
    return "\n".join(lines)


def run(sizes: list[int], runner: str, env: dict[str, str] | None = None,
        workdir: Path | None = None) -> dict:  # fmt: skip
    """Measure every size; ``workdir`` and ``env`` as the main benchmark sets them up."""
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-warc-") as tmp:
        work = workdir or Path(tmp)
        env = env or _env(work / "prefect")
        rows = []
        for n in sizes:
            started = time.perf_counter()
            rows.append(measure(n, runner, work, env))
            print(f"WARC N={n}: measured in {time.perf_counter() - started:.0f} s", flush=True)
    summary = summarise(rows)
    summary["raw"] = rows
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--runner", default="process")
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--child", choices=("scan",), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "scan":
        Path(args.out).write_text(json.dumps(child_scan(args.corpus)))
        return 0
    summary = run([int(s) for s in args.sizes.split(",") if s], args.runner)
    print(table(summary))
    if args.out:
        Path(args.out).write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
