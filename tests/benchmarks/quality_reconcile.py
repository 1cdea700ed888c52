"""Conflict, update or agreement on the ECB+ dev split, per held-out fold.

usage: python -m tests.benchmarks.quality_reconcile [WAREHOUSE]

WAREHOUSE is a ``newsfacts run`` over the dev split's gold stories with a manifest
giving each file's story (what ``../shared/eval/ecb_eval.py`` builds as its run B);
without it the script builds one in a temporary directory (a few minutes). The
claim linking and the SQL models are re-run on a copy, then scored with the
official scorer's own ``claim_score`` on each fold of the fixed topic split
(fold A: topics at even positions of the sorted dev topic list; fold B: the
others). Nothing here is fitted: the time rule (:mod:`warehouse.claims.timeline`)
and the tolerance rule (:mod:`warehouse.claims.intervals`) are written from the
wording, and both folds are held out.

The ECB+ texts are CC BY 3.0 (Cybulska and Vossen, LREC 2014); see the split's README.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

from warehouse import db
from warehouse.claims import link_claims
from warehouse.claims.link import redecide

SPLIT = Path(__file__).resolve().parents[2].parent / "shared" / "ecbplus-dev"
EVAL = SPLIT.parent / "eval"


def folds(split: Path = SPLIT) -> dict[str, set[int]]:
    topics = sorted(
        {int(r["topic"]) for r in csv.DictReader(open(split / "manifest.csv", encoding="utf-8"))}
    )
    return {"A": set(topics[0::2]), "B": set(topics[1::2])}


def build_warehouse(out: Path, split: Path = SPLIT) -> Path:
    """Run B of the scorer: the gold stories' files with a manifest giving their story."""
    sys.path.insert(0, str(EVAL))
    from ecb_eval import build  # noqa: PLC0415

    manifest = list(csv.DictReader(open(split / "manifest.csv", encoding="utf-8")))
    stories = {r["file"]: r["story"] for r in manifest}
    gold = {r["story"] for r in csv.DictReader(open(split / "gold_claims.csv", encoding="utf-8"))}
    files = sorted(f for f in stories if stories[f] in gold)
    build(str(split), str(out / "b"), files, stories, {r["file"]: r for r in manifest})
    newsfacts = Path(sys.executable).with_name("newsfacts")
    subprocess.run(
        [str(newsfacts), "run", "--corpus", str(out / "b"), "--db", str(out / "b.duckdb")],
        check=True,
        capture_output=True,
    )
    return out / "b.duckdb"


def relink(warehouse: Path, work: Path) -> Path:
    """A copy of the warehouse with claims relinked and the models rebuilt by this checkout."""
    copy = work / "relinked.duckdb"
    shutil.copy(warehouse, copy)
    con = duckdb.connect(str(copy))
    link_claims(con)
    db.build_models(con)
    con.close()
    return copy


def gold_linked(warehouse: Path, work: Path, split: Path = SPLIT) -> Path:
    """A copy whose mentions that reach a gold item take the gold claim as their claim.

    This isolates conflict / update / agreement from claim linking: the rule is
    scored as if linking were right, on the mentions the extractors found.
    """
    copy = work / "gold_linked.duckdb"
    shutil.copy(warehouse, copy)
    con = duckdb.connect(str(copy))
    gold = list(csv.DictReader(open(split / "gold_claims.csv", encoding="utf-8")))
    rows = con.execute(
        "SELECT ca.mention_id, a.path, f.value FROM claim_assignments ca"
        " JOIN figure_mentions f USING (mention_id) JOIN articles a ON a.article_id = f.article_id"
    ).fetchall()
    keys: dict[tuple[str, float], str] = {}
    for g in gold:
        try:
            keys[(g["file"], round(float(g["value"]), 6))] = f"gold-{g['story']}/{g['claim_key']}"
        except ValueError:
            continue  # a range ("30-33") reaches no single value
    for mention_id, path, value in rows:
        key = keys.get((Path(path).name, round(value, 6))) if value is not None else None
        if key:
            con.execute(
                "UPDATE claim_assignments SET claim_id = ? WHERE mention_id = ?", [key, mention_id]
            )
    redecide(con)  # the conflict views read the rules' answers for the claims as they stand
    db.build_models(con)
    con.close()
    return copy


def score(warehouse: Path, split: Path = SPLIT) -> dict[str, dict]:
    sys.path.insert(0, str(EVAL))
    from ecb_eval import claim_score  # noqa: PLC0415

    gold_rows = list(csv.DictReader(open(split / "gold_claims.csv", encoding="utf-8")))
    kinds_rows = list(csv.DictReader(open(split / "conflicts.csv", encoding="utf-8")))
    out = {}
    for name, topics in folds(split).items():
        def in_fold(story: str, topics: set[int] = topics) -> bool:
            return int(story.split("_")[0]) in topics

        rows = [dict(g) for g in gold_rows if in_fold(g["story"])]
        for g in rows:
            g["claim_key"] = f"{g['story']}/{g['claim_key']}"
        kinds = {f"{r['story']}/{r['claim_key']}": r["kind"] for r in kinds_rows
                 if in_fold(r["story"])}  # fmt: skip
        out[name] = claim_score(str(warehouse), rows, kinds)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        given = [a for a in sys.argv[1:] if a.endswith(".duckdb")]
        warehouse = Path(given[0]) if given else build_warehouse(work)
        relinked = relink(warehouse, work)
        runs = {"current linking": score(relinked),
                "gold claims as linking": score(gold_linked(relinked, work))}  # fmt: skip
    print("ECB+ dev, conflict / update / agreement (run B: manifest gives the story)")
    for label, scores in runs.items():
        print(f" {label}:")
        _print(scores)


def _print(scores: dict[str, dict]) -> None:
    for name, s in scores.items():
        print(
            f"  fold {name} (held out, nothing fitted): claims B3 F1 {s['b3_f1']:.3f}; conflicts found"
            f" {s['conflicts_found']}/{s['conflicts_total']}; false conflicts"
            f" {s['false_conflicts']} of {s['agree_total']} agreeing; updates flagged as"
            f" conflicts {s['updates_flagged_as_conflict']}/{s['updates_total']}"
        )
        print(f"    missed: {', '.join(s['conflicts_missed'])}")


if __name__ == "__main__":
    main()
