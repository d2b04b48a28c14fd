"""Admin pages for users: list, search, pagination, create/edit with validation, deactivate."""

import json
import re
import secrets

from balai.identity.tables import User

from balai.audit.tables import AuditEntry
from balai.testing import sign_in


def tag() -> str:
    return secrets.token_hex(3)


def user_form(**values) -> dict:
    form = {"username": "", "full_name": "", "nip": "", "golongan": "", "email": "", "phone": "",
            "password": "rahasia-123", "active": "1"}
    form.update(values)
    return form


async def test_admin_sees_menu_entry_and_user_list(login):
    c = await login("admin")
    home = await c.get("/")
    assert 'href="/admin"' in home.text and "Administrasi" in home.text
    r = await c.get("/admin", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/users"
    page = await c.get("/admin/users")
    assert page.status_code == 200
    assert "Administrator Balai" in page.text


async def test_create_user_stores_nip_as_18_digits_and_writes_audit(login):
    c = await login("admin")
    t = tag()
    r = await c.post("/admin/users/new", data=user_form(
        username=f"siti.{t}", full_name="Siti Rahmah", nip="19850312 201001 2 004", golongan="III/a",
        email="siti@example.go.id", phone="+62 541 123456"), follow_redirects=False)
    assert r.status_code == 303, r.text
    row = await User.select().where(User.username == f"siti.{t}").first()
    assert row["nip"] == "198503122010012004"
    assert r.headers["location"] == f"/admin/users/{row['id']}"
    edit = await c.get(r.headers["location"])
    assert 'value="198503122010012004"' in edit.text
    assert "III/a — Penata Muda" in edit.text
    entry = await AuditEntry.select().where(
        (AuditEntry.action == "user.create") & (AuditEntry.object_id == str(row["id"]))).first()
    assert entry["actor_name"] == "admin"
    # the new account works
    other = type(c)(transport=c._transport, base_url=c.base_url)
    async with other:
        await sign_in(other, f"siti.{t}", "rahasia-123")


async def test_bad_input_redisplays_form_with_messages_and_nothing_saved(login):
    c = await login("admin")
    before = await User.count()
    r = await c.post("/admin/users/new", data=user_form(
        username="admin", full_name="Budi Santoso", nip="1234", email="bukan-email", password="pendek"))
    assert r.status_code == 400
    assert "Nama pengguna &#39;admin&#39; sudah dipakai." in r.text
    assert "NIP harus 18 digit angka." in r.text
    assert "Alamat email tidak sah." in r.text
    assert "Kata sandi paling sedikit 8 karakter." in r.text
    assert 'value="Budi Santoso"' in r.text and 'value="1234"' in r.text
    password = re.search(r'<input[^>]*name="password"[^>]*>', r.text).group(0)
    assert 'value=""' in password and "pendek" not in r.text  # never echoed back
    assert await User.count() == before


async def test_nip_rules_are_checked(login):
    c = await login("admin")
    t = tag()
    cases = {
        "19851312 201001 2 004": "8 digit pertama harus tanggal lahir",
        "19850312 199001 2 004": "TMT CPNS",
        "19850312 201001 3 004": "digit ke-15",
        "19850312 201001 2 000": "nomor urut tidak boleh 000",
    }
    for nip, message in cases.items():
        r = await c.post("/admin/users/new", data=user_form(username=f"nip.{t}", full_name="Uji NIP", nip=nip))
        assert r.status_code == 400 and message in r.text, nip
    ok = await c.post("/admin/users/new", data=user_form(username=f"nip.{t}", full_name="Uji NIP",
                                                          nip="198503122010012005"), follow_redirects=False)
    assert ok.status_code == 303
    again = await c.post("/admin/users/new", data=user_form(username=f"nip2.{t}", full_name="Uji NIP 2",
                                                             nip="198503122010012005"))
    assert again.status_code == 400 and "sudah terdaftar" in again.text


async def test_search_by_name_username_and_nip_with_pagination(login):
    c = await login("admin")
    t = tag()
    for i in range(23):
        await User.insert(User(username=f"{t}.p{i:02d}", full_name=f"Pegawai {t} {i:02d}",
                               nip=f"19900101201501{1 + i % 2}{i + 1:03d}"[:18] if i == 7 else None))
    first = await c.get("/admin/users", params={"q": t})
    assert first.text.count(f"Pegawai {t} ") == 20
    assert "Halaman 1 dari 2 · 23 data" in first.text
    second = await c.get("/admin/users", params={"q": t, "page": 2})
    assert second.text.count(f"Pegawai {t} ") == 3
    by_username = await c.get("/admin/users", params={"q": f"{t}.p05"})
    assert by_username.text.count(f"Pegawai {t} ") == 1
    by_nip = await c.get("/admin/users", params={"q": "19900101 201501 2 008"})
    assert f"Pegawai {t} 07" in by_nip.text
    # HTMX: only the table comes back
    fragment = await c.get("/admin/users", params={"q": t, "page": 2},
                           headers={"HX-Request": "true", "HX-Target": "users-table"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<nav class=\"navbar" not in fragment.text
    assert 'data-testid="users-table"' in fragment.text and fragment.text.count(f"Pegawai {t} ") == 3


async def test_edit_keeps_password_when_blank_and_deactivation_ends_sessions(login, app):
    admin_client = await login("admin")
    t = tag()
    r = await admin_client.post("/admin/users/new", data=user_form(username=f"andi.{t}", full_name="Andi"),
                                follow_redirects=False)
    user_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = await admin_client.post(f"/admin/users/{user_id}", data=user_form(
        username=f"andi.{t}", full_name="Andi Wijaya", password="", golongan="II/c"), follow_redirects=False)
    assert r.status_code == 303
    row = await User.select().where(User.id == user_id).first()
    assert row["full_name"] == "Andi Wijaya" and row["golongan"] == "II/c"
    andi = await login(f"andi.{t}", "rahasia-123")  # old password still valid
    assert (await andi.get("/")).status_code == 200
    r = await admin_client.post(f"/admin/users/{user_id}/deactivate", follow_redirects=False)
    assert r.status_code == 303
    assert (await andi.get("/", follow_redirects=False)).status_code == 303  # signed out
    assert not (await User.select(User.active).where(User.id == user_id).first())["active"]
    assert await AuditEntry.exists().where((AuditEntry.action == "user.deactivate")
                                           & (AuditEntry.object_id == str(user_id)))


async def test_admin_cannot_deactivate_own_account(login):
    c = await login("admin")
    me = (await c.get("/api/core/me")).json()
    r = await c.post(f"/admin/users/{me['id']}/deactivate", follow_redirects=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in r.text
    assert (await User.select(User.active).where(User.id == me["id"]).first())["active"]


async def test_unknown_user_is_404_page(login):
    c = await login("admin")
    r = await c.get("/admin/users/999999")
    assert r.status_code == 404
    assert "Pengguna tidak ditemukan." in r.text
    # Saving or deactivating one that does not exist is the same 404, never a 500 or a new user.
    for path in ("/admin/users/999999", "/admin/users/999999/deactivate"):
        r = await c.post(path, data={"username": "hantu", "full_name": "Hantu", "active": "1"})
        assert r.status_code == 404 and "Pengguna tidak ditemukan." in r.text
    assert not await User.exists().where(User.username == "hantu")


async def test_a_password_reset_by_the_admin_ends_the_users_sessions(login, make_user):
    """Whoever signed in with the old password (a stolen one, a shared desk) is out once the
    administrator sets a new one; the administrator's own session stays, and the log says so."""
    admin_client = await login("admin")
    user = await make_user()
    page, api = await login(user), await login(user)
    assert (await page.get("/")).status_code == 200
    row = await User.select().where(User.id == user.id).first()
    r = await admin_client.post(f"/admin/users/{user.id}", data=user_form(
        username=row["username"], full_name=row["full_name"], password="baru-sekali-123"), follow_redirects=False)
    assert r.status_code == 303, r.text
    gone = await page.get("/", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    assert (await api.get("/api/core/me")).status_code == 401
    assert (await admin_client.get("/admin/users")).status_code == 200
    entry = await AuditEntry.select().where(
        (AuditEntry.action == "user.update") & (AuditEntry.object_id == str(user.id))).first()
    detail = json.loads(entry["detail"])
    assert detail["password"] == "diubah" and detail["sessions_ended"] == 2
    await login(row["username"], "baru-sekali-123")  # the new password works


async def test_a_password_reset_through_the_api_ends_sessions_but_the_callers_own(login, make_user):
    user = await make_user(roles=[("admin_sistem", "dinas")])
    me, other = await login(user), await login(user)
    body = (await me.get(f"/api/core/users/{user.id}")).json()
    body = {k: body[k] for k in ("username", "full_name", "golongan", "email", "phone", "active")}
    r = await me.put(f"/api/core/users/{user.id}", json={**body, "password": "baru-sekali-123"})
    assert r.status_code == 200, r.text
    assert (await me.get("/api/core/me")).status_code == 200  # changing one's own: still in
    assert (await other.get("/api/core/me")).status_code == 401
