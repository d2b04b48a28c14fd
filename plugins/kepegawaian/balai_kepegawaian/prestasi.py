"""ASN berprestasi (SOP 10): one month's cycle, from the form to the SK.

A period (``PrestasiPeriode``, "YYYY-MM", unique) is the month being assessed; its case opens on the
first working day of the month after (the scheduled job, :func:`buka_otomatis`), or when the Kasubag
Umum opens it from the page. The unique period is what makes the opening happen once, however many
workers run the job: the row is claimed with ``INSERT … ON CONFLICT DO NOTHING`` and the case is opened
in the same transaction only by whoever claimed it.

The criteria and their weights are versioned data (``Aturan`` rows under ``prestasi.kriteria``, each
from a date, with its source). The seed gives none, so :data:`BAWAAN` is Balai's own default, marked
as such wherever it is shown, until the Pengelola Kepegawaian records the Dinas's own. The form of a
month copies the criteria in force on the day it is drafted (``PrestasiPeriode.kriteria``): a later
change never alters a month already drafted.

Who scores whom: each Eselon III unit (the units directly under the Dinas: the Sekretariat, the Bidang,
the UPTD) gets one task; its head (a holder of ``kepala_bidang`` over it, else the unit's own head:
the Sekretaris) scores the people of the unit and the units below it, never themselves nor another
unit's people (:func:`simpan_nilai`). The total is the weighted mean Σ(nilai × bobot) / Σ bobot, on
0–100, to two decimals; the recap ranks by it, equal totals sharing a rank.

The SOP's definition and its workflow hooks are in :mod:`balai_kepegawaian.prestasi_alur`, the pages in
:mod:`balai_kepegawaian.prestasi_pages`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from balai.api import (
    ActionError, Signature, TaskState, _, acting_signature, act, allocate_number, audit_record, calendar, case_tasks,
    format_date, issue_document, issued_for, lazy_gettext, may_work_on, notify, numbering_transaction, open_case,
    org_units, role_holders, signature, timeline, today, unit_heads, unit_tree, write_transaction,
)

from balai_kepegawaian import pegawai as pg
from balai_kepegawaian.aturan import HITUNG_CUTI
from balai_kepegawaian.pegawai import Ditolak
from balai_kepegawaian.tables import Aturan, Cuti, Pegawai, PrestasiNilai, PrestasiPeriode, RiwayatJabatan, RiwayatPangkat

PRESTASI = "kepegawaian.prestasi"  # the SOP's code
BUKA = "kepegawaian.prestasi_buka"  # opens a period and drafts its form: the Kasubag Umum
KELOLA = pg.KELOLA
JENIS_REKAM = "kepegawaian_prestasi_periode"
KUNCI_KRITERIA = "prestasi.kriteria"
PERAN_PENILAI = "kepala_bidang"  # the actor of the scoring step (Kepala Bidang / Kepala UPTD)
TEMPLATE_SK = "kepegawaian/naskah/sk_asn_berprestasi.html"
# Permendagri 83/2022, 800.1 (sumber daya manusia). The sub-code for awards (penghargaan) could not be
# confirmed from a transcription of the appendix, so the parent code is used; change it here once verified.
KLASIFIKASI_SK = "800.1"

# The SK's "Mengingat": the legal basis the SOP sheet names.
DASAR_HUKUM_SK = ("Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
                  "Peraturan Gubernur Kalimantan Timur Nomor 70 Tahun 2019 tentang Pedoman Pemberian Penghargaan "
                  "kepada PNS Berprestasi")

PENILAIAN, REKAP, DITOLAK, DISETUJUI, DITETAPKAN = "penilaian", "rekap", "ditolak", "disetujui", "ditetapkan"
STATUS = {
    PENILAIAN: lazy_gettext("Penilaian"),
    REKAP: lazy_gettext("Menunggu persetujuan Kepala Dinas"),
    DITOLAK: lazy_gettext("Ditolak Kepala Dinas, rekap diperbaiki"),
    DISETUJUI: lazy_gettext("Disetujui, SK disiapkan"),
    DITETAPKAN: lazy_gettext("Ditetapkan dengan SK"),
}

# Balai's default criteria (the SOP sheet names none): the monthly result of work and discipline,
# then the ASN core values (BerAKHLAK, SE MenPANRB 20/2021) grouped in four. Kept in Indonesian as
# data; _NAMA_BAWAAN shows them in the reader's language.
BAWAAN = (
    {"kode": "kinerja", "nama": "Capaian kinerja dan hasil kerja", "bobot": 30},
    {"kode": "disiplin", "nama": "Disiplin dan kehadiran", "bobot": 20},
    {"kode": "pelayanan", "nama": "Berorientasi pelayanan", "bobot": 15},
    {"kode": "kerja_sama", "nama": "Kerja sama dan harmonis", "bobot": 15},
    {"kode": "inovasi", "nama": "Inisiatif, inovasi dan adaptif", "bobot": 10},
    {"kode": "integritas", "nama": "Integritas dan akuntabilitas", "bobot": 10},
)
_NAMA_BAWAAN = {
    "Capaian kinerja dan hasil kerja": lazy_gettext("Capaian kinerja dan hasil kerja"),
    "Disiplin dan kehadiran": lazy_gettext("Disiplin dan kehadiran"),
    "Berorientasi pelayanan": lazy_gettext("Berorientasi pelayanan"),
    "Kerja sama dan harmonis": lazy_gettext("Kerja sama dan harmonis"),
    "Inisiatif, inovasi dan adaptif": lazy_gettext("Inisiatif, inovasi dan adaptif"),
    "Integritas dan akuntabilitas": lazy_gettext("Integritas dan akuntabilitas"),
}
BAWAAN_MULAI = date(2023, 12, 11)  # the SOP's effective date
BAWAAN_SUMBER = lazy_gettext("Bawaan Balai: SOP 10 tidak menyebut kriteria; disusun dari capaian kinerja, disiplin dan "
                             "nilai dasar BerAKHLAK (SE MenPANRB 20/2021). Ganti dengan kriteria yang ditetapkan Dinas.")
KODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
PALING_BANYAK_KRITERIA = 12
PERIODE = re.compile(r"^(\d{4})-(\d{2})$")


def _sekarang() -> datetime:
    return datetime.now(timezone.utc)


# --- periods ----------------------------------------------------------------------------------------

def baca_periode(teks: str) -> date | None:
    """The first day of the month written "2026-11", or None."""
    m = PERIODE.match((teks or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 2000:
        return None
    return date(int(m.group(1)), int(m.group(2)), 1)


def teks_periode(awal: date) -> str:
    return f"{awal.year:04d}-{awal.month:02d}"


def label_periode(periode: str) -> str:
    """"November 2026"."""
    awal = baca_periode(periode)
    return format_date(awal, "MMMM y") if awal else periode


def bulan_lalu(d: date) -> date:
    return (d.replace(day=1) - timedelta(days=1)).replace(day=1)


def akhir_bulan(awal: date) -> date:
    return (awal.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def hari_kerja_pertama(d: date) -> date:
    """The first working day of ``d``'s month."""
    day = d.replace(day=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def label_status(status: str) -> str:
    return str(STATUS.get(status, status))


async def periode(periode_id: int) -> dict | None:
    return await PrestasiPeriode.select().where(PrestasiPeriode.id == periode_id).output(load_json=True).first()


async def periode_dari_teks(teks: str) -> dict | None:
    return await PrestasiPeriode.select().where(PrestasiPeriode.periode == teks).output(load_json=True).first()


async def daftar_periode() -> list[dict]:
    """Every period, the newest first, each with its label, status label and open step."""
    rows = await PrestasiPeriode.select().order_by(PrestasiPeriode.periode, ascending=False).output(load_json=True)
    for row in rows:
        row["label"] = label_periode(row["periode"])
        row["status_label"] = label_status(row["status"])
    return rows


# --- criteria as versioned data ---------------------------------------------------------------------

def nama_kriteria(nama: str) -> str:
    """A criterion's name as shown: Balai's defaults in the reader's language, the Dinas's own as typed."""
    return str(_NAMA_BAWAAN.get(nama, nama))


def kriteria_tampil(kriteria: list[dict]) -> list[dict]:
    total = sum(Decimal(str(k["bobot"])) for k in kriteria) or Decimal(1)
    return [{**k, "label": nama_kriteria(k["nama"]), "persen": float(Decimal(str(k["bobot"])) * 100 / total)}
            for k in kriteria]


def _bawaan() -> dict:
    return {"id": None, "kriteria": [dict(k) for k in BAWAAN], "berlaku_mulai": BAWAAN_MULAI,
            "sumber": str(BAWAAN_SUMBER), "bawaan": True, "dibuat_oleh": None}


async def versi_kriteria() -> list[dict]:
    """Every version the Dinas recorded, the latest first (by date, then the newest entry), then the default."""
    rows = await (Aturan.select().where(Aturan.kunci == KUNCI_KRITERIA).order_by(Aturan.berlaku_mulai, ascending=False)
                  .order_by(Aturan.id, ascending=False).output(load_json=True))
    found = [{"id": r["id"], "kriteria": (r["nilai"] or {}).get("nilai", []), "berlaku_mulai": r["berlaku_mulai"],
              "sumber": r["sumber"], "bawaan": False, "dibuat_oleh": r["dibuat_oleh"]} for r in rows]
    return found + [_bawaan()]


async def kriteria_berlaku(pada: date) -> dict:
    """The version in force on ``pada``: the latest recorded from that day or before, else the default."""
    return next(v for v in await versi_kriteria() if v["bawaan"] or v["berlaku_mulai"] <= pada)


def _angka(teks) -> Decimal | None:
    try:
        value = Decimal(str(teks).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _kode_dari(nama: str) -> str:
    kode = re.sub(r"[^a-z0-9]+", "_", nama.lower()).strip("_")[:30]
    return kode if kode and kode[0].isalpha() else f"k_{kode}"[:30]


def periksa_kriteria(baris: list[dict]) -> tuple[list[dict], list[str]]:
    """Rows typed on the page (kode, nama, bobot; empty rows ignored) as criteria, or the reasons."""
    errors: list[str] = []
    kriteria: list[dict] = []
    for i, row in enumerate(baris, start=1):
        nama = str(row.get("nama") or "").strip()
        kode = str(row.get("kode") or "").strip().lower()
        bobot_teks = str(row.get("bobot") or "").strip()
        if not (nama or kode or bobot_teks):
            continue
        if not nama:
            errors.append(_("Baris %(no)s: nama kriteria wajib diisi.", no=i))
            continue
        if len(nama) > 200:
            errors.append(_("Baris %(no)s: nama kriteria paling banyak 200 karakter.", no=i))
        kode = kode or _kode_dari(nama)
        if not KODE.match(kode):
            errors.append(_("Baris %(no)s: kode hanya huruf kecil, angka dan garis bawah, diawali huruf.", no=i))
        bobot = _angka(bobot_teks)
        if bobot is None or bobot <= 0 or bobot > 100:
            errors.append(_("Baris %(no)s: bobot harus angka lebih dari 0 sampai 100.", no=i))
            continue
        kriteria.append({"kode": kode, "nama": nama, "bobot": float(bobot)})
    if not kriteria and not errors:
        errors.append(_("Isi paling sedikit satu kriteria."))
    if len(kriteria) > PALING_BANYAK_KRITERIA:
        errors.append(_("Paling banyak %(n)s kriteria.", n=PALING_BANYAK_KRITERIA))
    kodes = [k["kode"] for k in kriteria]
    for kode in sorted({k for k in kodes if kodes.count(k) > 1}):
        errors.append(_("Kode %(kode)s dipakai lebih dari satu kali.", kode=kode))
    total = sum(Decimal(str(k["bobot"])) for k in kriteria)
    if kriteria and total != 100:
        errors.append(_("Jumlah bobot harus 100; sekarang %(n)s.", n=_teks_angka(total)))
    return kriteria, errors


def _teks_angka(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


async def simpan_kriteria(user, baris: list[dict], berlaku_mulai: date | None, sumber: str, *, ip: str = "") -> dict:
    """Record a new version of the criteria from ``berlaku_mulai``. Raises :class:`Ditolak` (list in ``errors``)."""
    kriteria, errors = periksa_kriteria(baris)
    sumber = (sumber or "").strip()
    if berlaku_mulai is None:
        errors.append(_("Tanggal berlaku wajib diisi."))
    if not sumber:
        errors.append(_("Sebutkan dasar perubahan (misalnya nomor keputusan Kepala Dinas)."))
    elif len(sumber) > 1000:
        errors.append(_("Dasar perubahan paling banyak 1000 karakter."))
    if errors:
        raise Ditolak({str(i): e for i, e in enumerate(errors)})
    async with write_transaction():
        rows = await Aturan.insert(Aturan(kunci=KUNCI_KRITERIA, nilai={"nilai": kriteria}, berlaku_mulai=berlaku_mulai,
                                          sumber=sumber, dibuat_oleh=getattr(user, "id", None))).returning(Aturan.id)
        await audit_record(user, "kepegawaian.prestasi.kriteria", "kepegawaian_aturan", rows[0]["id"],
                           {"berlaku_mulai": berlaku_mulai.isoformat(), "kriteria": kriteria}, ip)
    return next(v for v in await versi_kriteria() if v["id"] == rows[0]["id"])


# --- the organisation: the Dinas, its Eselon III units, their heads and people ---------------------------

async def unit_dinas(unit_id: int | None = None) -> int | None:
    """The Dinas a unit belongs to (the top of its tree); without a unit, the first top unit."""
    t = await unit_tree()
    if unit_id is not None and unit_id in t.parent:
        return t.up(unit_id)[-1]
    tops = [u for u in await org_units() if u["parent"] is None]
    tops.sort(key=lambda u: u["kind"] != "dinas")
    return tops[0]["id"] if tops else None


async def unit_eselon3(dinas_id: int) -> list[dict]:
    """The units directly under the Dinas (Sekretariat, Bidang, UPTD), in the organisation's order."""
    return [u for u in await org_units() if u["parent"] == dinas_id]


async def penilai_unit(unit_id: int) -> tuple[list[int], bool]:
    """Who the unit's scoring task reaches, as the workflow engine places it: holders of the scoring
    role over the unit, else the unit's own head (``True`` then)."""
    holders = await role_holders(PERAN_PENILAI, unit_id)
    if holders:
        return holders, False
    return await unit_heads(unit_id, climb=False), True


async def kandidat(unit_id: int) -> list[dict]:
    """The people a unit's head scores: active files of the unit and the units below it, without the
    unit's head(s) themselves; by name."""
    below = (await unit_tree()).below.get(unit_id, {unit_id})
    heads = set(await unit_heads(unit_id, climb=False)) | set((await penilai_unit(unit_id))[0])
    rows = await (Pegawai.select().where(Pegawai.unit_id.is_in(sorted(below)) & (Pegawai.aktif == True))  # noqa: E712
                  .order_by(Pegawai.nama).order_by(Pegawai.id))
    rows = [r for r in rows if r["user_id"] is None or r["user_id"] not in heads]
    await tambah_jabatan(rows)
    return rows


async def tambah_jabatan(rows: list[dict]) -> None:
    """Each row (a Pegawai, or with ``pegawai`` the file's id) gets ``nama_lengkap``, ``nip_label``,
    ``jabatan`` and ``unit_nama``."""
    ids = [r.get("pegawai_id", r.get("id")) for r in rows]
    jabatan: dict[int, list] = {}
    pangkat: dict[int, list] = {}
    if ids:
        for j in await RiwayatJabatan.select().where(RiwayatJabatan.pegawai.is_in(ids)):
            jabatan.setdefault(j["pegawai"], []).append(j)
        for p in await RiwayatPangkat.select().where(RiwayatPangkat.pegawai.is_in(ids)):
            pangkat.setdefault(p["pegawai"], []).append(p)
    units = await pg.nama_unit()
    for row, pid in zip(rows, ids):
        jb, pk = pg.terakhir(jabatan.get(pid, [])), pg.terakhir(pangkat.get(pid, []))
        row.update(nama_lengkap=pg.nama_lengkap(row), nip_label=pg.format_nip(row.get("nip")),
                   jabatan=jb["nama_jabatan"] if jb else "", unit_nama=units.get(row.get("unit_id"), ""),
                   pangkat=pg.label_pangkat(pk["golongan"]) if pk else "")


async def nama_orang(user_ids) -> dict[int, str]:
    """user id -> the name on their file (the plugin's own record of people)."""
    ids = sorted({u for u in user_ids if u})
    if not ids:
        return {}
    return {r["user_id"]: pg.nama_lengkap(r) for r in await Pegawai.select().where(Pegawai.user_id.is_in(ids))}


async def rencana_edaran(row: dict, dinas_id: int) -> list[dict]:
    """Each Eselon III unit with whom its task would reach and how many people it scores; ``kirim``
    False for a unit without a head or without people (it gets no task, and the page says why)."""
    plan = []
    for unit in await unit_eselon3(dinas_id):
        receivers, head = await penilai_unit(unit["id"])
        people = await kandidat(unit["id"])
        names = await nama_orang(receivers)
        plan.append({"unit_id": unit["id"], "unit": unit["name"], "penilai": [names.get(u, "—") for u in receivers],
                     "lewat_kepala": head, "jumlah": len(people), "kirim": bool(receivers and people)})
    return plan


async def masukan(pegawai_ids, awal: date) -> dict[int, dict]:
    """What the head sees beside each person (part 1, leave): the month's working days, the working
    days of approved leave in it, and the working days left (the file holds no attendance record)."""
    akhir = akhir_bulan(awal)
    hari_kerja = calendar.working_days_between(awal, akhir, rule=HITUNG_CUTI.code)
    out = {pid: {"hari_kerja": hari_kerja, "cuti": 0, "jenis": []} for pid in pegawai_ids}
    if not out:
        return out
    rows = await Cuti.select().where(Cuti.pegawai.is_in(list(out)) & (Cuti.status == "disetujui")
                                     & (Cuti.mulai <= akhir) & (Cuti.selesai >= awal))
    from balai_kepegawaian import aturan

    for r in rows:
        a, b = max(r["mulai"], awal), min(r["selesai"], akhir)
        n = calendar.working_days_between(a, b, rule=HITUNG_CUTI.code) if a <= b else 0
        out[r["pegawai"]]["cuti"] += n
        out[r["pegawai"]]["jenis"].append(f"{aturan.label(r['jenis'])} ({n})")
    for v in out.values():
        v["di_luar_cuti"] = max(0, v["hari_kerja"] - v["cuti"])
    return out


# --- opening a month --------------------------------------------------------------------------------------

async def buka(teks: str, *, user=None, unit_id: int | None = None, hari_ini: date | None = None) -> dict:
    """Open the period ``teks`` ("2026-11") and its case in the Dinas of ``unit_id``; returns the period.
    Raises :class:`Ditolak`: a badly written or future month (400), a month already opened (409)."""
    hari_ini = hari_ini or today()
    awal = baca_periode(teks)
    if awal is None:
        raise Ditolak({"periode": _("Tulis bulan sebagai tahun-bulan, misalnya 2026-11.")})
    if awal > hari_ini.replace(day=1):
        raise Ditolak({"periode": _("Bulan %(bulan)s belum berjalan.", bulan=label_periode(teks_periode(awal)))})
    teks = teks_periode(awal)
    dinas = await unit_dinas(unit_id)
    if dinas is None:
        raise Ditolak(_("Struktur organisasi belum ada."))
    async with write_transaction():
        # The form starts as the criteria in force today; the Kasubag's "Form siap" takes them again.
        kriteria = (await kriteria_berlaku(hari_ini))["kriteria"]
        claimed = await PrestasiPeriode.insert(PrestasiPeriode(periode=teks, status=PENILAIAN, kriteria=kriteria)).on_conflict(
            target=PrestasiPeriode.periode, action="DO NOTHING").returning(PrestasiPeriode.id)
        if not claimed:
            raise Ditolak({"periode": _("Periode %(bulan)s sudah dibuka.", bulan=label_periode(teks))}, 409)
        pid = claimed[0]["id"]
        try:
            case = await open_case(PRESTASI, _("ASN Berprestasi %(bulan)s", bulan=label_periode(teks)), user=user,
                                   unit_id=dinas, record=(JENIS_REKAM, pid), data={"periode": teks},
                                   opened_as=_("Jadwal bulanan") if user is None else "")
        except ActionError as exc:
            raise Ditolak(" ".join(exc.messages)) from None
        await PrestasiPeriode.update({PrestasiPeriode.case_id: case["id"]}).where(PrestasiPeriode.id == pid)
    return await periode(pid)


async def buka_otomatis(hari_ini: date | None = None, unit_id: int | None = None) -> dict | None:
    """The schedule: from the first working day of a month, the previous month's period is opened,
    once. Returns the period it opened, None when there was nothing to open."""
    hari_ini = hari_ini or today()
    if hari_ini < hari_kerja_pertama(hari_ini):
        return None
    teks = teks_periode(bulan_lalu(hari_ini))
    if await periode_dari_teks(teks) is not None:
        return None
    try:
        return await buka(teks, unit_id=unit_id, hari_ini=hari_ini)
    except Ditolak as exc:
        if exc.status == 409:  # another worker opened it between the look and the claim
            return None
        raise


async def jalankan_jadwal() -> None:
    """The scheduled job's run (hook ``scheduled_jobs``)."""
    await buka_otomatis()


# --- tasks ---------------------------------------------------------------------------------------------

async def tugas_terbuka(row: dict, step: str | None = None) -> list[dict]:
    if not row.get("case_id"):
        return []
    return [t for t in await case_tasks(row["case_id"])
            if t["state"] in TaskState.OPEN and (step is None or t["step"] == step)]


async def tugas_nilai(user, row: dict) -> list[dict]:
    """The open scoring tasks of the period ``user`` may work on (their unit's, delegations included)."""
    return await may_work_on(user, await tugas_terbuka(row, "nilai"))


def boleh_rekap(user) -> bool:
    """Who sees every unit's scores: the Pengelola, the Kasubag Umum, the Kepala Dinas, an administrator."""
    return bool(user.is_admin or user.can(KELOLA) or user.can(BUKA) or user.has_role("kepala_dinas"))


# --- scores ----------------------------------------------------------------------------------------------

DUA = Decimal("0.01")


def hitung(kriteria: list[dict], nilai: dict) -> dict:
    """The weighted total and its computation: each criterion's score × its share of the weights."""
    bobot_total = sum(Decimal(str(k["bobot"])) for k in kriteria) or Decimal(1)
    rincian, jumlah, lengkap = [], Decimal(0), bool(kriteria)
    for k in kriteria:
        raw = (nilai or {}).get(k["kode"])
        if raw is None:
            lengkap = False
            continue
        n, b = Decimal(str(raw)), Decimal(str(k["bobot"]))
        hasil = n * b / bobot_total
        jumlah += hasil
        rincian.append({"kode": k["kode"], "nama": nama_kriteria(k["nama"]), "nilai": float(n), "bobot": float(b),
                        "persen": float(b * 100 / bobot_total), "hasil": float(hasil.quantize(DUA, ROUND_HALF_UP))})
    return {"total": float(jumlah.quantize(DUA, ROUND_HALF_UP)), "rincian": rincian, "lengkap": lengkap}


def baca_nilai(kriteria: list[dict], raw: dict, nama: str) -> tuple[dict, list[str]]:
    """Scores typed for one person (criterion code -> text or number) checked against the form."""
    nilai, errors = {}, []
    for k in kriteria:
        value = raw.get(k["kode"])
        if value is None or str(value).strip() == "":
            errors.append(_("%(nama)s: nilai %(kriteria)s belum diisi.", nama=nama, kriteria=nama_kriteria(k["nama"])))
            continue
        n = value if isinstance(value, (int, float)) and not isinstance(value, bool) else _angka(value)
        n = _angka(n) if n is not None else None
        if n is None or n < 0 or n > 100 or n != n.quantize(DUA):
            errors.append(_("%(nama)s: nilai %(kriteria)s harus angka 0 sampai 100 (paling banyak dua desimal).",
                            nama=nama, kriteria=nama_kriteria(k["nama"])))
            continue
        nilai[k["kode"]] = float(n)
    unknown = sorted(set(raw) - {k["kode"] for k in kriteria})
    if unknown:
        errors.append(_("%(nama)s: kriteria tidak ada pada form bulan ini: %(kode)s.", nama=nama, kode=", ".join(unknown)))
    return nilai, errors


async def _cakupan_penilai(user, row: dict) -> dict[int, dict]:
    """pegawai id -> the scoring task (of ``user``) that covers them."""
    found: dict[int, dict] = {}
    for task in await tugas_nilai(user, row):
        for p in await kandidat(task["unit"]):
            found.setdefault(p["id"], task)
    return found


async def simpan_nilai(user, row: dict, masukan_: dict[int, dict], *, kirim: bool = False) -> list[dict]:
    """A head's scores, one person or many (pegawai id -> {criterion code: score}); with ``kirim`` the
    head's scoring tasks are done too, in the same transaction. Raises :class:`Ditolak`: 403 for a
    person the head may not score (themselves, another unit's), 400 for a score that cannot be taken
    or a form sent before everyone is scored, 409 when the month is not being scored."""
    tasks = await tugas_nilai(user, row)
    if not tasks:
        raise Ditolak(_("Anda tidak sedang ditugasi menilai pegawai untuk %(bulan)s.",
                        bulan=label_periode(row["periode"])), 409 if not await tugas_terbuka(row, "nilai") else 403)
    kriteria = row["kriteria"] or []
    cakupan = await _cakupan_penilai(user, row)
    units = await pg.nama_unit()
    unit_tugas = ", ".join(units.get(t["unit"], "") for t in tasks)
    errors: list[str] = []
    forbidden: list[str] = []
    values: dict[int, dict] = {}
    for pid, raw in masukan_.items():
        p = await pg.ambil(pid)
        if p is None:
            errors.append(_("Pegawai tidak ditemukan."))
            continue
        nama = pg.nama_lengkap(p)
        if p["user_id"] is not None and p["user_id"] == user.id:
            forbidden.append(_("Anda tidak dapat menilai diri sendiri."))
            continue
        if pid not in cakupan:
            forbidden.append(_("%(nama)s bukan pegawai unit yang Anda nilai (%(unit)s).", nama=nama, unit=unit_tugas))
            continue
        nilai, salah = baca_nilai(kriteria, raw or {}, nama)
        errors.extend(salah)
        values[pid] = nilai
    if forbidden:
        raise Ditolak({str(i): m for i, m in enumerate(forbidden + errors)}, 403)
    if errors:
        raise Ditolak({str(i): m for i, m in enumerate(errors)})
    async with write_transaction():
        saved = []
        for pid, nilai in values.items():
            # Every writer of this person's score waits on the file's row (PostgreSQL), so two saves of
            # one score never make two rows.
            await Pegawai.update({Pegawai.versi: Pegawai.versi + 1}).where(Pegawai.id == pid)
            total = hitung(kriteria, nilai)["total"]
            ada = await PrestasiNilai.select(PrestasiNilai.id).where(
                (PrestasiNilai.periode == row["id"]) & (PrestasiNilai.pegawai == pid)).first()
            if ada:
                await PrestasiNilai.update({PrestasiNilai.nilai: nilai, PrestasiNilai.total: total,
                                            PrestasiNilai.penilai: user.id, PrestasiNilai.dinilai_at: _sekarang()}).where(
                    PrestasiNilai.id == ada["id"])
            else:
                await PrestasiNilai.insert(PrestasiNilai(periode=row["id"], pegawai=pid, penilai=user.id, nilai=nilai,
                                                         total=total))
            saved.append({"pegawai_id": pid, "nilai": nilai, **hitung(kriteria, nilai)})
        if kirim:
            for task in tasks:
                try:
                    await act(task["id"], "kirim", user=user)
                except ActionError as exc:
                    raise Ditolak({str(i): m for i, m in enumerate(exc.messages)},
                                  409 if exc.conflict else 400) from None
    return saved


async def belum_dinilai(row: dict, unit_id: int, kecuali_user: int | None = None) -> list[str]:
    """Names of the unit's people without a complete score this month (not counting the scorer)."""
    kriteria = row["kriteria"] or []
    scored = {r["pegawai"]: r["nilai"] for r in await PrestasiNilai.select().where(
        PrestasiNilai.periode == row["id"]).output(load_json=True)}
    missing = []
    for p in await kandidat(unit_id):
        if kecuali_user is not None and p["user_id"] == kecuali_user:
            continue
        if not hitung(kriteria, scored.get(p["id"]) or {})["lengkap"]:
            missing.append(p["nama_lengkap"])
    return missing


async def nilai_unit(row: dict, unit_id: int) -> list[dict]:
    """The scoring form of one unit: each person with the month's leave and their saved scores."""
    people = await kandidat(unit_id)
    scored = {r["pegawai"]: r for r in await PrestasiNilai.select().where(
        PrestasiNilai.periode == row["id"]).output(load_json=True)}
    data = await masukan([p["id"] for p in people], baca_periode(row["periode"]))
    for p in people:
        s = scored.get(p["id"])
        p["masukan"] = data[p["id"]]
        p["nilai"] = (s or {}).get("nilai") or {}
        p["hasil"] = hitung(row["kriteria"] or [], p["nilai"]) if s else None
    return people


async def rekap(row: dict, unit_ids: set[int] | None = None) -> list[dict]:
    """The month's ranking: every complete score with its computation, highest total first; equal
    totals share a rank (``seri``). ``unit_ids`` limits it to people of those units."""
    kriteria = row["kriteria"] or []
    scored = await (PrestasiNilai.select(*PrestasiNilai.all_columns(), PrestasiNilai.pegawai.nama.as_alias("nama"),
                                         PrestasiNilai.pegawai.gelar_depan.as_alias("gelar_depan"),
                                         PrestasiNilai.pegawai.gelar_belakang.as_alias("gelar_belakang"),
                                         PrestasiNilai.pegawai.nip.as_alias("nip"),
                                         PrestasiNilai.pegawai.unit_id.as_alias("unit_id"))
                    .where(PrestasiNilai.periode == row["id"]).output(load_json=True))
    out = []
    for s in scored:
        if unit_ids is not None and s["unit_id"] not in unit_ids:
            continue
        h = hitung(kriteria, s["nilai"] or {})
        if h["lengkap"]:
            out.append({"pegawai_id": s["pegawai"], "nama": s["nama"], "gelar_depan": s["gelar_depan"],
                        "gelar_belakang": s["gelar_belakang"], "nip": s["nip"], "unit_id": s["unit_id"],
                        "penilai": s["penilai"], "nilai": s["nilai"], **h})
    await tambah_jabatan(out)
    out.sort(key=lambda r: (-r["total"], r["nama_lengkap"]))
    for i, r in enumerate(out):
        r["peringkat"] = next(j for j, o in enumerate(out, start=1) if o["total"] == r["total"])
        r["seri"] = sum(1 for o in out if o["total"] == r["total"]) > 1
        r["terpilih"] = r["pegawai_id"] == row["terpilih"]
    return out


# --- the Pengelola's steps ---------------------------------------------------------------------------------

async def edarkan(user, row: dict) -> list[dict]:
    """Step 2: one scoring task per Eselon III unit that has a head and people; returns the plan."""
    tasks = await may_work_on(user, await tugas_terbuka(row, "edarkan"))
    if not tasks:
        raise Ditolak(_("Form bulan ini tidak sedang menunggu Anda edarkan."), 409)
    task = tasks[0]
    plan = await rencana_edaran(row, await unit_dinas(task["unit"]))
    kirim = [p for p in plan if p["kirim"]]
    if not kirim:
        raise Ditolak(_("Tidak ada unit Eselon III yang dapat menilai: isi kepala unit dan data pegawainya dulu."))
    bulan = label_periode(row["periode"])
    recipients = [{"unit_id": p["unit_id"], "due": None,
                   "instruction": _("Nilai %(n)s pegawai %(unit)s untuk ASN berprestasi %(bulan)s.", n=p["jumlah"],
                                    unit=p["unit"], bulan=bulan)} for p in kirim]
    try:
        await act(task["id"], "edarkan", user=user, recipients=recipients)
    except ActionError as exc:
        raise Ditolak({str(i): m for i, m in enumerate(exc.messages)}, 409 if exc.conflict else 400) from None
    return plan


async def ajukan_rekap(user, row: dict, terpilih: int | None, catatan: str) -> None:
    """Step 3, the Pengelola's recap: the employee proposed to the Kepala Dinas (the rank's first, or
    another with the reason written)."""
    tasks = await may_work_on(user, await tugas_terbuka(row, "rekap"))
    if not tasks:
        raise Ditolak(_("Rekap bulan ini tidak sedang menunggu Anda."), 409)
    try:
        await act(tasks[0]["id"], "ajukan", user=user, note=(catatan or "").strip()[:2000],
                  data={"terpilih": str(terpilih or ""), "catatan": (catatan or "").strip()[:2000]})
    except ActionError as exc:
        raise Ditolak({str(i): m for i, m in enumerate(exc.messages)}, 409 if exc.conflict else 400) from None


async def periksa_usulan(row: dict, terpilih_teks: str, catatan: str) -> list[str]:
    try:
        terpilih = int(terpilih_teks)
    except (TypeError, ValueError):
        return [_("Pilih pegawai yang diusulkan sebagai ASN berprestasi.")]
    ranking = await rekap(row)
    chosen = next((r for r in ranking if r["pegawai_id"] == terpilih), None)
    if chosen is None:
        return [_("Pegawai yang dipilih tidak ada dalam rekap nilai bulan ini.")]
    if chosen["peringkat"] != 1 and not (catatan or "").strip():
        return [_("%(nama)s bukan peringkat pertama: tuliskan alasannya di catatan.", nama=chosen["nama_lengkap"])]
    if chosen["seri"] and not (catatan or "").strip():
        return [_("Nilai %(nama)s sama dengan pegawai lain: tuliskan alasan pilihan di catatan.",
                  nama=chosen["nama_lengkap"])]
    return []


# --- the SK --------------------------------------------------------------------------------------------------

async def _orang(p: dict) -> dict:
    pangkat = pg.terakhir(await RiwayatPangkat.select().where(RiwayatPangkat.pegawai == p["id"]))
    jabatan = pg.terakhir(await RiwayatJabatan.select().where(RiwayatJabatan.pegawai == p["id"]))
    return {"nama": pg.nama_lengkap(p), "nip": pg.format_nip(p["nip"]),
            "pangkat": pg.label_pangkat(pangkat["golongan"]) if pangkat else "",
            "jabatan": jabatan["nama_jabatan"] if jabatan else "",
            "unit": (await pg.nama_unit()).get(p["unit_id"], "")}


async def penanda_tangan(case: dict, event: dict | None = None) -> Signature | None:
    """The Kepala Dinas's block: the one the administrator set, else the holder of the head position of
    the Dinas as the file has them; as signed in ``event`` (a Plh/Plt prints "Plh. Kepala Dinas")."""
    block = await signature("kepala_dinas")
    if block is None:
        for user_id in await unit_heads(case["unit"], climb=False):
            holder = await pg.milik(user_id)
            if holder is not None:
                who = await _orang(holder)
                block = Signature(title=_("Kepala Dinas"), name=who["nama"], pangkat=who["pangkat"], nip=who["nip"],
                                  code="kepala_dinas")
                break
    return await acting_signature(block, event) if event is not None else block


async def sk_terbit(case_id: int | None) -> dict | None:
    """The newest SK issued on the case, or None."""
    if not case_id:
        return None
    return next((r for r in await issued_for("case", case_id) if r["template"] == TEMPLATE_SK), None)


async def isi_sk(row: dict, ranking: list[dict] | None = None) -> dict:
    p = await pg.ambil(row["terpilih"])
    ranking = ranking if ranking is not None else await rekap(row)
    mine = next((r for r in ranking if r["pegawai_id"] == row["terpilih"]), None)
    bulan = label_periode(row["periode"])
    return {"title": _("SK ASN Berprestasi %(bulan)s: %(nama)s", bulan=bulan, nama=pg.nama_lengkap(p)),
            "bulan": bulan, "pegawai": await _orang(p), "total": mine["total"] if mine else None,
            "ditetapkan_pada": today(), "dasar_hukum": DASAR_HUKUM_SK,
            "tembusan": [_("Sekretaris"), _("Kepala Sub Bagian Umum"), _("Yang bersangkutan")]}


async def terbitkan_sk(row: dict, case: dict, *, user: int | None, unit_id: int, event: dict | None = None) -> dict:
    """Number the SK (the first time) and keep it on the case; issued again when the Kepala Dinas signs
    (``event``: the signing's timeline entry), it is the next version with the same number."""
    ctx = await isi_sk(row)
    signer = await penanda_tangan(case, event)
    async with numbering_transaction():
        previous = await sk_terbit(case["id"])
        nomor = previous["number"] if previous else ""
        if not nomor:
            allocated = await allocate_number(
                "sk", classification=KLASIFIKASI_SK, unit_id=unit_id, on=today(), subject=ctx["title"],
                addressee=ctx["pegawai"]["nama"], requester="kepegawaian", record=(JENIS_REKAM, row["id"]), user=user)
            nomor = allocated.text
        sidik = "|".join(str(x) for x in (row["periode"], row["terpilih"], nomor, ctx["total"], ctx["ditetapkan_pada"],
                                          signer.printed_title if signer else "", signer.name if signer else ""))
        return await issue_document(
            TEMPLATE_SK, kind="sk", title=ctx["title"], owner=("case", case["id"]), user=user, context=ctx, number=nomor,
            signer=signer, filename=f"sk-asn-berprestasi-{row['periode']}.pdf",
            fingerprint=hashlib.sha256(sidik.encode()).hexdigest())


async def tandatangani_sk(row: dict, case: dict, *, user: int | None, unit_id: int) -> dict:
    """The Kepala Dinas signs: the SK as signed (by whoever acted, Plh included), the month settled,
    the employee told."""
    signed = [e for e in await timeline(case["id"]) if e["step"] == "tandatangani" and e["action"] == "tandatangani"]
    issued = await terbitkan_sk(row, case, user=user, unit_id=unit_id, event=signed[-1] if signed else None)
    await PrestasiPeriode.update({PrestasiPeriode.status: DITETAPKAN}).where(PrestasiPeriode.id == row["id"])
    p = await pg.ambil(row["terpilih"])
    if p and p["user_id"]:
        await notify([p["user_id"]], _("Selamat: Anda ditetapkan sebagai ASN berprestasi %(bulan)s (SK %(nomor)s).",
                                       bulan=label_periode(row["periode"]), nomor=issued["number"]),
                     "/kepegawaian/prestasi")
    return issued


# --- history and the office page ---------------------------------------------------------------------------------

async def terbaik() -> list[dict]:
    """Each settled month's outstanding employee, the newest first."""
    rows = await (PrestasiPeriode.select().where((PrestasiPeriode.status == DITETAPKAN)
                                                 & PrestasiPeriode.terpilih.is_not_null())
                  .order_by(PrestasiPeriode.periode, ascending=False).output(load_json=True))
    out = []
    for row in rows:
        p = await pg.ambil(row["terpilih"])
        if p is None:
            continue
        total = await PrestasiNilai.select(PrestasiNilai.total).where(
            (PrestasiNilai.periode == row["id"]) & (PrestasiNilai.pegawai == p["id"])).first()
        issued = await sk_terbit(row["case_id"])
        out.append({"periode": row["periode"], "label": label_periode(row["periode"]), "pegawai_id": p["id"],
                    **await _orang(p), "total": total["total"] if total else None,
                    "nomor_sk": issued["number"] if issued else ""})
    return out


async def riwayat_pegawai(pegawai_id: int) -> list[dict]:
    """One person's months of ASN berprestasi, settled ones only: total, rank and whether chosen."""
    mine = await PrestasiNilai.select().where(PrestasiNilai.pegawai == pegawai_id).output(load_json=True)
    out = []
    for s in mine:
        row = await periode(s["periode"])
        if row is None or row["status"] != DITETAPKAN:
            continue
        ranking = await rekap(row)
        own = next((r for r in ranking if r["pegawai_id"] == pegawai_id), None)
        if own is None:
            continue
        out.append({"periode": row["periode"], "label": label_periode(row["periode"]), "total": own["total"],
                    "peringkat": own["peringkat"], "dari": len(ranking), "terpilih": own["terpilih"],
                    "rincian": own["rincian"]})
    out.sort(key=lambda r: r["periode"], reverse=True)
    return out
