"""Story grouping on small articles written for each case, with the shipped fitted model."""

from __future__ import annotations

import math
from datetime import date

import pytest

from warehouse.claims import Article, StoryIndex, infer_stories
from warehouse.claims.stories import MODEL, article_terms


def article(aid: str, text: str, published: date | None = None, story: str | None = None):
    return Article(aid, None, published, story, None, None, text)


QUAKE_A1 = (
    "A magnitude 6.1 earthquake struck the Greek island of Kefalonia on Sunday, "
    "damaging 240 homes in Argostoli, the civil protection agency said. "
    "Mayor Alexandros Parisis said the old harbour wall had cracked."
)
QUAKE_A2 = (
    "Some 240 houses in Argostoli were damaged when a 6.1-magnitude quake shook Kefalonia, "
    "according to the civil protection agency. Alexandros Parisis, the town's mayor, "
    "reported a crack along the harbour wall."
)
QUAKE_B1 = (
    "A magnitude 5.4 earthquake hit the Peruvian city of Arequipa on Tuesday, "
    "leaving 37 people injured, Peru's emergency institute said. "
    "Governor Elmer Caceres said schools in Yura would stay shut."
)
QUAKE_B2 = (
    "Peru's emergency institute said 37 people were hurt when a 5.4-magnitude tremor "
    "rocked Arequipa. Schools in Yura will remain closed, governor Elmer Caceres said."
)
CONCERT = (
    "The city orchestra will play 14 concerts this season under its new conductor, "
    "Marta Villanueva, starting with Mahler in the Usher Hall."
)


def groups(stories: dict[str, tuple[str, str, str]]) -> set[frozenset[str]]:
    by_story: dict[str, set[str]] = {}
    for aid, (story_id, _, _) in stories.items():
        by_story.setdefault(story_id, set()).add(aid)
    return {frozenset(m) for m in by_story.values()}


def test_the_same_event_in_other_words_is_one_story_and_another_topic_stands_alone():
    stories = infer_stories(
        [article("a1", QUAKE_A1), article("a2", QUAKE_A2), article("c", CONCERT)], {}, {}
    )
    assert groups(stories) == {frozenset({"a1", "a2"}), frozenset({"c"})}
    assert stories["a2"][1] == "inferred" and "probability" in stories["a2"][2]
    assert stories["c"][1] == "alone"


def test_two_events_of_one_kind_stay_apart():
    articles = [article("a1", QUAKE_A1), article("b1", QUAKE_B1), article("a2", QUAKE_A2),
                article("b2", QUAKE_B2)]  # fmt: skip
    assert groups(infer_stories(articles, {}, {})) == {
        frozenset({"a1", "a2"}),
        frozenset({"b1", "b2"}),
    }


def test_grouping_does_not_depend_on_the_order_articles_are_given_in():
    articles = [article("a1", QUAKE_A1), article("b1", QUAKE_B1), article("a2", QUAKE_A2),
                article("b2", QUAKE_B2), article("c", CONCERT)]  # fmt: skip
    assert infer_stories(articles, {}, {}) == infer_stories(articles[::-1], {}, {})


def test_an_article_added_later_joins_without_moving_earlier_ones():
    day = date(2024, 3, 3)
    earlier = [article("a1", QUAKE_A1, day), article("b1", QUAKE_B1, day),
               article("c", CONCERT, day)]  # fmt: skip
    index = StoryIndex()
    placed = {a.article_id: index.add(article_terms(a, [], set())) for a in earlier}
    before = {aid: story for aid, (story, _, _) in placed.items()}
    story_id, method, _ = index.add(article_terms(article("a2", QUAKE_A2, date(2024, 3, 4)),
                                                  [], set()))  # fmt: skip
    assert (story_id, method) == (before["a1"], "inferred")
    assert {aid: s.story_id for s in index.stories.values() for aid in s.members} == {
        **before,
        "a2": before["a1"],
    }
    # The batch function streams in publication order, so it agrees.
    batch = infer_stories([*earlier, article("a2", QUAKE_A2, date(2024, 3, 4))], {}, {})
    assert {aid: batch[aid][0] for aid in before} == before


def test_the_manifest_story_overrides_and_an_unlabelled_article_may_join_it():
    articles = [
        article("a1", QUAKE_A1, story="kefalonia-quake"),
        article("x", QUAKE_A1, story="other-label"),  # same text, the manifest still decides
        article("a2", QUAKE_A2),
        article("b1", QUAKE_B1),
    ]
    stories = infer_stories(articles, {}, {})
    assert stories["a1"] == ("kefalonia-quake", "manifest", "story given in the manifest")
    assert stories["x"][:2] == ("other-label", "manifest")
    assert stories["a2"][1] == "inferred" and stories["a2"][0] in {"kefalonia-quake",
                                                                   "other-label"}  # fmt: skip
    assert stories["b1"][0] not in {"kefalonia-quake", "other-label"}


