"""The link between two cases when one was handed to another plugin's SOP."""

from piccolo.columns import ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from balai.workflow.tables import Case


class CaseLink(Table, tablename="core_case_link"):
    """A case handed over (``from_case``) and the case it opened (``to_case``), with the reason.

    ``key`` ("<from_case>:<to_sop>") is unique: one case is handed to one SOP once, however often
    the button is pressed. Never updated or deleted: both timelines refer to it.
    """

    id = Serial(primary_key=True)
    key = Varchar(length=120, unique=True)
    from_case = ForeignKey(Case, on_delete=OnDelete.restrict, index=True)
    to_case = ForeignKey(Case, on_delete=OnDelete.restrict, unique=True)
    from_sop = Varchar(length=100)
    to_sop = Varchar(length=100)
    reason = Text(default="")
    by_user = Integer(null=True, default=None)  # user id; no FK so that history outlives users
    by_name = Varchar(length=200, default="")
    at = Timestamptz(default=TimestamptzNow())
