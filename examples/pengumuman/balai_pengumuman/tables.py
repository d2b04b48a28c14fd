"""The plugin's one table. Its name starts with the plugin's name, as Balai requires."""

from piccolo.columns import Boolean, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Announcement(Table, tablename="pengumuman_announcement"):
    id = Serial(primary_key=True)
    title = Varchar(length=200)
    body = Text()
    pinned = Boolean(default=False)
    # The author is copied, not joined: a plugin sees users only through balai.api.
    author_id = Integer(null=True, default=None)
    author_name = Varchar(length=200, default="")
    published_at = Timestamptz(default=TimestamptzNow(), index=True)
