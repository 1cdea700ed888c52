"""Quality of the dates and entities extractors against the gold files, with baselines.

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.quality_dates_entities

Dates are scored on normalised values per article (the set of values found vs
``dates.csv``; optional rows neither required nor penalised), entities on canonical
names per article (vs ``entities.csv``). Baselines in the same run: plain
``dateparser.search.search_dates`` over the same cleaned texts, and spaCy's raw
PERSON/ORG entities (the raw text counts as the gold name when it equals the
canonical name or one of its accepted forms). Ablations show what the entity
rules (the alias EntityRuler) and the post-processing each add.
"""

from __future__ import annotations

import csv
import datetime
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import spacy

from extractors.clean import clean
from extractors.dates import extract_dates
from extractors.entities import _default_aliases, _key, extract_entities
from extractors.nlp import MODEL_NAME, get_nlp
from extractors.records import CleanedText

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLD = Path(os.environ.get("NEWSFACTS_GOLD", ROOT / "tests" / "fixtures" / "seed_gold"))


@dataclass
class Score:
    """Counts of one comparison, with the misses and false positives listed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<44} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
            f"  (tp={self.tp} fp={self.fp} fn={self.fn})"
        )


@dataclass(frozen=True)
class Article:
    name: str
    cleaned: CleanedText
    published: datetime.date | None


def load_articles() -> list[Article]:
    """The seed corpus, cleaned, with publication dates from the manifest."""
    with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as handle:
        published = {row["file"]: row["published"] for row in csv.DictReader(handle)}
    articles = []
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        day = published.get(path.name) or ""
        articles.append(
            Article(
                path.name,
                clean(path.read_text("utf-8")),
                datetime.date.fromisoformat(day) if day else None,
            )
        )
    return articles


def _gold_rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def score_sets(
    predicted: dict[str, set[str]],
    required: dict[str, set[str]],
    optional: dict[str, set[str]],
) -> Score:
    """Per-article set comparison; optional gold values are neither needed nor wrong."""
    score = Score()
    for article in sorted(set(predicted) | set(required)):
        found = predicted.get(article, set())
        want = required.get(article, set())
        allowed = optional.get(article, set())
        for value in sorted(found):
            if value in want:
                score.tp += 1
            elif value not in allowed:
                score.fp += 1
                score.false_positives.append(f"{article}: {value}")
        for value in sorted(want - found):
            score.fn += 1
            score.misses.append(f"{article}: {value}")
    return score


# --- dates ---------------------------------------------------------------------------------


def gold_dates() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, list[dict]]]:
    required: dict[str, set[str]] = {}
    optional: dict[str, set[str]] = {}
    rows: dict[str, list[dict]] = {}
    for row in _gold_rows("dates.csv"):
        target = optional if row["optional"] == "1" else required
        target.setdefault(row["file"], set()).add(row["value"])
        rows.setdefault(row["file"], []).append(row)
    return required, optional, rows


def predicted_dates(articles: Iterable[Article]) -> dict[str, set[str]]:
    nlp = get_nlp()
    out: dict[str, set[str]] = {}
    for art in articles:
        doc = nlp(art.cleaned.text)
        mentions = extract_dates(doc, art.cleaned, art.published)
        out[art.name] = {m.value for m in mentions if m.value}
    return out


def baseline_dates(articles: Iterable[Article]) -> dict[str, set[str]]:
    """``search_dates`` over the cleaned text; every hit is a day-granularity value."""
    from dateparser.search import search_dates

    out: dict[str, set[str]] = {}
    for art in articles:
        base = datetime.datetime.combine(art.published or datetime.date.today(), datetime.time())
        hits = search_dates(art.cleaned.text, languages=["en"], settings={"RELATIVE_BASE": base})
        out[art.name] = {when.date().isoformat() for _, when in hits or []}
    return out


# --- entities -----------------------------------------------------------------------------


def gold_entities() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, dict[str, str]]]:
    """Required and optional canonical names per article, and surface -> canonical."""
    required: dict[str, set[str]] = {}
    optional: dict[str, set[str]] = {}
    accepted: dict[str, dict[str, str]] = {}
    for row in _gold_rows("entities.csv"):
        target = optional if row["optional"] == "1" else required
        target.setdefault(row["file"], set()).add(row["canonical"])
        forms = [row["canonical"], *[f for f in row["accepted"].split("|") if f]]
        for form in forms:
            accepted.setdefault(row["file"], {})[" ".join(form.split())] = row["canonical"]
    return required, optional, accepted


def _raw_spacy_names(doc, art: Article, accepted: dict[str, str]) -> set[str]:
    names = set()
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG") and not art.cleaned.is_furniture(
            ent.start_char, ent.end_char
        ):
            text = " ".join(ent.text.split())
            names.add(accepted.get(text, text))
    return names


def _ruler_only_names(doc, art: Article) -> set[str]:
    """Rules but no post-processing: the ruler's alias ids, else the raw text."""
    table = _default_aliases()
    names = set()
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG") and not art.cleaned.is_furniture(
            ent.start_char, ent.end_char
        ):
            hit = table.names.get(_key(ent.text))
            names.add(hit[0] if hit else " ".join(ent.text.split()))
    return names


