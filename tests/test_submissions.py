"""Citizens' submissions: a public form opens a case and gives a tracking code shown once (only its
keyed hash is kept), the tracking page tells where the case stands, and a thread runs both ways
between the submitter and the staff; bad input is refused with the typed input kept and nothing
half-written. The test SOP plugin (balai-ujisop) declares the forms, as a third party would."""

from __future__ import annotations

import hmac
import hashlib
import re
import zlib
from datetime import timedelta

import pytest

from balai.audit.tables import AuditEntry
from balai.documents.tables import Document
from balai.submissions import abuse, codes, forms, service
from balai.submissions.tables import Submission, SubmissionMessage
from balai.testing import csrf_from
from balai.throttle.tables import Throttle
from balai.workflow.definition import DefinitionError
from balai.workflow.tables import Case, Task
from tests.documents_support import pdf_bytes, png_bytes
from tests.pdftext import extract_text
from tests.submissions_support import FIELDS, citizen, code_from, send, track


@pytest.fixture(autouse=True)
async def forget_throttles(app):
    yield
    await Throttle.delete().where(Throttle.purpose.like("submissions.%"))


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams written out, for extract_text (as served, they are deflated)."""
    def plain(match):
        try:
            return b"stream\n" + zlib.decompress(match.group(1)) + b"\nendstream"
        except zlib.error:
            return match.group(0)

    return re.sub(rb"stream\r?\n(.*?)\r?\nendstream", plain, pdf, flags=re.S)


async def counts() -> tuple[int, int, int, int]:
    return (await Case.count(), await Submission.count(), await Document.count(),
            await AuditEntry.count().where(AuditEntry.action == "submissions.submit"))


# --- codes ---------------------------------------------------------------------------------


def test_a_code_is_sixteen_characters_of_an_unambiguous_alphabet_in_groups_of_four():
    code = codes.new_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert len(codes.ALPHABET) == 32 and not set("ILOU") & set(codes.ALPHABET)
    assert codes.LENGTH * 5 >= 80  # bits of randomness
    assert len({codes.new_code() for _ in range(500)}) == 500


def test_what_people_type_is_forgiven_and_a_malformed_code_is_refused():
    assert codes.normalise(" 7kq4 m2xd-9hvt–c3wz ") == "7KQ4M2XD9HVTC3WZ"
    assert codes.normalise("OOOO-IIII-LLLL-1111") == "0000111111111111"  # O for zero, I and L for one
    for wrong in ("", "7KQ4-M2XD-9HVT", "7KQ4-M2XD-9HVT-C3WZ-A", "UUUU-M2XD-9HVT-C3WZ", "7KQ4-M2XD-9HVT-C3W!"):
        assert codes.normalise(wrong) is None, wrong


def test_only_a_keyed_hash_of_the_code_is_kept():
    code = codes.normalise(codes.new_code())
    assert codes.code_hash(code, "kunci-a") != codes.code_hash(code, "kunci-b")
    assert codes.code_hash(code, "kunci-a") != hashlib.sha256(code.encode()).hexdigest()
    assert code not in codes.code_hash(code, "kunci-a")


def test_a_stamp_is_signed_ages_and_belongs_to_one_form():
    stamp = abuse.new_stamp(FORM_CODE, "rahasia", now=1_000_000)
    assert abuse.check_stamp(stamp, FORM_CODE, "rahasia", now=1_000_060) == abuse.VALID
    assert abuse.check_stamp(stamp, FORM_CODE, "rahasia", now=1_000_000 + abuse.FORM_AGE + 1) == abuse.EXPIRED
    assert abuse.check_stamp(stamp, "ujisop.saran", "rahasia", now=1_000_060) == abuse.INVALID
    assert abuse.check_stamp(stamp, FORM_CODE, "kunci-lain", now=1_000_060) == abuse.INVALID
    assert abuse.check_stamp(stamp.replace(":16:", ":1:"), FORM_CODE, "rahasia", now=1_000_060) == abuse.INVALID
    nonce = abuse.solve(stamp)
    assert abuse.solved(stamp, nonce)
    unsolved = next(str(n) for n in range(100) if abuse.leading_zero_bits(
        hashlib.sha256(f"{stamp}:{n}".encode()).digest()) < abuse.POW_BITS)
    assert not abuse.solved(stamp, unsolved)
    digest = hashlib.sha256(f"{stamp}:{nonce}".encode()).digest()
    assert abuse.leading_zero_bits(digest) >= abuse.POW_BITS
    assert not abuse.solved(stamp, "12x")


FORM_CODE = "ujisop.aduan"


def test_a_broken_form_stops_start_up_naming_it(app):
    ctx = app.state.balai
    good = forms.forms()[FORM_CODE]
    from dataclasses import replace

    broken = {
        "bukan SOP plugin ini": replace(good, sop="persuratan.surat_masuk"),
        "started_by=PUBLIC": replace(good, sop="ujisop.sederhana"),
        "dipakai dua kali": replace(good, fields=good.fields + good.fields[:1]),
        "dipakai Balai sendiri": replace(good, fields=good.fields + (forms.FormField("email", "E-mail"),)),
        "tidak dikenal": replace(good, fields=(forms.FormField("x", "X", kind="peta"),)),
        "tidak dapat dibaca": replace(good, deadline="sepuluh hari"),
        "tidak ada pada langkah pertama": replace(good, complete_first="setujui"),
    }
    for expected, form in broken.items():
        with pytest.raises(DefinitionError, match=expected) as refused:
            forms.check_form("ujisop", form, ctx.sops, ctx.catalogue.permissions)
        assert "ujisop.aduan" in str(refused.value)


async def test_hook_public_forms(app):
    declared = dict(app.state.host.per_plugin("public_forms"))["ujisop"]
    assert [f.code for f in declared] == ["ujisop.aduan", "ujisop.saran", "ujisop.lapor"]
    assert forms.get_form("ujisop.aduan").deadline_standard.raw == "5 hari kerja"  # checked at start-up
    async with citizen(app) as c:
        page = await c.get("/forms/ujisop.aduan")
    assert page.status_code == 200
    for label in ("Nama", "Uraian aduan", "Bukti pendukung", "E-mail (tidak wajib)", 'name="situs_web"'):
        assert label in page.text
    async with citizen(app) as c:
        assert (await c.get("/forms/ujisop.tidak_ada")).status_code == 404


# --- submitting ----------------------------------------------------------------------------


async def test_a_submission_opens_the_case_and_shows_the_code_once(app, demo):
    async with citizen(app) as c:
        response = await send(c, files={"bukti": ("ktp.png", png_bytes()), "lain": ("surat.pdf", pdf_bytes("Surat"))},
                              email="siti@contoh.go.id")
    assert response.status_code == 200, response.text[:500]
    code = code_from(response.text)
    assert "tidak dapat dipulihkan" in response.text and response.headers["cache-control"] == "no-store"
    reference = re.search(r'data-testid="reference">([^<]+)<', response.text).group(1)
    case = await Case.select().where(Case.reference == reference).output(load_json=True).first()
    assert case["sop"] == "ujisop.aduan" and case["subject"] == FIELDS["perihal"]
    assert case["data"]["uraian"] == FIELDS["uraian"] and case["unit"] == demo["umum"]
    tasks = await Task.select(Task.step, Task.state).where(Task.case == case["id"]).order_by(Task.id)
    assert [(t["step"], t["state"]) for t in tasks] == [("isi", "selesai"), ("tanggapi", "terbuka")]
    titles = {d["title"] for d in await Document.select(Document.title).where(
        (Document.owner_type == "case") & (Document.owner_id == case["id"]))}
    assert titles == {"Bukti pendukung", "Lampiran lain"}
    row = await Submission.select().where(Submission.case == case["id"]).first()
    secret = app.state.config.secret_key
    assert row["code_hash"] == hmac.new(secret.encode(), f"tracking-code|{codes.normalise(code)}".encode(),
                                        hashlib.sha256).hexdigest()
    assert codes.normalise(code) not in str(row) and code not in str(row)
    assert row["email"] == "siti@contoh.go.id" and row["deadline"] > row["received_at"]
    # The deadline: the SOP's legal clock (5 working days, the day of receipt not counted).
    [clock] = await service.clocks_of(case["id"])
    assert row["deadline"] == clock["due_at"]
    assert row["deadline"] == app.state.balai.calendar.due_at(row["received_at"], forms.get_form(FORM_CODE).deadline_standard)


async def test_a_ktp_sent_with_a_public_form_is_kept_as_personal_data(app, demo):
    """The form names the document's kind: its downloads are logged and retention deletes it."""
    async with citizen(app) as c:
        response = await send(c, files={"bukti": ("bukti.pdf", pdf_bytes()), "ktp": ("ktp.png", png_bytes())})
    assert response.status_code == 200, response.text[:500]
    reference = re.search(r'data-testid="reference">([^<]+)<', response.text).group(1)
    case = await Case.select(Case.id).where(Case.reference == reference).first()
    kinds = {d["title"]: d["kind"] for d in await Document.select(Document.title, Document.kind).where(
        (Document.owner_type == "case") & (Document.owner_id == case["id"]))}
    assert kinds == {"Bukti pendukung": "", "Salinan KTP": "ujisop.ktp"}


