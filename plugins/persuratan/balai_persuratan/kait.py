"""The workflow hooks: what must be there before a step may finish, and what finishing a step writes."""

from __future__ import annotations

from datetime import date, datetime, timezone

from balai.api import ActionError, RenderError, _, timeline

from balai_persuratan import penomoran, sop
from balai_persuratan.alur import tugas_terbuka
from balai_persuratan.keluar import _json
from balai_persuratan.masuk import akses, catat_distribusi, peserta, tambah_akses, teks_cari
from balai_persuratan.tables import SuratKeluar, SuratMasuk, TindakLanjut

MILIK = (sop.SURAT_MASUK, sop.SURAT_KELUAR)


def _surat_id(case: dict) -> int | None:
    return case.get("record_id")


async def _keluar(case: dict) -> dict | None:
    row = await SuratKeluar.select().where(SuratKeluar.id == _surat_id(case)).first()
    if row:
        row["isi"] = _json(row["isi"])
    return row


async def periksa_aksi(case: dict, task: dict, action, data: dict) -> list[str]:
    if case["sop"] == sop.SURAT_MASUK:
        if task["step"] in ("tindak_lanjut_kabid", "tindak_lanjut_staf") and action.code == "lapor":
            if not await TindakLanjut.exists().where(TindakLanjut.task_id == task["id"]):
                return [_("Tulis laporan tindak lanjut (isi dan berkas) sebelum melaporkan hasilnya.")]
        return []
    if case["sop"] != sop.SURAT_KELUAR:
        return []
    surat = await _keluar(case)
    if surat is None:
        return [_("Surat keluar untuk kasus ini tidak ditemukan.")]
    return [teks for teks, terpenuhi in syarat_keluar(surat, task["step"], action.code) if not terpenuhi]


def syarat_keluar(surat: dict, step: str, action_code: str | None = None) -> list[tuple[str, bool]]:
    """What an outgoing letter's step needs before its action, each with whether it is there: the
    task page lists them beforehand, and the action is refused with the ones missing."""
    isi = surat["isi"]
    if step == "terima_ttd" and action_code in (None, "serahkan"):
        return [(_("Unggah scan surat yang telah ditandatangani sebelum menyerahkannya ke Pengelola Surat."),
                 bool(isi.get("scan_ttd")))]
    if step == "penomoran" and action_code in (None, "nomori"):
        nomor = isi.get("penomoran") or {}
        return [(_("Isi kode klasifikasi dan kode unit pada data penomoran."),
                 bool(surat["klasifikasi"] and nomor.get("kode_unit"))),
                (_("Scan surat keluar beserta seluruh lampirannya (bukan hanya lembar depan) wajib "
                   "diunggah sebelum penomoran selesai."), bool(nomor.get("scan")))]
    if step == "kirim" and action_code in (None, "terkirim"):
        kirim = isi.get("kirim") or {}
        return [(_("Catat tanda terima: siapa yang menerima, kapan, dan foto/scan tanda terima."),
                 bool(kirim.get("penerima") and kirim.get("diterima_pada") and kirim.get("bukti")))]
    return []


async def selesai_langkah(case: dict, step, task: dict, action, data: dict) -> None:
    now = datetime.now(timezone.utc)
    if case["sop"] == sop.SURAT_MASUK:
        surat_id = _surat_id(case)
        if task["closed_by"]:  # whoever acted on the letter finds it in the agenda afterwards
            await tambah_akses(surat_id, peserta(task["closed_by"]))
        if step.code == "distribusi":  # handed to the unit: its head finds it before the unit registers it
            await tambah_akses(surat_id, akses(task["unit"]))
        elif step.code == "catat_bidang":
            await catat_distribusi(surat_id, task["unit"], task["id"], await _pelaku(case))
        elif step.code == "arsip" and not [t for t in await tugas_terbuka(case["id"]) if t["id"] != task["id"]]:
            await SuratMasuk.update({SuratMasuk.status: "diarsipkan", SuratMasuk.diarsipkan_pada: now}).where(
                SuratMasuk.id == surat_id)
        elif step.code in ("tindak_lanjut_kabid", "tindak_lanjut_staf") and action.code == "lapor":
            await SuratMasuk.update({SuratMasuk.status: "selesai"}).where(
                (SuratMasuk.id == surat_id) & (SuratMasuk.status == "proses"))
        return
    if case["sop"] != sop.SURAT_KELUAR:
        return
    surat = await _keluar(case)
    if step.code == "tanda_tangan" and action.code == "tanda_tangan":
        await SuratKeluar.update({SuratKeluar.ditandatangani_oleh: task["closed_by"],
                                  SuratKeluar.ditandatangani_nama: await _pelaku(case),
                                  SuratKeluar.ditandatangani_pada: now, SuratKeluar.status: "ditandatangani"}).where(
            SuratKeluar.id == surat["id"])
    elif step.code == "penomoran" and action.code == "nomori":
        await beri_nomor(surat, await _pelaku(case), now)
        # The numbered letter, with the letterhead and its verification code, kept in the same
        # transaction: should it fail, the number goes back with the action.
        from balai_persuratan import naskah

        try:
            await naskah.terbitkan_surat(await _keluar(case), task["closed_by"])
        except RenderError as exc:  # the agency's template is broken: refuse, number untaken
            raise ActionError(exc.message) from exc
    elif step.code == "kirim" and action.code == "terkirim":
        kirim = surat["isi"].get("kirim") or {}
        await SuratKeluar.update({
            SuratKeluar.status: "dikirim", SuratKeluar.penerima: kirim.get("penerima", ""),
            SuratKeluar.diterima_pada: datetime.fromisoformat(kirim["diterima_pada"]),
            SuratKeluar.dikirim_nama: await _pelaku(case),
        }).where(SuratKeluar.id == surat["id"])
    elif step.code == "arsip" and action.code == "arsipkan":
        await SuratKeluar.update({SuratKeluar.status: "diarsipkan", SuratKeluar.diarsipkan_pada: now}).where(
            SuratKeluar.id == surat["id"])


async def beri_nomor(surat: dict, oleh: str, now: datetime) -> str:
    """The serial is taken inside the engine's transaction: an action that fails gives its number back."""
    data = surat["isi"].get("penomoran") or {}
    tanggal = date.fromisoformat(data.get("tanggal") or now.date().isoformat())
    async with penomoran.transaksi():
        serial, nomor = await penomoran.beri_nomor(surat["klasifikasi"], data["kode_unit"], tanggal)
        await SuratKeluar.update({
            SuratKeluar.nomor: nomor, SuratKeluar.nomor_urut: serial, SuratKeluar.tanggal_surat: tanggal,
            SuratKeluar.tahun: tanggal.year, SuratKeluar.status: "dinomori", SuratKeluar.dinomori_nama: oleh,
            SuratKeluar.dinomori_pada: now, SuratKeluar.cari: teks_cari(nomor, surat["tujuan"], surat["perihal"]),
        }).where(SuratKeluar.id == surat["id"])
    return nomor


async def _pelaku(case: dict) -> str:
    """Who acted: the newest event of the case (written just before the hook runs)."""
    events = await timeline(case["id"])
    return events[-1].get("actor_name") or "" if events else ""


def panel(case: dict, task: dict, request):
    """The letter, rendered into the task page (awaited by the core: no second request)."""
    if case["sop"] not in MILIK:
        return None
    from balai_persuratan.pages import isi_panel

    return isi_panel(request, case, task)


def zona(moment: datetime, tz: str = "Asia/Makassar") -> datetime:
    """A time typed into a form (local office time) made timezone-aware."""
    from zoneinfo import ZoneInfo

    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))
