"""docs/first-plugin.md, followed literally: every file it shows is written into an empty folder,
every command it shows runs there, in a fresh virtual environment that has Balai installed, and the
plugin's own tests (run with plain ``pytest``, the kit coming from ``balai.testing``) pass.

The virtual environment sees this environment's packages (Balai and its dependencies) through a
``.pth`` file instead of reinstalling them; what the page installs (the plugin) goes into the new
environment only, so the rest of this test run never sees the plugin.
"""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PAGE = Path(__file__).resolve().parent.parent / "docs" / "first-plugin.md"
MARK = re.compile(r"^<!-- (file|run|translate)(?:: (\S+))? -->$")


def steps(text: str):
    """(kind, path, body) for every marked block of the page, in order."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        mark = MARK.match(lines[i].strip())
        i += 1
        if not mark:
            continue
        kind, path = mark.groups()
        if kind == "translate":
            rows = []
            while i < len(lines) and not lines[i].startswith("|"):
                i += 1
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip("|").split("|")])
                i += 1
            yield kind, path, dict(r for r in rows[2:])  # header and separator rows first
            continue
        while not lines[i].startswith("```"):
            i += 1
        end = lines.index("```", i + 1)
        yield kind, path, "\n".join(lines[i + 1:end]) + "\n"
        i = end + 1


def shim(bin_dir: Path, name: str, entry: str) -> None:
    """A console script like the ones pip writes (``pytest``, ``balai``, ``pip``)."""
    module, func = entry.split(":")
    script = bin_dir / name
    script.write_text(f"#!{bin_dir / 'python'}\nimport sys\nfrom {module} import {func}\nsys.exit({func}())\n")
    script.chmod(0o755)


def make_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    packages = next((where / "lib").glob("python3*/site-packages"))
    # addsitedir also reads that folder's own .pth files (Balai's editable install is one).
    ours = [p for p in site.getsitepackages() if "site-packages" in p]
    (packages / "balai_outer.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n" for p in ours))
    bin_dir = where / "bin"
    shim(bin_dir, "pip", "pip._internal.cli.main:main")
    shim(bin_dir, "balai", "balai.cli:main")
    shim(bin_dir, "pytest", "pytest:console_main")
    return bin_dir


def translate(po_path: Path, table: dict[str, str]) -> None:
    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    missing = set(table)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
            missing.discard(message.id)
    assert not missing, f"the page translates strings the plugin does not have: {sorted(missing)}"
    with open(po_path, "wb") as fh:
        write_po(fh, catalog, width=0)


def test_the_first_plugin_walkthrough_runs_as_written(tmp_path):
    bin_dir = make_venv(tmp_path / "venv")
    work = tmp_path / "work"
    work.mkdir()
    # The page's own setting-free world: only the test database kind is handed on; the plugin's
    # tests make their own database, its commands keep their files in a var folder of their own.
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(bin_dir.parent),
               BALAI_VAR_DIR=str(tmp_path / "var"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    if "BALAI_TEST_DB" in os.environ:
        env["BALAI_TEST_DB"] = os.environ["BALAI_TEST_DB"]
    ran = []
    for kind, path, body in steps(PAGE.read_text()):
        if kind == "file":
            target = work / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body)
        elif kind == "translate":
            translate(work / path, body)
        else:
            result = subprocess.run(["bash", "-e", "-c", body], cwd=work, env=env, capture_output=True, text=True)
            assert result.returncode == 0, f"{body}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            ran.append(result.stdout)
    plugin = work / "balai-ruangrapat"
    assert list((plugin / "balai_ruangrapat" / "migrations").glob("ruangrapat_*.py")), "makemigrations wrote nothing"
    installed = subprocess.run([bin_dir / "python", "-c", "import balai_ruangrapat; print(balai_ruangrapat.__file__)"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert "site-packages" in installed, f"the plugin should be installed non-editable, found {installed}"
    assert re.search(r"\b5 passed\b", ran[-1]), ran[-1]