async def test_the_receipt_names_the_registration_the_deadline_and_that_a_lost_code_is_lost(app, demo):
    async with citizen(app) as c:
        code = code_from((await send(c)).text)
        page = await c.get("/track")
        receipt = await c.post("/track/receipt", data={"_csrf_token": csrf_from(page.text), "code": code})
    assert receipt.status_code == 200 and receipt.headers["content-type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF-")
    text = " ".join(extract_text(inflated(receipt.content)))
    submission = await service.find(code)
    case = await Case.select(Case.reference).where(Case.id == submission["case"]).first()
    from balai.i18n import format_datetime

    for expected in ("TANDA TERIMA", case["reference"], code, format_datetime(submission["deadline"]),
                     format_datetime(submission["received_at"]), "http://testserver.local/track",
                     "tidak dapat dipulihkan", "loket"):
        assert expected in text, expected


async def test_a_missing_required_document_keeps_the_typed_input_and_writes_nothing(app, demo):
    before = await counts()
    async with citizen(app) as c:
        response = await send(c, files={"lain": ("surat.pdf", pdf_bytes())})
    assert response.status_code == 400
    assert "Dokumen ini wajib dilampirkan." in response.text
    assert 'value="Siti Aminah"' in response.text and "Saya menunggu tiga jam." in response.text
    assert await counts() == before


