"""The letter and the lembar disposisi as official documents of the core's facility: the agency's
letterhead, the number and the signer printed, each version kept among the letter's documents,
and the verification page confirming the SHA-256 of the file kept."""

from __future__ import annotations

import hashlib
import secrets

from balai.api import list_documents, open_download
from balai_persuratan.kamus import DOK_KELUAR, DOK_MASUK
from balai_persuratan.tables import SuratKeluar, SuratMasuk

from balai.officialdocs import letterhead as lh
from balai.settings import service as settings
from balai.testing import csrf_from
from tests.pdftext import extract_text
from tests.workflow_support import open_tasks

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AGENCY = "Dinas Perindustrian, Perdagangan, Koperasi dan UKM Uji"
KADIS = "Heni Purwaningsih, S.Si., M.Si."


async def act(c, task_id: int, action: str, **data):
    page = await c.get(f"/tasks/{task_id}")
    return await c.post(f"/tasks/{task_id}/act", data={"action": action, "_csrf_token": csrf_from(page.text), **data},
                        follow_redirects=False)


async def only(case_id: int, step: str) -> dict:
    tasks = [t for t in await open_tasks(case_id) if t["step"] == step]
    assert len(tasks) == 1, [t["step"] for t in await open_tasks(case_id)]
    return tasks[0]


async def set_letterhead() -> dict:
    before = await settings.read([lh.LETTERHEAD, lh.SIGNATURES])
    await settings.write(lh.LETTERHEAD, {"government": "Pemerintah Provinsi Kalimantan Timur", "agency": AGENCY,
                                         "address": "Jalan Basuki Rahmat Nomor 55, Samarinda", "city": "Samarinda",
                                         "public_url": "https://balai.uji.go.id", "paper": "F4"})
    await settings.write(lh.SIGNATURES, [{"code": "kepala_dinas", "title": "Kepala Dinas", "name": KADIS,
                                          "pangkat": "Pembina Utama Muda", "nip": "19730314 199803 2 009"}])
    return before


async def restore(before: dict) -> None:
    await settings.write(lh.LETTERHEAD, before.get(lh.LETTERHEAD, {}))
    await settings.write(lh.SIGNATURES, before.get(lh.SIGNATURES, []))


def text_of(pdf: bytes) -> str:
    return " ".join(extract_text(pdf))


