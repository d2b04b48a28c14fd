"""Public forms as a plugin declares them, checked once, and a submitted form's values checked.

A plugin's ``public_forms()`` hook returns :class:`PublicForm` objects; each opens a case of one
of the plugin's SOPs that says ``started_by=PUBLIC``. Balai serves the form at
``/forms/<code>`` (and to desk staff at ``/submissions/desk/<code>``), so the plugin writes no
public route of its own for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from balai.context import current
from balai.i18n import _
from balai.web.inputs import CONTROL
from balai.workflow.definition import PUBLIC, DefinitionError
from balai.workflow.timestandard import TimeStandard, parse_time_standard

KINDS = frozenset({"text", "textarea", "email", "tel", "date", "number", "select"})
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
EMAIL = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# Names the core itself puts on every public form.
EMAIL_FIELD = "email"
HONEYPOT = "situs_web"  # a field people never see; a robot fills it in
RESERVED = frozenset({EMAIL_FIELD, HONEYPOT, "stamp", "nonce", "_csrf_token", "code"})
EXTRA = "core.submissions"  # ctx.extra key: the app's public forms by code


@dataclass(frozen=True)
class FormField:
    """One question of a public form. ``kind``: text, textarea, email, tel, date, number or select
    (``choices``: pairs of (value, label)). ``max_length`` defaults to 200, 5 000 for a textarea."""

    name: str
    label: Any
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, Any], ...] = ()
    max_length: int = 0
    help: Any = ""

    def __post_init__(self):
        object.__setattr__(self, "choices", tuple(tuple(c) for c in self.choices))
        if not self.max_length:
            object.__setattr__(self, "max_length", 5000 if self.kind == "textarea" else 200)


@dataclass(frozen=True)
class FormDocument:
    """A document the submitter uploads with the form (a scan of the KTP, a letter of authority)."""

    name: str
    label: Any
    required: bool = True
    help: Any = ""
    # The document kind it is kept as: a kind of personal data (balai.api.PersonalData) has its
    # downloads logged and is deleted after its retention period.
    kind: str = ""
    # The content types taken for it, as sniffed ("application/pdf", or a prefix such as "image/");
    # empty: whatever the documents service accepts. ``accept_label`` says them in words.
    accept: tuple[str, ...] = ()
    accept_label: Any = ""


@dataclass(frozen=True)
class PublicForm:
    """A form on a public page that opens a case of ``sop`` (an SOP with ``started_by=PUBLIC``).

    ``code`` is ``"<plugin>.<name>"``. The values go into the case's ``data``; ``subject_field``
    names the field that becomes the case's subject (default: the title). The case belongs to
    the unit whose code is ``unit`` (default: the top of the organisation). ``complete_first``
    is the action of the SOP's first step (the citizen's own, ``outside=True``) done when the
    form is sent. ``deadline`` is the legal time the receipt promises (``"10 hari kerja"``).
    ``desk_permission`` lets staff holding it enter the form for someone at the desk.
    ``step_labels`` says, per step code, what the tracking page tells the submitter.
    ``apart`` names fields kept out of the case: they are not stored with it, and
    ``keep_apart(case, values)`` (may be async; inside the submission's transaction, an
    ActionError refuses the submission) gets them to keep in the plugin's own table (a
    whistle-blower's identity, which the case's readers must not see).
    """

    code: str
    sop: str
    title: Any
    fields: tuple[FormField, ...]
    documents: tuple[FormDocument, ...] = ()
    intro: Any = ""
    subject_field: str = ""
    unit: str = ""
    complete_first: str | None = None
    deadline: str = ""
    desk_permission: str | None = None
    opened_as: Any = ""  # how the timeline names the submitter (default "Masyarakat")
    step_labels: tuple[tuple[str, Any], ...] = ()
    deadline_standard: TimeStandard | None = field(default=None, compare=False)
    apart: tuple[str, ...] = ()
    keep_apart: Any = field(default=None, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "apart", tuple(self.apart))
        object.__setattr__(self, "fields", tuple(self.fields))
        object.__setattr__(self, "documents", tuple(self.documents))
        object.__setattr__(self, "step_labels", tuple(tuple(p) for p in self.step_labels))

    @property
    def plugin(self) -> str:
        return self.code.split(".", 1)[0]

    def step_label(self, step) -> str:
        return str(dict(self.step_labels).get(step.code) or step.activity)


def check_form(owner: str, form: PublicForm, sops: dict, permissions) -> PublicForm:
    """The form, with its deadline parsed; DefinitionError names the form and what is wrong."""

    def fail(message: str):
        raise DefinitionError(f"Formulir publik '{form.code}' (plugin '{owner}'): {message}")

    if not form.code.startswith(owner + ".") or not NAME.match(form.code.split(".", 1)[1].replace(".", "_")):
        fail(f"kode harus berbentuk '{owner}.<nama>'")
    sop = sops.get(form.sop)
    if sop is None or not form.sop.startswith(owner + "."):
        fail(f"SOP '{form.sop}' bukan SOP plugin ini")
    if sop.started_by != PUBLIC:
        fail(f"SOP '{form.sop}' tidak menyatakan started_by=PUBLIC")
    names = [f.name for f in form.fields] + [d.name for d in form.documents]
    for name in names:
        if not NAME.match(name) or name in RESERVED:
            fail(f"nama isian '{name}' tidak sah atau dipakai Balai sendiri")
        if names.count(name) > 1:
            fail(f"nama isian '{name}' dipakai dua kali")
    for f in form.fields:
        if f.kind not in KINDS:
            fail(f"jenis isian '{f.kind}' ({f.name}) tidak dikenal")
        if f.kind == "select" and not f.choices:
            fail(f"isian pilihan '{f.name}' tidak punya pilihan")
    if form.subject_field and form.subject_field not in {f.name for f in form.fields}:
        fail(f"subject_field '{form.subject_field}' bukan isian formulir ini")
    if form.complete_first and sop.first.action(form.complete_first) is None:
        fail(f"aksi '{form.complete_first}' tidak ada pada langkah pertama SOP '{form.sop}'")
    if form.desk_permission and form.desk_permission not in permissions:
        fail(f"izin loket '{form.desk_permission}' tidak dikenal")
    try:
        standard = parse_time_standard(form.deadline) if form.deadline else None
    except ValueError as exc:
        fail(f"batas waktu tidak dapat dibaca: '{form.deadline}' ({exc})")
    return PublicForm(**{**form.__dict__, "deadline_standard": standard})


def load_forms(ctx) -> MappingProxyType:
    """Every enabled plugin's public forms, checked, by code (kept in the app's context)."""
    found: dict[str, PublicForm] = {}
    for owner, forms in ctx.host.per_plugin("public_forms"):
        for form in forms or []:
            if form.code in found:
                raise DefinitionError(f"Formulir publik '{form.code}' dideklarasikan dua kali (plugin '{owner}')")
            found[form.code] = check_form(owner, form, ctx.sops, ctx.catalogue.permissions)
    return MappingProxyType(found)


def forms() -> MappingProxyType:
    """The current app's public forms by code (checked at start-up, see plugin.startup)."""
    return current().kept(EXTRA, load_forms)


