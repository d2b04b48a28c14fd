"""The Petugas Layanan's work (SOP 9 step 4): the live queue, the service, the guest book."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Request, get, post

from balai.api import _, redirect, render

from balai_layanan import kunjungan, org, survei
from balai_layanan.pages.umum import Form, berkas, qr_svg, tidak_ada, user, wajib_unit
from balai_layanan.tables import Kunjungan
from balai.api import today as hari_ini  # the agency's day, the core's
from balai.api import Form, PathId, PathText, QueryText

SERVE = {"permission": "layanan.serve"}


async def _antrian_ctx(request: Request) -> dict:
    units = await org.unit_antrian(user(request))
    return {"antrian": await kunjungan.antrian(units), "diharapkan": await kunjungan.diharapkan(units),
            "me": user(request).id, "label_hasil": kunjungan.label_hasil}


@get("/antrian", opt=SERVE, name="layanan:antrian")
async def antrian(request: Request) -> object:
    return render(request, "layanan/antrian.html", **await _antrian_ctx(request))


@get("/antrian/daftar", opt=SERVE)
async def antrian_daftar(request: Request) -> object:
    # Polled by HTMX every few seconds: only the list, always as a fragment.
    return render(request, "layanan/_antrian.html", layout="fragment.html", **await _antrian_ctx(request))


async def _kunjungan(request: Request, kunjungan_id: int) -> dict:
    row = await kunjungan.ambil_baris(kunjungan_id)
    if row is None:
        tidak_ada(_("Kunjungan tidak ditemukan."))
    units = await org.unit_antrian(user(request))
    if units is not None and row["unit_id"] not in units:  # the front desk serves units without their own
        wajib_unit(request, "layanan.serve", row["unit_id"])
    return row


async def _detail(request: Request, row: dict, form: dict | None = None, errors: dict | None = None,
                  status_code: int = 200):
    tautan = await survei.tautan_kunjungan(row["id"]) if row["status"] == "selesai" else None
    url = f"{str(request.base_url).rstrip('/')}/layanan/survei/{tautan['token']}" if tautan else ""
    return render(request, "layanan/kunjungan.html", status_code=status_code, k=row, form=form or {},
                  errors=errors or {}, hasil_pilihan=kunjungan.HASIL, label_hasil=kunjungan.label_hasil,
                  me=user(request).id, tautan=tautan, survei_url=url, qr=qr_svg(url) if url else "")


@get("/kunjungan/{kunjungan_id:int}", opt=SERVE)
async def detail(request: Request, kunjungan_id: PathId) -> object:
    return await _detail(request, await _kunjungan(request, kunjungan_id))


@post("/kunjungan/{kunjungan_id:int}/layani", opt=SERVE)
async def layani(request: Request, kunjungan_id: PathId) -> object:
    row = await _kunjungan(request, kunjungan_id)
    me = user(request)
    if not await kunjungan.layani(row["id"], me.id, me.full_name):
        return redirect(request, "/layanan/antrian", _("Tamu ini sudah dilayani petugas lain."), "warning")
    return redirect(request, f"/layanan/kunjungan/{row['id']}")


@post("/kunjungan/{kunjungan_id:int}/tutup", opt=SERVE)
async def tutup(request: Request, kunjungan_id: PathId, data: Form) -> object:
    row = await _kunjungan(request, kunjungan_id)
    me = user(request)
    form, errors = kunjungan.periksa_penutupan(data)
    if errors:
        return await _detail(request, row, form, errors, 400)
    async with Kunjungan._meta.db.transaction():
        if not await kunjungan.tutup(row["id"], me.id, form):
            return redirect(request, f"/layanan/kunjungan/{row['id']}",
                            _("Kunjungan ini tidak sedang Anda layani."), "warning")
        # SOP 1 step 1: the service is recorded and its survey link issued with it.
        await survei.terbitkan("kunjungan", f"{row['keperluan']} — {form['layanan_diberikan']}"[:2000],
                               row["unit_id"], row["unit_nama"], tanggal=hari_ini(), kunjungan_id=row["id"], user=me)
    return redirect(request, f"/layanan/kunjungan/{row['id']}",
                    _("Kunjungan ditutup. Tunjukkan kode QR survei kepada tamu."))


def _periode(dari_text: str, sampai_text: str) -> tuple[date, date]:
    today = hari_ini()
    try:
        dari = date.fromisoformat(dari_text)
    except ValueError:
        dari = today
    try:
        sampai = date.fromisoformat(sampai_text)
    except ValueError:
        sampai = dari
    if sampai < dari:
        dari, sampai = sampai, dari
    return dari, min(sampai, dari + timedelta(days=366))


@get("/bukutamu", opt=SERVE, name="layanan:bukutamu")
async def buku_tamu(request: Request, dari: QueryText = "", sampai: QueryText = "") -> object:
    dari, sampai = _periode(dari, sampai)
    rows = await kunjungan.buku_tamu(await org.unit_antrian(user(request)), dari, sampai)
    return render(request, "layanan/bukutamu.html", rows=rows, dari=dari, sampai=sampai,
                  label_hasil=kunjungan.label_hasil)


@get("/bukutamu/{bentuk:str}", opt=SERVE)
async def buku_tamu_unduh(request: Request, bentuk: PathText, dari: QueryText = "", sampai: QueryText = "") -> object:
    dari, sampai = _periode(dari, sampai)
    rows = await kunjungan.buku_tamu(await org.unit_antrian(user(request)), dari, sampai)
    nama = f"buku-tamu-{dari.isoformat()}-{sampai.isoformat()}"
    from balai_layanan import laporan  # fpdf takes 0.7 s to import: loaded with the first report, not at start-up
    if bentuk == "xlsx":
        return berkas(laporan.buku_tamu_xlsx(rows, dari, sampai),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nama + ".xlsx")
    if bentuk == "pdf":
        return berkas(laporan.buku_tamu_pdf(rows, dari, sampai, request.app.state.config.agency_name),
                      "application/pdf", nama + ".pdf")
    tidak_ada()


def routes() -> list:
    return [antrian, antrian_daftar, detail, layani, tutup, buku_tamu, buku_tamu_unduh]
