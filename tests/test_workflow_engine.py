"""The workflow engine through its Python API, with the ujisop test plugin's SOPs."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from balai.api import ActionError, act, can_view_case, case_tasks, get_case, open_case, take, timeline
from tests.workflow_support import open_task, open_tasks, person


@pytest.fixture
async def pair(app, demo):
    """A pemohon in Subbag Umum and a pemeriksa in the Sekretariat (fresh users per test)."""
    pemohon = await person(app, ("ujisop_pemohon", demo["umum"]))
    pemeriksa = await person(app, ("ujisop_pemeriksa", demo["sekretariat"]))
    return pemohon, pemeriksa


async def test_open_case_gives_reference_and_first_task(pair, demo):
    pemohon, _ = pair
    case = await open_case("ujisop.sederhana", "Permohonan data", user=pemohon, unit_id=demo["umum"])
    year = datetime.now().year
    assert case["reference"].startswith(f"UJI/{year}/")
    assert case["state"] == "berjalan" and case["opened_by"] == pemohon.id
    task = await open_task(case["id"])
    assert task["step"] == "ajukan" and task["unit"] == demo["umum"] and task["role"] == "ujisop_pemohon"
    assert task["due_at"] is not None and task["due_at"] > task["opened_at"]
    events = await timeline(case["id"])
    assert events[0]["action"] == "buka"


async def test_reference_numbers_are_gap_free_under_concurrency(pair, demo):
    pemohon, _ = pair
    cases = await asyncio.gather(*[
        open_case("ujisop.eksternal", f"Berkas {i}", user=pemohon, unit_id=demo["umum"]) for i in range(8)
    ])
    numbers = sorted(int(c["reference"].rsplit("/", 1)[1]) for c in cases)
    assert numbers == list(range(numbers[0], numbers[0] + 8))


async def test_perbaiki_round_trip_returns_to_the_drafter(pair, demo):
    pemohon, pemeriksa = pair
    case = await open_case("ujisop.sederhana", "Permohonan alat", user=pemohon, unit_id=demo["umum"])
    first = await open_task(case["id"])
    await act(first["id"], "kirim", user=pemohon)
    check = await open_task(case["id"])
    assert check["step"] == "periksa" and check["unit"] == demo["sekretariat"]
    with pytest.raises(ActionError) as err:
        await act(check["id"], "perbaiki", user=pemeriksa)
    assert "Catatan wajib diisi" in err.value.messages[0]
    await act(check["id"], "perbaiki", user=pemeriksa, note="Lengkapi rincian anggaran")
    again = await open_task(case["id"])
    assert again["step"] == "ajukan" and again["assignee"] == pemohon.id
    await act(again["id"], "kirim", user=pemohon)
    last = await open_task(case["id"])
    assert last["assignee"] == pemeriksa.id  # the second check goes back to the same checker
    done = await act(last["id"], "selesai", user=pemeriksa)
    assert done["state"] == "selesai" and done["closed_at"] is not None
    events = await timeline(case["id"])
    assert [e["action"] for e in events] == ["buka", "kirim", "perbaiki", "kirim", "selesai", "selesai"]
    assert events[2]["note"] == "Lengkapi rincian anggaran"
    assert events[2]["actor_name"] == pemeriksa.full_name


async def test_ditolak_needs_a_note_and_ends_the_case(pair, demo):
    pemohon, pemeriksa = pair
    case = await open_case("ujisop.sederhana", "Permohonan ditolak", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    ended = await act(task["id"], "ditolak", user=pemeriksa, note="Tidak sesuai ketentuan")
    assert ended["state"] == "ditolak" and ended["outcome"] == "ditolak"
    assert await open_tasks(case["id"]) == []


async def test_concurrent_act_exactly_one_succeeds(app, pair, demo):
    pemohon, pemeriksa = pair
    other = await person(app, ("ujisop_pemeriksa", demo["sekretariat"]), name="Pemeriksa Kedua")
    case = await open_case("ujisop.sederhana", "Rebutan", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    results = await asyncio.gather(
        act(task["id"], "selesai", user=pemeriksa), act(task["id"], "selesai", user=other),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, ActionError)]
    wins = [r for r in results if isinstance(r, dict)]
    assert len(wins) == 1 and len(errors) == 1, results
    assert errors[0].conflict
    assert "Tugas ini sudah ditindaklanjuti oleh" in errors[0].messages[0]
    events = [e for e in await timeline(case["id"]) if e["action"] == "selesai" and e["task"] == task["id"]]
    assert len(events) == 1
    assert (await get_case(case["id"]))["state"] == "selesai"


async def test_someone_without_the_role_cannot_act(app, pair, demo):
    pemohon, _ = pair
    stranger = await person(app, ("ujisop_pemeriksa", demo["industri"]))  # the role, but in another unit
    case = await open_case("ujisop.sederhana", "Bukan urusannya", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    with pytest.raises(ActionError) as err:
        await act(task["id"], "selesai", user=stranger)
    assert "tidak berwenang" in err.value.messages[0]
    assert not await can_view_case(stranger, case["id"])


async def test_role_held_in_an_ancestor_unit_reaches_the_task(app, pair, demo):
    pemohon, _ = pair
    above = await person(app, ("ujisop_pemohon", demo["sekretariat"]))
    case = await open_case("ujisop.sederhana", "Dari atas", user=pemohon, unit_id=demo["umum"])
    task = await open_task(case["id"])
    await act(task["id"], "kirim", user=above)  # Sekretariat is above Subbag Umum
    assert (await open_task(case["id"]))["step"] == "periksa"


async def test_disposisi_fans_out_nests_and_joins_once(app, pair, demo):
    pemohon, pemeriksa = pair
    kabid_industri = await person(app, ("kepala_bidang", demo["industri"]))
    kabid_dagang = await person(app, ("kepala_bidang", demo["perdagangan"]))
    staf = await person(app, ("staf", demo["industri-agro"]))
    case = await open_case("ujisop.disposisi", "Undangan rapat", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    await act((await open_task(case["id"]))["id"], "paraf", user=pemeriksa)
    spread = await open_task(case["id"])
    with pytest.raises(ActionError) as err:
        await act(spread["id"], "disposisi", user=pemeriksa, recipients=[])
    assert "minimal satu penerima" in err.value.messages[0]
    await act(spread["id"], "disposisi", user=pemeriksa, recipients=[
        {"unit_id": demo["industri"], "instruction": "Hadiri", "due": "2099-01-31"},
        {"unit_id": demo["perdagangan"], "instruction": "Siapkan bahan"},
    ])
    branches = await open_tasks(case["id"])
    assert {b["unit"] for b in branches} == {demo["industri"], demo["perdagangan"]}
    assert all(b["parent_task"] == spread["id"] and b["fanout_root"] == spread["id"] for b in branches)
    industri = next(b for b in branches if b["unit"] == demo["industri"])
    dagang = next(b for b in branches if b["unit"] == demo["perdagangan"])
    assert industri["instruction"] == "Hadiri" and industri["due_at"].year == 2099
    # The Kabid Industri passes it on to a person in his Seksi (nested disposisi).
    await act(industri["id"], "disposisi", user=kabid_industri,
              recipients=[{"user_id": staf.id, "instruction": "Buat telaah"}])
    nested = next(t for t in await open_tasks(case["id"]) if t["parent_task"] == industri["id"])
    assert nested["assignee"] == staf.id and nested["unit"] == demo["industri-agro"]
    assert nested["fanout_root"] == spread["id"]
    await act(dagang["id"], "lapor", user=kabid_dagang)
    assert [t["step"] for t in await open_tasks(case["id"])] == ["kerjakan"]  # still waiting for the staf
    await act(nested["id"], "lapor", user=staf)
    remaining = await open_tasks(case["id"])
    assert [t["step"] for t in remaining] == ["rekap"]
    assert remaining[0]["parent_task"] is None
    tree = {t["id"]: t["parent_task"] for t in await case_tasks(case["id"])}
    assert tree[nested["id"]] == industri["id"]


async def test_skip_if_passes_over_a_step(pair, demo):
    pemohon, pemeriksa = pair
    case = await open_case("ujisop.disposisi", "Surat segera", user=pemohon, unit_id=demo["umum"],
                           data={"segera": True})
    assert case["data"] == {"segera": True}
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    assert (await open_task(case["id"]))["step"] == "sebar"
    assert any(e["action"] == "lewati" and e["step"] == "verifikasi" for e in await timeline(case["id"]))


async def test_external_submission_waits_for_the_outcome(pair, demo):
    pemohon, _ = pair
    case = await open_case("ujisop.eksternal", "Kenaikan gaji berkala", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    with pytest.raises(ActionError) as err:
        await act(task["id"], "kirim", user=pemohon)
    assert "si-Uji" in err.value.messages[0]
    with pytest.raises(ActionError):  # the outcome cannot come before the submission
        await act(task["id"], "disetujui", user=pemohon)
    await act(task["id"], "kirim", user=pemohon, data={"nomor_pengajuan": "KGB-2026-001"})
    waiting = await open_task(case["id"])
    assert waiting["id"] == task["id"] and waiting["state"] == "menunggu"
    assert waiting["data"]["nomor_pengajuan"] == "KGB-2026-001"
    await act(task["id"], "disetujui", user=pemohon, data={"nomor_hasil": "SK-9"})
    assert (await open_task(case["id"]))["step"] == "serahkan"
    hasil = [e for e in await timeline(case["id"]) if e["action"] == "disetujui"][0]
    assert hasil["data"]["hasil"] == "disetujui" and hasil["data"]["nomor"] == "SK-9"


async def test_external_rejection_ends_the_case(pair, demo):
    pemohon, _ = pair
    case = await open_case("ujisop.eksternal", "Ditolak di luar", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    await act(task["id"], "kirim", user=pemohon, data={"nomor_pengajuan": "X-1"})
    ended = await act(task["id"], "ditolak_luar", user=pemohon)
    assert ended["state"] == "ditolak" and ended["outcome"] == "ditolak"


async def test_take_claims_a_unit_task(app, pair, demo):
    pemohon, pemeriksa = pair
    colleague = await person(app, ("ujisop_pemeriksa", demo["sekretariat"]))
    case = await open_case("ujisop.sederhana", "Diambil", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    taken = await take(task["id"], user=pemeriksa)
    assert taken["taken_by"] == pemeriksa.id
    with pytest.raises(ActionError) as err:
        await take(task["id"], user=colleague)
    assert pemeriksa.full_name in err.value.messages[0]
    with pytest.raises(ActionError):
        await act(task["id"], "selesai", user=colleague)
    await act(task["id"], "selesai", user=pemeriksa)


async def test_unknown_sop_and_empty_subject_are_refused(pair, demo):
    pemohon, _ = pair
    with pytest.raises(ActionError):
        await open_case("ujisop.tidak_ada", "X", user=pemohon, unit_id=demo["umum"])
    with pytest.raises(ActionError) as err:
        await open_case("ujisop.sederhana", "  ", user=pemohon, unit_id=demo["umum"])
    assert "Perihal wajib diisi" in err.value.messages[0]


async def test_a_citizen_starts_a_case_outside_every_inbox(app, demo):
    pemeriksa = await person(app, ("ujisop_pemeriksa", demo["umum"]))
    case = await open_case("ujisop.publik", "Jalan rusak di depan kantor", user=None, unit_id=demo["umum"])
    assert case["opened_by"] is None and case["reference"].startswith("ADU/")
    task = await open_task(case["id"])
    assert task["outside"] and task["step"] == "isi"
    with pytest.raises(ActionError):
        await act(task["id"], "kirim", user=pemeriksa)  # staff do not fill in the citizen's form
    await act(task["id"], "kirim", user=None, data={"nama": "Warga Samarinda"})
    assert (await open_task(case["id"]))["step"] == "tanggapi"
    sent = [e for e in await timeline(case["id"]) if e["action"] == "kirim"][0]
    assert sent["actor_name"] == "Warga Samarinda" and sent["actor"] is None
    assert await can_view_case(pemeriksa, case["id"])
    assert not await can_view_case(None, case["id"])


async def test_hook_can_access_document_for_case_documents(app, demo):
    from balai.api import check_document_access

    pemohon = await person(app, ("ujisop_pemohon", demo["umum"]))
    stranger = await person(app, ("staf", demo["koperasi"]))
    case = await open_case("ujisop.sederhana", "Dokumen kasus", user=pemohon, unit_id=demo["umum"])
    assert await check_document_access(pemohon, "case", case["id"], "read")
    assert await check_document_access(pemohon, "case", case["id"], "write")
    assert not await check_document_access(stranger, "case", case["id"], "read")
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    checker = await person(app, ("ujisop_pemeriksa", demo["sekretariat"]))
    await act((await open_task(case["id"]))["id"], "ditolak", user=checker, note="Tidak lengkap")
    assert await check_document_access(pemohon, "case", case["id"], "read")
    assert not await check_document_access(pemohon, "case", case["id"], "write")  # a closed case is kept as is


async def test_two_branches_finishing_together_join_once(app, pair, demo):
    pemohon, pemeriksa = pair
    kabid_a = await person(app, ("kepala_bidang", demo["koperasi"]))
    kabid_b = await person(app, ("kepala_bidang", demo["ukm"]))
    case = await open_case("ujisop.disposisi", "Selesai bersamaan", user=pemohon, unit_id=demo["umum"],
                           data={"segera": True})
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    await act((await open_task(case["id"]))["id"], "disposisi", user=pemeriksa,
              recipients=[{"unit_id": demo["koperasi"]}, {"unit_id": demo["ukm"]}])
    branches = {t["unit"]: t for t in await open_tasks(case["id"])}
    await asyncio.gather(
        act(branches[demo["koperasi"]]["id"], "lapor", user=kabid_a),
        act(branches[demo["ukm"]]["id"], "lapor", user=kabid_b),
    )
    remaining = await open_tasks(case["id"])
    assert [t["step"] for t in remaining] == ["rekap"]


async def test_who_may_open_a_case_is_the_sops_declaration(pair, demo):
    pemohon, pemeriksa = pair
    # start_permission: only its holders, in a unit where they hold it; no case on nobody's behalf.
    with pytest.raises(ActionError, match="tidak berwenang"):
        await open_case("ujisop.sederhana", "Bukan pemohon", user=pemeriksa, unit_id=demo["umum"])
    with pytest.raises(ActionError, match="tidak berwenang"):
        await open_case("ujisop.sederhana", "Unit lain", user=pemohon, unit_id=demo["koperasi"])
    with pytest.raises(ActionError, match="hanya dapat dibuka oleh pegawai yang berwenang"):
        await open_case("ujisop.sederhana", "Tanpa pengguna", user=None, unit_id=demo["umum"])
    # started_by=PUBLIC: the plugin's public form opens it without a user.
    case = await open_case("ujisop.publik", "Lewat formulir publik", user=None, unit_id=demo["umum"])
    assert case["opened_by"] is None
