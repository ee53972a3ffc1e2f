"""`reportgraph why`: the source sentences behind an entity's facts."""

from pathlib import Path

import click

from reportgraph.cli.common import EPILOG, open_for, prefixes_for, settings, store_option
from reportgraph.errors import ParameterError, QueryError
from reportgraph.graph.sparql import iri_problem
from reportgraph.queries import bind_params, load_query
from reportgraph.queries.format import FORMATS, format_result


def resolve_iri(text: str, base: str) -> str:
    """An entity reference as an IRI: `<iri>`, an absolute IRI, `prefix:name` of a standard
    prefix (or `id:` for the base), or a path under the base such as `project/x`."""
    text = text.strip().removeprefix("<").removesuffix(">")
    prefix, sep, local = text.partition(":")
    known = prefixes_for(base)
    if sep and prefix in known and not local.startswith("//"):
        text = known[prefix] + local
    elif iri_problem(text) == "not an absolute IRI":
        text = base.rstrip("/") + "/" + text.lstrip("/")
    problem = iri_problem(text)
    if problem:
        raise ParameterError(f"not an IRI: {text!r}: {problem}")
    return text


@click.command(epilog=EPILOG)
@click.argument("iri")
@click.option("--format", "-f", "fmt", type=click.Choice(("text",) + FORMATS), default="text",
              show_default=True, help="text (grouped by fact) or the raw rows as a query result.")
@store_option
@click.pass_context
def why(ctx: click.Context, iri: str, fmt: str, store: Path | None) -> None:
    """Show the source sentences behind the facts about an entity (IRI, prefix:name or a path
    under the base such as project/some-project)."""
    from reportgraph.cli.render import render_why

    base = settings(ctx).base
    entity = resolve_iri(iri, base)
    named = load_query("why")
    with open_for(ctx, store) as st:
        result = st.query(named.text, bind_params(named, {"entity": entity}))
    if not result.rows:
        raise QueryError(f"nothing recorded about <{entity}> (no facts or mentions)")
    if fmt == "text":
        click.echo(render_why(result, prefixes_for(base)), nl=False)
    else:
        click.echo(format_result(result, fmt, prefixes_for(base)), nl=False)
