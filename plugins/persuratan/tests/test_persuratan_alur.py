"""SOP 15 end to end through the task pages: verification, disposition to two Bidang, a nested
disposition with instruction and deadline, follow-up reports, archiving; and the definitions."""

from __future__ import annotations

import re
from datetime import date, timedelta

from balai.api import get_case
from balai_persuratan import alur, naskah, sop
from balai_persuratan.tables import Distribusi, SuratMasuk, TindakLanjut

from tests.pdftext import extract_text
from balai.testing import csrf_from
from tests.workflow_support import open_tasks, person


# (no, actor, time, output) per step, as printed on the seed's sheets.
SEED_15 = [
    (1, "pengelola_surat_umum", "5 Menit per surat", "Lembar disposisi"),
    (2, "kasubag_umum", "2 - 3 Menit per surat", "Paraf verifikasi"),
    (3, "sekretaris", "3 - 5 Menit per surat", "Disposisi"),
    (4, "kepala_dinas", "3 - 5 Menit per surat", "Disposisi/arahan"),
    (5, "pengelola_surat_umum", "5 Menit per surat", "Tanda terima"),
    (6, "pengelola_surat_bidang", "3 Menit per surat", "Surat"),
    (7, "kepala_bidang", "3 - 20 Menit per surat", "Disposisi dan hasil tindaklanjut"),
    (8, "staf", "3 - 20 Menit per surat", "Disposisi dan hasil tindaklanjut"),
    (9, "pengelola_surat_bidang", "3 Menit per surat", "Surat dan hasil tindaklanjut"),
]
SEED_16 = [
    (1, "staf", "15 Menit", "Konsep surat"),
    (2, "kepala_bidang", "5 Menit", "Paraf / Koreksi"),
    (3, "sekretaris", "5 Menit", "Paraf / Koreksi"),
    (4, "kepala_dinas", "5 Menit", "Tanda tangan / koreksi"),
    (5, "staf", "2 Menit", "Surat diserahkan ke pengelola surat"),
    (6, "pengelola_surat_umum", "5 Menit", "Surat telah dinomori"),
    (7, "staf", "2 Menit", "Tanda terima, Arsip"),
    (8, "caraka", "5 Menit - 1 Jam", "Tanda terima"),
    (8, "pengelola_surat_bidang", "5 Menit - 1 Jam", "Daftar Arsip"),
]


def test_definitions_follow_the_seed_sheets(app):
    loaded = app.state.sops
    for code, expected, nomor in ((sop.SURAT_MASUK, SEED_15, "067/3325/Sek.Um/SOP/DP2KUKM/2022"),
                                  (sop.SURAT_KELUAR, SEED_16, "067/3326/Sek.Um/SOP/DP2KUKM/2022")):
        definition = loaded[code]
        assert definition.header.nomor == nomor
        assert definition.header.tanggal_efektif == date(2023, 12, 11)
        assert [(s.no, s.actor, s.time, s.output) for s in definition.steps] == expected
        assert all(s.time_standard is not None for s in definition.steps)
    surat_masuk = loaded[sop.SURAT_MASUK]
    assert surat_masuk.step("verifikasi").skip_if({"data": {"urgent": True}})
    assert not surat_masuk.step("verifikasi").skip_if({"data": {"urgent": False}})
    assert "Lembar Disposisi" in surat_masuk.header.peralatan
    assert loaded[sop.SURAT_KELUAR].step("kirim").time_standard.high.unit == "jam"


async def act(c, task_id: int, action: str, **data):
    page = await c.get(f"/tasks/{task_id}")
    assert page.status_code == 200, page.text
    return await c.post(f"/tasks/{task_id}/act", data={"action": action, "_csrf_token": csrf_from(page.text), **data},
                        follow_redirects=False)


async def only(case_id: int, step: str) -> dict:
    tasks = [t for t in await open_tasks(case_id) if t["step"] == step]
    assert len(tasks) == 1, [(t["step"], t["unit"]) for t in await open_tasks(case_id)]
    return tasks[0]