def test_reports_weeks_apart_are_separate_stories():
    stories = infer_stories(
        [article("a1", QUAKE_A1, date(2024, 3, 3)), article("a2", QUAKE_A2, date(2024, 6, 3))],
        {},
        {},
    )
    assert stories["a1"][0] != stories["a2"][0]


def test_the_shipped_model_is_versioned_and_fitted():
    assert MODEL["version"].startswith("stories-")
    assert len(MODEL["weights"]) == len(MODEL["features"])
    assert 0 < MODEL["threshold"] < 1
    assert "ECB+" in MODEL["fitted_on"]
    index = StoryIndex()
    terms = article_terms(article("a1", QUAKE_A1), [], set())
    vectors = index.vectors(terms)
    index.observe(vectors)
    story = index.new_story("s")
    index.attach(terms, vectors, story)
    assert len(index.feature_vector(index.weigh(vectors), story)) == len(MODEL["features"])


def test_time_features_give_an_unknown_date_a_value_of_its_own():
    from datetime import timedelta

    from warehouse.claims.stories import time_features

    day = date(2024, 3, 3)
    both = time_features(day, day + timedelta(days=30), day + timedelta(days=40))
    assert both["log_days_apart"] == pytest.approx(math.log1p(30)) and both["beyond_window"] == 1
    inside = time_features(day, day - timedelta(days=2), day + timedelta(days=2))
    assert inside["log_days_apart"] == 0 and inside["date_mixed"] == inside["date_none"] == 0
    assert time_features(day, None, None)["date_mixed"] == 1
    assert time_features(None, day, day)["date_mixed"] == 1
    assert time_features(None, None, None) == {
        "log_days_apart": 0.0, "beyond_window": 0.0, "date_mixed": 0.0, "date_none": 1.0
    }


def test_a_story_dated_unlike_the_article_counts_against_joining_it():
    day = date(2024, 3, 3)
    index = StoryIndex()
    dated, undated = index.new_story("dated"), index.new_story("undated")
    for story, published in ((dated, day), (undated, None)):
        terms = article_terms(article(f"a-{story.story_id}", QUAKE_A1, published), [], set())
        vectors = index.vectors(terms)
        index.observe(vectors)
        index.attach(terms, vectors, story)
    terms = article_terms(article("a2", QUAKE_A2), [], set())  # undated
    weighted = index.weigh(index.vectors(terms))
    p_dated = index.probability(index.feature_vector(weighted, dated, None))
    p_undated = index.probability(index.feature_vector(weighted, undated, None))
    assert p_undated > p_dated


def test_an_articles_idfs_are_read_from_the_corpus_as_it_stands_after_observing_it():
    index = StoryIndex()
    story = index.new_story("s")
    seen: list[dict[str, dict[str, float]]] = []
    for n, text in enumerate((QUAKE_A1, QUAKE_A2)):
        terms = article_terms(article(f"a{n}", text), [], set())
        vectors = index.vectors(terms)
        index.observe(vectors)
        idfs = index.idfs(vectors)
        index.attach(terms, vectors, story, idfs)
        seen.append(vectors)
    words = index.idfs(seen[1])["words"]
    both = next(t for t in seen[1]["words"] if t in seen[0]["words"])
    second_only = next(t for t in seen[1]["words"] if t not in seen[0]["words"])
    # squared smoothed idf over the two articles seen: ln((n + 1) / (df + 1)) + 1
    assert words[both] == pytest.approx(1.0)
    assert words[second_only] == pytest.approx((math.log(3 / 2) + 1.0) ** 2)
    assert story.members == ["a0", "a1"]


def test_content_words_are_the_same_from_a_cold_token_cache_or_a_warm_one(monkeypatch):
    from warehouse.claims import text

    sentence = "Rescuers' boats pulled 45 passengers from the glass-roofed ferry in 2 hours."
    expected = ["rescuer", "boat", "pulled", "passenger", "glass-roofed", "ferry", "hour"]
    assert text.words(sentence) == expected
    monkeypatch.setattr(text, "_FOLDED_MAX", 2)  # emptied before every text: cold, then warm
    assert text.words(sentence) == expected
    assert len(text._FOLDED) <= 2 + len(set(sentence.lower().split()))