async def test_a_refused_file_type_removes_the_files_already_stored(app, demo):
    before = await counts()
    stored = set(p for p in app.state.balai.storage.root.rglob("*") if p.is_file()) \
        if hasattr(app.state.balai.storage, "root") else None
    async with citizen(app) as c:
        response = await send(c, files={"bukti": ("bukti.pdf", pdf_bytes()), "lain": ("virus.exe", b"MZ\x90\x00" * 50)})
    assert response.status_code == 415 and "Jenis berkas tidak diizinkan" in response.text
    assert 'value="Antrean loket terlalu lama"' in response.text
    assert await counts() == before
    if stored is not None:
        assert set(p for p in app.state.balai.storage.root.rglob("*") if p.is_file()) == stored


async def test_an_expired_form_says_so_and_keeps_the_input(app, demo):
    import time

    old = abuse.new_stamp(FORM_CODE, app.state.config.secret_key, now=time.time() - abuse.FORM_AGE - 60)
    before = await counts()
    async with citizen(app) as c:
        response = await send(c, stamp=old)
    assert response.status_code == 400 and "kedaluwarsa" in response.text
    assert 'value="Siti Aminah"' in response.text and 'name="stamp" value="v1:ujisop.aduan:' in response.text
    assert old not in response.text  # a fresh stamp to send it again with
    assert await counts() == before


async def test_a_form_whose_security_cookie_is_gone_comes_back_with_the_input(app, demo):
    before = await counts()
    async with citizen(app) as c:
        page = await c.get("/forms/ujisop.aduan")
        c.cookies.clear()  # "leave this page", or the browser closed in between
        data = {"_csrf_token": csrf_from(page.text), "stamp": re.search(r'name="stamp" value="([^"]+)"', page.text)[1],
                **FIELDS}
        refused = await c.post("/forms/ujisop.aduan", data=data, files=[("bukti", ("b.pdf", pdf_bytes(), "application/pdf"))])
        assert refused.status_code == 403 and "kedaluwarsa" in refused.text and 'value="Siti Aminah"' in refused.text
        assert await counts() == before
        stamp = re.search(r'name="stamp" value="([^"]+)"', refused.text)[1]
        again = await c.post("/forms/ujisop.aduan", data={  # sent again from the page shown
            **data, "_csrf_token": csrf_from(refused.text), "stamp": stamp, "nonce": abuse.solve(stamp)},
            files=[("bukti", ("b.pdf", pdf_bytes(), "application/pdf"))])
    assert again.status_code == 200, again.text[:300]


