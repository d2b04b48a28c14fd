"""Official documents: the letterhead an administrator sets and previews, PDFs rendered with it,
stored with their versions, verified on a public page, and numbered gap-free for the whole agency."""

from __future__ import annotations

import asyncio
import hashlib
import io
import secrets

import pytest

from balai import api
from balai.officialdocs import letterhead as lh
from balai.officialdocs import numbering
from balai.officialdocs.tables import IssuedDocument
from balai.settings import service as settings
from balai.testing import csrf_from
from tests.pdftext import extract_text

NIP = "19730314 199803 2 009"


def png_logo() -> bytes:
    import segno

    buf = io.BytesIO()
    segno.make("logo").save(buf, kind="png", scale=6)
    return buf.getvalue()


def letterhead_form(**over) -> dict:
    form = {"government": "Pemerintah Provinsi Kalimantan Timur",
            "agency": "Dinas Perindustrian, Perdagangan, Koperasi dan UKM",
            "address": "Jalan Basuki Rahmat Nomor 55, Samarinda 75117", "telephone": "(0541) 741234",
            "email": "disperindagkop@kaltimprov.go.id", "website": "disperindagkop.kaltimprov.go.id",
            "public_url": "https://balai.kaltimprov.go.id", "paper": "F4",
            "margin_top": "20", "margin_bottom": "25", "margin_left": "25", "margin_right": "20",
            "sig_0_code": "kepala_dinas", "sig_0_title": "Kepala Dinas", "sig_0_name": "Heni Purwaningsih",
            "sig_0_pangkat": "Pembina Utama Muda", "sig_0_nip": NIP,
            "sig_1_code": "sekretaris", "sig_1_title": "Sekretaris", "sig_1_name": "Yenny Ramadhani",
            "sig_1_pangkat": "Pembina Tingkat I", "sig_1_nip": ""}
    form.update(over)
    return form


async def post_letterhead(c, form: dict, logo: bytes | None = None):
    page = await c.get("/admin/letterhead")
    files = [("logo", ("logo.png", logo, "image/png"))] if logo else [("logo", ("", b"", "application/octet-stream"))]
    return await c.post("/admin/letterhead", data={**form, "_csrf_token": csrf_from(page.text)}, files=files,
                        follow_redirects=False)


@pytest.fixture
async def stored_settings():
    """Leave the letterhead as it was for the tests that follow."""
    keys = [lh.LETTERHEAD, lh.SIGNATURES]
    before = await settings.read(keys)
    yield
    for key in keys:
        await settings.write(key, before.get(key, {} if key == lh.LETTERHEAD else []))


async def test_admin_sets_the_letterhead_and_signatures_and_sees_them_back(login, stored_settings):
    admin = await login("admin")
    r = await post_letterhead(admin, letterhead_form(), logo=png_logo())
    assert r.status_code == 303, r.text
    head = await api.letterhead()
    assert head.agency == "Dinas Perindustrian, Perdagangan, Koperasi dan UKM" and head.paper == "F4"
    assert head.telephone == "(0541) 741234" and head.logo_version
    assert await lh.logo() is not None and (await lh.logo())[1] == "image/png"
    assert [s.code for s in await api.signatures()] == ["kepala_dinas", "sekretaris"]
    kadis = await api.signature("kepala_dinas")
    assert kadis.nip == NIP and kadis.pangkat == "Pembina Utama Muda"
    assert kadis.acting("Plh.", name="Yenny Ramadhani").printed_title == "Plh. Kepala Dinas"

    page = await admin.get("/admin/letterhead")
    assert 'value="(0541) 741234"' in page.text and 'value="Heni Purwaningsih"' in page.text
    preview = page.text[page.text.index('data-testid="letterhead-preview"'):]
    assert "DINAS PERINDUSTRIAN, PERDAGANGAN, KOPERASI DAN UKM" in preview
    assert "Telepon (0541) 741234" in preview and "data:image/png;base64," in preview
    assert "NIP. 19730314 199803 2 009" in preview

    # The sample PDF in both paper sizes carries the same letterhead.
    for paper, box in (("A4", b"/MediaBox [0 0 595.275591 841.889764]"), ("F4", b"/MediaBox [0 0 609.448819 935.433071]")):
        pdf = await admin.get(f"/admin/letterhead/preview.pdf?paper={paper}")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")
        plain = await api.render_document("officialdocs/naskah/contoh.html", {"title": "Contoh"}, paper=paper,
                                          compress=False)
        assert box in plain, plain[plain.index(b"/MediaBox"):][:60]  # the page size, in points
    text = " ".join(extract_text(await api.render_document(
        "officialdocs/naskah/contoh.html", {"title": "Contoh"}, number="000.1/7/Sek/2026",
        signer=kadis, compress=False)))
    for expected in ("PEMERINTAH PROVINSI KALIMANTAN TIMUR", "DINAS PERINDUSTRIAN, PERDAGANGAN, KOPERASI DAN UKM",
                     "Jalan Basuki Rahmat Nomor 55", "000.1/7/Sek/2026", "Heni Purwaningsih", "NIP. " + NIP,
                     "“petik”", "1–3"):
        assert expected in text, expected


