"""The whole linking step: read the warehouse, link the stories that changed, write at once."""

from __future__ import annotations

import hashlib
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from extractors.clean import paragraph_breaks
from warehouse.claims.attribution import (
    DateInSentence,
    NameInSentence,
    age_holder,
    attributions,
    names_by_article,
    of_the_past,
    time_reference,
)
from warehouse.claims.clustering import claim_id, cluster_claims, sentence_structure
from warehouse.claims.decisions import ClaimDecisions, claim_decisions
from warehouse.claims.features import LinkModel, MentionView, load_model, mention_view
from warehouse.claims.intervals import (
    bound_is_tally,
    currency_conversion,
    figure_interval,
    restated_from,
    restated_interval,
    vague_interval,
)
from warehouse.claims.parallel import Submit, merge, parallel_min_mentions, split_stories
from warehouse.claims.records import AGENCIES, VERSION, Article, ClaimLinks, Figure, Interval
from warehouse.claims.relations import find_relations
from warehouse.claims.sources import source_groups
from warehouse.claims.stories import infer_stories
from warehouse.claims.text import unit_key
from warehouse.crashpoints import reach

# --- the whole step -----------------------------------------------------------------


Placed = tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str, bool]]]


def place(
    articles: list[Article], figures: list[Figure], entities_by_article: dict[str, set[str]]
) -> Placed:
    """Stories of the whole corpus and source groups within each: (stories, sources) by article."""
    stories = corpus_stories(articles, figures, entities_by_article)
    return stories, story_sources(articles, stories)


def corpus_stories(
    articles: list[Article], figures: list[Figure], entities_by_article: dict[str, set[str]]
) -> dict[str, tuple[str, str, str]]:
    """Every article's story (:func:`infer_stories`, from its stated values and entities)."""
    figures_by_article: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.value is not None:
            figures_by_article[f.article_id].append(f)
    return infer_stories(articles, figures_by_article, entities_by_article)


def story_sources(
    articles: list[Article], stories: dict[str, tuple[str, str, str]], only: set[str] | None = None
) -> dict[str, tuple[str, str, bool]]:
    """Source groups (:func:`source_groups`) found among the articles of each story.

    Every reader of source groups (sources per claim, a conflict's ``same_source``,
    reconciliation's independent sources) compares articles of one story, so
    near-copies are looked for within a story: a story's groups then depend on its
    own articles alone, and a story that did not change keeps them. ``only``: these
    stories' articles alone.
    """
    by_story: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        story_id = stories[a.article_id][0]
        if only is None or story_id in only:
            by_story[story_id].append(a)
    out: dict[str, tuple[str, str, bool]] = {}
    for story_id in sorted(by_story):
        out.update(source_groups(by_story[story_id]))
    return out


def annotate(
    articles: list[Article],
    figures: list[Figure],
    entities_by_article: dict[str, set[str]],
    dates_by_sentence: dict[str, list[DateInSentence]],
    names_by_sentence: dict[str, list[NameInSentence]] | None = None,
    placed: Placed | None = None,
) -> tuple[ClaimLinks, dict[str, MentionView]]:
    """Stories, sources and each mention's interval, party, time and model view; no claims yet.

    ``placed``: stories and sources already computed (:func:`place`) over the whole
    corpus, when ``figures`` are only some stories' mentions.
    """
    stories, sources = placed or place(articles, figures, entities_by_article)
    parallel: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        parallel[(f.sentence_id, f.kind, unit_key(f.unit))].append(f)
    intervals, restates = _intervals(figures)
    links = ClaimLinks(
        stories=stories,
        sources=sources,
        claim_of={},
        intervals=intervals,
        attribution=attributions(
            {a.article_id: a.text for a in articles}, figures, names_by_sentence or {}
        ),
        time_reference={
            f.mention_id: time_reference(
                f,
                dates_by_sentence.get(f.sentence_id, []),
                parallel[(f.sentence_id, f.kind, unit_key(f.unit))],
            )
            for f in figures
        },
    )  # fmt: skip
    sentences: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.kind == "money":
            sentences[f.sentence_id].append(f)
        if f.kind == "age":
            holder = age_holder(f, (names_by_sentence or {}).get(f.sentence_id, ()))
            if holder:
                links.holder[f.mention_id] = holder
    links.conversions = {f.mention_id for sums in sentences.values() if len(sums) > 1
                         for f in sums if currency_conversion(f, sums)}  # fmt: skip
    links.paragraph = _paragraphs(articles, figures)
    links.restates = restates
    published = {a.article_id: a.published for a in articles}
    links.past = {
        f.mention_id
        for f in figures
        if of_the_past(links.time_reference[f.mention_id], published.get(f.article_id))
    }
    return links, mention_views(figures, links, names_by_sentence or {})


