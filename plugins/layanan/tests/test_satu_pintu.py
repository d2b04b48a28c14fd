"""Layanan Satu Pintu (SOP 9): e-tamu, the kiosk, the queue, the service and the guest book."""

from __future__ import annotations

import re
from datetime import timedelta

from balai.testing import csrf_from, sign_in


async def test_etamu_registration_gives_number_and_qr(client, demo, bantu):
    r = await bantu.daftar_etamu(client, demo["industri"])
    assert r.status_code == 200
    nomor = bantu.nomor_dari(r.text)
    assert "<svg" in r.text and 'data-testid="qr-registrasi"' in r.text
    assert "Bidang Perindustrian" in r.text
    svg = await client.get(f"/layanan/etamu/qr/{nomor}/svg?unduh=1")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "attachment" in svg.headers["content-disposition"]
    png = await client.get(f"/layanan/etamu/qr/{nomor}/png")
    assert png.content.startswith(b"\x89PNG")
    assert (await client.get("/layanan/etamu/qr/TM000000-AAAA/svg")).status_code == 404


async def test_guessing_registration_numbers_on_the_qr_route_is_throttled(app, client, demo, bantu):
    """A 404 tells a guesser that a number is free: after ten misses a client waits (429 with
    Retry-After, for real numbers too); other visitors are not affected."""
    import httpx

    nomor = bantu.nomor_dari((await bantu.daftar_etamu(client, demo["industri"])).text)
    guesser = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("198.51.100.99", 40000)),
                                base_url="http://testserver.local")
    async with guesser:
        for n in range(10):
            assert (await guesser.get(f"/layanan/etamu/qr/TM000000-{n:04d}/svg")).status_code == 404
        refused = await guesser.get(f"/layanan/etamu/qr/{nomor}/svg")
        assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 2
        assert "Terlalu banyak permintaan" in refused.text
    assert (await client.get(f"/layanan/etamu/qr/{nomor}/svg")).status_code == 200


async def test_etamu_refuses_a_past_date_and_keeps_the_input(client, demo, bantu):
    kemarin = (bantu.hari_ini() - timedelta(days=1)).isoformat()
    r = await bantu.daftar_etamu(client, demo["industri"], tanggal=kemarin, nama="Budi Santoso")
    assert r.status_code == 400
    assert "Tanggal kunjungan sudah lewat" in r.text
    assert 'value="Budi Santoso"' in r.text and f'value="{kemarin}"' in r.text
    assert "Konsultasi sertifikasi halal" in r.text


async def test_etamu_takes_no_visit_on_a_weekend_or_a_national_holiday(client, demo, bantu):
    """The core's calendar decides: a Saturday and Christmas Day are refused with the reason and the next
    working day, the input kept; the page states the office hours."""
    from datetime import date

    from balai.api import calendar

    sabtu = calendar.next_working_day(bantu.hari_ini())
    while sabtu.weekday() != 5:
        sabtu += timedelta(days=1)
    r = await bantu.daftar_etamu(client, demo["industri"], tanggal=sabtu.isoformat(), nama="Tamu Sabtu")
    assert r.status_code == 400 and "kantor tutup (akhir pekan)" in r.text
    assert "Pilih hari kerja, mis. Senin" in r.text and 'value="Tamu Sabtu"' in r.text
    natal = date(bantu.hari_ini().year, 12, 25)
    if natal <= bantu.hari_ini() or natal.weekday() >= 5:
        natal = date(bantu.hari_ini().year + 1, 12, 25)
    if (natal - bantu.hari_ini()).days <= 60 and natal.weekday() < 5:  # e-tamu takes 60 days ahead
        r = await bantu.daftar_etamu(client, demo["industri"], tanggal=natal.isoformat())
        assert r.status_code == 400 and "kantor tutup (Hari Raya Natal)" in r.text, r.text
    page = (await client.get("/layanan/etamu")).text
    assert "Senin: 07.30–16.00" in page and "Jumat: 07.30–16.30" in page and "Sabtu" not in page
    ok = await bantu.daftar_etamu(client, demo["industri"], tanggal=bantu.hari_kerja_berikut().isoformat())
    assert ok.status_code == 200 and bantu.nomor_dari(ok.text)


