"""The Surat Izin Cuti (SOP 13 step 4): an official document made by the core, with the agency's
letterhead, a number from the agency's register and a verification code, kept on the case; and the
signed permit the Pengelola uploads back (step 5)."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from balai.api import (
    Signature, _, allocate_number, issue_document, issued_for, list_documents, numbering_transaction, signature,
    superiors, today,
)

from balai_kepegawaian import aturan, pegawai
from balai_kepegawaian.tables import Cuti, RiwayatJabatan, RiwayatPangkat

TEMPLATE = "kepegawaian/naskah/surat_izin_cuti.html"
JENIS_NASKAH = "surat"  # numbered as a letter: with persuratan, also written in the Buku Agenda Keluar
TTD_DIUNGGAH = "kepegawaian.izin_cuti_ttd"  # the kind of the signed scan on the case
PENANDA_TANGAN = "kepala_dinas"  # Pergub Kaltim 4/2006: the head of the agency grants the leave of its staff
# The Kepala Dinas's own leave is granted above the Dinas: a signature block under this code, when
# the administrator has set one, else the grantor's title alone.
PENANDA_TANGAN_LUAR = "sekretaris_daerah"

# Permendagri 83/2022, 800.1.11 Administrasi Pegawai: the leave kinds' codes, as read from public
# transcriptions of its appendix (cuti bersama has no permit of its own: the parent code).
KLASIFIKASI = {
    aturan.SAKIT: "800.1.11.2",
    aturan.MELAHIRKAN: "800.1.11.3",
    aturan.TAHUNAN: "800.1.11.4",
    aturan.ALASAN_PENTING: "800.1.11.5",
    aturan.BESAR: "800.1.11.6",
    aturan.CLTN: "800.1.11.7",
}


def klasifikasi(jenis: str) -> str:
    return KLASIFIKASI.get(jenis, "800.1.11")


def terbilang_lama(cuti: dict) -> int:
    jenis = aturan.JENIS.get(cuti["jenis"])
    return cuti["hari_kerja"] if jenis is None or jenis.satuan == "hari_kerja" else cuti["hari_kalender"]


async def penanda_tangan(cuti: dict, atasan_luar: bool) -> Signature | None:
    """Who grants the leave, as printed: the block the administrator set for the Kepala Dinas, else
    the holder of the Kepala Dinas position as the personnel file has them (name, pangkat, NIP);
    signed "Plh." by whoever stands in for that position today."""
    if atasan_luar:
        return await signature(PENANDA_TANGAN_LUAR)
    block = await signature(PENANDA_TANGAN)
    p = await pegawai.ambil(cuti["pegawai"])
    chain = await superiors(p["user_id"]) if p["user_id"] else []
    top = next((level for level in reversed(chain) if not level.outside), None)
    if top is None:
        return block
    if block is None and top.holder_id and (holder := await pegawai.milik(top.holder_id)):
        who = await _orang(holder)
        block = Signature(title=_("Kepala Dinas"), name=who["nama"], pangkat=who["pangkat"], nip=who["nip"],
                          code=PENANDA_TANGAN)
    if block is not None and top.stand_in is not None:
        acting = await pegawai.milik(top.stand_in.user_id)
        who = await _orang(acting) if acting else {"nama": top.stand_in.name, "pangkat": "", "nip": ""}
        block = block.acting(top.stand_in.prefix, name=who["nama"], pangkat=who["pangkat"], nip=who["nip"])
    return block


async def _orang(p: dict) -> dict:
    pangkat = pegawai.terakhir(await RiwayatPangkat.select().where(RiwayatPangkat.pegawai == p["id"]))
    return {"nama": pegawai.nama_lengkap(p), "nip": pegawai.format_nip(p["nip"]),
            "pangkat": pegawai.label_pangkat(pangkat["golongan"]) if pangkat else ""}


async def _data_pegawai(cuti: dict) -> dict:
    p = await pegawai.ambil(cuti["pegawai"])
    pangkat = pegawai.terakhir(await RiwayatPangkat.select().where(RiwayatPangkat.pegawai == p["id"]))
    jabatan = pegawai.terakhir(await RiwayatJabatan.select().where(RiwayatJabatan.pegawai == p["id"]))
    units = await pegawai.nama_unit()
    return {"nama": pegawai.nama_lengkap(p), "nip": pegawai.format_nip(p["nip"]),
            "pangkat": pegawai.label_pangkat(pangkat["golongan"]) if pangkat else "",
            "jabatan": jabatan["nama_jabatan"] if jabatan else "", "unit": units.get(p["unit_id"], "")}


async def isi(cuti: dict, atasan_luar: bool = False) -> dict:
    """What the template is filled with."""
    jenis = aturan.label(cuti["jenis"])
    satuan = aturan.JENIS[cuti["jenis"]].satuan if cuti["jenis"] in aturan.JENIS else "hari_kerja"
    return {
        "title": _("Surat Izin %(jenis)s %(nama)s", jenis=jenis, nama=(await pegawai.ambil(cuti["pegawai"]))["nama"]),
        "judul": _("Surat Izin %(jenis)s", jenis=jenis), "jenis": jenis, "cuti": cuti, "issued_on": today(),
        "lama": terbilang_lama(cuti), "hari_kerja": satuan == "hari_kerja",
        "pegawai": await _data_pegawai(cuti),
        # Printed when the administrator has set no signature block for the grantor.
        "pejabat": _("Pejabat yang berwenang memberikan cuti") if atasan_luar else _("Kepala Dinas"),
        "tembusan": [_("Kepala Badan Kepegawaian Daerah Provinsi Kalimantan Timur"),
                     _("Atasan langsung yang bersangkutan"), _("Yang bersangkutan")],
    }


def _sidik(cuti: dict) -> str:
    parts = [cuti["id"], cuti["jenis"], cuti["mulai"], cuti["selesai"], cuti["hari_kerja"], cuti["nomor_surat"]]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


async def terbitkan(cuti: dict, case: dict, *, user, unit_id: int, base_url: str = "") -> dict:
    """Number the permit and keep it on the case, in one numbering transaction (a failure gives the
    number back). Issued again for the same request it is the next version, with the same number."""
    atasan_luar = bool((case.get("data") or {}).get("atasan_luar"))
    signer = await penanda_tangan(cuti, atasan_luar)
    ctx = await isi(cuti, atasan_luar)
    async with numbering_transaction():
        nomor = cuti["nomor_surat"]
        if not nomor:
            allocated = await allocate_number(
                JENIS_NASKAH, classification=klasifikasi(cuti["jenis"]), unit_id=unit_id, on=today(),
                subject=ctx["title"], addressee=ctx["pegawai"]["nama"], requester="kepegawaian",
                record=("kepegawaian_cuti", cuti["id"]), user=user)
            nomor = allocated.text
            await Cuti.update({Cuti.nomor_surat: nomor}).where(Cuti.id == cuti["id"])
            cuti = {**cuti, "nomor_surat": nomor}
        return await issue_document(
            TEMPLATE, kind=JENIS_NASKAH, title=ctx["title"], owner=("case", case["id"]), user=user, context=ctx,
            number=nomor, signer=signer, filename=f"surat-izin-cuti-{cuti['id']}.pdf", base_url=base_url,
            fingerprint=_sidik(cuti))


async def surat_izin(case_id: int | None) -> dict | None:
    """The newest permit issued on the case, or None."""
    if not case_id:
        return None
    return next((r for r in await issued_for("case", case_id) if r["template"] == TEMPLATE), None)


async def surat_bertanda_tangan(case_id: int | None) -> dict | None:
    """The signed permit uploaded on the case (the newest), or None."""
    if not case_id:
        return None
    return next((d for d in await list_documents("case", case_id) if d.get("kind") == TTD_DIUNGGAH), None)


def tanggal_terbit(row: dict | None) -> date | None:
    return row["issued_on"] if row else None
