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
