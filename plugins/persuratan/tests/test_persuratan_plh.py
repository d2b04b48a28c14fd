"""SOP 16 while the Kepala Bidang and the Kepala Dinas are away: their Plh approve and sign the
outgoing letter in their place, and the letter prints it (paraf "Plh. Kepala Bidang ...", the
signature block "Plh. Kepala Dinas" with the Plh's own name and NIP)."""

from __future__ import annotations

from datetime import timedelta

from balai.api import timeline, today
from balai.testing import csrf_from
from balai_persuratan import naskah
from balai_persuratan.tables import SuratKeluar

from tests.pdftext import extract_text
from tests.standin_support import small_dinas
from tests.workflow_support import open_tasks

KADIS = "Heni Purwaningsih, S.Si., M.Si."


async def _only(case_id: int, step: str) -> dict:
    tasks = [t for t in await open_tasks(case_id) if t["step"] == step]
    assert len(tasks) == 1, [t["step"] for t in await open_tasks(case_id)]
    return tasks[0]


async def _act(c, task_id: int, action: str):
    page = await c.get(f"/tasks/{task_id}")
    assert page.status_code == 200, page.text[:300]
    return await c.post(f"/tasks/{task_id}/act", data={"action": action, "_csrf_token": csrf_from(page.text)},
                        follow_redirects=False)


async def _plh(make_user, org, position: str, who: str) -> dict:
    from balai.workflow import delegation

    admin = await (await make_user(is_admin=True)).current()
    return await delegation.appoint(admin, position_id=org.positions[position], to_user_id=org.people[who].id,
                                    kind="plh", starts_on=today(), ends_on=today() + timedelta(days=6),
                                    letter_number="800/45/Sek.Um/2026", letter_date=today())


async def test_a_letter_approved_and_signed_by_plh_prints_plh(app, demo, make_user, login):
    from balai.demo import assign
    from balai.identity.tables import Position, User
    from balai.officialdocs import letterhead as lh
    from balai.settings import service as settings

    org = await small_dinas(make_user)
    drafter = await make_user(full_name="Penyusun Konsep Uji")
    await assign(drafter.id, "staf", org.units["bidang"])
    await Position.insert(Position(name="Pelaksana", unit=org.units["bidang"], holder=drafter.id))
    sekretaris = org.people["sekretaris"]
    await User.update({User.nip: "198001012005011002", User.golongan: "IV/a"}).where(User.id == sekretaris.id)
    await _plh(make_user, org, "bidang", "kasi")
    await _plh(make_user, org, "dinas", "sekretaris")
    before = await settings.read([lh.SIGNATURES])
    await settings.write(lh.SIGNATURES, [{"code": "kepala_dinas", "title": "Kepala Dinas", "name": KADIS,
                                          "pangkat": "Pembina Utama Muda", "nip": "19730314 199803 2 009"}])
    try:
        c = await login(drafter)
        page = await c.get("/persuratan/keluar/baru?jenis=surat_biasa")
        r = await c.post("/persuratan/keluar/baru", data={
            "jenis": "surat_biasa", "tujuan": "Kepala Dinas Perdagangan Kota Samarinda", "perihal": "Data IKM binaan",
            "sifat": "biasa", "urgensi": "biasa", "lampiran": "0", "isi": "Dengan hormat,\n\nMohon data IKM binaan.",
            "ajukan": "1", "_csrf_token": csrf_from(page.text)}, follow_redirects=False)
        assert r.status_code == 303, r.text[:500]
        surat_id = int(r.headers["location"].rsplit("/", 1)[1])
        case_id = (await SuratKeluar.select(SuratKeluar.case_id).where(SuratKeluar.id == surat_id).first())["case_id"]

        # The Kepala Bidang's approval reaches the Kasi who is Plh, and the Plh approves.
        plh_kabid = await login(org.people["kasi"])
        assert (await _act(plh_kabid, (await _only(case_id, "periksa_kabid"))["id"], "setuju")).status_code == 303
        approved = [e for e in await timeline(case_id) if e["step"] == "periksa_kabid"][-1]
        assert "(Plh. Kepala Bidang Perindustrian Uji" in approved["actor_name"]

        # The Sekretaris approves (the demo's: the nearest holder of the role), then the Sekretaris of
        # this Dinas, Plh of the Kepala Dinas, signs.
        demo_sek = await login("demo.sekretaris")
        assert (await _act(demo_sek, (await _only(case_id, "periksa_sekretaris"))["id"], "setuju")).status_code == 303
        sek = await login(sekretaris)
        assert (await _act(sek, (await _only(case_id, "tanda_tangan"))["id"], "tanda_tangan")).status_code == 303

        surat = await SuratKeluar.select().where(SuratKeluar.id == surat_id).first()
        surat["isi"] = {"isi": "Dengan hormat,\n\nMohon data IKM binaan.", "isian": {}}
        signer = await naskah.penanda_tangan(surat)
        assert signer.printed_title == "Plh. Kepala Dinas" and signer.name == org.people["sekretaris"].full_name
        plain = await naskah.konsep_surat(surat, compress=False)
        text = " ".join(extract_text(plain))
        assert "Plh. Kepala Dinas," in text and org.people["sekretaris"].full_name in text
        assert "NIP. 19800101 200501 1 002" in text and KADIS not in text
        assert "Plh. Kepala Bidang Perindustrian Uji" in text and org.people["kasi"].full_name in text  # the paraf
        from balai.identity.tables import User

        demo_name = (await User.select(User.full_name).where(User.username == "demo.sekretaris").first())["full_name"]
        assert demo_name in text  # the Sekretaris's own paraf, by name
        # The page's own PDF (what the drafter downloads) is the same letter.
        pdf = await c.get(f"/persuratan/keluar/{surat_id}/surat.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    finally:
        await settings.write(lh.SIGNATURES, before.get(lh.SIGNATURES, []))


async def test_without_a_stand_in_the_letter_prints_the_holder(app, demo, make_user):
    from balai.officialdocs.letterhead import Signature

    block = Signature(title="Kepala Dinas", name=KADIS, nip="19730314 199803 2 009", code="kepala_dinas")
    surat = {"case_id": None}
    from balai.api import acting_signature

    assert await acting_signature(block, None) == block
    assert await acting_signature(block, {"actor": 1, "data": {}}) == block
    assert await naskah.paraf(surat) == []
