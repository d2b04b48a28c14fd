"""Admin pages for the organisation tree and positions (jabatan)."""

import secrets

from balai.identity.tables import Position, Unit, User

from balai.audit.tables import AuditEntry


def tag() -> str:
    return secrets.token_hex(3)


async def test_unit_tree_shows_nesting(login, demo):
    c = await login("admin")
    r = await c.get("/admin/units")
    assert r.status_code == 200
    text = r.text
    # children follow their parent and are indented one level deeper
    assert text.index("Bidang Perindustrian") < text.index("Seksi Industri Agro")
    assert 'padding-left: 1.5rem' in text.split("Bidang Perindustrian")[0].rsplit("<li", 1)[1]
    assert 'padding-left: 3.0rem' in text.split("Seksi Industri Agro")[0].rsplit("<li", 1)[1]


async def test_create_and_edit_unit_with_audit(login, demo):
    c = await login("admin")
    t = tag()
    r = await c.post("/admin/units/new", data={"code": f"seksi-{t}", "name": f"Seksi Uji {t}", "kind": "seksi",
                                               "parent": demo["industri"], "sort": "5"}, follow_redirects=False)
    assert r.status_code == 303
    unit = await Unit.select().where(Unit.code == f"seksi-{t}").first()
    assert unit["parent"] == demo["industri"]
    r = await c.post(f"/admin/units/{unit['id']}", data={"code": f"seksi-{t}", "name": f"Seksi Baru {t}",
                                                        "kind": "seksi", "parent": demo["industri"]},
                     follow_redirects=False)
    assert r.status_code == 303
    assert f"Seksi Baru {t}" in (await c.get("/admin/units")).text
    entry = await AuditEntry.select().where((AuditEntry.action == "unit.update")
                                             & (AuditEntry.object_id == str(unit["id"]))).first()
    assert entry["detail"]


async def test_unit_cycle_and_duplicate_code_are_refused(login, demo):
    c = await login("admin")
    t = tag()
    await c.post("/admin/units/new", data={"code": f"atas-{t}", "name": "Atas", "kind": "bidang"})
    top = await Unit.select().where(Unit.code == f"atas-{t}").first()
    await c.post("/admin/units/new", data={"code": f"bawah-{t}", "name": "Bawah", "kind": "seksi", "parent": top["id"]})
    below = await Unit.select().where(Unit.code == f"bawah-{t}").first()
    r = await c.post(f"/admin/units/{top['id']}", data={"code": f"atas-{t}", "name": "Atas diubah", "kind": "bidang",
                                                        "parent": below["id"]})
    assert r.status_code == 400
    assert "Unit induk tidak boleh unit itu sendiri atau unit di bawahnya." in r.text
    assert 'value="Atas diubah"' in r.text
    assert (await Unit.select().where(Unit.id == top["id"]).first())["parent"] is None
    r = await c.post(f"/admin/units/{top['id']}", data={"code": f"atas-{t}", "name": "Atas", "kind": "bidang",
                                                        "parent": top["id"]})
    assert r.status_code == 400
    r = await c.post("/admin/units/new", data={"code": "industri", "name": "Kembar", "kind": "galaksi"})
    assert r.status_code == 400
    assert "Kode unit &#39;industri&#39; sudah dipakai." in r.text
    assert "Jenis unit tidak dikenal." in r.text


async def test_positions_create_with_holder_and_validation(login, demo):
    c = await login("admin")
    t = tag()
    bad = await c.post("/admin/positions/new", data={
        "name": f"Analis {t}", "eselon": "V.z", "unit": demo["industri"], "holder_username": "tidak.ada",
        "retirement_age": "99"})
    assert bad.status_code == 400
    for message in ("Eselon tidak dikenal.", "Pengguna &#39;tidak.ada&#39; tidak ditemukan.",
                    "Batas usia pensiun harus antara 50 dan 70 tahun."):
        assert message in bad.text
    assert f'value="Analis {t}"' in bad.text
    ok = await c.post("/admin/positions/new", data={
        "name": f"Kepala Seksi Uji {t}", "eselon": "IV.a", "unit": demo["industri-agro"], "is_head": "1",
        "holder_username": "demo.kepala-seksi", "retirement_age": "58"}, follow_redirects=False)
    assert ok.status_code == 303
    row = await Position.select().where(Position.name == f"Kepala Seksi Uji {t}").first()
    assert row["is_head"] and row["eselon"] == "IV.a" and row["holder"]
    listing = await c.get("/admin/positions", params={"q": t})
    holder = await User.select(User.full_name).where(User.id == row["holder"]).first()  # demo.kepala-seksi
    assert holder["full_name"] in listing.text and "Seksi Industri Agro" in listing.text
    edit = await c.get(f"/admin/positions/{row['id']}")
    assert 'value="demo.kepala-seksi"' in edit.text
    assert await AuditEntry.exists().where((AuditEntry.action == "position.create")
                                           & (AuditEntry.object_id == str(row["id"])))
