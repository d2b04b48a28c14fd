"""ASGI entry point for any server, as a factory: ``uvicorn --factory balai.web.asgi:create``.

A factory, not a module-level ``app``: importing this module builds nothing; each server worker
calls :func:`create` once and gets an app made from the configuration of its environment.
"""

from balai.web.app import create_app


def create():
    return create_app()
