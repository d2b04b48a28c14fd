"""Pages of the supplies ledger: items with their stock, an item's ledger and its movement form, and the
Pejabat Penatausahaan's settings (closing a semester, the valuation method)."""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import Form, PathId, _, redirect, render, today, whole_number, InputError

from balai_bmd import KELOLA, LIHAT, TATAUSAHA, nilai, persediaan
from balai_bmd.register import BmdError
from balai_bmd.tables import Barang




def _metode() -> dict:
    return {nilai.FIFO: _("FIFO (masuk pertama keluar pertama)"), nilai.RATA: _("Rata-rata tertimbang bergerak")}


async def _daftar_page(request, form=None, errors=None, status=200):
    items = await Barang.select().order_by(Barang.nama)
    gudang = await persediaan.gudang_semua()
    for item in items:
        item["per_gudang"] = await persediaan.stok_per_gudang(item["id"])
        item["stok"] = sum(item["per_gudang"].values())
        item["dicadangkan"] = await persediaan.dicadangkan(item["id"])
    return render(request, "bmd/persediaan.html", status_code=status, items=items, gudang=gudang,
                  form=form or {}, errors=errors or {})


@get("/persediaan", opt={"permission": LIHAT})
async def daftar(request: Request) -> Response:
    return await _daftar_page(request)


@post("/persediaan", opt={"permission": KELOLA})
async def tambah(request: Request, data: Form) -> Response:
    form = {k: (data.get(k) or "").strip() for k in ("nama", "satuan")}
    try:
        item = await persediaan.tambah_barang(form)
    except BmdError as exc:
        return await _daftar_page(request, form, exc.errors, 400)
    return redirect(request, f"/bmd/persediaan/{item['id']}", _("Barang %(nama)s ditambahkan.", nama=item["nama"]))


async def _buku_page(request, item, form=None, errors=None, status=200):
    rows, hasil = await persediaan.buku(item["id"])
    gudang = await persediaan.gudang_semua()
    metode = await persediaan.penentu_metode()
    return render(request, "bmd/persediaan_buku.html", status_code=status, item=item, rows=rows, hasil=hasil,
                  gudang=[(str(g["id"]), g["nama"]) for g in gudang], nama_gudang={g["id"]: g["nama"] for g in gudang},
                  per_gudang=await persediaan.stok_per_gudang(item["id"]),
                  dicadangkan=await persediaan.dicadangkan(item["id"]),
                  metode=_metode()[metode(nilai.semester(today()))],
                  jenis=[("terima", _("Penerimaan")), ("keluar", _("Pengeluaran")), ("penyesuaian", _("Penyesuaian"))],
                  form=form or {"tanggal": today().isoformat(), "jenis": "terima"}, errors=errors or {},
                  may_edit=request.scope["user"].can(KELOLA))


async def _item(barang_id: int) -> dict:
    item = await persediaan.barang(barang_id)
    if item is None:
        raise NotFoundException(_("Barang tidak ditemukan."))
    return item


@get("/persediaan/{barang_id:int}", opt={"permission": LIHAT})
async def buku(request: Request, barang_id: PathId) -> Response:
    return await _buku_page(request, await _item(barang_id))


@post("/persediaan/{barang_id:int}/mutasi", opt={"permission": KELOLA})
async def mutasi(request: Request, barang_id: PathId, data: Form) -> Response:
    item = await _item(barang_id)
    form = {k: (data.get(k) or "").strip() for k in ("gudang", "jenis", "jumlah", "harga_satuan", "tanggal", "alasan",
                                                     "dokumen")}
    errors = {}
    try:
        jumlah = whole_number(form["jumlah"], -persediaan.MAKS_JUMLAH, persediaan.MAKS_JUMLAH)
    except InputError as exc:
        errors["jumlah"], jumlah = str(exc), 0
    harga = None
    if form["harga_satuan"]:
        try:
            harga = whole_number(form["harga_satuan"].replace(".", ""), 1, persediaan.MAKS_HARGA)
        except InputError as exc:
            errors["harga_satuan"] = str(exc)
    try:
        tanggal = date.fromisoformat(form["tanggal"])
    except ValueError:
        errors["tanggal"], tanggal = _("Tanggal tidak terbaca (tttt-bb-hh)."), today()
    try:
        gudang = whole_number(form["gudang"], 1, 2**31 - 1)
    except InputError:
        errors["gudang"], gudang = _("Pilih gudang persediaan."), 0
    if not errors:
        try:
            await persediaan.catat_mutasi(item["id"], gudang, form["jenis"], jumlah, tanggal=tanggal,
                                          alasan=form["alasan"], user=request.scope["user"], harga_satuan=harga,
                                          dokumen=form["dokumen"])
        except BmdError as exc:
            errors = exc.errors
    if errors:
        return await _buku_page(request, item, form, errors, 400)
    return redirect(request, f"/bmd/persediaan/{item['id']}", _("Mutasi dicatat."))


async def _pengaturan_page(request, form=None, errors=None, status=200):
    return render(request, "bmd/persediaan_pengaturan.html", status_code=status,
                  tertutup=await persediaan.semester_tertutup(), riwayat=await persediaan.riwayat_metode(),
                  metode=_metode(), form=form or {}, errors=errors or {})


@get("/persediaan/pengaturan", opt={"permission": LIHAT})
async def pengaturan(request: Request) -> Response:
    return await _pengaturan_page(request)


def _semester(form: dict) -> tuple[int, int]:
    try:
        return whole_number(form.get("tahun"), 2000, 2100), whole_number(form.get("semester"), 1, 2)
    except InputError:
        raise BmdError({"semester": _("Pilih tahun dan semester.")}) from None


@post("/persediaan/tutup", opt={"permission": TATAUSAHA})
async def tutup(request: Request, data: Form) -> Response:
    form = {k: (data.get(k) or "").strip() for k in ("tahun", "semester")}
    try:
        row = await persediaan.tutup_semester(*_semester(form), request.scope["user"])
    except BmdError as exc:
        return await _pengaturan_page(request, form, exc.errors, 400)
    return redirect(request, "/bmd/persediaan/pengaturan",
                    _("%(semester)s ditutup.", semester=persediaan.label_semester(row["tahun"], row["semester"])))


@post("/persediaan/metode", opt={"permission": TATAUSAHA})
async def metode(request: Request, data: Form) -> Response:
    form = {k: (data.get(k) or "").strip() for k in ("tahun", "semester", "metode", "dasar")}
    try:
        await persediaan.ubah_metode(form["metode"], *_semester(form), form["dasar"], request.scope["user"])
    except BmdError as exc:
        return await _pengaturan_page(request, form, exc.errors, 400)
    return redirect(request, "/bmd/persediaan/pengaturan", _("Metode penilaian dicatat."))


def routes() -> list:
    return [daftar, tambah, buku, mutasi, pengaturan, tutup, metode]
