"""The ASN berprestasi pages (SOP 10): each month's outstanding employee for the whole office, the
months and the opening of one for the Kasubag Umum, a month's recap with its computation, the criteria
as versioned data, one person's history, and the forms of the task panels (the heads' scores, the
Pengelola's circulation and proposal)."""

from __future__ import annotations

import re

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Response

from balai.api import (
    LOGIN, Form, FormFields, PathId, _, client_ip, format_date, lazy_gettext, may_work_on, record_view, redirect, render,
    row_id, task_url, today,
)

from balai_kepegawaian import pegawai as pg
from balai_kepegawaian import prestasi as ps
from balai_kepegawaian import prestasi_alur as alur
from balai_kepegawaian.pegawai import Ditolak

BARIS_KRITERIA = ps.PALING_BANYAK_KRITERIA
LANGKAH = {
    "susun": lazy_gettext("Penyusunan form (Kasubag Umum)"),
    "edarkan": lazy_gettext("Pengedaran form (Pengelola Kepegawaian)"),
    "nilai": lazy_gettext("Penilaian oleh Pejabat Eselon III"),
    "rekap": lazy_gettext("Rekap (Pengelola Kepegawaian)"),
    "putusan": lazy_gettext("Persetujuan Kepala Dinas"),
    "sk": lazy_gettext("Penerbitan SK (Pengelola Kepegawaian)"),
    "tandatangani": lazy_gettext("Penandatanganan SK (Kepala Dinas)"),
}
ISIAN_NILAI = re.compile(r"^n-(\d{1,10})-([a-z][a-z0-9_]{0,29})$")


def boleh_buka(user) -> bool:
    return bool(user.is_admin or user.can(ps.BUKA))


def boleh_kriteria(user) -> bool:
    """The form is the Kasubag Umum's (row 1); the Pengelola keeps the personnel data beside it."""
    return bool(user.is_admin or user.can(ps.BUKA) or user.can(ps.KELOLA))


async def _periode_atau_404(periode_id: int) -> dict:
    row = await ps.periode(periode_id)
    if row is None:
        raise NotFoundException(_("Periode tidak ditemukan."))
    row["label"] = ps.label_periode(row["periode"])
    row["status_label"] = ps.label_status(row["status"])
    return row


# --- the office page and the months ------------------------------------------------------------------------

async def _beranda(request: Request, form: dict | None = None, errors: dict | None = None, status: int = 200) -> Response:
    user = request.scope["user"]
    kelola = ps.boleh_rekap(user)
    usul = ps.teks_periode(ps.bulan_lalu(today()))
    return render(request, "kepegawaian/prestasi/beranda.html", status_code=status, terbaik=await ps.terbaik(),
                  periode=await ps.daftar_periode() if kelola else [], kelola=kelola, buka=boleh_buka(user),
                  kriteria=boleh_kriteria(user), form=form or {"periode": usul}, errors=errors or {},
                  saya=await pg.milik(user.id))


@get("/prestasi", opt={"permission": LOGIN}, name="kepegawaian:prestasi")
async def beranda(request: Request) -> Response:
    return await _beranda(request)


@post("/prestasi/buka", opt={"permission": ps.BUKA})
async def buka(request: Request, data: Form) -> Response:
    """The Kasubag Umum opens a month by hand (the schedule opens the last month on its own)."""
    user = request.scope["user"]
    form = {"periode": str(data.get("periode") or "").strip()}
    mine = await pg.milik(user.id)
    try:
        row = await ps.buka(form["periode"], user=user, unit_id=mine["unit_id"] if mine else None)
    except Ditolak as exc:
        return await _beranda(request, form, {k if k != "_" else "periode": v for k, v in exc.errors.items()},
                              400 if exc.status != 409 else 409)
    return redirect(request, f"/kepegawaian/prestasi/{row['id']}",
                    _("Periode %(bulan)s dibuka; form penilaian menunggu Kasubag Umum.",
                      bulan=ps.label_periode(row["periode"])))