def _paragraphs(articles: list[Article], figures: list[Figure]) -> dict[str, int]:
    """Each mention's paragraph: how many paragraph breaks of its article precede it."""
    wanted = {f.article_id for f in figures}
    breaks = {a.article_id: paragraph_breaks(a.text) for a in articles if a.article_id in wanted}
    return {f.mention_id: bisect_right(breaks.get(f.article_id, []), f.start_char)
            for f in figures}  # fmt: skip


def _intervals(figures: list[Figure]) -> tuple[dict[str, Interval], dict[str, str]]:
    """Each mention's interval, computed once per wording: the interval reads only the
    figure's own text, value, range, kind, unit and qualifier, which near-copies share,
    and for a lower bound whether it counts a named thing and bounds a change
    (:func:`.intervals.bound_is_tally`); and which mention each restatement in another unit
    restates."""
    seen: dict[tuple, Interval] = {}
    out = {}
    restates: dict[str, str] = {}
    by_sentence: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        key = (f.text, f.value, f.value_high, f.kind, f.unit, f.qualifier, bound_is_tally(f))
        if key not in seen:
            seen[key] = figure_interval(f)
        out[f.mention_id] = seen[key]
        if f.unit:
            by_sentence[f.sentence_id].append(f)
    for sentence in by_sentence.values():
        if len(sentence) > 1:  # restated_from looks only at the figures before each
            for f in sentence:
                other = restated_from(f, sentence)
                out[f.mention_id] = restated_interval(out[f.mention_id], other)
                if other is not None:
                    restates[f.mention_id] = other.mention_id
    return out, restates


def build_links(
    articles: list[Article],
    figures: list[Figure],
    entities_by_article: dict[str, set[str]],
    dates_by_sentence: dict[str, list[DateInSentence]],
    names_by_sentence: dict[str, list[NameInSentence]] | None = None,
    model: LinkModel | None = None,
    placed: Placed | None = None,
    only: set[str] | None = None,
) -> ClaimLinks:
    """Stories, sources, claims and relations for a whole warehouse.

    A vague amount ("tens of thousands") has no value of its own: it joins a claim
    that stated values make (and supports those its interval allows), but takes no
    part in grouping stories, in relations or as a claim on its own.

    ``only``: link the claims of these stories alone (stories and sources still
    cover every article; pass them as ``placed`` when already computed). A story's
    claims and relations read only its own mentions, so they come out as a whole
    run would make them.
    """
    placed = placed or place(articles, figures, entities_by_article)
    if only is not None:
        figures = [f for f in figures if placed[0][f.article_id][0] in only]
    links, views = annotate(articles, figures, entities_by_article, dates_by_sentence,
                            names_by_sentence, placed)  # fmt: skip
    by_story: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_story[links.stories[f.article_id][0]].append(f)
    model = model or load_model()
    for story_id, story_mentions in sorted(by_story.items()):
        story_figures = [f for f in story_mentions if f.value is not None]
        by_sentence: dict[str, list[Figure]] = defaultdict(list)
        for f in story_figures:
            by_sentence[f.sentence_id].append(f)
        structures = {
            sid: sentence_structure(figs, links.attribution, links.time_reference)
            for sid, figs in by_sentence.items()
        }
        parts = {(r.mention_id, whole.mention_id) for st in structures.values()
                 for whole, rest in st.part_of for r in rest}  # fmt: skip
        for members in cluster_claims(story_mentions, links, views, model, parts):
            if all(f.value is None for f in members):
                continue  # vague amounts alone state no value to check
            cid = claim_id(members)
            for f in members:
                links.claim_of[f.mention_id] = cid
        links.relations.extend(
            find_relations(
                story_id, story_figures, links.claim_of, structures, links.time_reference
            )
        )
    return links


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
    (tests/integration/test_parallel_linking.py)."""
    mine = [f for f in figures if stories[f.article_id][0] in relink]
    if submit is None or len(mine) < parallel_min_mentions() or len(relink) < 2:
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
    their_articles = [a for a in articles if stories[a.article_id][0] in theirs]
    # Names of every sentence of their articles: attribution reads the whole article.
    named = {a.article_id for a in their_articles}
    pending = submit(
        link_part,
        their_articles,
        their_figures,
        {s: d for s, d in dates_by_sentence.items() if s in sentences},
        {s: n for s, n in names_by_sentence.items() if n and n[0].article_id in named},
        model,
        stories,
        there,
    )
    ours = link_part(articles, mine, dates_by_sentence, names_by_sentence, model, stories, here)
    return merge([ours, pending.result()])


def mention_views(
    mentions: list[Figure], links: ClaimLinks, names_by_sentence: dict[str, list[NameInSentence]]
) -> dict[str, MentionView]:
    """Each mention's view for the pair model, the names of its sentence included."""
    view = viewer(links, names_by_sentence)
    return {f.mention_id: view(f) for f in mentions}


