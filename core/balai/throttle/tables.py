"""The throttle's one table: recent failures per (purpose, client) and per (purpose, account)."""

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Throttle(Table, tablename="core_throttle"):
    id = Serial(primary_key=True)
    bucket = Varchar(length=300, unique=True)  # "purpose|kind|key": one row per bucket, however many workers
    purpose = Varchar(length=60)
    kind = Varchar(length=10)  # "client" (an address) or "account" (what the caller named)
    key = Varchar(length=200)
    failures = Integer(default=0)
    first_at = Timestamptz(default=TimestamptzNow())
    last_at = Timestamptz(default=TimestamptzNow(), index=True)
    until = Timestamptz(default=TimestamptzNow())  # refused (client) or held (account) until then
