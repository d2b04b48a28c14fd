"""SOP 7 behind its pages: the register row of each request and the three decisions of step 4.

The case is the core's (opened by the public form or the desk, with its registration number,
tracking code, receipt and the 10 + 7 working-day clock); the plugin keeps the buku register row
in step and writes what goes to the requester through the core's message thread.
"""

from __future__ import annotations

from datetime import datetime, timezone

from balai.api import (
    _, act, allocate_number, case_clocks, case_links, extend_clock, format_date, get_case, issue_document, issued_pdf,
    list_documents, numbering_transaction, open_download, org_units, reply_to_submitter, save_upload, submission_of,
    today, write_transaction,
)

from balai_ppid import dip
from balai_ppid.sop import JAWAB_DIP, SERAHKAN, TOLAK
from balai_ppid.tables import Permohonan

DOK_DIP = "ppid_informasi"
BAHAN = "ppid.bahan"
JAWABAN = "ppid.jawaban"  # files answering a request that has no tracking page  # kind of the files a unit hands to the PPID for a request
PENOLAKAN = "ppid/naskah/penolakan.html"
PENYERAHAN = "ppid/naskah/penyerahan.html"

async def _penerima(case_id: int) -> int | None:
    """The case whose submitter is the requester: the request itself when the public form or the desk
    opened it; for one handed over from a citizen's report (SOP 3), that report, whose tracking
    code the citizen holds and where they read the new request's number."""
    if await submission_of(case_id) is not None:
        return case_id
    for link in (await case_links(case_id))["from"]:
        if await submission_of(link["case"]) is not None:
            return link["case"]
    return None


async def kabari(case_id: int, text: str, user, *, answer: bool = False, files=()) -> None:
    """Tell the requester on the tracking page (see _penerima); a request that came by letter or was
    made by the demo has no tracking code, so the files are kept on the case for the letter that
    answers it."""
    penerima = await _penerima(case_id)
    if penerima is not None:
        if penerima != case_id:
            reference = (await get_case(case_id))["reference"]
            text = _("Permohonan informasi %(nomor)s: %(isi)s", nomor=reference, isi=text)
        await reply_to_submitter(penerima, text, user=user, answer=answer, files=files)
        return
    for name, data in files:
        await save_upload(data, name, "case", case_id, user, title=_("Jawaban kepada pemohon"), kind=JAWABAN)


async def diterima_dari(case: dict, user) -> None:
    """A request handed over from another SOP: the requester learns its deadline where they read
    (the clock started with the hand-over: the day of receipt is not counted)."""
    jam = next((c for c in await case_clocks(case["id"]) if c["code"] == "jawab"), None)
    if jam is None or await _penerima(case["id"]) is None:
        return
    await kabari(case["id"], _("Permohonan Anda terdaftar dan dijawab paling lambat %(tanggal)s (dapat diperpanjang "
                               "7 hari kerja dengan alasan tertulis).", tanggal=format_date(jam["due_on"])), user)


def status_label(status: str) -> str:
    return {
        "diperiksa": _("Diperiksa kelengkapannya"), "dikembalikan": _("Dikembalikan ke pemohon"),
        "terdaftar": _("Terdaftar"), "di_unit": _("Di Bidang/UPTD"), "diserahkan_unit": _("Diperiksa PPID"),
        "dijawab": _("Dijawab"), "ditolak": _("Ditolak"),
    }.get(status, status)


async def baris(case_id: int) -> dict | None:
    return await Permohonan.select().where(Permohonan.case_id == case_id).first()


async def _catat(case: dict) -> None:
    data = case.get("data") or {}
    await Permohonan.insert(Permohonan(
        case_id=case["id"], nomor=case["reference"], diterima_pada=case["opened_at"], nama=data.get("nama", "")[:200],
        informasi_diminta=data.get("rincian", ""), tujuan=data.get("tujuan", ""),
        cara_memperoleh=data.get("cara_memperoleh", "")[:40], cara_mendapat=data.get("cara_mendapat", "")[:40]))


async def langkah_masuk(case: dict, step, task: dict) -> None:
    """Keep the register row in step with where the case is."""
    row = await baris(case["id"])
    if row is None:
        await _catat(case)
    status = {"periksa": "diperiksa", "lengkapi": "dikembalikan", "putus": "terdaftar", "olah": "di_unit",
              "serahkan": "diserahkan_unit"}.get(step.code)
    if status:
        values = {Permohonan.status: status}
        if step.code == "olah":
            units = {u["id"]: u["name"] for u in await org_units()}
            values.update({Permohonan.keputusan: "unit", Permohonan.unit_id: task["unit"],
                           Permohonan.unit_nama: units.get(task["unit"], "")})
        await Permohonan.update(values).where(Permohonan.case_id == case["id"])


def periksa_aksi(case: dict, task: dict, action, data: dict) -> list[str]:
    # The decisions and the hand-over are done from the plugin's panel, which checks its own
    # fields; the core's form offers no button for them (button=False).
    return []


async def _selesai(case_id: int, status: str, **values) -> None:
    await Permohonan.update({Permohonan.status: status, Permohonan.selesai_pada: datetime.now(timezone.utc),
                             **{getattr(Permohonan, k): v for k, v in values.items()}}) \
        .where(Permohonan.case_id == case_id)