async def test_etamu_missing_fields_are_named(client, demo, bantu):
    r = await bantu.daftar_etamu(client, demo["industri"], nama="", telepon="abc", unit_id="")
    assert r.status_code == 400
    for message in ("Nama lengkap wajib diisi", "Nomor telepon tidak sah", "Pilih unit atau layanan yang dituju"):
        assert message in r.text


async def test_etamu_form_limits_what_the_browser_accepts(client, demo, bantu):
    page = (await client.get("/layanan/etamu")).text
    assert 'maxlength="120"' in page and 'autocomplete="name"' in page and 'inputmode="tel"' in page
    assert f'min="{bantu.hari_ini().isoformat()}"' in page and "&#34;" not in page


async def test_etamu_is_rate_limited_per_address(client, demo, bantu):
    from balai_layanan import batas

    per_client, _everyone = batas.ATURAN["etamu"]
    for _ in range(per_client.count):
        assert (await bantu.daftar_etamu(client, demo["koperasi"])).status_code == 200
    r = await bantu.daftar_etamu(client, demo["koperasi"], nama="Pendaftar Berlebih")
    assert r.status_code == 429
    assert "Terlalu banyak pendaftaran" in r.text and 'value="Pendaftar Berlebih"' in r.text


async def test_kiosk_is_locked_until_staff_with_permission_unlocks_it(app, client, login, demo, bantu):
    locked = await client.get("/layanan/anjungan")
    assert locked.status_code == 403 and "Anjungan tamu belum dibuka" in locked.text
    staf = await login("demo.staf")
    assert (await staf.get("/layanan/anjungan/buka")).status_code == 403
    petugas = await login("demo.petugas-layanan")
    staff_key = petugas.cookies.get("balai_session")
    kiosk, response = await bantu.buka_anjungan(app, petugas)
    async with kiosk:
        # The staff session is taken off the tablet; the kiosk key only works on this device.
        assert any("balai_session=" in h and "Max-Age=0" in h for h in response.headers.get_list("set-cookie"))
        # ... and ended on the server too: the old session key no longer signs anyone in.
        client.cookies.set("balai_session", staff_key)
        replay = await client.get("/", follow_redirects=False)
        client.cookies.delete("balai_session")
        assert replay.status_code == 303 and replay.headers["location"].startswith("/login")
        home = await kiosk.get("/layanan/anjungan")
        assert home.status_code == 200 and "Pindai kode QR" in home.text
        assert (await kiosk.get("/layanan/", follow_redirects=False)).status_code in (303, 404)
        other = await kiosk.get("/layanan/anjungan", headers={"user-agent": "Perangkat-Lain"})
        assert other.status_code == 403
        # A visitor's tap on "Kunci anjungan" leads to the staff's sign-in; nothing is locked.
        assert 'href="/layanan/anjungan/kunci"' in home.text
        tap = await kiosk.get("/layanan/anjungan/kunci", follow_redirects=False)
        assert tap.status_code in (302, 303, 401) and "/login" in tap.headers.get("location", "/login")
        assert (await bantu.kiosk_post(kiosk, "/layanan/anjungan/kunci", {})).status_code in (404, 405)
        from balai_layanan.tables import Anjungan

        row = await Anjungan.select().order_by(Anjungan.id, ascending=False).first()
        assert (await bantu.kiosk_post(kiosk, f"/layanan/anjungan/{row['id']}/kunci", {})).status_code in (302, 303, 401, 403)
        assert (await kiosk.get("/layanan/anjungan")).status_code == 200
        # Staff with the kiosk permission lock it from their own desk; a staff member without it cannot.
        assert (await staf.get("/layanan/anjungan/kunci")).status_code == 403
        own = await staf.get("/")
        refused = await staf.post(f"/layanan/anjungan/{row['id']}/kunci", data={"_csrf_token": csrf_from(own.text)})
        petugas = await login("demo.petugas-layanan")  # the unlocking signed the tablet's session out
        page = await petugas.get("/layanan/anjungan/kunci")
        assert page.status_code == 200 and "Lobi" in page.text
        assert refused.status_code == 403 and (await kiosk.get("/layanan/anjungan")).status_code == 200
        r = await petugas.post(f"/layanan/anjungan/{row['id']}/kunci", data={"_csrf_token": csrf_from(page.text)})
        assert r.status_code == 303 and r.headers["location"] == "/layanan/anjungan/kunci"
        assert f'action="/layanan/anjungan/{row["id"]}/kunci"' not in (await petugas.get(r.headers["location"])).text
        assert (await kiosk.get("/layanan/anjungan")).status_code == 403


