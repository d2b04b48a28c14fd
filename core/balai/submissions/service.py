"""Citizens' submissions: a case opened from a public form, followed with a tracking code, and
the thread of messages between the submitter and the staff handling it.

Everything a submission writes is one transaction: the case (its first step done), the
submission with the code's keyed hash, its documents (their bytes staged in storage first, see
balai.documents.service.stage_upload) and the audit entry; a refusal leaves none of it behind.
The code itself is returned once and never stored.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from balai import i18n
from balai.audit import service as audit
from balai.context import current
from balai.documents import service as documents
from balai.i18n import _
from balai.identity import directory
from balai.notifications import service as notifications
from balai.clocks.service import case_clocks
from balai.sealed import documents as sealed_documents, service as sealing
from balai.submissions import abuse, codes
from balai.throttle import service as throttle
from balai.submissions.forms import PublicForm, get_form, subject_of
from balai.submissions.tables import Submission, SubmissionMessage
from balai.workflow import engine, store
from balai.workflow.store import tx

MESSAGE_OWNER = "submission_message"  # owner_type of a message's attachments (documents service)
MESSAGE_LENGTH = 5000
RENEW_FOR = timedelta(hours=1)
TRACK_PATH = "/track"


class SubmissionError(Exception):
    """Refused input; ``message`` is for the submitter, ``errors`` by field, ``status_code`` for HTTP."""

    def __init__(self, message: str, errors: dict | None = None, status_code: int = 400):
        super().__init__(message)
        self.message, self.errors, self.status_code = message, errors or {}, status_code


def now() -> datetime:
    return datetime.now(timezone.utc)


def _secret() -> str:
    return current().config.secret_key


def hash_of(code: str) -> str:
    return codes.code_hash(code, _secret())


# A sealed SOP's submissions keep the submitter's e-mail and the messages sealed like the case
# (balai.sealed): readable only on the tracking page and by the case's readers.

def _seal(case: dict, text: str) -> str:
    return sealing.seal_text(text, case["id"]) if sealing.is_sealed(case) else text


def _unseal(case: dict, value: str) -> str:
    return sealing.unseal_text(value, case["id"]) if sealing.is_sealed(case) and value else value


async def sealed(submission: dict) -> bool:
    """Whether the submission's files are to be staged sealed (``stage_upload(sealed=True)``)."""
    return sealing.is_sealed(await engine.get_case(submission["case"]))


async def _email(submission: dict) -> str:
    """The submitter's address, readable (a sealed case keeps it sealed)."""
    if not submission["email"]:
        return ""
    return _unseal(await engine.get_case(submission["case"]), submission["email"])


# --- submitting ----------------------------------------------------------------------------


async def _unit_of(form: PublicForm) -> int:
    if form.unit:
        unit = await directory.unit_by_code(form.unit)
        if unit is not None:
            return unit
    tree = await directory.unit_tree()
    roots = sorted(u for u, parent in tree.parent.items() if parent is None)
    if not roots:
        raise SubmissionError(_("Struktur organisasi belum diisi; formulir belum dapat menerima kiriman."),
                              status_code=503)
    return roots[0]


def deadline_of(form: PublicForm, received: datetime) -> datetime | None:
    """The legal deadline the receipt names: the form's ``deadline`` counted on the agency's
    working calendar from the moment of receipt."""
    if form.deadline_standard is None:
        return None
    return current().calendar.due_at(received, form.deadline_standard)


