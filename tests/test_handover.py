"""Handing a case to another plugin's SOP (issue 11, part 3): a new case linked both ways, with the reason.

The test plugin's complaint ("ujisop.aduan", started by a citizen) is handed to its information
request ("ujisop.informasi", with its own legal clocks), which declares it takes complaints. A second
plugin, made in memory here ("ujiterima"), is installed in one app and absent from the other: there,
hand-over to it is neither offered nor accepted.
"""

from __future__ import annotations

import types

import pytest

from balai import context
from balai.api import (
    SOP, SYSTEM, HandoverError, HandoverTarget, SOPHeader, Step, TaskState, act, case_clocks, case_links, case_tasks,
    case_url, hand_over, handover_options, hookimpl, open_case, selesai, timeline,
)
from balai.config import load_config
from balai.handover.tables import CaseLink
from balai.plugins import load_host
from balai.testing import csrf_from, make_client, sign_in
from balai.web.app import create_app
from balai.workflow.definition import DefinitionError
from balai.workflow.tables import Case
from tests.workflow_support import new_unit, person

REASON = "Isi aduan sebenarnya permintaan salinan laporan keuangan"


@pytest.fixture
async def people(app, demo):
    unit = await new_unit(demo["umum"])
    # Works on complaints of the unit and may open information requests there.
    petugas = await person(app, ("ujisop_pemeriksa", unit), ("ujisop_pemohon", unit), name="Petugas Serah")
    staf = await person(app, ("staf", unit), name="Staf Lain")
    return {"unit": unit, "petugas": petugas, "staf": staf}


async def _complaint(unit: int, subject: str = "Permintaan laporan keuangan 2025") -> dict:
    return await open_case("ujisop.aduan", subject, user=None, unit_id=unit, data={"nama": "Warga"},
                           complete_first="kirim")


async def _open_steps(case_id: int) -> list[str]:
    return [t["step"] for t in await case_tasks(case_id) if t["state"] in TaskState.OPEN]


async def test_a_hand_over_keeps_both_links(people, login):
    source = await _complaint(people["unit"])
    petugas = people["petugas"]
    assert "ujisop.informasi" in [o["sop"] for o in await handover_options(source["id"], user=petugas)]

    new = await hand_over(source["id"], "ujisop.informasi", user=petugas, reason=REASON)

    assert new["sop"] == "ujisop.informasi" and new["subject"] == source["subject"]
    assert await _open_steps(new["id"]) == ["periksa"]  # the target SOP's first step
    assert {c["code"]: c["state"] for c in await case_clocks(new["id"])}["jawab"] == "berjalan"
    assert await _open_steps(source["id"]) == ["tanggapi"]  # the complaint goes on under its own SOP
    links_from, links_to = await case_links(source["id"]), await case_links(new["id"])
    assert [(l["case"], l["reason"]) for l in links_from["to"]] == [(new["id"], REASON)] and not links_from["from"]
    assert [(l["case"], l["reason"]) for l in links_to["from"]] == [(source["id"], REASON)] and not links_to["to"]
    sent = [e for e in await timeline(source["id"]) if e["action"] == "serahkan"]
    got = [e for e in await timeline(new["id"]) if e["action"] == "terima_serahan"]
    assert sent[0]["note"] == REASON and sent[0]["data"]["serah"]["reference"] == new["reference"]
    assert got[0]["note"] == REASON and got[0]["data"]["asal"]["reference"] == source["reference"]
    assert got[0]["actor"] == petugas.id

    c = await login(petugas.username)
    page = (await c.get(case_url(source["id"]))).text
    assert 'data-testid="handover-to"' in page and f'href="/cases/{new["id"]}"' in page and REASON in page
    page = (await c.get(case_url(new["id"]))).text
    assert 'data-testid="handover-from"' in page and f'href="/cases/{source["id"]}"' in page
    assert 'data-testid="timeline-asal"' in page and source["reference"] in page

    # Handed once: not offered again, and a second press is a conflict that writes nothing.
    assert "ujisop.informasi" not in [o["sop"] for o in await handover_options(source["id"], user=petugas)]
    before = await Case.count()
    with pytest.raises(HandoverError) as refused:
        await hand_over(source["id"], "ujisop.informasi", user=petugas, reason=REASON)
    assert refused.value.status == 409 and new["reference"] in refused.value.messages[0]
    assert await Case.count() == before


