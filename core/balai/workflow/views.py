"""What the task, case and inbox pages show, gathered in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from markupsafe import Markup

from balai.i18n import lazy_gettext
from balai.identity import directory
from balai.sealed import service as sealing
from balai.submissions.service import staff_panel as submission_panel  # the thread with a public form's submitter
from balai.workflow import engine, store
from balai.workflow.definition import EXTERNAL, FANOUT, OUTCOME


# Timeline events the engine writes itself, shown in the reader's language (the stored label is
# the actor's language at the time).
EVENT_LABELS = MappingProxyType({
    "buka": lazy_gettext("Kasus dibuka"),
    "lewati": lazy_gettext("Langkah dilewati"),
    "selesai": lazy_gettext("Kasus selesai"),
    "ditolak": lazy_gettext("Kasus ditolak"),
    "batal": lazy_gettext("Dibatalkan oleh pemohon"),
    "ambil": lazy_gettext("Tugas diambil"),
    "alihkan": lazy_gettext("Tugas dialihkan"),
    "tenggat_ulang": lazy_gettext("Tenggat dihitung ulang"),
    "jam_perpanjang": lazy_gettext("Jangka waktu diperpanjang"),
    "jam_jeda": lazy_gettext("Jangka waktu dijeda"),
    "jam_lanjut": lazy_gettext("Jangka waktu dilanjutkan"),
    "serahkan": lazy_gettext("Diteruskan ke SOP lain"),
    "terima_serahan": lazy_gettext("Berasal dari SOP lain"),
})


def role_label(catalogue, code: str) -> str:
    role = catalogue.roles.get(code)
    return str(role.label) if role else code


def step_label(sop_code: str, step_code: str) -> str:
    sop = engine.sops().get(sop_code)
    if sop is None:
        return step_code
    try:
        return str(sop.step(step_code).activity)
    except KeyError:
        return step_code


def sop_name(sop_code: str) -> str:
    sop = engine.sops().get(sop_code)
    return str(sop.name) if sop else sop_code


async def timeline_rows(case_id: int, readable: bool = False) -> list[dict]:
    """The timeline as shown; a sealed case's notes and details only when ``readable``."""
    rows = await engine.timeline(case_id)
    case = await store.case_row(case_id)
    sop = engine.sops().get(case["sop"]) if case else None
    if case:
        shown = sealing.unseal_event if readable else sealing.mask_event
        rows = [shown(row, case["sop"]) for row in rows]
    for row in rows:
        row["step_label"] = step_label(case["sop"], row["step"]) if row["step"] else ""
        action = None
        if sop and row["task"] and row["step"]:
            try:
                action = sop.step(row["step"]).action(row["action"])
            except KeyError:
                action = None
        if action is not None:
            label = str(action.label)  # translated now, in the reader's language
        elif row["action"] in EVENT_LABELS:
            label = str(EVENT_LABELS[row["action"]])
        else:
            label = row["label"]
        row["label"] = label
    return rows


async def case_clocks(case_id: int, readable: bool = False) -> list[dict]:
    """The case's legal clocks as the case and task pages show them (balai.clocks); a sealed case's
    written reasons only when ``readable``."""
    from balai.clocks.service import case_clocks as clocks_of

    return await clocks_of(case_id, readable=readable)


async def nearest_clocks(rows: list[dict]) -> dict[int, dict]:
    """Per case of the inbox rows, its nearest running clock (joined by the inbox statement)."""
    from balai.clocks.service import inbox_clocks

    return inbox_clocks(rows)


async def tasks_tree(case_id: int, readable: bool = False) -> list[dict]:
    """Tasks in disposition order: each task followed by the tasks it opened, with a depth (a sealed
    case's instructions and notes only when ``readable``)."""
    shown = sealing.unseal_task if readable else sealing.mask_task
    tasks = [shown(t) for t in await engine.case_tasks(case_id)]
    names = await directory.user_names([t[k] for t in tasks for k in ("assignee", "taken_by", "closed_by")])
    units = await directory.unit_names()
    for t in tasks:
        t["holder_name"] = names.get(t["taken_by"] or t["assignee"] or 0, "")
        t["closed_by_name"] = names.get(t["closed_by"] or 0, "")
        t["unit_name"] = units.get(t["unit"], "")
        t["step_label"] = step_label(t["sop"], t["step"])
    return [{**t, "depth": depth} for depth, t in directory.in_tree_order(tasks, parent="parent_task")]


async def _disposable_people(sop, actions, task: dict, t) -> list[dict]:
    """People a disposisi may name: holders of the target step's role in the task's unit and below."""
    roles = sorted({sop.step(a.to).actor for a in actions if a.kind == FANOUT})
    if not roles:
        return []
    below = t.below.get(task["unit"], {task["unit"]})
    seen, people = set(), []
    for r in await directory.holders_named(roles):
        if r["unit"] in below and r["user"] not in seen:
            seen.add(r["user"])
            people.append({"id": r["user"], "name": r["name"], "unit": r["unit_name"]})
    return people


