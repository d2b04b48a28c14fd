"""The personal document archive: typed, dated, versioned documents in the core store; what leave, KGB
and KP proposals pick from (dokumen_pegawai); who may read and who may add."""

from __future__ import annotations


import pytest

from balai_kepegawaian import arsip, pegawai as pg

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(label: str) -> bytes:
    return PDF.replace(b"endobj", f"endobj\n% {label}".encode(), 1)






async def test_one_of_a_kind_documents_get_versions_and_skp_one_per_year(pengelola, make_user, demo, orang):
    a = await orang("keuangan", "Dimas Saputra")
    user = await pengelola.current()
    first = await arsip.simpan(user, a.pegawai_id, {"jenis": "ktp", "nomor": "6472011403850003"}, pdf("ktp 1"), "ktp.pdf")
    again = await arsip.simpan(user, a.pegawai_id, {"jenis": "ktp"}, pdf("ktp 2"), "ktp-baru.pdf")
    assert again["id"] == first["id"] and again["versi"] == 2 and again["filename"] == "ktp-baru.pdf"
    assert again["nomor"] == "6472011403850003"  # kept when the new scan gives none
    assert [v["number"] for v in again["versions"]] == [2, 1]
    s24 = await arsip.simpan(user, a.pegawai_id, {"jenis": "skp", "tahun": "2024", "tanggal": "2025-01-15"},
                             pdf("skp 2024"), "skp-2024.pdf")
    s25 = await arsip.simpan(user, a.pegawai_id, {"jenis": "skp", "tahun": "2025"}, pdf("skp 2025"), "skp-2025.pdf")
    s25b = await arsip.simpan(user, a.pegawai_id, {"jenis": "skp", "tahun": "2025"}, pdf("skp 2025 b"), "skp-2025b.pdf")
    assert s24["id"] != s25["id"] and s25b["id"] == s25["id"] and s25b["versi"] == 2
    sk1 = await arsip.simpan(user, a.pegawai_id, {"jenis": "sk_pangkat", "nomor": "823/1/BKD/2021",
                                                  "tanggal": "2021-03-15"}, pdf("sk 1"), "sk1.pdf")
    sk2 = await arsip.simpan(user, a.pegawai_id, {"jenis": "sk_pangkat", "nomor": "823/2/BKD/2025",
                                                  "tanggal": "2025-03-15"}, pdf("sk 2"), "sk2.pdf")
    assert sk1["id"] != sk2["id"]  # one SK per promotion

    # What a proposal picks from: by kind, newest first; several kinds at once in the catalogue's order.
    assert [d["tahun"] for d in await arsip.dokumen_pegawai(a.pegawai_id, "skp")] == [2025, 2024]
    assert [d["nomor"] for d in await arsip.dokumen_pegawai(a.pegawai_id, "sk_pangkat")] == [
        "823/2/BKD/2025", "823/1/BKD/2021"]
    picked = await arsip.dokumen_pegawai(a.pegawai_id, ("ktp", "sk_pangkat"))
    assert [d["jenis"] for d in picked] == ["sk_pangkat", "sk_pangkat", "ktp"]
    assert all(d["version_id"] and d["filename"] for d in picked)
    assert len(await arsip.dokumen_pegawai(a.pegawai_id)) == 5

    # The store holds them as the person's, of the declared kinds.
    from balai.api import get_document

    document = await get_document(first["document_id"])
    assert (document["owner_type"], document["owner_id"], document["kind"]) == (
        "kepegawaian_pegawai", a.pegawai_id, "kepegawaian.ktp")


async def test_refused_uploads_store_nothing(pengelola, make_user, demo, orang):
    a = await orang("program", "Wulan Sari")
    user = await pengelola.current()
    with pytest.raises(pg.Ditolak) as refused:
        await arsip.simpan(user, a.pegawai_id, {"jenis": "skp"}, pdf("skp"), "skp.pdf")
    assert "tahun" in refused.value.errors
    with pytest.raises(pg.Ditolak) as refused:
        await arsip.simpan(user, a.pegawai_id, {"jenis": "ijazah"}, b"<html>bukan pdf</html>", "ijazah.pdf")
    assert "berkas" in refused.value.errors
    with pytest.raises(pg.Ditolak) as refused:
        await arsip.simpan(user, a.pegawai_id, {"jenis": "paspor"}, pdf("x"), "x.pdf")
    assert "jenis" in refused.value.errors
    from balai.api import list_documents

    assert await arsip.dokumen_pegawai(a.pegawai_id) == []
    assert await list_documents("kepegawaian_pegawai", a.pegawai_id) == []