async def test_the_case_page_form_hands_over_and_keeps_the_input_on_a_refusal(people, login):
    source = await _complaint(people["unit"], "Aduan yang diteruskan lewat halaman")
    c = await login(people["petugas"].username)
    page = await c.get(case_url(source["id"]))
    assert 'data-testid="handover-offer"' in page.text
    form = await c.get(f"/cases/{source['id']}/handover")
    assert 'value="ujisop.informasi"' in form.text
    token = csrf_from(form.text)
    links, cases = await CaseLink.count(), await Case.count()

    no_reason = await c.post(f"/cases/{source['id']}/handover",
                             data={"_csrf_token": token, "sop": "ujisop.informasi", "perihal": "Perihal diketik", "alasan": ""})
    assert no_reason.status_code == 400 and "Alasan penyerahan wajib diisi." in no_reason.text
    assert 'value="Perihal diketik"' in no_reason.text
    unknown = await c.post(f"/cases/{source['id']}/handover",
                           data={"_csrf_token": token, "sop": "ujiterima.terima", "perihal": "P", "alasan": REASON})
    assert unknown.status_code == 404 and "tidak tersedia untuk kasus ini" in unknown.text and REASON in unknown.text
    assert (await CaseLink.count(), await Case.count()) == (links, cases)

    done = await c.post(f"/cases/{source['id']}/handover", follow_redirects=False,
                        data={"_csrf_token": token, "sop": "ujisop.informasi", "perihal": "Salinan laporan", "alasan": REASON})
    assert done.status_code in (302, 303)
    [link] = (await case_links(source["id"]))["to"]
    assert done.headers["location"] == case_url(link["case"])
    assert (await c.get(done.headers["location"])).status_code == 200


async def test_the_api_hands_over_and_refuses_with_reasons(people, login):
    source = await _complaint(people["unit"], "Aduan lewat API")
    c = await login(people["petugas"].username)
    listed = (await c.get(f"/api/core/cases/{source['id']}/handover")).json()
    assert [o["sop"] for o in listed["options"]] == ["ujisop.informasi"] and listed["links"] == {"to": [], "from": []}
    url = f"/api/core/cases/{source['id']}/handover"
    cases = await Case.count()
    assert (await c.post(url, json={"to_sop": "ujisop.informasi"})).status_code == 400  # no reason
    assert (await c.post(url, json={"to_sop": "ujisop.informasi", "reason": "x", "subject": " "})).status_code == 400
    assert (await c.post(url, json={"to_sop": "tidak.ada", "reason": REASON})).status_code == 404
    assert (await c.post(url, json={"to_sop": "ujisop.sederhana", "reason": REASON})).status_code == 404  # takes none
    assert await Case.count() == cases
    outsider = await login(people["staf"].username)  # may not even see the complaint
    assert (await outsider.post(url, json={"to_sop": "ujisop.informasi", "reason": REASON})).status_code == 404
    done = await c.post(url, json={"to_sop": "ujisop.informasi", "reason": REASON, "subject": "Lewat API",
                                   "data": {"rincian": "laporan keuangan"}})
    assert done.status_code == 201
    body = done.json()
    assert body["sop"] == "ujisop.informasi" and body["subject"] == "Lewat API" and body["data"] == {"rincian": "laporan keuangan"}


async def test_who_may_hand_over(people, app):
    source = await _complaint(people["unit"], "Aduan yang bukan urusan staf")
    assert await handover_options(source["id"], user=people["staf"]) == []
    with pytest.raises(HandoverError) as refused:
        await hand_over(source["id"], "ujisop.informasi", user=people["staf"], reason=REASON)
    assert refused.value.status == 403
    # On the complaint, but without the information request's start permission (it is opened as the
    # user): not offered, refused, nothing written.
    pemeriksa = await person(app, ("ujisop_pemeriksa", people["unit"]), name="Pemeriksa Saja")
    assert await handover_options(source["id"], user=pemeriksa) == []
    cases = await Case.count()
    with pytest.raises(HandoverError) as refused:
        await hand_over(source["id"], "ujisop.informasi", user=pemeriksa, reason=REASON)
    assert refused.value.status == 403 and await Case.count() == cases
    # A closed case is not handed over.
    closed = await _complaint(people["unit"], "Aduan yang sudah selesai")
    [task] = [t for t in await case_tasks(closed["id"]) if t["state"] in TaskState.OPEN]
    await act(task["id"], "selesai", user=people["petugas"])
    assert await handover_options(closed["id"], user=people["petugas"]) == []
    with pytest.raises(HandoverError) as refused:
        await hand_over(closed["id"], "ujisop.informasi", user=people["petugas"], reason=REASON)
    assert refused.value.status == 409


# --- a second plugin, installed in one app and not in the other -------------------------------

