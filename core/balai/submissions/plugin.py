"""Citizens' submissions as a core plugin: public forms, tracking codes, the thread with staff.

A plugin declares its forms with the ``public_forms()`` hook (balai.api.PublicForm); this
service serves them, checks them at start-up, and answers for the documents of the thread.
"""

from __future__ import annotations

from pathlib import Path

from litestar.static_files import create_static_files_router

from balai.api import hookimpl
from balai.i18n import lazy_gettext
from balai.identity.access import LOGIN
from balai.registry import MenuItem

STATIC = Path(__file__).resolve().parent / "static"


@hookimpl
def piccolo_apps():
    return ["balai.submissions.piccolo_app"]


@hookimpl
def page_routes():
    from balai.submissions import pages

    # Only the citizens' pages load this script: its requests are confidential like theirs.
    static = create_static_files_router("/static/submissions", [STATIC], opt={"public": True, "confidential": True},
                                        name="static-submissions")
    return pages.routes() + [static]


@hookimpl
def api_routes():
    from balai.submissions import api

    return api.routes()


@hookimpl
def startup(app):
    """Check every plugin's public forms now: a broken one stops start-up, naming the form."""
    from balai.context import current
    from balai.submissions import forms

    ctx = current()
    ctx.extra[forms.EXTRA] = forms.load_forms(ctx)


@hookimpl
def menu_items(user):
    from balai.submissions.pages import desk_forms

    if not desk_forms(user):
        return []
    return [MenuItem(lazy_gettext("Loket Permohonan"), "/submissions/desk", permission=LOGIN, order=45)]


@hookimpl
def sealed_columns():
    """A sealed SOP's submissions keep the submitter's e-mail and the messages sealed (balai reseal)."""
    from balai.submissions.tables import Submission, SubmissionMessage

    return [Submission.email, SubmissionMessage.body]


@hookimpl
def can_access_document(user, owner_type, owner_id, action):
    """Attachments of a submission's thread: read by whoever may see the case; added only
    through the thread itself (balai.submissions.service.post_message)."""
    from balai.submissions.service import MESSAGE_OWNER

    if owner_type != MESSAGE_OWNER:
        return None
    if action != "read":
        return False

    async def answer():
        from balai.submissions.tables import SubmissionMessage
        from balai.workflow import engine

        row = await SubmissionMessage.select(SubmissionMessage.submission.case.as_alias("case")).where(
            SubmissionMessage.id == owner_id).first()
        return row is not None and await engine.can_view_case(user, row["case"])

    return answer()
