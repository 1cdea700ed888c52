"""PERSON and ORG mentions under canonical names, per resolution rule."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.clean import clean
from extractors.entities import defined_acronyms, extract_entities, load_alias_table
from extractors.nlp import get_nlp
from tests.benchmarks.quality_dates_entities import (
    entity_runs,
    gold_entities,
    load_articles,
    score_sets,
)


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def entities_in(nlp, text: str, aliases=None):
    cleaned = clean(text)
    return extract_entities(nlp(cleaned.text), cleaned, aliases)


def canon(nlp, text: str, aliases=None) -> list[tuple[str, str]]:
    return [(m.label, m.canonical) for m in entities_in(nlp, text, aliases)]


ALIASES = [
    (
        "The Metropolitan Police opened an inquiry. Officers from the Met arrived quickly.",
        "Metropolitan Police Service",
    ),
    ("The Metropolitan police opened an inquiry.", "Metropolitan Police Service"),
    ("A spokesman for Scotland Yard declined to comment.", "Metropolitan Police Service"),
    ("The MPS said the review was complete.", "Metropolitan Police Service"),
    ("A report by HMIC criticised the force.", "HM Inspectorate of Constabulary"),
    ("HMICFRS published its findings.", "HM Inspectorate of Constabulary"),
    ("The Home Office rejected the claim.", "Home Office"),
    ("The bill passed the Commons easily.", "House of Commons"),
    ("She spoke on BBC Radio 4 about it.", "BBC"),
    ("The FBI opened a file on the firm.", "Federal Bureau of Investigation"),
]


@pytest.mark.parametrize(("sentence", "expected"), ALIASES)
def test_alias_table_maps_short_forms(nlp, sentence, expected):
    assert ("ORG", expected) in canon(nlp, sentence)


def test_lowercase_met_is_a_verb_not_the_police(nlp):
    names = canon(nlp, "The minister met campaigners outside the court.")
    assert ("ORG", "Metropolitan Police Service") not in names


def test_descriptor_alias_counts_only_where_the_entity_is_named(nlp):
    named = "HMIC visited the force. Later the inspectorate said it was worried."
    assert [m.text for m in entities_in(nlp, named) if m.label == "ORG"] == [
        "HMIC",
        "the inspectorate",
    ]
    alone = "Later the inspectorate said it was worried about the school."
    assert entities_in(nlp, alone) == []


PEOPLE = [
    # surname -> full name met earlier
    (
        "Jane Holloway, the council leader, resigned. Holloway said she was sorry.",
        [("PERSON", "Jane Holloway"), ("PERSON", "Jane Holloway")],
    ),
    # honorific moves to the role
    (
        "Sir Peter Grantham opened the new wing.",
        [("PERSON", "Peter Grantham")],
    ),
    # possessive 's is not part of the name
    (
        "Peter Grantham's plan was rejected by the board.",
        [("PERSON", "Peter Grantham")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PEOPLE)
def test_people_resolve_within_the_article(nlp, sentence, expected):
    assert [n for n in canon(nlp, sentence) if n[0] == "PERSON"] == expected


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        (
            "HM Inspector of Constabulary Matt Parr said the failings were serious.",
            "Matt Parr",
            "HM Inspector of Constabulary",
        ),
        ("Sir Bernard Hogan-Howe will retire soon.", "Bernard Hogan-Howe", "Sir"),
        ("Mayor of London Sadiq Khan promised action.", "Sadiq Khan", "Mayor of London"),
        (
            "Matt Parr, lead inspector for HMIC, said the report was damning.",
            "Matt Parr",
            "lead inspector for HMIC",
        ),
        (
            "The force appointed assistant commissioner Martin Hewitt to lead it.",
            "Martin Hewitt",
            "assistant commissioner",
        ),
    ],
)
def test_titles_go_to_the_role_not_the_name(nlp, sentence, name, role):
    people = [m for m in entities_in(nlp, sentence) if m.label == "PERSON"]
    assert [(m.canonical, m.role) for m in people] == [(name, role)]


TITLED = [
    # the model takes part of the title into the name ("Constable Sara Thornton")
    (
        "Chief Constable Sara Thornton said forces were stretched.",
        "Sara Thornton",
        "Chief Constable",
    ),
    ("Det Supt Emma Jones told reporters the attack was planned.", "Emma Jones", "Det Supt"),
    ("Prime Minister Theresa May said the deal was dead.", "Theresa May", "Prime Minister"),
    ("Lord Justice Leveson criticised the press.", "Leveson", "Lord Justice"),
    # the model misses a short name after an honorific ("May" read as a month)
    ("Mrs May disagreed with the plan.", "May", "Mrs"),
    # a peer keeps the title in the name (docs/entities.md)
    ("Baroness Hale gave the ruling.", "Baroness Hale", None),
    ("Mr Justice Haddon-Cave ruled on the case.", "Haddon-Cave", "Mr Justice"),
    # post-nominal letters go to the role
    ("Michael Topolski QC told the jury to ignore it.", "Michael Topolski", "QC"),
]


@pytest.mark.parametrize(("sentence", "name", "role"), TITLED)
def test_titles_the_model_mixes_into_names(nlp, sentence, name, role):
    people = [m for m in entities_in(nlp, sentence) if m.label == "PERSON"]
    assert [(m.canonical, m.role) for m in people] == [(name, role)]


def test_honorific_surname_resolves_to_the_full_name(nlp):
    text = "Theresa May spoke first. Later Mrs May said the deal was dead."
    people = [m.canonical for m in entities_in(nlp, text) if m.label == "PERSON"]
    assert people == ["Theresa May", "Theresa May"]


@pytest.mark.parametrize(
    "sentence",
    ["Trains stopped at Victoria Station on Monday.", "Queues formed on Oxford Street."],
)
def test_places_are_not_people(nlp, sentence):
    assert [m for m in entities_in(nlp, sentence) if m.label == "PERSON"] == []


def test_title_without_a_name_is_not_a_person(nlp):
    assert [
        m for m in entities_in(nlp, "The Lord Mayor opened the fair.") if m.label == "PERSON"
    ] == []


def test_acronym_defined_in_the_text_becomes_an_alias(nlp):
    text = (
        "The Northern Rail Safety Board (NRSB) published a report. The NRSB said trains were late."
    )
    orgs = [m for m in entities_in(nlp, text) if m.label == "ORG"]
    assert {m.canonical for m in orgs} == {"Northern Rail Safety Board"}
    assert [m.text for m in orgs][-1] == "NRSB"


def test_acronym_of_a_concept_is_not_an_organisation(nlp):
    text = "Cases of child sexual exploitation (CSE) rose. CSE teams were cut."
    assert [m for m in entities_in(nlp, text) if m.text == "CSE"] == []
    assert defined_acronyms(text)["CSE"].is_name is False


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("He told Today that the failings were troubling.", "Today"),
        ("HMIC said the force had improved.", ("PERSON", "HMIC")),
        ("Scotland Yard's Operation Kestrel was closed.", "Operation Kestrel"),
    ],
)
def test_model_mistakes_are_corrected(nlp, sentence, absent):
    names = canon(nlp, sentence)
    if isinstance(absent, tuple):
        assert absent not in names
    else:
        assert all(c != absent for _, c in names)


def test_org_tagged_person_with_a_given_name_becomes_person(nlp):
    text = "The home secretary,Amber Rudd said the plan was sound."
    assert ("PERSON", "Amber Rudd") in canon(nlp, text)


def test_user_alias_file_extends_the_table(nlp, tmp_path):
    extra = tmp_path / "aliases.csv"
    extra.write_text(
        "canonical,label,alias\nNorthshire Constabulary,ORG,Northshire Police\n", "utf-8"
    )
    table = load_alias_table(extra)
    assert table.lookup("northshire police") is None  # all lowercase never matches
    assert table.lookup("Northshire Police") == ("Northshire Constabulary", "ORG")
    assert table.lookup("Scotland Yard") == ("Metropolitan Police Service", "ORG")


def test_alias_file_with_a_bad_row_names_the_file_and_line(tmp_path):
    extra = tmp_path / "bad.csv"
    extra.write_text("canonical,label,alias\nX,THING,Y\n", "utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv:2"):
        load_alias_table(extra)


def test_entity_in_furniture_is_ignored(nlp):
    text = (
        "The council said the plan would go ahead.\n\n"
        "Jane Holloway at the launch.\n"
        "Photograph: Tom Baker/Getty\n\n"
        "Officials from the Home Office agreed."
    )
    names = canon(nlp, text)
    assert ("ORG", "Home Office") in names
    assert all(c not in ("Jane Holloway", "Tom Baker") for _, c in names)


def test_gold_entities_f1_at_least_095(gold_dir):
    required, optional, _ = gold_entities()
    run = entity_runs(load_articles())["newsfacts entities (rules + post-processing)"]
    score = score_sets(run, required, optional)
    assert score.f1 >= 0.95, (score.misses, score.false_positives)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "the Met",
                "Met",
                "met",
                "HMIC",
                "(HMIC)",
                "Sir",
                "Matt Parr",
                "Parr's",
                "Her Majesty's Inspectorate of Constabulary",
                "and",
                "said",
                ",",
                "\n",
                "  ",
                "The",
                "Today",
                "Operation",
                "(",
                ")",
                "Mayor of London",
            ]
        )
        | st.text(max_size=15),
        max_size=14,
    )
)
def test_never_crashes_and_offsets_stay_valid(nlp, parts):
    text = " ".join(parts)
    mentions = entities_in(nlp, text)
    assert mentions == sorted(mentions, key=lambda m: m.start)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.label in ("PERSON", "ORG") and m.canonical
