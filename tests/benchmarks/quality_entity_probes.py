"""People and organisations on the project's own probe paragraphs (not the seeds).

``tests/fixtures/entity_probes.json`` holds short paragraphs written for this
purpose (US politics, business, sport, UK peers and parties, public bodies), each
with its gold canonical names. They were written before the rules they measure,
so the score says how the extractor does on text it was not written around.
Scored like the seeds: the set of canonical names per probe. Raw spaCy is scored
with the same courtesy as on the seeds: its text counts as the gold name when it
equals the canonical name or an accepted form.

    .venv/bin/python -m tests.benchmarks.quality_entity_probes
"""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from extractors.clean import clean
from extractors.entities import extract_entities
from extractors.nlp import MODEL_NAME, get_nlp
from tests.benchmarks.quality_dates_entities import Score, score_sets

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Dev probes were looked at while the rules were written; held-out ones were
# written afterwards and scored untuned.
SETS = {"dev": "entity_probes.json", "held-out": "entity_probes_heldout.json"}


def load_probes(which: str = "dev") -> list[dict]:
    return json.loads((FIXTURES / SETS[which]).read_text("utf-8"))["probes"]


def gold(probes: list[dict]) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """Canonical names per probe, and each probe's surface form -> canonical."""
    required: dict[str, set[str]] = {}
    accepted: dict[str, dict[str, str]] = {}
    for probe in probes:
        for _label, canonical, forms in probe["entities"]:
            required.setdefault(probe["id"], set()).add(canonical)
            for form in [canonical, *[f for f in forms.split("|") if f]]:
                accepted.setdefault(probe["id"], {})[form] = canonical
    return required, accepted


def runs(probes: list[dict]) -> dict[str, dict[str, set[str]]]:
    _, accepted = gold(probes)
    bare = spacy.load(MODEL_NAME)
    full = get_nlp()
    out: dict[str, dict[str, set[str]]] = {"baseline: spaCy raw PERSON/ORG": {}, "newsfacts": {}}
    for probe in probes:
        cleaned = clean(probe["text"])
        forms = accepted.get(probe["id"], {})
        out["baseline: spaCy raw PERSON/ORG"][probe["id"]] = {
            forms.get(" ".join(e.text.split()), " ".join(e.text.split()))
            for e in bare(cleaned.text).ents
            if e.label_ in ("PERSON", "ORG")
        }
        out["newsfacts"][probe["id"]] = {
            m.canonical for m in extract_entities(full(cleaned.text), cleaned)
        }
    return out


def scores(which: str = "dev") -> dict[str, Score]:
    probes = load_probes(which)
    required, _ = gold(probes)
    return {name: score_sets(run, required, {}) for name, run in runs(probes).items()}


def main() -> None:
    for which in SETS:
        count = len(load_probes(which))
        print(f"\n== Entities on {count} own {which} probe paragraphs (canonical name per probe)")
        results = scores(which)
        for name, score in results.items():
            print(score.line(name))
        for miss in results["newsfacts"].misses:
            print(f"   [newsfacts] miss: {miss}")
        for fp in results["newsfacts"].false_positives:
            print(f"   [newsfacts] false positive: {fp}")


if __name__ == "__main__":
    main()
