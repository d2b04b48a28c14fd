"""The monthly recap of SP4N-LAPOR! complaints for the Sekretaris: by class, category and unit,
the share of each legal clock met on time, and the complaints open at the month's end by age in
working days. ``hitung`` is plain arithmetic over rows (tested with hand-counted figures);
``rekap`` gathers the rows of one month."""

from __future__ import annotations

import calendar as months
from datetime import date, datetime, timedelta, timezone

from balai.api import _, calendar, case_clocks, format_date, get_case, lazy_gettext, local, org_units, today

from balai_pengaduan.sp4n import KATEGORI, KELAS
from balai_pengaduan.tables import Aduan

# Working days since receipt: within the 3-day verification, the 5-day follow-up, the reporter's 10, beyond.
UMUR = ((0, 3, lazy_gettext("0–3 hari kerja")), (4, 5, lazy_gettext("4–5 hari kerja")),
        (6, 10, lazy_gettext("6–10 hari kerja")), (11, None, lazy_gettext("Lebih dari 10 hari kerja")))
JAM = (("verifikasi", lazy_gettext("Verifikasi dan penerusan (3 hari kerja)")),
       ("tindak_lanjut", lazy_gettext("Tindak lanjut (5 hari kerja)")))
TANPA_UNIT = lazy_gettext("Dijawab Operator (tidak diteruskan ke unit)")


def _hari(moment: datetime) -> date:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return local(moment).date()


def umur(diterima: date, per: date) -> int:
    """Working days after the day of receipt up to ``per`` (the day of receipt itself not counted,
    as a deadline counts)."""
    return calendar.working_days_between(diterima + timedelta(days=1), per) if per > diterima else 0


def _tepat(clocks: list[dict], code: str) -> bool | None:
    """True met, False missed (stopped late, or still running past its deadline), None not decided yet."""
    clock = next((c for c in clocks if c["code"] == code), None)
    if clock is None or clock["state"] == "belum":
        return None
    if clock["state"] == "berhenti":
        return bool(clock["met"])
    return False if clock["overdue"] else None


def hitung(rows: list[dict], jam: dict[int, list[dict]], units: dict[int, str], awal: date, akhir: date,
           per: date) -> dict:
    """The recap of complaints received from ``awal`` to ``akhir`` (dates, both included), with those
    of any month still open on ``per`` by age. ``rows`` are pengaduan_aduan rows; ``jam`` each case's
    clocks (``case_clocks``); ``units`` unit names by id."""
    bulan = [r for r in rows if awal <= _hari(r["diterima"]) <= akhir]
    kelas = {code: 0 for code, _label in KELAS}
    kategori = {code: 0 for code, _label in KATEGORI}
    per_unit: dict[str, int] = {}
    for row in bulan:
        kelas[row["kelas"]] = kelas.get(row["kelas"], 0) + 1
        kategori[row["kategori"]] = kategori.get(row["kategori"], 0) + 1
        tujuan = [int(u) for u in row["unit_tujuan"].split(",") if u]
        for name in [units.get(u, str(u)) for u in tujuan] or [str(TANPA_UNIT)]:
            per_unit[name] = per_unit.get(name, 0) + 1
    tepat = []
    for code, label in JAM:
        answers = [_tepat(jam.get(r["case"], []), code) for r in bulan]
        met, missed = answers.count(True), answers.count(False)
        tepat.append({"code": code, "label": str(label), "tepat": met, "terlambat": missed,
                      "berjalan": answers.count(None),
                      "persen": round(100 * met / (met + missed), 1) if met + missed else None})
    terbuka = [r for r in rows if _hari(r["diterima"]) <= per and (r["ditutup"] is None or _hari(r["ditutup"]) > per)]
    umur_terbuka = []
    for low, high, label in UMUR:
        found = [r for r in terbuka if low <= umur(_hari(r["diterima"]), per) and (high is None
                                                                                  or umur(_hari(r["diterima"]), per) <= high)]
        umur_terbuka.append({"label": str(label), "jumlah": len(found), "cases": [r["case"] for r in found]})
    return {"jumlah": len(bulan), "lapor": sum(1 for r in bulan if r["lapor"]),
            "kelas": [(str(dict(KELAS).get(k, k)), n) for k, n in kelas.items()],
            "kategori": [(str(dict(KATEGORI).get(k, k)), n) for k, n in kategori.items()],
            "unit": sorted(per_unit.items()), "tepat": tepat, "umur": umur_terbuka, "terbuka": len(terbuka),
            "awal": awal, "akhir": akhir, "per": per}


