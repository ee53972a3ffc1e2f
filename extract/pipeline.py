"""The extraction pipeline: report file -> cleaned text -> analysed sentences -> relations -> RDF."""

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, URIRef

from reportgraph.extract.entities.abbreviations import parse_abbreviations
from reportgraph.extract.entities.counts import find_counts
from reportgraph.extract.entities.dates import find_dates
from reportgraph.extract.entities.division import inferred_year
from reportgraph.extract.entities.fundcues import fund_cues
from reportgraph.extract.entities.gazetteer import Gazetteer, names_a_street
from reportgraph.extract.entities.inflect import inflect
from reportgraph.extract.entities.lexicon import lexicon
from reportgraph.extract.entities.money import find_funding
from reportgraph.extract.entities.orgs import Acronyms
from reportgraph.extract.nlp import NlpConfig, analyse, make_nlp
from reportgraph.extract.rdf.tables import tables_to_rdf
from reportgraph.extract.rdf.to_rdf import RdfWriter, ReportMeta, SentenceRecord
from reportgraph.extract.rdf.triples import Triples
from reportgraph.extract.read.clean import CleanText, clean_report
from reportgraph.extract.read.reader import ReportSource, read_report, stated_year
from reportgraph.extract.relations.aggregates import stated_totals
from reportgraph.extract.relations.clauses import occurrence_dates, outside_names
from reportgraph.extract.relations.collect import Collector, Sentence
from reportgraph.extract.relations.coordination import shared_heads
from reportgraph.extract.relations.resolve import load_aliases, resolve_municipality
from reportgraph.extract.relations.rules import read_relations
from reportgraph.extract.textutil import doc_text
from reportgraph.extract.types import Mention
from reportgraph.ontology.iri import mint, slugify
from reportgraph.ontology.namespaces import DEFAULT_BASE

Progress = Callable[[int, int], None]
DEFAULT_YEAR = 2021  # division used when a report's year cannot be read


@dataclass(frozen=True)
class ExtractedReport:
    report: URIRef
    graph_name: URIRef
    year: int | None
    title: str
    source: Path
    triples: Triples  # the report's graph; `graph` gives it as an rdflib Graph
    sentences: int
    words: int
    entities: int = 0
    findings: tuple = ()  # what a check run on the report found (extract_many's `check`)
    #: the graph serialised where it was extracted (extract_many's `pack`), `triples` then empty
    nquads: bytes | None = None

    @cached_property
    def graph(self) -> Graph:
        """The report's triples as an rdflib Graph (built on first use)."""
        return self.triples.to_graph()


def report_slug(src: ReportSource) -> str:
    return slugify(src.path.stem)


def extract_report(path: Path, *, base: str = DEFAULT_BASE, encoding: str | None = None,
                   progress: Progress | None = None, aliases: str | None = None) -> ExtractedReport:
    """Read, clean, analyse and convert one report file to RDF."""
    return extract_source(read_report(Path(path), encoding), base=base, progress=progress, aliases=aliases)


def _align(raw: str, collapsed: str, offset: int) -> list[int]:
    """Map each char of `collapsed` (a whitespace-collapsed, maybe shortened copy of `raw`) to an
    index into the original file (raw starts at `offset`)."""
    out: list[int] = []
    j = 0
    for ch in collapsed:
        while j < len(raw) and raw[j] != ch and not (ch == " " and raw[j].isspace()):
            j += 1
        out.append(offset + min(j, max(0, len(raw) - 1)))
        if j < len(raw):
            j += 1
        if ch == " ":
            while j < len(raw) and raw[j].isspace():
                j += 1
    return out


