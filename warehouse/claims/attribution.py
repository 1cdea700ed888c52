"""Who a figure is attributed to, and which time it refers to."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from warehouse.claims.records import (
    _ACCORDING_TO,
    _ANY_TIME_WORD,
    _BEFORE_THE_VERB,
    _CLAUSE_OPENERS,
    _NAMED_THEN_SAID,
    _NOT_A_SPEAKERS_LAST,
    _NOT_IN_A_SPEAKER,
    _PRONOUNS,
    _REPORTED_BY,
    _SAID_BY,
    _TIME_WORD_PATTERNS,
    _URL,
    _WHEN_TOLD,
    Figure,
)
from warehouse.claims.text import _local

# --- attribution and time -----------------------------------------------------------


_CONTRAST = re.compile(r"\s*(?:while|whilst|whereas|but|although|though)\b", re.IGNORECASE)

# A reporting verb after one of these is passive ("were reported", "was estimated").
_AUXILIARIES = frozenset("is are was were be been being has have had".split())


# A speaker named by a personal pronoun is the person last named before it, within
# this many characters (about two sentences of news).
_PERSONAL = frozenset({"he", "she"})
_PRONOUN_REACH = 300


# A speaker relayed by another: who follows is the relay, not the source.
_RELAYED_BY = re.compile(r"\s+(?:quoted|cited)\s+(?:by|in)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _reporting_clauses(sentence: str) -> tuple[tuple[int, int, int, int, str], ...]:
    """(start, end, who_start, who_end, who) of every reporting clause that names
    someone, or says "he" or "she" (who is then that pronoun).

    Cached: a sentence often holds several figures, and its clauses are the same
    for each of them.
    """
    sentence = _URL.sub(lambda m: " " * len(m.group(0)), sentence)
    clauses = []
    for pattern in (_REPORTED_BY, _SAID_BY, _NAMED_THEN_SAID, _ACCORDING_TO):
        for match in pattern.finditer(sentence):
            start, end = match.span("who")
            said = match.group("who")
            if said.endswith("."):  # the sentence's full stop, not an abbreviation's
                said, end = said[:-1], end - 1
            relay = _RELAYED_BY.search(said)
            if relay:  # "authorities quoted by CNN": the authorities said it, CNN relays
                said, end = said[: relay.start()], start + relay.start()
            if any(c[2] < end and start < c[3] for c in clauses):
                continue  # one speaker read by two patterns
            if pattern is _NAMED_THEN_SAID and any(c[0] < match.end() <= c[1] for c in clauses):
                continue  # "X, whose head was crushed, said the official": the official
            spoken = said.lower().split()
            opened = 0
            while spoken and spoken[0] in _CLAUSE_OPENERS:
                spoken, opened = spoken[1:], opened + 1
            if pattern is _REPORTED_BY:
                spoken, skipped = _speaker_before_verb(spoken, said.split()[opened:])
                if not spoken:
                    continue
                if skipped:
                    start += [m.start() for m in re.finditer(r"\S+", said)][opened + skipped]
            who = " ".join(w for w in spoken if w not in ("the", "a"))
            last = who.split()[-1] if who else ""
            if who in _PERSONAL:
                clauses.append((match.start(), match.end(), start, end, who))
                continue
            if not who or last in _PRONOUNS or any(ch.isdigit() for ch in who):
                continue
            if last in _AUXILIARIES:
                continue  # "17,388 were reported in Kashmir": passive, nobody named
            clauses.append((match.start(), match.end(), start, end, who))
    return tuple(clauses)


def _speaker_before_verb(spoken: list[str], written: list[str]) -> tuple[list[str], int]:
    """The words of a speaker read leftwards from its verb ("eleven times after police
    said": "police"), and how many words of the match stand before them; adverbs right
    before the verb ("police also said") are not the speaker's, nor when it was told in
    lower case (``written``: the words as written). No words: no one."""
    end = len(spoken)
    while end and (
        spoken[end - 1] in _BEFORE_THE_VERB
        or (spoken[end - 1] in _WHEN_TOLD and written[end - 1].islower())
    ):
        end -= 1
    first = end
    while first and spoken[first - 1] not in _NOT_IN_A_SPEAKER:
        first -= 1
    if first < end and spoken[end - 1] in _NOT_A_SPEAKERS_LAST:
        return [], first
    return spoken[first:end], first


@dataclass(frozen=True)
class NameInSentence:
    """A person or organisation mention, with its offsets in the article and canonical name."""

    start_char: int
    end_char: int
    canonical: str
    label: str = "PERSON"  # PERSON or ORG
    article_id: str = ""


def attribution(
    figure: Figure, names: Iterable[NameInSentence] = (), speakers: Speakers | None = None
) -> str | None:
    """Who the sentence says gave the figure: a canonical name where one is written there.

    A reporting clause governs the figures after it up to the next clause
    ("organisers said 250,000 ..., but police put it at 60,000"); a figure with no
    clause before it (or only one across a semicolon) takes the clause after it
    ("250,000 people marched, organisers said"). When a person or organisation
    mention of the sentence stands in the clause's subject, its canonical name is
    the answer ("Her Majesty's Inspectorate of Constabulary said" names HMIC under
    its canonical name); else the subject's words, lower case ("organisers"). A
    speaker said as "he" or "she" is the article's last named speaker before the
    clause (``speakers``), if near.
    """
    position = figure.start_char - figure.sentence_start
    end = figure.end_char - figure.sentence_start
    clauses = _reporting_clauses(figure.sentence)
    # A figure whose hedge is the clause's verb still follows its speaker: "while
    # police estimated 240,000" reads the figure "estimated 240,000".
    before = [c for c in clauses if c[1] <= position or _hedged_by_the_verb(c, figure, position)]
    # A clause after the figure that a contrast opens speaks of what follows it:
    # "a conservative 240,000 estimate, while the organiser said more than a million".
    after = [c for c in clauses
             if c[0] >= end and not _CONTRAST.match(figure.sentence, c[2], c[3])]  # fmt: skip
    preceding = max(before, key=lambda c: c[1]) if before else None
    following = min(after, key=lambda c: c[0]) if after else None
    if preceding and not (following and ";" in figure.sentence[preceding[1] : position]):
        chosen = preceding
    elif following:
        chosen = following
    else:
        return None
    _, _, who_start, who_end, who = chosen
    if who in _PERSONAL:
        return speakers.last_speaker(figure.sentence_start + who_start) if speakers else None
    return _named_as(names, figure.sentence_start + who_start, figure.sentence_start + who_end,
                     who)  # fmt: skip


def _hedged_by_the_verb(clause: tuple, figure: Figure, position: int) -> bool:
    """The figure starts at the clause's verb, its hedge ("police estimated 240,000"),
    right after the speaker; not a figure inside an apposition ("Ema Suryani, 45, said")."""
    _, end, _, who_end, _ = clause
    return who_end <= position < end and not figure.sentence[who_end:position].strip()


def _named_as(names: Iterable[NameInSentence], start: int, end: int, who: str) -> str:
    """The canonical name of the person or organisation mention that stands in the
    speaker's words [start, end) (article offsets), else the words themselves."""
    named = [n for n in names if n.start_char < end and n.end_char > start]
    return max(named, key=lambda n: n.end_char).canonical if named else who


def _same_party(a: str, b: str) -> bool:
    """ "police" and "Metropolitan Police Service" are one party; "organisers" and "police" two."""
    words_a, words_b = a.lower().split(), b.lower().split()
    return words_a[-1] in words_b or words_b[-1] in words_a


@dataclass(frozen=True)
class DateInSentence:
    """A resolved date mention, with its offsets in the article (as figures have)."""

    start_char: int
    end_char: int
    date_start: date
    date_end: date


# A date in another clause of the sentence ("The tunnel, which opened on Wednesday,
# cost £2bn") dates the other clause; it dates the figure only when its wording says
# it bounds a measurement ("By March 2019, it had cost £1.2bn").
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_MEASURE_TIME = re.compile(
    r"\b(?:by|as of|as at|to|until|till|through|during|in|at the end of|end of|"
    r"up to|over|for|from|between)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# A single day in a figure's clause is mostly the day of the event or of its telling
# ("was shot 11 times on Saturday", "an autopsy on Wednesday showed seven bullets":
# both count the one shooting), so it is the figure's time only when the wording
# bounds the measurement by it, or when the sentence gives parallel figures a day
# each ("20 died on Monday and 30 on Tuesday"). Periods (weeks, months, years) are
# times of measurement as stated.
_BOUND = re.compile(
    r"\b(?:by|as of|as at|until|till|through|up to)\s+(?:the\s+)?(?:end of\s+)?$",
    re.IGNORECASE,
)


# "since 1997" runs to the telling: the figure holds now ("400 have died since 2010",
# "the largest since 1997"), as one stating no time does. A date after "of" names a
# thing ("the tsunami of 2004") unless "of" ties it to a part of a time ("as of May",
# "the end of 2023", "the first half of 2019"). Neither kind times a figure.
_SINCE_OR_OF = re.compile(r"(?:\bsince|\b(?P<word>[a-z]+)\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
_PART_OF_A_TIME = frozenset(
    "as end start beginning middle half quarter rest course close turn part".split()
)


# A date after a verb of founding or starting tells when a thing began ("a company set
# up in 1996", "the war, which started in 2011"), not when a figure about it holds.
_ORIGIN = re.compile(
    r"\b(?:founded|established|set up|created|formed|built|born|launched|opened"
    r"|incorporated|started|began)\s+(?:in|on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _not_when(d: DateInSentence, figure: Figure) -> bool:
    """The date is not when the figure holds (:data:`_SINCE_OR_OF`, :data:`_ORIGIN`)."""
    before = _before(d, figure, 30)
    if _ORIGIN.search(before):
        return True
    hit = _SINCE_OR_OF.search(before)
    return bool(hit) and (hit.group("word") or "").lower() not in _PART_OF_A_TIME


def _clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``sentence`` between the clause breaks around [start, end)."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, end)), len(sentence))
    return left, right


def governing_dates(
    figure: Figure, sentence_dates: list[DateInSentence], parallel: Iterable[Figure] = ()
) -> list[DateInSentence]:
    """The dates of the figure's sentence that say when the figure holds.

    Never a date after "since" or one "of" ties to a thing (:data:`_SINCE_OR_OF`).
    Those in the figure's own clause; failing any, those elsewhere in the sentence
    that set the scene before the figure ("In 2008, ...": "by", "as of", "in", ...,
    :data:`_MEASURE_TIME`) or that bound the count after it ("..., as of Monday",
    :data:`_BOUND`). A date that follows another figure of the same kind and unit
    (``parallel``) before this one is that figure's: "400 arrests last year and 520
    this year", "rose to 520 from 400 last year". Otherwise a single day counts only
    when it bounds the measurement (see ``_BOUND``).
    """
    base = figure.sentence_start
    left, right = _clause_span(figure.sentence, figure.start_char - base, figure.end_char - base)
    sentence_dates = [d for d in sentence_dates if not _not_when(d, figure)]
    own = [d for d in sentence_dates if left <= d.start_char - base and d.end_char - base <= right]
    others = sorted(
        (p for p in parallel if p.mention_id != figure.mention_id),
        key=lambda p: p.start_char,
    )
    if own and others:
        stops = sorted([figure.start_char, *(p.start_char for p in others)])

        def follows(d: DateInSentence, f: Figure) -> bool:
            stop = next((x for x in stops if x > f.start_char), math.inf)
            return f.end_char <= d.start_char and d.end_char <= stop

        split = [d for d in own if not any(follows(d, p) for p in others)]
        if len(split) < len(own):
            return split  # the sentence gave each figure its own time
    if own:
        return [d for d in own if _times_measurement(d, figure)]
    # Outside its clause, a date before the figure sets the scene ("In 2008, a quake
    # killed 70,000"); one after it only when it bounds the count ("..., as of Monday"):
    # "in 1997" in a clause that follows tells of something else ("1.3 million, the
    # largest since the handover in 1997").
    return [
        d
        for d in sentence_dates
        if (_MEASURE_TIME if d.end_char <= figure.start_char else _BOUND).search(_before(d, figure))
        and _times_measurement(d, figure)
    ]


def _before(d: DateInSentence, figure: Figure, n: int = 20) -> str:
    base = figure.sentence_start
    return figure.sentence[max(0, d.start_char - base - n) : d.start_char - base]


def _times_measurement(d: DateInSentence, figure: Figure) -> bool:
    """A period, or a single day that bounds the measurement ("as of Tuesday", "by
    Friday", "until May 3"): not the day of the event or of its telling."""
    return d.date_end > d.date_start or bool(_BOUND.search(_before(d, figure)))


def time_reference(
    figure: Figure, sentence_dates: list[DateInSentence], parallel: Iterable[Figure] = ()
) -> str | None:
    """The time a figure describes when its sentence says so; None when it does not.

    ``parallel``: the sentence's other figures of the same kind and unit, which
    take the dates that follow them (:func:`governing_dates`).
    """
    local = _local(figure, 60, 40).lower()
    if _ANY_TIME_WORD.search(local):
        # The first phrase in _TIME_WORDS' order wins, wherever it stands.
        for pattern, tag in _TIME_WORD_PATTERNS:
            if pattern.search(local):
                return tag
    dates = governing_dates(figure, sentence_dates, parallel)
    if dates:
        start = min(d.date_start for d in dates)
        end = max(d.date_end for d in dates)
        return f"{start.isoformat()}..{end.isoformat()}"
    return None


# A figure its sentence ties to a time that ended over a year before its article was
# published tells of an earlier event ("the 1974 quake killed 1,400"), not of the news
# the article reports, whose own figures mostly state no time.
PAST_DAYS = 365


def of_the_past(reference: str | None, published: date | None) -> bool:
    """The time a figure is tied to (:func:`time_reference`) ended more than
    :data:`PAST_DAYS` before its article was published."""
    if not reference or ".." not in reference or published is None:
        return False
    return (published - date.fromisoformat(reference.split("..")[1])).days > PAST_DAYS


def eras_differ(past_a: bool, past_b: bool, time_a: str | None, time_b: str | None) -> bool:
    """One figure tells of an earlier event (:func:`of_the_past`) and the other states
    no time, so is the news itself: never one fact."""
    return past_a != past_b and not (time_a and time_b)


def _times_differ(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b:
        return False
    if ".." in a and ".." in b:
        a0, a1 = a.split("..")
        b0, b1 = b.split("..")
        return a1 < b0 or b1 < a0
    return True


def age_holder(figure: Figure, names: Iterable[NameInSentence] = ()) -> str | None:
    """Whose age an age figure states: the person's name written right against it,
    before ("Salm Sami, 45, said") or after ("16-year-old Kimani Gray"); None when no
    name stands there ("a 19-year-old was arrested") or the name only qualifies a
    person noun after it ("a 66-year-old Burnsville woman")."""
    base = figure.sentence_start
    for name in names:
        if name.label != "PERSON":
            continue
        if name.end_char <= figure.start_char:
            gap = figure.sentence[name.end_char - base : figure.start_char - base]
        elif name.start_char >= figure.end_char:
            gap = figure.sentence[figure.end_char - base : name.start_char - base]
            following = figure.sentence[name.end_char - base :].split()[:1]
            if following and following[0].lower().strip(",.") in _person_nouns():
                continue
        else:
            continue
        if len(gap) <= 3 and not gap.strip(" ,("):
            return name.canonical
    return None


def same_person(a: str, b: str) -> bool:
    """Two names of one person unless they share no word: "Duncan Rait" and "Duncan
    Raite", "Brian Nichols" and "Nichols" are one; "Salm Sami" and "Mary John" two."""
    return bool(set(a.lower().split()) & set(b.lower().split()))


def _person_nouns() -> frozenset[str]:
    # imported here: extractors.figures loads spaCy, which linking alone never needs
    from extractors.figures import person_nouns

    return person_nouns()


# --- who speaks in a quotation ------------------------------------------------------

_QUOTE_MARK_OR_BREAK = re.compile("[\"\u201c\u201d\n]")
_SENTENCE_END = re.compile(r"[.!?]")


def quotations(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` inside double quotation marks, as (start, end).

    Curly marks open and close as written; a straight mark closes the open quotation
    or opens one. A quotation ends at the end of its paragraph: news style leaves a
    paragraph of a speech that runs on unclosed and opens the next one again.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_MARK_OR_BREAK.finditer(text):
        mark = m.group()
        if mark == "\n":
            if open_at is not None:
                spans.append((open_at, m.start()))
            open_at = None
        elif mark == "\u201c" or (mark == '"' and open_at is None):
            if open_at is not None:
                spans.append((open_at, m.start()))
            open_at = m.end()
        elif open_at is not None:
            spans.append((open_at, m.start()))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


@dataclass(frozen=True)
class Speakers:
    """Who speaks in an article's quotations, and who its reporting clauses name where."""

    spans: tuple[tuple[int, int, str | None], ...]  # (start, end, speaker) per quotation
    named: tuple[tuple[int, str], ...]  # (position, speaker) of each named speaker, in order

    def quoted(self, position: int) -> str | None:
        """The speaker of the quotation that holds ``position`` (None: none is known)."""
        for start, end, speaker in self.spans:
            if start <= position < end:
                return speaker
        return None

    def last_speaker(self, position: int) -> str | None:
        """The speaker named last before ``position``, if in the few sentences before
        it: "he said" goes on with the last speaker; further back it is as likely
        someone else."""
        before = [(at, who) for at, who in self.named if at < position]
        if before and position - before[-1][0] <= _PRONOUN_REACH:
            return before[-1][1]
        return None


def article_speakers(text: str, names: Iterable[NameInSentence] = ()) -> Speakers:
    """The speaker of each quotation of ``text`` (``names``: the article's, with offsets).

    A quotation's speaker is the reporting clause written against it, after it
    ('..." police said.') or before it ('Police said: "...'), in its sentence. A
    quotation that opens its paragraph with no clause of its own continues the speech
    of the quotation before it when nothing but that one's reporting clause stands
    between them (a speech over several paragraphs), else of the one right after it.
    "He" and "she" are the last speaker named before them.
    """
    names = list(names)
    named_speakers: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        for _, _, who_start, who_end, who in _reporting_clauses(line):
            if who not in _PERSONAL:
                at = offset + who_start
                named_speakers.append((at, _named_as(names, at, offset + who_end, who)))
        offset += len(line) + 1
    named_speakers.sort()
    said = Speakers((), tuple(named_speakers))
    spans = quotations(text)

    def speaker_in(window_start: int, window: str, at_end: bool) -> str | None:
        clauses = _reporting_clauses(window)
        near = [c for c in clauses if (len(window) - c[1] <= 3 if at_end else c[0] <= 3)]
        if not near:
            return None
        _, _, who_start, who_end, who = near[-1] if at_end else near[0]
        start = window_start + who_start
        if who in _PERSONAL:
            return said.last_speaker(start)
        return _named_as(names, start, window_start + who_end, who)

    own: list[str | None] = []
    for start, end in spans:
        after = text[end : end + 160]
        stop = _SENTENCE_END.search(after, 1)
        after = after[: stop.start()] if stop else after
        before_start = max(0, start - 160)
        before = text[before_start : max(before_start, start - 1)]
        cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
        own.append(speaker_in(end, after, at_end=False)
                   or speaker_in(before_start + cut, before[cut:], at_end=True))  # fmt: skip

    def adjacent(i: int, j: int) -> bool:
        gap = text[spans[i][1] : spans[j][0]]
        return len(_SENTENCE_END.findall(gap)) <= 1 and len(gap) <= 160

    def paragraph(i: int) -> bool:
        """The quotation opens its paragraph: speech, not a phrase quoted in a sentence."""
        line_start = text.rfind("\n", 0, spans[i][0]) + 1
        return not text[line_start : spans[i][0] - 1].strip()

    resolved: list[str | None] = list(own)
    for i in range(len(spans)):
        if resolved[i] is None and i > 0 and paragraph(i) and adjacent(i - 1, i):
            resolved[i] = resolved[i - 1]
    for i in reversed(range(len(spans))):
        if resolved[i] is None and i + 1 < len(spans) and paragraph(i) and adjacent(i, i + 1):
            resolved[i] = resolved[i + 1]
    return Speakers(
        spans=tuple((s, e, who) for (s, e), who in zip(spans, resolved, strict=True)),
        named=said.named,
    )


def names_by_article(
    names_by_sentence: dict[str, list[NameInSentence]],
) -> dict[str, list[NameInSentence]]:
    out: dict[str, list[NameInSentence]] = defaultdict(list)
    for names in names_by_sentence.values():
        for n in names:
            out[n.article_id].append(n)
    return out


def attributions(
    text_of: dict[str, str],
    figures: Iterable[Figure],
    names_by_sentence: dict[str, list[NameInSentence]],
) -> dict[str, str | None]:
    """Who gave each figure: its sentence's reporting clause (:func:`attribution`), else
    the speaker of the quotation it stands in (:func:`article_speakers`).

    ``text_of``: each article's text; ``names_by_sentence``: the person and
    organisation mentions of each sentence, with their articles.
    """
    by_article = names_by_article(names_by_sentence)
    speakers: dict[str, Speakers] = {}
    out = {}
    for f in figures:
        if f.article_id not in speakers:
            speakers[f.article_id] = article_speakers(
                text_of.get(f.article_id, ""), by_article.get(f.article_id, ())
            )
        said = speakers[f.article_id]
        out[f.mention_id] = attribution(
            f, names_by_sentence.get(f.sentence_id, ()), said
        ) or said.quoted(f.start_char)
    return out
