"""ASGI entry point for any server: ``uvicorn balai.web.asgi:app``."""

from balai.web.app import create_app

app = create_app()
