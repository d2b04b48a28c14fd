"""SOP 10, ASN berprestasi, through the service and the workflow: the weighted totals and the ranks
(ties included) worked by hand, who may score whom, the whole month from the form to the signed SK,
and the month opened once by the schedule however many workers run it.

Each test opens months of its own: a month is one row for the whole installation, and the tests
share one database.

Balai's default criteria weigh 30, 20, 15, 15, 10, 10 (kinerja, disiplin, pelayanan, kerja_sama,
inovasi, integritas); a total is Σ(nilai × bobot) / Σ bobot, rounded half up to two decimals:

    staf         95 90 90 90 85 90  28,5 + 18 + 13,5 + 13,5 + 8,5 + 9   = 91,00
    rekan        90 80 85 70 60 75  27 + 16 + 12,75 + 10,5 + 6 + 7,5    = 79,75
    pengelola    80 85 80 75 75 80  24 + 17 + 12 + 11,25 + 7,5 + 8      = 79,75
    staf_dagang  70 in all                                               = 70,00
    kasubag      65 in all                                               = 65,00
    kasi         60 in all                                               = 60,00
    keuangan     50 in all                                               = 50,00

so the ranks are 1, 2, 2 (a tie), 4, 5, 6, 7.
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from balai.api import ActionError, act, case_tasks, get_case, issued_pdf, render_document, timeline

from balai_kepegawaian import prestasi as ps
from balai_kepegawaian import prestasi_alur
from balai_kepegawaian.pegawai import Ditolak
from balai_kepegawaian.tables import PrestasiNilai, PrestasiPeriode

from tests.pdftext import extract_text

def _sop_10_hooked() -> bool:
    """Whether the plugin hands SOP 10 over (its hooks in balai_kepegawaian/__init__.py)."""
    import balai_kepegawaian

    return any(s.code == "kepegawaian.prestasi" for s in balai_kepegawaian.sop_definitions())


# Until the plugin's __init__.py declares SOP 10's hooks, these tests have nothing to run against.
pytestmark = pytest.mark.skipif(not _sop_10_hooked(), reason="SOP 10 hooks not in balai_kepegawaian/__init__.py")


KODE = ("kinerja", "disiplin", "pelayanan", "kerja_sama", "inovasi", "integritas")
NILAI = {
    "staf": (95, 90, 90, 90, 85, 90),
    "rekan": (90, 80, 85, 70, 60, 75),
    "pengelola": (80, 85, 80, 75, 75, 80),
    "staf_dagang": (70,) * 6,
    "kasubag": (65,) * 6,
    "kasi": (60,) * 6,
    "keuangan": (50,) * 6,
}
TOTAL = {"staf": 91.0, "rekan": 79.75, "pengelola": 79.75, "staf_dagang": 70.0, "kasubag": 65.0, "kasi": 60.0,
         "keuangan": 50.0}
PENILAI = {"kabid": ("staf", "rekan", "kasi"), "sekretaris": ("pengelola", "kasubag", "keuangan"),
           "kabid_dagang": ("staf_dagang",)}


def nilai_dari(scores) -> dict:
    return dict(zip(KODE, scores))


async def u(org, who: str):
    return await org.people[who].current()


async def terbuka(row: dict, step: str | None = None) -> list[dict]:
    return [t for t in await case_tasks(row["case_id"]) if t["state"] in ("terbuka", "menunggu")
            and (step is None or t["step"] == step)]


async def buka_bulan(org, teks: str) -> dict:
    """The Kasubag Umum opens ``teks`` and hands the form over; the Pengelola circulates it."""
    row = await ps.buka(teks, user=await u(org, "kasubag"), unit_id=org.units["umum"], hari_ini=date(2026, 12, 1))
    [susun] = await terbuka(row)
    assert susun["step"] == "susun"
    await act(susun["id"], "siapkan", user=await u(org, "kasubag"))
    await ps.edarkan(await u(org, "pengelola"), await ps.periode(row["id"]))
    return await ps.periode(row["id"])


async def nilai_semua(org, row: dict, kirim: bool = True) -> None:
    for head, people in PENILAI.items():
        await ps.simpan_nilai(await u(org, head), row, {org.pegawai[w]: nilai_dari(NILAI[w]) for w in people},
                              kirim=kirim)


# --- the computation ----------------------------------------------------------------------------------

def test_weighted_totals_by_hand():
    for who, scores in NILAI.items():
        assert ps.hitung(list(ps.BAWAAN), nilai_dari(scores))["total"] == TOTAL[who], who
    rincian = ps.hitung(list(ps.BAWAAN), nilai_dari(NILAI["rekan"]))["rincian"]
    assert [(r["kode"], r["persen"], r["hasil"]) for r in rincian] == [
        ("kinerja", 30.0, 27.0), ("disiplin", 20.0, 16.0), ("pelayanan", 15.0, 12.75), ("kerja_sama", 15.0, 10.5),
        ("inovasi", 10.0, 6.0), ("integritas", 10.0, 7.5)]


def test_totals_round_half_up_and_weights_need_not_sum_to_100():
    tiga = [{"kode": k, "nama": k, "bobot": 1} for k in ("a", "b", "c")]
    # (80 + 85 + 90,5) / 3 = 85,1666… -> 85,17
    assert ps.hitung(tiga, {"a": 80, "b": 85, "c": 90.5})["total"] == 85.17
    dua = [{"kode": "a", "nama": "a", "bobot": 1}, {"kode": "b", "nama": "b", "bobot": 1}]
    assert ps.hitung(dua, {"a": 80.01, "b": 80})["total"] == 80.01  # 80,005 rounds up, not to even
    assert ps.hitung(dua, {"a": 80})["lengkap"] is False


def test_scores_typed_wrong_are_refused_in_indonesian():
    kriteria = list(ps.BAWAAN)[:2]
    nilai, errors = ps.baca_nilai(kriteria, {"kinerja": "85,5", "disiplin": "90"}, "Budi")
    assert nilai == {"kinerja": 85.5, "disiplin": 90.0} and errors == []
    _n, errors = ps.baca_nilai(kriteria, {"kinerja": "abc", "disiplin": "101"}, "Budi")
    assert errors == [
        "Budi: nilai Capaian kinerja dan hasil kerja harus angka 0 sampai 100 (paling banyak dua desimal).",
        "Budi: nilai Disiplin dan kehadiran harus angka 0 sampai 100 (paling banyak dua desimal)."]
    _n, errors = ps.baca_nilai(kriteria, {"kinerja": "80.123", "disiplin": "", "lain": "5"}, "Budi")
    assert errors == [
        "Budi: nilai Capaian kinerja dan hasil kerja harus angka 0 sampai 100 (paling banyak dua desimal).",
        "Budi: nilai Disiplin dan kehadiran belum diisi.",
        "Budi: kriteria tidak ada pada form bulan ini: lain."]


def test_criteria_rows_are_checked():
    kriteria, errors = ps.periksa_kriteria([{"nama": "Kinerja", "bobot": "60"}, {"nama": "Disiplin", "bobot": "30"}])
    assert [k["kode"] for k in kriteria] == ["kinerja", "disiplin"]
    assert errors == ["Jumlah bobot harus 100; sekarang 90."]
    _k, errors = ps.periksa_kriteria([{"kode": "a", "nama": "A", "bobot": "50"}, {"kode": "a", "nama": "B", "bobot": "50"},
                                      {"nama": "", "bobot": "5"}])
    assert errors == ["Baris 3: nama kriteria wajib diisi.", "Kode a dipakai lebih dari satu kali."]


# --- who scores whom ---------------------------------------------------------------------------------------

async def test_each_head_scores_only_their_own_unit_and_never_themselves(dinas_cuti):
    org = await dinas_cuti()
    row = await buka_bulan(org, "2024-01")
    tasks = await terbuka(row, "nilai")
    # One task per Eselon III unit: the Sekretariat (to the Sekretaris, its head: nobody holds the
    # Kepala Bidang role over it), the two Bidang.
    assert sorted(t["unit"] for t in tasks) == sorted(org.units[c] for c in ("sekretariat", "industri", "dagang"))
    by_unit = {t["unit"]: t for t in tasks}
    assert by_unit[org.units["sekretariat"]]["assignee"] == org.people["sekretaris"].id
    assert {p["id"] for p in await ps.kandidat(org.units["industri"])} == {org.pegawai[w] for w in ("kasi", "rekan", "staf")}

    kabid = await u(org, "kabid")
    with pytest.raises(Ditolak) as refused:
        await ps.simpan_nilai(kabid, row, {org.pegawai["staf_dagang"]: nilai_dari(NILAI["staf_dagang"])})
    assert refused.value.status == 403
    assert list(refused.value.errors.values()) == [
        f"{org.name('staf_dagang')}, S.E. bukan pegawai unit yang Anda nilai (Bidang Perindustrian {org.tag})."]
    with pytest.raises(Ditolak) as refused:
        await ps.simpan_nilai(kabid, row, {org.pegawai["kabid"]: nilai_dari(NILAI["staf"])})
    assert (refused.value.status, list(refused.value.errors.values())) == (403, ["Anda tidak dapat menilai diri sendiri."])
    # A member of staff has no scoring task at all.
    with pytest.raises(Ditolak) as refused:
        await ps.simpan_nilai(await u(org, "staf"), row, {org.pegawai["rekan"]: nilai_dari(NILAI["rekan"])})
    assert refused.value.status == 403
    # Nothing of the refused saves was written.
    assert await PrestasiNilai.count().where(PrestasiNilai.periode == row["id"]) == 0

    # Sending before everyone of the unit is scored is refused, with the names; the draft stays.
    await ps.simpan_nilai(kabid, row, {org.pegawai["staf"]: nilai_dari(NILAI["staf"])})
    with pytest.raises(Ditolak) as refused:
        await ps.simpan_nilai(kabid, row, {org.pegawai["rekan"]: nilai_dari(NILAI["rekan"])}, kirim=True)
    assert refused.value.status == 400
    assert list(refused.value.errors.values()) == [f"Belum dinilai lengkap: {org.name('kasi')}"]
    saved = await PrestasiNilai.select().where(PrestasiNilai.periode == row["id"])
    assert [(s["pegawai"], s["total"], s["penilai"]) for s in saved] == [(org.pegawai["staf"], 91.0, kabid.id)]


# --- the whole month ---------------------------------------------------------------------------------------

async def test_a_month_from_the_form_to_the_signed_sk(dinas_cuti):
    org = await dinas_cuti()
    row = await buka_bulan(org, "2024-02")
    assert [k["kode"] for k in row["kriteria"]] == list(KODE)
    await nilai_semua(org, row)

    [rekap_task] = await terbuka(row, "rekap")
    ranking = await ps.rekap(row)
    assert [(r["pegawai_id"], r["total"], r["peringkat"], r["seri"]) for r in ranking] == [
        (org.pegawai["staf"], 91.0, 1, False),
        *sorted([(org.pegawai["pengelola"], 79.75, 2, True), (org.pegawai["rekan"], 79.75, 2, True)],
                key=lambda r: [x["pegawai_id"] for x in ranking].index(r[0])),
        (org.pegawai["staf_dagang"], 70.0, 4, False),
        (org.pegawai["kasubag"], 65.0, 5, False),
        (org.pegawai["kasi"], 60.0, 6, False),
        (org.pegawai["keuangan"], 50.0, 7, False)]
    # Equal totals are in name order.
    assert [r["nama_lengkap"] for r in ranking[1:3]] == sorted(r["nama_lengkap"] for r in ranking[1:3])

    pengelola = await u(org, "pengelola")
    # Proposing someone other than the first (or one of a tie) needs the reason.
    assert await ps.periksa_usulan(row, str(org.pegawai["rekan"]), "") == [
        f"{org.name('rekan')}, S.E. bukan peringkat pertama: tuliskan alasannya di catatan."]
    assert await ps.periksa_usulan(row, "x", "") == ["Pilih pegawai yang diusulkan sebagai ASN berprestasi."]
    with pytest.raises(Ditolak):
        await ps.ajukan_rekap(pengelola, row, org.pegawai["rekan"], "")
    await ps.ajukan_rekap(pengelola, row, org.pegawai["staf"], "")
    assert (await ps.periode(row["id"]))["status"] == ps.REKAP

    # The Kepala Dinas refuses: back to the recap, with the reason.
    [putusan] = await terbuka(row, "putusan")
    kadis = await u(org, "kadis")
    await act(putusan["id"], "perbaiki", user=kadis, note="Periksa lagi nilai disiplin.")
    assert (await ps.periode(row["id"]))["status"] == ps.DITOLAK
    [again] = await terbuka(row, "rekap")
    assert again["assignee"] == pengelola.id or again["taken_by"] is None
    await ps.ajukan_rekap(pengelola, row, org.pegawai["staf"], "Sudah diperiksa.")
    [putusan] = await terbuka(row, "putusan")
    await act(putusan["id"], "setujui", user=kadis)
    assert (await ps.periode(row["id"]))["status"] == ps.DISETUJUI

    [sk_task] = await terbuka(row, "sk")
    await act(sk_task["id"], "terbitkan", user=pengelola)
    sk = await ps.sk_terbit(row["case_id"])
    assert sk is not None and sk["number"] and sk["kind"] == "sk"
    # With persuratan installed, the SK is numbered by its register: in the Buku Agenda Keluar.
    from balai_persuratan.tables import SuratKeluar

    agenda = await SuratKeluar.select().where(SuratKeluar.nomor == sk["number"]).first()
    assert agenda is not None and "ASN Berprestasi Februari 2024" in agenda["perihal"]
    [ttd] = await terbuka(row, "tandatangani")
    await act(ttd["id"], "tandatangani", user=kadis)

    done = await ps.periode(row["id"])
    assert (done["status"], done["terpilih"]) == (ps.DITETAPKAN, org.pegawai["staf"])
    assert (await get_case(row["case_id"]))["state"] == "selesai"
    signed = await ps.sk_terbit(row["case_id"])
    # Signed by the Kepala Dinas in person: the SK as issued is the one signed (a Plh would print anew).
    assert (signed["number"], signed["version"], signed["sha256"]) == (sk["number"], sk["version"], sk["sha256"])
    assert (await issued_pdf(signed)).startswith(b"%PDF")
    text = " ".join(extract_text(await render_document(ps.TEMPLATE_SK, await ps.isi_sk(done), number=sk["number"],
                                                       compress=False)))
    for part in ("KEPUTUSAN KEPALA DINAS", sk["number"], "PENETAPAN ASN BERPRESTASI BULAN FEBRUARI 2024",
                 org.name("staf"), "91,00"):
        assert part in text, part

    best = next(t for t in await ps.terbaik() if t["periode"] == "2024-02")
    assert (best["pegawai_id"], best["total"], best["nomor_sk"]) == (org.pegawai["staf"], 91.0, sk["number"])
    history = await ps.riwayat_pegawai(org.pegawai["rekan"])
    assert [(h["periode"], h["total"], h["peringkat"], h["dari"], h["terpilih"]) for h in history] == [
        ("2024-02", 79.75, 2, 7, False)]
    steps = [(e["step"], e["action"]) for e in await timeline(row["case_id"]) if e["step"]]
    assert steps[:3] == [("susun", "siapkan"), ("edarkan", "edarkan"), ("nilai", "kirim")]


async def test_the_form_keeps_the_criteria_of_the_day_it_was_drafted(dinas_cuti):
    org = await dinas_cuti()
    kasubag = await u(org, "kasubag")
    row = await ps.buka("2024-03", user=kasubag, unit_id=org.units["umum"], hari_ini=date(2026, 12, 1))
    # A version recorded from a day long after: the month's form is drafted today with what is in force.
    await ps.simpan_kriteria(kasubag, [{"nama": "Kinerja", "bobot": "70"}, {"nama": "Disiplin", "bobot": "30"}],
                             date(2099, 1, 1), "Keputusan Kepala Dinas 800/1/2099")
    [susun] = await terbuka(row)
    await act(susun["id"], "siapkan", user=kasubag)
    assert [k["kode"] for k in (await ps.periode(row["id"]))["kriteria"]] == list(KODE)
    with pytest.raises(Ditolak) as refused:
        await ps.simpan_kriteria(kasubag, [{"nama": "Kinerja", "bobot": "70"}], None, "")
    assert list(refused.value.errors.values()) == [
        "Jumlah bobot harus 100; sekarang 70.", "Tanggal berlaku wajib diisi.",
        "Sebutkan dasar perubahan (misalnya nomor keputusan Kepala Dinas)."]


# --- opening a month ----------------------------------------------------------------------------------------

async def test_opening_a_month_by_hand_is_checked(dinas_cuti):
    org = await dinas_cuti()
    kasubag = await u(org, "kasubag")
    for teks, message in (("2024-13", "Tulis bulan sebagai tahun-bulan, misalnya 2026-11."),
                          ("November", "Tulis bulan sebagai tahun-bulan, misalnya 2026-11."),
                          ("2027-01", "Bulan Januari 2027 belum berjalan.")):
        with pytest.raises(Ditolak) as refused:
            await ps.buka(teks, user=kasubag, unit_id=org.units["umum"], hari_ini=date(2026, 12, 1))
        assert refused.value.errors == {"periode": message}
    await ps.buka("2024-04", user=kasubag, unit_id=org.units["umum"], hari_ini=date(2026, 12, 1))
    with pytest.raises(Ditolak) as refused:
        await ps.buka("2024-04", user=kasubag, unit_id=org.units["umum"], hari_ini=date(2026, 12, 1))
    assert (refused.value.status, refused.value.errors) == (409, {"periode": "Periode April 2024 sudah dibuka."})


async def test_the_schedule_opens_last_month_once_on_the_first_working_day(dinas_cuti):
    org = await dinas_cuti()
    dinas = org.units["dinas"]
    # 1 May 2025 is Labour Day: the schedule waits for Friday 2 May.
    assert ps.hari_kerja_pertama(date(2025, 5, 20)) == date(2025, 5, 2)
    assert await ps.buka_otomatis(date(2025, 5, 1), unit_id=dinas) is None
    assert await ps.periode_dari_teks("2025-04") is None

    # Two workers at the same moment: one month, one case.
    results = await asyncio.gather(*(ps.buka_otomatis(date(2025, 5, 2), unit_id=dinas) for _ in range(2)))
    opened = [r for r in results if r is not None]
    assert len(opened) == 1 and opened[0]["periode"] == "2025-04"
    # Later runs of the hour, of the month, find it open.
    assert await ps.buka_otomatis(date(2025, 5, 2), unit_id=dinas) is None
    assert await ps.buka_otomatis(date(2025, 5, 30), unit_id=dinas) is None
    assert await PrestasiPeriode.count().where(PrestasiPeriode.periode == "2025-04") == 1
    row = await ps.periode_dari_teks("2025-04")
    case = await get_case(row["case_id"])
    assert (case["sop"], case["unit"], case["record_id"]) == (ps.PRESTASI, dinas, row["id"])
    [first] = await terbuka(row)
    assert (first["step"], first["unit"]) == ("susun", org.units["umum"])
    assert (await timeline(row["case_id"]))[0]["actor_name"] == "Jadwal bulanan"


async def test_two_schedulers_run_the_job_once(app, dinas_cuti):
    """The core's leases let one worker run the job; the month's unique row guards the rest."""
    from balai.jobs.scheduler import Scheduler
    from balai.registry import Job

    org = await dinas_cuti()
    runs = []

    async def run():
        runs.append(await ps.buka_otomatis(date(2025, 7, 1), unit_id=org.units["dinas"]))

    job = Job(f"uji_prestasi_{org.tag}", run=run, every=3600)
    workers = [Scheduler([job], worker=f"w{i}") for i in range(2)]
    await workers[0].ensure_leases()
    ran = await asyncio.gather(*(w.run_due() for w in workers))
    assert sorted(len(r) for r in ran) == [0, 1]
    assert [r["periode"] for r in runs if r] == ["2025-06"]
    assert await PrestasiPeriode.count().where(PrestasiPeriode.periode == "2025-06") == 1


async def test_hook_scheduled_jobs(app):
    from balai.context import current
    from balai.jobs.scheduler import collect_jobs

    jobs = {j.name: j for j in collect_jobs(current().host)}
    assert jobs["kepegawaian:prestasi_buka_bulanan"].run is ps.jalankan_jadwal
    assert prestasi_alur.JOB.every == 3600


async def test_refused_actions_through_the_engine(dinas_cuti):
    """The API reaches the same rules: a unit sent before it is scored, a recap without a choice."""
    org = await dinas_cuti()
    row = await buka_bulan(org, "2024-05")
    task = next(t for t in await terbuka(row, "nilai") if t["unit"] == org.units["dagang"])
    with pytest.raises(ActionError) as refused:
        await act(task["id"], "kirim", user=await u(org, "kabid_dagang"))
    assert refused.value.messages == [f"Belum dinilai lengkap: {org.name('staf_dagang')}, S.E."]


async def test_a_plh_signs_the_sk_with_the_title_on_it(dinas_cuti, make_user):
    """While a Plh stands in for the Kepala Dinas, the SK signed by them is the next version, printed
    "Plh. Kepala Dinas" with the Plh's name; the employee is told."""
    from datetime import timedelta

    from balai.api import today
    from balai.notifications.tables import Notification
    from balai.workflow import delegation

    org = await dinas_cuti()
    row = await buka_bulan(org, "2024-06")
    await nilai_semua(org, row)
    pengelola, kadis = await u(org, "pengelola"), await u(org, "kadis")
    await ps.ajukan_rekap(pengelola, row, org.pegawai["staf"], "")
    [putusan] = await terbuka(row, "putusan")
    await act(putusan["id"], "setujui", user=kadis)
    [sk_task] = await terbuka(row, "sk")
    await act(sk_task["id"], "terbitkan", user=pengelola)
    first = await ps.sk_terbit(row["case_id"])

    admin = await (await make_user(is_admin=True)).current()
    await delegation.appoint(admin, position_id=org.positions["dinas"], to_user_id=org.people["sekretaris"].id,
                             kind="plh", starts_on=today(), ends_on=today() + timedelta(days=3),
                             letter_number="800.1.11/79/Sek.Um/2026", letter_date=today())
    [ttd] = await terbuka(row, "tandatangani")
    await act(ttd["id"], "tandatangani", user=await u(org, "sekretaris"))
    signed = await ps.sk_terbit(row["case_id"])
    assert (signed["number"], signed["version"]) == (first["number"], first["version"] + 1)
    text = " ".join(extract_text(await render_document(
        ps.TEMPLATE_SK, await ps.isi_sk(await ps.periode(row["id"])), number=signed["number"], compress=False,
        signer=await ps.penanda_tangan(await get_case(row["case_id"]), [
            e for e in await timeline(row["case_id"]) if e["step"] == "tandatangani"][-1]))))
    assert "Plh. Kepala Dinas" in text and org.name("sekretaris") in text
    told = await Notification.select().where(Notification.user == org.people["staf"].id)
    assert any("ASN berprestasi Juni 2024" in n["message"] and signed["number"] in n["message"] for n in told)


async def test_the_recap_can_send_the_form_round_again(dinas_cuti):
    org = await dinas_cuti()
    row = await buka_bulan(org, "2024-07")
    await nilai_semua(org, row)
    [rekap] = await terbuka(row, "rekap")
    pengelola = await u(org, "pengelola")
    await act(rekap["id"], "perbaiki", user=pengelola, note="Nilai disiplin Bidang Perindustrian diperiksa lagi.")
    assert (await ps.periode(row["id"]))["status"] == ps.PENILAIAN
    await ps.edarkan(pengelola, await ps.periode(row["id"]))
    again = await terbuka(row, "nilai")
    assert sorted(t["unit"] for t in again) == sorted(org.units[c] for c in ("sekretariat", "industri", "dagang"))
    # The saved scores are still there: the head changes one and sends again.
    kabid = await u(org, "kabid")
    await ps.simpan_nilai(kabid, row, {org.pegawai["rekan"]: nilai_dari((90, 90, 85, 70, 60, 75))}, kirim=True)
    assert next(r for r in await ps.rekap(row) if r["pegawai_id"] == org.pegawai["rekan"])["total"] == 81.75
