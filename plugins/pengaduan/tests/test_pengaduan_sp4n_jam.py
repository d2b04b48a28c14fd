"""SP4N-LAPOR! after the answer: the reporter's 10 working days (closed on silence by the scheduled
job, exactly once; back to the Operator on a reply), the head of the unit concerned told when a
clock runs out while the unit has not answered, and an information request handed to the PPID."""

from __future__ import annotations

import types
from datetime import timedelta

import pytest

from balai import context
from balai.api import (
    SOP, SOPHeader, SYSTEM, HandoverTarget, Step, act, calendar, case_clocks, case_links, case_tasks, get_case,
    hookimpl, local, selesai, timeline,
)
from balai.testing import csrf_from
from test_pengaduan_sp4n import ADUAN, kirim_aduan, panel_post, terbuka
from wbs_support import lacak, pelapor

from balai_pengaduan import aduan, sp4n_pages
from balai_pengaduan.tables import Aduan, Laporan


@pytest.fixture(autouse=True)
async def lupakan_batas(app):
    yield
    await Laporan.raw("DELETE FROM core_throttle")


async def dijawab(app, login, make_user, fields=None) -> tuple[int, str, dict]:
    """A complaint from the form, answered directly by the Operator on the panel: waiting for the reporter."""
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    case_id, code = await kirim_aduan(app, fields or {**ADUAN, "kelas": "permintaan_informasi"})
    await act((await terbuka(case_id, "terima"))["id"], "terima", user=await operator.current())
    r = await panel_post(await login(operator), case_id, (await terbuka(case_id, "klasifikasi"))["id"],
                         aksi="jawab_langsung", tanggapan="Jadwal tera ulang setiap Selasa.")
    assert r.status_code == 303, r.text[:300]
    return case_id, code, await terbuka(case_id, "konfirmasi")


async def test_silence_for_10_working_days_closes_the_complaint_once(app, demo, login, make_user):
    case_id, code, wait = await dijawab(app, login, make_user)
    # The reporter's window is the core's working calendar: 10 working days after the answer.
    expected = calendar.add_working_days(wait["opened_at"], 10).due_on
    assert local(wait["due_at"]).date() == expected
    # Other tests' complaints may be waiting too: each assertion is about this one.
    early = await aduan.tutup_atau_buka(wait["due_at"] - timedelta(minutes=1))
    assert case_id not in early["ditutup"] + early["dibalas"]
    assert (await get_case(case_id))["state"] == "berjalan"
    late = wait["due_at"] + timedelta(minutes=1)
    assert case_id in (await aduan.tutup_atau_buka(late))["ditutup"]
    assert case_id not in (await aduan.tutup_atau_buka(late))["ditutup"]  # a second run finds nothing to do
    case = await get_case(case_id)
    assert case["state"] == "selesai"
    closing = [e for e in await timeline(case_id) if e["action"] == "tutup_diam"]
    assert len(closing) == 1 and "10 hari kerja" in closing[0]["note"]
    row = await Aduan.select().where(Aduan.case == case_id).first()
    assert row["cara_tutup"] == "tutup_diam" and row["ditutup"] is not None
    async with pelapor(app, "203.0.113.9") as c:
        assert "Jadwal tera ulang setiap Selasa." in (await lacak(c, code)).text


async def test_the_reporters_reply_sends_the_complaint_back_to_the_operator(app, demo, login, make_user):
    case_id, code, wait = await dijawab(app, login, make_user)
    async with pelapor(app, "203.0.113.9") as c:
        tracking = await lacak(c, code)
        assert "dalam 10 hari kerja" in tracking.text  # the reporter is told how long they have
        r = await c.post("/track/messages", data={"_csrf_token": csrf_from(tracking.text), "code": code,
                                                  "body": "Selasa pekan ini libur, kapan lagi?"},
                         files=[("_", (None, ""))])
        assert r.status_code == 200
    done = await aduan.tutup_atau_buka(wait["due_at"] + timedelta(days=30))  # even long after: not closed
    assert case_id in done["dibalas"] and case_id not in done["ditutup"]
    assert (await get_case(case_id))["state"] == "berjalan"
    assert await terbuka(case_id, "klasifikasi")  # the Operator classifies the reply


