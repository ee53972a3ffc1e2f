"""`reportgraph extract REPORT... -o DIR` and `reportgraph load DIR`: a build in two steps.

`extract` needs no store: it writes each report's graph (one named graph, with its provenance)
as `DIR/NAME.nq`, so any batch engine (GNU parallel, xargs -P, SLURM, Spark, Dask, Ray) can run
it on many machines over parts of a corpus. `load` brings the files into the store (embedded or
`--endpoint`), one report graph at a time, each replaced atomically as `build` does it, then
recomputes the listing positions. Graphs new to an embedded store are bulk-loaded in batches
(graph/bulkload.py: a journal makes each batch atomic).
"""

from pathlib import Path

import click

from reportgraph.cli.common import open_for, settings, store_option
from reportgraph.errors import ReportgraphError
from reportgraph.graph.base import one_line


@click.command("extract")
@click.argument("reports", nargs=-1, required=True, metavar="REPORT...")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path),
              required=True, metavar="DIR", help="Folder for the report graphs (NAME.nq).")
@click.option("--base", default=None, metavar="IRI",
              help="Base of the data IRIs (overrides the global --base).")
@click.option("--encoding", default=None, metavar="ENC",
              help="Encoding of the report files (default UTF-8).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: one per CPU core).")
@click.option("--no-validate", is_flag=True,
              help="Write report graphs without checking them against the SHACL shapes.")
@click.pass_context
def extract(ctx: click.Context, reports: tuple[str, ...], output: Path, base: str | None,
            encoding: str | None, jobs: int | None, no_validate: bool) -> None:
    """Extract each REPORT into DIR/NAME.nq (N-Quads: the report's named graph with its
    provenance), without a store; `reportgraph load DIR` stores them. Exit 1 when some report
    failed (or violates the shapes: not written unless --no-validate), 2 when none was written."""
    from reportgraph.cli.main import check_report_file
    from reportgraph.extract.batch import Extraction, default_jobs, expand_inputs
    from reportgraph.graph.nquads import write_report_file
    from reportgraph.graph.validate import validate_extracted

    paths, problems = expand_inputs(list(reports))
    good: list[Path] = []
    for path in paths:
        try:
            check_report_file(path)
            good.append(path)
        except ReportgraphError as exc:
            problems.append(exc)
    for exc in problems:
        click.echo(f"Error: {one_line(str(exc))}", err=True)
    failed, written = len(problems), 0
    if good:
        with Extraction(good, base=base or settings(ctx).base, encoding=encoding,
                        jobs=jobs or default_jobs(len(good)),
                        check=None if no_validate else validate_extracted) as extraction:
            for path, result in extraction:
                if isinstance(result, ReportgraphError):
                    failed += 1
                    click.echo(f"Error: {one_line(str(result))}", err=True)
                    continue
                violations = [v for v in result.findings if v.is_violation]
                if violations:
                    failed += 1
                    click.echo(f"Error: {path.name}: {len(violations)} SHACL violation(s), not "
                               "written; --no-validate writes it anyway", err=True)
                    continue
                out, n = write_report_file(output, result.graph_name, result.triples)
                written += 1
                click.echo(f"{path.name}: {n} triples -> {out}")
    if not written:
        raise ReportgraphError(f"nothing was written ({failed} inputs failed)")
    if failed:
        click.echo(f"wrote {written} report graph(s); {failed} failed", err=True)
        ctx.exit(1)


@click.command("load")
@click.argument("folder", type=click.Path(path_type=Path), metavar="DIR")
@store_option
@click.pass_context
def load(ctx: click.Context, folder: Path, store: Path | None) -> None:
    """Store every DIR/*.nq report graph (written by `reportgraph extract`), each replacing the
    graph of that name atomically, then recompute the listing positions. A bad file is reported
    and the others loaded (exit 1; 2 when nothing was loaded)."""
    from reportgraph.graph.batchwrite import BatchWriter
    from reportgraph.graph.nquads import check_nquads, report_files
    from reportgraph.queries.listing import refresh_listings
    from reportgraph.serve.hub_build import refresh_hubs

    files = report_files(folder)
    failed = loaded = 0
    with open_for(ctx, store, write=True) as st:
        # new graphs bulk-loaded together, each batch atomic; check_nquads parsed each strictly
        batch = BatchWriter(st, checked=True)
        for path in files:
            try:
                data = path.read_bytes()
                name = check_nquads(path, data)
            except OSError as exc:
                failed += 1
                click.echo(f"Error: {path}: cannot be read ({exc.strerror or exc})", err=True)
                continue
            except ReportgraphError as exc:
                failed += 1
                click.echo(f"Error: {one_line(str(exc))}", err=True)
                continue

            def stored(n: int, path: Path = path, name: str = name) -> None:
                nonlocal loaded
                loaded += 1
                click.echo(f"{path.name}: {n} triples -> <{name}>")

            batch.add(name, data, stored)
        batch.flush()
        if loaded:
            refresh_listings(st)
            refresh_hubs(st)  # the most linked entities' first views (serve/hub_build.py)
    if not loaded:
        raise ReportgraphError(f"nothing was loaded ({failed} files failed)")
    if failed:
        click.echo(f"loaded {loaded} report graph(s); {failed} failed", err=True)
        ctx.exit(1)


__all__ = ["extract", "load"]