async def test_bad_fields_are_named_and_kept(app, demo):
    before = await counts()
    async with citizen(app) as c:
        response = await send(c, {**FIELDS, "nama": "", "kategori": "tidak-ada", "telepon": "halo"},
                              email="bukan-email")
    assert response.status_code == 400
    for message in ("Wajib diisi.", "Pilih salah satu pilihan yang tersedia.", "Nomor telepon tidak sah.",
                    "Alamat e-mail tidak sah"):
        assert message in response.text, message
    assert 'value="bukan-email"' in response.text and 'value="halo"' in response.text
    assert await counts() == before
    # Corrected on the page shown again (its own token and stamp), the form goes through.
    async with citizen(app) as c:
        first = await send(c, {**FIELDS, "nama": ""})
        stamp = re.search(r'name="stamp" value="([^"]+)"', first.text)[1]
        fixed = await c.post("/forms/ujisop.aduan", data={
            **FIELDS, "_csrf_token": csrf_from(first.text), "stamp": stamp, "nonce": abuse.solve(stamp)},
            files=[("bukti", ("b.pdf", pdf_bytes(), "application/pdf"))])
    assert first.status_code == 400 and fixed.status_code == 200, fixed.text[:300]


async def test_the_honeypot_and_a_forged_stamp_are_refused_and_counted(app, demo):
    before = await counts()
    async with citizen(app) as c:
        robot = await send(c, extra={"situs_web": "http://spam.example"})
        forged = await send(c, stamp="v1:ujisop.aduan:1:0000000000000000:16:" + "0" * 32)
    assert robot.status_code == 400 and "program otomatis" in robot.text
    assert forged.status_code == 400 and "tidak sah" in forged.text
    assert await counts() == before
    rows = await Throttle.select().where(Throttle.purpose == "submissions.form")
    assert len(rows) == 1 and rows[0]["failures"] == 2 and rows[0]["key"].startswith("anon-")


async def test_a_form_sent_twice_opens_one_case(app, demo):
    async with citizen(app) as c:
        page = await c.get("/forms/ujisop.aduan")
        stamp = re.search(r'name="stamp" value="([^"]+)"', page.text).group(1)
        first = await send(c, stamp=stamp)
        before = await counts()
        again = await send(c, stamp=stamp)
    assert first.status_code == 200
    assert again.status_code == 400 and "sudah pernah dikirim" in again.text
    assert await counts() == before


async def test_without_javascript_the_form_still_works_at_a_lower_limit(app, demo):
    purpose, per_client, _total = abuse.PLAIN
    async with citizen(app) as c:
        for _ in range(per_client.count):
            assert (await send(c, solve=False)).status_code == 200
        refused = await send(c, solve=False)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        assert 'value="Siti Aminah"' in refused.text and "Coba lagi dalam" in refused.text
        assert (await send(c, solve=True)).status_code == 200  # the proof of work earns the higher limit
    assert abuse.SUBMIT[1].count > per_client.count


async def test_the_total_limit_holds_whoever_sends(app, demo, monkeypatch):
    from balai.throttle.service import Limit

    monkeypatch.setattr(abuse, "SUBMIT", ("submissions.submit", Limit(10, 3600), Limit(2, 3600)))
    statuses = []
    for _ in range(3):
        async with citizen(app) as c:  # three different addresses
            statuses.append((await send(c)).status_code)
    assert statuses == [200, 200, 429]


# --- the tracking page ---------------------------------------------------------------------


