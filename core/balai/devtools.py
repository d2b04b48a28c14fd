"""Tools for plugin authors: ``balai makemigrations``, ``balai i18n`` and ``balai check-plugin``.

They work on any installed plugin, inside this repository or not: the Babel mapping and
keywords are shipped with the package (``balai/babel.cfg``), and the contract checks are the
ones the core runs on its own plugins (balai.testing.contract).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import site
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

BABEL_CFG = Path(__file__).with_name("babel.cfg")
# The same keywords as the code uses: _(), gettext(), ngettext(singular, plural), lazy_gettext().
KEYWORDS = MappingProxyType({"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None})
IGNORE_DIRS = ("tests", "migrations", "build", ".*", "_*")  # pybabel's --ignore-dirs patterns
LANGUAGES = ("en", "id")
REPO_ROOT = Path(__file__).resolve().parents[2]  # a checkout: core/balai/devtools.py


class ToolError(SystemExit):
    """The command cannot go on; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)


# --- finding a plugin ----------------------------------------------------------------------


def find_plugin(name: str):
    from balai.plugins import discover

    plugins = {p.meta.name: p for p in discover()}
    if name not in plugins:
        known = ", ".join(sorted(plugins)) or "-"
        raise ToolError(f"Plugin '{name}' tidak terpasang (yang terpasang: {known}).")
    return plugins[name]


def package_dir(module) -> Path:
    """The folder of the plugin's top-level package (its templates, locale and migrations)."""
    top = importlib.import_module(module.__name__.split(".")[0])
    return Path(top.__file__).resolve().parent


