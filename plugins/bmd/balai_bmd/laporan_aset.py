"""Asset reports: the KIB of one card (every asset with the card's own columns) as PDF and XLSX, and
the register by condition (how many and what value per card and condition), on a page and as XLSX.

Read straight from ``bmd_aset``, whose condition and room are the projection of the events, so a
report shows the register as it stands when it is printed.
"""

from __future__ import annotations

import io
from datetime import datetime, time

from piccolo.query.functions.aggregate import Count, Sum

from balai.api import _

from balai_bmd import kib
from balai_bmd.tables import Aset, Ruang


async def kartu(kib_: str, kondisi: str = "") -> list[dict]:
    """Every asset of card ``kib_`` (optionally of one condition) by code and register, with its room."""
    query = Aset.select().where(Aset.kib == kib_)
    if kondisi in kib.KONDISI:
        query = query.where(Aset.kondisi == kondisi)
    rows = await query.order_by(Aset.kode_barang).order_by(Aset.nomor_register).output(load_json=True)
    rooms = {r["id"]: r["nama"] for r in await Ruang.select(Ruang.id, Ruang.nama)}
    for a in rows:
        a["ruang_nama"] = rooms.get(a["ruang"], "")
    return rows


async def per_kondisi() -> dict:
    """{kib: {kondisi: (count, value)}} with the totals per card, per condition and overall."""
    rows = await Aset.select(Aset.kib, Aset.kondisi, Count(Aset.id).as_alias("n"), Sum(Aset.nilai).as_alias("v")) \
        .group_by(Aset.kib, Aset.kondisi)
    table = {k: {c: (0, 0) for c in kib.KONDISI} for k in kib.NAMA_KIB}
    for r in rows:
        if r["kib"] in table and r["kondisi"] in kib.KONDISI:
            table[r["kib"]][r["kondisi"]] = (int(r["n"]), int(r["v"] or 0))
    per_card = {k: (sum(n for n, _v in c.values()), sum(v for _n, v in c.values())) for k, c in table.items()}
    per_cond = {c: (sum(table[k][c][0] for k in table), sum(table[k][c][1] for k in table)) for c in kib.KONDISI}
    return {"tabel": table, "per_kartu": per_card, "per_kondisi": per_cond,
            "semua": (sum(n for n, _v in per_card.values()), sum(v for _n, v in per_card.values()))}


def _umum() -> list[tuple[str, str]]:
    return [("nomor", _("Nomor")), ("kode_barang", _("Kode barang")), ("nomor_register", _("Register")),
            ("nama", _("Nama barang")), ("tanggal_perolehan", _("Tanggal perolehan")), ("nilai", _("Nilai perolehan (Rp)")),
            ("sumber_dana", _("Sumber dana")), ("cara_perolehan", _("Cara perolehan")), ("kondisi", _("Kondisi")),
            ("ruang_nama", _("Ruang")), ("pemegang", _("Pemegang"))]


def xlsx_kartu(kib_: str, rows: list[dict]) -> bytes:
    """The card as a workbook: the common columns, then the card's own fields, values as numbers."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(f"KIB {kib_}")
    bold, money = book.add_format({"bold": True}), book.add_format({"num_format": "#,##0"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, str(kib.NAMA_KIB[kib_]), bold)
    own = kib.KARTU[kib_]
    heads = [h for _k, h in _umum()] + [str(k.label) for k in own]
    for col, head in enumerate(heads):
        sheet.write(2, col, head, bold)
    sheet.set_column(0, 0, 24)
    sheet.set_column(3, 3, 36)
    for i, a in enumerate(rows, start=3):
        for col, (key, _h) in enumerate(_umum()):
            value = a[key]
            if key == "nilai":
                sheet.write_number(i, col, value, money)
            elif key == "nomor_register":
                sheet.write_number(i, col, value)
            elif key == "tanggal_perolehan":
                sheet.write_datetime(i, col, datetime.combine(value, time()), day)
            else:
                sheet.write(i, col, str(value or ""))
        for col, k in enumerate(own, start=len(_umum())):
            raw = a["rincian"].get(k.name, "")
            sheet.write(i, col, str(k.choices.get(raw, raw)) if k.choices else raw)
    total_row = len(rows) + 3
    sheet.write(total_row, 3, _("Jumlah: %(n)s barang", n=len(rows)), bold)
    sheet.write_number(total_row, 5, sum(a["nilai"] for a in rows), money)
    book.close()
    return out.getvalue()


def xlsx_kondisi(rekap: dict) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Per kondisi"))
    bold, money = book.add_format({"bold": True}), book.add_format({"num_format": "#,##0"})
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 8, 16)
    sheet.write(0, 0, _("Aset menurut kondisi"), bold)
    heads = [_("Kartu")]
    for c, label in kib.KONDISI.items():
        heads += [_("%(kondisi)s: jumlah", kondisi=str(label)), _("%(kondisi)s: nilai (Rp)", kondisi=str(label))]
    heads += [_("Jumlah"), _("Nilai (Rp)")]
    for col, head in enumerate(heads):
        sheet.write(2, col, head, bold)
    lines = [(str(kib.NAMA_KIB[k]), rekap["tabel"][k], rekap["per_kartu"][k]) for k in kib.NAMA_KIB]
    lines.append((_("Jumlah"), rekap["per_kondisi"], rekap["semua"]))
    for i, (name, cells, total) in enumerate(lines, start=3):
        sheet.write(i, 0, name, bold if i == len(lines) + 2 else None)
        for j, c in enumerate(kib.KONDISI):
            sheet.write_number(i, 1 + 2 * j, cells[c][0])
            sheet.write_number(i, 2 + 2 * j, cells[c][1], money)
        sheet.write_number(i, 7, total[0])
        sheet.write_number(i, 8, total[1], money)
    book.close()
    return out.getvalue()
