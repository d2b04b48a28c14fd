"""Conflicts of interest and the reporter's identity: a report about a Tim Telaah member is kept
from that member, one about the Kepala Dinas is decided by the Sekretaris, one about both is
referred outside; an identity opens only through the custodian's approval of a recorded request."""

from __future__ import annotations

import pytest

from balai.api import case_tasks, get_case, timeline, unseal_case, unseal_event
from balai.testing import csrf_from
from test_pengaduan_wbs import kirim_panel, laporan_masuk, orang, teks_basis_data, tugas
from wbs_support import LAPORAN, lacak, pelapor

from balai_pengaduan.tables import Identitas, Laporan, PermintaanIdentitas


@pytest.fixture(autouse=True)
async def lupakan_batas(app):
    yield
    await Laporan.raw("DELETE FROM core_throttle")


async def sampai_telaah(app, login, p, fields) -> tuple[int, dict, str]:
    case_id, code = await laporan_masuk(app, fields)
    op = await login(p["operator"])
    first = await tugas(case_id, "terima")
    page = await op.get(f"/tasks/{first['id']}")
    await op.post(f"/tasks/{first['id']}/act", data={"_csrf_token": csrf_from(page.text), "action": "teruskan"})
    return case_id, await tugas(case_id, "telaah"), code


async def test_a_report_about_a_tim_telaah_member_is_kept_from_that_member(app, demo, login, make_user):
    p = await orang(make_user)
    named = await make_user(roles=[("tim_telaah", "umum")], unit="umum")
    case_id, review, _code = await sampai_telaah(
        app, login, p, {**LAPORAN, "terlapor": "tim_telaah", "siapa": f"{(await named.current()).full_name}, anggota Tim Telaah"})
    member = await login(named)
    page = await member.get(f"/tasks/{review['id']}")
    assert "Zamrudwati" not in page.text
    r = await kirim_panel(member, case_id, review["id"], aksi="tidak_sesuai", alasan="Bukan pelanggaran")
    assert r.status_code == 404  # the named member can neither read nor close it from the panel
    other = await login(p["telaah"])
    assert "Zamrudwati" in (await other.get(f"/tasks/{review['id']}")).text


async def test_a_report_about_the_kepala_dinas_is_decided_by_the_sekretaris(app, demo, login, make_user):
    p = await orang(make_user)
    case_id, review, code = await sampai_telaah(app, login, p, {**LAPORAN, "terlapor": "kepala_dinas",
                                                                "siapa": "Kepala Dinas"})
    telaah = await login(p["telaah"])
    page = await telaah.get(f"/tasks/{review['id']}")
    assert "Konflik kepentingan" in page.text and "Ajukan ke Sekretaris" in page.text
    refused = await kirim_panel(telaah, case_id, review["id"], aksi="ke_kepala_dinas", hasil_telaah="Terbukti")
    assert refused.status_code == 400 and "diputuskan oleh Sekretaris" in refused.text
    assert "Terbukti" in refused.text  # the typed finding comes back
    r = await kirim_panel(telaah, case_id, review["id"], aksi="ke_sekretaris", hasil_telaah="Terbukti")
    assert r.status_code == 303
    decide = await tugas(case_id, "putuskan_sekretaris")
    kadis = await login(p["kadis"])
    assert "Zamrudwati" not in (await kadis.get(f"/cases/{case_id}")).text
    sekretaris = await login(p["sekretaris"])
    assert "Zamrudwati" in (await sekretaris.get(f"/tasks/{decide['id']}")).text
    # The reason is recorded on the timeline (sealed like every note of the case).
    events = [unseal_event(e, "pengaduan.wbs") for e in await timeline(case_id)]
    assert any("Konflik kepentingan" in (e["note"] or "") for e in events)


async def test_a_report_about_the_sekretaris_and_kepala_dinas_is_referred_to_the_inspektorat(app, demo, login,
                                                                                              make_user):
    p = await orang(make_user)
    case_id, review, code = await sampai_telaah(app, login, p, {**LAPORAN, "terlapor": "sekretaris_kepala_dinas"})
    telaah = await login(p["telaah"])
    refused = await kirim_panel(telaah, case_id, review["id"], aksi="ke_sekretaris", hasil_telaah="Terbukti")
    assert refused.status_code == 400 and "Inspektorat" in refused.text
    empty = await kirim_panel(telaah, case_id, review["id"], aksi="rujuk_inspektorat", alasan="")
    assert empty.status_code == 400 and "Alasan wajib diisi" in empty.text
    r = await kirim_panel(telaah, case_id, review["id"], aksi="rujuk_inspektorat",
                          alasan="Dirujuk ke Inspektorat Provinsi Kalimantan Timur")
    assert r.status_code == 303
    async with pelapor(app) as c:
        assert "Dirujuk ke Inspektorat Provinsi" in (await lacak(c, code)).text


