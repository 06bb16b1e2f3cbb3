"""Shared fixtures. Tests build real sites with Pelican into temporary folders."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The plugin package and sitetools are imported by tests directly, as Pelican would.
for path in (ROOT / "plugins", ROOT, Path(__file__).parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from support.site import Site, build  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def build_site(tmp_path):
    """Build a fixture site: ``build_site({"posts/a.md": "..."}, SETTING=value)``.

    The project's pelicanconf.py is the base; the content is only the files
    given; output, cache and card folders live under the test's tmp_path.
    """

    def _build(files: dict[str, str | bytes], base: str = "pelicanconf.py", **settings) -> Site:
        return build(tmp_path, files, base=base, **settings)

    return _build


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other files a person may want to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True, scope="session")
def _no_comment_mode_from_the_shell():
    """A writer's ``THOUGHTFUL_COMMENTS_MODE=isso`` in the shell must not change the tests."""
    saved = os.environ.pop("THOUGHTFUL_COMMENTS_MODE", None)
    yield
    if saved is not None:
        os.environ["THOUGHTFUL_COMMENTS_MODE"] = saved
