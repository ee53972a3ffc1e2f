"""`reportgraph check`: run the consistency checks (queries/checks/*.rq) over the store."""

from pathlib import Path

import click

from reportgraph.cli.common import open_for, store_option
from reportgraph.errors import ReportgraphError
from reportgraph.graph.store import one_line
from reportgraph.ontology.namespaces import DEFAULT_BASE, PREFIXES
from reportgraph.queries.checks import (
    FORMATS,
    format_findings,
    list_text,
    run_checks,
    select_checks,
)

EPILOG = """\b
Exit codes:
  0  the checks ran (with --strict: and no check of severity error found anything)
  1  --strict and an error-severity check found something
  2  usage or runtime error (message on stderr as "Error: ...")"""


class CheckFailure(click.ClickException):
    """A reportgraph error as a one-line `Error: …` message with the error's exit code."""

    def __init__(self, exc: ReportgraphError) -> None:
        super().__init__(one_line(str(exc)))
        self.exit_code = exc.exit_code


def _root_setting(ctx: click.Context, name: str, default: object) -> object:
    """A global option (`store`, `base`) of the `reportgraph` group, when run under it."""
    value = getattr(ctx.find_root().obj, name, None)
    return default if value is None else value


def _only(values: tuple[str, ...]) -> list[str]:
    """`--only a --only b,c` -> ['a', 'b', 'c']."""
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


@click.command("check", epilog=EPILOG)
@store_option
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="table (text, one block per finding) or json.")
@click.option("--strict", is_flag=True, help="Exit 1 when an error-severity check finds something.")
@click.option("--list", "list_only", is_flag=True, help="List the checks and exit.")
@click.option("--only", multiple=True, metavar="ID",
              help="Run only this check (repeatable, or comma-separated).")
@click.pass_context
def check(ctx: click.Context, store: Path | None, fmt: str, strict: bool, list_only: bool,
          only: tuple[str, ...]) -> None:
    """Find figures and names that do not agree within a report or across reports, each with the
    values and source sentences of both sides."""
    try:
        checks = select_checks(_only(only))
        if list_only:
            click.echo(list_text(checks), nl=False)
            return
        with open_for(ctx, store) as st:
            findings = run_checks(st, [c.id for c in checks])
    except ReportgraphError as exc:
        raise CheckFailure(exc) from None
    base = str(_root_setting(ctx, "base", DEFAULT_BASE))
    prefixes = {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": base}
    click.echo(format_findings(findings, fmt, prefixes), nl=False)
    if strict and any(f.severity == "error" for f in findings):
        ctx.exit(1)
