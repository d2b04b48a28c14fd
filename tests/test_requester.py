"""A case opened for someone else (open_case(requester=...)) and a step for the superior's superior
(assign="superior:2"), as a leave request the Pengelola Kepegawaian types for an ill colleague."""

from __future__ import annotations

import pytest

from balai.api import ActionError, act, can_view_case, open_case, provision_person, superior, update_person
from balai.identity.tables import Position, User
from balai.workflow.definition import SOP, SYSTEM, SOPHeader, Step, check_sop, selesai

from tests.standin_support import small_dinas
from tests.workflow_support import open_task


async def test_the_superiors_superior_takes_the_second_approval(app, make_user):
    org = await small_dinas(make_user)
    p = org.people
    assert (await superior(p["staf_seksi"].id, level=2)).user_id == p["kabid"].id
    case = await open_case("ujisop.dua_atasan", "Cuti tahunan", user=await p["staf_seksi"].current(),
                           unit_id=org.units["seksi"], complete_first="kirim")
    first = await open_task(case["id"])
    assert (first["step"], first["assignee"], first["position"]) == ("pertimbangan", p["kasi"].id, org.positions["seksi"])
    await act(first["id"], "setuju", user=await p["kasi"].current())
    second = await open_task(case["id"])
    assert (second["step"], second["assignee"], second["position"]) == ("keputusan", p["kabid"].id,
                                                                        org.positions["bidang"])


async def test_the_second_level_of_a_kepala_bidang_is_outside_the_dinas(app, make_user):
    org = await small_dinas(make_user)
    # The Kepala Bidang's chain is the Kepala Dinas, then outside: the second approval is done outside.
    case = await open_case("ujisop.dua_atasan", "Cuti tahunan", user=await org.people["kabid"].current(),
                           unit_id=org.units["bidang"], complete_first="kirim")
    first = await open_task(case["id"])
    assert first["assignee"] == org.people["kadis"].id
    await act(first["id"], "setuju", user=await org.people["kadis"].current())
    second = await open_task(case["id"])
    assert second["step"] == "keputusan" and second["outside"] and second["assignee"] is None


async def test_a_case_opened_for_a_colleague_follows_the_colleague(app, make_user):
    org = await small_dinas(make_user)
    p = org.people
    pengelola = await make_user(full_name="Pengelola Uji")
    case = await open_case("ujisop.dua_atasan", "Cuti sakit", user=await pengelola.current(),
                           unit_id=org.units["seksi"], requester=p["staf_seksi"].id)
    mine = await open_task(case["id"])
    # The requester's own step is the requester's, and the approval goes to the requester's superior.
    assert mine["assignee"] == p["staf_seksi"].id and case["requester"] == p["staf_seksi"].id
    await act(mine["id"], "kirim", user=await p["staf_seksi"].current())
    assert (await open_task(case["id"]))["assignee"] == p["kasi"].id
    assert await can_view_case(await p["staf_seksi"].current(), case["id"])
    assert await can_view_case(await pengelola.current(), case["id"])
    assert not await can_view_case(await p["staf_umum"].current(), case["id"])


def test_an_unknown_superior_level_is_refused_at_definition():
    bad = SOP(code="ujisop.salah", name="Salah", header=SOPHeader(nomor="X"), started_by=SYSTEM,
              steps=[Step(1, "a", "A", actor="Atasan", assign="superior:9", actions=[selesai()])])
    with pytest.raises(Exception, match="superior:9"):
        check_sop(bad, {"staf"})


async def test_provision_person_makes_one_account_per_nip_with_its_position(app, make_user):
    org = await small_dinas(make_user)
    nip = "198503122010011004"
    first = await provision_person(nip=nip, full_name="Andi Saputra, S.E.", unit_id=org.units["seksi"],
                                   position_name="Analis Perdagangan", golongan="III/a", retirement_age=58)
    again = await provision_person(nip="19850312 201001 1 004", full_name="Andi Saputra, S.E., M.M.",
                                   unit_id=org.units["umum"], position_name="Penata Laporan Keuangan",
                                   golongan="III/b")
    assert first == again
    user = await User.select().where(User.id == first).first()
    assert (user["nip"], user["golongan"], user["full_name"], user["password_hash"]) == (
        nip, "III/b", "Andi Saputra, S.E., M.M.", "")
    held = await Position.select().where(Position.holder == first)
    assert [(h["name"], h["unit"], h["is_head"]) for h in held] == [("Penata Laporan Keuangan", org.units["umum"], False)]
    # Moved into the unit, the chain follows: the Sub Bagian's head is the direct superior.
    assert (await superior(first)).user_id == org.people["kasubag"].id
    await update_person(first, golongan="III/c", retirement_age=60)
    assert (await User.select(User.golongan).where(User.id == first).first())["golongan"] == "III/c"
    assert (await Position.select(Position.retirement_age).where(Position.holder == first).first())["retirement_age"] == 60


async def test_provision_person_refuses_a_bad_nip_and_writes_nothing(app, make_user):
    org = await small_dinas(make_user)
    before = await User.count()
    with pytest.raises(ValueError, match="NIP"):
        await provision_person(nip="19851312201001100", full_name="X", unit_id=org.units["seksi"], position_name="P")
    with pytest.raises(ValueError, match="golongan"):
        await provision_person(nip="198503122010011004", full_name="X", unit_id=org.units["seksi"],
                               position_name="P", golongan="I/e")
    assert await User.count() == before


