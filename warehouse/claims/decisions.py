"""What the SQL models read of the linker's rules, decided here so each rule has one home.

The conflict views compare mentions of one claim pairwise: can their wordings both
hold (the tolerance rule, :func:`.intervals.agree`), are their stated times apart
(:func:`.attribution._times_differ`), do two attributions name one party
(:func:`.attribution._same_party`). Those rules are Python; the SQL restates none of
them. Linking writes their answers with each claim:

* ``claim_assignments.wording_id``: mentions of one claim whose wordings the rules
  cannot tell apart (kind, unit, qualifier, value, interval, stated time) share it;
* ``wording_disagreements``: the pairs of a claim's wordings that cannot both hold,
  both ways round, with whether their stated times differ;
* ``claim_assignments.party_key``: one name for the parties of a claim that the
  same-party rule joins (transitively), so a party split is two keys.

Rules are applied per pair of distinct wordings, not of mentions: a claim of 1,000
near-copies has a handful of wordings.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from warehouse.claims.attribution import _same_party, _times_differ
from warehouse.claims.intervals import agree
from warehouse.claims.records import ClaimLinks, Figure, _find, _union


@dataclass(frozen=True)
class Disagreement:
    """Two wordings of one claim that cannot both hold (stored both ways round)."""

    claim_id: str
    story_id: str
    wording_a: str
    wording_b: str
    times_differ: bool


@dataclass
class ClaimDecisions:
    wording_of: dict[str, str]  # mention_id -> wording_id
    party_key: dict[str, str | None]  # mention_id -> the claim's name for its party
    disagreements: list[Disagreement]


def _wording_key(f: Figure, links: ClaimLinks) -> tuple:
    interval = links.intervals[f.mention_id]
    return (f.kind, f.unit, f.qualifier, f.value, f.value_high, interval.low, interval.high,
            links.time_reference[f.mention_id])  # fmt: skip


def wording_id(key: tuple) -> str:
    return hashlib.sha1(repr(key).encode()).hexdigest()[:12]


def claim_decisions(figures: list[Figure], links: ClaimLinks) -> ClaimDecisions:
    """The rules' answers for the claims of ``figures`` (mentions without a claim are skipped)."""
    by_claim: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.mention_id in links.claim_of:
            by_claim[links.claim_of[f.mention_id]].append(f)
    out = ClaimDecisions({}, {}, [])
    for claim_id, members in sorted(by_claim.items()):
        story_id = links.stories[members[0].article_id][0]
        wordings: dict[str, Figure] = {}
        for f in members:
            wid = wording_id(_wording_key(f, links))
            out.wording_of[f.mention_id] = wid
            wordings.setdefault(wid, f)
        ids = sorted(wordings)
        for i, wa in enumerate(ids):
            fa = wordings[wa]
            for wb in ids[i + 1:]:
                fb = wordings[wb]
                ia, ib = links.intervals[fa.mention_id], links.intervals[fb.mention_id]
                if agree(fa, fb, ia, ib):
                    continue
                apart = _times_differ(links.time_reference[fa.mention_id],
                                      links.time_reference[fb.mention_id])  # fmt: skip
                out.disagreements += [Disagreement(claim_id, story_id, wa, wb, apart),
                                      Disagreement(claim_id, story_id, wb, wa, apart)]  # fmt: skip
        out.party_key.update(_party_keys(members, links))
    return out


def _party_keys(members: list[Figure], links: ClaimLinks) -> dict[str, str | None]:
    """Each mention's party as one name per group of parties the same-party rule joins."""
    parties = sorted({p for f in members if (p := links.attribution[f.mention_id])})
    parent = {p: p for p in parties}
    for i, a in enumerate(parties):
        for b in parties[i + 1:]:
            if _same_party(a, b):
                _union(parent, a, b)
    return {f.mention_id: (_find(parent, p) if (p := links.attribution[f.mention_id]) else None)
            for f in members}  # fmt: skip
