"""Stock-opname of a store room: the Pengurus Barang counts (on a phone, finding an item by its name or
by scanning its code), submits, and the Pejabat Penatausahaan Barang approves; the approval posts each
difference as an adjustment movement with its reason and issues the Berita Acara Stock Opname, all in
one transaction (a refusal writes nothing and gives the number back).

What the ledger said is taken when the count begins. If the ledger of an item in that store room
moved before the approval, the count no longer describes it: the approval is refused and the count is
sent back, rather than posting a difference against figures nobody counted.
"""

from __future__ import annotations

from balai.api import (
    _, allocate_number, issue_document, numbering_transaction, today, write_transaction, Signature,
)

from balai_bmd import DOK_OPNAME, persediaan
from balai_bmd.register import BmdError
from balai_bmd.tables import Barang, Mutasi, Opname, OpnameBaris, Ruang

TERBUKA = ("hitung", "diajukan")
MAKS = persediaan.MAKS_JUMLAH


async def mulai(gudang_id: int, user) -> dict:
    """Open a count of ``gudang_id``: one line per item the store room holds or has held."""
    async with write_transaction():
        room = await Ruang.select().where((Ruang.id == gudang_id) & (Ruang.gudang == True)).first()  # noqa: E712
        if room is None:
            raise BmdError({"gudang": _("Pilih gudang persediaan.")})
        if await Opname.exists().where((Opname.gudang == gudang_id) & Opname.status.is_in(TERBUKA)):
            raise BmdError({"gudang": _("Stock opname %(gudang)s masih berjalan: selesaikan dulu.", gudang=room["nama"])})
        items = {r["barang"] for r in await Mutasi.select(Mutasi.barang).where(Mutasi.gudang == gudang_id).distinct()}
        if not items:
            raise BmdError({"gudang": _("Gudang %(gudang)s belum pernah berisi persediaan.", gudang=room["nama"])})
        row = (await Opname.insert(Opname(gudang=gudang_id, tanggal=today(), dibuat_oleh=getattr(user, "id", None),
                                          dibuat_oleh_nama=getattr(user, "full_name", "") or ""))
               .returning(*Opname.all_columns()))[0]
        await OpnameBaris.insert(*[OpnameBaris(opname=row["id"], barang=b, tercatat=await persediaan.stok(b, gudang_id))
                                   for b in sorted(items)])
    return row


async def satu(opname_id: int) -> dict | None:
    return await Opname.select().where(Opname.id == opname_id).first()


async def baris(opname_id: int) -> list[dict]:
    rows = await OpnameBaris.select().where(OpnameBaris.opname == opname_id)
    items = {b["id"]: b for b in await Barang.select().where(Barang.id.is_in([r["barang"] for r in rows] or [0]))}
    for r in rows:
        item = items[r["barang"]]
        r.update(nama=item["nama"], satuan=item["satuan"],
                 selisih=None if r["dihitung"] is None else r["dihitung"] - r["tercatat"])
    return sorted(rows, key=lambda r: r["nama"])


def cocok(rows: list[dict], q: str) -> list[dict]:
    """The lines a search or a scanned code finds: a part of the name, or the item's number."""
    q = q.strip().lower()
    if not q:
        return rows
    return [r for r in rows if q in r["nama"].lower() or q == str(r["barang"]) or q == f"brg-{r['barang']}"]


async def daftar() -> list[dict]:
    rows = await Opname.select().order_by(Opname.id, ascending=False)
    rooms = {r["id"]: r["nama"] for r in await Ruang.select(Ruang.id, Ruang.nama)}
    for r in rows:
        r["gudang_nama"] = rooms.get(r["gudang"], "")
    return rows


def _baca(form, rows: list[dict]) -> tuple[dict[int, tuple[int | None, str]], dict]:
    """The counts and reasons typed for ``rows`` (only the lines the form carried)."""
    values, errors = {}, {}
    for r in rows:
        key = f"n_{r['id']}"
        if key not in form:
            continue
        raw, alasan = (form.get(key) or "").strip().replace(".", ""), (form.get(f"a_{r['id']}") or "").strip()
        if raw and not (raw.isdigit() and int(raw) <= MAKS):
            errors[key] = _("Tulis jumlah yang dihitung: bilangan bulat 0 atau lebih.")
        elif len(alasan) > 300:
            errors[f"a_{r['id']}"] = _("Paling banyak %(n)s karakter.", n=300)
        else:
            values[r["id"]] = (int(raw) if raw else None, alasan)
    return values, errors