async def _boleh_lihat_periode(user, row: dict) -> bool:
    if ps.boleh_rekap(user):
        return True
    return bool(await ps.tugas_nilai(user, row))


@get("/prestasi/{periode_id:int}", opt={"permission": LOGIN})
async def satu(request: Request, periode_id: PathId) -> Response:
    """A month: its form, where its case is, and the ranking with the computation."""
    user = request.scope["user"]
    row = await _periode_atau_404(periode_id)
    if not await _boleh_lihat_periode(user, row):
        raise NotFoundException(_("Periode tidak ditemukan."))
    unit_ids = None
    if not ps.boleh_rekap(user):  # a head sees the people of the units they score, no one else's
        unit_ids = set()
        for task in await ps.tugas_nilai(user, row):
            unit_ids |= {p["unit_id"] for p in await ps.kandidat(task["unit"])}
    ranking = await ps.rekap(row, unit_ids)
    # Names, NIP and scores of the people ranked: a view of their personal data, logged as cuti's rekap is.
    await record_view(user, pg.DATA_PRIBADI, f"{ps.JENIS_REKAM}:{row['id']}", fields=("nip", "nama", "nilai"),
                      ip=client_ip(request), detail={"periode": row["periode"], "orang": len(ranking)})
    return render(request, "kepegawaian/prestasi/satu.html", row=row, kriteria=ps.kriteria_tampil(row["kriteria"] or []),
                  ranking=ranking, sk=await ps.sk_terbit(row["case_id"]),
                  terbuka=await ps.tugas_terbuka(row), sebagian=unit_ids is not None, langkah=LANGKAH)


# --- the criteria -------------------------------------------------------------------------------------------

def _baris_kosong(kriteria: list[dict]) -> list[dict]:
    rows = [{"kode": k["kode"], "nama": k["nama"], "bobot": ps._teks_angka(ps._angka(k["bobot"]))} for k in kriteria]
    return rows + [{"kode": "", "nama": "", "bobot": ""} for _i in range(BARIS_KRITERIA - len(rows))]


async def _kriteria_page(request: Request, baris: list[dict], form: dict, errors: list[str], status: int = 200):
    return render(request, "kepegawaian/prestasi/kriteria.html", status_code=status, versi=await ps.versi_kriteria(),
                  berlaku=await ps.kriteria_berlaku(today()), baris=baris, form=form, errors=errors,
                  tampil=ps.kriteria_tampil)


@get("/prestasi/kriteria", opt={"permission": LOGIN})
async def kriteria(request: Request) -> Response:
    if not boleh_kriteria(request.scope["user"]):
        raise PermissionDeniedException(_("Hanya Kasubag Umum dan Pengelola Kepegawaian yang mengatur kriteria."))
    berlaku = await ps.kriteria_berlaku(today())
    return await _kriteria_page(request, _baris_kosong(berlaku["kriteria"]),
                                {"berlaku_mulai": today().isoformat(), "sumber": ""}, [])


@post("/prestasi/kriteria", opt={"permission": LOGIN})
async def simpan_kriteria(request: Request, data: Form) -> Response:
    """A new version of the criteria from a date, with its basis (the Dinas's decision)."""
    user = request.scope["user"]
    if not boleh_kriteria(user):
        raise PermissionDeniedException(_("Hanya Kasubag Umum dan Pengelola Kepegawaian yang mengatur kriteria."))
    baris = [{k: str(data.get(f"{k}_{i}") or "").strip() for k in ("kode", "nama", "bobot")}
             for i in range(BARIS_KRITERIA)]
    form = {"berlaku_mulai": str(data.get("berlaku_mulai") or "").strip(), "sumber": str(data.get("sumber") or "").strip()}
    extra = []
    try:
        mulai = pg.baca_tanggal(form["berlaku_mulai"]) if form["berlaku_mulai"] else None
    except ValueError as exc:
        mulai = None
        extra.append(str(exc))
    try:
        if extra:
            raise Ditolak({"0": extra[0]})
        await ps.simpan_kriteria(user, baris, mulai, form["sumber"], ip=client_ip(request))
    except Ditolak as exc:
        return await _kriteria_page(request, baris, form, [str(v) for v in exc.errors.values()], 400)
    return redirect(request, "/kepegawaian/prestasi/kriteria",
                    _("Kriteria baru berlaku mulai %(tanggal)s.", tanggal=format_date(mulai, "long")))


