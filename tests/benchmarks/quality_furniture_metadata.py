"""Furniture and publication dates on pages the code was not written around (ECB+ dev).

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.quality_furniture_metadata

On the ECB+ dev documents (``../shared/ecbplus-dev``, CC BY 3.0) whose first lines
carry a date line (found and read by :mod:`tests.benchmarks.ecbplus_lines` with a
procedure of its own), it measures:

- **publication date**: the date ``extractors.metadata.infer_metadata`` infers for the
  whole article, with no manifest, equals the date line's date (target >= 95%);
- **date line as a mention**: the date line yields no date mention;
- **furniture mentions**: figure, entity and date mentions that come from the URL,
  title and date lines (target 0);
- **outlet and headline** from the URL and title lines.

Each figure is given for all documents and for the topics held apart from the
furniture classifier's fit (every third topic, see ``fit_furniture.py``), beside
the figures of the code before issue 15 (measured the same way on commit f0e7fde).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tests.benchmarks import ecbplus_lines

# The same measures on the code before issue 15 (commit f0e7fde), for comparison.
BEFORE = {
    "all documents": (
        "publication date equals the date line 28 of 195 (14.4%); date lines that became a "
        "date mention 194 of 195; mentions from URL/title/date lines 579 (figures 70, "
        "entities 271, dates 238); outlet named 0 of 249; headline from the title line 0"
    ),
    "held-apart topics": (
        "publication date 4 of 54 (7.4%); date lines as mentions 54 of 54; mentions from "
        "URL/title/date lines 147 (figures 18, entities 67, dates 62); outlet 0 of 74"
    ),
}


@dataclass
class Tally:
    dated: int = 0
    date_right: int = 0
    date_line_mentions: int = 0
    header_mentions: dict[str, int] = field(
        default_factory=lambda: {"figure": 0, "entity": 0, "date": 0}
    )
    docs: int = 0
    outlet: int = 0
    headline: int = 0
    wrong_dates: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("dated", "date_right", "date_line_mentions", "docs", "outlet", "headline"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, n in other.header_mentions.items():
            self.header_mentions[kind] += n
        self.wrong_dates += other.wrong_dates
        self.leaks += other.leaks
        self.ambiguous += other.ambiguous


def measure(docs: list[ecbplus_lines.Doc], held: set[int]) -> tuple[Tally, Tally]:
    """Tallies over all documents and over the held-apart topics."""
    everything, apart = Tally(), Tally()
    for doc in docs:
        one = _measure_one(doc)
        everything.add(one)
        if doc.topic in held:
            apart.add(one)
    return everything, apart


def _measure_one(doc: ecbplus_lines.Doc) -> Tally:
    from extractors.article import extract_text
    from extractors.metadata import infer_metadata

    tally = Tally()
    if True:
        tally.docs += 1
        meta = infer_metadata(doc.text)
        published = datetime.date.fromisoformat(meta.published) if meta.published else None
        tally.outlet += bool(meta.outlet)
        lines = doc.text.splitlines()
        labels = ecbplus_lines.line_labels(doc)
        title = next((i for i, lab in enumerate(labels[1:4], 1) if lab == 1), None)
        if title is not None and meta.headline == lines[title].strip():
            tally.headline += 1
        starts, pos = [], 0
        for line in doc.text.splitlines(keepends=True):
            starts.append(pos)
            pos += len(line)
        header = [
            (starts[i], starts[i] + len(lines[i]))
            for i, lab in enumerate(labels[: ecbplus_lines.HEADER_LINES])
            if lab == 1
        ]
        gold = ecbplus_lines.gold_date_line(doc)
        ambiguous = ecbplus_lines.ambiguous_date_lines(doc)
        if ambiguous:
            tally.ambiguous.append(
                f"{doc.name}: {ambiguous[1].strip()!r} -> inferred {published} ({_source(meta)})"
            )
        _, extraction = extract_text(doc.text, published)
        mentions = (
            [("figure", m) for m in extraction.figures]
            + [("entity", m) for m in extraction.entities]
            + [("date", m) for m in extraction.dates]
        )
        for kind, m in mentions:
            if any(a <= m.start < b for a, b in header):
                tally.header_mentions[kind] += 1
                tally.leaks.append(f"{doc.name}: {kind} {m.text!r}")
        if gold is None:
            return tally
        line_index, gold_date = gold
        tally.dated += 1
        if published == gold_date:
            tally.date_right += 1
        else:
            tally.wrong_dates.append(
                f"{doc.name}: inferred {published} ({_source(meta)}), date line "
                f"{lines[line_index].strip()!r} = {gold_date}"
            )
        a, b = starts[line_index], starts[line_index] + len(lines[line_index])
        tally.date_line_mentions += any(a <= m.start < b for m in extraction.dates)
    return tally


def _source(meta) -> str:  # noqa: ANN001 - ArticleMetadata
    return next((e.source for e in meta.evidence if e.field == "published"), "none")


def _pct(a: int, b: int) -> str:
    return f"{a} of {b} ({100 * a / b:.1f}%)" if b else "n/a"


def _print(name: str, t: Tally) -> None:
    h = t.header_mentions
    print(f"  [{name}] {t.docs} documents, {t.dated} with a date line")
    print(f"    publication date equals the date line: {_pct(t.date_right, t.dated)}")
    print(f"    date lines that became a date mention: {t.date_line_mentions} of {t.dated}")
    print(
        f"    mentions from URL/title/date lines: {sum(h.values())} "
        f"(figures {h['figure']}, entities {h['entity']}, dates {h['date']})"
    )
    print(f"    outlet named: {t.outlet} of {t.docs}; headline from the title line: {t.headline}")


def _classifier_figures() -> None:
    """The furniture classifier's precision and recall, as measured when it was fitted."""
    import json
    from importlib import resources

    model = json.loads(
        resources.files("extractors").joinpath("data/furniture_model.json").read_text("utf-8")
    )
    print(f"== Furniture line classifier {model['version']} (threshold {model['threshold']})")
    print(f"   fitted on: {model['fitted_on']}")
    for name, m in model.get("measured", {}).items():
        print(
            f"   {name:<28} P={m['precision']:.3f} R={m['recall']:.3f}"
            f"  (tp={m['tp']} fp={m['fp']} fn={m['fn']}; {m['furniture_units']} furniture"
            f" of {m['units']} units)"
        )
    print("   (re-measure: python -m tests.benchmarks.fit_furniture --check)")


