"""The plugin contract: every hook a Balai plugin may implement.

Each hook is documented here and in ``docs/hooks.md`` (a test keeps the two in step, and
another test fails for a hook that no test exercises). Hooks whose name says they return
something may return the value itself or an awaitable of it: Balai awaits it when needed.
Hooks marked ``firstresult`` are synchronous.

Implement a hook with :data:`balai.api.hookimpl`::

    from balai.api import hookimpl

    @hookimpl
    def roles():
        return [Role("pengelola_surat", "Pengelola Surat", permissions=["persuratan.register"])]
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("balai")


@hookspec
def piccolo_apps():
    """Dotted paths of the plugin's Piccolo ``piccolo_app`` modules.

    Return a list like ``["balai_persuratan.piccolo_app"]``. Each module defines ``APP_CONFIG``
    (a ``piccolo.conf.apps.AppConfig``) whose ``app_name`` is the plugin's name and whose table
    names start with ``<plugin>_``. Migrations run only through ``balai migrate``.
    """


@hookspec
def page_routes():
    """Litestar route handlers (or routers) for HTML pages.

    Balai mounts them under ``/<plugin>/``, left out of the OpenAPI schema. Every handler must
    say what it needs in its ``opt``: ``opt={"permission": "<code>"}`` or ``opt={"public": True}``;
    a handler with neither is refused at start-up (deny by default).
    """


@hookspec
def api_routes():
    """Litestar route handlers (or routers) for the JSON API, mounted under ``/api/<plugin>/``.

    The same ``opt`` rules as :func:`page_routes` apply.
    """


@hookspec
def permissions():
    """A list of :class:`balai.api.Permission` the plugin introduces (``<plugin>.<action>``)."""


@hookspec
def roles():
    """A list of :class:`balai.api.Role`: the SOP actors this plugin knows, with their permissions.

    A role is held by a user within an organisation unit (its scope). The list may also hold
    :class:`balai.api.Grant` objects, which add the plugin's permissions to a role declared by the
    core or another plugin; a grant to an unknown role stops start-up.
    """


@hookspec
def menu_items(user):
    """Navigation entries for ``user`` (a :class:`balai.api.CurrentUser`, never ``None``).

    Return :class:`balai.api.MenuItem` objects; Balai itself drops entries whose permission
    the user lacks, so a plugin may return all of its entries. A plugin whose implementation
    raises is logged with its name and the other plugins' entries still show.
    """


@hookspec
def dashboard_widgets(user):
    """Dashboard panels for ``user``: a list of :class:`balai.api.Widget`.

    A widget names a template (``<plugin>/...``) and a context, which may be awaitable.
    Widgets whose permission the user lacks are dropped by Balai. A plugin whose implementation
    (or a widget's context) raises is logged with its name and the other widgets still show.
    """


@hookspec
def template_dirs():
    """Folders holding the plugin's Jinja templates, instead of ``templates/`` beside its module.

    Only needed to override the convention. Templates inside must live under a folder named
    after the plugin (``<plugin>/page.html``), so that two plugins never shadow each other.
    """


@hookspec
def static_dirs():
    """A folder of static files served at ``/static/<plugin>/``, instead of ``static/`` beside the
    plugin's module. Only needed to override the convention. Return one path or ``None``."""


@hookspec
def locale_dirs():
    """A folder holding ``<lang>/LC_MESSAGES/<plugin>.po`` catalogues, instead of ``locale/``
    beside the plugin's module. Only needed to override the convention.

    They are merged into Balai's translations, so the plugin's templates and code use the
    ordinary ``_()`` and ``{% trans %}``.
    """


@hookspec
def cli_commands(subparsers):
    """Add sub-commands to the ``balai`` command line.

    ``subparsers`` is the ``argparse`` sub-parser collection; set ``func`` on each parser with
    ``set_defaults(func=...)``. ``func`` receives the parsed arguments and may be a coroutine.
    """


@hookspec
def demo_data(units):
    """Seed demonstration data for ``balai demo``, after the core has made the org tree.

    ``units`` maps unit codes (``"dinas"``, ``"sekretariat"``, ``"umum"``, ...) to unit ids.
    May be a coroutine.
    """


@hookspec
def startup(app):
    """Called once when the Litestar ``app`` starts (in every worker). May be a coroutine."""


@hookspec
def sop_definitions():
    """A list of :class:`balai.api.SOP`: the Standard Operating Procedures the plugin runs.

    Definitions are checked at start-up; a broken one stops Balai with a message that names the
    SOP and the step.
    """


@hookspec
def validate_action(case, task, action, data):
    """Check an action before it happens. Return a list of messages (empty when fine).

    ``case`` and ``task`` are row dicts, ``action`` the :class:`balai.api.Action`, ``data`` the
    submitted form as a dict. Any message stops the action and is shown to the user.
    May be a coroutine.
    """


@hookspec
def step_entered(case, step, task):
    """Called after a task for ``step`` has been opened on ``case``. May be a coroutine."""


@hookspec
def step_completed(case, step, task, action, data):
    """Called after ``task`` was closed by ``action``, before the case moves on.

    Used for example to give a letter its number. May be a coroutine.
    """


@hookspec
def task_panel(case, task, request):
    """Return HTML (``markupsafe.Markup`` or ``str``) for the detail panel of a task, or ``None``.

    ``case`` and ``task`` are :class:`balai.api.Case` and :class:`balai.api.Task` dicts, ``request``
    the task page's request (its user is ``request.scope["user"]``; render a template with
    :func:`balai.api.render_fragment`). May be a coroutine: Balai awaits it and the panel is part
    of the same response. Answer ``None`` for tasks that are not yours; the first panel given wins.
    """


@hookspec
def notifiers():
    """Extra notification channels: a list of objects with an async ``send(user, message)``.

    A plugin whose implementation or channel raises is logged with its name; the other channels
    still deliver.
    """


@hookspec
def scheduled_jobs():
    """A list of :class:`balai.api.Job`: coroutines Balai runs on a schedule, once across workers."""


@hookspec
def counting_rules():
    """A list of :class:`balai.api.CountingRule`: the plugin's named ways of counting days.

    A rule's code starts with ``<plugin>.``; the administrator decides per rule whether cuti
    bersama is a working day (the rule's ``cuti_bersama_libur`` is the default). Deadlines and
    clocks name the rule they count by: ``balai.api.calendar.add_working_days(..., rule=code)``,
    ``Clock(..., rule=code)``.
    """


@hookspec
def can_access_document(user, owner_type, owner_id, action):
    """May ``user`` read or add to the documents attached to a record? Answer ``True``, ``False`` or ``None``.

    ``user`` is a :class:`balai.api.CurrentUser`; ``owner_type`` (e.g. ``"case"``, ``"surat"``) and
    ``owner_id`` (an ``int``) name the record the documents belong to; ``action`` is ``"read"``
    (list, download) or ``"write"`` (upload a document or a new version).

    Answer ``None`` for owner types that are not yours. The documents service allows the action
    only when at least one plugin answers ``True`` and none answers ``False``; with no ``True`` it
    is denied. Users holding ``core.admin`` may always read. May return an awaitable. The core
    workflow answers for ``owner_type="case"``.
    """


@hookspec(firstresult=True)
def allocate_number(request):
    """Number an official document: answer an awaitable of :class:`balai.api.AllocatedNumber`, or ``None``.

    ``request`` is a :class:`balai.api.NumberRequest` (kind, classification, unit, date, subject,
    addressee, the asking plugin and its record). The plugin that keeps the agency's register of
    outgoing documents answers for the kinds it numbers, taking the serial inside the caller's
    transaction (the core opens one before asking); the first answer wins, and with none the core's
    own counter numbers the document. Implement it as a plain ``def`` that returns ``None`` or a
    coroutine: an ``async def`` would answer for every kind.
    """


@hookspec
def public_forms():
    """A list of :class:`balai.api.PublicForm`: forms on a public page that open a case of one of
    the plugin's SOPs (``started_by=PUBLIC``), with their fields and required documents.

    Balai serves each at ``/forms/<code>`` (confidential: no address or user agent is kept), gives
    the submitter a tracking code and a receipt, and keeps the thread between submitter and staff
    on the case. Forms are checked at start-up; a broken one stops Balai, naming the form.
    """


@hookspec
def sealed_columns():
    """The plugin's columns that hold values sealed with :func:`balai.api.seal_text` or
    :func:`balai.api.seal_json`: a list of Piccolo columns, e.g. ``[Laporan.isi, Laporan.pelapor]``.

    ``balai reseal`` re-encrypts the sealed values it finds in them with the newest sealing key
    (a ``Text``/``Varchar`` column holding one token, or a ``JSON`` column holding tokens anywhere
    inside), and retires an old key only once no listed column uses it. A column left out keeps
    its old key's values, and that key must then stay in the key file.
    """


@hookspec
def handover_targets():
    """A list of :class:`balai.api.HandoverTarget`: the plugin's SOPs that take cases handed over
    from other SOPs (an SP4N complaint that is really an information request becomes a PPID request).

    Each names its ``sop`` (one of the plugin's own), the SOPs it ``accepts`` cases from (empty: any
    other), and optionally a ``label``, the ``unit`` code the new case belongs to and a
    ``complete_first`` action of the first step. A disabled plugin declares nothing, so hand-over to
    it is neither offered nor accepted. Checked at start-up; a broken one stops Balai, naming it.
    """


@hookspec
def case_handed_over(case, from_case, reason, user):
    """Called after ``from_case`` was handed over and ``case`` opened from it, in the same transaction.

    ``case`` and ``from_case`` are :class:`balai.api.Case` dicts, ``reason`` the text the user gave,
    ``user`` the :class:`balai.api.CurrentUser` who handed it over. The receiving plugin makes its own
    record here (the link to the handed case exists now: ``balai.api.case_links``); raising undoes the
    whole hand-over. May be a coroutine.
    """


@hookspec
def personal_data():
    """A list of :class:`balai.api.PersonalData`: the plugin's kinds of records holding personal data
    (UU 27/2022): the fields (NIK, address, the health reason of a sick leave, family data), the kinds
    of documents (scans of the KTP and KK) and how long those documents are kept.

    Balai logs every download of a declared document kind, deletes expired documents with a
    scheduled job (leaving a tombstone), and finds a person's cases and records for an export on
    request; the plugin logs its own views with :func:`balai.api.record_view`. Checked at start-up;
    a broken one stops Balai, naming it.
    """
