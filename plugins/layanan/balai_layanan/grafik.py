"""Charts drawn on the server as SVG: no JavaScript library, nothing fetched from elsewhere."""

from __future__ import annotations

from markupsafe import escape

from balai.api import _

WARNA_MUTU = {"A": "#1b7f3b", "B": "#3f8fd2", "C": "#e0a100", "D": "#c0392b", "-": "#9aa5b1"}


def _svg(lebar: int, tinggi: int, judul: str, isi: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lebar} {tinggi}" width="100%" role="img" '
        f'aria-label="{escape(judul)}" font-family="sans-serif" font-size="12">'
        f"<title>{escape(judul)}</title>" + "".join(isi) + "</svg>"
    )


# The IKM scale's gridlines: plain at 25, 50 and 100; dashed at the lowest IKM of each grade
# (PermenPANRB 14/2017), labelled with the grade so the odd numbers explain themselves.
BATAS_MUTU = ((65.0, "C"), (76.61, "B"), (88.31, "A"))
HALO = 'stroke="#fff" stroke-width="4" paint-order="stroke" stroke-linejoin="round"'  # readable over any line


def angka(v: float) -> str:
    """As the rest of the IKM pages write values (85.00; 76.61; a whole 50 as 50)."""
    return f"{v:.2f}" if v != int(v) else f"{v:g}"


def _sumbu_nilai(x0: int, y0: int, tinggi: int, lebar: int) -> list[str]:
    """Gridlines for values 25..100 (the IKM scale), y0 is the bottom of the plot."""
    out = []
    for v, mutu in ((25, ""), (50, ""), (100, ""), *BATAS_MUTU):
        y = y0 - (v - 25) / 75 * tinggi
        garis = "#c9d1d9" if not mutu else "#b38f00"
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + lebar}" y2="{y:.1f}" stroke="{garis}" '
                   f'stroke-dasharray="{"0" if not mutu else "4 3"}"/>')
        teks = angka(v) if not mutu else _("%(mutu)s ≥ %(nilai)s", mutu=mutu, nilai=angka(v))
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{escape(teks)}</text>')
    return out


def per_unsur(unsur: list[tuple[str, float, str]], judul: str) -> str:
    """Horizontal bars: one per element, its value (NRR x 25) and grade."""
    baris, kiri, lebar_plot = 30, 300, 380
    tinggi = 30 + baris * len(unsur) + 30
    isi = []
    for i, (nama, nilai, mutu) in enumerate(unsur):
        y = 20 + i * baris
        panjang = max(0.0, (nilai - 0) / 100 * lebar_plot)
        isi.append(f'<text x="{kiri - 8}" y="{y + 17}" text-anchor="end">{escape(nama)}</text>')
        isi.append(f'<rect x="{kiri}" y="{y + 4}" width="{panjang:.1f}" height="{baris - 10}" '
                   f'fill="{WARNA_MUTU.get(mutu, "#9aa5b1")}"><title>{escape(nama)}: {nilai:.2f}</title></rect>')
        isi.append(f'<text x="{kiri + panjang + 6:.1f}" y="{y + 17}">{nilai:.2f} ({escape(mutu)})</text>')
    for v in (0, 25, 50, 75, 100):
        x = kiri + v / 100 * lebar_plot
        isi.append(f'<line x1="{x:.1f}" y1="16" x2="{x:.1f}" y2="{tinggi - 24}" stroke="#d0d7de"/>')
        isi.append(f'<text x="{x:.1f}" y="{tinggi - 8}" text-anchor="middle" fill="#555">{v}</text>')
    return _svg(kiri + lebar_plot + 90, tinggi, judul, isi)


def antar_periode(titik: list[tuple[str, float | None, str]], judul: str) -> str:
    """Columns: the IKM of each period, oldest on the left; periods without answers stay empty."""
    kiri, bawah, tinggi_plot = 80, 220, 180
    kolom = 90
    lebar = kiri + kolom * max(len(titik), 1) + 20
    isi = _sumbu_nilai(kiri, bawah, tinggi_plot, kolom * max(len(titik), 1))
    for i, (label, nilai, mutu) in enumerate(titik):
        x = kiri + i * kolom + 20
        if nilai is not None:
            h = (nilai - 25) / 75 * tinggi_plot
            isi.append(f'<rect x="{x}" y="{bawah - h:.1f}" width="{kolom - 40}" height="{h:.1f}" '
                       f'fill="{WARNA_MUTU.get(mutu, "#9aa5b1")}"><title>{escape(label)}: {nilai:.2f}</title></rect>')
            isi.append(f'<text x="{x + (kolom - 40) / 2:.1f}" y="{bawah - h - 5:.1f}" text-anchor="middle" '
                       f'font-weight="bold" {HALO}>{nilai:.2f}</text>')
        isi.append(f'<text x="{x + (kolom - 40) / 2:.1f}" y="{bawah + 16}" text-anchor="middle">{escape(label)}</text>')
    return _svg(lebar, bawah + 30, judul, isi)
