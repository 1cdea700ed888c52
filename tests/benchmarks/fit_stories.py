"""Fit the story model on ECB+ dev and report it on held-out topics.

usage: python -m tests.benchmarks.fit_stories [--db WAREHOUSE] [--write]

WAREHOUSE is a `newsfacts run` over the bare ECB+ dev texts (no manifest, as
ecb_eval part A runs it); when it is not given one is built in a temporary
directory (a few minutes). The gold story of each file comes from the split's
manifest. Two folds by topic (i14 split): fold A = the topics at even positions of
the sorted dev topic list, fold B = the others. The model is fitted on one fold
(logistic regression over article-story features gathered by streaming the fold's
articles into their gold stories; then the join threshold that maximises the
fold's own pairwise F1) and scored on the other, both ways. `--write` then fits on
all dev topics and writes warehouse/claims/data/story_model.json.

ECB+ (CC BY 3.0, Cybulska and Vossen, LREC 2014): see ../shared/ecbplus-dev/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np
from sklearn.linear_model import LogisticRegression

from warehouse.claims import link
from warehouse.claims.stories import (
    MODEL,
    StoryIndex,
    article_terms,
    infer_stories,
    publication_order,
)

REPO = Path(__file__).resolve().parents[2]
SPLIT = REPO.parent / "shared" / "ecbplus-dev"
EVAL = REPO.parent / "shared" / "eval"
MODEL_PATH = REPO / "warehouse" / "claims" / "data" / "story_model.json"
# Which articles of one day go first: the richest in names, or in words.
ORDERS = ("words", "names")
THRESHOLDS = [round(t, 2) for t in np.arange(0.1, 0.91, 0.05)]
BASE = ["cos_words", "cos_names", "cos_entities", "cos_numbers", "shared_entities", "log_size"]
TIME = ["log_days_apart", "date_mixed", "date_none"]
# Designs compared by their mean held-out F1 (weights always fitted on the training fold):
# the features the model weighs and the hard window (days) it keeps, if any.
VARIANTS = {
    "base": {"features": BASE, "window_days": 21},
    "time": {"features": BASE + TIME, "window_days": 21},
    "time-nowindow": {"features": BASE + TIME + ["beyond_window"], "window_days": None},
    "time-share": {"features": BASE + TIME + ["dated_unlike"], "window_days": 21},
    "time-share-nowindow": {
        "features": BASE + TIME + ["dated_unlike", "beyond_window"], "window_days": None
    },
    "time-share-length": {
        "features": BASE + TIME + ["dated_unlike", "log_article_words"], "window_days": 21
    },
}

# The design the shipped model uses.
SHIPPED = "time-share"
# Bumped whenever the features or how they are computed change.
VERSION = "stories-5"


def pairwise_f1(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float, float]:
    sys.path.insert(0, str(EVAL))
    from ecb_eval import pairwise_f1 as official  # the scorer's own function

    return official(gold, system)


def build(db: Path) -> None:
    corpus = db.parent / "a"
    (corpus / "articles").mkdir(parents=True, exist_ok=True)
    for f in (SPLIT / "texts").glob("*.txt"):
        (corpus / "articles" / f.name).write_bytes(f.read_bytes())
    newsfacts = Path(sys.executable).parent / "newsfacts"
    subprocess.run([str(newsfacts), "run", "--corpus", str(corpus), "--db", str(db)],
                   check=True, capture_output=True)  # fmt: skip


def load(db: Path) -> tuple[list, dict, dict, dict]:
    """Articles, figures and entities as link_claims reads them, and file -> gold story."""
    con = duckdb.connect(str(db), read_only=True)
    articles = link._articles(con)
    figures: dict[str, list] = defaultdict(list)
    for f in link._figures(con):
        if f.value is not None:
            figures[f.article_id].append(f)
    entities: dict[str, set[str]] = defaultdict(set)
    for article_id, entity_id in con.execute(
        "SELECT article_id, entity_id FROM entity_mentions"
    ).fetchall():
        entities[article_id].add(entity_id)
    paths = dict(con.execute("SELECT article_id, path FROM articles").fetchall())
    with open(SPLIT / "manifest.csv", encoding="utf-8") as fh:
        manifest = {r["file"]: r for r in csv.DictReader(fh)}
    gold = {a: manifest[os.path.basename(p)] for a, p in paths.items()}
    return articles, figures, entities, gold


def folds(gold: dict) -> dict[str, set[str]]:
    topics = sorted({int(r["topic"]) for r in gold.values()})
    return {"A": set(map(str, topics[0::2])), "B": set(map(str, topics[1::2]))}


def training_rows(
    terms_list: list, story_of: dict[str, str], order_by: str, spec: dict
) -> tuple[list, list, int, int]:
    """Stream articles into their gold stories; one row per (article, candidate story)."""
    index = StoryIndex(
        {**spec, "weights": [0.0] * len(spec["features"]), "bias": 0.0, "threshold": 0.5}
    )
    xs, ys, reachable, found = [], [], 0, 0
    gold_story: dict[str, object] = {}
    for terms in publication_order(terms_list, order_by):
        vectors = index.vectors(terms)
        index.observe(vectors)
        label = story_of[terms.article_id]
        candidates = index.candidates(terms, vectors)
        weighted = index.weigh(vectors)
        if label in gold_story:
            reachable += 1
            found += any(c is gold_story[label] for c in candidates)
        for story in candidates:
            xs.append(index.feature_vector(weighted, story, terms.published))
            ys.append(int(story is gold_story.get(label)))
        if label not in gold_story:
            gold_story[label] = index.new_story(f"gold-{label}")
        index.attach(terms, vectors, gold_story[label])
    return xs, ys, reachable, found


def score(articles, figures, entities, gold, model) -> tuple[float, float, float]:
    stories = infer_stories(articles, figures, entities, model=model)
    return pairwise_f1(
        {a.article_id: gold[a.article_id]["story"] for a in articles},
        {a: s for a, (s, _, _) in stories.items()},
    )


def fit(articles, figures, entities, gold, spec: dict) -> dict:
    """The model, its threshold and its within-day order that fit these articles best."""
    story_of = {a.article_id: gold[a.article_id]["story"] for a in articles}
    terms_list = [
        article_terms(a, figures.get(a.article_id, []), entities.get(a.article_id, set()))
        for a in articles
    ]
    fitted = []
    for order_by in ORDERS:
        xs, ys, reachable, found = training_rows(terms_list, story_of, order_by, spec)
        lr = LogisticRegression(C=10.0, max_iter=2000).fit(np.array(xs), np.array(ys))
        model = {
            "version": VERSION,
            "features": spec["features"],
            "window_days": spec["window_days"],
            "weights": [round(float(w), 4) for w in lr.coef_[0]],
            "bias": round(float(lr.intercept_[0]), 4),
            "threshold": 0.5,
            "order_by": order_by,
            "candidate_recall": round(found / reachable, 4) if reachable else None,
            "training_rows": len(ys),
        }
        f1, best = max(
            (score(articles, figures, entities, gold, {**model, "threshold": t})[0], t)
            for t in THRESHOLDS
        )
        model["threshold"] = best
        model["training_f1"] = round(f1, 4)
        fitted.append(model)
    return max(fitted, key=lambda m: m["training_f1"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--fold-models", type=Path, help="write fold_<train>.json models here")
    parser.add_argument("--variant", choices=VARIANTS, default=SHIPPED)
    args = parser.parse_args(argv)
    spec = VARIANTS[args.variant]
    db = args.db
    if db is None:
        db = Path(tempfile.mkdtemp()) / "a.duckdb"
        build(db)
    articles, figures, entities, gold = load(db)
    topic_folds = folds(gold)
    for name, fold in topic_folds.items():
        te = [a for a in articles if gold[a.article_id]["topic"] in fold]
        f1, p, r = score(te, figures, entities, gold, MODEL)
        print(f"stories: the model in use ({MODEL['version']}, fitted on all dev: not held out) "
              f"on fold {name}: pairwise F1 {f1:.3f} (P {p:.3f} R {r:.3f})")  # fmt: skip
    held_out = {}
    for train, test in (("A", "B"), ("B", "A")):
        tr = [a for a in articles if gold[a.article_id]["topic"] in topic_folds[train]]
        te = [a for a in articles if gold[a.article_id]["topic"] in topic_folds[test]]
        model = fit(tr, figures, entities, gold, spec)
        if args.fold_models:
            args.fold_models.mkdir(parents=True, exist_ok=True)
            model["fitted_on"] = f"ECB+ dev fold {train} (i14 2-fold topic split)"
            (args.fold_models / f"fold_{train}.json").write_text(json.dumps(model, indent=1))
        start = time.perf_counter()
        f1, p, r = score(te, figures, entities, gold, model)
        seconds = time.perf_counter() - start
        held_out[test] = (f1, p, r)
        print(f"stories: fitted on fold {train} ({len(tr)} docs), held-out fold {test} "
              f"({len(te)} docs): pairwise F1 {f1:.3f} (P {p:.3f} R {r:.3f}) "
              f"[threshold {model['threshold']}, order {model['order_by']}, candidate recall {model['candidate_recall']},"
              f" {seconds:.1f} s]")  # fmt: skip
    mean = sum(v[0] for v in held_out.values()) / 2
    print(f"stories: mean held-out pairwise F1 {mean:.3f} (ECB+ dev, 2-fold topic split, "
          f"variant {args.variant})")  # fmt: skip
    if args.write:
        model = fit(articles, figures, entities, gold, spec)
        model["fitted_on"] = (
            "ECB+ dev split, all 21 topics (496 docs), bare texts as ecb_eval part A; "
            f"held-out F1: fold A {held_out['A'][0]:.3f}, fold B {held_out['B'][0]:.3f}"
        )
        MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(REPO)}: {json.dumps(model)}")


if __name__ == "__main__":
    main()
