"""Build a synthetic corpus of N realistic articles from the bundled corpus's paragraphs.

Real news text is what spaCy and the extractors are slow or fast on, so the
articles are recombinations of real paragraphs, not lorem ipsum: each article
takes a varied number of paragraphs (so lengths vary from a brief to a long
read), a share of articles carry page furniture (share buttons, "Read more"
with a related headline, photo credits), and a share are byte-identical copies
of an earlier article under another file name (syndication). Articles are
grouped into stories of a few articles each, dated within days of each other,
as a news corpus is. The same seed always builds the same corpus.

Run alone: ``python -m tests.benchmarks.corpus_generator OUT_DIR N``.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SOURCE_CORPUS = Path(__file__).resolve().parents[2] / "corpus"
OUTLETS = ("The Guardian", "The Independent", "BBC News", "The Times", "Evening Standard")
NOISE_LINES = (
    "Facebook",
    "Twitter",
    "Share on WhatsApp",
    "Read more",
    "Photograph: Rob Stothard/Getty",
    "Photograph: PA",
    "Advertisement",
)
STORY_SIZE = 8  # articles per story: a week's coverage of one event
DUPLICATE_SHARE = 0.05
NOISE_SHARE = 0.4


@dataclass(frozen=True)
class GeneratedCorpus:
    root: Path
    n_articles: int
    n_duplicates: int
    n_words: int  # whitespace-separated words over every file (what nlp.pipe reads)


def source_paragraphs(corpus: Path = SOURCE_CORPUS) -> list[str]:
    """Every blank-line-separated paragraph of the bundled corpus."""
    paragraphs = []
    for path in sorted((corpus / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs.extend(p.strip("\n") for p in text.split("\n\n") if p.strip())
    return paragraphs


def _article_text(rng: random.Random, paragraphs: list[str]) -> str:
    # Lengths between a 3-paragraph brief and a 24-paragraph long read.
    count = min(len(paragraphs), int(rng.triangular(3, 24, 9)))
    chosen = rng.sample(paragraphs, count)
    if rng.random() < NOISE_SHARE:
        for _ in range(rng.randint(1, 4)):
            line = rng.choice(NOISE_LINES)
            if line == "Read more":
                # A related article's headline above the label, as news sites print it.
                line = rng.choice(paragraphs).split("\n", 1)[0].strip()[:80] + "\n Read more"
            chosen.insert(rng.randrange(len(chosen) + 1), line)
    return "\n\n".join(chosen) + "\n"


def generate(out_dir: str | Path, n_articles: int, seed: int = 7) -> GeneratedCorpus:
    """Write ``n_articles`` files and a manifest into ``out_dir`` (created, must be empty)."""
    rng = random.Random(seed)
    paragraphs = source_paragraphs()
    root = Path(out_dir)
    articles = root / "articles"
    articles.mkdir(parents=True, exist_ok=False)
    rows = []
    texts: list[str] = []
    duplicates = 0
    words = 0
    first_day = date(2016, 1, 4)
    for i in range(n_articles):
        story = i // STORY_SIZE
        story_day = first_day + timedelta(days=(story * 37) % 1400)
        if texts and rng.random() < DUPLICATE_SHARE:
            text = rng.choice(texts)
            duplicates += 1
        else:
            text = _article_text(rng, paragraphs)
        texts.append(text)
        name = f"{i:05d}.txt"
        (articles / name).write_text(text, encoding="utf-8")
        words += len(text.split())
        rows.append(
            {
                "file": name,
                "outlet": rng.choice(OUTLETS),
                "headline": text.strip().split("\n", 1)[0][:90].strip(),
                "url": "",
                "published": (story_day + timedelta(days=rng.randint(0, 4))).isoformat(),
                "story": f"story-{story:04d}",
            }
        )
    with (root / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["file"])
        writer.writeheader()
        writer.writerows(rows)
    return GeneratedCorpus(root, n_articles, duplicates, words)


def all_texts(corpus: GeneratedCorpus) -> list[str]:
    """The article texts in file order (what the raw spaCy baseline parses)."""
    return [p.read_text(encoding="utf-8") for p in sorted((corpus.root / "articles").glob("*"))]


if __name__ == "__main__":
    built = generate(sys.argv[1], int(sys.argv[2]))
    print(f"{built.n_articles} articles, {built.n_duplicates} duplicates, {built.n_words} words")
