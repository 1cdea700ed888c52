"""``newsfacts``: the one command-line entry point.

newsfacts run      [--corpus DIR] [--db PATH] [--report-dir DIR] [--strict]
                   [--runner local|process|dask] [--address tcp://HOST:PORT] [--workers N]
newsfacts extract  FILE [FILE ...] [--published YYYY-MM-DD]
newsfacts report   [--db PATH] [--out DIR]
newsfacts sql      "SELECT ..." [--db PATH] [--format table|csv|json] [--param NAME=VALUE]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shlex
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .config import SETTINGS, ConfigError, resolve

if TYPE_CHECKING:
    from rich.console import Console

    from .pipeline import ProgressHook, RunSummary

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Rejections whose message the run summary shows; the rest are in rejected_inputs.
SHOWN_REJECTIONS = 5
STAGE_LABELS = {
    "start": "starting Prefect",
    "discover": "finding articles",
    "open_archives": "reading archives and exports",
    "plan": "checking what changed",
    "extract_and_load": "extracting articles",
    "drop_removed": "dropping removed articles",
    "link_claims": "linking claims",
    "build_models": "building models",
    "record_run": "recording the run",
    "report": "writing the report",
    "publish": "publishing",
}


def _add_settings(parser: argparse.ArgumentParser, command: str) -> None:
    """The command's settings as options; None means 'not given' so resolve() can fall back."""
    for setting in SETTINGS:
        if command in setting.commands:
            default = "none" if setting.default is None else setting.default
            parser.add_argument(
                setting.option,
                dest=setting.name,
                type=setting.type,
                default=None,
                help=f"{setting.help} (default: {default}; ${setting.env})",
            )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfacts",
        description="Turn news articles into checked facts in a DuckDB warehouse.",
    )
    parser.add_argument(
        "--config",
        help="settings file (default: $NEWSFACTS_CONFIG, else ./newsfacts.toml if present)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="run the pipeline over a corpus folder and publish the warehouse"
    )
    _add_settings(run, "run")
    run.add_argument(
        "--strict", action="store_true", help="exit non-zero when any input was rejected"
    )
    # Where extraction batches run (flows/runners.py); loading stays in this process.
    run.add_argument(
        "--runner",
        choices=("local", "process", "dask"),
        default="process",
        help="extract in this process, on local worker processes (default), or on Dask",
    )
    run.add_argument("--address", help="Dask scheduler tcp://HOST:PORT (default: a LocalCluster)")
    run.add_argument("--workers", type=int, help="worker processes (default: one per CPU)")

    extract = commands.add_parser(
        "extract", help="print the mentions in files as JSON Lines (no warehouse)"
    )
    extract.add_argument("files", nargs="+", metavar="FILE")
    _add_settings(extract, "extract")
    extract.add_argument(
        "--published",
        type=date.fromisoformat,
        help="publication date (YYYY-MM-DD) for relative dates; else inferred from the text",
    )

    report = commands.add_parser("report", help="write the fact-check report from the warehouse")
    _add_settings(report, "report")
    report.add_argument("--out", help="output folder (default: <db folder>/reports)")

    sql = commands.add_parser("sql", help="run a read-only SQL query against the warehouse")
    sql.add_argument("query")
    _add_settings(sql, "sql")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind $NAME to VALUE (repeatable); values are bound, never pasted into SQL",
    )

    export = commands.add_parser("export", help="write every table and view as Parquet files")
    _add_settings(export, "export")
    export.add_argument("--parquet", required=True, metavar="DIR", help="output folder")

    serve = commands.add_parser(
        "serve", help="serve the pipeline as a Prefect deployment on a cron schedule"
    )
    _add_settings(serve, "serve")
    return parser


