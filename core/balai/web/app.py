"""The Litestar application: plugins mounted at construction, one guard, one template engine."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import replace
from http import HTTPStatus
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, Response, Router
from litestar.config.csrf import CSRFConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.template.config import TemplateConfig
from litestar.types import Empty
from markupsafe import Markup

from balai import __version__, context, db, i18n
from balai.identity.access import Catalogue, guard, route_requirement
from balai.config import Config, signing_key
from balai.db import ROW_ID_LIMIT
from balai.plugins import Host, PluginError, await_me_maybe, plugin_folder  # noqa: F401
from balai.registry import Grant, Permission, Role
from balai.web.moved import moved
from balai.web.middleware import LOCALE_COOKIE, BalaiMiddleware, security_headers
from balai.web.render import render
from balai.web import inputs, openapi
from balai.web.request import BalaiRequest
from balai.workflow.rows import case_url, task_url

log = logging.getLogger("balai")
WEB_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    return Path(spec.submodule_search_locations[0])


def build_catalogue(host: Host) -> Catalogue:
    """Every permission and role of the core and the enabled plugins; a plugin's :class:`Grant`
    adds its permissions to a role declared elsewhere (merged once every role is known)."""
    catalogue = Catalogue()
    for owner, perms in host.per_plugin("permissions"):
        for perm in perms or []:
            _check_owned(owner, perm.code)
            catalogue.add_permission(owner, perm)
    grants = []
    for owner, roles in host.per_plugin("roles"):
        for role in roles or []:
            if isinstance(role, Grant):
                grants.append((owner, role))
            else:
                catalogue.add_role(owner, role)
    for owner, grant in grants:
        if grant.role not in catalogue.roles:
            raise PluginError(f"Plugin '{owner}': izin diberikan kepada peran '{grant.role}', yang tidak dikenal")
        for code in grant.permissions:
            _check_owned(owner, code)
        catalogue.grant(owner, grant.role, grant.permissions)
    catalogue.check()
    return catalogue


def _check_owned(owner: str, code: str) -> None:
    if not owner.startswith("core.") and not code.startswith(owner + "."):
        raise PluginError(f"Plugin '{owner}': izin '{code}' harus diawali '{owner}.'")


def _mount(host: Host) -> list:
    """Every route of the core and the enabled plugins, under their prefixes. Pages are left out
    of the OpenAPI schema here, once, so that no handler has to say so."""
    mounted = []
    for hook, prefix in (("page_routes", ""), ("api_routes", "/api")):
        for owner, handlers in host.per_plugin(hook):
            if not handlers:
                continue
            if owner.startswith("core."):
                path = "/api/core" if prefix else "/"
            else:
                path = f"{prefix}/{owner}"
            mounted.append(Router(path=path, route_handlers=list(handlers), include_in_schema=bool(prefix)))
    return mounted


def _static_routers(config: Config, host: Host) -> list:
    public = {"public": True}
    routers = [
        create_static_files_router("/static/theme", [config.themes_dir / config.theme / "static"], opt=public, name="theme"),
        create_static_files_router("/static/vendor/htmx", [_package_dir("js_lib_htmx") / "static" / "htmx"], opt=public, name="htmx"),
        create_static_files_router(
            "/static/vendor/bootstrap", [_package_dir("bootstrap") / "static" / "bootstrap"], opt=public, name="bootstrap"
        ),
        moved("/favicon.ico", "/static/theme/favicon.svg"),  # asked for by browsers, feed readers, ...
    ]
    by_owner: dict[str, list[Path]] = {}
    for owner, folder in host.folders("static"):  # static/ beside the plugin, or its static_dirs hook
        if not owner.startswith("core."):
            by_owner.setdefault(owner, []).append(folder)
    for owner, folders in by_owner.items():
        routers.append(create_static_files_router(f"/static/{owner}", folders, opt=public, name=f"static-{owner}"))
    return routers


def template_folders(host: Host) -> list[tuple[str, Path]]:
    """(owner, folder) for every plugin's templates: ``templates/`` beside its module by convention,
    or what its ``template_dirs`` hook names instead."""
    return host.folders("templates")


def _jinja(config: Config, host: Host) -> Environment:
    loaders = [FileSystemLoader(config.themes_dir / config.theme / "templates"), FileSystemLoader(WEB_TEMPLATES)]
    for owner, folder in template_folders(host):
        _check_template_namespace(owner, folder)
        loaders.append(FileSystemLoader(folder))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
    )
    # Unformatted callables: newstyle gettext does the %-formatting itself, escaping the values.
    env.install_gettext_callables(i18n.translate, i18n.ntranslate, newstyle=True)
    env.globals.update(
        format_date=i18n.format_date,
        format_datetime=i18n.format_datetime,
        get_locale=i18n.get_locale,
        agency_name=config.agency_name,
        balai_version=__version__,
        navigation=lambda request: navigation(host, request),
        case_url=case_url,
        task_url=task_url,
    )
    env.filters["date"] = i18n.format_date
    env.filters["datetime"] = i18n.format_datetime
    return env


PUBLIC_BODY_LIMIT = 64 * 1024  # sign-in, e-tamu, the survey: a public form never needs more


def _bound_public_bodies(app: Litestar) -> None:
    """A public route reads at most PUBLIC_BODY_LIMIT bytes unless it says otherwise.

    Anyone may post to it, so the upload limit (hundreds of MB) would let one anonymous request
    fill the server's memory; a body announced or streamed beyond the bound is refused with 413
    before it is read. A public route that takes uploads names its own ``request_max_body_size``.
    """
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            writes = set(getattr(handler, "http_methods", ())) & {"POST", "PUT", "PATCH", "DELETE"}
            if writes and handler.opt.get("public") and handler.request_max_body_size is Empty:
                handler.request_max_body_size = PUBLIC_BODY_LIMIT


def _check_declared(app: Litestar, host: Host) -> None:
    """Deny by default, said at start-up: a route that names no permission and is not public stops Balai."""
    plugins = {p.meta.name for p in host.enabled}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if route_requirement(handler) is not None or set(getattr(handler, "http_methods", ())) == {"OPTIONS"}:
                continue  # Litestar adds an OPTIONS handler to every path by itself
            parts = route.path.strip("/").split("/")
            owner = parts[1] if parts[0] == "api" and len(parts) > 1 else parts[0]
            owner = owner if owner in plugins else "core"
            raise PluginError(
                f"Plugin '{owner}': rute {route.path} tidak menyatakan izin "
                f"(opt={{\"permission\": ...}} atau opt={{\"public\": True}})"
            )


def _check_template_namespace(owner: str, folder: Path) -> None:
    if owner.startswith("core."):
        return
    for item in folder.iterdir():
        if item.name != owner:
            raise PluginError(f"Plugin '{owner}': templat harus berada di folder '{owner}/', ditemukan '{item.name}'")


def navigation(host: Host, request: Request) -> list:
    user = request.scope.get("user")
    if user is None:
        return []
    # Each plugin on its own: one broken menu_items is logged with its name, the others still show.
    items = [item for _owner, group in host.per_plugin("menu_items", robust=True, user=user) for item in group or []]
    return sorted((i for i in items if user.can(i.permission)), key=lambda i: (i.order, str(i.label)))


def ids_in_range(connection, _handler) -> None:
    """A number in the path beyond the database's integers names no row: 404, not a database error."""
    for value in connection.path_params.values():
        if isinstance(value, int) and not abs(value) < ROW_ID_LIMIT:
            raise NotFoundException()


