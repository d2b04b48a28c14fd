"""Pages of the submissions service: the public forms, the tracking page, a new code, and the
desk's and the case page's side of it.

Every public route here is confidential (balai.web.privacy): no address or user agent is kept,
nothing is cached, no referrer is sent. A tracking code travels only in POST bodies, never in
an address, so it appears in no log. Forms with files are read as they stream in
(balai.documents.form.UploadForm): the text fields first, then each file into storage.
"""

from __future__ import annotations

from types import MappingProxyType
from urllib.parse import quote

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.middleware.csrf import generate_csrf_token
from litestar.utils.scope.state import ScopeState
from litestar.response import Response, Stream

from balai.context import current
from balai.documents import service as documents
from balai.documents.form import CSRF_COOKIE, CSRF_HEADER, UploadForm, check_announced_size, check_csrf
from balai.documents import sniff
from balai.documents.service import DocumentError
from balai.i18n import _
from balai.identity.access import LOGIN
from balai.sealed import service as sealing
from balai.submissions import abuse, codes, forms, service
from balai.submissions.forms import EMAIL_FIELD, HONEYPOT, PublicForm
from balai.submissions.receipt import receipt_pdf
from balai.submissions.service import SubmissionError
from balai.throttle import service as throttle
from balai.web.inputs import Form, InputError, PathId, PathText, clean_text
from balai.web.render import client_ip, redirect, render, safe_next
from balai.workflow import engine
from balai.workflow.engine import ActionError

PUBLIC = MappingProxyType({"public": True, "confidential": True})
# Streamed multipart forms check their CSRF token themselves (balai.documents.form).
PUBLIC_UPLOAD = MappingProxyType({"public": True, "confidential": True, "exclude_from_csrf": True})
STAFF = MappingProxyType({"permission": LOGIN})
STAFF_UPLOAD = MappingProxyType({"permission": LOGIN, "exclude_from_csrf": True})
LAYOUT = "submissions/layout.html"
FORM_MISTAKES = "submissions.form"  # honeypots and stamps not ours: per client, abuse.MISTAKES


FRESH_CSRF = "balai.submissions.fresh_csrf"  # scope key: the page shown carries a new CSRF token


def page(request: Request, template: str, status_code: int = 200, headers: dict | None = None, **context):
    context.setdefault("layout", LAYOUT)
    response = render(request, template, status_code=status_code, **context)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if request.scope.get(FRESH_CSRF):
        config = request.app.csrf_config
        response.set_cookie(CSRF_COOKIE, ScopeState.from_scope(request.scope).csrf_token, path=config.cookie_path,
                            secure=config.cookie_secure, httponly=config.cookie_httponly, samesite=config.cookie_samesite)
    return response


def checked_csrf(request: Request, form_token: str | None) -> bool:
    """The CSRF check of a streamed form (Litestar's middleware is off for it); True when it holds.

    Either way the page shown next carries a token that works, as after any checked POST: the one
    sent, or, when the browser no longer has its cookie, a new one whose cookie :func:`page` sets.
    """
    state = ScopeState.from_scope(request.scope)
    try:
        check_csrf(request, form_token)
    except PermissionDeniedException:
        state.csrf_token = generate_csrf_token(secret=request.app.csrf_config.secret)
        request.scope[FRESH_CSRF] = True
        return False
    state.csrf_token = request.headers.get(CSRF_HEADER) or form_token
    return True


def _secret() -> str:
    return current().config.secret_key


def _form_or_404(code: str) -> PublicForm:
    form = forms.get_form(code)
    if form is None:
        raise NotFoundException(_("Formulir tidak ditemukan."))
    return form


def _limits_context() -> dict:
    return {"max_mb": documents.upload_limit() // (1024 * 1024),
            "accept": ",".join(f".{ext}" for ext in sorted(set(sniff.ALLOWED.values())))}