async def task_context(request, task_id: int, *, errors=None, form=None) -> dict | None:
    """Everything the task page shows, or None when the user may not see the task."""
    user = request.scope["user"]
    task = await store.task_row(task_id)
    if task is None or not await engine.can_view_case(user, task["case"]):
        return None
    case = await store.case_row(task["case"])
    sop = engine.sops().get(case["sop"])
    if sop is None:
        return None
    sealed = sealing.is_sealed(case)
    case, readable = await sealing.case_view(user, case)
    task = sealing.unseal_task(task) if readable else sealing.mask_task(task)
    step = sop.step(task["step"])
    t = await directory.unit_tree()
    reach = await directory.reach(user, t)
    may_act = task["state"] in store.OPEN and not task["outside"] and reach.may_hold(task)
    actions = engine.available_actions(sop, task) if may_act else []
    host = request.app.state.host
    # Awaited here, so a plugin's panel arrives in this response (no second request for it).
    arguments = {"case": case, "task": task, "request": request}
    masked = sealing.hook_arguments(case, arguments, readable)
    panels = [p for _owner, p in await host.call("task_panel", arguments_for=masked, **arguments) if p]
    panel = panels[0] if panels else None
    documents = None
    try:
        from balai.documents.service import documents_panel

        documents = await documents_panel(user, "case", case["id"], next_url=f"/tasks/{task_id}")
    except ImportError:
        documents = None
    candidates = []
    if task["state"] in store.OPEN and (user.is_admin or task["unit"] in reach.heads):
        allowed = set(t.up(task["unit"])) | (set(t.parent) if user.is_admin else reach.heads)
        seen = set()
        for r in await directory.holders_named([task["role"]]):
            if r["unit"] in allowed and r["user"] not in seen:
                seen.add(r["user"])
                candidates.append({"id": r["user"], "name": r["name"]})
    people = await _disposable_people(sop, actions, task, t)
    units = await _disposable_unit_rows(actions, task, t)
    proposal = await _proposal(case["id"], task) if units and not sealed else None
    names = await directory.user_names([task["taken_by"], task["assignee"], case["opened_by"], case.get("requester")])
    return {
        "task": task, "case": case, "sop": sop, "step": step, "actions": actions, "may_act": may_act,
        "may_take": may_act and not task["taken_by"] and not task["assignee"],
        "needs_recipients": any(a.kind == FANOUT for a in actions),
        "needs_submission": any(a.kind == EXTERNAL for a in actions),
        "records_outcome": any(a.kind == OUTCOME for a in actions),
        "extra_fields": sorted({f for a in actions for f in a.fields}),
        "units": units,
        "receivers": await _receivers(sop, actions, units, t),
        "people": people,
        "panel": Markup(panel) if panel else None,
        "documents": documents,
        "thread": await submission_panel(user, case["id"], f"/tasks/{task_id}") if readable else None,
        "clocks": await case_clocks(case["id"], readable),
        "timeline": await timeline_rows(case["id"], readable),
        "tasks": await tasks_tree(case["id"], readable),
        "sealed": sealed, "readable": readable,
        "holder_name": names.get(task["taken_by"] or task["assignee"] or 0, ""),
        "opened_by_name": names.get(case["opened_by"] or 0, ""),
        "requester_name": names.get(case.get("requester") or 0, ""),
        "role_label": role_label(request.app.state.catalogue, task["role"]),
        "unit_name": (await directory.unit_names([task["unit"]])).get(task["unit"], ""),
        "candidates": candidates,
        "errors": errors or [],
        "form": form or _proposed(proposal),
        "proposal": proposal,
    }


async def _receivers(sop, actions, units: list[dict], t) -> dict[int, dict]:
    """Who each unit's disposisi branch would reach, shown beside the unit before anyone ticks it."""
    fanout = next((a for a in actions if a.kind == FANOUT), None)
    if fanout is None or not units:
        return {}
    return await engine.branch_receivers(sop.step(fanout.to).actor, [u["id"] for u in units], t)


async def _proposal(case_id: int, task: dict) -> dict | None:
    """The recipients someone chose before forwarding the case here instead of disposing it
    (kept by the engine as ``usulan``), for the one who disposes now."""
    for event in reversed(await engine.timeline(case_id)):
        if event["task"] == task["id"] or event["at"] > task["opened_at"]:
            continue
        items = (event.get("data") or {}).get("usulan")
        if items:
            shown = [{**i, "tanggal": date.fromisoformat(i["batas"]) if i.get("batas") else None} for i in items]
            return {"by": event["actor_name"], "at": event["at"], "items": shown}
        if (event.get("data") or {}).get("penerima"):
            return None  # disposed since: that proposal was used
    return None


def _proposed(proposal: dict | None) -> dict:
    """The task form pre-filled with a proposal (one instruction and deadline for all, as typed)."""
    if not proposal:
        return {}
    items = proposal["items"]
    return {"unit_ids": [str(i["unit_id"]) for i in items if i.get("unit_id")],
            "user_ids": [str(i["user_id"]) for i in items if i.get("user_id")],
            "instruksi": items[0].get("instruksi") or "", "batas": items[0].get("batas") or ""}


async def _disposable_unit_rows(actions, task: dict, t) -> list[dict]:
    """The units the task's disposisi may name, in tree order (none when it has no disposisi)."""
    fanout = [a for a in actions if a.kind == FANOUT]
    if not fanout:
        return []
    allowed = set().union(*(engine.disposable_units(a, task, t) for a in fanout))
    return [u for u in await directory.units_in_order() if u["id"] in allowed]