def batas_bulan(tahun: int, bulan: int) -> tuple[date, date]:
    return date(tahun, bulan, 1), date(tahun, bulan, months.monthrange(tahun, bulan)[1])


async def rekap(tahun: int, bulan: int) -> dict:
    awal, akhir = batas_bulan(tahun, bulan)
    per = min(today(), akhir)
    # A day's margin each side: receipt is counted by the agency's calendar day, stored in UTC.
    upto = datetime(akhir.year, akhir.month, akhir.day, tzinfo=timezone.utc) + timedelta(days=2)
    rows = await Aduan.select().where(Aduan.diterima < upto).order_by(Aduan.id)
    rows = [r for r in rows if _hari(r["diterima"]) >= awal or r["ditutup"] is None
            or _hari(r["ditutup"]) > per]
    jam = {r["case"]: await case_clocks(r["case"]) for r in rows if awal <= _hari(r["diterima"]) <= akhir}
    units = {u["id"]: u["name"] for u in await org_units()}
    hasil = hitung(rows, jam, units, awal, akhir, per)
    for group in hasil["umur"]:
        group["rujukan"] = [(await get_case(c) or {}).get("reference", "") for c in group["cases"]]
    return hasil


def xlsx(hasil: dict, judul: str) -> bytes:
    """The recap as a workbook: one sheet, the tables one under another."""
    import io

    import xlsxwriter


    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Rekap"))
    bold = book.add_format({"bold": True})
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 4, 14)
    sheet.write(0, 0, judul, bold)
    sheet.write(1, 0, _("Diterima %(awal)s sampai %(akhir)s", awal=format_date(hasil["awal"], "long"),
                        akhir=format_date(hasil["akhir"], "long")))
    sheet.write(2, 0, _("Jumlah laporan"))
    sheet.write_number(2, 1, hasil["jumlah"])
    sheet.write(3, 0, _("Dari SP4N-LAPOR! (dengan ID pelacakan)"))
    sheet.write_number(3, 1, hasil["lapor"])
    line = 5
    for title, pairs in ((_("Jenis laporan"), hasil["kelas"]), (_("Kategori"), hasil["kategori"]),
                         (_("Unit"), hasil["unit"])):
        sheet.write(line, 0, title, bold)
        sheet.write(line, 1, _("Jumlah"), bold)
        for name, count in pairs:
            line += 1
            sheet.write(line, 0, name)
            sheet.write_number(line, 1, count)
        line += 2
    for col, head in enumerate((_("Batas waktu"), _("Tepat waktu"), _("Terlambat"), _("Masih berjalan"), _("Persen tepat"))):
        sheet.write(line, col, head, bold)
    for clock in hasil["tepat"]:
        line += 1
        sheet.write(line, 0, clock["label"])
        for col, key in enumerate(("tepat", "terlambat", "berjalan"), start=1):
            sheet.write_number(line, col, clock[key])
        if clock["persen"] is not None:
            sheet.write_number(line, 4, clock["persen"])
    line += 2
    sheet.write(line, 0, _("Masih terbuka per %(tanggal)s, menurut umur", tanggal=format_date(hasil["per"], "long")),
                bold)
    sheet.write(line, 1, _("Jumlah"), bold)
    for group in hasil["umur"]:
        line += 1
        sheet.write(line, 0, group["label"])
        sheet.write_number(line, 1, group["jumlah"])
        sheet.write(line, 2, ", ".join(group.get("rujukan", [])))
    book.close()
    return out.getvalue()