def _form_page(request: Request, form: PublicForm, *, values=None, email="", errors=None, message="",
               status_code: int = 200, desk: bool = False, headers: dict | None = None):
    action = f"/submissions/desk/{form.code}" if desk else f"/forms/{form.code}"
    return page(request, "submissions/form.html", status_code=status_code, headers=headers, form=form,
                values=values or {}, email=email, errors=errors or {}, message=message, desk=desk, action=action,
                stamp=abuse.new_stamp(form.code, _secret()), bits=abuse.POW_BITS, honeypot=HONEYPOT,
                layout="base.html" if desk else LAYOUT, **_limits_context())


def _wait_message(wait: int) -> str:
    minutes = max(1, (wait + 59) // 60)
    return _("Terlalu banyak kiriman atau percobaan dalam waktu singkat. Coba lagi dalam %(menit)s menit; "
             "isian Anda masih ada di bawah.", menit=minutes)


@get("/forms/{code:str}", opt=PUBLIC, name="submissions:form")
async def form_page(request: Request, code: PathText) -> object:
    return _form_page(request, _form_or_404(code))


@post("/forms/{code:str}", opt=PUBLIC_UPLOAD, request_max_body_size=None)
async def form_submit(request: Request, code: PathText) -> object:
    return await _receive(request, _form_or_404(code), desk_user=None)


async def _receive(request: Request, form: PublicForm, desk_user) -> object:
    """One submission, public or at the desk: check, count, stage the files, then write it all."""
    desk = desk_user is not None
    ip = client_ip(request)
    upload = _upload_form(request, form)
    try:
        raw = await upload.read_fields()
        check_announced_size(request, upload.max_bytes * max(1, len(form.documents)))
    except (DocumentError, InputError) as exc:
        return _form_page(request, form, message=str(getattr(exc, "message", exc)), status_code=400, desk=desk)
    values, email, errors = forms.clean(form, raw)

    def again(message: str, status_code: int = 400, more: dict | None = None, headers: dict | None = None):
        return _form_page(request, form, values=values, email=email, errors={**errors, **(more or {})},
                          message=message, status_code=status_code, desk=desk, headers=headers)

    if not checked_csrf(request, raw.get("_csrf_token")):  # its cookie is gone: a fresh form, the input kept
        return again(_("Formulir ini sudah kedaluwarsa. Isian Anda masih ada: periksa, pilih lagi berkasnya, lalu "
                       "kirim sekali lagi."), 403)
    if not desk:
        wait = await throttle.client_wait(FORM_MISTAKES, ip)
        if wait:
            return again(_wait_message(wait), 429, headers={"Retry-After": str(wait)})
        if raw.get(HONEYPOT):
            await throttle.failed(FORM_MISTAKES, client=ip, client_rule=abuse.MISTAKES)
            return again(_("Kiriman ini tampak dikirim oleh program otomatis sehingga tidak diterima."))
    stamp = raw.get("stamp", "")
    state = abuse.check_stamp(stamp, form.code, _secret())
    if state == abuse.INVALID:
        if not desk:
            await throttle.failed(FORM_MISTAKES, client=ip, client_rule=abuse.MISTAKES)
        return again(_("Formulir ini tidak sah. Muat ulang halaman, lalu kirim lagi."))
    if state == abuse.EXPIRED:
        return again(_("Formulir ini sudah kedaluwarsa (terbuka lebih dari %(jam)s jam). Isian Anda masih ada: "
                       "periksa, pilih lagi berkasnya, lalu kirim sekali lagi.", jam=abuse.FORM_AGE // 3600))
    if errors:
        return again(_("Periksa kembali isian yang ditandai."))
    if not desk:
        purpose, per_client, total = abuse.SUBMIT if abuse.solved(stamp, raw.get("nonce", "")) else abuse.PLAIN
        wait = await throttle.spend(purpose, ip, per_client, total)
        if wait:
            return again(_wait_message(wait), 429, headers={"Retry-After": str(wait)})
    staged, refused = await _stage_files(upload, form)
    if refused:
        return again(_("Periksa kembali dokumen yang ditandai."), max(refused.pop("_status", 400), 400), refused)

    async def count_stamp():
        if not await abuse.use_stamp(stamp):
            raise SubmissionError(_("Formulir ini sudah pernah dikirim. Jika Anda belum menerima kode pelacakan, "
                                    "kirim sekali lagi dari formulir ini."))

    try:
        case, submission, code = await service.submit(form, values, email, staged, desk_user=desk_user,
                                                       ip=client_ip(request) if desk else "", before=count_stamp)
    except (ActionError, SubmissionError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ActionError) else exc.message
        return again(message, getattr(exc, "status_code", 400))
    return page(request, "submissions/received.html", case=case, submission=submission, code=code, form=form,
                renewed=False, layout="base.html" if desk else LAYOUT)


def _upload_form(request: Request, form: PublicForm) -> UploadForm:
    names = tuple(d.name for d in form.documents) or ("file",)
    return UploadForm(request, documents.upload_limit(), file_fields=names, max_fields=len(form.fields) + 10)


async def _stage_files(upload: UploadForm, form: PublicForm) -> tuple[list, dict]:
    """Each chosen file into storage; (staged pairs, errors by document field). On any error the
    files staged so far are removed again."""
    by_name = {d.name: d for d in form.documents}
    staged, errors = [], {}
    try:
        while upload.filename is not None:
            document = by_name.get(upload.file_field)
            if upload.filename == "" or document is None or document.name in {d.name for d, _s in staged}:
                async for _chunk in upload.file_chunks():  # an empty file input: nothing chosen
                    pass
            else:
                item = await documents.stage_upload(upload.file_chunks(), upload.filename,
                                                    sealed=sealing.policy(form.sop) is not None)
                staged.append((document, item))
                if document.accept and not item.content_type.startswith(tuple(document.accept)):
                    errors[document.name] = _("Jenis berkas ini tidak diterima: unggah %(jenis)s.",
                                              jenis=document.accept_label or ", ".join(document.accept))
            await upload.read_fields()
    except DocumentError as exc:
        errors[upload.file_field or "file"] = exc.message
        errors["_status"] = exc.status_code
    present = {d.name for d, _s in staged}
    for document in form.documents:
        if document.required and document.name not in present and document.name not in errors:
            errors[document.name] = _("Dokumen ini wajib dilampirkan.")
    if errors:
        await documents.discard_staged([s for _d, s in staged])
        return [], errors
    return staged, {}


# --- the tracking page ---------------------------------------------------------------------


def _track_form(request: Request, typed: str = "", message: str = "", status_code: int = 200,
                headers: dict | None = None):
    return page(request, "submissions/track.html", status_code=status_code, headers=headers, typed=typed,
                message=message)


@get("/track", opt=PUBLIC, name="submissions:track")
async def track_page(request: Request) -> object:
    return _track_form(request)


async def _look_up(request: Request, typed: str):
    """(submission, None) or (None, the page that says why): malformed, unknown, or too many tries."""
    submission, why, wait = await service.look_up(client_ip(request), typed)
    if why == service.THROTTLED:
        return None, _track_form(request, typed, _("Terlalu banyak percobaan kode. Coba lagi dalam %(menit)s menit.",
                                                   menit=max(1, (wait + 59) // 60)), 429, {"Retry-After": str(wait)})
    if why == service.MALFORMED:
        return None, _track_form(request, typed, _(
            "Kode pelacakan tidak sah. Kode terdiri atas 16 huruf dan angka dalam empat kelompok, "
            "mis. 7KQ4-M2XD-9HVT-C3WZ."), 400)
    if why == service.UNKNOWN:
        return None, _track_form(request, typed, _(
            "Kode pelacakan tidak dikenal. Periksa kembali kode pada tanda terima Anda; kode lama berhenti "
            "berlaku setelah Anda meminta kode baru."), 404)
    return submission, None


async def _tracking_page(request: Request, submission: dict, code: str, *, status_code: int = 200,
                         message: str = "", notice: str = "", body: str = "", errors: dict | None = None):
    view = await service.tracking(submission)
    return page(request, "submissions/tracking.html", status_code=status_code, code=codes.grouped(codes.normalise(code)),
                message=message, notice=notice, body=body, errors=errors or {}, **view, **_limits_context())


@post("/track", opt=PUBLIC)
async def track_lookup(request: Request, data: Form) -> object:
    typed = str(data.get("code") or "")[:64]
    submission, refusal = await _look_up(request, typed)
    if refusal is not None:
        return refusal
    return await _tracking_page(request, submission, typed)


@post("/track/messages", opt=PUBLIC_UPLOAD, request_max_body_size=None)
async def track_message(request: Request) -> object:
    upload = UploadForm(request, documents.upload_limit())
    try:
        raw = await upload.read_fields()
        check_announced_size(request, upload.max_bytes)
        if not checked_csrf(request, raw.get("_csrf_token")):
            raise InputError(_("Formulir ini sudah kedaluwarsa. Masukkan lagi kode pelacakan Anda, lalu kirim "
                               "pesannya sekali lagi."))
        body = clean_text(raw.get("body"), service.MESSAGE_LENGTH + 1, _("Pesan"))
    except (DocumentError, InputError) as exc:
        return _track_form(request, message=str(getattr(exc, "message", exc)), status_code=400)
    typed = str(raw.get("code") or "")[:64]
    submission, refusal = await _look_up(request, typed)
    if refusal is not None:
        return refusal
    ip = client_ip(request)
    purpose, per_client, total = abuse.MESSAGE
    wait = await throttle.spend(purpose, ip, per_client, total)
    if wait:
        return await _tracking_page(request, submission, typed, status_code=429, body=body,
                                    message=_wait_message(wait))
    staged = []
    try:
        if upload.filename:
            staged.append(await documents.stage_upload(upload.file_chunks(), upload.filename,
                                                       sealed=await service.sealed(submission)))
        await service.post_message(submission, body, staged)
    except DocumentError as exc:
        return await _tracking_page(request, submission, typed, status_code=exc.status_code, body=body,
                                    message=exc.message, errors={"file": exc.message})
    except SubmissionError as exc:
        return await _tracking_page(request, submission, typed, status_code=exc.status_code, body=body,
                                    message=exc.message, errors=exc.errors)
    return await _tracking_page(request, submission, typed, notice=_("Pesan Anda terkirim kepada petugas."))


@post("/track/receipt", opt=PUBLIC)
async def track_receipt(request: Request, data: Form) -> object:
    typed = str(data.get("code") or "")[:64]
    submission, refusal = await _look_up(request, typed)
    if refusal is not None:
        return refusal
    case = await engine.get_case(submission["case"])
    form = forms.get_form(submission["form"])
    base = str(request.base_url).rstrip("/")
    pdf = receipt_pdf(agency=current().config.agency_name, title=str(form.title) if form else case["subject"],
                      reference=case["reference"], received_at=submission["received_at"],
                      deadline=submission["deadline"], code=codes.grouped(codes.normalise(typed)),
                      track_url=f"{base}/track", lost_url=f"{base}/track/lost", has_email=bool(submission["email"]))
    name = "tanda-terima-" + case["reference"].replace("/", "-") + ".pdf"
    return Response(content=pdf, media_type="application/pdf", status_code=200,
                    headers={"content-disposition": f'attachment; filename="{name}"'})


@post("/track/file", opt=PUBLIC)
async def track_file(request: Request, data: Form) -> object:
    typed = str(data.get("code") or "")[:64]
    submission, refusal = await _look_up(request, typed)
    if refusal is not None:
        return refusal
    version = str(data.get("version") or "")
    download = await service.released_version(submission["id"], int(version)) if version.isdigit() \
        and len(version) < 10 else None
    if download is None:
        return await _tracking_page(request, submission, typed, status_code=404,
                                    message=_("Berkas tidak ditemukan pada permohonan ini."))
    chunks = download.chunks()
    first = await anext(chunks, b"")

    async def body():
        if first:
            yield first
        async for chunk in chunks:
            yield chunk

    name = download.download_name
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name)
    return Stream(body(), media_type=download.version["content_type"], status_code=200, headers={
        "content-length": str(download.version["size"]),
        "content-disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"})


# --- a new code ----------------------------------------------------------------------------


@get("/track/lost", opt=PUBLIC)
async def lost_page(request: Request) -> object:
    return page(request, "submissions/lost.html", values={}, errors={}, sent=False)


@post("/track/lost", opt=PUBLIC)
async def lost_send(request: Request, data: Form) -> object:
    values = {"reference": str(data.get("reference") or "").strip()[:60],
              EMAIL_FIELD: str(data.get(EMAIL_FIELD) or "").strip()[:260]}
    errors = {}
    if not values["reference"] or len(values["reference"]) > 40:
        errors["reference"] = _("Isi nomor registrasi seperti pada tanda terima, mis. ADU/2026/000001.")
    if not forms.EMAIL.match(values[EMAIL_FIELD]):
        errors[EMAIL_FIELD] = _("Alamat e-mail tidak sah, mis. nama@contoh.go.id.")
    if errors:
        return page(request, "submissions/lost.html", status_code=400, values=values, errors=errors, sent=False)
    purpose, per_client, total = abuse.RENEW
    wait = await throttle.spend(purpose, client_ip(request), per_client, total)
    if wait:
        return page(request, "submissions/lost.html", status_code=429, values=values, errors={}, sent=False,
                    message=_wait_message(wait), headers={"Retry-After": str(wait)})
    await service.ask_renewal(values["reference"], values[EMAIL_FIELD])
    return page(request, "submissions/lost.html", values={}, errors={}, sent=True)


@get("/track/renew", opt=PUBLIC)
async def renew_page(request: Request) -> object:
    return page(request, "submissions/renew.html", message="")


@post("/track/renew", opt=PUBLIC)
async def renew_confirm(request: Request, data: Form) -> object:
    ip = client_ip(request)
    wait = await throttle.client_wait(abuse.MISSES, ip)
    if wait:
        return page(request, "submissions/renew.html", status_code=429, headers={"Retry-After": str(wait)},
                    message=_("Terlalu banyak percobaan. Coba lagi dalam %(menit)s menit.", menit=max(1, wait // 60)))
    renewed = await service.renew(str(data.get("token") or "").strip()[:64])
    if renewed is None:
        await throttle.failed(abuse.MISSES, client=ip, client_rule=abuse.MISTAKES)
        return page(request, "submissions/renew.html", status_code=400, message=_(
            "Tautan ini tidak berlaku lagi: tautan berlaku satu jam dan hanya sekali. Minta tautan baru bila perlu."))
    submission, code = renewed
    case = await engine.get_case(submission["case"])
    return page(request, "submissions/received.html", case=case, submission=submission, code=code,
                form=forms.get_form(submission["form"]), renewed=True)


@get("/leave", opt=PUBLIC)
async def leave(request: Request) -> object:
    """Where "leave this page" goes: the browser is told to forget this site's cookies, storage
    and cache (Clear-Site-Data; honoured over HTTPS and on localhost)."""
    return page(request, "submissions/leave.html", headers={"Clear-Site-Data": '"cache", "cookies", "storage"'})


# --- staff: the desk and the case page ------------------------------------------------------


def desk_forms(user) -> list[PublicForm]:
    return [f for f in forms.forms().values() if f.desk_permission and user.can(f.desk_permission)
            and forms.get_form(f.code) is not None]


@get("/submissions/desk", opt=STAFF)
async def desk_list(request: Request) -> object:
    return render(request, "submissions/desk.html", forms=desk_forms(request.scope["user"]))


def _desk_form(request: Request, code: str) -> PublicForm:
    form = _form_or_404(code)
    if form not in desk_forms(request.scope["user"]):
        raise PermissionDeniedException(_("Anda tidak berwenang mencatat permohonan ini di loket."))
    return form


@get("/submissions/desk/{code:str}", opt=STAFF)
async def desk_form(request: Request, code: PathText) -> object:
    return _form_page(request, _desk_form(request, code), desk=True)


@post("/submissions/desk/{code:str}", opt=STAFF_UPLOAD, request_max_body_size=None)
async def desk_submit(request: Request, code: PathText) -> object:
    return await _receive(request, _desk_form(request, code), desk_user=request.scope["user"])


async def _staff_case(request: Request, case_id: int) -> tuple[dict, dict]:
    user = request.scope["user"]
    submission = await service.of_case(case_id)
    if submission is None or not await engine.can_view_case(user, case_id):
        raise NotFoundException(_("Kasus tidak ditemukan."))
    return submission, await engine.get_case(case_id)


@post("/cases/{case_id:int}/messages", opt=STAFF_UPLOAD, request_max_body_size=None)
async def staff_message(request: Request, case_id: PathId) -> object:
    submission, case = await _staff_case(request, case_id)
    upload = UploadForm(request, documents.upload_limit())
    body, next_url, answer = "", f"/cases/{case_id}", False
    try:
        raw = await upload.read_fields()
        check_announced_size(request, upload.max_bytes)
        body = clean_text(raw.get("body"), service.MESSAGE_LENGTH + 1, _("Pesan"))
        next_url = safe_next(raw.get("next"), next_url)
        answer = raw.get("answer") in ("1", "on")
        if not checked_csrf(request, raw.get("_csrf_token")):
            raise InputError(_("Formulir ini sudah kedaluwarsa. Pesan Anda masih ada di bawah; kirim sekali lagi."))
        staged = [await documents.stage_upload(upload.file_chunks(), upload.filename,
                                               sealed=await service.sealed(submission))] if upload.filename else []
        await service.post_message(submission, body, staged, staff=request.scope["user"], answer=answer,
                                   ip=client_ip(request))
    except (DocumentError, InputError, SubmissionError) as exc:
        status = getattr(exc, "status_code", 400)
        thread = await service.staff_panel(request.scope["user"], case_id, next_url)
        return page(request, "submissions/reply_refused.html", status_code=status, thread=thread, layout="base.html",
                    message=str(getattr(exc, "message", exc)), body=body, answer=answer)
    text = _("Jawaban terkirim kepada pemohon.") if answer else _("Pesan terkirim kepada pemohon.")
    if submission["email"]:
        text += " " + _("Pemohon diberi tahu lewat e-mail.")
    return redirect(request, next_url, text)


@post("/cases/{case_id:int}/code", opt=STAFF)
async def staff_new_code(request: Request, case_id: PathId, data: Form) -> object:
    submission, case = await _staff_case(request, case_id)
    form = forms.get_form(submission["form"])
    user = request.scope["user"]
    if form is None or not form.desk_permission or not user.can(form.desk_permission, case["unit"]):
        raise PermissionDeniedException(_("Anda tidak berwenang menerbitkan kode baru untuk permohonan ini."))
    code = await service.reissue(submission, user)
    return render(request, "submissions/received.html", case=case, submission=submission, code=code, form=form,
                  renewed=True)


def routes() -> list:
    return [form_page, form_submit, track_page, track_lookup, track_message, track_receipt, track_file,
            lost_page, lost_send, renew_page, renew_confirm, leave, desk_list, desk_form, desk_submit,
            staff_message, staff_new_code]