def viewer(
    links: ClaimLinks, names_by_sentence: dict[str, list[NameInSentence]]
) -> Callable[[Figure], MentionView]:
    """A mention's view for the pair model, the names of its sentence included."""
    names = {
        sid: frozenset(n.canonical.lower() for n in found)
        for sid, found in names_by_sentence.items()
    }
    return lambda f: mention_view(f, links, names.get(f.sentence_id, frozenset()))


def _figures(con: duckdb.DuckDBPyConnection) -> list[Figure]:
    rows = con.execute(
        "SELECT f.mention_id, f.article_id, f.sentence_id, s.sentence_index, f.start_char,"
        " f.end_char, f.text, f.value, f.value_high, f.kind, f.unit, f.qualifier, f.counted_noun,"
        " f.verb, s.text, s.start_char"
        " FROM figure_mentions f JOIN sentences s USING (sentence_id)"
        " WHERE f.value IS NOT NULL OR f.kind = 'count' ORDER BY f.article_id, f.start_char"
    ).fetchall()
    figures = [Figure(*row) for row in rows]
    return [f for f in figures if f.value is not None or vague_interval(f.text)]


def _articles(con: duckdb.DuckDBPyConnection) -> list[Article]:
    rows = con.execute(
        "SELECT article_id, outlet, published, story, source_kind, agency, text"
        " FROM articles ORDER BY article_id"
    ).fetchall()
    return [Article(*row) for row in rows]


def read_inputs(con: duckdb.DuckDBPyConnection) -> tuple:
    """What linking reads of the warehouse: (articles, figures, entities, dates, names)."""
    articles = _articles(con)
    figures = _figures(con)
    # One read of entity_mentions gives both the names each article mentions and
    # where each sentence names someone.
    entities: dict[str, set[str]] = defaultdict(set)
    names: dict[str, list[NameInSentence]] = defaultdict(list)
    for article_id, entity_id, sentence_id, start_char, end_char, canonical in con.execute(
        "SELECT article_id, entity_id, sentence_id, start_char, end_char, canonical"
        " FROM entity_mentions ORDER BY sentence_id, start_char"
    ).fetchall():
        entities[article_id].add(entity_id)
        names[sentence_id].append(
            NameInSentence(
                start_char, end_char, canonical, entity_id.split(":", 1)[0], article_id
            )
        )
    dates: dict[str, list[DateInSentence]] = defaultdict(list)
    for sentence_id, start_char, end_char, start, end in con.execute(
        "SELECT sentence_id, start_char, end_char, date_start, date_end FROM date_mentions"
        " WHERE date_start IS NOT NULL ORDER BY sentence_id, start_char"
    ).fetchall():
        dates[sentence_id].append(DateInSentence(start_char, end_char, start, end))
    return articles, figures, entities, dates, names


