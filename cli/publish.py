"""`reportgraph publish DIR`: everything an open data portal (CKAN, DCAT-AP) needs, in one folder."""

from pathlib import Path

import click

from reportgraph.cli.common import reading, settings, store_option
from reportgraph.graph.store import Store
from reportgraph.queries import run_query

# CSV view name -> named query that computes it
CSV_VIEWS = {"projects": "projects", "funding": "funding-by-region", "actors": "actors",
             "events": "events"}


def csv_views(store: Store) -> dict[str, list[dict[str, str]]]:
    """The named queries behind the CSV views, run on the store; cells as plain strings."""
    views: dict[str, list[dict[str, str]]] = {}
    for view, query in CSV_VIEWS.items():
        result = run_query(store, query)
        views[view] = [{v: ("" if t is None else str(t)) for v, t in zip(result.variables, row)}
                       for row in result.rows]
    return views


@click.command("publish")
@click.argument("outdir", type=click.Path(path_type=Path))
@store_option
@click.option("--download-base", default=None, metavar="URL",
              help="Where the files will be downloadable (default: {base}download/).")
@click.option("--license", "license_iri", default=None, metavar="IRI",
              help="Licence of the data (default: CC BY 4.0, EU licence vocabulary IRI).")
@click.option("--publisher", "publisher_name", default=None, metavar="NAME",
              help="Publisher name (default: the publisher of the reports).")
@click.option("--publisher-iri", default=None, metavar="IRI", help="Publisher IRI.")
@click.option("--contact-email", default=None, metavar="EMAIL", help="Contact point e-mail.")
@click.option("--endpoint-url", default=None, metavar="URL",
              help="Public SPARQL endpoint of the graph (e.g. what `serve` exposes): described as "
                   "a dcat:DataService.")
@click.option("--checksums/--no-checksums", default=False, show_default=True,
              help="Describe each file's SHA-256 as an spdx:checksum in catalog.ttl (ckanext-dcat "
                   "reads it as the resource hash; the SEMIC 3.0.0 vocabulary shapes reject the "
                   "SPDX algorithm IRI, so it is off by default).")
@click.option("--force", is_flag=True, help="Overwrite files already in OUTDIR.")
@click.pass_context
def publish(ctx: click.Context, outdir: Path, store: Path | None, download_base: str | None,
            license_iri: str | None, publisher_name: str | None, publisher_iri: str | None,
            contact_email: str | None, endpoint_url: str | None, checksums: bool,
            force: bool) -> None:
    """Write the graph (Turtle, N-Triples, TriG, JSON-LD), CSV views, DCAT-AP 3 catalogue,
    VoID description and HTML ontology documentation into OUTDIR."""
    from reportgraph.publish import publish as do_publish

    dataset, views = reading(ctx, store, lambda st: (st.dataset(), csv_views(st)))
    kwargs = {}
    if license_iri:
        kwargs["license_iri"] = license_iri
    result = do_publish(dataset, outdir, base=settings(ctx).base, download_base=download_base,
                        publisher_name=publisher_name, publisher_iri=publisher_iri,
                        contact_email=contact_email, force=force, csv_views=views,
                        endpoint_url=endpoint_url, checksums=checksums, **kwargs)
    for f in result.files:
        click.echo(f"{f.name}\t{f.byte_size} bytes\tsha256:{f.sha256}")