def _readable(status: int, detail: str) -> str:
    """Litestar's own messages are English and technical; say them in the reader's language."""
    if not detail or detail in {s.phrase for s in HTTPStatus if s.value == status}:
        return _generic(status)
    if detail.startswith("CSRF token"):
        return i18n._("Formulir ini sudah kedaluwarsa. Muat ulang halaman, lalu kirim lagi.")
    if detail.startswith("JSON is malformed"):
        return i18n._("Isi permintaan bukan JSON yang sah.")
    if detail.startswith("Validation failed for"):
        return i18n._("Isi permintaan tidak sah; lihat rinciannya.")
    return detail


def _error_handler(request: Request, exc: Exception) -> Response:
    response = _error_response(request, exc)
    if isinstance(exc, HTTPException) and exc.headers:  # a 405's Allow, a 429's Retry-After
        response.headers.update(exc.headers)
    return response


def _refused_by_database(exc: Exception) -> bool:
    """A value the database cannot hold (too long, too big, a NUL): it should have been stopped at
    the boundary (balai.web.inputs). Nothing was written (the statement failed), so it is the
    sender's 400, and a warning for whoever left that path unguarded."""
    if isinstance(exc, OverflowError):  # SQLite: an int beyond 64 bits
        return True
    try:
        from asyncpg.exceptions import DataError
    except ImportError:  # pragma: no cover - asyncpg comes with piccolo[postgres]
        return False
    return isinstance(exc, DataError)


