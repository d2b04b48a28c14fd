"""SOP 8 behind its pages and hooks: the BAST penerimaan, the units' requests (reserved at once), the
letters of steps 5 and 6, the distribution with a BAST penyerahan per unit, the receipt.

Each letter is an official document of the case (letterhead, number from the agency's counter for
its kind, verification QR), issued in the transaction of the step that makes it, so a refusal gives
the number back.
"""

from __future__ import annotations

from datetime import datetime, timezone

from balai.api import (
    _, act, allocate_number, case_tasks, get_case, issue_document, numbering_transaction, open_case, org_units,
    signature, today, unit_of, write_transaction, Signature,
)

from balai_bmd import PENGURUS, persediaan
from balai_bmd.register import BmdError
from balai_bmd.sop import BMD
from balai_bmd.tables import Barang, Penerimaan, PenerimaanBaris, Permintaan, PermintaanBaris, Ruang

SURAT = "bmd/naskah/surat.html"
BARIS = 8  # lines offered on the forms


def untuk(permintaan_id: int) -> str:
    return f"permintaan:{permintaan_id}"


def _baris_form(data, prefix: str, with_price: bool) -> tuple[list[dict], dict]:
    """The filled lines of a form (``barang_1``, ``jumlah_1`` … ``harga_1``); messages by field."""
    lines, errors = [], {}
    for i in range(1, BARIS + 1):
        b, q = (data.get(f"barang_{i}") or "").strip(), (data.get(f"jumlah_{i}") or "").strip()
        h = (data.get(f"harga_{i}") or "").strip().replace(".", "") if with_price else ""
        if not b and not q and not h:
            continue
        line = {"n": i}
        if not b.isdigit():
            errors[f"barang_{i}"] = _("Pilih barangnya.")
        else:
            line["barang"] = int(b)
        if not q.isdigit() or not 0 < int(q) <= persediaan.MAKS_JUMLAH:
            errors[f"jumlah_{i}"] = _("Jumlah harus bilangan bulat lebih dari nol.")
        else:
            line["jumlah"] = int(q)
        if with_price:
            if not h.isdigit() or not 0 < int(h) <= persediaan.MAKS_HARGA:
                errors[f"harga_{i}"] = _("Harga satuan dalam rupiah, lebih dari nol.")
            else:
                line["harga"] = int(h)
        lines.append(line)
    if not lines and not errors:
        errors[f"{prefix}"] = _("Isi paling sedikit satu baris barang.")
    return lines, errors


async def catat_penerimaan(data, user) -> dict:
    """Step 1 prepared by the Pengurus Barang: what arrived, for whom; opens the SOP 8 case."""
    form = {k: (data.get(k) or "").strip() for k in ("gudang", "penerima", "penerima_nip", "dokumen_sumber", "penyedia")}
    lines, errors = _baris_form(data, "baris", with_price=True)
    if not form["penerima"]:
        errors["penerima"] = _("BAST harus menyebut penerima barang (Pengurus Barang).")
    for k, n in (("penerima", 200), ("dokumen_sumber", 200), ("penyedia", 200), ("penerima_nip", 30)):
        if len(form[k]) > n:
            errors[k] = _("Paling banyak %(n)s karakter.", n=n)
    gudang = await Ruang.select().where((Ruang.id == int(form["gudang"])) & (Ruang.gudang == True)).first() \
        if form["gudang"].isdigit() else None  # noqa: E712
    if gudang is None:
        errors["gudang"] = _("Pilih gudang persediaan.")
    known = {b["id"] for b in await Barang.select(Barang.id)}
    for line in lines:
        if line.get("barang") and line["barang"] not in known:
            errors[f"barang_{line['n']}"] = _("Barang tidak dikenal.")
    closed = await persediaan.periksa_tanggal(today())
    if closed:
        errors["gudang"] = closed
    if errors:
        raise BmdError(errors)
    async with write_transaction():
        row = (await Penerimaan.insert(Penerimaan(
            tanggal=today(), dokumen_sumber=form["dokumen_sumber"], penyedia=form["penyedia"],
            penerima=form["penerima"], penerima_nip=form["penerima_nip"], oleh=user.id))
            .returning(*Penerimaan.all_columns()))[0]
        await PenerimaanBaris.insert(*[PenerimaanBaris(penerimaan=row["id"], barang=l["barang"], gudang=gudang["id"],
                                                       jumlah=l["jumlah"], harga_satuan=l["harga"]) for l in lines])
        case = await open_case(BMD, _("Penerimaan barang %(sumber)s", sumber=form["dokumen_sumber"] or row["id"]),
                               user=user, unit_id=unit_of(user, PENGURUS), data={"penerimaan": row["id"]},
                               record=("bmd_penerimaan", row["id"]))
        await Penerimaan.update({Penerimaan.case_id: case["id"]}).where(Penerimaan.id == row["id"])
    return case


