"""Core documents service as a plugin."""