@contextmanager
def progress_bar(console: Console) -> Iterator[ProgressHook]:
    """Show a progress bar on ``console`` for the run; yield the hook that moves it.

    The bar is gone when the run ends, so the summary printed after it stands alone.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    # stdout is left alone: when it is redirected it must not end up on the terminal.
    with Progress(
        TextColumn("{task.description:<26}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
    ) as progress:
        bar = progress.add_task(STAGE_LABELS["start"], total=None)

        def hook(stage: str, done: int | None, total: int | None) -> None:
            progress.update(
                bar, description=STAGE_LABELS.get(stage, stage), completed=done, total=total
            )

        yield hook


def _stderr_bar() -> AbstractContextManager[ProgressHook | None]:
    """A progress bar on stderr when it is a terminal; otherwise nothing, so logs stay plain."""
    if not sys.stderr.isatty():
        return nullcontext(None)
    from rich.console import Console

    console = Console(stderr=True)
    return nullcontext(None) if console.is_dumb_terminal else progress_bar(console)


def _claim_counts(db_path: str) -> str:
    """'N claims, K in conflict' from the published warehouse, or why it could not count."""
    import duckdb

    from warehouse import db

    try:
        con = db.connect(db_path, read_only=True)
        try:
            claims, conflicted = con.execute(
                "SELECT count(*), count(*) FILTER (WHERE is_conflicted) FROM claims"
            ).fetchone()
        finally:
            con.close()
    except (duckdb.Error, FileNotFoundError) as exc:
        return f"not counted ({exc})"
    return f"{claims} claims, {conflicted} in conflict"


def relinked_note(summary: RunSummary) -> str:
    """How much of the claim linking the run redid: the stories relinked, of all."""
    if summary.stories_relinked is not None:
        return f"; {summary.stories_relinked} of {summary.stories_total} stories relinked"
    if summary.failed_stage is None and "link_claims" not in summary.stage_seconds:
        return "; no story relinked (no article changed)"
    return ""


def run_summary_lines(summary: RunSummary, wall_seconds: float, claims: str) -> list[str]:
    """The few lines ``newsfacts run`` ends with; the first is the counts, as the log has them."""
    lines = [
        f"newsfacts run {summary.run_id}: {summary.discovered} discovered, "
        f"{summary.processed} processed, {summary.skipped_unchanged} unchanged, "
        f"{summary.duplicates} duplicates, {summary.removed} removed, "
        f"{len(summary.rejected)} rejected"
    ]
    if summary.rejected:
        by_reason = Counter(r.reason for r in summary.rejected)
        lines.append(
            "rejected:  " + ", ".join(f"{n} {reason}" for reason, n in by_reason.most_common())
        )
        lines += [f"  {r.detail}" for r in summary.rejected[:SHOWN_REJECTIONS]]
        more = len(summary.rejected) - SHOWN_REJECTIONS
        if more > 0:
            query = "SELECT path, detail FROM rejected_inputs WHERE run_id = $run"
            lines.append(
                f"  ... and {more} more: newsfacts sql {shlex.quote(query)}"
                f" --param run={summary.run_id} --db {shlex.quote(summary.db_path)}"
            )
    if summary.skipped_records or summary.archive_records_read:
        skipped = sorted(summary.skipped_records.items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append(
            f"archives:  {summary.archive_records_read} records read; skipped "
            + (", ".join(f"{n} {reason}" for reason, n in skipped) or "none")
        )
    lines.append(f"claims:    {claims}{relinked_note(summary)}")
    # "load" is timed inside extract_and_load, so it is shown there and not added twice.
    stages = {k: v for k, v in summary.stage_seconds.items() if k != "load"}
    outside = max(wall_seconds - sum(stages.values()), 0.0)
    lines.append(
        f"time:      {wall_seconds:.1f} s"
        f" ({outside:.1f} s of it Prefect start-up and task overhead)"
    )
    timings = []
    for name, seconds in stages.items():
        load = summary.stage_seconds.get("load") if name == "extract_and_load" else None
        timings.append(f"{name} {seconds:.2f}" + (f" (load {load:.2f})" if load else ""))
    lines.append("stages (s): " + ", ".join(timings))
    lines.append(f"warehouse: {summary.db_path}")
    if summary.report_path:
        lines.append(f"report:    {summary.report_path}")
    return lines


def stage_failure_message(summary: RunSummary, report_dir: str | None) -> str:
    """What a run whose derived stage failed tells the user: the error, its file, what was kept."""
    report = Path(report_dir) if report_dir else Path(summary.db_path).parent / "reports"
    return (
        f"newsfacts: {summary.failed_stage} failed"
        f"{f' ({summary.error_file})' if summary.error_file else ''}: {summary.error}\n"
        f"newsfacts: the articles this run extracted and loaded are published in"
        f" {summary.db_path}; the previous report in {report} was kept. The next run redoes"
        f" {summary.failed_stage} and what follows it."
    )


def _stopped(db_path: str, signal_name: str) -> None:
    """A run stopped by a signal: say so, and drop its build copy (nothing reads it)."""
    from warehouse.db import build_path

    building = build_path(Path(db_path))
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    print(
        f"\nnewsfacts: stopped by {signal_name}; nothing of this run was published"
        f" ({db_path} is as it was); ending the processes it started",
        file=sys.stderr,
    )


def cmd_run(args: argparse.Namespace) -> int:
    started = time.perf_counter()  # importing Prefect is part of what the user waits for
    from .failures import error_file
    from .pipeline import StageFailed, run_pipeline
    from .processes import ended_with_the_run
    from .sources import ManifestError

    if (args.address and args.runner != "dask") or (args.workers is not None and args.workers < 1):
        print("newsfacts: --address needs --runner dask; --workers must be >= 1", file=sys.stderr)
        return EXIT_USAGE
    from .jsonl import parse_field_mapping

    try:
        parse_field_mapping(args.jsonl_fields)
    except ValueError as exc:
        print(f"newsfacts: {exc}", file=sys.stderr)
        return EXIT_USAGE
    failed: StageFailed | None = None
    try:
        with ended_with_the_run(partial(_stopped, args.db)), _stderr_bar() as progress:
            summary = run_pipeline(
                corpus_dir=args.corpus,
                db_path=args.db,
                report_dir=args.report_dir,
                batch_size=args.batch_size,
                runner=args.runner,
                address=args.address,
                workers=args.workers,
                progress=progress,
                jsonl_fields=args.jsonl_fields,
            )
    except StageFailed as exc:
        failed, summary = exc, exc.summary
    except (ManifestError, FileNotFoundError) as exc:
        print(f"newsfacts: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        where = error_file(exc)
        print(
            f"newsfacts: the run failed{f' ({where})' if where else ''}: {exc}\n"
            f"newsfacts: nothing of this run was published; {args.db} is as it was",
            file=sys.stderr,
        )
        return EXIT_FAILED
    wall_seconds = time.perf_counter() - started
    for line in run_summary_lines(summary, wall_seconds, _claim_counts(summary.db_path)):
        print(line)
    if failed is not None:
        print(stage_failure_message(summary, args.report_dir), file=sys.stderr)
        return EXIT_FAILED
    if summary.processed + summary.skipped_unchanged == 0:
        print("newsfacts: nothing could be processed", file=sys.stderr)
        return EXIT_FAILED
    if args.strict and summary.rejected:
        return EXIT_FAILED
    return EXIT_OK


def extraction_records(path: str, text: str, published: date | None) -> list[dict]:
    """The ``extract`` contract: one dict per mention, sorted by offset."""
    from extractors.article import extract_text
    from extractors.metadata import infer_metadata

    if published is None:
        inferred = infer_metadata(text).published
        published = date.fromisoformat(inferred) if inferred else None
    _, extraction = extract_text(text, published)
    sentences = {s.index: s.text for s in extraction.sentences}
    records: list[dict] = []
    for f in extraction.figures:
        records.append(
            {
                "file": path, "type": "figure", "text": f.text, "start": f.start, "end": f.end,
                "sentence": sentences.get(f.sentence_index), "value": f.value,
                "value_high": f.value_high, "unit": f.unit, "kind": f.kind,
                "qualifier": f.qualifier, "counted_noun": f.counted_noun, "subject": f.subject,
            }
        )  # fmt: skip
    for e in extraction.entities:
        records.append(
            {
                "file": path, "type": "entity", "text": e.text, "start": e.start, "end": e.end,
                "sentence": sentences.get(e.sentence_index), "label": e.label,
                "canonical": e.canonical, "role": e.role,
            }
        )  # fmt: skip
    for d in extraction.dates:
        record = {
            "file": path, "type": "date", "text": d.text, "start": d.start, "end": d.end,
            "sentence": sentences.get(d.sentence_index), "value": d.value,
            "granularity": d.granularity,
        }  # fmt: skip
        if d.value is None:
            record["reason"] = d.reason
        records.append(record)
    records.sort(key=lambda r: (r["start"], r["end"], r["type"]))
    return records


def cmd_extract(args: argparse.Namespace) -> int:
    from .sources import decode

    failed = 0
    for path in args.files:
        try:
            text = decode(Path(path).read_bytes(), path).text
        except (OSError, ValueError) as exc:
            print(f"newsfacts extract: {exc}", file=sys.stderr)
            failed += 1
            continue
        for record in extraction_records(path, text, args.published):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return EXIT_FAILED if failed == len(args.files) else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from warehouse import db

    from .report import write_report

    out = Path(args.out) if args.out else Path(args.db).parent / "reports"
    try:
        con = db.connect(args.db, read_only=True)
    except FileNotFoundError as exc:
        print(f"newsfacts report: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        html = write_report(con, out)
    finally:
        con.close()
    print(f"report: {html}")
    print(f"        {html.with_suffix('.md')}")
    return EXIT_OK


def cmd_sql(args: argparse.Namespace) -> int:
    from warehouse.query import QueryError, run_query

    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print(f"newsfacts sql: --param {item!r} is not NAME=VALUE", file=sys.stderr)
            return EXIT_USAGE
        params[name] = value
    try:
        result = run_query(
            args.db, args.query, params, max_rows=args.max_rows, timeout=args.timeout
        )
    except (QueryError, FileNotFoundError) as exc:
        print(f"newsfacts sql: {exc}", file=sys.stderr)
        return EXIT_FAILED
    out = sys.stdout
    if args.format == "json":
        for row in result.rows:
            out.write(json.dumps(dict(zip(result.columns, row, strict=True)), default=str) + "\n")
    elif args.format == "csv":
        writer = csv.writer(out)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    else:
        out.write(result.as_table() + "\n")
    if result.truncated:
        print(f"newsfacts sql: output capped at {args.max_rows} rows", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from warehouse.export import export_parquet

    try:
        counts = export_parquet(args.db, args.parquet)
    except FileNotFoundError as exc:
        print(f"newsfacts export: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for name, rows in counts.items():
        print(f"{Path(args.parquet) / (name + '.parquet')}: {rows} rows")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    parameters = {
        "corpus_dir": args.corpus,
        "db_path": args.db,
        "report_dir": args.report_dir,
        "batch_size": args.batch_size,
        "jsonl_fields": args.jsonl_fields,
    }
    return serve(parameters, cron=args.cron, timezone=args.timezone)


COMMANDS = {
    "run": cmd_run,
    "extract": cmd_extract,
    "report": cmd_report,
    "sql": cmd_sql,
    "export": cmd_export,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        for name, value in resolve(args.command, vars(args), args.config).items():
            setattr(args, name, value)
    except ConfigError as exc:
        print(f"newsfacts: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "aliases", None):
        # The extractors (and worker processes) read the user's alias file from here.
        aliases = Path(args.aliases).resolve()
        if not aliases.is_file():
            print(f"newsfacts: {args.aliases}: alias file not found", file=sys.stderr)
            return EXIT_USAGE
        os.environ["NEWSFACTS_ALIASES"] = str(aliases)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
