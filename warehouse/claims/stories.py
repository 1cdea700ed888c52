"""Stories: which articles report one event, grouped online in publication order.

Each article is compared with the stories built so far, never with the whole
corpus: a candidate index (distinctive term -> stories holding it) proposes a few
stories, a fitted logistic model scores the article against each one from
similarities of what they report (TF-IDF words, capitalised names, people and
organisations, numbers and figures), and the article joins the best story when
its probability passes the fitted threshold, else it starts a story of its own.
Weights and threshold are data (``data/story_model.json``), fitted by
``tests/benchmarks/fit_stories.py``; see docs/stories.md.
"""

from __future__ import annotations

import heapq
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from warehouse.claims.records import STOPWORDS, STORY_WINDOW_DAYS, Article, Figure
from warehouse.claims.text import unit_key, words

# NEWSFACTS_STORY_MODEL names another fitted model (the fit script's fold models), so
# the official scorer can measure a fold with weights that never saw it.
MODEL = json.loads(
    Path(os.environ["NEWSFACTS_STORY_MODEL"]).read_text("utf-8")
    if os.environ.get("NEWSFACTS_STORY_MODEL")
    else resources.files("warehouse.claims").joinpath("data/story_model.json").read_text("utf-8")
)
# The similarity spaces an article is described in, in the model's feature order.
SPACES = ("words", "names", "entities", "numbers")
# Candidate stories scored per article: retrieval by shared distinctive terms
# keeps the step near-linear; the true story is almost always among the first few.
CANDIDATES = 8
# Terms of one article looked up in the candidate index: its most distinctive words.
INDEX_WORDS = 15
# A term in more than this share of the articles seen names no story: not looked up.
COMMON_SHARE = 0.3

_NAME = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class ArticleTerms:
    """What one article reports, as the terms each similarity space compares."""

    article_id: str
    published: date | None
    story: str | None
    terms: dict[str, Counter]  # space -> term counts


def article_terms(
    article: Article, figures: list[Figure], entities: set[str] | frozenset[str]
) -> ArticleTerms:
    """Terms of one article: content words, capitalised names, entities, numbers."""
    text = article.text
    names: Counter = Counter()
    for m in _NAME.finditer(text):
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \t\"'‘“(")
        if not before or before[-1] in ".!?:\n":
            continue  # any word is capitalised at the start of a sentence
        name = m.group().lower().strip("'’-")
        if name not in STOPWORDS and len(name) > 2:
            names[name] += 1
    numbers: Counter = Counter()
    for raw in _NUMBER.findall(text):
        value = raw.replace(",", "")
        if len(value) >= 2:  # single digits are everywhere
            numbers[value] += 1
    for f in figures:
        if f.value is not None and f.kind != "ordinal":
            numbers[f"{f.kind}:{unit_key(f.unit)}:{round(f.value, 4):g}"] += 1
    return ArticleTerms(
        article.article_id,
        article.published,
        article.story,
        {
            "words": Counter(words(text)),
            "names": names,
            "entities": Counter(sorted(entities)),
            "numbers": numbers,
        },
    )


def _unit(counts: Counter) -> dict[str, float]:
    """Sublinear term frequencies scaled to length one, so each member weighs the same."""
    weights = {t: 1.0 + math.log(c) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


class _Space:
    """Document frequencies of one kind of term over the articles seen so far."""

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.n = 0

    def observe(self, terms: dict[str, float]) -> None:
        self.n += 1
        self.df.update(terms.keys())

    def idfs(self, terms: Iterable[str]) -> dict[str, float]:
        """Each term's smoothed idf, squared (the weight both sides of a cosine carry),
        with the corpus as it stands now."""
        n, df = self.n + 1, self.df
        return {t: (math.log(n / (df[t] + 1)) + 1.0) ** 2 for t in terms}


@dataclass
class _Story:
    story_id: str
    label: str | None  # the manifest's story, when the story came from it
    members: list[str] = field(default_factory=list)
    centroid: dict[str, dict[str, float]] = field(
        default_factory=lambda: {s: defaultdict(float) for s in SPACES}
    )
    # Squared norm of each centroid under the idf of the time it was computed; it
    # is refreshed when the corpus has grown by a fifth since (idf drifts slowly).
    norm_sq: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SPACES, 0.0))
    norm_n: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SPACES, 0))
    first: date | None = None
    last: date | None = None
    dated: int = 0  # members with a publication date


