"""The receipt (tanda terima) of a submission as a one-page PDF: what to keep, and how to follow up.

fpdf2 is imported with the first receipt, not when the app starts (it takes most of a second).
"""

from __future__ import annotations

from pathlib import Path

from balai.i18n import _, format_datetime

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts"))


def _fonts():
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


def receipt_pdf(*, agency: str, title: str, reference: str, received_at, deadline, code: str, track_url: str,
                lost_url: str, has_email: bool) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    fonts = _fonts()
    family = "Helvetica"
    if fonts:
        pdf.add_font("Receipt", "", str(fonts[0]))
        pdf.add_font("Receipt", "B", str(fonts[1]))
        family = "Receipt"

    def text(value: str) -> str:
        return value if fonts else value.encode("latin-1", "replace").decode("latin-1")

    def line(value: str, size: float = 10.5, bold: bool = False, height: float = 6.0) -> None:
        pdf.set_font(family, "B" if bold else "", size)
        pdf.multi_cell(0, height, text(value), new_x="LMARGIN", new_y="NEXT")

    line(agency, 10, bold=True)
    pdf.ln(2)
    line(_("TANDA TERIMA"), 16, bold=True, height=9)
    line(title, 12)
    pdf.ln(4)
    rows = [
        (_("Nomor registrasi"), reference),
        (_("Diterima"), format_datetime(received_at)),
        (_("Batas waktu menurut ketentuan"), format_datetime(deadline) if deadline else _("lihat halaman pelacakan")),
    ]
    for label, value in rows:
        pdf.set_font(family, "", 10.5)
        pdf.cell(62, 7, text(label))
        pdf.set_font(family, "B", 10.5)
        pdf.cell(0, 7, text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    line(_("Kode pelacakan"), 10.5)
    pdf.set_font(family, "B", 22)
    pdf.cell(0, 14, code, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    line(_("Cara menindaklanjuti"), 11, bold=True)
    line(_("Buka %(url)s, lalu masukkan kode pelacakan di atas untuk melihat keadaan permohonan, jawaban "
           "petugas, dan untuk mengirim pesan atau berkas tambahan.", url=track_url))
    pdf.ln(3)
    line(_("Simpan kode ini baik-baik"), 11, bold=True)
    line(_("Kode pelacakan hanya ditampilkan sekali dan tidak disimpan oleh kami, sehingga kode yang hilang "
           "tidak dapat dipulihkan. Siapa pun yang memegang kode ini dapat membaca permohonan Anda."))
    if has_email:
        line(_("Jika kode hilang, minta kode baru lewat e-mail yang Anda berikan di %(url)s; kode lama lalu "
               "berhenti berlaku.", url=lost_url))
    else:
        line(_("Anda tidak memberikan alamat e-mail, sehingga kode baru hanya dapat diminta langsung di loket "
               "pelayanan dengan menunjukkan nomor registrasi di atas."))
    return bytes(pdf.output())
