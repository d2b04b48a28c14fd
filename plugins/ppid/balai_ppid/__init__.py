"""PPID: the Daftar Informasi Publik and the service of requests for public information (SOP 7).

Written as an outside package would be: it imports from ``balai.api`` only (plus Litestar, Piccolo
and xlsxwriter). ``dip`` keeps the register of public information (with the uji konsekuensi of
excluded items) and its public page; ``permohonan`` runs SOP 7 on the core's public form, legal
clock and official documents.
"""

from __future__ import annotations

from balai.api import Grant, HandoverTarget, MenuItem, PersonalData, Permission, PluginMeta, Role, hookimpl, lazy_gettext

from balai_ppid.dip import KELOLA
from balai_ppid.sop import LOKET, PENGELOLA, PERMOHONAN, PETUGAS

KEBERATAN = "ppid.keberatan"

META = PluginMeta(
    name="ppid",
    label=lazy_gettext("PPID"),
    description=lazy_gettext("Daftar Informasi Publik dan pelayanan permohonan informasi (SOP 7)"),
    core=">=0.1,<0.2",
    author="Tim Balai",
)

REGISTER = "ppid.register"  # reads the buku register permohonan and exports it
DOK_DIP = "ppid_informasi"


@hookimpl
def piccolo_apps():
    return ["balai_ppid.piccolo_app"]


@hookimpl
def permissions():
    return [
        Permission(KELOLA, lazy_gettext("Mengelola Daftar Informasi Publik")),
        Permission(LOKET, lazy_gettext("Mencatat permohonan informasi di meja layanan")),
        Permission(REGISTER, lazy_gettext("Melihat dan mengunduh buku register permohonan informasi")),
    ]


@hookimpl
def roles():
    # The PPID Pembantu sits in the Sub Bagian Umum (SOP 7's sheet is the Sub Bagian Umum's).
    return [
        Role(PETUGAS, lazy_gettext("Petugas Pelayanan Informasi dan Dokumentasi"), [LOKET, REGISTER],
             description=lazy_gettext("Menerima dan memeriksa permohonan informasi (SOP 7)"), demo_unit="umum"),
        Role(PENGELOLA, lazy_gettext("Petugas Pengelolaan Data dan Kualifikasi Informasi"), [KELOLA, REGISTER, LOKET],
             description=lazy_gettext("Mengelola DIP dan memutuskan permohonan informasi (SOP 7)"), demo_unit="umum"),
        # SOP 6's Atasan PPID Pembantu answers objections; the steps reach whoever holds it.
        Role("atasan_ppid", lazy_gettext("Atasan PPID Pembantu"), [REGISTER],
             description=lazy_gettext("Menanggapi keberatan informasi publik (SOP 6)"), demo_unit="sekretariat"),
        Grant("kasubag_umum", [REGISTER]),
    ]


@hookimpl
def menu_items(user):
    items = [MenuItem(lazy_gettext("Informasi Publik"), "/ppid/dip", order=80)]
    if user is not None and user.can(KELOLA):
        items.append(MenuItem(lazy_gettext("DIP"), "/ppid/informasi", permission=KELOLA, order=81))
    if user is not None and user.can(REGISTER):
        items.append(MenuItem(lazy_gettext("Register Permohonan"), "/ppid/permohonan", permission=REGISTER, order=82))
        items.append(MenuItem(lazy_gettext("Register Keberatan"), "/ppid/keberatan", permission=REGISTER, order=83))
        items.append(MenuItem(lazy_gettext("Laporan PPID"), "/ppid/laporan", permission=REGISTER, order=84))
    return items


@hookimpl
def page_routes():
    from balai_ppid import dip_pages, keberatan_pages, laporan_pages, permohonan_pages

    return dip_pages.routes() + permohonan_pages.routes() + keberatan_pages.routes() + laporan_pages.routes()


@hookimpl
def can_access_document(user, owner_type, owner_id, action):
    # The DIP's documents: the data officer writes and reads them in the office; the public page
    # serves published ones through its own route.
    if owner_type == "ppid_laporan":  # the issued service reports
        return bool(user is not None and user.can(REGISTER))
    if owner_type != DOK_DIP:
        return None
    return bool(user is not None and user.can(KELOLA))


@hookimpl
def sop_definitions():
    from balai_ppid import keberatan
    from balai_ppid.sop import permohonan

    return [permohonan(), keberatan.sop()]


@hookimpl
def scheduled_jobs():
    from balai_ppid import laporan, pengecualian

    return pengecualian.jobs() + laporan.jobs()


@hookimpl
def handover_targets():
    # SOP 3: an SP4N complaint that is really a request for public information becomes an SOP 7
    # request of the PPID desk (Sub Bagian Umum), registered at once ("kirim", as the public form
    # does) so that its 10 working-day clock runs from the hand-over.
    return [HandoverTarget(PERMOHONAN, accepts=("pengaduan.sp4n",), label=lazy_gettext("Teruskan ke PPID"), unit="umum",
                           complete_first="kirim")]


@hookimpl
def case_handed_over(case, from_case, reason, user):
    if case["sop"] != PERMOHONAN:
        return None
    from balai_ppid import permohonan

    return permohonan.diterima_dari(case, user)


@hookimpl
def counting_rules():
    from balai_ppid.sop import counting_rule

    return [counting_rule()]


@hookimpl
def public_forms():
    from balai_ppid import keberatan
    from balai_ppid.sop import formulir

    return [formulir(), keberatan.formulir()]


@hookimpl
def personal_data():
    # The requester's identity (Pasal 4 Perki 1/2021: name, NIK or the organisation's deed, address)
    # and the KTP scan, kept a year after the request is closed.
    return [PersonalData("ppid.pemohon", lazy_gettext("Identitas pemohon informasi publik"),
                         fields=("nama", "nik", "alamat", "telepon", "pekerjaan"), sops=(PERMOHONAN, KEBERATAN),
                         nik_field="nik", document_kinds=("ppid.ktp",), retention_days=365)]


@hookimpl
def validate_action(case, task, action, data):
    if case["sop"] == KEBERATAN and action.code == "kirim":
        from balai_ppid import keberatan

        return keberatan.periksa_pengajuan(case["data"] or {})
    if case["sop"] != PERMOHONAN:
        return []
    from balai_ppid import permohonan

    return permohonan.periksa_aksi(case, task, action, data)


@hookimpl
def step_entered(case, step, task):
    if case["sop"] == KEBERATAN:
        from balai_ppid import keberatan

        return keberatan.langkah_masuk(case, step, task)
    if case["sop"] != PERMOHONAN:
        return None
    from balai_ppid import permohonan

    return permohonan.langkah_masuk(case, step, task)


@hookimpl
def step_completed(case, step, task, action, data):
    if case["sop"] == KEBERATAN:
        from balai_ppid import keberatan

        return keberatan.langkah_selesai(case, step, action)
    return None


@hookimpl
def task_panel(case, task, request):
    if case["sop"] == KEBERATAN:
        from balai_ppid import keberatan_pages

        return keberatan_pages.panel(case, task, request)
    if case["sop"] != PERMOHONAN:
        return None
    from balai_ppid import permohonan_pages

    return permohonan_pages.panel(case, task, request)


@hookimpl
def demo_data(units):
    from balai_ppid import demo

    return demo.seed(units)
