"""The audit log's one table."""

from piccolo.columns import JSON, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEntry(Table, tablename="core_audit"):
    """Append-only: the application never updates or deletes these rows."""

    id = Serial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor = Integer(null=True, default=None)  # user id; no FK so that history outlives users
    actor_name = Varchar(length=200, default="")
    action = Varchar(length=100, index=True)
    object_type = Varchar(length=100, default="")
    object_id = Varchar(length=100, default="")
    detail = JSON(default={})
    ip = Varchar(length=64, default="")
