"""`invoke serve` (and `invoke preview`) serve a built folder as a static host does,
including the site's own 404 page with status 404 for a missing address."""

from __future__ import annotations

import shlex
import subprocess
import urllib.error
import urllib.request

import pytest
from support.preview import FILES, wait_for
from support.servers import free_port

from sitetools.commands import serve_command

pytestmark = pytest.mark.slow


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def served(build_site):
    site = build_site(FILES)
    port = free_port()
    command = serve_command(site.root / "unused.py", site.output, "127.0.0.1", port)
    server = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _up(base), "the server")
        yield base, site
    finally:
        server.terminate()
        server.wait(timeout=30)


def _up(base: str) -> bool:
    try:
        get(base + "/")
        return True
    except OSError:
        return False


def test_a_missing_address_gets_the_sites_404_page_with_status_404(served):
    base, site = served
    status, body = get(f"{base}/2024/05/no-such-post/")
    assert status == 404
    assert body == site.read("404.html")


def test_pages_folders_and_files_are_served(served):
    base, site = served
    assert get(f"{base}/2024/05/morning-pages/") == (200, site.read(
        "2024/05/morning-pages/index.html"))
    status, body = get(f"{base}/2024/05/morning-pages")  # redirected to the folder
    assert status == 200 and "First words." in body
    assert get(f"{base}/")[0] == 200


def test_a_request_for_another_host_name_is_refused(served):
    """DNS rebinding: a page elsewhere cannot read the local site through a name of its own."""
    base, _ = served
    request = urllib.request.Request(base + "/", headers={"Host": "attacker.example"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 400
    assert get(base.replace("127.0.0.1", "localhost") + "/")[0] == 200