async def test_outgoing_letter_prints_with_the_letterhead_number_and_signer(app, demo, login, client):
    """Compressed PDFs are read back by rendering the same letter uncompressed: the stored file is
    what the verification page vouches for, so its bytes are compared by SHA-256."""
    before = await set_letterhead()
    try:
        staf = await login("demo.staf")
        page = await staf.get("/persuratan/keluar/baru?jenis=undangan")
        r = await staf.post("/persuratan/keluar/baru", data={
            "jenis": "undangan", "tujuan": "Bupati Kutai Kartanegara", "perihal": "Undangan rapat sentra IKM",
            "sifat": "penting", "urgensi": "biasa", "lampiran": "2", "isi": "Dengan hormat,\n\nMengharap kehadiran.",
            "ajukan": "1", "_csrf_token": csrf_from(page.text)}, follow_redirects=False)
        surat_id = int(r.headers["location"].rsplit("/", 1)[1])
        case_id = (await SuratKeluar.select(SuratKeluar.case_id).where(SuratKeluar.id == surat_id).first())["case_id"]

        draft = await staf.get(f"/persuratan/keluar/{surat_id}/surat.pdf")
        assert draft.status_code == 200 and draft.content.startswith(b"%PDF-")
        assert "konsep-surat" in draft.headers["content-disposition"]
        assert await list_documents(DOK_KELUAR, surat_id) == []  # a draft is not kept

        for who, step, action in (("demo.kepala-bidang", "periksa_kabid", "setuju"),
                                  ("demo.sekretaris", "periksa_sekretaris", "setuju"),
                                  ("demo.kepala-dinas", "tanda_tangan", "tanda_tangan")):
            assert (await act(await login(who), (await only(case_id, step))["id"], action)).status_code == 303
        task = await only(case_id, "terima_ttd")
        page = await staf.get(f"/tasks/{task['id']}")
        await staf.post(f"/persuratan/keluar/{surat_id}/scan-ttd", data={"_csrf_token": csrf_from(page.text)},
                        files=[("scan", ("ttd.pdf", PDF, "application/pdf"))])
        assert (await act(staf, task["id"], "serahkan")).status_code == 303
        clerk = await login("demo.pengelola-surat-umum")
        task = await only(case_id, "penomoran")
        unit = f"Sek.Um{secrets.token_hex(2)}"
        page = await clerk.get(f"/tasks/{task['id']}")
        await clerk.post(f"/persuratan/keluar/{surat_id}/penomoran", data={
            "klasifikasi": "000.1.4", "kode_unit": unit, "tanggal": "2026-06-02", "lengkap": "1",
            "_csrf_token": csrf_from(page.text)}, files=[("scan", ("lengkap.pdf", PDF, "application/pdf"))])
        assert (await act(clerk, task["id"], "nomori")).status_code == 303
        surat = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
        assert surat["nomor"] == f"000.1.4/1/{unit}/DP2KUKM/2026"

        # Numbering kept the letter among its documents, with the letterhead, number and signer.
        kept = [d for d in await list_documents(DOK_KELUAR, surat_id) if d["current"]["filename"].startswith("surat-")]
        assert len(kept) == 1
        stored = await (await open_download(kept[0]["current"]["id"])).read()
        pdf = await staf.get(f"/persuratan/keluar/{surat_id}/surat.pdf")
        assert pdf.status_code == 200 and pdf.content == stored
        sha = hashlib.sha256(stored).hexdigest()
        assert kept[0]["current"]["sha256"] == sha

        from balai.api import issued_for
        from balai_persuratan import naskah

        issued = [d for d in await issued_for(DOK_KELUAR, surat_id) if d["template"] == naskah.SURAT_KELUAR]
        assert len(issued) == 1 and issued[0]["number"] == surat["nomor"] and issued[0]["sha256"] == sha
        surat["isi"] = {"isi": "Dengan hormat,\n\nMengharap kehadiran.", "isian": {}}
        plain = await naskah.render_document(naskah.SURAT_KELUAR, await naskah._isi_surat(surat), number=surat["nomor"],
                                             signer=await naskah.penanda_tangan(surat), compress=False)
        text = text_of(plain)
        for expected in (AGENCY.upper(), "PEMERINTAH PROVINSI KALIMANTAN TIMUR", surat["nomor"], "Samarinda, 2 Juni 2026",
                         "Penting", "2 (dua) berkas", "Undangan rapat sentra IKM", "Yth. Bupati Kutai Kartanegara",
                         "Kepala Dinas,", KADIS, "NIP. 19730314 199803 2 009"):
            assert expected in text, expected

        check = await client.get(f"/verify/{issued[0]['code']}")
        assert check.status_code == 200 and sha in check.text and surat["nomor"] in check.text and KADIS in check.text
    finally:
        await restore(before)


async def test_lembar_disposisi_is_kept_and_versioned_when_the_chain_grows(app, demo, login, form, register):
    before = await set_letterhead()
    try:
        clerk = await login("demo.pengelola-surat-umum")
        nomor = f"UJI/{secrets.token_hex(3)}"
        assert (await register(clerk, form(nomor_surat=nomor))).status_code == 303
        surat = await SuratMasuk.select().where(SuratMasuk.nomor_surat == nomor).first()
        url = f"/persuratan/masuk/{surat['id']}/lembar-disposisi.pdf"
        first = await clerk.get(url)
        assert first.status_code == 200 and first.content.startswith(b"%PDF-")
        assert (await clerk.get(url)).content == first.content  # asked again, the same file
        sheets = [d for d in await list_documents(DOK_MASUK, surat["id"]) if d["title"].startswith("Lembar disposisi")]
        assert len(sheets) == 1 and len(sheets[0]["versions"]) == 1

        kasubag = await login("demo.kasubag-umum")
        assert (await act(kasubag, (await only(surat["case_id"], "verifikasi"))["id"], "paraf")).status_code == 303
        second = await clerk.get(url)
        assert second.content != first.content
        sheets = [d for d in await list_documents(DOK_MASUK, surat["id"]) if d["title"].startswith("Lembar disposisi")]
        assert len(sheets) == 1 and [v["number"] for v in sheets[0]["versions"]] == [2, 1]
        assert hashlib.sha256(second.content).hexdigest() == sheets[0]["current"]["sha256"]
    finally:
        await restore(before)

