"""clean: removes only the output folder, never the writer's work.

Every case runs for real on a throwaway project folder in tmp.
"""

import os

import pytest

from sitetools.paths import UnsafePath, remove_output


@pytest.fixture
def project(tmp_path):
    """A small project: content/, theme/, plugins/ and a built output/."""
    for name in ("content/posts", "theme/templates", "plugins/thoughtful", "output/2024"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "content/posts/a.md").write_text("Title: A\n")
    (tmp_path / "output/2024/index.html").write_text("<p>built</p>")
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
    with pytest.raises(UnsafePath, match="Refusing to delete") as refused:
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
    elsewhere = tmp_path_factory.mktemp("served")
    (elsewhere / "index.html").write_text("live site")
    link = project / "public"
    link.symlink_to(elsewhere)

    remove_output(link, project)

    assert not link.exists() and not link.is_symlink()
    assert (elsewhere / "index.html").read_text() == "live site"


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
    (project / "content-old").mkdir()
    (project / "content-old/x.html").write_text("x")

    assert remove_output(project / "content-old", project) == project / "content-old"
    assert (project / "content").is_dir()


def test_the_home_folder_and_the_filesystem_root_are_refused(project, monkeypatch):
    monkeypatch.setenv("HOME", str(project / "output"))

    with pytest.raises(UnsafePath):
        remove_output(project / "output", project)
    with pytest.raises(UnsafePath):
        remove_output(project / "output" / os.path.relpath("/", project / "output"), project)
