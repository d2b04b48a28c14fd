"""Pages of the asset register: the code list, buildings and rooms (with the KIR), assets (list,
card, events) and the label sheet."""

from __future__ import annotations

import hashlib
import json

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import (
    LOGIN, Form, MaybeQueryId, Page, PathId, QueryText, Signature, _, issue_document, issued_pdf, org_units,
    query_text, redirect, render, render_document, today,
)

from balai_bmd import DOK_RUANG, KELOLA, LIHAT, kib, register
from balai_bmd.register import BmdError
from balai_bmd.tables import Aset, Gedung, KodeBarang, Ruang


def _pdf(content: bytes, name: str) -> Response:
    return Response(content=content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


def _pilihan() -> dict:
    return {"nama_kib": {k: str(v) for k, v in kib.NAMA_KIB.items()},
            "kondisi_pilihan": {k: str(v) for k, v in kib.KONDISI.items()},
            "sumber_dana": {k: str(v) for k, v in kib.SUMBER_DANA.items()},
            "cara_perolehan": {k: str(v) for k, v in kib.CARA_PEROLEHAN.items()}}


@get("/", opt={"permission": LIHAT})
async def beranda(request: Request) -> Response:
    counts = {k: await Aset.count().where(Aset.kib == k) for k in kib.NAMA_KIB}
    return render(request, "bmd/beranda.html", counts=counts, ruang=await Ruang.count(),
                  kode=await KodeBarang.count(), **_pilihan())


# -- the code list -----------------------------------------------------------------------------------

async def _kode_page(request, q="", form=None, errors=None, status=200):
    return render(request, "bmd/kode.html", status_code=status, rows=await register.daftar_kode(q), q=q,
                  form=form or {}, errors=errors or {})


@get("/kode", opt={"permission": LIHAT})
async def kode(request: Request, q: QueryText = "") -> Response:
    return await _kode_page(request, q.strip())


@post("/kode", opt={"permission": KELOLA})
async def kode_tambah(request: Request, data: Form) -> Response:
    form = {k: (data.get(k) or "").strip() for k in ("kode", "uraian", "sumber")}
    try:
        row = await register.tambah_kode(form)
    except BmdError as exc:
        return await _kode_page(request, form=form, errors=exc.errors, status=400)
    return redirect(request, f"/bmd/kode?q={row['kode']}", _("Kode %(kode)s ditambahkan.", kode=row["kode"]))


# -- buildings and rooms -----------------------------------------------------------------------------

async def _units() -> dict[int, str]:
    return {u["id"]: u["name"] for u in await org_units()}


async def _ruang_page(request, form=None, errors=None, status=200, gform=None, gerrors=None):
    units = await _units()
    return render(request, "bmd/ruang.html", status_code=status, rooms=await register.ruang_semua(),
                  gedung=[(str(g["id"]), g["nama"]) for g in await Gedung.select().order_by(Gedung.nama)],
                  units=[(str(k), v) for k, v in units.items()], form=form or {}, errors=errors or {},
                  gform=gform or {}, gerrors=gerrors or {})


@get("/ruang", opt={"permission": LIHAT})
async def ruang_daftar(request: Request) -> Response:
    return await _ruang_page(request)


@post("/gedung", opt={"permission": KELOLA})
async def gedung_tambah(request: Request, data: Form) -> Response:
    form = {k: (data.get(k) or "").strip() for k in ("nama", "alamat")}
    try:
        row = await register.tambah_gedung(form)
    except BmdError as exc:
        return await _ruang_page(request, gform=form, gerrors=exc.errors, status=400)
    return redirect(request, "/bmd/ruang", _("Gedung %(nama)s dicatat.", nama=row["nama"]))


@post("/ruang", opt={"permission": KELOLA})
async def ruang_tambah(request: Request, data: Form) -> Response:
    form = {k: (data.get(k) or "").strip() for k in ("gedung", "kode", "nama", "unit_id", "penanggung_jawab",
                                                     "penanggung_jawab_nip", "gudang")}
    try:
        row = await register.tambah_ruang(form, await _units())
    except BmdError as exc:
        return await _ruang_page(request, form=form, errors=exc.errors, status=400)
    return redirect(request, f"/bmd/ruang/{row['id']}", _("Ruang %(nama)s dicatat.", nama=row["nama"]))


async def _ruang(ruang_id: int) -> dict:
    row = await register.ruang(ruang_id)
    if row is None:
        raise NotFoundException(_("Ruang tidak ditemukan."))
    return row


@get("/ruang/{ruang_id:int}", opt={"permission": LIHAT})
async def ruang_satu(request: Request, ruang_id: PathId) -> Response:
    room = await _ruang(ruang_id)
    return render(request, "bmd/ruang_satu.html", room=room, items=await register.kir(room["id"]), **_pilihan())


def _kir_context(room: dict, items: list[dict]) -> dict:
    jumlah = {k: sum(1 for a in items if a["kondisi"] == k) for k in kib.KONDISI}
    return {"room": room, "items": items, "jumlah": jumlah, "total": sum(a["nilai"] for a in items),
            "kondisi_pilihan": {k: str(v) for k, v in kib.KONDISI.items()}, "signed_on": today()}


@get("/ruang/{ruang_id:int}/kir.pdf", opt={"permission": LIHAT})
async def kir_pdf(request: Request, ruang_id: PathId) -> Response:
    """The KIR, issued as an official document of the room: a new version only when its goods changed."""
    room = await _ruang(ruang_id)
    items = await register.kir(room["id"])
    ctx = _kir_context(room, items)
    signer = Signature(title=_("Penanggung Jawab Ruangan"), name=room["penanggung_jawab"],
                       nip=room["penanggung_jawab_nip"])
    digest = hashlib.sha256(json.dumps([room, [(a["nomor"], a["kondisi"], a["nilai"]) for a in items]],
                                       default=str, sort_keys=True).encode()).hexdigest()
    row = await issue_document("bmd/naskah/kir.html", kind="kir", owner=(DOK_RUANG, room["id"]),
                               user=request.scope["user"], title=_("Kartu Inventaris Ruangan %(ruang)s",
                                                                   ruang=room["nama"]),
                               context=ctx, signer=signer, landscape=True, fingerprint=digest,
                               filename=f"kir-{room['kode']}.pdf", base_url=str(request.base_url).rstrip("/"))
    return _pdf(await issued_pdf(row), f"kir-{room['kode']}.pdf")


# -- assets --------------------------------------------------------------------------------------------

@get("/aset", opt={"permission": LIHAT})
async def aset_daftar(request: Request, q: QueryText = "", kartu: query_text(1) = "", kondisi: query_text(2) = "",
                      ruang: MaybeQueryId = None, page: Page = 1) -> Response:
    rows, total = await register.cari(q=q.strip(), kib_=kartu, kondisi=kondisi, ruang_id=ruang, page=page)
    rooms = await register.ruang_semua()
    return render(request, "bmd/aset_daftar.html", rows=rows, total=total, page=page, per_page=register.PER_HALAMAN,
                  q=q, kib_pilih=kartu, kondisi_pilih=kondisi, ruang_pilih=ruang,
                  rooms=rooms, nama_ruang={r["id"]: r["nama"] for r in rooms}, **_pilihan())


async def _baru_page(request, form, errors, status=200):
    card = kib.kib_dari_kode(form.get("kode_barang", "")) or form.get("kib") or "B"
    rooms = await register.ruang_semua()
    return render(request, "bmd/aset_baru.html", status_code=status, form=form, errors=errors,
                  card=card, kolom=kib.KARTU.get(card, ()), kode=await register.daftar_kode(hanya_rinci=True),
                  rooms=[(str(r["id"]), f"{r['gedung_nama']} — {r['nama']}") for r in rooms], **_pilihan())


@get("/aset/baru", opt={"permission": KELOLA})
async def aset_baru(request: Request, kartu: query_text(1) = "B") -> Response:
    form = {"kib": kartu if kartu in kib.NAMA_KIB else "B", "kondisi": "B", "sumber_dana": "apbd",
            "cara_perolehan": "pembelian", "jumlah": "1", "tanggal_perolehan": today().isoformat()}
    return await _baru_page(request, form, {})


@post("/aset/baru", opt={"permission": KELOLA})
async def aset_simpan(request: Request, data: Form) -> Response:
    form = {k: (data.get(k) or "").strip() for k in (*register.KOLOM_ASET, "kib")}
    for kolom in (c for cols in kib.KARTU.values() for c in cols):
        form[f"r_{kolom.name}"] = (data.get(f"r_{kolom.name}") or "").strip()
    values, errors = await register.periksa_aset(form)
    if values.get("kib") and form.get("kib") and values["kib"] != form["kib"] and "kode_barang" not in errors:
        # The card follows the code: show the right card's fields with what was typed.
        form["kib"] = values["kib"]
        errors.setdefault("kode_barang", _("Kode ini termasuk %(kib)s: lengkapi isian kartunya.",
                                           kib=str(kib.NAMA_KIB[values["kib"]])))
    if errors:
        return await _baru_page(request, form, errors, status=400)
    created = await register.catat_aset(values, request.scope["user"])
    first = created[0]
    message = _("%(n)s aset dicatat: %(dari)s sampai %(sampai)s.", n=len(created), dari=first["nomor"],
                sampai=created[-1]["nomor"]) if len(created) > 1 else _("Aset %(nomor)s dicatat.", nomor=first["nomor"])
    return redirect(request, f"/bmd/aset/{first['id']}", message)


async def _aset(aset_id: int) -> dict:
    row = await register.aset(aset_id)
    if row is None:
        raise NotFoundException(_("Aset tidak ditemukan."))
    return row


async def _aset_page(request, row, form=None, errors=None, status=200):
    rooms = await register.ruang_semua()
    code = await register.kode_barang(row["kode_barang"])
    return render(request, "bmd/aset_satu.html", status_code=status, a=row, jenis=code["uraian"] if code else "",
                  events=await register.peristiwa(row["id"]), kolom=kib.KARTU.get(row["kib"], ()),
                  nama_ruang={r["id"]: f"{r['gedung_nama']} — {r['nama']}" for r in rooms},
                  rooms=[(str(r["id"]), f"{r['gedung_nama']} — {r['nama']}") for r in rooms],
                  form=form or {}, errors=errors or {}, may_edit=request.scope["user"].can(KELOLA), **_pilihan())


@get("/aset/{aset_id:int}", opt={"permission": LOGIN})
async def aset_satu(request: Request, aset_id: PathId) -> Response:
    # Any signed-in employee: the label's QR code opens this page (sign-in first when not signed in).
    return await _aset_page(request, await _aset(aset_id))


@post("/aset/{aset_id:int}/ubah", opt={"permission": KELOLA})
async def aset_ubah(request: Request, aset_id: PathId, data: Form) -> Response:
    row = await _aset(aset_id)
    form = {k: (data.get(k) or "").strip() for k in ("kondisi", "ruang", "pemegang", "pemegang_nip", "alasan",
                                                     "dokumen", "tanggal")}
    if "ganti_pemegang" not in data:
        form.pop("pemegang")
    try:
        await register.ubah(row["id"], form, request.scope["user"])
    except BmdError as exc:
        return await _aset_page(request, row, form, exc.errors, status=400)
    return redirect(request, f"/bmd/aset/{row['id']}", _("Perubahan dicatat sebagai peristiwa."))


# -- labels ----------------------------------------------------------------------------------------------

async def _labels(request: Request, items: list[dict]) -> bytes:
    import segno

    base = str(request.base_url).rstrip("/")
    labels = [{"a": a, "qr": segno.make(f"{base}/bmd/aset/{a['id']}", error="m").svg_data_uri(scale=3, border=1)}
              for a in items]
    return await render_document("bmd/naskah/label.html", {"labels": labels, "title": _("Label barang")})


@get("/ruang/{ruang_id:int}/label.pdf", opt={"permission": KELOLA})
async def label_ruang(request: Request, ruang_id: PathId) -> Response:
    room = await _ruang(ruang_id)
    return _pdf(await _labels(request, await register.kir(room["id"])), f"label-{room['kode']}.pdf")


@get("/aset/{aset_id:int}/label.pdf", opt={"permission": KELOLA})
async def label_aset(request: Request, aset_id: PathId) -> Response:
    row = await _aset(aset_id)
    return _pdf(await _labels(request, [row]), f"label-{row['nomor']}.pdf")


def routes() -> list:
    return [beranda, kode, kode_tambah, ruang_daftar, gedung_tambah, ruang_tambah, ruang_satu, kir_pdf, aset_daftar,
            aset_baru, aset_simpan, aset_satu, aset_ubah, label_ruang, label_aset]
