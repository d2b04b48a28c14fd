"""Sealed content: what a sealed SOP's cases keep encrypted, who reads it, and the app's keys.

A case of an SOP declared with ``sealed=Sealed(...)`` (or ``sealed=True``) is stored so that the
database holds no readable word of it: the subject column holds :data:`SEALED_SUBJECT`, and the
real subject and data, every task's data, note and instruction, and every timeline note and
detail are tokens (:mod:`balai.sealed.crypto`) bound to the case (``case:<id>``). Its documents
are encrypted before they reach the storage. The message thread of a submission, and any text a
plugin keeps about such a case, use :func:`seal_text` / :func:`unseal_text` the same way.

Reading: :func:`may_unseal` says whether a user may read a case (the SOP's :class:`Sealed`
policy); pages and the API then show :func:`unseal_case` or :func:`mask_case`. Hooks of every
plugin but the SOP's own receive the masked case, task and data; notifications, the audit log and
search only ever see the stored (sealed) form.

The keys live outside the database (:mod:`balai.sealed.keys`); :func:`ensure_keys` checks them at
start-up against the key ids that sealed data in this database.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from balai.context import current
from balai.i18n import lazy_gettext
from balai.sealed import crypto, keys
from balai.sealed.crypto import SealedError
from balai.sealed.keys import Keyring, SealingKeyError
from balai.sealed.policy import Sealed

__all__ = [
    "SEALED_SUBJECT", "Sealed", "SealedError", "SealingKeyError", "ensure_keys", "is_sealed", "keyring", "mask_case",
    "mask_event", "mask_task", "may_unseal", "policy", "seal_json", "seal_text", "unseal_case", "unseal_event",
    "unseal_json", "unseal_task", "unseal_text", "works_on_case",
]

log = logging.getLogger("balai.sealed")
EXTRA = "core.sealed"  # ctx.extra key: the app's Keyring, once checked
SEALED_SUBJECT = "Isi dirahasiakan"  # what core_case.subject holds for a sealed case
PLACEHOLDER = lazy_gettext("Isi dirahasiakan")
HIDDEN_NAME = lazy_gettext("Dirahasiakan")  # who acted, on a sealed case, when nobody signed in
JSON_KEY = "_sealed"  # a sealed JSON value is stored as {"_sealed": "<token>"}
ACTOR_NAME = "_actor_name"  # inside a sealed event's data: the name of a citizen who acted


# --- keys -------------------------------------------------------------------------------------


def _missing(config) -> str:
    return (f"kunci penyegelan tidak ditemukan: set BALAI_SEALING_KEY atau pulihkan {keys.key_file(config)} "
            "dari cadangan")


def keyring() -> Keyring:
    """The current app's keys. Read from the configuration when start-up did not load them yet;
    never made here (see :func:`ensure_keys`): no key means an error, never plaintext."""
    ctx = current()
    ring = ctx.extra.get(EXTRA)
    if ring is None:
        ring = keys.configured(ctx.config)
        if ring is None:
            raise SealingKeyError(_missing(ctx.config))
        ctx.extra[EXTRA] = ring
    return ring


def needed(ctx=None) -> bool:
    """Whether any loaded SOP seals its cases."""
    ctx = ctx or current()
    return any(getattr(sop, "sealed", None) for sop in ctx.sops.values())


async def ensure_keys(ctx=None) -> Keyring | None:
    """Load and check the app's keys against the database; at start-up and before sealing.

    Every key id that sealed data here (``core_sealing_key``, not retired) must be among the keys
    given, or this raises :class:`SealingKeyError` naming it. With no key given at all: an error
    when sealed data exists, a new key file when a sealed SOP is loaded and nothing was sealed yet
    (the embedded default), and None otherwise. The newest key is recorded as in use.
    """
    from balai.sealed.tables import SealingKeyUse

    ctx = ctx or current()
    ring = keys.configured(ctx.config)
    used = {r["key_id"] for r in await SealingKeyUse.select(SealingKeyUse.key_id).where(
        SealingKeyUse.retired_at.is_null())}
    if ring is None:
        if used:
            raise SealingKeyError(
                f"Data tertutup di basis data ini disegel dengan kunci {', '.join(sorted(used))}, tetapi "
                + _missing(ctx.config) + ". Jangan membuat kunci baru sebagai gantinya."
            )
        if not needed(ctx):
            return None
        ring = keys.create_file(keys.key_file(ctx.config))
        log.warning("Kunci penyegelan baru dibuat di %s: cadangkan berkas ini terpisah dari basis data", ring.source)
    missing = sorted(used - set(ring.ids))
    if missing:
        raise SealingKeyError(
            f"Data tertutup disegel dengan kunci {', '.join(missing)}, yang tidak ada di {ring.source}: "
            "pulihkan kunci itu dari cadangan (kunci lama boleh dihapus hanya setelah `balai reseal`)."
        )
    if needed(ctx):
        newest = ring.newest[0]
        await SealingKeyUse.insert(SealingKeyUse(key_id=newest)).on_conflict(
            target=SealingKeyUse.key_id, action="DO NOTHING")
        await SealingKeyUse.update({SealingKeyUse.retired_at: None}).where(SealingKeyUse.key_id == newest)
    ctx.extra[EXTRA] = ring
    return ring


async def ready() -> Keyring:
    """The keys, checked against the database on first use (a command that runs no start-up)."""
    ring = current().extra.get(EXTRA)
    return ring if ring is not None else (await ensure_keys() or keyring())


# --- values -----------------------------------------------------------------------------------


def _context(case_id) -> str:
    return f"case:{int(case_id)}"


def seal_text(text: str, case_id: int) -> str:
    """``text`` as a token bound to case ``case_id`` (store it instead of the text); ``""`` stays ``""``."""
    if not text:
        return ""
    return crypto.seal(keyring(), str(text).encode(), _context(case_id))


def unseal_text(value: str, case_id: int) -> str:
    """The text a :func:`seal_text` token holds. A value that is no token (written before the SOP
    was sealed) comes back as it is. Raises :class:`SealedError` for a token of another case or an
    altered one, :class:`SealingKeyError` when its key is not configured."""
    if not crypto.is_token(value):
        return value
    return crypto.unseal(keyring(), value, _context(case_id)).decode()


def seal_json(value: Any, case_id: int) -> dict:
    """Any JSON value as ``{"_sealed": token}``, for a JSON column; an empty dict stays ``{}``."""
    if value == {}:
        return {}
    return {JSON_KEY: seal_text(json.dumps(value, ensure_ascii=False), case_id)}


def unseal_json(value: Any, case_id: int) -> Any:
    """What :func:`seal_json` sealed; any other value comes back as it is."""
    if isinstance(value, dict) and set(value) == {JSON_KEY} and crypto.is_token(value[JSON_KEY]):
        return json.loads(unseal_text(value[JSON_KEY], case_id))
    return value


# --- the rule ---------------------------------------------------------------------------------


def policy(sop_code: str) -> Sealed | None:
    """The :class:`Sealed` policy of an SOP, None when its cases are not sealed."""
    sop = current().sops.get(sop_code)
    return getattr(sop, "sealed", None) if sop is not None else None


def is_sealed(row: dict) -> bool:
    """Whether a case or task dict (both carry ``sop``) belongs to a sealed SOP."""
    return bool(row) and policy(row.get("sop", "")) is not None


async def works_on_case(user, case: dict, reach=None) -> bool:
    """The default reading rule: ``user`` holds, took or closed a task of the case, or may take one
    of its open tasks now (their roles' reach and today's delegations)."""
    from balai.identity import directory
    from balai.workflow import store

    if user is None:
        return False
    tasks = await store.tasks_of(case["id"])
    if any(user.id in (t["assignee"], t["taken_by"], t["closed_by"]) for t in tasks):
        return True
    reach = reach or await directory.reach(user)
    return any(t["state"] in store.OPEN and not t["outside"] and reach.may_hold(t) for t in tasks)


async def may_unseal(user, case: dict, reach=None) -> bool:
    """Whether ``user`` may read a sealed case's content (True for a case that is not sealed).
    ``reach`` (:func:`balai.api.reach` of the user) saves a lookup when asking about many cases."""
    from balai.plugins import await_me_maybe

    rule = policy(case["sop"])
    if rule is None:
        return True
    if user is None:
        return False
    if rule.may_unseal is not None:
        return bool(await await_me_maybe(rule.may_unseal(user, case)))
    # Not user.can(): that says yes to every administrator, and a sealed case is not theirs.
    if rule.permission and case["unit"] in user.grants.get(rule.permission, ()):
        return True
    return await works_on_case(user, case, reach)


# --- rows as stored, as read, and as shown to those who may not read ----------------------------


def unseal_case(case: dict) -> dict:
    """A stored case with its real subject and data."""
    if not is_sealed(case):
        return case
    stored = case["data"]
    if not (isinstance(stored, dict) and JSON_KEY in stored):
        return case  # stored before its SOP was sealed
    inner = unseal_json(stored, case["id"])
    return {**case, "subject": inner["subject"], "data": inner.get("data") or {}}


def mask_case(case: dict) -> dict:
    """A sealed case as shown to someone who may not read it: a neutral subject, no data."""
    if not is_sealed(case):
        return case
    return {**case, "subject": str(PLACEHOLDER), "data": {}}


def seal_case_data(case_id: int, subject: str, data: dict) -> dict:
    """The ``data`` column of a sealed case: its subject and data, sealed together."""
    return seal_json({"subject": subject, "data": data or {}}, case_id)


def unseal_task(task: dict) -> dict:
    if not is_sealed(task):
        return task
    case_id = task["case"]
    return {**task, "data": unseal_json(task["data"], case_id) or {}, "note": unseal_text(task["note"], case_id),
            "instruction": unseal_text(task["instruction"], case_id)}


def mask_task(task: dict) -> dict:
    if not is_sealed(task):
        return task
    return {**task, "data": {}, "note": "", "instruction": ""}


def seal_event(case_id: int, note: str, data: dict, actor_name: str, anonymous: bool) -> tuple[str, dict, str]:
    """(note, data, actor_name) of a timeline event of a sealed case, as stored. Someone who acted
    without signing in (a citizen, a reporter) is named only inside the sealed data."""
    data = dict(data or {})
    if anonymous and actor_name:
        data[ACTOR_NAME] = actor_name
        actor_name = ""
    return seal_text(note, case_id), seal_json(data, case_id), actor_name


def unseal_event(event: dict, sop_code: str) -> dict:
    if policy(sop_code) is None:
        return event
    data = unseal_json(event["data"], event["case"]) or {}
    name = data.pop(ACTOR_NAME, "") if isinstance(data, dict) else ""
    return {**event, "note": unseal_text(event["note"], event["case"]), "data": data,
            "actor_name": name or event["actor_name"]}


def mask_event(event: dict, sop_code: str) -> dict:
    if policy(sop_code) is None:
        return event
    return {**event, "note": "", "data": {}, "actor_name": event["actor_name"] or str(HIDDEN_NAME)}


async def case_view(user, case: dict) -> tuple[dict, bool]:
    """(the case as ``user`` may see it, whether they may read it)."""
    if not is_sealed(case):
        return case, True
    if await may_unseal(user, case):
        return unseal_case(case), True
    return mask_case(case), False


def hook_arguments(case: dict, arguments: dict, readable: bool = True):
    """For :meth:`balai.plugins.Host.call`: on a sealed case, the SOP's own plugin gets
    ``arguments`` (when the reader may read) and every other plugin the masked case, task and data.
    None for a case that is not sealed."""
    rule = policy(case["sop"])
    if rule is None:
        return None
    masked = dict(arguments)
    for name, value in arguments.items():
        if name == "case":
            masked[name] = mask_case(value)
        elif name == "task" and isinstance(value, dict):
            masked[name] = mask_task(value)
        elif name == "data":
            masked[name] = {}
    return lambda plugin: arguments if readable and plugin == rule.owner else masked


async def inbox_rows(user, rows: list[dict]) -> list[dict]:
    """Inbox rows (``case.subject``, ``instruction``) of sealed cases, as ``user`` may see them."""
    sealed = [r for r in rows if policy(r["sop"]) is not None]
    if not sealed:
        return rows
    from balai.identity import directory
    from balai.workflow import store

    reach = await directory.reach(user)
    readable: dict[int, dict | None] = {}
    for row in sealed:
        case_id = row["case"]
        if case_id not in readable:
            case = await store.case_row(case_id)
            readable[case_id] = unseal_case(case) if await may_unseal(user, case, reach) else None
        case = readable[case_id]
        row["case.subject"] = case["subject"] if case else str(PLACEHOLDER)
        row["instruction"] = unseal_text(row["instruction"], case_id) if case else ""
    return rows
