"""Gap-free counters and the agency's letter-number template.

A counter is one row of ``persuratan_penghitung``, incremented by an ``UPDATE … RETURNING`` in
the same transaction that writes the letter: the row lock makes concurrent clerks wait their
turn, and a failed registration rolls its number back with it, so serials neither repeat nor
skip.
"""

from __future__ import annotations

import re

import string
from datetime import date

from balai.api import _, write_transaction

from balai_persuratan.tables import Pengaturan, Penghitung

PLACEHOLDERS = {"klasifikasi", "nomor", "unit", "bulan", "bulan_angka", "tahun"}
SCOPES = ("klasifikasi", "unit", "tahun")
DEFAULT = {
    "format": "{klasifikasi}/{nomor}/{unit}/DP2KUKM/{tahun}",
    # The counter restarts for each distinct value of these parts of the number.
    "lingkup": ["klasifikasi", "unit", "tahun"],
    # unit id (as text) -> the unit's code in letter numbers, e.g. "Sek.Um"
    "kode_unit": {},
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


transaksi = write_transaction  # the core's: IMMEDIATE on SQLite, so that two writers queue


async def berikutnya(kunci: str) -> int:
    """The next value of counter ``kunci``. Call inside :func:`transaksi`."""
    sql = "UPDATE persuratan_penghitung SET nilai = nilai + 1 WHERE kunci = {} RETURNING nilai"
    rows = await Penghitung.raw(sql, kunci)
    if not rows:
        await Penghitung.raw(
            "INSERT INTO persuratan_penghitung (kunci, nilai) VALUES ({}, 0) ON CONFLICT (kunci) DO NOTHING", kunci
        )
        rows = await Penghitung.raw(sql, kunci)
    return rows[0]["nilai"]


async def nilai(kunci: str) -> int:
    row = await Penghitung.select(Penghitung.nilai).where(Penghitung.kunci == kunci).first()
    return row["nilai"] if row else 0


def kunci_agenda(tahun: int) -> str:
    return f"agenda-masuk:{tahun}"


# --- the per-agency template -----------------------------------------------------------------


async def pengaturan() -> dict:
    row = await Pengaturan.select(Pengaturan.nilai).where(Pengaturan.kunci == "penomoran").first()
    stored = row["nilai"] if row else {}
    if isinstance(stored, str):
        import json

        stored = json.loads(stored)
    return {**DEFAULT, **(stored or {})}


def periksa_format(fmt: str, lingkup: list[str]) -> dict[str, str]:
    """Problems with a number template, by field name."""
    errors = {}
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(fmt) if name is not None}
    except ValueError:
        return {"format": _("Format nomor tidak dapat dibaca (periksa tanda kurung kurawal).")}
    unknown = names - PLACEHOLDERS
    if unknown:
        errors["format"] = _("Bagian format tidak dikenal: %(nama)s. Yang dikenal: %(kenal)s.",
                             nama=", ".join(sorted(unknown)), kenal=", ".join("{%s}" % p for p in sorted(PLACEHOLDERS)))
    elif "nomor" not in names:
        errors["format"] = _("Format nomor harus memuat {nomor}.")
    bad = [s for s in lingkup if s not in SCOPES]
    if bad:
        errors["lingkup"] = _("Lingkup penghitung tidak dikenal: %(nama)s.", nama=", ".join(bad))
    return errors


async def simpan_pengaturan(fmt: str, lingkup: list[str], kode_unit: dict[str, str]) -> dict[str, str]:
    errors = periksa_format(fmt, lingkup)
    if errors:
        return errors
    value = {"format": fmt, "lingkup": list(lingkup), "kode_unit": {str(k): v for k, v in kode_unit.items() if v}}
    async with transaksi():
        exists = await Pengaturan.exists().where(Pengaturan.kunci == "penomoran")
        if exists:
            await Pengaturan.update({Pengaturan.nilai: value}).where(Pengaturan.kunci == "penomoran")
        else:
            await Pengaturan.insert(Pengaturan(kunci="penomoran", nilai=value))
    return {}


