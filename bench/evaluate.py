"""Score an extracted report graph against a hand-made gold standard (tests/gold/README.md).

Usage (from the repository root):
    python -m bench.evaluate GOLD REPORT [--json] [--check]
    python bench/evaluate.py GOLD REPORT [--json] [--check]

Prints precision, recall and F1 per entity type and per relation type, with the misses (gold facts
not found) and the false hits (extracted facts not in the gold). --check exits 1 when a target in
TARGETS is not met. Importable: `evaluate(gold, graph)` returns an `Evaluation`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:  # sibling modules of this folder, also when imported
    sys.path.insert(0, str(BENCH))

from eval_align import Alignment, align, read_prediction
from eval_gold import (  # noqa: F401 (re-exported: the evaluator's API)
    CORE_RELATIONS,
    ENTITY_TYPES,
    GOLD_TYPES,
    RELATIONS,
    TARGETS,
    Evaluation,
    Gold,
    Item,
    Score,
    decimal_key,
    load_gold,
    norm,
    org_norm,
    person_names_match,
    quoted_title,
    role_matches,
)

# ----------------------------------------------------------------------------- scoring

def _score_entities(name: str, gold: list[Item], pred: list[Item], al: Alignment) -> Score:
    sc = Score(name)
    found = set(al.to_gold.values())
    labels = {p.id: p.label for p in pred}
    sc.n_gold = len(gold)
    sc.tp_gold = sum(1 for g in gold if g.id in found)
    sc.misses = [f"{g.id}: {g.label}" for g in gold if g.id not in found]
    considered = [p for p in pred if p.id not in al.ignored]
    sc.n_pred = len(considered)
    sc.tp_pred = sum(1 for p in considered if p.id in al.to_gold and p.id not in al.duplicates)
    sc.false_hits = [f"{p.label} <{p.id}>" for p in al.unmatched]
    sc.false_hits += [f"{labels[pid]} <{pid}> (duplicate of {gid})" for pid, gid in al.duplicates.items()]
    return sc


def _score_sets(name: str, gold: list[tuple[str, ...]], pred: Iterable[str], unsure: set[str]) -> Score:
    sc = Score(name)
    pred = sorted(set(pred))
    all_alts = {a for g in gold for a in g}
    sc.n_gold = len(gold)
    sc.tp_gold = sum(1 for g in gold if set(g) & set(pred))
    sc.misses = ["|".join(g) for g in gold if not set(g) & set(pred)]
    considered = [p for p in pred if p in all_alts or p not in unsure]
    sc.n_pred = len(considered)
    sc.tp_pred = sum(1 for p in considered if p in all_alts)
    sc.false_hits = [p for p in considered if p not in all_alts]
    return sc


def _value_matcher(field_name: str) -> Callable[[object, object], bool]:
    if field_name == "roles":
        return lambda p, g: role_matches(str(p), str(g))
    if field_name == "kind":
        return lambda p, g: norm(str(p)) == norm(str(g))
    if field_name == "acronym":
        return lambda p, g: norm(str(p)) == norm(str(g))
    return lambda p, g: p == g


def _score_relation(name: str, field_name: str, gold: list[Item], pred: list[Item], al: Alignment,
                    obj_map: dict[str, str], obj_ignored: set[str],
                    coarser: Callable[[str], set[str]] = lambda k: set()) -> Score:
    """Facts (subject, value): subjects through the entity alignment, entity-valued objects through
    obj_map (pred IRI -> gold id); facts of neutral subjects or with neutral objects are skipped.
    A predicted place that contains a gold (or unsure) place of the same subject is not a false hit:
    coarser(key) gives the places that contain `key`."""
    sc = Score(name)
    match = _value_matcher(field_name)
    gold_by_id = {g.id: g for g in gold}
    pred_vals: dict[str, list] = defaultdict(list)
    subj_label: dict[str, str] = {}
    for p in pred:
        if p.id in al.ignored:
            continue
        subj = al.to_gold.get(p.id, "?" + p.id)
        subj_label.setdefault(subj, p.label)
        for v in p.facts.get(field_name, []):
            if isinstance(v, str) and v in obj_ignored:
                continue
            v = obj_map.get(v, v) if isinstance(v, str) else v
            if v not in pred_vals[subj] and v is not None:
                pred_vals[subj].append(v)
    for g in gold:
        for alts in g.facts.get(field_name, []):
            alts = alts if isinstance(alts, tuple) and field_name == "places" else (alts,)
            sc.n_gold += 1
            got = pred_vals.get(g.id, [])
            if any(match(v, a) for v in got for a in alts):
                sc.tp_gold += 1
            else:
                why = "" if g.id in al.to_gold.values() else " [entity not found]"
                sc.misses.append(f"{g.id} ({g.label}) -> {_show(alts)}{why}")
    for subj, vals in pred_vals.items():
        g = gold_by_id.get(subj)
        gold_vals = [a for alts in (g.facts.get(field_name, []) if g else [])
                     for a in (alts if isinstance(alts, tuple) and field_name == "places" else (alts,))]
        unsure = g.unsure.get(field_name, []) if g else []
        if field_name == "places":
            unsure = [*unsure, *{c for k in [*gold_vals, *unsure] for c in coarser(k)}]
        for v in vals:
            if any(match(v, a) for a in gold_vals):
                sc.n_pred += 1
                sc.tp_pred += 1
            elif any(match(v, u) for u in unsure):
                continue
            else:
                sc.n_pred += 1
                why = " [subject not in gold]" if g is None else ""
                sc.false_hits.append(f"{subj if g else subj_label[subj]} -> {_show(v)}{why}")
    return sc


def _show(v) -> str:
    if isinstance(v, tuple):
        return "|".join(_show(x) for x in v) if not (len(v) == 2 and v[0] in ("start", "end")) \
            else f"{v[0]}={v[1]}"
    return str(v)


def containing_places(year: int | None) -> Callable[[str], set[str]]:
    """key -> keys of the places that contain it (municipality, planning region, country), read
    from the pipeline's gazetteer for `year`."""
    from reportgraph.extract.entities.gazetteer import Gazetteer

    gaz = Gazetteer.for_year(year or 2021)

    def parents(key: str) -> set[str]:
        try:
            return {p.key for p in gaz.parents(key)}
        except KeyError:
            return set()

    return parents


