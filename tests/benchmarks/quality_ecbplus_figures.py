"""Figures on the ECB+ dev documents: how many are addresses, clock times, calibres,
model numbers or scores (not counts), and how many annotated claim values are found.

Run from the repo root: ``.venv/bin/python -m tests.benchmarks.quality_ecbplus_figures``.

The data is ``shared/ecbplus-dev`` (ECB+, CC BY 3.0, Cybulska and Vossen, LREC 2014;
the figure annotation is the project's). US wire copy the figure extractor was not
written around. Two measures:

- **non-counts**: every figure the extractor emits is put in a category by a pattern
  on the text around it, written here independently of the extractor's own rules
  (a house or block number, a clock time, a weapon calibre, a model number, a sports
  score). Each such figure is one the extractor should not have emitted as a count.
- **gold recall**: of the 224 annotated claim values (``gold_claims.csv``), how many
  the extractor finds inside the annotated quote with the annotated value, so that
  dropping non-counts is seen not to drop real figures.
- **kind and unit**: of the values found, how many carry the kind the annotated unit
  implies (money for a currency, percent, age or duration for years and hours, a
  calibre, a count otherwise) and, for a unit of measure or a currency, that unit; and
  how many carry no governing verb (or the verb of another clause: a verb the quote
  does not contain). A count whose noun differs from the annotated one ("others" for
  "people") is listed, not counted wrong: the annotation names the thing, the text
  may not.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ECB = REPO.parent / "shared" / "ecbplus-dev"

# Context patterns, applied to (text before the figure, the figure, text after it).
_STREET = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?"
    r"|Place|Court|Way|Parkway|Highway|Terrace)\b"
)
_CATEGORIES: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {
    # "the 12000 block of", "1600 Pennsylvania Avenue", "East 223rd Street"
    "address": (
        None,
        re.compile(
            r"^(?:\s+block\b|(?:\s+(?:[NSEW]\.?|North|South|East|West))?"
            r"(?:\s+[A-Z][\w.'-]*){0,3}\s+" + _STREET + r")"
        ),
    ),
    # "3 p.m.", "10:30am", "0900 GMT", "at 9.15 pm"
    "clock time": (
        None,
        re.compile(
            r"^(?::\d\d)?\s*(?:[ap]\.?\s?m\b\.?|GMT|UTC|EST|EDT|PST|PDT|CST|CDT"
            r"|o'clock|local time|hours\b(?=\s+(?:GMT|local)))",
            re.IGNORECASE,
        ),
    ),
    # ".38-calibre", "9mm pistol", "12-gauge"
    "calibre": (
        None,
        re.compile(
            r"^(?:-|\s)?(?:calibre|caliber|gauge|mm\s+(?:pistol|handgun|rifle|gun"
            r"|semi-automatic|ammunition|rounds?|bullets?))\b",
            re.IGNORECASE,
        ),
    ),
    # "Boeing 737", "Airbus A380", "F-16", "Glock 19"
    "model number": (
        re.compile(
            r"(?:Boeing|Airbus|iPhone|Galaxy|Glock|Windows|Xbox|PlayStation|MiG|Su"
            r"|[A-Z]{1,2}-)\s?$"
        ),
        None,
    ),
    # "won 3-1", "a 98-95 win", "Seattle (7-9)": a score or a win-loss record
    "score": (None, None),
}
_SCORE_BEFORE = re.compile(
    r"(?:\b(?:won|win|lost|lose|beat|beaten|defeated|drew|led|leading|trailed|trailing"
    r"|deadlocked at)\s+(?:a\s+|the\s+)?|\()$"
)
_SCORE_AFTER = re.compile(
    r"^[-–]\d{1,3}(?:\)|\s+(?:win|victory|defeat|loss|lead|draw|home|away|record|season)\b)"
)
_SCORE_PAIR = re.compile(r"^[-–]\d{1,3}\b")


def categorise(text: str, start: int, end: int, figure_text: str) -> str | None:
    """The non-count category of a figure at ``start:end`` in ``text``, if any."""
    core = re.search(
        r"\d[\d,.:]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
        figure_text,
        re.IGNORECASE,
    )
    number_end = start + core.end() if core else end
    before, after = text[max(0, start - 30) : start], text[number_end : number_end + 40]
    for name, (pattern_before, pattern_after) in _CATEGORIES.items():
        if pattern_before is not None and pattern_before.search(before):
            return name
        if pattern_after is not None and pattern_after.search(after):
            return name
    if _SCORE_PAIR.match(after) and (_SCORE_BEFORE.search(before) or _SCORE_AFTER.match(after)):
        return "score"
    if re.fullmatch(r"\d{1,2}:\d\d", figure_text.strip()):
        return "clock time"
    return None


def _gold_values(raw: str) -> tuple[float, float | None]:
    if re.fullmatch(r"-?[\d.]+-[\d.]+", raw):
        low, high = raw.split("-")
        return float(low), float(high)
    return float(raw), None


# What the annotated unit implies: (acceptable kinds, the unit for measures and money).
_GOLD_UNIT_KINDS: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
    "USD": (frozenset({"money"}), frozenset({"USD"})),
    "EUR": (frozenset({"money"}), frozenset({"EUR"})),
    "m": (frozenset({"count"}), frozenset({"m"})),
    "km": (frozenset({"count"}), frozenset({"km"})),
    "ft": (frozenset({"count"}), frozenset({"ft"})),
    "miles": (frozenset({"count"}), frozenset({"mi"})),
    "percent": (frozenset({"percent"}), None),
    "percent BAC": (frozenset({"percent", "count"}), None),
    "years": (frozenset({"age", "duration"}), None),
    "hours": (frozenset({"duration"}), frozenset({"hours"})),
    "caliber": (frozenset({"calibre"}), None),
}


def _kind_and_unit_right(gold_unit: str, kind: str, unit: str | None) -> bool:
    kinds, units = _GOLD_UNIT_KINDS.get(gold_unit, (frozenset({"count"}), None))
    if gold_unit.startswith("degrees") or gold_unit == "magnitude":
        return kind == "count"
    return kind in kinds and (units is None or unit in units)


def run(gold_only: bool = False) -> dict[str, float]:
    """Print the counts; return them (for the quality summary). ``gold_only`` reads
    only the documents the gold quotes (a quicker check of the gold measures; the
    non-count measure then covers those documents only)."""
    from extractors.clean import clean
    from extractors.figures import VERSION, extract_figures
    from extractors.nlp import get_nlp

    nlp = get_nlp()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((ECB / "texts").glob("*.txt"))}
    if gold_only:
        with (ECB / "gold_claims.csv").open(encoding="utf-8", newline="") as handle:
            quoted = {row["file"] for row in csv.DictReader(handle)}
        texts = {name: text for name, text in texts.items() if name in quoted}
    figures = {}
    for name, text in texts.items():
        cleaned = clean(text)
        figures[name] = extract_figures(nlp(cleaned.text), cleaned)
    categories: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    total = calibres = 0
    for name, figs in figures.items():
        for f in figs:
            total += 1
            cat = categorise(texts[name], f.start, f.end, f.text)
            if cat == "calibre" and f.kind == "calibre":
                calibres += 1  # read as what it is: a kind never linked with counts
                continue
            if cat is not None:
                categories[cat] += 1
                line = texts[name][max(0, f.start - 30) : f.end + 30].replace("\n", " ")
                examples.setdefault(cat, []).append(f"{name}: {f.text!r} in ...{line}...")
    found = required = typed = 0
    misses: list[str] = []
    mistyped: list[str] = []
    other_nouns: list[str] = []
    verbless: list[str] = []
    with (ECB / "gold_claims.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = texts[row["file"]]
            at = text.find(row["quote"])
            if at < 0:
                continue
            required += 1
            low, high = _gold_values(row["value"])
            q_end = at + len(row["quote"])
            ok = any(
                f.start < q_end
                and at < f.end
                and f.value is not None
                and (
                    math.isclose(f.value, low, rel_tol=1e-6)
                    or (f.value_high is not None and math.isclose(f.value_high, low, rel_tol=1e-6))
                )
                and (high is None or f.value_high is None or math.isclose(f.value_high, high))
                for f in figures[row["file"]]
            )
            found += ok
            if not ok:
                misses.append(f"{row['file']}: {row['quote'][:70]!r} value={row['value']}")
                continue
            hits = [
                f
                for f in figures[row["file"]]
                if f.start < q_end and at < f.end and f.value is not None
                and math.isclose(f.value, low, rel_tol=1e-6)
            ]  # fmt: skip
            if not hits:
                continue  # found as the high end of a range only
            best = max(hits, key=lambda f: _kind_and_unit_right(row["unit"], f.kind, f.unit))
            if _kind_and_unit_right(row["unit"], best.kind, best.unit):
                typed += 1
            else:
                mistyped.append(
                    f"{row['file']}: {row['quote'][:60]!r} gold {row['value']} {row['unit']}"
                    f" got kind={best.kind} unit={best.unit}"
                )
            if (
                best.kind == "count"
                and row["unit"] not in _GOLD_UNIT_KINDS
                and (best.unit or "") != row["unit"]
            ):
                other_nouns.append(f"{row['file']}: gold {row['unit']} got {best.unit}")
            if best.verb not in {t.lemma_.lower() for t in nlp(row["quote"])}:
                verbless.append(f"{row['file']}: {row['quote'][:60]!r} verb={best.verb}")
    non_counts = sum(categories.values())
    print(f"ECB+ dev figures ({VERSION}) on {len(texts)} documents (shared/ecbplus-dev, CC BY 3.0)")
    print(f"  figures emitted                {total}")
    print(f"  non-count figures emitted      {non_counts}  " + ", ".join(
        f"{k} {v}" for k, v in sorted(categories.items())
    ))  # fmt: skip
    print(f"  calibres of kind calibre       {calibres}")
    print(f"  annotated claim values found   {found}/{required} = {found / required:.3f}")
    for cat, lines in sorted(examples.items()):
        for line in lines[:4]:
            print(f"    {cat.upper()} {line}")
    print(f"  found with the kind/unit implied {typed}/{found}")
    print(f"  found with a verb of the quote   {found - len(verbless)}/{found}")
    for line in misses[:12]:
        print(f"    MISS {line}")
    for line in mistyped[:12]:
        print(f"    KIND/UNIT {line}")
    for line in verbless[:20]:
        print(f"    VERB {line}")
    for line in other_nouns[:20]:
        print(f"    NOUN {line}")
    result = {f"ecbplus {k}": float(categories.get(k, 0)) for k in _CATEGORIES}
    result.update(
        {
            "ecbplus figures": float(total),
            "ecbplus non-counts": float(non_counts),
            "ecbplus calibres of kind calibre": float(calibres),
            "ecbplus gold recall": found / required if required else 0.0,
            "ecbplus gold kind/unit right": typed / found if found else 0.0,
        }
    )
    return result


def main() -> None:
    sys.path.insert(0, str(REPO))
    run(gold_only="--gold-only" in sys.argv[1:])


if __name__ == "__main__":
    main()
