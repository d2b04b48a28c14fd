"""E-tamu: the public pre-registration of a visit (SOP 9 step 1)."""

from __future__ import annotations

from litestar import Request, get, post

from balai.api import _, client_ip, throttle

from balai_layanan import batas, kunjungan, org
from balai_layanan.pages.umum import Form, publik, qr_response, qr_svg, tidak_ada
from balai.api import today as hari_ini  # the agency's day, the core's
from balai.api import Form, PathText, QueryNumber

PUBLIC = {"public": True}
# A miss on the QR route tells a guesser a number is not taken: misses are throttled per client
# (ten free, then a doubling wait up to 15 minutes), hits never are.
QR_MISSES = "layanan.etamu_qr"
QR_RULE = throttle.Rule(free=10, base=2.0, cap=900.0)


async def _form_page(request: Request, form: dict, errors: dict, status_code: int = 200, message: str = ""):
    return publik(request, "layanan/etamu.html", status_code=status_code, form=form, errors=errors,
                  units=await org.unit_tujuan(), today=hari_ini().isoformat(), message=message,
                  jam_layanan=kunjungan.jam_layanan())


@get("/etamu", opt=PUBLIC, name="layanan:etamu")
async def etamu_form(request: Request) -> object:
    return await _form_page(request, {"tanggal": ""}, {})


@post("/etamu", opt=PUBLIC)
async def etamu_daftar(request: Request, data: Form) -> object:
    units = await org.unit_tujuan()
    form, errors = kunjungan.periksa(data, units)
    if errors:
        return await _form_page(request, form, errors, 400, _("Periksa kembali isian yang ditandai."))
    if await batas.lewat_batas("etamu", client_ip(request)):
        return await _form_page(request, form, {}, 429,
                                _("Terlalu banyak pendaftaran dari perangkat ini. Coba lagi dalam satu jam."))
    row = await kunjungan.daftar(form, units)
    return publik(request, "layanan/etamu_selesai.html", k=row, qr=qr_svg(row["nomor"]))


@get("/etamu/qr/{nomor:str}/{bentuk:str}", opt=PUBLIC)
async def etamu_qr(request: Request, nomor: PathText, bentuk: PathText, unduh: QueryNumber = 0) -> object:
    # The code holds the registration number only; nothing personal can be read from it.
    ip = client_ip(request)
    await throttle.refuse_while_waiting(QR_MISSES, ip)
    nomor = kunjungan.normalkan_nomor(nomor)
    if bentuk not in ("svg", "png") or not kunjungan.NOMOR_RE.match(nomor) or await kunjungan.cari(nomor) is None:
        await throttle.failed(QR_MISSES, client=ip, client_rule=QR_RULE)
        tidak_ada(_("Nomor registrasi tidak ditemukan."))
    return qr_response(nomor, bentuk, f"registrasi-{nomor}", bool(unduh))


def routes() -> list:
    return [etamu_form, etamu_daftar, etamu_qr]
