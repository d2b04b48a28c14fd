"""Legal clocks on cases: what the law owes the citizen, whatever the SOP's steps take.

An SOP declares its clocks (:class:`balai.workflow.definition.Clock`); the engine calls
:func:`on_event` at each event of a case (opened, a step entered, an action taken, closed) inside
its own transaction, and the clocks start, pause, resume and stop as declared. People extend,
pause and resume them by hand through :func:`extend_clock`, :func:`pause_clock` and
:func:`resume_clock`, each with who and why in the clock's history.

A clock keeps its running periods (``segments``). Its deadline is recomputed from them with the
working calendar at every change: the days used in the closed periods (counted like a deadline:
the day a period starts is not counted) are taken from the length plus extensions, and the rest
is counted from the start of the last period (a resumption counts as a new receipt). So a pause
gives back exactly the working days it lasted, and a changed holiday moves every deadline it
touches (:mod:`balai.clocks.recompute`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from types import MappingProxyType
from typing import TypedDict

from balai import context
from balai.calendar.explain import Deadline
from balai.calendar.service import CALENDAR_DAYS, WorkCalendar
from balai.i18n import _, lazy_gettext, local, ngettext
from balai.sealed import service as sealing
from balai.workflow import store
from balai.workflow.definition import CASE_CLOSED, SOP, Clock
from balai.workflow.engine import ActionError
from balai.workflow.tables import Case, Task

from balai.clocks.tables import CaseClock, ClockEvent

RUNNING, PAUSED, STOPPED, NOT_STARTED = "berjalan", "jeda", "berhenti", "belum"
LIVE = (RUNNING, PAUSED)
MAX_REASON = 2000

HISTORY_LABELS = MappingProxyType({
    "mulai": lazy_gettext("Mulai"),
    "jeda": lazy_gettext("Dijeda"),
    "lanjut": lazy_gettext("Dilanjutkan"),
    "perpanjang": lazy_gettext("Diperpanjang"),
    "berhenti": lazy_gettext("Berhenti"),
    "hitung_ulang": lazy_gettext("Dihitung ulang"),
})
STATE_LABELS = MappingProxyType({
    RUNNING: lazy_gettext("Berjalan"),
    PAUSED: lazy_gettext("Dijeda"),
    STOPPED: lazy_gettext("Berhenti"),
    NOT_STARTED: lazy_gettext("Belum mulai"),
})


class ClockError(ActionError):
    """A refused clock operation; ``status`` is the HTTP answer (400 bad input, 403 not allowed,
    404 no such clock, 409 the clock's state forbids it)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message, conflict=status == 409)
        self.status = status


class ClockHistory(TypedDict):
    at: datetime
    kind: str  # mulai, jeda, lanjut, perpanjang, berhenti, hitung_ulang
    label: str
    actor_name: str
    reason: str
    due_before: datetime | None
    due_after: datetime | None


class ClockInfo(TypedDict):
    """One clock of a case, as :func:`case_clocks` gives it (and the API and the pages show it)."""

    code: str
    label: str
    state: str  # "berjalan", "jeda", "berhenti", or "belum" (declared, not started)
    state_label: str
    unit: str  # "hari_kerja" or "hari"
    length: int  # the declared length (without extensions)
    extended: int  # days added by extensions
    extensions: int  # extensions taken
    extensions_left: int
    reason_required: bool  # an extension needs a written reason
    started_at: datetime | None
    stopped_at: datetime | None
    due_at: datetime | None  # the deadline (None while paused or not started)
    due_on: date | None
    days_left: int | None  # running and not late: days (of ``unit``) after today up to the due day; paused: what remains
    days_late: int | None  # running past its deadline, or stopped after it: days after the due day
    overdue: bool
    met: bool | None  # stopped: by its deadline?
    used: int | None  # stopped: days used
    status: str  # "3 hari kerja lagi", "2 hari kerja terlambat", "dijeda, sisa 6 hari kerja", ...
    explanation: str  # one sentence: received, count, skipped days, due
    explanation_lines: list[str]
    history: list[ClockHistory]


# --- computing -------------------------------------------------------------------------------

def _aware(moment: datetime | str | None) -> datetime | None:
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _calendar(row: dict, cal: WorkCalendar | None = None) -> WorkCalendar:
    cal = cal or context.current().calendar
    try:
        return cal.for_rule(row["rule"])
    except ValueError:  # the plugin that declared the rule is disabled: count by the agency's rule
        return cal.for_rule(None)


def _used(cal: WorkCalendar, start: datetime, end: datetime, unit: str) -> int:
    """Days used in one running period: after the day it counts as started, up to the day it ended."""
    first = cal.received_on(start)
    last = end.astimezone(cal.tz).date()
    if unit == CALENDAR_DAYS:
        return max((last - first).days, 0)
    return cal.working_days_between(first + timedelta(days=1), last)


def compute(row: dict, cal: WorkCalendar | None = None) -> tuple[Deadline | None, int]:
    """The deadline of a clock row (None when its last period is closed: paused or stopped)
    and the days used in its closed periods."""
    cal = _calendar(row, cal)
    used = 0
    deadline = None
    for segment in row["segments"] or []:
        start, end = _aware(segment["from"]), _aware(segment.get("to"))
        if end is None:
            remaining = max(row["length"] + row["extended"] - used, 0)
            deadline = cal.deadline(start, remaining, row["unit"])
        else:
            used += _used(cal, start, end, row["unit"])
    return deadline, used


def _days(cal: WorkCalendar, first: date, last: date, unit: str) -> int:
    """Days of ``unit`` from ``first`` to ``last``, both included (0 when last < first)."""
    if unit == CALENDAR_DAYS:
        return max((last - first).days + 1, 0)
    return cal.working_days_between(first, last)


def _amount(n: int, unit: str) -> str:
    if unit == CALENDAR_DAYS:
        return ngettext("%(num)s hari", "%(num)s hari", n)
    return ngettext("%(num)s hari kerja", "%(num)s hari kerja", n)


def standing(row: dict, now: datetime | None = None, cal: WorkCalendar | None = None,
             deadline: Deadline | None = None) -> dict:
    """Due date, days left or late, and one line saying so, for a clock row (without explanation)."""
    now = now or store.now()
    cal = _calendar(row, cal)
    unit = row["unit"]
    today = now.astimezone(cal.tz).date()
    due_at = _aware(row["due_at"])
    out = {"due_at": due_at, "due_on": due_at.astimezone(cal.tz).date() if due_at else None, "days_left": None,
           "days_late": None, "overdue": False, "met": row.get("met"), "used": row.get("used")}
    if row["state"] == RUNNING and due_at is not None:
        due_on = out["due_on"]
        if now <= due_at:
            left = _days(cal, today + timedelta(days=1), due_on, unit)
            out["days_left"] = left
            out["status"] = (_("jatuh tempo hari ini") if due_on == today
                             else _("%(jumlah)s lagi", jumlah=_amount(left, unit)))
        else:
            late = _days(cal, due_on + timedelta(days=1), today, unit)
            out.update(days_late=late, overdue=True)
            out["status"] = (_("%(jumlah)s terlambat", jumlah=_amount(late, unit)) if late
                             else _("lewat tenggat hari ini"))
    elif row["state"] == PAUSED:
        used = compute(row, cal)[1]
        left = max(row["length"] + row["extended"] - used, 0)
        out["days_left"] = left
        out["status"] = _("dijeda, sisa %(jumlah)s", jumlah=_amount(left, unit))
    elif row["state"] == STOPPED:
        stopped = _aware(row["stopped_at"])
        if row.get("met") is False and due_at is not None:
            late = _days(cal, out["due_on"] + timedelta(days=1), stopped.astimezone(cal.tz).date(), unit)
            out["days_late"] = late
            out["status"] = _("berhenti %(jumlah)s sesudah tenggat", jumlah=_amount(late, unit)) if late \
                else _("berhenti sesudah tenggat, pada hari jatuh tempo")
        elif row.get("met") is False:  # stopped while paused, past its length
            out["status"] = _("berhenti: %(jumlah)s terpakai, melebihi jangka waktu",
                              jumlah=_amount(row.get("used") or 0, unit))
        else:
            out["status"] = _("berhenti dalam waktu: %(jumlah)s terpakai", jumlah=_amount(row.get("used") or 0, unit))
    else:
        out["status"] = ""
    return out


# --- reading ---------------------------------------------------------------------------------

async def _rows(case_id: int) -> list[dict]:
    return await CaseClock.select().where(CaseClock.case == case_id).order_by(CaseClock.id).output(load_json=True)


def _label(sop: SOP | None, code: str) -> str:
    clock = sop.clock(code) if sop else None
    return str(clock.label) if clock else code


async def case_clocks(case_id: int, now: datetime | None = None, readable: bool = False) -> list[ClockInfo]:
    """Every clock the case's SOP declares, in declaration order (clocks of a definition that no
    longer declares them follow): state, due date, days left or late, explanation, history.

    The history's written reasons of a sealed case are stored sealed; they are given in clear only
    with ``readable`` (the caller checked ``may_unseal``), else as the sealed placeholder."""
    case = await store.case_row(case_id)
    if case is None:
        return []
    sop = context.current().sops.get(case["sop"])
    rows = {r["code"]: r for r in await _rows(case_id)}
    events = await ClockEvent.select().where(ClockEvent.case == case_id).order_by(ClockEvent.id).output(load_json=True)
    if sealing.is_sealed(case):
        for e in events:
            if e["reason"]:
                e["reason"] = sealing.unseal_text(e["reason"], case_id) if readable else str(sealing.PLACEHOLDER)
    by_clock: dict[int, list[dict]] = {}
    for e in events:
        by_clock.setdefault(e["clock"], []).append(e)
    declared = list(sop.clocks) if sop else []
    codes = [c.code for c in declared] + [code for code in rows if not sop or not sop.clock(code)]
    return [_info(sop, code, rows.get(code), by_clock.get(rows[code]["id"], []) if code in rows else [], now)
            for code in codes]


def _info(sop: SOP | None, code: str, row: dict | None, events: list[dict], now: datetime | None) -> ClockInfo:
    clock = sop.clock(code) if sop else None
    ext = clock.extension if clock else None
    if row is None:
        row = {"state": NOT_STARTED, "unit": clock.unit, "length": clock.length, "extended": 0, "extensions": 0,
               "rule": clock.rule, "due_at": None, "segments": [], "started_at": None, "stopped_at": None,
               "met": None, "used": None}
    cal = _calendar(row)
    deadline = compute(row, cal)[0] if row["state"] == RUNNING else None
    if deadline is None and row["state"] == STOPPED and row["segments"] and row["due_at"] is not None:
        # the deadline in force when it stopped: the last period counted as if still running
        last = dict(row, segments=[*row["segments"][:-1], {**row["segments"][-1], "to": None}])
        deadline = compute(last, cal)[0]
    info = standing(row, now, cal)
    history = [ClockHistory(at=e["at"], kind=e["kind"], label=str(HISTORY_LABELS.get(e["kind"], e["kind"])),
                            actor_name=e["actor_name"], reason=e["reason"], due_before=e["due_before"],
                            due_after=e["due_after"]) for e in events]
    return ClockInfo(
        code=code, label=_label(sop, code), state=row["state"], state_label=str(STATE_LABELS.get(row["state"], "")),
        unit=row["unit"], length=row["length"], extended=row["extended"], extensions=row["extensions"],
        extensions_left=max((ext.times if ext else 0) - row["extensions"], 0),
        reason_required=bool(ext and ext.reason_required), started_at=row["started_at"], stopped_at=row["stopped_at"],
        due_at=info["due_at"], due_on=info["due_on"], days_left=info["days_left"], days_late=info["days_late"],
        overdue=info["overdue"], met=info["met"], used=info["used"], status=info["status"],
        explanation=deadline.sentence() if deadline else (info["status"] if row["state"] == PAUSED else ""),
        explanation_lines=deadline.lines() if deadline else [], history=history,
    )


def inbox_clocks(rows: list[dict], now: datetime | None = None) -> dict[int, dict]:
    """Per case of the inbox rows, its nearest running clock, from the columns the inbox statement
    selects (``clock.key`` = "code|unit|rule|due_at"): code, label, due_at, status, overdue, days
    left or late. No query of its own; the days are counted once per distinct deadline (a page's
    clocks mostly end at the same closing times)."""
    now = now or store.now()
    sops = context.current().sops
    counted: dict[str, dict] = {}
    found = {}
    for row in rows:
        if not row.get("clock.key"):
            continue
        code, deadline = row["clock.key"].split("|", 1)
        if deadline not in counted:
            unit, rule, due = deadline.split("|", 2)
            info = standing({"state": RUNNING, "due_at": _aware(due), "unit": unit, "rule": rule}, now)
            counted[deadline] = {k: info[k] for k in ("due_at", "due_on", "days_left", "days_late", "overdue", "status")}
        found[row["case"]] = {"code": code, "label": _label(sops.get(row["sop"]), code), **counted[deadline]}
    return found


# --- the engine's events ---------------------------------------------------------------------

def _matches(events: tuple[str, ...], declared: tuple[str, ...]) -> bool:
    return any(e in declared for e in events)


async def on_event(case: dict, sop: SOP, events: tuple[str, ...], *, actor, reason: str = "") -> None:
    """Start, pause, resume or stop the SOP's clocks that ``events`` concern. Called by the engine
    inside the transaction of the case's change (the case row is locked)."""
    if not sop.clocks:
        return
    rows = {r["code"]: r for r in await _rows(case["id"])}
    for clock in sop.clocks:
        row = rows.get(clock.code)
        if row is None:
            if _matches(events, clock.starts_on):
                await _start(case, clock, actor, reason)
            continue
        if row["state"] == STOPPED:
            continue
        if CASE_CLOSED in events or _matches(events, clock.stops_on):
            await _stop(row, actor, reason)
        elif row["state"] == RUNNING and _matches(events, clock.pauses_on):
            await _pause(row, actor, reason)
        elif row["state"] == PAUSED and _matches(events, clock.resumes_on):
            await _resume(row, actor, reason)


def _who(actor) -> tuple[int | None, str]:
    return getattr(actor, "id", None), getattr(actor, "full_name", "") or _("Sistem")


async def _history(row: dict, kind: str, actor, reason: str, before, after, data: dict | None = None) -> None:
    actor_id, name = _who(actor)
    if reason and sealing.is_sealed(row):  # a written reason says what the case is about
        reason = sealing.seal_text(reason, row["case"])
    await ClockEvent.insert(ClockEvent(clock=row["id"], case=row["case"], at=store.now(), kind=kind, actor=actor_id,
                                       actor_name=name[:200], reason=reason, due_before=before, due_after=after,
                                       data=data or {}))


async def _save(row: dict, values: dict) -> dict:
    await CaseClock.update(values).where(CaseClock.id == row["id"])
    return await CaseClock.select().where(CaseClock.id == row["id"]).output(load_json=True).first()


def _due(row: dict) -> datetime | None:
    deadline = compute(row)[0]
    return deadline.due_at.astimezone(timezone.utc) if deadline else None


async def _start(case: dict, clock: Clock, actor, reason: str) -> None:
    moment = store.now()
    row = {"rule": clock.rule, "length": clock.length, "extended": 0, "unit": clock.unit,
           "segments": [{"from": moment.isoformat(), "to": None}]}
    due = _due(row)
    inserted = await CaseClock.insert(CaseClock(
        case=case["id"], sop=case["sop"], code=clock.code, state=RUNNING, length=clock.length, unit=clock.unit,
        rule=clock.rule, started_at=moment, due_at=due, segments=row["segments"],
    )).returning(CaseClock.id)
    saved = await CaseClock.select().where(CaseClock.id == inserted[0]["id"]).output(load_json=True).first()
    await _history(saved, "mulai", actor, reason, None, due)


def _close_segment(row: dict, moment: datetime) -> list[dict]:
    segments = [dict(s) for s in row["segments"] or []]
    if segments and segments[-1].get("to") is None:
        segments[-1]["to"] = moment.isoformat()
    return segments


async def _stop(row: dict, actor, reason: str) -> None:
    moment = store.now()
    due = _aware(row["due_at"])
    if row["state"] == RUNNING:  # the deadline in force at this moment (a change since is recomputed)
        due = _due(row)
    segments = _close_segment(row, moment)
    used = compute({**row, "segments": segments})[1]
    met = None if due is None else moment <= due
    if row["state"] == PAUSED:  # stopped while waiting on the citizen: judged by the days used
        met = used <= row["length"] + row["extended"]
    await _save(row, {CaseClock.state: STOPPED, CaseClock.stopped_at: moment, CaseClock.segments: segments,
                      CaseClock.used: used, CaseClock.met: met, CaseClock.due_at: due, CaseClock.paused_at: None})
    await _history(row, "berhenti", actor, reason, _aware(row["due_at"]), due, {"terpakai": used})


async def _pause(row: dict, actor, reason: str) -> None:
    moment = store.now()
    segments = _close_segment(row, moment)
    await _save(row, {CaseClock.state: PAUSED, CaseClock.paused_at: moment, CaseClock.segments: segments,
                      CaseClock.due_at: None})
    await _history(row, "jeda", actor, reason, _aware(row["due_at"]), None)


async def _resume(row: dict, actor, reason: str) -> None:
    moment = store.now()
    segments = [*(row["segments"] or []), {"from": moment.isoformat(), "to": None}]
    due = _due({**row, "segments": segments})
    await _save(row, {CaseClock.state: RUNNING, CaseClock.paused_at: None, CaseClock.segments: segments,
                      CaseClock.due_at: due})
    await _history(row, "lanjut", actor, reason, None, due)


# --- by hand ---------------------------------------------------------------------------------

async def may_manage(user, case: dict) -> bool:
    """Who may extend, pause and resume a case's clocks: an administrator, a head of the case's
    unit, or whoever may work on one of its open tasks."""
    from balai.identity import directory

    if user is None:
        return False
    if user.is_admin:
        return True
    reach = await directory.reach(user)
    if case["unit"] in reach.heads:
        return True
    tasks = await Task.select().where((Task.case == case["id"]) & Task.state.is_in(list(store.OPEN)))
    return any(not t["outside"] and (user.id in (t["assignee"], t["taken_by"]) or reach.may_hold(t)) for t in tasks)


async def _locked(case_id: int, code: str, user) -> tuple[dict, SOP, Clock, dict | None]:
    """Inside a transaction: lock the case row (the engine's order), then read the clock."""
    await Case.update({Case.changed_at: store.now()}).where(Case.id == case_id)
    case = await store.case_row(case_id)
    sop = context.current().sops.get(case["sop"]) if case else None
    clock = sop.clock(code) if sop else None
    if case is None or clock is None:
        raise ClockError(_("Jam tidak ditemukan pada kasus ini."), 404)
    row = await CaseClock.select().where((CaseClock.case == case_id) & (CaseClock.code == code)) \
        .output(load_json=True).first()
    return case, sop, clock, row


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ClockError(_("Alasan paling banyak %(n)s karakter.", n=MAX_REASON))
    return reason


async def _live(row: dict | None, clock: Clock, doing: str, user, case: dict) -> dict:
    """The clock row, when it runs or is paused and ``user`` may change it; else ClockError."""
    if row is None:
        raise ClockError(_("Jam '%(jam)s' belum berjalan.", jam=str(clock.label)), 409)
    if row["state"] == STOPPED:
        raise ClockError(_("Jam '%(jam)s' sudah berhenti, sehingga tidak dapat %(tindakan)s.",
                           jam=str(clock.label), tindakan=doing), 409)
    if not await may_manage(user, case):
        raise ClockError(_("Anda tidak berwenang mengubah jam kasus ini."), 403)
    return row


async def _timeline(case_id: int, user, action: str, label, clock: Clock, note: str, data: dict) -> None:
    await store.add_event(case_id, task=None, actor=user, action=action, label=label,
                          note=f"{clock.label}: {note}" if note else str(clock.label), data=data)


async def extend_clock(case_id: int, code: str, *, user, reason: str) -> ClockInfo:
    """Extend a running or paused clock once more, as its SOP allows; raises :class:`ClockError`
    (asked more often than allowed, no reason where one is required, a stopped clock)."""
    reason = _reason(reason)
    async with store.tx():
        case, sop, clock, row = await _locked(case_id, code, user)
        ext = clock.extension
        if ext is None:
            raise ClockError(_("Jam '%(jam)s' tidak dapat diperpanjang.", jam=str(clock.label)), 409)
        row = await _live(row, clock, _("diperpanjang"), user, case)
        if row["extensions"] >= ext.times:
            raise ClockError(ngettext(
                "Jam '%(jam)s' sudah diperpanjang; perpanjangan hanya boleh %(num)s kali.",
                "Jam '%(jam)s' sudah diperpanjang; perpanjangan hanya boleh %(num)s kali.",
                ext.times, jam=str(clock.label)), 409)
        if ext.reason_required and not reason:
            raise ClockError(_("Alasan perpanjangan wajib ditulis."))
        extended = {**row, "extended": row["extended"] + ext.length}
        due = _due(extended) if row["state"] == RUNNING else None
        await _save(row, {CaseClock.extended: extended["extended"], CaseClock.extensions: row["extensions"] + 1,
                          CaseClock.due_at: due})
        await _history(row, "perpanjang", user, reason, _aware(row["due_at"]), due, {"tambah": ext.length})
        await _timeline(case_id, user, "jam_perpanjang", _("Jangka waktu diperpanjang"), clock, reason,
                        {"jam": code, "tambah": ext.length, "tenggat": due.isoformat() if due else None})
    return await _one(case_id, code)


async def pause_clock(case_id: int, code: str, *, user, reason: str) -> ClockInfo:
    """Pause a running clock by hand (e.g. the case waits on the citizen); a reason is required."""
    reason = _reason(reason)
    async with store.tx():
        case, sop, clock, row = await _locked(case_id, code, user)
        row = await _live(row, clock, _("dijeda"), user, case)
        if row["state"] == PAUSED:
            raise ClockError(_("Jam '%(jam)s' sudah dijeda.", jam=str(clock.label)), 409)
        if not reason:
            raise ClockError(_("Alasan penjedaan wajib ditulis."))
        await _pause(row, user, reason)
        await _timeline(case_id, user, "jam_jeda", _("Jangka waktu dijeda"), clock, reason, {"jam": code})
    return await _one(case_id, code)


async def resume_clock(case_id: int, code: str, *, user, reason: str = "") -> ClockInfo:
    """Resume a paused clock by hand; the rest of its days count from the next working day."""
    reason = _reason(reason)
    async with store.tx():
        case, sop, clock, row = await _locked(case_id, code, user)
        row = await _live(row, clock, _("dilanjutkan"), user, case)
        if row["state"] != PAUSED:
            raise ClockError(_("Jam '%(jam)s' tidak sedang dijeda.", jam=str(clock.label)), 409)
        await _resume(row, user, reason)
        await _timeline(case_id, user, "jam_lanjut", _("Jangka waktu dilanjutkan"), clock, reason, {"jam": code})
    return await _one(case_id, code)


async def _one(case_id: int, code: str) -> ClockInfo:
    return next(c for c in await case_clocks(case_id) if c["code"] == code)
