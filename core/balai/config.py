"""Per-install configuration: environment variables first, then an optional TOML file.

Every setting has an environment variable ``BALAI_<NAME>``; the file named by
``BALAI_CONFIG`` (default ``./balai.toml`` when present) may set the same keys in lower case.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path



def shipped(name: str) -> Path:
    """A folder shipped with the core: ``themes`` or ``locale``.

    A wheel carries them inside the package (``balai/themes``); an editable install from a
    checkout reads the repository's top-level folders, which are their source.
    """
    package = Path(__file__).resolve().parent
    inside = package / name
    return inside if inside.is_dir() else package.parent.parent / name



@dataclass(frozen=True)
class Config:
    var_dir: Path = Path("var")
    database_url: str = ""
    storage_url: str = ""
    plugins: tuple[str, ...] | None = None  # None: every installed plugin
    secret_key: str = ""
    default_locale: str = "id"
    agency_name: str = "Dinas Perindustrian, Perdagangan, Koperasi dan UKM Provinsi Kalimantan Timur"
    theme: str = "default"
    themes_dir: Path = field(default_factory=lambda: shipped("themes"))  # an agency's own themes: set this
    locale_dir: Path = field(default_factory=lambda: shipped("locale"))
    # Session cookies marked Secure (and HSTS sent): None (default) on answers to HTTPS requests,
    # as a TLS proxy in BALAI_TRUSTED_PROXIES reports them; True always, False never.
    secure_cookies: bool | None = None
    timezone: str = "Asia/Makassar"
    smtp_url: str = ""
    mail_from: str = "balai@localhost"
    max_upload_mb: int = 250
    scheduler: bool = True  # BALAI_SCHEDULER=off: this process runs no scheduled jobs (tests, extra workers)
    # Addresses (IPs or CIDRs) of the reverse proxies whose X-Forwarded-For/-Proto is believed;
    # none by default: a header anyone can send must not choose the address that is throttled.
    trusted_proxies: tuple[str, ...] = ()
    # Sealed content (balai.sealed.keys): keys newest first, or the file holding them (default
    # <var_dir>/sealing.key). Never in the database.
    sealing_key: str = field(default="", repr=False)
    sealing_key_file: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def sqlite_path(self) -> Path | None:
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return None

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))


_BOOL = frozenset({"1", "true", "yes", "on", "ya"})
_OFF = frozenset({"off", "0", "false", "no", "tidak"})


def _from_file() -> dict:
    path = os.environ.get("BALAI_CONFIG") or ("balai.toml" if Path("balai.toml").exists() else "")
    if not path:
        return {}
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def load_config(**overrides) -> Config:
    """Build the configuration. ``overrides`` win over the environment (used by tests)."""
    raw = {**_from_file()}
    for key in Config.__dataclass_fields__:
        env = os.environ.get(f"BALAI_{key.upper()}")
        if env is not None:
            raw[key] = env
    raw.update({k: v for k, v in overrides.items() if v is not None})

    var_dir = Path(raw.get("var_dir", "var"))
    plugins = raw.get("plugins")
    if isinstance(plugins, str):
        plugins = tuple(p.strip() for p in plugins.split(",") if p.strip()) if plugins.strip() != "*" else None
    elif plugins is not None:
        plugins = tuple(plugins)
    proxies = raw.get("trusted_proxies") or ()
    if isinstance(proxies, str):
        proxies = proxies.split(",")
    proxies = tuple(_network(p) for p in proxies if str(p).strip())

    # Only the web app signs anything: the key is read (or made) when an app is built, so a command
    # such as `balai makemigrations` run in a plugin's folder leaves no var/ behind.
    secret = raw.get("secret_key") or ""
    known = {k: raw[k] for k in Config.__dataclass_fields__ if k in raw}
    known.update(
        var_dir=var_dir,
        plugins=plugins,
        trusted_proxies=proxies,
        secret_key=secret,
        database_url=raw.get("database_url") or f"sqlite:///{var_dir / 'balai.sqlite'}",
        storage_url=raw.get("storage_url") or f"file://{(var_dir / 'documents').resolve()}",
        secure_cookies=_tristate(raw.get("secure_cookies")),
        scheduler=str(raw.get("scheduler", "on")).strip().lower() not in _OFF,
        max_upload_mb=int(raw.get("max_upload_mb", 250)),
    )
    for key in ("themes_dir", "locale_dir"):
        if key in known:
            known[key] = Path(known[key])
    return Config(**known)


def _tristate(value) -> bool | None:
    """on/off, or None (decide per request) when unset, empty or "auto"."""
    text = str(value if value is not None else "").strip().lower()
    return True if text in _BOOL else False if text in _OFF else None


def _network(value) -> str:
    """One entry of BALAI_TRUSTED_PROXIES, checked at start-up (a typo must not trust nobody silently)."""
    try:
        return str(ipaddress.ip_network(str(value).strip(), strict=False))
    except ValueError:
        raise ValueError(f"BALAI_TRUSTED_PROXIES: '{value}' bukan alamat IP atau CIDR") from None


def signing_key(config: Config) -> str:
    """The key that signs sessions and CSRF tokens: the configured one, else the one kept in var/."""
    return config.secret_key or _stored_secret(config.var_dir)


def _stored_secret(var_dir: Path) -> str:
    """A secret kept in var/ so that sessions survive restarts on the embedded default."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
