"""SOP 11 in a real browser: the Pengelola finds a raise that is due on the forecast page, opens it,
is refused without the gaji pokok the table lacks (and types it), the Kasubag and the Sekretaris
initial, the Kepala Dinas signs (three numbered letters), e-KGB's reference and proof are recorded,
BKN approves, and the SK is archived with the three receipts: the personnel file shows it.

The person's last KGB was TMT 1 January 2025 (III/b, MKG 10): the next is 1 January 2027, its notice
1 November 2026, so it is due on the day this runs."""

from __future__ import annotations

from datetime import date

from playwright.async_api import expect

from balai.api import case_tasks, issued_for

from balai_kepegawaian import arsip
from balai_kepegawaian.tables import ArsipPegawai, PenilaianKinerja, RiwayatKGB, Usulan

from .test_cuti_browser import PDF, sebagai, tugas


async def test_a_kgb_from_the_forecast_to_the_archived_sk_in_the_browser(browser, live_server, dinas_cuti, tmp_path):
    org = await dinas_cuti()
    p = org.people
    pid = org.pegawai["keuangan"]
    await RiwayatKGB.insert(RiwayatKGB(pegawai=pid, tmt=date(2025, 1, 1), golongan="III/b", gaji_pokok=3_500_000,
                                       mkg_tahun=10, mkg_bulan=0, nomor_sk="822.2/12/BKD"))
    await PenilaianKinerja.insert(PenilaianKinerja(pegawai=pid, tahun=2026, predikat="sangat_baik"))
    await arsip.simpan(None, pid, {"jenis": "sk_pangkat"}, PDF, "sk-pangkat.pdf")
    berkas = tmp_path / "bukti-ekgb.pdf"
    berkas.write_bytes(PDF)
    sk = tmp_path / "sk-kgb.pdf"
    sk.write_bytes(PDF)

    async with sebagai(browser, live_server, p["pengelola"]) as pengelola:
        await pengelola.goto("/kepegawaian/jadwal?bulan=3&jenis=kgb")
        row = pengelola.locator(f'tr[data-pegawai="{pid}"][data-jenis="kgb"]')
        await expect(row).to_contain_text("1 Januari 2027")
        await expect(row).to_contain_text("tidak ada di tabel gaji")
        await row.get_by_role("button", name="Buat usulan").click()
        await expect(pengelola.get_by_text("Usulan kenaikan gaji berkala dibuat")).to_be_visible()
        u = await Usulan.select().where((Usulan.pegawai == pid) & (Usulan.jenis == "kgb")).first()

        async def langkah(page, tombol: str, isi=None):
            task = await tugas(u["case_id"])
            await page.goto(f"/tasks/{task['id']}")
            panel = page.get_by_test_id("panel-usulan")
            await expect(panel).to_be_visible()
            if isi:
                await isi(panel)
            await panel.get_by_test_id(f"aksi-{tombol}").click()
            return task

        # Refused without the amount: the reason on the form, then typed.
        await langkah(pengelola, "usul")
        await expect(pengelola.get_by_test_id("galat-usulan")).to_contain_text("Gaji pokok baru tidak ada di tabel gaji")
        await pengelola.fill("#f-gaji", "4.000.000")
        await pengelola.get_by_test_id("aksi-usul").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        await langkah(pengelola, "lengkap")
        await langkah(pengelola, "ajukan", lambda panel: panel.locator("#f-pidana").check())

    for who, tombol in (("kasubag", "paraf"), ("sekretaris", "paraf"), ("kadis", "tandatangani")):
        async with sebagai(browser, live_server, p[who]) as atasan:
            task = await tugas(u["case_id"])
            await atasan.goto(f"/tasks/{task['id']}")
            await expect(atasan.get_by_test_id("konsep-usulan")).to_be_visible()
            await expect(atasan.get_by_test_id("usulan-rincian")).to_contain_text("Rp4.000.000")
            # The signature renders and issues three PDFs: more than a page's usual wait.
            await atasan.get_by_test_id(f"aksi-{tombol}").click(timeout=60_000)
            await expect(atasan.get_by_text("selesai.")).to_be_visible(timeout=60_000)
    assert len(await issued_for("case", u["case_id"])) == 3

    async with sebagai(browser, live_server, p["pengelola"]) as pengelola:
        task = await tugas(u["case_id"])
        await pengelola.goto(f"/tasks/{task['id']}")
        await expect(pengelola.get_by_test_id("terbit-usulan")).to_be_visible()  # the issued letter, numbered
        await pengelola.fill("#f-pengajuan", "EKGB-2026-0913")
        await pengelola.set_input_files("#f-bukti", str(berkas))
        await pengelola.get_by_test_id("aksi-kirim").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        task = await tugas(u["case_id"])
        await pengelola.goto(f"/tasks/{task['id']}")
        await pengelola.fill("#f-hasil", "BKN-KGB-55")
        await pengelola.get_by_test_id("aksi-disetujui").click()
        task = await tugas(u["case_id"])
        await pengelola.goto(f"/tasks/{task['id']}")
        await pengelola.set_input_files("#f-sk", str(sk))
        await pengelola.fill("#f-nomor-sk", "822.2/901/BKD")
        for kode in ("pns", "keuangan", "arsiparis"):
            await pengelola.locator(f"#terima-{kode}").check()
        await pengelola.get_by_test_id("aksi-serahkan").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        assert not [t for t in await case_tasks(u["case_id"]) if t["state"] in ("terbuka", "menunggu")]

        await pengelola.goto(f"/kepegawaian/pegawai/{pid}")
        await expect(pengelola.locator("#kgb")).to_contain_text("822.2/901/BKD")
    assert await ArsipPegawai.exists().where((ArsipPegawai.pegawai == pid) & (ArsipPegawai.jenis == "sk_kgb"))