async def _baris_barang(model, key: str, owner_id: int) -> list[dict]:
    rows = await model.select().where(getattr(model, key) == owner_id).order_by(model.id)
    items = {b["id"]: b for b in await Barang.select()}
    for r in rows:
        r["nama"], r["satuan"] = items[r["barang"]]["nama"], items[r["barang"]]["satuan"]
        r["nilai"] = r["jumlah"] * r.get("harga_satuan", 0) if "harga_satuan" in r else None
    return rows


async def _terbitkan(case: dict, user, *, kind: str, judul: str, pembuka: str, baris: list[dict], pihak: list,
                     owner_suffix: str, signer, penutup: str = "", addressee: str = "") -> dict:
    """Number and issue one letter of the case (inside the caller's numbering transaction)."""
    nomor = await allocate_number(kind, classification="027", unit_id=case["unit"], on=today(), subject=judul,
                                  addressee=addressee, requester="bmd", record=("case", case["id"]), user=user)
    ctx = {"judul": judul, "pembuka": pembuka, "baris": baris, "pihak": pihak, "penutup": penutup,
           "signed_on": today(), "harga": any(b.get("nilai") is not None for b in baris)}
    row = await issue_document(SURAT, kind=kind, title=judul, owner=("case", case["id"]), user=user, context=ctx,
                               number=nomor, signer=signer, filename=f"{owner_suffix}-{case['id']}.pdf")
    return row


async def _kadis(user) -> Signature:
    return await signature("kepala_dinas") or Signature(title=_("Kepala Dinas selaku Pengguna Barang"),
                                                       name=getattr(user, "full_name", ""))


