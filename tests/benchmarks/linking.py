"""Claim-linking cost against story size (part of ``make bench``).

One story of N near-identical articles (``../shared/eval/make_corpus.py``: the
seed articles' paragraphs recombined, two- and three-digit numbers perturbed) is
extracted and loaded once at the largest N; linking (stories, sources,
intervals, attribution, times, pair model, clustering, relations: the whole
``build_links``) is then timed on the first 100, 300 and 1,000 articles, all
given one story by the manifest. Target: 1,000 articles link in at most 10 s.

Then incremental relinking: the throughput benchmark's corpus
(``corpus_generator.py``, N articles in stories of 8) is extracted and loaded, and
``link_claims`` is timed linking every story, again with nothing changed, and
after one article was edited (re-extracted and loaded as a run would): only the
stories whose fingerprint changed are relinked.

    python -m tests.benchmarks.linking [--sizes 100,300,1000] [--warehouse W.duckdb]
        [--incremental-n 2000] [--incremental-warehouse W2.duckdb]
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.extraction import FILES_SCHEMA, extract_batch
from flows.sources import discover
from warehouse import db
from warehouse.claims import link as link_module
from warehouse.claims.link import LinkRun, build_links, link_claims, read_inputs
from warehouse.claims.text import unit_key

REPO = Path(__file__).resolve().parents[2]
MAKE_CORPUS = REPO.parent / "shared" / "eval" / "make_corpus.py"
SEEDS = REPO.parent / "shared" / "seeds"
TARGET_SECONDS = 10.0


def build(n: int, work: Path) -> Path:
    """A warehouse of n generated articles, all in one story (extracted and loaded, not linked)."""
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(SEEDS), str(corpus), str(n)],
                   check=True, capture_output=True)  # fmt: skip
    manifest = corpus / "manifest.csv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=[*rows[0], "story"])
        out.writeheader()
        for row in rows:
            out.writerow({**row, "story": "one-big-story"})
    batch = extract_batch(discover(corpus).files, run_id="bench-linking")
    path = work / "linking.duckdb"
    con = duckdb.connect(str(path))
    db.migrate(con)
    db.load_articles(con, batch.tables, batch.article_ids)
    db.upsert_rows(
        con, "article_files", pa.Table.from_pylist(batch.files, schema=FILES_SCHEMA), ["path"]
    )
    con.close()
    return path


def time_linking(path: Path, sizes: list[int]) -> list[tuple[int, int, float, float]]:
    """(articles, mentions, seconds, of which relations) of build_links on the first n articles."""
    con = duckdb.connect(str(path), read_only=True)
    articles, figures, entities, dates, names = read_inputs(con)
    con.close()
    spent = [0.0]
    find_relations = link_module.find_relations

    def timed_relations(*args, **kwargs):
        start = time.perf_counter()
        try:
            return find_relations(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    link_module.find_relations = timed_relations  # relations (part, share) apart from claims
    results = []
    for n in sizes:
        spent[0] = 0.0
        keep = {a.article_id for a in articles[:n]}
        subset = [f for f in figures if f.article_id in keep]
        start = time.perf_counter()
        build_links([a for a in articles if a.article_id in keep], subset,
                    {k: v for k, v in entities.items() if k in keep}, dates, names)  # fmt: skip
        results.append((len(keep), len(subset), time.perf_counter() - start, spent[0]))
    link_module.find_relations = find_relations
    return results


def load_extracted(con: duckdb.DuckDBPyConnection, batch, replaced: list[str] = ()) -> None:
    db.load_articles(con, batch.tables, sorted({*batch.article_ids, *replaced}))
    db.upsert_rows(
        con, "article_files", pa.Table.from_pylist(batch.files, schema=FILES_SCHEMA), ["path"]
    )


def build_stories(n: int, work: Path) -> Path:
    """A warehouse of the throughput corpus (n articles, stories of 8), loaded, not linked."""
    from tests.benchmarks.corpus_generator import generate

    corpus = generate(work / "stories-corpus", n).root
    files = discover(corpus).files
    path = work / "stories.duckdb"
    con = duckdb.connect(str(path))
    db.migrate(con)
    chunks = [files[i : i + 50] for i in range(0, len(files), 50)]
    with ProcessPoolExecutor(2) as pool:
        for batch in pool.map(extract_batch, chunks, repeat("bench-incremental")):
            load_extracted(con, batch)
    con.execute("CREATE TABLE bench_corpus AS SELECT ? AS root", [str(corpus)])
    con.close()
    return path


def time_incremental(path: Path, work: Path, n: int) -> None:
    """link_claims on a copy of ``path``: every story, nothing changed, one article edited."""
    print(f"incremental linking, {n} articles in stories of 8 (corpus_generator.py):")
    copy = work / "incremental.duckdb"
    copy.write_bytes(path.read_bytes())
    con = duckdb.connect(str(copy))
    corpus = Path(con.execute("SELECT root FROM bench_corpus").fetchone()[0])
    results = []

    def timed(label: str, full: bool = False) -> None:
        start = time.perf_counter()
        done = link_claims(con, full=full)
        results.append((label, done, time.perf_counter() - start))

    # inflect loads on first use (~3 s, once per process: a pipeline run pays it once
    # whatever it relinks); outside the timings so they compare the linking itself.
    start = time.perf_counter()
    unit_key("cases")
    print(f"  (first use of inflect in this process: {time.perf_counter() - start:.2f} s)")
    timed("every story linked", full=True)
    timed("nothing changed")
    # One article held by one file (not a syndicated copy) gets a new paragraph.
    single = con.execute(
        "SELECT path, article_id FROM article_files WHERE article_id IN"
        " (SELECT article_id FROM article_files GROUP BY 1 HAVING count(*) = 1)"
        " ORDER BY path"
    ).fetchall()
    edited_path, old_id = single[len(single) // 2]
    source = next(f for f in discover(corpus).files if f.path == edited_path)
    file = Path(source.absolute)
    text = file.read_text(encoding="utf-8")
    file.write_text(text + "\nA later audit examined 512 cases.\n", encoding="utf-8")
    load_extracted(con, extract_batch([source], "bench-edit"), [old_id])
    file.write_text(text, encoding="utf-8")
    timed("one article edited")
    con.close()
    # The incremental result must be the whole relink's, table for table.
    scratch = work / "scratch.duckdb"
    scratch.write_bytes(copy.read_bytes())
    whole = duckdb.connect(str(scratch))
    link_claims(whole, full=True)
    whole.close()
    same = claim_tables(copy) == claim_tables(scratch)
    print_incremental(results)
    print(f"  after the edit, the claim tables equal a whole relink's: {'yes' if same else 'NO'}")


def claim_tables(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            table: sorted(map(repr, con.execute(f"SELECT {columns} FROM {table}").fetchall()))
            for table, columns in (
                ("article_stories", "*"),
                ("source_groups", "*"),
                ("claim_assignments", "*"),
                ("claim_relations", "*"),
                ("story_link_fingerprints", "story_id, fingerprint, n_articles, n_mentions"),
            )
        }
    finally:
        con.close()


def print_incremental(results: list[tuple[str, LinkRun, float]]) -> None:
    for label, done, seconds in results:
        parts = ", ".join(f"{k} {v:.2f}" for k, v in done.seconds.items())
        print(f"  {label:<20} {seconds:6.2f} s  {len(done.relinked):>4} of {done.stories}"
              f" stories relinked  ({parts})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--warehouse", type=Path, help="reuse (or keep) this warehouse")
    parser.add_argument(
        "--incremental-n",
        type=int,
        default=2000,
        help="articles of the incremental relinking corpus (0: skip it)",
    )
    parser.add_argument(
        "--incremental-warehouse",
        type=Path,
        help="reuse (or keep) the incremental corpus's warehouse",
    )
    parser.add_argument("--skip-sizes", action="store_true", help="only the incremental part")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_sizes:
            story_sizes(args.warehouse, sizes, Path(tmp))
        if args.incremental_n:
            path = args.incremental_warehouse
            if path is None or not path.exists():
                # The corpus is kept next to a kept warehouse: the edit re-extracts one file.
                keep = path.parent if path is not None else Path(tmp)
                built = build_stories(args.incremental_n, Path(tempfile.mkdtemp(dir=keep)))
                if path is not None:
                    built.replace(path)
                path = path or built
            time_incremental(path, Path(tmp), args.incremental_n)


def story_sizes(kept: Path | None, sizes: list[int], tmp: Path) -> None:
    """Linking time against story size (the first part of the benchmark)."""
    path = kept
    if path is None or not path.exists():
        built = build(sizes[-1], tmp)
        if path is not None:
            built.replace(path)
        path = path or built
    print("claim linking, one story of N near-identical articles (make_corpus.py):")
    unit_key("cases")  # inflect loads on first use (seconds): not part of the first size's time
    for n, mentions, seconds, relations in time_linking(path, sizes):
        verdict = (
            ""
            if n < 1000
            else (" (target <= 10 s: " + ("met)" if seconds <= TARGET_SECONDS else "MISSED)"))
        )
        print(
            f"  {n:>5} articles  {mentions:>6} figure mentions  {seconds:6.2f} s"
            f"  (relations {relations:5.2f} s){verdict}"
        )


if __name__ == "__main__":
    main()
