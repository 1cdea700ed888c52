"""Records, constants and the small union-find that claim linking shares."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from extractors.agencies import wire_services

# 38: the review's findings: verbs that do more than tell ("added", "admitted", "wrote",
# "confirmed") and words that are nouns too ("states", "notes") dropped from the verbs of
# telling; when it was told is stripped only in lower case ("USA Today reported").
# 36: when it was told may stand between speaker and verb ("police this morning
# confirmed"); "counted" is no verb of telling ("with 94% of the votes counted"); "nearly
# 23,000" and "just over 500" are close to their bound (within 10%), not open-ended.
# 35: a forecast ("expected to reach $33bn") was, like a figure of the past, never one
# fact with a figure that states no time; withdrawn in 38 (the forecast tag misreads
# "$33bn is expected next year" and "the storm, expected to make landfall, killed 30").
# 34: a speaker relayed by another ("authorities quoted by CNN") is the source, not the relay.
# 33: the common verbs of telling ("confirmed", "announced", "revealed", "stated" ...)
# and a perfect's auxiliary before them ("the prosecutor has said") name a speaker; a
# date after a verb of founding or starting ("a firm set up in 1996") times no figure.
# 32: "the end of 2023" times a figure again; a contrast cuts a speaker off only when it
# opens the speaker's clause; a value chosen in another unit keeps its own unit.
# 31: "according to the latest figures from X": X.
# 30: a date after "of" that names a thing ("the tsunami of 2004") times no figure.
# 29: one value stated apart in two units of one dimension is one reading.
# 28: a figure whose hedge is the reporting verb follows its speaker; a clause a contrast
# opens after a figure does not claim it; a guessed whole is no smaller than a category.
# 27: a figure tied to a time over a year before its article (an earlier event) never
# links with one that states no time; "since" dates and later clauses' dates time none.
# 26: a reporting word that is also a noun ("reports") is a noun before "of" or a verb.
# 25: readings on a scale and rates ("7.6 and 7.4 magnitude", "120 mph and 90 mph"), and bare
# numbers that are not whole, are never a whole and its parts.
# 24: a restatement in another unit is weighed as the value it restates
# (claim_assignments.reading_value).
# 23: each pair of disagreeing wordings stores how sure the pair model is that they state
# one quantity (wording_disagreements.same_quantity).
# 22: a speaker read leftwards from its verb stops at a word that opens another clause
# ("eleven times after police said": the police); weights refitted.
# 21: one article's quoted and own values in two paragraphs may share a claim; exclusive
# pairs join mutual best partners whose figures may tell of one act; settings chosen on
# an inner topic split (weights refitted).
# 20: reassignment of statements after the merging.
# 19: the words beside a figure in its view.
# 18: speakers read from the article (the verb before its speaker, an apposition, "he"
# and "she", speech over several quoted paragraphs); a sum an article converts into
# another currency is compared with nothing; a feature for two ages one of which
# names no one.
# 17: the pair model refitted on this code (it was claims-8's fit), with a feature for
# two ages that name no one.
# 16: a part its sentence states of a whole is left out of a merge past outliers.
# 15: exclusive pairs: two claims under the threshold join as each other's only partner
# above a floor.
# 14: the tolerance, stated-time and same-party rules decided in Python only; the SQL
# models read their answers (wording_id, wording_disagreements, party_splits).
# 13: a single day times a figure only when the wording bounds the count by it.
# 12: units of one dimension compared in a base unit; merging past forbidden members;
# conversions stand for ±5%; ages of differently named people kept apart.
# 11: difference relations, passive attribution, per-story source groups.
# 39: a count's lower bound ("at least 70 injured") is its source's tally: it reaches
# the next step of its last non-zero digit (at least 10%), not every larger number.
# 40: a whole kept from the claim it holds to best only by its own stated part there
# ("Five bombs were dropped, of which four exploded") joins it; the part leaves.
# 41: claims-39's tally is read only for counts of things: a measure whose unit reads as
# a count ("more than 10 km") and a change ("rose by more than 100") keep an open bound;
# a count of dozens steps by a dozen.
VERSION = "claims-41"

# Two dated articles further apart than this are not one story unless the
# manifest says so: follow-up reports a year later are a new story.
STORY_WINDOW_DAYS = 21
# Articles sharing this share of their six-word shingles are copies of one text.
NEAR_DUPLICATE_JACCARD = 0.5
_LSH_BANDS, _LSH_ROWS = 64, 3
_MINHASH_SEED = 20161125
# Approximate wording ("about 384") allows at least this relative spread.
APPROX_RELATIVE = 0.02
APPROX_MAX_RELATIVE = 0.10
# A spoken fraction ("three-quarters") is a rounded share.
FRACTION_ABSOLUTE = 0.03
FRACTION_RELATIVE = 0.07

AGENCIES = wire_services()  # the one agency list: extractors/data/agencies.csv
STOPWORDS = frozenset(
    """a an the of to in on at by for from with and or but as is was were be been being are it its
    this that these those there their they them he she his her we our you your i me my not no
    than then so such which who whom whose what when where while into over under more less about
    around some also had has have do did does said says say would could should will may might can
    one two three four five six seven eight nine ten per cent percent""".split()
)
_VERB_ONLY = (
    r"said|says|say|estimated|claimed|reported|put the (?:figure|number|crowd|total|cost)|told"
    # only verbs that tell: not "added" ("the economy added 250,000 jobs"), "admitted",
    # "wrote" (off), "states"/"notes" (nouns), "confirmed" ("total confirmed cases")
    r"|stated|announced|announces|revealed|reveals|disclosed|explained|insisted"
    r"|acknowledged|warned|warns|declared|tweeted"
)
# Words that are a reporting verb or a noun ("police estimate", "early estimates"): a
# noun when "of" or a verb follows ("no immediate reports of injuries", "initial
# reports said"), and then the clause, if any, is the next verb's.
_ALSO_NOUNS = r"estimates|estimate|claims|claim|reports"
# an adverb or auxiliary may stand between the noun and its verb ("reports also said")
_THEN_A_VERB = r"(?:(?:also|never|not|later|earlier|then|still|have|has|had)\s+)?"
REPORTING_VERBS = (
    rf"{_VERB_ONLY}|(?:{_ALSO_NOUNS})"
    rf"(?!\s+(?:of|{_THEN_A_VERB}(?:{_VERB_ONLY}|{_ALSO_NOUNS}|put))\b)"
)
_REPORTED_BY = re.compile(
    r"(?P<who>(?:[A-Za-z][\w'’.-]*\s+){0,3}?[A-Za-z][\w'’.-]*)\s+(?:" + REPORTING_VERBS + r")\b"
)
# The verb before its speaker, after a quotation: '...," said UNHCR spokesman Adrian
# Edwards.' The speaker runs to the clause's end or to a word that starts what follows.
_SAID_BY = re.compile(
    r"(?:[,\"”]\s*)(?:said|says|added)\s+"
    r"(?!(?:that|it|as|while|when|after|before|in|on|at|[a-z]+ly)\b)"
    r"(?P<who>(?:the\s+)?[A-Za-z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){0,4}?)"
    r"(?=\s*(?:[,.;:!?\"”]|$)|\s+(?:on|in|at|during|after|before|yesterday|today|"
    r"tonight|last|this|when|who|which|adding|as|of)\b)"
)
# A name, an apposition, then the verb: "Ema Suryani, a doctor at the hospital, said".
_NAMED_THEN_SAID = re.compile(
    r"(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}),\s+[^,\"“”]{2,60},\s+(?:"
    + REPORTING_VERBS
    + r")\b"
)
# "according to the latest figures from X", "a statement by X": X gave the figure.
_ACCORDING_TO = re.compile(
    r"according to\s+(?:(?:the|a|an)\s+)?(?:(?:[A-Za-z][\w'’-]*\s+){0,3}?"
    r"(?:figures|data|statistics|numbers|reports?|statements?|estimates?|tally|count)"
    r"\s+(?:from|by|released by|issued by)\s+)?"
    r"(?P<who>(?:the\s+)?(?:[A-Za-z][\w'’-]*\s*){1,4})",
    re.IGNORECASE,
)
_PRONOUNS = frozenset("he she it they we i you who which that this there".split())
# Words that a speaker read leftwards from its verb does not reach past: words that open
# a clause of their own (subordinators, relative words, "to"), auxiliaries and modals,
# pronouns and determiners. "eleven times after police said" is the police; "all of
# whom said", "two people are also reported" name no one. Prepositions inside a speaker
# stay in it ("doctors in Gaza", "a spokesman for the ministry").
_NOT_IN_A_SPEAKER = frozenset(
    "after before since because if when while although until once as than with without to"
    " that which who whom whose where"
    " is are was were be been being has have had will would could should can may might must"
    " it its they their them there this these those his her our your we you i"
    " no any some each every all both".split()
)
# A speaker does not end on one of these ("camp comes shortly after reports", "would not
# retaliate for", "on his head and said").
_NOT_A_SPEAKERS_LAST = frozenset(
    "of for in at on from by under over into about near and or but nor a an the".split()
)
# Adverbs between a speaker and its verb ("police also said"): not part of the speaker.
# So are a perfect's auxiliary ("the prosecutor has said") and the manner of telling
# ("has officially stated"); a passive's auxiliary is not ("17,388 were reported": no one).
_BEFORE_THE_VERB = frozenset(
    "also never not later earlier then still further again has have had"
    " officially previously initially publicly separately repeatedly reportedly".split()
)
# When it was told, between speaker and verb ("police this morning said", "officials
# earlier this week said"): not the speaker's, when written in lower case ("USA Today
# reported" keeps its name).
_WHEN_TOLD = frozenset(
    "yesterday today tonight morning afternoon evening night week this last earlier".split()
)
# Words that open a clause ("..., while organisers claimed"): not part of who spoke.
_CLAUSE_OPENERS = frozenset(
    "while whilst but though although whereas and as however yet when so".split()
)
_TIME_WORDS = {
    "final": "final",
    "eventual": "final",
    "eventually": "final",
    "ultimately": "final",
    "so far": "to date",
    "to date": "to date",
    "initial": "initial",
    "initially": "initial",
    "original": "initial",
    "originally": "initial",
    "projected": "projected",
    "expected": "projected",
    "forecast": "projected",
    "estimated to reach": "projected",
}
_TIME_WORD_PATTERNS = tuple(
    (re.compile(r"\b" + re.escape(phrase) + r"\b"), tag) for phrase, tag in _TIME_WORDS.items()
)
# Any of the phrases, to skip the ordered scan for the many figures with none.
_ANY_TIME_WORD = re.compile(r"\b(?:" + "|".join(map(re.escape, _TIME_WORDS)) + r")\b")
_URL = re.compile(r"<[^>]*>|https?://\S+")
_WORD = re.compile(r"[a-z][a-z'’-]*")
_NUMERAL = re.compile(r"(\d[\d,]*)(?:\.(\d+))?")
_SCALE_WORDS = re.compile(r"\b(thousand|million|billion|trillion|bn|m|k)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    article_id: str
    outlet: str | None
    published: date | None
    story: str | None
    source_kind: str | None
    agency: str | None
    text: str


@dataclass(frozen=True)
class Figure:
    mention_id: str
    article_id: str
    sentence_id: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str
    value: float | None  # None for a vague amount ("tens of thousands")
    value_high: float | None
    kind: str
    unit: str | None
    qualifier: str
    counted_noun: str | None
    verb: str | None
    sentence: str  # original sentence text
    sentence_start: int


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    note: str

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class Relation:
    relation: str  # part_of | share_of | categories_of | difference_of
    story_id: str
    whole_claim_id: str
    part_claim_ids: tuple[str, ...]
    share_claim_id: str | None
    evidence: str

    @property
    def relation_id(self) -> str:
        key = "|".join(
            [self.relation, self.whole_claim_id, ",".join(self.part_claim_ids),
             self.share_claim_id or ""]
        )  # fmt: skip
        return "r-" + hashlib.sha1(key.encode()).hexdigest()[:12]


@dataclass
class ClaimLinks:
    stories: dict[str, tuple[str, str, str]]  # article_id -> (story_id, method, evidence)
    sources: dict[str, tuple[str, str, bool]]  # article_id -> (group, method, is_primary)
    claim_of: dict[str, str]  # mention_id -> claim_id
    intervals: dict[str, Interval]
    attribution: dict[str, str | None]
    time_reference: dict[str, str | None]
    relations: list[Relation] = field(default_factory=list)
    holder: dict[str, str] = field(default_factory=dict)  # age mention_id -> whose age
    # money mentions that restate the sum before them in another currency ("€200m ($265m)")
    conversions: set[str] = field(default_factory=set)
    paragraph: dict[str, int] = field(default_factory=dict)  # mention_id -> index in article
    # mentions that restate an earlier figure of their sentence in another unit of its
    # dimension ("2,000ft (609 metres)"): mention_id -> the restated one's
    restates: dict[str, str] = field(default_factory=dict)
    # mentions tied to a time over a year before their article (``attribution.of_the_past``)
    past: set[str] = field(default_factory=set)


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
