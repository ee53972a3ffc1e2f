"""What every command shares: the global settings and opening the store they name."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import click

from reportgraph.errors import StaleListingError, StoreError, StoreLockedError
from reportgraph.graph.store import Store, open_store, open_store_for_reading
from reportgraph.ontology.namespaces import DEFAULT_BASE, PREFIXES

#: The per-command --store option (every command that reads or writes the graph has it).
store_option = click.option(
    "--store", type=click.Path(path_type=Path), default=None, metavar="PATH",
    help="Store directory (overrides the global --store and $REPORTGRAPH_STORE).")


@dataclass(frozen=True)
class Settings:
    """Global options, passed to subcommands in the click context."""

    store: Path | None
    base: str
    endpoint: str | None = None
    endpoint_timeout: float = 30.0


def settings(ctx: click.Context) -> Settings:
    obj = ctx.find_object(Settings)
    return obj if obj is not None else Settings(None, DEFAULT_BASE)


def open_for(ctx: click.Context, store: Path | None, *, write: bool = False) -> Store:
    """The store a command works on: a SPARQL endpoint when --endpoint (REPORTGRAPH_ENDPOINT) is
    set, else the embedded store at --store (or the default path)."""
    s = settings(ctx)
    if s.endpoint and store is None:
        from reportgraph.graph.remote import open_endpoint

        return open_endpoint(s.endpoint, timeout=s.endpoint_timeout, read_only=not write)
    path = store if store is not None else s.store
    return open_store(path) if write else open_store_for_reading(path)


T = TypeVar("T")


def reading(ctx: click.Context, store: Path | None, work: Callable[[Store], T]) -> T:
    """work(store) on the store opened for reading; when a listing's positions are out of date
    (an interrupted build, a store written by an older version), work runs again on the store
    opened for writing, which recomputes them first; while a build writes it, on the last
    committed state read without positions (the whole listing sorted, slower)."""
    with open_for(ctx, store) as st:
        try:
            return work(st)
        except StaleListingError as exc:
            stale = exc
    try:
        writable = open_for(ctx, store, write=True)
    except StoreLockedError:  # a build is writing: read the listing whole from its last state
        with open_for(ctx, store) as st:
            if hasattr(st, "allow_unindexed"):
                st.allow_unindexed = True
                return work(st)
        raise stale from None
    except StoreError as exc:  # a read-only medium, or the endpoint takes no updates
        raise StaleListingError(f"{stale}; recomputing them needs the store for writing: "
                                f"{exc}") from None
    with writable:
        return work(writable)


EPILOG = """\b
Exit codes:
  0  success (validate: the store conforms to the shapes)
  1  validation violations or check failures
  2  usage or runtime error (message on stderr as "Error: ...")
\b
Environment:
  REPORTGRAPH_STORE  store directory (default $XDG_DATA_HOME/reportgraph/store,
                     else ~/.local/share/reportgraph/store)
  REPORTGRAPH_BASE   base of data IRIs (default https://w3id.org/reportgraph/id/)
  REPORTGRAPH_ENDPOINT  a SPARQL endpoint to use instead of the embedded store;
                     credentials from REPORTGRAPH_ENDPOINT_USER and _PASSWORD (basic)
                     or REPORTGRAPH_ENDPOINT_TOKEN (bearer)"""


def prefixes_for(base: str) -> dict[str, str]:
    """The standard prefixes and `id:` for the base, as the CLI shows IRIs."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": base}
