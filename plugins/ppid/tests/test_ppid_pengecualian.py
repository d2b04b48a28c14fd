"""An exclusion is not for ever: the PPID is reminded a month before its term ends and on the day
after, and once it has ended the information cannot be the ground of a refusal any more."""

from __future__ import annotations

from datetime import timedelta

from balai.api import act, case_tasks, get_case, today
from balai.notifications.tables import Notification
from balai.testing import csrf_from

from balai_ppid import pengecualian
from balai_ppid.tables import Informasi, Permohonan
from ppid_support import ajukan, pemohon, reference_from


async def _told(user_id: int, key_part: str) -> list[str]:
    rows = await Notification.select(Notification.message, Notification.key).where(Notification.user == user_id)
    return [r["message"] for r in rows if key_part in r["key"]]


async def test_an_exclusion_ending_reminds_the_ppid_a_month_before_and_once_it_has_ended(app, demo, make_user):
    pengelola = await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum")
    end = today() + timedelta(days=10)
    rows = await Informasi.insert(Informasi(
        nomor="DIP/UJI/EXP", judul="Informasi berakhir uji", unit_id=demo["ukm"], tahun=2026, kategori="dikecualikan",
        uji_pasal="17h", uji_bahaya="x", uji_kepentingan="y", uji_jangka="1 tahun", uji_berakhir=end, uji_sk="SK")) \
        .returning(Informasi.id)
    far = await Informasi.insert(Informasi(
        nomor="DIP/UJI/FAR", judul="Informasi jauh", unit_id=demo["ukm"], tahun=2026, kategori="dikecualikan",
        uji_pasal="17h", uji_berakhir=today() + timedelta(days=90))).returning(Informasi.id)
    assert await pengecualian.ingatkan() >= 1
    told = await _told(pengelola.id, f"ppid:pengecualian:{rows[0]['id']}:")
    assert len(told) == 1 and "Informasi berakhir uji" in told[0] and "siapkan uji konsekuensi ulang" in told[0]
    assert not await _told(pengelola.id, f"ppid:pengecualian:{far[0]['id']}:")
    await pengecualian.ingatkan()
    assert len(await _told(pengelola.id, f"ppid:pengecualian:{rows[0]['id']}:")) == 1  # once
    await pengecualian.ingatkan(end + timedelta(days=1))
    ended = await _told(pengelola.id, f"ppid:pengecualian:{rows[0]['id']}:{end.isoformat()}:berakhir")
    assert len(ended) == 1 and "telah berakhir" in ended[0]
    item = await Informasi.select().where(Informasi.id == rows[0]["id"]).first()
    assert pengecualian.berakhir(item, end + timedelta(days=1)) and not pengecualian.berakhir(item, end)


async def test_an_ended_exclusion_is_no_ground_for_a_refusal(app, demo, login, make_user):
    petugas = await make_user(roles=[("petugas_ppid", "umum")], unit="umum")
    pengelola = await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum")
    ended = today() - timedelta(days=1)
    [item] = await Informasi.insert(Informasi(
        nomor="DIP/UJI/LEWAT", judul="Informasi yang pengecualiannya lewat", unit_id=demo["ukm"], tahun=2026,
        kategori="dikecualikan", uji_pasal="17h", uji_bahaya="x", uji_kepentingan="y", uji_jangka="1 tahun",
        uji_berakhir=ended, uji_sk="SK")).returning(Informasi.id)
    async with pemohon(app) as c:
        sent = await ajukan(c)
    case_id = (await Permohonan.select().where(Permohonan.nomor == reference_from(sent.text)).first())["case_id"]
    [periksa] = [t for t in await case_tasks(case_id) if t["step"] == "periksa"]
    await act(periksa["id"], "lengkap", user=await petugas.current())
    [putus] = [t for t in await case_tasks(case_id) if t["step"] == "putus" and t["state"] == "terbuka"]
    c = await login(pengelola)
    page = await c.get(f"/tasks/{putus['id']}")
    r = await c.post(f"/ppid/permohonan/{case_id}/tugas/{putus['id']}/tolak",
                     data={"_csrf_token": csrf_from(page.text), "informasi_id": str(item["id"])}, follow_redirects=False)
    assert r.status_code == 400 and "DIP/UJI/LEWAT telah berakhir" in r.text and "diuji ulang" in r.text
    assert (await get_case(case_id))["state"] == "berjalan"  # nothing refused, the task still open