async def test_kiosk_check_in_notifies_the_unit_officer_and_fills_the_queue(app, client, login, demo, pegawai, bantu):
    from balai.notifications.tables import Notification

    officer, username = await pegawai(("petugas_layanan", "perdagangan"))
    nomor = await bantu.daftar_hari_ini(client, demo["perdagangan"])
    kiosk, _r = await bantu.buka_anjungan(app, await login(username))  # signed in on the tablet, then off
    petugas = await login(username)  # at the officer's own desk
    async with kiosk:
        unknown = await bantu.kiosk_post(kiosk, "/layanan/anjungan/masuk", {"nomor": "TM991231-ZZZZ"})
        assert unknown.status_code == 400
        assert "Nomor registrasi TM991231-ZZZZ tidak ditemukan" in unknown.text
        assert 'value="TM991231-ZZZZ"' in unknown.text
        # A hand scanner types the number; a person may type it in lower case without the dash.
        typed = nomor.lower().replace("-", "")
        ok = await bantu.kiosk_post(kiosk, "/layanan/anjungan/masuk", {"nomor": typed})
        assert ok.status_code == 200 and "Selamat datang, Rina Wulandari" in ok.text
        # The time of arrival as a time of day ("pukul 10.52"), not a date with it.
        assert re.search(r"tercatat pukul \d{2}\.\d{2}\.<", ok.text), ok.text
        again = await bantu.kiosk_post(kiosk, "/layanan/anjungan/masuk", {"nomor": nomor})
        assert again.status_code == 400 and "sudah tercatat" in again.text
    notes = await Notification.select().where(Notification.user == officer.id)
    assert len(notes) == 1 and nomor in notes[0]["message"] and notes[0]["link"] == "/layanan/antrian"
    fragment = await petugas.get("/layanan/antrian/daftar", headers={"hx-request": "true"})
    assert nomor in fragment.text and "<html" not in fragment.text
    assert 'hx-trigger="every 5s"' in fragment.text


async def test_kiosk_refuses_a_registration_for_another_day(app, client, login, demo, bantu):
    besok = bantu.nomor_dari((await bantu.daftar_etamu(client, demo["ukm"])).text)
    kiosk, _r = await bantu.buka_anjungan(app, await login("demo.petugas-layanan"))
    async with kiosk:
        r = await bantu.kiosk_post(kiosk, "/layanan/anjungan/masuk", {"nomor": besok})
    assert r.status_code == 400 and "bukan hari ini" in r.text


async def test_walk_in_registers_and_arrives_at_once(app, login, demo, bantu):
    from balai_layanan.tables import Kunjungan

    kiosk, _r = await bantu.buka_anjungan(app, await login("demo.petugas-layanan"))
    async with kiosk:
        bad = await bantu.kiosk_post(kiosk, "/layanan/anjungan/langsung",
                                     {**bantu.data_tamu(demo["umum"]), "nama": "Sa", "tanggal": ""})
        assert bad.status_code == 400 and "Nama lengkap wajib diisi" in bad.text
        assert "Konsultasi sertifikasi halal" in bad.text
        ok = await bantu.kiosk_post(kiosk, "/layanan/anjungan/langsung",
                                    {**bantu.data_tamu(demo["umum"]), "nama": "Tamu Langsung"})
    assert ok.status_code == 200 and "Selamat datang, Tamu Langsung" in ok.text
    row = await Kunjungan.select().where(Kunjungan.nama == "Tamu Langsung").first()
    assert row["jenis"] == "langsung" and row["status"] == "menunggu" and row["datang_at"] is not None
    assert row["tanggal"] == bantu.hari_ini()


