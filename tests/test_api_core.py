"""The identity JSON API under /api/core/."""

import secrets

from balai.audit.tables import AuditEntry


def tag() -> str:
    return secrets.token_hex(3)


async def test_api_answers_401_403_by_login_and_permission(client, login, demo):
    anonymous = await client.get("/api/core/users")
    assert anonymous.status_code == 401 and anonymous.json()["detail"]
    assert (await client.get("/api/core/me")).status_code == 401
    assert (await client.get("/api/schema/openapi.json")).status_code == 401
    staf = await login("demo.staf")
    denied = await staf.get("/api/core/users")
    assert denied.status_code == 403 and "izin" in denied.json()["detail"]
    assert (await staf.post("/api/core/units", json={"code": "x", "name": "x", "kind": "seksi"})).status_code == 403
    me = (await staf.get("/api/core/me")).json()
    assert me["username"] == "demo.staf" and [r["role"] for r in me["roles"]] == ["staf"]


async def test_user_create_get_update_search(login):
    c = await login("admin")
    t = tag()
    r = await c.post("/api/core/users", json={"username": f"Rina.{t}", "full_name": "Rina Marlina",
                                              "nip": "19900215 201503 2 007", "golongan": "III/b",
                                              "password": "rahasia-123"})
    assert r.status_code == 201, r.text
    user = r.json()
    assert user["username"] == f"rina.{t}" and user["nip"] == "199002152015032007"
    assert user["pangkat"] == "Penata Muda Tingkat I" and user["active"] is True
    assert (await c.get(f"/api/core/users/{user['id']}")).json() == user
    r = await c.put(f"/api/core/users/{user['id']}", json={**user, "full_name": "Rina M.", "golongan": "III/c"})
    assert r.status_code == 200 and r.json()["pangkat"] == "Penata"
    found = (await c.get("/api/core/users", params={"q": "199002152015"})).json()
    assert [u["id"] for u in found["items"]] == [user["id"]] and found["total"] == 1 and found["page"] == 1
    assert await AuditEntry.exists().where((AuditEntry.action == "user.update")
                                           & (AuditEntry.object_id == str(user["id"])))


async def test_user_bad_input_and_unknown_id(login):
    c = await login("admin")
    r = await c.post("/api/core/users", json={"username": "admin", "full_name": "X", "nip": "1985",
                                              "password": "rahasia-123"})
    assert r.status_code == 400
    body = r.json()
    assert "sudah dipakai" in body["detail"] and "NIP harus 18 digit angka." in body["detail"]
    assert set(body["extra"]) == {"username", "nip"}
    missing = await c.post("/api/core/users", json={"username": "tanpa.nama"})
    assert missing.status_code == 400 and missing.json()["detail"]
    assert (await c.get("/api/core/users/999999")).status_code == 404
    r = await c.put("/api/core/users/999999", json={"username": "x.y", "full_name": "X"})
    assert r.status_code == 404 and r.json()["detail"] == "Pengguna tidak ditemukan."


async def test_units_tree_create_update_and_cycle(login, demo):
    c = await login("admin")
    t = tag()
    tree = (await c.get("/api/core/units")).json()
    depth = {u["code"]: u["depth"] for u in tree["items"]}
    assert depth["dinas"] == 0 and depth["industri"] == 1 and depth["industri-agro"] == 2
    r = await c.post("/api/core/units", json={"code": f"uji-{t}", "name": "Unit Uji", "kind": "bidang",
                                              "parent": demo["dinas"]})
    assert r.status_code == 201
    unit = r.json()
    child = (await c.post("/api/core/units", json={"code": f"anak-{t}", "name": "Anak", "kind": "seksi",
                                                   "parent": unit["id"]})).json()
    r = await c.put(f"/api/core/units/{unit['id']}", json={**unit, "parent": child["id"]})
    assert r.status_code == 400 and "di bawahnya" in r.json()["detail"]
    r = await c.put(f"/api/core/units/{unit['id']}", json={**unit, "name": "Unit Uji Baru"})
    assert r.status_code == 200 and r.json()["name"] == "Unit Uji Baru"
    assert (await c.get("/api/core/units/999999")).status_code == 404


async def test_positions_api(login, demo):
    c = await login("admin")
    holder = (await c.get("/api/core/users", params={"q": "demo.kepala-bidang"})).json()["items"][0]
    r = await c.post("/api/core/positions", json={"name": "Kepala Bidang Uji", "unit": demo["industri"],
                                                  "eselon": "III.a", "is_head": True, "holder": holder["id"],
                                                  "retirement_age": 58})
    assert r.status_code == 201, r.text
    position = r.json()
    assert position["holder"] == holder["id"] and position["is_head"] is True
    bad = await c.put(f"/api/core/positions/{position['id']}", json={**position, "eselon": "IX", "holder": 999999})
    assert bad.status_code == 400 and set(bad.json()["extra"]) == {"eselon", "holder"}
    listing = (await c.get("/api/core/positions", params={"q": "Bidang Uji"})).json()
    assert [p["id"] for p in listing["items"]] == [position["id"]]


async def test_role_assignments_api(login, demo):
    c = await login("admin")
    t = tag()
    user = (await c.post("/api/core/users", json={"username": f"kasi.{t}", "full_name": "Kasi",
                                                  "password": "rahasia-123"})).json()
    r = await c.post("/api/core/role-assignments", json={"user": user["id"], "role": "kepala_seksi",
                                                         "unit": demo["industri-agro"]})
    assert r.status_code == 201
    assignment = r.json()
    assert assignment["role_label"] == "Kepala Seksi" and assignment["unit_name"] == "Seksi Industri Agro"
    listed = (await c.get("/api/core/role-assignments", params={"user": user["id"]})).json()
    assert [a["id"] for a in listed["items"]] == [assignment["id"]]
    again = await c.post("/api/core/role-assignments", json={"user": user["id"], "role": "kepala_seksi",
                                                             "unit": demo["industri-agro"]})
    assert again.status_code == 400
    unknown = await c.post("/api/core/role-assignments", json={"user": user["id"], "role": "raja", "unit": 1})
    assert unknown.status_code == 400 and "Peran tidak dikenal." in unknown.json()["detail"]
    assert (await c.delete(f"/api/core/role-assignments/{assignment['id']}")).status_code == 204
    assert (await c.delete(f"/api/core/role-assignments/{assignment['id']}")).status_code == 404


async def test_openapi_schema_describes_the_dtos(login):
    c = await login("demo.staf")
    schema = (await c.get("/api/schema/openapi.json")).json()
    for path in ("/api/core/users", "/api/core/users/{user_id}", "/api/core/units", "/api/core/positions",
                 "/api/core/role-assignments", "/api/core/role-assignments/{assignment_id}", "/api/core/me"):
        assert path in schema["paths"], path
    components = schema["components"]["schemas"]
    user_in = next(v for k, v in components.items() if k.endswith("UserIn"))
    assert {"username", "full_name", "nip", "golongan", "password"} <= set(user_in["properties"])
    assert any(k.endswith("RoleAssignmentOut") for k in components)