async def langkah_selesai(case: dict, step, task: dict, action, data: dict, user=None) -> None:
    """Side effects of the core's buttons on SOP 8 (inside the action's transaction)."""
    code = getattr(action, "code", "")
    pid = (case.get("data") or {}).get("penerimaan")
    if step.code == "serahkan" and code == "serahkan":
        pen = await Penerimaan.select().where(Penerimaan.id == pid).first()
        lines = await _baris_barang(PenerimaanBaris, "penerimaan", pid)
        async with numbering_transaction():
            doc = await _terbitkan(
                case, user, kind="bast", judul=_("Berita Acara Serah Terima Barang"), owner_suffix="bast-penerimaan",
                pembuka=_("Pada hari ini Pengguna Barang menyerahkan kepada Pengurus Barang barang berikut (dokumen sumber: %(sumber)s, penyedia: %(penyedia)s):",
                          sumber=pen["dokumen_sumber"] or "–", penyedia=pen["penyedia"] or "–"),
                baris=lines, pihak=[(_("Yang menyerahkan"), _("Kepala Dinas selaku Pengguna Barang")),
                                    (_("Yang menerima"), f"{pen['penerima']} {('NIP ' + pen['penerima_nip']) if pen['penerima_nip'] else ''}")],
                signer=await _kadis(user), addressee=pen["penerima"])
            for l in lines:
                await persediaan.catat_mutasi(l["barang"], l["gudang"], "terima", l["jumlah"],
                                              harga_satuan=l["harga_satuan"], tanggal=today(), user=user,
                                              alasan=_("Penerimaan SOP 8"), dokumen=doc["number"])
            await Penerimaan.update({Penerimaan.status: "diterima", Penerimaan.nomor_bast: doc["number"]}) \
                .where(Penerimaan.id == pid)
    elif step.code == "setujui":
        status = "disetujui" if code == "setujui" else "ditolak"
        for p in await Permintaan.select().where(Permintaan.case_id == case["id"]):
            await Permintaan.update({Permintaan.status: status}).where(Permintaan.id == p["id"])
            if status == "ditolak":
                await persediaan.lepaskan(untuk(p["id"]))
    elif step.code in ("minta", "perintah"):
        reqs = await Permintaan.select().where((Permintaan.case_id == case["id"]) & (Permintaan.status == "disetujui"))
        lines = []
        for p in reqs:
            for l in await _baris_barang(PermintaanBaris, "permintaan", p["id"]):
                lines.append({**l, "nama": f"{l['nama']} — {p['unit_nama']}"})
        if step.code == "minta":
            judul, pembuka = _("Surat Permintaan Barang"), _("Dengan hormat, bersama ini kami mengajukan permintaan barang persediaan untuk unit kerja berikut, yang telah disetujui Kepala Dinas selaku Pengguna Barang:")
            signer = Signature(title=_("Pengurus Barang Pengguna"), name=getattr(user, "full_name", ""))
            kind, suffix = "surat", "surat-permintaan"
        else:
            judul, pembuka = _("Surat Perintah Penyaluran Barang"), _("Diperintahkan kepada Pengurus Barang Pengguna untuk menyalurkan barang berikut kepada unit kerja yang memintanya:")
            signer = Signature(title=_("Pejabat Penatausahaan Barang"), name=getattr(user, "full_name", ""))
            kind, suffix = "surat", "surat-perintah"
        async with numbering_transaction():
            await _terbitkan(case, user, kind=kind, judul=judul, pembuka=pembuka, baris=lines, pihak=[],
                             owner_suffix=suffix, signer=signer)
    elif step.code == "terima" and code == "terima":
        await Permintaan.update({Permintaan.status: "diterima", Permintaan.diterima_oleh: getattr(user, "full_name", ""),
                                 Permintaan.diterima_pada: datetime.now(timezone.utc)}).where(
            (Permintaan.case_id == case["id"]) & (Permintaan.unit_id == task["unit"]))


async def ajukan(task: dict, data, user) -> dict:
    """Step 3: a unit head's request; the stock is reserved now, or nothing is written."""
    keperluan = (data.get("keperluan") or "").strip()
    gudang_raw = (data.get("gudang") or "").strip()
    lines, errors = _baris_form(data, "baris", with_price=False)
    if not keperluan:
        errors["keperluan"] = _("Tulis untuk keperluan apa barang diminta.")
    elif len(keperluan) > 1000:
        errors["keperluan"] = _("Paling banyak %(n)s karakter.", n=1000)
    if not gudang_raw.isdigit():
        errors["gudang"] = _("Pilih gudang persediaan.")
    if errors:
        raise BmdError(errors)
    units = {u["id"]: u["name"] for u in await org_units()}
    async with write_transaction():
        row = (await Permintaan.insert(Permintaan(case_id=task["case"], unit_id=task["unit"],
                                                  unit_nama=units.get(task["unit"], ""), pemohon=user.full_name,
                                                  keperluan=keperluan)).returning(*Permintaan.all_columns()))[0]
        for l in lines:
            try:
                await persediaan.cadangkan(l["barang"], int(gudang_raw), l["jumlah"], untuk(row["id"]), user)
            except BmdError as exc:
                raise BmdError({f"jumlah_{l['n']}" if "jumlah" in exc.errors else k: v
                                for k, v in exc.errors.items()}) from None
            await PermintaanBaris.insert(PermintaanBaris(permintaan=row["id"], barang=l["barang"],
                                                         gudang=int(gudang_raw), jumlah=l["jumlah"]))
        await act(task["id"], "ajukan", user=user, note=keperluan)
    return row


