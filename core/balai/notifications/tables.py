"""Notifications shown in the application."""

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
