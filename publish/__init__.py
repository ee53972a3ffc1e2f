"""reportgraph.publish: linked-data publication (DCAT-AP, VoID, CSV views)."""

from reportgraph.publish.catalog import CC_BY_4_0
from reportgraph.publish.files import PublishedFile
from reportgraph.publish.publication import PublicationResult, publish

__all__ = ["CC_BY_4_0", "PublicationResult", "PublishedFile", "publish"]
