"""The workflow engine: open a case, act on its tasks, and move it along its SOP.

Exactly once: a task is closed by a conditional UPDATE (``WHERE state = <as read>``) inside a
transaction that first locks the case row, so two people pressing a button at the same moment
cannot both succeed, and two branches of a disposisi that finish together still join once.

Disposisi (FANOUT) opens one task of the target step per recipient; every task of that tree
keeps ``parent_task`` (who disposed it) and ``fanout_root`` (the first disposisi). Inside the
tree, an action leading to a step with ``assign="recipient"`` stays in the branch (the
recipient's unit works on); any other action closes the branch. When the last branch of the
tree closes, the case goes on as that last action says (next step, or the end).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from types import MappingProxyType

from balai.context import current
from balai.db import row_id
from balai.i18n import _, local, today
from balai.identity import directory, positions
from balai.workflow import store
from balai.notifications import service as notify
from balai.sealed import service as sealing
from balai.workflow.definition import (
    BACK, CASE_CLOSED, CASE_OPENED, END, EXTERNAL, FANOUT, OUTCOME, SOP, Action, DefinitionError, Step, _next_in_order,
    acted, check_sop, entered, superior_level,
)
from balai.workflow.store import OPEN, now, tx
from balai.workflow.tables import Case, Task

__all__ = [
    "ActionError", "act", "can_view_case", "case_tasks", "get_case", "get_sop", "open_case", "reassign",
    "sops", "take", "timeline", "available_actions", "load_sops",
]


class ActionError(Exception):
    """An action was refused; ``messages`` are Indonesian sentences for the user."""

    def __init__(self, messages: list[str] | str, conflict: bool = False):
        self.messages = [messages] if isinstance(messages, str) else [str(m) for m in messages]
        self.conflict = conflict  # someone else acted first (HTTP 409 in the API)
        super().__init__("; ".join(self.messages))


# --- the registry of SOPs -------------------------------------------------------------------
# The loaded SOPs and the plugin host belong to the app (balai.context): checked once when it is built.


def load_sops(host, roles: set[str]) -> dict[str, SOP]:
    """Collect every plugin's SOPs and check them; a broken one raises DefinitionError (so does a
    broken counting rule: the clocks name them)."""
    from balai.calendar.service import DEFAULT_RULE, declared_rules

    try:
        rules = {DEFAULT_RULE} | {rule.code for rule in declared_rules(host)}
    except ValueError as exc:
        raise DefinitionError(str(exc)) from None
    found: dict[str, SOP] = {}
    for owner, definitions in host.per_plugin("sop_definitions"):
        for sop in definitions or []:
            if sop.code in found:
                raise DefinitionError(f"SOP '{sop.code}' dideklarasikan dua kali (plugin '{owner}')")
            checked = check_sop(sop, roles, rules)
            if checked.sealed:  # only the declaring plugin's hooks see its sealed cases' content
                checked = replace(checked, sealed=replace(checked.sealed, owner=owner))
            found[sop.code] = checked
    return found


def sops() -> Mapping[str, SOP]:
    """Every loaded SOP of the current app by code (read-only)."""
    return MappingProxyType(current().sops)


def get_sop(code: str) -> SOP:
    try:
        return current().sops[code]
    except KeyError:
        raise ActionError(_("SOP '%(kode)s' tidak dikenal.", kode=code)) from None


async def _hook(name: str, **kwargs) -> list:
    """A workflow hook; on a sealed case every plugin but the SOP's own gets it masked."""
    masked = sealing.hook_arguments(kwargs["case"], kwargs) if "case" in kwargs else None
    return [answer for _owner, answer in await current().host.call(name, arguments_for=masked, **kwargs)
            if answer is not None]


async def _case(case_id: int) -> dict | None:
    """A case as the engine works with it: a sealed case unsealed (for its SOP's own rules and hooks)."""
    case = await store.case_row(case_id)
    return sealing.unseal_case(case) if case else None


async def _clocks(case: dict, sop: SOP | None, events: tuple[str, ...], actor, reason) -> None:
    """The case's legal clocks follow its events (balai.clocks), in the caller's transaction."""
    if sop is None or not sop.clocks:
        return
    from balai.clocks.service import on_event  # the clocks service builds on this module

    await on_event(case, sop, events, actor=actor, reason=str(reason))


