"""The plugin's pages, mounted by Balai under /layanan/."""

from __future__ import annotations


def routes() -> list:
    from balai_layanan.pages import anjungan, antrian, etamu, ikm, survei

    return etamu.routes() + anjungan.routes() + antrian.routes() + survei.routes() + ikm.routes()