def _error_response(request: Request, exc: Exception) -> Response:
    if _refused_by_database(exc):
        log.warning("Input reached the database unchecked on %s %s: %s", request.method, request.url.path, exc)
        exc = HTTPException(status_code=400, detail=i18n._(
            "Isian tidak dapat disimpan: terlalu panjang, terlalu besar, atau memuat karakter yang tidak diterima."))
    status = getattr(exc, "status_code", HTTP_500_INTERNAL_SERVER_ERROR)
    if status >= 500:
        log.exception("Kesalahan tak terduga pada %s", request.url.path, exc_info=exc)
    if "user" not in request.scope:
        # No route matched, so Balai's middleware never ran: take the language from its cookie.
        i18n.set_locale(request.cookies.get(LOCALE_COOKIE) or request.app.state.config.default_locale)
    detail = _readable(status, getattr(exc, "detail", "")) if isinstance(exc, HTTPException) and status < 500 else ""
    said = inputs.explain(getattr(exc, "extra", None)) if str(getattr(exc, "detail", "")).startswith(
        "Validation failed for") else ""
    if said:
        detail = i18n._("Isi permintaan tidak sah — %(rincian)s.", rincian=said)
    if getattr(exc, "detail", "") == "Request Entity Too Large":  # Litestar's body limit (multipart's says 400)
        status, detail = 413, i18n._(
            "Kiriman terlalu besar (paling banyak %(mb)s MB), sehingga tidak diterima. Kecilkan atau pisahkan "
            "berkasnya, lalu kirim lagi.", mb=request.app.state.config.max_upload_mb)
        back = _same_site_referer(request)
        if back and request.method == "POST" and not request.url.path.startswith("/api/"):
            # The body was never read, so the form cannot be filled in again: show it anew, with why.
            from balai.web.render import redirect

            return redirect(request, back, detail, "error")
    if request.url.path.startswith("/api/"):
        body = {"status_code": status, "detail": detail or _generic(status)}
        if isinstance(exc, HTTPException) and exc.extra and status < 500:
            body["extra"] = exc.extra
        return Response(content=body, status_code=status)
    if isinstance(exc, NotAuthorizedException) and request.method == "GET":
        from balai.web.render import redirect

        return redirect(request, f"/login?next={request.url.path}")
    return render(request, "errors/error.html", status_code=status, status=status, detail=detail or _generic(status))


def _same_site_referer(request: Request) -> str:
    """The path of the page the request came from, when that page is on this site ("" if not)."""
    referer = request.headers.get("referer", "")
    base = str(request.base_url).rstrip("/")
    if not referer.startswith(base + "/"):
        return ""
    from balai.web.render import safe_next

    return safe_next(referer[len(base):], "")


def _generic(status: int) -> str:
    return {
        400: i18n._("Permintaan tidak dapat diproses."),
        401: i18n._("Silakan masuk terlebih dahulu."),
        403: i18n._("Anda tidak memiliki izin untuk membuka halaman ini."),
        404: i18n._("Halaman yang Anda cari tidak ditemukan."),
        405: i18n._("Metode tidak diizinkan."),
        429: i18n._("Terlalu banyak permintaan. Coba lagi nanti."),
    }.get(status, i18n._("Terjadi kesalahan pada sistem. Kejadian ini telah dicatat."))


