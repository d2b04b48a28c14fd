"""SOP 3's panel and the steps done from it: the Operator's direct answer or hand-over to the
PPID, the unit's response, the Operator entering it for the reporter."""

from __future__ import annotations

from litestar import Request, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, Form, FormFields, HandoverError, PathId, SubmissionError, _, act, case_tasks, case_url,
    get_case, hand_over, handover_options, redirect, render, render_fragment, reply_to_submitter, submission_of,
    write_transaction,
)

from balai_pengaduan.sp4n import KATEGORI, KELAS, SP4N

PPID = "ppid.permohonan"


def _text(data: FormFields, name: str) -> str:
    value = data.get(name, "")
    return value.strip() if isinstance(value, str) else ""


async def tanggapan_unit(case_id: int) -> str:
    for task in await case_tasks(case_id):
        if task["step"] == "tanggapi" and task["state"] == "selesai":
            return str((task["data"] or {}).get("tanggapan", ""))
    return ""


async def _context(case: dict, task: dict, user) -> dict:
    options = await handover_options(case["id"], user=user) if task["step"] == "klasifikasi" else []
    return {"case": case, "task": task, "data": case["data"] or {}, "kelas": dict(KELAS), "kategori": dict(KATEGORI),
            "ppid": next((o for o in options if o["sop"] == PPID), None),
            "tanggapan": await tanggapan_unit(case["id"]) if task["step"] == "input" else ""}


async def panel(case: dict, task: dict, request: Request):
    return render_fragment(request, "pengaduan/panel_sp4n.html", **await _context(case, task, request.scope["user"]),
                           values={}, errors=[])


async def kerjakan(user, case: dict, task_id: int, aksi: str, values: dict) -> None:
    case_id = case["id"]
    if not any(t["id"] == task_id for t in await case_tasks(case_id)):
        raise ActionError(_("Tugas tidak ditemukan."))
    if aksi == "diteruskan_ppid":
        if not values["alasan"]:
            raise ActionError(_("Alasan penerusan ke PPID wajib diisi."))
        data = case["data"] or {}
        # What the PPID request needs of the complaint; the name only when the reporter gave it openly.
        isi = {"rincian": data.get("uraian", ""), "id_lapor": data.get("id_lapor", ""),
               "nama": data.get("nama", "") if data.get("anonim") == "tidak" else ""}
        async with _tx():
            baru = await hand_over(case_id, PPID, user=user, reason=values["alasan"], data=isi)
            if await submission_of(case_id):
                await reply_to_submitter(case_id, _(
                    "Laporan Anda berisi permintaan informasi publik dan diteruskan kepada PPID sebagai permohonan "
                    "informasi nomor %(ref)s, yang dijawab dalam 10 hari kerja (dapat diperpanjang 7 hari kerja).",
                    ref=baru["reference"]), user=user, answer=True)
            await act(task_id, "diteruskan_ppid", user=user, note=values["alasan"])
        return
    text = values["tanggapan"]
    if not text:
        raise ActionError(_("Tanggapan wajib diisi."))
    async with _tx():
        if aksi in ("jawab_langsung", "jawab") and await submission_of(case_id):
            await reply_to_submitter(case_id, text, user=user, answer=True)
        if aksi == "kirim_tanggapan":
            await act(task_id, aksi, user=user, data={"tanggapan": text})
        elif aksi in ("jawab_langsung", "jawab"):
            await act(task_id, aksi, user=user, note=text if aksi == "jawab_langsung" else "")
        else:
            raise ActionError(_("Aksi tidak dikenal."))


def _tx():
    return write_transaction()


@post("/sp4n/{case_id:int}/tugas/{task_id:int}", opt={"permission": LOGIN})
async def tugas_sp4n(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    user = request.scope["user"]
    case = await get_case(case_id)
    if case is None or case["sop"] != SP4N:
        raise NotFoundException()
    values = {k: _text(data, k) for k in ("tanggapan", "alasan")}
    try:
        await kerjakan(user, case, task_id, _text(data, "aksi"), values)
    except (ActionError, SubmissionError, HandoverError) as error:
        task = next((t for t in await case_tasks(case_id) if t["id"] == task_id), None)
        if task is None:
            raise NotFoundException() from error
        return render(request, "pengaduan/tugas_sp4n.html", status_code=400, values=values,
                      errors=getattr(error, "messages", None) or [str(error)], **await _context(case, task, user))
    return redirect(request, case_url(case_id), _("Tindakan tercatat."))
