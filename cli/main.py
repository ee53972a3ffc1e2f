"""The `reportgraph` command line: build, validate, query, sparql, export, why."""

import sys
from pathlib import Path

import click

from reportgraph import __version__
from reportgraph.cli.check import check
from reportgraph.cli.common import EPILOG, Settings, open_for, reading, settings, store_option
from reportgraph.cli.common import prefixes_for as _prefixes
from reportgraph.cli.extract_load import extract, load
from reportgraph.cli.publish import publish
from reportgraph.cli.serve import serve
from reportgraph.cli.why import why
from reportgraph.errors import (
    ExportError,
    InputError,
    ParameterError,
    QueryError,
    ReportgraphError,
)
from reportgraph.graph.export import EXPORT_FORMATS, serialize_store, write_new_file
from reportgraph.graph.sparql import update_refusal
from reportgraph.graph.store import one_line
from reportgraph.ontology.namespaces import DEFAULT_BASE, PREFIXES
from reportgraph.queries import bind_params, list_queries, load_query
from reportgraph.queries.format import FORMATS, format_result

BUILD_EPILOG = """\n\b\nbuild exits 0 when every report was built, 1 when some failed (each named on\nstderr; a report whose graph violates the SHACL shapes is not stored unless\n--no-validate), 2 when nothing was built.\n"""


class ReportgraphGroup(click.Group):
    """Turns every error into `Error: <one line>` on stderr and its exit code; no tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except ReportgraphError as exc:
            _fail(ctx, one_line(str(exc)), exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # a closed pipe (| head) is not an error
            ctx.exit(0)
        except Exception as exc:  # noqa: BLE001 - an unexpected error is still one line, exit 2
            _fail(ctx, f"internal error: {type(exc).__name__}: {one_line(str(exc))}", 2)
        return None


def _fail(ctx: click.Context, message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    ctx.exit(code)


format_option = click.option(
    "--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table (aligned text), csv (SPARQL 1.1 CSV) or json (SPARQL 1.1 Results JSON).")
timeout_option = click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
    help="Give up a query after this many seconds.")


@click.group(name="reportgraph", cls=ReportgraphGroup, epilog=EPILOG,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", type=click.Path(path_type=Path), envvar="REPORTGRAPH_STORE",
              show_envvar=True, default=None, metavar="PATH", help="Store directory.")
@click.option("--base", envvar="REPORTGRAPH_BASE", show_envvar=True, default=DEFAULT_BASE,
              show_default=True, metavar="IRI", help="Base of the data IRIs.")
@click.option("--endpoint", envvar="REPORTGRAPH_ENDPOINT", show_envvar=True, default=None,
              metavar="URL", help="Work on a SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, "
              "Virtuoso) instead of the embedded store.")
@click.option("--endpoint-timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, metavar="SECONDS", help="Timeout of each request to the endpoint.")
@click.version_option(__version__, prog_name="reportgraph")
@click.pass_context
def cli(ctx: click.Context, store: Path | None, base: str, endpoint: str | None,
        endpoint_timeout: float) -> None:
    """Knowledge graphs from Latvian public-sector reports: build a store from report files,
    validate it, query it with named or ad hoc SPARQL, export it, and trace facts to sentences."""
    ctx.obj = Settings(store, base, endpoint, endpoint_timeout)


# ---------------------------------------------------------------------------- build

def check_report_file(path: Path) -> None:
    """InputError (naming the file) when `path` is missing, not a file, or empty."""
    if not path.exists():
        raise InputError(f"report file not found: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    if path.stat().st_size == 0:
        raise InputError(f"report file is empty: {path}")


class _Progress:
    """A click progress bar on stderr, created on the first report of progress."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label=self.label,
                                         file=sys.stderr)
            self.bar.__enter__()
        self.bar.length = max(total, 1)
        self.bar.update(max(0, min(done, total) - self.bar.pos))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command(epilog=EPILOG + BUILD_EPILOG)
