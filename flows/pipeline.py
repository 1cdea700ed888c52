"""The ``newsfacts-pipeline`` Prefect flow: corpus folder in, published warehouse out.

Tasks are thin and work on batches of articles; the extraction itself lives in
the pure ``extractors`` package and in :mod:`flows.extraction`.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from extractors.article import versions_key
from warehouse import db

from .extraction import FILES_SCHEMA, ExtractedBatch, extract_batch
from .inputs import (
    expand_containers,
    remember_refused_pages,
    skipped_json,
    source_fingerprint,
)
from .runners import default_workers, make_task_runner, workers_share_api
from .sources import (
    Corpus,
    Rejection,
    SourceFile,
    content_id,
    discover,
    manifest_fingerprint,
    read_source,
)


@dataclass
class RunSummary:
    run_id: str
    db_path: str
    report_path: str | None = None
    discovered: int = 0
    processed: int = 0
    skipped_unchanged: int = 0
    duplicates: int = 0
    removed: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # Wall-clock seconds per stage, for the log and the throughput benchmark.
    stage_seconds: dict[str, float] = field(default_factory=dict)
    claims_relinked: bool = False  # the link stage ran
    # Stories whose claims the link stage recomputed, of how many (None: it did not run);
    # the others kept their claim rows (see warehouse.claims.link).
    stories_relinked: int | None = None
    stories_total: int | None = None
    # Archive records read this run that are not articles, by reason (type=request, status=404).
    skipped_records: dict[str, int] = field(default_factory=dict)
    archive_records_read: int = 0
    stage: str | None = None  # the stage running now (or when the run failed)
    # Set when a stage failed: which, the error, and the file it concerns.
    failed_stage: str | None = None
    error: str | None = None
    error_file: str | None = None

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + (
                time.perf_counter() - started
            )


# Told (stage, articles done, articles to extract) as a run goes; done and total are
# None outside extraction. run_pipeline sets it for one in-process run (the CLI's
# progress bar): as a flow parameter it would have to be serializable for Prefect.
ProgressHook = Callable[[str, int | None, int | None], None]
_progress_hook: ProgressHook | None = None


def _progress(stage: str, done: int | None = None, total: int | None = None) -> None:
    if _progress_hook is not None:
        _progress_hook(stage, done, total)


@contextmanager
def _stage(summary: RunSummary, name: str) -> Iterator[None]:
    """Time one stage of the run, after telling the progress hook it has begun."""
    _progress(name)
    summary.stage = name
    with summary.timed(name):
        yield


# Stages that derive tables and files from the loaded articles. When one fails the
# run still publishes what it extracted and loaded; the stages after it are
# skipped (they build on it) and the previous report stays.
DERIVED_STAGES = ("link_claims", "build_models", "report")


class StageFailed(RuntimeError):
    """A derived stage failed: the run published its loaded articles, not the rest.

    ``summary`` is the run's summary, with ``failed_stage``, ``error`` and
    ``error_file`` set.
    """

    def __init__(self, summary: RunSummary) -> None:
        where = f" ({summary.error_file})" if summary.error_file else ""
        super().__init__(f"{summary.failed_stage} failed{where}: {summary.error}")
        self.summary = summary


def _fail(summary: RunSummary, exc: BaseException) -> None:
    """Note on the summary that the current stage failed with ``exc``."""
    from .failures import error_file

    summary.failed_stage = summary.stage
    summary.error = f"{type(exc).__name__}: {exc}"
    summary.error_file = error_file(exc)


@dataclass(frozen=True)
class WorkPlan:
    to_extract: list[SourceFile]
    unchanged: list[SourceFile]
    removed_paths: list[str]
    replaced_ids: list[str]  # ids whose files changed or vanished: their rows go


@task(name="discover-articles", cache_policy=NO_CACHE)
def discover_articles(corpus_dir: str) -> Corpus:
    return discover(corpus_dir)


@task(name="open-archives", cache_policy=NO_CACHE)
def open_containers(
    build_db: str, corpus: Corpus, run_id: str, jsonl_fields: str | None, versions: str
) -> tuple[Corpus, list[Rejection], dict[str, int], int]:
    """Web archives and JSON Lines exports as article sources (see :mod:`flows.inputs`)."""
    con = db.connect(build_db)
    try:
        expanded = expand_containers(con, corpus, run_id, jsonl_fields, versions)
    finally:
        con.close()
    return (
        expanded.corpus,
        expanded.rejections,
        dict(expanded.skipped),
        expanded.scanned_records,
    )


@task(name="plan-work", cache_policy=NO_CACHE)
def plan_work(build_db: str, corpus: Corpus, versions: str) -> WorkPlan:
    """Decide what to extract: new or changed files (text or manifest row), or any
    file after a version change.

    An unchanged file costs one hash and one lookup.
    """
    con = db.connect(build_db)
    try:
        known = {
            path: (sha, article_id, article_versions, manifest_sha, source_sha)
            for path, sha, article_id, article_versions, manifest_sha, source_sha in con.execute(
                "SELECT f.path, f.content_sha256, f.article_id, a.extractor_versions,"
                " f.manifest_sha256, f.source_sha256"
                " FROM article_files f LEFT JOIN articles a USING (article_id)"
            ).fetchall()
        }
    finally:
        con.close()
    to_extract, unchanged, replaced = [], [], set()
    for source in corpus.files:
        previous = known.get(source.path)
        if previous is None:
            to_extract.append(source)
            continue
        # An archive record or an export line is known by its digest: it is not read again.
        fingerprint = source_fingerprint(source)
        if fingerprint:
            same = (fingerprint, versions, manifest_fingerprint(source)) == (
                previous[4], *previous[2:4]
            )
            if same:
                unchanged.append(source)
            else:
                to_extract.append(source)
                replaced.add(previous[1])
            continue
        try:
            _, sha = content_id(read_source(source).text)
        except (ValueError, OSError):
            to_extract.append(source)  # extraction will reject it with the reason
            replaced.add(previous[1])
            continue
        if (sha, versions, manifest_fingerprint(source)) == (previous[0], *previous[2:4]):
            unchanged.append(source)
        else:
            to_extract.append(source)
            replaced.add(previous[1])
    present = {s.path for s in corpus.files}
    removed = [path for path in known if path not in present]
    replaced.update(known[path][1] for path in removed)
    # An article still held by an unchanged file (a duplicate whose twin changed) stays.
    replaced -= {known[s.path][1] for s in unchanged}
    return WorkPlan(to_extract, unchanged, removed, sorted(replaced))


@task(name="extract-batch", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def extract_batch_task(batch: list[SourceFile], run_id: str) -> ExtractedBatch:
    return extract_batch(batch, run_id)


def load_batch(
    con: duckdb.DuckDBPyConnection, batch: ExtractedBatch, replaced_ids: list[str]
) -> int:
    """Load one extracted batch through the run's single writing connection.

    A plain function, not a task: a load is a few DuckDB statements (~10 ms at 64
    articles), and a Prefect task around each one cost several times that in the
    flow process and the API server, on the cores the extraction workers need.
    """
    db.load_articles(con, batch.tables, sorted(set(batch.article_ids) | set(replaced_ids)))
    db.upsert_rows(
        con, "article_files", pa.Table.from_pylist(batch.files, schema=FILES_SCHEMA), ["path"]
    )
    return len(batch.article_ids)


@task(name="drop-removed-articles", cache_policy=NO_CACHE)
def drop_removed_articles(build_db: str, gone_paths: list[str]) -> None:
    """Forget files that left the corpus or are now rejected, and facts no file holds."""
    con = db.connect(build_db)
    try:
        con.execute("BEGIN TRANSACTION")
        if gone_paths:
            removed = pa.table({"path": pa.array(gone_paths, pa.string())})
            con.register("removed_paths", removed)
            con.execute("DELETE FROM article_files WHERE path IN (SELECT path FROM removed_paths)")
            con.unregister("removed_paths")
        # Articles no file refers to any more are gone from the corpus: their facts go too.
        for table in db.ARTICLE_TABLES:
            con.execute(
                f"DELETE FROM {table}"
                " WHERE article_id NOT IN (SELECT article_id FROM article_files)"
            )
        con.execute("COMMIT")
    finally:
        con.close()


def claims_key(versions: str) -> str:
    """What a run's claim links depend on besides the articles: the extractor and linker
    versions, and the fitted story and pair models they read. A model file refitted
    (or swapped) without a version bump still relinks the next run."""
    from warehouse.claims import VERSION as CLAIMS_VERSION
    from warehouse.claims.features import load_model
    from warehouse.claims.stories import MODEL as STORY_MODEL

    models = repr((load_model(), json.dumps(STORY_MODEL, sort_keys=True)))
    digest = hashlib.sha256(models.encode()).hexdigest()[:12]
    return f"{versions};claims={CLAIMS_VERSION};models={digest}"


def _claims_current(build_db: str, run_key: str) -> bool:
    """True when the last run that published its articles linked claims with this
    code, and the claim tables exist.

    A run that failed in linking published its articles with the claim links of
    the run before: the next run links again even if no article changed. A run
    that failed before linking published nothing and does not count.
    """
    con = db.connect(build_db)
    try:
        tables = {
            row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if "claim_assignments" not in tables:
            return False
        last = con.execute(
            "SELECT extractor_versions, failed_stage FROM pipeline_runs"
            " WHERE status = 'completed' OR failed_stage IN (SELECT unnest($derived))"
            " ORDER BY finished_at DESC LIMIT 1",
            {"derived": list(DERIVED_STAGES)},
        ).fetchone()
    finally:
        con.close()
    return last is not None and last[0] == run_key and last[1] != "link_claims"


@task(name="link-stories", cache_policy=NO_CACHE)
def link_part_task(payload: bytes) -> object:
    """Link some of the stories on a task worker (:mod:`warehouse.claims.parallel`)."""
    part, arguments = pickle.loads(payload)
    return part(*arguments)


def _submit_to_workers(part: Callable, *arguments: object) -> object:
    # The arguments (thousands of mentions) are pickled here, at once, as one bytes
    # object: Prefect's runner would serialize them in a thread of its own, which,
    # competing for the GIL with the linking this process does meanwhile, took
    # seconds to hand them over.
    return link_part_task.submit(pickle.dumps((part, arguments), pickle.HIGHEST_PROTOCOL))


@task(name="link-claims", cache_policy=NO_CACHE)
def link_claims_task(build_db: str, run_id: str | None = None) -> tuple[int, int]:
    """Place every article in its story and relink the stories whose inputs changed.

    With extraction on worker processes (idle by now), half of a large relink runs
    on one of them while this process links the other half: a core would idle
    otherwise, and no process is added. Returns (stories relinked, stories in all).
    """
    from prefect.context import FlowRunContext

    from warehouse.claims import link_claims

    context = FlowRunContext.get()
    in_process = context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)
    con = db.connect(build_db)
    try:
        done = link_claims(con, run_id=run_id, submit=None if in_process else _submit_to_workers)
    finally:
        con.close()
    return len(done.relinked), done.stories


@task(name="build-models", cache_policy=NO_CACHE)
def build_models_task(build_db: str) -> list[str]:
    """Rebuild the SQL models (views and derived tables) over the claim links."""
    con = db.connect(build_db)
    try:
        return db.build_models(con)
    finally:
        con.close()


@task(name="write-report", cache_policy=NO_CACHE)
def write_report_task(build_db: str, report_dir: str) -> str:
    from .report import write_report

    con = db.connect(build_db, read_only=False)
    try:
        return str(write_report(con, Path(report_dir)))
    finally:
        con.close()


def merge_rejections(rejections: list[Rejection]) -> list[Rejection]:
    """One rejection per path, in first-seen order; a path refused twice keeps both reasons.

    A manifest row can be refused twice (a bad date, and a file that does not
    exist), and ``rejected_inputs`` holds one row per run and path.
    """
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for rejection in rejections:
        reasons, details = merged.setdefault(rejection.path, ([], []))
        if rejection.reason not in reasons:
            reasons.append(rejection.reason)
        if rejection.detail not in details:
            details.append(rejection.detail)
    return [
        Rejection(path, "; ".join(reasons), "; ".join(details))
        for path, (reasons, details) in merged.items()
    ]


def rejected_article_paths(summary: RunSummary, plan: WorkPlan) -> list[str]:
    """Paths of article files this run tried to extract and refused.

    Only these leave ``article_files``: the other rejections name the manifest,
    one of its rows, or a file that never was an article (wrong type, a link out
    of the corpus), and a file that vanished is already in ``plan.removed_paths``.
    """
    attempted = {source.path for source in plan.to_extract}
    return sorted({r.path for r in summary.rejected} & attempted)


def _record_run(
    build_db: str,
    summary: RunSummary,
    started: datetime,
    status: str,
    corpus: str,
    versions: str,
    error: str | None = None,
) -> None:
    # A failed run records whatever it had collected, which may not be merged yet.
    rejected = merge_rejections(summary.rejected)
    con = db.connect(build_db)
    try:
        db.migrate(con)
        db.upsert_rows(
            con,
            "pipeline_runs",
            pa.Table.from_pylist(
                [
                    {
                        "run_id": summary.run_id,
                        "started_at": started,
                        "finished_at": datetime.now(UTC).replace(tzinfo=None),
                        "status": status,
                        "corpus": corpus,
                        "discovered": summary.discovered,
                        "processed": summary.processed,
                        "skipped_unchanged": summary.skipped_unchanged,
                        "duplicates": summary.duplicates,
                        "removed": summary.removed,
                        "rejected": len(rejected),
                        "extractor_versions": versions,
                        "error": error,
                        "skipped_records": skipped_json(summary.skipped_records),
                        "failed_stage": summary.failed_stage,
                        "error_file": summary.error_file,
                        "stories_relinked": summary.stories_relinked,
                        "stories_total": summary.stories_total,
                    }
                ]
            ),
            ["run_id"],
        )
        if rejected:
            db.upsert_rows(
                con,
                "rejected_inputs",
                pa.Table.from_pylist(
                    [
                        {
                            "run_id": summary.run_id,
                            "path": r.path,
                            "reason": r.reason,
                            "detail": r.detail,
                        }
                        for r in rejected
                    ]
                ),
                ["run_id", "path"],
            )
    finally:
        con.close()


def _status(summary: RunSummary) -> str:
    return "completed" if summary.failed_stage is None else "failed"


def batches(items: list, size: int) -> Iterator[list]:
    """Consecutive slices of ``items``, ``size`` long (the last may be shorter)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


