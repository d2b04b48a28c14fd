"""Plh and Plt appointed for a position: the position's dispositions and approvals reach the
stand-in for the period, who acts with the position's title; then the work is the holder's again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from balai.api import act, may_work_on, open_case, stand_ins, superior, timeline, today
from balai.workflow import delegation
from balai.workflow.tables import Delegation, Task

from tests.standin_support import small_dinas
from tests.workflow_support import open_task, open_tasks


async def _admin(make_user):
    return await (await make_user(is_admin=True)).current()


async def _appoint(make_user, org, position="bidang", who="kasi", kind="plh", days=7, **extra):
    return await delegation.appoint(
        await _admin(make_user), position_id=org.positions[position], to_user_id=org.people[who].id, kind=kind,
        starts_on=today(), ends_on=today() + timedelta(days=days - 1), letter_number="800/123/Sek.Um/2026",
        letter_date=today(), **extra)


async def _staf_bidang(make_user, org):
    """A staff member of the Bidang itself: their direct superior is the Kepala Bidang."""
    from balai.demo import assign
    from balai.identity.tables import Position

    user = await make_user(full_name="Staf Bidang Uji")
    await assign(user.id, "staf", org.units["bidang"])
    await Position.insert(Position(name="Pelaksana", unit=org.units["bidang"], holder=user.id))
    return user


async def _end_period(appointment_id: int) -> None:
    """As if the week had passed: the appointment ended yesterday."""
    await Delegation.update({Delegation.starts_on: today() - timedelta(days=8),
                             Delegation.ends_on: today() - timedelta(days=1)}).where(Delegation.id == appointment_id)


async def test_a_plh_for_a_week_approves_as_plh_and_the_next_round_goes_back_to_the_holder(app, make_user):
    org = await small_dinas(make_user)
    kabid, kasi = org.people["kabid"], org.people["kasi"]
    staf = await _staf_bidang(make_user, org)
    appointment = await _appoint(make_user, org)
    assert appointment["title"].startswith("Plh. Kepala Bidang Perindustrian Uji")
    assert [s.user_id for s in await stand_ins(positions=[org.positions["bidang"]])] == [kasi.id]
    # The superior chain says who acts today.
    above = await superior(staf.id)
    assert above.holder_id == kabid.id and above.user_id == kasi.id and above.printed_title.startswith("Plh. ")

    case = await open_case("ujisop.atasan", "Izin mengikuti pelatihan", user=await staf.current(),
                           unit_id=org.units["bidang"], complete_first="kirim")
    task = await open_task(case["id"])
    # The approval is the Kepala Bidang's by position: kept with the holder, reached by the Plh.
    assert (task["step"], task["assignee"], task["position"]) == ("pertimbangan", kabid.id, org.positions["bidang"])
    plh = await kasi.current()
    assert [t["id"] for t in await may_work_on(plh, [task])] == [task["id"]]
    from balai.workflow.inbox import inbox

    rows, _total = await inbox(plh)
    assert task["id"] in [r["id"] for r in rows]
    from balai.notifications.tables import Notification

    assert await Notification.exists().where((Notification.user == kasi.id) & Notification.link.like(f"%/{task['id']}"))

    await act(task["id"], "perbaiki", user=plh, note="Lengkapi jadwal pelatihan")
    event = (await timeline(case["id"]))[-1]
    assert event["actor"] == kasi.id and "(Plh. Kepala Bidang Perindustrian Uji" in event["actor_name"]
    assert event["data"]["sebagai"]["awalan"] == "Plh." and event["data"]["sebagai"]["surat"] == "800/123/Sek.Um/2026"

    # The week is over: the second round goes to the position, that is its holder, and the Plh has none of it.
    await _end_period(appointment["id"])
    again = await open_task(case["id"])
    await act(again["id"], "kirim", user=await staf.current())
    second = await open_task(case["id"])
    assert (second["assignee"], second["position"]) == (kabid.id, org.positions["bidang"])
    assert await may_work_on(await kasi.current(), [second]) == []
    with pytest.raises(Exception, match="tidak berwenang"):
        await act(second["id"], "setuju", user=await kasi.current())
    await act(second["id"], "setuju", user=await kabid.current())
    last = (await timeline(case["id"]))[-2]
    assert last["actor"] == kabid.id and "Plh." not in last["actor_name"] and "sebagai" not in last["data"]


async def test_a_plh_receives_a_disposition_and_disposes_it_further_as_plh(app, make_user):
    from balai.demo import assign

    org = await small_dinas(make_user)
    kabid, kasi, staf = org.people["kabid"], org.people["kasi"], org.people["staf_seksi"]
    clerk = await make_user(full_name="Pemeriksa Uji")
    await assign(clerk.id, "ujisop_pemohon", org.units["dinas"])
    await assign(clerk.id, "ujisop_pemeriksa", org.units["dinas"])
    appointment = await _appoint(make_user, org)
    me = await clerk.current()
    case = await open_case("ujisop.disposisi", "Undangan rapat koordinasi", user=me, unit_id=org.units["dinas"])
    await act((await open_task(case["id"]))["id"], "kirim", user=me)
    await act((await open_task(case["id"]))["id"], "paraf", user=me)
    await act((await open_task(case["id"]))["id"], "disposisi", user=me,
              recipients=[{"unit_id": org.units["bidang"], "instruction": "Hadiri dan laporkan"}])
    tindak = await open_task(case["id"])
    assert (tindak["step"], tindak["unit"], tindak["assignee"]) == ("tindak", org.units["bidang"], None)
    plh = await kasi.current()
    assert await may_work_on(plh, [tindak]) == [tindak]  # the Kepala Bidang's pool, while the Plh runs

    await act(tindak["id"], "disposisi", user=plh, recipients=[{"user_id": staf.id, "instruction": "Siapkan bahan"}])
    event = [e for e in await timeline(case["id"]) if e["step"] == "tindak"][-1]
    assert event["actor"] == kasi.id and "(Plh. Kepala Bidang Perindustrian Uji" in event["actor_name"]
    assert event["data"]["sebagai"]["jabatan_id"] == org.positions["bidang"]
    closed = await Task.select(Task.position, Task.closed_by).where(Task.id == tindak["id"]).first()
    assert closed == {"position": org.positions["bidang"], "closed_by": kasi.id}  # done for the position
    kerjakan = await open_task(case["id"])
    assert kerjakan["assignee"] == staf.id

    # After the period the Bidang's pool is the holder's alone again.
    second = {**tindak, "id": -1}
    await _end_period(appointment["id"])
    assert await may_work_on(await kasi.current(), [second]) == []
    assert await may_work_on(await kabid.current(), [second]) == [second]


async def test_a_plt_of_a_vacant_position_gets_the_superior_step(app, make_user):
    org = await small_dinas(make_user, vacant=("kabid",))
    kasi = org.people["kasi"]
    staf = await _staf_bidang(make_user, org)
    assert (await superior(staf.id)).user_id == org.people["kadis"].id  # vacant: up to the Kepala Dinas
    with pytest.raises(delegation.AppointmentError) as refused:
        await _appoint(make_user, org, kind="plt")
    assert "role" in refused.value.fields  # a vacant position has no holder to take its roles from
    await _appoint(make_user, org, kind="plt", role="kepala_bidang", roles={"kepala_bidang"})
    above = await superior(staf.id)
    assert above.vacant and above.user_id == kasi.id and above.printed_title.startswith("Plt. Kepala Bidang")
    case = await open_case("ujisop.atasan", "Cuti tahunan", user=await staf.current(), unit_id=org.units["bidang"],
                           complete_first="kirim")
    task = await open_task(case["id"])
    assert (task["assignee"], task["position"]) == (None, org.positions["bidang"])
    await act(task["id"], "setuju", user=await kasi.current())
    assert "(Plt. Kepala Bidang" in (await timeline(case["id"]))[-2]["actor_name"]


async def test_the_kepala_dinas_request_goes_to_an_outside_step(app, make_user):
    org = await small_dinas(make_user)
    case = await open_case("ujisop.atasan", "Izin ke luar negeri", user=await org.people["kadis"].current(),
                           unit_id=org.units["dinas"], complete_first="kirim")
    task = (await open_tasks(case["id"]))[0]
    assert task["step"] == "pertimbangan" and task["outside"] and task["assignee"] is None


async def test_bad_appointments_are_refused_with_reasons_and_nothing_is_written(app, make_user):
    org = await small_dinas(make_user)
    admin = await _admin(make_user)
    before = await Delegation.count()
    base = dict(position_id=org.positions["bidang"], to_user_id=org.people["kasi"].id, kind="plh",
                starts_on=today() + timedelta(days=3), ends_on=today() + timedelta(days=9),
                letter_number="800/1/2026", letter_date=today())
    cases = [
        ({"ends_on": today() + timedelta(days=1)}, "ends_on", "sebelum tanggal mulai"),
        ({"to_user_id": org.people["kabid"].id}, "to_user", "jabatannya sendiri"),
        ({"letter_number": "  "}, "letter_number", "wajib diisi"),
        ({"kind": "pj"}, "kind", "Plh atau Plt"),
        ({"position_id": 10**6}, "position", "jabatan kepala unit"),
    ]
    for change, field, words in cases:
        with pytest.raises(delegation.AppointmentError) as refused:
            await delegation.appoint(admin, **{**base, **change})
        assert words in refused.value.fields[field], (change, refused.value.fields)
    assert await Delegation.count() == before
    await delegation.appoint(admin, **base)
    with pytest.raises(delegation.AppointmentError) as refused:  # overlaps the one just made
        await delegation.appoint(admin, **{**base, "to_user_id": org.people["sekretaris"].id,
                                           "starts_on": today() + timedelta(days=9), "ends_on": today() + timedelta(days=12)})
    assert "Sudah ada Plh/Plt" in refused.value.fields["starts_on"]
    assert await Delegation.count() == before + 1
    # Not yet started: nothing reaches the Plh today.
    assert await stand_ins(positions=[org.positions["bidang"]]) == []


async def test_the_admin_page_keeps_typed_input_and_the_appointee_sees_the_appointment(app, make_user, login):
    from balai.testing import csrf_from

    org = await small_dinas(make_user)
    admin = await login(await make_user(is_admin=True))
    page = await admin.get("/admin/stand-ins")
    assert page.status_code == 200 and 'name="letter_number"' in page.text
    form = {"_csrf_token": csrf_from(page.text), "kind": "plh", "position": str(org.positions["bidang"]),
            "to_user": str(org.people["kasi"].id), "starts_on": today().isoformat(),
            "ends_on": (today() - timedelta(days=1)).isoformat(), "letter_number": "800/77/Sek/2026",
            "letter_date": today().isoformat(), "note": "Cuti tahunan Kepala Bidang"}
    no_file = {"letter_file": ("", b"", "application/octet-stream")}  # the form is multipart, as a browser sends it
    bad = await admin.post("/admin/stand-ins", data=form, files=no_file)
    assert bad.status_code == 400 and "Tanggal selesai tidak boleh sebelum tanggal mulai." in bad.text
    assert 'value="800/77/Sek/2026"' in bad.text and "Cuti tahunan Kepala Bidang" in bad.text
    good = await admin.post("/admin/stand-ins", data={**form, "ends_on": (today() + timedelta(days=6)).isoformat()},
                            files={"letter_file": ("sk-plh.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                                                   "application/pdf")})
    assert good.status_code in (302, 303), good.text[:500]
    listed = await admin.get("/admin/stand-ins")
    assert "Plh. Kepala Bidang Perindustrian Uji" in listed.text and "Surat penunjukan 800/77/Sek/2026" in listed.text
    kasi = await login(org.people["kasi"])
    mine = await kasi.get("/delegations")
    assert "Anda ditunjuk sebagai" in mine.text and "Plh. Kepala Bidang Perindustrian Uji" in mine.text
    holder = await login(org.people["kabid"])
    assert "ditunjuk sebagai Plh. Kepala Bidang" in (await holder.get("/delegations")).text
    staff = await login(org.people["staf_seksi"])
    assert (await staff.get("/admin/stand-ins")).status_code == 403
    # The Kepala Dinas appoints too (core.plh), without being an administrator.
    kadis = await login(org.people["kadis"])
    assert (await kadis.get("/admin/stand-ins")).status_code == 200
