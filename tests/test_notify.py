"""Notifications: in the application, by email (a local SMTP sink), and through plugin channels."""

import types
from dataclasses import replace

from aiosmtpd.controller import Controller

from balai.api import hookimpl
from balai.identity.tables import User
from balai.notifications.tables import Notification
from balai.notifications import service as notify
from balai.testing import free_port


async def user_id(username: str) -> int:
    return (await User.select(User.id).where(User.username == username).first())["id"]


async def clear(uid: int) -> None:
    await Notification.delete().where(Notification.user == uid)


async def test_notification_list_badge_and_mark_read(login):
    uid = await user_id("demo.kasubag-umum")
    await clear(uid)
    assert await notify.notify([uid], "Surat masuk SM/2026/000001 menunggu paraf Anda", "/tasks/1") == [uid]
    await notify.notify([uid], "Tugas lain")
    c = await login("demo.kasubag-umum")

    assert (await c.get("/notifications/count")).text == "2"
    page = await c.get("/notifications")
    assert page.status_code == 200
    assert "SM/2026/000001 menunggu paraf Anda" in page.text

    first = (await Notification.select().where(Notification.link == "/tasks/1").where(Notification.user == uid).first())
    opened = await c.post(f"/notifications/{first['id']}/read", data={"next": "/tasks/1"}, follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/tasks/1"
    assert (await c.get("/notifications/count")).text == "1"

    done = await c.post("/notifications/read-all", follow_redirects=False)
    assert done.status_code == 303
    assert (await c.get("/notifications/count")).text == ""
    assert await notify.unread_count(uid) == 0


async def test_notifications_are_private(login):
    owner = await user_id("demo.kasubag-umum")
    await notify.notify([owner], "Rahasia pemilik")
    row = await Notification.select().where(Notification.user == owner).order_by(Notification.id, ascending=False).first()
    other = await login("demo.staf")
    assert "Rahasia pemilik" not in (await other.get("/notifications")).text
    assert (await other.post(f"/notifications/{row['id']}/read", data={})).status_code == 404
    assert (await Notification.select(Notification.read_at).where(Notification.id == row["id"]).first())["read_at"] is None


async def test_pages_need_login(client):
    for path in ("/notifications", "/notifications/count"):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert (await client.post("/notifications/read-all")).status_code in (401, 403)


async def test_notifications_api(login):
    uid = await user_id("demo.kepala-bidang")
    await clear(uid)
    await notify.notify([uid], "Disposisi dari Sekretaris", "/tasks/5")
    c = await login("demo.kepala-bidang")
    listed = (await c.get("/api/core/notifications")).json()
    assert listed["unread"] == 1
    item = listed["items"][0]
    assert (item["message"], item["link"], item["read_at"]) == ("Disposisi dari Sekretaris", "/tasks/5", None)
    marked = await c.post(f"/api/core/notifications/{item['id']}/read")
    assert marked.status_code == 200 and marked.json() == {"unread": 0}
    other = await login("demo.sekretaris")
    assert (await other.post(f"/api/core/notifications/{item['id']}/read")).status_code == 404


async def test_key_sends_once_per_user(demo):
    a, b = await user_id("demo.sekretaris"), await user_id("demo.kepala-dinas")
    await clear(a)
    await clear(b)
    assert await notify.notify([a], "Pengingat", key="pengingat:tugas:999") == [a]
    assert await notify.notify([a, b], "Pengingat", key="pengingat:tugas:999") == [b]
    assert await notify.notify([a, b], "Pengingat", key="pengingat:tugas:999") == []
    assert await Notification.count().where(Notification.key == "pengingat:tugas:999") == 2
    assert await notify.notify([], "Tidak ada penerima") == []


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def configure_mail(monkeypatch, app, **settings) -> None:
    """The app's configuration with these mail settings, for one test (as an agency sets them)."""
    ctx = app.state.balai
    monkeypatch.setattr(ctx, "config", replace(ctx.config, **settings))


async def test_email_is_sent_when_smtp_is_configured(app, demo, monkeypatch):
    uid = await user_id("demo.sekretaris")
    await User.update({User.email: "sekretaris@dinas.example"}).where(User.id == uid)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        configure_mail(monkeypatch, app, smtp_url=f"smtp://127.0.0.1:{controller.port}",
                       mail_from="balai@dinas.example", extra={"base_url": "https://balai.dinas.example"})
        await notify.notify([uid], "Surat keluar menunggu tanda tangan", "/tasks/7")
        await notify.wait_for_deliveries()
    finally:
        controller.stop()
        await User.update({User.email: ""}).where(User.id == uid)
    assert len(sink.messages) == 1
    envelope = sink.messages[0]
    assert envelope.rcpt_tos == ["sekretaris@dinas.example"]
    body = envelope.content.decode()
    assert "Subject: Surat keluar menunggu tanda tangan" in body
    assert "https://balai.dinas.example/tasks/7" in body


async def test_unreachable_mail_server_does_not_stop_in_app_notification(app, demo, monkeypatch):
    uid = await user_id("demo.sekretaris")
    await User.update({User.email: "sekretaris@dinas.example"}).where(User.id == uid)
    try:
        configure_mail(monkeypatch, app, smtp_url=f"smtp://127.0.0.1:{free_port()}")
        assert await notify.notify([uid], "Tetap tercatat") == [uid]
        await notify.wait_for_deliveries()
    finally:
        await User.update({User.email: ""}).where(User.id == uid)
    assert await Notification.count().where((Notification.user == uid) & (Notification.message == "Tetap tercatat"))


async def test_hook_notifiers(app, demo):
    received = []

    class Channel:
        async def send(self, user, message):
            received.append((user["username"], message, user["link"]))

    class Broken:
        async def send(self, user, message):
            raise ConnectionError("WhatsApp gateway down")

    plugin = types.ModuleType("fake_wa")
    plugin.notifiers = hookimpl(lambda: [Broken(), Channel()])
    plugin.notifiers.__name__ = "notifiers"
    host = app.state.host  # the app's plugins: where the service finds every notifiers() hook
    host.pm.register(plugin, name="wa")
    try:
        uid = await user_id("demo.kepala-dinas")
        await notify.notify([uid], "Disposisi baru", "/tasks/3")
        await notify.wait_for_deliveries()
    finally:
        host.pm.unregister(plugin)
    assert received == [("demo.kepala-dinas", "Disposisi baru", "/tasks/3")]


async def test_opening_a_task_notifies_the_role_holders_and_their_delegates(app, demo):
    from datetime import date, timedelta

    from balai.workflow import engine
    from balai.workflow.tables import Delegation, Task
    from tests.sop_uji import SURAT_UJI, install
    from tests.workflow_support import new_unit, person

    sop, remove = install(app, SURAT_UJI)
    try:
        unit = await new_unit(demo["industri"])
        drafter = await person(app, ("staf", unit))
        colleague = await person(app, ("staf", unit))
        away = await person(app, ("staf", unit))
        stand_in = await person(app)
        elsewhere = await person(app, ("staf", demo["keuangan"]))
        await Delegation.insert(Delegation(from_user=away.id, to_user=stand_in.id, role="staf",
                                           starts_on=date.today() - timedelta(days=1),
                                           ends_on=date.today() + timedelta(days=1)))
        case = await engine.open_case(sop.code, "Undangan rapat koordinasi", user=drafter, unit_id=unit)
        task = await Task.select(Task.id).where(Task.case == case["id"]).first()
        rows = await Notification.select(Notification.user, Notification.message, Notification.link).where(
            Notification.key == f"tugas:{task['id']}")
    finally:
        remove()
    notified = {r["user"] for r in rows}
    assert {drafter.id, colleague.id, away.id, stand_in.id} <= notified  # and holders in the units above
    assert elsewhere.id not in notified
    assert rows[0]["link"] == f"/tasks/{task['id']}"
    assert case["reference"] in rows[0]["message"] and "Membuat konsep surat keluar" in rows[0]["message"]
    assert "Undangan rapat koordinasi" in rows[0]["message"]
