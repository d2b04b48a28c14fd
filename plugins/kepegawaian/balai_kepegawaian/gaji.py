"""The gaji pokok tables as data (PP 15/2019, then PP 5/2024 from 1 January 2024).

No full transcription of either table could be verified, so the plugin ships only the rows it can
cite (``data/gaji_pokok.csv``: the lowest and highest rows quoted in REGULATIONS.md) and the
structure: the agency loads the whole table from the regulation's appendix with
``balai kepegawaian-gaji FILE.csv`` (same columns). Loaded rows take precedence over shipped rows
of the same regulation, golongan and MKG. Where the table has no row, the KGB proposal asks the
Pengelola to type the new gaji pokok from the SK table, and says so.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from balai.api import GOLONGAN, write_transaction

from balai_kepegawaian.tables import GajiPokok

BAWAAN = Path(__file__).parent / "data" / "gaji_pokok.csv"
KOLOM = ("peraturan", "berlaku_mulai", "golongan", "mkg", "gaji", "sumber")


class GajiError(ValueError):
    pass


def baca_csv(path: Path) -> list[dict]:
    """The rows of a table file, checked; GajiError names the first bad line."""
    rows = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [k for k in KOLOM if k not in (reader.fieldnames or [])]
        if missing:
            raise GajiError(f"kolom tidak ada: {', '.join(missing)}")
        for n, r in enumerate(reader, start=2):
            try:
                row = {"peraturan": r["peraturan"].strip(), "berlaku_mulai": date.fromisoformat(r["berlaku_mulai"].strip()),
                       "golongan": r["golongan"].strip(), "mkg": int(r["mkg"]), "gaji": int(r["gaji"]),
                       "sumber": (r.get("sumber") or "").strip()}
            except (ValueError, KeyError) as exc:
                raise GajiError(f"baris {n}: {exc}") from None
            if row["golongan"] not in GOLONGAN or not 0 <= row["mkg"] <= 40 or row["gaji"] <= 0 or not row["peraturan"]:
                raise GajiError(f"baris {n}: golongan, MKG (0-40), gaji (> 0) atau peraturan tidak sah")
            rows.append(row)
    return rows


def bawaan() -> list[dict]:
    return baca_csv(BAWAAN)


def gabung(dimuat: list[dict]) -> list[dict]:
    """The loaded rows over the shipped ones (keyed by regulation, golongan and MKG)."""
    out = {(r["peraturan"], r["golongan"], r["mkg"]): r for r in bawaan()}
    out.update({(r["peraturan"], r["golongan"], r["mkg"]): r for r in dimuat})
    return list(out.values())


async def muat(path: Path) -> int:
    """Load a table file: its rows replace the loaded rows of the same regulation. Returns the count."""
    rows = baca_csv(path)
    async with write_transaction():
        for peraturan in {r["peraturan"] for r in rows}:
            await GajiPokok.delete().where(GajiPokok.peraturan == peraturan)
        if rows:
            await GajiPokok.insert(*[GajiPokok(**r) for r in rows])
    return len(rows)


def add_commands(subparsers) -> None:
    from balai.api import _

    parser = subparsers.add_parser("kepegawaian-gaji", help=_("muat tabel gaji pokok PNS dari berkas CSV"))
    parser.add_argument("berkas", metavar="FILE",
                        help=_("berkas .csv dengan kolom peraturan, berlaku_mulai, golongan, mkg, gaji, sumber"))
    parser.set_defaults(func=perintah_muat)


async def perintah_muat(args) -> None:
    import sys

    from balai.api import _

    try:
        n = await muat(Path(args.berkas))
    except (OSError, GajiError) as exc:
        print(_("Tabel gaji tidak dimuat: %(alasan)s", alasan=str(exc)), file=sys.stderr)
        raise SystemExit(2) from None
    print(_("%(n)s baris tabel gaji pokok dimuat.", n=n))
