"""`reportgraph serve`: the analysts' web app and the linked-data server, run by uvicorn.

The command line sits above the web app (ARCHITECTURE.md) but does not import the app here: this
command hands its settings to the app through the environment and names the app's factory
(`reportgraph.serve.app:app_from_environment`) for uvicorn to load in each worker process.
"""

import os
import socket
from pathlib import Path

import click

from reportgraph.cli.common import settings, store_option
from reportgraph.errors import InputError

APP_FACTORY = "reportgraph.serve.app:app_from_environment"
EPILOG = """\b
The server binds 127.0.0.1 unless --host says otherwise; it reads the store
without its write lock, so `reportgraph build` can run meanwhile and what the
pages show follows the new data without a restart.
\b
Exit codes:
  0  stopped (Ctrl-C)
  2  usage or runtime error (message on stderr as "Error: ...")"""


def _check_port(host: str, port: int) -> None:
    """InputError when nothing can listen at host:port (in use, not an address of this host)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@click.command(epilog=EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on.")
@store_option
@click.option("--endpoint", default=None, metavar="URL",
              help="Serve a SPARQL endpoint's data instead of the embedded store.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes (each reads the store and keeps its own caches; about one "
              "per CPU core serves more clients at once).")
@click.option("--log-level", "log_level", type=click.Choice(["critical", "error", "warning",
              "info", "debug"]), default="info", show_default=True, help="uvicorn's log level.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, store: Path | None, endpoint: str | None,
          workers: int, log_level: str) -> None:
    """Serve the graph: pages for analysts (search, projects, queries, charts, map, checks)
    and the machine interface (/sparql, /id/... linked data, /ontology, /catalog)."""
    import uvicorn

    s = settings(ctx)
    endpoint = endpoint or (s.endpoint if store is None else None)
    if store is not None and endpoint:
        raise click.UsageError("--store and --endpoint exclude each other")
    path = store if store is not None else s.store
    if not endpoint and path is not None and not Path(path).expanduser().exists():
        raise InputError(f"no store at {path} (build one with `reportgraph build`)")
    env = {"REPORTGRAPH_BASE": s.base, "REPORTGRAPH_ENDPOINT_TIMEOUT": str(s.endpoint_timeout),
           "REPORTGRAPH_LISTEN": f"{host}:{port}"}  # the hubs' pages warmed for its clients
    if endpoint:
        env["REPORTGRAPH_ENDPOINT"] = endpoint
    else:
        os.environ.pop("REPORTGRAPH_ENDPOINT", None)
        if path is not None:
            env["REPORTGRAPH_STORE"] = str(Path(path).expanduser())
    _check_port(host, port)
    os.environ.update(env)
    click.echo(f"Serving {endpoint or path or 'the default store'} on http://{host}:{port}/",
               err=True)
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level=log_level,
                workers=workers, timeout_graceful_shutdown=5)