def extract_source(src: ReportSource, *, base: str = DEFAULT_BASE, progress: Progress | None = None,
                   aliases: str | None = None) -> ExtractedReport:
    # a text that states no year: the division its own place names or years show (division.py)
    year = src.year or inferred_year(src.text) or DEFAULT_YEAR
    gaz = Gazetteer.for_year(year)
    abbrevs = parse_abbreviations(src.text)
    clean: CleanText = src.clean if src.clean is not None else clean_report(src.text)
    acronyms = Acronyms.build(abbrevs, lexicon().known_acronyms)
    nlp = make_nlp(NlpConfig(year))
    slug = report_slug(src)

    main = analyse(nlp, clean.text, acronyms)
    heading_starts = {a for a, _ in clean.headings}
    records: list[SentenceRecord] = []
    sentences: list[Sentence] = []
    done = 0

    fn_by_number = {f.number: f for f in clean.footnotes}
    cited_once: set[int] = set()

    section = [0]
    para = [0]  # where the last main-text sentence ended
    stated = stated_year(src)
    text_year: list = [None, 0]  # the year the text last wrote, sentences it still holds for

    def add(doc, sent_span, footnote, to_orig, cites) -> None:
        idx = len(records)
        a, b = sent_span
        full = doc_text(doc)
        text = " ".join(full[a:b].split())
        oa, ob = to_orig(a, b)
        heading = a in heading_starts and footnote is None
        if heading:
            section[0] += 1
        records.append(SentenceRecord(idx, text, oa, ob, footnote, tuple(cites), section[0],
                                      src.page_of(oa)))
        # a date without a year takes the year the text wrote in the last sentences, else the
        # report's year, else stays unread: never the default division year
        sent = _analysed(doc, full, a, b, idx, footnote, cites, heading, gaz, year, slug,
                         text_year[0] or stated, stated)
        if footnote is None:  # a line break before it: the sentence opens a paragraph
            sent.paragraph_start = "\n" in full[para[0]:a] or para[0] == 0
            para[0] = a + len(full[a:b].rstrip())
        sentences.append(sent)
        if footnote is None:  # a year carries over to the next three sentences, no further
            written = _last_year(outside_names(sent.dates, sent.mentions))
            text_year[:] = [written, 3] if written else [text_year[0] if text_year[1] > 1 and written is None
                                                         else None, text_year[1] - 1]

    def add_footnote(n: int) -> None:
        """The sentences of footnote n, with offsets mapped back into the original file."""
        fn = fn_by_number[n]
        fdoc = analyse(nlp, fn.text, acronyms)
        mapping = _align(src.text[fn.start:fn.end], fn.text, fn.start)

        def to_orig(a: int, b: int) -> tuple[int, int]:
            if not mapping:
                return fn.start, fn.end
            last = len(mapping) - 1
            return mapping[min(a, last)], mapping[min(max(b - 1, 0), last)] + 1

        for fs in fdoc.sents:
            add(fdoc, (fs.start_char, fs.end_char), n, to_orig, [])

    # a footnote cited but whose body was not found is dropped with a warning, never an invalid
    # report (a pdftotext dump may lose the body of a footnote on a page with a running header)
    missing = sorted({n for _, n in clean.refs if n not in fn_by_number})
    if missing:
        import warnings
        warnings.warn(f"{src.path.name}: footnote(s) {', '.join(map(str, missing))} cited but "
                      "their text was not found; the citation is dropped", stacklevel=2)
    refs = sorted((pos, n) for pos, n in clean.refs if n in fn_by_number)
    sent_list = [(s.start_char, s.end_char) for s in main.sents]
    total = len(sent_list) + len(clean.footnotes)
    for k, sent in enumerate(sent_list):
        nxt = sent_list[k + 1][0] if k + 1 < len(sent_list) else len(clean.text) + 1
        cites = [n for pos, n in refs if sent[0] <= pos < nxt]
        add(main, sent, None, clean.to_original, cites)
        done += 1
        # a footnote is read right after the sentence that first cites it
        for n in cites:
            if n not in cited_once and n in fn_by_number:
                cited_once.add(n)
                add_footnote(n)
                done += 1
        if progress and k % 50 == 0:
            progress(done, total)
    # footnotes never cited from the main text still belong to the report
    for n in fn_by_number:
        if n not in cited_once:
            add_footnote(n)
    if progress:
        progress(total, total)

    merges, forbidden = load_aliases(aliases)
    collector = read_relations(sentences, Collector(merges, forbidden))

    meta = ReportMeta(slug, src.title, src.year, src.path.name, src.sha256,
                      tuple((f.number, f.text, f.start, f.end) for f in clean.footnotes),
                      src.media_type, src.date)
    writer = RdfWriter(base, meta, gaz)
    writer.write_report()
    for ent in collector.entities.values():
        writer.write_entity(ent)
    writer.write_facts(collector.facts, collector.entities)
    writer.write_shortcuts()
    # every sentence goes in: facts point at them, and checks read statements no rule has taken yet
    writer.write_sentences(records)
    writer.g += tables_to_rdf(clean.tables, writer.report, base, src.year)
    # stated totals read the facts and sentences already in the graph
    writer.g += stated_totals(writer.g, writer.report)
    words = len(re.findall(r"\w+", clean.text))
    return ExtractedReport(
        report=writer.report,
        graph_name=mint(base, "graph", slug),
        year=src.year,
        title=src.title,
        source=src.path,
        triples=writer.g,
        sentences=len(records),
        words=words,
        entities=len(collector.entities),
    )


