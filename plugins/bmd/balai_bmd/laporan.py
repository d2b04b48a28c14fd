"""Laporan persediaan per semester: per item the opening balance, receipts, issues, adjustments and the
closing balance, each as a quantity and a value, and the totals (what the finance staff reconcile with
the province's SIPD/SIMDA figures; the workbook carries the item codes for that).

The ledger is read once, in ledger order, up to the semester's last day, and each item is valued by
``nilai.hitung`` with the method in force per semester, as the item's card values it: the value of a
movement never depends on what came after it, so the figures of a closed semester stay as reported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from babel.numbers import format_decimal

from balai.api import _

from balai_bmd import nilai, persediaan
from balai_bmd.tables import Barang, Mutasi, SemesterTutup

BAGIAN = ("awal", "terima", "keluar", "penyesuaian", "akhir")


@dataclass
class Baris:
    barang: dict
    jumlah: dict = field(default_factory=lambda: dict.fromkeys(BAGIAN, 0))
    nilai: dict = field(default_factory=lambda: dict.fromkeys(BAGIAN, Decimal(0)))


def angka(value, digits: int = 0, locale: str = "id") -> str:
    """``1250000`` -> ``1.250.000`` in Indonesian, ``1,250,000`` in English."""
    return format_decimal(value, "#,##0" + ("." + "0" * digits if digits else ""), locale=locale)


def baris_barang(item: dict, rows: list[dict], metode, tahun: int, semester: int) -> Baris:
    """One item's line from its movements up to the semester's end (in ledger order)."""
    hasil = nilai.hitung(rows, metode)
    line = Baris(item)
    for m in rows:
        part = "awal" if nilai.semester(m["tanggal"]) < (tahun, semester) else m["jenis"]
        qty = -m["jumlah"] if part == "keluar" else m["jumlah"]  # issues shown as positive amounts
        value = hasil.nilai_mutasi[m["id"]]
        line.jumlah[part] += qty
        line.nilai[part] += -value if part == "keluar" else value
    line.jumlah["akhir"], line.nilai["akhir"] = hasil.jumlah, hasil.nilai
    return line


async def semester(tahun: int, semester: int) -> dict:
    """The report of one semester: its lines (items with any balance or movement), totals and method."""
    end = persediaan.akhir_semester(tahun, semester)
    metode = await persediaan.penentu_metode()
    items = {b["id"]: b for b in await Barang.select()}
    rows = await Mutasi.select(Mutasi.id, Mutasi.barang, Mutasi.tanggal, Mutasi.jumlah, Mutasi.harga_satuan,
                               Mutasi.jenis).where(Mutasi.tanggal <= end) \
        .order_by(Mutasi.barang).order_by(Mutasi.tanggal).order_by(Mutasi.id)
    lines = []
    for barang_id, group in groupby(rows, key=lambda r: r["barang"]):
        line = baris_barang(items[barang_id], list(group), metode, tahun, semester)
        if any(line.jumlah.values()):
            lines.append(line)
    lines.sort(key=lambda b: b.barang["nama"])
    total = {part: sum((b.nilai[part] for b in lines), Decimal(0)) for part in BAGIAN}
    closed = await SemesterTutup.exists().where(SemesterTutup.kode == f"{tahun}-{semester}")
    return {"tahun": tahun, "semester": semester, "judul": persediaan.label_semester(tahun, semester),
            "awal": persediaan.awal_semester(tahun, semester), "akhir": end, "baris": lines, "total": total,
            "metode": metode((tahun, semester)), "ditutup": closed}


def judul_kolom() -> list[str]:
    return [_("Saldo awal"), _("Penerimaan"), _("Pengeluaran"), _("Penyesuaian"), _("Saldo akhir")]


def xlsx(laporan: dict, nama_metode: str) -> bytes:
    """The report as a workbook: quantities and values as numbers (values to the sen), the item code
    beside each item, and the totals, so it can be summed and matched against SIPD/SIMDA."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Laporan persediaan"))
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 3, 12)
    sheet.set_column(4, 13, 14)
    sheet.write(0, 0, _("Laporan Persediaan %(semester)s", semester=laporan["judul"]), bold)
    sheet.write(1, 0, _("Metode penilaian: %(metode)s", metode=nama_metode))
    heads = [_("No"), _("Nama barang"), _("Kode barang"), _("Satuan")]
    for title in judul_kolom():
        heads += [_("%(bagian)s: jumlah", bagian=title), _("%(bagian)s: nilai (Rp)", bagian=title)]
    for col, head in enumerate(heads):
        sheet.write(3, col, head, bold)
    row = 4
    for n, line in enumerate(laporan["baris"], 1):
        sheet.write_number(row, 0, n)
        sheet.write(row, 1, line.barang["nama"])
        sheet.write(row, 2, line.barang["kode_barang"])
        sheet.write(row, 3, line.barang["satuan"])
        for i, part in enumerate(BAGIAN):
            sheet.write_number(row, 4 + 2 * i, line.jumlah[part])
            sheet.write_number(row, 5 + 2 * i, float(line.nilai[part]), money)
        row += 1
    sheet.write(row, 1, _("Jumlah"), bold)
    for i, part in enumerate(BAGIAN):
        sheet.write_number(row, 5 + 2 * i, float(laporan["total"][part]), money_bold)
    book.close()
    return out.getvalue()