async def test_the_tracking_page_says_where_the_case_stands(app, demo, make_user):
    async with citizen(app) as c:
        code = code_from((await send(c)).text)
        page = await track(c, code)
        assert page.status_code == 200
        assert "Sedang diproses." in page.text and "Aduan Anda sedang ditelaah petugas" in page.text
        # The SOP's legal clock, as the clocks service counts it: its deadline and what is left.
        [clock] = await service.clocks_of((await service.find(code))["case"])
        assert clock["label"] == "Tanggapan atas aduan" and clock["status"] in page.text
        from balai.i18n import format_datetime

        assert format_datetime(clock["due_at"]) in page.text and "history" not in clock
        assert str(page.url).endswith("/track") and page.request.method == "POST"  # the code: in the body only
        assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
        # Lower case, spaces: the same code.
        assert (await track(c, code.lower().replace("-", " "))).status_code == 200

        submission = await service.find(code)
        task = await Task.select().where((Task.case == submission["case"]) & (Task.state == "terbuka")).first()
        pemeriksa = await make_user(roles=[("ujisop_pemeriksa", "sekretariat")])
        from balai.workflow import engine

        await engine.act(task["id"], "selesai", user=await pemeriksa.current())
        done = await track(c, code)
    assert "Selesai: permohonan Anda sudah selesai diproses." in done.text and "Ditutup" in done.text


async def test_without_a_clock_the_form_s_deadline_is_promised(app, demo, monkeypatch):
    async def no_clocks(case_id):
        return []

    monkeypatch.setattr(service, "clocks_of", no_clocks)  # an SOP that declares no clock
    async with citizen(app) as c:
        code = code_from((await send(c)).text)
        page = await track(c, code)
    submission = await service.find(code)
    from balai.i18n import format_datetime

    assert submission["deadline"] == service.deadline_of(forms.get_form(FORM_CODE), submission["received_at"])
    assert "Batas waktu jawaban menurut ketentuan" in page.text and format_datetime(submission["deadline"]) in page.text
    assert 'data-testid="clock"' not in page.text


async def test_a_wrong_or_malformed_code_gets_a_clear_message(app, demo):
    async with citizen(app) as c:
        malformed = await track(c, "12345")
        unknown = await track(c, codes.new_code())
    assert malformed.status_code == 400 and "16 huruf dan angka" in malformed.text and 'value="12345"' in malformed.text
    assert unknown.status_code == 404 and "Kode pelacakan tidak dikenal" in unknown.text


async def test_in_english_the_messages_are_english(app, demo):
    async with citizen(app) as c:
        c.cookies.set("balai_locale", "en")
        page = await track(c, "12345")
        form = await c.get("/forms/ujisop.aduan")
    assert "16 letters and digits" in page.text
    assert "E-mail (optional)" in form.text and "Leave this page" in form.text


async def test_guessing_codes_is_throttled_per_client_and_a_hit_does_not_reset_it(app, demo):
    async with citizen(app) as owner:
        code = code_from((await send(owner)).text)
    async with citizen(app) as guesser:
        for n in range(abuse.MISTAKES.free - 1):
            assert (await track(guesser, codes.new_code())).status_code == 404, n
            assert (await track(guesser, code)).status_code == 200  # a hit between misses
        assert (await track(guesser, codes.new_code())).status_code == 404
        refused = await track(guesser, code)  # the misses still count: the hits did not reset them
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "Terlalu banyak percobaan kode" in refused.text
    async with citizen(app) as other:  # another client is not held up
        assert (await track(other, code)).status_code == 200
    # The throttle kept the day's keyed hash of each client, never its address.
    keys = {r["key"] for r in await Throttle.select(Throttle.key).where(Throttle.purpose.like("submissions.%"))}
    assert keys and all(k.startswith("anon-") or k == "*" for k in keys)


async def test_look_ups_are_limited_in_total_too(app, demo, monkeypatch):
    from balai.throttle.service import Limit

    monkeypatch.setattr(abuse, "LOOKUP", ("submissions.lookup", Limit(100, 600), Limit(3, 600)))
    results = []
    for _ in range(4):
        async with citizen(app) as c:
            results.append((await track(c, codes.new_code())).status_code)
    assert results == [404, 404, 404, 429]


# --- the thread ----------------------------------------------------------------------------