def _due(opened_at, step: Step):
    """Deadline from the app's working calendar (office hours, holidays)."""
    if step.time_standard is None:
        return None
    return current().calendar.due_at(opened_at, step.time_standard)


# --- reading --------------------------------------------------------------------------------

async def get_case(case_id: int) -> dict | None:
    return await store.case_row(case_id)


async def case_tasks(case_id: int) -> list[dict]:
    return await store.tasks_of(case_id)


async def open_work_of(user_id: int) -> dict:
    """What a person leaving (retiring, moving) hands over: the roles they hold, as (role, unit id),
    and the open tasks in their own name (assigned to them, or taken by them), oldest first."""
    tasks = await Task.select().where(
        Task.state.is_in(list(OPEN)) & ((Task.assignee == user_id) | (Task.taken_by == user_id))
    ).order_by(Task.id).output(load_json=True)
    return {"roles": (await directory.roles_of([user_id])).get(user_id, []), "tasks": tasks}


async def timeline(case_id: int) -> list[dict]:
    """Events oldest first: at, actor, actor_name, step, action, label, note, data."""
    return await store.events_of(case_id)


async def can_view_case(user, case_id: int) -> bool:
    if user is None:
        return False
    case = await store.case_row(case_id)
    if case is None or case["sop"] not in current().sops:
        return False  # a disabled plugin's cases are refused like its pages
    if user.is_admin:
        return True
    if user.id in (case["opened_by"], case.get("requester")):
        return True
    sop = current().sops.get(case["sop"])
    if sop and sop.view_permission and user.can(sop.view_permission, case["unit"]):
        return True
    reach = await directory.reach(user)
    for task in await store.tasks_of(case_id):
        if user.id in (task["assignee"], task["taken_by"], task["closed_by"]):
            return True
        if task["state"] in OPEN and not task["outside"] and reach.may_hold(task):
            return True
        if task["unit"] in reach.heads:  # a unit head oversees the work of the unit
            return True
    return False


def available_actions(sop: SOP, task: dict) -> list[Action]:
    """The buttons of a task: while waiting on an outside system only its outcome can be recorded."""
    step = sop.step(task["step"])
    waits = any(a.kind == EXTERNAL for a in step.actions)
    if task["state"] == "menunggu":
        return [a for a in step.actions if a.kind == OUTCOME]
    if task["state"] != "terbuka":
        return []
    return [a for a in step.actions if not (waits and a.kind == OUTCOME)]


# --- opening a case -------------------------------------------------------------------------

def _prefix(sop: SOP) -> str:
    return sop.reference_prefix or sop.code.rsplit(".", 1)[-1].upper()[:12]


async def open_case(sop_code: str, subject: str, *, user, unit_id: int, data: dict | None = None,
                    record: tuple[str, int] | None = None, opened_as: str = "",
                    complete_first: str | None = None, requester: int | None = None) -> dict:
    """Open a case of ``sop_code`` and put its first task in the right inbox; returns the :class:`Case`.

    A ``user`` must hold the SOP's ``start_permission`` in ``unit_id`` when it declares one;
    ``user=None`` opens only SOPs with ``started_by`` (PUBLIC or SYSTEM). The plugin's own page
    checks its own permission before opening a PUBLIC/SYSTEM SOP on a user's behalf.

    ``record`` ties the case to the plugin's own row, ``(record_type, record_id)``; ``data`` is kept
    as the case's ``data``. ``user`` is None when nobody signed in opens it: a citizen's form, an
    import, the demo. The timeline then names ``opened_as`` as the opener ("Masyarakat" when that is
    empty too). With ``complete_first`` (an action code of the first step) the opener does the first
    step at once, in the same transaction: a refused action raises :class:`ActionError` and no
    case is opened.

    ``requester`` (a user id) is the person the case is for when someone else opens it (the
    Pengelola Kepegawaian applying for leave for a colleague who is ill): the steps assigned to the
    opener or to the superior then follow the requester, who also sees the case.
    """
    sop = get_sop(sop_code)
    subject = (subject or "").strip()
    if not subject:
        raise ActionError(_("Perihal wajib diisi."))
    if user is not None and sop.start_permission and not user.can(sop.start_permission, unit_id):
        raise ActionError(_("Anda tidak berwenang membuka kasus SOP ini di unit tersebut."))
    if user is None and sop.started_by is None:  # only holders of its start_permission open it
        raise ActionError(_("Kasus SOP ini hanya dapat dibuka oleh pegawai yang berwenang."))
    t = await directory.unit_tree()
    if unit_id not in t.parent:
        raise ActionError(_("Unit tidak ditemukan."))
    if sop.sealed:
        await sealing.ready()  # no key, no case: never a sealed SOP's content in plaintext
    opened = now()
    async with tx():
        reference = await store.next_reference(_prefix(sop), local(opened).year)
        rows = await Case.insert(
            Case(sop=sop.code, reference=reference, subject=sealing.SEALED_SUBJECT if sop.sealed else subject[:300],
                 unit=unit_id, opened_by=getattr(user, "id", None), requester=requester, opened_at=opened, changed_at=opened,
                 record_type=record[0] if record else "", record_id=record[1] if record else None,
                 data={} if sop.sealed else data or {})
        ).returning(Case.id)
        if sop.sealed:  # sealed under the case's own id, so known only once the row exists
            await Case.update({Case.data: sealing.seal_case_data(rows[0]["id"], subject[:300], data or {})}).where(
                Case.id == rows[0]["id"])
        case = await _case(rows[0]["id"])
        await store.add_event(case["id"], task=None, actor=user, action="buka", label=_("Kasus dibuka"),
                              actor_name="" if user else (opened_as or _("Masyarakat")), sop=sop.code,
                              outsider=user is None)
        await _clocks(case, sop, (CASE_OPENED,), user, _("Kasus dibuka"))
        first = await _enter(case, sop, sop.first.code, t=t, actor=user)
        if complete_first:
            if first is None or first["step"] != sop.first.code:
                raise ActionError(_("Langkah pertama SOP ini tidak dapat diselesaikan saat kasus dibuka."))
            await act(first["id"], complete_first, user=user)
    return await store.case_row(case["id"])


