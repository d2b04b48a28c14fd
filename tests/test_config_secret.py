"""The signing key: read or made when an app is built, never by a command that signs nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace


def test_a_command_run_in_a_plugins_folder_leaves_no_var_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    subprocess.run([sys.executable, "-m", "balai.cli", "plugins"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    assert list(tmp_path.iterdir()) == []


async def test_an_app_without_a_configured_key_keeps_one_in_var_across_restarts(app, tmp_path):
    from balai.web.app import create_app

    config = replace(app.state.config, secret_key="", var_dir=tmp_path)
    first, again = create_app(config, app.state.host), create_app(config, app.state.host)
    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) >= 40
    assert first.state.config.secret_key == again.state.config.secret_key == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
