"""Telling people that work waits for them: in the application, by email, and through plugins.

:func:`notify` writes one in-app notification per user (inside the caller's transaction, so a
task and its notice stand or fall together) and then hands delivery over the other channels
to a background task: email when ``smtp_url`` is configured, and every channel a plugin offers
through the ``notifiers()`` hook. A slow mail server never holds up the action that notified.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import smtplib
import ssl
from datetime import datetime, timezone
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlparse

from balai import context
from balai.i18n import _
from balai.identity import directory
from balai.identity.directory import role_holders
from balai.notifications.tables import Notification
from balai.workflow.tables import Delegation

log = logging.getLogger("balai.notifications")
PENDING = "core.notifications"  # ctx.extra key: the app's deliveries still under way (a set of tasks)


async def notify(user_ids, message, link: str = "", *, key: str = "") -> list[int]:
    """Notify each user once; with ``key``, users who already got that key are skipped.

    Returns the ids of the users notified now.
    """
    ids = sorted({int(u) for u in user_ids if u is not None})
    if not ids:
        return []
    text = str(message)
    if key:
        done = await Notification.select(Notification.user).where(
            (Notification.key == key) & Notification.user.is_in(ids)
        )
        ids = [i for i in ids if i not in {r["user"] for r in done}]
        if not ids:
            return []
    users = await directory.contacts(ids)
    if not users:
        return []
    await Notification.insert(*[Notification(user=u["id"], message=text, link=link, key=key) for u in users])
    _deliver_later(users, text, link)
    return [u["id"] for u in users]


def _deliver_later(users: list[dict], text: str, link: str) -> None:
    ctx = context.current()
    channels = _channels(ctx)
    if not channels:
        return
    _in_background(ctx, _deliver(users, text, link, channels))


def _in_background(ctx: context.Context, delivery) -> None:
    # A fresh context holding only the app: the caller's open transaction must not leak into the
    # delivery task, but the app's configuration and plugins must reach it.
    fresh = contextvars.Context()
    fresh.run(context.activate, ctx)
    task = asyncio.get_running_loop().create_task(delivery, context=fresh)
    pending = ctx.extra.setdefault(PENDING, set())
    pending.add(task)
    task.add_done_callback(pending.discard)


def _channels(ctx: context.Context) -> list[tuple[str, object]]:
    """(owner, channel): email first when the app's configuration names a mail server, then each
    plugin's; a plugin whose ``notifiers`` raises is logged with its name and left out."""
    config, channels = ctx.config, []
    if config.smtp_url:
        base_url = str((config.extra or {}).get("base_url", ""))
        channels.append(("core.notifications", EmailChannel(config.smtp_url, config.mail_from, base_url)))
    for owner, group in ctx.host.per_plugin("notifiers", robust=True):
        channels.extend((owner, channel) for channel in group or [])
    return channels


async def _deliver(users: list[dict], text: str, link: str, channels: list) -> None:
    for user in users:
        for owner, channel in channels:
            try:
                await channel.send(dict(user, link=link), text)
            except Exception:  # one broken channel must not stop the others
                log.warning("Plugin '%s': notifikasi lewat %s gagal untuk %s", owner, type(channel).__name__,
                            user["username"], exc_info=True)


def email_address(address: str, message: str, link: str = "") -> bool:
    """E-mail ``message`` (and ``link``, a path on this site or a whole URL) to an address that is
    nobody's account, such as a citizen who gave theirs on a public form. Sent in the background
    like every notice; False when no mail server is configured (nothing is sent)."""
    ctx = context.current()
    config = ctx.config
    if not config.smtp_url or not address:
        return False
    channel = EmailChannel(config.smtp_url, config.mail_from, str((config.extra or {}).get("base_url", "")))
    recipient = {"id": None, "username": "", "email": address}
    _in_background(ctx, _deliver([recipient], str(message), link, [("core.notifications", channel)]))
    return True


