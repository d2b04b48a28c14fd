"""PDFs: the disposition sheet (lembar disposisi) and the Buku Agenda (fpdf2)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from balai.api import _, format_date, format_datetime

from balai_persuratan.kamus import SIFAT, URGENSI, label

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)


class Lembar(FPDF):
    """A PDF in DejaVu when the system has it (any character), else Helvetica (Latin-1 only)."""

    def __init__(self, orientation: str = "P", compress: bool = True):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.compress = compress
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 12, 15)
        self.unicode = False
        for folder in FONT_DIRS:
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                self.add_font("Naskah", "", str(regular))
                self.add_font("Naskah", "B", str(bold))
                self.unicode = True
                break
        self.family = "Naskah" if self.unicode else "Helvetica"

    def huruf(self, size: float = 10, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def t(self, text) -> str:
        text = "" if text is None else str(text)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")


def _kop(pdf: Lembar, agency: str, title: str) -> None:
    pdf.huruf(11, True)
    for line in (_("PEMERINTAH PROVINSI KALIMANTAN TIMUR"), agency.upper()):
        pdf.multi_cell(0, 5, pdf.t(line), align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)
    pdf.ln(4)
    pdf.huruf(13, True)
    pdf.cell(0, 7, pdf.t(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def lembar_disposisi(surat: dict, rantai: list[dict], agency: str, compress: bool = True) -> bytes:
    """The sheet with the fields of Tata Naskah Dinas and the whole chain of instructions."""
    pdf = Lembar(compress=compress)
    pdf.add_page()
    _kop(pdf, agency, _("LEMBAR DISPOSISI"))
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    rows = [
        ((_("Surat dari"), surat["pengirim"]), (_("Diterima tanggal"), format_date(surat["tanggal_terima"], "long"))),
        ((_("Nomor surat"), surat["nomor_surat"]), (_("Nomor agenda"), f"{surat['nomor_agenda']}/{surat['tahun']}")),
        ((_("Tanggal surat"), format_date(surat["tanggal_surat"], "long")),
         (_("Sifat"), f"{label(SIFAT, surat['sifat'])} · {label(URGENSI, surat['urgensi'])}")),
    ]
    pdf.huruf(9)
    for left, right in rows:
        y = pdf.get_y()
        for i, (name, value) in enumerate((left, right)):
            pdf.set_xy(pdf.l_margin + i * half, y)
            pdf.multi_cell(half, 6, pdf.t(f"{name}: {value}"), border=1, new_x="RIGHT", new_y="TOP")
        pdf.set_y(y + 6)
    pdf.multi_cell(0, 6, pdf.t(f"{_('Perihal')}: {surat['perihal']}"), border=1, new_x="LMARGIN", new_y="NEXT")
    if surat.get("klasifikasi"):
        pdf.multi_cell(0, 6, pdf.t(f"{_('Kode klasifikasi')}: {surat['klasifikasi']}"), border=1,
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.huruf(10, True)
    pdf.cell(0, 6, pdf.t(_("Diteruskan kepada dan isi disposisi")), new_x="LMARGIN", new_y="NEXT")
    pdf.huruf(8.5)
    widths = (32, 40, 50, 58)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5, first_row_as_headings=True) as table:
        head = table.row()
        for name in (_("Tanggal"), _("Dari"), _("Diteruskan kepada"), _("Instruksi / catatan")):
            head.cell(pdf.t(name))
        for entry in rantai:
            to = "; ".join(
                p.get("nama", "") + (f" ({_('batas')} {p['batas']})" if p.get("batas") else "")
                for p in entry["penerima"]
            ) or entry["unit"]
            notes = [entry["aksi"]]
            notes += [p["instruksi"] for p in entry["penerima"] if p.get("instruksi")][:1]
            if entry["catatan"]:
                notes.append(entry["catatan"])
            row = table.row()
            row.cell(pdf.t(format_datetime(entry["pada"], "short")))
            row.cell(pdf.t(entry["oleh"]))
            row.cell(pdf.t(to))
            row.cell(pdf.t(" — ".join(n for n in notes if n)))
    pdf.ln(3)
    pdf.huruf(9)
    pdf.multi_cell(0, 6, pdf.t(f"{_('Catatan')}: {surat.get('catatan') or ''}"), border=1, new_x="LMARGIN",
                   new_y="NEXT")
    return bytes(pdf.output())


def buku_agenda(judul: str, columns: list[tuple[str, float]], rows: list[list], agency: str,
                compress: bool = True) -> bytes:
    pdf = Lembar("L", compress=compress)
    pdf.add_page()
    _kop(pdf, agency, judul)
    pdf.huruf(8)
    with pdf.table(col_widths=[w for _n, w in columns], text_align="LEFT", line_height=4.2,
                   first_row_as_headings=True) as table:
        head = table.row()
        for name, _w in columns:
            head.cell(pdf.t(name))
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(pdf.t(value))
    return bytes(pdf.output())
