"""Link the relinked stories in two halves at once: this process and one other.

A story's source groups, claims and relations read only its own articles and
mentions (see ``story_sources`` and ``build_links``' ``only``), so the stories can
be linked apart and the results put together: the same groups, claim ids,
intervals, attributions and relations, in the same order, as one serial pass.
The other half goes to whatever ``submit`` runs it on (the pipeline's extraction
workers, idle by then, so no process is added and memory does not grow); this
module knows nothing of Prefect. Here: how the stories are split and the halves
put back together; ``warehouse.claims.link.link_stories`` does the linking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, Protocol

from warehouse.claims.records import ClaimLinks

# Below this many mentions to link, linking takes well under a second: handing half
# of it to another process (pickling, a task, the linker's imports there) gains nothing.
PARALLEL_MIN_MENTIONS = 5000


def parallel_min_mentions() -> int:
    """:data:`PARALLEL_MIN_MENTIONS`, read when called (a test lowers it)."""
    return PARALLEL_MIN_MENTIONS


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
    # Every per-mention or per-story field is a dict or a set keyed by what one part
    # alone holds: merged field by field, so a field added to ClaimLinks is not lost.
    for name in (f.name for f in fields(ClaimLinks) if f.name not in ("stories", "relations")):
        merged = getattr(out, name)
        for part in parts:
            merged.update(getattr(part, name))
    relations: list[Any] = [r for part in parts for r in part.relations]
    out.relations = sorted(relations, key=lambda r: r.story_id)  # stable: within a story, as found
    return out
