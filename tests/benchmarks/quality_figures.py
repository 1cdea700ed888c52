"""Quality of the figure extractor on the seed articles, against ``tests/fixtures/seed_gold/figures.csv``.

Run from the repo root: ``.venv/bin/python -m tests.benchmarks.quality_figures``.

A predicted figure matches a gold row when their spans overlap and their values are
equal (``math.isclose``; vague amounts match when both values are None). Gold rows with
``optional`` = 1 are neither required nor penalised: a prediction that matches one is
left out of precision, and the row is left out of recall. Prints value-level and
value-with-kind P/R/F1, qualifier and unit agreement on matches, figures from page
furniture, the same value-level scores for quantulum3 on the same cleaned texts, and
every miss and false positive. Then runs the peer suites (``peer_suites.main``) and the
ECB+ dev count (``quality_ecbplus_figures``), and prints each figure beside the one
stored for the version before issue 15 (``results/figures-baseline.json``).
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "fixtures" / "seed_gold"  # the seeds' gold: our own annotation
ARTICLES = REPO / "corpus" / "articles"


@dataclass(frozen=True)
class GoldFigure:
    file: str
    start: int
    end: int
    quote: str
    value: float | None
    kind: str
    unit: str
    qualifier: str
    optional: bool


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    text: str
    value: float | None
    kind: str | None = None
    unit: str | None = None
    qualifier: str | None = None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label:<28} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"(tp={self.tp} fp={self.fp} fn={self.fn})"
        )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_gold(gold_dir: Path = GOLD) -> dict[str, list[GoldFigure]]:
    """Gold figures by file, each placed at its quote's occurrence in the article.

    The n-th gold row with a given quote takes the n-th whole-word occurrence of it.
    """
    by_file: dict[str, list[GoldFigure]] = {}
    used: dict[tuple[str, str], int] = {}
    for row in _read_csv(gold_dir / "figures.csv"):
        text = (ARTICLES / row["file"]).read_text(encoding="utf-8")
        quote = row["quote"]
        pattern = re.compile(r"(?<!\w)" + re.escape(quote) + r"(?!\w)")
        spans = [m.span() for m in pattern.finditer(text)]
        if not spans:
            raise ValueError(f"{row['file']}: gold quote not found: {quote!r}")
        n = used.get((row["file"], quote), 0)
        used[(row["file"], quote)] = n + 1
        start, end = spans[min(n, len(spans) - 1)]
        by_file.setdefault(row["file"], []).append(
            GoldFigure(
                row["file"],
                start,
                end,
                quote,
                float(row["value"]) if row["value"] else None,
                row["kind"],
                row["unit"],
                row["qualifier"],
                row["optional"] == "1",
            )
        )
    return by_file


def noise_spans(gold_dir: Path = GOLD) -> dict[str, list[tuple[int, int]]]:
    """Where each furniture line of ``noise.csv`` stands (whole lines first, else anywhere)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in _read_csv(gold_dir / "noise.csv"):
        text = (ARTICLES / row["file"]).read_text(encoding="utf-8")
        whole = re.compile(r"(?m)^[ \t]*(" + re.escape(row["text"]) + r")[ \t]*$")
        found = [m.span(1) for m in whole.finditer(text)]
        if not found:
            found = [m.span() for m in re.finditer(re.escape(row["text"]), text)]
        spans.setdefault(row["file"], []).extend(found)
    return spans


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _overlaps(a: Predicted, g: GoldFigure) -> bool:
    return a.start < g.end and g.start < a.end


def match(
    predicted: list[Predicted], gold: list[GoldFigure], with_kind: bool
) -> tuple[list[tuple[Predicted, GoldFigure]], list[Predicted], list[GoldFigure]]:
    """One-to-one matches (required gold first), false positives and misses."""
    pairs: list[tuple[Predicted, GoldFigure]] = []
    free = list(predicted)
    for g in sorted(gold, key=lambda g: g.optional):
        for p in free:
            if _overlaps(p, g) and _same_value(p.value, g.value):
                if with_kind and p.kind != g.kind:
                    continue
                pairs.append((p, g))
                free.remove(p)
                break
    matched = {id(g) for _, g in pairs}
    misses = [g for g in gold if id(g) not in matched and not g.optional]
    return pairs, free, misses


def score(
    predictions: dict[str, list[Predicted]], gold: dict[str, list[GoldFigure]], with_kind: bool
) -> tuple[
    Score, list[tuple[Predicted, GoldFigure]], list[tuple[str, Predicted]], list[GoldFigure]
]:
    total = Score()
    all_pairs: list[tuple[Predicted, GoldFigure]] = []
    all_fp: list[tuple[str, Predicted]] = []
    all_fn: list[GoldFigure] = []
    for file in sorted(set(gold) | set(predictions)):
        pairs, fps, fns = match(predictions.get(file, []), gold.get(file, []), with_kind)
        required = [(p, g) for p, g in pairs if not g.optional]
        total.tp += len(required)
        total.fp += len(fps)
        total.fn += len(fns)
        all_pairs += required
        all_fp += [(file, p) for p in fps]
        all_fn += fns
    return total, all_pairs, all_fp, all_fn