async def submit(form: PublicForm, values: dict, email: str = "", staged: list | None = None, *,
                 desk_user=None, ip: str = "", before=None) -> tuple[dict, dict, str]:
    """Open the case of ``form`` with ``values``; returns (case, submission, code), the code
    grouped for reading (``XXXX-XXXX-XXXX-XXXX``), shown to the submitter once.

    ``staged`` holds (FormDocument, balai.documents Staged) pairs already in storage; they become
    the case's documents in the same transaction, and are removed from storage when anything is
    refused. ``desk_user`` is the staff member entering a walk-in's request. ``before`` is an
    awaitable callable run first inside the transaction (the form's stamp counted once).
    Raises ActionError (a plugin's validate_action refused) or SubmissionError.
    """
    staged = staged or []
    kept = {name: values.get(name, "") for name in form.apart}  # never stored with the case
    values = {name: value for name, value in values.items() if name not in form.apart}
    code = codes.new_code()
    unit_id = await _unit_of(form)
    opened_as = str(form.opened_as or _("Masyarakat"))
    if desk_user is not None:
        opened_as = _("%(siapa)s, dicatat di loket oleh %(petugas)s", siapa=opened_as, petugas=desk_user.full_name)
    try:
        async with tx():
            if before is not None:
                await before()
            case = await engine.open_case(form.sop, subject_of(form, values), user=None, unit_id=unit_id,
                                          data=dict(values), opened_as=opened_as, complete_first=form.complete_first)
            if form.keep_apart is not None:
                from balai.plugins import await_me_maybe
                await await_me_maybe(form.keep_apart(case, kept))
            received = case["opened_at"]
            running = [c["due_at"] for c in await clocks_of(case["id"]) if c.get("due_at")]
            rows = await Submission.insert(Submission(
                case=case["id"], form=form.code, code_hash=hash_of(codes.normalise(code)), code_issued_at=received,
                email=_seal(case, email), received_at=received,
                deadline=min(running) if running else deadline_of(form, received),
                by_desk=getattr(desk_user, "id", None), locale=i18n.get_locale(),
            )).returning(*Submission.all_columns())
            for document, item in staged:
                await documents.record_staged(item, "case", case["id"], desk_user, title=str(document.label), ip=ip,
                                              kind=document.kind)
            await audit.record(desk_user, "submissions.submit", "case", case["id"], {
                "form": form.code, "reference": case["reference"], "documents": len(staged),
                "desk": desk_user is not None, "email": bool(email)}, ip=ip)
    except BaseException:
        await documents.discard_staged([item for _document, item in staged])
        raise
    return await engine.get_case(case["id"]), rows[0], code


# --- finding and reading -------------------------------------------------------------------


async def find(typed: str) -> dict | None:
    """The submission a typed code belongs to; None for a malformed or unknown code."""
    code = codes.normalise(typed)
    if code is None:
        return None
    return await Submission.select().where(Submission.code_hash == hash_of(code)).first()


THROTTLED, MALFORMED, UNKNOWN = "throttled", "malformed", "unknown"


async def look_up(ip: str, typed: str) -> tuple[dict | None, str, int]:
    """A citizen's code look-up, for the tracking page and the API alike: (submission, "", 0), or
    (None, why, seconds to wait) with why THROTTLED, MALFORMED or UNKNOWN. Every look-up spends the
    client's and everyone's allowance; every miss makes the client wait longer, and a hit never
    clears the misses: a guesser holding one good code gains nothing by it."""
    wait = await throttle.client_wait(abuse.MISSES, ip)
    if not wait:
        purpose, per_client, total = abuse.LOOKUP
        wait = await throttle.spend(purpose, ip, per_client, total)
    if wait:
        return None, THROTTLED, wait
    submission = await find(typed)
    if submission is None:
        await throttle.failed(abuse.MISSES, client=ip, client_rule=abuse.MISTAKES)
        return None, MALFORMED if codes.normalise(typed) is None else UNKNOWN, 0
    return submission, "", 0


async def of_case(case_id: int) -> dict | None:
    """The submission behind a case (None when the case did not come from a public form)."""
    return await Submission.select().where(Submission.case == case_id).first()


async def thread(submission: dict, readable: bool = True) -> list[dict]:
    """The messages, oldest first, readable, each with ``attachments`` (documents, current version).
    Only for whoever may read the case: the code's holder, the case's readers; with ``readable``
    False (a sealed case's other viewers) the bodies and file names stay sealed."""
    case = await engine.get_case(submission["case"])
    messages = await SubmissionMessage.select().where(
        SubmissionMessage.submission == submission["id"]).order_by(SubmissionMessage.id)
    attached = await documents.documents_of(MESSAGE_OWNER, [m["id"] for m in messages])
    for message in messages:
        message["body"] = _unseal(case, message["body"]) if readable else str(sealing.PLACEHOLDER)
        message["attachments"] = await sealed_documents.reveal(None, attached.get(message["id"], []),
                                                               readable=readable)
    return messages


