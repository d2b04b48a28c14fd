"""Scoped role assignments, what a scoped user may see, the plugins page and the audit log."""

import re
import secrets
from pathlib import Path

from balai.identity.access import subtrees
from balai.identity.tables import RoleAssignment, Unit
from balai.audit.tables import AuditEntry

REPO = Path(__file__).resolve().parent.parent


async def new_user(c, username: str, full_name: str) -> int:
    r = await c.post("/admin/users/new", data={"username": username, "full_name": full_name,
                                               "password": "rahasia-123", "active": "1"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


async def test_scoped_role_gives_only_what_the_role_allows(login, demo):
    admin = await login("admin")
    t = secrets.token_hex(3)
    user_id = await new_user(admin, f"kabid.{t}", "Kabid Perindustrian")
    r = await admin.post("/admin/roles", data={"user_username": f"kabid.{t}", "role": "kepala_bidang",
                                               "unit": demo["industri"]}, follow_redirects=False)
    assert r.status_code == 303
    listing = await admin.get("/admin/roles", params={"q": f"kabid.{t}"})
    assert "Kepala Bidang / Kepala UPTD" in listing.text and "Bidang Perindustrian" in listing.text

    kabid = await login(f"kabid.{t}", "rahasia-123")
    me = (await kabid.get("/api/core/me")).json()
    assert [(r["role"], r["unit"]) for r in me["roles"]] == [("kepala_bidang", demo["industri"])]
    assert "core.admin" not in me["permissions"]
    home = await kabid.get("/")
    assert 'href="/admin"' not in home.text and "Administrasi" not in home.text
    for url in ("/admin", "/admin/users", "/admin/roles", "/admin/audit"):
        denied = await kabid.get(url)
        assert denied.status_code == 403, url
        assert "Anda tidak memiliki izin" in denied.text
        assert "Traceback" not in denied.text and "litestar" not in denied.text.lower()
    refused = await kabid.post("/admin/users/new", data={"username": "x.y", "full_name": "X", "password": "p" * 9})
    assert refused.status_code == 403

    # revoke
    row = await RoleAssignment.select().where(RoleAssignment.user == user_id).first()
    r = await admin.post(f"/admin/roles/{row['id']}/revoke", data={"next": f"/admin/users/{user_id}"},
                         follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/admin/users/{user_id}"
    assert not await RoleAssignment.exists().where(RoleAssignment.user == user_id)
    assert (await kabid.get("/api/core/me")).json()["roles"] == []
    for action in ("role.assign", "role.revoke"):
        assert await AuditEntry.exists().where((AuditEntry.action == action)
                                               & (AuditEntry.object_id == str(row["id"])))


async def test_role_scope_covers_the_unit_and_everything_below(login, demo):
    admin = await login("admin")
    t = secrets.token_hex(3)
    await new_user(admin, f"auditor.{t}", "Auditor Sekretariat")
    await admin.post("/admin/roles", data={"user_username": f"auditor.{t}", "role": "admin_sistem",
                                           "unit": demo["sekretariat"]})
    auditor = await login(f"auditor.{t}", "rahasia-123")
    assert (await auditor.get("/admin/audit")).status_code == 200
    # the grant covers Sekretariat and its Subbag, not the Bidang next to it
    tree = subtrees([(u["id"], u["parent"]) for u in await Unit.select(Unit.id, Unit.parent)])
    assert {demo["umum"], demo["keuangan"], demo["sekretariat"]} <= tree[demo["sekretariat"]]
    from balai.identity.auth import user_for_session

    user = await user_for_session(auditor.cookies.get("balai_session"), auditor._transport.app.state.catalogue)
    assert user.can("core.audit", demo["umum"])
    assert not user.can("core.audit", demo["industri"])
    assert user.units_for("core.audit") == frozenset(tree[demo["sekretariat"]])


async def test_bad_assignment_redisplays_with_messages(login, demo):
    admin = await login("admin")
    r = await admin.post("/admin/roles", data={"user_username": "tidak.ada", "role": "raja", "unit": ""})
    assert r.status_code == 400
    assert "Pengguna &#39;tidak.ada&#39; tidak ditemukan." in r.text
    assert "Peran tidak dikenal." in r.text and "Unit wajib dipilih." in r.text
    assert 'value="tidak.ada"' in r.text
    r = await admin.post("/admin/roles", data={"user_username": "demo.staf", "role": "staf", "unit": demo["industri"]})
    assert r.status_code == 400
    assert "sudah memegang peran tersebut" in r.text


async def test_plugins_page_lists_plugins_with_their_roles(login, app):
    admin = await login("admin")
    r = await admin.get("/admin/plugins")
    assert r.status_code == 200
    assert "admin_sistem" in r.text and "core.admin" in r.text
    for p in app.state.host.plugins:
        section = r.text.split(f'data-testid="plugin-{p.meta.name}"')[1].split("</section>")[0]
        assert p.meta.version in section and p.meta.core.replace(">", "&gt;").replace("<", "&lt;") in section
        assert ("Aktif" if p.enabled else "Tidak aktif") in section
        for role in getattr(p.module, "roles", lambda: [])() or []:
            # a Grant (more permissions for a role declared elsewhere) names no role of its own
            assert getattr(role, "code", None) is None or role.code in section


async def test_audit_page_filters_entries(login, demo):
    admin = await login("admin")
    t = secrets.token_hex(3)
    user_id = await new_user(admin, f"jejak.{t}", "Jejak Audit")
    page = await admin.get("/admin/audit", params={"action": "user.create", "actor": "admin"})
    assert page.status_code == 200
    assert re.search(rf"user {user_id}\b", page.text)
    assert f"jejak.{t}" in page.text  # the detail shows what was set
    none = await admin.get("/admin/audit", params={"actor": "tidak.ada"})
    assert "Tidak ada catatan yang cocok." in none.text
    fragment = await admin.get("/admin/audit", params={"object_type": "user"},
                               headers={"HX-Request": "true", "HX-Target": "audit-table"})
    assert "<html" not in fragment.text and 'data-testid="audit-table"' in fragment.text
    staf = await login("demo.staf")
    assert (await staf.get("/admin/audit")).status_code == 403


def test_audit_log_is_only_ever_inserted():
    """No code in the core or the bundled plugins updates or deletes audit rows."""
    offenders = []
    for path in list((REPO / "core").rglob("*.py")) + list((REPO / "plugins").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"AuditEntry\s*\.\s*(update|delete|raw)\b", text) or re.search(
                r"(UPDATE|DELETE\s+FROM)\s+core_audit", text, re.IGNORECASE):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
