"""Survei Kepuasan Masyarakat (SOP 1): one-time links, the public questionnaire, refusals."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import timedelta

from balai.testing import csrf_from

JAWABAN = {"u1": "4", "u2": "3", "u3": "3", "u4": "4", "u5": "3", "u6": "4", "u7": "4", "u8": "3", "u9": "3",
           "usia": "31-40", "jenis_kelamin": "P", "pendidikan": "s1", "pekerjaan": "wirausaha",
           "saran": "Ruang tunggu perlu kursi tambahan."}


async def _tautan(demo, jumlah=1, berlaku_hari=3, unit="industri") -> list[str]:
    from balai_layanan import survei

    _id, tokens = await survei.terbitkan("rapat", "Rapat koordinasi IKM", demo[unit], "Bidang Perindustrian",
                                        jumlah=jumlah, berlaku_hari=berlaku_hari)
    return tokens


def _mulai(app, token: str, detik_lalu: int = 30) -> str:
    from balai_layanan import survei

    return survei.cap_mulai(app.state.config.secret_key, token, time.time() - detik_lalu)


async def _kirim(client, app, token: str, **over):
    page = await client.get(f"/layanan/survei/{token}")
    data = {**JAWABAN, "mulai": _mulai(app, token), "situs": "", "_csrf_token": csrf_from(page.text), **over}
    return await client.post(f"/layanan/survei/{token}", data=data)


async def test_questionnaire_shows_the_nine_elements_with_the_regulation_wording(client, demo):
    (token,) = await _tautan(demo)
    page = await client.get(f"/layanan/survei/{token}")
    assert page.status_code == 200
    assert page.text.count('type="radio"') == 9 * 4
    for text in ("kesesuaian persyaratan pelayanan dengan jenis pelayanannya", "kewajaran biaya/tarif",
                 "Sangat mahal", "Gratis", "Dikelola dengan baik", "Sangat sopan dan ramah"):
        assert text in page.text
    for name in ("usia", "jenis_kelamin", "pendidikan", "pekerjaan", "saran", "situs", "mulai"):
        assert f'name="{name}"' in page.text
    assert 'name="viewport"' in page.text  # the public layout, for phones


async def test_answer_is_stored_once_and_the_link_cannot_be_replayed(client, app, demo):
    from balai_layanan.tables import ResponsSurvei, TautanSurvei

    (token,) = await _tautan(demo)
    r = await _kirim(client, app, token)
    assert r.status_code == 200 and "Terima kasih atas penilaian Anda" in r.text
    link = await TautanSurvei.select().where(TautanSurvei.token == token).first()
    stored = await ResponsSurvei.select().where(ResponsSurvei.tautan == link["id"]).first()
    assert stored["u1"] == 4 and stored["u9"] == 3 and stored["pekerjaan"] == "wirausaha"
    assert stored["saran"] == "Ruang tunggu perlu kursi tambahan."
    again = await client.get(f"/layanan/survei/{token}")
    assert again.status_code == 410 and "sudah diisi" in again.text
    replay = await client.post(f"/layanan/survei/{token}", data={**JAWABAN, "mulai": _mulai(app, token),
                                                                 "_csrf_token": client.cookies.get("balai_csrf")})
    assert replay.status_code == 410
    assert await ResponsSurvei.count().where(ResponsSurvei.tautan == link["id"]) == 1


async def test_two_racing_submissions_store_one_answer(demo):
    from balai_layanan import survei
    from balai_layanan.tables import ResponsSurvei, TautanSurvei

    (token,) = await _tautan(demo)
    form, errors = survei.periksa_jawaban(JAWABAN)
    assert not errors
    results = await asyncio.gather(*[survei.simpan(token, form) for _ in range(4)])
    assert sorted(results) == ["", "terpakai", "terpakai", "terpakai"]
    link = await TautanSurvei.select().where(TautanSurvei.token == token).first()
    assert await ResponsSurvei.count().where(ResponsSurvei.tautan == link["id"]) == 1


async def test_missing_answers_are_named_and_the_rest_is_kept(client, app, demo):
    (token,) = await _tautan(demo)
    r = await _kirim(client, app, token, u3="", u7="", pendidikan="")
    assert r.status_code == 400
    assert "Pilih salah satu jawaban untuk unsur Waktu penyelesaian." in r.text
    assert "Pilih salah satu jawaban untuk unsur Perilaku pelaksana." in r.text
    assert "Pilih pendidikan terakhir." in r.text
    assert re.search(r'id="u1-4" value="4" autocomplete="off"\s+checked', r.text)  # answers given stay chosen
    assert not re.search(r'id="u3-\d" value="\d" autocomplete="off"\s+checked', r.text)
    assert "Ruang tunggu perlu kursi tambahan." in r.text
    assert (await client.get(f"/layanan/survei/{token}")).status_code == 200  # the link is still unused


async def test_expired_and_unknown_links_are_refused(client, app, demo):
    from balai_layanan.tables import TautanSurvei
    from balai_layanan.waktu import sekarang

    (token,) = await _tautan(demo)
    await TautanSurvei.update({TautanSurvei.kedaluwarsa_at: sekarang() - timedelta(minutes=1)}).where(
        TautanSurvei.token == token)
    page = await client.get(f"/layanan/survei/{token}")
    assert page.status_code == 410 and "sudah kedaluwarsa" in page.text
    r = await client.post(f"/layanan/survei/{token}", data={**JAWABAN, "_csrf_token": client.cookies.get("balai_csrf")})
    assert r.status_code == 410
    unknown = await client.get("/layanan/survei/tidak-ada-token-seperti-ini")
    assert unknown.status_code == 404 and "Tautan survei tidak dikenal" in unknown.text


async def test_scripts_are_refused_honeypot_speed_and_flood(client, app, demo):
    from balai_layanan import batas

    tokens = await _tautan(demo, jumlah=3)
    bot = await _kirim(client, app, tokens[0], situs="http://spam.example")
    assert bot.status_code == 400 and "tidak dapat diterima" in bot.text
    fast = await _kirim(client, app, tokens[0], mulai=_mulai(app, tokens[0], detik_lalu=1))
    assert fast.status_code == 400 and "terlalu cepat" in fast.text and "Ruang tunggu perlu kursi" in fast.text
    forged = await _kirim(client, app, tokens[0], mulai=f"{int(time.time()) - 60}.deadbeef")
    assert forged.status_code == 400
    per_client, _everyone = batas.ATURAN["survei"]
    for _ in range(per_client.count):
        await batas.lewat_batas("survei", "127.0.0.1")
    flood = await _kirim(client, app, tokens[1])
    assert flood.status_code == 429 and "Terlalu banyak survei" in flood.text
    await batas.kosongkan()
    assert (await _kirim(client, app, tokens[1])).status_code == 200


async def test_staff_issue_links_for_an_event(login, demo, client):
    humas = await login("demo.kehumasan")  # holds layanan.survey in Sub Bagian Umum
    page = await humas.get("/layanan/survei-layanan")
    token = csrf_from(page.text)
    bad = await humas.post("/layanan/survei-layanan", data={"_csrf_token": token, "jenis": "acara", "uraian": "",
                                                            "unit_id": str(demo["umum"]), "tanggal": "",
                                                            "jumlah": "0", "berlaku": "7"})
    assert bad.status_code == 400
    for message in ("Uraikan layanan", "Tanggal layanan wajib diisi", "Jumlah penerima layanan"):
        assert message in bad.text
    outside = await humas.post("/layanan/survei-layanan", data={
        "_csrf_token": token, "jenis": "acara", "uraian": "Pameran", "unit_id": str(demo["industri"]),
        "tanggal": "2026-01-05", "jumlah": "2", "berlaku": "7"})
    assert outside.status_code == 400 and "Pilih Bidang/UPTD pemberi layanan" in outside.text
    ok = await humas.post("/layanan/survei-layanan", follow_redirects=True, data={
        "_csrf_token": token, "jenis": "audiensi", "uraian": "Audiensi asosiasi pengrajin", "unit_id": str(demo["umum"]),
        "tanggal": "2026-01-05", "jumlah": "3", "berlaku": "7"})
    assert ok.status_code == 200 and "Tautan survei diterbitkan." in ok.text
    assert ok.text.count('data-testid="tautan-survei"') == 3
    link = ok.text.split('data-testid="tautan-survei">', 1)[1].split("<", 1)[0]
    assert link.startswith("http://testserver.local/layanan/survei/")
    token_path = link.removeprefix("http://testserver.local")
    assert (await client.get(token_path)).status_code == 200
    qr = await client.get(token_path + "/qr/svg")
    assert qr.status_code == 200 and b"<svg" in qr.content
