"""Kehumasan's results (SOP 1 steps 3–5): IKM per semester, charts, report, publishing, follow-up."""

from __future__ import annotations

import json
from datetime import date, timedelta

from litestar import Request, Response, get, post

from markupsafe import Markup

from balai.api import _, redirect, render

from balai_layanan import grafik, ikm, org, survei, tindak_lanjut
from balai_layanan.pages.umum import Form, berkas, publik, tidak_ada, user
from balai_layanan.tables import PeriodeIkm
from balai.api import today as hari_ini  # the agency's day, the core's
from balai_layanan.waktu import sekarang
from balai.api import Form, PathText, QueryText

PUBLIC = {"public": True}
IKM = {"permission": "layanan.ikm"}
PUBLISH = {"permission": "layanan.publish"}


def _periode(periode: str = "") -> str:
    p = periode or ikm.periode_dari(hari_ini())
    if not ikm.periode_sah(p):
        tidak_ada(_("Periode tidak dikenal."))
    return p


def _grafik_unsur(hasil: ikm.Hasil, judul: str) -> Markup:
    return Markup(grafik.per_unsur([(u.nama, float(u.nilai), u.mutu) for u in hasil.unsur], judul))


async def _grafik_periode(periode: str, jumlah: int = 6) -> Markup:
    daftar = [periode]
    for _i in range(jumlah - 1):
        daftar.insert(0, ikm.periode_sebelumnya(daftar[0]))
    titik = []
    for p in daftar:
        h = ikm.hitung(await survei.respons_periode(p))
        titik.append((ikm.label_pendek(p), float(h.ikm) if h.ikm is not None else None, h.mutu))
    return Markup(grafik.antar_periode(titik, _("IKM per periode")))


async def _terbit(periode: str) -> dict | None:
    row = await PeriodeIkm.select().where(PeriodeIkm.periode == periode).first()
    if row and isinstance(row["hasil"], str):  # a JSON column comes back as text on some databases
        row["hasil"] = json.loads(row["hasil"] or "{}")
    return row


def berjalan(periode: str) -> date | None:
    """The semester's last day while it is still running (publishing then gives an interim result)."""
    _awal, sesudah = ikm.batas_periode(periode)
    return sesudah - timedelta(days=1) if hari_ini() < sesudah else None


async def _halaman(request: Request, periode: str, form: dict | None = None, errors: dict | None = None,
                   status_code: int = 200):
    rekap = await survei.rekap(periode)
    return render(
        request, "layanan/ikm.html", status_code=status_code, rekap=rekap, periode=periode,
        daftar_periode=await survei.periode_ada(), grafik_unsur=_grafik_unsur(rekap["hasil"], _("Nilai per unsur")),
        grafik_periode=await _grafik_periode(periode), terbit=await _terbit(periode),
        masuk=await survei.terbaru_masuk(), unsur=ikm.UNSUR, tindak=await tindak_lanjut.daftar(periode),
        units=await org.unit_pemberi_layanan(), form=form or {}, errors=errors or {},
        boleh_terbit=user(request).can("layanan.publish"), berjalan=berjalan(periode), label_periode=ikm.label_periode,
    )


@get("/ikm", opt=IKM, name="layanan:ikm")
async def ikm_halaman(request: Request, periode: QueryText = "") -> object:
    return await _halaman(request, _periode(periode))


@get("/ikm/{periode:str}/{bentuk:str}", opt=IKM)
async def ikm_unduh(request: Request, periode: PathText, bentuk: PathText) -> object:
    periode = _periode(periode)
    rekap = await survei.rekap(periode)
    nama = f"laporan-skm-{periode}"
    from balai_layanan import laporan  # fpdf takes 0.7 s to import: loaded with the first report, not at start-up
    if bentuk == "xlsx":
        return berkas(laporan.ikm_xlsx(rekap, await survei.respons_periode(periode)),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nama + ".xlsx")
    if bentuk == "pdf":
        from balai_layanan import naskah

        pdf = await naskah.terbitkan_ikm(rekap, user(request), str(request.base_url))
        return berkas(pdf, "application/pdf", nama + ".pdf")
    if bentuk == "unsur.svg":
        return Response(content=str(_grafik_unsur(rekap["hasil"], _("Nilai per unsur"))), media_type="image/svg+xml")
    if bentuk == "periode.svg":
        return Response(content=str(await _grafik_periode(periode)), media_type="image/svg+xml")
    tidak_ada()


@post("/ikm/{periode:str}/terbitkan", opt=PUBLISH)
async def ikm_terbitkan(request: Request, periode: PathText, data: Form) -> object:
    periode = _periode(periode)
    rekap = await survei.rekap(periode)
    if not rekap["hasil"].responden:
        return redirect(request, f"/layanan/ikm?periode={periode}",
                        _("Belum ada responden pada periode ini; IKM belum dapat diterbitkan."), "warning")
    if berjalan(periode) and data.get("sementara") != "1":
        return redirect(request, f"/layanan/ikm?periode={periode}", _(
            "Periode ini belum berakhir: centang pernyataan bahwa yang diterbitkan adalah hasil sementara."), "warning")
    hasil = {**survei.simpulkan(rekap["hasil"]), "populasi": rekap["populasi"], "sampel": rekap["sampel"]}
    async with PeriodeIkm._meta.db.transaction():
        await PeriodeIkm.delete().where(PeriodeIkm.periode == periode)
        await PeriodeIkm.insert(PeriodeIkm(periode=periode, hasil=hasil, diterbitkan_at=sekarang(),
                                           diterbitkan_oleh=user(request).full_name))
    return redirect(request, f"/layanan/ikm?periode={periode}",
                    _("IKM %(periode)s diterbitkan di halaman publik.", periode=ikm.label_periode(periode)))


@post("/ikm/tindak-lanjut", opt=IKM)
async def ikm_tindak_lanjut(request: Request, data: Form) -> object:
    units = await org.unit_pemberi_layanan()
    form, errors = tindak_lanjut.periksa(data, units)
    periode = form["periode"] if ikm.periode_sah(form["periode"]) else ikm.periode_dari(hari_ini())
    if errors:
        return await _halaman(request, periode, form, errors, 400)
    case = await tindak_lanjut.buat(form, user(request))
    return redirect(request, f"/layanan/ikm?periode={periode}#tindak-lanjut",
                    _("Tindak lanjut %(ref)s dibuka; Sekretaris menetapkan tindak lanjutnya.", ref=case["reference"]))


@get("/ikm/publik", opt=PUBLIC, name="layanan:ikm_publik")
async def ikm_publik(request: Request) -> object:
    rows = await PeriodeIkm.select().order_by(PeriodeIkm.periode, ascending=False).output(load_json=True)
    titik = [(ikm.label_pendek(r["periode"]), float(r["hasil"]["ikm"]), r["hasil"]["mutu"]) for r in reversed(rows)]
    nama_unsur = {u[0]: u[1] for u in ikm.UNSUR}
    for r in rows:
        r["label"] = ikm.label_periode(r["periode"])
        r["grafik"] = Markup(grafik.per_unsur(
            [(str(nama_unsur[u["kode"]]), float(u["nilai"]), u["mutu"]) for u in r["hasil"]["unsur"]],
            _("Nilai per unsur")))
    chart = Markup(grafik.antar_periode(titik, _("IKM per periode"))) if titik else ""
    return publik(request, "layanan/ikm_publik.html", rows=rows, grafik_periode=chart, nama_unsur=nama_unsur)


def routes() -> list:
    return [ikm_halaman, ikm_publik, ikm_unduh, ikm_terbitkan, ikm_tindak_lanjut]
