"""Every form Balai serves refuses hostile input with a message: no server error, nothing stored.

The forms are found the way a person finds them: every page an administrator can open is
fetched, and each form on it is sent back twice: every field filled with something wrong for
its kind (30 February, a 20 000-character text, a choice that does not exist), then every field
a 30-digit number (beyond any column or id); the sending is balai.testing.forms, which
``balai check-plugin`` runs on a plugin's own pages. A POST form must refuse the first with a 4xx and
its message; a filter (GET) form may answer anything but a server error. Forms that are only a button (no field to fill) are left out: they have nothing to fuzz.
"""

from __future__ import annotations

from balai.testing.forms import LEAVE_SESSION as SIGN_OUT, get_pages, hostile_form_failures

# Forms that end or change the administrator's own session (the kiosk signs staff out by design).
LEAVE_SESSION = SIGN_OUT + ("/layanan/anjungan/buka",)
PAGES_WITH_IDS = ("/admin/users/1", "/admin/units/1", "/admin/positions/1")


async def _record_pages() -> set[str]:
    """Pages of records that exist: an open task and a letter of the demo agency."""
    from balai.workflow.tables import Task
    from balai_persuratan.tables import SuratMasuk

    task = await Task.select(Task.id).where(Task.state == "terbuka").first()
    letter = await SuratMasuk.select(SuratMasuk.id).first()
    return {f"/tasks/{task['id']}", f"/cases/{task['id']}", f"/persuratan/masuk/{letter['id']}"}


async def _pages(app) -> list[str]:
    return sorted(set(get_pages(app)) | set(PAGES_WITH_IDS) | await _record_pages())


async def test_every_form_refuses_hostile_input(app, demo, login):
    c = await login("admin")
    sent, failures = await hostile_form_failures(c, await _pages(app), leave=LEAVE_SESSION)
    assert len({a for m, a, _f in sent if m == "post"}) >= 20, sorted(sent)  # the forms were really found
    assert len({a for m, a, _f in sent if m == "get"}) >= 5, sorted(sent)
    assert not failures, "\n".join(failures)