@dataclass(frozen=True)
class StoryFingerprint:
    fingerprint: str
    n_articles: int
    n_mentions: int


def story_fingerprints(
    stories: dict[str, tuple[str, str, str]],
    articles: list[Article],
    figures: list[Figure],
    dates_by_sentence: dict[str, list[DateInSentence]],
    names_by_sentence: dict[str, list[NameInSentence]],
    model: LinkModel,
) -> dict[str, StoryFingerprint]:
    """Per story, a hash of everything its claims and relations are computed from.

    That is the linker's version, the pair model (version and weights), the agency
    list, the story's id, each member article's text (hashed) and the metadata its
    source group reads (outlet, agency, source kind) with its publication date (which
    tells a figure of an earlier event, ``attribution.of_the_past``), and each member's figure
    mentions as linking reads them (the figure, its sentence's text) with the names
    and resolved dates of their sentences. Nothing of another story enters: the pair
    model, the constraints and the relations read only mentions of the one story,
    what they read of a mention comes from its own sentence, and source groups are
    found within the story (:func:`story_sources`). What does cross stories, the
    story model (TF-IDF over the corpus, candidate stories), decides membership,
    which is recomputed every run and hashed here.
    """
    code = (VERSION, model.version, model.weights, model.bias, model.threshold,
            model.exclusive_floor, model.near_window)
    base = hashlib.sha256(repr((code, sorted(AGENCIES.items()))).encode()).digest()
    article_of = {a.article_id: a for a in articles}
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, (story_id, _, _) in stories.items():
        members[story_id].append(article_id)
    by_article: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_article[f.article_id].append(f)
    # Attribution reads the names of the whole article (who "he" is, who speaks in a
    # quotation), not only of the figures' sentences.
    article_names = names_by_article(names_by_sentence)
    out = {}
    for story_id, article_ids in members.items():
        digest = hashlib.sha256(base)
        digest.update(repr(("story", story_id)).encode())
        mentions = 0
        for article_id in sorted(article_ids):
            a = article_of[article_id]
            text = hashlib.sha256(a.text.encode()).hexdigest()
            digest.update(repr((article_id, a.outlet, a.agency, a.source_kind, a.published,
                                text)).encode())  # fmt: skip
            digest.update(repr(article_names.get(article_id, ())).encode())
            sentences: set[str] = set()
            for f in sorted(by_article.get(article_id, ()), key=lambda f: f.mention_id):
                mentions += 1
                digest.update(repr(f).encode())
                if f.sentence_id not in sentences:
                    sentences.add(f.sentence_id)
                    said = (names_by_sentence.get(f.sentence_id, ()),
                            dates_by_sentence.get(f.sentence_id, ()))  # fmt: skip
                    digest.update(repr(said).encode())
        out[story_id] = StoryFingerprint(digest.hexdigest(), len(article_ids), mentions)
    return out


@dataclass
class LinkRun:
    """What :func:`link_claims` did: the links it computed and which stories it relinked."""

    links: ClaimLinks  # stories of every article; sources and claims of the relinked stories
    stories: int  # stories in the warehouse
    relinked: list[str]  # stories whose claims were (re)computed; the others' rows were kept
    seconds: dict[str, float] = field(default_factory=dict)  # by part: read, place, link, write


# Rows of stories not kept, by table: source_groups has no story column, and its
# articles' stories are the ones article_stories was just rewritten with.
_NOT_KEPT = {
    None: "story_id NOT IN (SELECT story_id FROM kept_stories)",
    "source_groups": "article_id NOT IN (SELECT article_id FROM article_stories"
    " WHERE story_id IN (SELECT story_id FROM kept_stories))",
}


