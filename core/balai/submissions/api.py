"""JSON API of the submissions service, under /api/core/: a public form, the tracking look-up and
the submitter's messages (public, confidential), and the thread for staff.

The same checks as the pages: the form's stamp (its proof of work earns the higher limit), the
throttle per client and in total, the code only in the body. A form that wants documents is
sent through its page (the API takes no files from the public).
"""

from __future__ import annotations

from types import MappingProxyType

import msgspec
from litestar import Request, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import JSONBody

from balai.context import current
from balai.identity.access import LOGIN
from balai.i18n import _
from balai.sealed import service as sealing
from balai.submissions import abuse, codes, forms, service
from balai.submissions.pages import FORM_MISTAKES
from balai.submissions.service import SubmissionError
from balai.throttle import service as throttle
from balai.web.inputs import FIELD, JSONObject, PathId, PathText, text
from balai.web.render import client_ip
from balai.workflow import engine
from balai.workflow.engine import ActionError

STAFF = MappingProxyType({"permission": LOGIN})
# No cookie speaks for the caller here (the code travels in the body), so no CSRF token is asked.
PUBLIC = MappingProxyType({"public": True, "confidential": True, "exclude_from_csrf": True})


class SubmissionIn(msgspec.Struct):
    fields: JSONObject = msgspec.field(default_factory=dict)
    email: text(254) = ""
    stamp: text(200) = ""
    nonce: text(20) = ""


class CodeIn(msgspec.Struct):
    code: text(64)


class CitizenMessageIn(msgspec.Struct):
    code: text(64)
    body: text(FIELD)


class StaffMessageIn(msgspec.Struct):
    body: text(FIELD)
    answer: bool = False


def _refuse(status: int, detail: str, **extra) -> HTTPException:
    headers = {"Retry-After": str(extra.pop("wait"))} if "wait" in extra else None
    return HTTPException(status_code=status, detail=detail, extra=extra or None, headers=headers)


def _form(code: str):
    form = forms.get_form(code)
    if form is None:
        raise NotFoundException(_("Formulir tidak ditemukan."))
    return form


def _field(f) -> dict:
    return {"name": f.name, "label": str(f.label), "kind": f.kind, "required": f.required,
            "max_length": f.max_length, "choices": [[v, str(label)] for v, label in f.choices]}


@get("/forms/{code:str}", opt=PUBLIC, summary="Formulir publik: isian, dokumen, dan cap formulir (stamp)")
async def form_api(code: PathText) -> dict:
    form = _form(code)
    return {
        "code": form.code, "title": str(form.title), "intro": str(form.intro), "deadline": form.deadline,
        "fields": [_field(f) for f in form.fields],
        "documents": [{"name": d.name, "label": str(d.label), "required": d.required} for d in form.documents],
        "stamp": abuse.new_stamp(form.code, current().config.secret_key), "pow_bits": abuse.POW_BITS,
    }


@post("/forms/{code:str}", opt=PUBLIC, status_code=201, summary="Kirim formulir publik; jawabannya kode pelacakan")
async def submit_api(request: Request, code: PathText, data: JSONBody[SubmissionIn]) -> dict:
    form = _form(code)
    required = [str(d.label) for d in form.documents if d.required]
    if required:
        raise _refuse(400, _("Formulir ini memerlukan dokumen (%(dokumen)s); kirim lewat halaman formulirnya.",
                             dokumen=", ".join(required)))
    ip = client_ip(request)
    wait = await throttle.client_wait(FORM_MISTAKES, ip)
    if wait:
        raise _refuse(429, _("Terlalu banyak percobaan. Coba lagi nanti."), wait=wait)
    state = abuse.check_stamp(data.stamp, form.code, current().config.secret_key) if data.stamp else abuse.VALID
    if state == abuse.INVALID:
        await throttle.failed(FORM_MISTAKES, client=ip, client_rule=abuse.MISTAKES)
        raise _refuse(400, _("Cap formulir (stamp) tidak sah."))
    if state == abuse.EXPIRED:
        raise _refuse(400, _("Cap formulir (stamp) sudah kedaluwarsa; ambil yang baru."))
    raw = {k: v if isinstance(v, str) else "" for k, v in data.fields.items()}
    raw[forms.EMAIL_FIELD] = data.email
    values, email, errors = forms.clean(form, raw)
    if errors:
        raise _refuse(400, _("Periksa kembali isian yang ditandai."), errors=errors)
    solved = bool(data.stamp) and abuse.solved(data.stamp, data.nonce)
    purpose, per_client, total = abuse.SUBMIT if solved else abuse.PLAIN
    wait = await throttle.spend(purpose, ip, per_client, total)
    if wait:
        raise _refuse(429, _("Terlalu banyak kiriman. Coba lagi nanti."), wait=wait)

    async def count_stamp():
        if data.stamp and not await abuse.use_stamp(data.stamp):
            raise SubmissionError(_("Cap formulir (stamp) ini sudah dipakai."))

    try:
        case, submission, tracking_code = await service.submit(form, values, email, before=count_stamp)
    except ActionError as exc:
        raise _refuse(400, "; ".join(exc.messages)) from None
    except SubmissionError as exc:
        raise _refuse(exc.status_code, exc.message) from None
    return {"reference": case["reference"], "code": tracking_code, "received_at": submission["received_at"].isoformat(),
            "deadline": submission["deadline"].isoformat() if submission["deadline"] else None,
            "track_url": "/track"}


