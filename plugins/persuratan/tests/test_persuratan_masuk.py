"""Registering incoming letters: the form, its refusals, the agenda number, sender suggestions."""

from __future__ import annotations

import asyncio
import ast
import re
from datetime import date, timedelta
from pathlib import Path

import balai_persuratan
from balai_persuratan import penomoran
from balai_persuratan.tables import SuratMasuk

from balai.testing import csrf_from

PACKAGE = Path(balai_persuratan.__file__).parent
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40


def test_imports_only_the_public_api():
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name == "balai" or name.startswith("balai."):
                    assert name == "balai.api", f"{source.name} imports {name}"


async def test_clerk_registers_a_letter_and_gets_an_agenda_number(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    nomor = f"500/{date.today().toordinal()}/A"
    r = await register(c, form(nomor_surat=nomor))
    assert r.status_code == 303, r.text
    page = await c.get(r.headers["location"])
    assert page.status_code == 200
    assert nomor in page.text and "Permohonan narasumber pelatihan" in page.text
    assert "Surat masuk dicatat dengan nomor agenda" in page.text
    row = await SuratMasuk.select().where(SuratMasuk.nomor_surat == nomor).first()
    assert row["tahun"] == date.today().year and row["nomor_agenda"] >= 1 and row["case_id"]
    assert "surat.pdf" in page.text  # the scan is listed


async def test_the_first_office_hour_counts_as_the_agencys_day(login, form, register, monkeypatch):
    from datetime import datetime, timezone

    from balai import i18n

    # 07:45 WITA on 1 January 2027: the office is open, the servers' UTC clock still says 2026.
    monkeypatch.setattr(i18n, "utc_now", lambda: datetime(2026, 12, 31, 23, 45, tzinfo=timezone.utc))
    c = await login("demo.pengelola-surat-umum")
    assert 'value="2027-01-01"' in (await c.get("/persuratan/masuk/baru")).text  # received: today
    r = await register(c, form(nomor_surat="900/1/TAHUN-BARU", tanggal_surat="2026-12-30",
                               tanggal_terima="2027-01-01"))
    assert r.status_code == 303, r.text  # not "after today"
    row = await SuratMasuk.select().where(SuratMasuk.nomor_surat == "900/1/TAHUN-BARU").first()
    assert row["tahun"] == 2027  # the new year's agenda


async def test_required_fields_are_starred_but_left_to_the_servers_check(login):
    """No browser `required` attribute: an empty field is sent, and the Indonesian message comes back."""
    c = await login("demo.pengelola-surat-umum")
    page = (await c.get("/persuratan/masuk/baru")).text
    for name in ("pengirim", "nomor_surat", "tanggal_surat", "tanggal_terima", "perihal"):
        control = re.search(rf'<(?:input|textarea)[^>]*id="f-{name}"[^>]*>', page).group(0)
        assert "required" not in control, control
        assert re.search(rf'for="f-{name}">[^<]*<span class="text-danger" aria-hidden="true">\*</span>', page), name
    pengirim = re.search(r'<input[^>]*id="f-pengirim"[^>]*>', page).group(0)
    assert 'list="daftar-pengirim"' in pengirim and 'hx-get="/persuratan/masuk/pengirim"' in pengirim


async def test_missing_scan_is_refused_and_input_kept(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    r = await register(c, form(perihal="Perihal yang harus tetap ada"), files=[])
    assert r.status_code == 400
    assert "Scan surat wajib diunggah" in r.text
    assert "Perihal yang harus tetap ada" in r.text and "Dinas Perdagangan Kabupaten Kutai Kartanegara" in r.text


async def test_received_before_letter_date_is_refused(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    today = date.today()
    r = await register(c, form(tanggal_surat=today.isoformat(), tanggal_terima=(today - timedelta(days=1)).isoformat()))
    assert r.status_code == 400
    assert "Tanggal diterima tidak boleh sebelum tanggal surat." in r.text


async def test_refused_form_keeps_the_scan_already_chosen(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    nomor = "B/77/TITIP"
    r = await register(c, form(nomor_surat=nomor, perihal=""))
    assert r.status_code == 400 and "Perihal wajib diisi." in r.text
    assert "tidak perlu diunggah ulang" in r.text
    held = [line.split('value="')[1].split('"')[0] for line in r.text.splitlines() if 'name="titipan"' in line]
    assert held
    r = await c.post("/persuratan/masuk/baru", files=[("x", ("", b"", "application/octet-stream"))],
                     data={**form(nomor_surat=nomor, perihal="Surat dengan scan titipan"), "titipan": held,
                           "_csrf_token": csrf_from(r.text)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = await c.get(r.headers["location"])
    assert "surat.pdf" in page.text


async def test_same_sender_and_number_warns_and_needs_a_reason(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    data = form(nomor_surat="005/DUP/2026", pengirim="Biro Umum Setda")
    assert (await register(c, data)).status_code == 303
    again = await register(c, {**data, "pengirim": "  biro umum  setda "})
    assert again.status_code == 400
    assert "sudah tercatat dengan nomor agenda" in again.text
    assert 'name="alasan_duplikat"' in again.text
    ok = await register(c, {**data, "alasan_duplikat": "Surat susulan dengan lampiran berbeda"})
    assert ok.status_code == 303
    rows = await SuratMasuk.select().where(SuratMasuk.nomor_surat == "005/DUP/2026")
    assert len(rows) == 2 and {r["alasan_duplikat"] for r in rows} == {"", "Surat susulan dengan lampiran berbeda"}


async def test_staff_without_the_role_cannot_register(login, form, register):
    c = await login("demo.staf")
    assert (await c.get("/persuratan/masuk/baru")).status_code == 403


async def test_sender_suggestions_come_from_earlier_letters(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    assert (await register(c, form(pengirim="Badan Pusat Statistik Kalimantan Timur",
                                   nomor_surat="BPS/1"))).status_code == 303
    r = await c.get("/persuratan/masuk/pengirim", params={"pengirim": "statistik"}, headers={"hx-request": "true"})
    assert r.status_code == 200
    assert '<option value="Badan Pusat Statistik Kalimantan Timur">' in r.text


async def test_parallel_registrations_get_distinct_gap_free_agenda_numbers(login, form, register):
    clients = [await login("demo.pengelola-surat-umum") for _ in range(3)]
    year = date.today().year
    before = await penomoran.nilai(penomoran.kunci_agenda(year))
    pages = [await c.get("/persuratan/masuk/baru") for c in clients]
    tokens = [csrf_from(p.text) for p in pages]

    async def one(i: int):
        c = clients[i % len(clients)]
        return await c.post("/persuratan/masuk/baru", data={**form(nomor_surat=f"PAR/{i}"),
                                                            "_csrf_token": tokens[i % len(clients)]},
                            files=[("scan", ("s.png", PNG, "image/png"))], follow_redirects=False)

    results = await asyncio.gather(*(one(i) for i in range(12)))
    assert [r.status_code for r in results] == [303] * 12
    rows = await SuratMasuk.select(SuratMasuk.nomor_agenda).where(SuratMasuk.nomor_surat.like("PAR/%"))
    numbers = sorted(r["nomor_agenda"] for r in rows)
    assert numbers == list(range(before + 1, before + 13))


async def test_the_scan_is_shown_on_every_task_of_the_letter_and_opens_in_the_page(login, form, register):
    """Issue 22 item 5: the task pages show the letter's scan in an in-page viewer, served by Balai
    inline and framable only by its own pages; who may not see the letter gets nothing."""
    from balai_persuratan.tables import SuratMasuk
    from tests.workflow_support import open_tasks

    clerk = await login("demo.pengelola-surat-umum")
    r = await register(clerk, form(nomor_surat="VIEW/1/2026", perihal="Scan di tugas"))
    assert r.status_code == 303
    surat = await SuratMasuk.select().where(SuratMasuk.nomor_surat == "VIEW/1/2026").first()
    task = (await open_tasks(surat["case_id"]))[0]
    kasubag = await login("demo.kasubag-umum")
    page = (await kasubag.get(f"/tasks/{task['id']}")).text
    viewer = page.split('data-testid="scan-di-tugas"', 1)[1]
    version = int(viewer.split('src="/documents/', 1)[1].split("/view", 1)[0])
    assert "<iframe" in viewer.split("</div>", 1)[0]
    shown = await kasubag.get(f"/documents/{version}/view")
    assert shown.status_code == 200 and shown.content.startswith(b"%PDF")
    assert shown.headers["content-disposition"].startswith("inline;")
    assert shown.headers["x-frame-options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in shown.headers["content-security-policy"]
    # the letter page too
    assert f'src="/documents/{version}/view"' in (await kasubag.get(f"/persuratan/masuk/{surat['id']}")).text
    # and the download stays an attachment, never framable
    download = await kasubag.get(f"/documents/{version}/download")
    assert download.headers["content-disposition"].startswith("attachment;") and download.headers["x-frame-options"] == "DENY"
    staf = await login("demo.staf")
    assert (await staf.get(f"/documents/{version}/view")).status_code in (403, 404)
