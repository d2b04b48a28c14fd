"""The workflow hooks of the proposals (SOP 11 KGB, SOP 14 KP, SOP 12 pensiun): what must hold
before each action, what the action writes, and the proposal shown on each task page.

Writes happen in ``step_completed``, inside the engine's transaction: a letter that cannot be
rendered or a history row that cannot be written refuses the action and nothing stays half-done.
"""

from __future__ import annotations

from balai.api import (
    ActionError, RenderError, _, format_date, list_documents, notify, render_fragment, role_holders, today,
)

from balai_kepegawaian import kgb, kp, naskah_usulan, pegawai, pensiun, usulan
from balai_kepegawaian.tables import ArsipPegawai, HukumanDisiplin, PenilaianKinerja, RiwayatKGB, RiwayatPangkat

SOP_USULAN = (kgb.KGB, kp.KP, pensiun.PENSIUN)
BUKTI = "kepegawaian.bukti_usulan"  # the proof of submission to the outside system, on the case
SK_PANGKAT = ("sk_pangkat", "sk_pns", "sk_cpns")


def milik(case: dict) -> bool:
    return case.get("sop") in SOP_USULAN


def angka(value) -> int | None:
    text = str(value or "").replace(".", "").replace(",", "").replace("Rp", "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 1_000_000_000 else None


async def syarat_kinerja(pegawai_id: int, tahun: tuple[int, ...]) -> list[str]:
    """The ratings the raise or promotion needs that are missing or below "baik"."""
    rows = {r["tahun"]: r["predikat"] for r in await PenilaianKinerja.select().where(
        (PenilaianKinerja.pegawai == pegawai_id) & PenilaianKinerja.tahun.is_in(list(tahun)))}
    out = []
    for t in tahun:
        if t not in rows:
            out.append(_("Predikat kinerja tahun %(tahun)s belum dicatat di data pegawai.", tahun=t))
        elif rows[t] not in ("baik", "sangat_baik"):
            out.append(_("Predikat kinerja tahun %(tahun)s %(predikat)s: paling rendah Baik.", tahun=t,
                         predikat=str(pegawai.PREDIKAT.get(rows[t], rows[t]))))
    return out


async def syarat_disiplin(pegawai_id: int) -> list[str]:
    """The statement "tidak pernah dijatuhi hukuman disiplin" can be signed only if it is true."""
    pada = today()
    out = []
    for h in await HukumanDisiplin.select().where(HukumanDisiplin.pegawai == pegawai_id):
        if h["tingkat"] in ("sedang", "berat"):
            out.append(_("Tercatat hukuman disiplin tingkat %(tingkat)s (%(jenis)s): surat keterangan tidak dapat dibuat.",
                         tingkat=h["tingkat"], jenis=h["jenis"]))
        elif h["mulai"] <= pada and (h["selesai"] is None or h["selesai"] >= pada):
            out.append(_("Sedang menjalani hukuman disiplin %(jenis)s.", jenis=h["jenis"]))
    return out


async def arsip_ada(pegawai_id: int, jenis: tuple[str, ...], tahun: int | None = None) -> bool:
    where = (ArsipPegawai.pegawai == pegawai_id) & ArsipPegawai.jenis.is_in(list(jenis))
    if tahun is not None:
        where &= ArsipPegawai.tahun == tahun
    return await ArsipPegawai.exists().where(where)


async def bukti(case_id: int) -> dict | None:
    return next((d for d in await list_documents("case", case_id) if d.get("kind") == BUKTI), None)


# --- before an action ---------------------------------------------------------------------------

async def periksa_aksi(case: dict, task: dict, action, data: dict) -> list[str]:
    if not milik(case):
        return []
    u = await usulan.dari_kasus(case)
    if u is None:
        return [_("Usulan untuk kasus ini tidak ditemukan.")]
    step, code, pid = task["step"], action.code, u["pegawai"]
    errors: list[str] = []
    if case["sop"] == kp.KP:
        return await kp.periksa(u, step, code, data)
    if case["sop"] == pensiun.PENSIUN:
        return await pensiun.periksa(u, step, code, data)
    if step == "usul" and not u["data"].get("gaji_baru") and angka(data.get("gaji_baru")) is None:
        errors.append(_("Gaji pokok baru tidak ada di tabel gaji: isi dari lampiran peraturan gaji yang berlaku."))
    if step == "lengkapi":
        errors += await syarat_kinerja(pid, (u["tmt"].year - 1,))
        errors += await syarat_disiplin(pid)
        if not await arsip_ada(pid, SK_PANGKAT):
            errors.append(_("SK pangkat terakhir belum ada di arsip dokumen pegawai."))
    if step == "keterangan" and not data.get("pidana_diperiksa"):
        errors.append(_("Centang pernyataan bahwa yang bersangkutan tidak sedang dalam proses pidana."))
    if step == "ekgb":
        if not str(data.get("nomor_pengajuan") or "").strip():
            errors.append(_("Nomor pengajuan di e-KGB wajib diisi."))
        if await bukti(case["id"]) is None:
            errors.append(_("Unggah bukti pengajuan dari e-KGB (tangkapan layar atau PDF)."))
    if step == "serahkan":
        errors += await periksa_serah(u, data)
    return errors


async def periksa_serah(u: dict, data: dict) -> list[str]:
    errors = []
    if not u["data"].get("sk_arsip_id"):
        errors.append(_("Unggah SK yang diterbitkan (PDF atau gambar hasil pindai)."))
    if not str(data.get("nomor_sk") or u["data"].get("nomor_sk") or "").strip():
        errors.append(_("Nomor SK wajib diisi."))
    belum = [str(label) for kode, label in kgb.PENERIMA_SK if not data.get(f"terima_{kode}")]
    if belum:
        errors.append(_("Tanda terima SK belum dicatat untuk: %(siapa)s.", siapa=", ".join(belum)))
    return errors


# --- after an action ----------------------------------------------------------------------------

async def selesai_langkah(case: dict, step, task: dict, action, data: dict) -> None:
    if not milik(case):
        return
    u = await usulan.dari_kasus(case)
    try:
        if case["sop"] == kp.KP:
            await kp.selesai(case, u, step.code, task, action.code, data)
        elif case["sop"] == pensiun.PENSIUN:
            await pensiun.selesai(case, u, step.code, task, action.code, data)
        else:
            await _selesai_kgb(case, u, step.code, task, action.code, data)
    except RenderError as exc:
        raise ActionError(exc.message) from None


async def unit_pengolah(user_id: int | None, fallback: int) -> int:
    officer = await pegawai.milik(user_id) if user_id else None
    return officer["unit_id"] if officer else fallback


async def _selesai_kgb(case: dict, u: dict, step: str, task: dict, code: str, data: dict) -> None:
    oleh = task["closed_by"]
    if step == "usul":
        baru = u["data"].get("gaji_baru") or angka(data.get("gaji_baru"))
        await usulan.ubah(u["id"], gaji_baru=baru, unit_pengolah=await unit_pengolah(oleh, case["unit"]))
    elif step == "keterangan":
        await usulan.ubah(u["id"], pidana_diperiksa=True, pidana_diperiksa_oleh=oleh)
    elif step == "ttd_kadis":
        await terbitkan_semua(case, u, kgb.NASKAH, await konteks_kgb(u), user=oleh)
    elif step == "ekgb":
        await usulan.ubah(u["id"], status="diajukan", nomor_pengajuan=str(data.get("nomor_pengajuan") or "").strip())
    elif step == "pantau" and code == "disetujui":
        await usulan.ubah(u["id"], status="disetujui", nomor_hasil=str(data.get("nomor_hasil") or "").strip())
    elif step == "pantau":
        await usulan.ubah(u["id"], status="ditolak", alasan=task.get("note") or "")
        await kabari(u, _("Usulan KGB Anda TMT %(tmt)s ditolak BKN: %(alasan)s", tmt=format_date(u["tmt"], "long"),
                          alasan=task.get("note") or ""))
    elif step == "serahkan":
        d = u["data"]
        await RiwayatKGB.insert(RiwayatKGB(
            pegawai=u["pegawai"], tmt=u["tmt"], golongan=d.get("golongan", ""), gaji_pokok=d.get("gaji_baru") or 0,
            mkg_tahun=(d.get("mkg") or [0, 0])[0], mkg_bulan=(d.get("mkg") or [0, 0])[1],
            nomor_sk=str(data.get("nomor_sk") or d.get("nomor_sk") or "")[:100], tanggal_sk=today()))
        await pegawai.selaraskan(u["pegawai"])
        await serahkan_sk(u, data, oleh, _("SK kenaikan gaji berkala Anda TMT %(tmt)s telah terbit dan diarsipkan.",
                                           tmt=format_date(u["tmt"], "long")))


async def serahkan_sk(u: dict, data: dict, oleh, pesan) -> None:
    """Row 6/7 of each SOP: the receipts recorded, the proposal done, the PNS and Keuangan told."""
    diterima = {kode: today().isoformat() for kode, _label in kgb.PENERIMA_SK if data.get(f"terima_{kode}")}
    await usulan.ubah(u["id"], status="selesai", diserahkan=diterima, diserahkan_oleh=oleh,
                      nomor_sk=str(data.get("nomor_sk") or u["data"].get("nomor_sk") or "").strip())
    await kabari(u, pesan)
    await notify(await role_holders("pengelola_keuangan", None),
                 _("SK %(jenis)s %(nama)s diserahkan ke Subbag Keuangan.", jenis=usulan.subjek_singkat(u),
                   nama=(await pegawai.ambil(u["pegawai"]))["nama"]), "/kepegawaian/usulan")


async def kabari(u: dict, pesan) -> None:
    p = await pegawai.ambil(u["pegawai"])
    if p and p["user_id"]:
        await notify([p["user_id"]], pesan, "/kepegawaian/saya")


# --- the letters --------------------------------------------------------------------------------

async def konteks_kgb(u: dict) -> dict:
    d = u["data"]
    p = await naskah_usulan.isi_pegawai(u["pegawai"])
    return {
        "title": _("Usul KGB %(nama)s", nama=p["nama"]), "pegawai": p,
        "tujuan": _("Kepala Badan Kepegawaian Daerah Provinsi Kalimantan Timur"),
        "gaji_lama": pegawai.rupiah(d.get("gaji_lama")), "gaji_baru": pegawai.rupiah(d.get("gaji_baru")),
        "mkg": d.get("mkg") or [0, 0], "tmt": u["tmt"], "ditunda_bulan": d.get("ditunda_bulan") or 0,
        "tmt_semula": d.get("tmt_semula"), "peraturan": d.get("gaji_sumber", ""), "dasar_lama": "",
        "keperluan": _("usul kenaikan gaji berkala"),
        "tembusan": [_("Yang bersangkutan"), _("Subbag Keuangan"), _("Arsip")],
    }


async def terbitkan_semua(case: dict, u: dict, naskah, context: dict, *, user) -> None:
    unit_id = u["data"].get("unit_pengolah") or case["unit"]
    for kode, template, label in naskah:
        await naskah_usulan.terbitkan(template, {**context, "title": f"{label} — {context['pegawai']['nama']}"},
                                      case_id=case["id"], pegawai_id=u["pegawai"], user=user, unit_id=unit_id,
                                      filename=f"{kode}-{u['jenis']}-{u['id']}.pdf")


async def konteks(u: dict) -> tuple[tuple, dict]:
    """The letters of a proposal and what fills them."""
    if u["jenis"] == "kp":
        return kp.NASKAH, await kp.konteks(u)
    if u["jenis"] == "pensiun":
        return pensiun.NASKAH, await pensiun.konteks(u)
    return kgb.NASKAH, await konteks_kgb(u)


# --- the task page ------------------------------------------------------------------------------

async def panel(case: dict, task: dict, request):
    if not milik(case):
        return None
    from balai_kepegawaian import usulan_pages

    u = await usulan.dari_kasus(case)
    if u is None:
        return None
    return render_fragment(request, "kepegawaian/usulan/_panel.html",
                           **await usulan_pages.isi_panel(request, u, case, task))


async def pangkat_terakhir(pegawai_id: int) -> dict | None:
    return pegawai.terakhir(await RiwayatPangkat.select().where(RiwayatPangkat.pegawai == pegawai_id))
