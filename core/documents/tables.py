"""Tables of the documents service."""
