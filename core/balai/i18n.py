"""Translations and Indonesian date formats.

Source strings are written in Indonesian (the default locale, ``id``); ``locale/en`` holds
the English catalogue. Plugins ship their own ``<lang>/LC_MESSAGES/<plugin>.po``, merged in
at start-up into the app's context (balai.context). The locale of the current request lives in
a context variable, so ``_()`` in Python code and ``{% trans %}`` in templates both follow the
user's choice; the catalogues and the time zone are the current app's. Outside any app (import
time, for lazy strings) the Indonesian source strings are shown.
"""

from __future__ import annotations

import contextvars
import gettext as gettext_module
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel.messages.pofile import read_po
from babel.support import LazyProxy, NullTranslations, Translations

from balai import context

LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
DEFAULT_TIMEZONE = "Asia/Makassar"

_current = contextvars.ContextVar("balai_locale", default=DEFAULT_LOCALE)


def _read(po_path: Path, locale: str, domain: str) -> Translations:
    with open(po_path, "rb") as fh:
        catalog = read_po(fh, locale=locale, domain=domain)
    translations = Translations(domain=domain)
    for message in catalog:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or not all(forms) or message.fuzzy:
            continue  # untranslated: the Indonesian source text is shown
        if isinstance(message.id, tuple):  # plural: (singular, plural) -> [forms]
            for i, form in enumerate(forms):
                translations._catalog[(message.id[0], i)] = form
        else:
            translations._catalog[message.id] = message.string
    translations.plural = gettext_module.c2py(catalog.plural_expr)
    return translations


def build(locale_dirs: list[tuple[str, Path]]) -> dict[str, NullTranslations]:
    """One merged catalogue per locale from ``locale_dirs``, a list of (domain, folder)."""
    built = {}
    for locale in LOCALES:
        merged = Translations(domain="balai")
        for domain, folder in locale_dirs:
            po = Path(folder) / locale / "LC_MESSAGES" / f"{domain}.po"
            if po.exists():
                part = _read(po, locale, domain)
                merged._catalog.update(part._catalog)
                merged.plural = part.plural
        built[locale] = merged
    return built


def set_locale(locale: str) -> contextvars.Token:
    return _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)


def get_locale() -> str:
    return _current.get()


def _translations() -> NullTranslations:
    ctx = context.get()
    found = ctx.translations.get(_current.get()) if ctx is not None else None
    return found or NullTranslations()  # outside any app: the Indonesian source strings


def agency_tz() -> ZoneInfo:
    """The agency's time zone: the current app's configuration (WITA outside any app)."""
    ctx = context.get()
    return ZoneInfo(ctx.config.timezone if ctx is not None else DEFAULT_TIMEZONE)


def translate(message: str) -> str:
    """The translation alone, unformatted (Jinja's newstyle gettext formats it itself)."""
    return _translations().gettext(message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)


def gettext(message: str, **variables) -> str:
    text = translate(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    """``ngettext("%(num)d surat", "%(num)d surat", n)``: ``num`` is filled in with ``n``."""
    return ntranslate(singular, plural, n) % {"num": n, **variables}


_ = gettext


def lazy_gettext(message: str) -> LazyProxy:
    """For module-level strings (role labels, menu entries): translated when shown."""
    return LazyProxy(gettext, message, enable_cache=False)


def local(moment: datetime) -> datetime:
    return moment.astimezone(agency_tz()) if moment.tzinfo else moment


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def today() -> date:
    """The agency's calendar day now. Not ``date.today()``: servers keep UTC, and from 00:00 to
    08:00 WITA (office hours open at 07:30) the UTC date is still yesterday."""
    return local(utc_now()).date()


def format_date(value: date | datetime | None, fmt: str = "full") -> str:
    """``Senin, 8 Desember 2023`` (full), ``8 Desember 2023`` (long), ``08/12/2023`` (short)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    pattern = {"full": "EEEE, d MMMM y", "long": "d MMMM y", "short": "dd/MM/y"}.get(fmt, fmt)
    return babel_dates.format_date(value, pattern, locale=get_locale())


def format_datetime(value: datetime | None, fmt: str = "long") -> str:
    """``8 Desember 2023 14.05`` in the agency's time zone."""
    if value is None:
        return ""
    value = local(value)
    return f"{format_date(value, fmt)} {babel_dates.format_time(value, 'HH.mm', locale=get_locale())}"
