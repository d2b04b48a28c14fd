"""The requests of the independent probe (issue 12, items 1–3), each refused with a 4xx and
nothing stored: NUL bytes, integers beyond their column, strings longer than their column."""

from __future__ import annotations

from datetime import date

import pytest

from balai.testing.support import csrf_from

HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", [
    "/layanan/survei/%00", "/layanan/survei/a%00b/qr/svg", "/layanan/etamu/qr/a%00b/svg",
])
async def test_a_nul_in_a_public_path_is_a_400(client, path):
    assert (await client.get(path)).status_code == 400


async def test_a_nul_in_the_sign_in_form_or_a_visitor_name_is_refused_and_not_stored(client, demo):
    from balai_layanan.tables import Kunjungan

    token = csrf_from((await client.get("/login")).text)
    answer = await client.post("/login", data={"username": "a\x00b", "password": "x", "_csrf_token": token})
    assert answer.status_code == 400 and "karakter kendali" in answer.text
    before = await Kunjungan.count()
    token = csrf_from((await client.get("/layanan/etamu")).text)
    answer = await client.post("/layanan/etamu", data={"nama": "a\x00b", "_csrf_token": token})
    assert answer.status_code == 400 and "nama" in answer.text
    assert await Kunjungan.count() == before


@pytest.mark.parametrize("path, field", [
    ("/admin/users", "q"), ("/admin/positions", "q"), ("/admin/roles", "q"), ("/admin/audit", "actor"),
    ("/inbox", "q"), ("/api/core/inbox", "q"), ("/api/core/users", "q"), ("/api/core/positions", "q"),
    ("/api/core/role-assignments", "q"), ("/persuratan/agenda/masuk", "q"),
    ("/persuratan/agenda/keluar/ekspor/xlsx", "q"), ("/api/persuratan/masuk", "q"),
])
async def test_a_nul_in_a_search_is_a_400_that_names_the_field(login, path, field):
    admin = await login("admin")
    answer = await admin.get(path, params={field: "a\x00b"})
    assert answer.status_code == 400
    assert f"{field}: berisi karakter kendali" in answer.text


@pytest.mark.parametrize("path, params", [
    ("/api/persuratan/masuk", {"tahun": HUGE}), ("/api/persuratan/keluar", {"tahun": "4824400564039187.0"}),
    ("/persuratan/agenda/masuk", {"tahun": HUGE}), ("/persuratan/agenda/masuk/ekspor/pdf", {"tahun": HUGE}),
    ("/persuratan/keluar/baru", {"membalas": HUGE}), ("/api/core/notifications", {"page": "3628216959595227091627"}),
])
async def test_an_integer_beyond_its_column_is_never_a_server_error(login, path, params):
    admin = await login("admin")
    answer = await admin.get(path, params=params)
    # Refused (400), or read as "no such year/letter" (the agenda shows every year, the reply form no
    # letter); a page number beyond the last is the last page there can be (balai.web.inputs.Page).
    assert answer.status_code in (200, 400), answer.text[:300]
    if path.startswith("/api/"):
        assert answer.status_code == (200 if "page" in params else 400)


async def test_a_ten_thousand_character_email_is_refused_by_the_api(login):
    from balai.identity.tables import User

    admin = await login("admin")
    before = await User.count()
    answer = await admin.post("/api/core/users", json={"username": "panjang", "full_name": "Surel Panjang",
                                                        "email": "a" * 10_000 + "@x.id", "password": "rahasia-panjang"})
    assert answer.status_code == 400
    assert "email: paling banyak 200 karakter" in answer.json()["detail"]
    assert await User.count() == before


async def test_a_letter_with_a_sender_or_number_longer_than_its_column_is_refused(app):
    from balai_persuratan import masuk

    form = {"pengirim": "P" * 400, "nomor_surat": "N" * 200, "perihal": "Uji", "tanggal_surat": "2026-11-02",
            "tanggal_terima": "2026-11-03", "lampiran": HUGE}
    _clean, errors = await masuk.periksa(form, ada_scan=True, today=date(2026, 11, 30))
    assert errors["pengirim"].startswith("Paling banyak")
    assert errors["nomor_surat"].startswith("Paling banyak")
    assert "lampiran" in errors
