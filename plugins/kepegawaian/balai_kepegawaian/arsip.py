"""The personal document archive: upload once, reuse everywhere.

Each entry (``ArsipPegawai``) is one typed, dated document of a person — SK CPNS, the SK of each
promotion, an SKP of a year, a KTP — whose file and versions live in the core's document store, owned
by ``("kepegawaian_pegawai", pegawai_id)`` and kept as the kind ``"kepegawaian.<jenis>"`` (declared as
personal data: every download is logged). A new scan of a document that a person has only one of (KTP,
SK CPNS) or one per year of (SKP) is the next version of the same entry; documents a person collects
(an SK per promotion) are entries of their own.

Leave, KGB, KP and retirement proposals pick what they need with :func:`dokumen_pegawai` instead of
asking for a new upload. Only the Pengelola Kepegawaian adds to the archive; whoever may see the file
may read it (:func:`boleh_baca`, the ``can_access_document`` hook).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from balai.api import DocumentError, _, audit_record, lazy_gettext, list_documents, save_upload, today

from balai_kepegawaian import pegawai as data
from balai_kepegawaian.tables import ArsipPegawai

TUNGGAL, TAHUNAN, BANYAK = "tunggal", "tahunan", "banyak"


@dataclass(frozen=True)
class Jenis:
    label: object
    cara: str  # TUNGGAL: one per person; TAHUNAN: one per year; BANYAK: as many as there are
    # The employee adds it to their own archive (their KTP, a doctor's letter); decisions (SK, SKP)
    # are the Pengelola Kepegawaian's to file.
    sendiri: bool = False


JENIS = MappingProxyType({
    "sk_cpns": Jenis(lazy_gettext("SK CPNS"), TUNGGAL),
    "sk_pns": Jenis(lazy_gettext("SK PNS"), TUNGGAL),
    "sk_pangkat": Jenis(lazy_gettext("SK kenaikan pangkat"), BANYAK),
    "sk_jabatan": Jenis(lazy_gettext("SK jabatan"), BANYAK),
    "sk_kgb": Jenis(lazy_gettext("SK kenaikan gaji berkala"), BANYAK),
    "pak": Jenis(lazy_gettext("Penetapan Angka Kredit (PAK)"), BANYAK),
    "sk_pensiun": Jenis(lazy_gettext("SK pensiun"), TUNGGAL),
    "permohonan_pensiun": Jenis(lazy_gettext("Surat permohonan pensiun (bermaterai)"), TUNGGAL, sendiri=True),
    "skp": Jenis(lazy_gettext("SKP / penilaian kinerja"), TAHUNAN),
    "ijazah": Jenis(lazy_gettext("Ijazah dan transkrip"), BANYAK, sendiri=True),
    "sertifikat": Jenis(lazy_gettext("Sertifikat diklat"), BANYAK, sendiri=True),
    "ktp": Jenis(lazy_gettext("KTP"), TUNGGAL, sendiri=True),
    "kk": Jenis(lazy_gettext("Kartu Keluarga"), TUNGGAL, sendiri=True),
    "npwp": Jenis(lazy_gettext("NPWP"), TUNGGAL, sendiri=True),
    "karpeg": Jenis(lazy_gettext("Kartu Pegawai"), TUNGGAL),
    "akta_nikah": Jenis(lazy_gettext("Akta/buku nikah"), BANYAK, sendiri=True),
    "akta_kelahiran": Jenis(lazy_gettext("Akta kelahiran"), BANYAK, sendiri=True),
    "surat_dokter": Jenis(lazy_gettext("Surat keterangan dokter"), BANYAK, sendiri=True),  # for cuti sakit
    "lainnya": Jenis(lazy_gettext("Dokumen lain"), BANYAK, sendiri=True),
})
KINDS = tuple(f"kepegawaian.{jenis}" for jenis in JENIS)  # the document kinds declared as personal data
_URUTAN = {jenis: i for i, jenis in enumerate(JENIS)}


def kind(jenis: str) -> str:
    return f"kepegawaian.{jenis}"


async def boleh_baca(user, pegawai_id: int) -> bool:
    return await data.boleh_lihat(user, await data.ambil(pegawai_id))


def akses_dokumen(user, owner_type: str, owner_id: int, action: str):
    """The ``can_access_document`` answer: None for others' records; uploads only through the archive's
    own form (it types and dates them); reading for whoever may see the file."""
    if owner_type != data.JENIS_PEMILIK:
        return None
    if action != "read":
        return False
    return boleh_baca(user, owner_id)


def _baris(row: dict, documents: dict[int, dict]) -> dict:
    document = documents.get(row["document_id"]) or {}
    current = document.get("current") or {}
    return {
        **row,
        "jenis_label": str(JENIS[row["jenis"]].label) if row["jenis"] in JENIS else row["jenis"],
        "judul": document.get("title", ""),
        "versi": current.get("number"),
        "version_id": current.get("id"),
        "filename": current.get("filename", ""),
        "size_label": current.get("size_label", ""),
        "content_type": current.get("content_type", ""),
        "diunggah_at": current.get("uploaded_at"),
        "versions": document.get("versions", []),
    }


async def dokumen_pegawai(pegawai_id: int, jenis: str | tuple[str, ...] | list[str] | None = None) -> list[dict]:
    """The archive of a person (of ``jenis``: one kind or several), in the catalogue's order, newest first
    within a kind. Each entry: ``id`` (the archive entry), ``jenis``, ``jenis_label``, ``tahun``,
    ``tanggal``, ``nomor``, ``keterangan``, ``document_id``, and of its current version ``versi``,
    ``version_id`` (download at ``/documents/<version_id>/download``), ``filename``, ``size_label``,
    ``content_type``, ``diunggah_at``; ``versions`` all of them, newest first."""
    query = ArsipPegawai.select().where(ArsipPegawai.pegawai == pegawai_id)
    if jenis is not None:
        kinds = [jenis] if isinstance(jenis, str) else list(jenis)
        query = query.where(ArsipPegawai.jenis.is_in(kinds))
    rows = await query
    if not rows:
        return []
    documents = {d["id"]: d for d in await list_documents(data.JENIS_PEMILIK, pegawai_id)}
    rows.sort(key=lambda r: (-(r["tahun"] or 0), -(r["tanggal"] or date.min).toordinal(), -r["id"]))
    rows.sort(key=lambda r: _URUTAN.get(r["jenis"], len(_URUTAN)))
    return [_baris(r, documents) for r in rows]


async def satu(arsip_id: int) -> dict | None:
    row = await ArsipPegawai.select().where(ArsipPegawai.id == arsip_id).first()
    if row is None:
        return None
    found = await dokumen_pegawai(row["pegawai"], row["jenis"])
    return next((r for r in found if r["id"] == arsip_id), None)


def periksa(form: dict) -> tuple[dict, dict]:
    """(values, errors) of an archive entry's typed fields: its kind, year, date, number, note."""
    errors: dict[str, str] = {}
    jenis = str(form.get("jenis") or "").strip()
    if jenis not in JENIS:
        errors["jenis"] = _("Pilih jenis dokumen.")
    tahun_text = str(form.get("tahun") or "").strip()
    tahun = None
    if tahun_text:
        if tahun_text.isdigit() and 1950 <= int(tahun_text) <= today().year + 1:
            tahun = int(tahun_text)
        else:
            errors["tahun"] = _("Tahun harus antara 1950 dan %(akhir)s.", akhir=today().year + 1)
    elif jenis in JENIS and JENIS[jenis].cara == TAHUNAN:
        errors["tahun"] = _("SKP memerlukan tahun penilaiannya.")
    try:
        tanggal = data.baca_tanggal(form.get("tanggal"))
    except ValueError as exc:
        errors["tanggal"], tanggal = str(exc), None
    if tanggal and tanggal > today():
        errors["tanggal"] = _("Tanggal dokumen tidak boleh setelah hari ini.")
    nomor = str(form.get("nomor") or "").strip()
    keterangan = str(form.get("keterangan") or "").strip()
    if len(nomor) > 100:
        errors["nomor"] = _("Paling banyak %(n)s karakter.", n=100)
    if len(keterangan) > 300:
        errors["keterangan"] = _("Paling banyak %(n)s karakter.", n=300)
    return {"jenis": jenis, "tahun": tahun, "tanggal": tanggal, "nomor": nomor, "keterangan": keterangan}, errors


