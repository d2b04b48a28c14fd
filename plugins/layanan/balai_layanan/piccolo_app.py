from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai_layanan.tables import (
    Anjungan, Kunjungan, Pelayanan, PeriodeIkm, ResponsSurvei, TautanSurvei, TindakLanjut,
)

APP_CONFIG = AppConfig(
    app_name="layanan",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Kunjungan, Pelayanan, TautanSurvei, ResponsSurvei, PeriodeIkm, TindakLanjut, Anjungan],
    migration_dependencies=["balai.identity.piccolo_app"],
)
