"""Changes that one sentence states: a value before, a value after and the difference.

"Arrests rose by 120 to 520", "520 arrests, up 120 from 400", "fell from 45 to 40, a
drop of five": the wording relates up to three figures by the role each plays in a
change, whatever the verb or the order. The role comes from the word that
introduces the figure inside the clause of a word of change:

- ``from`` (or "compared with") introduces the value before;
- ``to`` (or "at", "reaching") introduces the value after;
- ``by``, "of" after a change noun ("an increase of 120"), or the bare change adverb
  ("up 120", "down 5") introduce the difference.

Only when all three are stated, and all three measure one thing (one kind, one unit,
and not a percentage change of a count), is the change checkable: the larger of
before and after must be the smaller plus the difference. The direction word is
not needed for that, so a story that says "rose" where another says "grew" or
"was up" gives the same relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warehouse.claims.records import Figure
from warehouse.claims.text import unit_key

# Words of change, in the forms news writes them (verbs, nouns, adverbs).
_CHANGE = re.compile(
    r"\b(?:ris(?:e|es|en|ing)|rose|increas(?:e|ed|es|ing)|gr(?:ow|ew|own|ows|owing)|growth|"
    r"climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|soar(?:s|ed|ing)?|surg(?:e|ed|es|ing)|"
    r"fall(?:s|en|ing)?|fell|drop(?:s|ped|ping)?|declin(?:e|ed|es|ing)|"
    r"decreas(?:e|ed|es|ing)|plung(?:e|ed|es|ing)|slump(?:s|ed|ing)?|"
    r"shr(?:ink|ank|unk|inks|inking)|cut(?:s|ting)?|reduc(?:e|ed|es|ing|tion)|"
    r"rais(?:e|ed|es|ing)|lower(?:ed|s|ing)?|up|down|gain(?:s|ed)?|los(?:s|t|es|ing))\b",
    re.IGNORECASE,
)
# The word right before a figure that gives its role in the change.
_INTRODUCED_BY = re.compile(
    r"\b(?P<word>from|to|at|reaching|by|of|up|down|compared\s+(?:with|to))\s+"
    r"(?:(?:at\s+least|at\s+most|about|around|some|nearly|almost|roughly|just|only|more\s+than|less\s+than|"
    r"over|under|a|an|the|last\s+year'?s?|its|their)\s+)*$",
    re.IGNORECASE,
)
_ROLE = {"from": "before", "to": "after", "at": "after", "reaching": "after", "by": "difference",
         "up": "difference", "down": "difference"}  # fmt: skip
# A clause ends at these: a change word beyond them does not govern the figure.
_CLAUSE_END = re.compile(r"[.;:!?]|\b(?:and|but|while|whereas)\b\s+(?:the|a|an|its|their)\b")


@dataclass(frozen=True)
class Change:
    """A change one sentence states; ``larger`` = ``smaller`` + ``difference``."""

    before: Figure
    after: Figure
    difference: Figure

    @property
    def larger(self) -> Figure:
        return self.after if (self.after.value or 0) >= (self.before.value or 0) else self.before

    @property
    def smaller(self) -> Figure:
        return self.before if self.larger is self.after else self.after


def change_role(f: Figure) -> str | None:
    """The role the words before ``f`` give it in a change in its clause, if any."""
    before_text = f.sentence[: f.start_char - f.sentence_start]
    clause = _CLAUSE_END.split(before_text)[-1]
    intro = _INTRODUCED_BY.search(clause)
    if intro is None:
        return None
    word = intro.group("word").lower()
    governing = clause[: intro.start()]
    if word in ("up", "down"):
        return "difference"
    if not _CHANGE.search(governing):
        return None
    if word == "of":
        # "an increase of 120", "a drop of five": the change noun right before "of".
        return "difference" if _CHANGE.search(governing[-25:]) else None
    if word.startswith("compared"):
        return "before"
    return _ROLE[word]


def _comparable(figures: list[Figure]) -> bool:
    kinds = {f.kind for f in figures}
    units = {unit_key(f.unit) for f in figures if f.unit}
    return len(kinds) == 1 and len(units) <= 1 and all(f.value is not None for f in figures)


def sentence_changes(sentence_figures: list[Figure]) -> list[Change]:
    """The checkable changes one sentence states (all three roles, one measurement).

    A sentence that gives a role twice ("from 40 to 45 and from 60 to 70") is
    ambiguous about which figures go together and gives none.
    """
    by_role: dict[str | None, list[Figure]] = {"before": [], "after": [], "difference": []}
    for f in sorted(sentence_figures, key=lambda f: f.start_char):
        by_role.setdefault(change_role(f), []).append(f)
    unassigned = by_role.pop(None, [])
    if (
        not by_role["after"]
        and len(unassigned) == 1
        and by_role["before"]
        and (unassigned[0].start_char < min(f.start_char for f in by_role["before"]))
    ):
        # "520 arrests, up 120 from 400": the value the change is about comes first.
        by_role["after"] = unassigned
    if any(len(figures) != 1 for figures in by_role.values()):
        return []
    before, after, difference = (by_role[r][0] for r in ("before", "after", "difference"))
    if not _comparable([before, after, difference]):
        return []
    return [Change(before, after, difference)]
