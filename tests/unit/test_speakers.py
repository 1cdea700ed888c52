"""Who gave a figure, read from the article around it: reporting clauses in either
order, "he" and "she", and speech that runs over several quoted paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from warehouse.claims.attribution import NameInSentence, attributions, quotations
from warehouse.claims.records import Figure


def _article(text: str, names: tuple[str, ...] = ()) -> tuple[list[Figure], dict]:
    """Each line one sentence of article "a"; each run of digits one count figure;
    ``names``: person names to mark where the text writes them."""
    figures, by_sentence = [], {}
    offset = 0
    for index, line in enumerate(text.split("\n")):
        sentence_id = f"a:s{index}"
        for m in re.finditer(r"\d+", line):
            start = offset + m.start()
            figures.append(Figure(
                f"a:figure:{start}", "a", sentence_id, index, start, start + len(m.group()),
                m.group(), float(m.group()), None, "count", None, "exact", None, None, line,
                offset,
            ))  # fmt: skip
        for name in names:
            for m in re.finditer(re.escape(name), line):
                by_sentence.setdefault(sentence_id, []).append(NameInSentence(
                    offset + m.start(), offset + m.end(), name, "PERSON", "a"))  # fmt: skip
        offset += len(line) + 1
    return figures, by_sentence


def who_gave(text: str, names: tuple[str, ...] = ()) -> list[str | None]:
    """The party of each figure of ``text``, in order."""
    figures, by_sentence = _article(text, names)
    said = attributions({"a": text}, figures, by_sentence)
    return [said[f.mention_id] for f in figures]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # the verb before its speaker, after the quotation
        ('"2 shells hit the yard," said camp director Anna Moss.', ("Anna Moss",),
         ["Anna Moss"]),
        ('"2 shells hit the yard," said the camp director.', (), ["camp director"]),
        # a name, an apposition, then the verb
        ('"We treated 40 people," Tom Reyes, a nurse at the clinic, said.', ("Tom Reyes",),
         ["Tom Reyes"]),
        # "said that" and "said shortly after" name no speaker after the verb
        ("The yard was hit, said that 2 shells fell.", (), [None]),
        ('"We treated 40 people," Tom Reyes, a nurse, said shortly after.', ("Tom Reyes",),
         ["Tom Reyes"]),
        # "she said" goes on with the last speaker named
        ('Officer Dana Kim said the road was shut.\n"Three cars, 3 of them vans," she said.',
         ("Dana Kim",), ["Dana Kim"]),
        # a name that is no speaker is not whom "he" stands for
        ("Kai Lund, 19, was hurt.\nAbout 30 people were hurt, he said.", ("Kai Lund",),
         [None, None]),
        # speech over two paragraphs: the second has no clause of its own
        ('"We had 12 volunteers on the hill," the coordinator said.\n"By noon 30 more came."',
         (), ["coordinator", "coordinator"]),
        # a speech whose clause closes its last paragraph
        ('"We had 12 volunteers on the hill.\n"By noon 30 more came," the coordinator said.',
         (), ["coordinator", "coordinator"]),
        # a phrase quoted inside narration is not speech the next paragraph goes on with
        ('The mayor, the council said, called it a "small fire".\n"About 200 homes were'
         ' emptied."', (), [None]),
        # narration between two quotations ends the speech
        ('"We had 12 volunteers," the coordinator said.\nRain fell all day.\nThe road'
         ' was shut.\n"By noon 30 more came."', (), ["coordinator", None]),
    ],
)  # fmt: skip
def test_who_gave_a_figure_is_read_from_the_speech_around_it(text, names, expected):
    assert who_gave(text, names) == expected


def test_a_quotation_ends_with_its_paragraph():
    text = '"First part of a speech.\n"Second part," she said.\nNarration with "a phrase".'
    spans = [text[s:e] for s, e in quotations(text)]
    assert spans == ["First part of a speech.", "Second part,", "a phrase"]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # the speaker right before its verb, not the clause before it
        ("Gray was shot 7 times after police said he had a gun.", (), ["police"]),
        ("Gray was shot 7 times after Officer Dana Kim said he had a gun.", ("Dana Kim",),
         ["Dana Kim"]),
        # prepositions inside a speaker stay in it
        ("The family of the victim said 3 shots were fired.", (), ["family of victim"]),
        ("Doctors in Gaza said 40 people died.", (), ["doctors in gaza"]),
        ("A spokesman for the ministry said 12 died.", (), ["spokesman for ministry"]),
        # an adverb between the speaker and the verb
        ("Police also said 12 people died.", (), ["police"]),
        # a clause word, a pronoun or a preposition right before the verb: no one
        ("He spoke to 5 aid workers, all of whom said two bombs fell.", (), [None]),
        ("The camp, home to 2000 people, comes shortly after reports of bombing.", (),
         [None]),
        ("With reports of 40 dead, the agency closed.", (), [None]),
        ("Officials say 17 were reported missing.", (), ["officials"]),
        # "according to" a document of someone's: that someone
        ("According to the latest figures from the civil affairs department, 381 died.", (),
         ["civil affairs department"]),
        ("9 people died, according to a statement by the health ministry.", (),
         ["health ministry"]),
    ],
)  # fmt: skip
def test_a_speaker_read_before_its_verb_stops_at_a_word_that_opens_another_clause(
    text, names, expected
):
    assert who_gave(text, names) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a word that is a reporting verb or a noun is a noun when "of" follows it
        ("There were no immediate reports of 12 injuries.", [None]),
        ("The first estimates of 30 deaths came in.", [None]),
        # ... or when a verb follows it: the speaker is the noun phrase
        ("Initial reports said 12 people died.", ["initial reports"]),
        ("Local media reports said 12 people died.", ["local media reports"]),
        ("Initial reports also said 12 people died.", ["initial reports"]),
        # "put the toll" is no reporting verb here: nobody is named
        ("Early estimates put the toll at 40.", [None]),
        # and a verb still when neither follows
        ("Police estimate 40 people died.", ["police"]),
        ("The agency reports 40 deaths.", ["agency"]),
        ("He said of the 12 victims that they were brave.", [None]),  # "he" names no one
    ],
)  # fmt: skip
def test_a_reporting_word_used_as_a_noun_is_no_verb(text, expected):
    assert who_gave(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The front said 1030000 people marched, while police estimated 240000 at the peak.",
         ["front", "police"]),
        # the same two estimates in the other order
        ("Police estimated 240000 at the peak, while the front said 1030000 people marched.",
         ["police", "front"]),
        # a clause a contrast opens after the figure speaks of what follows it
        ("Police gave a conservative 240000 estimate, while the organiser said 1000000.",
         [None, "organiser"]),
        ("Police gave a conservative 240000 estimate, the organiser said.", ["organiser"]),
        # a contrast inside the figure's own clause does not cut the speaker off
        ("240000 people marched, but no one was hurt, police said.", ["police"]),
    ],
)  # fmt: skip
def test_rival_estimates_in_one_sentence_keep_their_own_speakers(text, expected):
    assert who_gave(text) == expected


def test_a_figure_whose_hedge_is_the_reporting_verb_is_its_speakers():
    # the extractor reads "estimated 240000" as one figure (hedge and number)
    text = "The front said 1030000 people marched, while police estimated 240000 at the peak."
    figures, by_sentence = _article(text)
    start = text.index("estimated")
    hedged = replace(figures[1], start_char=start, text=text[start : figures[1].end_char])
    said = attributions({"a": text}, [figures[0], hedged], by_sentence)
    assert [said[f.mention_id] for f in (figures[0], hedged)] == ["front", "police"]


def test_an_age_in_an_apposition_is_not_the_speakers_figure():
    text = "Ema Suryani, 45, said 12 people died."
    figures, by_sentence = _article(text, ("Ema Suryani",))
    said = attributions({"a": text}, figures, by_sentence)
    assert [said[f.mention_id] for f in figures] == [None, "Ema Suryani"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verbs of telling news uses, in either order to the figure
        ("The gang stole 40 paintings, police revealed.", ["police"]),
        ("The ministry announced that 40 people died.", ["ministry"]),
        ("The loot is worth 88 million euros, the prosecutor revealed on Tuesday.",
         ["prosecutor"]),
        ("The insurer stated 12 claims were filed.", ["insurer"]),
        # a perfect's auxiliary and the manner of telling stand between speaker and verb
        ("The loot is worth 88 million euros, the prosecutor has said.", ["prosecutor"]),
        ("Police have said 40 paintings were stolen.", ["police"]),
        ("The prosecutor has officially stated that 40 paintings were stolen.",
         ["prosecutor"]),
        # a passive's auxiliary still names no one
        ("17388 were reported in the region.", [None]),
        # when it was told stands between speaker and verb
        ("Police this morning said that 7 people died.", ["police"]),
        ("Officials earlier this week said 40 people died.", ["officials"]),
        # ... but a name that holds such a word keeps it
        ("USA Today reported 40 deaths.", ["usa today"]),
        # verbs that do more than tell, and words that are also nouns, name no one
        ("The economy added 250000 jobs in May.", [None]),
        ("The hospital admitted 40 patients overnight.", [None]),
        ("Member states agreed a 40 billion euro fund.", [None]),
        ("Total confirmed cases reached 40000.", [None]),
        # votes counted are no speaker
        ("The party won 37 seats with 94 percent of the votes counted.", [None, None]),
        # a relay is not the source: the authorities said it, the broadcaster relays it
        ("The loot is worth 88 million euros, according to authorities quoted by CNN.",
         ["authorities"]),
        ("Officials cited by Reuters said 40 people died.", ["officials"]),
    ],
)  # fmt: skip
def test_the_common_verbs_of_telling_name_their_speaker(text, expected):
    assert who_gave(text) == expected
