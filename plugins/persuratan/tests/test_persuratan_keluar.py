"""SOP 16 end to end: draft from a template, perbaiki round trip with every version kept and
compared, signature, numbering from the agency's template with the complete scan, delivery
receipt, archive. And the numbering counters under concurrency."""

from __future__ import annotations

import asyncio
import re
import secrets
from datetime import date, datetime, timezone

from balai.api import get_case
from balai_persuratan import kait, penomoran
from balai_persuratan.tables import KonsepVersi, SuratKeluar

from balai.testing import csrf_from
from tests.workflow_support import open_tasks

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\0" * 64 + b"\xff\xd9"


async def act(c, task_id: int, action: str, **data):
    page = await c.get(f"/tasks/{task_id}")
    assert page.status_code == 200, page.text
    return await c.post(f"/tasks/{task_id}/act", data={"action": action, "_csrf_token": csrf_from(page.text), **data},
                        follow_redirects=False)


async def only(case_id: int, step: str) -> dict:
    tasks = [t for t in await open_tasks(case_id) if t["step"] == step]
    assert len(tasks) == 1, [t["step"] for t in await open_tasks(case_id)]
    return tasks[0]


async def post_form(c, url: str, page_url: str, data: dict, files=None):
    page = await c.get(page_url)
    return await c.post(url, data={**data, "_csrf_token": csrf_from(page.text)},
                        files=files or [("x", ("", b"", "application/octet-stream"))], follow_redirects=False)


def test_number_template_builds_the_agency_format():
    setting = dict(penomoran.DEFAULT)
    assert penomoran.susun(setting, "067", 3325, "Sek.Um", date(2023, 5, 2)) == "067/3325/Sek.Um/DP2KUKM/2023"
    roman = {**setting, "format": "{klasifikasi}/{nomor}/{unit}/{bulan}/{tahun}"}
    assert penomoran.susun(roman, "800.1.11.1", 22, "D.PR&KP.P", date(2025, 4, 9)) == "800.1.11.1/22/D.PR&KP.P/IV/2025"
    assert penomoran.periksa_format("{klasifikasi}/{tahun}", ["tahun"])["format"] == "Format nomor harus memuat {nomor}."
    assert "tidak dikenal" in penomoran.periksa_format("{nomor}/{kota}", ["tahun"])["format"]


async def test_parallel_numbering_never_repeats_or_skips(app, demo):
    unit = f"Uji{secrets.token_hex(3)}"
    letters = []
    for i in range(20):
        rows = await SuratKeluar.insert(SuratKeluar(
            jenis="surat_biasa", tahun=2026, unit_id=demo["umum"], perihal=f"Uji paralel {i}", klasifikasi="000.1",
            isi={"penomoran": {"kode_unit": unit, "tanggal": "2026-03-02"}},
        )).returning(*SuratKeluar.all_columns())
        letters.append({**rows[0], "isi": {"penomoran": {"kode_unit": unit, "tanggal": "2026-03-02"}}})
    now = datetime.now(timezone.utc)
    numbers = await asyncio.gather(*(kait.beri_nomor(s, "Uji", now) for s in letters))
    assert sorted(numbers, key=lambda n: int(n.split("/")[1])) == [
        f"000.1/{i}/{unit}/DP2KUKM/2026" for i in range(1, 21)]

    # A numbering whose transaction fails gives its serial back: the next letter gets 21, not 22.
    try:
        async with penomoran.transaksi():
            await penomoran.beri_nomor("000.1", unit, date(2026, 3, 3))
            raise RuntimeError("gagal di tengah jalan")
    except RuntimeError:
        pass
    async with penomoran.transaksi():
        serial, nomor = await penomoran.beri_nomor("000.1", unit, date(2026, 3, 3))
    assert (serial, nomor) == (21, f"000.1/21/{unit}/DP2KUKM/2026")
    # Another classification has its own counter.
    async with penomoran.transaksi():
        assert (await penomoran.beri_nomor("000.2", unit, date(2026, 3, 3)))[0] == 1