def main() -> None:
    _classifier_figures()
    print()
    print("== Furniture and publication dates on the ECB+ dev documents (ecbplus pages)")
    if not ecbplus_lines.available():
        print(f"   skipped: {ecbplus_lines.ECB} not found")
        return
    docs = [d for d in ecbplus_lines.documents() if d.plus]
    held = ecbplus_lines.held_apart_topics(docs)
    print("  before issue 15 (commit f0e7fde, measured the same way):")
    for key, value in BEFORE.items():
        print(f"    [{key}] {value}")
    everything, apart = measure(docs, held)
    _print("all documents", everything)
    _print(f"held-apart topics {sorted(held)}", apart)
    ok = everything.dated and everything.date_right / everything.dated >= 0.95
    print(f"  target: publication date right in >= 95%: {'met' if ok else 'NOT met'}")
    print(f"  target: 0 mentions from URL/title/date lines: "
          f"{'met' if not sum(everything.header_mentions.values()) else 'NOT met'}")  # fmt: skip
    for line in everything.wrong_dates:
        print("    wrong date:", line)
    print(
        f"  date lines with an ambiguous numeric date (not gold; {len(everything.ambiguous)}),"
        " with the date inferred:"
    )
    for line in everything.ambiguous:
        print("    ", line)
    for line in everything.leaks[:40]:
        print("    furniture mention:", line)


if __name__ == "__main__":
    main()
