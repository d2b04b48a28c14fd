"""SOP 8 from the incoming BAST to each unit's signed receipt, with its letters, the reservations and
the ledger; and the sheet drawn from the definition."""

from __future__ import annotations

import secrets

from balai.api import act, case_tasks, get_case, issued_for
from balai.testing import csrf_from

from balai_bmd import persediaan
from balai_bmd.tables import Penerimaan, Permintaan
from bmd_support import ruang_baru


async def _open(case_id, step=None):
    tasks = [t for t in await case_tasks(case_id) if t["state"] in ("terbuka", "menunggu")]
    return [t for t in tasks if step is None or t["step"] == step]


async def test_sop_8_walks_from_the_bast_to_the_receipts(login, make_user, demo):
    gudang = await ruang_baru("Gudang ATK", gudang=True)
    item = await persediaan.tambah_barang({"nama": f"Map snelhecter {secrets.token_hex(3)}", "satuan": "buah"})
    pengurus = await make_user(roles=[("pengurus_barang", "umum")], unit="umum")
    kadis = await make_user(roles=[("kepala_dinas", "dinas")], unit="dinas")
    pejabat = await make_user(roles=[("pejabat_penatausahaan_barang", "sekretariat")], unit="sekretariat")
    kabid = {u: await make_user(roles=[("kepala_bidang", u)], unit=u) for u in ("industri", "perdagangan")}

    c = await login(pengurus)
    page = await c.get("/bmd/penerimaan/baru")
    form = {"_csrf_token": csrf_from(page.text), "gudang": str(gudang["id"]), "dokumen_sumber": "SP2D 0912/2026",
            "penyedia": "CV Mahakam Jaya", "penerima": "", "barang_1": str(item["id"]), "jumlah_1": "10",
            "harga_1": "5000"}
    bad = await c.post("/bmd/penerimaan/baru", data=form)
    assert bad.status_code == 400 and "BAST harus menyebut penerima barang" in bad.text and "SP2D 0912/2026" in bad.text
    ok = await c.post("/bmd/penerimaan/baru", data={**form, "penerima": "Rudi Hartono"})
    assert ok.status_code == 303
    case_id = int(ok.headers["location"].rsplit("/", 1)[1])

    # 1: the Kepala Dinas hands it over: the BAST penerimaan is numbered and the goods enter the ledger.
    [t1] = await _open(case_id, "serahkan")
    await act(t1["id"], "serahkan", user=await kadis.current())
    pen = await Penerimaan.select().where(Penerimaan.case_id == case_id).first()
    assert pen["status"] == "diterima" and pen["nomor_bast"]
    assert await persediaan.stok(item["id"], gudang["id"]) == 10
    # 2: booked, the unit heads are told.
    [t2] = await _open(case_id, "bukukan")
    await act(t2["id"], "disposisi", user=await pengurus.current(),
              recipients=[{"unit_id": demo["industri"]}, {"unit_id": demo["perdagangan"]}])
    # 3: each unit head asks; the second asks for more than is left and is refused, nothing written.
    ask = {}
    for unit, qty in (("industri", "7"), ("perdagangan", "5")):
        [t3] = [t for t in await _open(case_id, "usulkan") if t["unit"] == demo[unit]]
        kc = await login(kabid[unit])
        tpage = await kc.get(f"/tasks/{t3['id']}")
        assert 'data-testid="form-permintaan"' in tpage.text
        ask[unit] = (kc, t3, {"_csrf_token": csrf_from(tpage.text), "gudang": str(gudang["id"]),
                              "keperluan": "Penataan arsip", "barang_1": str(item["id"]), "jumlah_1": qty})
        r = await kc.post(f"/bmd/kasus/{case_id}/tugas/{t3['id']}/ajukan", data=ask[unit][2])
        if unit == "industri":
            assert r.status_code == 303
        else:
            assert r.status_code == 400 and "tersedia 3 buah, diminta 5 buah" in r.text
    assert await Permintaan.count().where(Permintaan.case_id == case_id) == 1
    kc, t3, data = ask["perdagangan"]
    assert (await kc.post(f"/bmd/kasus/{case_id}/tugas/{t3['id']}/ajukan", data={**data, "jumlah_1": "3"})).status_code == 303
    assert await persediaan.tersedia(item["id"], gudang["id"]) == 0
    # 4-6: approval, surat permintaan barang, surat perintah penyaluran.
    [t4] = await _open(case_id, "setujui")
    await act(t4["id"], "setujui", user=await kadis.current())
    [t5] = await _open(case_id, "minta")
    await act(t5["id"], "kirim_spb", user=await pengurus.current())
    [t6] = await _open(case_id, "perintah")
    await act(t6["id"], "perintahkan", user=await pejabat.current())
    # 7: distribution with a BAST penyerahan per unit; the reserved stock leaves the ledger.
    [t7] = await _open(case_id, "salurkan")
    tpage = await c.get(f"/tasks/{t7['id']}")
    r = await c.post(f"/bmd/kasus/{case_id}/tugas/{t7['id']}/salurkan", data={"_csrf_token": csrf_from(tpage.text)})
    assert r.status_code == 303
    assert await persediaan.stok(item["id"], gudang["id"]) == 0
    rows = {p["unit_id"]: p for p in await Permintaan.select().where(Permintaan.case_id == case_id)}
    assert all(p["status"] == "disalurkan" and p["nomor_bast"] for p in rows.values())
    # 8: each unit head confirms receipt; the case ends when both have.
    for unit in ("industri", "perdagangan"):
        [t8] = [t for t in await _open(case_id, "terima") if t["unit"] == demo[unit]]
        await act(t8["id"], "terima", user=await kabid[unit].current())
    assert (await get_case(case_id))["state"] == "selesai"
    assert {p["status"] for p in await Permintaan.select().where(Permintaan.case_id == case_id)} == {"diterima"}
    kinds = sorted(d["kind"] for d in await issued_for("case", case_id))
    assert kinds == ["bast", "bast", "bast", "surat", "surat"]  # BAST penerimaan, SPB, SPP, 2 BAST penyerahan


