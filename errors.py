"""Typed errors of reportgraph. The CLI maps each to a one-line message and an exit code."""


class ReportgraphError(Exception):
    """Base class of every error reportgraph raises on purpose."""

    exit_code = 2


class InputError(ReportgraphError):
    """A report file is missing, empty, unreadable or in an unexpected encoding."""


class ExtractError(ReportgraphError):
    """Extraction could not process a report."""


class StoreError(ReportgraphError):
    """The graph store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process is writing to the store."""


class QueryError(ReportgraphError):
    """A SPARQL query is malformed, refused or failed."""


class UnknownQuery(QueryError):
    """No named query has that name."""


class ParameterError(QueryError):
    """A named query parameter is missing, unknown or malformed."""


class EndpointError(StoreError):
    """A remote SPARQL endpoint is down, slow or answers with something that is not SPARQL."""


class DataFileError(ReportgraphError):
    """A shipped or user-given data file (ontology, shapes, gazetteer, aliases) is invalid."""


class ExportError(ReportgraphError):
    """An export or publication target is invalid."""


class StaleListingError(QueryError):
    """A listing's positions were computed from other data than the store now holds."""
