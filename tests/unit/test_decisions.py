"""Linking stores its rules' answers with each claim; the SQL models read them.

One home per rule: which wordings of a claim cannot both hold, whether their
stated times are apart, and which attributions name one party are decided in
Python (warehouse/claims/decisions.py) and stored, never restated in SQL.
"""

from __future__ import annotations

from dataclasses import replace

from warehouse import db
from warehouse.claims.attribution import _same_party
from warehouse.claims.decisions import claim_decisions
from warehouse.claims.features import load_model, mention_view, strongest_links
from warehouse.claims.intervals import figure_interval
from warehouse.claims.records import ClaimLinks, Figure


def mention(mid: str, text: str, value: float, *, article: str = "a") -> Figure:
    sentence = f"Inspectors examined {text}."
    start = sentence.index(text)
    return Figure(
        mid, article, f"s-{mid}", 0, start, start + len(text), text, value, None, "count",
        "cases", "exact", "cases", "examine", sentence, 0,
    )  # fmt: skip


def links_of(figures: list[Figure], claim: dict[str, str], who: dict[str, str | None] | None = None,
             when: dict[str, str | None] | None = None) -> ClaimLinks:  # fmt: skip
    who, when = who or {}, when or {}
    return ClaimLinks(
        stories={f.article_id: ("story", "inferred", "") for f in figures},
        sources={},
        claim_of=claim,
        intervals={f.mention_id: figure_interval(f) for f in figures},
        attribution={f.mention_id: who.get(f.mention_id) for f in figures},
        time_reference={f.mention_id: when.get(f.mention_id) for f in figures},
    )


def test_near_copies_share_a_wording_and_rivals_are_stored_once_per_pair_of_wordings() -> None:
    figures = [mention(f"m{i}", "384 cases", 384, article=f"a{i}") for i in range(3)]
    figures += [mention(f"n{i}", "374 cases", 374, article=f"b{i}") for i in range(2)]
    decided = claim_decisions(figures, links_of(figures, {f.mention_id: "c" for f in figures}))
    assert len({decided.wording_of[f"m{i}"] for i in range(3)}) == 1
    assert decided.wording_of["m0"] != decided.wording_of["n0"]
    pairs = {(d.wording_a, d.wording_b) for d in decided.disagreements}
    assert pairs == {(decided.wording_of["m0"], decided.wording_of["n0"]),
                     (decided.wording_of["n0"], decided.wording_of["m0"])}  # fmt: skip


def test_wordings_that_agree_store_no_pair() -> None:
    figures = [mention("m", "384 cases", 384), mention("n", "about 384 cases", 384, article="b")]
    figures[1] = replace(figures[1], qualifier="approx")
    decided = claim_decisions(figures, links_of(figures, {"m": "c", "n": "c"}))
    assert decided.wording_of["m"] != decided.wording_of["n"]
    assert decided.disagreements == []


def test_only_mentions_with_a_claim_are_decided_and_claims_are_never_crossed() -> None:
    figures = [mention("m", "384 cases", 384), mention("n", "374 cases", 374, article="b"),
               mention("x", "12 cases", 12, article="c")]  # fmt: skip
    decided = claim_decisions(figures, links_of(figures, {"m": "c1", "n": "c2"}))
    assert set(decided.wording_of) == {"m", "n"}
    assert decided.disagreements == []


def test_stated_times_apart_are_stored_with_the_pair() -> None:
    figures = [mention("m", "384 cases", 384), mention("n", "374 cases", 374, article="b"),
               mention("o", "360 cases", 360, article="c")]  # fmt: skip
    when = {"m": "2016-01-01..2016-12-31", "n": "2018-01-01..2018-12-31",
            "o": "2016-06-01..2016-06-30"}  # fmt: skip
    decided = claim_decisions(figures, links_of(figures, dict.fromkeys(when, "c"), when=when))
    apart = {(d.wording_a, d.wording_b): d.times_differ for d in decided.disagreements}
    w = decided.wording_of
    assert apart[(w["m"], w["n"])] is True
    assert apart[(w["n"], w["o"])] is True
    assert apart[(w["m"], w["o"])] is False  # June 2016 lies within 2016


PARTIES = ["police", "Metropolitan Police Service", "organisers", "the  Home Office",
           "home office", "police and organisers", None]  # fmt: skip


def test_attributions_the_same_party_rule_keeps_apart_are_stored_pair_by_pair() -> None:
    """In one article; the rule is not transitive ("police and organisers" is one party
    with each of "police" and "organisers"), so pairs are stored, not one key each."""
    figures = [mention(f"m{i}", "384 cases", 384, article="a") for i in range(len(PARTIES))]
    who = {f"m{i}": p for i, p in enumerate(PARTIES)}
    decided = claim_decisions(figures, links_of(figures, dict.fromkeys(who, "c"), who=who))
    stored = {(s.party_a, s.party_b) for s in decided.party_splits}
    named = [p for p in PARTIES if p]
    assert stored == {(a, b) for a in named for b in named
                      if a != b and not _same_party(a, b)}  # fmt: skip
    assert ("police", "organisers") in stored and ("organisers", "police") in stored
    assert ("police", "Metropolitan Police Service") not in stored
    assert ("police and organisers", "police") not in stored


