"""Extraction quality (``make bench-quality``): every quality benchmark in one run.

Figures against the seed gold with quantulum3 beside them and the peer suites
(Recognizers-Text, quantulum3's own tests), then dates and entities against the
gold with raw spaCy NER and plain ``dateparser.search.search_dates`` beside them,
and entities on the project's own probe paragraphs (dev and held-out).
Each part can also be run alone as its own module.
"""

from __future__ import annotations

from tests.benchmarks import quality_dates_entities, quality_entity_probes, quality_figures


def main() -> None:
    quality_figures.main()
    print()
    quality_dates_entities.main()
    quality_entity_probes.main()


if __name__ == "__main__":
    main()
