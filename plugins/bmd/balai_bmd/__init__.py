"""BMD: regional assets (Barang Milik Daerah) and supplies (persediaan), SOP 8.

Written as an outside package would be: it imports from ``balai.api`` only (plus Litestar, Piccolo,
segno and xlsxwriter). ``register`` keeps the code list, rooms, assets and their events (KIB A–F, KIR,
labels); the pages are in ``pages_aset``.
"""

from __future__ import annotations

from balai.api import Grant, MenuItem, Permission, PluginMeta, Role, hookimpl, lazy_gettext

KELOLA = "bmd.kelola"  # the Pengurus Barang: registers, movements, BAST
LIHAT = "bmd.lihat"  # read the registers and reports
TATAUSAHA = "bmd.tatausaha"  # the Pejabat Penatausahaan Barang: close semesters, the valuation method
PENGURUS = "pengurus_barang"
PENATAUSAHAAN = "pejabat_penatausahaan_barang"
DOK_RUANG = "bmd_ruang"  # owner type of a room's issued KIR
DOK_ASET = "bmd_aset"  # owner type of an asset's documents (photos, BAST, certificates)
DOK_OPNAME = "bmd_opname"  # owner type of a stock-opname's Berita Acara

META = PluginMeta(
    name="bmd",
    label=lazy_gettext("Barang Milik Daerah"),
    description=lazy_gettext("Barang milik daerah dan persediaan (SOP 8): KIB, KIR, label, buku persediaan"),
    core=">=0.1,<0.2",
    author="Tim Balai",
)


@hookimpl
def piccolo_apps():
    return ["balai_bmd.piccolo_app"]


@hookimpl
def permissions():
    return [
        Permission(KELOLA, lazy_gettext("Mengelola barang milik daerah dan persediaan")),
        Permission(LIHAT, lazy_gettext("Melihat register barang milik daerah dan laporan persediaan")),
        Permission(TATAUSAHA, lazy_gettext("Menatausahakan barang: menutup semester, metode penilaian persediaan")),
    ]


@hookimpl
def roles():
    return [
        Role(PENGURUS, lazy_gettext("Pengurus Barang Pengguna"), [KELOLA, LIHAT],
             description=lazy_gettext("Mencatat, menyimpan dan menyalurkan barang (SOP 8)"), demo_unit="umum"),
        Role(PENATAUSAHAAN, lazy_gettext("Pejabat Penatausahaan Barang"), [LIHAT, TATAUSAHA],
             description=lazy_gettext("Menerbitkan surat perintah penyaluran barang (SOP 8)"), demo_unit="sekretariat"),
        # Kepala Dinas is the Pengguna Barang; the Kasubag Umum supervises the Pengurus Barang.
        Grant("kepala_dinas", [LIHAT]),
        Grant("kasubag_umum", [LIHAT]),
    ]


@hookimpl
def menu_items(user):
    return [MenuItem(lazy_gettext("Barang Milik Daerah"), "/bmd/", permission=LIHAT, order=90)]


@hookimpl
def page_routes():
    from balai_bmd import pages_alur, pages_aset, pages_laporan, pages_opname, pages_persediaan, pages_sensus

    return (pages_aset.routes() + pages_persediaan.routes() + pages_laporan.routes() + pages_opname.routes()
            + pages_sensus.routes() + pages_alur.routes())


@hookimpl
def sop_definitions():
    from balai_bmd.sop import pengelolaan

    return [pengelolaan()]


@hookimpl
def validate_action(case, task, action, data):
    if case["sop"] != "bmd.pengelolaan" or action.code != "serahkan":
        return []
    from balai_bmd import persediaan

    async def check():
        closed = await persediaan.periksa_tanggal(__import__("balai.api", fromlist=["today"]).today())
        return [closed] if closed else []

    return check()


@hookimpl
def step_completed(case, step, task, action, data):
    if case["sop"] != "bmd.pengelolaan":
        return None
    from balai_bmd import alur

    async def run():
        await alur.langkah_selesai(case, step, task, action, data, user=await alur.pelaku(case["id"], task))

    return run()


@hookimpl
def task_panel(case, task, request):
    if case["sop"] != "bmd.pengelolaan":
        return None
    from balai_bmd import pages_alur

    return pages_alur.panel(case, task, request)


@hookimpl
def can_access_document(user, owner_type, owner_id, action):
    # A room's KIR and an asset's files: read by whoever reads the register, written by the Pengurus.
    if owner_type not in (DOK_RUANG, DOK_ASET, DOK_OPNAME):
        return None
    if user is None:
        return False
    return user.can(KELOLA) if action != "read" else user.can(LIHAT)


@hookimpl
def demo_data(units):
    from balai_bmd import demo

    return demo.seed(units)
