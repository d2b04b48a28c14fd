"""The survey (SOP 1 steps 1–2): staff issue links for a service; citizens answer on their phone."""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post

from balai.api import _, client_ip, redirect, render

from balai_layanan import batas, ikm, org, survei
from balai_layanan.pages.umum import Form, publik, qr_response, qr_svg, tidak_ada, user, wajib_unit
from balai.api import today as hari_ini  # the agency's day, the core's
from balai.api import Form, PathId, PathText, QueryNumber

PUBLIC = {"public": True}
SURVEY = {"permission": "layanan.survey"}


def _url(request: Request, token: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/layanan/survei/{token}"


def _rahasia(request: Request) -> str:
    return request.app.state.config.secret_key


def _pilihan() -> dict:
    return {"unsur": ikm.UNSUR, "usia": survei.USIA, "jenis_kelamin": survei.JENIS_KELAMIN,
            "pendidikan": survei.PENDIDIKAN, "pekerjaan": survei.PEKERJAAN}


def _form_page(request: Request, token: str, tautan: dict, form: dict, errors: dict, status_code: int = 200,
               message: str = ""):
    return publik(request, "layanan/survei.html", status_code=status_code, token=token, t=tautan, form=form,
                  errors=errors, message=message, mulai=survei.cap_mulai(_rahasia(request), token), **_pilihan())


def _ditolak(request: Request, alasan: str):
    status = 404 if alasan == "tidak_dikenal" else 410
    return publik(request, "layanan/survei_tutup.html", status_code=status, alasan=alasan,
                  message=survei.pesan_tautan(alasan))


@get("/survei/{token:str}", opt=PUBLIC)
async def survei_form(request: Request, token: PathText) -> object:
    tautan, alasan = await survei.buka(token)
    if alasan:
        return _ditolak(request, alasan)
    return _form_page(request, token, tautan, {}, {})


@post("/survei/{token:str}", opt=PUBLIC)
async def survei_kirim(request: Request, token: PathText, data: Form) -> object:
    tautan, alasan = await survei.buka(token)
    if alasan:
        return _ditolak(request, alasan)
    form, errors = survei.periksa_jawaban(data)
    if data.get("situs"):  # honeypot: hidden from people, filled in by form-filling scripts
        return _form_page(request, token, tautan, form, {}, 400, _("Jawaban tidak dapat diterima."))
    if errors:
        return _form_page(request, token, tautan, form, errors, 400,
                          _("Masih ada pertanyaan yang belum dijawab; lihat tanda merah di bawah."))
    waktu = survei.detik_sejak(_rahasia(request), token, str(data.get("mulai") or ""))
    if waktu is None or waktu < survei.DETIK_MINIMUM:
        return _form_page(request, token, tautan, form, {}, 400,
                          _("Jawaban dikirim terlalu cepat. Periksa kembali jawaban Anda, lalu kirim sekali lagi."))
    if await batas.lewat_batas("survei", client_ip(request)):
        return _form_page(request, token, tautan, form, {}, 429,
                          _("Terlalu banyak survei dikirim dari jaringan ini. Coba lagi beberapa menit lagi."))
    alasan = await survei.simpan(token, form)
    if alasan:
        return _ditolak(request, alasan)
    return publik(request, "layanan/survei_terima_kasih.html")


@get("/survei/{token:str}/qr/{bentuk:str}", opt=PUBLIC)
async def survei_qr(request: Request, token: PathText, bentuk: PathText,
                   unduh: QueryNumber = 0) -> object:
    tautan, alasan = await survei.buka(token)
    if tautan is None or bentuk not in ("svg", "png"):
        tidak_ada(_("Tautan survei tidak dikenal."))
    return qr_response(_url(request, token), bentuk, "survei-kepuasan", bool(unduh))


# --- issuing links for any other service a Bidang gives (event, meeting, audience, data request) ---

async def _terbit_page(request: Request, form: dict, errors: dict, status_code: int = 200):
    units = await org.unit_pemberi_layanan(user(request), "layanan.survey")
    return render(request, "layanan/survei_terbit.html", status_code=status_code, form=form, errors=errors,
                  units=units, jenis=survei.JENIS_LAYANAN, maks=survei.MAKS_TAUTAN)


@get("/survei-layanan", opt=SURVEY, name="layanan:survei_layanan")
async def terbit_form(request: Request) -> object:
    form = {"tanggal": hari_ini().isoformat(), "jumlah": "1", "berlaku": "7"}
    return await _terbit_page(request, form, {})


@post("/survei-layanan", opt=SURVEY)
async def terbit(request: Request, data: Form) -> object:
    units = await org.unit_pemberi_layanan(user(request), "layanan.survey")
    form, errors = survei.periksa_penerbitan(data, units)
    if errors:
        return await _terbit_page(request, form, errors, 400)
    unit_id = int(form["unit_id"])
    pelayanan_id, _tokens = await survei.terbitkan(
        form["jenis"], form["uraian"], unit_id, units[unit_id], jumlah=int(form["jumlah"]),
        berlaku_hari=int(form["berlaku"]), tanggal=date.fromisoformat(form["tanggal"]), user=user(request))
    return redirect(request, f"/layanan/survei-layanan/{pelayanan_id}", _("Tautan survei diterbitkan."))


@get("/survei-layanan/{pelayanan_id:int}", opt=SURVEY)
async def terbit_lihat(request: Request, pelayanan_id: PathId) -> object:
    pel, links = await survei.tautan_pelayanan(pelayanan_id)
    if pel is None:
        tidak_ada()
    wajib_unit(request, "layanan.survey", pel["unit_id"])
    items = [(t, _url(request, t["token"]), qr_svg(_url(request, t["token"]), skala=3)) for t in links]
    return render(request, "layanan/survei_tautan.html", pel=pel, items=items, jenis=survei.JENIS_LAYANAN)


def routes() -> list:
    return [survei_form, survei_kirim, survei_qr, terbit_form, terbit, terbit_lihat]