async def _enter(case: dict, sop: SOP, code: str, *, t, actor, unit: int | None = None,
                 assignee: int | None = None, parent: int | None = None, root: int | None = None,
                 instruction: str = "", due: date | None = None, data: dict | None = None,
                 returned: str | None = None) -> dict | None:
    """Open the task of step ``code``, passing over steps whose skip_if says so."""
    step = sop.step(code)
    while step.skip_if is not None and step.skip_if(case):
        await store.add_event(case["id"], task=None, actor=None, step=step.code, action="lewati",
                              label=_("Langkah dilewati"), actor_name=_("Sistem"), sop=case["sop"])
        nxt = _next_in_order(sop, step)
        if nxt is None:
            await _end_case(case, "selesai", actor)
            return None
        step = nxt
    position, outside = None, step.outside
    if unit is None:
        unit, assignee, position, outside = await _placement(case, step, t, root)
    opened = now()
    rows = await Task.insert(
        Task(case=case["id"], sop=case["sop"], step=step.code, state="terbuka", outside=outside,
             unit=unit, role=step.actor, assignee=assignee, position=position, opened_at=opened,
             due_at=store.end_of_day(due) if due else _due(opened, step), parent_task=parent,
             fanout_root=root, instruction=sealing.seal_text(instruction, case["id"]) if sop.sealed else instruction,
             data=(sealing.seal_json(data, case["id"]) if sop.sealed else data) if data else {})
    ).returning(Task.id)
    task = await store.task_row(rows[0]["id"])
    await _clocks(case, sop, (entered(step.code),), actor, step.activity)
    await _hook("step_entered", case=case, step=step, task=sealing.unseal_task(task))
    await notify.task_opened(sealing.mask_case(case), step, task, returned=None if sop.sealed else returned)
    return task


async def _placement(case: dict, step: Step, t, root: int | None) -> tuple[int, int | None, int | None, bool]:
    """Unit, person, position and whether it is outside, for a new task. A step done before in
    this case (perbaiki, a second round) goes back to whoever did it last, or to the position it
    was done for (its holder now, or its stand-in); otherwise to the step's unit by ``assign``."""
    done = await Task.select(Task.unit, Task.closed_by, Task.position).where(
        (Task.case == case["id"]) & (Task.step == step.code) & (Task.state == "selesai")
        & (Task.fanout_root == root if root else Task.fanout_root.is_null())
    ).order_by(Task.id, ascending=False).first()
    if done and done["position"]:
        return done["unit"], await positions.position_holder(done["position"]), done["position"], False
    if done and done["closed_by"]:
        return done["unit"], done["closed_by"], None, step.outside
    if step.outside:
        return case["unit"], None, None, True
    requester = case.get("requester") or case["opened_by"]
    if step.assign == "opener" and requester:
        return await _opener_unit(case, step, t), requester, None, False
    if superior_level(step.assign) and requester:
        # The requester's superior by position as of now: a vacant position passes to the next
        # one up unless a Plt/Plh stands in; above the Kepala Dinas the step is done outside.
        level = await positions.superior(requester, level=superior_level(step.assign))
        if level is not None and level.outside:
            return case["unit"], None, None, True
        if level is not None:
            return level.unit_id, level.holder_id, level.position_id, False
    start = case["unit"]
    if step.assign not in ("case", "recipient", "opener") and not superior_level(step.assign):
        start = await directory.unit_by_code(step.assign) or start
    return await directory.unit_for(step.actor, start, t), None, None, False