def entity_runs(articles: list[Article]) -> dict[str, dict[str, set[str]]]:
    """Canonical names per article for the full extractor, ablations and baseline."""
    _, _, accepted = gold_entities()
    full_nlp = get_nlp()
    bare_nlp = spacy.load(MODEL_NAME)  # the model without newsfacts' entity rules
    runs: dict[str, dict[str, set[str]]] = {
        "baseline: spaCy raw PERSON/ORG": {},
        "ablation: rules only (no post-processing)": {},
        "ablation: post-processing only (no rules)": {},
        "newsfacts entities (rules + post-processing)": {},
    }
    for art in articles:
        full_doc = full_nlp(art.cleaned.text)
        bare_doc = bare_nlp(art.cleaned.text)
        runs["baseline: spaCy raw PERSON/ORG"][art.name] = _raw_spacy_names(
            bare_doc, art, accepted.get(art.name, {})
        )
        runs["ablation: rules only (no post-processing)"][art.name] = _ruler_only_names(
            full_doc, art
        )
        runs["ablation: post-processing only (no rules)"][art.name] = {
            m.canonical for m in extract_entities(bare_doc, art.cleaned)
        }
        runs["newsfacts entities (rules + post-processing)"][art.name] = {
            m.canonical for m in extract_entities(full_doc, art.cleaned)
        }
    return runs


_MISTAKES = (
    "acronym tagged PERSON",
    "single word tagged PERSON that is an alias or no name (Met, Today)",
    "NORP/GPE 'Metropolitan' before 'police'",
    "ORG split at 'and'",
    "possessive 's inside a name",
    "title or honorific inside a PERSON name",
    "determiner 'the' inside a name",
)


def _mistakes(spans: list[tuple[int, int, str]], text: str) -> dict[str, int]:
    """Counts of the small model's typical mistakes among (start, end, label) spans."""
    from extractors.entities import _words

    words = _words()
    table = _default_aliases()
    counts = dict.fromkeys(_MISTAKES, 0)
    spans = sorted(spans)
    for (start, end, label), nxt in zip(spans, [*spans[1:], None], strict=True):
        surface = " ".join(text[start:end].split())
        first = surface.split()[0].lower() if surface else ""
        if label == "PERSON" and surface.isupper() and len(surface) > 1:
            counts[_MISTAKES[0]] += 1
        if (
            label == "PERSON"
            and " " not in surface
            and (table.lookup(surface) or surface.lower() in words["not_names"])
        ):
            counts[_MISTAKES[1]] += 1
        if label in ("NORP", "GPE") and re.match(r"\s*police", text[end : end + 10], re.I):
            counts[_MISTAKES[2]] += 1
        if (
            label == "ORG"
            and nxt is not None
            and nxt[2] == "ORG"
            and re.fullmatch(r"\s+and\s+", text[end : nxt[0]])
        ):
            counts[_MISTAKES[3]] += 1
        if re.search(r"['’]s$", surface):
            counts[_MISTAKES[4]] += 1
        if label == "PERSON" and first.rstrip(".") in {h.rstrip(".") for h in words["honorifics"]}:
            counts[_MISTAKES[5]] += 1
        rest = surface.split()[1:2]
        # "the inspectorate" is a descriptor by design; "the Royal Navy" is a slip.
        if first == "the" and rest and rest[0][:1].isupper():
            counts[_MISTAKES[6]] += 1
    return counts