async def test_a_refused_request_gives_the_stock_back(make_user, demo):
    from balai_bmd import alur

    gudang = await ruang_baru("Gudang B", gudang=True)
    item = await persediaan.tambah_barang({"nama": f"Spidol {secrets.token_hex(3)}", "satuan": "kotak"})
    await persediaan.catat_mutasi(item["id"], gudang["id"], "terima", 4, harga_satuan=30000,
                                  tanggal=__import__("datetime").date(2026, 7, 6), alasan="stok awal")
    pengurus = await make_user(roles=[("pengurus_barang", "umum")], unit="umum")
    kadis = await make_user(roles=[("kepala_dinas", "dinas")], unit="dinas")
    kabid = await make_user(roles=[("kepala_bidang", "koperasi")], unit="koperasi")

    class F(dict):
        def getall(self, k):
            return [self[k]]

    case = await alur.catat_penerimaan(F(gudang=str(gudang["id"]), penerima="Rudi", barang_1=str(item["id"]),
                                         jumlah_1="1", harga_1="30000"), await pengurus.current())
    [t1] = await _open(case["id"])
    await act(t1["id"], "serahkan", user=await kadis.current())
    [t2] = await _open(case["id"])
    await act(t2["id"], "disposisi", user=await pengurus.current(), recipients=[{"unit_id": demo["koperasi"]}])
    [t3] = await _open(case["id"])
    await alur.ajukan(t3, F(gudang=str(gudang["id"]), keperluan="Rapat", barang_1=str(item["id"]), jumlah_1="5"),
                      await kabid.current())
    assert await persediaan.tersedia(item["id"], gudang["id"]) == 0
    [t4] = await _open(case["id"])
    await act(t4["id"], "ditolak", user=await kadis.current(), note="Belum mendesak")
    assert await persediaan.tersedia(item["id"], gudang["id"]) == 5


async def test_the_sop_8_sheet_renders_from_its_definition(login, make_user):
    c = await login(await make_user(is_admin=True))
    page = await c.get("/sop/bmd.pengelolaan/sheet")
    assert page.status_code == 200
    for text in ("06/150314-75SEK/UM/DP2KUKM", "Pengelolaan Barang Milik Daerah", "Nomor 47 Tahun 2021",
                 "Nomor 69 Tahun 2020", "Berdedikasi", "Pejabat Penatausahaan Barang",
                 "Pengurus Barang Pengguna", "Surat Perintah Penyaluran Barang", "BAST Penyerahan Barang", "1 jam"):
        assert text in page.text, text
    pdf = await c.get("/sop/bmd.pengelolaan/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