async def _opener_unit(case: dict, step: Step, t) -> int:
    """Where the opener holds the step's role, nearest the case's unit first; else the case's unit."""
    held = set(await directory.holder_units(case.get("requester") or case["opened_by"], step.actor))
    nearest = [u for u in t.up(case["unit"]) if u in held]
    return nearest[0] if nearest else min(held) if held else case["unit"]


# --- acting ---------------------------------------------------------------------------------

async def act(task_id: int, action_code: str, *, user, data: dict | None = None, note: str = "",
              recipients: list[dict] | None = None) -> dict:
    data = dict(data or {})
    note = (note or "").strip()
    task = await store.task_row(task_id)
    if task is None:
        raise ActionError(_("Tugas tidak ditemukan."))
    case = await _case(task["case"])
    sop = get_sop(case["sop"])
    if sop.sealed:
        await sealing.ready()
    step = sop.step(task["step"])
    action = step.action(action_code)
    if action is None:
        raise ActionError(_("Aksi '%(aksi)s' tidak dikenal untuk langkah ini.", aksi=action_code))
    if task["state"] not in OPEN:
        raise ActionError(await _already_done(task), conflict=True)
    t = await directory.unit_tree()
    allowed, acting = await _may_act(user, task, t, case)
    if not allowed:
        raise ActionError(_("Anda tidak berwenang menindaklanjuti tugas ini."))
    if action not in available_actions(sop, task):
        raise ActionError(_("Aksi ini tidak tersedia pada keadaan tugas sekarang."))
    errors: list[str] = []
    if action.note_required and not note:
        errors.append(_("Catatan wajib diisi untuk aksi ini."))
    targets, proposal = [], []
    if action.kind == FANOUT:
        targets = await _recipients(recipients or [], errors)
        allowed = disposable_units(action, task, t)
        for target in targets:
            if target.get("unit_id") and target["unit_id"] not in allowed:
                errors.append(_("%(unit)s tidak dapat menerima disposisi dari langkah ini.", unit=target["name"]))
        await _reach_every_branch(targets, sop, sop.step(action.to), t, errors)
    elif recipients and any(a.kind == FANOUT for a in step.actions):
        # Recipients chosen, then a button that does not dispose (the Sekretaris forwarding to the
        # Kepala Dinas): kept as a proposal the next one who disposes finds ticked, never dropped.
        proposal = await _recipients(recipients, errors)
    if action.kind == EXTERNAL and not str(data.get("nomor_pengajuan", "")).strip():
        errors.append(_("Nomor/bukti pengajuan ke %(sistem)s wajib diisi.", sistem=step.external or _("sistem luar")))
    for field_name in action.fields:
        if not str(data.get(field_name, "")).strip():
            errors.append(_("Isian '%(isian)s' wajib diisi.", isian=field_name))
    for messages in await _hook("validate_action", case=case, task=sealing.unseal_task(task), action=action,
                                data=data):
        errors.extend(str(m) for m in messages or [])
    if errors:
        raise ActionError(errors)

    async with tx():
        # Lock the case row first: every writer of this case queues here, in the same order.
        await Case.update({Case.changed_at: now()}).where(Case.id == case["id"])
        case = await _case(case["id"])  # as it is now, after whoever held the lock before us
        closed = await _close(task, action, user, note, data, acting)
        if closed is None:
            raise ActionError(await _already_done(task), conflict=True)
        event_data = _event_data(action, step, data, targets)
        if proposal:
            event_data["usulan"] = [{"unit_id": p.get("unit_id"), "user_id": p.get("user_id") if not p.get("unit_id") else None,
                                     "nama": p["name"], "instruksi": p["instruction"],
                                     "batas": p["due"].isoformat() if p["due"] else None} for p in proposal]
        if acting is not None:  # a Plh/Plt acts with the position's title, on the record
            event_data["sebagai"] = acting.as_dict()
        await store.add_event(case["id"], task=task["id"], actor=user, step=step.code, action=action.code,
                              label=action.label, note=note, data=event_data,
                              actor_name=_actor_name(user, acting) if user else (data.get("nama") or _("Masyarakat")),
                              sop=sop.code, outsider=user is None)
        await _clocks(case, sop, (acted(action.code), acted(action.code, step.code)), user, action.label)
        await _hook("step_completed", case=case, step=step, task=sealing.unseal_task(closed), action=action,
                    data=data)
        if action.kind != EXTERNAL:
            await _move_on(case, sop, closed, action, user, targets, t)
    return await store.case_row(case["id"])


