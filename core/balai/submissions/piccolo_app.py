from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.submissions.tables import Submission, SubmissionMessage, SubmissionStamp

APP_CONFIG = AppConfig(
    app_name="submissions",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Submission, SubmissionMessage, SubmissionStamp],
    migration_dependencies=["balai.workflow.piccolo_app"],
)