# --- the task panels and their forms --------------------------------------------------------------------------

def _isian_nilai(people: list[dict], kriteria: list[dict]) -> dict:
    """The form's values from the saved scores, as the head typed them (decimal comma)."""
    out = {}
    for p in people:
        for k in kriteria:
            v = (p.get("nilai") or {}).get(k["kode"])
            out[f"n-{p['id']}-{k['kode']}"] = "" if v is None else ps._teks_angka(ps._angka(v))
    return out


async def isi_panel(request: Request, row: dict, case: dict, task: dict, form: dict | None = None,
                    errors: list[str] | None = None) -> dict:
    """What a task page's panel shows for the month, by step."""
    user = request.scope["user"]
    row = {**row, "label": ps.label_periode(row["periode"]), "status_label": ps.label_status(row["status"])}
    mine = bool(await may_work_on(user, [task])) and task["state"] == "terbuka"
    ctx = {"row": row, "case": case, "task": task, "mine": mine, "errors": errors or [],
           "kriteria": ps.kriteria_tampil(row["kriteria"] or []), "form": form or {}}
    if task["step"] == "susun":
        ctx["berlaku"] = await ps.kriteria_berlaku(today())
        ctx["kriteria_berlaku"] = ps.kriteria_tampil(ctx["berlaku"]["kriteria"])
    elif task["step"] == "edarkan":
        ctx["rencana"] = await ps.rencana_edaran(row, await ps.unit_dinas(task["unit"]))
    elif task["step"] == "nilai":
        people = await ps.nilai_unit(row, task["unit"])
        ctx["orang"] = people
        ctx["form"] = form if form is not None else _isian_nilai(people, row["kriteria"] or [])
    else:
        ranking = await ps.rekap(row)
        ctx["ranking"] = ranking
        ctx["ranking_pilihan"] = [(str(r["pegawai_id"]), f"{r['peringkat']}. {r['nama_lengkap']}") for r in ranking]
        ctx["sk"] = await ps.sk_terbit(case["id"])
        if task["step"] == "rekap" and form is None:
            ctx["form"] = {"terpilih": str(ranking[0]["pegawai_id"]) if ranking else "", "catatan": row["catatan"] or ""}
    return ctx


def baca_isian_nilai(data: FormFields, kirim: bool) -> dict[int, dict]:
    """pegawai id -> {criterion code: text} from fields ``n-<pegawai id>-<kode>``; a person whose every
    field is empty is left out of a draft (scored later), never out of a form being sent."""
    found: dict[int, dict] = {}
    for name, value in data.items():
        m = ISIAN_NILAI.match(name)
        if not m:
            continue
        try:
            pid = row_id(m.group(1))
        except ValueError:
            continue
        found.setdefault(pid, {})[m.group(2)] = str(value or "").strip()
    if not kirim:
        found = {pid: v for pid, v in found.items() if any(v.values())}
    return found


@post("/prestasi/{periode_id:int}/nilai", opt={"permission": LOGIN})
async def nilai(request: Request, periode_id: PathId, data: Form) -> Response:
    """A head saves their unit's scores (``kirim``: and sends them to the Pengelola's recap)."""
    user = request.scope["user"]
    row = await _periode_atau_404(periode_id)
    kirim = bool(data.get("kirim"))
    masukan = baca_isian_nilai(data, kirim)
    tasks = await ps.tugas_nilai(user, row)
    try:
        if not masukan and not kirim:
            raise Ditolak(_("Isi nilai paling sedikit satu pegawai."))
        await ps.simpan_nilai(user, row, masukan, kirim=kirim)
    except Ditolak as exc:
        if not tasks:
            raise PermissionDeniedException(" ".join(str(v) for v in exc.errors.values())) from None
        form = {k: str(v) for k, v in data.items() if ISIAN_NILAI.match(k)}
        case = {"id": row["case_id"], "sop": ps.PRESTASI, "record_id": row["id"]}
        panels = [await isi_panel(request, row, case, t, form, [str(v) for v in exc.errors.values()]) for t in tasks]
        return render(request, "kepegawaian/prestasi/nilai.html", status_code=exc.status, row=row, panels=panels)
    if kirim:
        return redirect(request, "/inbox", _("Hasil penilaian %(bulan)s dikirim ke Pengelola Kepegawaian.",
                                              bulan=row["label"]))
    return redirect(request, task_url(tasks[0]["id"]), _("Nilai disimpan; kirim setelah semua pegawai dinilai."))