async def test_a_head_takes_the_units_head_position(app, make_user):
    org = await small_dinas(make_user, vacant=("kasi",))
    uid = await provision_person(nip="197901052005012003", full_name="Sri Wahyuni", unit_id=org.units["seksi"],
                                 position_name="Kepala Seksi Industri Agro", is_head=True, eselon="IV.a")
    head = await Position.select().where(Position.id == org.positions["seksi"]).first()
    assert head["holder"] == uid and head["name"] == "Kepala Seksi Industri Agro"
    assert (await superior(org.people["staf_seksi"].id)).user_id == uid


async def test_who_opened_it_for_a_colleague_sends_it_on_for_them_and_nobody_else_does(app, make_user):
    from balai.workflow.tables import Case

    org = await small_dinas(make_user)
    p = org.people
    pengelola = await make_user(full_name="Pengelola Uji")
    before = await Case.count()
    with pytest.raises(ActionError):
        await open_case("ujisop.dua_atasan", "Cuti", user=await pengelola.current(), unit_id=org.units["seksi"],
                        requester=p["staf_seksi"].id, complete_first="tidak-ada")
    assert await Case.count() == before
    case = await open_case("ujisop.dua_atasan", "Cuti sakit", user=await pengelola.current(),
                           unit_id=org.units["seksi"], requester=p["staf_seksi"].id, complete_first="kirim")
    assert (await open_task(case["id"]))["assignee"] == p["kasi"].id
    # A colleague who did not open it cannot act on the requester's own step.
    other = await open_case("ujisop.dua_atasan", "Cuti", user=await pengelola.current(), unit_id=org.units["seksi"],
                            requester=p["staf_seksi"].id)
    with pytest.raises(ActionError):
        await act((await open_task(other["id"]))["id"], "kirim", user=await p["staf_umum"].current())


async def test_work_sent_back_is_notified_as_returned_with_the_note(app, make_user):
    """Issue 22 item 9: a returned draft is not "Tugas baru"; the message says what to fix."""
    from balai.notifications.tables import Notification

    org = await small_dinas(make_user)
    p = org.people
    case = await open_case("ujisop.atasan", "Izin pelatihan", user=await p["staf_seksi"].current(),
                           unit_id=org.units["seksi"], complete_first="kirim")
    await act((await open_task(case["id"]))["id"], "perbaiki", user=await p["kasi"].current(),
              note="Lampirkan jadwal pelatihan")
    back = await open_task(case["id"])
    message = await Notification.select(Notification.message).where(
        (Notification.user == p["staf_seksi"].id) & Notification.link.like(f"%/{back['id']}")).first()
    assert message["message"].startswith("Dikembalikan untuk diperbaiki") and "Lampirkan jadwal pelatihan" in message["message"]


async def test_who_asked_withdraws_a_running_case_and_nobody_else_can(app, make_user):
    from balai.api import CaseState, get_case, timeline, withdraw_case
    from balai.workflow.tables import Task

    org = await small_dinas(make_user)
    p = org.people
    pengelola = await make_user(full_name="Pengelola Uji")
    case = await open_case("ujisop.dua_atasan", "Cuti tahunan", user=await pengelola.current(),
                           unit_id=org.units["seksi"], requester=p["staf_seksi"].id, complete_first="kirim")
    with pytest.raises(ActionError):
        await withdraw_case(case["id"], user=await p["kasi"].current(), note="Bukan miliknya")
    with pytest.raises(ActionError):
        await withdraw_case(case["id"], user=await p["staf_seksi"].current(), note="  ")
    done = await withdraw_case(case["id"], user=await p["staf_seksi"].current(), note="Rencana berubah")
    assert done["state"] == CaseState.DIBATALKAN and done["closed_at"] is not None
    assert not await Task.exists().where((Task.case == case["id"]) & Task.state.is_in(["terbuka", "menunggu"]))
    last = (await timeline(case["id"]))[-1]
    assert last["action"] == "batal" and last["note"] == "Rencana berubah" and last["actor"] == p["staf_seksi"].id
    with pytest.raises(ActionError):
        await withdraw_case(case["id"], user=await p["staf_seksi"].current(), note="Lagi")
    assert (await get_case(case["id"]))["state"] == "dibatalkan"


async def test_open_work_of_names_the_roles_and_the_open_tasks_in_a_persons_name(app, make_user):
    """What a retiring person hands over: the task assigned to the Kepala Seksi is theirs until done."""
    from balai.api import open_work_of

    org = await small_dinas(make_user)
    p = org.people
    case = await open_case("ujisop.dua_atasan", "Cuti tahunan", user=await p["staf_seksi"].current(),
                           unit_id=org.units["seksi"], complete_first="kirim")
    first = await open_task(case["id"])
    work = await open_work_of(p["kasi"].id)
    assert [t["id"] for t in work["tasks"]] == [first["id"]]
    assert ("kepala_seksi", org.units["seksi"]) in [tuple(r) for r in work["roles"]]
    await act(first["id"], "setuju", user=await p["kasi"].current())
    assert (await open_work_of(p["kasi"].id))["tasks"] == []
    assert (await open_work_of(p["staf_seksi"].id))["tasks"] == []  # the opener's own step is done