async def test_messages_go_both_ways_with_attachments(app, demo, login, make_user, monkeypatch):
    from aiosmtpd.controller import Controller
    from dataclasses import replace

    from balai.notifications import service as notifications
    from balai.notifications.tables import Notification
    from balai.testing import free_port
    from tests.test_notify import Sink

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    ctx = app.state.balai
    monkeypatch.setattr(ctx, "config", replace(ctx.config, smtp_url=f"smtp://127.0.0.1:{controller.port}",
                                               extra={"base_url": "https://balai.dinas.example"}))
    try:
        pemeriksa = await make_user(roles=[("ujisop_pemeriksa", "sekretariat")])
        async with citizen(app) as c:
            code = code_from((await send(c, email="pemohon@contoh.go.id")).text)
            submission = await service.find(code)
            page = await track(c, code)
            sent = await c.post("/track/messages", data={"_csrf_token": csrf_from(page.text), "code": code,
                                                         "body": "Saya lampirkan foto antrean."},
                                files=[("file", ("antrean.png", png_bytes(), "image/png"))])
            assert sent.status_code == 200 and "Pesan Anda terkirim kepada petugas." in sent.text
            assert "Saya lampirkan foto antrean." in sent.text and "antrean.png" in sent.text

            # The staff see it on the case page and in the API, with the attachment, and were told.
            staff = await login(pemeriksa)
            case_page = await staff.get(f"/cases/{submission['case']}")
            assert "Percakapan dengan pemohon" in case_page.text and "Saya lampirkan foto antrean." in case_page.text
            notice = await Notification.select().where(Notification.user == pemeriksa.id).order_by(
                Notification.id, ascending=False).first()
            assert notice and "Pesan baru dari pemohon" in notice["message"]
            thread = (await staff.get(f"/api/core/cases/{submission['case']}/messages")).json()
            [first] = thread["messages"]
            assert first["from_staff"] is False and first["attachments"][0]["filename"] == "antrean.png"
            picture = await staff.get(f"/documents/{first['attachments'][0]['version_id']}/download")
            assert picture.status_code == 200 and picture.content == png_bytes()

            # A staff member answers, with a document; the citizen reads it and downloads it. (Made
            # once: a PDF carries its creation time, so two makings a second apart differ.)
            answer_pdf = pdf_bytes("Jawaban resmi")
            reply = await staff.post(f"/cases/{submission['case']}/messages",
                                     data={"_csrf_token": csrf_from(case_page.text), "body": "Antrean kami tambah loketnya.",
                                           "answer": "1", "next": f"/cases/{submission['case']}"},
                                     files=[("file", ("jawaban.pdf", answer_pdf, "application/pdf"))],
                                     follow_redirects=False)
            assert reply.status_code == 303
            await notifications.wait_for_deliveries()
            seen = await track(c, code)
            assert 'data-testid="answer"' in seen.text and "Antrean kami tambah loketnya." in seen.text
            version = re.search(r'name="version" value="(\d+)"[^<]*<button[^>]*>jawaban.pdf', seen.text.replace("\n", ""))
            assert version, "the answer's document is offered for download"
            download = await c.post("/track/file", data={"_csrf_token": csrf_from(seen.text), "code": code,
                                                         "version": version.group(1)})
            assert download.status_code == 200 and download.content == answer_pdf
            # Another submission's code opens none of this one's files.
            other = code_from((await send(c)).text)
            refused = await c.post("/track/file", data={"_csrf_token": csrf_from(seen.text), "code": other,
                                                        "version": version.group(1)})
            assert refused.status_code == 404
    finally:
        controller.stop()
    [mail] = [m for m in sink.messages if "pemohon@contoh.go.id" in m.rcpt_tos]
    body = mail.content.decode()
    assert "Ada pesan baru dari petugas" in body and "https://balai.dinas.example/track" in body
    assert code not in body and codes.normalise(code) not in body  # the code never travels by e-mail
    messages = await SubmissionMessage.select().where(SubmissionMessage.submission == submission["id"])
    assert [(m["from_staff"], m["is_answer"]) for m in messages] == [(False, False), (True, True)]


async def test_an_empty_message_is_refused_and_the_thread_is_private(app, demo, login, make_user):
    async with citizen(app) as c:
        code = code_from((await send(c)).text)
        page = await track(c, code)
        empty = await c.post("/track/messages", data={"_csrf_token": csrf_from(page.text), "code": code, "body": "  "},
                             files=[("_", (None, ""))])
        assert empty.status_code == 400 and "Tulis pesan atau lampirkan berkas." in empty.text
        bad_code = await c.post("/track/messages", data={"_csrf_token": csrf_from(page.text), "code": "X",
                                                         "body": "halo"}, files=[("_", (None, ""))])
        assert bad_code.status_code == 400 and "16 huruf dan angka" in bad_code.text
    submission = await service.find(code)
    assert await SubmissionMessage.count().where(SubmissionMessage.submission == submission["id"]) == 0
    stranger = await login(await make_user(roles=[("staf", "keuangan")]))
    assert (await stranger.get(f"/api/core/cases/{submission['case']}/messages")).status_code == 404
    assert "Percakapan dengan pemohon" not in (await stranger.get(f"/cases/{submission['case']}")).text


