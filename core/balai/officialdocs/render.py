"""Official documents from Jinja templates to PDF, through WeasyPrint (HTML and CSS paged media).

Document templates live in the ``naskah/`` folder of a plugin's templates (``persuratan/naskah/
surat_keluar.html``) and extend ``officialdocs/naskah/base.html``, which lays out the page (A4 or
F4, the margins of Tata Naskah Dinas, page numbers), the letterhead, the signature block, the table
of attachments and the verification QR code. The agency may replace any of them from the admin page
(stored in the settings); they run in Jinja's sandbox, and the renderer fetches nothing from
outside: only the resources handed to it (the logo, the QR code) and ``data:`` URIs.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from balai.context import current
from balai.i18n import _, format_date, format_datetime, get_locale, gettext, ngettext
from balai.officialdocs.letterhead import PAPERS, Letterhead, Signature
from balai.officialdocs.text import blocks, terbilang

OVERRIDES = "officialdocs.template_overrides"
FONTS = Markup('"DejaVu Sans", sans-serif')  # CSS, not text: never escaped


class RenderError(Exception):
    """A template that cannot be rendered; ``message`` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Attachment:
    """A row of the table of attachments: what it is, and optionally how many sheets or a note."""

    title: str
    note: str = ""


@dataclass
class Page:
    """What every document template sees, besides its own context."""

    letterhead: Letterhead
    paper: str = ""
    landscape: bool = False
    logo: str = ""  # a data: URI, or ""
    number: str = ""
    signer: Signature | None = None
    attachments: list[Attachment] = field(default_factory=list)
    qr: str = ""  # a data: URI of the verification QR code
    verify_url: str = ""
    draft: bool = False

    @property
    def size(self) -> str:
        width, height = PAPERS.get(self.paper or self.letterhead.paper, PAPERS["F4"])
        if self.landscape:
            width, height = height, width
        return f"{width}mm {height}mm"


def environment(overrides: dict[str, str] | None = None) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment of document templates: the agency's overrides first, then the
    templates of the core and the plugins."""
    folders = [str(folder) for _owner, folder in current().host.folders("templates")]
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([DictLoader(dict(overrides or {})), FileSystemLoader(folders)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, format_date=format_date,
                       format_datetime=format_datetime, get_locale=get_locale, fonts=FONTS)
    env.filters.update(date=format_date, terbilang=terbilang, blocks=blocks, angka=number)
    return env


def number(value, digits: int = 0) -> str:
    """``85.5`` -> ``85,50`` (digits=2), ``1250000`` -> ``1.250.000``: as the reader's locale writes it."""
    from babel.numbers import format_decimal

    if value is None or value == "":
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=get_locale())


async def overrides() -> dict[str, str]:
    from balai.settings import service as settings

    return (await settings.read([OVERRIDES])).get(OVERRIDES) or {}


def render_html(template: str, page: Page, context: dict, env: ImmutableSandboxedEnvironment) -> str:
    try:
        return env.get_template(template).render(page=page, **context)
    except TemplateError as exc:
        raise RenderError(_("Templat %(nama)s tidak dapat dipakai: %(sebab)s", nama=template, sebab=exc)) from exc


def html_to_pdf(html: str, compress: bool = True) -> bytes:
    """The PDF of ``html``. Imported on first use: WeasyPrint takes half a second to load."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # fontTools logs some 60 INFO lines per PDF about subsetting the fonts, WeasyPrint one per step of
    # its work: nothing an operator acts on, and the server's console fills with them.
    for noisy in ("fontTools", "weasyprint", "weasyprint.progress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    class OnlyGiven(URLFetcher):
        """Fetches ``data:`` URIs and nothing else: no file, no network, whatever a template says."""

        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise ValueError(f"not fetched: {url[:60]}")
            return super().fetch(url, headers)

    out = io.BytesIO()
    HTML(string=html, url_fetcher=OnlyGiven(), base_url="data:,").write_pdf(out, uncompressed_pdf=not compress)
    return out.getvalue()


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=0)


def template_names() -> list[str]:
    """Every document template the agency may replace: the files in a ``naskah/`` folder of the
    core's and the plugins' templates."""
    names = set()
    for _owner, folder in current().host.folders("templates"):
        for path in folder.glob("*/naskah/*"):
            if path.suffix in (".html", ".css"):
                names.add(path.relative_to(folder).as_posix())
    return sorted(names)


def shipped_source(name: str) -> str:
    """The template as shipped (without the agency's replacement)."""
    source, _filename, _uptodate = environment().loader.get_source(environment(), name)
    return source


def check_source(source: str) -> str | None:
    """Why a replacement template cannot be used (a syntax error), or None."""
    try:
        environment().parse(source)
    except TemplateError as exc:
        return str(exc)
    return None