async def test_the_head_of_the_unit_concerned_is_told_once_when_the_follow_up_clock_runs_out(
        app, demo, make_user):
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    kepala = await make_user(roles=[("kepala_bidang", "perdagangan")], unit="perdagangan")
    case_id, _code = await kirim_aduan(app, ADUAN)
    who = await operator.current()
    await act((await terbuka(case_id, "terima"))["id"], "terima", user=who)
    await act((await terbuka(case_id, "klasifikasi"))["id"], "ke_unit", user=who,
              recipients=[{"unit_id": demo["perdagangan"], "instruction": "Tanggapi"}])
    row = await Aduan.select().where(Aduan.case == case_id).first()
    assert row["unit_tujuan"] == str(demo["perdagangan"])
    clock = {c["code"]: c for c in await case_clocks(case_id)}["tindak_lanjut"]
    assert clock["length"] == 5

    async def told() -> list:
        return await Laporan.raw("SELECT message FROM core_notification WHERE \"user\" = {} AND key LIKE {}",
                                 kepala.id, f"pengaduan.eskalasi:{case_id}:%")

    await aduan.eskalasi(clock["due_at"] - timedelta(minutes=1))
    assert await told() == []
    await aduan.eskalasi(clock["due_at"] + timedelta(minutes=1))
    await aduan.eskalasi(clock["due_at"] + timedelta(days=2))
    messages = await told()
    assert len(messages) == 1 and "Tindak lanjut" in messages[0]["message"]
    assert "Pasar Segiri" not in messages[0]["message"]  # the reference, never the complaint's words


def penerima_ppid() -> types.ModuleType:
    """A receiving plugin of the test's own, so the hand-over path is tested apart from ppid's (whose
    own test, plugins/ppid/tests/test_ppid_serahan.py, walks the real one)."""
    module = types.ModuleType("fake_ujippid")

    def sop_definitions():
        return [SOP(code="ujippid.permohonan", name="Permohonan Informasi Uji", header=SOPHeader(nomor="UJI/077"),
                    reference_prefix="UPI", started_by=SYSTEM,
                    steps=[Step(1, "periksa", "Memeriksa permohonan", actor="staf", time="1 hari kerja",
                                actions=[selesai()])])]

    def handover_targets():
        return [HandoverTarget("ujippid.permohonan", accepts=("pengaduan.sp4n",), label="Teruskan ke PPID")]

    for hook in (sop_definitions, handover_targets):
        setattr(module, hook.__name__, hookimpl(hook))
    return module


@pytest.fixture
def dengan_ppid(monkeypatch):
    from balai.web.app import create_app
    from balai.config import load_config
    from balai.plugins import load_host

    config = load_config()
    host = load_host(config.plugins)
    host.pm.register(penerima_ppid(), name="ujippid")
    monkeypatch.setattr(sp4n_pages, "PPID", "ujippid.permohonan")
    return create_app(config, host)


async def test_an_information_request_is_handed_to_the_ppid_with_the_reason(app, demo, make_user, dengan_ppid):
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    fields = {**ADUAN, "kelas": "permintaan_informasi", "anonim": "tidak", "judul": "Data IKM binaan",
              "uraian": "Mohon daftar IKM binaan Bidang Perindustrian tahun 2026."}
    case_id, code = await kirim_aduan(app, fields)
    who = await operator.current()
    await act((await terbuka(case_id, "terima"))["id"], "terima", user=who)
    klas = await terbuka(case_id, "klasifikasi")
    with context.active(dengan_ppid.state.balai):
        context_ = await sp4n_pages._context(await get_case(case_id), klas, who)
        assert context_["ppid"]["label"] == "Teruskan ke PPID"
        case = await get_case(case_id)
        with pytest.raises(Exception) as refused:
            await sp4n_pages.kerjakan(who, case, klas["id"], "diteruskan_ppid", {"alasan": "", "tanggapan": ""})
        assert "Alasan penerusan" in str(refused.value)
        await sp4n_pages.kerjakan(who, case, klas["id"], "diteruskan_ppid",
                                  {"alasan": "Permintaan informasi publik", "tanggapan": ""})
        [link] = (await case_links(case_id))["to"]
        new = await get_case(link["case"])
        assert new["sop"] == "ujippid.permohonan" and link["reason"] == "Permintaan informasi publik"
        assert new["data"]["rincian"] == fields["uraian"] and new["data"]["nama"] == "Rusdiansyah"
        assert [t["step"] for t in await case_tasks(new["id"])] == ["periksa"]
    assert (await get_case(case_id))["state"] == "selesai"
    assert (await Aduan.select().where(Aduan.case == case_id).first())["cara_tutup"] == "diteruskan_ppid"
    async with pelapor(app, "203.0.113.9") as c:
        tracking = (await lacak(c, code)).text
    assert new["reference"] in tracking and "10 hari kerja" in tracking  # the reporter learns where it went


async def test_the_operator_answers_an_information_request_when_no_plugin_takes_it(app, demo, login, make_user):
    """"Teruskan ke PPID" is offered exactly when an installed plugin declares the target (ppid does
    in the session's app); the Operator's own answer is there either way."""
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    case_id, _code = await kirim_aduan(app, {**ADUAN, "kelas": "permintaan_informasi"})
    await act((await terbuka(case_id, "terima"))["id"], "terima", user=await operator.current())
    klas = await terbuka(case_id, "klasifikasi")
    page = await (await login(operator)).get(f"/tasks/{klas['id']}")
    from balai.handover.service import targets
    offered = "ppid.permohonan" in targets()
    assert ('data-testid="form-ppid"' in page.text) == offered
    assert 'value="jawab_langsung"' in page.text