def get_form(code: str) -> PublicForm | None:
    form = forms().get(code)
    return form if form is not None and form.sop in current().sops else None


def clean(form: PublicForm, raw: dict) -> tuple[dict, str, dict]:
    """(values, e-mail, errors by field) of a submitted form; values keep what was typed."""
    values, errors = {}, {}
    for f in form.fields:
        value = str(raw.get(f.name) or "").strip()
        values[f.name] = value[: f.max_length + 1]
        message = _check(f, value)
        if message:
            errors[f.name] = message
    email = str(raw.get(EMAIL_FIELD) or "").strip()[:255]
    if email and (not EMAIL.match(email) or len(email) > 254):
        errors[EMAIL_FIELD] = _("Alamat e-mail tidak sah, mis. nama@contoh.go.id.")
    return values, email, errors


def _check(f: FormField, value: str) -> str:
    if CONTROL.search(value):
        return _("Berisi karakter kendali yang tidak diterima.")
    if not value:
        return _("Wajib diisi.") if f.required else ""
    if len(value) > f.max_length:
        return _("Paling banyak %(n)s karakter.", n=f.max_length)
    if f.kind == "email" and not EMAIL.match(value):
        return _("Alamat e-mail tidak sah, mis. nama@contoh.go.id.")
    if f.kind == "tel" and not re.fullmatch(r"\+?[0-9 ()\-]{6,20}", value):
        return _("Nomor telepon tidak sah.")
    if f.kind == "number" and not re.fullmatch(r"-?\d{1,12}", value):
        return _("Harus bilangan bulat.")
    if f.kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("Tanggal tidak sah.")
    if f.kind == "select" and value not in {c[0] for c in f.choices}:
        return _("Pilih salah satu pilihan yang tersedia.")
    return ""


def subject_of(form: PublicForm, values: dict) -> str:
    subject = values.get(form.subject_field, "") if form.subject_field else ""
    return (subject or str(form.title)).replace("\n", " ").strip()[:300]
