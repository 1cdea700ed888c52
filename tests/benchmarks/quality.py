"""Extraction quality (``make bench-quality``): every quality benchmark in one run.

Figures against the seed gold with quantulum3 beside them and the peer suites
(Recognizers-Text, quantulum3's own tests), then dates and entities against the
gold with raw spaCy NER and plain ``dateparser.search.search_dates`` beside them,
then the whole ECB+ dev split through ``newsfacts run`` (it must complete). Each part can also be run alone as its own module.
"""

from __future__ import annotations

from tests.benchmarks import quality_dates_entities, quality_ecbplus_run, quality_figures


def main() -> int:
    quality_figures.main()
    print()
    quality_dates_entities.main()
    print()
    return quality_ecbplus_run.main()


if __name__ == "__main__":
    raise SystemExit(main())
