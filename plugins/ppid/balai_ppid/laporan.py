"""The public-information service report (Perki 1/2021): figures counted from the cases.

The year's report is due within three months after the budget year (31 March); a semester's is
made on demand. Everything is counted from the registers the plugin keeps in step with the cases
(requests and objections) and from the core's legal clocks (in time, extended, working days used).
The PPID writes the parts no case holds (policy, obstacles, recommendations) when issuing the PDF.
"""

from __future__ import annotations

import statistics
from datetime import date
from html import escape

from balai.api import Job, _, case_clocks, format_date, issued_for, lazy_gettext, local, notify, role_holders, \
    submission_of, today

from balai_ppid import dip, keberatan
from balai_ppid.tables import Informasi, Keberatan, Permohonan

OWNER = "ppid_laporan"  # owner type of an issued report; owner id: year * 10 + semester (0 for the year)
BULAN = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
SALURAN = {"website": lazy_gettext("Formulir daring (website)"), "loket": lazy_gettext("Langsung di meja layanan"),
           "surat": lazy_gettext("Surat, email atau dialihkan dari layanan lain")}
STATUS = {"dijawab": lazy_gettext("Dipenuhi"), "ditolak": lazy_gettext("Ditolak"),
          "proses": lazy_gettext("Masih diproses")}


def periode(tahun: int, semester: int | None = None) -> tuple[date, date]:
    if semester == 1:
        return date(tahun, 1, 1), date(tahun, 6, 30)
    if semester == 2:
        return date(tahun, 7, 1), date(tahun, 12, 31)
    return date(tahun, 1, 1), date(tahun, 12, 31)


def owner_id(tahun: int, semester: int | None) -> int:
    return tahun * 10 + (semester or 0)


def _in(moment, mulai: date, sampai: date) -> bool:
    return mulai <= local(moment).date() <= sampai


async def _saluran(case_id: int) -> str:
    sub = await submission_of(case_id)
    if sub is None:
        return "surat"
    return "loket" if sub.get("by_desk") else "website"


def _tambah(counter: dict, key: str) -> None:
    counter[key] = counter.get(key, 0) + 1


async def hitung(tahun: int, semester: int | None = None) -> dict:
    """Every figure of the report for the year (or semester)."""
    mulai, sampai = periode(tahun, semester)
    items = {r["id"]: r for r in await Informasi.select()}
    rows = [r for r in await Permohonan.select().order_by(Permohonan.diterima_pada) if _in(r["diterima_pada"], mulai, sampai)]
    saluran, kategori, status, dasar = {}, {}, {}, {}
    per_bulan = [0] * 12
    tepat = terlambat = diperpanjang = 0
    hari: list[int] = []
    for r in rows:
        _tambah(saluran, await _saluran(r["case_id"]))
        item = items.get(r["informasi_id"]) if r["informasi_id"] else None
        if r["keputusan"] == "unit":
            _tambah(kategori, "belum_dip")
        elif item is not None:
            _tambah(kategori, item["kategori"])
        else:
            _tambah(kategori, "belum_diputus")
        done = r["status"] if r["status"] in ("dijawab", "ditolak") else "proses"
        _tambah(status, done)
        if done == "ditolak" and item is not None:
            _tambah(dasar, item["uji_pasal"] or "-")
        per_bulan[local(r["diterima_pada"]).month - 1] += 1
        jam = next((c for c in await case_clocks(r["case_id"]) if c["code"] == "jawab"), None)
        if jam is None:
            continue
        if jam["extensions"]:
            diperpanjang += 1
        if jam["state"] == "berhenti" and done != "proses":
            if jam["met"]:
                tepat += 1
            else:
                terlambat += 1
            if jam["used"] is not None:
                hari.append(jam["used"])
    objections = [r for r in await Keberatan.select() if _in(r["diterima_pada"], mulai, sampai)]
    alasan, putusan = {}, {}
    for r in objections:
        _tambah(alasan, r["alasan"] or "-")
        _tambah(putusan, r["putusan"] or ("tidak_diproses" if r["status"] == "ditolak" else "proses"))
    if semester:  # a semester's chart shows its own six months
        per_bulan = per_bulan[:6] if semester == 1 else per_bulan[6:]
    return {
        "tahun": tahun, "semester": semester, "mulai": mulai, "sampai": sampai, "jumlah": len(rows),
        "saluran": saluran, "kategori": kategori, "status": status, "dasar_penolakan": dasar,
        "tepat_waktu": tepat, "terlambat": terlambat, "diperpanjang": diperpanjang,
        "median_hari": statistics.median(hari) if hari else None,
        "per_bulan": per_bulan, "bulan": list(BULAN[:6] if semester == 1 else BULAN[6:] if semester == 2 else BULAN),
        "keberatan": len(objections), "keberatan_alasan": alasan, "keberatan_putusan": putusan,
    }