async def wait_for_deliveries(timeout: float = 10) -> None:
    """Wait until the current app's background deliveries finish (at shutdown, and in tests)."""
    pending = context.current().extra.get(PENDING)
    if pending:
        await asyncio.wait(list(pending), timeout=timeout)


class EmailChannel:
    """Email over SMTP: ``smtp://user:pass@host:25``, ``smtp://host:587?starttls=1`` or ``smtps://host:465``."""

    def __init__(self, url: str, sender: str, base_url: str = ""):
        self.url = urlparse(url)
        self.sender = sender
        self.base_url = base_url.rstrip("/")

    async def send(self, user: dict, message: str) -> None:
        if not user.get("email"):
            return
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = user["email"]
        mail["Subject"] = message if len(message) <= 120 else message[:117] + "..."
        link = user.get("link") or ""
        if link.startswith("/"):
            link = self.base_url + link
        body = message + (f"\n\n{link}" if link else "")
        mail.set_content(body)
        await asyncio.to_thread(self._send_now, mail)

    def _send_now(self, mail: EmailMessage) -> None:
        u = self.url
        options = parse_qs(u.query)
        if u.scheme == "smtps":
            client = smtplib.SMTP_SSL(u.hostname, u.port or 465, timeout=30, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(u.hostname, u.port or 25, timeout=30)
        with client:
            if options.get("starttls", ["0"])[0] in ("1", "true", "yes"):
                client.starttls(context=ssl.create_default_context())
            if u.username:
                client.login(unquote(u.username), unquote(u.password or ""))
            client.send_message(mail)


async def task_opened(case: dict, step, task: dict, returned: str | None = None) -> list[int]:
    """Tell whoever a new task waits for: its assignee, or every holder of the step's role whose
    scope covers the task's unit, plus anyone they delegated that role to today, and the Plh/Plt
    of the task's position or of a head position those people hold. The engine calls this when it
    opens a task; a citizen's step (``outside``) notifies nobody. ``returned`` is the note of a
    perbaiki that sent the work back: the message says so, with the note."""
    if task.get("outside"):
        return []
    users = [task["assignee"]] if task.get("assignee") else await role_holders(task["role"], task["unit"])
    if users:
        today = datetime.now(timezone.utc).date()
        delegated = await Delegation.select(Delegation.to_user).where(
            Delegation.from_user.is_in(users) & (Delegation.role == task["role"]) & Delegation.cancelled_at.is_null()
            & (Delegation.starts_on <= today) & (Delegation.ends_on >= today)
        )
        users += [d["to_user"] for d in delegated]
    from balai.identity.positions import stand_ins_for_task

    users += await stand_ins_for_task(task, users)
    if returned is not None:  # a perbaiki: the work comes back, with what to fix
        message = _("Dikembalikan untuk diperbaiki %(ref)s: %(langkah)s — %(perihal)s. Catatan: %(catatan)s",
                    ref=case["reference"], langkah=str(step.activity), perihal=case["subject"],
                    catatan=returned[:300])
    else:
        message = _("Tugas baru %(ref)s: %(langkah)s — %(perihal)s", ref=case["reference"], langkah=str(step.activity),
                    perihal=case["subject"])
    return await notify(users, message, f"/tasks/{task['id']}", key=f"tugas:{task['id']}")


# --- reading and marking ---------------------------------------------------------------------


async def unread_count(user_id: int) -> int:
    return await Notification.count().where((Notification.user == user_id) & Notification.read_at.is_null())


async def latest(user_id: int, limit: int = 50, offset: int = 0) -> list[dict]:
    return await (
        Notification.select()
        .where(Notification.user == user_id)
        .order_by(Notification.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )


async def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of the user as read."""
    where = (Notification.user == user_id) & Notification.read_at.is_null()
    if notification_id is not None:
        where = where & (Notification.id == notification_id)
    rows = await Notification.update({Notification.read_at: datetime.now(timezone.utc)}).where(where).returning(
        Notification.id
    )
    return len(rows)
