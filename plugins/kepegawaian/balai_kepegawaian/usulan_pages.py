"""The pages of the proposals (SOP 11, 14, 12): the forecast ("Jadwal Kepegawaian": who is due in the
next 1, 3, 6 or 12 months and what is missing for each), the list of proposals, the draft letters,
and the step form of each task (figures, uploads, receipts) that acts in one transaction."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, DocumentError, Form, MaybeQueryText, MultipartForm, PathId, PathText, TaskState, _, act, can_view_case,
    case_tasks, case_url, client_ip, get_case, may_work_on, redirect, render, save_upload, task_url, today,
    write_transaction,
)

from balai_kepegawaian import arsip, kgb, kp, naskah_usulan, pegawai, pensiun, prakiraan, usulan, usulan_alur

KELOLA = "kepegawaian.kelola"
SOPS = {kgb.KGB: kgb.SOP_11, kp.KP: kp.SOP_14, pensiun.PENSIUN: pensiun.SOP_12}
SK_JENIS = {"kgb": "sk_kgb", "kp": "sk_pangkat", "pensiun": "sk_pensiun"}

# What each step's form asks for, beyond its buttons.
ISIAN = {
    (kgb.KGB, "usul"): ("gaji_baru",),
    (kgb.KGB, "keterangan"): ("pidana",),
    (kgb.KGB, "ekgb"): ("nomor_pengajuan", "bukti"),
    (kgb.KGB, "pantau"): ("nomor_hasil", "note"),
    (kgb.KGB, "serahkan"): ("sk", "terima"),
    (kp.KP, "terima"): ("jenis_kp",),
    (kp.KP, "kirim"): ("nomor_pengajuan", "bukti"),
    (kp.KP, "pantau"): ("nomor_hasil", "tms", "note"),
    (kp.KP, "serahkan"): ("sk", "terima"),
    (pensiun.PENSIUN, "surat"): ("pidana",),
    (pensiun.PENSIUN, "purgas"): ("nomor_pengajuan", "bukti"),
    (pensiun.PENSIUN, "pantau"): ("nomor_hasil", "note"),
    (pensiun.PENSIUN, "serahkan"): ("sk", "terima"),
}
SISTEM = {kgb.KGB: kgb.E_KGB, kp.KP: kp.SISTEM, pensiun.PENSIUN: pensiun.SISTEM}


def kelola(request: Request):
    """The signed-in Pengelola Kepegawaian, or 403 (the pages and the API alike)."""
    user = request.scope["user"]
    if not user.can(KELOLA):
        raise PermissionDeniedException(_("Jadwal kepegawaian hanya untuk Pengelola Kepegawaian."))
    return user


def _bulan(value) -> int:
    try:
        n = int(value or 3)
    except (TypeError, ValueError):
        return 3
    return n if n in prakiraan.HORIZON else 3


async def _jadwal(request: Request, bulan, jenis, status_code: int = 200, **extra) -> Response:
    kelola(request)
    n = _bulan(bulan)
    jenis = jenis if jenis in prakiraan.JENIS else ""
    items = await prakiraan.daftar(bulan=n, jenis=jenis)
    return render(request, "kepegawaian/usulan/jadwal.html", status_code=status_code, items=items, bulan=n, jenis=jenis,
                  horizon=prakiraan.HORIZON, pilihan_jenis=[(k, prakiraan.label_jenis(k)) for k in prakiraan.JENIS],
                  hari_ini=today(), label_status=usulan.label_status, case_url=case_url, **extra)


@get("/jadwal", opt={"permission": KELOLA})
async def jadwal(request: Request, bulan: MaybeQueryText = None, jenis: MaybeQueryText = None) -> Response:
    return await _jadwal(request, bulan, jenis)


@post("/jadwal/buka", opt={"permission": KELOLA})
async def buka(request: Request, data: Form) -> Response:
    """"Buat usulan": the Pengelola opens a proposal that is due (the schedule would have, at its next run)."""
    user = kelola(request)
    bulan, jenis = data.get("bulan"), data.get("jenis_filter")
    try:
        pid = int(data.get("pegawai_id") or 0)
    except ValueError:
        pid = 0
    item = await usulan.item_untuk(pid, str(data.get("jenis") or ""))
    if item is None:
        return await _jadwal(request, bulan, jenis, 400, galat=_("Tidak ada jadwal kepegawaian untuk pilihan ini."))
    try:
        row = await usulan.buka(item, user=user)
    except ActionError as exc:
        return await _jadwal(request, bulan, jenis, 400, galat=" ".join(exc.messages))
    if row is None:
        return redirect(request, f"/kepegawaian/jadwal?bulan={_bulan(bulan)}",
                        _("Usulan ini sudah dibuat sebelumnya."), "warning")
    return redirect(request, case_url(row["case_id"]), _("Usulan %(subjek)s dibuat; tugas pertama ada di kotak masuk.",
                                                          subjek=usulan.subjek_singkat(row)))


@get("/usulan", opt={"permission": KELOLA})
async def daftar(request: Request, jenis: MaybeQueryText = None, status: MaybeQueryText = None) -> Response:
    kelola(request)
    jenis = jenis if jenis in prakiraan.JENIS else ""
    rows = await usulan.daftar(jenis=jenis or "", status=status or "")
    return render(request, "kepegawaian/usulan/daftar.html", rows=rows, jenis=jenis, status=status or "",
                  pilihan_jenis=[(k, prakiraan.label_jenis(k)) for k in prakiraan.JENIS],
                  label_status=usulan.label_status, label_jenis=prakiraan.label_jenis, case_url=case_url,
                  jenis_kp=kp.JENIS_KP)


async def _usulan_terlihat(request: Request, usulan_id: int) -> tuple[dict, dict]:
    u = await usulan.ambil(usulan_id)
    if u is None or not u["case_id"] or not await can_view_case(request.scope["user"], u["case_id"]):
        raise NotFoundException(_("Usulan tidak ditemukan."))
    return u, await get_case(u["case_id"])


# The reviewers (Kasubag, Sekretaris, Kepala Dinas) read drafts and act without the Pengelola's
# permission: seeing the case (holding one of its tasks) is what counts.
@get("/usulan/{usulan_id:int}/konsep/{kode:str}", opt={"permission": LOGIN}, media_type="application/pdf")
async def konsep(request: Request, usulan_id: PathId, kode: PathText) -> Response:
    """A letter of the proposal as a draft (KONSEP, no number), for whoever reviews it."""
    u, _case = await _usulan_terlihat(request, usulan_id)
    letters, context = await usulan_alur.konteks(u)
    template = next((t for k, t, _label in letters if k == kode), None)
    if template is None:
        raise NotFoundException(_("Surat tidak dikenal."))
    pdf = await naskah_usulan.konsep(template, context, u["pegawai"])
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="konsep-{kode}-{u["id"]}.pdf"'})


async def _tugas_saya(user, u: dict, task_id: int) -> dict | None:
    task = next((t for t in await case_tasks(u["case_id"]) if t["id"] == task_id), None)
    if task is None or task["state"] not in TaskState.OPEN:
        return None
    return task if await may_work_on(user, [task]) else None


async def isi_panel(request: Request, u: dict, case: dict, task: dict, form: dict | None = None,
                    errors: list[str] | None = None) -> dict:
    """What the task page's panel shows: the proposal's figures, the checks of the step, the letters
    (drafts before the signature, issued after) and, for whoever may act, the step's form."""
    user = request.scope["user"]
    mine = task["state"] in TaskState.OPEN and bool(await may_work_on(user, [task]))
    step = SOPS[case["sop"]].step(task["step"])
    letters, _context = await usulan_alur.konteks(u)
    checks = await _pemeriksaan(u, case, task["step"])
    return {
        "u": u, "case": case, "task": task, "mine": mine, "step": step, "form": form or {}, "errors": errors or [],
        "isian": ISIAN.get((case["sop"], task["step"]), ()), "sistem": SISTEM[case["sop"]],
        "p": await pegawai.ambil(u["pegawai"]), "letters": letters, "terbit": await naskah_usulan.terbit(case["id"]),
        "checks": checks, "penerima": kgb.PENERIMA_SK, "jenis_kp": kp.JENIS_KP, "label_status": usulan.label_status,
        "label_jenis": prakiraan.label_jenis, "rupiah": pegawai.rupiah, "bukti": await usulan_alur.bukti(case["id"]),
        "checklist": await kp.isi_checklist(u) if u["jenis"] == "kp" else [],
    }