def kunci_nomor(setting: dict, klasifikasi: str, unit: str, tahun: int) -> str:
    parts = {"klasifikasi": klasifikasi, "unit": unit, "tahun": str(tahun)}
    return "keluar:" + "|".join(f"{s}={parts[s]}" for s in SCOPES if s in setting["lingkup"])


def susun(setting: dict, klasifikasi: str, nomor: int, unit: str, tanggal: date) -> str:
    """The number by the agency's template; a part left empty (a unit without a code) is dropped
    with its separator, so no number reads "800/2//DP2KUKM/2026"."""
    text = setting["format"].format(
        klasifikasi=klasifikasi, nomor=nomor, unit=unit, tahun=tanggal.year,
        bulan=ROMAN[tanggal.month - 1], bulan_angka=f"{tanggal.month:02d}",
    )
    return re.sub(r"([/.\-])(?:\1)+", r"\1", text).strip("/.- ")


async def beri_nomor(klasifikasi: str, unit: str, tanggal: date) -> tuple[int, str]:
    """Take the next serial of the letter's counter and build its number. Inside a transaction."""
    setting = await pengaturan()
    serial = await berikutnya(kunci_nomor(setting, klasifikasi, unit, tanggal.year))
    return serial, susun(setting, klasifikasi, serial, unit, tanggal)


async def kode_unit(unit_id: int | None) -> str:
    setting = await pengaturan()
    return setting["kode_unit"].get(str(unit_id), "") if unit_id is not None else ""


# --- numbers other plugins ask the core for (the allocate_number hook) -------------------------

# Naskah dinas that leave the agency and so belong in the Buku Agenda Keluar (SOP 16); other kinds
# (receipts, internal reports) are left to the core's counter.
JENIS_AGENDA = frozenset({"surat", "nota_dinas", "surat_tugas", "undangan", "sk", "bast", "berita_acara", "surat_edaran",
                          "pengumuman", "surat_kuasa", "surat_keterangan"})


def untuk_inti(request):
    """The hook's answer: a coroutine for the kinds the agenda numbers, None for the others."""
    if request.kind not in JENIS_AGENDA:
        return None
    return _catat_nomor(request)


async def _catat_nomor(request):
    from datetime import datetime, timezone

    from balai.api import AllocatedNumber, today

    from balai_persuratan.masuk import teks_cari
    from balai_persuratan.tables import SuratKeluar

    tanggal = request.on or today()
    unit = request.unit_code or await kode_unit(request.unit_id)
    async with transaksi():  # joins the core's transaction: a failure gives the serial back
        setting = await pengaturan()
        kunci = kunci_nomor(setting, request.classification, unit, tanggal.year)
        serial = await berikutnya(kunci)
        nomor = susun(setting, request.classification, serial, unit, tanggal)
        oleh = getattr(request.user, "full_name", "") or request.requester
        sumber = {"plugin": request.requester}
        if request.record:
            sumber.update(owner_type=request.record[0], owner_id=request.record[1])
        rows = await SuratKeluar.insert(SuratKeluar(
            jenis=request.kind, tahun=tanggal.year, unit_id=request.unit_id or 0, klasifikasi=request.classification,
            nomor=nomor, nomor_urut=serial, tanggal_surat=tanggal, tujuan=request.addressee,
            perihal=request.subject or request.kind, status="dinomori", isi={"sumber": sumber},
            dibuat_oleh=getattr(request.user, "id", None), dibuat_nama=oleh, dinomori_nama=oleh,
            dinomori_pada=datetime.now(timezone.utc), cari=teks_cari(nomor, request.addressee, request.subject),
        )).returning(SuratKeluar.id)
    return AllocatedNumber(text=nomor, serial=serial, kind=request.kind, on=tanggal, counter=kunci,
                           registered_by="persuratan", register_id=rows[0]["id"])
