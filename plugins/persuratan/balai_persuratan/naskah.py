"""The plugin's official documents, made by the core's facility with the agency's letterhead:
the outgoing letter (a draft to sign, then the numbered letter kept with its verification code)
and the lembar disposisi (kept as a new version whenever the chain has grown)."""

from __future__ import annotations

import hashlib
import json

from balai.api import (
    DOCUMENT_KINDS, _, acted_as, acting_signature, format_date, issue_document, local, org_units, render_document,
    signature, timeline, unit_tree,
)

from balai_persuratan import alur
from balai_persuratan.kamus import DOK_KELUAR, DOK_MASUK, MENDESAK, SIFAT, URGENSI, label

SURAT_KELUAR = "persuratan/naskah/surat_keluar.html"
LEMBAR_DISPOSISI = "persuratan/naskah/lembar_disposisi.html"
PENANDA_TANGAN = "kepala_dinas"  # SOP 16 step 4: the Kepala Dinas signs outgoing letters
# SOP 16 steps 2-3: the review chain whose approvals the letter carries as paraf (with "Plh." when a
# stand-in approved; the title here when the approver holds no position in Balai), and the step
# whose actor signs.
LANGKAH_PARAF = {"periksa_kabid": "Kepala Bidang", "periksa_sekretaris": "Sekretaris"}
LANGKAH_TTD = "tanda_tangan"


def waktu(moment) -> str:
    """"2 Desember 2026 pukul 10.43", in the agency's time zone: the sheet's one way of writing a moment."""
    return _("%(tanggal)s pukul %(jam)s", tanggal=format_date(moment, "long"), jam=local(moment).strftime("%H.%M"))


def _dengan_batas(text: str, batas) -> str:
    return f"{text} ({_('batas')} {format_date(batas, 'long')})" if batas else text


def rantai_cetak(rantai: list[dict]) -> list[dict]:
    """The chain as the sheet prints it, one row per act: when, who, what they did, to whom it went
    (the recipients of a disposisi, else whoever holds the next step), the instruction and deadline."""
    rows = []
    for entry in rantai:
        instruksi = sorted({_dengan_batas(p.get("instruksi") or "", p.get("batas")).strip()
                            for p in entry["penerima"]} - {""})
        notes = instruksi + ([entry["catatan"]] if entry["catatan"] else [])
        if entry.get("usulan"):
            notes.append(_("Usulan disposisi: %(penerima)s", penerima="; ".join(
                _dengan_batas(p.get("nama", ""), p.get("batas")) for p in entry["usulan"])))
        oleh = alur.dengan_nama(entry["jabatan"], entry["oleh"]) if entry.get("jabatan") else entry["oleh"]
        rows.append({"pada": waktu(entry["pada"]), "oleh": oleh, "aksi": entry["aksi"],
                     "kepada": "; ".join(entry["kepada"]) or "–", "catatan": notes})
    return rows


# The paraf boxes at the foot of the sheet: the steps whose holders initial it, in the sheet's order.
KOTAK_PARAF = (("verifikasi", alur.JABATAN["kasubag_umum"]), ("disposisi_sekretaris", alur.JABATAN["sekretaris"]),
               ("arahan_kepala_dinas", alur.JABATAN["kepala_dinas"]))
LANGKAH_PIMPINAN = ("disposisi_sekretaris", "arahan_kepala_dinas")


async def _tujuan(rantai: list[dict], unit_id: int | None = None) -> list[dict]:
    """"Diteruskan kepada": the Kepala Dinas and every unit directly under the Dinas (and any other unit
    the Sekretaris or Kepala Dinas disposed to), ticked where the letter went. The Dinas is the root
    above the unit that registered the letter: a directory may hold more than one tree."""
    units = await org_units()
    tree = await unit_tree()
    root = tree.up(unit_id)[-1] if unit_id else None
    top = next((u for u in units if u["id"] == root), None) or next((u for u in units if u["parent"] is None), None)
    sent = set()
    for entry in rantai:
        if entry["langkah"] in LANGKAH_PIMPINAN:
            if entry["penerima"]:  # a disposisi: the units of the tasks it opened
                sent.update(entry["ke_unit"])
    to_kadis = any("arahan_kepala_dinas" in e["ke_langkah"] for e in rantai)
    rows = [{"nama": str(alur.JABATAN["kepala_dinas"]), "dicentang": to_kadis}]
    for u in units:
        if (top and u["parent"] == top["id"]) or u["id"] in sent:
            rows.append({"nama": alur.jabatan_unit(u), "dicentang": u["id"] in sent})
    return rows


def _paraf_pimpinan(rantai: list[dict], urgent: bool) -> list[dict]:
    boxes = []
    for step, title in KOTAK_PARAF:
        done = [e for e in rantai if e["langkah"] == step]
        boxes.append({"jabatan": str(title), "nama": done[-1]["oleh"] if done else "",
                      "pada": waktu(done[-1]["pada"]) if done else "",
                      "lewat": step == "verifikasi" and urgent and not done})
    return boxes