async def released_version(submission_id: int, version_id: int) -> documents.Download | None:
    """A file the submitter may download: an attachment of a message of their own thread."""
    try:
        download = await documents.open_download(version_id)
    except documents.DocumentNotFound:
        return None
    document = download.document
    if document["owner_type"] != MESSAGE_OWNER:
        return None
    owner = await SubmissionMessage.select(SubmissionMessage.submission).where(
        SubmissionMessage.id == document["owner_id"]).first()
    return download if owner and owner["submission"] == submission_id else None


async def clocks_of(case_id: int) -> list[dict]:
    """The case's legal clocks (balai.clocks) as the tracking page shows them: those started, each
    with its due date, days left or late and its explanation; their history (who extended or
    paused it) stays with the staff."""
    return [{k: v for k, v in clock.items() if k != "history"}
            for clock in await case_clocks(case_id) if clock["state"] != "belum"]


async def tracking(submission: dict) -> dict:
    """What the tracking page tells the submitter, in plain words: where the case stands, its
    clocks and deadline, the answer and the files released with it, and the thread."""
    case = await engine.get_case(submission["case"])
    form = get_form(submission["form"])
    sop = engine.sops().get(case["sop"])
    at_work, waiting_for_you = [], []
    for task in await engine.case_tasks(case["id"]):
        if task["state"] not in store.OPEN or sop is None:
            continue
        step = sop.step(task["step"])
        label = form.step_label(step) if form else str(step.activity)
        (waiting_for_you if task["outside"] else at_work).append(label)
    messages = await thread(submission)
    return {
        "submission": submission, "case": case, "form": form,
        "title": str(form.title) if form else (str(sop.name) if sop else case["sop"]),
        "at_work": list(dict.fromkeys(at_work)), "waiting_for_you": list(dict.fromkeys(waiting_for_you)),
        "clocks": await clocks_of(case["id"]),
        "messages": messages,
        "answers": [m for m in messages if m["is_answer"]],
        "released": [d for m in messages if m["from_staff"] for d in m["attachments"]],
    }


# --- the thread ----------------------------------------------------------------------------


def check_body(body: str, has_files: bool) -> str:
    body = (body or "").strip()
    if not body and not has_files:
        raise SubmissionError(_("Tulis pesan atau lampirkan berkas."), {"body": _("Wajib diisi.")})
    if len(body) > MESSAGE_LENGTH:
        raise SubmissionError(_("Pesan paling banyak %(n)s karakter.", n=MESSAGE_LENGTH),
                              {"body": _("Paling banyak %(n)s karakter.", n=MESSAGE_LENGTH)})
    return body


async def post_message(submission: dict, body: str, staged: list | None = None, *, staff=None,
                       answer: bool = False, ip: str = "") -> dict:
    """Add a message to the thread: from the submitter (``staff`` None) or from a staff member.

    Its attachments (staged uploads) become documents of the message in the same transaction.
    The submitter's message tells the staff working on the case (in the application); a staff
    message tells the submitter by e-mail, when they gave an address.
    """
    staged = staged or []
    try:
        body = check_body(body, bool(staged))
        case = await engine.get_case(submission["case"])
        async with tx():
            rows = await SubmissionMessage.insert(SubmissionMessage(
                submission=submission["id"], from_staff=staff is not None, author=getattr(staff, "id", None),
                author_name=getattr(staff, "full_name", ""), body=_seal(case, body), is_answer=bool(answer and staff),
                at=now(),
            )).returning(*SubmissionMessage.all_columns())
            message = {**rows[0], "body": body}
            for item in staged:
                await documents.record_staged(item, MESSAGE_OWNER, message["id"], staff, ip=ip,
                                              sealed_case=case["id"] if sealing.is_sealed(case) else None)
            label = _("Pesan kepada pemohon") if staff else _("Pesan dari pemohon")
            await store.add_event(submission["case"], task=None, actor=staff, action="pesan", label=label,
                                  actor_name="" if staff else _("Pemohon"),
                                  data={"pesan": message["id"], "lampiran": len(staged), "jawaban": message["is_answer"]})
            await audit.record(staff, "submissions.message", "case", submission["case"], {
                "message": message["id"], "from_staff": staff is not None, "attachments": len(staged),
                "answer": message["is_answer"]}, ip=ip)
            if staff is None:
                await _tell_staff(submission)
    except BaseException:
        await documents.discard_staged(staged)
        raise
    if staff is not None and submission["email"]:
        await _tell_submitter(submission)
    return message


