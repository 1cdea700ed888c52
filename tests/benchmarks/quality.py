"""Extraction quality (``make bench-quality``): every quality benchmark in one run.

Figures against the seed gold with quantulum3 beside them and the peer suites
(Recognizers-Text, quantulum3's own tests), then dates and entities against the
gold with raw spaCy NER and plain ``dateparser.search.search_dates`` beside them,
then story grouping on ECB+ dev held-out topics (fit_stories: 2-fold topic split).
Each part can also be run alone as its own module.
"""

from __future__ import annotations

from tests.benchmarks import fit_stories, quality_dates_entities, quality_figures


def main() -> None:
    quality_figures.main()
    print()
    quality_dates_entities.main()
    print()
    fit_stories.main([])


if __name__ == "__main__":
    main()