async def _may_act(user, task: dict, t, case: dict):
    """(whether ``user`` may act on ``task``, the Plh/Plt appointment they would act through)."""
    if task["outside"]:
        return user is None or user.is_admin, None
    if user is None:
        return False, None
    if case.get("requester") and task["assignee"] == case["requester"] and user.id == case["opened_by"]:
        return True, None  # who opened the case for a colleague acts for them on their own steps
    r = await directory.reach(user, t)
    if not r.may_hold(task):
        return False, None
    return True, r.acting_for(task)


def _actor_name(user, acting) -> str:
    """The name the timeline keeps: with the position's title when a Plh/Plt acts."""
    if acting is None:
        return user.full_name
    return f"{user.full_name} ({acting.title})"[:200]


async def _already_done(task: dict) -> str:
    fresh = await store.task_row(task["id"])
    who = fresh and (fresh["closed_by"] or fresh["taken_by"])
    names = await directory.user_names([who]) if who else {}
    if who and who in names:
        return _("Tugas ini sudah ditindaklanjuti oleh %(nama)s.", nama=names[who])
    return _("Tugas ini sudah ditindaklanjuti.")


async def _close(task: dict, action: Action, user, note: str, data: dict, acting=None) -> dict | None:
    """The one conditional UPDATE that decides who acted; None when someone else was first. A task
    a Plh/Plt (``acting``) closes is marked with the position, so a second round goes to it."""
    sealed = sealing.is_sealed(task)
    merged = {**(sealing.unseal_task(task)["data"] or {}), **data}
    holder = task["taken_by"] or (user.id if user and not task["assignee"] else None)
    values = {Task.data: sealing.seal_json(merged, task["case"]) if sealed else merged, Task.taken_by: holder}
    if acting is not None and not task.get("position"):
        values[Task.position] = acting.position_id
    if sealed:
        note = sealing.seal_text(note, task["case"])
    if action.kind == EXTERNAL:
        values[Task.state] = "menunggu"
    else:
        values.update({Task.state: "selesai", Task.closed_at: now(), Task.closed_by: getattr(user, "id", None),
                       Task.action: action.code, Task.note: note})
    same_holder = Task.taken_by == task["taken_by"] if task["taken_by"] else Task.taken_by.is_null()
    rows = await Task.update(values).where(
        (Task.id == task["id"]) & (Task.state == task["state"]) & same_holder
    ).returning(Task.id)
    return await store.task_row(task["id"]) if rows else None


