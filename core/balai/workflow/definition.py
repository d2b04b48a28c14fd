"""SOPs as code: the definition a plugin declares, checked once when Balai starts.

A definition carries the header of the official sheet (PermenPANRB 35/2012) and its steps,
so the same object both runs the work and prints the sheet. Example::

    SOP(
        code="persuratan.surat_keluar",
        name="Pengendalian Surat Keluar Konvensional",
        header=SOPHeader(nomor="067/3326/Sek.Um/SOP/DP2KUKM/2022", ...),
        started_by=SYSTEM,  # opened by persuratan's own letter page, for whoever drafts there
        steps=[
            Step(1, "konsep", "Membuat konsep surat keluar", actor="staf",
                 inputs=["Disposisi"], time="15 menit", output="Konsep surat",
                 actions=[go("kirim", "Ajukan", to="periksa_kabid")]),
            Step(2, "periksa_kabid", "Memeriksa konsep", actor="kepala_bidang",
                 inputs=["Konsep surat"], time="5 menit", output="Paraf/koreksi",
                 actions=[go("setuju", "Setuju", to="periksa_sekretaris"), perbaiki(to="konsep")]),
            ...
        ],
    )
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from babel.support import LazyProxy

from balai.i18n import gettext, lazy_gettext
from balai.sealed.policy import Sealed
from balai.workflow.timestandard import TimeStandard, parse_time_standard

# Kinds of action
GO = "go"  # to the named next step
BACK = "back"  # perbaiki: back to an earlier step, with a note
END = "end"  # the case ends with `outcome` (selesai, ditolak)
FANOUT = "fanout"  # disposisi: one task of step `to` per chosen recipient; joins when all are done
EXTERNAL = "external"  # staff record what they submitted to an outside system; the step then waits
OUTCOME = "outcome"  # the outside system answered: record outcome + returned document, then go `to`

# Who starts a case besides holders of the SOP's start_permission (SOP.started_by). Either way the
# plugin's own code opens it with open_case(..., user=None), never the signed-in API.
PUBLIC = "public"  # someone without an account, through the plugin's public form
SYSTEM = "system"  # the plugin or the core on nobody's request: its own guarded page, a clock, an import


# Events a case-level clock starts, pauses, resumes or stops on (Clock.starts_on, ...)
CASE_OPENED = "case_opened"
CASE_CLOSED = "case_closed"  # every running or paused clock also stops when its case ends
WORKING_DAYS = "hari_kerja"
CALENDAR_DAYS = "hari"


def superior_level(assign: str) -> int:
    """1 for ``"superior"``, n for ``"superior:n"`` (2 … 5: the superior's superior and up), else 0."""
    if assign == "superior":
        return 1
    head, _sep, n = assign.partition(":")
    return int(n) if head == "superior" and n in ("2", "3", "4", "5") else 0


def entered(step: str) -> str:
    """The event "a task of step ``step`` was opened"."""
    return f"step:{step}"


def acted(action: str, step: str | None = None) -> str:
    """The event "action ``action`` was taken" (on any step, or only on ``step``)."""
    return f"action:{step}.{action}" if step else f"action:{action}"


@dataclass(frozen=True)
class Extension:
    """How a clock may be extended: ``times`` times by ``length`` days (of the clock's unit),
    each with a written reason unless ``reason_required`` is False."""

    times: int = 1
    length: int = 0
    reason_required: bool = True


@dataclass(frozen=True)
class Clock:
    """A legal time limit on the whole case, whatever its steps take: e.g. an information request
    answered within 10 working days, extendable once by 7 with written reasons::

        Clock("jawab", lazy_gettext("Jawaban atas permintaan informasi"), 10,
              starts_on=CASE_OPENED, stops_on=acted("jawab"), extension=Extension(1, 7),
              pauses_on=acted("kembalikan"), resumes_on=acted("lengkapi"), rule="ppid.informasi")

    Events: :data:`CASE_OPENED`, :func:`entered` (a step), :func:`acted` (an action),
    :data:`CASE_CLOSED`; each of ``starts_on`` … ``resumes_on`` is one event or a tuple of them.
    The clock starts once per case; it stops on ``stops_on`` or when the case ends. ``rule`` is a
    counting rule (hook ``counting_rules``). ``remind_before``: working (or calendar) days before
    the deadline at which the people on the case are reminded (default: a fifth of the length,
    at least 1).
    """

    code: str
    label: Any
    length: int
    unit: str = WORKING_DAYS
    starts_on: Any = CASE_OPENED
    stops_on: Any = ()
    extension: Extension | None = None
    pauses_on: Any = ()
    resumes_on: Any = ()
    rule: str = "default"
    remind_before: int | None = None

    def __post_init__(self):
        for name in ("starts_on", "stops_on", "pauses_on", "resumes_on"):
            value = getattr(self, name)
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value))

    @property
    def reminder_days(self) -> int:
        return self.remind_before if self.remind_before is not None else max(1, self.length // 5)


@dataclass(frozen=True)
class Action:
    code: str
    label: Any
    kind: str = GO
    to: str | None = None
    outcome: str | None = None  # for END: "selesai" / "ditolak"
    note_required: bool = False
    style: str = "primary"  # button style: primary, secondary, danger, warning
    fields: tuple[str, ...] = ()  # extra form fields the task page asks for (plugin renders them)
    # A disposisi's deadline is the recipients' work: the step of the branch it is the deadline of
    # (default: the step the disposisi opens). The steps before it keep their own time standard.
    deadline_for: str | None = None
    # The units a disposisi may go to: "agency" (every unit but the agency itself) or "below" (the
    # units under the task's own unit: a Kepala Bidang disposes within the Bidang).
    units: str = "agency"
    # False: the task page shows no button for it; the plugin's own panel form does the action
    # (it needs fields the core's form does not have, as new leave dates). The API still offers it.
    button: bool = True


def go(code: str, label: Any, to: str, **kw) -> Action:
    return Action(code, label, GO, to=to, **kw)


def perbaiki(to: str, label: Any = lazy_gettext("Perbaiki"), **kw) -> Action:
    return Action("perbaiki", label, BACK, to=to, note_required=True, style="warning", **kw)


def selesai(label: Any = lazy_gettext("Selesai"), code: str = "selesai", **kw) -> Action:
    return Action(code, label, END, outcome="selesai", **kw)


def ditolak(label: Any = lazy_gettext("Tolak"), code: str = "ditolak", **kw) -> Action:
    return Action(code, label, END, outcome="ditolak", note_required=True, style="danger", **kw)


def disposisi(to: str, label: Any = lazy_gettext("Disposisi"), code: str = "disposisi", **kw) -> Action:
    return Action(code, label, FANOUT, to=to, **kw)


def kirim_eksternal(system: str, label: Any = None, code: str = "kirim", **kw) -> Action:
    label = label or LazyProxy(gettext, "Catat pengajuan ke %(sistem)s", sistem=system, enable_cache=False)
    return Action(code, label, EXTERNAL, **kw)


def hasil_eksternal(to: str | None, label: Any = lazy_gettext("Catat hasil"), code: str = "hasil", outcome: str | None = None,
                    **kw) -> Action:
    return Action(code, label, OUTCOME, to=to, outcome=outcome, **kw)


@dataclass(frozen=True)
class Step:
    """One row of the SOP table.

    ``actor`` is a role code (held by staff in a unit). For people without an account
    (Masyarakat, Tamu, Pelapor) set ``outside=True``: ``actor`` is then only the swimlane label
    and the step is completed through a public page by the plugin.

    ``assign`` says which unit's holder of ``actor`` gets the task: ``"case"`` (the nearest holder
    from the case's unit up the organisation tree), ``"recipient"`` (the unit or person chosen by
    the disposisi that opened this step), ``"opener"`` (the person who opened the case, as the
    task's assignee: the requester's own step), ``"superior"`` (the opener's direct superior by
    position when the task opens: the head of their unit, or of the unit above for a head; a vacant
    position passes to the next one up unless a Plh/Plt stands in, and above the Kepala Dinas the
    step is done outside; ``actor`` may then be a swimlane label such as "Atasan langsung"),
    ``"superior:2"`` (the superior's superior: the next acting level; up to ``"superior:5"``), or a
    fixed unit code. With ``open_case(requester=...)`` "opener" and "superior" follow the requester.
    """

    no: int
    code: str
    activity: Any
    actor: str
    inputs: tuple[Any, ...] = ()
    time: str = ""
    output: Any = ""
    actions: tuple[Action, ...] = ()
    assign: str = "case"
    outside: bool = False
    skip_if: Callable[[dict], bool] | None = None  # gets the case row; True skips the step
    external: str = ""  # outside system this step hands work to (si-Pecut, KEBA, SP4N-LAPOR!)
    note: Any = ""  # Keterangan column
    time_standard: TimeStandard | None = field(default=None, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "actions", tuple(self.actions))

    def action(self, code: str) -> Action | None:
        return next((a for a in self.actions if a.code == code), None)


@dataclass(frozen=True)
class SOPHeader:
    nomor: str
    tanggal_pembuatan: date | None = None
    tanggal_revisi: date | None = None
    tanggal_efektif: date | None = None
    disahkan_oleh: str = ""
    disahkan_nip: str = ""
    disahkan_jabatan: str = "Kepala Dinas"
    dasar_hukum: tuple[Any, ...] = ()
    kualifikasi: tuple[Any, ...] = ()
    keterkaitan: tuple[Any, ...] = ()
    peralatan: tuple[Any, ...] = ()
    peringatan: tuple[Any, ...] = ()
    pencatatan: tuple[Any, ...] = ()
    unit: str = "Sekretariat — Sub Bagian Umum"


@dataclass(frozen=True)
class SOP:
    code: str  # "<plugin>.<name>", e.g. "persuratan.surat_masuk"
    name: Any
    header: SOPHeader
    steps: tuple[Step, ...]
    reference_prefix: str = ""  # case references look like "SM/2026/000123"
    view_permission: str | None = None  # who may see every case of this SOP in their units
    # Who may open a case; check_sop wants at least one. ``start_permission``: a signed-in user
    # holding it in the case's unit (the only way in through POST /api/core/cases). ``started_by``
    # PUBLIC or SYSTEM: the plugin's own code opens it (its public form, a clock, its own page).
    start_permission: str | None = None
    started_by: str | None = None
    # Swimlanes as the sheet prints them, when some lane is a system that owns no step of its own
    # or the printed order differs from first appearance (SOP 9: Tamu, E-Tamu, Anjungan Tamu, ...).
    lanes: tuple[str, ...] = ()
    # Sealed content (balai.sealed): Sealed(...) or True keeps its cases' subject, data, notes, messages
    # and documents encrypted at rest, readable only by the users the policy allows.
    sealed: Sealed | bool | None = None
    # Case-level legal time limits (Clock): shown on the case, task and inbox, reminded, evaluated.
    clocks: tuple[Clock, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "clocks", tuple(self.clocks))

    def clock(self, code: str) -> Clock | None:
        return next((c for c in self.clocks if c.code == code), None)

    def step(self, code: str) -> Step:
        for s in self.steps:
            if s.code == code:
                return s
        raise KeyError(code)

    @property
    def first(self) -> Step:
        return self.steps[0]

    def actors(self) -> list[str]:
        """Swimlanes: the declared ``lanes`` first, then the others in order of first appearance."""
        seen: list[str] = list(self.lanes)
        for s in self.steps:
            if s.actor not in seen:
                seen.append(s.actor)
        return seen


class DefinitionError(ValueError):
    """A broken SOP definition; the message names the SOP and the step."""


def check_sop(sop: SOP, roles: set[str], rules: set[str] | None = None) -> SOP:
    """Validate and return the SOP with parsed time standards. Raises DefinitionError.
    ``rules``: the counting rules the plugins declare (None: clocks' rules are not checked)."""

    def fail(step: Step | None, message: str):
        where = f"SOP '{sop.code}'" + (f" langkah {step.no} ({step.code})" if step else "")
        raise DefinitionError(f"{where}: {message}")

    if not sop.steps:
        fail(None, "tidak memiliki langkah")
    if sop.started_by not in (None, PUBLIC, SYSTEM):
        fail(None, f"started_by harus PUBLIC atau SYSTEM, bukan '{sop.started_by}'")
    if not sop.start_permission and sop.started_by is None:
        fail(None, "tidak menyebut siapa yang membuka kasus (start_permission, atau started_by=PUBLIC/SYSTEM)")
    codes = [s.code for s in sop.steps]
    for s in sop.steps:
        if codes.count(s.code) > 1:
            fail(s, "kode langkah dipakai dua kali")
    parsed = []
    for s in sop.steps:
        if s.assign.startswith("superior") and not superior_level(s.assign):
            fail(s, f"assign '{s.assign}' tidak dikenal: 'superior' atau 'superior:2' … 'superior:5'")
        if not s.outside and not superior_level(s.assign) and s.actor not in roles:
            fail(s, f"peran pelaksana tidak dikenal: '{s.actor}'")
        if not s.actions:
            fail(s, "tidak memiliki aksi")
        for a in s.actions:
            if a.kind in (GO, BACK, FANOUT) and a.to is None:
                fail(s, f"aksi '{a.code}' tidak menyebut langkah tujuan")
            if a.to is not None and a.to not in codes:
                fail(s, f"aksi '{a.code}' menuju langkah yang tidak ada: '{a.to}'")
            if a.deadline_for is not None and (a.kind != FANOUT or a.deadline_for not in codes
                                               or sop.step(a.deadline_for).assign != "recipient"):
                fail(s, f"aksi '{a.code}': deadline_for harus langkah cabang disposisi (assign='recipient')")
            if a.units not in ("agency", "below"):
                fail(s, f"aksi '{a.code}': units harus 'agency' atau 'below'")
            if a.kind == END and a.outcome not in ("selesai", "ditolak"):
                fail(s, f"aksi '{a.code}' harus berakhir 'selesai' atau 'ditolak'")
        try:
            ts = parse_time_standard(s.time) if s.time else None
        except ValueError as exc:
            fail(s, f"standar waktu tidak dapat dibaca: '{s.time}' ({exc})")
        parsed.append(Step(**{**s.__dict__, "time_standard": ts}))

    # Reachability from the first step, following actions and skips (a skipped step passes on
    # to the next step in order).
    by_code = {s.code: s for s in sop.steps}
    reachable, frontier = set(), [sop.steps[0].code]
    while frontier:
        code = frontier.pop()
        if code in reachable:
            continue
        reachable.add(code)
        step = by_code[code]
        targets = [a.to for a in step.actions if a.to]
        if step.skip_if is not None:
            nxt = _next_in_order(sop, step)
            if nxt:
                targets.append(nxt.code)
        frontier.extend(targets)
    for s in sop.steps:
        if s.code not in reachable:
            fail(s, "tidak dapat dicapai dari langkah pertama")
    if not any(a.kind == END or (a.kind == OUTCOME and a.to is None) for s in sop.steps for a in s.actions):
        fail(None, "tidak ada aksi yang mengakhiri kasus (selesai/ditolak)")
    for message in _clock_problems(sop, rules):
        fail(None, message)
    sealed = sop.sealed
    if sealed is True:
        sealed = Sealed()
    elif not sealed:
        sealed = None
    elif not isinstance(sealed, Sealed):
        fail(None, f"sealed harus True atau Sealed(...), bukan {sealed!r}")
    elif sealed.may_unseal is not None and not callable(sealed.may_unseal):
        fail(None, "Sealed(may_unseal=...) harus berupa fungsi (user, case)")
    return SOP(**{**sop.__dict__, "steps": tuple(parsed), "sealed": sealed})


def _clock_problems(sop: SOP, rules: set[str] | None) -> list[str]:
    steps = {s.code: s for s in sop.steps}
    actions = {a.code for s in sop.steps for a in s.actions}

    def event_problem(event) -> str | None:
        if not isinstance(event, str):
            return f"peristiwa harus berupa teks, bukan {event!r}"
        if event in (CASE_OPENED, CASE_CLOSED):
            return None
        kind, _sep, name = event.partition(":")
        if kind == "step" and name in steps:
            return None
        if kind == "action":
            step, _dot, code = name.rpartition(".")
            if (step and step in steps and steps[step].action(code)) or (not step and code in actions):
                return None
        return f"peristiwa tidak dikenal: '{event}' (pakai CASE_OPENED, CASE_CLOSED, entered(langkah), acted(aksi))"

    problems, seen = [], set()
    for c in sop.clocks:
        where = f"jam '{getattr(c, 'code', c)}'"
        if not isinstance(c, Clock):
            problems.append(f"{where}: clocks harus berisi Clock")
            continue
        if not c.code or not c.code.replace("_", "").isalnum() or not c.code.islower():
            problems.append(f"{where}: kode jam harus huruf kecil, angka dan garis bawah")
        if c.code in seen:
            problems.append(f"{where}: kode jam dipakai dua kali")
        seen.add(c.code)
        if type(c.length) is not int or c.length <= 0:
            problems.append(f"{where}: panjang harus bilangan bulat positif")
        if c.unit not in (WORKING_DAYS, CALENDAR_DAYS):
            problems.append(f"{where}: satuan harus '{WORKING_DAYS}' atau '{CALENDAR_DAYS}'")
        if not c.starts_on:
            problems.append(f"{where}: tidak menyebut peristiwa yang memulainya (starts_on)")
        if bool(c.pauses_on) != bool(c.resumes_on):
            problems.append(f"{where}: pauses_on dan resumes_on harus disebut bersama")
        for name in ("starts_on", "pauses_on", "resumes_on"):
            if CASE_CLOSED in getattr(c, name):
                problems.append(f"{where}: CASE_CLOSED hanya dapat menghentikan jam ({name})")
        for event in c.starts_on + c.stops_on + c.pauses_on + c.resumes_on:
            problem = event_problem(event)
            if problem:
                problems.append(f"{where}: {problem}")
        ext = c.extension
        if ext is not None and (not isinstance(ext, Extension) or type(ext.times) is not int or ext.times < 1
                                or type(ext.length) is not int or ext.length < 1):
            problems.append(f"{where}: perpanjangan harus Extension(times>=1, length>=1)")
        if c.remind_before is not None and (type(c.remind_before) is not int or c.remind_before < 0):
            problems.append(f"{where}: remind_before harus bilangan bulat >= 0")
        if rules is not None and c.rule not in rules:
            problems.append(f"{where}: aturan hitung tidak dikenal: '{c.rule}' (hook counting_rules)")
    return problems


def _next_in_order(sop: SOP, step: Step) -> Step | None:
    idx = sop.steps.index(step)
    return sop.steps[idx + 1] if idx + 1 < len(sop.steps) else None
