"""Who is away when: a unit's leave as a month grid (for its head, and on the approval task so the
overlap is seen before approving), and leave per person per month for Subbag Keuangan (TPP).

A day of leave is a calendar day between a request's first and last day; the count per month is in
working days by the leave's own counting rule (weekends, holidays and cuti bersama not counted), as
the request itself was counted.
"""

from __future__ import annotations

import calendar as _cal
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from balai.api import _, calendar, format_date

from balai_kepegawaian import aturan, cuti, pegawai

def bulan_dari(teks: str | None, bawaan: date) -> date:
    """The first day of the month typed as ``2026-08`` (a month input); ``bawaan``'s month otherwise."""
    try:
        year, month = (int(x) for x in str(teks or "").split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        return bawaan.replace(day=1)


def akhir_bulan(awal: date) -> date:
    return awal.replace(day=_cal.monthrange(awal.year, awal.month)[1])


def geser(awal: date, n: int) -> date:
    index = awal.month - 1 + n
    return date(awal.year + index // 12, index % 12 + 1, 1)


@dataclass
class Hari:
    tanggal: date
    libur: str = ""  # "" (a working day), or the kind: weekend, holiday, cuti_bersama, agency
    nama: str = ""


@dataclass
class Baris:
    pegawai_id: int
    nama: str
    nip: str
    sel: list = field(default_factory=list)  # per day: None, or the request on that day (dict)


@dataclass
class Grid:
    dari: date
    sampai: date
    hari: list[Hari]
    baris: list[Baris]
    fokus: dict | None = None
    bertumpuk: list[dict] = field(default_factory=list)  # others away on a day of the focus request


def _hari(dari: date, sampai: date) -> list[Hari]:
    rule = aturan.HITUNG_CUTI.code
    days, day = [], dari
    while day <= sampai:
        status = calendar.day_status(day, rule=rule)
        days.append(Hari(day, "" if status.working else status.kind, status.name or ""))
        day += timedelta(days=1)
    return days


async def grid(unit_ids, dari: date, sampai: date, fokus: dict | None = None) -> Grid:
    """The leave (pending and approved) of the people of ``unit_ids`` from ``dari`` to ``sampai``:
    one row per person on leave, one cell per day. With ``fokus`` (a request) its row comes first
    and ``bertumpuk`` lists the others away on any of its days."""
    rows = await cuti.cuti_unit(sorted(unit_ids), dari, sampai)
    if fokus is not None and not any(r["id"] == fokus["id"] for r in rows):
        p = await pegawai.ambil(fokus["pegawai"])
        rows.append({**fokus, "nama": p["nama"], "gelar_depan": p["gelar_depan"], "gelar_belakang": p["gelar_belakang"],
                     "nip": p["nip"], "unit_id": p["unit_id"], "label": aturan.label(fokus["jenis"])})
    days = _hari(dari, sampai)
    people: dict[int, Baris] = {}
    for r in rows:
        line = people.get(r["pegawai"])
        if line is None:
            line = people[r["pegawai"]] = Baris(r["pegawai"], pegawai.nama_lengkap(r), pegawai.format_nip(r["nip"]),
                                                [None] * len(days))
        for i, d in enumerate(days):
            if r["mulai"] <= d.tanggal <= r["selesai"]:
                line.sel[i] = {"id": r["id"], "jenis": r["jenis"], "singkatan": aturan.JENIS[r["jenis"]].singkatan
                               if r["jenis"] in aturan.JENIS else "?", "status": r["status"], "label": r["label"],
                               "fokus": fokus is not None and r["id"] == fokus["id"]}
    order = sorted(people.values(), key=lambda b: (fokus is None or b.pegawai_id != fokus["pegawai"], b.nama))
    overlaps = []
    if fokus is not None:
        for r in rows:
            if r["pegawai"] == fokus["pegawai"] or r["selesai"] < fokus["mulai"] or r["mulai"] > fokus["selesai"]:
                continue
            overlaps.append({"nama": pegawai.nama_lengkap(r), "label": r["label"], "status": r["status"],
                             "mulai": max(r["mulai"], fokus["mulai"]), "selesai": min(r["selesai"], fokus["selesai"])})
    return Grid(dari, sampai, days, order, fokus, overlaps)


async def grid_bulan(unit_ids, awal: date) -> Grid:
    return await grid(unit_ids, awal, akhir_bulan(awal))


# --- per person per month, for the TPP ------------------------------------------------------------

def hari_kerja_bulan(row: dict, awal: date) -> int:
    """Working days of request ``row`` that fall in the month starting ``awal``."""
    a, b = max(row["mulai"], awal), min(row["selesai"], akhir_bulan(awal))
    if b < a:
        return 0
    return calendar.working_days_between(a, b, rule=aturan.HITUNG_CUTI.code)


async def rekap(unit_ids, tahun: int) -> dict:
    """Approved leave of ``tahun`` per person per month (working days), with the detail rows: what
    Subbag Keuangan needs for the TPP. ``orang``: one entry per person with leave, ``bulan`` twelve
    totals, ``jenis`` the totals per kind; ``rincian``: each request's share of each month."""
    dari, sampai = date(tahun, 1, 1), date(tahun, 12, 31)
    rows = await cuti.cuti_unit(sorted(unit_ids), dari, sampai, status=(cuti.DISETUJUI,))
    units = await pegawai.nama_unit()
    orang: dict[int, dict] = {}
    rincian = []
    for r in rows:
        o = orang.setdefault(r["pegawai"], {"pegawai_id": r["pegawai"], "nama": pegawai.nama_lengkap(r),
                                            "nip": pegawai.format_nip(r["nip"]), "unit": units.get(r["unit_id"], ""),
                                            "bulan": [0] * 12, "jenis": {}, "jumlah": 0})
        for m in range(12):
            awal = date(tahun, m + 1, 1)
            n = hari_kerja_bulan(r, awal)
            if not n:
                continue
            o["bulan"][m] += n
            o["jenis"][r["jenis"]] = o["jenis"].get(r["jenis"], 0) + n
            o["jumlah"] += n
            rincian.append({"nama": o["nama"], "nip": o["nip"], "unit": o["unit"], "bulan": m + 1,
                            "jenis": r["label"], "mulai": r["mulai"], "selesai": r["selesai"], "hari_kerja": n,
                            "nomor_surat": r["nomor_surat"]})
    people = sorted(orang.values(), key=lambda o: (o["unit"], o["nama"]))
    rincian.sort(key=lambda x: (x["bulan"], x["unit"], x["nama"], x["mulai"]))
    return {"tahun": tahun, "orang": people, "rincian": rincian}


def xlsx(data: dict, judul: str) -> bytes:
    """The rekap as a workbook: the person-by-month sheet and the detail sheet."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1, "text_wrap": True, "valign": "top"})
    cell = book.add_format({"border": 1})
    num = book.add_format({"border": 1, "num_format": "0"})
    day = book.add_format({"border": 1, "num_format": "dd/mm/yyyy"})

    sheet = book.add_worksheet(_("Rekap"))
    sheet.write(0, 0, judul, bold)
    sheet.write(1, 0, _("Hari kerja cuti yang disetujui per bulan, tahun %(tahun)s", tahun=data["tahun"]))
    header = [_("No"), _("NIP"), _("Nama"), _("Unit kerja")] + [format_date(date(data["tahun"], m, 1), "MMM") for m in range(1, 13)] + [_("Jumlah")] + \
        [str(j.label) for k, j in aturan.JENIS.items() if j.diajukan]
    for c, text in enumerate(header):
        sheet.write(3, c, text, head)
    kinds = [k for k, j in aturan.JENIS.items() if j.diajukan]
    for i, o in enumerate(data["orang"]):
        r = 4 + i
        sheet.write_number(r, 0, i + 1, num)
        sheet.write_string(r, 1, o["nip"], cell)
        sheet.write_string(r, 2, o["nama"], cell)
        sheet.write_string(r, 3, o["unit"], cell)
        for m in range(12):
            sheet.write_number(r, 4 + m, o["bulan"][m], num)
        sheet.write_number(r, 16, o["jumlah"], num)
        for k, kind in enumerate(kinds):
            sheet.write_number(r, 17 + k, o["jenis"].get(kind, 0), num)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 3, 32)
    sheet.set_column(4, 16, 6)
    sheet.set_column(17, 17 + len(kinds), 14)
    sheet.freeze_panes(4, 3)

    detail = book.add_worksheet(_("Rincian"))
    cols = [_("Bulan"), _("NIP"), _("Nama"), _("Unit kerja"), _("Jenis cuti"), _("Mulai"), _("Selesai"),
            _("Hari kerja dalam bulan"), _("Nomor surat izin")]
    for c, text in enumerate(cols):
        detail.write(0, c, text, head)
    for i, x in enumerate(data["rincian"]):
        r = 1 + i
        detail.write_string(r, 0, format_date(date(data["tahun"], x["bulan"], 1), "MMMM"), cell)
        detail.write_string(r, 1, x["nip"], cell)
        detail.write_string(r, 2, x["nama"], cell)
        detail.write_string(r, 3, x["unit"], cell)
        detail.write_string(r, 4, x["jenis"], cell)
        detail.write_datetime(r, 5, _pukul_nol(x["mulai"]), day)
        detail.write_datetime(r, 6, _pukul_nol(x["selesai"]), day)
        detail.write_number(r, 7, x["hari_kerja"], num)
        detail.write_string(r, 8, x["nomor_surat"] or "", cell)
    detail.set_column(0, 0, 12)
    detail.set_column(1, 1, 22)
    detail.set_column(2, 4, 30)
    detail.set_column(5, 6, 12)
    detail.set_column(7, 8, 22)
    detail.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def _pukul_nol(d: date):
    from datetime import datetime

    return datetime(d.year, d.month, d.day)


def judul_bulan(awal: date) -> str:
    return format_date(awal, "MMMM yyyy")
