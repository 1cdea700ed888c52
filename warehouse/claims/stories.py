"""Stories: which articles report one event."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from warehouse.claims.records import STORY_WINDOW_DAYS, Article, Figure, _find, _union
from warehouse.claims.text import jaccard, unit_key, words


def _signatures(figures: list[Figure]) -> set[tuple]:
    return {
        (f.kind, unit_key(f.unit), round(f.value, 4))
        for f in figures
        if f.kind != "ordinal" and not (f.kind == "count" and abs(f.value) < 3)
    }


def _compatible_figures(a: list[Figure], b: list[Figure]) -> int:
    """Pairs of figures of one kind and unit within 10% of each other (conflicts included)."""
    count = 0
    for fa in a:
        for fb in b:
            if (
                fa.kind == fb.kind
                and unit_key(fa.unit) == unit_key(fb.unit)
                and fa.kind != "ordinal"
            ):
                if abs(fa.value - fb.value) <= 0.1 * max(abs(fa.value), abs(fb.value)):
                    count += 1
    return count


def _story_candidates(articles: list[Article]) -> list[tuple[Article, Article]]:
    """Pairs of articles that could be one story, in the order of ``articles``.

    Dated articles further apart than STORY_WINDOW_DAYS never are, so dated
    articles are compared only within a sliding window over publication dates;
    an undated article is compared with every other. This keeps the step near
    linear in a corpus spread over time instead of quadratic.
    """
    position = {id(a): i for i, a in enumerate(articles)}
    dated = sorted((a for a in articles if a.published), key=lambda a: a.published)
    undated = [a for a in articles if not a.published]
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if (b.published - a.published).days > STORY_WINDOW_DAYS:
                break
            pairs.append(tuple(sorted((position[id(a)], position[id(b)]))))
    for u in undated:
        for other in articles:
            if other is not u and (other.published or position[id(other)] > position[id(u)]):
                pairs.append(tuple(sorted((position[id(u)], position[id(other)]))))
    # Evidence names the first link found: keep the order the full scan had.
    return [(articles[i], articles[j]) for i, j in sorted(set(pairs))]


def infer_stories(
    articles: list[Article],
    figures_by_article: dict[str, list[Figure]],
    entities_by_article: dict[str, set[str]],
) -> dict[str, tuple[str, str, str]]:
    """Group articles into stories: the manifest's story, else what the texts share.

    Two articles no more than STORY_WINDOW_DAYS apart (or one undated) are linked
    when they share a figure and a fifth of their people and organisations, or
    three figures, or most of their wording (word Jaccard >= 0.3), or, both dated,
    some wording (>= 0.15) and a figure of one kind and unit within 10% (two
    outlets disagreeing about one number share no identical figure). Linked
    articles form a story; an unlabelled article joins the manifest story of an
    article it is linked to. Same-topic articles a year apart overlap in wording as
    much as one story's articles do, which is why the time window is kept.
    """
    ids = [a.article_id for a in articles]
    by_id = {a.article_id: a for a in articles}
    vocabulary = {a.article_id: set(words(a.text)) for a in articles}
    signatures = {i: _signatures(figures_by_article.get(i, [])) for i in ids}
    parent = {i: i for i in ids}
    evidence: dict[str, str] = {}
    for a, b in _story_candidates(articles):
        if a.story and b.story:
            continue
        both_dated = bool(a.published and b.published)
        fig_a = figures_by_article.get(a.article_id, [])
        fig_b = figures_by_article.get(b.article_id, [])
        shared = signatures[a.article_id] & signatures[b.article_id]
        people = jaccard(
            entities_by_article.get(a.article_id, ()), entities_by_article.get(b.article_id, ())
        )
        wording = jaccard(vocabulary[a.article_id], vocabulary[b.article_id])
        reasons = []
        if shared and people >= 0.2:
            reasons.append(f"{len(shared)} shared figure(s) and {people:.0%} shared names")
        if len(shared) >= 3:
            reasons.append(f"{len(shared)} shared figures")
        if wording >= 0.3:
            reasons.append(f"{wording:.0%} shared wording")
        if both_dated and wording >= 0.15 and _compatible_figures(fig_a, fig_b):
            reasons.append(f"{wording:.0%} shared wording and a figure within 10%")
        if reasons:
            _union(parent, a.article_id, b.article_id)
            joiner, anchor = (a, b) if not a.story else (b, a)
            evidence.setdefault(
                joiner.article_id, f"with article {anchor.article_id}: {'; '.join(reasons)}"
            )
    components: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        components[_find(parent, i)].append(i)
    stories: dict[str, tuple[str, str, str]] = {}
    for members in components.values():
        labels = Counter(by_id[m].story for m in members if by_id[m].story)
        if labels:
            label = labels.most_common(1)[0][0]
        else:
            first = min(members, key=lambda m: (by_id[m].published or date.max, m))
            label = f"story-{first[:8]}"
        for m in members:
            if by_id[m].story:
                stories[m] = (by_id[m].story, "manifest", "story given in the manifest")
            elif len(members) == 1:
                stories[m] = (
                    label,
                    "alone",
                    "shares no figures, names or wording with another article",
                )
            else:
                stories[m] = (label, "inferred", evidence.get(m, "linked through another article"))
    return stories