def _analysed(doc, full: str, a: int, b: int, idx: int, footnote: int | None, cites: list[int],
              heading: bool, gaz: Gazetteer, year: int, slug: str,
              date_year: int | None = None, now_year: int | None = None) -> Sentence:
    text = full[a:b]
    # not a street ("Rīgas ielā"), nor a place's name in quotes ("viesu namā „Bērzkalni”", SIA „Kurzeme”)
    places = [(s - a, e - a, [key]) for s, e, key in _between(doc, "place_spans", a, b)
              if not names_a_street(full, e) and not (s and full[s - 1] in _OPENING_QUOTES
                                                      and full[e:e + 1] in _CLOSING_QUOTES)]
    # merge candidates of the same span
    merged: dict[tuple[int, int], list[str]] = {}
    for s, e, keys in places:
        merged.setdefault((s, e), []).extend(keys)
    all_places = shared_heads(text, [(s, e, _order(keys, gaz)) for (s, e), keys in sorted(merged.items())], gaz)
    place_list = [p for p in all_places if not _country_genitive(text[p[0]:p[1]], p[2][0], gaz)]
    dates = find_dates(text, default_year=date_year, now=now_year)
    mentions = []
    for m in _between(doc, "mentions", a, b):
        m = _shifted(m, a)
        if m.kind == "org" and m.subtype == "Municipality":
            inside = [k for s, e, k in place_list if m.start <= s < m.end]
            m = resolve_municipality(m, [k[0] for k in inside], gaz)
            if m is None:
                continue  # "Latvijas pašvaldības": municipalities in general, not an actor
        if m.kind == "event":
            when = sorted(occurrence_dates(text, dates, (-1, -1)), key=lambda d: abs(d.start - m.start))
            # a named event is one per name and year (its date is a fact about it); an
            # unnamed one ("seminārs") is told apart by its date, else by where it is written
            suffix = ((when[0].begin or "")[:4] if when else str(year)) if not m.attr("unnamed") else (
                when[0].begin if when else f"{slug}-{idx}")
            kind = "" if m.attr("unnamed") else f"{slugify(m.subtype)}-"  # the label says it
            m = replace(m, key=f"{kind}{m.key}-{slugify(suffix)}")
        mentions.append(m)
    return Sentence(
        index=idx,
        text=text,
        footnote=footnote,
        mentions=mentions,
        places=[p for p in place_list if not _inside_name(p, mentions, gaz)],
        mentioned_places=all_places,
        funding=find_funding(text),
        dates=dates,
        counts=find_counts(text),
        fund_cues=fund_cues(text),
        cites=list(cites),
        heading=heading,
    )


_OPENING_QUOTES = frozenset("„“\"«")
_CLOSING_QUOTES = frozenset("”“\"»")