async def registered(c, form, register, **over) -> dict:
    nomor = over.pop("nomor_surat", f"SM/{date.today().isoformat()}/{id(over)}")
    r = await register(c, form(nomor_surat=nomor, **over))
    assert r.status_code == 303, r.text
    return await SuratMasuk.select().where(SuratMasuk.nomor_surat == nomor).first()


async def test_urgent_letter_goes_straight_to_the_sekretaris(login, form, register):
    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, urgensi="sangat_segera")
    steps = [t["step"] for t in await open_tasks(surat["case_id"])]
    assert steps == ["disposisi_sekretaris"]


async def test_sop15_disposition_to_two_bidang_down_to_the_archive(app, demo, login, form, register):
    kabid_dag = await person(app, ("kepala_bidang", demo["perdagangan"]), name="Kabid Perdagangan Uji")
    arsip_dag = await person(app, ("pengelola_surat_bidang", demo["perdagangan"]), name="Arsip Perdagangan Uji")
    staf = await login("demo.staf")
    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Rapat koordinasi perdagangan antarpulau")
    case_id = surat["case_id"]

    kasubag = await login("demo.kasubag-umum")
    assert (await act(kasubag, (await only(case_id, "verifikasi"))["id"], "paraf")).status_code == 303

    sekretaris = await login("demo.sekretaris")
    task = await only(case_id, "disposisi_sekretaris")
    panel = await sekretaris.get(f"/persuratan/panel/{case_id}/{task['id']}")
    assert "Rapat koordinasi perdagangan antarpulau" in panel.text
    due = (date.today() + timedelta(days=3)).isoformat()
    r = await act(sekretaris, task["id"], "disposisi", unit_ids=[str(demo["industri"]), str(demo["perdagangan"])],
                  instruksi="Hadiri dan laporkan hasilnya", batas=due, note="Penting untuk program 2026")
    assert r.status_code == 303, r.text

    distribusi = [t for t in await open_tasks(case_id) if t["step"] == "distribusi"]
    assert sorted(t["unit"] for t in distribusi) == sorted([demo["industri"], demo["perdagangan"]])
    assert {t["instruction"] for t in distribusi} == {"Hadiri dan laporkan hasilnya"}
    for t in distribusi:
        assert (await act(clerk, t["id"], "serahkan")).status_code == 303

    arsip_ind = await login("demo.pengelola-surat-bidang")
    arsip_dag_c = await login(arsip_dag.username)
    for c, unit in ((arsip_ind, "industri"), (arsip_dag_c, "perdagangan")):
        t = next(t for t in await open_tasks(case_id) if t["step"] == "catat_bidang" and t["unit"] == demo[unit])
        assert (await act(c, t["id"], "serahkan")).status_code == 303
    units = {r["unit_id"] for r in await Distribusi.select().where(Distribusi.surat_masuk == surat["id"])}
    assert units == {demo["industri"], demo["perdagangan"]}

    # Bidang Industri: the Kabid disposes further to a staff member, with instruction and deadline.
    kabid_ind = await login("demo.kepala-bidang")
    from balai.identity.tables import User

    staf_row = await User.select(User.id).where(User.username == "demo.staf").first()
    t = next(t for t in await open_tasks(case_id) if t["step"] == "tindak_lanjut_kabid" and t["unit"] == demo["industri"])
    r = await act(kabid_ind, t["id"], "disposisi", user_ids=[str(staf_row["id"])], instruksi="Siapkan bahan paparan",
                  batas=due)
    assert r.status_code == 303, r.text
    staf_task = await only(case_id, "tindak_lanjut_staf")
    assert staf_task["instruction"] == "Siapkan bahan paparan" and staf_task["assignee"] == staf_row["id"]

    # Reporting without a follow-up is refused; with one it goes to the archivist.
    refused = await act(staf, staf_task["id"], "lapor")
    assert refused.status_code == 400 and "Tulis laporan tindak lanjut" in refused.text
    page = await staf.get(f"/persuratan/masuk/{surat['id']}")
    assert 'data-testid="form-tindak-lanjut"' in page.text
    r = await staf.post(f"/persuratan/masuk/{surat['id']}/tindak-lanjut",
                        data={"task_id": str(staf_task["id"]), "isi": "Bahan paparan sudah disiapkan",
                              "_csrf_token": csrf_from(page.text)},
                        files=[("berkas", ("paparan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))],
                        follow_redirects=False)
    assert r.status_code == 303
    # One press: the report is kept and the task reported (no second button to find).
    assert staf_task["id"] not in {t["id"] for t in await open_tasks(case_id)}

    # Bidang Perdagangan: the Kabid reports himself. A refused file keeps nothing, not even the report,
    # and the form comes back with what was typed.
    kabid_dag_c = await login(kabid_dag.username)
    t = next(t for t in await open_tasks(case_id) if t["step"] == "tindak_lanjut_kabid")
    page = await kabid_dag_c.get(f"/persuratan/masuk/{surat['id']}")
    refused = await kabid_dag_c.post(f"/persuratan/masuk/{surat['id']}/tindak-lanjut",
                                     data={"task_id": str(t["id"]), "isi": "Akan hadir bersama dua staf",
                                           "_csrf_token": csrf_from(page.text)},
                                     files=[("berkas", ("program.exe", b"MZ\x90\x00" + b"\0" * 60,
                                                        "application/x-msdownload"))])
    assert refused.status_code == 400 and 'data-testid="laporan-ditolak"' in refused.text
    assert "Akan hadir bersama dua staf</textarea>" in refused.text
    assert not await TindakLanjut.exists().where(TindakLanjut.task_id == t["id"])
    assert t["id"] in {x["id"] for x in await open_tasks(case_id)}
    r = await kabid_dag_c.post(f"/persuratan/masuk/{surat['id']}/tindak-lanjut",
                               data={"task_id": str(t["id"]), "isi": "Akan hadir", "_csrf_token": csrf_from(page.text)},
                               files=[("berkas", ("", b"", "application/octet-stream"))], follow_redirects=False)
    assert r.status_code == 303
    assert t["id"] not in {x["id"] for x in await open_tasks(case_id)}

    for c, unit_codes in ((arsip_ind, ("industri", "industri-agro")), (arsip_dag_c, ("perdagangan",))):
        for t in [t for t in await open_tasks(case_id) if t["step"] == "arsip"
                  and t["unit"] in {demo[u] for u in unit_codes}]:
            assert (await act(c, t["id"], "arsipkan")).status_code == 303
    case = await get_case(case_id)
    assert case["state"] == "selesai"
    row = await SuratMasuk.select().where(SuratMasuk.id == surat["id"]).first()
    assert row["status"] == "diarsipkan" and row["diarsipkan_pada"] is not None

    # The letter's page shows the whole tree and the follow-ups; the sheet carries the chain.
    page = await clerk.get(f"/persuratan/masuk/{surat['id']}")
    assert "Siapkan bahan paparan" in page.text and "Bahan paparan sudah disiapkan" in page.text
    assert "paparan.pdf" in page.text and "Bidang Perdagangan" in page.text
    # Each step by its own SOP's number (SOP 16 also has a step "arsip", numbered 8).
    assert "9. Menyerahkan surat beserta arsip" in page.text and "8. mengarsipkan surat" not in page.text
    pdf = await clerk.get(f"/persuratan/masuk/{surat['id']}/lembar-disposisi.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = " ".join(extract_text(await naskah.lembar_disposisi(row, await alur.rantai_disposisi(row), compress=False)))
    for expected in ("LEMBAR DISPOSISI", surat["nomor_surat"], "Hadiri dan laporkan hasilnya", "Bidang Perindustrian",
                     "Bidang Perdagangan", "Siapkan bahan paparan", f"{row['nomor_agenda']}/{row['tahun']}"):
        assert expected in text, expected


def test_sheets_of_sop15_and_16_render_from_the_definitions(app):
    from balai.sop.sheet import layout
    from balai.sop.sheet_pdf import render_pdf

    sheet = layout(app.state.sops[sop.SURAT_MASUK], app.state.catalogue)
    assert sheet.lanes == ["Pengelola Surat Bagian Umum", "Kepala Sub Bagian Umum", "Sekretaris", "Kepala Dinas",
                           "Pengelola Surat dan Arsip Bidang/UPTD", "Kepala Bidang / Kepala UPTD", "Staf / Pelaksana"]
    assert [r.time for r in sheet.rows] == [t for _no, _actor, t, _out in SEED_15]
    text = " ".join(extract_text(render_pdf(sheet, "Dinas Uji", compress=False)))
    for expected in ("067/3325/Sek.Um/SOP/DP2KUKM/2022", "Meneliti kembali dan memberi paraf verifikasi",
                     "Lembar Disposisi", "Heni Purwaningsih"):
        assert expected in text, expected
    sheet = layout(app.state.sops[sop.SURAT_KELUAR], app.state.catalogue)
    assert "Caraka" in sheet.lanes and [r.output for r in sheet.rows] == [o for _n, _a, _t, o in SEED_16]
    text = " ".join(extract_text(render_pdf(sheet, "Dinas Uji", compress=False)))
    assert "Membuat konsep surat keluar" in text and "067/3326/Sek.Um/SOP/DP2KUKM/2022" in text


async def test_reply_started_from_the_follow_up_is_linked_to_the_letter(login, form, register):
    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Permintaan data sentra IKM")
    staf = await login("demo.staf")
    assert (await staf.get(f"/persuratan/masuk/{surat['id']}")).status_code == 403  # not disposed to them yet
    page = await clerk.get(f"/persuratan/keluar/baru?membalas={surat['id']}")
    assert "Balasan: Permintaan data sentra IKM" in page.text
    r = await clerk.post("/persuratan/keluar/baru", data={
        "jenis": "surat_biasa", "membalas": str(surat["id"]), "tujuan": surat["pengirim"],
        "perihal": "Balasan: Permintaan data sentra IKM", "sifat": "biasa", "urgensi": "biasa", "lampiran": "0",
        "isi": "Bersama ini kami sampaikan data sentra IKM.", "_csrf_token": csrf_from(page.text)},
        follow_redirects=False)
    assert r.status_code == 303
    letter = await clerk.get(f"/persuratan/masuk/{surat['id']}")
    assert 'data-testid="balasan"' in letter.text and "Balasan: Permintaan data sentra IKM" in letter.text
    reply = await clerk.get(r.headers["location"])
    assert f'href="/persuratan/masuk/{surat["id"]}"' in reply.text


async def test_scans_are_readable_only_by_who_may_see_the_letter(login, form, register):
    from balai.api import list_documents

    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Surat rahasia uji akses")
    version = (await list_documents("persuratan_masuk", surat["id"]))[0]["current"]
    assert (await clerk.get(f"/documents/{version['id']}/download")).status_code == 200
    caraka = await login("demo.caraka")
    assert (await caraka.get(f"/documents/{version['id']}/download")).status_code in (403, 404)


async def test_a_bidang_without_its_letter_clerk_gets_the_letter_through_its_head(app, demo, login, form, register):
    """Issue 22 item 3: a Bidang without its Pengelola Surat dan Arsip Bidang. The letter disposed
    there reaches its Kepala Bidang at step 6 instead of sitting in nobody's inbox; a Bidang with
    neither a clerk nor a head is refused at the Sekretaris's disposition, with its name."""
    from balai.identity.tables import Unit

    rows = await Unit.insert(Unit(code="bidang-tanpa-pengelola-uji", name="Bidang Tanpa Pengelola Uji", kind="bidang",
                                  parent=demo["dinas"])).returning(Unit.id)
    koperasi = rows[0]["id"]
    kabid = await person(app, ("kepala_bidang", koperasi), name="Kabid Tanpa Pengelola Uji")
    rows = await Unit.insert(Unit(code="bidang-kosong-uji", name="Bidang Kosong Uji", kind="bidang",
                                  parent=demo["dinas"])).returning(Unit.id)
    kosong = rows[0]["id"]
    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Undangan koperasi", urgensi="sangat_segera")
    case_id = surat["case_id"]
    sekretaris = await login("demo.sekretaris")
    task = await only(case_id, "disposisi_sekretaris")
    refused = await act(sekretaris, task["id"], "disposisi", unit_ids=[str(kosong)], instruksi="Hadiri")
    assert refused.status_code == 400 and "Bidang Kosong Uji" in refused.text
    assert (await only(case_id, "disposisi_sekretaris"))["id"] == task["id"]
    r = await act(sekretaris, task["id"], "disposisi", unit_ids=[str(koperasi)], instruksi="Hadiri")
    assert r.status_code == 303, r.text
    assert (await act(clerk, (await only(case_id, "distribusi"))["id"], "serahkan")).status_code == 303
    step6 = await only(case_id, "catat_bidang")
    assert step6["unit"] == koperasi and step6["assignee"] == kabid.id
    c = await login(kabid.username)
    assert surat["nomor_surat"] in (await c.get("/inbox")).text or "Undangan koperasi" in (await c.get("/inbox")).text
    assert (await act(c, step6["id"], "serahkan")).status_code == 303
    assert (await only(case_id, "tindak_lanjut_kabid"))["unit"] == koperasi


async def test_the_sekretaris_forwarding_with_units_ticked_hands_them_to_the_kepala_dinas(app, demo, login, form,
                                                                                         register):
    """Issue 22 item 4: ticking two Bidang, writing an instruction and pressing "Teruskan ke Kepala
    Dinas" no longer drops them: the Kepala Dinas finds them ticked, as the Sekretaris's proposal."""
    await person(app, ("kepala_bidang", demo["perdagangan"]), name="Kabid Perdagangan Uji")
    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Usulan pameran", urgensi="sangat_segera")
    case_id = surat["case_id"]
    sekretaris = await login("demo.sekretaris")
    task = await only(case_id, "disposisi_sekretaris")
    due = (date.today() + timedelta(days=5)).isoformat()
    r = await act(sekretaris, task["id"], "ke_kepala_dinas", unit_ids=[str(demo["industri"]), str(demo["perdagangan"])],
                  instruksi="Siapkan stan pameran", batas=due)
    assert r.status_code == 303, r.text
    kadis = await login("demo.kepala-dinas")
    arahan = await only(case_id, "arahan_kepala_dinas")
    page = await kadis.get(f"/tasks/{arahan['id']}")
    assert 'data-testid="proposal"' in page.text and "Siapkan stan pameran" in page.text
    ticked = {int(u) for u in re.findall(r'value="(\d+)" id="unit-\d+"\s+checked', page.text)}
    assert ticked == {demo["industri"], demo["perdagangan"]}
    assert 'value="Siapkan stan pameran"' in page.text and f'value="{due}"' in page.text
    case_page = await kadis.get(f"/cases/{case_id}")
    assert "Usulan disposisi" in case_page.text
    # The Kepala Dinas disposes as proposed: one distribution task per Bidang.
    r = await act(kadis, arahan["id"], "arahan", unit_ids=[str(demo["industri"]), str(demo["perdagangan"])],
                  instruksi="Siapkan stan pameran", batas=due)
    assert r.status_code == 303, r.text
    assert sorted(t["unit"] for t in await open_tasks(case_id)) == sorted([demo["industri"], demo["perdagangan"]])


async def test_the_disposition_deadline_is_the_bidangs_follow_up_not_the_clerks_distribution(app, demo, login, form,
                                                                                              register):
    """Issue 22 item 7: the deadline the Sekretaris writes is the Bidang's work (step 7); the clerk's
    distribution and the Bidang's registering keep their minutes, and the instruction travels along."""
    from balai.api import local

    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Batas untuk bidang", urgensi="sangat_segera")
    case_id = surat["case_id"]
    sekretaris = await login("demo.sekretaris")
    due = date.today() + timedelta(days=10)
    r = await act(sekretaris, (await only(case_id, "disposisi_sekretaris"))["id"], "disposisi",
                  unit_ids=[str(demo["industri"])], instruksi="Telaah dan laporkan", batas=due.isoformat())
    assert r.status_code == 303, r.text
    distribusi = await only(case_id, "distribusi")
    assert local(distribusi["due_at"]).date() <= date.today() + timedelta(days=4)  # minutes, in working time
    assert (await act(clerk, distribusi["id"], "serahkan")).status_code == 303
    catat = await only(case_id, "catat_bidang")
    assert local(catat["due_at"]).date() < due and catat["instruction"] == "Telaah dan laporkan"
    arsip_ind = await login("demo.pengelola-surat-bidang")
    assert (await act(arsip_ind, catat["id"], "serahkan")).status_code == 303
    kabid = await only(case_id, "tindak_lanjut_kabid")
    assert local(kabid["due_at"]).date() == due and kabid["instruction"] == "Telaah dan laporkan"
    page = await (await login("demo.kepala-bidang")).get(f"/tasks/{kabid['id']}")
    assert "Telaah dan laporkan" in page.text


async def test_a_kepala_bidang_disposes_only_within_the_bidang(app, demo, login, form, register):
    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Dalam bidang", urgensi="sangat_segera")
    case_id = surat["case_id"]
    sekretaris = await login("demo.sekretaris")
    assert (await act(sekretaris, (await only(case_id, "disposisi_sekretaris"))["id"], "disposisi",
                      unit_ids=[str(demo["industri"])], instruksi="Tindak lanjuti")).status_code == 303
    assert (await act(clerk, (await only(case_id, "distribusi"))["id"], "serahkan")).status_code == 303
    arsip_ind = await login("demo.pengelola-surat-bidang")
    assert (await act(arsip_ind, (await only(case_id, "catat_bidang"))["id"], "serahkan")).status_code == 303
    kabid = await login("demo.kepala-bidang")
    task = await only(case_id, "tindak_lanjut_kabid")
    page = (await kabid.get(f"/tasks/{task['id']}")).text
    offered = {int(u) for u in re.findall(r'name="unit_ids" value="(\d+)"', page)}
    from balai.api import unit_tree

    below = (await unit_tree()).below[demo["industri"]]
    assert demo["industri-agro"] in offered and offered <= below - {demo["industri"]}
    refused = await act(kabid, task["id"], "disposisi", unit_ids=[str(demo["perdagangan"])], instruksi="Bantu")
    assert refused.status_code == 400 and "tidak dapat menerima disposisi" in refused.text


async def test_the_letters_history_reads_in_english_for_an_english_reader(login, form, register):
    """Issue 22 item 11: the timeline's actions are the SOP's own labels, translated when read."""
    clerk = await login("demo.pengelola-surat-umum")
    surat = await registered(clerk, form, register, perihal="Riwayat dalam bahasa Inggris")
    # Registering did step 1 ("Teruskan untuk verifikasi"): the timeline holds it.
    clerk.cookies.set("balai_locale", "en")
    page = (await clerk.get(f"/cases/{surat['case_id']}")).text
    assert "Forward for verification" in page and "Case opened" in page
    assert "Teruskan untuk verifikasi" not in page
