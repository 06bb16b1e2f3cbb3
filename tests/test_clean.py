"""clean: removes only output folders the project made (marked), never the writer's work.

Every case runs for real on a throwaway project folder in tmp; the real tasks,
as a user runs them, are in test_delete_guard.py.
"""

import os
from pathlib import Path

import pytest

from sitetools.paths import (
    MARKER,
    UnsafePath,
    check_removable,
    empty_output,
    mark_output,
    prune_empty_folders,
    remove_output,
)


def built(folder: Path) -> Path:
    """A folder as a build of the project leaves it: some pages and the marker."""
    mark_output(folder, folder.parent)
    (folder / "2024").mkdir()
    (folder / "2024/index.html").write_text("<p>built</p>")
    return folder


@pytest.fixture
def project(tmp_path):
    """A small project: content/, theme/, plugins/ and a built output/."""
    for name in ("content/posts", "theme/templates", "plugins/thoughtful"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "content/posts/a.md").write_text("Title: A\n")
    built(tmp_path / "output")
    return tmp_path


def test_the_output_folder_is_removed(project):
    assert remove_output(project / "output", project) == project / "output"
    assert not (project / "output").exists()
    assert (project / "content/posts/a.md").exists()


def test_a_missing_output_folder_is_nothing_to_do(project):
    assert remove_output(project / "not-built", project) is None


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("content", "content/"),
        ("theme", "theme/"),
        ("plugins", "plugins/"),
        ("content/posts", "content/"),
        (".", "project folder"),
        ("..", "project folder"),
        ("output/../content", "content/"),
    ],
)
def test_folders_of_the_project_are_refused_with_a_message(project, output, reason):
    with pytest.raises(UnsafePath, match="Refusing to empty") as refused:
        remove_output(project / output, project)

    assert reason in str(refused.value)
    assert (project / "content/posts/a.md").exists()


def test_a_symlinked_output_pointing_at_content_is_refused(project):
    link = project / "public"
    link.symlink_to(project / "content")

    with pytest.raises(UnsafePath, match="content/"):
        remove_output(link, project)

    assert (project / "content/posts/a.md").exists()


def test_a_symlinked_output_is_unlinked_and_its_target_left_alone(project, tmp_path_factory):
    elsewhere = built(tmp_path_factory.mktemp("served") / "site")
    link = project / "public"
    link.symlink_to(elsewhere)

    remove_output(link, project)

    assert not link.exists() and not link.is_symlink()
    assert (elsewhere / "2024/index.html").read_text() == "<p>built</p>"


def test_links_inside_the_output_are_removed_as_links(project):
    (project / "output/content-link").symlink_to(project / "content")

    remove_output(project / "output", project)

    assert not (project / "output").exists()
    assert (project / "content/posts/a.md").exists()


def test_a_folder_holding_a_git_repository_is_refused(project):
    (project / "output/deploy/.git").mkdir(parents=True)

    with pytest.raises(UnsafePath, match="git repository"):
        remove_output(project / "output", project)

    assert (project / "output/2024/index.html").exists()


def test_a_worktree_git_file_counts_as_a_repository_too(project):
    (project / "output/.git").write_text("gitdir: /somewhere/else\n")

    with pytest.raises(UnsafePath, match="git repository"):
        remove_output(project / "output", project)


def test_a_name_sharing_a_prefix_with_content_is_not_mistaken_for_it(project):
    # "content-old" starts with "content" as a string, but is a different folder.
    built(project / "content-old")

    assert remove_output(project / "content-old", project) == project / "content-old"
    assert (project / "content").is_dir()


def test_the_home_folder_and_the_filesystem_root_are_refused(project, monkeypatch):
    monkeypatch.setenv("HOME", str(project / "output"))

    with pytest.raises(UnsafePath):
        remove_output(project / "output", project)
    with pytest.raises(UnsafePath):
        remove_output(project / "output" / os.path.relpath("/", project / "output"), project)


def test_a_folder_without_the_marker_is_refused_and_left_whole(project):
    letters = project.parent / "letters"
    letters.mkdir()
    (letters / "to-anna.txt").write_text("Dear Anna")

    with pytest.raises(UnsafePath, match=f"did not put there \\(no {MARKER} file\\)") as refused:
        remove_output(letters, project)

    assert str(letters) in str(refused.value)
    assert (letters / "to-anna.txt").read_text() == "Dear Anna"


def test_an_empty_or_missing_folder_may_be_used_and_is_marked(project):
    (project / "empty").mkdir()

    for name in ("empty", "new/deeper"):
        folder = mark_output(project / name, project)
        assert (folder / MARKER).is_file()


def test_a_folder_of_files_is_never_marked(project):
    (project / "notes").mkdir()
    (project / "notes/todo.txt").write_text("call mum")

    with pytest.raises(UnsafePath):
        mark_output(project / "notes", project)
    assert not (project / "notes" / MARKER).exists()


def test_emptying_keeps_the_marker_and_removes_the_rest(project):
    (project / "output/old.html").write_text("old")
    (project / "output/link").symlink_to(project / "content")
    (project / "output/2024/05/post").mkdir(parents=True)
    (project / "output/2024/05/post/index.html").write_text("old post")
    (project / "output/2024/linked").symlink_to(project / "content/posts", target_is_directory=True)

    empty_output(project / "output", project)

    left = sorted(p.relative_to(project / "output").as_posix()
                  for p in (project / "output").rglob("*"))
    assert left == [MARKER, "2024", "2024/05", "2024/05/post"]  # folders only, all empty
    assert (project / "content/posts/a.md").exists()  # links removed, never followed


def test_after_the_build_the_folders_it_left_empty_are_pruned(project):
    (project / "output/2024/05/kept").mkdir(parents=True)
    (project / "output/2024/05/kept/index.html").write_text("written again")
    (project / "output/2023/01/gone").mkdir(parents=True)
    (project / "output/empty").mkdir()

    removed = prune_empty_folders(project / "output")

    assert {p.relative_to(project / "output").as_posix() for p in removed} == {
        "2023/01/gone", "2023/01", "2023", "empty"}
    assert (project / "output/2024/05/kept/index.html").read_text() == "written again"


def test_a_folder_of_bare_repositories_is_refused_even_when_marked(project):
    repos = built(project / "repos")
    (repos / "blog.git/objects").mkdir(parents=True)
    (repos / "blog.git/HEAD").write_text("ref: refs/heads/main\n")

    with pytest.raises(UnsafePath, match="git repository"):
        remove_output(repos, project)
    assert (repos / "blog.git/HEAD").exists()


@pytest.mark.parametrize("system", ["/usr", "/etc", "/var", "/", "~"])
def test_system_folders_and_home_are_refused(project, system):
    with pytest.raises(UnsafePath, match="Refusing to empty"):
        check_removable(Path(system), project)


def test_relative_paths_mean_the_project_not_the_current_folder(project, tmp_path_factory,
                                                               monkeypatch):
    shell = tmp_path_factory.mktemp("shell")
    built(shell / "output")
    (shell / "output/mine.txt").write_text("the shell's own output folder")
    monkeypatch.chdir(shell)

    assert remove_output(Path("output"), project) == project / "output"

    assert not (project / "output").exists()
    assert (shell / "output/mine.txt").exists()