def test_parties_in_different_articles_are_no_split() -> None:
    figures = [mention("m", "384 cases", 384, article="a"),
               mention("n", "374 cases", 374, article="b")]  # fmt: skip
    who = {"m": "police", "n": "organisers"}
    decided = claim_decisions(figures, links_of(figures, dict.fromkeys(who, "c"), who=who))
    assert decided.party_splits == []


def test_the_models_hold_no_copy_of_the_rules(tmp_path) -> None:
    """What a rule decides is read from the stored answers: no macro restates one."""
    con = db.connect(str(tmp_path / "w.duckdb"))
    db.migrate(con)
    db.build_models(con)
    macros = {r[0] for r in con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE function_type = 'macro'"
        " AND NOT internal"
    ).fetchall()}  # fmt: skip
    assert not macros & {"same_party", "times_differ", "figures_agree", "wordings_agree",
                         "stated_low", "stated_high", "unit_base"}  # fmt: skip


def test_the_answers_do_not_depend_on_the_order_mentions_arrive_in() -> None:
    figures = [mention("m", "384 cases", 384), mention("n", "374 cases", 374, article="b"),
               mention("o", "about 380 cases", 380, article="c"),
               mention("p", "384 cases", 384, article="d")]  # fmt: skip
    figures[2] = replace(figures[2], qualifier="approx")
    who = {"m": "police", "n": "Metropolitan Police Service", "o": "organisers", "p": None}
    figures = [replace(f, article_id="a") for f in figures]  # one article: splits to find
    claim = dict.fromkeys(who, "c")
    forward = claim_decisions(figures, links_of(figures, claim, who=who))
    backward = claim_decisions(figures[::-1], links_of(figures, claim, who=who))
    assert forward.wording_of == backward.wording_of
    assert set(forward.party_splits) == set(backward.party_splits)
    assert set(forward.disagreements) == set(backward.disagreements)
    assert len(forward.disagreements) == 2  # 384 / 374; "about 380" agrees with both


def test_each_disagreement_stores_the_models_best_link_between_its_two_wordings() -> None:
    figures = [mention("m", "384 cases", 384), mention("n", "374 cases", 374, article="b"),
               replace(mention("o", "374 cases", 374, article="c"),
                       sentence="Some 374 cases were examined by the inspectors.")]  # fmt: skip
    links = links_of(figures, dict.fromkeys(("m", "n", "o"), "c"))
    decided = claim_decisions(figures, links)
    model = load_model()
    best = max(model.probability(mention_view(figures[0], links), mention_view(f, links))
               for f in figures[1:])  # fmt: skip
    assert [d.same_quantity for d in decided.disagreements] == [best, best]
    assert 0.0 < best < 1.0


def test_strongest_links_is_the_highest_pairwise_probability_between_two_groups() -> None:
    figures = [mention("m", "384 cases", 384), mention("n", "374 cases", 374, article="b"),
               replace(mention("o", "24 cases", 24, article="c"), verb="review"),
               mention("p", "38 cases", 38, article="d")]  # fmt: skip
    links = links_of(figures, {})
    views = [mention_view(f, links) for f in figures]
    model = load_model()
    got = strongest_links({"x": views[:2], "y": views[2:]}, [("x", "y"), ("y", "x")], model)
    want = max(model.probability(a, b) for a in views[:2] for b in views[2:])
    assert abs(got["x", "y"] - want) < 1e-9 and got["y", "x"] == got["x", "y"]


def test_a_restatement_in_its_sentence_is_read_as_what_it_restates_when_both_are_in_the_claim():
    from warehouse.claims.decisions import readings

    feet = replace(mention("f", "2,000ft", 2000), unit="ft")
    metres = replace(mention("m", "609 metres", 609), unit="m")
    yards = replace(mention("y", "667 yards", 667), unit="yd")
    other = replace(mention("o", "700 metres", 700, article="b"), unit="m")
    links = links_of([feet, metres, yards, other], {})
    links.restates = {"m": "f", "y": "m"}  # "2,000ft (609 metres, 667 yards)" as a chain
    assert readings([feet, metres, yards, other], links) == {
        "f": 2000, "m": 2000, "y": 2000, "o": 700,
    }  # fmt: skip
    # the restated figure is in another claim: the restatement is read as itself
    assert readings([metres, other], links) == {"m": 609, "o": 700}


def test_one_value_stated_apart_in_two_units_is_one_reading_the_more_stated_one():
    from warehouse.claims.decisions import readings

    km = [replace(mention(k, "10km", 10, article=k), unit="km") for k in ("a", "b")]
    miles = replace(mention("c", "6 miles", 6, article="c"), unit="mi")  # 9.66 km
    other = replace(mention("d", "12 km", 12, article="d"), unit="km")
    far = replace(mention("e", "9 miles", 9, article="e"), unit="mi")  # 14.5 km: another
    figures = [*km, miles, other, far]
    links = links_of(figures, {})
    assert readings(figures, links) == {"a": 10, "b": 10, "c": 10, "d": 12, "e": 9}
    # the same facts in another order read the same
    assert readings(figures[::-1], links) == readings(figures, links)
    # stated once each, the tie goes the same way whatever the order
    pair = [km[0], miles]
    assert readings(pair, links) == readings(pair[::-1], links) == {"a": 6, "c": 6}