async def _recipients(raw: list[dict], errors: list[str]) -> list[dict]:
    if not raw:
        errors.append(_("Pilih minimal satu penerima disposisi."))
        return []
    try:
        raw = [{**r, **{k: row_id(r[k]) for k in ("unit_id", "user_id") if r.get(k)}} for r in raw]
    except (TypeError, ValueError):
        errors.append(_("Penerima disposisi harus berupa unit atau pegawai."))
        return []
    unit_ids = {r["unit_id"] for r in raw if r.get("unit_id")}
    user_ids = {r["user_id"] for r in raw if r.get("user_id")}
    units = await directory.unit_names(unit_ids)
    people = await directory.people(user_ids)
    held = await directory.roles_of(user_ids)
    targets, chosen = [], set()
    for r in raw:
        key = ("user", r.get("user_id")) if r.get("user_id") else ("unit", r.get("unit_id"))
        if key in chosen:  # the same unit ticked twice gets one task
            continue
        chosen.add(key)
        due = r.get("due")
        if isinstance(due, str):
            try:
                due = date.fromisoformat(due) if due else None
            except ValueError:
                errors.append(_("Tanggal batas waktu tidak sah: %(tgl)s", tgl=due))
                due = None
        if due and due < today():
            errors.append(_("Batas waktu disposisi tidak boleh sebelum hari ini."))
        target = {"instruction": str(r.get("instruction") or "").strip(), "due": due}
        if r.get("user_id"):
            person = people.get(int(r["user_id"]))
            if not person or not person["active"]:
                errors.append(_("Penerima disposisi tidak ditemukan."))
                continue
            target.update(user_id=person["id"], name=person["full_name"], roles=held.get(person["id"], []))
        elif r.get("unit_id"):
            if int(r["unit_id"]) not in units:
                errors.append(_("Unit penerima disposisi tidak ditemukan."))
                continue
            target.update(unit_id=int(r["unit_id"]), name=units[int(r["unit_id"])])
        else:
            errors.append(_("Penerima disposisi harus berupa unit atau pegawai."))
            continue
        targets.append(target)
    return targets


async def branch_receivers(role: str, unit_ids, t) -> dict[int, dict]:
    """Who a disposisi branch to each unit would reach: ``{"people": [names], "head": bool}``.

    The holders of the target step's role over the unit (there or above: a role covers the units
    below it); with none, the unit's own head, who passes it on in the unit (never a head above,
    who would get back what they sent down);
    ``people`` empty when there is neither: such a branch would sit in nobody's inbox."""
    held = await directory.holders_of(role)
    found: dict[int, dict] = {}
    for unit in unit_ids:
        holders = sorted({u for above in t.up(unit) for u in held.get(above, ())})
        found[unit] = {"users": holders, "head": False} if holders else \
            {"users": await directory.unit_heads(unit, climb=False), "head": True}
    names = await directory.user_names({u for f in found.values() for u in f["users"]})
    for f in found.values():
        f["people"] = [names[u] for u in f["users"] if u in names]
    return found


def disposable_units(action: Action, task: dict, t) -> set[int]:
    """The units a disposisi from ``task`` may name (``Action.units``)."""
    if action.units == "below":
        return set(t.below.get(task["unit"], {task["unit"]})) - {task["unit"]}
    return {u for u, parent in t.parent.items() if parent is not None}


def _branch_steps(sop: SOP, first: Step) -> list[Step]:
    """The steps a disposisi branch goes through in its unit: ``first`` and every later step it
    reaches by ``go`` that is also assigned to the recipient."""
    found, todo = [first], [first]
    while todo:
        for a in todo.pop().actions:
            nxt = sop.step(a.to) if a.kind != FANOUT and a.to else None
            if nxt is not None and nxt.assign == "recipient" and nxt not in found:
                found.append(nxt)
                todo.append(nxt)
    return found


async def _reach_every_branch(targets: list[dict], sop: SOP, first: Step, t, errors: list[str]) -> None:
    """A branch to a unit where nobody holds a role of the branch's steps goes, for those steps, to
    the unit's own head (named in the timeline for the first); a unit with neither is refused, so no
    branch lands in nobody's inbox."""
    units = [target["unit_id"] for target in targets if target.get("unit_id") and not target.get("user_id")]
    if not units:
        return
    receivers = [await branch_receivers(step.actor, units, t) for step in _branch_steps(sop, first)]
    for target in targets:
        if target.get("user_id") or not target.get("unit_id"):
            continue
        if any(not found[target["unit_id"]]["users"] for found in receivers):
            errors.append(_("Tidak ada pegawai di %(unit)s yang dapat menerima disposisi ini (peran dan kepala unit "
                            "belum diisi). Pilih unit lain atau minta administrator mengisi peran unit itu.",
                            unit=target["name"]))
            continue
        found = receivers[0][target["unit_id"]]
        if found["head"]:
            head = found["users"][0]
            target.update(user_id=head, roles=(await directory.roles_of([head])).get(head, []),
                          name=_("%(unit)s (kepada %(kepala)s, kepala unit)", unit=target["name"],
                                 kepala=found["people"][0]))


async def _unit_head_if_nobody_holds(role: str, unit: int, t) -> int | None:
    """The unit's own head, for a branch step in a unit where nobody holds its role."""
    found = (await branch_receivers(role, [unit], t))[unit]
    return found["users"][0] if found["head"] and found["users"] else None


