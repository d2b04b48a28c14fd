"""The leak check before release: personal data and hidden parts of each file are found, shown to
the data officer, and a file with findings goes out only when confirmed with a reason or replaced."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from balai.api import act, case_tasks, get_case, list_documents
from balai.testing import csrf_from

from balai_ppid.pemeriksaan import periksa
from balai_ppid.tables import Pemeriksaan, Permohonan
from ppid_support import ISIAN, PDF, ajukan, pemohon, reference_from

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _xlsx(hidden_nik: bool = True) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    shown = book.active
    shown.title = "Rekap"
    shown.append(["Kabupaten", "Jumlah IKM rotan"])
    shown.append(["Kutai Kartanegara", 41])
    if hidden_nik:
        rinci = book.create_sheet("Rinci")
        rinci.append(["Nama", "NIK"])
        rinci.append(["Siti Aminah", 6402014405870002])  # typed as a number: stored as a float
        rinci.append(["Baharuddin", "6402011203790005"])
        rinci.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _versi(html: str, filename: str) -> str:
    """The version id of the file ``filename`` in the release form."""
    import re

    return re.search(r'name="versi" value="(\d+)"[^>]*>\s*<label[^>]*>' + re.escape(filename) + "<", html).group(1)


def _kinds(found, where: str = "") -> list[str]:
    return [t.jenis for t in found if where in t.tempat]


def test_a_spreadsheet_with_a_hidden_sheet_of_niks_is_caught():
    found = periksa("ikm.xlsx", XLSX, _xlsx())
    assert "tersembunyi" in _kinds(found, "Rinci")
    niks = [t for t in found if t.jenis == "nik"]
    assert len(niks) == 2 and all("Rinci" in t.tempat and "(tersembunyi)" in t.tempat for t in niks)
    assert {t.contoh for t in niks} == {"6402**********02", "6402**********05"}  # masked, never whole
    assert periksa("ikm.xlsx", XLSX, _xlsx(hidden_nik=False)) == []


def test_a_hidden_column_and_a_comment_are_findings():
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    sheet = book.active
    sheet.append(["Usaha", "Pemilik HP"])
    sheet.append(["Rotan Jaya", "0812-5512-3344"])
    sheet.column_dimensions["B"].hidden = True
    sheet["A2"].comment = Comment("tanya ke budi@contoh.id", "Staf")
    out = io.BytesIO()
    book.save(out)
    found = periksa("usaha.xlsx", XLSX, out.getvalue())
    assert "tersembunyi" in _kinds(found, "kolom B")
    assert [t.jenis for t in found if "B2" in t.tempat] == ["telepon"]
    assert "email" in _kinds(found, "komentar") and "metadata" in _kinds(found, "A2")


def _docx(text: str) -> bytes:
    doc = io.BytesIO()
    with zipfile.ZipFile(doc, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                   f'2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    return doc.getvalue()


def test_docx_csv_and_a_compressed_pdf_are_read():
    assert _kinds(periksa("surat.docx", "", _docx("Pemilik: 6402011203790005"))) == ["nik"]
    assert _kinds(periksa("daftar.csv", "text/csv", b"nama;email\nAni;ani.s@mail.co.id\n")) == ["email"]
    stream = zlib.compress(b"BT /F1 12 Tf 10 50 Td (NIP 19800101 200501 1 003) Tj ET")
    pdf = b"%PDF-1.4\n4 0 obj<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>stream\n" + stream + \
        b"\nendstream\nendobj\ntrailer<<>>\n%%EOF\n"
    assert _kinds(periksa("sk.pdf", "application/pdf", pdf)) == ["nip"]
    assert periksa("data.pdf", "application/pdf", PDF) == []  # text, and nothing personal in it
    scanned = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert _kinds(periksa("pindai.pdf", "application/pdf", scanned)) == ["tidak_terbaca"]


@pytest.fixture
async def orang(make_user):
    return {"petugas": await make_user(roles=[("petugas_ppid", "umum")], unit="umum"),
            "pengelola": await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum"),
            "kabid": await make_user(roles=[("kepala_bidang", "industri")], unit="industri")}


async def _tugas(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] in ("terbuka", "menunggu"))


async def _post(c, case_id, task, what, data=None, files=None):
    page = await c.get(f"/tasks/{task['id']}")
    return await c.post(f"/ppid/permohonan/{case_id}/tugas/{task['id']}/{what}",
                        data={**(data or {}), "_csrf_token": csrf_from(page.text)}, files=files,
                        follow_redirects=False)


async def test_the_desk_sees_the_findings_and_must_confirm_or_replace(app, demo, login, orang):
    async with pemohon(app) as c:
        sent = await ajukan(c)
    row = await Permohonan.select().where(Permohonan.nomor == reference_from(sent.text)).first()
    case_id = row["case_id"]
    await act((await _tugas(case_id, "periksa"))["id"], "lengkap", user=await orang["petugas"].current())
    await act((await _tugas(case_id, "putus"))["id"], "disposisi", user=await orang["pengelola"].current(),
              recipients=[{"unit_id": demo["industri"]}])
    kabid = await login(orang["kabid"])
    r = await _post(kabid, case_id, await _tugas(case_id, "olah"), "bahan",
                    files=[("berkas", ("ikm-rotan.xlsx", _xlsx(), XLSX))])
    assert r.status_code == 303, r.text[:300]
    pengelola = await login(orang["pengelola"])
    serah = await _tugas(case_id, "serahkan")
    page = await pengelola.get(f"/tasks/{serah['id']}")
    version = _versi(page.text, "ikm-rotan.xlsx")
    assert f'data-testid="temuan-{version}"' in page.text and "lembar tersembunyi" in page.text
    assert "6402**********02" in page.text and "6402014405870002" not in page.text
    # Not confirmed: refused, with the message and the message to the requester kept.
    r = await _post(pengelola, case_id, serah, "serahkan", {"versi": version, "pesan": "Data terlampir ya."})
    assert r.status_code == 400 and "ikm-rotan.xlsx" in r.text and "Data terlampir ya." in r.text
    r = await _post(pengelola, case_id, serah, "serahkan", {"versi": version, "pesan": "Data terlampir ya.",
                                                            "konfirmasi": version})
    assert r.status_code == 400 and "alasan" in r.text.lower()
    assert (await get_case(case_id))["state"] == "berjalan"
    # Replaced by a clean copy: the copy becomes the file's next version, is checked, found clean, and
    # released without confirmation; the original is no longer offered.
    [dokumen] = [d for d in await list_documents("case", case_id) if d["current"]["filename"] == "ikm-rotan.xlsx"]
    assert f'<option value="{dokumen["id"]}" selected>ikm-rotan.xlsx' in page.text
    bersih = ("berkas", ("ikm-rotan-bersih.xlsx", _xlsx(hidden_nik=False), XLSX))
    r = await _post(pengelola, case_id, serah, "ganti", files=[bersih])
    assert r.status_code == 400 and "Pilih berkas yang akan diganti." in r.text
    r = await _post(pengelola, case_id, serah, "ganti", {"dokumen": str(dokumen["id"])}, files=[bersih])
    assert r.status_code == 303
    page = await pengelola.get(f"/tasks/{serah['id']}")
    clean = _versi(page.text, "ikm-rotan-bersih.xlsx")
    assert f'data-testid="bersih-{clean}"' in page.text and f'name="versi" value="{version}"' not in page.text
    [dokumen] = [d for d in await list_documents("case", case_id) if d["id"] == dokumen["id"]]
    assert [v["filename"] for v in dokumen["versions"]] == ["ikm-rotan-bersih.xlsx", "ikm-rotan.xlsx"]
    r = await _post(pengelola, case_id, serah, "serahkan", {"versi": clean, "pesan": "Data terlampir."})
    assert r.status_code == 303, r.text[:500]
    assert (await get_case(case_id))["state"] == "selesai"
    kept = {p["nama_berkas"]: p for p in await Pemeriksaan.select().where(Pemeriksaan.case_id == case_id)}
    assert kept["ikm-rotan.xlsx"]["jumlah"] == 3 and kept["ikm-rotan-bersih.xlsx"]["jumlah"] == 0
    assert kept["ikm-rotan.xlsx"]["dikonfirmasi_oleh"] is None


async def test_a_confirmed_file_is_released_with_who_and_why_kept(app, demo, login, orang):
    async with pemohon(app) as c:
        sent = await ajukan(c, {**ISIAN, "rincian": "Daftar peserta pelatihan rotan"})
    case_id = (await Permohonan.select().where(Permohonan.nomor == reference_from(sent.text)).first())["case_id"]
    await act((await _tugas(case_id, "periksa"))["id"], "lengkap", user=await orang["petugas"].current())
    await act((await _tugas(case_id, "putus"))["id"], "disposisi", user=await orang["pengelola"].current(),
              recipients=[{"unit_id": demo["industri"]}])
    kabid = await login(orang["kabid"])
    await _post(kabid, case_id, await _tugas(case_id, "olah"), "bahan",
                files=[("berkas", ("peserta.docx", _docx("Ani, telepon 0812 5512 3344"), DOCX))])
    pengelola = await login(orang["pengelola"])
    serah = await _tugas(case_id, "serahkan")
    page = await pengelola.get(f"/tasks/{serah['id']}")
    version = _versi(page.text, "peserta.docx")
    r = await _post(pengelola, case_id, serah, "serahkan", {
        "versi": version, "pesan": "Terlampir.", "konfirmasi": version,
        "alasan": "Nomor telepon kantor sentra IKM, bukan milik pribadi."})
    assert r.status_code == 303, r.text[:500]
    check = await Pemeriksaan.select().where(Pemeriksaan.version_id == int(version)).first()
    assert check["jumlah"] == 1 and check["dikonfirmasi_oleh"] == orang["pengelola"].id
    assert check["alasan"].startswith("Nomor telepon kantor")
