"""The SOP sheet as a printable PDF (fpdf2), landscape A4 or F4, with the swimlane symbols drawn.

The same :func:`balai.sop.sheet.layout` as the HTML page: the header table, then the
activity table with one lane per actor, terminators, processes, decisions and the connectors
between consecutive activities. Rows that do not fit start a new page under a repeated heading.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from balai.i18n import _, format_date
from balai.sop.sheet import DECISION, PAPER, TERMINATOR, Row, Sheet

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts"))
MARGIN = 10.0
LINE = 3.6  # mm per line of 7.5 pt text
PAD = 1.2
SYM_W, SYM_H = 13.0, 6.0


def _font_files() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


class SheetPDF(FPDF):
    def __init__(self, paper: str):
        short, long = PAPER.get(paper, PAPER["a4"])
        super().__init__(orientation="L", unit="mm", format=(short, long))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.c_margin = 0.4  # the boxes pad their text themselves
        fonts = _font_files()
        if fonts:
            self.add_font("Sheet", "", str(fonts[0]))
            self.add_font("Sheet", "B", str(fonts[1]))
            self.sheet_family = "Sheet"
        else:  # core font: Latin-1 only, so the few typographic characters are replaced
            self.sheet_family = "Helvetica"

    def text_of(self, value: str) -> str:
        if self.sheet_family != "Helvetica":
            return value
        for a, b in (("–", "-"), ("—", "-"), ("→", "->"), ("’", "'"), ("“", '"'), ("”", '"'), ("…", "...")):
            value = value.replace(a, b)
        return value.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float = 7.5, bold: bool = False) -> None:
        self.set_font(self.sheet_family, "B" if bold else "", size)

    def lines(self, width: float, text: str, bold: bool = False, size: float = 7.5) -> int:
        if not text:
            return 1
        self.font(size, bold=bold)
        return len(self.multi_cell(width - 2 * PAD, LINE, self.text_of(text), dry_run=True, output="LINES"))

    def heading_fit(self, width: float, text: str) -> tuple[str, float]:
        """A column heading that breaks between words, never inside one ("Pengelo la"): allowed to
        break after a slash, and set smaller until its longest word fits the column."""
        room = width - 2 * PAD - 2 * self.c_margin - 0.2  # inside the cell margins multi_cell keeps
        best = (text, 0.0)
        for candidate in (text, text.replace("/", "/ ")):
            self.font(7.5, bold=True)
            widest = max(self.get_string_width(self.text_of(w)) for w in candidate.split()) or 1
            size = min(7.5, 7.5 * room / widest)
            if size >= 7.5:
                return candidate, 7.5
            best = max(best, (candidate, size), key=lambda c: c[1])
        return best[0], max(4.5, int(best[1] * 4) / 4)  # a quarter point down: never wider than the room

    def box(self, x: float, y: float, w: float, h: float, text: str, align: str = "L", bold: bool = False,
            fill: bool = False, size: float = 7.5) -> None:
        if fill:
            self.set_fill_color(230, 236, 233)
            self.rect(x, y, w, h, style="DF")
        else:
            self.rect(x, y, w, h)
        if text:
            self.font(size, bold)
            self.set_xy(x + PAD, y + PAD)
            self.multi_cell(w - 2 * PAD, LINE, self.text_of(text), align=align)


def _columns(pdf: SheetPDF, lanes: int) -> dict[str, float]:
    usable = pdf.w - 2 * MARGIN
    fixed = {"no": 8.0, "uraian": 55.0, "syarat": 30.0, "waktu": 18.0, "output": 27.0, "ket": 30.0}
    lane = max((usable - sum(fixed.values())) / max(lanes, 1), 14.0)
    return {**fixed, "lane": lane}


def _header(pdf: SheetPDF, sheet: Sheet, agency: str) -> None:
    h = sheet.sop.header
    usable = pdf.w - 2 * MARGIN
    left_w = usable * 0.45
    right_x, right_w = MARGIN + left_w, usable - left_w
    label_w = 38.0
    dates = [
        (_("Nomor SOP"), h.nomor),
        (_("Tanggal Pembuatan"), format_date(h.tanggal_pembuatan, "long")),
        (_("Tanggal Revisi"), format_date(h.tanggal_revisi, "long")),
        (_("Tanggal Efektif"), format_date(h.tanggal_efektif, "long")),
        (_("Disahkan oleh"), "\n".join(v for v in (h.disahkan_jabatan, h.disahkan_oleh,
                                                   f"NIP {h.disahkan_nip}" if h.disahkan_nip else "") if v)),
        (_("Nama SOP"), str(sheet.sop.name)),
    ]
    y = MARGIN
    heights = [max(pdf.lines(right_w - label_w, value), 1) * LINE + 2 * PAD for _label, value in dates]
    total = sum(heights)
    pdf.rect(MARGIN, y, left_w, total)
    title = f"{agency}\n{h.unit}"
    pdf.font(9, True)
    title_h = len(pdf.multi_cell(left_w - 2 * PAD, 4.4, pdf.text_of(title), dry_run=True, output="LINES")) * 4.4
    pdf.set_xy(MARGIN + PAD, y + max((total - title_h) / 2, PAD))
    pdf.multi_cell(left_w - 2 * PAD, 4.4, pdf.text_of(title), align="C")
    for (label, value), rh in zip(dates, heights):
        pdf.box(right_x, y, label_w, rh, label, bold=True)
        pdf.box(right_x + label_w, y, right_w - label_w, rh, value)
        y += rh
    pairs = [
        ((_("Dasar Hukum"), h.dasar_hukum), (_("Kualifikasi Pelaksana"), h.kualifikasi)),
        ((_("Keterkaitan"), h.keterkaitan), (_("Peralatan/Perlengkapan"), h.peralatan)),
        ((_("Peringatan"), h.peringatan), (_("Pencatatan dan Pendataan"), h.pencatatan)),
    ]
    half = usable / 2
    for (l_label, l_items), (r_label, r_items) in pairs:
        pdf.box(MARGIN, y, half, LINE + 2 * PAD, l_label + ":", bold=True, fill=True)
        pdf.box(MARGIN + half, y, half, LINE + 2 * PAD, r_label + ":", bold=True, fill=True)
        y += LINE + 2 * PAD
        l_text, r_text = _numbered(l_items), _numbered(r_items)
        rh = max(pdf.lines(half, l_text), pdf.lines(half, r_text)) * LINE + 2 * PAD
        pdf.box(MARGIN, y, half, rh, l_text)
        pdf.box(MARGIN + half, y, half, rh, r_text)
        y += rh
    pdf.set_y(y + 4)


def _numbered(items) -> str:
    items = [str(i) for i in items]
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)) or "-"


def _table_heading(pdf: SheetPDF, sheet: Sheet, cols: dict[str, float], y: float) -> float:
    x = MARGIN
    lanes_w = cols["lane"] * len(sheet.lanes)
    mutu_w = cols["syarat"] + cols["waktu"] + cols["output"]
    top_h = LINE + 2 * PAD
    fitted = {lane: pdf.heading_fit(cols["lane"], lane) for lane in sheet.lanes}
    mutu = {key: pdf.heading_fit(cols[key], label) for key, label in (
        ("syarat", _("Persyaratan/Kelengkapan")), ("waktu", _("Waktu")), ("output", _("Output")))}
    lane_h = max(pdf.lines(cols["lane"], text, bold=True, size=size) for text, size in fitted.values()) * LINE + 2 * PAD
    mutu_h = max(pdf.lines(cols[key], text, bold=True, size=size) for key, (text, size) in mutu.items()) * LINE + 2 * PAD
    sub_h = max(lane_h, mutu_h, top_h)
    full = top_h + sub_h
    pdf.box(x, y, cols["no"], full, _("No"), align="C", bold=True, fill=True)
    x += cols["no"]
    pdf.box(x, y, cols["uraian"], full, _("Uraian Kegiatan"), align="C", bold=True, fill=True)
    x += cols["uraian"]
    pdf.box(x, y, lanes_w, top_h, _("Pelaksana"), align="C", bold=True, fill=True)
    for i, lane in enumerate(sheet.lanes):
        text, size = fitted[lane]
        pdf.box(x + i * cols["lane"], y + top_h, cols["lane"], sub_h, text, align="C", bold=True, fill=True, size=size)
    x += lanes_w
    pdf.box(x, y, mutu_w, top_h, _("Mutu Baku"), align="C", bold=True, fill=True)
    for key, (text, size) in mutu.items():
        pdf.box(x, y + top_h, cols[key], sub_h, text, align="C", bold=True, fill=True, size=size)
        x += cols[key]
    pdf.box(x, y, cols["ket"], full, _("Keterangan"), align="C", bold=True, fill=True)
    return y + full


def _symbol(pdf: SheetPDF, row: Row, cx: float, cy: float) -> None:
    pdf.set_fill_color(255, 255, 255)
    if row.symbol == TERMINATOR:
        pdf.rect(cx - SYM_W / 2, cy - SYM_H / 2, SYM_W, SYM_H, style="DF", round_corners=True,
                 corner_radius=SYM_H / 2 - 0.05)  # fpdf2 shrinks a radius of half the height or more
    elif row.symbol == DECISION:
        hw, hh = SYM_W / 2, SYM_H * 0.75
        pdf.polygon([(cx, cy - hh), (cx + hw, cy), (cx, cy + hh), (cx - hw, cy)], style="DF")
    else:
        pdf.rect(cx - SYM_W / 2, cy - SYM_H / 2, SYM_W, SYM_H, style="DF")
    pdf.font(7, True)
    label = str(row.no)
    pdf.text(cx - pdf.get_string_width(label) / 2, cy + 1.2, label)


def _half_height(row: Row) -> float:
    return SYM_H * 0.75 if row.symbol == DECISION else SYM_H / 2


def _arrow_down(pdf: SheetPDF, x: float, y: float) -> None:
    pdf.set_fill_color(33, 37, 41)
    pdf.polygon([(x - 1, y - 1.8), (x + 1, y - 1.8), (x, y)], style="F")


def _lanes(pdf: SheetPDF, row: Row, x0: float, y: float, h: float, lane_w: float) -> None:
    centre = lambda lane: x0 + lane * lane_w + lane_w / 2  # noqa: E731
    cx, cy = centre(row.lane), y + h / 2
    jog = y + 1.5
    pdf.set_line_width(0.25)
    if row.prev_lane is not None:
        if row.prev_lane == row.lane:
            pdf.line(cx, y, cx, cy)
        else:
            px = centre(row.prev_lane)
            pdf.line(px, y, px, jog)
            pdf.line(px, jog, cx, jog)
            pdf.line(cx, jog, cx, cy)
        _arrow_down(pdf, cx, cy - _half_height(row))
    if row.next_lane is not None:
        pdf.line(cx, cy, cx, y + h)
    _symbol(pdf, row, cx, cy)
    if row.branches:  # the "no" exit; the Keterangan column says where it leads
        pdf.set_dash_pattern(dash=0.8, gap=0.6)
        pdf.line(cx + SYM_W / 2, cy, cx + SYM_W / 2 + 3, cy)
        pdf.set_dash_pattern()
        pdf.font(5.5)
        pdf.text(cx + SYM_W / 2 + 0.2, cy - 0.8, pdf.text_of(_("Tidak")))


def render_pdf(sheet: Sheet, agency: str, paper: str = "a4", compress: bool = True) -> bytes:
    pdf = SheetPDF(paper)
    pdf.compress = compress
    pdf.set_title(pdf.text_of(str(sheet.sop.name)))
    pdf.set_creator("Balai")
    pdf.add_page()
    _header(pdf, sheet, agency)
    cols = _columns(pdf, len(sheet.lanes))
    bottom = pdf.h - MARGIN
    y = _table_heading(pdf, sheet, cols, pdf.get_y())
    for row in sheet.rows:
        texts = [("uraian", row.activity), ("syarat", row.inputs), ("waktu", row.time), ("output", row.output),
                 ("ket", row.remarks)]
        h = max(max(pdf.lines(cols[k], t) for k, t in texts) * LINE + 2 * PAD, 16.0)
        if y + h > bottom:
            pdf.add_page()
            y = _table_heading(pdf, sheet, cols, MARGIN)
        x = MARGIN
        pdf.box(x, y, cols["no"], h, str(row.no), align="C")
        x += cols["no"]
        pdf.box(x, y, cols["uraian"], h, row.activity)
        x += cols["uraian"]
        for i in range(len(sheet.lanes)):
            pdf.rect(x + i * cols["lane"], y, cols["lane"], h)
        _lanes(pdf, row, x, y, h, cols["lane"])
        x += cols["lane"] * len(sheet.lanes)
        for key, text, align in (("syarat", row.inputs, "L"), ("waktu", row.time, "C"), ("output", row.output, "L"),
                                 ("ket", row.remarks, "L")):
            pdf.box(x, y, cols[key], h, text, align=align)
            x += cols[key]
        y += h
    return bytes(pdf.output())
