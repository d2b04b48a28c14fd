"""Sealed content: case data, messages and documents kept encrypted at rest (see service.py)."""
