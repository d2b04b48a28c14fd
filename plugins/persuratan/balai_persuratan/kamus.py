"""The words of Tata Naskah Dinas the forms offer (Permendagri 1/2023)."""

from balai.api import lazy_gettext

SIFAT = {
    "biasa": lazy_gettext("Biasa"),
    "penting": lazy_gettext("Penting"),
    "terbatas": lazy_gettext("Terbatas"),
    "rahasia": lazy_gettext("Rahasia"),
    "sangat_rahasia": lazy_gettext("Sangat Rahasia"),
}
URGENSI = {
    "biasa": lazy_gettext("Biasa"),
    "segera": lazy_gettext("Segera"),
    "sangat_segera": lazy_gettext("Sangat Segera"),
}
# Urgent letters skip the Kasubbag Umum's verification (SOP 15 step 2).
MENDESAK = {"segera", "sangat_segera"}

STATUS_MASUK = {
    "proses": lazy_gettext("Dalam proses"),
    "selesai": lazy_gettext("Selesai ditindaklanjuti"),
    "diarsipkan": lazy_gettext("Diarsipkan"),
}
STATUS_KELUAR = {
    "konsep": lazy_gettext("Konsep"),
    "ditandatangani": lazy_gettext("Ditandatangani"),
    "dinomori": lazy_gettext("Dinomori"),
    "dikirim": lazy_gettext("Dikirim"),
    "diarsipkan": lazy_gettext("Diarsipkan"),
}

# Owner types of the documents this plugin attaches (the documents service allows [a-z0-9_]).
DOK_MASUK = "persuratan_masuk"
DOK_KELUAR = "persuratan_keluar"
DOK_TINDAK_LANJUT = "persuratan_tindak_lanjut"
DOK_TITIPAN = "persuratan_titipan"  # scans kept while a refused form is corrected


def label(table: dict, key: str) -> str:
    return str(table.get(key, key))


# For the templates: ``L.sifat["penting"]`` and so on.
LABELS = {"sifat": SIFAT, "urgensi": URGENSI, "status_masuk": STATUS_MASUK, "status_keluar": STATUS_KELUAR}