async def _entri_yang_sama(pegawai_id: int, values: dict) -> dict | None:
    """The entry a new upload continues: the person's only one of its kind, or of its year (SKP)."""
    cara = JENIS[values["jenis"]].cara
    if cara == BANYAK:
        return None
    query = ArsipPegawai.select().where((ArsipPegawai.pegawai == pegawai_id) & (ArsipPegawai.jenis == values["jenis"]))
    if cara == TAHUNAN:
        query = query.where(ArsipPegawai.tahun == values["tahun"])
    return await query.order_by(ArsipPegawai.id).first()


def boleh_unggah(user, p: dict, jenis: str) -> bool:
    """The Pengelola Kepegawaian files any kind; the employee their own documents (``Jenis.sendiri``)."""
    if user is None or data.boleh_ubah(user, p):
        return True
    return p["user_id"] == user.id and jenis in JENIS and JENIS[jenis].sendiri


def jenis_sendiri() -> list[tuple[str, str]]:
    return [(k, str(v.label)) for k, v in JENIS.items() if v.sendiri]


async def simpan(user, pegawai_id: int, form: dict, upload, filename: str | None, *, arsip_id: int | None = None,
                 ip: str = "") -> dict:
    """Add a document to a person's archive, or a new version of entry ``arsip_id`` (or of the entry the
    kind already has). Returns the entry as :func:`dokumen_pegawai` gives it. Raises ``pegawai.Ditolak``."""
    p = await data.ambil(pegawai_id)
    if p is None:
        raise data.Ditolak(_("Data pegawai tidak ditemukan."), 404)
    target = None
    if arsip_id is not None:
        target = await ArsipPegawai.select().where(
            (ArsipPegawai.id == arsip_id) & (ArsipPegawai.pegawai == pegawai_id)).first()
        if target is None:
            raise data.Ditolak(_("Dokumen arsip tidak ditemukan."), 404)
        # A new version keeps the entry's kind and year; a date, number or note typed with it replace the old.
        form = {**{k: v for k, v in form.items() if v}, "jenis": target["jenis"], "tahun": target["tahun"]}
    values, errors = periksa(form)
    if not errors and not boleh_unggah(user, p, values["jenis"]):
        raise data.Ditolak(_("Dokumen jenis ini diarsipkan oleh Pengelola Kepegawaian."), 403)
    if upload is None or not filename:
        errors["berkas"] = _("Pilih berkas yang akan diunggah.")
    if errors:
        raise data.Ditolak(errors)
    async with data.transaksi():
        await data._kunci(p["id"])
        target = target or await _entri_yang_sama(pegawai_id, values)
        judul = str(JENIS[values["jenis"]].label) + (f" {values['tahun']}" if values["tahun"] else "") \
            + (f" — {values['nomor']}" if values["nomor"] else "")
        try:
            version = await save_upload(upload, filename, data.JENIS_PEMILIK, pegawai_id, user, title=judul[:200],
                                        document_id=target["document_id"] if target else None,
                                        kind=kind(values["jenis"]), ip=ip,
                                        note=values["keterangan"])
        except DocumentError as exc:
            raise data.Ditolak({"berkas": exc.message}, getattr(exc, "status_code", 400)) from None
        if target is None:
            rows = await ArsipPegawai.insert(ArsipPegawai(
                pegawai=pegawai_id, jenis=values["jenis"], tahun=values["tahun"], tanggal=values["tanggal"],
                nomor=values["nomor"], keterangan=values["keterangan"], document_id=version["document_id"],
                dibuat_oleh=getattr(user, "id", None))).returning(ArsipPegawai.id)
            entry_id = rows[0]["id"]
        else:
            entry_id = target["id"]
            changes = {getattr(ArsipPegawai, k): values[k] for k in ("tanggal", "nomor", "keterangan") if values[k]}
            if changes:
                await ArsipPegawai.update(changes).where(ArsipPegawai.id == entry_id)
        await audit_record(user, "kepegawaian.arsip", data.JENIS_PEMILIK, pegawai_id,
                           {"arsip": entry_id, "jenis": values["jenis"], "versi": version["number"]}, ip)
    return await satu(entry_id)
