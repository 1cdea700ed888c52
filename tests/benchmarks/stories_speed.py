"""Story grouping time against corpus size, on one big topic.

usage: python -m tests.benchmarks.stories_speed [N ...]   (default 100 300 1000 2000)

The corpus is ../shared/eval/make_corpus.py's: the bundled articles' paragraphs
(corpus/articles) recombined into N articles on one subject, dated across 2016. Only the grouping
step is timed (infer_stories over the texts, no figures or entities: those come
from extraction, which is timed by `make bench`), so growth with N shows directly.
Target (part of `make bench`): 2,000 articles grouped in at most 10 s.
"""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from warehouse.claims import Article, infer_stories

REPO = Path(__file__).resolve().parents[2]
MAKE_CORPUS = REPO.parent / "shared" / "eval" / "make_corpus.py"
TARGET_SECONDS = 10.0  # at 2,000 articles


def corpus(n: int, out: Path) -> list[Article]:
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(REPO / "corpus" / "articles"), str(out), str(n)],
                   check=True, capture_output=True)  # fmt: skip
    with open(out / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [
        Article(hashlib.sha256(r["file"].encode()).hexdigest()[:16], r["outlet"],
                date.fromisoformat(r["published"]), None, None, None,
                (out / "articles" / r["file"]).read_text(encoding="utf-8"))
        for r in rows
    ]  # fmt: skip


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 300, 1000, 2000]
    for n in sizes:
        articles = corpus(n, Path(tempfile.mkdtemp()))
        start = time.perf_counter()
        stories = infer_stories(articles, {}, {})
        seconds = time.perf_counter() - start
        sizes_ = Counter(s for s, _, _ in stories.values())
        verdict = "" if n < 2000 else (
            f" (target <= {TARGET_SECONDS:g} s: " + ("met)" if seconds <= TARGET_SECONDS else "MISSED)")
        )
        print(f"stories: {n} articles of one topic grouped in {seconds:.2f} s "
              f"({1000 * seconds / n:.2f} ms/article); {len(sizes_)} stories, "
              f"largest {sizes_.most_common(1)[0][1]}{verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
