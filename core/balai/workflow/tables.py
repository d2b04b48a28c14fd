"""Tables of the workflow service: cases, tasks, the timeline, reference counters, delegations."""

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from balai.identity.tables import Position, Unit, User


class Case(Table, tablename="core_case"):
    """One run of an SOP."""

    id = Serial(primary_key=True)
    sop = Varchar(length=100, index=True)
    reference = Varchar(length=40, unique=True)
    subject = Varchar(length=300)
    unit = ForeignKey(Unit, on_delete=OnDelete.restrict, index=True)
    state = Varchar(length=16, default="berjalan", index=True)  # berjalan, selesai, ditolak
    outcome = Varchar(length=40, default="")
    opened_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    # The person the case is for, when someone else opened it for them (open_case(requester=...)).
    requester = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    opened_at = Timestamptz(default=TimestamptzNow())
    changed_at = Timestamptz(default=TimestamptzNow())  # bumped by every action: locks the case row
    closed_at = Timestamptz(null=True, default=None)
    record_type = Varchar(length=100, default="")
    record_id = Integer(null=True, default=None)
    data = JSON(default={})


class Task(Table, tablename="core_task"):
    """One open or finished step of a case: an inbox row."""

    id = Serial(primary_key=True)
    case = ForeignKey(Case, on_delete=OnDelete.restrict, index=True)
    sop = Varchar(length=100, index=True)  # copied from the case so the inbox filters without a join
    step = Varchar(length=64)
    state = Varchar(length=16, default="terbuka", index=True)  # terbuka, menunggu, selesai, dibatalkan
    outside = Boolean(default=False)  # done by a citizen through a public page: in nobody's inbox
    unit = ForeignKey(Unit, on_delete=OnDelete.restrict, index=True)
    role = Varchar(length=64, index=True)
    assignee = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    taken_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    opened_at = Timestamptz(default=TimestamptzNow())
    # No index of its own: walking a due_at index to sort an inbox visits every task in the table;
    # the partial (role, unit, due_at) index in the migrations serves the inbox.
    due_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    closed_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    action = Varchar(length=64, default="")
    note = Text(default="")
    parent_task = Integer(null=True, default=None, index=True)  # the task whose disposisi opened this one
    # The position (core_position) whose work this is: a step assigned to a superior, or a task a
    # Plh/Plt did for the position. Its stand-ins reach it; a second round goes to the position.
    position = Integer(null=True, default=None, index=True)
    fanout_root = Integer(null=True, default=None, index=True)  # the first disposisi of the tree; joins there
    instruction = Text(default="")
    data = JSON(default={})


class CaseEvent(Table, tablename="core_case_event"):
    """The timeline of a case. Append-only: nothing updates or deletes these rows."""

    id = Serial(primary_key=True)
    case = ForeignKey(Case, on_delete=OnDelete.restrict, index=True)
    task = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())
    actor = Integer(null=True, default=None)  # user id; no FK so that history outlives users
    actor_name = Varchar(length=200, default="")
    step = Varchar(length=64, default="")
    action = Varchar(length=64, default="")
    label = Varchar(length=200, default="")
    note = Text(default="")
    data = JSON(default={})


class ReferenceCounter(Table, tablename="core_reference_counter"):
    """The last number given per prefix and year ("SM/2026"); bumped inside the case's transaction."""

    id = Serial(primary_key=True)
    key = Varchar(length=60, unique=True)
    n = Integer(default=0)


class Delegation(Table, tablename="core_delegation"):
    """A stand-in for a period. ``kind`` "delegasi": while away, a user hands the tasks of one of
    their roles to another holder of that role. "plh" / "plt" (pelaksana harian / tugas): someone
    appointed by a letter to act in a position; the position's tasks reach them and they act with
    its title ("Plh. Kepala Bidang ...")."""

    id = Serial(primary_key=True)
    kind = Varchar(length=8, default="delegasi")  # delegasi, plh, plt
    from_user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)  # delegasi: who hands over
    to_user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=64)  # delegasi: the role handed over; plh/plt: the role of a vacant position
    position = ForeignKey(Position, null=True, default=None, on_delete=OnDelete.cascade, index=True)
    starts_on = Date()
    ends_on = Date()
    note = Text(default="")
    letter_number = Varchar(length=100, default="")  # the appointing letter (plh/plt)
    letter_date = Date(null=True, default=None)
    appointed_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    cancelled_at = Timestamptz(null=True, default=None)