def our_predictions(files: Iterable[str]) -> tuple[dict[str, list[Predicted]], dict[str, str]]:
    """The figure extractor's output per file, and each file's cleaned text."""
    from extractors.clean import clean
    from extractors.figures import extract_figures
    from extractors.nlp import get_nlp

    nlp = get_nlp()
    out: dict[str, list[Predicted]] = {}
    cleaned_texts: dict[str, str] = {}
    for file in files:
        cleaned = clean((ARTICLES / file).read_text(encoding="utf-8"))
        cleaned_texts[file] = cleaned.text
        out[file] = [
            Predicted(f.start, f.end, f.text, f.value, f.kind, f.unit, f.qualifier)
            for f in extract_figures(nlp(cleaned.text), cleaned)
        ]
    return out, cleaned_texts


def quantulum_predictions(cleaned_texts: dict[str, str]) -> dict[str, list[Predicted]]:
    """quantulum3 on the same cleaned texts (spans are offsets into them)."""
    from quantulum3 import parser

    out: dict[str, list[Predicted]] = {}
    for file, text in cleaned_texts.items():
        out[file] = [
            Predicted(q.span[0], q.span[1], q.surface, float(q.value), None, q.unit.name)
            for q in parser.parse(text)
        ]
    return out


def _agreement(pairs: list[tuple[Predicted, GoldFigure]], same: Callable) -> tuple[int, int]:
    return sum(1 for p, g in pairs if same(p, g)), len(pairs)


def _furniture_hits(predictions: dict[str, list[Predicted]]) -> list[tuple[str, Predicted]]:
    spans = noise_spans()
    return [
        (file, p)
        for file, preds in predictions.items()
        for p in preds
        if any(a < p.end and p.start < b for a, b in spans.get(file, []))
    ]


def _show(p: Predicted) -> str:
    return (
        f"{p.text!r} value={p.value} kind={p.kind} unit={p.unit} qualifier={p.qualifier} @{p.start}"
    )


def report() -> dict[str, float]:
    """Print the report; return the headline numbers (used by tests and CI)."""
    gold = load_gold()
    files = sorted(p.name for p in ARTICLES.glob("*.txt"))
    ours, cleaned_texts = our_predictions(files)
    value_score, pairs, fps, fns = score(ours, gold, with_kind=False)
    kind_score, _, kind_fps, kind_fns = score(ours, gold, with_kind=True)
    q_ok, q_n = _agreement(pairs, lambda p, g: p.qualifier == g.qualifier)
    u_ok, u_n = _agreement(pairs, lambda p, g: (p.unit or "") == g.unit)
    furniture = _furniture_hits(ours)
    print(f"figures extractor on {len(files)} seed articles vs {GOLD / 'figures.csv'}")
    print(value_score.line("value level"))
    print(kind_score.line("value with kind"))
    print(f"{'qualifier agreement':<28} {q_ok}/{q_n} = {q_ok / q_n if q_n else 0:.3f}")
    print(f"{'unit agreement':<28} {u_ok}/{u_n} = {u_ok / u_n if u_n else 0:.3f}")
    print(f"{'figures from furniture':<28} {len(furniture)}")
    for file, p in furniture:
        print(f"   FURNITURE {file}: {_show(p)}")
    for g in fns:
        print(f"   MISS {g.file}: {g.quote!r} value={g.value} kind={g.kind} unit={g.unit}")
    for file, p in fps:
        print(f"   FALSE POSITIVE {file}: {_show(p)}")
    for g in kind_fns:
        if g not in fns:
            print(f"   WRONG KIND {g.file}: {g.quote!r} gold kind={g.kind}")
    for p, g in pairs:
        if p.qualifier != g.qualifier:
            print(f"   QUALIFIER {g.file}: {g.quote!r} gold={g.qualifier} ours={p.qualifier}")
        if (p.unit or "") != g.unit:
            print(f"   UNIT {g.file}: {g.quote!r} gold={g.unit} ours={p.unit}")
    del kind_fps
    theirs = quantulum_predictions(cleaned_texts)
    q_score, _, _, _ = score(theirs, gold, with_kind=False)
    print(q_score.line("quantulum3 value level"))
    return {
        "value_f1": value_score.f1,
        "value_kind_f1": kind_score.f1,
        "qualifier_agreement": q_ok / q_n if q_n else 0.0,
        "unit_agreement": u_ok / u_n if u_n else 0.0,
        "furniture": float(len(furniture)),
        "quantulum_value_f1": q_score.f1,
    }


BASELINE = Path(__file__).resolve().parent / "results" / "figures-baseline.json"


def before_after(now: dict[str, float], baseline: Path = BASELINE) -> None:
    """Each stored figure of the version before issue 15 beside today's."""
    stored = json.loads(baseline.read_text(encoding="utf-8"))
    print(f"before ({stored['version']}) and now; before measured {stored['measured']}")
    for key, before in stored["results"].items():
        after = now.get(key)

        def shown(x: float | None, whole: bool = isinstance(before, int)) -> str:
            return "-" if x is None else f"{x:.0f}" if whole else f"{x:.3f}"

        print(f"  {key:<36} {shown(before):>8} -> {shown(after):>8}")


def main() -> None:
    sys.path.insert(0, str(REPO))
    seeds = report()
    print()
    from tests.benchmarks import peer_suites, quality_ecbplus_figures

    now = {f"seeds {k}": v for k, v in seeds.items()}
    now.update(peer_suites.main())
    print()
    now.update(quality_ecbplus_figures.run())
    print()
    before_after(now)


if __name__ == "__main__":
    main()
