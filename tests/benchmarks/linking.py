"""Claim-linking cost against story size (part of ``make bench``).

One story of N near-identical articles (``../shared/eval/make_corpus.py``: the
seed articles' paragraphs recombined, two- and three-digit numbers perturbed) is
extracted and loaded once at the largest N; linking (stories, sources,
intervals, attribution, times, pair model, clustering, relations: the whole
``build_links``) is then timed on the first 100, 300 and 1,000 articles, all
given one story by the manifest. Target: 1,000 articles link in at most 10 s.

    python -m tests.benchmarks.linking [--sizes 100,300,1000] [--warehouse W.duckdb]
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.extraction import FILES_SCHEMA, extract_batch
from flows.sources import discover
from warehouse import db
from warehouse.claims import link as link_module
from warehouse.claims.link import build_links, read_inputs

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--warehouse", type=Path, help="reuse (or keep) this warehouse")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.warehouse
        if path is None or not path.exists():
            built = build(sizes[-1], Path(tmp))
            if path is not None:
                built.replace(path)
            path = path or built
        print("claim linking, one story of N near-identical articles (make_corpus.py):")
        for n, mentions, seconds, relations in time_linking(path, sizes):
            verdict = "" if n < 1000 else (" (target <= 10 s: " +
                                           ("met)" if seconds <= TARGET_SECONDS else "MISSED)"))
            print(f"  {n:>5} articles  {mentions:>6} figure mentions  {seconds:6.2f} s"
                  f"  (relations {relations:5.2f} s){verdict}")


if __name__ == "__main__":
    main()
