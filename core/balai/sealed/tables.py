"""The sealed service's one table: which sealing keys have sealed data, by key id (never the key).

Start-up compares it with the keys it was given: a key that sealed data and is no longer given
stops Balai with a message, instead of sealed data that silently no longer opens.
"""

from piccolo.columns import Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class SealingKeyUse(Table, tablename="core_sealing_key"):
    id = Serial(primary_key=True)
    key_id = Varchar(length=16, unique=True)  # balai.sealed.keys.key_id: a hash, not the key
    first_used_at = Timestamptz(default=TimestamptzNow())
    retired_at = Timestamptz(null=True, default=None)  # set by `balai reseal` once nothing uses it
