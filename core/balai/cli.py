"""The ``balai`` command line: serve, migrate, createuser, plugins, demo (plus plugins' commands).

The app's context (balai.context) is built once, by the same function ``create_app`` uses, and
every command runs inside it: configuration, plugins, SOPs and the database engine are the
server's own.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import inspect
import os
import sys

from balai import context, db
from balai.config import load_config
from balai.plugins import PluginError, discover, check
from balai.workflow.definition import DefinitionError


def _run(coro_or_value):
    return asyncio.run(coro_or_value) if inspect.iscoroutine(coro_or_value) else coro_or_value


def run_with_database(coro):
    """Run ``coro`` to its end with the current app's database pool open around it."""
    engine = context.current().engine

    async def go():
        await db.open_pool(engine)
        try:
            return await coro
        finally:
            await db.close_pool(engine)

    return asyncio.run(go())


def cmd_migrate(args) -> None:
    ran = run_with_database(db.migrate(context.current(), verbose=getattr(args, "verbose", False)))
    print(f"Basis data siap ({ran} migrasi baru diterapkan).")


def cmd_serve(args) -> None:
    import uvicorn

    if not args.no_migrate:
        cmd_migrate(args)
    if args.demo:
        cmd_demo(args)
    print(f"Balai berjalan di http://{args.host}:{args.port}/", flush=True)
    # Forwarded headers only from the configured proxies (none by default): uvicorn's own default
    # trusts any local caller, which would let anyone on the machine pick their address.
    proxies = context.current().config.trusted_proxies
    options = dict(host=args.host, port=args.port, log_level="warning", proxy_headers=bool(proxies),
                   forwarded_allow_ips=",".join(proxies) or None)
    if args.workers > 1:  # each worker process builds its own app from the same configuration
        uvicorn.run("balai.web.asgi:create", factory=True, workers=args.workers, **options)
    else:  # this process's context, already built: the server is this app
        from balai.web.app import create_app

        uvicorn.run(create_app(ctx=context.current()), **options)


def cmd_demo(args) -> None:
    from balai.demo import seed_demo

    ctx = context.current()  # demo records open real cases: the SOPs are the server's
    logins = run_with_database(seed_demo(ctx.host, ctx.catalogue, password=getattr(args, "password", None),
                                         var_dir=ctx.config.var_dir))
    print("\n=== Data demo siap ===")
    print(f"  Kata sandi semua pengguna di bawah: {logins['password']}")
    print(f"  (disimpan di {ctx.config.var_dir / 'demo_password'} dan tetap sama setiap kali Balai dijalankan,")
    print("   kecuali Anda mengubahnya sendiri; kata sandi baru: balai demo --password ...)")
    width = max(len(u) for u, _label, _unit in logins["users"])
    for username, label, unit in logins["users"]:
        print(f"  {username:<{width}}  {label} — {unit}")
    print(flush=True)


def cmd_createuser(args) -> None:
    from balai.demo import ensure_user
    from balai.identity.tables import User

    password = args.password or getpass.getpass("Kata sandi: ")

    async def go():
        if await User.exists().where(User.username == args.username):
            raise SystemExit(f"Pengguna '{args.username}' sudah ada.")
        return await ensure_user(args.username, args.full_name or args.username, password, is_admin=args.admin)

    uid = run_with_database(go())
    print(f"Pengguna '{args.username}' dibuat (id {uid}).")


def cmd_plugins(args) -> None:
    ctx = context.get()
    if ctx is not None:
        plugins, problem = ctx.host.plugins, ""
    else:  # the app could not be built (see main): list what is installed, and why
        plugins, problem = discover(), getattr(args, "problem", "")
        try:
            check(plugins, load_config().plugins)
        except PluginError as exc:
            problem = str(exc)
    print(f"{'plugin':<14} {'versi':<8} {'aktif':<6} {'core':<12} membutuhkan")
    for p in plugins:
        print(f"{p.meta.name:<14} {p.meta.version:<8} {'ya' if p.enabled else 'tidak':<6} "
              f"{p.meta.core:<12} {', '.join(p.meta.requires) or '-'}")
    if getattr(args, "roles", False) and ctx is not None:
        print("\nPeran (pengguna demo: demo.<kode>):")
        for code, role in sorted(ctx.catalogue.roles.items()):
            print(f"  {code:<28} {role.label}")
    if problem:
        print(f"\nMASALAH: {problem}")
        raise SystemExit(1)


def parser(host) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="balai", description="Balai: SOP menjadi pekerjaan yang berjalan.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="jalankan server web")
    s.add_argument("--host", default=os.environ.get("BALAI_HOST", "127.0.0.1"))
    s.add_argument("--port", type=int, default=int(os.environ.get("BALAI_PORT", "8000")))
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--demo", action="store_true", help="isi data demo sebelum mulai")
    s.add_argument("--password", help="kata sandi pengguna demo (default: acak)")
    s.add_argument("--no-migrate", action="store_true")
    s.set_defaults(func=cmd_serve)
    m = sub.add_parser("migrate", help="terapkan migrasi basis data")
    m.add_argument("--verbose", action="store_true", help="tampilkan keluaran Piccolo per aplikasi")
    m.set_defaults(func=cmd_migrate)
    d = sub.add_parser("demo", help="isi struktur organisasi dan pengguna demo")
    d.add_argument("--password")
    d.set_defaults(func=cmd_demo)
    c = sub.add_parser("createuser", help="buat pengguna")
    c.add_argument("username")
    c.add_argument("--full-name", default="")
    c.add_argument("--password")
    c.add_argument("--admin", action="store_true")
    c.set_defaults(func=cmd_createuser)
    pl = sub.add_parser("plugins", help="plugin terpasang dan aktif")
    pl.add_argument("--roles", action="store_true")
    pl.set_defaults(func=cmd_plugins)
    from balai.devtools import add_commands  # makemigrations, i18n, check-plugin: for plugin authors

    add_commands(sub)
    if host is not None:
        host.hook.cli_commands(subparsers=sub)
    return p


def main(argv: list[str] | None = None) -> None:
    command = (sys.argv[1:] if argv is None else argv)[:1]
    try:
        ctx, problem = context.build(load_config()), ""
    except (PluginError, DefinitionError) as exc:
        if command != ["plugins"]:
            print(f"Balai tidak dapat dimulai: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        ctx, problem = None, str(exc)  # the listing says what is wrong with the plugin set
    args = parser(ctx.host if ctx else None).parse_args(argv)
    if ctx is None:
        args.problem = problem
        _run(args.func(args))
        return
    with context.active(ctx):
        _run(args.func(args))


if __name__ == "__main__":
    main()
