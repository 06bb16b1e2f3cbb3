"""Time `invoke import-wordpress` on a generated export, against plain Pelican in the same run.

    .venv/bin/python benchmarks/import_benchmark.py               # 1,000 posts, 10,000 comments
    .venv/bin/python benchmarks/import_benchmark.py -n 50 -c 5

The export is generated here (classic and block-editor posts with captions,
galleries, embeds, code, resized images and threaded comments, plus spam and
pingbacks), with a media folder of real PNGs. It reports, for this machine:

- parse       lxml reading the export alone (the floor for any importer);
- import      the whole import into an empty site (read, convert, write);
- re-import   the same import again (nothing changes: every file compared);
- plain       plain Pelican (defaults, no plugins) building the imported posts,

and the import's time as a ratio to the plain Pelican build, which stays
comparable across machines. The target is an import under 30 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from lxml import etree  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from PIL import Image  # noqa: E402

from sitetools.wordpress import Options, run_import  # noqa: E402

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Bench</title>
<link>https://bench.wordpress.com</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://bench.wordpress.com</wp:base_blog_url>
"""
WORDS = ("small lessons keep promises notebook attention craft work rest begin ready "
         "question desk minute rule habit write morning").split()
PLAIN_SETTINGS = 'TIMEZONE = "UTC"\nSITENAME = "Plain"\nDEFAULT_PAGINATION = 10\n'


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def body(rng: random.Random, number: int) -> str:
    month = f"2019/{number % 12 + 1:02d}"
    image = f"https://bench.files.wordpress.com/{month}/photo-{number % 40}-300x200.jpg?w=300"
    if number % 2:
        return "\n\n".join([
            sentence(rng) + "\n" + sentence(rng), "<!--more-->",
            f'[caption id="attachment_1" width="300"]<img src="{image}" alt="A photo" '
            f'width="300" height="200" /> {sentence(rng, 5)}[/caption]',
            f"[youtube https://www.youtube.com/watch?v=vid{number:05d}]",
            "[code language=\"python\"]\nif a < b && c:\n    $x_y = 1\n[/code]",
            sentence(rng) + f' <a href="https://bench.wordpress.com/?p={number + 1}">next</a>',
        ])
    return "\n\n".join([
        f"<!-- wp:paragraph -->\n<p>{sentence(rng)}</p>\n<!-- /wp:paragraph -->",
        "<!-- wp:heading -->\n<h2>A heading</h2>\n<!-- /wp:heading -->",
        f'<!-- wp:image {{"id":1}} -->\n<figure class="wp-block-image"><img src="{image}" '
        f'alt=""/><figcaption>{sentence(rng, 4)}</figcaption></figure>\n<!-- /wp:image -->',
        "<!-- wp:list -->\n<ul><li>One</li><li>Two</li></ul>\n<!-- /wp:list -->",
        "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><tbody><tr><td>1</td>"
        "<td>2</td></tr></tbody></table></figure>\n<!-- /wp:table -->",
    ])


def comment(rng: random.Random, cid: int, parent: int, approved: str, kind: str) -> str:
    return (f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
            f"<wp:comment_author><![CDATA[Reader {cid}]]></wp:comment_author>"
            f"<wp:comment_author_email>r{cid}@mail.example</wp:comment_author_email>"
            f"<wp:comment_author_url>https://reader{cid}.example/</wp:comment_author_url>"
            f"<wp:comment_author_IP>192.0.2.{cid % 250}</wp:comment_author_IP>"
            "<wp:comment_date>2019-06-01 10:00:00</wp:comment_date>"
            "<wp:comment_date_gmt>2019-06-01 08:00:00</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{sentence(rng)}\n\n{sentence(rng)}]]>"
            f"</wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>"
            f"<wp:comment_type>{kind}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")


def generate(path: Path, media: Path, posts: int, comments: int) -> None:
    """Write an export with ``posts`` posts and ``comments`` comments, and its media."""
    rng = random.Random(12)
    per_post = comments // posts
    cid = 1
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(1, posts + 1):
            day = f"2019-{number % 12 + 1:02d}-{number % 27 + 1:02d}"
            slug = f"post-{number}"
            out.write(
                f"<item><title><![CDATA[Post {number}: {sentence(rng, 4)}]]></title>"
                f"<link>https://bench.wordpress.com/{day.replace('-', '/')}/{slug}/</link>"
                f"<content:encoded><![CDATA[{body(rng, number)}]]></content:encoded>"
                f"<wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date>{day} 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>{day} 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                '<category domain="category" nicename="essays"><![CDATA[Essays]]></category>')
            first = cid
            for k in range(per_post):
                parent = 0 if k % 3 == 0 else cid - 1
                approved, kind = "1", "comment"
                if k % 10 == 9:
                    approved = "spam"
                elif k % 17 == 16:
                    kind = "pingback"
                out.write(comment(rng, cid, parent if parent >= first else 0, approved, kind))
                cid += 1
            out.write("</item>\n")
        out.write("</channel></rss>\n")
    for month in range(1, 13):
        for number in range(40):
            target = media / "2019" / f"{month:02d}" / f"photo-{number}.jpg"
            target.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (600, 400), (month * 20, number * 6, 90)).save(target)


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--posts", type=int, default=1000)
    parser.add_argument("-c", "--comments", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    export, media, content = work / "export.xml", work / "media", work / "content"
    generate(export, media, args.posts, args.comments)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    options = Options(export=export, content=content, state=work / "state", settings=settings,
                      media=media)
    parse, _ = timed(lambda: etree.parse(str(export), etree.XMLParser(resolve_entities=False)))
    first, report = timed(lambda: run_import(options))
    again, _ = timed(lambda: run_import(options))
    (work / "plain.py").write_text(PLAIN_SETTINGS)
    plain, _ = timed(lambda: subprocess.run(
        [sys.executable, "-m", "pelican", str(content / "posts"), "-o", str(work / "out"),
         "-s", str(work / "plain.py"), "-q"], check=True))
    size = export.stat().st_size / 1e6
    print(f"export: {args.posts} posts, {report.comments_read} comments, {size:.1f} MB; "
          f"{report.comments['written']} comments written")
    print(f"{'step':<10} {'seconds':>8} {'x plain Pelican':>16}")
    for name, seconds in (("parse", parse), ("import", first), ("re-import", again),
                          ("plain", plain)):
        print(f"{name:<10} {seconds:8.2f} {seconds / plain:16.2f}")
    print(f"import under 30 s: {'yes' if first < 30 else 'NO'}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
