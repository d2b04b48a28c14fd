"""The core as users get it: a wheel of ``balai`` carries its default theme and its translations,
and a non-editable install serves them from inside the package, not from a checkout beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_non_editable_install_serves_its_theme_and_translations_from_the_package(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
                    "-w", str(tmp_path), str(ROOT)], check=True)
    [wheel] = tmp_path.glob("balai-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("balai/themes/default/templates/base.html", "balai/themes/default/static/balai.css",
                 "balai/locale/en/LC_MESSAGES/balai.po", "balai/web/templates/core/forms.html",
                 "balai/workflow/templates/workflow/inbox.html", "balai/identity/migrations/__init__.py"):
        assert part in names, f"{part} is not in {wheel.name}"
    assert not any(n.startswith(("core/", "tests/", "plugins/")) for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Only the unpacked wheel: the checkout's editable balai must not be what answers.
    probe = ("import balai.config as c, balai.i18n as i; "
             "print(c.shipped('themes')); print(c.shipped('locale')); "
             "t = i.build([('balai', c.shipped('locale'))]); print(t['en'].gettext('Kotak Masuk'))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run([sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [{str(site)!r}] + "
                          f"[p for p in {sys.path!r} if 'site-packages' in p]; {probe}"],
                         env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == str(site / "balai" / "themes") and out[1] == str(site / "balai" / "locale"), out
    assert out[2] == "Inbox", out
