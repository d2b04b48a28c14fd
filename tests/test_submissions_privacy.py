"""Confidential routes keep nothing that identifies a citizen: after a confidential submission and
everything that follows it (the tracking page, a message, the receipt, a new code asked for),
neither the database, nor the application's log, nor the audit log, nor the ASGI server's access
log holds the citizen's address or user agent; the throttle holds a keyed hash that changes daily.
A sealed SOP's submission keeps the submitter's e-mail and the thread sealed as well."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from dataclasses import replace

import httpx
import pytest

from balai.audit.tables import AuditEntry
from balai.submissions import service
from balai.submissions.tables import Submission, SubmissionMessage
from balai.testing import csrf_from, free_port
from balai.throttle.tables import Throttle
from balai.web import privacy
from balai.workflow.tables import Case
from tests.documents_support import pdf_bytes, png_bytes
from tests.submissions_support import citizen, code_from, send, track

PEER = "203.0.113.77"  # the proxy in front of Balai
CLIENT = "198.51.100.23"  # the citizen behind it, as X-Forwarded-For says
AGENT = "PerambanRahasia/7.3 (uji; Linux x86_64)"


@pytest.fixture(autouse=True)
async def forget_throttles(app):
    yield
    await Throttle.delete().where(Throttle.purpose.like("submissions.%"))


async def database_text(app) -> str:
    """Every row of every table, as text."""
    if app.state.config.is_postgres:
        tables = await Case.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
    else:
        tables = await Case.raw("SELECT name FROM sqlite_master WHERE type = 'table'")
    parts = []
    for table in tables:
        parts.append(repr(await Case.raw(f'SELECT * FROM "{table["name"]}"')))
    return "\n".join(parts)


def test_the_alias_of_an_address_is_a_keyed_hash_that_changes_every_day():
    today = privacy.client_alias(CLIENT, "kunci", "2026-03-16")
    assert today == privacy.client_alias(CLIENT, "kunci", "2026-03-16")
    assert today != privacy.client_alias(CLIENT, "kunci", "2026-03-17")
    assert today != privacy.client_alias(CLIENT, "kunci-lain", "2026-03-16")
    assert today != privacy.client_alias("198.51.100.24", "kunci", "2026-03-16")
    assert CLIENT not in today and today.startswith("anon-")


async def test_a_confidential_submission_stores_no_address_or_user_agent(app, demo, login, make_user, caplog,
                                                                          monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(app.state.balai, "config", replace(app.state.config, trusted_proxies=(f"{PEER}/32",)))
    monkeypatch.setattr(app.state, "config", app.state.balai.config)
    headers = {"user-agent": AGENT, "x-forwarded-for": CLIENT, "referer": "http://testserver.local/forms/ujisop.aduan"}
    answers = []
    async with citizen(app, PEER, **headers) as c:
        received = await send(c, files={"bukti": ("foto.png", png_bytes())}, email="rahasia@contoh.go.id")
        answers.append(received)
        code = code_from(received.text)
        page = await track(c, code)
        answers.append(page)
        answers.append(await c.post("/track/messages", data={"_csrf_token": csrf_from(page.text), "code": code,
                                                             "body": "Tambahan dari pelapor"},
                                    files=[("file", ("tambahan.pdf", pdf_bytes("Tambahan"), "application/pdf"))]))
        answers.append(await c.post("/track/receipt", data={"_csrf_token": csrf_from(page.text), "code": code}))
        answers.append(await track(c, "SALAH"))  # a miss: counted by the throttle
        case = await Case.select(Case.reference).where(Case.id == (await service.find(code))["case"]).first()
        lost = await c.get("/track/lost")
        answers.append(await c.post("/track/lost", data={"_csrf_token": csrf_from(lost.text),
                                                         "reference": case["reference"], "email": "rahasia@contoh.go.id"}))
        answers.append(await c.get("/leave"))
        answers.append(await c.post("/api/core/track", json={"code": code}))
    for answer in answers:
        assert answer.headers["referrer-policy"] == "no-referrer", answer.request.url
        assert answer.headers["cache-control"] == "no-store", answer.request.url
    assert answers[-2].headers["clear-site-data"] == '"cache", "cookies", "storage"'
    # Staff answer too: their own address is theirs to leave, the citizen's is still nowhere.
    submission = await service.find(code)
    staff = await login(await make_user(roles=[("ujisop_pemeriksa", "sekretariat")]))
    case_page = await staff.get(f"/cases/{submission['case']}")
    reply = await staff.post(f"/cases/{submission['case']}/messages", files=[("_", (None, ""))],
                             data={"_csrf_token": csrf_from(case_page.text), "body": "Kami terima."})
    assert reply.status_code in (200, 303)

    stored = await database_text(app)
    for trace in (PEER, CLIENT, AGENT, "PerambanRahasia"):
        assert trace not in stored, f"{trace!r} was stored in the database"
        assert trace not in caplog.text, f"{trace!r} was written to the log"
    entries = await AuditEntry.select().where(AuditEntry.object_id == str(submission["case"]))
    assert {e["action"] for e in entries} >= {"submissions.submit", "submissions.message", "submissions.renewal_asked"}
    assert all(e["ip"] == "" for e in entries if e["actor"] is None)  # the citizen's entries: no address
    keys = {r["key"] for r in await Throttle.select(Throttle.key).where(Throttle.purpose.like("submissions.%"))}
    assert keys - {"*"} == {privacy.client_alias(CLIENT, app.state.config.secret_key)}

    # The search can find an address: the same browser signing in (not a confidential page) is recorded.
    async with citizen(app, PEER, **headers) as c:
        form = await c.get("/login")
        await c.post("/login", data={"username": "tidak.ada", "password": "salah", "_csrf_token": csrf_from(form.text)})
    assert CLIENT in await database_text(app)
    await Throttle.delete().where(Throttle.key == CLIENT)


async def test_a_plugin_marks_its_own_public_route_confidential(app, demo):
    async with citizen(app, CLIENT, **{"user-agent": AGENT, "x-forwarded-for": "192.0.2.9"}) as c:
        seen = await c.get("/ujisop/saluran-aman")
        plain = await c.get("/login")  # not confidential: the ordinary headers
    assert seen.json() == {"client": privacy.client_alias(CLIENT, app.state.config.secret_key), "agent": "",
                           "forwarded": ""}
    assert seen.headers["referrer-policy"] == "no-referrer" and seen.headers["cache-control"] == "no-store"
    assert plain.headers["referrer-policy"] == "same-origin" and "no-store" not in plain.headers.get("cache-control", "")


def test_the_access_log_of_the_server_names_no_address_on_confidential_routes(demo):
    """The ASGI server (uvicorn, with its access log on) writes its line after the answer, from the
    request as Balai left it: on a confidential route without the caller's address."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "balai.web.asgi:create", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "info", "--access-log"],
        env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with httpx.Client(base_url=base, headers={"user-agent": AGENT}) as c:
            assert c.get("/forms/ujisop.aduan").status_code == 200
            assert c.get("/static/submissions/submissions.js").status_code == 200  # the page's own script
            page = c.get("/track")
            assert c.post("/track", data={"_csrf_token": csrf_from(page.text), "code": "SALAH"}).status_code == 400
            assert c.get("/login").status_code == 200  # not confidential: its line names the address
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode(errors="replace")
    lines = [line for line in output.splitlines() if '"GET /' in line or '"POST /' in line]
    confidential = [line for line in lines if "/forms/" in line or "/track" in line or "/static/submissions/" in line]
    assert len(confidential) == 4 and all("127.0.0.1" not in line for line in confidential), output
    assert any("127.0.0.1" in line and "/login" in line for line in lines), output
    assert AGENT not in output