@post("/prestasi/{periode_id:int}/edarkan", opt={"permission": ps.KELOLA})
async def edarkan(request: Request, periode_id: PathId, data: Form) -> Response:
    """Row 2: the Pengelola sends the form to every Eselon III unit that has a head and people."""
    user = request.scope["user"]
    row = await _periode_atau_404(periode_id)
    task = await alur.tugas_saya(user, row, "edarkan")
    try:
        plan = await ps.edarkan(user, row)
    except Ditolak as exc:
        target = task_url(task["id"]) if task else f"/kepegawaian/prestasi/{periode_id}"
        return redirect(request, target, " ".join(str(v) for v in exc.errors.values()), "danger")
    return redirect(request, f"/kepegawaian/prestasi/{periode_id}",
                    _("Form penilaian diedarkan ke %(n)s unit.", n=sum(1 for p in plan if p["kirim"])))


@post("/prestasi/{periode_id:int}/usulan", opt={"permission": ps.KELOLA})
async def usulan(request: Request, periode_id: PathId, data: Form) -> Response:
    """Row 3, the recap: the employee proposed to the Kepala Dinas."""
    user = request.scope["user"]
    row = await _periode_atau_404(periode_id)
    task = await alur.tugas_saya(user, row, "rekap")
    if task is None:
        raise PermissionDeniedException(_("Rekap bulan ini tidak sedang menunggu Anda."))
    form = {"terpilih": str(data.get("terpilih") or "").strip(), "catatan": str(data.get("catatan") or "").strip()}
    errors = await ps.periksa_usulan(row, form["terpilih"], form["catatan"])
    if len(form["catatan"]) > 2000:
        errors.append(_("Catatan paling banyak 2000 karakter."))
    if not errors:
        try:
            await ps.ajukan_rekap(user, row, int(form["terpilih"]), form["catatan"])
        except Ditolak as exc:
            errors = [str(v) for v in exc.errors.values()]
        else:
            return redirect(request, f"/kepegawaian/prestasi/{periode_id}",
                            _("Rekap diajukan ke Kepala Dinas untuk disetujui."))
    case = {"id": row["case_id"], "sop": ps.PRESTASI, "record_id": row["id"]}
    return render(request, "kepegawaian/prestasi/usulan.html", status_code=400,
                  **await isi_panel(request, row, case, task, form, errors))


# --- one person's history ------------------------------------------------------------------------------------------

@get("/prestasi/pegawai/{pegawai_id:int}", opt={"permission": LOGIN})
async def riwayat(request: Request, pegawai_id: PathId) -> Response:
    user = request.scope["user"]
    p = await pg.ambil(pegawai_id)
    if not await pg.boleh_lihat(user, p):
        raise NotFoundException(_("Pegawai tidak ditemukan."))
    if p["user_id"] != user.id:
        await record_view(user, pg.DATA_PRIBADI, f"{pg.JENIS_PEMILIK}:{p['id']}", fields=("nama", "nilai"),
                          ip=client_ip(request), detail={"halaman": "prestasi"})
    return render(request, "kepegawaian/prestasi/riwayat.html", p=p, nama=pg.nama_lengkap(p),
                  riwayat=await ps.riwayat_pegawai(pegawai_id))


def routes() -> list:
    return [beranda, buka, kriteria, simpan_kriteria, satu, nilai, edarkan, usulan, riwayat]
