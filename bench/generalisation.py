"""Generalisation table (issue 14): every fact type scored on the sample, the corpus dev part and
the corpus held-out part, with the extraction speed.

Usage (from the repository root):
    python bench/generalisation.py [--corpus tests/corpus] [--parts sample,dev,heldout] [--errors]

For each part every text is extracted with `extract.pipeline.extract_report` and scored with
`bench.evaluate.evaluate` against its gold file (tests/corpus/gold/PART/NAME.json for the text
tests/corpus/texts/NAME.txt listed in PART.txt; only texts that have a gold file are scored). The
counts of all texts of a part are summed (micro average) before precision, recall and F1.
Speed = words of the texts / CPU seconds of extraction (time.process_time, this process), after
one warm-up extraction that loads the tokenizer, the gazetteer and the rules (timed and printed
apart: a process pays it once, whatever it extracts).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    from reportgraph.bench.evaluate import evaluate, load_gold
except ImportError:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT / "bench"))
    from evaluate import evaluate, load_gold  # type: ignore[no-redef]

SAMPLE = (ROOT / "tests" / "gold" / "romu-2018.json", ROOT / "tests" / "fixtures" / "romu-integracija-2018.txt")
#: table row -> score name in bench.evaluate.Evaluation
FACTS = {
    "projects": "projects", "funds": "project–fund", "amount": "project–amount",
    "period": "project–start/end", "project places": "project–place", "places (all)": "places",
    "implementers": "project–implementer", "events": "events", "event dates": "event–date",
    "event places": "event–place",
}


@dataclass
class Part:
    name: str
    texts: int = 0
    words: int = 0
    cpu: float = 0.0
    counts: dict = field(default_factory=dict)  # fact -> [tp_pred, n_pred, tp_gold, n_gold]
    errors: list = field(default_factory=list)

    def add(self, fact: str, sc) -> None:
        c = self.counts.setdefault(fact, [0, 0, 0, 0])
        for i, v in enumerate((sc.tp_pred, sc.n_pred, sc.tp_gold, sc.n_gold)):
            c[i] += v

    def prf(self, fact: str) -> tuple[float, float, float, int, int]:
        tp_p, n_p, tp_g, n_g = self.counts.get(fact, [0, 0, 0, 0])
        p = tp_p / n_p if n_p else (1.0 if not n_g else 0.0)
        r = tp_g / n_g if n_g else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, n_p, n_g


def pairs(corpus: Path, part: str) -> list[tuple[Path, Path]]:
    """(gold, text) pairs of a part; 'sample' is the 2018 report."""
    if part == "sample":
        return [SAMPLE]
    names = [n.strip() for n in (corpus / f"{part}.txt").read_text(encoding="utf-8").splitlines() if n.strip()]
    out = []
    for n in names:
        gold = corpus / "gold" / part / (Path(n).stem + ".json")
        if gold.exists():
            out.append((gold, corpus / "texts" / n))
    return out


def score_part(corpus: Path, part: str, keep_errors: bool = False) -> Part:
    from reportgraph.extract.pipeline import extract_report

    res = Part(part)
    for gold_path, text in pairs(corpus, part):
        gold = load_gold(gold_path)
        t0 = time.process_time()
        graph = extract_report(text).graph
        res.cpu += time.process_time() - t0
        res.words += len(text.read_text(encoding="utf-8").split())
        res.texts += 1
        ev = evaluate(gold, graph)
        for fact, name in FACTS.items():
            sc = ev.score(name)
            res.add(fact, sc)
            if keep_errors:
                res.errors += [f"{text.name}  {fact}  MISS  {m}" for m in sc.misses]
                res.errors += [f"{text.name}  {fact}  FALSE {x}" for x in sc.false_hits]
    return res


def format_table(parts: list[Part]) -> str:
    head = "| fact | " + " | ".join(f"{p.name} P / R / F1 (pred, gold)" for p in parts) + " |"
    lines = [head, "|---" * (len(parts) + 1) + "|"]
    for fact in FACTS:
        cells = []
        for p in parts:
            pr, r, f, n_p, n_g = p.prf(fact)
            cells.append(f"{pr:.2f} / {r:.2f} / **{f:.2f}** ({n_p}, {n_g})")
        lines.append(f"| {fact} | " + " | ".join(cells) + " |")
    lines.append("| texts, words | " + " | ".join(f"{p.texts}, {p.words}" for p in parts) + " |")
    lines.append("| words / CPU s | " + " | ".join(f"{p.words / p.cpu:,.0f}" if p.cpu else "-" for p in parts) + " |")
    return "\n".join(lines)


def warm_up() -> None:
    """Build the pipeline of every administrative division and extract two short texts, so that
    what a process loads once (the tokenizer, the lexicon, a pipeline per division) is not
    counted per text."""
    import tempfile

    from reportgraph.extract.nlp import NlpConfig, make_nlp
    from reportgraph.extract.pipeline import extract_report
    for year in range(1995, 2031):  # a pipeline per administrative division the years have
        make_nlp(NlpConfig(year))
    with tempfile.TemporaryDirectory() as tmp:
        for year in (2019, 2023):
            path = Path(tmp) / f"warm-up-{year}.txt"
            path.write_text(f"Biedrība „Baltais zirgs” {year}. gadā Rēzeknē īstenoja projektu „Mūsu "
                            "saknes” (ESF, 1200 eiro).\n", encoding="utf-8")
            extract_report(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.generalisation", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    ap.add_argument("--parts", default="sample,dev,heldout")
    ap.add_argument("--errors", action="store_true", help="list misses and false hits (not for heldout)")
    ap.add_argument("--again", action="store_true", help="also time a second pass over the same texts")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    warm_up()
    load = time.process_time() - t0
    parts = []
    for name in args.parts.split(","):
        parts.append(score_part(args.corpus, name, keep_errors=args.errors and name != "heldout"))
    print(format_table(parts))
    total_w, total_c = sum(p.words for p in parts), sum(p.cpu for p in parts)
    if total_c:
        print(f"\nextraction speed over all parts: {total_w} words / {total_c:.2f} CPU s = {total_w / total_c:,.0f} words per CPU second")
    print(f"loading (once per process, not counted above): {load:.2f} CPU s")
    if args.again and total_c:
        # the same texts once more: what extraction costs in a process that has read reports before
        # (spaCy's tokenizer caches the words it has seen; the first pass pays for every new word)
        from reportgraph.extract.pipeline import extract_report
        texts = [t for name in args.parts.split(",") for _, t in pairs(args.corpus, name)]
        t1 = time.process_time()
        for text in texts:
            _ = extract_report(text).graph  # the graph is what the first pass timed too
        again = time.process_time() - t1
        print(f"the same texts again (words seen before): {total_w} words / {again:.2f} CPU s = "
              f"{total_w / again:,.0f} words per CPU second")
    for p in parts:
        for e in p.errors:
            print(e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