@click.argument("reports", nargs=-1, required=True, metavar="REPORT...")
@store_option
@click.option("--base", default=None, metavar="IRI",
              help="Base of the data IRIs (overrides the global --base).")
@click.option("--encoding", default=None, metavar="ENC",
              help="Encoding of the report files (default UTF-8; e.g. cp1257 for Windows-1257).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for several reports (default: one per CPU core).")
@click.option("--no-validate", is_flag=True,
              help="Store report graphs without checking them against the SHACL shapes first.")
@click.pass_context
def build(ctx: click.Context, reports: tuple[str, ...], store: Path | None, base: str | None,
          encoding: str | None, jobs: int | None, no_validate: bool) -> None:
    """Extract each REPORT (a text file, a folder of .txt files, or a glob) into its own named
    graph, check it against the SHACL shapes, and store it; rebuilding a report replaces its
    graph. A bad file, or a graph with violations, is reported and the others built."""
    from reportgraph.extract.batch import Extraction, default_jobs, expand_inputs
    from reportgraph.graph.batchwrite import BatchWriter
    from reportgraph.graph.nquads import pack_extracted
    from reportgraph.graph.summary import count_entities
    from reportgraph.graph.validate import validate_extracted
    from reportgraph.queries.listing import refresh_listings
    from reportgraph.serve.hub_build import refresh_hubs

    paths, problems = expand_inputs(list(reports))
    good: list[Path] = []
    for path in paths:
        try:
            check_report_file(path)
            good.append(path)
        except ReportgraphError as exc:
            problems.append(exc)
    if not good and len(problems) == 1:
        raise problems[0]
    for exc in problems:
        click.echo(f"Error: {one_line(str(exc))}", err=True)
    if not good:
        raise ReportgraphError(f"nothing was built ({len(problems)} inputs failed)")
    base = base or settings(ctx).base
    failed = len(problems)
    built = 0
    progress = _Progress(good[0].name if len(good) == 1 else f"{len(good)} reports")
    # the workers are forked before the store is opened: they never hold its lock or files
    with Extraction(good, base=base, encoding=encoding, jobs=jobs or default_jobs(len(good)),
                    progress=progress, check=None if no_validate else validate_extracted,
                    pack=pack_extracted) as extraction, open_for(ctx, store, write=True) as st:
        batch = BatchWriter(st, checked=True, distinct=True)  # serialised by graph/nquads.py
        try:
            for path, result in extraction:
                if len(good) == 1:
                    progress.close()  # the per-sentence bar of a single report ends here
                if isinstance(result, ReportgraphError):
                    failed += 1
                    if len(good) == 1 and not problems:
                        raise result  # the only report: its own error is the one line
                    click.echo(f"Error: {one_line(str(result))}", err=True)
                    continue
                violations = [v for v in result.findings if v.is_violation]
                if violations:
                    failed += 1
                    first = violations[0]
                    click.echo(f"Error: {path.name}: {len(violations)} SHACL violation(s), not stored "
                               f"(first: {first.label or first.focus}: {one_line(first.message, 200)}); "
                               "--no-validate stores it anyway", err=True)
                    if len(good) == 1 and not problems:
                        ctx.exit(1)
                    continue
                checked = "" if no_validate else _validity(result.findings)

                def stored(triples: int, path: Path = path, result=result, checked=checked) -> None:
                    nonlocal built
                    built += 1
                    entities = (result.entities if result.nquads is not None
                                else count_entities(result.triples))
                    click.echo(f"{path.name}: {triples} triples, {entities} entities, "
                               f"{result.sentences} sentences{checked} -> <{result.graph_name}>")

                if result.nquads is not None:  # serialised by a worker: loaded in batches
                    batch.add(result.graph_name, result.nquads, stored)
                else:
                    stored(st.replace_graph(result.graph_name, result.triples))
            batch.flush()
        finally:
            progress.close()
        if built:  # the long listings (queries/listing.py), two of three in the idle workers
            refresh_listings(st, helpers=extraction.pool)
            refresh_hubs(st)  # the most linked entities' first views (serve/hub_build.py)
    if not built:
        raise ReportgraphError(f"nothing was built ({failed} inputs failed)")
    if failed:
        click.echo(f"built {built} report(s); {failed} failed", err=True)
        ctx.exit(1)


