"""import-wordpress refuses what it cannot trust and never loses or overwrites the writer's work."""

from __future__ import annotations

import shutil
import tarfile
import zipfile

import pytest
from fixtures.wordpress.site import EXPORT, HERE, import_into, make_media, make_site, settings
from thoughtful.comments.store import split_header

from sitetools.wordpress import ImportFailed, Options, run_import


def snapshot(folder):
    """Every file under ``folder`` with its bytes (what "nothing changed" means)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_doctype_is_refused_and_nothing_is_written(tmp_path):
    content = make_site(tmp_path)
    before = snapshot(content)
    with pytest.raises(ImportFailed, match="declares a DOCTYPE"):
        import_into(tmp_path, HERE / "doctype-attack.xml")
    assert snapshot(content) == before
    assert not (tmp_path / "wordpress-import").exists()


def test_a_truncated_export_names_the_item_and_writes_nothing(tmp_path):
    content = make_site(tmp_path)
    before = snapshot(content)
    with pytest.raises(ImportFailed) as failure:
        import_into(tmp_path, HERE / "truncated.xml")
    message = str(failure.value)
    assert "truncated.xml" in message and "item 103" in message
    assert "Nothing was written" in message
    assert snapshot(content) == before


def test_dry_run_writes_nothing_but_reports_everything(tmp_path):
    content = make_site(tmp_path)
    before = snapshot(content)
    report = import_into(tmp_path, dry_run=True)
    assert snapshot(content) == before
    assert not (tmp_path / "wordpress-import").exists()
    assert report.totals()["written"] == 12 and "dry run" in report.format()


def test_running_again_changes_nothing(tmp_path):
    import_into(tmp_path)
    content = tmp_path / "content"
    first = snapshot(content)
    report = import_into(tmp_path)
    assert snapshot(content) == first
    assert report.totals().get("written", 0) == 0 and report.totals()["unchanged"] == 12
    assert set(report.files) == {"unchanged"}


def test_an_edited_file_is_kept_unless_forced(tmp_path):
    import_into(tmp_path)
    post = tmp_path / "content/posts/2019-06-01-keep-small-promises.md"
    comment = tmp_path / "content/comments/2019/06/keep-small-promises/11.md"
    post.write_text(post.read_text() + "\nA paragraph the writer added.\n")
    comment.write_text(comment.read_text().replace("sticky note", "sticky-note"))
    edited = snapshot(tmp_path / "content")
    report = import_into(tmp_path)
    assert snapshot(tmp_path / "content") == edited
    assert report.kept_files == ["comments/2019/06/keep-small-promises/11.md",
                                 "posts/2019-06-01-keep-small-promises.md"]
    assert "kept, edited since the import (--force replaces)" in report.format()
    import_into(tmp_path, force=True)
    assert "A paragraph the writer added." not in post.read_text()
    assert "sticky note" in comment.read_text()


def test_strict_fails_on_any_loss_and_writes_nothing(tmp_path):
    content = make_site(tmp_path)
    before = snapshot(content)
    with pytest.raises(ImportFailed, match="--strict") as failure:
        import_into(tmp_path, strict=True)
    assert "unknown shortcode [wufoo]" in str(failure.value)
    assert snapshot(content) == before


def test_names_from_the_export_cannot_steer_paths(tmp_path):
    content = make_site(tmp_path)
    report = import_into(tmp_path, HERE / "wxr-1.0-hostile-names.xml", media=False, strict=True)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                     if p.is_file() and "wordpress-import" not in p.parts)
    assert all(path.startswith("content/") for path in written)
    meta, body = split_header((content / "posts/2010-01-05-etc-evil.md").read_text())
    assert meta["slug"] == "etc-evil" and meta["category"] == "Notes"
    assert "\ufffd" in body  # the control character, replaced and reported
    assert "```html\n<!DOCTYPE html>\n```" in body  # in a post it is text, not a declaration
    assert any("control character" in note for note in report.general)
    assert [p.name for p in (content / "comments/2010/01/etc-evil").iterdir()] == ["5.md"]
    header, _ = split_header((content / "comments/2010/01/etc-evil/5.md").read_text())
    assert header["author"] == "Walter Website: https://evil.example"
    assert "website" not in header
    assert "comment id is not a number" in str(report.comments)


def test_wordpress_com_zip_and_media_tar(tmp_path):
    archive = tmp_path / "smalllessons.wordpress.com-2026-11-01.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(EXPORT, "smalllessons.wordpress.2026-11-01.000.xml")
    media = make_media(tmp_path / "unpacked")
    tar = tmp_path / "media-export.tar"
    with tarfile.open(tar, "w") as packed:
        packed.add(media, arcname="media-export-12345-from-0-to-3")
    shutil.rmtree(media)
    content = make_site(tmp_path / "site")
    report = run_import(Options(export=archive, content=content, state=tmp_path / "state",
                                settings=settings(), media=tar))
    assert report.totals()["written"] == 12
    assert (content / "images/2019/05/notebook.png").read_bytes()[:4] == b"\x89PNG"


def test_https_namespaces_and_no_media(tmp_path):
    # WordPress.com's newer exports declare https://wordpress.org/export/1.2/.
    export = tmp_path / "https.xml"
    export.write_text(EXPORT.read_text(encoding="utf-8").replace(
        "http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/"),
        encoding="utf-8")
    report = import_into(tmp_path, export, media=False)
    assert report.totals()["written"] == 12 and report.comments["written"] == 9
    # Without --media every WordPress image is listed, and none is copied.
    missing = "\n".join(report.media_missing)
    for name in ("2019/05/notebook-300x200.png", "2019/07/desk-300x200.png",
                 "2019/05/missing-photo-1024x768.jpg"):
        assert name in missing
    assert not list((tmp_path / "content/images").rglob("*.png"))


def test_the_task_imports_and_keeps_its_report_outside_content(tmp_path, monkeypatch, capsys):
    import json

    from invoke import Context, Exit

    import tasks

    make_site(tmp_path)
    monkeypatch.setattr(tasks, "CONTENT", tmp_path / "content")
    monkeypatch.setattr(tasks, "WORDPRESS_STATE", tmp_path / "wordpress-import")
    tasks.import_wordpress(Context(), str(EXPORT), media=str(make_media(tmp_path / "media")))
    out = capsys.readouterr().out
    assert "Items: 19 read, 12 written, 7 skipped" in out
    data = json.loads((tmp_path / "wordpress-import/report.json").read_text())
    assert data["totals"]["read"] == 19 and data["comments"]["written"] == 9
    with pytest.raises(Exit) as failure:
        tasks.import_wordpress(Context(), str(HERE / "truncated.xml"))
    assert "item 103" in str(failure.value)


def test_the_writer_refuses_every_way_out_of_content(tmp_path):
    from thoughtful.paths import OutsideError

    from sitetools.wordpress.writer import Writer

    content = make_site(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (content / "comments").mkdir()
    (content / "comments" / "linked").symlink_to(outside)
    writer = Writer(content, tmp_path / "state")
    for bad in ("../escape.md", "posts/../../escape.md", "comments/linked/1.md", "posts/..",
                "/etc/passwd"):
        with pytest.raises(OutsideError):
            writer.decide({bad: b"x"})
    assert writer.target("comments/2019/06/x/11.md") == \
        content.resolve() / "comments/2019/06/x/11.md"