def days_apart(published: date, first: date, last: date) -> int:
    """Days from an article's date to the nearest date of a story's dated members."""
    return max((first - published).days, (published - last).days, 0)


def time_features(published: date | None, first: date | None, last: date | None) -> dict:
    """How far an article is in time from a story; an unknown date is a value of its own.

    ``log_days_apart`` (both dated), ``beyond_window`` (both dated and more than
    ``STORY_WINDOW_DAYS`` apart: the old hard rule, now weighed by the fit),
    ``date_mixed`` (one side dated, the other not), ``date_none`` (neither dated).
    """
    both = published is not None and first is not None and last is not None
    days = days_apart(published, first, last) if both else 0  # type: ignore[arg-type]
    return {
        "log_days_apart": math.log1p(days),
        "beyond_window": float(days > STORY_WINDOW_DAYS),
        "date_mixed": float(not both and (published is not None) != (first is not None)),
        "date_none": float(published is None and first is None),
    }


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


class StoryIndex:
    """Stories built online: ``add`` places one article and never moves an earlier one."""

    def __init__(self, model: dict | None = None) -> None:
        model = model or MODEL
        self.features: list[str] = model["features"]
        self.weights: list[float] = model["weights"]
        self.bias: float = model["bias"]
        self.threshold: float = model["threshold"]
        # A hard window (days) on the stories an article may join, when the model keeps one;
        # a model with time features weighs the distance instead.
        self.window: int | None = model.get("window_days", STORY_WINDOW_DAYS)
        self.spaces = {s: _Space() for s in SPACES}
        self.stories: dict[str, _Story] = {}
        self.by_label: dict[str, str] = {}
        # Insertion-ordered (a dict, not a set), so ties break the same way in every process.
        self.postings: dict[str, dict[str, None]] = defaultdict(dict)

    # --- similarity ------------------------------------------------------------------

    def _norm_sq(self, story: _Story, space: str) -> float:
        sp = self.spaces[space]
        if sp.n > 1.2 * story.norm_n[space] + 2:
            centroid = story.centroid[space]
            idf = sp.idfs(centroid)
            story.norm_sq[space] = sum((w * idf[t]) ** 2 for t, w in centroid.items())
            story.norm_n[space] = sp.n
        return story.norm_sq[space]

    def idfs(self, vectors: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        """Per space, the (squared) idf of each of an article's terms as the corpus
        stands now.

        Placing one article reads each of its terms' idf several times (scoring,
        candidate keys, centroid norms) with no article observed in between, so they
        are read once. The methods that take ``idfs`` need them computed after the
        last :meth:`observe`; without them they compute their own.
        """
        return {space: self.spaces[space].idfs(vector) for space, vector in vectors.items()}

    def weigh(
        self, vectors: dict[str, dict[str, float]], idfs: dict[str, dict[str, float]] | None = None
    ) -> dict[str, tuple[dict, float]]:
        """Per space: each term's weight times idf squared, and the article's TF-IDF norm."""
        idfs = idfs or self.idfs(vectors)
        out = {}
        for space, vector in vectors.items():
            idf = idfs[space]
            norm = math.sqrt(sum((w * idf[t]) ** 2 for t, w in vector.items()))
            out[space] = ({t: w * idf[t] * idf[t] for t, w in vector.items()}, norm)
        return out

    def _cosine(self, weighted: tuple[dict, float], story: _Story, space: str) -> float:
        vector, norm = weighted
        centroid = story.centroid[space]
        dot = sum(w * centroid[t] for t, w in vector.items() if t in centroid)
        c_sq = self._norm_sq(story, space) if dot else 0.0
        return dot / (norm * math.sqrt(c_sq)) if dot and norm and c_sq > 0 else 0.0

    def feature_vector(
        self, weighted: dict[str, tuple[dict, float]], story: _Story, published: date | None = None
    ) -> list[float]:
        """The model's features for one article (published on ``published``) against one story."""
        values = {f"cos_{s}": self._cosine(weighted[s], story, s) for s in SPACES}
        for space in SPACES[1:]:
            if not weighted[space][1] or not story.norm_sq[space]:
                # Nothing to compare in this space (an article naming no one): no
                # evidence either way, so it counts as much as the wording does.
                values[f"cos_{space}"] = values["cos_words"]
        values["shared_entities"] = math.log1p(
            sum(1 for t in weighted["entities"][0] if t in story.centroid["entities"])
        )
        values["log_size"] = math.log1p(len(story.members))
        # Short copies share fewer terms with any story: their length lets the fit lower the bar.
        values["log_article_words"] = math.log1p(len(weighted["words"][0]))
        values.update(time_features(published, story.first, story.last))
        # How much of the story is dated unlike this article (dated or not): sources
        # that give dates, and those that do not, tend to cover different events.
        unlike = len(story.members) - story.dated if published else story.dated
        values["dated_unlike"] = unlike / len(story.members) if story.members else 0.0
        return [values[f] for f in self.features]

    def probability(self, x: list[float]) -> float:
        return _sigmoid(self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True)))

    # --- candidates ------------------------------------------------------------------

    def _keys(
        self, vectors: dict[str, dict[str, float]], idfs: dict[str, dict[str, float]]
    ) -> list[tuple[str, float]]:
        """Index keys of an article with their idf: its distinctive terms in every space."""
        keys = []
        for space, vector in vectors.items():
            sp, idf = self.spaces[space], idfs[space]
            limit = sp.n * COMMON_SHARE if sp.n >= 20 else math.inf
            scored = [(w * idf[t], t) for t, w in vector.items() if sp.df[t] <= limit]
            if space == "words":
                scored = heapq.nlargest(INDEX_WORDS, scored)
            keys.extend((f"{space}:{t}", idf[t]) for _, t in scored)
        return keys

    def candidates(
        self, terms: ArticleTerms, vectors: dict, idfs: dict[str, dict[str, float]] | None = None
    ) -> list[_Story]:
        """The stories sharing most distinctive terms with the article, within the window."""
        overlap: Counter = Counter()
        for key, idf in self._keys(vectors, idfs or self.idfs(vectors)):
            for story_id in self.postings.get(key, ()):
                overlap[story_id] += idf
        out = []
        for story_id, _ in overlap.most_common():
            story = self.stories[story_id]
            if (
                self.window is not None
                and terms.published
                and story.first
                and story.last
                and days_apart(terms.published, story.first, story.last) > self.window
            ):
                continue  # follow-up reports weeks later are a story of their own
            out.append(story)
            if len(out) == CANDIDATES:
                break
        return out

    # --- placing an article ----------------------------------------------------------

    def vectors(self, terms: ArticleTerms) -> dict[str, dict[str, float]]:
        return {s: _unit(terms.terms[s]) for s in SPACES}

    def observe(self, vectors: dict[str, dict[str, float]]) -> None:
        for s in SPACES:
            self.spaces[s].observe(vectors[s])

    def best(
        self, terms: ArticleTerms, vectors: dict, idfs: dict[str, dict[str, float]] | None = None
    ) -> tuple[_Story | None, float, list]:
        idfs = idfs or self.idfs(vectors)
        best, best_p, best_x = None, 0.0, []
        weighted = self.weigh(vectors, idfs)
        for story in self.candidates(terms, vectors, idfs):
            x = self.feature_vector(weighted, story, terms.published)
            p = self.probability(x)
            if p > best_p:
                best, best_p, best_x = story, p, x
        return best, best_p, best_x

    def attach(
        self,
        terms: ArticleTerms,
        vectors: dict,
        story: _Story,
        idfs: dict[str, dict[str, float]] | None = None,
    ) -> None:
        """Add the article to the story: centroid, dates, candidate index."""
        idfs = idfs or self.idfs(vectors)
        story.members.append(terms.article_id)
        for key, _ in self._keys(vectors, idfs):
            self.postings[key][story.story_id] = None
        for space in SPACES:
            centroid = story.centroid[space]
            idf = idfs[space]
            for t, w in vectors[space].items():
                old = centroid[t]
                centroid[t] = old + w
                story.norm_sq[space] += ((old + w) ** 2 - old * old) * idf[t] ** 2
        if terms.published:
            story.dated += 1
            story.first = min(story.first or terms.published, terms.published)
            story.last = max(story.last or terms.published, terms.published)

    def new_story(self, story_id: str, label: str | None = None) -> _Story:
        story = _Story(story_id, label)
        self.stories[story_id] = story
        if label:
            self.by_label[label] = story_id
        return story

    def add(self, terms: ArticleTerms) -> tuple[str, str, str]:
        """Place one article: (story_id, method, evidence); earlier articles stay put."""
        vectors = self.vectors(terms)
        self.observe(vectors)
        idfs = self.idfs(vectors)
        if terms.story:
            story_id = (
                self.by_label.get(terms.story) or self.new_story(terms.story, terms.story).story_id
            )
            self.attach(terms, vectors, self.stories[story_id], idfs)
            return story_id, "manifest", "story given in the manifest"
        story, p, x = self.best(terms, vectors, idfs)
        if story is not None and p >= self.threshold:
            self.attach(terms, vectors, story, idfs)
            detail = ", ".join(
                f"{name} {value:.2f}" for name, value in zip(self.features, x, strict=True)
            )
            return (
                story.story_id,
                "inferred",
                (
                    f"joined the story of article {story.members[0]} with probability {p:.2f}"
                    f" ({detail})"
                ),
            )
        story = self.new_story(f"story-{terms.article_id[:8]}")
        self.attach(terms, vectors, story, idfs)
        return story.story_id, "alone", "first article of its story"