def site_packages() -> list[Path]:
    dirs = set(site.getsitepackages()) | {site.getusersitepackages()}
    dirs |= {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    return [Path(d).resolve() for d in dirs if d]


def in_site_packages(path: Path) -> bool:
    path = Path(path).resolve()
    return any(path.is_relative_to(d) for d in site_packages())


def _installed_from(dist_name: str) -> str:
    """The folder pip installed the distribution from, when pip recorded one (direct_url.json)."""
    import json
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution(dist_name).read_text("direct_url.json")  # None when pip did not write it
    except PackageNotFoundError:
        return ""
    url = json.loads(text or "{}").get("url", "")
    return url.removeprefix("file://") if url.startswith("file://") else ""


# --- balai makemigrations ------------------------------------------------------------------


def app_configs(name: str) -> list:
    """The Piccolo apps of plugin ``name`` (``core``: every core service's apps)."""
    from balai.plugins import CORE_PLUGINS

    if name == "core":
        modules = [importlib.import_module(dotted) for dotted in CORE_PLUGINS]
    else:
        modules = [find_plugin(name).module]
    paths = [path for module in modules for path in (getattr(module, "piccolo_apps", lambda: [])() or [])]
    return [importlib.import_module(path).APP_CONFIG for path in paths]


def refuse_site_packages(name: str, folder: Path) -> None:
    if not in_site_packages(folder):
        return
    source = ""
    if name != "core":
        source = _installed_from(find_plugin(name).dist)
    raise ToolError(
        f"Plugin '{name}' terpasang di site-packages ({folder}), bukan dari foldernya: migrasi baru "
        "akan tertulis di sana dan hilang pada pemasangan berikutnya. Pasang plugin dalam mode editable "
        f"dari folder sumbernya, lalu ulangi:\n    pip install -e {source or '<folder plugin>'}"
    )


async def _new_migration(app_config, description: str, auto_input: str | None) -> Path | None:
    from piccolo.apps.migrations.commands.new import NoChanges, _create_migrations_folder, _create_new_migration

    _create_migrations_folder(app_config.resolved_migrations_folder_path)
    try:
        meta = await _create_new_migration(app_config, auto=True, description=description, auto_input=auto_input)
    except NoChanges:
        return None
    return Path(meta.migration_path)


def makemigrations(name: str, description: str = "", auto_input: str | None = None) -> list[Path]:
    """Piccolo's auto migration for each Piccolo app of plugin ``name``; the files written."""
    configs = app_configs(name)
    if not configs:
        raise ToolError(f"Plugin '{name}' tidak punya aplikasi Piccolo (hook piccolo_apps).")
    for config in configs:
        refuse_site_packages(name, Path(config.resolved_migrations_folder_path))
    written = []
    saved_path = list(sys.path)  # Piccolo puts each migrations folder on sys.path to import it
    try:
        for config in configs:
            path = asyncio.run(_new_migration(config, description, auto_input))
            print(f"{config.app_name}: {path if path else 'tidak ada perubahan skema'}")
            if path:
                written.append(path)
    finally:
        sys.path[:] = saved_path
    return written


# --- balai i18n ----------------------------------------------------------------------------


@dataclass
class Catalogue:
    """One translation domain: where its strings are written and where its .po files live."""

    domain: str
    sources: list[Path]
    locale_dir: Path

    def po(self, lang: str) -> Path:
        return self.locale_dir / lang / "LC_MESSAGES" / f"{self.domain}.po"


def core_catalogue() -> Catalogue:
    """The core's own domain, ``balai``: only in a checkout (the wheel ships the compiled result)."""
    return Catalogue("balai", [REPO_ROOT / "core", REPO_ROOT / "themes"], REPO_ROOT / "locale")


def _locale_dir(folder: Path) -> Path:
    """The existing ``locale`` folder, else a new one beside the plugin's module (found by convention)."""
    found = sorted(p for p in folder.rglob("locale") if p.is_dir() and "tests" not in p.relative_to(folder).parts)
    if found:
        return found[0]
    if (folder / "__init__.py").exists():
        return folder / "locale"
    packages = sorted(p.parent for p in folder.glob("*/__init__.py") if p.parent.name not in ("tests", "build"))
    return (packages[0] if packages else folder) / "locale"


def folder_catalogue(folder: Path) -> Catalogue:
    """The catalogue of a plugin's folder: its project folder (with pyproject.toml) or its package."""
    folder = Path(folder)
    if (folder / "pyproject.toml").exists():
        project = tomllib.loads((folder / "pyproject.toml").read_text())["project"]
        try:
            domain = next(iter(project["entry-points"]["balai"]))
        except (KeyError, StopIteration):
            raise ToolError(f"{folder}/pyproject.toml tidak punya [project.entry-points.balai]") from None
        return Catalogue(domain, [folder], _locale_dir(folder))
    if (folder / "__init__.py").exists():
        for plugin in _all_plugins():
            if package_dir(plugin.module) == folder.resolve():
                return plugin_catalogue(plugin)
    raise ToolError(f"{folder}: bukan folder plugin (tidak ada pyproject.toml dengan entry point 'balai').")


def _all_plugins():
    from balai.plugins import discover

    return discover()


def plugin_catalogue(plugin) -> Catalogue:
    package = package_dir(plugin.module)
    return Catalogue(plugin.meta.name, [package], _locale_dir(package))


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def update_catalogues(cat: Catalogue) -> None:
    """Extract the strings, then bring the ``en`` and ``id`` catalogues up to date (new ones made)."""
    cat.locale_dir.mkdir(parents=True, exist_ok=True)
    pot = cat.locale_dir / f"{cat.domain}.pot"
    keywords = [arg for k, spec in KEYWORDS.items()
                for arg in ("-k", k if spec is None else f"{k}:{','.join(map(str, spec))}")]
    # Run from the sources' common folder: the catalogues then name files by relative paths
    # ("core/balai/...", "balai_arsip/..."), the same on every machine.
    root = Path(os.path.commonpath([Path(s).resolve() for s in cat.sources]))
    with contextlib.chdir(root):
        _pybabel("extract", "-F", str(BABEL_CFG), "--no-default-keywords", *keywords, "--sort-by-file", "--no-wrap",
                 "--project=Balai", "--copyright-holder=Balai", "-o", str(pot.resolve()),
                 f"--ignore-dirs={' '.join(IGNORE_DIRS)}", *[os.path.relpath(Path(s).resolve(), root) for s in cat.sources])
    for lang in LANGUAGES:
        _pybabel("update", "--init-missing", "--no-wrap", "--no-fuzzy-matching", "--ignore-obsolete",
                 "-D", cat.domain, "-l", lang, "-i", str(pot), "-d", str(cat.locale_dir))


def _keep_dir(path: str) -> bool:
    name = Path(path).name
    return name not in {"tests", "migrations", "build", "node_modules"} and not name.startswith((".", "_")) \
        and not name.endswith(".egg-info")


def extracted(cat: Catalogue):
    """(where, message) for every translatable string of the catalogue's sources."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(BABEL_CFG) as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    for folder in cat.sources:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(folder), method_map, options_map, keywords=KEYWORDS, directory_filter=_keep_dir
        ):
            yield f"{folder}/{filename}:{lineno}", message


def translated(po: Path) -> dict:
    """msgid -> its translated forms, for the entries that are translated and not fuzzy."""
    from babel.messages.pofile import read_po

    if not po.exists():
        return {}
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    result = {}
    for m in catalog:
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.id and all(forms) and not m.fuzzy:
            result[m.id[0] if isinstance(m.id, tuple) else m.id] = forms
    return result


def untranslated(cat: Catalogue, lang: str = "en") -> list[str]:
    """``where: 'msgid'`` for each string of the sources without a ``lang`` translation."""
    have = translated(cat.po(lang))
    missing = []
    for where, message in extracted(cat):
        key = message[0] if isinstance(message, tuple) else message
        if key not in have:
            missing.append(f"{where}: {key!r}")
    return missing


def update_translations(targets: list[str]) -> int:
    """``balai i18n``: update the catalogues of each target, then say what ``en`` still lacks."""
    lacking = 0
    for target in targets or ["core"]:
        cat = core_catalogue() if target == "core" else folder_catalogue(Path(target).resolve())
        if target == "core" and not (cat.locale_dir.is_dir() and cat.sources[0].is_dir()):
            raise ToolError("'balai i18n core' hanya dari checkout Balai (folder core/, themes/, locale/).")
        update_catalogues(cat)
        missing = untranslated(cat)
        lacking += len(missing)
        print(f"{cat.domain}: {cat.locale_dir} ({len(missing)} pesan belum diterjemahkan ke en)")
        for line in missing[:20]:
            print(f"    {line}")
    return lacking


# --- balai check-plugin --------------------------------------------------------------------


def check_plugin(name: str, forms: bool = True, pytest_args: tuple[str, ...] = ()) -> int:
    """Run the contract checks (balai/testing/check_plugin.py) on plugin ``name``; pytest's exit code.

    They run in their own pytest process: on a fresh test database (SQLite, or PostgreSQL with
    BALAI_TEST_DB=postgres), never on the agency's, since the hostile forms write into it.
    """
    find_plugin(name)  # a clear message for an unknown name, before pytest starts
    try:
        import pytest  # noqa: F401
    except ImportError:
        raise ToolError("balai check-plugin butuh pytest: pip install 'balai[test]'") from None
    checks = Path(__file__).parent / "testing" / "check_plugin.py"
    with tempfile.TemporaryDirectory(prefix="balai-check-") as tmp:
        # An empty configuration of its own: the checks do not depend on the caller's pytest settings.
        (Path(tmp) / "pytest.ini").write_text("[pytest]\n")
        env = dict(os.environ, BALAI_CHECK_PLUGIN=name, BALAI_CHECK_FORMS="1" if forms else "0")
        command = [sys.executable, "-m", "pytest", "-c", str(Path(tmp) / "pytest.ini"), "--rootdir", tmp,
                   "-p", "no:cacheprovider", "--import-mode=importlib", "-q", "--tb=short", "-rfE",
                   str(checks), *pytest_args]
        return subprocess.call(command, env=env, cwd=tmp)


# --- the command line ----------------------------------------------------------------------


def add_commands(sub) -> None:
    """The three commands, on ``balai``'s sub-command parser."""
    m = sub.add_parser("makemigrations", help="buat migrasi Piccolo otomatis untuk plugin (atau 'core')")
    m.add_argument("plugin")
    m.add_argument("--desc", default="", help="keterangan migrasi")
    m.add_argument("--auto-input", default=None, help="jawaban untuk pertanyaan Piccolo (mis. 'y')")
    m.set_defaults(func=lambda args: makemigrations(args.plugin, args.desc, args.auto_input))
    i = sub.add_parser("i18n", help="ekstrak string dan perbarui katalog id/en (core atau folder plugin)")
    i.add_argument("targets", nargs="*", help="'core' atau folder plugin (default: core)")
    i.set_defaults(func=lambda args: update_translations(args.targets))
    c = sub.add_parser("check-plugin", help="jalankan pemeriksaan kontrak core pada plugin terpasang")
    c.add_argument("plugin")
    c.add_argument("--no-forms", action="store_true", help="lewati uji formulir (tanpa basis data)")

    def run_check(args):
        status = check_plugin(args.plugin, forms=not args.no_forms)
        if status:
            raise SystemExit(status)

    c.set_defaults(func=run_check)
