"""The ASN berprestasi pages (SOP 10): the Kasubag Umum opens a month (bad months explained, the input
kept), each head scores their own people from the task panel (a wrong score re-displayed with its
Indonesian message, another unit's person or oneself refused), the Pengelola's recap with the
computation and the ties, the proposal's reason, the criteria page, the office page of the
outstanding employees, a person's history, and the SOP sheet from its definition.

Months of their own, as in test_prestasi.py (one database for every test)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from balai.api import act

from balai.testing import csrf_from
from balai_kepegawaian import prestasi as ps

sys.path.insert(0, str(Path(__file__).parent))  # the month's helpers are test_prestasi.py's
from test_prestasi import KODE, NILAI, _sop_10_hooked, buka_bulan, nilai_semua, terbuka, u  # noqa: E402


pytestmark = pytest.mark.skipif(not _sop_10_hooked(), reason="SOP 10 hooks not in balai_kepegawaian/__init__.py")


def isian(pid: int, scores) -> dict:
    return {f"n-{pid}-{k}": str(v).replace(".", ",") for k, v in zip(KODE, scores)}


async def test_the_kasubag_opens_a_month_and_bad_months_are_explained(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["kasubag"])
    home = await c.get("/kepegawaian/prestasi")
    assert home.status_code == 200 and 'data-testid="form-buka"' in home.text
    token = csrf_from(home.text)
    bad = await c.post("/kepegawaian/prestasi/buka", data={"periode": "2023-13", "_csrf_token": token})
    assert bad.status_code == 400
    assert "Tulis bulan sebagai tahun-bulan, misalnya 2026-11." in bad.text and 'value="2023-13"' in bad.text
    ok = await c.post("/kepegawaian/prestasi/buka", data={"periode": "2023-01", "_csrf_token": token},
                      follow_redirects=False)
    assert ok.status_code in (302, 303)
    row = await ps.periode_dari_teks("2023-01")
    assert ok.headers["location"] == f"/kepegawaian/prestasi/{row['id']}"
    again = await c.post("/kepegawaian/prestasi/buka", data={"periode": "2023-01", "_csrf_token": token})
    assert again.status_code == 409 and "Periode Januari 2023 sudah dibuka." in again.text

    # The form of the month is in the Kasubag's task panel, Balai's default criteria marked as such.
    [susun] = await terbuka(row)
    page = await c.get(f"/tasks/{susun['id']}")
    assert page.status_code == 200 and 'data-testid="panel-prestasi"' in page.text
    assert 'data-testid="kriteria-bawaan"' in page.text and "Capaian kinerja dan hasil kerja" in page.text

    # Only the Kasubag Umum opens a month.
    staf = await login(org.people["staf"])
    home = await staf.get("/kepegawaian/prestasi")
    assert home.status_code == 200 and 'data-testid="form-buka"' not in home.text
    refused = await staf.post("/kepegawaian/prestasi/buka", data={"periode": "2023-02", "_csrf_token": csrf_from(home.text)})
    assert refused.status_code == 403 and await ps.periode_dari_teks("2023-02") is None


async def test_a_head_scores_their_own_people_in_the_task_panel(dinas_cuti, login):
    org = await dinas_cuti()
    row = await buka_bulan(org, "2023-03")
    task = next(t for t in await terbuka(row, "nilai") if t["unit"] == org.units["industri"])
    c = await login(org.people["kabid"])
    page = await c.get(f"/tasks/{task['id']}")
    assert page.status_code == 200 and 'data-testid="form-nilai"' in page.text
    for who in ("staf", "rekan", "kasi"):
        assert f'data-testid="orang-{org.pegawai[who]}"' in page.text, who
    for who in ("kabid", "staf_dagang", "pengelola"):
        assert f'data-testid="orang-{org.pegawai[who]}"' not in page.text, who
    token = csrf_from(page.text)
    url = f"/kepegawaian/prestasi/{row['id']}/nilai"

    # A score that is not a number: the form again, with what was typed and the reason.
    typed = {**isian(org.pegawai["staf"], NILAI["staf"]), f"n-{org.pegawai['staf']}-disiplin": "sembilan puluh"}
    bad = await c.post(url, data={**typed, "simpan": "1", "_csrf_token": token})
    assert bad.status_code == 400
    assert (f"{org.name('staf')}, S.E.: nilai Disiplin dan kehadiran harus angka 0 sampai 100 (paling banyak dua "
            "desimal).") in bad.text
    assert 'value="sembilan puluh"' in bad.text and 'value="95"' in bad.text

    # Another unit's person, or oneself, typed into the form: refused, nothing saved.
    for who, message in (("staf_dagang", "bukan pegawai unit yang Anda nilai"),
                         ("kabid", "Anda tidak dapat menilai diri sendiri.")):
        refused = await c.post(url, data={**isian(org.pegawai[who], NILAI["staf"]), "simpan": "1", "_csrf_token": token})
        assert refused.status_code == 403 and message in refused.text, who
    assert await ps.rekap(row) == []

    # A draft for one, then everyone and sent.
    saved = await c.post(url, data={**isian(org.pegawai["staf"], NILAI["staf"]), "simpan": "1", "_csrf_token": token},
                         follow_redirects=False)
    assert saved.status_code in (302, 303)
    page = await c.get(f"/tasks/{task['id']}")
    assert f'data-testid="hasil-{org.pegawai["staf"]}">91,00<' in page.text
    everyone = {}
    for who in ("staf", "rekan", "kasi"):
        everyone.update(isian(org.pegawai[who], NILAI[who]))
    sent = await c.post(url, data={**everyone, "kirim": "1", "_csrf_token": token}, follow_redirects=False)
    assert sent.status_code in (302, 303)
    assert [t for t in await terbuka(row, "nilai") if t["unit"] == org.units["industri"]] == []

    # Someone without a scoring task is refused.
    other = await login(org.people["kabid_dagang"])
    refused = await other.post(url, data={**isian(org.pegawai["rekan"], NILAI["rekan"]), "simpan": "1",
                                          "_csrf_token": csrf_from((await other.get("/kepegawaian/prestasi")).text)})
    assert refused.status_code == 403


async def test_the_recap_shows_the_computation_and_the_proposal_needs_a_reason(dinas_cuti, login):
    org = await dinas_cuti()
    row = await buka_bulan(org, "2023-04")
    await nilai_semua(org, row)
    c = await login(org.people["pengelola"])
    page = await c.get(f"/kepegawaian/prestasi/{row['id']}")
    assert page.status_code == 200
    assert f'data-testid="total-{org.pegawai["staf"]}">91,00<' in page.text
    for who in ("rekan", "pengelola"):
        assert re.search(rf'data-testid="rank-{org.pegawai[who]}">2 <span class="badge[^"]*">seri<', page.text), who
    assert f'data-testid="rank-{org.pegawai["staf_dagang"]}">4<' in page.text
    # rekan's row spelled out: 90 × 30% = 27,00 … 75 × 10% = 7,50.
    assert "90,00 × 30,00% = 27,00" in page.text and "85,00 × 15,00% = 12,75" in page.text
    # The ranking shows people's names, NIP and scores: the view is in the data-protection log.
    from balai.personaldata.tables import PersonalDataAccess

    assert await PersonalDataAccess.count().where(
        (PersonalDataAccess.record == f"kepegawaian_prestasi_periode:{row['id']}")
        & (PersonalDataAccess.actor == org.people["pengelola"].id)) == 1

    [rekap] = await terbuka(row, "rekap")
    panel = await c.get(f"/tasks/{rekap['id']}")
    assert panel.status_code == 200 and 'data-testid="form-usulan"' in panel.text
    url = f"/kepegawaian/prestasi/{row['id']}/usulan"
    bad = await c.post(url, data={"terpilih": str(org.pegawai["rekan"]), "catatan": "", "_csrf_token": csrf_from(panel.text)})
    assert bad.status_code == 400
    assert f"{org.name('rekan')}, S.E. bukan peringkat pertama: tuliskan alasannya di catatan." in bad.text
    assert re.search(rf'<option value="{org.pegawai["rekan"]}" selected', bad.text)
    ok = await c.post(url, data={"terpilih": str(org.pegawai["rekan"]), "catatan": "Inovasi layanan daring.",
                                 "_csrf_token": csrf_from(panel.text)}, follow_redirects=False)
    assert ok.status_code in (302, 303)
    row = await ps.periode(row["id"])
    assert (row["terpilih"], row["catatan"], row["status"]) == (org.pegawai["rekan"], "Inovasi layanan daring.", ps.REKAP)

    # A head sees only the people of the units they score; the staff do not see the month at all.
    assert (await (await login(org.people["staf"])).get(f"/kepegawaian/prestasi/{row['id']}")).status_code == 404


async def test_the_office_page_and_a_persons_history(dinas_cuti, login):
    org = await dinas_cuti()
    row = await buka_bulan(org, "2023-05")
    await nilai_semua(org, row)
    pengelola, kadis = await u(org, "pengelola"), await u(org, "kadis")
    await ps.ajukan_rekap(pengelola, row, org.pegawai["staf"], "")
    # The Kepala Dinas reads the ranking and whom the recap proposes, then signs the SK from the panel.
    kadis_c = await login(org.people["kadis"])
    [task] = await terbuka(row, "putusan")
    panel = await kadis_c.get(f"/tasks/{task['id']}")
    assert panel.status_code == 200 and 'data-testid="ranking"' in panel.text
    assert f"Diusulkan: {org.name('staf')}, S.E., nilai akhir 91,00." in panel.text
    for step, action, who in (("putusan", "setujui", kadis), ("sk", "terbitkan", pengelola)):
        [task] = await terbuka(row, step)
        await act(task["id"], action, user=who)
    [task] = await terbuka(row, "tandatangani")
    panel = await kadis_c.get(f"/tasks/{task['id']}")
    assert 'data-testid="unduh-sk"' in panel.text
    month = await (await login(org.people["pengelola"])).get(f"/kepegawaian/prestasi/{row['id']}")
    assert "Penandatanganan SK (Kepala Dinas)" in month.text
    await act(task["id"], "tandatangani", user=kadis)
    sk = await ps.sk_terbit(row["case_id"])

    c = await login(org.people["staf_dagang"])
    home = await c.get("/kepegawaian/prestasi")
    assert home.status_code == 200
    best = re.search(r'data-testid="terbaik-2023-05">(.*?)</li>', home.text, re.S).group(1)
    assert org.name("staf") in best and "Mei 2023" in best and sk["number"] in best and "91,00" in best
    # Only one's own history (or the Pengelola's view of anyone's).
    mine = await c.get(f"/kepegawaian/prestasi/pegawai/{org.pegawai['staf_dagang']}")
    assert mine.status_code == 200 and 'data-testid="riwayat-2023-05"' in mine.text and "4 dari 7" in mine.text
    assert (await c.get(f"/kepegawaian/prestasi/pegawai/{org.pegawai['staf']}")).status_code == 404
    other = await (await login(org.people["pengelola"])).get(f"/kepegawaian/prestasi/pegawai/{org.pegawai['staf']}")
    assert other.status_code == 200 and "ASN berprestasi" in other.text


async def test_the_criteria_page_keeps_bad_input(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["kasubag"])
    page = await c.get("/kepegawaian/prestasi/kriteria")
    assert page.status_code == 200 and 'data-testid="versi-bawaan"' in page.text
    data = {"nama_0": "Kinerja", "bobot_0": "60", "nama_1": "Disiplin", "bobot_1": "30",
            "berlaku_mulai": "2099-02-01", "sumber": "", "_csrf_token": csrf_from(page.text)}
    bad = await c.post("/kepegawaian/prestasi/kriteria", data=data)
    assert bad.status_code == 400
    assert "Jumlah bobot harus 100; sekarang 90." in bad.text
    assert "Sebutkan dasar perubahan (misalnya nomor keputusan Kepala Dinas)." in bad.text
    assert 'value="Disiplin"' in bad.text and 'value="30"' in bad.text
    bad = await c.post("/kepegawaian/prestasi/kriteria", data={**data, "berlaku_mulai": "31-02-2099", "bobot_0": "70",
                                                               "sumber": "Keputusan 800/2/2099"})
    assert bad.status_code == 400 and "Tanggal tidak sah" in bad.text and 'value="31-02-2099"' in bad.text
    ok = await c.post("/kepegawaian/prestasi/kriteria", data={**data, "bobot_0": "70", "sumber": "Keputusan 800/2/2099"},
                      follow_redirects=False)
    assert ok.status_code in (302, 303)
    latest = (await ps.versi_kriteria())[0]
    assert ([k["kode"] for k in latest["kriteria"]], latest["berlaku_mulai"].isoformat()) == (
        ["kinerja", "disiplin"], "2099-02-01")
    assert (await (await login(org.people["staf"])).get("/kepegawaian/prestasi/kriteria")).status_code == 403


async def test_the_sop_10_sheet_renders_from_its_definition(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["pengelola"])
    sheet = await c.get("/sop/kepegawaian.prestasi/sheet")
    assert sheet.status_code == 200
    for part in ("067/366-9/SEK.UM/DP2KUKM", "Membuat draft form penilaian ASN Berprestasi Bulanan",
                 "Mengedarkan form penilaian kepada Pejabat Eselon III", "Membuat SK penetapan pegawai berprestasi",
                 "Pergub Kalimantan Timur No. 70 Tahun 2019"):
        assert part in sheet.text, part
    pdf = await c.get("/sop/kepegawaian.prestasi/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_the_pengelola_circulates_the_form_from_the_panel(dinas_cuti, login):
    org = await dinas_cuti()
    kasubag = await u(org, "kasubag")
    row = await ps.buka("2023-06", user=kasubag, unit_id=org.units["umum"], hari_ini=ps.today())
    [susun] = await terbuka(row)
    await act(susun["id"], "siapkan", user=kasubag)
    [edarkan] = await terbuka(row, "edarkan")
    c = await login(org.people["pengelola"])
    page = await c.get(f"/tasks/{edarkan['id']}")
    assert page.status_code == 200 and 'data-testid="form-edarkan"' in page.text
    plan = re.search(r'data-testid="rencana-edaran">(.*?)</table>', page.text, re.S).group(1)
    # Each Eselon III unit with whom its task reaches: the Sekretariat through its head.
    assert f"Sekretariat {org.tag}" in plan and org.name("sekretaris") in plan and "kepala unit" in plan
    assert org.name("kabid") in plan and org.name("kabid_dagang") in plan
    # The staff cannot send it.
    staf = await login(org.people["staf"])
    refused = await staf.post(f"/kepegawaian/prestasi/{row['id']}/edarkan",
                              data={"_csrf_token": csrf_from((await staf.get("/kepegawaian/prestasi")).text)})
    assert refused.status_code == 403
    sent = await c.post(f"/kepegawaian/prestasi/{row['id']}/edarkan", data={"_csrf_token": csrf_from(page.text)},
                        follow_redirects=False)
    assert sent.status_code in (302, 303)
    assert sorted(t["unit"] for t in await terbuka(row, "nilai")) == sorted(
        org.units[c] for c in ("sekretariat", "industri", "dagang"))
    # Sent once: a second press is told the form is not waiting any more.
    again = await c.post(f"/kepegawaian/prestasi/{row['id']}/edarkan", data={"_csrf_token": csrf_from(page.text)},
                         follow_redirects=False)
    assert again.status_code in (302, 303) and len(await terbuka(row, "nilai")) == 3