def _validity(findings: tuple) -> str:
    """', valid' or ', valid (3 warnings, 1 info)' for a report that passed the shapes."""
    from rdflib.namespace import SH

    warnings = sum(1 for v in findings if v.severity == SH.Warning)
    infos = len(findings) - warnings
    notes = [f"{n} {word}{'s' if n > 1 else ''}" for n, word in ((warnings, "warning"), (infos, "info"))
             if n]
    return ", valid" + (f" ({', '.join(notes)})" if notes else "")


# ---------------------------------------------------------------------------- validate

@cli.command(epilog=EPILOG)
@store_option
@click.option("--shapes", "extra_shapes", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="Further SHACL shapes (Turtle) to check besides the shipped ones.")
@click.pass_context
def validate(ctx: click.Context, store: Path | None, extra_shapes: tuple[Path, ...]) -> None:
    """Check every report graph against the SHACL shapes; exit 1 on violations."""
    from reportgraph.cli.render import render_validation
    from reportgraph.graph.validate import validate_store

    with open_for(ctx, store) as st:
        report = validate_store(st, list(extra_shapes))
    click.echo(render_validation(report, _prefixes(settings(ctx).base)), nl=False)
    ctx.exit(report.exit_code)


@cli.command(epilog=EPILOG)
@store_option
@click.pass_context
def reindex(ctx: click.Context, store: Path | None) -> None:
    """Recompute the long listings (actors, events, projects: their order and rows) and the
    stored first views of the most linked entities (the web app's hub pages) from the report
    graphs, from scratch. `build` brings them up to date itself; `query` too when it finds the
    listings out of date."""
    from reportgraph.queries.listing import refresh_listings
    from reportgraph.serve.hub_build import refresh_hubs

    with open_for(ctx, store, write=True) as st:
        sizes = refresh_listings(st, full=True)
        hubs = refresh_hubs(st, full=True)
    click.echo(", ".join([f"{name}: {n} rows" for name, n in sizes.items()]
                         + ([f"hub pages: {hubs}"] if hubs is not None else [])))


# ---------------------------------------------------------------------------- query

