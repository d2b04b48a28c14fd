"""Import of the existing roster (XLSX/CSV): the shipped sample, a per-row report of what was refused and
why, nothing half-written for a refused row, accounts made from the NIP; the CLI with its progress bar,
the upload page, and the export that imports again."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from datetime import date

import pytest

from balai_kepegawaian import impor, pegawai as pg
from balai_kepegawaian.tables import Pegawai, RiwayatJabatan, RiwayatPangkat

SAMPLE_NIPS = ("198503142010011003", "199007222015032001", "197811052005011002", "198212172009022004",
               "199511302020121005", "197403081998031006", "199304112022212007")


def nip(lahir: date, tmt: date, kelamin: str = "L") -> str:
    return f"{lahir:%Y%m%d}{tmt:%Y%m}{1 if kelamin == 'L' else 2}{random.randint(1, 999):03d}"


def csv_of(*rows: dict) -> bytes:
    lines = [",".join(impor.KOLOM)]
    for row in rows:
        lines.append(",".join(f'"{row.get(k, "")}"' if "," in str(row.get(k, "")) else str(row.get(k, ""))
                              for k in impor.KOLOM))
    return ("\n".join(lines) + "\n").encode()


def person(nama: str, unit: str = "keuangan", **over) -> dict:
    lahir = over.pop("lahir", date(random.randint(1970, 1996), random.randint(1, 12), random.randint(1, 28)))
    tmt = over.pop("tmt", date(lahir.year + 25, random.randint(1, 12), 1))
    kelamin = over.pop("kelamin", random.choice("LP"))
    row = {"nip": nip(lahir, tmt, kelamin), "nama": nama, "tempat_lahir": "Samarinda",
           "tanggal_lahir": lahir.strftime("%d-%m-%Y"), "jenis_kelamin": "Laki-laki" if kelamin == "L" else "Perempuan",
           "jenis_kepegawaian": "PNS", "tmt_cpns": tmt.isoformat(), "tmt_pns": date(tmt.year + 1, tmt.month, 1).isoformat(),
           "unit": unit, "golongan": "III/a", "tmt_golongan": tmt.isoformat(), "nomor_sk_pangkat": "813/1/BKD",
           "jabatan": "Pengelola Keuangan", "jenis_jabatan": "pelaksana", "tmt_jabatan": tmt.isoformat()}
    row.update(over)
    return row


def test_the_sample_files_hold_the_same_rows():
    from_csv = impor.baca(impor.CONTOH.with_suffix(".csv").read_bytes(), "contoh_pegawai.csv")
    from_xlsx = impor.baca(impor.CONTOH.with_suffix(".xlsx").read_bytes(), "contoh_pegawai.xlsx")
    assert [r["nip"] for r in from_csv] == list(SAMPLE_NIPS)
    assert [{k: v for k, v in r.items() if not k.startswith("_")} for r in from_xlsx] == \
        [{k: v for k, v in r.items() if not k.startswith("_")} for r in from_csv]
    assert not any(r["_nip_angka"] for r in from_xlsx)  # the NIP column is text


async def test_the_sample_checks_clean_and_checking_writes_nothing(demo):
    for suffix in (".csv", ".xlsx"):
        hasil = await impor.impor(impor.CONTOH.with_suffix(suffix).read_bytes(), f"contoh{suffix}", periksa=True)
        assert [(b.nomor, b.status, b.alasan) for b in hasil.baris] == [(n, "baru", []) for n in range(2, 9)]
    assert not await Pegawai.exists().where(Pegawai.nip.is_in(list(SAMPLE_NIPS)))


async def test_refused_rows_are_reported_and_leave_nothing_behind(demo):
    from balai.identity.tables import User

    good = person("Yohanes Tarigan", unit="keuangan")
    born = date(1984, 10, 2)
    wrong_birth = person("Sarah Amalia", lahir=born, kelamin="P", tanggal_lahir="03-10-1984")
    wrong_unit = person("Joko Susilo", unit="bidang-antah")
    bad_jabatan = person("Ketut Arsana", jenis_jabatan="struktural", jenjang_jabatan="ahli muda")
    hasil = await impor.impor(csv_of(good, wrong_birth, wrong_unit, bad_jabatan), "roster.csv")
    by_row = {b.nomor: b for b in hasil.baris}
    assert [(n, b.status) for n, b in sorted(by_row.items())] == [(2, "baru"), (3, "ditolak"), (4, "ditolak"),
                                                                  (5, "ditolak")]
    assert any(a.startswith("tanggal_lahir: Tanggal lahir tidak sesuai dengan NIP") and "2 Oktober 1984" in a
               for a in by_row[3].alasan)
    assert any(a.startswith("unit: unit 'bidang-antah' tidak dikenal") for a in by_row[4].alasan)
    assert any(a.startswith("jenjang_jabatan:") for a in by_row[5].alasan)
    assert hasil.ringkas() == "1 baru, 0 diubah, 3 ditolak dari 4 baris."
    # The refused rows wrote nothing: no file, no history, no account — even the one whose identity was fine.
    for refused in (wrong_birth, wrong_unit, bad_jabatan):
        assert not await Pegawai.exists().where(Pegawai.nip == refused["nip"])
        assert not await User.exists().where(User.nip == refused["nip"])
    p = await Pegawai.select().where(Pegawai.nip == good["nip"]).first()
    account = await User.select().where(User.id == p["user_id"]).first()
    assert account["nip"] == good["nip"] and account["golongan"] == "III/a" and account["password_hash"] == ""
    assert [r["golongan"] for r in await pg.riwayat(p["id"], "pangkat")] == ["III/a"]
    assert [r["nama_jabatan"] for r in await pg.riwayat(p["id"], "jabatan")] == ["Pengelola Keuangan"]

    # The same file again: the person is updated, nothing is added twice.
    good2 = {**good, "telepon": "081234567890"}
    again = await impor.impor(csv_of(good2), "roster.csv")
    assert [b.status for b in again.baris] == ["diubah"]
    assert (await pg.ambil(p["id"]))["telepon"] == "081234567890"
    assert await RiwayatPangkat.count().where(RiwayatPangkat.pegawai == p["id"]) == 1
    assert await RiwayatJabatan.count().where(RiwayatJabatan.pegawai == p["id"]) == 1


async def test_an_nip_stored_as_a_number_is_refused_with_the_reason(demo):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(impor.KOLOM))
    row = person("Gilang Ramadhan")
    sheet.append([int(row["nip"]) if k == "nip" else row.get(k, "") for k in impor.KOLOM])
    out = io.BytesIO()
    book.save(out)
    hasil = await impor.impor(out.getvalue(), "roster.xlsx")
    [b] = hasil.baris
    assert b.status == "ditolak" and any("format kolom NIP sebagai teks" in a for a in b.alasan)


async def test_files_that_cannot_be_read_are_refused_whole(demo):
    with pytest.raises(impor.BerkasDitolak, match="Kolom wajib tidak ada: tanggal_lahir"):
        await impor.impor(b"nip,nama,jenis_kelamin,unit\n1,2,3,4\n", "x.csv")
    with pytest.raises(impor.BerkasDitolak, match="bukan XLSX"):
        await impor.impor(b"PK\x03\x04 not really a workbook", "x.xlsx")
    with pytest.raises(impor.BerkasDitolak, match="kosong"):
        await impor.impor(b"", "x.csv")


def _balai(*args: str):
    return subprocess.run([sys.executable, "-m", "balai.cli", "kepegawaian-impor", *args], env=dict(os.environ),
                          capture_output=True, text=True, timeout=120)


async def test_the_command_line_shows_progress_and_the_refused_rows(demo, tmp_path):
    out = _balai(str(impor.CONTOH.with_suffix(".xlsx")), "--periksa")
    assert out.returncode == 0, out.stderr
    assert "7/7" in out.stderr and "[" + "#" * 30 + "]" in out.stderr
    assert "Pemeriksaan saja, tidak ada yang disimpan: 7 baru, 0 diubah, 0 ditolak dari 7 baris." in out.stdout
    good, bad = person("Nanda Pertiwi", unit="program"), person("Oki Setiana", unit="program", golongan="V/a")
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_of(good, bad).replace(b",", b";"))  # Excel in Indonesia writes ';'
    out = _balai(str(path))
    assert out.returncode == 1
    assert f"Baris 3 ({bad['nip']}) ditolak:" in out.stdout and "golongan: Golongan tidak dikenal" in out.stdout
    assert "1 baru, 0 diubah, 1 ditolak dari 2 baris." in out.stdout
    assert await Pegawai.exists().where(Pegawai.nip == good["nip"])
    assert not await Pegawai.exists().where(Pegawai.nip == bad["nip"])
    assert _balai(str(tmp_path / "tidak-ada.csv")).returncode == 2


async def test_the_upload_page_and_the_export_that_imports_again(login, make_user, demo):
    pengelola = await make_user(roles=[("pengelola_kepegawaian", "dinas")], unit="umum")
    c = await login(pengelola)
    page = await c.get("/kepegawaian/pegawai/impor")
    assert page.status_code == 200 and "contoh_pegawai.xlsx" in page.text
    sample = await c.get("/kepegawaian/pegawai/impor/contoh/xlsx")
    assert sample.status_code == 200 and sample.content == impor.CONTOH.with_suffix(".xlsx").read_bytes()
    rows = [person(f"Pegawai Impor {i}", unit="ukm") for i in range(3)]
    bad = person("Pegawai Salah", unit="ukm", tmt_pns="2001-01-01", tmt_cpns="2005-01-01")
    r = await c.post("/kepegawaian/pegawai/impor", files={"berkas": ("roster.csv", csv_of(*rows, bad), "text/csv")})
    assert r.status_code == 200
    assert r.text.count('data-testid="baris-baru"') == 3 and r.text.count('data-testid="baris-ditolak"') == 1
    assert "TMT PNS tidak boleh sebelum TMT CPNS." in r.text
    r = await c.post("/kepegawaian/pegawai/impor", files={"berkas": ("x.csv", b"a,b\n", "text/csv")})
    assert r.status_code == 400 and 'data-testid="impor-error"' in r.text

    export = await c.get("/kepegawaian/pegawai/ekspor/xlsx", params={"unit": str(demo["ukm"])})
    assert export.status_code == 200
    back = await impor.impor(export.content, "ekspor.xlsx", periksa=True)
    mine = {b.nip: b for b in back.baris}
    assert all(mine[r["nip"]].status == "diubah" and not mine[r["nip"]].alasan for r in rows)
    csv_export = await c.get("/kepegawaian/pegawai/ekspor/csv", params={"unit": str(demo["ukm"])})
    back = await impor.impor(csv_export.content, "ekspor.csv", periksa=True)
    assert {r["nip"] for r in rows} <= {b.nip for b in back.baris if b.status == "diubah"}

    staf = await login(await make_user(roles=[("staf", "ukm")], unit="ukm"))
    assert (await staf.get("/kepegawaian/pegawai/impor")).status_code == 403
    r = await staf.post("/kepegawaian/pegawai/impor", files={"berkas": ("roster.csv", csv_of(person("X")), "text/csv")})
    assert r.status_code == 403
