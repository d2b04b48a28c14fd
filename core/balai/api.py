"""The public plugin API: the one module a Balai plugin imports from.

Everything a plugin needs to declare itself and talk to the core is here; anything else in
``balai`` may change between versions.
"""

import pluggy

from balai.identity.access import ADMIN, LOGIN, CurrentUser
from balai.audit.service import record as audit_record
from balai.calendar import workdays as calendar  # calendar.add_working_days(...), day_status, ...
from balai.calendar.service import CountingRule
from balai.clocks.service import ClockError, ClockHistory, ClockInfo, case_clocks, extend_clock, pause_clock, resume_clock
from balai.db import page_number, row_id
from balai.documents.service import (
    DocumentError, DocumentNotFound, FileTypeRefused, UploadTooLarge, check_document_access, documents_panel,
    get_document, list_documents, open_download, save_upload,
)
from balai.i18n import _, format_date, format_datetime, gettext, lazy_gettext, local, ngettext, today
from balai.identity.auth import sign_out
from balai.identity.directory import (
    Reach, may_work_on, org_units, reach, role_holders, unit_heads, unit_of, unit_tree, units_below, user_units,
)
from balai.identity.nip import GOLONGAN, NIP, pangkat, parse_nip
from balai.identity.staffing import provision_person, update_person
from balai.identity.positions import (
    StandIn, Superior, acted_as, acting_signature, position_titles, stand_ins, superior, superiors,
)
from balai.registry import Grant, Job, MenuItem, Permission, PluginMeta, Role, Widget
from balai.web.inputs import (
    Form, FormFields, Id, InputError, JSONObject, MaybeQueryId, MaybeYear, MultipartForm, Page, PageNumber, PathId, PathText,
    MaybeQueryText, QueryId, QueryNumber, QueryText, Year, clean_text, integer, path_text, query_int, query_text, text, too_long,
    whole_number,
)
from balai.web.moved import moved
from balai.web.render import client_ip, cookie_secure, flash, redirect, render, render_fragment, safe_next
from balai.notifications.service import notify
from balai.officialdocs.letterhead import Letterhead, Signature, letterhead, signature, signatures
from balai.officialdocs.numbering import (
    KINDS as DOCUMENT_KINDS, AllocatedNumber, NumberingError, NumberRequest, allocate_number,
    write_transaction, write_transaction as numbering_transaction,
)
from balai.officialdocs.render import Attachment, RenderError
from balai.officialdocs.service import issue_document, issued_for, issued_pdf, render_document
from balai.sealed.service import (
    Sealed, SealedError, SealingKeyError, is_sealed, mask_case, may_unseal, seal_json, seal_text, unseal_case,
    unseal_event, unseal_json, unseal_task, unseal_text, works_on_case,
)
from balai.submissions.forms import FormDocument, FormField, PublicForm
from balai.handover.service import HandoverError, HandoverTarget, case_links, hand_over, handover_options
from balai.personaldata.service import (
    DataSubject, PersonalData, PersonalDataError, record_export, record_view, tombstones,
)
from balai.submissions.service import SubmissionError, reply_to_submitter, submission_of, submission_thread
from balai.throttle import service as throttle  # throttle.failed / refuse_while_waiting / Rule / spend / Limit
from balai.workflow.definition import (
    CASE_CLOSED, CASE_OPENED, Clock, Extension, acted, entered,
    PUBLIC, SYSTEM, SOP, Action, SOPHeader, Step, disposisi, ditolak, go, hasil_eksternal, kirim_eksternal, perbaiki, selesai,
)
from balai.workflow.engine import (
    ActionError, act, can_view_case, case_tasks, get_case, get_sop, open_case, open_work_of, reassign, sops, take,
    timeline, withdraw_case,
)
from balai.workflow.rows import Case, CaseState, Task, TaskState, case_url, task_url

hookimpl = pluggy.HookimplMarker("balai")

