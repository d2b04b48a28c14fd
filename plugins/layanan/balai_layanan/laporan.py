"""Exports: the guest book as XLSX (xlsxwriter) and PDF (fpdf2), the semester IKM report as XLSX.
The IKM report's PDF is an official document of the core's facility (naskah.py)."""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter
from fpdf import FPDF

from balai.api import _, format_date, format_datetime

from balai_layanan import ikm, survei
from balai_layanan.kunjungan import label_hasil
from balai_layanan.waktu import lokal

# The PDF core fonts know Latin-1 only; these are the characters our texts use beyond it.
_GANTI = str.maketrans({"–": "-", "—": "-", "≤": "<=", "≥": ">=", "’": "'", "“": '"', "”": '"', "…": "...",
                        "·": "-", "²": "2", "χ": "chi", "Σ": "Jumlah "})


def _latin(teks) -> str:
    return str(teks if teks is not None else "").translate(_GANTI).encode("latin-1", "replace").decode("latin-1")


def _jam(saat) -> str:
    return lokal(saat).strftime("%H.%M") if saat else ""


def _kolom_buku_tamu():
    return [_("No"), _("Nomor registrasi"), _("Tanggal"), _("Datang"), _("Nama"), _("Instansi"), _("Telepon"),
            _("Unit dituju"), _("Keperluan"), _("Petugas"), _("Layanan diberikan"), _("Hasil"), _("Selesai")]


def _baris_buku_tamu(i: int, r: dict) -> list:
    return [i, r["nomor"], format_date(r["tanggal"], "short"), _jam(r["datang_at"]), r["nama"], r["instansi"],
            r["telepon"], r["unit_nama"], r["keperluan"], r["petugas_nama"], r["layanan_diberikan"],
            label_hasil(r["hasil"]) if r["hasil"] else "", _jam(r["selesai_at"])]


def buku_tamu_xlsx(rows: list[dict], dari: date, sampai: date) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(_("Buku Tamu"))
    tebal = wb.add_format({"bold": True, "bg_color": "#DDEBE7", "border": 1, "text_wrap": True})
    ws.write(0, 0, _("Buku Tamu %(dari)s s/d %(sampai)s", dari=format_date(dari), sampai=format_date(sampai)),
             wb.add_format({"bold": True, "font_size": 13}))
    ws.write_row(2, 0, _kolom_buku_tamu(), tebal)
    for i, r in enumerate(rows, 1):
        ws.write_row(2 + i, 0, _baris_buku_tamu(i, r))
    for col, width in enumerate((5, 17, 12, 8, 24, 24, 15, 28, 36, 22, 36, 22, 8)):
        ws.set_column(col, col, width)
    ws.autofilter(2, 0, 2 + len(rows), 12)
    wb.close()
    return buf.getvalue()


class _Pdf(FPDF):
    def __init__(self, judul: str, instansi: str, orientation: str = "P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.judul, self.instansi = _latin(judul), _latin(instansi)
        self.set_auto_page_break(True, margin=15)
        self.alias_nb_pages()

    def header(self):
        self.set_font("Helvetica", "B", 11)
        self.cell(0, 6, self.instansi, new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 10)
        self.cell(0, 6, self.judul, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 6, _latin(_("Halaman %(n)s dari %(total)s", n=self.page_no(), total="{nb}")), align="R")


def _tabel(pdf: FPDF, kepala: list[str], baris: list[list], lebar: list[float]) -> None:
    pdf.set_font("Helvetica", "B", 8)
    with pdf.table(col_widths=lebar, text_align="LEFT", line_height=4.5, first_row_as_headings=True) as t:
        row = t.row()
        for h in kepala:
            row.cell(_latin(h))
        pdf.set_font("Helvetica", "", 8)
        for b in baris:
            row = t.row()
            for v in b:
                row.cell(_latin(v))


def buku_tamu_pdf(rows: list[dict], dari: date, sampai: date, instansi: str) -> bytes:
    judul = _("Buku Tamu %(dari)s s/d %(sampai)s", dari=format_date(dari), sampai=format_date(sampai))
    pdf = _Pdf(judul, instansi, orientation="L")
    pdf.add_page()
    if not rows:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 8, _latin(_("Tidak ada tamu pada periode ini.")))
    else:
        kolom = _kolom_buku_tamu()
        pilih = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12]
        _tabel(pdf, [kolom[i] for i in pilih], [[_baris_buku_tamu(i, r)[j] for j in pilih]
                                                for i, r in enumerate(rows, 1)],
               [8, 24, 18, 12, 30, 28, 30, 40, 24, 40, 22, 12])
    return bytes(pdf.output())


# --- the semester IKM report ---------------------------------------------------------------------

def _baris_unsur(hasil: ikm.Hasil) -> list[list]:
    return [[u.kode.upper(), u.nama, u.jumlah, f"{float(u.nrr):.4f}", f"{float(u.nrr) / len(ikm.UNSUR):.4f}",
             str(u.nilai), u.mutu] for u in hasil.unsur]


def _kolom_unsur() -> list[str]:
    return [_("Kode"), _("Unsur pelayanan"), _("Jumlah nilai"), _("NRR"), _("NRR tertimbang (x 1/9)"),
            _("Nilai (NRR x 25)"), _("Mutu")]


def ikm_xlsx(rekap: dict, respons: list[dict]) -> bytes:
    hasil: ikm.Hasil = rekap["hasil"]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    tebal = wb.add_format({"bold": True, "bg_color": "#DDEBE7", "border": 1, "text_wrap": True})
    besar = wb.add_format({"bold": True, "font_size": 13})
    ws = wb.add_worksheet(_("Ringkasan"))
    ws.write(0, 0, _("Laporan Survei Kepuasan Masyarakat — %(periode)s", periode=rekap["label"]), besar)
    ringkas = [
        (_("Jumlah responden"), hasil.responden),
        (_("Populasi penerima layanan (N)"), rekap["populasi"]),
        (_("Sampel minimum Krejcie–Morgan"), rekap["sampel"]),
        (_("IKM"), float(hasil.ikm) if hasil.ikm is not None else "-"),
        (_("Mutu pelayanan"), hasil.mutu),
        (_("Kinerja unit pelayanan"), hasil.kinerja),
    ]
    for i, (k, v) in enumerate(ringkas, 2):
        ws.write(i, 0, k)
        ws.write(i, 1, v)
    ws.write_row(10, 0, _kolom_unsur(), tebal)
    for i, b in enumerate(_baris_unsur(hasil), 11):
        ws.write_row(i, 0, [b[0], b[1], b[2], float(b[3]), float(b[4]), float(b[5]), b[6]])
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 6, 14)
    data = wb.add_worksheet(_("Data responden"))
    kepala = [_("No"), _("Diisi")] + [u[0].upper() for u in ikm.UNSUR] + [
        _("Usia"), _("Jenis kelamin"), _("Pendidikan"), _("Pekerjaan"), _("Saran")]
    data.write_row(0, 0, kepala, tebal)
    for i, r in enumerate(respons, 1):
        data.write_row(i, 0, [i, format_datetime(r["diisi_at"], "short")] + [r[k] for k in ikm.KODE_UNSUR] + [
            *(survei.label_profil(k, r[k]) for k in ("usia", "jenis_kelamin", "pendidikan", "pekerjaan")), r["saran"]])
    data.set_column(len(kepala) - 1, len(kepala) - 1, 60)
    wb.close()
    return buf.getvalue()