async def test_plugins_reply_through_the_api(app, demo, make_user):
    from balai.api import reply_to_submitter, submission_of, submission_thread

    async with citizen(app) as c:
        code = code_from((await send(c)).text)
        submission = await service.find(code)
        pemeriksa = await (await make_user(roles=[("ujisop_pemeriksa", "sekretariat")])).current()
        await reply_to_submitter(submission["case"], "Terima kasih, sudah kami tindak lanjuti.", user=pemeriksa,
                                 answer=True, files=[("tindak-lanjut.pdf", pdf_bytes("Tindak lanjut"))])
        page = await track(c, code)
    assert "Terima kasih, sudah kami tindak lanjuti." in page.text and "tindak-lanjut.pdf" in page.text
    about = await submission_of(submission["case"])
    assert about["form"] == FORM_CODE and "code_hash" not in about
    assert [m["body"] for m in await submission_thread(submission["case"])] == ["Terima kasih, sudah kami tindak lanjuti."]
    assert await submission_of(1) is None or (await submission_of(1))["case"] == 1


# --- a new code ----------------------------------------------------------------------------


async def test_a_lost_code_is_replaced_through_the_e_mail_given(app, demo, monkeypatch):
    from aiosmtpd.controller import Controller
    from dataclasses import replace

    from balai.notifications import service as notifications
    from balai.testing import free_port
    from tests.test_notify import Sink

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    ctx = app.state.balai
    monkeypatch.setattr(ctx, "config", replace(ctx.config, smtp_url=f"smtp://127.0.0.1:{controller.port}",
                                               extra={"base_url": "https://balai.dinas.example"}))
    try:
        async with citizen(app) as c:
            old = code_from((await send(c, email="Pemohon.Dua@contoh.go.id")).text)
            case = await Case.select(Case.reference).where(Case.id == (await service.find(old))["case"]).first()
            page = await c.get("/track/lost")
            wrong = await c.post("/track/lost", data={"_csrf_token": csrf_from(page.text), "reference": case["reference"],
                                                      "email": "orang.lain@contoh.go.id"})
            asked = await c.post("/track/lost", data={"_csrf_token": csrf_from(page.text), "reference": case["reference"],
                                                      "email": "pemohon.dua@contoh.go.id"})
            await notifications.wait_for_deliveries()
            assert wrong.status_code == asked.status_code == 200
            assert 'data-testid="lost-sent"' in wrong.text and 'data-testid="lost-sent"' in asked.text  # same answer
            [mail] = sink.messages
            body = mail.content.decode()
            token = re.search(r"/track/renew#([A-Za-z0-9_-]+)", body).group(1)
            assert token in body.split("renew#", 1)[0]  # also given to paste by hand
            assert old not in body
            renew_page = await c.get("/track/renew")
            new = await c.post("/track/renew", data={"_csrf_token": csrf_from(renew_page.text), "token": token})
            assert new.status_code == 200 and "Kode lama tidak berlaku lagi." in new.text
            fresh = code_from(new.text)
            assert fresh != old
            assert (await track(c, old)).status_code == 404
            assert (await track(c, fresh)).status_code == 200
            again = await c.post("/track/renew", data={"_csrf_token": csrf_from(renew_page.text), "token": token})
            assert again.status_code == 400 and "tidak berlaku lagi" in again.text
            bad = await c.post("/track/lost", data={"_csrf_token": csrf_from(page.text), "reference": "",
                                                    "email": "bukan-email"})
            assert bad.status_code == 400 and "Alamat e-mail tidak sah" in bad.text
    finally:
        controller.stop()
    actions = [e["action"] for e in await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.action.like("submissions.%")).order_by(AuditEntry.id, ascending=False).limit(2)]
    assert actions == ["submissions.code_renewed", "submissions.renewal_asked"]