async def test_who_reads_and_who_adds(login, pengelola, make_user, demo, orang):
    a = await orang("koperasi", "Teguh Prasetyo")
    b = await orang("koperasi", "Indah Permata")
    kelola = await login(pengelola)
    page = await kelola.get(f"/kepegawaian/pegawai/{a.pegawai_id}/arsip")
    assert page.status_code == 200
    r = await kelola.post(f"/kepegawaian/pegawai/{a.pegawai_id}/arsip", data={"jenis": "kk", "nomor": "6472010101010001"},
                          files={"berkas": ("kk.pdf", pdf("kk"), "application/pdf")}, follow_redirects=False)
    assert r.status_code == 303, r.text
    kk = (await arsip.dokumen_pegawai(a.pegawai_id, "kk"))[0]
    r = await kelola.post(f"/kepegawaian/pegawai/{a.pegawai_id}/arsip", data={"jenis": "skp"},
                          files={"berkas": ("skp.pdf", pdf("skp"), "application/pdf")})
    assert r.status_code == 400 and 'data-testid="error-tahun"' in r.text

    own = await login(a)
    file_page = await own.get("/kepegawaian/saya")
    assert f"/documents/{kk['version_id']}/download" in file_page.text
    download = await own.get(f"/documents/{kk['version_id']}/download")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    # The employee reads their archive but does not add to it, neither here nor through the core's upload.
    assert (await own.get(f"/kepegawaian/pegawai/{a.pegawai_id}/arsip")).status_code == 403
    core_upload = await own.post("/api/core/documents", data={"owner_type": "kepegawaian_pegawai", "owner_id": str(a.pegawai_id)},
                                 files={"file": ("x.pdf", pdf("x"), "application/pdf")})
    assert core_upload.status_code == 403
    listed = await own.get(f"/api/kepegawaian/pegawai/{a.pegawai_id}/dokumen", params={"jenis": "kk"})
    assert [d["nomor"] for d in listed.json()["dokumen"]] == ["6472010101010001"]

    other = await login(b)  # a colleague in the same unit
    assert (await other.get(f"/documents/{kk['version_id']}/download")).status_code in (403, 404)
    assert (await other.get(f"/documents/{kk['document_id']}")).status_code in (403, 404)

    officer = await login("demo.pejabat-pdp")
    log = (await officer.get("/api/core/personal-data/log",
                             params={"record": f"kepegawaian_pegawai:{a.pegawai_id}", "action": "unduh"})).json()
    assert [(e["actor_name"], e["kind"]) for e in log["entries"]] == [(a.username, "kepegawaian.pegawai")]


async def test_the_employee_files_their_own_doctors_letter_and_sick_leave_uses_it(dinas_cuti, login):
    """Upload once, reuse: the employee adds a doctor's letter to their own archive (not an SK: those
    are the Pengelola's), then picks it on the leave form instead of typing its number again."""
    from balai.testing import csrf_from
    from balai_kepegawaian.tables import ArsipPegawai, Cuti

    org = await dinas_cuti()
    c = await login(org.people["staf"])
    form = await c.get("/kepegawaian/saya/arsip?jenis=surat_dokter")
    assert form.status_code == 200 and 'value="sk_pangkat"' not in form.text and 'value="surat_dokter"' in form.text
    refused = await c.post("/kepegawaian/saya/arsip", data={"_csrf_token": csrf_from(form.text), "jenis": "sk_pangkat",
                                                            "nomor": "800/1/BKD"},
                           files=[("berkas", ("sk.pdf", PDF, "application/pdf"))])
    assert refused.status_code == 403 and "Pengelola Kepegawaian" in refused.text
    saved = await c.post("/kepegawaian/saya/arsip", data={"_csrf_token": csrf_from(form.text), "jenis": "surat_dokter",
                                                          "nomor": "445/77/RSUD-AWS"},
                         files=[("berkas", ("dokter.pdf", PDF, "application/pdf"))], follow_redirects=False)
    assert saved.status_code == 303, saved.text
    entry = await ArsipPegawai.select().where((ArsipPegawai.pegawai == org.pegawai["staf"])
                                              & (ArsipPegawai.jenis == "surat_dokter")).first()
    page = await c.get("/kepegawaian/cuti/ajukan")
    r = await c.post("/kepegawaian/cuti/ajukan", data={
        "_csrf_token": csrf_from(page.text), "jenis": "sakit", "mulai": "2027-08-18", "selesai": "2027-08-20",
        "alasan": "Demam berdarah", "alamat_cuti": "Samarinda", "telepon_cuti": "0812 1", "dokumen": str(entry["id"])},
        follow_redirects=False)
    assert r.status_code == 303, r.text
    row = await Cuti.select().where(Cuti.pegawai == org.pegawai["staf"]).output(load_json=True).first()
    assert row["keterangan"]["surat_dokter"] == "445/77/RSUD-AWS" and row["dokumen"] == [entry["id"]]
    # Someone else's archive is not theirs to add to.
    other = await login(org.people["rekan"])
    assert (await other.get(f"/kepegawaian/pegawai/{org.pegawai['staf']}/arsip")).status_code == 403
