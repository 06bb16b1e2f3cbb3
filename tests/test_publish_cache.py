"""Published builds keep a content cache of their own, and a stale one never reaches a
published page: a change of SITEURL, of a template, of a setting or of plugin code
makes the build read every post again (thoughtful/cache_key.py)."""

import os
import shutil
import types

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings
from support.site import ROOT, write_files
from thoughtful.cache_key import FILE, fingerprint

POST = "posts/hello.md"


def hello(words: str) -> str:
    return f"Title: Hello\nDate: 2024-05-02 08:00\nSlug: hello\n\n## A heading\n\n{words}\n"


class Project:
    """A site built with publishconf.py, again and again, from the same source files."""

    def __init__(self, tmp_path):
        self.root = tmp_path
        self.content = tmp_path / "content"
        write_files(self.content, {POST: hello("First words."),
                                   "posts/other.md": hello("Other.").replace("hello", "other")})
        self.theme = tmp_path / "theme"
        shutil.copytree(ROOT / "theme", self.theme)

    def edit_keeping_the_date(self, words: str) -> None:
        """Change the post but not its modification time: only a cache would not notice."""
        path = self.content / POST
        stamp = path.stat()
        path.write_text(hello(words), encoding="utf-8")
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))

    def publish(self, **settings) -> str:
        """Build as `invoke publish` does; the post's page."""
        LimitFilter._raised_messages.clear()
        output = self.root / "output"
        shutil.rmtree(output, ignore_errors=True)
        Pelican(read_settings(str(ROOT / "publishconf.py"), override={
            "PATH": str(self.content), "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(self.root / "cache" / "publish"),
            "THOUGHTFUL_CACHE_PATH": str(self.root / "cache"), "THEME": str(self.theme),
            "SITEURL": "https://blog.test", "FEED_DOMAIN": "https://blog.test", **settings,
        })).run()
        return (output / "2024" / "05" / "hello" / "index.html").read_text("utf-8")


def test_a_stale_cache_never_reaches_a_published_page(tmp_path):
    site = Project(tmp_path)
    assert "First words." in site.publish()
    assert (tmp_path / "cache" / "publish" / FILE).is_file()

    # Nothing changed but the post, behind the cache's back: the cache is used.
    site.edit_keeping_the_date("Second words.")
    assert "First words." in site.publish()

    # Another address: every post is read again.
    page = site.publish(SITEURL="https://other.test", FEED_DOMAIN="https://other.test")
    assert "Second words." in page and "https://other.test/2024/05/hello/" in page

    # A template changed: read again.
    site.edit_keeping_the_date("Third words.")
    article = site.theme / "templates" / "article.html"
    article.write_text(article.read_text("utf-8").replace(
        "{% block content %}", "{% block content %}<p>A new line.</p>"), "utf-8")
    page = site.publish(SITEURL="https://other.test", FEED_DOMAIN="https://other.test")
    assert "Third words." in page and "A new line." in page

    # A setting changed (one that changes what the Markdown reader makes): read again.
    site.edit_keeping_the_date("Fourth words.")
    markdown = read_settings(str(ROOT / "publishconf.py"))["MARKDOWN"]
    markdown["extension_configs"]["markdown.extensions.toc"] = {"permalink": "#"}
    page = site.publish(SITEURL="https://other.test", FEED_DOMAIN="https://other.test",
                        MARKDOWN=markdown)
    assert "Fourth words." in page and 'class="headerlink"' in page


def test_plugin_code_is_part_of_the_fingerprint(tmp_path):
    package = tmp_path / "myplugin"
    write_files(package, {"__init__.py": "def register():\n    pass\n",
                          "templates/part.html": "<p>part</p>\n"})
    plugin = types.ModuleType("myplugin")
    plugin.__file__ = str(package / "__init__.py")
    settings = {"THEME": str(ROOT / "theme"), "SITEURL": ""}

    before = fingerprint(settings, [plugin])
    assert fingerprint(settings, [plugin]) == before  # the same in every run
    (package / "templates" / "part.html").write_text("<p>changed</p>\n", "utf-8")
    after = fingerprint(settings, [plugin])
    assert after["plugins"] != before["plugins"]
    assert {k for k in after if after[k] != before[k]} == {"plugins"}


def test_published_and_development_builds_never_share_a_content_cache():
    development = read_settings(str(ROOT / "pelicanconf.py"))
    published = read_settings(str(ROOT / "publishconf.py"))
    assert published["LOAD_CONTENT_CACHE"] and published["CACHE_CONTENT"]
    assert os.path.realpath(published["CACHE_PATH"]) != os.path.realpath(development["CACHE_PATH"])
    assert not os.path.realpath(published["CACHE_PATH"]).startswith(
        os.path.realpath(development["CACHE_PATH"]) + os.sep)


FINGERPRINT = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(sys.argv[1], override={"PATH": sys.argv[2], "CACHE_PATH": sys.argv[3]})
print(json.dumps(Pelican(settings).settings["_THOUGHTFUL_CACHE_KEY"], sort_keys=True))
"""


def test_the_fingerprint_is_the_same_in_every_process(tmp_path):
    """Else every publish would ignore the cache the one before made."""
    import subprocess
    import sys

    def fingerprint_in_a_new_process() -> str:
        done = subprocess.run(
            [sys.executable, "-c", FINGERPRINT, str(ROOT / "publishconf.py"),
             str(tmp_path), str(tmp_path / "cache")],
            cwd=ROOT, capture_output=True, text=True, check=True)
        return done.stdout

    first = fingerprint_in_a_new_process()
    assert '"settings"' in first and '"theme"' in first
    assert fingerprint_in_a_new_process() == first
