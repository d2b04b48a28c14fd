"""In a real browser: the Kepala Bidang is away on leave; an administrator appoints a Plh by letter,
the Plh finds the draft letter in the inbox, approves it, and the draft then prints "Plh."."""

from __future__ import annotations

from datetime import timedelta

from playwright.async_api import expect

from balai.api import today
from balai.testing import browser_login, csrf_from
from tests.pdftext import extract_text
from tests.standin_support import small_dinas


async def test_a_kepala_bidang_on_leave_has_a_plh_who_approves_a_draft_that_prints_plh(
        app, demo, make_user, login, browser, live_server, page):
    from balai.demo import assign
    from balai.identity.tables import Position
    from balai.workflow.tables import Case
    from balai_persuratan import naskah
    from balai_persuratan.tables import SuratKeluar

    org = await small_dinas(make_user)
    kasi = org.people["kasi"]
    drafter = await make_user(full_name="Penyusun Peramban")
    await assign(drafter.id, "staf", org.units["bidang"])
    await Position.insert(Position(name="Pelaksana", unit=org.units["bidang"], holder=drafter.id))
    c = await login(drafter)
    form = await c.get("/persuratan/keluar/baru?jenis=surat_biasa")
    sent = await c.post("/persuratan/keluar/baru", data={
        "jenis": "surat_biasa", "tujuan": "Kepala Dinas Perdagangan Kota Balikpapan", "perihal": "Data sentra IKM",
        "sifat": "biasa", "urgensi": "biasa", "lampiran": "0", "isi": "Dengan hormat,\n\nMohon data sentra IKM.",
        "ajukan": "1", "_csrf_token": csrf_from(form.text)}, follow_redirects=False)
    surat_id = int(sent.headers["location"].rsplit("/", 1)[1])
    case_id = (await SuratKeluar.select(SuratKeluar.case_id).where(SuratKeluar.id == surat_id).first())["case_id"]
    reference = (await Case.select(Case.reference).where(Case.id == case_id).first())["reference"]

    # The administrator appoints the Kasi as Plh of the Kepala Bidang for the week of leave.
    admin = await make_user(is_admin=True)
    await browser_login(page, admin.username)
    await page.goto("/admin/stand-ins")
    await page.select_option("#f-kind", "plh")
    await page.select_option("#f-position", str(org.positions["bidang"]))
    await page.select_option("#f-to_user", str(kasi.id))
    await page.fill("#f-starts_on", (today() + timedelta(days=3)).isoformat())
    await page.fill("#f-ends_on", today().isoformat())  # a slip first: the end before the start
    await page.fill("#f-letter_number", "800/321/Sek.Um/2026")
    await page.fill("#f-letter_date", today().isoformat())
    await page.fill("#f-note", "Cuti tahunan Kepala Bidang")
    await page.click("[data-testid=stand-in-form] button[type=submit]")
    await expect(page.locator("[data-testid=error-ends_on]")).to_have_text(
        "Tanggal selesai tidak boleh sebelum tanggal mulai.")
    assert await page.input_value("#f-letter_number") == "800/321/Sek.Um/2026"
    await page.fill("#f-starts_on", today().isoformat())
    await page.fill("#f-ends_on", (today() + timedelta(days=6)).isoformat())
    await page.click("[data-testid=stand-in-form] button[type=submit]")
    await expect(page.locator(".alert-success")).to_contain_text("ditunjuk")
    await expect(page.locator("[data-testid=stand-ins]")).to_contain_text("Plh. Kepala Bidang Perindustrian Uji")

    # The Plh, in another browser, sees the appointment and the draft waiting for the Kepala Bidang.
    context = await browser.new_context(base_url=live_server, locale="id-ID")
    plh = await context.new_page()
    plh.set_default_timeout(10_000)
    try:
        await browser_login(plh, kasi.username)
        await plh.goto("/delegations")
        await expect(plh.locator("[data-testid=stand-ins-mine]")).to_contain_text("Plh. Kepala Bidang Perindustrian Uji")
        await plh.goto("/inbox")
        await plh.click(f"[data-testid=inbox-table] a:text-is('{reference}')")
        await plh.wait_for_selector("[data-testid=task-main]")
        await plh.click("[data-testid=act-form] button:has-text('Setuju')")
        await plh.wait_for_selector("#task-main[data-state=selesai]")
        await expect(plh.locator("[data-testid=timeline]")).to_contain_text("(Plh. Kepala Bidang Perindustrian Uji")
        draft = await plh.request.get(f"/persuratan/keluar/{surat_id}/surat.pdf")
        assert draft.ok and (await draft.body()).startswith(b"%PDF-")
    finally:
        await context.close()

    # The draft as it prints (the same letter, uncompressed so its text can be read back).
    surat = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
    surat["isi"] = {"isi": "Dengan hormat,\n\nMohon data sentra IKM.", "isian": {}}
    text = " ".join(extract_text(await naskah.konsep_surat(surat, compress=False)))
    assert "Plh. Kepala Bidang Perindustrian Uji" in text and kasi.full_name in text