def publication_order(articles: list[ArticleTerms], first: str = "names") -> list[ArticleTerms]:
    """Manifest stories first (they are fixed), then by date, undated last.

    Within one day (and among undated articles) the article richest in ``first``
    terms (the model's ``order_by``: names or words) goes first: a full report
    founds the story and short copies join it, where the other way round a
    two-line copy founds a story the full reports may not recognise.
    """
    return sorted(
        articles,
        key=lambda a: (
            a.story is None,
            a.published is None,
            a.published or date.min,
            -sum(a.terms[first].values()),
            a.article_id,
        ),
    )


def infer_stories(
    articles: list[Article],
    figures_by_article: dict[str, list[Figure]],
    entities_by_article: dict[str, set[str]],
    model: dict | None = None,
) -> dict[str, tuple[str, str, str]]:
    """Group articles into stories: the manifest's story, else what the texts report.

    Articles are placed one at a time in publication order (see StoryIndex), so an
    article published later never moves an earlier one. An unlabelled article may
    join a manifest story. A story founded by one article and joined by others
    reports its founder as inferred too.
    """
    model = model or MODEL
    index = StoryIndex(model)
    placed: dict[str, tuple[str, str, str]] = {}
    for terms in publication_order(
        [
            article_terms(
                a, figures_by_article.get(a.article_id, []),
                entities_by_article.get(a.article_id, set()),
            )
            for a in articles
        ],
        model.get("order_by", "words"),
    ):  # fmt: skip
        placed[terms.article_id] = index.add(terms)
    for article_id, (story_id, method, _) in placed.items():
        members = index.stories[story_id].members
        if method == "alone" and len(members) > 1:
            placed[article_id] = (
                story_id,
                "inferred",
                f"first of the {len(members)} articles of its story; the others joined it",
            )
        elif method == "alone":
            placed[article_id] = (
                story_id,
                "alone",
                "no story scored above the threshold and no later article joined it",
            )
    return placed
