"""Personal data (UU 27/2022 on personal data protection): what holds it, who saw it, how long it stays.

Plugins declare which fields and documents hold personal data (hook ``personal_data``,
:class:`PersonalData`): NIK, scans of the KTP and KK, addresses, the health reason of a sick leave,
family data. Every view of them is recorded (:func:`record_view`; the documents service records each
download of a declared document kind itself), and so is every export (:func:`record_export`); holders
of ``core.pdp`` read that log. Each kind may name a retention period for its documents: the
scheduled job :func:`retention_run` deletes what has expired from the document store and leaves a
tombstone saying that it existed. A person's data can be exported on request
(:func:`export_subject`), found by user id or NIK.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any, Callable

from balai.context import current
from balai.db import page_number
from balai.i18n import _
from balai.identity import directory
from balai.personaldata.tables import PersonalDataAccess, PersonalDataTombstone
from balai.workflow.definition import DefinitionError

EXTRA = "core.personaldata"
PDP = "core.pdp"  # the data-protection officer's permission: reads the log, exports, sets retention
SETTING = "personaldata.retention"  # {kind: days}: the officer's retention periods, over the declared ones
PER_PAGE = 50
NIK = re.compile(r"^\d{16}$")
VIEW, DOWNLOAD, EXPORT = "lihat", "unduh", "ekspor"
ACTIONS = (VIEW, DOWNLOAD, EXPORT)


@dataclass(frozen=True)
class PersonalData:
    """A kind of record holding personal data, declared by the plugin that keeps it.

    ``kind`` is ``"<plugin>.<name>"``; ``fields`` the names of the fields holding personal data (in
    the data of cases of ``sops``, or in the plugin's own records); ``document_kinds`` the kinds of
    documents (``save_upload(kind=...)``) holding it, e.g. scans of the KTP; ``retention_days`` how
    long those documents are kept (after their case closed; after upload for other owners; ``None``:
    kept); ``nik_field`` the field of the cases' data that holds the subject's NIK, to find a person's
    cases by NIK; ``export`` a callable ``(DataSubject) -> list[dict]`` (may be async) giving the
    plugin's own records about a person for an export.
    """

    kind: str
    label: Any
    fields: tuple[str, ...] = ()
    document_kinds: tuple[str, ...] = ()
    retention_days: int | None = None
    sops: tuple[str, ...] = ()
    nik_field: str = ""
    export: Callable | None = None

    def __post_init__(self):
        for name in ("fields", "document_kinds", "sops"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True)
class DataSubject:
    """The person an export is about: a user account, a NIK, or both."""

    user_id: int | None = None
    nik: str = ""


class PersonalDataError(Exception):
    """A request that cannot go on; ``message`` for the user, ``status`` for HTTP (400, 404)."""

    def __init__(self, message: str, status: int = 400, field: str = ""):
        super().__init__(message)
        self.message, self.status, self.field = message, status, field


# --- declarations -----------------------------------------------------------------------------

def load_declarations(ctx) -> MappingProxyType:
    """Every enabled plugin's declarations by kind, checked (a broken one raises DefinitionError)."""
    from balai.documents.service import KIND

    found: dict[str, PersonalData] = {}
    for owner, declared in ctx.host.per_plugin("personal_data"):
        for item in declared or []:
            where = f"Data pribadi '{item.kind}' (plugin '{owner}')"
            own = owner.startswith("core.") or item.kind.startswith(owner + ".")
            if not own or not KIND.match(item.kind):
                raise DefinitionError(f"{where}: jenisnya harus diawali '{owner}.'")
            if item.kind in found:
                raise DefinitionError(f"{where}: dideklarasikan dua kali")
            for document_kind in item.document_kinds:
                if not KIND.match(document_kind):
                    raise DefinitionError(f"{where}: jenis dokumen '{document_kind}' tidak sah")
            if item.retention_days is not None and (not isinstance(item.retention_days, int) or item.retention_days < 1):
                raise DefinitionError(f"{where}: retention_days harus bilangan bulat ≥ 1 atau None")
            for sop in item.sops:
                if sop not in ctx.sops:
                    raise DefinitionError(f"{where}: SOP '{sop}' tidak dikenal")
            if item.nik_field and item.nik_field not in item.fields:
                raise DefinitionError(f"{where}: nik_field '{item.nik_field}' bukan salah satu fields")
            found[item.kind] = item
    return MappingProxyType(found)


def declarations() -> MappingProxyType:
    """The current app's declarations by kind (checked at start-up)."""
    return current().kept(EXTRA, load_declarations)


def kind_of_document(document_kind: str) -> PersonalData | None:
    """The declaration a document kind belongs to (the first that names it), or None."""
    if not document_kind:
        return None
    return next((d for d in declarations().values() if document_kind in d.document_kinds), None)


async def retention() -> dict[str, int | None]:
    """Days each kind's documents are kept: the officer's setting where made, else the declaration's."""
    from balai.settings import service as settings

    chosen = (await settings.read([SETTING])).get(SETTING) or {}
    periods = {}
    for kind, declared in declarations().items():
        days = chosen.get(kind, declared.retention_days)
        periods[kind] = days if isinstance(days, int) else declared.retention_days
    return periods


async def set_retention(user, kind: str, days: int | None, ip: str = "") -> None:
    """Set how many days ``kind``'s documents are kept (``None``: back to the declared period)."""
    from balai.audit.service import record as audit
    from balai.settings import service as settings

    if kind not in declarations():
        raise PersonalDataError(_("Jenis data pribadi tidak dikenal."), 404)
    if days is not None and not (1 <= days <= 36500):
        raise PersonalDataError(_("Masa retensi harus 1 sampai 36500 hari."), field="hari")
    async with settings.transaction():
        chosen = dict((await settings.read([SETTING])).get(SETTING) or {})
        before = chosen.get(kind, declarations()[kind].retention_days)
        if days is None:
            chosen.pop(kind, None)
        else:
            chosen[kind] = days
        await settings.write(SETTING, chosen)
        await audit(user, "personaldata.retention_set", "personal_data", kind,
                    detail={"from": before, "to": days if days is not None else declarations()[kind].retention_days},
                    ip=ip)


# --- the log ----------------------------------------------------------------------------------

def _record_key(record) -> str:
    if isinstance(record, (tuple, list)):
        return f"{record[0]}:{record[1]}"[:120]
    return str(record or "")[:120]


async def _log(user, action: str, kind: str, record, detail: dict, ip: str) -> None:
    await PersonalDataAccess.insert(PersonalDataAccess(
        actor=getattr(user, "id", None), actor_name=getattr(user, "username", "") or "", action=action,
        kind=kind, record=_record_key(record), detail=detail, ip=ip or ""))


def _declared(kind: str) -> PersonalData:
    try:
        return declarations()[kind]
    except KeyError:
        raise ValueError(f"Jenis data pribadi '{kind}' tidak dideklarasikan (hook personal_data)") from None


async def record_view(user, kind: str, record, *, fields=(), ip: str = "", detail: dict | None = None) -> None:
    """Record that ``user`` was shown personal data of ``kind`` in ``record`` (``("case", 12)`` or
    ``"case:12"``): call it from the page or API that shows it, with the ``fields`` shown. Raises
    ``ValueError`` for a kind no enabled plugin declares."""
    _declared(kind)
    await _log(user, VIEW, kind, record, {**(detail or {}), "fields": list(fields)}, ip)


async def record_export(user, kind: str, *, records=(), count: int | None = None, ip: str = "",
                        detail: dict | None = None) -> None:
    """Record an export holding personal data of ``kind`` (an XLSX list of requesters, a report):
    the ``records`` it covers (keys like ``"case:12"``, at most 200 kept) or only their ``count``."""
    _declared(kind)
    keys = [_record_key(r) for r in records]
    await _log(user, EXPORT, kind, keys[0] if len(keys) == 1 else "",
               {**(detail or {}), "records": keys[:200], "count": count if count is not None else len(keys)}, ip)


async def document_viewed(user, document: dict, version: dict, ip: str = "") -> None:
    """The documents service's call for every download: logged when the document's kind is declared."""
    declared = kind_of_document(document.get("kind", ""))
    if declared is None:
        return
    await _log(user, DOWNLOAD, declared.kind, (document["owner_type"], document["owner_id"]),
               {"document_id": document["id"], "version": version["number"], "document_kind": document["kind"]}, ip)


async def access_log(*, actor: str = "", kind: str = "", action: str = "", record: str = "",
                     since: datetime | None = None, until: datetime | None = None, page: int = 1,
                     per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    """Log entries newest first, filtered (``record`` exact, e.g. ``"case:12"``); (rows, total)."""
    where = []
    if actor:
        where.append(PersonalDataAccess.actor_name == actor.strip().lower())
    if kind:
        where.append(PersonalDataAccess.kind == kind.strip())
    if action:
        where.append(PersonalDataAccess.action == action.strip())
    if record:
        where.append(PersonalDataAccess.record == record.strip())
    if since:
        where.append(PersonalDataAccess.at >= since)
    if until:
        where.append(PersonalDataAccess.at < until)
    query = PersonalDataAccess.select().order_by(PersonalDataAccess.id, ascending=False).output(load_json=True)
    count = PersonalDataAccess.count()
    for clause in where:
        query, count = query.where(clause), count.where(clause)
    rows = await query.limit(per_page).offset((page_number(page) - 1) * per_page)
    return rows, await count


# --- retention --------------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(timezone.utc)


async def expired_documents(now: datetime | None = None) -> list[tuple[dict, PersonalData, int]]:
    """(document, declaration, days) of every document whose retention period has passed: counted
    from its case's closing for a case's document (never while the case runs), else from its upload."""
    from balai.documents.tables import Document
    from balai.workflow.tables import Case

    now = now or _now()
    periods = await retention()
    found, seen = [], set()
    for kind, declared in declarations().items():
        days = periods.get(kind)
        if not days or not declared.document_kinds:
            continue
        cutoff = now - timedelta(days=days)
        documents = await Document.select().where(
            Document.kind.is_in(list(declared.document_kinds)) & (Document.created_at < cutoff))
        case_ids = sorted({d["owner_id"] for d in documents if d["owner_type"] == "case"})
        closed = {c["id"]: c["closed_at"] for c in await Case.select(Case.id, Case.closed_at).where(
            Case.id.is_in(case_ids))} if case_ids else {}
        for document in documents:
            if document["id"] in seen:
                continue
            if document["owner_type"] == "case":
                closed_at = closed.get(document["owner_id"])
                if closed_at is None or closed_at >= cutoff:
                    continue
            seen.add(document["id"])
            found.append((document, declared, days))
    return found


async def _delete(document: dict, declared: PersonalData, days: int, now: datetime) -> dict:
    """Remove a document's bytes from storage, then its rows, leaving a tombstone (one transaction).
    The bytes go first: should the database then fail, the next run finds the rows and tries again."""
    from balai.audit.service import record as audit
    from balai.documents.service import storage
    from balai.documents.tables import Document, DocumentVersion

    versions = await DocumentVersion.select(DocumentVersion.id, DocumentVersion.storage_key, DocumentVersion.size,
                                            DocumentVersion.content_type).where(
        DocumentVersion.document == document["id"]).order_by(DocumentVersion.number)
    for version in versions:
        await storage().delete(version["storage_key"])
    reason = _("Masa retensi %(hari)s hari untuk %(jenis)s berakhir.", hari=days, jenis=str(declared.label))
    stone = {"kind": declared.kind, "document_kind": document["kind"], "owner_type": document["owner_type"],
             "owner_id": document["owner_id"], "document_id": document["id"], "versions": len(versions),
             "size": sum(v["size"] for v in versions),
             "content_type": versions[-1]["content_type"] if versions else "",
             "uploaded_at": document["created_at"], "deleted_at": now, "reason": reason}
    async with Document._meta.db.transaction():
        await DocumentVersion.delete().where(DocumentVersion.document == document["id"])
        await Document.delete().where(Document.id == document["id"])
        await PersonalDataTombstone.insert(PersonalDataTombstone(**stone))
        await audit(None, "personaldata.retention_delete", "document", document["id"],
                    detail={k: stone[k] for k in ("kind", "document_kind", "owner_type", "owner_id", "versions")})
    return stone


async def retention_run(now: datetime | None = None) -> list[dict]:
    """Delete every document whose retention period has passed; the tombstones left. The scheduled job
    ``core.personaldata:retensi_data_pribadi`` runs it once across the workers (job leases)."""
    now = now or _now()
    return [await _delete(document, declared, days, now) for document, declared, days in await expired_documents(now)]


async def tombstones(*, owner_type: str = "", owner_id: int | None = None, page: int = 1,
                     per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    """What retention deleted, newest first (one record's with ``owner_type``/``owner_id``)."""
    query = PersonalDataTombstone.select().order_by(PersonalDataTombstone.id, ascending=False)
    count = PersonalDataTombstone.count()
    if owner_type:
        clause = PersonalDataTombstone.owner_type == owner_type
        if owner_id is not None:
            clause &= PersonalDataTombstone.owner_id == owner_id
        query, count = query.where(clause), count.where(clause)
    return await query.limit(per_page).offset((page_number(page) - 1) * per_page), await count


# --- a person's data on request ----------------------------------------------------------------

def check_subject(user_id, nik: str, reason: str) -> tuple[DataSubject, str]:
    """The subject of an export request, or :class:`PersonalDataError` naming the field."""
    nik = (nik or "").strip()
    reason = (reason or "").strip()
    if user_id in (None, "") and not nik:
        raise PersonalDataError(_("Sebutkan subjek data: nomor pengguna atau NIK."), field="subjek")
    if nik and not NIK.match(nik):
        raise PersonalDataError(_("NIK terdiri atas 16 angka."), field="nik")
    if user_id not in (None, ""):
        from balai.db import row_id

        try:
            user_id = row_id(user_id)
        except (TypeError, ValueError):
            raise PersonalDataError(_("Nomor pengguna tidak sah."), field="user_id") from None
    else:
        user_id = None
    if not reason:
        raise PersonalDataError(_("Dasar permintaan wajib diisi (mis. nomor surat permohonan subjek data)."),
                                field="dasar")
    return DataSubject(user_id=user_id, nik=nik), reason[:2000]


async def _cases_by_nik(nik: str) -> list[tuple[dict, PersonalData]]:
    """Cases of declared SOPs whose data holds this NIK in the declared field (sealed SOPs not searched)."""
    from balai.workflow.tables import Case

    found = []
    for declared in declarations().values():
        sops = [s for s in declared.sops if s in current().sops and not current().sops[s].sealed]
        if not declared.nik_field or not sops:
            continue
        marks = ", ".join("{}" for _s in sops)
        # The NIK is 16 digits: safe inside LIKE; the JSON text narrows, the field decides.
        rows = await Case.raw(f"SELECT id FROM core_case WHERE sop IN ({marks}) AND CAST(data AS TEXT) LIKE {{}}",
                              *sops, f"%{nik}%")
        ids = [r["id"] for r in rows]
        cases = await Case.select().where(Case.id.is_in(ids)).output(load_json=True) if ids else []
        found += [(c, declared) for c in cases if str((c["data"] or {}).get(declared.nik_field, "")) == nik]
    return found


def _case_summary(case: dict, declared: list[PersonalData]) -> dict:
    fields = {f for d in declared for f in d.fields}
    sop = current().sops.get(case["sop"])
    return {"id": case["id"], "reference": case["reference"], "sop": case["sop"],
            "sop_name": str(sop.name) if sop else case["sop"], "subject": case["subject"], "state": case["state"],
            "opened_at": case["opened_at"], "closed_at": case["closed_at"],
            "data": {k: v for k, v in (case["data"] or {}).items() if k in fields},
            "kinds": sorted(d.kind for d in declared)}


async def collect_subject(subject: DataSubject) -> dict:
    """What Balai finds about a person: their account, the cases they opened or that carry
    their NIK (the declared fields of those cases), the declared documents of those cases, what was
    deleted from them by retention, and each plugin's own records (``PersonalData.export``)."""
    from balai.documents.service import list_documents
    from balai.plugins import await_me_maybe
    from balai.workflow.tables import Case

    by_sop: dict[str, list[PersonalData]] = {}
    for declared in declarations().values():
        for sop in declared.sops:
            by_sop.setdefault(sop, []).append(declared)
    cases: dict[int, dict] = {}
    account = await directory.account(subject.user_id) if subject.user_id else None
    if subject.user_id and account is None:
        raise PersonalDataError(_("Pengguna tidak ditemukan."), 404, field="user_id")
    if subject.user_id:
        for case in await Case.select().where((Case.opened_by == subject.user_id) | (Case.requester == subject.user_id)).output(load_json=True):
            if not (current().sops.get(case["sop"]) and current().sops[case["sop"]].sealed):
                cases[case["id"]] = case
    if subject.nik:
        for case, _declared_kind in await _cases_by_nik(subject.nik):
            cases[case["id"]] = case
    document_kinds = {k for d in declarations().values() for k in d.document_kinds}
    documents = []
    for case_id in sorted(cases):
        for document in await list_documents("case", case_id):
            if document["kind"] in document_kinds and document["current"]:
                documents.append(document)
    deleted = []
    for case_id in sorted(cases):
        deleted += (await tombstones(owner_type="case", owner_id=case_id, per_page=1000))[0]
    records = {}
    for kind, declared in declarations().items():
        if declared.export is not None:
            records[kind] = list(await await_me_maybe(declared.export(subject)) or [])
    return {
        "subject": {"user_id": subject.user_id, "nik": subject.nik},
        "account": account,
        "cases": [_case_summary(cases[i], by_sop.get(cases[i]["sop"], [])) for i in sorted(cases)],
        "documents": [{"id": d["id"], "title": d["title"], "kind": d["kind"], "owner": f"{d['owner_type']}:{d['owner_id']}",
                       "version_id": d["current"]["id"], "filename": d["current"]["filename"],
                       "size": d["current"]["size"], "sha256": d["current"]["sha256"],
                       "content_type": d["current"]["content_type"]} for d in documents],
        "deleted": [{k: t[k] for k in ("kind", "document_kind", "owner_type", "owner_id", "uploaded_at", "deleted_at",
                                        "reason")} for t in deleted],
        "records": records,
    }


def _subject_key(subject: DataSubject) -> str:
    return f"user:{subject.user_id}" if subject.user_id else f"nik:{subject.nik}"


async def export_subject(user, *, user_id=None, nik: str = "", reason: str = "", ip: str = "",
                         files: bool = False) -> dict | bytes:
    """A person's data for their request: the dict of :func:`collect_subject` plus who asked, or,
    with ``files``, a ZIP holding it as ``data.json`` and the documents under ``dokumen/``. Recorded
    in the log (action ``ekspor``). Raises :class:`PersonalDataError` without a subject or a reason."""
    subject, reason = check_subject(user_id, nik, reason)
    data = await collect_subject(subject)
    data = {"exported_at": _now(), "exported_by": getattr(user, "username", ""), "basis": reason, **data}
    await _log(user, EXPORT, "", _subject_key(subject),
               {"basis": reason, "cases": len(data["cases"]), "documents": len(data["documents"]),
                "files": files, "kinds": sorted({k for c in data["cases"] for k in c["kinds"]} | set(data["records"]))},
               ip)
    if not files:
        return data
    return await _zip(data)


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=lambda v: v.isoformat() if hasattr(v, "isoformat")
                      else str(v))


async def _zip(data: dict) -> bytes:
    from balai.documents.service import open_download

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in data["documents"]:
            download = await open_download(document["version_id"])
            document["file"] = f"dokumen/{document['id']}-{download.download_name}"
            archive.writestr(document["file"], await download.read())
        archive.writestr("data.json", to_json(data))
    return buffer.getvalue()
