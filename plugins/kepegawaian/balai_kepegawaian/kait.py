"""SOP 13's workflow hooks: what must hold before a step's action, what the action writes to the
request and its balance, and the request shown on each task page.

The writes happen in ``step_completed``, inside the engine's transaction: a refused change of dates
or a permit that cannot be rendered raises ActionError and the action, the request and the ledger
all stay as they were.
"""

from __future__ import annotations

from datetime import date

from balai.api import ActionError, RenderError, _, format_date, notify, render_fragment

from balai_kepegawaian import cuti, izin, pegawai, sop
from balai_kepegawaian.alur import LANGKAH_ATASAN
from balai_kepegawaian.cuti import CutiError


def _milik(case: dict) -> bool:
    return case.get("sop") == sop.CUTI


def _cuti_id(case: dict) -> int | None:
    return (case.get("data") or {}).get("cuti_id") or case.get("record_id")


def tanggal(data: dict, name: str) -> date | None:
    try:
        return date.fromisoformat(str(data.get(name) or "").strip())
    except ValueError:
        return None


async def periksa_aksi(case: dict, task: dict, action, data: dict) -> list[str]:
    if not _milik(case):
        return []
    row = await cuti.get_cuti(_cuti_id(case))
    if row is None:
        return [_("Permintaan cuti untuk kasus ini tidak ditemukan.")]
    if task["step"] in LANGKAH_ATASAN and action.code == "ubah":
        mulai, selesai = tanggal(data, "mulai"), tanggal(data, "selesai")
        if mulai is None or selesai is None:
            return [_("Isi tanggal mulai dan selesai yang baru pada formulir \u201cUbah tanggal\u201d di atas.")]
        if (mulai, selesai) == (row["mulai"], row["selesai"]):
            return [_("Tanggal baru sama dengan yang diajukan: pilih Setujui.")]
        return await cuti.periksa(row["pegawai"], row["jenis"], mulai, selesai, row["keterangan"], row["dokumen"],
                                  kecuali=row["id"])
    if task["step"] in LANGKAH_ATASAN and action.code == "tangguhkan":
        if row["jenis"] not in (cuti.TAHUNAN, cuti.BESAR) or row["keterangan"].get("melahirkan"):
            return [_("Hanya cuti tahunan dan cuti besar yang dapat ditangguhkan.")]
    if task["step"] == "unggah" and action.code == "unggah":
        if await izin.surat_bertanda_tangan(case["id"]) is None:
            return [_("Unggah Surat Izin Cuti yang telah ditandatangani sebelum menyelesaikan langkah ini.")]
    return []


async def selesai_langkah(case: dict, step, task: dict, action, data: dict) -> None:
    if not _milik(case):
        return
    cuti_id, oleh, catatan = _cuti_id(case), task["closed_by"], task.get("note") or ""
    try:
        row = None
        if step.code in LANGKAH_ATASAN:
            if action.code == "ubah":
                row = await cuti.ubah(cuti_id, tanggal(data, "mulai"), tanggal(data, "selesai"), oleh=oleh)
            elif action.code == "tangguhkan":
                row = await cuti.putuskan(cuti_id, cuti.DITANGGUHKAN, oleh=oleh, catatan=catatan)
            elif action.code == "tolak":
                row = await cuti.putuskan(cuti_id, cuti.DITOLAK, oleh=oleh, catatan=catatan)
        elif step.code == "verifikasi" and action.code == "disetujui":
            # The BKD verifier's approval is the grant: the reserved days become leave taken.
            nomor = str(data.get("nomor_hasil") or "").strip()
            row = await cuti.putuskan(cuti_id, cuti.DISETUJUI, oleh=oleh,
                                      catatan=_("Disetujui verifikator BKD di si-Pecut %(nomor)s", nomor=nomor).strip())
        elif step.code == "verifikasi" and action.code == "ditolak_bkd":
            row = await cuti.putuskan(cuti_id, cuti.DITOLAK, oleh=oleh, catatan=catatan)
        elif step.code == "cetak" and action.code == "terbitkan":
            # Numbered for the unit of the officer who prepares it (Sub Bagian Umum), not the Dinas
            # where the Pengelola's role is held.
            officer = await pegawai.milik(oleh) if oleh else None
            await izin.terbitkan(await cuti.get_cuti(cuti_id), case, user=oleh,
                                 unit_id=officer["unit_id"] if officer else task["unit"])
        if row is not None:
            await kabari(case, row, action.code == "ubah")
    except CutiError as exc:
        raise ActionError(exc.messages) from None
    except RenderError as exc:  # the agency's template is broken: refused, and the number given back
        raise ActionError(exc.message) from None


async def kabari(case: dict, row: dict, diubah: bool) -> None:
    """Tell the employee (and whoever applied for them) what became of the request: their own
    steps reach their inbox anyway, an answer that ends it or moves its dates would not."""
    p = await pegawai.ambil(row["pegawai"])
    tanggal_ = _("%(mulai)s s.d. %(selesai)s", mulai=format_date(row["mulai"], "d MMM yyyy"),
                 selesai=format_date(row["selesai"], "d MMM yyyy"))
    if diubah:
        message = _("Tanggal %(jenis)s Anda diubah atasan menjadi %(tanggal)s.", jenis=row["label"], tanggal=tanggal_)
    else:
        message = _("%(jenis)s %(tanggal)s: %(status)s.", jenis=row["label"], tanggal=tanggal_,
                    status=cuti.label_status(row["status"]))
    await notify([p["user_id"], case.get("opened_by")], message, f"/kepegawaian/cuti/{row['id']}")


async def panel(case: dict, task: dict, request):
    """The request on its task page: the employee, the dates and their count, the balance, the
    documents, the unit's leave calendar with the overlaps, and the forms of the step."""
    if not _milik(case):
        return None
    from balai_kepegawaian import cuti_pages

    row = await cuti.get_cuti(_cuti_id(case))
    if row is None:
        return None
    return render_fragment(request, "kepegawaian/cuti/_panel.html",
                           **await cuti_pages.isi_panel(request, row, case, task))
