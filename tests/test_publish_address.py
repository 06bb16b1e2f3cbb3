"""Publishing for a placeholder address is refused; every publish says the address it built for.

The task runs as a writer runs it, on a small project in tmp whose settings
extend the real publishconf.py (whose default SITEURL is the placeholder).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.site import publish_project

from sitetools.publish import placeholder_reason

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
POST = "Title: Keep small promises\nDate: 2024-01-04 10:00\nCategory: Notes\n\nKept.\n"


@pytest.mark.parametrize("url", [
    "https://smalllessons.example", "https://blog.test", "http://site.invalid/blog",
    "http://localhost:8000", "http://preview.localhost", "http://127.0.0.1:8001",
    "http://[::1]:8001", "", "blog.org",
])
def test_placeholder_addresses_are_named(url):
    assert placeholder_reason(url)


@pytest.mark.parametrize("url", ["https://blog.example.org", "https://maya.blog/lessons",
                                 "https://testing.example.com"])
def test_real_addresses_pass(url):
    assert placeholder_reason(url) is None


@pytest.fixture
def project(tmp_path):
    publish_project(tmp_path, {"posts/promises.md": POST}, f"""DEPLOY_TARGET = "folder"
DEPLOY = {{"folder": {{"path": {str(tmp_path / "live")!r}}}}}
""")
    return tmp_path


def publish_dry_run(project: Path, *flags: str, site_url: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    if site_url:
        env["SITEURL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), "publish", "--dry-run",
         "--settings", str(project / "siteconf.py"), "--path", str(project / "out"),
         "--skip-vnu", "--skip-a11y", "--skip-share", *flags],
        cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_the_default_placeholder_address_is_refused_before_building(project):
    done = publish_dry_run(project)

    assert done.returncode == 1
    assert "SITEURL is 'https://smalllessons.example'" in done.stderr
    assert "--allow-placeholder" in done.stderr
    assert not (project / "out").exists()


def test_the_writer_may_allow_it_and_is_told_the_address(project):
    done = publish_dry_run(project, "--allow-placeholder")

    assert done.returncode == 0, done.stderr
    assert "built for https://smalllessons.example in " in done.stdout


def test_a_real_address_dry_run_says_what_it_built_for(project):
    done = publish_dry_run(project, site_url="https://blog.example.org")

    assert done.returncode == 0, done.stderr
    assert "built for https://blog.example.org in " in done.stdout
    assert not (project / "live").exists()