async def _look_up(request: Request, typed: str) -> dict:
    submission, why, wait = await service.look_up(client_ip(request), typed)
    if why == service.THROTTLED:
        raise _refuse(429, _("Terlalu banyak percobaan kode. Coba lagi nanti."), wait=wait)
    if why == service.MALFORMED:
        raise _refuse(400, _("Kode pelacakan tidak sah: 16 huruf dan angka, mis. 7KQ4-M2XD-9HVT-C3WZ."))
    if why == service.UNKNOWN:
        raise _refuse(404, _("Kode pelacakan tidak dikenal."))
    return submission


def _message(m: dict) -> dict:
    return {"id": m["id"], "from_staff": m["from_staff"], "author_name": m["author_name"] if m["from_staff"] else "",
            "body": m["body"], "is_answer": m["is_answer"], "at": m["at"].isoformat(),
            "attachments": [{"title": d["title"], "version_id": d["current"]["id"], "filename": d["current"]["filename"],
                             "size": d["current"]["size"]} for d in m["attachments"] if d["current"]]}


@post("/track", opt=PUBLIC, status_code=200, summary="Lacak permohonan dengan kode (kode di badan permintaan)")
async def track_api(request: Request, data: JSONBody[CodeIn]) -> dict:
    view = await service.tracking(await _look_up(request, data.code))
    case, submission = view["case"], view["submission"]
    return {"reference": case["reference"], "title": view["title"], "state": case["state"],
            "received_at": submission["received_at"].isoformat(),
            "deadline": submission["deadline"].isoformat() if submission["deadline"] else None,
            "at_work": view["at_work"], "waiting_for_you": view["waiting_for_you"], "clocks": view["clocks"],
            "messages": [_message(m) for m in view["messages"]]}


@post("/track/messages", opt=PUBLIC, status_code=201, summary="Pesan pemohon kepada petugas")
async def track_message_api(request: Request, data: JSONBody[CitizenMessageIn]) -> dict:
    submission = await _look_up(request, data.code)
    purpose, per_client, total = abuse.MESSAGE
    wait = await throttle.spend(purpose, client_ip(request), per_client, total)
    if wait:
        raise _refuse(429, _("Terlalu banyak pesan. Coba lagi nanti."), wait=wait)
    try:
        message = await service.post_message(submission, data.body)
    except SubmissionError as exc:
        raise _refuse(exc.status_code, exc.message, errors=exc.errors) from None
    return _message({**message, "attachments": []})


async def _staff_submission(request: Request, case_id: int) -> dict:
    submission = await service.of_case(case_id)
    if submission is None or not await engine.can_view_case(request.scope["user"], case_id):
        raise NotFoundException(_("Kasus tidak ditemukan."))
    return submission


@get("/cases/{case_id:int}/messages", opt=STAFF, summary="Percakapan dengan pemohon sebuah kasus")
async def staff_thread_api(request: Request, case_id: PathId) -> dict:
    submission = await _staff_submission(request, case_id)
    readable = await sealing.may_unseal(request.scope["user"], await engine.get_case(case_id))
    return {"case": case_id, "email": bool(submission["email"]),
            "messages": [_message(m) | {"author_name": m["author_name"]}
                         for m in await service.thread(submission, readable)]}


@post("/cases/{case_id:int}/messages", opt=STAFF, status_code=201, summary="Balas pemohon sebuah kasus")
async def staff_message_api(request: Request, case_id: PathId, data: JSONBody[StaffMessageIn]) -> dict:
    submission = await _staff_submission(request, case_id)
    try:
        message = await service.post_message(submission, data.body, staff=request.scope["user"], answer=data.answer,
                                             ip=client_ip(request))
    except SubmissionError as exc:
        raise _refuse(exc.status_code, exc.message, errors=exc.errors) from None
    return _message({**message, "attachments": []}) | {"author_name": message["author_name"]}


def routes() -> list:
    return [form_api, submit_api, track_api, track_message_api, staff_thread_api, staff_message_api]
