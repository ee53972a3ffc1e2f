"""reportgraph.publish: linked-data publication (DCAT-AP, VoID, CSV views)."""