# Starting worker processes costs ~3 s (spawn, imports, model load) and one
# article ~0.13 s of parsing, so a second core only pays for itself past ~45
# articles: smaller runs parse in the flow process.
IN_PROCESS_MAX = 48


def plan_batches(items: list, size: int, window: int) -> list[list]:
    """Cut ``items`` into extraction batches of at most ``size``, in order.

    ``window`` is how many batches are in flight at once (a few per worker).
    Parallel workers finish their last batches at different moments, and the ones
    done first sit idle until the last ends, so:

    - a run of at least two windows' worth goes in full batches, then the last
      window's worth in quarter-size ones: the wait at the end is up to a quarter
      of a batch, not a whole one;
    - a shorter run is cut into equal batches, as many as a multiple of
      ``window``, so that every worker gets the same share.

    No batch is larger than ``size``, so peak memory does not grow with the run.
    """
    if not items:
        return []
    if len(items) < 2 * window * size:
        count = -(-len(items) // size)  # ceiling division
        count = -(-count // window) * window
        return list(batches(items, -(-len(items) // count)))
    tail_start = len(items) - window * size
    tail_start -= tail_start % size  # the full batches stay whole
    return [*batches(items[:tail_start], size), *batches(items[tail_start:], max(1, size // 4))]


def _extract_and_load(
    building: str,
    plan: WorkPlan,
    run_id: str,
    batch_size: int,
    max_in_flight: int,
    submit_single_batch: bool,
    summary: RunSummary,
) -> None:
    """Extract batches on the task runner while the flow process loads finished ones.

    At most ``max_in_flight`` batches are submitted and not yet loaded, so memory
    stays bounded however large the corpus is: a batch's Docs never leave its
    worker, and its Arrow tables are dropped once loaded. Batches load in
    submission order, so the warehouse does not depend on which worker was faster.
    A run of at most one batch and :data:`IN_PROCESS_MAX` articles runs in the
    flow process unless ``submit_single_batch``: starting worker processes would
    cost more than it saves.
    """
    # One connection for every batch: closing a DuckDB file connection checkpoints
    # it, and a checkpoint per batch cost more than the inserts themselves.
    with closing(db.connect(building)) as con:
        _extract_and_load_into(
            con, plan, run_id, batch_size, max_in_flight, submit_single_batch, summary
        )


def _extract_and_load_into(
    con: duckdb.DuckDBPyConnection,
    plan: WorkPlan,
    run_id: str,
    batch_size: int,
    max_in_flight: int,
    submit_single_batch: bool,
    summary: RunSummary,
) -> None:
    loaded_ids: set[str] = set()
    total = len(plan.to_extract)
    done = 0
    _progress("extract_and_load", done, total)

    def load(extracted: ExtractedBatch) -> None:
        nonlocal done
        summary.rejected.extend(extracted.rejections)
        fresh = [i for i in extracted.article_ids if i not in loaded_ids]
        summary.duplicates += len(extracted.files) - len(fresh)
        loaded_ids.update(fresh)
        with summary.timed("load"):
            summary.processed += load_batch(con, extracted, plan.replaced_ids)
        # Every file of the batch is either loaded or rejected.
        done += len(extracted.files) + len(extracted.rejections)
        _progress("extract_and_load", done, total)

    if not plan.to_extract:
        return  # a no-change run: no task to start
    if len(plan.to_extract) <= min(batch_size, IN_PROCESS_MAX) and not submit_single_batch:
        load(extract_batch_task(plan.to_extract, run_id))
        return
    pending: deque = deque()
    for batch in plan_batches(plan.to_extract, batch_size, max_in_flight):
        pending.append(extract_batch_task.submit(batch, run_id))
        if len(pending) >= max_in_flight:
            load(pending.popleft().result())
    while pending:
        load(pending.popleft().result())


@flow(name="newsfacts-pipeline", log_prints=False, task_runner=make_task_runner("process"))
def newsfacts_pipeline(
    corpus_dir: str = "corpus",
    db_path: str = str(db.DEFAULT_DB),
    report_dir: str | None = None,
    batch_size: int = 128,
    max_in_flight: int | None = None,
    submit_single_batch: bool = False,
    jsonl_fields: str | None = None,
) -> RunSummary:
    """Discover → open archives → plan → extract and load → claims → models → report → publish.

    Extraction batches run on the flow's task runner (by default one worker
    process per CPU; see :func:`run_pipeline` for the others); the flow process
    is the only writer. ``max_in_flight`` bounds the batches extracted but not
    yet loaded (default: two per worker, so no worker waits on the loader).
    """
    logger = get_run_logger()
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    started = datetime.now(UTC).replace(tzinfo=None)
    report_dir = report_dir or str(Path(db_path).parent / "reports")
    summary = RunSummary(run_id=run_id, db_path=db_path)
    versions = versions_key()
    corpus_label = str(corpus_dir)
    summary.stage = "build_copy"
    try:
        with db.build_copy(db_path) as building:
            con = db.connect(building)
            db.migrate(con)
            con.close()
            with _stage(summary, "discover"):
                corpus = discover_articles(corpus_dir)
            summary.rejected.extend(corpus.rejections)
            if corpus.containers:
                with _stage(summary, "open_archives"):
                    opened = open_containers(
                        str(building), corpus, run_id, jsonl_fields, versions
                    )
            else:
                # No task (and no stage) for a corpus of plain files; archives that
                # left the corpus are still forgotten.
                opened = open_containers.fn(
                    str(building), corpus, run_id, jsonl_fields, versions
                )
            corpus, opened_rejections, skipped, records_read = opened
            summary.rejected.extend(opened_rejections)
            summary.skipped_records, summary.archive_records_read = skipped, records_read
            summary.discovered = len(corpus.files)
            with _stage(summary, "plan"):
                plan = plan_work(str(building), corpus, versions)
                run_key = claims_key(versions)
                claims_current = _claims_current(str(building), run_key)
            summary.skipped_unchanged = len(plan.unchanged)
            summary.removed = len(plan.removed_paths)
            with _stage(summary, "extract_and_load"), workers_share_api():
                _extract_and_load(
                    str(building),
                    plan,
                    run_id,
                    batch_size,
                    max_in_flight or 2 * default_workers(),
                    submit_single_batch,
                    summary,
                )
            remember_refused_pages(str(building), plan.to_extract, summary.rejected, versions)
            summary.rejected = merge_rejections(summary.rejected)
            with _stage(summary, "drop_removed"):
                drop_removed_articles(
                    str(building), plan.removed_paths + rejected_article_paths(summary, plan)
                )
            # When no article changed and the last run linked them with the same code,
            # the claim links are still right; else the stories whose inputs changed
            # are relinked (the link stage compares each story's fingerprint).
            changed = bool(plan.to_extract or plan.removed_paths or plan.replaced_ids)
            try:
                if changed or not claims_current:
                    with _stage(summary, "link_claims"):
                        relinked = link_claims_task(str(building), run_id)
                    summary.claims_relinked = True
                    summary.stories_relinked, summary.stories_total = relinked
                with _stage(summary, "build_models"):
                    build_models_task(str(building))
            except Exception as exc:
                _fail(summary, exc)
            with _stage(summary, "record_run"):
                _record_run(
                    str(building), summary, started, _status(summary), corpus_label, run_key,
                    summary.error,
                )  # fmt: skip
            if summary.failed_stage is None:
                try:
                    with _stage(summary, "report"):
                        summary.report_path = write_report_task(str(building), report_dir)
                except Exception as exc:
                    _fail(summary, exc)
                    _record_run(
                        str(building), summary, started, "failed", corpus_label, run_key,
                        summary.error,
                    )  # fmt: skip
            _progress("publish")
            summary.stage = "publish"
            publish_started = time.perf_counter()
        summary.stage_seconds["publish"] = time.perf_counter() - publish_started
    except db.WarehouseBusy:
        raise
    except Exception as exc:
        # The half-built copy is dropped; the failure itself is published on a fresh
        # copy, so the warehouse shows the run without any of its partial work.
        _fail(summary, exc)
        logger.error("run %s failed in %s: %s", run_id, summary.failed_stage, summary.error)
        try:
            with db.build_copy(db_path) as building:
                _record_run(
                    str(building), summary, started, "failed", corpus_label,
                    claims_key(versions), summary.error,
                )  # fmt: skip
        except Exception as record_exc:  # a full disk fails this copy too
            logger.error("run %s: its failure could not be recorded: %s", run_id, record_exc)
        raise
    if summary.failed_stage is not None:
        logger.error(
            "run %s: %s failed (%s): %s; the articles it loaded are published",
            run_id, summary.failed_stage, summary.error_file, summary.error,
        )  # fmt: skip
        raise StageFailed(summary)
    logger.info(
        "run %s: %d discovered, %d processed, %d unchanged, %d rejected",
        run_id,
        summary.discovered,
        summary.processed,
        summary.skipped_unchanged,
        len(summary.rejected),
    )
    logger.info(
        "run %s stages (s): %s",
        run_id,
        ", ".join(f"{k} {v:.2f}" for k, v in summary.stage_seconds.items()),
    )
    return summary


def run_pipeline(
    corpus_dir: str = "corpus",
    db_path: str = str(db.DEFAULT_DB),
    report_dir: str | None = None,
    batch_size: int = 128,
    runner: str = "process",
    address: str | None = None,
    workers: int | None = None,
    progress: ProgressHook | None = None,
    jsonl_fields: str | None = None,
) -> RunSummary:
    """Run the flow with extraction on the chosen task runner (see :mod:`flows.runners`).

    With ``runner="dask"`` every batch goes to the cluster, even a single one, so
    the cluster path is the one exercised. ``progress`` is told each stage as it
    begins and, while extracting, how many of the articles to extract are done
    (files that turn out to be rejected count as done).
    """
    global _progress_hook
    task_runner = make_task_runner(runner, address, workers)
    _progress_hook = progress
    try:
        return newsfacts_pipeline.with_options(task_runner=task_runner)(
            corpus_dir=corpus_dir,
            db_path=db_path,
            report_dir=report_dir,
            batch_size=batch_size,
            max_in_flight=2 * (workers or default_workers()),
            submit_single_batch=runner == "dask",
            jsonl_fields=jsonl_fields,
        )
    finally:
        _progress_hook = None