async def _isi_lembar(surat: dict, rantai: list[dict]) -> dict:
    urgent = surat["urgensi"] in MENDESAK
    instruksi = []
    for entry in rantai:
        if entry["langkah"] in LANGKAH_PIMPINAN:
            for p in entry["penerima"]:
                line = _dengan_batas(p.get("instruksi") or "", p.get("batas")).strip()
                if line and line not in instruksi:
                    instruksi.append(line)
    return {"title": _("Lembar disposisi %(nomor)s", nomor=f"{surat['nomor_agenda']}/{surat['tahun']}"),
            "surat": surat, "rantai": rantai_cetak(rantai), "tujuan": await _tujuan(rantai, surat.get("unit_id")), "instruksi": instruksi,
            "paraf": _paraf_pimpinan(rantai, urgent),
            "sifat": [{"nama": str(v), "dicentang": k == surat["sifat"]} for k, v in SIFAT.items()],
            "urgensi": [{"nama": str(v), "dicentang": k == surat["urgensi"]} for k, v in URGENSI.items()]}


async def lembar_disposisi(surat: dict, rantai: list[dict], compress: bool = True) -> bytes:
    """The sheet as a PDF, not stored (what :func:`terbitkan_lembar` keeps)."""
    return await render_document(LEMBAR_DISPOSISI, await _isi_lembar(surat, rantai), compress=compress)


def _sidik(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


async def terbitkan_lembar(surat: dict, rantai: list[dict], user, base_url: str = "") -> dict:
    """The sheet kept among the letter's documents: a new version only when the chain has changed."""
    ctx = await _isi_lembar(surat, rantai)
    return await issue_document(
        LEMBAR_DISPOSISI, kind="lembar_disposisi", title=ctx["title"], owner=(DOK_MASUK, surat["id"]), user=user,
        context=ctx, issued_on=surat["tanggal_terima"], filename=f"lembar-disposisi-{surat['tahun']}-"
        f"{surat['nomor_agenda']}.pdf", base_url=base_url,
        fingerprint=_sidik(surat["id"], surat["catatan"], ctx["rantai"], ctx["tujuan"]))


async def _riwayat(surat: dict) -> list[dict]:
    return await timeline(surat["case_id"]) if surat.get("case_id") else []


async def paraf(surat: dict, events: list[dict] | None = None) -> list[dict]:
    """The approvals of the review chain, latest per step: title (as acted: "Plh. Kepala Bidang ..."),
    name and when. A step sent back for correction starts its round again."""
    events = await _riwayat(surat) if events is None else events
    latest: dict[str, dict] = {}
    for e in events:
        if e.get("action") == "perbaiki":  # sent back from any step: the draft is reviewed anew
            latest.clear()
        elif e.get("step") in LANGKAH_PARAF and e.get("action") == "setuju":
            latest[e["step"]] = e
    rows = []
    for step in LANGKAH_PARAF:
        if step in latest:
            e = latest[step]
            title, name = await acted_as(e) or LANGKAH_PARAF[step], e.get("actor_name") or ""
            if title and name.endswith(f" ({title})"):  # a stand-in's entry carries the title too
                name = name[: -len(title) - 3]
            rows.append({"jabatan": title, "nama": name, "pada": local(e["at"]).date()})
    return rows


async def _isi_surat(surat: dict) -> dict:
    isian = (surat.get("isi") or {}).get("isian") or {}
    tembusan = [t.strip() for t in (isian.get("tembusan") or "").split("\n") if t.strip()]
    return {"title": surat["perihal"], "surat": surat, "body": (surat.get("isi") or {}).get("isi", ""),
            "sifat": label(SIFAT, surat["sifat"]), "tembusan": tembusan,
            "jenis": str(DOCUMENT_KINDS.get(surat["jenis"], surat["jenis"])), "paraf": await paraf(surat)}


async def penanda_tangan(surat: dict):
    """The signature block of the Kepala Dinas, as the administrator set it; as a Plh/Plt signed
    it ("Plh. Kepala Dinas ...", their name and NIP) when a stand-in did the signing step."""
    signed = [e for e in await _riwayat(surat) if e.get("step") == LANGKAH_TTD and e.get("action") == LANGKAH_TTD]
    return await acting_signature(await signature(PENANDA_TANGAN), signed[-1] if signed else None)


async def konsep_surat(surat: dict, compress: bool = True) -> bytes:
    """The letter before it is numbered: marked KONSEP, number left open, not stored."""
    return await render_document(SURAT_KELUAR, await _isi_surat(surat), number="", draft=True,
                                 signer=await penanda_tangan(surat), compress=compress)


async def terbitkan_surat(surat: dict, user, base_url: str = "", compress: bool = True) -> dict:
    """The numbered letter, kept among its documents with a verification QR code."""
    return await issue_document(
        SURAT_KELUAR, kind="surat", title=surat["perihal"], owner=(DOK_KELUAR, surat["id"]), user=user,
        context=await _isi_surat(surat), number=surat["nomor"], issued_on=surat["tanggal_surat"],
        signer=await penanda_tangan(surat), filename=f"surat-{(surat['nomor'] or str(surat['id'])).replace('/', '-')}.pdf",
        base_url=base_url, fingerprint=_sidik(surat["id"], surat["nomor"], surat["versi"]), compress=compress)