def link_claims(
    con: duckdb.DuckDBPyConnection,
    model: LinkModel | None = None,
    full: bool = False,
    run_id: str | None = None,
    submit: Submit | None = None,
) -> LinkRun:
    """Recompute stories and sources, relink the stories whose inputs changed; one transaction.

    Stories are placed online in publication order, so a changed article moves at
    most the stories it leaves and joins. Each story's fingerprint
    (:func:`story_fingerprints`) is compared with the one stored when it was last
    linked: an unchanged story keeps its claim_assignments and claim_relations rows
    (same claim ids), a changed or new one is relinked, and the rows of stories that
    no longer exist are deleted. The result equals a whole relink (``full``).

    ``model``: the pair model to link with (the shipped one when None; the fit
    script passes one fitted on a fold). ``run_id``: the pipeline run, recorded
    with each relinked story's fingerprint. ``submit``: where to link half of the
    stories while this process links the others (:mod:`.parallel`); same result.
    """
    from warehouse.db import migrate

    migrate(con)  # a warehouse an older version built has no fingerprint table yet
    model = model or load_model()
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(part: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[part] = now - clock
        clock = now

    articles, figures, entities, dates, names = read_inputs(con)
    lap("read")
    stories = corpus_stories(articles, figures, entities)
    lap("stories")
    prints = story_fingerprints(stories, articles, figures, dates, names, model)
    stored = "SELECT story_id, fingerprint FROM story_link_fingerprints"
    known = {} if full else dict(con.execute(stored).fetchall())
    relink = {story for story, p in prints.items() if known.get(story) != p.fingerprint}
    kept = sorted(set(prints) - relink)
    lap("fingerprint")
    links = link_stories(articles, figures, dates, names, model, stories, relink, submit)
    decided = claim_decisions(figures, links, viewer(links, names), model)
    lap("link")
    tables = {
        "article_stories": pa.Table.from_pylist(
            [{"article_id": a, "story_id": s, "method": m, "evidence": e}
             for a, (s, m, e) in sorted(links.stories.items())],
            schema=pa.schema([("article_id", pa.string()), ("story_id", pa.string()),
                              ("method", pa.string()), ("evidence", pa.string())]),
        ),
    }  # fmt: skip
    # Rows of the relinked stories only: the kept stories' rows stay in place.
    relinked_rows = {
        "source_groups": pa.Table.from_pylist(
            [{"article_id": a, "source_group": g, "method": m, "is_primary": p}
             for a, (g, m, p) in sorted(links.sources.items())],
            schema=pa.schema([("article_id", pa.string()), ("source_group", pa.string()),
                              ("method", pa.string()), ("is_primary", pa.bool_())]),
        ),
        "claim_assignments": pa.Table.from_pylist(
            [{"mention_id": f.mention_id, "claim_id": links.claim_of[f.mention_id],
              "story_id": links.stories[f.article_id][0],
              "low": links.intervals[f.mention_id].low,
              "high": links.intervals[f.mention_id].high,
              "interval_note": links.intervals[f.mention_id].note,
              "attributed_to": links.attribution[f.mention_id],
              "time_reference": links.time_reference[f.mention_id],
              "wording_id": decided.wording_of[f.mention_id],
              "reading_value": decided.reading_of[f.mention_id]}
             for f in figures if f.mention_id in links.claim_of],
            schema=pa.schema([("mention_id", pa.string()), ("claim_id", pa.string()),
                              ("story_id", pa.string()), ("low", pa.float64()),
                              ("high", pa.float64()), ("interval_note", pa.string()),
                              ("attributed_to", pa.string()), ("time_reference", pa.string()),
                              ("wording_id", pa.string()), ("reading_value", pa.float64())]),
        ),
        **decision_tables(decided),
        "claim_relations": pa.Table.from_pylist(
            [{"relation_id": r.relation_id, "story_id": r.story_id, "relation": r.relation,
              "whole_claim_id": r.whole_claim_id, "part_claim_ids": list(r.part_claim_ids),
              "share_claim_id": r.share_claim_id, "evidence": r.evidence}
             for r in links.relations],
            schema=pa.schema([("relation_id", pa.string()), ("story_id", pa.string()),
                              ("relation", pa.string()), ("whole_claim_id", pa.string()),
                              ("part_claim_ids", pa.list_(pa.string())),
                              ("share_claim_id", pa.string()), ("evidence", pa.string())]),
        ),
        "story_link_fingerprints": pa.Table.from_pylist(
            [{"story_id": story, "fingerprint": prints[story].fingerprint,
              "n_articles": prints[story].n_articles, "n_mentions": prints[story].n_mentions,
              "linked_by_run": run_id}
             for story in sorted(relink)],
            schema=pa.schema([("story_id", pa.string()), ("fingerprint", pa.string()),
                              ("n_articles", pa.int32()), ("n_mentions", pa.int32()),
                              ("linked_by_run", pa.string())]),
        ),
    }  # fmt: skip
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in tables.items():
            con.execute(f"DELETE FROM {name}")
            _insert(con, name, table)
        con.register("kept_stories", pa.table({"story_id": pa.array(kept, pa.string())}))
        for name, table in relinked_rows.items():
            con.execute(f"DELETE FROM {name} WHERE {_NOT_KEPT.get(name, _NOT_KEPT[None])}")
            _insert(con, name, table)
        con.unregister("kept_stories")
        reach("link_claims")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    lap("write")
    return LinkRun(links, len(prints), sorted(relink), seconds)


def decision_tables(decided: ClaimDecisions) -> dict[str, pa.Table]:
    """The rules' answers for some claims, as the rows of their tables."""
    return {
        "wording_disagreements": pa.Table.from_pylist(
            [{"claim_id": d.claim_id, "story_id": d.story_id, "wording_a": d.wording_a,
              "wording_b": d.wording_b, "times_differ": d.times_differ,
              "same_quantity": d.same_quantity}
             for d in decided.disagreements],
            schema=pa.schema([("claim_id", pa.string()), ("story_id", pa.string()),
                              ("wording_a", pa.string()), ("wording_b", pa.string()),
                              ("times_differ", pa.bool_()), ("same_quantity", pa.float64())]),
        ),
        "party_splits": pa.Table.from_pylist(
            [{"claim_id": s.claim_id, "story_id": s.story_id, "party_a": s.party_a,
              "party_b": s.party_b} for s in decided.party_splits],
            schema=pa.schema([("claim_id", pa.string()), ("story_id", pa.string()),
                              ("party_a", pa.string()), ("party_b", pa.string())]),
        ),
    }  # fmt: skip


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    con.register("claim_rows", table)
    con.execute(f"INSERT INTO {name} SELECT * FROM claim_rows")
    con.unregister("claim_rows")


def redecide(con: duckdb.DuckDBPyConnection) -> None:
    """Store the rules' answers (:mod:`.decisions`) for the claims as ``claim_assignments``
    holds them now, after the grouping was changed outside linking (by hand, or by a
    benchmark that puts the gold claims in place): the conflict views read those
    answers, never the rules themselves; ``same_quantity`` is scored with the shipped
    pair model. One transaction."""
    articles, figures, entities, dates, names = read_inputs(con)
    links, views = annotate(articles, figures, entities, dates, names)
    assigned = con.execute("SELECT mention_id, claim_id FROM claim_assignments").fetchall()
    links.claim_of.update(assigned)
    decided = claim_decisions(figures, links, lambda f: views[f.mention_id])
    ids = list(decided.wording_of)
    wordings = pa.table({"mention_id": pa.array(ids, pa.string()),
                         "wording_id": pa.array(list(decided.wording_of.values()), pa.string()),
                         "reading_value": pa.array([decided.reading_of[m] for m in ids],
                                                   pa.float64())})  # fmt: skip
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("new_wordings", wordings)
        con.execute("UPDATE claim_assignments SET wording_id = w.wording_id,"
                    " reading_value = w.reading_value FROM new_wordings w"
                    " WHERE claim_assignments.mention_id = w.mention_id")  # fmt: skip
        con.unregister("new_wordings")
        for name, table in decision_tables(decided).items():
            con.execute(f"DELETE FROM {name}")
            _insert(con, name, table)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
