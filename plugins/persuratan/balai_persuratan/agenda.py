"""The Buku Agenda of incoming and outgoing letters: filters, search, export.

Search matches every word of the query inside ``cari`` (sender, number and subject, lower-cased).
On PostgreSQL a pg_trgm GIN index serves ``LIKE '%word%'``; pages fetch one row more than they
show instead of counting every match, so a common word stays cheap on a large register.
"""

from __future__ import annotations

import io

import xlsxwriter

from balai.api import _, format_date, format_datetime

from balai_persuratan.kamus import SIFAT, STATUS_KELUAR, STATUS_MASUK, URGENSI, label
from balai_persuratan.tables import Distribusi, SuratKeluar, SuratMasuk

PER_PAGE = 50
EXPORT_MAX = 100_000


def kata(q: str) -> list[str]:
    return [w.replace("%", "").replace("_", "") for w in (q or "").lower().split() if w.strip("%_")][:8]


def _masuk_where(user, tahun: int | None, q: str, sifat: str, status: str):
    cond = SuratMasuk.id > 0
    if tahun:
        cond &= SuratMasuk.tahun == tahun
    for w in kata(q):
        cond &= SuratMasuk.cari.like(f"%{w}%")
    if sifat:
        cond &= SuratMasuk.sifat == sifat
    if status:
        cond &= SuratMasuk.status == status
    units = user.units_for("persuratan.lihat") if user is not None else None
    if units is not None:
        units = list(units) or [-1]
        cond &= SuratMasuk.unit_id.is_in(units) | SuratMasuk.id.is_in(
            Distribusi.select(Distribusi.surat_masuk).where(Distribusi.unit_id.is_in(units)))
    return cond


MASUK_COLUMNS = (SuratMasuk.id, SuratMasuk.tahun, SuratMasuk.nomor_agenda, SuratMasuk.tanggal_terima,
                 SuratMasuk.pengirim, SuratMasuk.nomor_surat, SuratMasuk.tanggal_surat, SuratMasuk.perihal,
                 SuratMasuk.sifat, SuratMasuk.urgensi, SuratMasuk.klasifikasi, SuratMasuk.status,
                 SuratMasuk.case_id)


async def cari_masuk(user, tahun: int | None = None, q: str = "", sifat: str = "", status: str = "",
                     page: int = 1, per_page: int = PER_PAGE) -> tuple[list[dict], bool]:
    rows = await SuratMasuk.select(*MASUK_COLUMNS).where(_masuk_where(user, tahun, q, sifat, status)).order_by(
        SuratMasuk.tahun, ascending=False).order_by(SuratMasuk.nomor_agenda, ascending=False).limit(
        per_page + 1).offset((max(page, 1) - 1) * per_page)
    return rows[:per_page], len(rows) > per_page


def _keluar_where(user, tahun: int | None, q: str, status: str):
    cond = SuratKeluar.id > 0
    if tahun:
        cond &= SuratKeluar.tahun == tahun
    for w in kata(q):
        cond &= SuratKeluar.cari.like(f"%{w}%")
    if status:
        cond &= SuratKeluar.status == status
    units = user.units_for("persuratan.lihat") if user is not None else None
    if units is not None:
        cond &= SuratKeluar.unit_id.is_in(list(units) or [-1]) | (SuratKeluar.dibuat_oleh == user.id)
    return cond


KELUAR_COLUMNS = (SuratKeluar.id, SuratKeluar.tahun, SuratKeluar.nomor, SuratKeluar.nomor_urut,
                  SuratKeluar.tanggal_surat, SuratKeluar.jenis, SuratKeluar.tujuan, SuratKeluar.perihal,
                  SuratKeluar.sifat, SuratKeluar.klasifikasi, SuratKeluar.status, SuratKeluar.dibuat_nama,
                  SuratKeluar.penerima, SuratKeluar.diterima_pada)


async def cari_keluar(user, tahun: int | None = None, q: str = "", status: str = "", page: int = 1,
                      per_page: int = PER_PAGE) -> tuple[list[dict], bool]:
    rows = await SuratKeluar.select(*KELUAR_COLUMNS).where(_keluar_where(user, tahun, q, status)).order_by(
        SuratKeluar.tahun, ascending=False).order_by(SuratKeluar.id, ascending=False).limit(
        per_page + 1).offset((max(page, 1) - 1) * per_page)
    return rows[:per_page], len(rows) > per_page


async def tahun_tersedia() -> list[int]:
    rows = await SuratMasuk.raw(
        "SELECT DISTINCT tahun FROM persuratan_surat_masuk UNION SELECT DISTINCT tahun FROM persuratan_surat_keluar")
    return sorted({r["tahun"] for r in rows if r["tahun"]}, reverse=True)


# --- exports -----------------------------------------------------------------------------------


def kolom_masuk() -> list[tuple[str, float]]:
    return [(_("No. agenda"), 18), (_("Tanggal diterima"), 26), (_("Pengirim"), 50), (_("Nomor surat"), 40),
            (_("Tanggal surat"), 26), (_("Perihal"), 70), (_("Sifat"), 22), (_("Status"), 25)]


def baris_masuk(r: dict) -> list:
    return [f"{r['nomor_agenda']}/{r['tahun']}", format_date(r["tanggal_terima"], "short"), r["pengirim"],
            r["nomor_surat"], format_date(r["tanggal_surat"], "short"), r["perihal"],
            f"{label(SIFAT, r['sifat'])}, {label(URGENSI, r['urgensi'])}", label(STATUS_MASUK, r["status"])]


def kolom_keluar() -> list[tuple[str, float]]:
    return [(_("Nomor surat"), 50), (_("Tanggal surat"), 24), (_("Tujuan"), 55), (_("Perihal"), 70),
            (_("Sifat"), 18), (_("Status"), 22), (_("Diterima oleh"), 38)]


def baris_keluar(r: dict) -> list:
    received = f"{r['penerima']} ({format_datetime(r['diterima_pada'], 'short')})" if r["diterima_pada"] else ""
    return [r["nomor"] or _("(belum bernomor)"), format_date(r["tanggal_surat"], "short"), r["tujuan"], r["perihal"],
            label(SIFAT, r["sifat"]), label(STATUS_KELUAR, r["status"]), received]


async def semua(jenis: str, user, **filters) -> list[dict]:
    if jenis == "masuk":
        rows, _more = await cari_masuk(user, per_page=EXPORT_MAX, **filters)
    else:
        rows, _more = await cari_keluar(user, per_page=EXPORT_MAX, **filters)
    return rows


def xlsx(judul: str, columns: list[tuple[str, float]], rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet(_("Buku Agenda")[:31])
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write(0, 0, judul, bold)
    for col, (name, width) in enumerate(columns):
        sheet.set_column(col, col, width * 0.6)
        sheet.write(2, col, name, bold)
    for i, values in enumerate(rows, start=3):
        for col, value in enumerate(values):
            sheet.write_string(i, col, "" if value is None else str(value), wrap)
    book.close()
    return out.getvalue()