async def test_an_expired_renewal_link_is_refused(app, demo):
    async with citizen(app) as c:
        code = code_from((await send(c, email="tiga@contoh.go.id")).text)
    submission = await service.find(code)
    case = await Case.select(Case.reference).where(Case.id == submission["case"]).first()
    await service.ask_renewal(case["reference"], "tiga@contoh.go.id")  # no mail server: the link is still made
    row = await Submission.select().where(Submission.id == submission["id"]).first()
    assert row["renew_hash"] and row["renew_until"] > service.now()
    await Submission.update({Submission.renew_until: service.now() - timedelta(seconds=1)}).where(
        Submission.id == submission["id"])
    assert await service.renewal("anything") is None


# --- the desk ------------------------------------------------------------------------------


async def test_the_desk_enters_a_walk_in_request_with_a_code_the_same_way(app, demo, login, make_user):
    petugas = await make_user(roles=[("ujisop_pemeriksa", "sekretariat")], full_name="Petugas Loket Uji")
    staff = await login(petugas)
    listing = await staff.get("/submissions/desk")
    assert "/submissions/desk/ujisop.aduan" in listing.text and "/submissions/desk/ujisop.saran" not in listing.text
    response = await send(staff, path="/submissions/desk/ujisop.aduan", solve=False)
    assert response.status_code == 200, response.text[:400]
    code = code_from(response.text)
    submission = await service.find(code)
    assert submission["by_desk"] == petugas.id
    entry = await AuditEntry.select().where((AuditEntry.action == "submissions.submit") & (
        AuditEntry.object_id == str(submission["case"]))).first()
    assert entry["actor"] == petugas.id
    async with citizen(app) as c:
        assert (await track(c, code)).status_code == 200  # the walk-in follows it like anyone
    # The desk can give a walk-in who lost the code a new one; the old one stops working.
    case_page = await staff.get(f"/cases/{submission['case']}")
    renewed = await staff.post(f"/cases/{submission['case']}/code", data={"_csrf_token": csrf_from(case_page.text)})
    assert renewed.status_code == 200
    async with citizen(app) as c:
        assert (await track(c, code)).status_code == 404
        assert (await track(c, code_from(renewed.text))).status_code == 200
    outsider = await login(await make_user(roles=[("staf", "umum")]))
    assert (await outsider.get("/submissions/desk/ujisop.aduan")).status_code == 403


# --- the JSON API --------------------------------------------------------------------------


async def test_the_api_takes_a_form_without_documents_and_answers_4xx_with_reasons(app, demo):
    async with citizen(app) as c:
        described = (await c.get("/api/core/forms/ujisop.saran")).json()
        assert [f["name"] for f in described["fields"]] == ["ringkas", "uraian"] and described["pow_bits"] == abuse.POW_BITS
        stamp = described["stamp"]
        made = await c.post("/api/core/forms/ujisop.saran", json={
            "fields": {"ringkas": "Perbanyak kursi tunggu"}, "stamp": stamp, "nonce": abuse.solve(stamp)})
        assert made.status_code == 201, made.text
        code = made.json()["code"]
        assert made.json()["reference"].startswith("ADM/")
        with_documents = await c.post("/api/core/forms/ujisop.aduan", json={"fields": FIELDS})
        assert with_documents.status_code == 400 and "Bukti pendukung" in with_documents.json()["detail"]
        missing = await c.post("/api/core/forms/ujisop.saran", json={"fields": {}})
        assert missing.status_code == 400 and missing.json()["extra"]["errors"]["ringkas"] == "Wajib diisi."
        expired = await c.post("/api/core/forms/ujisop.saran", json={
            "fields": {"ringkas": "x"}, "stamp": abuse.new_stamp("ujisop.saran", app.state.config.secret_key, now=1)})
        assert expired.status_code == 400 and "kedaluwarsa" in expired.json()["detail"]
        status = await c.post("/api/core/track", json={"code": code})
        assert status.status_code == 200 and status.json()["at_work"] == ["Menanggapi aduan"]  # no step_labels: the step itself
        assert (await c.post("/api/core/track", json={"code": "salah"})).json()["detail"].startswith("Kode pelacakan tidak sah")
        assert (await c.post("/api/core/track", json={"code": codes.new_code()})).status_code == 404
        sent = await c.post("/api/core/track/messages", json={"code": code, "body": "Lewat API"})
        assert sent.status_code == 201 and sent.json()["body"] == "Lewat API"
