"""Deploy to a local folder or a .zip for drag-and-drop hosts (Netlify Drop, Cloudflare Pages)."""

import zipfile
from pathlib import Path

import pytest
from support.deploying import deploy_checked as deploy
from support.site import write_files

from sitetools.deploy import Change, DeployError
from sitetools.deploy.changes import NOT_DEPLOYED, site_files

ROOT = Path(__file__).resolve().parent.parent
SITE = {
    "index.html": "<!doctype html><title>Home</title>",
    "2024/01/promises/index.html": "<!doctype html><title>Promises</title>",
    "theme/css/site.css": "body { color: black; }",
    "_headers": "/*\n  Content-Security-Policy: default-src 'self'\n",
}


def tree(folder: Path) -> dict[str, bytes]:
    """The site's files in a folder (a built folder's marker and stamp are not the site)."""
    return {name: (folder / name).read_bytes() for name in site_files(folder)}


def settings_for(path: Path, project: Path = ROOT) -> dict:
    """The folder target's settings; the deploy's manifests go to the project's cache."""
    return {"DEPLOY_TARGET": "folder", "DEPLOY": {"folder": {"path": str(path)}},
            "THOUGHTFUL_CACHE_PATH": str(project / ".cache")}


@pytest.fixture
def project(tmp_path) -> Path:
    """The writer's project folder; the deploy remembers its folders in its .cache/."""
    (tmp_path / "blog").mkdir()
    return tmp_path / "blog"


@pytest.fixture
def output(tmp_path) -> Path:
    write_files(tmp_path / "output", SITE)
    return tmp_path / "output"


def test_first_and_second_deploy_make_the_folder_equal_the_site(tmp_path, output, project):
    target = tmp_path / "public" / "site"

    name, first = deploy(output, settings_for(target, project), project=project)
    assert name == "folder"
    assert tree(target) == tree(output)
    assert not set(NOT_DEPLOYED) & {p.name for p in target.iterdir()}
    assert [c.action for c in first] == ["add"] * 4

    (output / "2024/01/promises/index.html").unlink()
    (output / "index.html").write_text("<!doctype html><title>Home, again</title>")
    _, second = deploy(output, settings_for(target, project), project=project)

    assert tree(target) == tree(output)
    assert second == [
        Change("delete", "2024/01/promises/index.html"),
        Change("update", "index.html"),
    ]
    assert not list(target.parent.glob(".site.incoming*")) and not list(
        target.parent.glob(".site.previous*")
    )


def test_a_folder_named_like_a_staging_folder_is_never_deleted(tmp_path, output, project):
    """Someone's (or an interrupted deploy's) .site.previous stays: not proven ours."""
    target = tmp_path / "public" / "site"
    keep = target.parent / ".site.previous"
    keep.mkdir(parents=True)
    (keep / "letter.txt").write_text("Dear Maya")
    deploy(output, settings_for(target, project), project=project)
    assert (keep / "letter.txt").read_text() == "Dear Maya"
    assert tree(target) == tree(output)


def test_a_dry_run_lists_the_changes_and_changes_nothing(tmp_path, output, project):
    target = tmp_path / "public" / "site"
    deploy(output, settings_for(target, project), project=project)
    before = tree(target)
    (output / "new.html").write_text("<!doctype html><title>New</title>")

    _, changes = deploy(output, settings_for(target, project), project=project, dry_run=True)

    assert changes == [Change("add", "new.html")]
    assert tree(target) == before


def test_a_folder_with_files_of_someone_else_is_never_replaced(tmp_path, output, project):
    target = tmp_path / "documents"
    write_files(target, {"thesis.txt": "years of work"})

    with pytest.raises(DeployError, match="did not put there"):
        deploy(output, settings_for(target, project), project=project)
    assert (target / "thesis.txt").read_text() == "years of work"


@pytest.mark.parametrize("where", ["inside the site", "the project", "above the project"])
def test_targets_that_overlap_the_site_or_the_project_are_refused(tmp_path, output, where):
    target = {
        "inside the site": output / "copy",
        "the project": ROOT,
        "above the project": ROOT.parent,
    }
    with pytest.raises(DeployError, match="overlaps|contains the project"):
        deploy(output, settings_for(target[where]), project=ROOT)


def test_a_zip_holds_the_site_and_its_headers_file(tmp_path, output, project):
    archive = tmp_path / "upload" / "site.zip"

    deploy(output, settings_for(archive, project), project=project)
    with zipfile.ZipFile(archive) as opened:
        inside = {name: opened.read(name) for name in opened.namelist()}

    assert inside == tree(output)
    assert b"Content-Security-Policy" in inside["_headers"]
    _, again = deploy(output, settings_for(archive, project), project=project, dry_run=True)
    assert again == []


def test_a_file_that_is_not_a_zip_is_not_overwritten(tmp_path, output, project):
    notes = tmp_path / "notes.zip"
    notes.write_text("not a zip at all")

    with pytest.raises(DeployError, match="not a zip"):
        deploy(output, settings_for(notes, project), project=project)
    assert notes.read_text() == "not a zip at all"


def test_an_existing_zip_of_someone_else_is_not_overwritten(tmp_path, output, project):
    backup = tmp_path / "Desktop" / "backup.zip"
    backup.parent.mkdir()
    with zipfile.ZipFile(backup, "w") as archive:
        archive.writestr("photos/wedding.jpg", b"irreplaceable")
    before = backup.read_bytes()

    with pytest.raises(DeployError, match="did not write") as refused:
        deploy(output, settings_for(backup, project), project=project)

    assert str(backup) in str(refused.value)
    assert backup.read_bytes() == before


def test_our_own_zip_is_replaced_but_not_once_someone_changed_it(tmp_path, output, project):
    archive = tmp_path / "upload" / "site.zip"
    deploy(output, settings_for(archive, project), project=project)
    (output / "new.html").write_text("<!doctype html><title>New</title>")

    _, changes = deploy(output, settings_for(archive, project), project=project)
    assert changes == [Change("add", "new.html")]

    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr("notes.txt", "added by hand")
    with pytest.raises(DeployError, match="did not write"):
        deploy(output, settings_for(archive, project), project=project)
    assert "notes.txt" in zipfile.ZipFile(archive).namelist()


def test_files_added_to_our_folder_by_someone_else_stop_the_deploy(tmp_path, output, project):
    target = tmp_path / "public" / "site"
    deploy(output, settings_for(target, project), project=project)
    (target / "drafts-do-not-lose.txt").write_text("my notes")

    with pytest.raises(DeployError, match="drafts-do-not-lose.txt"):
        deploy(output, settings_for(target, project), project=project)
    assert (target / "drafts-do-not-lose.txt").read_text() == "my notes"


def test_a_relative_folder_is_inside_the_project_and_the_manifest_in_its_cache(
    tmp_path, output, project, monkeypatch
):
    shell = tmp_path / "shell"
    write_files(shell, {"dist/mine.txt": "the shell's folder, not the project's"})
    monkeypatch.chdir(shell)

    deploy(output, settings_for(Path("dist"), project), project=project)

    assert tree(project / "dist") == tree(output)
    assert (shell / "dist/mine.txt").exists()
    assert len(list((project / ".cache" / "deploy").glob("folder-*.json"))) == 1
