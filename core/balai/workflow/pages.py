"""HTMX pages: the inbox, a task, a case, and delegation while away."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Template

from balai.identity.access import LOGIN
from balai.db import row_id
from balai.i18n import _
from balai.sealed import service as sealing
from balai.web.moved import moved
from balai.web.render import redirect, render, wants_fragment
from balai.workflow import delegation, engine, inbox, store, views
from balai.submissions.service import staff_panel as submission_panel  # the thread with a public form's submitter
from balai.handover.service import handover_panel  # links to and from cases of other SOPs
from balai.workflow.engine import ActionError
from balai.web.inputs import Form, Page, PathId, QueryText

OPT = MappingProxyType({"permission": LOGIN})
REFRESH = MappingProxyType({"HX-Trigger": "balai:refresh"})  # the inbox badge listens for it


def _partial(template: str, status_code: int = 200, headers: dict | None = None, **context) -> Template:
    return Template(template_name=template, context=context, status_code=status_code, media_type="text/html",
                    headers=headers or {})


def _targets(request: Request, element: str) -> bool:
    return wants_fragment(request) and request.headers.get("hx-target") == element


# --- inbox ----------------------------------------------------------------------------------

async def inbox_context(user, params, clocks: bool = True) -> dict:
    """What the inbox page shows for ``user`` and the query ``params`` (also used by bench/);
    ``clocks=False``: without the cases' clocks (bench/bench_inbox_clocks.py compares the two)."""
    filters = inbox.Filters.from_query(params)
    rows, total = await inbox.inbox(user, filters, clocks=clocks)
    clocks = await views.nearest_clocks(rows)
    for row in rows:
        row["clock"] = clocks.get(row["case"])
        row["step_label"] = views.step_label(row["sop"], row["step"])
        row["sop_name"] = views.sop_name(row["sop"])
    pages = max((total + inbox.PER_PAGE - 1) // inbox.PER_PAGE, 1)
    sops = sorted(((code, str(s.name)) for code, s in engine.sops().items()), key=lambda p: p[1])
    query = {k: v for k, v in params.items() if k != "page" and v}
    return {"rows": rows, "total": total, "filters": filters, "pages": pages, "sops": sops, "query": query,
            "page_links": page_links(filters.page, pages)}


def page_links(current: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and a few around the current one (None: a gap)."""
    wanted = sorted({1, pages, *range(max(1, current - around), min(pages, current + around) + 1)})
    links: list[int | None] = []
    for number in wanted:
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links


@get("/inbox", opt=OPT, name="inbox")
async def inbox_page(
    request: Request, sop: QueryText = "", task_state: inbox.StateParam = "", overdue: QueryText = "", due_today: QueryText = "",
    q: QueryText = "", sort: QueryText = "", page: Page = 1,
) -> object:
    params = {"sop": sop, "state": task_state, "overdue": overdue, "due_today": due_today, "q": q, "sort": sort, "page": page}
    context = await inbox_context(request.scope["user"], params)
    if _targets(request, "inbox-list"):
        return _partial("workflow/_inbox_list.html", **context)
    return render(request, "workflow/inbox.html", **context)


@get("/inbox/count", opt=OPT)
async def inbox_count(request: Request) -> object:
    n = await inbox.count(request.scope["user"])
    return _partial("workflow/_badge.html", n=n)


# --- a task ---------------------------------------------------------------------------------

async def _task_page(request: Request, task_id: int, status_code: int = 200, errors=None, form=None,
                     headers=None) -> object:
    context = await views.task_context(request, task_id, errors=errors, form=form)
    if context is None:
        raise NotFoundException(_("Tugas tidak ditemukan."))
    if _targets(request, "task-main"):
        return _partial("workflow/_task.html", status_code=status_code, headers=headers, **context)
    return render(request, "workflow/task.html", status_code=status_code, **context)


@get("/tasks/{task_id:int}", opt=OPT, name="task")
async def task_page(request: Request, task_id: PathId) -> object:
    return await _task_page(request, task_id)


def _recipients(form) -> list[dict]:
    instruction = (form.get("instruksi") or "").strip()
    due = (form.get("batas") or "").strip()
    recipients = [{"unit_id": int(u), "instruction": instruction, "due": due}
                  for u in form.getall("unit_ids", []) if str(u).isdigit()]
    recipients += [{"user_id": int(u), "instruction": instruction, "due": due}
                   for u in form.getall("user_ids", []) if str(u).isdigit()]
    return recipients


def _form_data(form, keep: tuple[str, ...]) -> dict:
    return {k: (form.get(k) or "").strip() for k in keep if form.get(k)}


@post("/tasks/{task_id:int}/act", opt=OPT)
async def task_act(request: Request, task_id: PathId, data: Form) -> object:
    form = data
    user = request.scope["user"]
    code = form.get("action") or ""
    extra = ("nomor_pengajuan", "nomor_hasil")
    task = await store.task_row(task_id)
    if task is not None:
        sop = engine.sops().get(task["sop"])
        step = sop.step(task["step"]) if sop else None
        extra += tuple(f for a in (step.actions if step else ()) for f in a.fields)
    kept = {"note": form.get("note") or "", "unit_ids": [str(u) for u in form.getall("unit_ids", [])],
            "user_ids": [str(u) for u in form.getall("user_ids", [])], "instruksi": form.get("instruksi") or "",
            "batas": form.get("batas") or "", "action": code, **_form_data(form, extra)}
    try:
        await engine.act(task_id, code, user=user, note=form.get("note") or "", data=_form_data(form, extra),
                         recipients=_recipients(form))
    except ActionError as exc:
        return await _task_page(request, task_id, status_code=400, errors=exc.messages, form=kept)
    if not wants_fragment(request):
        return redirect(request, f"/tasks/{task_id}", _("Tindakan tercatat."))
    return await _task_page(request, task_id, headers=REFRESH)


@post("/tasks/{task_id:int}/take", opt=OPT)
async def task_take(request: Request, task_id: PathId) -> object:
    try:
        await engine.take(task_id, user=request.scope["user"])
    except ActionError as exc:
        return await _task_page(request, task_id, status_code=400, errors=exc.messages)
    if not wants_fragment(request):
        return redirect(request, f"/tasks/{task_id}", _("Tugas diambil."))
    return await _task_page(request, task_id, headers=REFRESH)


@post("/tasks/{task_id:int}/reassign", opt=OPT)
async def task_reassign(request: Request, task_id: PathId, data: Form) -> object:
    form = data
    target = form.get("to_user") or ""
    try:
        try:
            target = row_id(target)
        except ValueError:
            raise ActionError(_("Pilih pegawai tujuan.")) from None
        await engine.reassign(task_id, target, user=request.scope["user"], note=form.get("note") or "")
    except ActionError as exc:
        return await _task_page(request, task_id, status_code=400, errors=exc.messages)
    if not wants_fragment(request):
        return redirect(request, f"/tasks/{task_id}", _("Tugas dialihkan."))
    return await _task_page(request, task_id, headers=REFRESH)


# --- a case ---------------------------------------------------------------------------------

@get("/cases/{case_id:int}", opt=OPT, name="case")
async def case_page(request: Request, case_id: PathId) -> object:
    user = request.scope["user"]
    case = await engine.get_case(case_id)
    if case is None or not await engine.can_view_case(user, case_id):
        raise NotFoundException(_("Kasus tidak ditemukan."))
    sealed = sealing.is_sealed(case)
    case, readable = await sealing.case_view(user, case)
    documents = None
    try:
        from balai.documents.service import documents_panel

        documents = await documents_panel(user, "case", case_id, next_url=f"/cases/{case_id}")
    except ImportError:
        documents = None
    return render(request, "workflow/case.html", clocks=await views.case_clocks(case_id, readable), case=case, sop_name=views.sop_name(case["sop"]),
                  tasks=await views.tasks_tree(case_id, readable), timeline=await views.timeline_rows(case_id, readable),
                  documents=documents, sealed=sealed, readable=readable,
                  thread=await submission_panel(user, case_id) if readable else None,
                  handover=await handover_panel(user, case))


# --- delegation -----------------------------------------------------------------------------

async def _delegation_page(request: Request, status_code: int = 200, errors=None, form=None) -> object:
    user = request.scope["user"]
    catalogue = request.app.state.catalogue
    roles = sorted({r for r, _u in user.roles})
    return render(request, "workflow/delegation.html", status_code=status_code,
                  roles=[(r, views.role_label(catalogue, r)) for r in roles],
                  role_labels={code: str(role.label) for code, role in catalogue.roles.items()},
                  candidates=await delegation.candidates(user), current=await delegation.mine(user),
                  errors=errors or [], form=form or {})


@get("/delegations", opt=OPT, name="delegation")
async def delegation_page(request: Request) -> object:
    return await _delegation_page(request)


@post("/delegations", opt=OPT)
async def delegation_create(request: Request, data: Form) -> object:
    form = data
    kept = {k: form.get(k) or "" for k in ("role", "to_user", "starts_on", "ends_on", "note")}
    try:
        try:
            starts, ends = date.fromisoformat(kept["starts_on"]), date.fromisoformat(kept["ends_on"])
        except ValueError:
            raise ActionError(_("Isi tanggal mulai dan selesai.")) from None
        if not kept["to_user"].isdigit():
            raise ActionError(_("Pilih pegawai penerima delegasi."))
        await delegation.delegate(request.scope["user"], int(kept["to_user"]), kept["role"], starts, ends, kept["note"])
    except ActionError as exc:
        return await _delegation_page(request, status_code=400, errors=exc.messages, form=kept)
    return redirect(request, "/delegations", _("Delegasi tersimpan."))


@post("/delegations/{delegation_id:int}/cancel", opt=OPT)
async def delegation_cancel(request: Request, delegation_id: PathId) -> object:
    try:
        await delegation.cancel(request.scope["user"], delegation_id)
    except ActionError as exc:
        return await _delegation_page(request, status_code=400, errors=exc.messages)
    return redirect(request, "/delegations", _("Delegasi dibatalkan."))


def routes() -> list:
    return [inbox_page, inbox_count, task_page, task_act, task_take, task_reassign, case_page,
            delegation_page, delegation_create, delegation_cancel,
            moved("/delegasi", "/delegations"),
            moved("/delegasi/{delegation_id:int}/batal", "/delegations/{delegation_id}/cancel")]