async def test_bad_letterhead_input_comes_back_with_the_reasons(login, stored_settings):
    admin = await login("admin")
    before = await api.letterhead()
    r = await post_letterhead(admin, letterhead_form(agency="", email="bukan-surel", margin_left="5",
                                                     sig_0_nip="1234", sig_1_code="kepala_dinas", paper="B5"))
    assert r.status_code == 400
    for field in ("agency", "email", "margin_left", "sig_0_nip", "sig_1_code", "paper"):
        assert f'data-testid="error-{field}"' in r.text, field
    assert 'value="bukan-surel"' in r.text and 'value="Yenny Ramadhani"' in r.text
    assert await api.letterhead() == before  # nothing half-written
    staf = await login("demo.staf")
    assert (await staf.get("/admin/letterhead")).status_code == 403


async def test_issued_document_is_stored_and_verified_by_its_sha256(login, client, stored_settings, make_user):
    admin = await login("admin")
    assert (await post_letterhead(admin, letterhead_form())).status_code == 303
    user = await (await make_user(roles=[("pengelola_surat_umum", "dinas")])).current()
    owner = ("uji_naskah", 1000 + secrets.randbelow(10**6))
    signer = (await api.signature("kepala_dinas")).acting("Plh.", name="Yenny Ramadhani", nip="")
    row = await api.issue_document(
        "officialdocs/naskah/contoh.html", kind="surat", title="Surat uji verifikasi", owner=owner, user=user,
        number="000.1/99/Sek.Um/2026", signer=signer, attachments=[("Daftar hadir", "2 lembar"), "Notula"],
        compress=False)
    stored = await (await api.open_download(row["version_id"])).read()
    assert hashlib.sha256(stored).hexdigest() == row["sha256"]
    text = " ".join(extract_text(stored))
    for expected in ("DINAS PERINDUSTRIAN, PERDAGANGAN, KOPERASI DAN UKM", "000.1/99/Sek.Um/2026",
                     "Plh. Kepala Dinas", "Yenny Ramadhani", "Daftar Lampiran", "Daftar hadir", "Notula"):
        assert expected in text, expected
    docs = await api.list_documents(*owner)
    assert len(docs) == 1 and docs[0]["current"]["sha256"] == row["sha256"]

    page = await client.get(f"/verify/{row['code']}")
    assert page.status_code == 200
    assert row["sha256"] in page.text and "000.1/99/Sek.Um/2026" in page.text
    assert "Yenny Ramadhani" in page.text and "Plh. Kepala Dinas" in page.text

    # A second version replaces the first: its code says so, the new one does not.
    again = await api.issue_document(
        "officialdocs/naskah/contoh.html", kind="surat", title="Surat uji verifikasi", owner=owner, user=user,
        number="000.1/99/Sek.Um/2026", signer=signer, document_id=row["document_id"])
    assert again["version"] == 2 and again["sha256"] != row["sha256"]
    assert "telah diganti oleh versi 2" in (await client.get(f"/verify/{row['code']}")).text
    assert again["sha256"] in (await client.get(f"/verify/{again['code']}")).text
    assert (await client.get("/verify/tidak-ada-kode-seperti-ini")).status_code == 404
    assert await IssuedDocument.count().where(IssuedDocument.owner_id == owner[1]) == 2


async def test_core_counter_numbers_a_kind_nobody_else_numbers(app):
    unit = f"Keu{secrets.token_hex(2)}"
    first = await api.allocate_number("kuitansi", classification="900.1", unit_code=unit, requester="uji")
    second = await api.allocate_number("kuitansi", classification="900.1", unit_code=unit, requester="uji")
    assert first.registered_by == "core" and (first.serial, second.serial) == (1, 2)
    assert second.text == f"900.1/2/{unit}/{second.on.year}"
    assert numbering.build("{nomor}/{unit}/{bulan}/{tahun}", serial=3, on=second.on, unit_code="") \
        .startswith("3/")  # an empty part leaves no double slash
    with pytest.raises(api.NumberingError):
        await api.allocate_number("Bukan Jenis!")


async def test_a_failure_after_numbering_gives_the_number_back(app):
    unit = f"Gagal{secrets.token_hex(2)}"
    with pytest.raises(RuntimeError):
        async with api.numbering_transaction():
            await api.allocate_number("kuitansi", unit_code=unit)
            raise RuntimeError("the document could not be written")
    assert (await api.allocate_number("kuitansi", unit_code=unit)).serial == 1


