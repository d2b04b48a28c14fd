"""Notifications shown in the application, and one lease row per scheduled job."""

from piccolo.columns import ForeignKey, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from balai.identity.tables import User


class Notification(Table, tablename="core_notification"):
    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    message = Text()
    link = Varchar(length=300, default="")
    # Reminders and escalations are sent once per task: "pengingat:tugas:17".
    key = Varchar(length=100, default="", index=True)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    read_at = Timestamptz(null=True, default=None)


class JobLease(Table, tablename="core_job_lease"):
    """Who may run a job now: claimed by a conditional UPDATE, so one worker wins each run."""

    id = Serial(primary_key=True)
    name = Varchar(length=150, unique=True)
    run_at = Timestamptz()  # the next run is due at this moment
    locked_until = Timestamptz(null=True, default=None)
    worker = Varchar(length=100, default="")
    last_error = Text(default="")
