"""Extraction and linking quality (``make bench-quality``): every quality benchmark in one run.

Figures against the seed gold with quantulum3 beside them and the peer suites
(Recognizers-Text, quantulum3's own tests); dates and entities against the gold
with raw spaCy NER and plain ``dateparser.search.search_dates`` beside them;
entities on the project's own probe paragraphs (dev and held-out); page furniture
and publication dates on the ECB+ dev pages (with the furniture classifier's
held-apart precision and recall); conflict / update / agreement on the ECB+ dev
split per held-out fold; claim linking's B-cubed and story grouping's pairwise F1 on held-out topic folds; last, the whole ECB+ dev split through ``newsfacts run``,
which must complete. Each part can also be run alone as its own module.
"""

from __future__ import annotations

from tests.benchmarks import (
    fit_claim_linking,
    fit_stories,
    quality_dates_entities,
    quality_ecbplus_run,
    quality_entity_probes,
    quality_figures,
    quality_furniture_metadata,
    quality_reconcile,
)

PARTS = (
    quality_figures,
    quality_dates_entities,
    quality_entity_probes,
    quality_furniture_metadata,
    quality_reconcile,
)


def main() -> int:
    for part in PARTS:
        part.main()
        print()
    fit_claim_linking.report()  # claim linking on held-out topic folds
    print()
    fit_stories.main([])  # story grouping on held-out topic folds
    print()
    return quality_ecbplus_run.main()


if __name__ == "__main__":
    raise SystemExit(main())
