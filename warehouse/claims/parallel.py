"""Link the relinked stories in two halves at once: this process and one other.

A story's source groups, claims and relations read only its own articles and
mentions (see ``story_sources`` and ``build_links``' ``only``), so the stories can
be linked apart and the results put together: the same groups, claim ids,
intervals, attributions and relations, in the same order, as one serial pass.
The other half goes to whatever ``submit`` runs it on (the pipeline's extraction
workers, idle by then, so no process is added and memory does not grow); this
module knows nothing of Prefect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from warehouse.claims.attribution import DateInSentence, NameInSentence
from warehouse.claims.features import LinkModel
from warehouse.claims.records import Article, ClaimLinks, Figure

# Below this many mentions to link, linking takes well under a second: handing half
# of it to another process (pickling, a task, the linker's imports there) gains nothing.
PARALLEL_MIN_MENTIONS = 5000


class Pending(Protocol):
    def result(self) -> ClaimLinks: ...


# submit(link_part, *arguments) starts link_part(*arguments) elsewhere; .result() waits.
Submit = Callable[..., Pending]


def split_stories(mentions: dict[str, int], parts: int = 2) -> list[list[str]]:
    """Stories dealt into ``parts`` groups of about equal mentions (largest first, each
    to the lightest group; ties by story id), each group in story-id order."""
    groups: list[list[str]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for story_id, n in sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0])):
        lightest = min(range(parts), key=lambda i: (loads[i], i))
        groups[lightest].append(story_id)
        loads[lightest] += n
    return [sorted(g) for g in groups]


def link_part(
    articles: list[Article],
    figures: list[Figure],
    dates_by_sentence: dict[str, list[DateInSentence]],
    names_by_sentence: dict[str, list[NameInSentence]],
    model: LinkModel,
    stories: dict[str, tuple[str, str, str]],
    only: list[str],
) -> ClaimLinks:
    """Source groups, claims and relations of the stories ``only``, from their articles
    and mentions (what runs in the other process; also this one's half)."""
    from warehouse.claims.link import build_links, story_sources

    chosen = set(only)
    placed = (stories, story_sources(articles, stories, chosen))
    return build_links(articles, figures, {}, dates_by_sentence, names_by_sentence, model,
                       placed, chosen)  # fmt: skip


def link_stories(
    articles: list[Article],
    figures: list[Figure],
    dates_by_sentence: dict[str, list[DateInSentence]],
    names_by_sentence: dict[str, list[NameInSentence]],
    model: LinkModel,
    stories: dict[str, tuple[str, str, str]],
    relink: set[str],
    submit: Submit | None = None,
) -> ClaimLinks:
    """Source groups and ``build_links`` of the stories ``relink``, half of them on
    ``submit`` when given and worth it; equal to the serial result
    (``tests/unit/test_parallel_linking.py``)."""
    mine = [f for f in figures if stories[f.article_id][0] in relink]
    if submit is None or len(mine) < PARALLEL_MIN_MENTIONS or len(relink) < 2:
        return link_part(articles, mine, dates_by_sentence, names_by_sentence, model, stories,
                         sorted(relink))  # fmt: skip
    mentions: dict[str, int] = dict.fromkeys(relink, 0)
    for f in mine:
        mentions[stories[f.article_id][0]] += 1
    # The other process also unpickles its share and imports the linker: it takes the lighter half.
    there, here = sorted(split_stories(mentions), key=lambda g: (sum(mentions[s] for s in g), g))
    theirs = set(there)
    their_figures = [f for f in mine if stories[f.article_id][0] in theirs]
    sentences = {f.sentence_id for f in their_figures}
    pending = submit(
        link_part,
        [a for a in articles if stories[a.article_id][0] in theirs],
        their_figures,
        {s: d for s, d in dates_by_sentence.items() if s in sentences},
        {s: n for s, n in names_by_sentence.items() if s in sentences},
        model,
        stories,
        there,
    )
    ours = link_part(articles, mine, dates_by_sentence, names_by_sentence, model, stories, here)
    return merge([ours, pending.result()])


def merge(parts: list[ClaimLinks]) -> ClaimLinks:
    """One ClaimLinks from those of disjoint sets of stories, as one pass would give it:
    relations in story-id order (each story's own order kept)."""
    out = ClaimLinks(
        stories=parts[0].stories,
        sources={},
        claim_of={},
        intervals={},
        attribution={},
        time_reference={},
    )
    for part in parts:
        out.sources.update(part.sources)
        out.claim_of.update(part.claim_of)
        out.intervals.update(part.intervals)
        out.attribution.update(part.attribution)
        out.time_reference.update(part.time_reference)
        out.holder.update(part.holder)
    relations: list[Any] = [r for part in parts for r in part.relations]
    out.relations = sorted(relations, key=lambda r: r.story_id)  # stable: within a story, as found
    return out