def _event_data(action: Action, step: Step, data: dict, targets: list[dict]) -> dict:
    if action.kind == FANOUT:
        return {"penerima": [{"nama": t["name"], "instruksi": t["instruction"],
                              "batas": t["due"].isoformat() if t["due"] else None} for t in targets]}
    if action.kind == EXTERNAL:
        return {"sistem": step.external, "nomor_pengajuan": str(data.get("nomor_pengajuan", ""))}
    if action.kind == OUTCOME:
        return {"sistem": step.external, "hasil": action.outcome or str(data.get("hasil", "")),
                "nomor": str(data.get("nomor_hasil", ""))}
    return {}


async def _move_on(case, sop: SOP, task: dict, action: Action, user, targets: list[dict], t) -> None:
    if action.kind == FANOUT:
        root = task["fanout_root"] or task["id"]
        step = sop.step(action.to)
        for target in targets:
            unit, assignee = target.get("unit_id"), target.get("user_id")
            if assignee and not unit:  # a person named (a unit's head receiving it keeps the unit's)
                roles = target["roles"]
                unit = next((u for r, u in roles if r == step.actor), roles[0][1] if roles else task["unit"])
            due, later = target["due"], None
            if due and action.deadline_for and action.deadline_for != step.code:
                due, later = None, {BRANCH_DEADLINE: due.isoformat(), BRANCH_DEADLINE_STEP: action.deadline_for}
            await _enter(case, sop, step.code, t=t, actor=user, unit=unit, assignee=assignee, parent=task["id"],
                         root=root, instruction=target["instruction"], due=due, data=later)
        return
    ending = action.kind == END or (action.kind == OUTCOME and action.to is None)
    root = task["fanout_root"]
    if root:
        if not ending and sop.step(action.to).assign == "recipient":
            head = await _unit_head_if_nobody_holds(sop.step(action.to).actor, task["unit"], t)
            # The disposisi's instruction travels with the branch; its deadline waits for its step.
            done = sealing.unseal_task(task)
            pending = {k: done["data"][k] for k in (BRANCH_DEADLINE, BRANCH_DEADLINE_STEP) if k in (done["data"] or {})}
            due = None
            if pending and pending[BRANCH_DEADLINE_STEP] == action.to:
                due, pending = date.fromisoformat(pending[BRANCH_DEADLINE]), None
            await _enter(case, sop, action.to, t=t, actor=user, unit=task["unit"], assignee=head, parent=task["id"],
                         root=root, instruction=done["instruction"], due=due, data=pending)
            return
        still_open = await Task.count().where((Task.fanout_root == root) & Task.state.is_in(list(OPEN)))
        if still_open:
            return
    if ending:
        outcome = action.outcome or ("ditolak" if action.kind == END else "selesai")
        await _end_case(case, outcome, user)
    else:
        await _enter(case, sop, action.to, t=t, actor=user, returned=task["note"] if action.kind == BACK else None)


async def withdraw_case(case_id: int, *, user, note: str) -> dict:
    """End a running case at the request of whoever asked for it (its opener or requester, or an
    administrator): every open task is cancelled, the timeline says who withdrew it and why, its
    clocks stop. The plugin checks its own rules first (a leave that has begun cannot be withdrawn)
    and may call this inside its own transaction, with its own rows. Raises ActionError."""
    note = (note or "").strip()
    case = await store.case_row(case_id)
    if case is None:
        raise ActionError(_("Kasus tidak ditemukan."))
    if user is None or not (user.is_admin or user.id in (case["opened_by"], case.get("requester"))):
        raise ActionError(_("Hanya yang mengajukan yang dapat membatalkan permohonan ini."))
    if not note:
        raise ActionError(_("Tuliskan alasan pembatalan."))
    sop = get_sop(case["sop"])
    async with tx():
        await Case.update({Case.changed_at: now()}).where(Case.id == case_id)
        case = await _case(case_id)
        if case["state"] != "berjalan":
            raise ActionError(_("Kasus ini sudah selesai; tidak dapat dibatalkan."), conflict=True)
        await _close_case(case_id, "dibatalkan", "dibatalkan")
        await store.add_event(case_id, task=None, actor=user, action="batal", label=_("Dibatalkan oleh pemohon"),
                              note=sealing.seal_text(note, case_id) if sop.sealed else note, sop=sop.code,
                              actor_name=user.full_name)
        await _clocks(case, sop, (CASE_CLOSED,), user, _("Dibatalkan oleh pemohon"))
    return await store.case_row(case_id)


