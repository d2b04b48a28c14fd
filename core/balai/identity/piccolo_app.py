from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.identity import tables

APP_CONFIG = AppConfig(
    app_name="identity",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[
        tables.User,
        tables.Unit,
        tables.Position,
        tables.RoleAssignment,
        tables.Session,
        tables.LoginAttempt,
    ],
)
