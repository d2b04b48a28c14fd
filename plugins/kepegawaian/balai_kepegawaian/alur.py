"""Leave requests running through SOP 13: applying opens the case, the superiors' answers act on
their tasks, and who may see which request.

The request row, its reservation and the case are written in one transaction (``cuti.ajukan`` calls
:func:`_buka_kasus` inside its own): a request refused by the rules or by the workflow leaves
nothing behind.
"""

from __future__ import annotations

from datetime import date

from balai.api import (
    ActionError, TaskState, _, act, can_view_case, case_tasks, format_date, get_case, may_work_on, open_case,
    record_view, stand_ins, superiors, today, unit_tree, withdraw_case,
)

from balai_kepegawaian import aturan, cuti, pegawai, saldo, sop
from balai_kepegawaian.cuti import CutiError

KELOLA = "kepegawaian.kelola"
LANGKAH_ATASAN = ("atasan_langsung", "atasan_kedua")
# What a superior answers (the approval steps' action codes), by the API's words.
PUTUSAN = ("setujui", "ubah", "tangguhkan", "tolak")


# --- applying -------------------------------------------------------------------------------------

async def boleh_ajukan_untuk(user, p: dict) -> bool:
    """The employee applies for themself; the Pengelola Kepegawaian for anyone of the units they keep."""
    return (p["user_id"] is not None and p["user_id"] == user.id) or user.can(KELOLA, p["unit_id"])


async def ajukan(user, p: dict, jenis: str, mulai: date, selesai: date, *, alasan: str = "", alamat_cuti: str = "",
                 telepon_cuti: str = "", keterangan: dict | None = None, dokumen: list | None = None) -> dict:
    """Apply for leave for employee ``p`` (a Pegawai row) as ``user``; returns the Cuti row with its
    ``case_id``. CutiError (Indonesian messages) when refused; nothing is written then."""
    if not await boleh_ajukan_untuk(user, p):
        raise CutiError(_("Anda hanya dapat mengajukan cuti untuk diri sendiri."))
    if p["user_id"] is None:
        raise CutiError(_("Pegawai ini belum mempunyai akun Balai, sehingga atasannya tidak dapat ditentukan. "
                          "Minta administrator membuatkan akun."))
    rantai = await superiors(p["user_id"])
    acting = [s for s in rantai if s.outside or s.user_id is not None]
    if not acting:
        raise CutiError(_("Atasan langsung pegawai ini tidak ditemukan: jabatannya belum tercatat di Balai."))

    async def buka_kasus(row: dict) -> int:
        subject = _("%(jenis)s %(nama)s, %(mulai)s s.d. %(selesai)s", jenis=aturan.label(jenis),
                    nama=pegawai.nama_lengkap(p), mulai=format_date(mulai, "d MMM yyyy"),
                    selesai=format_date(selesai, "d MMM yyyy"))
        try:
            case = await open_case(
                sop.CUTI, subject, user=user, unit_id=p["unit_id"], record=("kepegawaian_cuti", row["id"]),
                data={"cuti_id": row["id"], "pegawai_id": p["id"], "atasan_luar": acting[0].outside},
                requester=p["user_id"] if p["user_id"] != user.id else None, complete_first="ajukan")
        except ActionError as exc:
            raise CutiError(exc.messages) from None
        return case["id"]

    return await cuti.ajukan(p["id"], jenis, mulai, selesai, alasan=alasan, alamat_cuti=alamat_cuti,
                             telepon_cuti=telepon_cuti, keterangan=keterangan, dokumen=dokumen, oleh=user,
                             buka_kasus=buka_kasus)


# --- who sees what --------------------------------------------------------------------------------

async def boleh_lihat(user, row: dict | None) -> bool:
    """The employee, the Pengelola Kepegawaian, the heads over the employee's unit, and whoever is on
    the case (its superiors, a stand-in who acted). Nobody else: callers answer 404."""
    if row is None:
        return False
    p = await pegawai.ambil(row["pegawai"])
    if await pegawai.boleh_lihat(user, p):
        return True
    return bool(row["case_id"]) and await can_view_case(user, row["case_id"])


# What a request shows of its employee (UU 27/2022: each view by someone else is logged).
DILIHAT = ("nip", "nama", "alamat", "telepon")


async def catat_lihat(user, p: dict, ip: str = "", fields: tuple[str, ...] = DILIHAT) -> None:
    """Record that ``user`` was shown employee ``p``'s data with a request (not when it is their own)."""
    if p["user_id"] != user.id:
        await record_view(user, pegawai.DATA_PRIBADI, (pegawai.JENIS_PEMILIK, p["id"]), fields=fields, ip=ip)


async def unit_terlihat(user) -> set[int] | None:
    """The units whose leave calendar ``user`` sees: those they head (with the units below) and, for
    the Pengelola Kepegawaian, those they keep; None: every unit."""
    kelola = user.units_for(KELOLA)
    if kelola is None:
        return None
    tree = await unit_tree()
    units = await pegawai.unit_dipimpin(user)
    for unit in kelola:
        units |= tree.below.get(unit, {unit})
    return units


