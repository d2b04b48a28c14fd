"""A complaint started on a public form: the submissions service used as a third party would.

The SOP says ``started_by=PUBLIC``; the form (``PublicForm``) names its fields and documents,
the step the citizen does by sending it, the legal deadline, and who may enter it at the desk.
"""

from __future__ import annotations

from balai.api import (
    CASE_OPENED, PUBLIC, SOP, Clock, FormDocument, FormField, PublicForm, SOPHeader, Step, acted, ditolak, go, selesai,
)

HEADER = SOPHeader(nomor="UJI/002/2026", disahkan_oleh="Kepala Dinas (uji)")
DESK = "ujisop.loket"  # enter a walk-in's complaint at the desk


def aduan() -> SOP:
    return SOP(
        code="ujisop.aduan", name="Aduan Masyarakat Uji", header=HEADER, reference_prefix="ADM", started_by=PUBLIC,
        # What the law owes the citizen, whatever the steps take: the receipt and the tracking page show it.
        clocks=[Clock("tanggapan", "Tanggapan atas aduan", 5, starts_on=CASE_OPENED,
                      stops_on=(acted("selesai"), acted("ditolak")))],
        steps=[
            Step(1, "isi", "Mengisi formulir aduan", actor="Masyarakat", outside=True, time="15 menit",
                 actions=[go("kirim", "Kirim", to="tanggapi")]),
            Step(2, "tanggapi", "Menanggapi aduan", actor="ujisop_pemeriksa", time="5 hari kerja",
                 actions=[selesai("Selesaikan"), ditolak()]),
        ],
    )


def form() -> PublicForm:
    return PublicForm(
        code="ujisop.aduan", sop="ujisop.aduan", title="Aduan Masyarakat (uji)",
        intro="Sampaikan aduan tentang pelayanan kami. Anda akan menerima kode pelacakan.",
        fields=[
            FormField("nama", "Nama", required=True, max_length=100),
            FormField("perihal", "Perihal", required=True),
            FormField("uraian", "Uraian aduan", kind="textarea", required=True),
            FormField("kategori", "Kategori", kind="select", choices=[("layanan", "Pelayanan"), ("lain", "Lainnya")]),
            FormField("telepon", "Telepon", kind="tel"),
        ],
        documents=[FormDocument("bukti", "Bukti pendukung"), FormDocument("lain", "Lampiran lain", required=False),
                   FormDocument("ktp", "Salinan KTP", required=False, kind="ujisop.ktp")],
        subject_field="perihal", unit="umum", complete_first="kirim", deadline="5 hari kerja", desk_permission=DESK,
        step_labels=[("tanggapi", "Aduan Anda sedang ditelaah petugas")],
    )


def saran() -> PublicForm:
    """A second form on the same SOP, without documents: it can be sent through the JSON API too."""
    return PublicForm(
        code="ujisop.saran", sop="ujisop.aduan", title="Saran (uji)", subject_field="ringkas", unit="umum",
        complete_first="kirim",
        fields=[FormField("ringkas", "Saran singkat", required=True), FormField("uraian", "Uraian", kind="textarea")],
    )


def lapor() -> PublicForm:
    """A report on the sealed SOP ujisop.rahasia: everything of it sealed, the e-mail and thread too."""
    return PublicForm(
        code="ujisop.lapor", sop="ujisop.rahasia", title="Laporan rahasia (uji)", unit="umum",
        fields=[FormField("uraian", "Uraian laporan", kind="textarea", required=True)],
        documents=[FormDocument("bukti", "Bukti", required=False)], deadline="3 hari kerja",
    )