# A branch task's data while its disposisi's deadline waits for a later step (Action.deadline_for).
BRANCH_DEADLINE = "batas_disposisi"
BRANCH_DEADLINE_STEP = "batas_untuk_langkah"


async def _close_case(case_id: int, state: str, outcome: str) -> None:
    """The case's end on its rows: its state and outcome, and every task still open cancelled."""
    closed = now()
    await Case.update({Case.state: state, Case.outcome: outcome, Case.closed_at: closed}).where(Case.id == case_id)
    await Task.update({Task.state: "dibatalkan", Task.closed_at: closed}).where(
        (Task.case == case_id) & Task.state.is_in(list(OPEN))
    )


async def _end_case(case: dict, outcome: str, actor) -> None:
    state = "ditolak" if outcome == "ditolak" else "selesai"
    await _close_case(case["id"], state, outcome)
    label = _("Kasus selesai") if state == "selesai" else _("Kasus ditolak")
    await store.add_event(case["id"], task=None, actor=None, action=state, label=label, actor_name=_("Sistem"),
                          data={"hasil": outcome}, sop=case["sop"])
    await _clocks(case, current().sops.get(case["sop"]), (CASE_CLOSED,), actor, label)


# --- taking and handing over ----------------------------------------------------------------

async def take(task_id: int, *, user) -> dict:
    """Claim an untaken task of one's unit, so colleagues see it is being handled."""
    task = await store.task_row(task_id)
    if task is None or task["state"] not in OPEN:
        raise ActionError(_("Tugas tidak ditemukan atau sudah selesai."))
    if task["taken_by"] or task["assignee"]:
        raise ActionError(await _already_taken(task), conflict=True)
    r = await directory.reach(user)
    if not r.may_hold(task):
        raise ActionError(_("Anda tidak berwenang mengambil tugas ini."))
    acting = r.acting_for(task)
    async with tx():
        rows = await Task.update({Task.taken_by: user.id}).where(
            (Task.id == task_id) & Task.taken_by.is_null() & Task.assignee.is_null() & Task.state.is_in(list(OPEN))
        ).returning(Task.id)
        if not rows:
            raise ActionError(await _already_taken(await store.task_row(task_id)), conflict=True)
        await store.add_event(task["case"], task=task_id, actor=user, step=task["step"], action="ambil",
                              label=_("Tugas diambil"), sop=task["sop"], actor_name=_actor_name(user, acting),
                              data={"sebagai": acting.as_dict()} if acting else None)
    return await store.task_row(task_id)


async def _already_taken(task: dict) -> str:
    who = task["taken_by"] or task["assignee"]
    names = await directory.user_names([who])
    return _("Tugas ini sudah dipegang oleh %(nama)s.", nama=names.get(who, "?"))


async def reassign(task_id: int, to_user_id: int, *, user, note: str = "") -> dict:
    """A unit head (a kepala_* role over the task's unit) hands a task to another holder of its role."""
    task = await store.task_row(task_id)
    if task is None or task["state"] not in OPEN:
        raise ActionError(_("Tugas tidak ditemukan atau sudah selesai."))
    t = await directory.unit_tree()
    reach = await directory.reach(user, t)
    if not user.is_admin and task["unit"] not in reach.heads:
        raise ActionError(_("Hanya kepala unit yang dapat mengalihkan tugas ini."))
    allowed_units = set(t.up(task["unit"])) | (reach.heads if not user.is_admin else set(t.parent))
    if not set(await directory.holder_units(to_user_id, task["role"])) & allowed_units:
        raise ActionError(_("Pegawai tujuan tidak memegang peran untuk tugas ini."))
    names = await directory.user_names([to_user_id])
    async with tx():
        rows = await Task.update({Task.assignee: to_user_id, Task.taken_by: to_user_id}).where(
            (Task.id == task_id) & Task.state.is_in(list(OPEN))
        ).returning(Task.id)
        if not rows:
            raise ActionError(await _already_done(task), conflict=True)
        await store.add_event(task["case"], task=task_id, actor=user, step=task["step"], action="alihkan",
                              label=_("Tugas dialihkan"), note=(note or "").strip(),
                              data={"kepada": names.get(to_user_id, "")}, sop=task["sop"])
    return await store.task_row(task_id)

