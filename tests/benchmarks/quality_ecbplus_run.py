"""The whole ECB+ dev split through ``newsfacts run`` (part of ``make bench-quality``).

Run from the repo root: ``.venv/bin/python -m tests.benchmarks.quality_ecbplus_run``.

Copies ``shared/ecbplus-dev/texts`` (496 documents, 42 stories; CC BY 3.0, see its
README) into a temporary corpus, runs ``newsfacts run`` on it as a user would,
and prints whether it completed and published, its wall time and stage times,
and the counts a reader checks first: articles, stories against the 42 true
ones, claims and conflicts, mentions inside page furniture (should be 0).
Exits non-zero when the run fails, so a late-stage crash on real news is caught.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "ecbplus-dev"


def main() -> int:
    if not (DEV / "texts").is_dir():
        print(f"ECB+ dev split not found beside the repo ({DEV}); skipped")
        return 0
    with tempfile.TemporaryDirectory(prefix="newsfacts-ecbplus-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(DEV / "texts", corpus / "articles")
        db = Path(tmp) / "newsfacts.duckdb"
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", "--corpus", str(corpus), "--db", str(db)],
            capture_output=True, text=True, cwd=REPO,
        )  # fmt: skip
        wall = time.perf_counter() - started
        print("== ECB+ dev split: newsfacts run ==")
        print(f"exit {result.returncode}, {wall:.1f} s wall (including Prefect start-up)")
        for line in result.stdout.splitlines():
            if line.startswith(("newsfacts run", "claims:", "stages")):
                print("  " + line)
        if result.returncode != 0 or not db.exists():
            print(result.stderr[-3000:])
            print("FAILED: the run did not complete and publish")
            return 1
        con = duckdb.connect(str(db), read_only=True)
        try:
            report(con)
        finally:
            con.close()
    return 0


def report(con: duckdb.DuckDBPyConnection) -> None:
    truth = {
        row["file"]: row["story"]
        for row in csv.DictReader((DEV / "manifest.csv").open(encoding="utf-8"))
    }
    found: dict[str, set[str]] = defaultdict(set)
    for path, story in con.execute(
        "SELECT a.path, s.story_id FROM articles a JOIN article_stories s USING (article_id)"
    ).fetchall():
        found[story].add(truth.get(path, "?"))
    mixed = sum(1 for stories in found.values() if len(stories) > 1)
    articles, published = con.execute(
        "SELECT count(*), count(published) FROM articles"
    ).fetchone()
    claims, conflicted = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE is_conflicted) FROM claims"
    ).fetchone()
    in_furniture = sum(
        con.execute(
            f"SELECT count(*) FROM {table} m JOIN furniture_spans f USING (article_id)"
            " WHERE m.start_char < f.end_char AND m.end_char > f.start_char"
        ).fetchone()[0]
        for table in ("figure_mentions", "entity_mentions", "date_mentions")
    )
    print(f"  articles {articles} ({published} with a publication date)")
    print(f"  stories found {len(found)} (true: {len(set(truth.values()))}),"
          f" {mixed} joining articles of two true stories")  # fmt: skip
    print(f"  claims {claims}, {conflicted} in conflict")
    print(f"  mentions inside page furniture: {in_furniture}")


if __name__ == "__main__":
    sys.exit(main())