class BalaiApp(Litestar):
    """Litestar, run inside its app's context (balai.context): every request, including the error
    pages of paths no route matches, and the lifespan, so tasks started at start-up inherit it."""

    async def __call__(self, scope, receive, send) -> None:
        # The locale too is put back: an error page may set it, and an in-process client (tests)
        # calls the app in the caller's own task.
        locale = i18n.set_locale(i18n.get_locale())
        try:
            with context.active(self.state.balai):
                await super().__call__(scope, receive, send)
        finally:
            i18n._current.reset(locale)


def _leave(app: Litestar) -> None:
    """Undo start-up's activation when shut-down runs where start-up ran (Litestar's lifespan,
    a test driving both); elsewhere the task that activated it is ending anyway."""
    token = app.state.pop("context_token", None)
    try:
        if token is not None:
            context.deactivate(token)
    except ValueError:
        pass


def create_app(config: Config | None = None, host: Host | None = None, *, ctx: context.Context | None = None) -> Litestar:
    """The app of one configuration. Everything it is made of is built once, into its context
    (``app.state.balai``, see balai.context); each request and its start-up run inside it."""
    ctx = ctx or context.build(config, host)
    if not ctx.config.secret_key:  # the app signs sessions, CSRF tokens and plugins' links with it
        ctx.config = replace(ctx.config, secret_key=signing_key(ctx.config))
    config, host, catalogue = ctx.config, ctx.host, ctx.catalogue
    env = _jinja(config, host)

    async def on_startup(app: Litestar) -> None:
        # For the whole lifespan: background tasks started by the hooks inherit the context.
        app.state.context_token = context.activate(ctx)
        await db.open_pool(ctx.engine)
        for _owner, result in host.per_plugin("startup", app=app):
            await await_me_maybe(result)

    async def on_shutdown(app: Litestar) -> None:
        # What start-up hooks began (the scheduler, refreshers, deliveries) stops first, last
        # begun first, while the database is still open. (Litestar fixes its own shutdown hooks
        # before start-up runs, so a start-up hook cannot add one there.)
        try:
            with context.active(ctx):
                for stop in reversed(app.state.on_stop):
                    try:
                        await await_me_maybe(stop(app))
                    except Exception:
                        log.exception("Gagal menghentikan pekerjaan latar %r", stop)
        finally:
            await db.close_pool(ctx.engine)
            _leave(app)

    app = BalaiApp(
        route_handlers=_mount(host) + _static_routers(config, host),
        guards=[guard, ids_in_range],
        middleware=[
            DefineMiddleware(BalaiMiddleware, context=ctx)
        ],
        csrf_config=CSRFConfig(
            secret=config.secret_key,
            cookie_name="balai_csrf",
            cookie_secure=config.secure_cookies is True,  # the CSRF token is no secret; the session's is
            cookie_httponly=False,
            exclude=["/static/"],
        ),
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(env)),
        plugins=[HTMXPlugin()],
        openapi_config=OpenAPIConfig(
            title="Balai API",
            version=__version__,
            render_plugins=[JsonRenderPlugin()],
            openapi_router=Router(path="/api/schema", route_handlers=[], opt={"permission": "login"}),
        ),
        exception_handlers={Exception: _error_handler},
        before_send=[security_headers(hsts=config.secure_cookies)],  # None: HSTS on HTTPS answers
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        request_max_body_size=config.max_upload_mb * 1024 * 1024,
        request_class=BalaiRequest,  # JSON bodies with bounded nesting (balai.web.request)
        type_decoders=inputs.TYPE_DECODERS,  # forms checked field by field (balai.web.inputs)
        debug=False,
    )
    _check_declared(app, host)
    _bound_public_bodies(app)
    openapi.document_errors(app)
    app.state.balai = ctx
    # Shorter names for the same objects (pages and tests reach them from the request's app).
    app.state.config = config
    app.state.host = host
    app.state.catalogue = catalogue
    app.state.sops = ctx.sops
    app.state.jinja = env
    app.state.translations = ctx.translations
    app.state.on_stop = []  # callables run at shutdown, before the database closes (docs/hooks.md: startup)
    return app
