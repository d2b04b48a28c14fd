"""Asset census (inventarisasi, every five years): a round over every room that holds assets; in each
room the labels are scanned on a phone and compared with the room's KIR: what is there, what is
missing, what was found here though registered elsewhere, and conditions seen differently.

A scanned line is the label's number (``1.3.2.10.01.02.002.0001``) or the address its QR code opens
(``…/bmd/aset/<id>``), optionally followed by the condition seen (B, KB, RB). The findings are a
report: changing the register (moving an asset, a new condition) stays an event recorded on the
asset's page, with its reason, by the Pengurus Barang.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from balai.api import _, today, write_transaction

from balai_bmd import kib
from balai_bmd.register import BmdError
from balai_bmd.tables import Aset, Ruang, Sensus, SensusRuang

QR = re.compile(r"/bmd/aset/(\d+)\b")


async def buka(judul: str, user) -> dict:
    judul = judul.strip()
    if not judul:
        raise BmdError({"judul": _("Tulis nama putaran inventarisasi, misalnya Inventarisasi 2026.")})
    if len(judul) > 200:
        raise BmdError({"judul": _("Paling banyak %(n)s karakter.", n=200)})
    async with write_transaction():
        if await Sensus.exists().where(Sensus.status == "berjalan"):
            raise BmdError({"judul": _("Masih ada inventarisasi yang berjalan: selesaikan dulu.")})
        rooms = {r["ruang"] for r in await Aset.select(Aset.ruang).where(Aset.ruang.is_not_null()).distinct()}
        row = (await Sensus.insert(Sensus(judul=judul, tanggal=today(), oleh_nama=getattr(user, "full_name", "") or ""))
               .returning(*Sensus.all_columns()))[0]
        if rooms:
            await SensusRuang.insert(*[SensusRuang(sensus=row["id"], ruang=r) for r in sorted(rooms)])
    return row


async def putaran(sensus_id: int) -> tuple[dict | None, list[dict]]:
    row = await Sensus.select().where(Sensus.id == sensus_id).first()
    rooms = {r["id"]: r for r in await Ruang.select()}
    lines = await SensusRuang.select().where(SensusRuang.sensus == sensus_id).output(load_json=True)
    for line in lines:
        line["ruang_nama"] = rooms.get(line["ruang"], {}).get("nama", "")
        line["ruang_kode"] = rooms.get(line["ruang"], {}).get("kode", "")
    return row, sorted(lines, key=lambda r: r["ruang_kode"])


async def daftar() -> list[dict]:
    return await Sensus.select().order_by(Sensus.id, ascending=False)


async def _aset_dari_baris(text: str) -> tuple[list[tuple[dict, str]], list[str]]:
    """The assets and seen conditions of the scanned lines, and the lines that name no asset."""
    found, unknown = [], []
    for raw in text.splitlines():
        parts = raw.strip().split()
        if not parts:
            continue
        seen = parts[-1].upper() if len(parts) > 1 and parts[-1].upper() in kib.KONDISI else ""
        key = parts[0]
        match = QR.search(key)
        row = await Aset.select().where(Aset.id == int(match.group(1))).first() if match else \
            await Aset.select().where(Aset.nomor == key).first()
        if row is None:
            unknown.append(raw.strip())
        else:
            found.append((row, seen))
    return found, unknown


async def periksa(line_id: int, text: str, user) -> dict:
    """Record one room's check: its KIR against the scanned labels."""
    async with write_transaction():
        line = await SensusRuang.select().where(SensusRuang.id == line_id).first()
        if line is None or line["status"] != "belum":
            raise BmdError({"pindai": _("Ruang ini sudah diperiksa pada putaran ini.")})
        found, unknown = await _aset_dari_baris(text)
        if unknown:
            raise BmdError({"pindai": _("Tidak dikenal: %(baris)s", baris=", ".join(unknown[:5]))})
        kir = {a["id"]: a for a in await Aset.select().where(Aset.ruang == line["ruang"])}
        scanned = {a["id"]: (a, seen) for a, seen in found}
        temuan = {"ada": sorted(i for i in scanned if i in kir), "hilang": sorted(i for i in kir if i not in scanned),
                  "masuk": sorted(i for i in scanned if i not in kir),
                  "kondisi": {str(i): [a["kondisi"], seen] for i, (a, seen) in scanned.items() if seen and seen != a["kondisi"]}}
        await SensusRuang.update({SensusRuang.status: "selesai", SensusRuang.temuan: temuan,
                                  SensusRuang.diperiksa_oleh_nama: getattr(user, "full_name", "") or "",
                                  SensusRuang.diperiksa_pada: datetime.now(timezone.utc)}) \
            .where(SensusRuang.id == line_id)
    return temuan


async def nama_aset(ids) -> dict[int, dict]:
    ids = [int(i) for i in ids]
    return {a["id"]: a for a in await Aset.select(Aset.id, Aset.nomor, Aset.nama, Aset.ruang)
            .where(Aset.id.is_in(ids or [0]))}


async def selesai(sensus_id: int) -> None:
    async with write_transaction():
        await Sensus.update({Sensus.status: "selesai"}).where(Sensus.id == sensus_id)
