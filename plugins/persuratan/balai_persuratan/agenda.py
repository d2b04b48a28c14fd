"""The Buku Agenda of incoming and outgoing letters: filters, search, export.

Search looks for every word of the query in the sender (or addressee), number and subject.
SQLite matches ``LIKE '%word%'``. PostgreSQL uses full-text search on the stored tsvector
``cari_ts`` (the last word as a prefix, as the user is still typing), in two steps so that the
plan does not depend on the planner guessing how common a word is: first the GIN index gives
up to ``DENSE`` matching ids; a rarer query is then sorted from those ids, while a query that
matches more than that walks the register newest first and stops at the page's end. Pages
fetch one row more than they show instead of counting every match.
"""

from __future__ import annotations

import io
import json
import re

import xlsxwriter
from piccolo.columns.combination import WhereRaw

from balai.api import _, format_date, format_datetime, page_number, reach

from balai_persuratan.kamus import SIFAT, STATUS_KELUAR, STATUS_MASUK, URGENSI, label
from balai_persuratan.masuk import akses, peserta
from balai_persuratan.tables import SuratKeluar, SuratMasuk

PER_PAGE = 50
EXPORT_MAX = 100_000
DENSE = 5000
_TSQUERY_SPECIAL = re.compile(r"[&|!():*'<>\\\"]")


def kata(q: str) -> list[str]:
    return [w.replace("%", "").replace("_", "") for w in (q or "").lower().split() if w.strip("%_")][:8]


def tsquery(q: str) -> str:
    """``to_tsquery('simple', …)`` text: every word required, the last one as a prefix."""
    words = [w for w in _TSQUERY_SPECIAL.sub(" ", (q or "").lower().replace("/", " ")).split()
             if any(c.isalnum() for c in w)][:8]
    if not words:
        return ""
    return " & ".join(words[:-1] + [words[-1] + ":*"])


def _postgres() -> bool:
    return SuratMasuk._meta.db.engine_type == "postgres"


async def _cari(table, columns, cond, q: str, order: list, page: int, per_page: int,
                access: list[str] | None = None) -> tuple[list[dict], bool]:
    """``access``: only letters whose ``akses`` holds one of these words (a unit's, a participant's:
    incoming letters of a scoped user)."""
    def query(where):
        select = table.select(*columns).where(where)
        for column in order:
            select = select.order_by(column, ascending=False)
        return select.limit(per_page + 1).offset((page_number(page) - 1) * per_page)

    words = kata(q)
    if not _postgres():
        for w in words:
            cond &= table.cari.like(f"%{w}%")
        if access is not None:
            # The words as one JSON parameter: an OR per word is an expression SQLite refuses
            # ("parser stack overflow", depth 1000) once a scope reaches some hundreds of units.
            cond &= WhereRaw("EXISTS (SELECT 1 FROM json_each({}) WHERE instr(akses, ' ' || value || ' ') > 0)",
                             json.dumps(access))
        rows = await query(cond)
        return rows[:per_page], len(rows) > per_page
    text = tsquery(q) if words else ""
    if words and not text:
        return [], False
    if access is not None:
        text = " & ".join(p for p in ("(" + " | ".join(access) + ")", text) if p)
    if not text:
        rows = await query(cond)
        return rows[:per_page], len(rows) > per_page
    db = table._meta.db
    name = table._meta.tablename
    async with db.transaction():
        await table.raw("SET LOCAL enable_seqscan = off")
        await table.raw("SET LOCAL enable_indexscan = off")
        hits = await table.raw(f"SELECT id FROM {name} WHERE cari_ts @@ to_tsquery('simple', {{}}) LIMIT {DENSE + 1}",
                               text)
    if len(hits) <= DENSE:
        if not hits:
            return [], False
        # One array parameter rather than thousands of bound values.
        rows = await query(cond & WhereRaw("id = ANY({})", [h["id"] for h in hits]))
    else:
        # Dense: walk the register in page order (the only plan left without scans of the whole
        # table or bitmaps); matches are frequent, so the page fills after a short walk.
        async with db.transaction():
            await table.raw("SET LOCAL enable_bitmapscan = off")
            await table.raw("SET LOCAL enable_seqscan = off")
            await table.raw("SET LOCAL enable_sort = off")
            rows = await query(cond & WhereRaw("cari_ts @@ to_tsquery('simple', {})", text))
    return rows[:per_page], len(rows) > per_page


def _masuk_where(tahun: int | None, sifat: str, status: str):
    cond = SuratMasuk.id > 0
    if tahun:
        cond &= SuratMasuk.tahun == tahun
    if sifat:
        cond &= SuratMasuk.sifat == sifat
    if status:
        cond &= SuratMasuk.status == status
    return cond


MASUK_COLUMNS = (SuratMasuk.id, SuratMasuk.tahun, SuratMasuk.nomor_agenda, SuratMasuk.tanggal_terima,
                 SuratMasuk.pengirim, SuratMasuk.nomor_surat, SuratMasuk.tanggal_surat, SuratMasuk.perihal,
                 SuratMasuk.sifat, SuratMasuk.urgensi, SuratMasuk.klasifikasi, SuratMasuk.status,
                 SuratMasuk.case_id)


async def akses_pengguna(user) -> list[str] | None:
    """The access words of the letters ``user`` finds in the agenda (None: every letter): the units
    they keep letters for, the units they head (a superior finds what was disposed below), and
    themselves, for the letters they acted on."""
    if user is None:
        return None
    units = user.units_for("persuratan.lihat")
    if units is None:
        return None
    heads = (await reach(user)).heads
    return [akses(u) for u in sorted(set(units) | set(heads))] + [peserta(user.id)]


async def cari_masuk(user, tahun: int | None = None, q: str = "", sifat: str = "", status: str = "",
                     page: int = 1, per_page: int = PER_PAGE) -> tuple[list[dict], bool]:
    return await _cari(SuratMasuk, MASUK_COLUMNS, _masuk_where(tahun, sifat, status), q,
                       [SuratMasuk.tahun, SuratMasuk.nomor_agenda], page, per_page, await akses_pengguna(user))


async def _keluar_where(user, tahun: int | None, status: str):
    cond = SuratKeluar.id > 0
    if tahun:
        cond &= SuratKeluar.tahun == tahun
    if status:
        cond &= SuratKeluar.status == status
    units = user.units_for("persuratan.lihat") if user is not None else None
    if units is not None:
        # The units they keep letters for and those they head (a Kepala Bidang's own outgoing letters).
        units = set(units) | set((await reach(user)).heads)
        cond &= SuratKeluar.unit_id.is_in(sorted(units) or [-1]) | (SuratKeluar.dibuat_oleh == user.id)
    return cond


KELUAR_COLUMNS = (SuratKeluar.id, SuratKeluar.tahun, SuratKeluar.nomor, SuratKeluar.nomor_urut,
                  SuratKeluar.tanggal_surat, SuratKeluar.jenis, SuratKeluar.tujuan, SuratKeluar.perihal,
                  SuratKeluar.sifat, SuratKeluar.klasifikasi, SuratKeluar.status, SuratKeluar.dibuat_nama,
                  SuratKeluar.penerima, SuratKeluar.diterima_pada)


async def cari_keluar(user, tahun: int | None = None, q: str = "", status: str = "", page: int = 1,
                      per_page: int = PER_PAGE) -> tuple[list[dict], bool]:
    return await _cari(SuratKeluar, KELUAR_COLUMNS, await _keluar_where(user, tahun, status), q, [SuratKeluar.id],
                       page, per_page)


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