async def _pemeriksaan(u: dict, case: dict, step: str) -> list[tuple[bool, str]]:
    """The conditions a step checks, shown before the button is pressed (the same the action refuses on)."""
    pid = u["pegawai"]
    out: list[tuple[bool, str]] = []
    if (case["sop"], step) == (kgb.KGB, "lengkapi"):
        for msg in await usulan_alur.syarat_kinerja(pid, (u["tmt"].year - 1,)):
            out.append((False, msg))
        for msg in await usulan_alur.syarat_disiplin(pid):
            out.append((False, msg))
        out.append((await usulan_alur.arsip_ada(pid, usulan_alur.SK_PANGKAT), _("SK pangkat terakhir di arsip")))
        if not [c for c in out if not c[0]]:
            out.insert(0, (True, _("Predikat kinerja tahun %(t)s paling rendah Baik; tidak ada hukuman disiplin",
                                    t=u["tmt"].year - 1)))
    if (case["sop"], step) == (pensiun.PENSIUN, "permohonan"):
        out.append((await usulan_alur.arsip_ada(pid, ("permohonan_pensiun",)),
                    _("Pindaian surat permohonan pensiun bermaterai di arsip pegawai")))
    if (case["sop"], step) == (kp.KP, "berkas"):
        for msg in await usulan_alur.syarat_kinerja(pid, (u["tmt"].year - 2, u["tmt"].year - 1)):
            out.append((False, msg))
    return out


