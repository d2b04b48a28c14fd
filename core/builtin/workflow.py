"""Core workflow service as a plugin."""