async def _arrived(client, demo, bantu, unit: str, nama: str) -> dict:
    from balai_layanan import kunjungan

    row, error = await kunjungan.datang(await bantu.daftar_hari_ini(client, demo[unit], nama=nama))
    assert not error
    return row


async def test_officer_serves_closes_and_gets_a_survey_qr(client, login, demo, bantu):
    row = await _arrived(client, demo, bantu, "umum", "Siti Aminah")
    petugas = await login("demo.petugas-layanan")
    queue = await petugas.get("/layanan/antrian")
    assert "Siti Aminah" in queue.text
    token = csrf_from(queue.text)
    r = await petugas.post(f"/layanan/kunjungan/{row['id']}/layani", data={"_csrf_token": token},
                           follow_redirects=False)
    assert r.status_code == 303
    bad = await petugas.post(f"/layanan/kunjungan/{row['id']}/tutup",
                             data={"_csrf_token": token, "layanan_diberikan": "", "hasil": "", "catatan": "catatan saya"})
    assert bad.status_code == 400
    assert "Tuliskan layanan yang diberikan." in bad.text and "Pilih hasil layanan." in bad.text
    assert "catatan saya" in bad.text
    done = await petugas.post(f"/layanan/kunjungan/{row['id']}/tutup", follow_redirects=True, data={
        "_csrf_token": token, "layanan_diberikan": "Penjelasan persyaratan pameran", "hasil": "selesai", "catatan": ""})
    assert done.status_code == 200
    assert "Kunjungan ditutup" in done.text and 'data-testid="tautan-survei"' in done.text and "<svg" in done.text
    assert "Siti Aminah" not in (await petugas.get("/layanan/antrian/daftar")).text


async def test_only_one_officer_takes_a_visitor(client, login, demo, pegawai, bantu):
    import asyncio

    from balai_layanan import kunjungan

    row = await _arrived(client, demo, bantu, "umum", "Dewi Lestari")
    results = await asyncio.gather(*[kunjungan.layani(row["id"], uid, f"Petugas {uid}") for uid in (901, 902, 903)])
    assert sorted(results) == [False, False, True]


async def test_officer_of_another_unit_cannot_touch_the_visit(client, login, demo, pegawai, bantu):
    await pegawai(("petugas_layanan", "koperasi"))  # Bidang Koperasi has its own officer: not the desk's
    row = await _arrived(client, demo, bantu, "koperasi", "Ahmad Fauzi")
    petugas = await login("demo.petugas-layanan")  # holds the role in Sub Bagian Umum only
    assert "Ahmad Fauzi" not in (await petugas.get("/layanan/antrian/daftar")).text
    assert (await petugas.get(f"/layanan/kunjungan/{row['id']}")).status_code == 403
    page = await petugas.get("/layanan/antrian")
    r = await petugas.post(f"/layanan/kunjungan/{row['id']}/layani", data={"_csrf_token": csrf_from(page.text)})
    assert r.status_code == 403