def receiving_plugin(seen: list) -> types.ModuleType:
    module = types.ModuleType("fake_ujiterima")

    def sop_definitions():
        return [SOP(code="ujiterima.terima", name="Penerimaan Serahan Uji", header=SOPHeader(nomor="UJI/009"),
                    reference_prefix="TRM", started_by=SYSTEM,
                    steps=[Step(1, "telaah", "Menelaah serahan", actor="staf", time="1 hari kerja",
                                actions=[selesai()])])]

    def handover_targets():
        return [HandoverTarget("ujiterima.terima", accepts=("ujisop.aduan",), label="Teruskan ke penerima uji")]

    def case_handed_over(case, from_case, reason, user):
        seen.append((case["sop"], from_case["id"], reason, user.id))

    for hook in (sop_definitions, handover_targets, case_handed_over):
        setattr(module, hook.__name__, hookimpl(hook))
    return module


@pytest.fixture
def with_receiver(app):
    """An app on the same database with the in-memory plugin "ujiterima" installed too."""
    seen: list = []
    config = load_config()
    host = load_host(config.plugins)
    host.pm.register(receiving_plugin(seen), name="ujiterima")
    return create_app(config, host), seen


async def test_hook_handover_targets_and_not_offered_when_the_plugin_is_disabled(people, with_receiver, app):
    on, _seen = with_receiver
    source = await _complaint(people["unit"], "Aduan untuk penerima uji")
    with context.active(on.state.balai):
        offered = {o["sop"] for o in await handover_options(source["id"], user=people["petugas"])}
        assert offered == {"ujisop.informasi", "ujiterima.terima"}
    # The session's app does not have "ujiterima": not offered, and refused by name.
    assert [o["sop"] for o in await handover_options(source["id"], user=people["petugas"])] == ["ujisop.informasi"]
    with pytest.raises(HandoverError) as refused:
        await hand_over(source["id"], "ujiterima.terima", user=people["petugas"], reason=REASON)
    assert refused.value.status == 404
    async with make_client(app) as c:
        await sign_in(c, people["petugas"].username, "demo-pass")
        form = (await c.get(f"/cases/{source['id']}/handover")).text
        assert 'value="ujisop.informasi"' in form and "ujiterima.terima" not in form


async def test_hook_case_handed_over_and_a_link_to_a_disabled_plugin(people, with_receiver, app):
    on, seen = with_receiver
    source = await _complaint(people["unit"], "Aduan yang diterima plugin lain")
    with context.active(on.state.balai):
        new = await hand_over(source["id"], "ujiterima.terima", user=people["petugas"], reason=REASON)
    assert seen == [("ujiterima.terima", source["id"], REASON, people["petugas"].id)]
    assert new["opened_by"] is None and await _open_steps(new["id"]) == ["telaah"]  # opened on the user's behalf
    opened = [e for e in await timeline(new["id"]) if e["action"] == "buka"]
    assert opened[0]["actor_name"] == people["petugas"].full_name
    # Here "ujiterima" is not enabled: the link still shows, as text, and says so.
    async with make_client(app) as c:
        await sign_in(c, people["petugas"].username, "demo-pass")
        page = (await c.get(case_url(source["id"]))).text
        assert new["reference"] in page and "plugin tidak aktif" in page and f'href="/cases/{new["id"]}"' not in page


async def test_a_plugin_that_fails_in_case_handed_over_undoes_the_hand_over(people, plugin_registered):
    class Failing:
        @hookimpl
        def case_handed_over(self, case, from_case, reason, user):
            raise RuntimeError("rekaman plugin gagal")

    source = await _complaint(people["unit"], "Aduan yang gagal diserahkan")
    cases, links = await Case.count(), await CaseLink.count()
    with plugin_registered(Failing(), name="gagal"):
        with pytest.raises(RuntimeError):
            await hand_over(source["id"], "ujisop.informasi", user=people["petugas"], reason=REASON)
    assert (await Case.count(), await CaseLink.count()) == (cases, links)
    assert not [e for e in await timeline(source["id"]) if e["action"] == "serahkan"]


def test_a_broken_declaration_stops_start_up(app):
    from balai.handover.service import load_targets

    def declared(*found):
        host = types.SimpleNamespace(per_plugin=lambda hook: [("ujisop", list(found))])
        return load_targets(types.SimpleNamespace(host=host, sops=app.state.balai.sops))

    good = HandoverTarget("ujisop.informasi", accepts=("ujisop.aduan",))
    assert list(declared(good)) == ["ujisop.informasi"]
    for broken in ([HandoverTarget("ujisop.tidak_ada")], [HandoverTarget("persuratan.surat_masuk")],
                   [HandoverTarget("ujisop.informasi", complete_first="tidak_ada")], [HandoverTarget("ujisop.rahasia")],
                   [good, good]):
        with pytest.raises(DefinitionError, match="Penyerahan ke SOP"):
            declared(*broken)
