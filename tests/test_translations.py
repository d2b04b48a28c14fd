"""Every string shown to users has an English translation, and the English interface uses it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from balai import context, devtools, i18n
from balai.plugins import discover

ROOT = Path(__file__).resolve().parent.parent


def packages() -> list[tuple[str, list[Path], Path]]:
    """(catalogue domain, source folders, locale folder): the core, each plugin folder of this
    repository, and every other installed plugin (from wherever it is installed)."""
    cats = [devtools.core_catalogue()]
    cats += [devtools.folder_catalogue(f) for f in sorted(ROOT.glob("plugins/*")) + sorted(ROOT.glob("examples/*"))
             if (f / "pyproject.toml").exists()]
    for plugin in discover():
        # The core's tests' own fixture plugins (tests/sop_plugin) are never served.
        if plugin.meta.name not in {c.domain for c in cats} and \
                not devtools.package_dir(plugin.module).is_relative_to(ROOT / "tests"):
            cats.append(devtools.plugin_catalogue(plugin))
    return [(c.domain, c.sources, c.locale_dir) for c in cats]


def extracted(folders: list[Path]):
    for where, message in devtools.extracted(devtools.Catalogue("", folders, ROOT)):
        yield str(Path(where).relative_to(ROOT)) if Path(where).is_relative_to(ROOT) else where, message


translated = devtools.translated


@pytest.mark.parametrize("domain, folders, locale_dir", packages(), ids=[p[0] for p in packages()])
def test_every_message_has_an_english_translation(domain, folders, locale_dir):
    english = translated(locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po")
    missing = []
    for where, message in extracted(folders):
        key = message[0] if isinstance(message, tuple) else message
        if key not in english:
            missing.append(f"{where}: {key!r}")
    assert not missing, (
        f"{len(missing)} message(s) of '{domain}' lack an English translation in "
        f"{locale_dir / 'en' / 'LC_MESSAGES' / f'{domain}.po'} (run bin/i18n, then translate):\n"
        + "\n".join(missing[:40])
    )


# Words that stay as they are in every language: the product, the languages' own names, formats.
UNTRANSLATED = {"Balai", "Bahasa", "Indonesia", "English"}
TAG = re.compile(r"<[^>]*>", re.S)
VISIBLE_ATTRIBUTE = re.compile(r'(?:placeholder|title|alt|aria-label)="([^"]*)"')
CODE_BLOCK = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)


def _visible_text(source: str) -> list[str]:
    """Literal text a reader would see: outside Jinja tags, HTML tags, <style> and <script>."""
    from jinja2 import Environment

    parts = []
    for _line, kind, value in Environment(extensions=["jinja2.ext.i18n"]).lex(source):
        parts.append(value if kind == "data" else ("\x00" if kind.endswith("_begin") else ""))
    text = CODE_BLOCK.sub(" ", "".join(parts))
    found = VISIBLE_ATTRIBUTE.findall(text)
    found += TAG.sub("\n", re.sub(r"&#?\w+;", " ", text)).splitlines()
    return [t.strip() for t in found if t.strip()]


def _needs_translation(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w-]*", text)
    return any(w not in UNTRANSLATED and not w.isupper() and not re.search(r"\d", w) for w in words)


def test_templates_have_no_untranslated_text():
    templates = [p for _d, folders, _l in packages() for f in folders for p in f.rglob("*.html")]
    assert templates
    bare = [f"{p}: {t!r}" for p in templates for t in _visible_text(p.read_text()) if _needs_translation(t)]
    assert not bare, "text outside {{ _(...) }}:\n" + "\n".join(bare[:40])


def test_bare_template_text_is_noticed():
    source = '<p>Simpan</p> {{ _("Batal") }} <input placeholder="Cari surat"> <b>PDF</b> <style>p { x: y }</style>'
    assert [t for t in _visible_text(source) if _needs_translation(t)] == ["Cari surat", "Simpan"]


def test_placeholders_survive_translation():
    """A translation that drops or renames %(name)s would crash or mislead at run time."""
    problems = []
    for domain, _folders, locale_dir in packages():
        po = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
        for msgid, forms in translated(po).items():
            want = set(re.findall(r"%\(\w+\)[sd]", msgid))
            for form in forms:
                if set(re.findall(r"%\(\w+\)[sd]", form)) != want:
                    problems.append(f"{domain}: {msgid!r} -> {form!r}")
    assert not problems, "\n".join(problems)


async def test_login_page_in_english(client):
    client.cookies.set("balai_locale", "en")
    page = await client.get("/login")
    assert '<html lang="en">' in page.text
    assert "Sign in to Balai" in page.text and "Username" in page.text and "Password" in page.text
    assert "Masuk ke Balai" not in page.text


async def test_login_page_in_indonesian_by_default(client):
    client.cookies.delete("balai_locale")
    page = await client.get("/login")
    assert '<html lang="id">' in page.text and "Masuk ke Balai" in page.text


async def test_error_messages_follow_the_language(client, demo):
    from balai.testing import csrf_from

    client.cookies.set("balai_locale", "en")
    page = await client.get("/login")
    r = await client.post("/login", data={"username": "admin", "password": "salah", "_csrf_token": csrf_from(page.text)})
    assert r.status_code == 400 and "Wrong username or password." in r.text


async def test_choosing_english_sticks_for_the_next_pages(app, demo):
    from balai.demo import ensure_user
    from balai.testing import make_client
    from balai.testing import csrf_from, sign_in

    await ensure_user("uji.bahasa", "Uji Bahasa", "bahasa-pass")  # own user: its saved language changes
    async with make_client(app) as c:
        await sign_in(c, "uji.bahasa", "bahasa-pass")
        page = await c.get("/")
        assert "Beranda" in page.text
        await c.post("/language", data={"locale": "en", "next": "/", "_csrf_token": csrf_from(page.text)})
        c.cookies.delete("balai_locale")  # the choice is kept on the account, not only in the cookie
        page = await c.get("/")
        assert "Home" in page.text and "Sign out" in page.text


def _in(locale: str, fn, *args, **kwargs):
    token = i18n.set_locale(locale)
    try:
        return fn(*args, **kwargs)
    finally:
        i18n._current.reset(token)


def test_dates_as_indonesians_write_them():
    assert _in("id", i18n.format_date, date(2025, 12, 8)) == "Senin, 8 Desember 2025"
    assert _in("id", i18n.format_date, date(2023, 12, 8)) == "Jumat, 8 Desember 2023"
    assert _in("id", i18n.format_date, date(2023, 12, 8), "long") == "8 Desember 2023"
    assert _in("id", i18n.format_date, date(2023, 12, 8), "short") == "08/12/2023"


def test_dates_in_english():
    assert _in("en", i18n.format_date, date(2023, 12, 8)) == "Friday, 8 December 2023"
    assert _in("en", i18n.format_date, date(2025, 12, 8)) == "Monday, 8 December 2025"


def test_date_times_use_the_agencys_time_zone():
    # 23:30 UTC on 7 December is already 8 December in Samarinda (WITA, UTC+8).
    moment = datetime(2023, 12, 7, 23, 30, tzinfo=timezone.utc)
    assert _in("id", i18n.format_date, moment) == "Jumat, 8 Desember 2023"
    assert _in("id", i18n.format_datetime, moment) == "8 Desember 2023 07.30"


PO = """msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: {plural}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "%(num)s berkas untuk %(nama)s"
msgid_plural "%(num)s berkas untuk %(nama)s"
msgstr[0] "{one}"
msgstr[1] "{other}"