async def test_guest_book_lists_the_day_and_exports(client, login, demo, bantu):
    await _arrived(client, demo, bantu, "umum", "Tamu Buku Tamu")
    petugas = await login("demo.petugas-layanan")
    today = bantu.hari_ini().isoformat()
    page = await petugas.get(f"/layanan/bukutamu?dari={today}&sampai={today}")
    assert page.status_code == 200 and "Tamu Buku Tamu" in page.text
    xlsx = await petugas.get(f"/layanan/bukutamu/xlsx?dari={today}&sampai={today}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "spreadsheetml" in xlsx.headers["content-type"]
    pdf = await petugas.get(f"/layanan/bukutamu/pdf?dari={today}&sampai={today}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (await petugas.get("/layanan/bukutamu/csv")).status_code == 404


async def test_pages_need_the_right_permission(client, login, demo):
    assert (await client.get("/layanan/antrian", follow_redirects=False)).status_code == 303
    staf = await login("demo.staf")
    for url in ("/layanan/antrian", "/layanan/bukutamu", "/layanan/ikm", "/layanan/survei-layanan"):
        assert (await staf.get(url)).status_code == 403, url


async def test_dashboard_shows_the_queue_widget_and_menu(login, demo):
    petugas = await login("demo.petugas-layanan")
    home = await petugas.get("/")
    assert "Antrian tamu hari ini" in home.text and 'href="/layanan/antrian"' in home.text
    humas = await login("demo.kehumasan")
    home = await humas.get("/")
    assert "IKM semester berjalan" in home.text and 'href="/layanan/ikm"' in home.text


async def test_login_helper_still_works_for_new_users(app, client, pegawai):
    _user, username = await pegawai(("petugas_layanan", "ukm"))
    await sign_in(client, username, "demo-pass")
    assert (await client.get("/layanan/antrian")).status_code == 200


async def test_plugin_assets_are_served_locally(client, app, login, bantu):
    for path in ("/static/layanan/layanan.css", "/static/layanan/layanan.js", "/static/layanan/anjungan.js"):
        assert (await client.get(path)).status_code == 200, path
    kiosk, _r = await bantu.buka_anjungan(app, await login("demo.petugas-layanan"))
    async with kiosk:
        home = await kiosk.get("/layanan/anjungan")
    # camera scanning is offered by the script only where the browser can read QR codes itself
    assert "data-pindai-kamera hidden" in home.text
    assert "http://" not in home.text.split("<body", 1)[0] and "https://" not in home.text.split("<body", 1)[0]


async def test_a_visitor_of_a_unit_without_its_own_officer_reaches_the_front_desk(app, client, login, demo, bantu):
    """Issue 22 item 2: nobody holds Petugas Layanan in this Bidang. The front desk (the Petugas
    Layanan of Sub Bagian Umum) and the Bidang's head are told, the desk sees and serves the visitor,
    and the kiosk says who was told; with nobody to tell, it sends the visitor to the desk instead."""
    from balai.demo import assign
    from balai.identity.tables import Unit, User
    from balai.notifications.tables import Notification
    from balai_layanan import org

    rows = await Unit.insert(Unit(code=f"bidang-tanpa-petugas-{id(app) % 9999}", name="Bidang Tanpa Petugas Uji",
                                  kind="bidang", parent=demo["dinas"])).returning(Unit.id)
    unit = rows[0]["id"]
    desk = (await User.select(User.id).where(User.username == "demo.petugas-layanan").first())["id"]
    head = (await User.select(User.id).where(User.username == "demo.kepala-bidang").first())["id"]
    await assign(head, "kepala_bidang", unit)
    assert desk in await org.petugas_untuk(unit)
    nomor = await bantu.daftar_hari_ini(client, unit)
    kiosk, _r = await bantu.buka_anjungan(app, await login("demo.petugas-layanan"))  # the tablet, then off
    front = await login("demo.petugas-layanan")  # at the front desk
    async with kiosk:
        ok = await bantu.kiosk_post(kiosk, "/layanan/anjungan/masuk", {"nomor": nomor})
    assert ok.status_code == 200 and 'data-testid="kiosk-told"' in ok.text
    for who in (desk, head):
        assert await Notification.exists().where((Notification.user == who) & Notification.message.like(f"%{nomor}%"))
    queue = await front.get("/layanan/antrian/daftar", headers={"hx-request": "true"})
    assert nomor in queue.text
    from balai_layanan.tables import Kunjungan

    visit = await Kunjungan.select(Kunjungan.id).where(Kunjungan.nomor == nomor).first()
    assert (await front.get(f"/layanan/kunjungan/{visit['id']}")).status_code == 200