def correction_counts(articles: list[Article]) -> list[tuple[str, int, int]]:
    """Each typical mistake: how often raw spaCy makes it, how often newsfacts still does."""
    bare_nlp = spacy.load(MODEL_NAME)
    full_nlp = get_nlp()
    raw_total = dict.fromkeys(_MISTAKES, 0)
    ours_total = dict.fromkeys(_MISTAKES, 0)
    for art in articles:
        text = art.cleaned.text
        bare = bare_nlp(text)
        raw = [
            (e.start_char, e.end_char, e.label_)
            for e in bare.ents
            if not art.cleaned.is_furniture(e.start_char, e.end_char)
        ]
        ours = [(m.start, m.end, m.label) for m in extract_entities(full_nlp(text), art.cleaned)]
        for name, n in _mistakes(raw, text).items():
            raw_total[name] += n
        for name, n in _mistakes(ours, text).items():
            ours_total[name] += n
    return [(name, raw_total[name], ours_total[name]) for name in _MISTAKES]


def furniture_leaks(articles: list[Article]) -> list[str]:
    """Entity or date mentions inside a noise.csv line (a whole line of furniture)."""
    noise: dict[str, list[str]] = {}
    for row in _gold_rows("noise.csv"):
        noise.setdefault(row["file"], []).append(row["text"])
    nlp = get_nlp()
    leaks = []
    for art in articles:
        lines = []
        pos = 0
        for line in art.cleaned.original.splitlines(keepends=True):
            if line.strip() in noise.get(art.name, []):
                lines.append((pos, pos + len(line)))
            pos += len(line)
        doc = nlp(art.cleaned.text)
        mentions: list = [*extract_entities(doc, art.cleaned)]
        mentions += extract_dates(doc, art.cleaned, art.published)
        for m in mentions:
            if any(a <= m.start < b for a, b in lines):
                leaks.append(f"{art.name}: {m.text!r}")
    return leaks


def _report(title: str, scores: dict[str, Score], detail: Callable[[Score], bool]) -> None:
    print(f"\n== {title}")
    for name, score in scores.items():
        print(score.line(name))
    for name, score in scores.items():
        if detail(score):
            for miss in score.misses:
                print(f"   [{name}] miss: {miss}")
            for fp in score.false_positives:
                print(f"   [{name}] false positive: {fp}")


def main() -> None:
    articles = load_articles()
    required, optional, _ = gold_dates()
    date_scores = {
        "baseline: dateparser search_dates": score_sets(
            baseline_dates(articles), required, optional
        ),
        "newsfacts dates": score_sets(predicted_dates(articles), required, optional),
    }
    _report("Dates (normalised value per article)", date_scores, lambda s: s.fp + s.fn < 30)

    e_required, e_optional, _ = gold_entities()
    entity_scores = {
        name: score_sets(run, e_required, e_optional) for name, run in entity_runs(articles).items()
    }
    _report(
        "Entities (canonical name per article)",
        entity_scores,
        lambda s: s.fp + s.fn < 40,
    )
    print("\n== Entity corrections (mentions with the mistake: raw spaCy -> newsfacts)")
    for name, raw, ours in correction_counts(articles):
        print(f"   {name:<66} {raw:>3} -> {ours}")
    leaks = furniture_leaks(articles)
    print(f"\n== Furniture: {len(leaks)} mention(s) from noise lines")
    for leak in leaks:
        print("   ", leak)


if __name__ == "__main__":
    main()