msgid "Arsip"
msgstr "{arsip}"
"""


@pytest.fixture
def plural_catalogues(app, tmp_path):
    """The app's context with catalogues made from the PO text above, current for one test."""
    for lang, plural, one, other, arsip in (
        ("en", "nplurals=2; plural=(n != 1);", "%(num)s file for %(nama)s", "%(num)s files for %(nama)s", "Archive"),
        ("id", "nplurals=1; plural=0;", "", "", ""),
    ):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "uji.po").write_text(PO.format(lang=lang, plural=plural, one=one, other=other, arsip=arsip))
    with context.active(replace(app.state.balai, translations=i18n.build([("uji", tmp_path)]))):
        yield


def test_plural_forms(plural_catalogues):
    assert _in("en", i18n.ngettext, "%(num)s berkas untuk %(nama)s", "%(num)s berkas untuk %(nama)s", 1, nama="Ani") \
        == "1 file for Ani"
    assert _in("en", i18n.ngettext, "%(num)s berkas untuk %(nama)s", "%(num)s berkas untuk %(nama)s", 3, nama="Ani") \
        == "3 files for Ani"
    # Untranslated (empty) entries fall back to the Indonesian source, never to an empty string.
    assert _in("id", i18n.ngettext, "%(num)s berkas untuk %(nama)s", "%(num)s berkas untuk %(nama)s", 3, nama="Ani") \
        == "3 berkas untuk Ani"
    assert _in("id", i18n.gettext, "Arsip") == "Arsip"
    assert _in("en", i18n.gettext, "Arsip") == "Archive"


def test_plural_forms_in_templates_escape_their_values(app, plural_catalogues):
    template = app.state.jinja.from_string(
        '{{ ngettext("%(num)s berkas untuk %(nama)s", "%(num)s berkas untuk %(nama)s", n, nama=nama) }}'
    )
    assert _in("en", template.render, n=2, nama="<b>Ani</b>") == "2 files for &lt;b&gt;Ani&lt;/b&gt;"
    assert _in("id", template.render, n=1, nama="Ani") == "1 berkas untuk Ani"


async def test_a_second_app_does_not_change_the_first_apps_language(app, client, tmp_path):
    """Catalogues belong to the app that loaded them (tests build several apps in one process)."""
    from balai.testing import make_client
    from balai.web.app import create_app

    # Another app whose core catalogues are missing: it speaks the Indonesian source strings.
    second = create_app(replace(app.state.config, locale_dir=tmp_path), app.state.host)
    async with make_client(second) as other:
        other.cookies.set("balai_locale", "en")
        assert "Masuk ke Balai" in (await other.get("/login")).text
    client.cookies.set("balai_locale", "en")
    assert "Sign in to Balai" in (await client.get("/login")).text
