"""The Buku Agenda as a PDF (fpdf2). The letter and the lembar disposisi are official documents
made by the core's facility with the letterhead (naskah.py)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from balai.api import _

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