def evaluate(gold: Gold | Path | str | dict, graph: Graph) -> Evaluation:
    """Score `graph` (one report's extracted graph) against `gold`."""
    if not isinstance(gold, Gold):
        gold = load_gold(gold)
    coarser = containing_places(gold.year)
    pred, pred_places = read_prediction(graph)
    aligns = {t: align(gold.items[t], pred[t], gold.neutral[t]) for t in GOLD_TYPES}
    entities = {t: _score_entities(t, gold.items[t], pred[t], aligns[t]) for t in GOLD_TYPES}
    entities["places"] = _score_sets("places", gold.places, pred_places, gold.neutral_places)
    # dates/periods: every start/end date of a project or event, as a set of ISO strings
    g_dates = sorted({v for t in ("projects", "events") for it in gold.items[t]
                      for _k, v in it.facts.get("dates", [])})
    u_dates = {v for t in ("projects", "events") for it in gold.items[t]
               for v in it.unsure.get("dates/periods", [])}
    p_dates = {v for t in ("projects", "events") for it in pred[t]
               if it.id not in aligns[t].ignored for _k, v in it.facts.get("dates", [])}
    entities["dates/periods"] = _score_sets("dates/periods", [(d,) for d in g_dates], p_dates, u_dates)
    entities = {t: entities[t] for t in ENTITY_TYPES}

    org_map = dict(aligns["organisations"].to_gold)
    org_ignored = set(aligns["organisations"].ignored)
    proj_map = dict(aligns["projects"].to_gold)
    proj_ignored = set(aligns["projects"].ignored)
    relations = {}
    for name, (t, fld) in RELATIONS.items():
        if fld in ("implementers", "partners", "organisers", "organisations"):
            omap, oign = org_map, org_ignored
        elif fld == "project":
            omap, oign = proj_map, proj_ignored
        else:
            omap, oign = {}, set()
        relations[name] = _score_relation(name, fld, gold.items[t], pred[t], aligns[t], omap, oign,
                                          coarser)
    alignment = {t: dict(a.to_gold) for t, a in aligns.items()}
    labels = {p.id: p.label for t in GOLD_TYPES for p in pred[t]}
    weak = {t: [f"{labels[pid]} <{pid}> ~ {gid}" for pid, gid in a.weak.items()]
            for t, a in aligns.items() if a.weak}
    return Evaluation(entities, relations, alignment, weak)


def evaluate_report(gold: Path | str, report: Path | str) -> Evaluation:
    """Run the extraction pipeline on `report` and score it against `gold`."""
    from reportgraph.extract.pipeline import extract_report

    return evaluate(load_gold(gold), extract_report(Path(report)).graph)


# ----------------------------------------------------------------------------- output

def format_table(ev: Evaluation) -> str:
    lines = [f"{'type':<24}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}  target"]

    def row(name: str, sc: Score) -> str:
        t = TARGETS.get(name)
        mark = "" if t is None else f"{t:.2f} {'ok' if sc.f1 >= t else 'MISSED'}"
        return (f"{name:<24}{sc.precision:7.3f}{sc.recall:7.3f}{sc.f1:7.3f}"
                f"{sc.n_pred:7d}{sc.n_gold:7d}  {mark}")

    lines.append("-- entities")
    lines += [row(n, s) for n, s in ev.entities.items()]
    lines.append("-- relations")
    lines += [row(n, s) for n, s in ev.relations.items()]
    lines.append("-- micro averages (precision, recall)")
    for label, names in (("entities", ENTITY_TYPES), ("core relations", CORE_RELATIONS)):
        p, r = ev.micro(names)
        lines.append(f"{label:<24}{p:7.3f}{r:7.3f}")
    return "\n".join(lines)


def format_errors(ev: Evaluation) -> str:
    out = []
    for t, rows in ev.weak.items():
        out.append(f"\n== {t}: aligned by kind and date/place, not by name")
        out += [f"  ~     {r}" for r in rows]
    for name, sc in [*ev.entities.items(), *ev.relations.items()]:
        if not sc.misses and not sc.false_hits:
            continue
        out.append(f"\n== {name}")
        out += [f"  MISS  {m}" for m in sc.misses]
        out += [f"  FALSE {f}" for f in sc.false_hits]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.evaluate", description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("report", type=Path)
    ap.add_argument("--json", action="store_true", help="print the scores and errors as JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = ap.parse_args(argv)
    ev = evaluate_report(args.gold, args.report)
    if args.json:
        print(json.dumps(ev.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(ev))
        print(format_errors(ev))
    return 1 if args.check and ev.failed_targets() else 0


if __name__ == "__main__":
    sys.exit(main())