async def _tell_staff(submission: dict) -> None:
    case = await engine.get_case(submission["case"])
    tasks = await engine.case_tasks(case["id"])
    people = set()
    for task in tasks:
        if task["state"] in store.OPEN and not task["outside"]:
            holder = task["taken_by"] or task["assignee"]
            people.update([holder] if holder else await directory.role_holders(task["role"], task["unit"]))
    if not people:  # a closed case: whoever did its steps
        people = {t["closed_by"] for t in tasks if t["closed_by"]}
    subject = sealing.mask_case(case)["subject"]  # a sealed case's subject stays out of notices
    await notifications.notify(people, _("Pesan baru dari pemohon pada %(ref)s — %(perihal)s",
                                         ref=case["reference"], perihal=subject), f"/cases/{case['id']}")


async def _tell_submitter(submission: dict) -> None:
    case = await engine.get_case(submission["case"])
    token = i18n.set_locale(submission["locale"] or "id")  # the language they submitted in
    try:
        text = _("Ada pesan baru dari petugas tentang %(ref)s. Buka halaman pelacakan dan masukkan kode "
                 "pelacakan Anda untuk membacanya.", ref=case["reference"])
    finally:
        i18n._current.reset(token)
    notifications.email_address(await _email(submission), text, TRACK_PATH)


# --- a new code ----------------------------------------------------------------------------


async def ask_renewal(reference: str, email: str) -> bool:
    """Send a one-time link for a new code to the submission's e-mail address, when ``reference``
    and ``email`` both match; the answer is the same either way, so nobody learns whether a
    request with that address exists. True when a link was sent (for the tests and the log)."""
    reference, email = (reference or "").strip().upper(), (email or "").strip().lower()
    if not reference or not email:
        return False
    row = await Submission.select(*Submission.all_columns()).where(
        (Submission.case.reference == reference)).first()
    address = await _email(row) if row else ""
    if not address or address.strip().lower() != email:
        return False
    token = secrets.token_urlsafe(24)
    await Submission.update({Submission.renew_hash: codes.token_hash(token, _secret()),
                             Submission.renew_until: now() + RENEW_FOR}).where(Submission.id == row["id"])
    await audit.record(None, "submissions.renewal_asked", "case", row["case"], {"reference": reference})
    # The token rides after the "#": a browser never sends that part, so it reaches no server log.
    link = f"{TRACK_PATH}/renew#{token}"
    token_locale = i18n.set_locale(row["locale"] or "id")
    try:
        text = _("Anda meminta kode pelacakan baru untuk %(ref)s. Buka tautan berikut dalam satu jam untuk "
                 "membuatnya (atau buka halaman Buat kode pelacakan baru dan tempel kode konfirmasi %(token)s); "
                 "kode lama berhenti berlaku saat kode baru dibuat. Abaikan e-mail ini jika Anda tidak memintanya.",
                 ref=reference, token=token)
    finally:
        i18n._current.reset(token_locale)
    return notifications.email_address(address, text, link)


async def renewal(token: str) -> dict | None:
    """The submission a renewal link is still good for."""
    if not token or len(token) > 64:
        return None
    return await Submission.select().where(
        (Submission.renew_hash == codes.token_hash(token, _secret())) & (Submission.renew_until > now())).first()