async def kembalikan(task: dict, kekurangan: str, user) -> None:
    """Incomplete: back to the requester with what is missing; the clock pauses (its SOP says so)."""
    async with write_transaction():
        await act(task["id"], "kembalikan", user=user, note=kekurangan)
        await kabari(task["case"], _("Permohonan Anda belum lengkap. Mohon dilengkapi: %(apa)s", apa=kekurangan),
                     user)


async def jawab_dari_dip(task: dict, item: dict, user, base_url: str) -> None:
    """(a) The information is in the DIP and published: answered at once, with the link and its files."""
    files = []
    for d in await list_documents(DOK_DIP, item["id"]):
        if d["current"]:
            download = await open_download(d["current"]["id"])
            files.append((download.version["filename"], await download.read()))
    link = f"{base_url}/ppid/dip?q={item['nomor']}"
    text = _("Informasi yang Anda minta tersedia dalam Daftar Informasi Publik: %(judul)s (%(nomor)s). Salinannya "
             "terlampir dan dapat diunduh di %(link)s", judul=item["judul"], nomor=item["nomor"], link=link)
    async with write_transaction():
        await act(task["id"], JAWAB_DIP, user=user, note=text, data={"informasi_id": item["id"]})
        await kabari(task["case"], text, user, answer=True, files=files)
        await _selesai(task["case"], "dijawab", keputusan="dip", informasi_id=item["id"])


async def tolak(task: dict, item: dict, user, base_url: str) -> dict:
    """(c) Excluded: the PPID's refusal letter citing the consequence test, as an official document."""
    case = await get_case(task["case"])
    data = case["data"] or {}
    ctx = {"case": case, "pemohon": data, "item": item, "pasal": str(dip.PASAL_17.get(item["uji_pasal"], "")),
           "tanggal": today()}
    title = _("Surat Keterangan Penolakan Permohonan Informasi %(nomor)s", nomor=case["reference"])
    note = _("Ditolak: %(judul)s dikecualikan berdasarkan %(pasal)s (SK %(sk)s).", judul=item["judul"],
             pasal=ctx["pasal"], sk=item["uji_sk"])
    async with numbering_transaction():
        nomor = await allocate_number("surat", classification="000.9", unit_id=case["unit"], on=today(),
                                      subject=title, addressee=data.get("nama", ""), requester="ppid",
                                      record=("case", case["id"]), user=user)
        row = await issue_document(PENOLAKAN, kind="surat", title=title, owner=("case", case["id"]), user=user,
                                   context=ctx, number=nomor, filename=f"penolakan-{case['id']}.pdf",
                                   base_url=base_url)
        pdf = await issued_pdf(row)
        await act(task["id"], TOLAK, user=user, note=note, data={"informasi_id": item["id"]})
        await kabari(case["id"], note + " " + _("Anda dapat mengajukan keberatan kepada Atasan PPID."), user,
                     answer=True, files=[(f"surat-penolakan-{case['id']}.pdf", pdf)])
        await _selesai(case["id"], "ditolak", keputusan="dikecualikan", informasi_id=item["id"])
    return row


async def perpanjang(task: dict, alasan: str, user) -> dict:
    """Pasal 22(8) UU 14/2008: once, by 7 working days, with the reasons told to the requester in writing.
    The core refuses a second extension (ClockError 409); nothing is written then."""
    async with write_transaction():
        jam = await extend_clock(task["case"], "jawab", user=user, reason=alasan)
        await kabari(task["case"], _("Jangka waktu jawaban atas permohonan Anda diperpanjang 7 hari kerja sampai "
                                     "%(tanggal)s, dengan alasan: %(alasan)s", tanggal=format_date(jam["due_on"]),
                                     alasan=alasan), user)
        await Permohonan.update({Permohonan.diperpanjang: True}).where(Permohonan.case_id == task["case"])
    return jam


async def kirim_bahan(task: dict, uploads: list, user) -> None:
    """(b) The unit's head hands the information to the PPID."""
    async with write_transaction():
        for upload in uploads:
            await save_upload(upload, upload.filename, "case", task["case"], user,
                              title=_("Informasi dari Bidang/UPTD"), kind=BAHAN)
        await act(task["id"], "kirim_bahan", user=user, note=_("Informasi dikirim ke PPID."))


async def serahkan(task: dict, versions: list[int], pesan: str, user, base_url: str = "") -> dict:
    """Step 6: the data officer releases the unit's files to the requester (on the tracking page), with
    the bukti penyerahan: which files (name, size, SHA-256), to whom, when and by whom, kept as an
    issued document of the case and sent with them."""
    case = await get_case(task["case"])
    files, rows = [], []
    for version_id in versions:
        download = await open_download(version_id)
        files.append((download.version["filename"], await download.read()))
        rows.append({k: download.version[k] for k in ("filename", "size", "sha256")})
    ctx = {"case": case, "pemohon": case["data"] or {}, "berkas": rows, "pesan": pesan, "tanggal": today(),
           "petugas": user.full_name}
    async with write_transaction():
        await act(task["id"], SERAHKAN, user=user, note=pesan)
        bukti = await issue_document(PENYERAHAN, kind="bast", title=_("Bukti Penyerahan Informasi %(nomor)s",
                                                                      nomor=case["reference"]),
                                     owner=("case", case["id"]), user=user, context=ctx,
                                     filename=f"bukti-penyerahan-{case['id']}.pdf", base_url=base_url)
        files.append((f"bukti-penyerahan-{case['id']}.pdf", await issued_pdf(bukti)))
        await kabari(task["case"], pesan, user, answer=True, files=files)
        await _selesai(task["case"], "dijawab")
    return bukti