async def test_a_sealed_sops_submission_keeps_the_e_mail_and_the_thread_sealed(app, demo, login, make_user):
    async with citizen(app) as c:
        page = await c.get("/forms/ujisop.lapor")
        assert page.status_code == 200
        received = await send(c, {"uraian": "Pungutan liar di loket tiga"}, form="ujisop.lapor", files={},
                              email="pelapor.rahasia@contoh.go.id")
        assert received.status_code == 200, received.text[:300]
        code = code_from(received.text)
        tracking = await track(c, code)
        sent = await c.post("/track/messages", data={"_csrf_token": csrf_from(tracking.text), "code": code,
                                                     "body": "Pelakunya memakai rompi biru"},
                            files=[("file", ("bukti-rompi.pdf", pdf_bytes("Rompi biru"), "application/pdf"))])
        assert sent.status_code == 200
        assert "Pelakunya memakai rompi biru" in sent.text and "bukti-rompi.pdf" in sent.text  # the code's holder reads
    submission = await service.find(code)
    raw_case = await Case.select().where(Case.id == submission["case"]).first()
    raw_message = await SubmissionMessage.select().where(SubmissionMessage.submission == submission["id"]).first()
    stored = repr(raw_case) + repr(submission) + repr(raw_message)
    for plain in ("Pungutan liar", "pelapor.rahasia@contoh.go.id", "rompi biru"):
        assert plain not in stored
    assert "bukti-rompi.pdf" not in await database_text(app)
    telaah = await login(await make_user(roles=[("ujisop_telaah", "umum")]))
    readable = await telaah.get(f"/cases/{submission['case']}")
    assert "Pelakunya memakai rompi biru" in readable.text and "bukti-rompi.pdf" in readable.text
    admin = await login("admin")  # may see the case, may not read it: no thread shown
    masked = await admin.get(f"/cases/{submission['case']}")
    assert masked.status_code == 200 and "Percakapan dengan pemohon" not in masked.text
    assert "rompi" not in masked.text
    # The e-mail still works for a new code: unsealed where it is needed.
    assert await service.ask_renewal(raw_case["reference"], "pelapor.rahasia@contoh.go.id") is False  # no mail server
    row = await Submission.select().where(Submission.id == submission["id"]).first()
    assert row["renew_hash"]  # matched (through the sealed address): the link was made
