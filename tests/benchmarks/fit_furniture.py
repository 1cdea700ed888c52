"""Fit the furniture line classifier and write its weights (``extractors/data/furniture_model.json``).

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.fit_furniture          # fit, report, write
    .venv/bin/python -m tests.benchmarks.fit_furniture --check  # report the stored weights only

Labelled lines (units: a hard-wrapped paragraph counts as one) come from three places:

- the ECB+ dev documents (``../shared/ecbplus-dev``, CC BY 3.0; labels from
  :mod:`tests.benchmarks.ecbplus_lines`: URL, title and date/time-stamp lines are
  furniture, the article's sentences are not);
- the seed articles (``corpus/articles``) with ``../shared/gold/noise.csv`` and the
  manifest's headline (a title line at the top is furniture);
- the pages written for this purpose in ``tests/fixtures/furniture_pages.txt``, one
  per kind of furniture the issue lists.

Split: every third ECB+ topic (sorted by number), every second written page and all
the seed articles are held apart; the weights are fitted on the rest with
scikit-learn's ``LogisticRegression`` and the held-apart precision and recall
(furniture = positive) are printed and stored with the weights.
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass
from pathlib import Path

from extractors import line_features
from tests.benchmarks import ecbplus_lines

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "extractors" / "data" / "furniture_model.json"
PAGES = ROOT / "tests" / "fixtures" / "furniture_pages.txt"
GOLD = ecbplus_lines.ECB.parent / "gold"
MODEL_VERSION = "furniture-lr-1"
THRESHOLD = 0.5  # the default; fit() picks its own on the fitting half
C = 4.0


@dataclass
class Example:
    source: str  # ecbplus | seeds | written
    group: str
    held: bool
    text: str
    features: tuple[float, ...]
    label: int


def _examples_of(
    text: str, line_label: list[int | None], source: str, group: str, held: bool
) -> list[Example]:
    units, rows = line_features.feature_rows(text)
    lines = text.splitlines()
    out = []
    for unit, row in zip(units, rows, strict=True):
        labels = {
            line_label[i]
            for i in range(unit.first_line, unit.last_line + 1)
            # A link alone on a line inside a wrapped paragraph is blanked as a link.
            if not (unit.last_line > unit.first_line and line_features.is_url_only(lines[i]))
            and lines[i].strip()
        }
        if len(labels) != 1 or None in labels or line_features.is_url_only(unit.text):
            continue  # a link alone is furniture by rule, not by the classifier
        out.append(Example(source, group, held, unit.text, row, labels.pop()))
    return out


def ecbplus_examples() -> list[Example]:
    docs = ecbplus_lines.documents()
    held = ecbplus_lines.held_apart_topics(docs)
    out = []
    for doc in docs:
        out += _examples_of(
            doc.text, ecbplus_lines.line_labels(doc), "ecbplus", f"topic {doc.topic}",
            doc.topic in held,
        )  # fmt: skip
    return out


def seed_examples() -> list[Example]:
    noise: dict[str, set[str]] = {}
    with open(GOLD / "noise.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if "part of a name" not in row["why"]:
                noise.setdefault(row["file"], set()).add(row["text"].strip())
    with open(ROOT / "corpus" / "manifest.csv", encoding="utf-8", newline="") as handle:
        headlines = {r["file"]: (r["headline"] or "").strip() for r in csv.DictReader(handle)}
    out = []
    for path in sorted((ROOT / "corpus" / "articles").glob("*.txt")):
        text = path.read_text("utf-8")
        lines = text.splitlines()
        first = next((i for i, ln in enumerate(lines) if ln.strip()), -1)
        labels: list[int | None] = []
        for i, line in enumerate(lines):
            s = line.strip()
            is_headline = i == first and s == headlines.get(path.name)
            furniture = (
                s in noise.get(path.name, set())
                or is_headline
                or (s and line_features.is_url_only(s))
            )
            labels.append(1 if furniture else 0)
        out += _examples_of(text, labels, "seeds", "seeds", True)
    return out


def written_pages() -> list[tuple[str, str, list[int | None]]]:
    """(name, text, line labels) of each hand-written page."""
    pages: list[tuple[str, list[str], list[int | None]]] = []
    for raw in PAGES.read_text("utf-8").splitlines():
        if raw.startswith("#"):
            continue
        if raw.startswith("=== "):
            pages.append((raw[4:].strip(), [], []))
            continue
        if not pages:
            continue
        _, lines, labels = pages[-1]
        if not raw.strip():
            if lines:
                lines.append("")
                labels.append(0)
            continue
        tag, _, body = raw.partition(" ")
        if not body.strip():  # "A" alone: a blank line inside the page
            lines.append("")
            labels.append(0)
            continue
        lines.append(body)
        labels.append(1 if tag == "F" else 0)
    return [(name, "\n".join(lines).strip("\n") + "\n", labels) for name, lines, labels in pages]


def written_examples() -> list[Example]:
    out = []
    for k, (name, text, labels) in enumerate(written_pages()):
        out += _examples_of(text, labels, "written", name, k % 2 == 1)
    return out


def _prf(examples: list[Example], predict, threshold: float) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for ex in examples:
        p = predict(ex.features) >= threshold
        tp += p and ex.label == 1
        fp += p and ex.label == 0
        fn += (not p) and ex.label == 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def report(examples: list[Example], predict, threshold: float) -> dict[str, dict]:
    out = {}
    for name, subset in [
        ("held-apart ECB+ topics", [e for e in examples if e.held and e.source == "ecbplus"]),
        ("held-apart written pages", [e for e in examples if e.held and e.source == "written"]),
        ("held-apart seed articles", [e for e in examples if e.source == "seeds"]),
        ("held-apart, all", [e for e in examples if e.held]),
        ("fitting half", [e for e in examples if not e.held]),
    ]:
        p, r, tp, fp, fn = _prf(subset, predict, threshold)
        n_pos = sum(e.label for e in subset)
        out[name] = {
            "precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": fp, "fn": fn,
            "units": len(subset), "furniture_units": n_pos,
        }  # fmt: skip
        print(
            f"  {name:<28} P={p:.3f} R={r:.3f}  (tp={tp} fp={fp} fn={fn};"
            f" {n_pos} furniture of {len(subset)} units)"
        )
    return out


def _errors(examples: list[Example], predict, threshold: float, limit: int = 40) -> None:
    shown = 0
    for ex in examples:
        if not ex.held:
            continue
        p = predict(ex.features)
        if (p >= threshold) != bool(ex.label) and shown < limit:
            kind = "missed furniture" if ex.label else "article marked furniture"
            print(f"   {kind} ({ex.source} {ex.group}, p={p:.2f}): {ex.text[:100]!r}")
            shown += 1


def fit(examples: list[Example]) -> dict:
    import sklearn
    from sklearn.linear_model import LogisticRegression

    train = [e for e in examples if not e.held]
    # The written pages are few but are the only examples of several kinds.
    weights = [4.0 if e.source == "written" else 1.0 for e in train]
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit([e.features for e in train], [e.label for e in train], sample_weight=weights)
    # The threshold with the best F1 on the fitting half.
    scores = model.predict_proba([e.features for e in train])[:, 1]
    best = (0.0, THRESHOLD)
    for step in range(10, 19):
        cut = step / 20
        tp = sum(1 for s, e in zip(scores, train, strict=True) if s >= cut and e.label)
        fp = sum(1 for s, e in zip(scores, train, strict=True) if s >= cut and not e.label)
        fn = sum(1 for s, e in zip(scores, train, strict=True) if s < cut and e.label)
        f1 = 2 * tp / (2 * tp + fn + fp) if tp else 0.0
        best = max(best, (f1, cut))
    return {
        "version": MODEL_VERSION,
        "features": list(line_features.FEATURES),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": best[1],
        "fitted_with": f"scikit-learn {sklearn.__version__} LogisticRegression(C={C})",
        "fitted_on": (
            "ECB+ dev topics not held apart (every third topic by number is held apart), "
            "odd-numbered written pages of tests/fixtures/furniture_pages.txt are held apart, "
            "seed articles all held apart"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="report the stored weights only")
    args = parser.parse_args()
    examples = ecbplus_examples() + seed_examples() + written_examples()
    if args.check:
        from extractors.clean import furniture_probability

        model = json.loads(MODEL.read_text("utf-8"))
    else:
        model = fit(examples)

        def furniture_probability(row, _m=model):  # noqa: ANN001 - scored with the new weights
            from extractors.clean import probability

            return probability(row, _m["weights"], _m["intercept"])

    print(f"== Furniture line classifier {model['version']} (held-apart split by ECB+ topic)")
    print(f"  threshold {model['threshold']}")
    measured = report(examples, furniture_probability, model["threshold"])
    _errors(examples, furniture_probability, model["threshold"])
    if not args.check:
        model["measured"] = measured
        MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
