from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai_pengumuman.tables import Announcement

APP_CONFIG = AppConfig(
    app_name="pengumuman",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Announcement],
)