def label_kategori(key: str) -> str:
    return str(dip.KATEGORI_SINGKAT.get(key) or {"belum_dip": _("Belum ada di DIP (disiapkan Bidang/UPTD)"),
                                                 "belum_diputus": _("Belum diputus")}.get(key, key))


def label_putusan(key: str) -> str:
    return str(dict(keberatan.PUTUSAN).get(key) or {"tidak_diproses": _("Tidak dapat diproses"),
                                                    "proses": _("Masih diproses")}.get(key, key))


def tabel(angka: dict) -> list[tuple[str, list[tuple[str, int]]]]:
    """The report's small tables as (heading, [(label, count)]), shared by the page, PDF and XLSX."""
    reasons = {k: str(v) for k, v in keberatan.ALASAN}
    pasal = {k: str(v) for k, v in dip.PASAL_17.items()}
    return [
        (_("Permohonan menurut saluran"), [(str(SALURAN[k]), angka["saluran"].get(k, 0)) for k in SALURAN]),
        (_("Permohonan menurut kategori informasi"), [(label_kategori(k), n) for k, n in sorted(angka["kategori"].items())]),
        (_("Permohonan menurut hasil"), [(str(STATUS[k]), angka["status"].get(k, 0)) for k in STATUS]),
        (_("Dasar penolakan (Pasal 17)"), [(pasal.get(k, k), n) for k, n in sorted(angka["dasar_penolakan"].items())]),
        (_("Keberatan menurut alasan (Pasal 35 ayat 1)"),
         [(reasons.get(k, k), n) for k, n in sorted(angka["keberatan_alasan"].items())]),
        (_("Keberatan menurut putusan"), [(label_putusan(k), n) for k, n in sorted(angka["keberatan_putusan"].items())]),
    ]


def grafik(angka: dict) -> str:
    """Requests per month as bars, and the on-time share: an SVG drawn here (no script, no CDN)."""
    counts, names = angka["per_bulan"], angka["bulan"]
    top = max(counts + [1])
    width, height, base = 40 * len(counts) + 40, 190, 150
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(_("Permohonan per bulan"))}" '
             'font-family="sans-serif" font-size="10">',
             f'<line x1="30" y1="{base}" x2="{width - 5}" y2="{base}" stroke="#555"/>']
    for i, (n, name) in enumerate(zip(counts, names)):
        h = round(120 * n / top)
        x = 35 + 40 * i
        parts.append(f'<rect x="{x}" y="{base - h}" width="26" height="{h}" fill="#2f6f9f"><title>{escape(name)}: {n}'
                     '</title></rect>')
        parts.append(f'<text x="{x + 13}" y="{base - h - 3}" text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{x + 13}" y="{base + 13}" text-anchor="middle">{escape(name)}</text>')
    selesai = angka["tepat_waktu"] + angka["terlambat"]
    share = round(100 * angka["tepat_waktu"] / selesai) if selesai else 0
    bar = width - 70
    parts.append(f'<rect x="30" y="172" width="{bar}" height="10" fill="#ddd"/>')
    parts.append(f'<rect x="30" y="172" width="{round(bar * share / 100)}" height="10" fill="#3a8d3a"/>')
    parts.append(f'<text x="{bar + 35}" y="181">{share}%</text>')
    parts.append(f'<text x="30" y="168">{escape(_("Dijawab tepat waktu"))}</text></svg>')
    return "".join(parts)


# -- the reminder ------------------------------------------------------------------------------

async def ingatkan(on: date | None = None) -> int:
    """From 1 March the Atasan PPID and the data officer are told the last year's report is due by 31
    March (once), and once more after that day while it has not been issued."""
    on = on or today()
    tahun = on.year - 1
    if on.month < 3 or await issued_for(OWNER, owner_id(tahun, None)):
        return 0
    late = on > date(on.year, 3, 31)
    if late and on.month > 6:
        return 0  # the half-year after: the semester report's time, not this reminder's
    people = sorted(set(await role_holders("atasan_ppid", None)) | set(await role_holders("pengelola_data_ppid", None)))
    if late:
        text = _("Laporan layanan informasi publik tahun %(tahun)s belum diterbitkan; batasnya 31 Maret %(batas)s.",
                 tahun=tahun, batas=on.year)
    else:
        text = _("Laporan layanan informasi publik tahun %(tahun)s wajib diterbitkan paling lambat %(batas)s.",
                 tahun=tahun, batas=format_date(date(on.year, 3, 31)))
    key = f"ppid:laporan:{tahun}:{'terlambat' if late else 'maret'}"
    return 1 if await notify(people, text, f"/ppid/laporan?tahun={tahun}", key=key) else 0


async def _run() -> None:
    await ingatkan()


def jobs() -> list[Job]:
    return [Job("pengingat_laporan", _run, every=12 * 3600)]
