"""The plugin's official documents, made by the core's facility with the agency's letterhead:
the outgoing letter (a draft to sign, then the numbered letter kept with its verification code)
and the lembar disposisi (kept as a new version whenever the chain has grown)."""

from __future__ import annotations

import hashlib
import json

from balai.api import (
    DOCUMENT_KINDS, _, acted_as, acting_signature, issue_document, local, render_document, signature, timeline,
)

from balai_persuratan.kamus import DOK_KELUAR, DOK_MASUK, SIFAT, URGENSI, label

SURAT_KELUAR = "persuratan/naskah/surat_keluar.html"
LEMBAR_DISPOSISI = "persuratan/naskah/lembar_disposisi.html"
PENANDA_TANGAN = "kepala_dinas"  # SOP 16 step 4: the Kepala Dinas signs outgoing letters
# SOP 16 steps 2-3: the review chain whose approvals the letter carries as paraf (with "Plh." when a
# stand-in approved; the title here when the approver holds no position in Balai), and the step
# whose actor signs.
LANGKAH_PARAF = {"periksa_kabid": "Kepala Bidang", "periksa_sekretaris": "Sekretaris"}
LANGKAH_TTD = "tanda_tangan"


def rantai_cetak(rantai: list[dict]) -> list[dict]:
    """The chain as the sheet prints it: when, who, to whom (with deadlines), what was instructed."""
    rows = []
    for entry in rantai:
        kepada = "; ".join(
            p.get("nama", "") + (f" ({_('batas')} {p['batas']})" if p.get("batas") else "")
            for p in entry["penerima"]
        ) or entry["unit"]
        notes = [entry["aksi"]] + [p["instruksi"] for p in entry["penerima"] if p.get("instruksi")][:1]
        if entry["catatan"]:
            notes.append(entry["catatan"])
        rows.append({"pada": entry["pada"], "oleh": entry["oleh"], "kepada": kepada,
                     "catatan": " — ".join(n for n in notes if n)})
    return rows


def _isi_lembar(surat: dict, rantai: list[dict]) -> dict:
    return {"title": _("Lembar disposisi %(nomor)s", nomor=f"{surat['nomor_agenda']}/{surat['tahun']}"),
            "surat": surat, "rantai": rantai_cetak(rantai),
            "sifat": f"{label(SIFAT, surat['sifat'])} · {label(URGENSI, surat['urgensi'])}"}


async def lembar_disposisi(surat: dict, rantai: list[dict], compress: bool = True) -> bytes:
    """The sheet as a PDF, not stored (what :func:`terbitkan_lembar` keeps)."""
    return await render_document(LEMBAR_DISPOSISI, _isi_lembar(surat, rantai), compress=compress)


def _sidik(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


async def terbitkan_lembar(surat: dict, rantai: list[dict], user, base_url: str = "") -> dict:
    """The sheet kept among the letter's documents: a new version only when the chain has changed."""
    ctx = _isi_lembar(surat, rantai)
    return await issue_document(
        LEMBAR_DISPOSISI, kind="lembar_disposisi", title=ctx["title"], owner=(DOK_MASUK, surat["id"]), user=user,
        context=ctx, issued_on=surat["tanggal_terima"], filename=f"lembar-disposisi-{surat['tahun']}-"
        f"{surat['nomor_agenda']}.pdf", base_url=base_url,
        fingerprint=_sidik(surat["id"], surat["catatan"], ctx["rantai"]))


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

