"""One lease row per scheduled job."""

from piccolo.columns import Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class JobLease(Table, tablename="core_job_lease"):
    """Who may run a job now: claimed by a conditional UPDATE, so one worker wins each run."""

    id = Serial(primary_key=True)
    name = Varchar(length=150, unique=True)
    run_at = Timestamptz()  # the next run is due at this moment
    locked_until = Timestamptz(null=True, default=None)
    worker = Varchar(length=100, default="")
    last_error = Text(default="")
