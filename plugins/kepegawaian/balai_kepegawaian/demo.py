"""``balai demo`` for kepegawaian: the Dinas's roster with its histories, and leave taken.

The roster (``data/demo_pegawai.py``) gives each person's identity, education, jabatan and family;
the rest of the file is derived here the way the rules make it: the NIP from the birth date, TMT
CPNS and sex; the first golongan from the diploma held at TMT CPNS (SMA II/a, D3 II/c, S1 III/a,
S2 III/b), then a promotion about every four years in the April/October periods; a KGB every two
years of masa kerja. The people behind the ``balai demo`` users are linked to those accounts, which
take their NIP, name and golongan (a visitor signed in as demo.staf sees Rina Kartikasari's file);
everyone else gets an account without a password through ``provision_person``. Each account holds
the position of its latest jabatan, so that every superior chain of the leave workflow reaches a
real person: demo.staf answers to demo.kepala-seksi, then demo.kepala-bidang.

Everything is added once: a person whose NIP is on file is left as it is, and leave is added only
while none of the roster has any.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import MappingProxyType

from balai.api import GOLONGAN, calendar, provision_person, today

from balai_kepegawaian.data.demo_pegawai import ROSTER
from balai_kepegawaian.pegawai import bup_bawaan, nama_lengkap, selisih
from balai_kepegawaian.tables import (
    Keluarga, Pegawai, Pendidikan, PenilaianKinerja, RiwayatJabatan, RiwayatKGB, RiwayatPangkat,
)

URUTAN = tuple(GOLONGAN)  # I/a ... IV/e
GOLONGAN_MASUK = MappingProxyType({"SMA": "II/a", "D3": "II/c", "D4": "III/a", "S1": "III/a", "S2": "III/b",
                                   "S3": "III/c"})
TINGKAT = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")

# Gaji pokok at masa kerja golongan 0 from 1 January 2024, and how the earlier tables compare.
# ILLUSTRATIVE ONLY: shaped on PP 5/2024 (I/a from Rp1 685 700, IV/e up to about Rp6 373 200) and
# the tables before it, not transcribed from them; REGULATIONS.md found no full transcription. A
# real KGB must take the amount from the table in force (part 2 of the issue keeps it as data).
GAJI_MKG_0 = MappingProxyType({
    "I/a": 1_685_700, "I/b": 1_840_800, "I/c": 1_918_700, "I/d": 1_999_900,
    "II/a": 2_184_000, "II/b": 2_385_000, "II/c": 2_485_900, "II/d": 2_591_100,
    "III/a": 2_785_700, "III/b": 2_903_600, "III/c": 3_026_400, "III/d": 3_154_400,
    "IV/a": 3_287_800, "IV/b": 3_426_900, "IV/c": 3_571_900, "IV/d": 3_723_000, "IV/e": 3_880_400,
})
NAIK_PER_2_TAHUN = 1.0315  # about +64 % over 32 years of masa kerja, as in the real tables
TABEL_LAMA = ((date(2024, 1, 1), 1.0), (date(2019, 1, 1), 0.926), (date(2015, 1, 1), 0.882),
              (date(2014, 1, 1), 0.832), (date(2013, 1, 1), 0.778), (date(2012, 1, 1), 0.707),
              (date(2011, 1, 1), 0.643), (date(2010, 1, 1), 0.612), (date(2009, 1, 1), 0.532),
              (date(2008, 1, 1), 0.46), (date(2001, 1, 1), 0.33), (date(1900, 1, 1), 0.15))


def gaji_pokok(golongan: str, mkg_tahun: int, pada: date) -> int:
    """The (illustrative) gaji pokok of ``golongan`` at ``mkg_tahun`` years, by the table of ``pada``."""
    batas = 27 if golongan.startswith("I/") else 33 if golongan.startswith("II/") else 32
    faktor = next(f for mulai, f in TABEL_LAMA if pada >= mulai)
    nilai = GAJI_MKG_0[golongan] * NAIK_PER_2_TAHUN ** (min(max(mkg_tahun, 0), batas) / 2) * faktor
    return int(round(nilai, -2))


# --- dates ----------------------------------------------------------------------------------------

def _bulan(teks: str) -> date:
    tahun, bulan = teks.split("-")[:2]
    return date(int(tahun), int(bulan), 1)


def _tanggal(teks: str) -> date:
    return date.fromisoformat(teks)


def tambah_bulan(d: date, n: int) -> date:
    index = d.month - 1 + n
    return date(d.year + index // 12, index % 12 + 1, 1)


def periode_kp(d: date) -> date:
    """The promotion period on or after ``d``: 1 April or 1 October (periods of every regime since
    Peraturan BKN 4/2023 and 4/2025 include them)."""
    for bulan in (4, 10):
        if d <= date(d.year, bulan, 1):
            return date(d.year, bulan, 1)
    return date(d.year + 1, 4, 1)


def hari_kerja_sebelum(d: date, hari: int = 1) -> date:
    """A working day at least ``hari`` days before ``d``: the date an SK is signed for a TMT."""
    d -= timedelta(days=hari)
    while not calendar.is_working_day(d):
        d -= timedelta(days=1)
    return d


# --- one person's file ----------------------------------------------------------------------------

def nip(orang: dict) -> str:
    """Birth date YYYYMMDD, TMT CPNS (PPPK: of the contract) YYYYMM, sex 1/2, serial."""
    tmt = _bulan(orang["tmt"])
    return f"{_tanggal(orang['lahir']):%Y%m%d}{tmt:%Y%m}{1 if orang['jk'] == 'L' else 2}{orang['urut']:03d}"


def golongan_masuk(orang: dict) -> str:
    """The golongan of the CPNS appointment: by the highest diploma held by TMT CPNS."""
    tmt = _bulan(orang["tmt"])
    held = [p[0] for p in orang["pendidikan"] if p[3] <= tmt.year and p[0] in GOLONGAN_MASUK]
    return GOLONGAN_MASUK[max(held, key=TINGKAT.index)]


def _kelompok(golongan: str) -> str:
    return golongan.split("/")[0]


def mkg(orang: dict, golongan: str, pada: date) -> tuple[int, int]:
    """Masa kerja golongan on ``pada``: the time since TMT CPNS, less five years for someone who
    entered in golongan II and is now in III or IV (as commonly applied on that crossing)."""
    tahun, bulan = selisih(_bulan(orang["tmt"]), pada)
    if _kelompok(golongan_masuk(orang)) == "II" and _kelompok(golongan) in ("III", "IV"):
        tahun = max(0, tahun - 5)
    return tahun, bulan


def _nomor(kode: str, kantor: str, tahun: int, orang: dict, k: int) -> str:
    # Illustrative numbers in the style of the old classification (813 CPNS/PNS, 821 jabatan,
    # 822 KGB, 823 KP); from 2023 the 800 code of Permendagri 83/2022.
    serial = 100 + (orang["urut"] * 53 + tahun * 7 + k * 11) % 900
    return f"{kode if tahun < 2023 else '800.1'}/{serial}/{kantor}/{tahun}"


def _jabatan_pada(orang: dict, pada: date) -> tuple | None:
    held = [j for j in orang["jabatan"] if _bulan(j[0]) <= pada]
    return held[-1] if held else None


def riwayat_pangkat(orang: dict, hari_ini: date) -> list[dict]:
    """The pangkat history: the CPNS appointment, then each promotion. PPPK have none (their
    golongan I–XVII is in the contract, without a pangkat)."""
    if orang["jenis"] == "PPPK":
        return []
    tmt = _bulan(orang["tmt"])
    masuk = golongan_masuk(orang)
    rows = [dict(golongan=masuk, tmt=tmt, jenis="pengangkatan", mkg_tahun=0, mkg_bulan=0,
                 nomor_sk=_nomor("813.3", "BKD-II", tmt.year, orang, 0), tanggal_sk=hari_kerja_sebelum(tmt, 40))]
    if "pangkat" in orang:
        naik = [(g, _bulan(t), jenis) for g, t, jenis in orang["pangkat"]]
    else:
        naik = []
        langkah = URUTAN.index(orang["golongan"]) - URUTAN.index(masuk)
        tersedia = (hari_ini.year - tmt.year) * 12 + hari_ini.month - tmt.month - 2
        # Four years in each rank; faster (not under two) for those whose positions carried them up.
        jarak = 48 if langkah * 48 <= tersedia else max(24, tersedia // max(langkah, 1))
        pada = tmt
        for i in range(1, langkah + 1):
            pada = periode_kp(tambah_bulan(pada, jarak))
            jabatan = _jabatan_pada(orang, pada)
            naik.append((URUTAN[URUTAN.index(masuk) + i], pada,
                         "pilihan" if jabatan and jabatan[2] != "pelaksana" else "reguler"))
    for k, (golongan, pada, jenis) in enumerate(naik, start=1):
        if pada > hari_ini:
            raise ValueError(f"demo: kenaikan pangkat {orang['kunci']} ke {golongan} setelah hari ini")
        tahun, bulan = mkg(orang, golongan, pada)
        rows.append(dict(golongan=golongan, tmt=pada, jenis=jenis, mkg_tahun=tahun, mkg_bulan=bulan,
                         nomor_sk=_nomor("823.3", "BKD-II", pada.year, orang, k),
                         tanggal_sk=hari_kerja_sebelum(pada, 30)))
    return rows


def riwayat_kgb(orang: dict, pangkat: list[dict], hari_ini: date) -> list[dict]:
    """A KGB every two years of masa kerja: golongan II counts 1, 3, 5, ... years (its first raise
    after one year), III and IV 2, 4, 6, ...; the notice is signed about a month before."""
    if not pangkat:
        return []
    tmt = pangkat[0]["tmt"]
    rows = []
    k = 1 if _kelompok(pangkat[0]["golongan"]) == "II" else 2
    while True:
        pada = date(tmt.year + k, tmt.month, 1)
        if pada > hari_ini:
            return rows
        golongan = max((p for p in pangkat if p["tmt"] <= pada), key=lambda p: p["tmt"])["golongan"]
        tahun, bulan = mkg(orang, golongan, pada)
        rows.append(dict(tmt=pada, golongan=golongan, gaji_pokok=gaji_pokok(golongan, tahun, pada), mkg_tahun=tahun,
                         mkg_bulan=bulan, nomor_sk=_nomor("822.3", "Sek.Um", pada.year, orang, k),
                         tanggal_sk=hari_kerja_sebelum(pada, 30)))
        k += 2


def riwayat_jabatan(orang: dict, units: dict) -> list[dict]:
    rows = []
    for k, (tmt, nama, jenis, jenjang, unit) in enumerate(orang["jabatan"]):
        pada = _bulan(tmt)
        kantor = "BKD-III" if jenis == "struktural" else "Sek.Um"
        rows.append(dict(nama_jabatan=nama, jenis=jenis, jenjang=jenjang, unit_id=units[unit], tmt=pada,
                         nomor_sk=_nomor("821.2" if jenis == "struktural" else "821.3", kantor, pada.year, orang, k),
                         tanggal_sk=hari_kerja_sebelum(pada, 14), bup=bup_bawaan(jenis, jenjang)))
    return rows


def keluarga(orang: dict, hari_ini: date, lahir_tambahan: dict) -> list[dict]:
    """Spouse and children. The family allowance covers the spouse and at most two children under 21
    (the first two by birth order who are, as commonly applied)."""
    rows = []
    if orang.get("pasangan"):
        nama, lahir = orang["pasangan"]
        rows.append(dict(hubungan="suami" if orang["jk"] == "P" else "istri", nama=nama, tanggal_lahir=_tanggal(lahir),
                         anak_ke=None, tanggungan=True))
    anak = [(n, _tanggal(t)) for n, t in orang.get("anak", ())] + list(lahir_tambahan.get(orang["kunci"], ()))
    ditanggung = 0
    for ke, (nama, lahir) in enumerate(sorted(anak, key=lambda a: a[1]), start=1):
        muda = selisih(lahir, hari_ini)[0] < 21
        rows.append(dict(hubungan="anak", nama=nama, tanggal_lahir=lahir, anak_ke=ke,
                         tanggungan=muda and ditanggung < 2))
        ditanggung += 1 if muda else 0
    return rows


def pegawai(orang: dict, units: dict) -> dict:
    tmt = _bulan(orang["tmt"])
    return dict(
        nip=nip(orang), gelar_depan=orang.get("depan", ""), nama=orang["nama"],
        gelar_belakang=orang.get("belakang", ""), tempat_lahir=orang["tempat"], tanggal_lahir=_tanggal(orang["lahir"]), jenis_kelamin=orang["jk"],
        agama=orang["agama"], status_kawin="kawin" if orang.get("pasangan") else "belum_kawin",
        jenis_kepegawaian=orang["jenis"], tmt_cpns=tmt,
        # The SK PNS follows about a year of probation; a CPNS and a PPPK have none.
        tmt_pns=date(tmt.year + 1, tmt.month, 1) if orang["jenis"] == "PNS" else None,
        unit_id=units[orang["jabatan"][-1][4]], alamat=orang["alamat"],
        telepon=f"0812-0000-{orang['urut']:04d}",  # not a real number
    )


# --- seeding --------------------------------------------------------------------------------------

def dipakai(units: dict) -> list[dict]:
    """The roster entries whose units are all in this organisation tree."""
    return [o for o in ROSTER if all(j[4] in units for j in o["jabatan"])]


async def _isi_roster(units: dict, hari_ini: date, lahir_tambahan: dict) -> None:
    """Insert the people not yet on file, each with every history, in one transaction."""
    orang = dipakai(units)
    ada = {r["nip"] for r in await Pegawai.select(Pegawai.nip).where(Pegawai.nip.is_in([nip(o) for o in orang]))}
    baru = [o for o in orang if nip(o) not in ada]
    if not baru:
        return
    async with Pegawai._meta.db.transaction():
        made = await Pegawai.insert(*[Pegawai(**pegawai(o, units)) for o in baru]).returning(Pegawai.id, Pegawai.nip)
        ids = {r["nip"]: r["id"] for r in made}
        rows: dict[type, list] = {RiwayatPangkat: [], RiwayatKGB: [], RiwayatJabatan: [], Pendidikan: [], Keluarga: [],
                                  PenilaianKinerja: []}
        for o in baru:
            pid = ids[nip(o)]
            pangkat = riwayat_pangkat(o, hari_ini)
            rows[RiwayatPangkat] += [RiwayatPangkat(pegawai=pid, **r) for r in pangkat]
            rows[RiwayatKGB] += [RiwayatKGB(pegawai=pid, **r) for r in riwayat_kgb(o, pangkat, hari_ini)]
            rows[RiwayatJabatan] += [RiwayatJabatan(pegawai=pid, **r) for r in riwayat_jabatan(o, units)]
            rows[Pendidikan] += [Pendidikan(pegawai=pid, jenjang=j, nama_sekolah=s, jurusan=m, tahun_lulus=t)
                                 for j, s, m, t in o["pendidikan"]]
            rows[Keluarga] += [Keluarga(pegawai=pid, **r) for r in keluarga(o, hari_ini, lahir_tambahan)]
            # The ratings of the last two years, so the personnel clock has what KGB and KP ask for:
            # "baik" for most, "sangat baik" for every seventh person.
            rows[PenilaianKinerja] += [PenilaianKinerja(pegawai=pid, tahun=hari_ini.year - n,
                                                        predikat="sangat_baik" if o["urut"] % 7 == 0 else "baik")
                                       for n in (1, 2)]
        for table, items in rows.items():
            for start in range(0, len(items), 200):
                await table.insert(*items[start:start + 200])


async def _akun(o: dict, p: dict, units: dict) -> int:
    tmt, nama_jabatan, jenis, jenjang, unit = o["jabatan"][-1]
    kirim = dict(nip=p["nip"], unit_id=units[unit], position_name=nama_jabatan, is_head=jenis == "struktural",
                 golongan=o.get("golongan", "") if o["jenis"] != "PPPK" else "",
                 eselon=jenjang if jenis == "struktural" else "", retirement_age=bup_bawaan(jenis, jenjang))
    if o.get("akun"):
        try:
            return await provision_person(full_name=nama_lengkap(p), username=o["akun"], **kirim)
        except ValueError:
            pass  # no such demo user (its role's plugin is not enabled): an account of their own
    return await provision_person(full_name=nama_lengkap(p), **kirim)


async def _hubungkan_akun(units: dict) -> None:
    """Give every roster person not linked yet their account: the demo user they stand behind, or
    one made from the NIP; holding the position of their latest jabatan."""
    for o in dipakai(units):
        p = await Pegawai.select().where((Pegawai.nip == nip(o)) & Pegawai.user_id.is_null()).first()
        if p is None:
            continue
        async with Pegawai._meta.db.transaction():
            user_id = await _akun(o, p, units)
            await Pegawai.update({Pegawai.user_id: user_id}).where(Pegawai.id == p["id"])


async def seed(units: dict) -> None:
    from balai_kepegawaian import demo_cuti

    hari_ini = today()
    await _isi_roster(units, hari_ini, demo_cuti.kelahiran(hari_ini))
    await _hubungkan_akun(units)
    await demo_cuti.seed(units, hari_ini)