__all__ = [
    # sealed content (balai.sealed): SOP(sealed=Sealed(...)), and text kept about a sealed case
    "Sealed", "SealedError", "SealingKeyError", "is_sealed", "may_unseal", "works_on_case", "seal_text", "unseal_text",
    "seal_json", "unseal_json", "unseal_case", "unseal_task", "unseal_event", "mask_case",
    # the input boundary (balai.web.inputs): every handler parameter is one of these
    "Form", "FormFields", "MultipartForm", "PathId", "PathText", "QueryId", "MaybeQueryId", "QueryNumber", "QueryText", "MaybeQueryText",
    "Page", "PageNumber", "Year", "MaybeYear", "Id", "JSONObject", "InputError", "clean_text", "integer", "path_text", "query_int",
    "query_text", "text", "too_long", "whole_number",
    "sign_out",
    "calendar", "CountingRule",
    "Clock", "Extension", "CASE_OPENED", "CASE_CLOSED", "entered", "acted", "ClockError", "ClockInfo", "ClockHistory",
    "case_clocks", "extend_clock", "pause_clock", "resume_clock",
    "ADMIN", "LOGIN", "CurrentUser", "Grant", "Job", "MenuItem", "Permission", "PluginMeta", "Role", "Widget",
    "_", "flash", "format_date", "format_datetime", "gettext", "hookimpl", "lazy_gettext", "ngettext", "today", "local",
    "redirect", "render", "render_fragment", "client_ip", "cookie_secure", "safe_next", "moved", "audit_record", "page_number", "row_id",
    "org_units", "role_holders", "user_units", "unit_of", "units_below", "notify", "throttle",
    "unit_tree", "unit_heads", "reach", "Reach", "may_work_on",
    # superiors and stand-ins by position (Plh/Plt)
    "superior", "superiors", "Superior", "StandIn", "stand_ins", "acted_as", "acting_signature", "position_titles",
    # civil servants: NIP, golongan/pangkat, and the core's summary a personnel plugin keeps in step
    "parse_nip", "NIP", "GOLONGAN", "pangkat", "provision_person", "update_person",
    "SOP", "PUBLIC", "SYSTEM", "SOPHeader", "Step", "Action", "go", "perbaiki", "selesai", "ditolak", "disposisi", "kirim_eksternal",
    "hasil_eksternal",
    "ActionError", "open_case", "act", "take", "reassign", "withdraw_case", "get_case", "case_tasks", "timeline", "can_view_case", "open_work_of",
    "get_sop", "sops", "Case", "Task", "CaseState", "TaskState", "case_url", "task_url",
    "save_upload", "open_download", "list_documents", "get_document", "documents_panel", "check_document_access",
    "DocumentError", "DocumentNotFound", "FileTypeRefused", "UploadTooLarge",
    # citizens' submissions (balai.submissions): public forms with tracking codes, the thread with the submitter
    "PublicForm", "FormField", "FormDocument", "SubmissionError", "submission_of", "submission_thread",
    "reply_to_submitter",
    # hand-over between plugins (balai.handover): a case opens a case of another plugin's SOP, linked both ways
    "HandoverTarget", "HandoverError", "hand_over", "handover_options", "case_links",
    # personal data (balai.personaldata, UU 27/2022): declarations, the access log, retention's tombstones
    "PersonalData", "DataSubject", "PersonalDataError", "record_view", "record_export", "tombstones",
    # official documents (balai.officialdocs): letterhead, signatures, numbering, PDFs
    "Letterhead", "Signature", "letterhead", "signature", "signatures", "Attachment", "RenderError",
    "render_document", "issue_document", "issued_for", "issued_pdf", "allocate_number", "numbering_transaction", "NumberRequest",
    "AllocatedNumber", "NumberingError", "DOCUMENT_KINDS",
    # one write transaction (joining the caller's; IMMEDIATE on SQLite, so that writers queue)
    "write_transaction",
]
