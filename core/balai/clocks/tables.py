"""Tables of the legal clocks on cases: one row per clock of a case, and its history."""

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from balai.workflow.tables import Case


class CaseClock(Table, tablename="core_case_clock"):
    """One clock of one case. Its length, unit and rule are copied from the SOP when it starts, so a
    later change of the definition does not move a running deadline."""

    id = Serial(primary_key=True)
    case = ForeignKey(Case, on_delete=OnDelete.restrict, index=True)
    sop = Varchar(length=100, index=True)
    code = Varchar(length=64)
    state = Varchar(length=16, default="berjalan", index=True)  # berjalan, jeda, berhenti
    length = Integer(default=0)
    unit = Varchar(length=16, default="hari_kerja")
    rule = Varchar(length=100, default="default")
    extended = Integer(default=0)  # days added by extensions
    extensions = Integer(default=0)  # how many
    started_at = Timestamptz(default=TimestamptzNow())
    paused_at = Timestamptz(null=True, default=None)
    stopped_at = Timestamptz(null=True, default=None)
    # While running: the deadline. Paused: None. Stopped: the deadline it had when it stopped.
    due_at = Timestamptz(null=True, default=None)
    used = Integer(null=True, default=None)  # days used, once stopped
    met = Boolean(null=True, default=None)  # stopped by its deadline?
    # [{"from": iso, "to": iso | null}, ...]: the running periods (a pause ends one)
    segments = JSON(default=[])


class ClockEvent(Table, tablename="core_case_clock_event"):
    """The history of a clock: start, pause, resume, extension, stop, recomputation. Append-only."""

    id = Serial(primary_key=True)
    clock = ForeignKey(CaseClock, on_delete=OnDelete.restrict, index=True)
    case = Integer(index=True)
    at = Timestamptz(default=TimestamptzNow())
    kind = Varchar(length=16)  # mulai, jeda, lanjut, perpanjang, berhenti, hitung_ulang
    actor = Integer(null=True, default=None)  # user id; no FK so that history outlives users
    actor_name = Varchar(length=200, default="")
    reason = Text(default="")
    due_before = Timestamptz(null=True, default=None)
    due_after = Timestamptz(null=True, default=None)
    data = JSON(default={})