def _baca(data) -> dict:
    """The step form's fields (text and ticks), as typed."""
    form = {k: str(data.get(k) or "").strip() for k in ("aksi", "gaji_baru", "nomor_pengajuan", "nomor_hasil",
                                                         "nomor_sk", "note", "jenis_kp")}
    for key in ("pidana_diperiksa", *(f"terima_{k}" for k, _l in kgb.PENERIMA_SK)):
        form[key] = bool(data.get(key))
    form["tms_dokumen"] = [str(v) for v in data.getall("tms_dokumen")] if hasattr(data, "getall") else []
    return form


def _berkas(data, name: str):
    files = [f for f in (data.getall(name) if hasattr(data, "getall") else []) if getattr(f, "filename", "")]
    return files[0] if files else None


@post("/usulan/{usulan_id:int}/aksi", opt={"permission": LOGIN})
async def aksi(request: Request, usulan_id: PathId, data: MultipartForm) -> Response:
    """Do the task's action with what its form carries; on a refusal the form comes back with the input
    and the reasons, and nothing of it is kept (the uploads included)."""
    user = request.scope["user"]
    u, case = await _usulan_terlihat(request, usulan_id)
    try:
        task_id = int(data.get("task_id") or 0)
    except ValueError:
        task_id = 0
    task = await _tugas_saya(user, u, task_id)
    if task is None:
        raise PermissionDeniedException(_("Langkah ini bukan tugas Anda, atau sudah selesai."))
    form = _baca(data)
    try:
        async with write_transaction():
            await _simpan_berkas(user, u, case, task, data, request)
            await act(task["id"], form["aksi"], user=user, note=form["note"],
                      data={k: v for k, v in form.items() if k not in ("aksi", "note")})
    except (ActionError, DocumentError, pegawai.Ditolak) as exc:
        messages = exc.messages if isinstance(exc, ActionError) else (
            [exc.message] if isinstance(exc, DocumentError) else [str(v) for v in exc.errors.values()])
        u = await usulan.ambil(u["id"])
        panel = await isi_panel(request, u, case, task, form=form, errors=messages)
        return render(request, "kepegawaian/usulan/langkah.html", status_code=400, **panel)
    return redirect(request, case_url(case["id"]), _("Langkah \u201c%(langkah)s\u201d selesai.",
                                                      langkah=str(SOPS[case["sop"]].step(task["step"]).activity)[:80]))


async def _simpan_berkas(user, u: dict, case: dict, task: dict, data, request: Request) -> None:
    """The files the step carries: the proof of submission on the case; the SK into the personnel
    archive (its entry remembered on the proposal)."""
    isian = ISIAN.get((case["sop"], task["step"]), ())
    if "bukti" in isian and (f := _berkas(data, "bukti")) is not None:
        await save_upload(f, f.filename, "case", case["id"], user, kind=usulan_alur.BUKTI,
                          title=_("Bukti pengajuan ke %(sistem)s", sistem=SISTEM[case["sop"]]), ip=client_ip(request))
    if "sk" in isian and (f := _berkas(data, "sk")) is not None:
        entry = await arsip.simpan(user, u["pegawai"], {"jenis": SK_JENIS[u["jenis"]], "tanggal": today().isoformat(),
                                                        "nomor": str(data.get("nomor_sk") or "")[:100]},
                                   f, f.filename, ip=client_ip(request))
        await usulan.ubah(u["id"], sk_arsip_id=entry["id"])


def routes() -> list:
    return [jadwal, buka, daftar, konsep, aksi]