async def test_a_promotion_through_bkns_tms_return_and_resubmission_in_the_browser(browser, live_server, dinas_cuti,
                                                                                   tmp_path):
    """SOP 14: III/b since 1 February 2023, due for the period of 1 February 2027. BKN marks the SKP
    2026 TMS; the resubmission is refused until a new version of it is in the archive."""
    from balai_kepegawaian.tables import RiwayatPangkat

    org = await dinas_cuti()
    p = org.people
    pid = org.pegawai["keuangan"]
    await RiwayatPangkat.update({RiwayatPangkat.tmt: date(2023, 2, 1)}).where(RiwayatPangkat.pegawai == pid)
    for tahun in (2025, 2026):
        await PenilaianKinerja.insert(PenilaianKinerja(pegawai=pid, tahun=tahun, predikat="baik"))
        await arsip.simpan(None, pid, {"jenis": "skp", "tahun": str(tahun)}, PDF, f"skp-{tahun}.pdf")
    await arsip.simpan(None, pid, {"jenis": "sk_pangkat"}, PDF, "sk-iiib.pdf")
    bukti = tmp_path / "keba.pdf"
    bukti.write_bytes(PDF)
    skp_baru = tmp_path / "skp-2026-ttd.pdf"
    skp_baru.write_bytes(PDF + b"%ttd")
    sk = tmp_path / "sk-iiic.pdf"
    sk.write_bytes(PDF)

    async def tugas_di(page, u):
        task = await tugas(u["case_id"])
        await page.goto(f"/tasks/{task['id']}")
        await expect(page.get_by_test_id("panel-usulan")).to_be_visible()
        return task

    async with sebagai(browser, live_server, p["pengelola"]) as pengelola:
        await pengelola.goto("/kepegawaian/jadwal?bulan=3&jenis=kp")
        row = pengelola.locator(f'tr[data-pegawai="{pid}"][data-jenis="kp"]')
        await expect(row).to_contain_text("III/c")
        await row.get_by_role("button", name="Buat usulan").click()
        u = await Usulan.select().where((Usulan.pegawai == pid) & (Usulan.jenis == "kp")).first()
        await tugas_di(pengelola, u)
        await pengelola.select_option("#f-jenis-kp", "reguler")
        await pengelola.get_by_test_id("aksi-catat").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()

    for who, tombol in (("kasubag", "valid"), ("pengelola", "lengkap"), ("sekretaris", "setuju"), ("kadis", "setuju")):
        async with sebagai(browser, live_server, p[who]) as page:
            await tugas_di(page, u)
            if who == "pengelola":
                await expect(page.get_by_test_id("checklist-kp")).to_contain_text("SKP tahun 2026")
            await page.get_by_test_id(f"aksi-{tombol}").click(timeout=60_000)
            await expect(page.get_by_text("selesai.")).to_be_visible(timeout=60_000)

    async with sebagai(browser, live_server, p["pengelola"]) as pengelola:
        await tugas_di(pengelola, u)
        await pengelola.fill("#f-pengajuan", "KEBA-2027-01")
        await pengelola.set_input_files("#f-bukti", str(bukti))
        await pengelola.get_by_test_id("aksi-kirim").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        await tugas_di(pengelola, u)
        await pengelola.locator("#tms-skp_2026").check()
        await pengelola.fill("#f-note", "SKP 2026 belum ditandatangani pejabat penilai")
        await pengelola.get_by_test_id("aksi-tms").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        # Back at the submission: refused while the TMS document has no new version.
        await tugas_di(pengelola, u)
        await expect(pengelola.get_by_test_id("checklist-kp")).to_contain_text("TMS")
        await pengelola.fill("#f-pengajuan", "KEBA-2027-02")
        await pengelola.get_by_test_id("aksi-kirim").click()
        await expect(pengelola.get_by_test_id("galat-usulan")).to_contain_text("Dokumen TMS belum dilengkapi")
        await expect(pengelola.locator("#f-pengajuan")).to_have_value("KEBA-2027-02")
        # The new SKP into the personnel archive, as a new version of its entry from the file's page.
        skp = next(e for e in await arsip.dokumen_pegawai(pid, "skp") if e["tahun"] == 2026)
        await pengelola.goto(f"/kepegawaian/pegawai/{pid}/arsip?entri={skp['id']}")
        await pengelola.set_input_files("#f-berkas", str(skp_baru))
        await pengelola.get_by_role("button", name="Unggah").click()
        await expect(pengelola.locator("#arsip")).to_contain_text("skp-2026-ttd.pdf")
        await tugas_di(pengelola, u)
        await pengelola.fill("#f-pengajuan", "KEBA-2027-02")
        await pengelola.get_by_test_id("aksi-kirim").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        await tugas_di(pengelola, u)
        await pengelola.get_by_test_id("aksi-disetujui").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        await tugas_di(pengelola, u)
        await pengelola.set_input_files("#f-sk", str(sk))
        await pengelola.fill("#f-nomor-sk", "823.3/88/BKN")
        for kode in ("pns", "keuangan", "arsiparis"):
            await pengelola.locator(f"#terima-{kode}").check()
        await pengelola.get_by_test_id("aksi-serahkan").click()
        await expect(pengelola.get_by_text("selesai.")).to_be_visible()
        await pengelola.goto(f"/kepegawaian/pegawai/{pid}")
        await expect(pengelola.locator("#pangkat")).to_contain_text("823.3/88/BKN")