async def simpan(opname_id: int, form) -> dict:
    """Save what was counted (a phone may send only the lines it showed)."""
    async with write_transaction():
        row = await satu(opname_id)
        if row is None or row["status"] != "hitung":
            raise BmdError({"opname": _("Stock opname ini tidak sedang dihitung.")})
        values, errors = _baca(form, await OpnameBaris.select().where(OpnameBaris.opname == opname_id))
        if errors:
            raise BmdError(errors)
        for line_id, (n, alasan) in values.items():
            await OpnameBaris.update({OpnameBaris.dihitung: n, OpnameBaris.alasan: alasan}) \
                .where(OpnameBaris.id == line_id)
    return row


async def ajukan(opname_id: int) -> None:
    """Submit for approval: every line counted, every difference with its reason."""
    async with write_transaction():
        row = await satu(opname_id)
        if row is None or row["status"] != "hitung":
            raise BmdError({"opname": _("Stock opname ini tidak sedang dihitung.")})
        errors = {}
        for r in await baris(opname_id):
            if r["dihitung"] is None:
                errors[f"n_{r['id']}"] = _("%(barang)s belum dihitung.", barang=r["nama"])
            elif r["selisih"] and not r["alasan"]:
                errors[f"a_{r['id']}"] = _("Tulis sebab selisih %(barang)s.", barang=r["nama"])
        if errors:
            raise BmdError(errors)
        await Opname.update({Opname.status: "diajukan"}).where(Opname.id == opname_id)


async def kembalikan(opname_id: int) -> None:
    async with write_transaction():
        await Opname.update({Opname.status: "hitung"}).where((Opname.id == opname_id) & (Opname.status == "diajukan"))


async def setujui(opname_id: int, user) -> dict:
    """Post the differences as adjustments and issue the Berita Acara Stock Opname (one transaction)."""
    async with numbering_transaction():
        row = await satu(opname_id)
        if row is None or row["status"] != "diajukan":
            raise BmdError({"opname": _("Stock opname ini belum diajukan untuk disetujui.")})
        room = await Ruang.select().where(Ruang.id == row["gudang"]).first()
        lines = await baris(opname_id)
        for r in lines:
            now = await persediaan.stok(r["barang"], row["gudang"])
            if now != r["tercatat"]:
                raise BmdError({"opname": _("Buku persediaan %(barang)s berubah sejak dihitung (tercatat %(dulu)s, kini %(kini)s): kembalikan untuk dihitung ulang.",
                                            barang=r["nama"], dulu=r["tercatat"], kini=now)})
        nomor = await allocate_number("berita_acara", classification="027", unit_id=room["unit_id"], on=today(),
                                      subject=_("Berita Acara Stock Opname %(gudang)s", gudang=room["nama"]),
                                      requester="bmd", record=(DOK_OPNAME, opname_id), user=user)
        for r in lines:
            if r["selisih"]:
                m = await persediaan.catat_mutasi(r["barang"], row["gudang"], "penyesuaian", r["selisih"], tanggal=today(),
                                                  alasan=_("Stock opname: %(alasan)s", alasan=r["alasan"]),
                                                  dokumen=nomor.text, user=user)
                await OpnameBaris.update({OpnameBaris.mutasi: m["id"]}).where(OpnameBaris.id == r["id"])
        ctx = {"room": room, "opname": row, "baris": lines, "signed_on": today(),
               "berselisih": sum(1 for r in lines if r["selisih"]),
               "pihak": [(_("Pengurus Barang Pengguna"), row["dibuat_oleh_nama"]),
                         (_("Pejabat Penatausahaan Barang"), getattr(user, "full_name", "") or "")]}
        title = _("Berita Acara Stock Opname %(gudang)s", gudang=room["nama"])
        doc = await issue_document("bmd/naskah/opname.html", kind="berita_acara", title=title, owner=(DOK_OPNAME, opname_id),
                                   user=user, context=ctx, number=nomor,
                                   signer=Signature(title=_("Pejabat Penatausahaan Barang"),
                                                    name=getattr(user, "full_name", "") or ""),
                                   filename=f"ba-stock-opname-{opname_id}.pdf")
        await Opname.update({Opname.status: "disetujui", Opname.nomor_ba: doc["number"],
                             Opname.disetujui_oleh: getattr(user, "id", None),
                             Opname.disetujui_oleh_nama: getattr(user, "full_name", "") or ""}) \
            .where(Opname.id == opname_id)
    return doc