async def renew(token: str) -> tuple[dict, str] | None:
    """Use a renewal link once: a new code replaces the old one, which stops working."""
    found = await renewal(token)
    if found is None:
        return None
    code = codes.new_code()
    async with tx():
        rows = await Submission.update({
            Submission.code_hash: hash_of(codes.normalise(code)), Submission.code_issued_at: now(),
            Submission.renew_hash: "", Submission.renew_until: None,
        }).where((Submission.id == found["id"]) & (Submission.renew_hash == found["renew_hash"])).returning(
            *Submission.all_columns())
        if not rows:
            return None
        await audit.record(None, "submissions.code_renewed", "case", found["case"], {"by": "email"})
    return rows[0], code


async def reissue(submission: dict, staff) -> str:
    """A new code for a submitter the desk has recognised (a walk-in who lost theirs)."""
    code = codes.new_code()
    async with tx():
        await Submission.update({Submission.code_hash: hash_of(codes.normalise(code)),
                                 Submission.code_issued_at: now(), Submission.renew_hash: "",
                                 Submission.renew_until: None}).where(Submission.id == submission["id"])
        await audit.record(staff, "submissions.code_renewed", "case", submission["case"], {"by": "desk"})
    return code


# --- the staff's side ----------------------------------------------------------------------


async def staff_panel(user, case_id: int, next_url: str = "") -> dict | None:
    """What the case and task pages show of a submission (the thread, the reply form), for a
    ``user`` who may see the case; None for a case that came from no public form."""
    submission = await of_case(case_id)
    if submission is None:
        return None
    from balai.documents import sniff

    case = await engine.get_case(case_id)
    form = get_form(submission["form"])
    readable = await sealing.may_unseal(user, case)  # a sealed case's thread only for its readers
    return {
        "submission": submission, "case": case, "form": form, "messages": await thread(submission, readable),
        "next": next_url or f"/cases/{case_id}",
        "can_reissue": bool(form and form.desk_permission and user.can(form.desk_permission, case["unit"])),
        "max_mb": documents.upload_limit() // (1024 * 1024),
        "accept": ",".join(f".{ext}" for ext in sorted(set(sniff.ALLOWED.values()))),
    }


# --- for plugins (balai.api) ---------------------------------------------------------------

_SECRET_COLUMNS = ("code_hash", "renew_hash", "renew_until")


async def submission_of(case_id: int) -> dict | None:
    """How a case came in, for the plugin that runs it: ``form``, ``email`` ("" when none was
    given; on a sealed SOP's case a token, read with ``unseal_text``), ``received_at``,
    ``deadline``, ``by_desk``; None when no public form opened it."""
    row = await of_case(case_id)
    return {k: v for k, v in row.items() if k not in _SECRET_COLUMNS} if row else None


async def submission_thread(case_id: int) -> list[dict]:
    """The messages between the submitter and staff on the case, oldest first (``from_staff``,
    ``author_name``, ``body``, ``is_answer``, ``at``, ``attachments``); [] for other cases."""
    row = await of_case(case_id)
    return await thread(row) if row else []


async def reply_to_submitter(case_id: int, text: str, *, user, answer: bool = False, files=()) -> dict:
    """Send the submitter a message from ``user`` (e.g. the answer, from a plugin's last step),
    with ``files``: pairs of (filename, bytes or a file object), checked like any upload. The
    submitter reads it on the tracking page and is told by e-mail when they gave an address.
    Raises SubmissionError (no submission behind the case, an empty message) or a DocumentError."""
    row = await of_case(case_id)
    if row is None:
        raise SubmissionError(_("Kasus ini tidak berasal dari formulir publik."), status_code=404)
    staged, seal = [], await sealed(row)
    try:
        for filename, source in files:
            staged.append(await documents.stage_upload(source, filename, sealed=seal))
    except BaseException:
        await documents.discard_staged(staged)
        raise
    return await post_message(row, text, staged, staff=user, answer=answer)