def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """`("fund=ESF", "region=Kurzeme")` -> dict; ParameterError for a malformed or repeated one."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"--param expects KEY=VALUE, got {pair!r}")
        if key in out:
            raise ParameterError(f"parameter {key!r} given twice")
        out[key] = value
    return out


def _list_text() -> str:
    queries = list_queries()
    width = max(len(q.name) for q in queries)
    lines = []
    for q in queries:
        lines.append(f"{q.name.ljust(width)}  {q.summary}")
        if q.field_value("listing"):
            lines.append(f"{'':{width}}    a page at a time: --limit N --offset N, or --all")
        for p in q.params:
            doc = q.doc(p)
            lines.append(f"{'':{width}}    --param {p}=…" + (f"  {doc}" if doc else ""))
    return "\n".join(lines) + "\n"


#: rows a table shows unless --limit or --all says otherwise (csv and json give every row)
TABLE_ROWS = 100


@cli.command(epilog=EPILOG)
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
@format_option
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help=f"Rows to show (default: {TABLE_ROWS} in a table, every row in csv and json).")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N",
              help="Rows to skip first (the next page: --offset plus the rows shown).")
@click.option("--all", "all_rows", is_flag=True, help="Every row, also in a table.")
@timeout_option
@store_option
@click.pass_context
def query(ctx: click.Context, name: str | None, params: tuple[str, ...], list_only: bool, fmt: str,
          limit: int | None, offset: int, all_rows: bool, timeout: float | None,
          store: Path | None) -> None:
    """Run the named query NAME (see --list) over all report graphs.

    Long listings (actors, events, projects) are read a page at a time: --limit and --offset
    choose the page, and only its rows are read from the store."""
    from reportgraph.queries.listing import Page, run_page

    if list_only:
        click.echo(_list_text(), nl=False)
        return
    if not name:
        raise click.UsageError("missing query NAME (or --list to see them)")
    if all_rows and limit is not None:
        raise click.UsageError("--all and --limit exclude each other")
    named = load_query(name)
    values = parse_params(params)
    bind_params(named, values)  # a wrong parameter is reported before the store is opened
    if limit is None and not all_rows and fmt == "table":
        limit = TABLE_ROWS
    page = Page(offset, limit)
    answer = reading(ctx, store, lambda st: run_page(st, name, values, page, timeout=timeout))
    click.echo(format_result(answer.result, fmt, _prefixes(settings(ctx).base)), nl=False)
    shown = len(getattr(answer.result, "rows", ()))
    if shown < answer.total - offset or offset:
        more = (f"; --offset {offset + shown} for the next page, --all for every row"
                if offset + shown < answer.total else "")
        if shown:
            click.echo(f"rows {offset + 1}-{offset + shown} of {answer.total}{more}", err=True)
        else:
            click.echo(f"no rows after row {offset} ({answer.total} in all)", err=True)


# ---------------------------------------------------------------------------- sparql

def read_query_arg(arg: str) -> str:
    """The query text: `-` reads stdin, an existing file is read, anything else is the query."""
    if arg == "-":
        return click.get_text_stream("stdin").read()
    path = Path(arg)
    looks_like_file = "\n" not in arg and len(arg) < 4096 and not any(c in arg for c in "{}")
    if looks_like_file and path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read query file {path}: {exc}") from None
    if looks_like_file and path.suffix in (".rq", ".sparql"):
        raise InputError(f"query file not found: {path}")
    return arg


@cli.command(epilog=EPILOG)
@click.argument("query_or_file", metavar="QUERY_OR_FILE")
@format_option
@timeout_option
@store_option
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE clauses (they fetch data from other servers; refused by default).")
@click.pass_context
def sparql(ctx: click.Context, query_or_file: str, fmt: str, timeout: float | None,
           store: Path | None, allow_service: bool) -> None:
    """Run an ad hoc SPARQL query (text, a file, or - for stdin) over all report graphs.

    The standard prefixes (rg, fund, schema, org, oa, prov, skos, dct, rdf, rdfs, xsd, ...)
    are predeclared; a PREFIX in the query wins."""
    text = read_query_arg(query_or_file)
    if not text.strip():
        raise QueryError("empty query")
    if update_refusal(text):  # before the store is opened
        raise QueryError(update_refusal(text))
    with open_for(ctx, store) as st:
        standard = {p: str(ns) for p, ns in PREFIXES.items()}
        result = st.query(text, timeout=timeout, prefixes=standard, allow_service=allow_service)
    click.echo(format_result(result, fmt, _prefixes(settings(ctx).base)), nl=False)


# ---------------------------------------------------------------------------- export

@cli.command(epilog=EPILOG)
@click.option("--format", "-f", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="trig",
              show_default=True,
              help="turtle or nt: the union of all graphs; trig or jsonld: one graph per report.")
@click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), default=None,
              metavar="FILE", help="Write to FILE instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite an existing FILE.")
@store_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, force: bool,
           store: Path | None) -> None:
    """Write the whole store as RDF."""
    to_file = output is not None and str(output) != "-"
    if to_file and output.exists() and not force:
        raise ExportError(f"{output} exists (use --force to overwrite it)")
    with open_for(ctx, store) as st:
        data = serialize_store(st, fmt, base=settings(ctx).base)
    if to_file:
        write_new_file(data, output, force=force)
    else:
        click.get_binary_stream("stdout").write(data)


cli.add_command(check)
cli.add_command(extract)
cli.add_command(load)
cli.add_command(publish)
cli.add_command(why)
cli.add_command(serve)


def main() -> None:
    """Console entry point (`reportgraph`, `python -m reportgraph`)."""
    import warnings
    warnings.formatwarning = lambda message, *_args, **_kw: f"Warning: {message}\n"
    cli(prog_name="reportgraph")