def _last_year(dates) -> int | None:
    """The year of the last date of a sentence (what a later date without a year belongs to);
    0 when it is a period over several years ("no 2004. gada 1. maija līdz 2009. gada 30. aprīlim"),
    which leaves the year of a later date unknown."""
    for d in reversed(dates):
        value = d.finish or d.begin
        if d.kind == "range" and d.begin and d.finish and d.begin[:4] != d.finish[:4]:
            return 0
        if d.kind != "access_date" and value and value[:4].isdigit():
            return int(value[:4])
    return None


def _inside_name(place: tuple[int, int, list[str]], mentions, gaz: Gazetteer) -> bool:
    """A place written inside an event's name or a quoted organisation name is not where things
    happen; inside a project name only a Latvian place counts ("Daugavpils romi …", not "Ame Roma")."""
    s, e, keys = place
    for m in mentions:
        if not (m.start <= s and e <= m.end):
            continue
        quoted = any(q in m.surface for q in "„“”\"«»")
        if m.kind == "event" and not m.attr("series") or (m.kind == "org" and quoted):
            return True  # (one of a series is written with its own date and place: "Koknesē, (30.10.)")
        if m.kind == "project" and gaz.get(keys[0]).country != "LV":
            return True
    return False


def _between(doc, what: str, a: int, b: int) -> list:
    """The gazetteer matches ("place_spans": (start, end, place key)) or the mentions
    ("mentions") of a doc that lie within characters a..b, in order of their start. Each list is
    sorted once per doc and cut by bisection, so a long doc costs no sentences x items scan."""
    cached = doc.user_data.get(what)
    if cached is None:
        if what == "place_spans":
            items = [(sp.start_char, sp.end_char, sp.kb_id_) for sp in doc.spans.get("places", [])]
        else:
            items = list(doc._.mentions or [])
        items.sort(key=_start_of)
        cached = doc.user_data[what] = (items, [_start_of(x) for x in items], [_end_of(x) for x in items])
    items, starts, ends = cached
    lo, hi = bisect_left(starts, a), bisect_left(starts, b)
    return [x for x, end in zip(items[lo:hi], ends[lo:hi]) if end <= b]


def _shifted(m: Mention, a: int) -> Mention:
    """The mention with offsets relative to a sentence starting at a (dataclasses.replace, which
    checks every field by name, costs twice as much)."""
    return Mention(m.kind, m.start - a, m.end - a, m.surface, m.label, m.key, m.subtype, m.attrs)


def _start_of(item) -> int:
    return item[0] if isinstance(item, tuple) else item.start


def _end_of(item) -> int:
    return item[1] if isinstance(item, tuple) else item.end


def _country_genitive(surface: str, key: str, gaz: Gazetteer) -> bool:
    """'Latvijas romu platforma', 'Gruzijas eksperti': a country in the genitive qualifies a noun;
    it says where something is only in the locative ('Latvijā') or in a fuller place name."""
    place = gaz.get(key)
    return place.kind == "country" and surface == _genitive(place.name)


@lru_cache(maxsize=512)
def _genitive(name: str) -> str:
    try:
        return inflect(name).get("gen", "")
    except ValueError:
        return ""


def _order(keys: list[str], gaz: Gazetteer) -> list[str]:
    """Latvian places first, unambiguous first."""
    return list(_ordered(tuple(keys), gaz))


@lru_cache(maxsize=4096)  # gazetteers live as long as the process; a report names few places
def _ordered(keys: tuple[str, ...], gaz: Gazetteer) -> tuple[str, ...]:
    """_order of a tuple of keys, worked out once per distinct tuple."""
    def rank(k: str) -> tuple[int, int]:
        try:
            p = gaz.get(k)
        except KeyError:
            return (9, 9)
        return (0 if p.country == "LV" else 1, 1 if p.ambiguous else 0)

    return tuple(sorted(dict.fromkeys(keys), key=rank))
