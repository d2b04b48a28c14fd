"""Tables of the submissions service: who submitted what through a public form, and the thread.

A tracking code is never stored: only its keyed hash (balai.submissions.codes). Nothing here
holds the submitter's address or browser.
"""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from balai.workflow.tables import Case


class Submission(Table, tablename="core_submission"):
    """A case opened through a public form (or at the desk for a walk-in), followed with a code."""

    id = Serial(primary_key=True)
    case = ForeignKey(Case, on_delete=OnDelete.restrict, unique=True)
    form = Varchar(length=100, index=True)  # the PublicForm's code, "<plugin>.<name>"
    code_hash = Varchar(length=64, unique=True)  # HMAC-SHA256 of the code with the app's signing key
    code_issued_at = Timestamptz(default=TimestamptzNow())
    email = Text(default="")  # only when the submitter gave one; a sealed SOP's is a token (longer)
    locale = Varchar(length=5, default="id")  # the language they wrote in: the e-mails we send them
    received_at = Timestamptz(default=TimestamptzNow())
    deadline = Timestamptz(null=True, default=None)  # the legal deadline the receipt names
    by_desk = Integer(null=True, default=None)  # the staff member who entered a walk-in's request
    renew_hash = Varchar(length=64, default="", index=True)  # a link sent by e-mail for a new code
    renew_until = Timestamptz(null=True, default=None)


class SubmissionMessage(Table, tablename="core_submission_message"):
    """One message of the thread between the submitter and the staff handling the case."""

    id = Serial(primary_key=True)
    submission = ForeignKey(Submission, on_delete=OnDelete.restrict, index=True)
    from_staff = Boolean(default=False)
    author = Integer(null=True, default=None)  # the staff member's id; None for the submitter
    author_name = Varchar(length=200, default="")
    body = Text(default="")
    is_answer = Boolean(default=False)  # the answer to the request (shown on top of the tracking page)
    at = Timestamptz(default=TimestamptzNow())


class SubmissionStamp(Table, tablename="core_submission_stamp"):
    """Form stamps already used: a solved proof of work counts once."""

    id = Serial(primary_key=True)
    digest = Varchar(length=64, unique=True)
    expires_at = Timestamptz(index=True)
