"""Why a gold conflict's differing values are not in one claim (ECB+ dev, run B).

usage: python -m tests.benchmarks.diagnose_conflicts WAREHOUSE [--held-out] [--all]

WAREHOUSE is a warehouse of the scorer's run B (gold stories, manifest story
column; ``fit_claim_linking.build_warehouse`` makes one). For each gold conflict
key (only those whose values end up in different claims, unless ``--all``) it
says, per pair of differing values, why they are not one claim:

- ``not extracted``: no figure mention of that file has the gold value;
- ``kind``: the mentions are of different kinds (blocking never scores them);
- ``cannot-link: <which>``: a clustering constraint forbids the pair;
- ``p=<p> < threshold``: the model's pair probability, with the features that
  fire (value × weight);
- ``p=<p> >= threshold``: the pair links, but average linkage did not merge
  their groups (the mean over the groups' mention pairs stayed under).

``--held-out`` scores each fold with the model fitted on the other fold (the
threshold chosen on the training fold, as the fit script does), so the reasons
are those of the held-out figures. The ECB+ texts are CC BY 3.0 (Cybulska and
Vossen, LREC 2014); see the split's README.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb

from tests.benchmarks import fit_claim_linking as fit
from warehouse.claims.attribution import _times_differ, eras_differ
from warehouse.claims.clustering import _attributed_apart
from warehouse.claims.features import FEATURES, LinkModel, comparable, load_model, pair_features
from warehouse.claims.link import annotate, build_links, read_inputs


def constraint(a, b, links) -> str | None:
    """Which :func:`cannot_link` rule forbids the pair, in words (None: none does)."""
    ta, tb = links.time_reference[a.mention_id], links.time_reference[b.mention_id]
    if _times_differ(ta, tb):
        return f"times differ ({ta} / {tb})"
    if eras_differ(a.mention_id in links.past, b.mention_id in links.past, ta, tb):
        return f"an earlier event ({ta or tb}) against the news"
    if _attributed_apart(a, b, links):
        return None
    if a.sentence_id == b.sentence_id and a.value != b.value:
        return "one sentence, two values"
    if a.article_id == b.article_id and a.sentence_id != b.sentence_id:
        if not links.intervals[a.mention_id].overlaps(links.intervals[b.mention_id]):
            return "one article, intervals apart"
    return None


def explain(model: LinkModel, va, vb) -> str:
    x = pair_features(va, vb, model.near_window)
    fired = [f"{n}={v:.2f}*{w:+.2f}" for n, v, w in zip(FEATURES, x, model.weights, strict=True)
             if v]  # fmt: skip
    return " ".join(fired)


def diagnose(path: Path, model: LinkModel, stories: set[str], show_all: bool) -> list[str]:
    rows, kinds, _ = fit.gold()
    con = duckdb.connect(str(path), read_only=True)
    inputs = read_inputs(con)
    files = {a: Path(p).name for a, p in con.execute("SELECT article_id, path FROM articles").fetchall()}
    con.close()
    links = build_links(*inputs, model=model)
    _, views = annotate(*inputs)
    by_file_value: dict[tuple[str, float], list] = defaultdict(list)
    for f in inputs[1]:
        if f.value is not None:
            by_file_value[(files[f.article_id], round(f.value, 6))].append(f)
    out = []
    for key, kind in sorted(kinds.items()):
        if kind != "conflict" or key.split("/")[0] not in stories:
            continue
        items = []
        for g in rows:
            if g["claim_key"] != key:
                continue
            value = _num(g["value"])
            if value is None:
                continue
            found = by_file_value.get((g["file"], round(value, 6)), [])
            items.append((g["file"], value, g["quote"], found))
        claims_by_value: dict[float, set[str]] = defaultdict(set)
        for _, value, _, found in items:
            for f in found:
                claims_by_value[value].add(links.claim_of.get(f.mention_id, "-"))
        linked = any(claims_by_value[v] & claims_by_value[w]
                     for v in claims_by_value for w in claims_by_value if v != w)  # fmt: skip
        if linked and not show_all:
            continue
        out.append(f"{key}: {'LINKED' if linked else 'apart'}")
        for file, value, quote, found in items:
            where = ", ".join(sorted({links.claim_of.get(f.mention_id, '-')[-6:] for f in found}))
            state = f"{len(found)} mention(s) in claim(s) {where}" if found else "NOT EXTRACTED"
            out.append(f"   {file} {value:g} [{state}] {quote[:70]!r}")
            for f in found[:1]:
                v = views[f.mention_id]
                out.append(f"      kind={v.kind} unit={v.unit} noun={v.noun} verb={v.verb}"
                           f" party={v.party} time={v.time}")  # fmt: skip
        values = sorted({v for _, v, _, found in items if found})
        for i, v1 in enumerate(values):
            for v2 in values[i + 1 :]:
                best = None
                for _, a_value, _, fa in items:
                    for _, b_value, _, fb in items:
                        if a_value != v1 or b_value != v2:
                            continue
                        for a in fa:
                            for b in fb:
                                va, vb = views[a.mention_id], views[b.mention_id]
                                if not comparable(va, vb):
                                    why = "kind" if va.kind != vb.kind else "units apart"
                                    reason = f"not compared ({why}: {va.unit} / {vb.unit})"
                                    p = -2.0
                                elif why := constraint(a, b, links):
                                    reason, p = f"cannot-link: {why}", -1.0
                                else:
                                    p = model.probability(va, vb)
                                    side = ">=" if p >= model.threshold else "<"
                                    reason = f"p={p:.3f} {side} {model.threshold}: {explain(model, va, vb)}"
                                if best is None or p > best[0]:
                                    best = (p, reason, files[a.article_id], files[b.article_id], a, b)
                if best:
                    out.append(f"   {v1:g} vs {v2:g} best pair {best[2]} / {best[3]}: {best[1]}")
                if best and best[0] >= model.threshold:
                    out.append("      " + _groups_apart(best[4], best[5], links, views, model,
                                                      inputs[1]))  # fmt: skip
    return out


def _groups_apart(a, b, links, views, model, figures) -> str:
    """Why two linked mentions' claims stayed apart: a forbidden pair, or a low mean."""
    ca, cb = links.claim_of.get(a.mention_id), links.claim_of.get(b.mention_id)
    ga = [f for f in figures if links.claim_of.get(f.mention_id) == ca]
    gb = [f for f in figures if links.claim_of.get(f.mention_id) == cb]
    for x in ga:
        for y in gb:
            why = constraint(x, y, links) if x.kind == y.kind else "kind"
            if why:
                return (f"claims of {len(ga)} and {len(gb)} mentions: cannot-link {why}"
                        f" ({x.text!r} / {y.text!r}; {x.sentence[:60]!r})")
    ps = [model.probability(views[x.mention_id], views[y.mention_id]) for x in ga for y in gb]
    low = min(ps)
    return (f"claims of {len(ga)} and {len(gb)} mentions: mean p {sum(ps) / len(ps):.3f}"
            f" (min {low:.3f}); values {sorted({x.value for x in ga if x.value is not None})} / "
            f"{sorted({y.value for y in gb if y.value is not None})}")


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--held-out", action="store_true")
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()
    _, _, story_of = fit.gold()
    fold = fit.folds(story_of)
    if not args.held_out:
        lines = diagnose(args.db, load_model(), set(fold), args.all)
        print("\n".join(lines))
        return
    _, _, where = fit.labelled_pairs(args.db)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "w.duckdb"
        shutil.copy(args.db, copy)
        for train, test in (("A", "B"), ("B", "A")):
            # the warehouse labelled_pairs read (its views are cached by path); scoring
            # copies it anyway
            model = fit.fitted(args.db, where, {s for s, f in fold.items() if f == train},
                               f"fold-{train}")  # fmt: skip
            print(f"== fold {test} held out (fitted on {train}, threshold {model.threshold},"
                  f" window {model.near_window})")  # fmt: skip
            print("\n".join(diagnose(copy, model, {s for s, f in fold.items() if f == test},
                                     args.all)))  # fmt: skip


if __name__ == "__main__":
    main()
