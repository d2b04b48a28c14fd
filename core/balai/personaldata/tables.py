"""Tables of personal data protection (UU 27/2022): who saw or exported whose data, and what the
retention rules deleted."""

from piccolo.columns import JSON, BigInt, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class PersonalDataAccess(Table, tablename="core_personal_data_access"):
    """One view, download or export of personal data. Append-only: nothing updates or deletes it."""

    id = Serial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor = Integer(null=True, default=None, index=True)  # user id; no FK so that the log outlives users
    actor_name = Varchar(length=64, default="")  # the username at the time
    action = Varchar(length=16, index=True)  # lihat, unduh, ekspor
    kind = Varchar(length=100, default="", index=True)  # the PersonalData kind ("" for a person's export)
    record = Varchar(length=120, default="", index=True)  # "case:12", "document:7", "user:5", "nik:6471…"
    detail = JSON(default={})
    ip = Varchar(length=64, default="")


class PersonalDataTombstone(Table, tablename="core_personal_data_tombstone"):
    """A document deleted by a retention rule: that it existed, whose it was, when and why it went."""

    id = Serial(primary_key=True)
    kind = Varchar(length=100, index=True)  # the PersonalData kind whose retention deleted it
    document_kind = Varchar(length=100)
    owner_type = Varchar(length=50, index=True)
    owner_id = BigInt(index=True)
    document_id = BigInt()
    versions = Integer(default=0)
    size = BigInt(default=0)  # bytes of all its versions
    content_type = Varchar(length=120, default="")
    uploaded_at = Timestamptz(null=True, default=None)
    deleted_at = Timestamptz(default=TimestamptzNow(), index=True)
    reason = Text(default="")