async def salurkan(task: dict, user) -> list[dict]:
    """Step 7: issue what each approved request reserved, a BAST penyerahan per unit, then send each
    unit its confirmation task (a disposisi to exactly the requesting units)."""
    case = await get_case(task["case"])
    reqs = await Permintaan.select().where((Permintaan.case_id == case["id"]) & (Permintaan.status == "disetujui"))
    if not reqs:
        raise BmdError({"salurkan": _("Tidak ada permintaan yang disetujui untuk disalurkan.")})
    async with numbering_transaction():
        for p in reqs:
            lines = await _baris_barang(PermintaanBaris, "permintaan", p["id"])
            doc = await _terbitkan(
                case, user, kind="bast", judul=_("Berita Acara Serah Terima Barang kepada %(unit)s", unit=p["unit_nama"]),
                owner_suffix=f"bast-penyerahan-{p['id']}",
                pembuka=_("Pengurus Barang Pengguna menyerahkan kepada %(unit)s barang persediaan berikut untuk %(keperluan)s:",
                          unit=p["unit_nama"], keperluan=p["keperluan"]),
                baris=lines, pihak=[(_("Yang menyerahkan"), _("Pengurus Barang Pengguna") + f" ({user.full_name})"),
                                    (_("Yang menerima"), _("Kepala %(unit)s", unit=p["unit_nama"]))],
                signer=Signature(title=_("Pengurus Barang Pengguna"), name=user.full_name), addressee=p["unit_nama"])
            await persediaan.keluarkan(untuk(p["id"]), tanggal=today(), dokumen=doc["number"],
                                       alasan=_("Penyaluran SOP 8 kepada %(unit)s", unit=p["unit_nama"]), user=user)
            await Permintaan.update({Permintaan.status: "disalurkan", Permintaan.nomor_bast: doc["number"]}) \
                .where(Permintaan.id == p["id"])
        await act(task["id"], "disposisi", user=user, recipients=[{"unit_id": p["unit_id"]} for p in reqs],
                  note=_("Barang disalurkan; mohon diterima dan BAST ditandatangani."))
    return reqs


async def permintaan_kasus(case_id: int) -> list[dict]:
    rows = await Permintaan.select().where(Permintaan.case_id == case_id).order_by(Permintaan.id)
    for r in rows:
        r["baris"] = await _baris_barang(PermintaanBaris, "permintaan", r["id"])
    return rows


async def penerimaan_kasus(case: dict) -> tuple[dict | None, list[dict]]:
    pid = (case.get("data") or {}).get("penerimaan")
    if not pid:
        return None, []
    return await Penerimaan.select().where(Penerimaan.id == pid).first(), \
        await _baris_barang(PenerimaanBaris, "penerimaan", pid)


async def tugas_terbuka(case_id: int, task_id: int) -> dict | None:
    return next((t for t in await case_tasks(case_id) if t["id"] == task_id and t["state"] in ("terbuka", "menunggu")),
                None)


async def pelaku(case_id: int, task: dict):
    """The user who just closed ``task`` (the hook gets no user): id from the task, name from the timeline."""
    from balai.api import CurrentUser, timeline

    name = next((e["actor_name"] for e in reversed(await timeline(case_id)) if e.get("actor") == task.get("closed_by")),
                "")
    return CurrentUser(id=task.get("closed_by") or 0, username="", full_name=name or "")
