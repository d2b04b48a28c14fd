"""Fixtures of the kepegawaian tests (the core's come from balai.testing).

``dinas_cuti`` builds a small Dinas of its own for each test that asks: units, head positions with
their holders (each also holding the unit's ``kepala_*`` role, so that ``reach(user).heads`` covers
the unit), staff, a Pengelola Kepegawaian and a Pengelola Keuangan, and a ``Pegawai`` row for every
one of them. A test's superior chain, inbox and leave calendar then depend on nothing another test
does to the demo tree.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import date

import pytest

# (code, name, kind, parent, head position, who heads it, the head's roles there)
TREE = (
    ("dinas", "Dinas Uji", "dinas", None, "Kepala Dinas", "kadis", ("kepala_dinas",)),
    ("sekretariat", "Sekretariat", "sekretariat", "dinas", "Sekretaris", "sekretaris", ("sekretaris",)),
    ("umum", "Sub Bagian Umum", "subbag", "sekretariat", "Kepala Sub Bagian Umum", "kasubag", ("kasubag_umum", "kepala_subbag")),
    ("industri", "Bidang Perindustrian", "bidang", "dinas", "Kepala Bidang Perindustrian", "kabid", ("kepala_bidang",)),
    ("agro", "Seksi Industri Agro", "seksi", "industri", "Kepala Seksi Industri Agro", "kasi", ("kepala_seksi",)),
    ("dagang", "Bidang Perdagangan", "bidang", "dinas", "Kepala Bidang Perdagangan", "kabid_dagang", ("kepala_bidang",)),
)

# (who, unit, their roles in the Dinas's units)
STAFF = (
    ("staf", "agro", (("staf", "agro"),)),
    ("rekan", "agro", (("staf", "agro"),)),
    ("staf_dagang", "dagang", (("staf", "dagang"),)),
    ("pengelola", "umum", (("staf", "umum"), ("pengelola_kepegawaian", "dinas"))),
    ("keuangan", "umum", (("staf", "umum"), ("pengelola_keuangan", "dinas"))),
)


@dataclass
class Dinas:
    tag: str
    units: dict[str, int] = field(default_factory=dict)  # code -> unit id
    positions: dict[str, int] = field(default_factory=dict)  # unit code -> head position id
    people: dict[str, object] = field(default_factory=dict)  # who -> TestUser (with .full_name)
    pegawai: dict[str, int] = field(default_factory=dict)  # who -> Pegawai id

    def name(self, who: str) -> str:
        return self.people[who].full_name


def nip_untuk(lahir: date, tmt: date, laki: bool) -> str:
    """An 18-digit NIP that agrees with the birth date, the TMT CPNS and the sex."""
    return f"{lahir:%Y%m%d}{tmt:%Y%m}{1 if laki else 2}{random.randint(1, 999):03d}"


async def _pegawai(user, unit_id: int, nama: str, tmt: date, jabatan: str, gelar: str = "") -> int:
    from balai_kepegawaian.tables import Pegawai, RiwayatJabatan, RiwayatPangkat

    lahir = date(random.randint(1970, 1995), random.randint(1, 12), random.randint(1, 28))
    laki = random.random() < 0.5
    rows = await Pegawai.insert(Pegawai(
        user_id=user.id, nip=nip_untuk(lahir, tmt, laki), nama=nama, gelar_belakang=gelar, tempat_lahir="Samarinda",
        tanggal_lahir=lahir, jenis_kelamin="L" if laki else "P", jenis_kepegawaian="PNS", tmt_cpns=tmt,
        tmt_pns=date(tmt.year + 1, tmt.month, 1), unit_id=unit_id,
    )).returning(Pegawai.id)
    pid = rows[0]["id"]
    await RiwayatPangkat.insert(RiwayatPangkat(pegawai=pid, golongan="III/b", tmt=date(2021, 4, 1),
                                               nomor_sk="800/123/BKD", mkg_tahun=6))
    await RiwayatJabatan.insert(RiwayatJabatan(pegawai=pid, nama_jabatan=jabatan, jenis="pelaksana",
                                               unit_id=unit_id, tmt=tmt, bup=58))
    return pid


@pytest.fixture
def dinas_cuti(app, demo, make_user):
    """``org = await dinas_cuti()``: a fresh small Dinas (see the module's docstring)."""

    async def build(tmt: date = date(2015, 3, 1)) -> Dinas:
        from balai.demo import assign
        from balai.identity.tables import Position, Unit

        org = Dinas(tag=secrets.token_hex(3))
        for code, name, kind, parent, position, who, roles in TREE:
            rows = await Unit.insert(Unit(code=f"{code}-{org.tag}", name=f"{name} {org.tag}", kind=kind,
                                          parent=org.units.get(parent) if parent else None)).returning(Unit.id)
            unit = org.units[code] = rows[0]["id"]
            user = await _orang(make_user, f"{position} {org.tag}", org, who)
            for role in roles:
                await assign(user.id, role, unit)
            rows = await Position.insert(Position(name=f"{position} {org.tag}", eselon="III.a", unit=unit,
                                                  is_head=True, holder=user.id)).returning(Position.id)
            org.positions[code] = rows[0]["id"]
            org.pegawai[who] = await _pegawai(user, unit, user.full_name, tmt, position)
        for who, unit, roles in STAFF:
            user = await _orang(make_user, f"{who.replace('_', ' ').title()} {org.tag}", org, who)
            for role, code in roles:
                await assign(user.id, role, org.units[code])
            await Position.insert(Position(name="Pelaksana", unit=org.units[unit], holder=user.id))
            org.pegawai[who] = await _pegawai(user, org.units[unit], user.full_name, tmt, "Pelaksana", gelar="S.E.")
        return org

    return build


async def _orang(make_user, name: str, org: Dinas, who: str):
    user = await make_user(full_name=name)
    user.full_name = name
    org.people[who] = user
    return user


@pytest.fixture
def orang(make_user, demo):
    """``user = await orang("umum", "Nama", roles=[...], jabatan=(nama, jenis, jenjang))``: a new user
    with a file of their own in a demo unit, linked by its NIP as an import links it
    (``user.pegawai_id``, ``user.nip``)."""

    async def build(unit: str, nama: str, roles=None, jabatan=("Pengadministrasi Umum", "pelaksana", ""),
                    jenis_kepegawaian: str = "PNS"):
        from balai.identity.tables import User
        from balai_kepegawaian import pegawai as pg

        user = await make_user(roles=list(roles) if roles is not None else [("staf", unit)], unit=unit, full_name=nama)
        lahir = date(random.randint(1970, 1996), random.randint(1, 12), random.randint(1, 28))
        tmt = date(lahir.year + 24, random.randint(1, 12), 1)
        laki = random.random() < 0.5
        number = nip_untuk(lahir, tmt, laki)
        await User.update({User.nip: number}).where(User.id == user.id)
        pid = await pg.simpan_identitas(None, {
            "nip": number, "nama": nama, "tanggal_lahir": lahir.isoformat(), "jenis_kelamin": "L" if laki else "P",
            "jenis_kepegawaian": jenis_kepegawaian, "tmt_cpns": tmt.isoformat(),
            "tmt_pns": date(tmt.year + 1, tmt.month, 1).isoformat() if jenis_kepegawaian == "PNS" else "",
            "unit_id": str(demo[unit])})
        await pg.simpan_riwayat(None, pid, "jabatan", {"nama_jabatan": jabatan[0], "jenis": jabatan[1],
                                                       "jenjang": jabatan[2], "unit_id": str(demo[unit]),
                                                       "tmt": tmt.isoformat()})
        user.pegawai_id, user.nip = pid, number
        return user

    return build


@pytest.fixture
async def pengelola(make_user):
    """A Pengelola Kepegawaian (held at the Dinas), with a staff position in Sub Bagian Umum."""
    return await make_user(roles=[("pengelola_kepegawaian", "dinas")], unit="umum")