async def test_a_report_not_meeting_the_criteria_is_returned_with_the_reason(app, demo, login, make_user):
    p = await orang(make_user)
    case_id, review, code = await sampai_telaah(app, login, p, None)
    telaah = await login(p["telaah"])
    empty = await kirim_panel(telaah, case_id, review["id"], aksi="tidak_sesuai", alasan="")
    assert empty.status_code == 400 and "Alasan wajib diisi" in empty.text
    r = await kirim_panel(telaah, case_id, review["id"], aksi="tidak_sesuai", alasan="Ini keluhan layanan, bukan WBS")
    assert r.status_code == 303
    assert all(t["state"] != "terbuka" for t in await case_tasks(case_id))
    async with pelapor(app) as c:
        assert "Ini keluhan layanan, bukan WBS" in (await lacak(c, code)).text


async def test_an_identity_opens_only_after_the_custodian_approves_a_reasoned_request(app, demo, login, make_user):
    p = await orang(make_user)
    identity = "Sulastriyani Pelapor, NIP 19850505 201001 2 003"
    case_id, review, _code = await sampai_telaah(app, login, p, {**LAPORAN, "cara": "nama", "identitas": identity})
    stored = await teks_basis_data(app)
    assert "Sulastriyani" not in stored  # the identity is sealed wherever it is kept
    assert await Identitas.count().where(Identitas.case == case_id) == 1
    telaah = await login(p["telaah"])
    page = await telaah.get(f"/tasks/{review['id']}")
    assert "Sulastriyani" not in page.text and "Minta dibuka" in page.text
    # Kept apart: not in the case the Tim Telaah reads, through the API either.
    assert "identitas" not in unseal_case(await get_case(case_id))["data"]
    for task in await case_tasks(case_id):
        api = await telaah.get(f"/api/core/tasks/{task['id']}")
        assert api.status_code == 200 and "Zamrudwati" in api.text and "Sulastriyani" not in api.text
    no_reason = await telaah.post(f"/pengaduan/wbs/{case_id}/identitas", data={"_csrf_token": csrf_from(page.text),
                                                                            "alasan": ""})
    assert no_reason.status_code == 400 and "Alasan permintaan wajib diisi" in no_reason.text
    asked = await telaah.post(f"/pengaduan/wbs/{case_id}/identitas",
                              data={"_csrf_token": csrf_from(page.text), "alasan": "Perlu keterangan saksi langsung"})
    assert asked.status_code == 303
    request_id = (await PermintaanIdentitas.select().first())["id"]
    # A custodian who is also in the Tim Telaah may not decide; one who is not, may.
    both = await login(await make_user(roles=[("kustodian_identitas", "dinas"), ("tim_telaah", "umum")], unit="dinas"))
    listing = await both.get("/pengaduan/identitas")
    assert "tidak boleh anggota Tim Telaah" in listing.text
    refused = await both.post(f"/pengaduan/identitas/{request_id}",
                              data={"_csrf_token": csrf_from(listing.text), "keputusan": "setujui"})
    assert refused.status_code == 400
    custodian = await login(p["kustodian"])
    listing = await custodian.get("/pengaduan/identitas")
    assert "Perlu keterangan saksi langsung" in listing.text and "Zamrudwati" not in listing.text
    no_note = await custodian.post(f"/pengaduan/identitas/{request_id}",
                                   data={"_csrf_token": csrf_from(listing.text), "keputusan": "tolak", "catatan": ""})
    assert no_note.status_code == 400 and "alasan penolakan" in no_note.text
    assert "Sulastriyani" not in (await telaah.get(f"/tasks/{review['id']}")).text
    ok = await custodian.post(f"/pengaduan/identitas/{request_id}",
                              data={"_csrf_token": csrf_from(listing.text), "keputusan": "setujui"})
    assert ok.status_code == 303
    assert "Sulastriyani" in (await telaah.get(f"/tasks/{review['id']}")).text
    other = await login(await make_user(roles=[("tim_telaah", "umum")], unit="umum"))
    assert "Sulastriyani" not in (await other.get(f"/tasks/{review['id']}")).text  # opened for the asker only
