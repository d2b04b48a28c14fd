"""Sealed content as a core plugin: its table, the key check at start-up, its columns, its commands."""

from __future__ import annotations

from balai.api import hookimpl


@hookimpl
def piccolo_apps():
    return ["balai.sealed.piccolo_app"]


@hookimpl
def startup(app):
    """No app starts with sealed data it cannot open, or a sealed SOP and no key."""
    from balai.sealed.service import ensure_keys

    return ensure_keys()


@hookimpl
def sealed_columns():
    from balai.documents.tables import DocumentVersion
    from balai.workflow.tables import Case, CaseEvent, Task

    return [Case.data, Task.data, Task.note, Task.instruction, CaseEvent.note, CaseEvent.data, DocumentVersion.sealed]


@hookimpl
def cli_commands(subparsers):
    r = subparsers.add_parser("reseal", help="segel ulang semua isi tertutup dengan kunci penyegelan terbaru")
    r.set_defaults(func=cmd_reseal)
    k = subparsers.add_parser("sealing-key", help="kunci penyegelan isi tertutup: daftar, atau tambah kunci baru")
    k.add_argument("--new", action="store_true", help="buat kunci baru (di atas berkas kunci, atau dicetak)")
    k.set_defaults(func=cmd_sealing_key)


def cmd_reseal(args) -> None:
    from balai.cli import run_with_database
    from balai.sealed.reseal import reseal

    result = run_with_database(reseal())
    if not result.newest:
        print("Tidak ada kunci penyegelan dan tidak ada isi tertutup: tidak ada yang disegel ulang.")
        return
    for column, n in result.resealed.items():
        print(f"  {column:<40} {n} nilai disegel ulang")
    print(f"Kunci terbaru: {result.newest}.")
    if result.left:
        left = ", ".join(f"{kid} ({n})" for kid, n in sorted(result.left.items()))
        print(f"MASIH memakai kunci lama: {left}. Jalankan lagi setelah semua server memuat kunci terbaru.")
        raise SystemExit(1)
    if result.retired:
        print(f"Kunci {', '.join(result.retired)} tidak dipakai lagi: boleh dihapus dari berkas kunci "
              "(atau BALAI_SEALING_KEY) setelah cadangan basis data yang baru dibuat.")


def cmd_sealing_key(args) -> None:
    from balai import context
    from balai.cli import run_with_database
    from balai.sealed import keys
    from balai.sealed.tables import SealingKeyUse

    config = context.current().config
    if args.new:
        if config.sealing_key:
            print(keys.new_key())
            print("Letakkan kunci ini PALING DEPAN di BALAI_SEALING_KEY pada setiap server (kunci lama tetap di "
                  "belakangnya), mulai ulang, lalu jalankan `balai reseal`.")
            return
        path = keys.key_file(config)
        kid = keys.add_key(path)
        print(f"Kunci baru {kid} ditambahkan di atas {path}. Cadangkan berkas ini, mulai ulang Balai, "
              "lalu jalankan `balai reseal`.")
        return
    ring = keys.configured(config)
    if ring is None:
        print(f"Belum ada kunci penyegelan (BALAI_SEALING_KEY atau {keys.key_file(config)}).")
        return
    rows = run_with_database(SealingKeyUse.select())
    state = {r["key_id"]: ("pensiun" if r["retired_at"] else "dipakai") for r in rows}
    print(f"Kunci penyegelan dari {ring.source} (terbaru di atas):")
    for kid in ring.ids:
        print(f"  {kid}  {state.get(kid, 'belum dipakai')}")