async def test_sop16_perbaiki_round_trip_numbering_and_dispatch(app, demo, login):
    staf = await login("demo.staf")
    page = await staf.get("/persuratan/keluar/baru?jenis=undangan")
    assert page.status_code == 200 and 'name="hari_tanggal"' in page.text and "Mengharap kehadiran" in page.text
    refused = await staf.post("/persuratan/keluar/baru", data={"jenis": "undangan", "tujuan": "", "perihal": "",
                                                                "isi": "Isi tetap ada", "_csrf_token": csrf_from(page.text)})
    assert refused.status_code == 400 and "Tujuan surat wajib diisi." in refused.text and "Isi tetap ada" in refused.text
    body = "Mengharap kehadiran Bapak/Ibu pada rapat koordinasi IKM pukul 09.00 WITA."
    r = await staf.post("/persuratan/keluar/baru", data={
        "jenis": "undangan", "tujuan": "Para Kepala Dinas Kabupaten/Kota", "perihal": "Undangan rapat koordinasi IKM",
        "sifat": "biasa", "urgensi": "segera", "lampiran": "1", "hari_tanggal": "2026-12-10", "waktu": "09.00 WITA",
        "tempat": "Aula DP2KUKM", "acara": "Rapat koordinasi", "isi": body, "ajukan": "1",
        "_csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    surat_id = int(r.headers["location"].rsplit("/", 1)[1])
    surat = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
    case_id = surat["case_id"]

    kabid = await login("demo.kepala-bidang")
    task = await only(case_id, "periksa_kabid")
    panel = await kabid.get(f"/persuratan/panel/{case_id}/{task['id']}")
    assert "rapat koordinasi IKM pukul 09.00 WITA" in panel.text
    no_note = await act(kabid, task["id"], "perbaiki")
    assert no_note.status_code == 400 and "Catatan wajib diisi" in no_note.text
    assert (await act(kabid, task["id"], "perbaiki", note="Jam rapat diganti 13.00 WITA")).status_code == 303

    task = await only(case_id, "konsep")
    letter_page = await staf.get(f"/persuratan/keluar/{surat_id}")
    assert "Jam rapat diganti 13.00 WITA" in letter_page.text and 'data-testid="ubah-konsep"' in letter_page.text
    edit = await staf.get(f"/persuratan/keluar/{surat_id}/ubah")
    assert edit.status_code == 200 and "pukul 09.00 WITA" in edit.text
    # The correction page shows what the reviewer asked for, beside the draft (issue 22 item 9).
    notes = edit.text.split('data-testid="catatan-perbaikan"', 1)[1].split("</div>", 1)[0]
    assert "Jam rapat diganti 13.00 WITA" in notes
    # and the open task is named by its step, not its code
    assert "1. " in letter_page.text.split("Sedang di langkah", 1)[1][:300] and ">konsep<" not in letter_page.text
    r = await staf.post(f"/persuratan/keluar/{surat_id}/ubah", data={
        "jenis": "undangan", "tujuan": "Para Kepala Dinas Kabupaten/Kota", "perihal": "Undangan rapat koordinasi IKM",
        "sifat": "biasa", "urgensi": "segera", "lampiran": "1", "hari_tanggal": "2026-12-10", "waktu": "13.00 WITA",
        "tempat": "Aula DP2KUKM", "acara": "Rapat koordinasi", "isi": body.replace("09.00", "13.00"),
        "catatan": "Jam disesuaikan", "ajukan": "1", "_csrf_token": csrf_from(edit.text)}, follow_redirects=False)
    assert r.status_code == 303
    versions = await KonsepVersi.select().where(KonsepVersi.surat_keluar == surat_id).order_by(KonsepVersi.nomor)
    assert [v["nomor"] for v in versions] == [1, 2] and "09.00" in versions[0]["teks"] and "13.00" in versions[1]["teks"]
    diff = await kabid.get(f"/persuratan/keluar/{surat_id}/banding?a=1&b=2")
    assert diff.status_code == 200 and 'diff_chg">09<' in diff.text and 'diff_chg">13<' in diff.text
    # Only the drafter on the konsep step may write a new version.
    assert (await kabid.get(f"/persuratan/keluar/{surat_id}/ubah")).status_code == 403

    assert (await act(kabid, (await only(case_id, "periksa_kabid"))["id"], "setuju")).status_code == 303
    sekretaris = await login("demo.sekretaris")
    assert (await act(sekretaris, (await only(case_id, "periksa_sekretaris"))["id"], "setuju")).status_code == 303
    kadis = await login("demo.kepala-dinas")
    assert (await act(kadis, (await only(case_id, "tanda_tangan"))["id"], "tanda_tangan")).status_code == 303
    signed = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
    assert signed["status"] == "ditandatangani" and signed["ditandatangani_pada"] and signed["ditandatangani_nama"]

    task = await only(case_id, "terima_ttd")
    # What the step needs is on the task page before anyone presses the button (issue 22 item 9).
    page = await staf.get(f"/tasks/{task['id']}")
    assert 'data-testid="syarat-langkah"' in page.text
    assert re.search(r'data-terpenuhi="belum"><span aria-hidden="true">○</span> Unggah scan surat yang telah ditandatangani',
                     page.text)
    refused = await act(staf, task["id"], "serahkan")
    assert refused.status_code == 400 and "scan surat yang telah ditandatangani" in refused.text
    r = await post_form(staf, f"/persuratan/keluar/{surat_id}/scan-ttd", f"/tasks/{task['id']}",
                        {"next": f"/tasks/{task['id']}"}, [("scan", ("ttd.pdf", PDF, "application/pdf"))])
    assert r.status_code == 303
    assert 'data-terpenuhi="ya"' in (await staf.get(f"/tasks/{task['id']}")).text
    assert (await act(staf, task["id"], "serahkan")).status_code == 303

    clerk = await login("demo.pengelola-surat-umum")
    task = await only(case_id, "penomoran")
    page = (await clerk.get(f"/tasks/{task['id']}")).text
    assert 'data-terpenuhi="belum"' in page and "beserta seluruh lampirannya" in page
    refused = await act(clerk, task["id"], "nomori")
    assert refused.status_code == 400 and "beserta seluruh lampirannya" in refused.text
    unit = f"Sek.Um{secrets.token_hex(2)}"
    # The scan without the statement that it holds every attachment is not accepted.
    r = await post_form(clerk, f"/persuratan/keluar/{surat_id}/penomoran", f"/tasks/{task['id']}",
                        {"klasifikasi": "000.1.4", "kode_unit": unit, "tanggal": "2026-12-01"},
                        [("scan", ("lengkap.pdf", PDF, "application/pdf"))])
    assert (await act(clerk, task["id"], "nomori")).status_code == 400
    r = await post_form(clerk, f"/persuratan/keluar/{surat_id}/penomoran", f"/tasks/{task['id']}",
                        {"klasifikasi": "000.1.4", "kode_unit": unit, "tanggal": "2026-12-01", "lengkap": "1"},
                        [("scan", ("lengkap.pdf", PDF, "application/pdf"))])
    assert r.status_code == 303
    assert (await act(clerk, task["id"], "nomori")).status_code == 303
    numbered = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
    assert numbered["nomor"] == f"000.1.4/1/{unit}/DP2KUKM/2026" and numbered["status"] == "dinomori"

    assert (await act(staf, (await only(case_id, "serahkan_surat"))["id"], "serahkan")).status_code == 303
    caraka = await login("demo.caraka")
    task = await only(case_id, "kirim")
    refused = await act(caraka, task["id"], "terkirim")
    assert refused.status_code == 400 and "Catat tanda terima" in refused.text
    r = await post_form(caraka, f"/persuratan/keluar/{surat_id}/tanda-terima", f"/tasks/{task['id']}",
                        {"penerima": "Sdr. Rahmat (Sekretariat Dinas Kab. Kukar)", "diterima_pada": "2026-12-02T10:15"},
                        [("bukti", ("tanda-terima.jpg", JPEG, "image/jpeg"))])
    assert r.status_code == 303
    assert (await act(caraka, task["id"], "terkirim")).status_code == 303
    arsip = await login("demo.pengelola-surat-bidang")
    assert (await act(arsip, (await only(case_id, "arsip"))["id"], "arsipkan")).status_code == 303

    assert (await get_case(case_id))["state"] == "selesai"
    done = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
    assert done["status"] == "diarsipkan" and done["penerima"].startswith("Sdr. Rahmat")
    page = await staf.get(f"/persuratan/keluar/{surat_id}")
    for expected in (numbered["nomor"], "tanda-terima.jpg", "lengkap.pdf", "ttd.pdf", "Sdr. Rahmat"):
        assert expected in page.text, expected


async def test_parallel_numbering_requests_get_consecutive_serials(app, demo, login):
    """Eight letters reach the numbering step; two clerks press "Beri nomor" on all at once."""
    staf, kabid = await login("demo.staf"), await login("demo.kepala-bidang")
    sekretaris, kadis = await login("demo.sekretaris"), await login("demo.kepala-dinas")
    clerks = [await login("demo.pengelola-surat-umum"), await login("demo.pengelola-surat-umum")]
    unit = f"Par{secrets.token_hex(2)}"
    waiting = []
    for i in range(8):
        page = await staf.get("/persuratan/keluar/baru")
        r = await staf.post("/persuratan/keluar/baru", data={
            "jenis": "surat_biasa", "tujuan": "Yth. Bupati", "perihal": f"Surat paralel {unit} {i}", "sifat": "biasa",
            "urgensi": "biasa", "lampiran": "0", "isi": "Isi surat.", "ajukan": "1",
            "_csrf_token": csrf_from(page.text)}, follow_redirects=False)
        surat_id = int(r.headers["location"].rsplit("/", 1)[1])
        case_id = (await SuratKeluar.select(SuratKeluar.case_id).where(SuratKeluar.id == surat_id).first())["case_id"]
        for c, step, action in ((kabid, "periksa_kabid", "setuju"), (sekretaris, "periksa_sekretaris", "setuju"),
                                (kadis, "tanda_tangan", "tanda_tangan")):
            assert (await act(c, (await only(case_id, step))["id"], action)).status_code == 303
        task = await only(case_id, "terima_ttd")
        await post_form(staf, f"/persuratan/keluar/{surat_id}/scan-ttd", f"/tasks/{task['id']}", {},
                        [("scan", ("ttd.pdf", PDF, "application/pdf"))])
        assert (await act(staf, task["id"], "serahkan")).status_code == 303
        task = await only(case_id, "penomoran")
        r = await post_form(clerks[0], f"/persuratan/keluar/{surat_id}/penomoran", f"/tasks/{task['id']}",
                            {"klasifikasi": "000.1.2", "kode_unit": unit, "tanggal": "2026-06-01", "lengkap": "1"},
                            [("scan", ("lengkap.pdf", PDF, "application/pdf"))])
        assert r.status_code == 303
        waiting.append((surat_id, task["id"]))

    tokens = [csrf_from((await c.get(f"/tasks/{waiting[0][1]}")).text) for c in clerks]

    async def press(i: int, task_id: int):
        return await clerks[i % 2].post(f"/tasks/{task_id}/act", data={"action": "nomori", "_csrf_token": tokens[i % 2]},
                                        follow_redirects=False)

    results = await asyncio.gather(*(press(i, task_id) for i, (_s, task_id) in enumerate(waiting)))
    assert [r.status_code for r in results] == [303] * 8
    rows = await SuratKeluar.select(SuratKeluar.nomor, SuratKeluar.nomor_urut).where(
        SuratKeluar.id.is_in([s for s, _t in waiting]))
    assert sorted(r["nomor_urut"] for r in rows) == list(range(1, 9))
    assert {r["nomor"] for r in rows} == {f"000.1.2/{n}/{unit}/DP2KUKM/2026" for n in range(1, 9)}


def test_a_unit_without_a_code_leaves_no_empty_part_in_the_number():
    from datetime import date as day

    from balai_persuratan import penomoran

    setting = dict(penomoran.DEFAULT)
    assert penomoran.susun(setting, "800.1.11.4", 2, "", day(2026, 12, 2)) == "800.1.11.4/2/DP2KUKM/2026"
    assert penomoran.susun(setting, "000.1.4", 7, "Sek.Um", day(2026, 12, 2)) == "000.1.4/7/Sek.Um/DP2KUKM/2026"
