"""Per-install settings: one JSON value per key (the working calendar keeps its own here)."""

from piccolo.columns import JSON, Serial, Text, Varchar
from piccolo.table import Table


class Setting(Table, tablename="core_setting"):
    id = Serial(primary_key=True)
    key = Varchar(length=100, unique=True)
    value = JSON(default={})
    note = Text(default="")
