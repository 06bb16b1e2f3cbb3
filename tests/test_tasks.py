"""The invoke tasks: the exact commands they run, and new-post for real.

Commands are checked with invoke's MockContext, which answers only the
command it was told to expect (any other command raises).
"""

import shlex
import subprocess
import sys

import pytest
from invoke import Exit, MockContext, Result

import tasks
from sitetools.commands import local_url, pelican_command, serve_command
from sitetools.paths import MARKER, mark_output

PY = sys.executable


def expecting(*commands: str) -> MockContext:
    return MockContext(run={command: Result() for command in commands})


def test_build_runs_pelican_with_the_development_settings(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "output")
    c = expecting(pelican_command(tasks.DEV_SETTINGS, tasks.OUTPUT))

    tasks.build(c)

    c.run.assert_called_once_with(
        f"{PY} -m pelican -s {tasks.ROOT}/pelicanconf.py -o {tmp_path}/output", pty=False
    )
    assert (tmp_path / "output" / MARKER).is_file()  # so `invoke clean` may remove it later


def test_build_into_a_folder_of_unknown_files_marks_nothing_and_says_so(
    tmp_path, monkeypatch, capsys
):
    old = tmp_path / "output"
    old.mkdir()
    (old / "index.html").write_text("an old build, or not")
    monkeypatch.setattr(tasks, "OUTPUT", old)

    c = expecting(pelican_command(tasks.DEV_SETTINGS, old,
                                  extra={"DELETE_OUTPUT_DIRECTORY": False}))

    tasks.build(c)

    # Pelican may write into it, but never empty it (whatever pelicanconf.py says).
    assert shlex.split(c.run.call_args.args[0])[-2:] == ["-e", "DELETE_OUTPUT_DIRECTORY=false"]
    assert not (old / MARKER).exists()
    assert f"{old} has no {MARKER} file" in capsys.readouterr().out


def test_build_strict_turns_warnings_into_failures(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "output")
    c = expecting(pelican_command(tasks.DEV_SETTINGS, tasks.OUTPUT, strict=True))

    tasks.build(c, strict=True)

    [call] = c.run.call_args_list
    assert shlex.split(call.args[0])[-2:] == ["--fatal", "warnings"]


def test_serve_listens_on_the_given_host_and_port():
    c = expecting(serve_command(tasks.DEV_SETTINGS, tasks.OUTPUT, "0.0.0.0", 9000))

    tasks.serve(c, host="0.0.0.0", port="9000")

    [call] = c.run.call_args_list
    assert shlex.split(call.args[0]) == [
        PY, "-m", "sitetools.serve", str(tasks.OUTPUT), "--host", "0.0.0.0", "--port", "9000",
    ]


def test_rebuild_cleans_the_output_folder_then_builds(tmp_path, monkeypatch):
    output = mark_output(tmp_path / "output", tmp_path)
    (output / "old").mkdir(parents=True)
    (output / "old" / "index.html").write_text("stale")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "OUTPUT", output)
    c = expecting(pelican_command(tasks.DEV_SETTINGS, output))

    tasks.rebuild(c)

    assert not (output / "old").exists()
    assert (output / MARKER).is_file()  # removed, then made (and marked) again by the build
    c.run.assert_called_once_with(pelican_command(tasks.DEV_SETTINGS, output), pty=False)


def test_clean_refuses_with_a_message_when_output_is_the_content(tmp_path, monkeypatch):
    (tmp_path / "content" / "posts").mkdir(parents=True)
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "content")

    with pytest.raises(Exit) as refused:
        tasks.clean(MockContext())

    assert "Refusing to empty" in str(refused.value.message)
    assert "content/" in str(refused.value.message)
    assert (tmp_path / "content" / "posts").is_dir()


def test_preview_builds_production_settings_into_its_own_folder_and_serves_it(
    tmp_path, monkeypatch
):
    preview = mark_output(tmp_path / "output-preview", tmp_path)
    (preview / "stale.html").write_text("old")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "PREVIEW_OUTPUT", preview)
    here = local_url("127.0.0.1", 8123)
    build = pelican_command(
        tasks.PUBLISH_SETTINGS, preview, extra={"SITEURL": here, "FEED_DOMAIN": here}
    )
    serve = serve_command(tasks.PUBLISH_SETTINGS, preview, "127.0.0.1", 8123)
    c = expecting(build, serve)

    tasks.preview(c, port="8123")

    assert [call.args[0] for call in c.run.call_args_list] == [build, serve]
    assert shlex.split(build)[-3:] == [
        "-e", 'SITEURL="http://127.0.0.1:8123"', 'FEED_DOMAIN="http://127.0.0.1:8123"'
    ]
    assert str(tasks.PUBLISH_SETTINGS).endswith("publishconf.py")
    assert not (preview / "stale.html").exists()
    assert (preview / MARKER).is_file()


def test_preview_refuses_a_folder_the_project_did_not_make(tmp_path, monkeypatch):
    theirs = tmp_path / "output-preview"
    theirs.mkdir()
    (theirs / "budget.ods").write_text("numbers")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "PREVIEW_OUTPUT", theirs)

    with pytest.raises(Exit) as refused:
        tasks.preview(MockContext())

    assert f"Refusing to empty {theirs}" in str(refused.value.message)
    assert (theirs / "budget.ods").read_text() == "numbers"


def test_new_post_writes_the_file_and_prints_its_path(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "CONTENT", tmp_path / "content")

    tasks.new_post(MockContext(), "Thoughtful Thursday: Say No Kindly", category="Craft")

    [path] = (tmp_path / "content/posts").glob("????-??-??-thoughtful-thursday-say-no-kindly.md")
    assert capsys.readouterr().out.strip() == f"content/posts/{path.name}"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Title: Thoughtful Thursday: Say No Kindly\nDate: ")
    assert "Category: Craft\n" in text


def test_new_post_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "CONTENT", tmp_path / "content")
    tasks.new_post(MockContext(), "Twice")
    [mine] = (tmp_path / "content/posts").glob("*-twice.md")
    mine.write_text("My words.", encoding="utf-8")

    with pytest.raises(Exit) as refused:
        tasks.new_post(MockContext(), "Twice")

    assert "already exists" in str(refused.value.message)
    assert mine.read_text(encoding="utf-8") == "My words."


def test_every_task_has_a_docstring_that_invoke_lists():
    listed = subprocess.run(
        [PY, "-m", "invoke", "--list"], cwd=tasks.ROOT, capture_output=True, text=True, check=True
    ).stdout

    for name in ("new-post", "build", "rebuild", "clean", "serve", "livereload", "preview"):
        line = next((ln for ln in listed.splitlines() if ln.split()[:1] == [name]), "")
        assert len(line.split()) > 1, f"{name} has no docstring in `invoke --list`"
