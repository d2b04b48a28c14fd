"""The demo data: a small DIP over the units and categories, and requests in different states."""

from __future__ import annotations

from balai.api import case_clocks

from balai_ppid import demo as demo_ppid
from balai_ppid.tables import Informasi, Permohonan


async def test_hook_demo_data(demo):
    items = await Informasi.select()
    assert 10 <= len(items) <= 20
    assert {i["kategori"] for i in items} == {"berkala", "serta_merta", "setiap_saat", "dikecualikan"}
    assert len({i["unit_id"] for i in items}) >= 6
    rows = {r["informasi_diminta"]: r for r in await Permohonan.select()}
    states = {rincian: rows[rincian]["status"] for _key, rincian, _nama, _s in demo_ppid.PERMOHONAN_DEMO}
    assert sorted(states.values()) == ["di_unit", "dijawab", "diperiksa"]
    answered = next(r for r in rows.values() if r["status"] == "dijawab")
    assert answered["keputusan"] == "dip" and [c["state"] for c in await case_clocks(answered["case_id"])] == ["berhenti"]


async def test_demo_runs_twice_without_doubling(demo):
    from balai.api import org_units

    units = {u["code"]: u["id"] for u in await org_units()}
    before = (await Informasi.count(), await Permohonan.count())
    await demo_ppid.seed(units)
    assert (await Informasi.count(), await Permohonan.count()) == before



async def test_the_annual_report_works_on_the_demo_data(demo, login):
    from balai.api import today

    from balai_ppid import laporan

    # Other tests add cases to the same year: the demo's three requests are the least it counts.
    angka = await laporan.hitung(today().year)
    assert angka["jumlah"] >= 3 and angka["status"].get("dijawab", 0) >= 1 and angka["tepat_waktu"] >= 1
    assert sum(angka["per_bulan"]) == angka["jumlah"]
    c = await login("admin")
    page = await c.get(f"/ppid/laporan?tahun={today().year}")
    assert page.status_code == 200 and "<svg" in page.text and 'data-testid="laporan-ringkas"' in page.text
    xlsx = await c.get(f"/ppid/laporan/xlsx?tahun={today().year}")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
