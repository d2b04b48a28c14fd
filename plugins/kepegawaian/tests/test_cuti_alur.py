"""SOP 13 end to end through the service and the workflow: apply, the two superiors from the chain
(with a Plh standing in), si-Pecut's answer, the permit, the signed upload; and the other endings
(a change of dates, a refusal, a deferral, BKD's refusal), the Pengelola applying for an ill
colleague, and the Kepala Dinas whose superior is outside the Dinas.

Dates are in August 2027: Monday 16 to Friday 20 August holds Independence Day (Tuesday 17), so
the five weekdays count four working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from balai.api import (
    ActionError, act, case_tasks, get_case, issued_pdf, render_document, save_upload, timeline, today,
)

from balai.notifications.tables import Notification
from balai_kepegawaian import alur, cuti, izin, saldo, sop
from balai_kepegawaian.cuti import CutiError

from tests.pdftext import extract_text

SENIN, JUMAT = date(2027, 8, 16), date(2027, 8, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def terbuka(case_id: int) -> list[dict]:
    return [t for t in await case_tasks(case_id) if t["state"] in ("terbuka", "menunggu")]


async def satu_tugas(case_id: int) -> dict:
    tasks = await terbuka(case_id)
    assert len(tasks) == 1, tasks
    return tasks[0]


async def ajukan(org, who: str = "staf", jenis: str = cuti.TAHUNAN, mulai: date = SENIN, selesai: date = JUMAT,
                 oleh: str | None = None, **kw) -> dict:
    from balai_kepegawaian import pegawai

    user = await org.people[oleh or who].current()
    return await alur.ajukan(user, await pegawai.ambil(org.pegawai[who]), jenis, mulai, selesai, **kw)


async def test_annual_leave_across_a_holiday_runs_the_whole_sop(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org, alasan="Keperluan keluarga", alamat_cuti="Jl. Juanda 3, Samarinda")
    assert (row["hari_kerja"], row["hari_kalender"], row["status"], row["tahun"]) == (4, 5, "diajukan", 2027)
    s = await saldo.saldo(org.pegawai["staf"], 2027)
    assert (s.hak, s.dicadangkan, s.tersedia) == (12, 4, 8)

    case = await get_case(row["case_id"])
    assert case["sop"] == sop.CUTI and case["record_id"] == row["id"] and case["opened_by"] == org.people["staf"].id
    first = await satu_tugas(case["id"])
    # The direct superior by position: the Kepala Seksi, never someone the applicant typed.
    assert (first["step"], first["assignee"], first["position"]) == (
        "atasan_langsung", org.people["kasi"].id, org.positions["agro"])
    await act(first["id"], "setujui", user=await org.people["kasi"].current())
    second = await satu_tugas(case["id"])
    assert (second["step"], second["assignee"]) == ("atasan_kedua", org.people["kabid"].id)
    await act(second["id"], "setujui", user=await org.people["kabid"].current())
    assert (await cuti.get_cuti(row["id"]))["status"] == "diajukan"  # still waiting for BKD

    # si-Pecut: the requester records the submission, the task waits, then the verifier's answer.
    verif = await satu_tugas(case["id"])
    assert (verif["step"], verif["assignee"]) == ("verifikasi", org.people["staf"].id)
    staf = await org.people["staf"].current()
    with pytest.raises(ActionError):  # the submission's number is required
        await act(verif["id"], "kirim", user=staf)
    await act(verif["id"], "kirim", user=staf, data={"nomor_pengajuan": "SIPECUT-2027-0815"})
    assert (await satu_tugas(case["id"]))["state"] == "menunggu"
    await act(verif["id"], "disetujui", user=staf, data={"nomor_hasil": "BKD/CT/4411"})
    row = await cuti.get_cuti(row["id"])
    assert row["status"] == "disetujui"
    s = await saldo.saldo(org.pegawai["staf"], 2027)
    assert (s.dipakai, s.dicadangkan, s.tersedia) == (4, 0, 8)

    # The permit: numbered with the classification for cuti tahunan, kept on the case as a PDF.
    cetak = await satu_tugas(case["id"])
    assert cetak["step"] == "cetak" and cetak["role"] == "pengelola_kepegawaian"
    pengelola = await org.people["pengelola"].current()
    await act(cetak["id"], "terbitkan", user=pengelola)
    row = await cuti.get_cuti(row["id"])
    assert row["nomor_surat"].startswith("800.1.11.4/")
    permit = await izin.surat_izin(case["id"])
    assert (await issued_pdf(permit)).startswith(b"%PDF") and permit["number"] == row["nomor_surat"]
    text = " ".join(extract_text(await render_document(izin.TEMPLATE, await izin.isi(row), number=row["nomor_surat"],
                                                       compress=False)))
    assert "SURAT IZIN CUTI TAHUNAN" in text and org.name("staf") in text and "Kepala Dinas" in text
    assert "4 (empat) hari kerja" in text and "16 Agustus 2027" in text and "20 Agustus 2027" in text

    # Step 5: not done before the signed permit is on the case.
    unggah = await satu_tugas(case["id"])
    assert unggah["step"] == "unggah"
    with pytest.raises(ActionError) as refused:
        await act(unggah["id"], "unggah", user=pengelola)
    assert "ditandatangani" in refused.value.messages[0]
    await save_upload(PDF, "izin-ttd.pdf", "case", case["id"], pengelola, title="Surat izin bertanda tangan",
                      kind=izin.TTD_DIUNGGAH)
    await act(unggah["id"], "unggah", user=pengelola)
    assert (await get_case(case["id"]))["state"] == "selesai"


async def test_a_superior_approves_other_dates_and_the_reservation_follows(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org)
    task = await satu_tugas(row["case_id"])
    kasi = await org.people["kasi"].current()
    # A change that breaks the rules (it starts on the holiday) is refused and nothing moves.
    with pytest.raises(ActionError) as refused:
        await act(task["id"], "ubah", user=kasi, data={"mulai": "2027-08-17", "selesai": "2027-08-19"})
    assert "hari libur" in " ".join(refused.value.messages)
    assert (await satu_tugas(row["case_id"]))["id"] == task["id"]
    await act(task["id"], "ubah", user=kasi, data={"mulai": "2027-08-18", "selesai": "2027-08-19"})
    row = await cuti.get_cuti(row["id"])
    assert (row["mulai"], row["selesai"], row["hari_kerja"], row["status"]) == (date(2027, 8, 18), date(2027, 8, 19),
                                                                              2, "diajukan")
    assert (await saldo.saldo(org.pegawai["staf"], 2027)).tersedia == 10
    assert (await satu_tugas(row["case_id"]))["step"] == "atasan_kedua"


async def test_refused_by_the_second_superior_releases_the_days(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org)
    await act((await satu_tugas(row["case_id"]))["id"], "setujui", user=await org.people["kasi"].current())
    task = await satu_tugas(row["case_id"])
    kabid = await org.people["kabid"].current()
    with pytest.raises(ActionError):  # a refusal says why
        await act(task["id"], "tolak", user=kabid)
    await act(task["id"], "tolak", user=kabid, note="Bertepatan dengan pameran produk IKM")
    assert (await get_case(row["case_id"]))["state"] == "ditolak"
    row = await cuti.get_cuti(row["id"])
    assert row["status"] == "ditolak" and row["keterangan"]["putusan"][-1]["catatan"].startswith("Bertepatan")
    assert (await saldo.saldo(org.pegawai["staf"], 2027)).tersedia == 12
    # The employee is told: the refusal ends the case, so no task of theirs would say it.
    told = await Notification.select(Notification.message).where(
        (Notification.user == org.people["staf"].id) & (Notification.link == f"/kepegawaian/cuti/{row['id']}"))
    assert [n["message"] for n in told] == ["Cuti Tahunan 16 Agu 2027 s.d. 20 Agu 2027: ditolak."]


async def test_deferred_leave_moves_to_the_next_year(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org)
    task = await satu_tugas(row["case_id"])
    await act(task["id"], "tangguhkan", user=await org.people["kasi"].current(), note="Kepentingan dinas mendesak")
    assert (await get_case(row["case_id"]))["state"] == "selesai"
    assert (await cuti.get_cuti(row["id"]))["status"] == "ditangguhkan"
    assert (await saldo.saldo(org.pegawai["staf"], 2027)).tangguh == -4
    assert (await saldo.saldo(org.pegawai["staf"], 2028)).tangguh == 4


async def test_only_annual_and_long_leave_can_be_deferred(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org, jenis=cuti.ALASAN_PENTING, mulai=date(2027, 8, 18), selesai=date(2027, 8, 19),
                       alasan="Pernikahan")
    task = await satu_tugas(row["case_id"])
    with pytest.raises(ActionError) as refused:
        await act(task["id"], "tangguhkan", user=await org.people["kasi"].current(), note="Mendesak")
    assert "ditangguhkan" in refused.value.messages[0]


async def test_bkd_refusal_ends_the_case_and_gives_the_days_back(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org)
    for who in ("kasi", "kabid"):
        await act((await satu_tugas(row["case_id"]))["id"], "setujui", user=await org.people[who].current())
    verif = await satu_tugas(row["case_id"])
    staf = await org.people["staf"].current()
    await act(verif["id"], "kirim", user=staf, data={"nomor_pengajuan": "SIPECUT-9"})
    await act(verif["id"], "ditolak_bkd", user=staf, note="Berkas tidak lengkap")
    assert (await get_case(row["case_id"]))["state"] == "ditolak"
    assert (await cuti.get_cuti(row["id"]))["status"] == "ditolak"
    assert (await saldo.saldo(org.pegawai["staf"], 2027)).tersedia == 12


async def test_a_refused_request_writes_nothing(dinas_cuti):
    from balai_kepegawaian.tables import Cuti

    org = await dinas_cuti()
    with pytest.raises(CutiError) as refused:  # starts on Independence Day, and is longer than the balance
        await ajukan(org, mulai=date(2027, 8, 17), selesai=date(2027, 9, 30))
    text = " ".join(refused.value.messages)
    assert "hari libur" in text and "tidak cukup" in text
    assert not await Cuti.exists().where(Cuti.pegawai == org.pegawai["staf"])
    assert (await saldo.saldo(org.pegawai["staf"], 2027)).dicadangkan == 0


async def test_the_pengelola_applies_for_an_ill_colleague(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org, jenis=cuti.SAKIT, mulai=date(2027, 8, 18), selesai=date(2027, 8, 20), oleh="pengelola",
                       keterangan={"surat_dokter": "445/12/RSUD-AWS"})
    case = await get_case(row["case_id"])
    assert case["opened_by"] == org.people["pengelola"].id and case["requester"] == org.people["staf"].id
    # The approval goes to the colleague's own superior, not the Pengelola's.
    assert (await satu_tugas(case["id"]))["assignee"] == org.people["kasi"].id
    assert await alur.boleh_lihat(await org.people["staf"].current(), row)


async def test_a_colleague_cannot_apply_for_someone_else(dinas_cuti):
    org = await dinas_cuti()
    with pytest.raises(CutiError):
        await ajukan(org, who="staf", oleh="rekan")


async def test_who_sees_and_who_acts(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org)
    for who in ("staf", "kasi", "kabid", "pengelola", "kadis"):
        assert await alur.boleh_lihat(await org.people[who].current(), row), who
    for who in ("rekan", "kabid_dagang", "staf_dagang", "keuangan"):
        assert not await alur.boleh_lihat(await org.people[who].current(), row), who
    task = await satu_tugas(row["case_id"])
    for who in ("rekan", "kabid", "kabid_dagang"):  # the Kabid's turn comes after the Kasi's
        with pytest.raises(ActionError):
            await act(task["id"], "setujui", user=await org.people[who].current())
    assert [r["id"] for r in await alur.menunggu_saya(await org.people["kasi"].current())] == [row["id"]]
    assert await alur.menunggu_saya(await org.people["kabid_dagang"].current()) == []


async def test_a_plh_approves_while_the_kasi_is_away(dinas_cuti, make_user):
    from balai.workflow import delegation

    org = await dinas_cuti()
    admin = await (await make_user(is_admin=True)).current()
    await delegation.appoint(admin, position_id=org.positions["agro"], to_user_id=org.people["rekan"].id, kind="plh",
                             starts_on=today(), ends_on=today() + timedelta(days=6),
                             letter_number="800.1.11/77/Sek.Um/2026", letter_date=today())
    row = await ajukan(org)
    task = await satu_tugas(row["case_id"])
    rekan = await org.people["rekan"].current()
    assert [r["id"] for r in await alur.menunggu_saya(rekan)] == [row["id"]]
    await act(task["id"], "setujui", user=rekan)
    approved = [e for e in await timeline(row["case_id"]) if e["step"] == "atasan_langsung"][-1]
    assert "Plh." in approved["actor_name"] and approved["data"]["sebagai"]["awalan"] == "Plh."


async def test_the_kepala_dinas_is_approved_outside_the_dinas(dinas_cuti, make_user):
    org = await dinas_cuti()
    row = await ajukan(org, who="kadis")
    task = await satu_tugas(row["case_id"])
    assert task["step"] == "atasan_langsung" and task["outside"] and task["assignee"] is None
    with pytest.raises(ActionError):  # only an administrator records an outside step
        await act(task["id"], "setujui", user=await org.people["kadis"].current())
    admin = await (await make_user(is_admin=True)).current()
    await act(task["id"], "setujui", user=admin, note="Disetujui Sekretaris Daerah")
    # One outside approval: the second-level step is passed over.
    nxt = await satu_tugas(row["case_id"])
    assert nxt["step"] == "verifikasi" and nxt["assignee"] == org.people["kadis"].id
    skipped = [e for e in await timeline(row["case_id"]) if e["step"] == "atasan_kedua"]
    assert skipped and skipped[0]["action"] == "lewati"


async def test_the_sekretaris_second_approval_is_outside(dinas_cuti):
    org = await dinas_cuti()
    row = await ajukan(org, who="sekretaris")
    first = await satu_tugas(row["case_id"])
    assert first["assignee"] == org.people["kadis"].id
    await act(first["id"], "setujui", user=await org.people["kadis"].current())
    second = await satu_tugas(row["case_id"])
    assert second["step"] == "atasan_kedua" and second["outside"]


async def test_the_sop_13_sheet_renders_from_its_definition(login, make_user):
    c = await login(await make_user(is_admin=True))
    page = await c.get("/sop/kepegawaian.cuti/sheet")
    assert page.status_code == 200
    for text in ("067/3323/SEK.UM/DP2KUKM", "Cuti PNS", "Peraturan BKN No.7 Tahun 2021", "Pergub No. 4 Tahun 2006",
                 "Memahami prosedur dan mekanisme permohonan cuti", "SOP Absen", "Telpon/Whataspp",
                 "SOP ini berpengaruh terhadap pelaksanaan SOP lainnya", "Disimpan sebagai data elektronik dan manual",
                 "Monitoring persetujuan dari verifikator cuti BKD Kaltim", "Atasan dari atasan langsung", "PNS",
                 "Pengelola Kepegawaian", "30 Menit"):
        assert text in page.text, text
    pdf = await c.get("/sop/kepegawaian.cuti/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_the_employee_withdraws_a_waiting_request_and_the_days_come_back(dinas_cuti, login):
    from balai.testing import csrf_from

    org = await dinas_cuti()
    row = await ajukan(org)
    assert (await saldo.saldo(org.pegawai["staf"], 2027)).dicadangkan == 4
    # A colleague cannot; the reason is required; then the employee can, from the request's page.
    with pytest.raises(CutiError):
        await alur.batalkan(await org.people["rekan"].current(), row, "Bukan miliknya")
    c = await login(org.people["staf"])
    page = await c.get(f"/kepegawaian/cuti/{row['id']}")
    assert 'data-testid="batalkan-cuti"' in page.text
    refused = await c.post(f"/kepegawaian/cuti/{row['id']}/batalkan",
                           data={"_csrf_token": csrf_from(page.text), "catatan": " "})
    assert refused.status_code == 400 and "alasan pembatalan" in refused.text
    done = await c.post(f"/kepegawaian/cuti/{row['id']}/batalkan",
                        data={"_csrf_token": csrf_from(page.text), "catatan": "Acara keluarga diundur"},
                        follow_redirects=False)
    assert done.status_code == 303
    assert (await cuti.get_cuti(row["id"]))["status"] == cuti.DIBATALKAN
    s = await saldo.saldo(org.pegawai["staf"], 2027)
    assert (s.dicadangkan, s.tersedia) == (0, 12)
    case = await get_case(row["case_id"])
    assert case["state"] == "dibatalkan" and not await terbuka(case["id"])
    assert (await timeline(case["id"]))[-1]["note"] == "Acara keluarga diundur"
    # Nothing more to withdraw; the API says so with a reason.
    again = await c.post(f"/api/kepegawaian/cuti/{row['id']}/batal", json={"catatan": "Lagi"})
    assert again.status_code == 400 and again.json()["extra"]["messages"]


async def test_an_approved_leave_not_yet_begun_is_withdrawn_through_the_api(dinas_cuti, login):
    org = await dinas_cuti()
    row = await ajukan(org)
    case_id = row["case_id"]
    await act((await satu_tugas(case_id))["id"], "setujui", user=await org.people["kasi"].current())
    await act((await satu_tugas(case_id))["id"], "setujui", user=await org.people["kabid"].current())
    staf = await org.people["staf"].current()
    await act((await satu_tugas(case_id))["id"], "kirim", user=staf, data={"nomor_pengajuan": "PECUT/2027/88"})
    await act((await satu_tugas(case_id))["id"], "disetujui", user=staf)
    assert (await cuti.get_cuti(row["id"]))["status"] == cuti.DISETUJUI
    assert (await saldo.saldo(org.pegawai["staf"], 2027)).dipakai == 4
    c = await login(org.people["staf"])
    r = await c.post(f"/api/kepegawaian/cuti/{row['id']}/batal", json={"catatan": "Tugas dinas mendadak"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == cuti.DIBATALKAN
    s = await saldo.saldo(org.pegawai["staf"], 2027)
    assert (s.dipakai, s.tersedia) == (0, 12)
    assert (await get_case(case_id))["state"] == "dibatalkan"


async def test_the_permit_is_signed_by_the_kepala_dinas_of_the_file_or_the_plh_of_the_day(dinas_cuti, make_user):
    """No signature block set: the Kepala Dinas as the personnel file has them (name, NIP); while a
    Plh stands in for the Kepala Dinas, the permit is signed "Plh. Kepala Dinas" by the Plh."""
    from balai.api import signature
    from balai.workflow import delegation
    from balai_kepegawaian import pegawai

    org = await dinas_cuti()
    row = await ajukan(org)
    block = await izin.penanda_tangan(row, atasan_luar=False)
    kadis = await pegawai.ambil(org.pegawai["kadis"])
    if await signature("kepala_dinas") is None:
        assert (block.printed_title, block.name, block.nip) == (
            "Kepala Dinas", pegawai.nama_lengkap(kadis), pegawai.format_nip(kadis["nip"]))
    admin = await (await make_user(is_admin=True)).current()
    await delegation.appoint(admin, position_id=org.positions["dinas"], to_user_id=org.people["sekretaris"].id,
                             kind="plh", starts_on=today(), ends_on=today() + timedelta(days=3),
                             letter_number="800.1.11/78/Sek.Um/2026", letter_date=today())
    acting = await izin.penanda_tangan(row, atasan_luar=False)
    sekretaris = await pegawai.ambil(org.pegawai["sekretaris"])
    assert acting.printed_title.startswith("Plh. ") and acting.name == pegawai.nama_lengkap(sekretaris)
    assert acting.nip == pegawai.format_nip(sekretaris["nip"])
