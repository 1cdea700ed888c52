"""The ``newsfacts-pipeline`` Prefect flow: corpus folder in, published warehouse out.

Tasks are thin and work on batches of articles; the extraction itself lives in
the pure ``extractors`` package and in :mod:`flows.extraction`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extractors.article import versions_key
from warehouse import db

from .extraction import FILES_SCHEMA, ExtractedBatch, extract_batch
from .sources import Corpus, Rejection, SourceFile, content_id, discover, read_source


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


@dataclass(frozen=True)
class WorkPlan:
    to_extract: list[SourceFile]
    unchanged: list[SourceFile]
    removed_paths: list[str]
    replaced_ids: list[str]  # ids whose files changed or vanished: their rows go


@task(name="discover-articles", cache_policy=NO_CACHE)
def discover_articles(corpus_dir: str) -> Corpus:
    return discover(corpus_dir)


@task(name="plan-work", cache_policy=NO_CACHE)
def plan_work(build_db: str, corpus: Corpus, versions: str) -> WorkPlan:
    """Decide what to extract: new or changed files, or any file after a version change.

    An unchanged file costs one hash and one lookup.
    """
    con = db.connect(build_db)
    try:
        known = {
            path: (sha, article_id, article_versions)
            for path, sha, article_id, article_versions in con.execute(
                "SELECT f.path, f.content_sha256, f.article_id, a.extractor_versions"
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
        try:
            _, sha = content_id(read_source(source).text)
        except (ValueError, OSError):
            to_extract.append(source)  # extraction will reject it with the reason
            replaced.add(previous[1])
            continue
        if sha == previous[0] and previous[2] == versions:
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


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch_task(build_db: str, batch: ExtractedBatch, replaced_ids: list[str]) -> int:
    con = db.connect(build_db)
    try:
        db.load_articles(con, batch.tables, sorted(set(batch.article_ids) | set(replaced_ids)))
        db.upsert_rows(
            con, "article_files", pa.Table.from_pylist(batch.files, schema=FILES_SCHEMA), ["path"]
        )
    finally:
        con.close()
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


@task(name="build-models", cache_policy=NO_CACHE)
def build_models_task(build_db: str) -> list[str]:
    """Link claims across articles (Python), then rebuild the SQL models."""
    from warehouse.claims import link_claims

    con = db.connect(build_db)
    try:
        link_claims(con)
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


def _record_run(
    build_db: str,
    summary: RunSummary,
    started: datetime,
    status: str,
    corpus: str,
    versions: str,
    error: str | None = None,
) -> None:
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
                        "rejected": len(summary.rejected),
                        "extractor_versions": versions,
                        "error": error,
                    }
                ]
            ),
            ["run_id"],
        )
        if summary.rejected:
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
                        for r in summary.rejected
                    ]
                ),
                ["run_id", "path"],
            )
    finally:
        con.close()


def batches(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@flow(name="newsfacts-pipeline", log_prints=False)
def newsfacts_pipeline(
    corpus_dir: str = "corpus",
    db_path: str = str(db.DEFAULT_DB),
    report_dir: str | None = None,
    batch_size: int = 64,
) -> RunSummary:
    """Discover → plan → extract and load per batch → build models → report → publish."""
    logger = get_run_logger()
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    started = datetime.now(UTC).replace(tzinfo=None)
    report_dir = report_dir or str(Path(db_path).parent / "reports")
    summary = RunSummary(run_id=run_id, db_path=db_path)
    versions = versions_key()
    corpus_label = str(corpus_dir)
    try:
        with db.build_copy(db_path) as building:
            con = db.connect(building)
            db.migrate(con)
            con.close()
            corpus = discover_articles(corpus_dir)
            summary.discovered = len(corpus.files)
            summary.rejected.extend(corpus.rejections)
            plan = plan_work(str(building), corpus, versions)
            summary.skipped_unchanged = len(plan.unchanged)
            summary.removed = len(plan.removed_paths)
            loaded_ids: set[str] = set()
            for batch in batches(plan.to_extract, batch_size):
                extracted = extract_batch_task(batch, run_id)
                summary.rejected.extend(extracted.rejections)
                fresh = [i for i in extracted.article_ids if i not in loaded_ids]
                summary.duplicates += len(extracted.files) - len(fresh)
                loaded_ids.update(fresh)
                summary.processed += load_batch_task(str(building), extracted, plan.replaced_ids)
            rejected_paths = [r.path for r in summary.rejected]
            drop_removed_articles(str(building), plan.removed_paths + rejected_paths)
            build_models_task(str(building))
            _record_run(str(building), summary, started, "completed", corpus_label, versions)
            summary.report_path = write_report_task(str(building), report_dir)
    except db.WarehouseBusy:
        raise
    except Exception as exc:
        # The half-built copy is dropped; the failure itself is published on a fresh
        # copy, so the warehouse shows the run without any of its partial work.
        logger.error("run %s failed: %s", run_id, exc)
        with db.build_copy(db_path) as building:
            _record_run(
                str(building), summary, started, "failed", corpus_label, versions, repr(exc)
            )
        raise
    logger.info(
        "run %s: %d discovered, %d processed, %d unchanged, %d rejected",
        run_id,
        summary.discovered,
        summary.processed,
        summary.skipped_unchanged,
        len(summary.rejected),
    )
    return summary