# --- the superiors' answers -----------------------------------------------------------------------

async def tugas_terbuka(case_id: int | None, langkah: tuple[str, ...] | None = None) -> list[dict]:
    if not case_id:
        return []
    return [t for t in await case_tasks(case_id) if t["state"] in TaskState.OPEN
            and (langkah is None or t["step"] in langkah)]


async def tugas_saya(user, row: dict, langkah: tuple[str, ...] = LANGKAH_ATASAN) -> dict | None:
    """The open task of ``row``'s case in ``langkah`` that ``user`` may act on, or None."""
    tasks = await tugas_terbuka(row["case_id"], langkah)
    if user.is_admin:  # an outside step (the Kepala Dinas's superior) is recorded by an administrator
        outside = [t for t in tasks if t["outside"]]
        if outside:
            return outside[0]
    mine = await may_work_on(user, [t for t in tasks if not t["outside"]])
    return mine[0] if mine else None


async def putuskan(user, row: dict, keputusan: str, *, catatan: str = "", mulai: date | None = None,
                   selesai: date | None = None) -> dict:
    """A superior answers ``row`` on their open approval task: ``setujui``, ``ubah`` (with the new
    dates), ``tangguhkan`` or ``tolak`` (with ``catatan``). Returns the case. ActionError (with
    ``status``: 400 refused, 403 not theirs, 409 already answered) otherwise."""
    if keputusan not in PUTUSAN:
        raise _gagal(_("Keputusan tidak dikenal: pilih setujui, ubah, tangguhkan atau tolak."), 400)
    task = await tugas_saya(user, row)
    if task is None:
        if await tugas_terbuka(row["case_id"], LANGKAH_ATASAN):
            raise _gagal(_("Permintaan cuti ini sedang menunggu persetujuan atasan lain."), 403)
        raise _gagal(_("Permintaan cuti ini tidak sedang menunggu persetujuan."), 409)
    data = {}
    if keputusan == "ubah":
        data = {"mulai": mulai.isoformat() if mulai else "", "selesai": selesai.isoformat() if selesai else ""}
    try:
        return await act(task["id"], keputusan, user=user, data=data, note=catatan)
    except ActionError as exc:
        exc.status = 409 if exc.conflict else 400
        raise


def _gagal(message: str, status: int) -> ActionError:
    error = ActionError(message, conflict=status == 409)
    error.status = status
    return error


async def menunggu_saya(user) -> list[dict]:
    """The pending requests whose approval task ``user`` may act on now (own or as a Plh/Plt), each
    with ``task``: the requests of the units the user heads or stands in for, checked task by task."""
    tree = await unit_tree()
    units = set(await pegawai.unit_dipimpin(user))
    for s in await stand_ins(user_id=user.id):
        units |= tree.below.get(s.unit_id, {s.unit_id})
    if user.is_admin:  # the outside approvals (the Kepala Dinas's superior) are recorded by an administrator
        units = set(tree.parent)
    if not units:
        return []
    found = []
    for row in await cuti.cuti_unit(sorted(units), date.min, date.max, status=(cuti.DIAJUKAN,)):
        task = await tugas_saya(user, row)
        if task is not None:
            found.append({**row, "task": task})
    return found


async def kasus(row: dict) -> dict | None:
    return await get_case(row["case_id"]) if row.get("case_id") else None


# --- withdrawing ----------------------------------------------------------------------------------

def boleh_batal(user, row: dict, p: dict) -> bool:
    """The employee, or whoever applied for them, withdraws a request still waiting, or an approved
    leave that has not begun."""
    asked = user.id in (p["user_id"], row["diajukan_oleh"])
    waiting = row["status"] == cuti.DIAJUKAN or (row["status"] == cuti.DISETUJUI and row["mulai"] > today())
    return asked and waiting


async def batalkan(user, row: dict, catatan: str) -> dict:
    """Withdraw a request: its days come back to the balance and a running SOP 13 case ends, in one
    transaction. CutiError (Indonesian messages) when it may not be withdrawn; nothing changes then."""
    p = await pegawai.ambil(row["pegawai"])
    if not boleh_batal(user, row, p):
        raise CutiError(_("Hanya pegawai yang bersangkutan atau yang mengajukannya yang dapat membatalkan cuti yang "
                          "belum dimulai."))
    if not (catatan or "").strip():
        raise CutiError(_("Tuliskan alasan pembatalan."))
    async with saldo.transaksi():
        done = await cuti.putuskan(row["id"], cuti.DIBATALKAN, oleh=user, catatan=catatan)
        case = await get_case(row["case_id"]) if row["case_id"] else None
        if case is not None and case["state"] == "berjalan":
            try:
                await withdraw_case(case["id"], user=user, note=catatan)
            except ActionError as exc:
                raise CutiError(exc.messages) from None
    return done