async def test_hook_allocate_number_fifty_requests_from_two_plugins_stay_gap_free(app, demo):
    """25 SK from one plugin (persuratan's register answers) and 25 receipts from another (the
    core's counter answers), all at once: each counter gives 1..25, once each."""
    from balai_persuratan.tables import SuratKeluar

    unit = f"Par{secrets.token_hex(2)}"

    async def ask(i: int):
        if i % 2:
            return await api.allocate_number("sk", classification="800.1.11.1", unit_code=unit,
                                             unit_id=demo["umum"], subject=f"SK uji {i}", requester="kepegawaian")
        return await api.allocate_number("kuitansi", classification="900.1", unit_code=unit, requester="bmd")

    answers = await asyncio.gather(*(ask(i) for i in range(50)))
    sk = [a for a in answers if a.kind == "sk"]
    receipts = [a for a in answers if a.kind == "kuitansi"]
    assert {a.registered_by for a in sk} == {"persuratan"} and {a.registered_by for a in receipts} == {"core"}
    assert sorted(a.serial for a in sk) == list(range(1, 26))
    assert sorted(a.serial for a in receipts) == list(range(1, 26))
    assert len({a.text for a in answers}) == 50
    # Every SK is in the Buku Agenda Keluar with its number.
    rows = await SuratKeluar.select(SuratKeluar.nomor, SuratKeluar.jenis, SuratKeluar.perihal).where(
        SuratKeluar.id.is_in([a.register_id for a in sk]))
    assert sorted(r["nomor"] for r in rows) == sorted(a.text for a in sk)
    assert {r["jenis"] for r in rows} == {"sk"}


async def test_agency_replaces_a_document_template_and_the_next_documents_use_it(login, stored_settings):
    from balai.officialdocs.render import OVERRIDES

    admin = await login("admin")
    page = await admin.get("/admin/letterhead/templates")
    for name in ("officialdocs/naskah/base.html", "persuratan/naskah/surat_keluar.html",
                 "layanan/naskah/laporan_ikm.html"):
        assert name in page.text, name
    name = "officialdocs/naskah/contoh.html"
    page = await admin.get(f"/admin/letterhead/templates?name={name}")
    assert "Contoh tata letak naskah dinas" in page.text  # the shipped source, to start from
    broken = await admin.post("/admin/letterhead/templates", data={
        "name": name, "source": "{% extends 'officialdocs/naskah/base.html' %}{% block content %}{% if %}",
        "_csrf_token": csrf_from(page.text)})
    assert broken.status_code == 400 and 'data-testid="error-source"' in broken.text
    assert "{% if %}" in broken.text  # the typed source comes back
    try:
        r = await admin.post("/admin/letterhead/templates", data={
            "name": name, "_csrf_token": csrf_from(page.text),
            "source": "{% extends 'officialdocs/naskah/base.html' %}{% block content %}"
                      "<p>Templat instansi: {{ page.number }}</p>{% endblock %}"}, follow_redirects=False)
        assert r.status_code == 303
        text = " ".join(extract_text(await api.render_document(name, {"title": "x"}, number="9/9/2026",
                                                               compress=False)))
        assert "Templat instansi: 9/9/2026" in text and "Contoh tata letak" not in text
        # A template cannot read files: the renderer fetches data: URIs only.
        r = await admin.post("/admin/letterhead/templates", data={
            "name": name, "_csrf_token": csrf_from(page.text),
            "source": "{% extends 'officialdocs/naskah/base.html' %}{% block content %}"
                      "<img src='file:///etc/hostname'><p>aman</p>{% endblock %}"}, follow_redirects=False)
        assert r.status_code == 303
        pdf = await api.render_document(name, {"title": "x"}, compress=False)
        assert b"/Subtype /Image" not in pdf and "aman" in " ".join(extract_text(pdf))
        reset = await admin.post("/admin/letterhead/templates", data={"name": name, "reset": "1",
                                                                      "_csrf_token": csrf_from(page.text)},
                                 follow_redirects=False)
        assert reset.status_code == 303
        text = " ".join(extract_text(await api.render_document(name, {"title": "x"}, compress=False)))
        assert "Contoh tata letak naskah dinas" in text
    finally:
        await settings.write(OVERRIDES, {})
    assert (await admin.get("/admin/letterhead/templates?name=../../etc/passwd")).status_code == 404


def test_rendering_a_pdf_writes_nothing_to_the_servers_console_but_warnings(caplog):
    """fontTools (some 60 lines on font subsetting) and WeasyPrint (a line per step) log at INFO
    for every document; the server's console showed them for each permit and letter."""
    import logging

    from balai.officialdocs.render import html_to_pdf

    with caplog.at_level(logging.INFO):
        pdf = html_to_pdf("<html lang='id'><body><p>Surat uji — “kutip”</p></body></html>")
    assert pdf.startswith(b"%PDF")
    noisy = [r for r in caplog.records if r.name.split(".")[0] in ("fontTools", "weasyprint") and r.levelno < logging.WARNING]
    assert not noisy, [r.getMessage() for r in noisy[:3]]
