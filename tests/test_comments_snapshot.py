"""Snapshot files and the local Isso set-up, without a browser (the e2e test has one)."""

import configparser
import json
import urllib.request

import pytest
from support.servers import free_port
from thoughtful.comments import isso_server, snapshot
from thoughtful.comments.store import read_comment


def test_a_snapshot_file_keeps_names_on_one_line_and_drops_bad_websites(tmp_path):
    comment = {
        "id": 7, "parent": 3, "created": 1714665600.5,
        "author": "Eve\nWebsite: javascript:alert(1)", "website": "javascript:alert(2)",
        "text": "<p>Hello</p>", "email": "eve@example.org",
    }
    text = snapshot.comment_file(comment, anonymous="Anonymous", replyto="isso-3")

    path = tmp_path / f"{snapshot.file_stem(comment)}.md"
    assert path.name == "isso-20240502-160000-7.md"
    path.write_text(text, encoding="utf-8")
    comment = read_comment(path, "UTC")
    assert comment.author == "Eve Website: javascript:alert(1)"  # one header, not two
    assert comment.website is None
    assert comment.replyto == "isso-3"
    assert comment.date.isoformat() == "2024-05-02T16:00:00+00:00"
    assert "eve@example.org" not in text


def test_a_nameless_comment_is_stored_as_anonymous():
    text = snapshot.comment_file({"id": 1, "created": 0, "author": None, "text": "x"}, "Anonymous")
    assert text.startswith("Author: Anonymous\n")


def test_the_local_isso_config_limits_cors_to_the_site_and_keeps_data_in_its_folder(tmp_path):
    path = isso_server.write_config(tmp_path / "data", port=8123,
                                    site_origins=["http://127.0.0.1:8000"], moderation=True)
    cfg = configparser.ConfigParser()
    cfg.read(path)
    assert cfg["general"]["dbpath"] == str(tmp_path / "data" / "comments.db")
    assert cfg["general"]["host"] == "http://127.0.0.1:8000"
    assert cfg["general"]["gravatar"] == "false"
    assert cfg["moderation"]["enabled"] == "true"
    assert cfg["server"]["listen"] == "http://127.0.0.1:8123/"


def _post(url: str, body: dict, site: str, parent: int | None = None) -> tuple[int, str]:
    """Post a comment to Isso as a reader's browser would: (its id, its edit cookie)."""
    data = {"text": "", "author": "", "title": "T", **body, "parent": parent}
    request = urllib.request.Request(f"{url}/new?uri=%2Fp%2F", data=json.dumps(data).encode(),
                                     headers={"Content-Type": "application/json",
                                              "Origin": site}, method="POST")
    with urllib.request.urlopen(request) as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        return json.load(response)["id"], cookie


@pytest.fixture
def isso(tmp_path):
    """A real Isso without moderation (so posts are approved) on a free port."""
    port = free_port()
    config = isso_server.write_config(tmp_path / "isso", port=port,
                                      site_origins=["http://127.0.0.1:9"])
    cfg = configparser.ConfigParser()
    cfg.read(config)
    cfg["guard"]["reply-to-self"] = "true"  # one test client writes both sides
    with config.open("w") as handle:
        cfg.write(handle)
    url = f"http://127.0.0.1:{port}"
    process = isso_server.start(config, url, log=tmp_path / "isso.log", timeout=60)
    yield url
    isso_server.stop(process)


@pytest.mark.slow
def test_moderated_comments_are_not_pulled(tmp_path):
    port = free_port()
    site = "http://127.0.0.1:9"
    config = isso_server.write_config(tmp_path / "isso", port=port, site_origins=[site],
                                      moderation=True)
    url = f"http://127.0.0.1:{port}"
    process = isso_server.start(config, url, log=tmp_path / "isso.log", timeout=60)
    try:
        _post(url, {"text": "Waiting for approval", "author": "Pat"}, site)
        result = snapshot.snapshot(url, {"/p/": "p"}, tmp_path / "comments")
    finally:
        isso_server.stop(process)
    assert result.written == [] and not (tmp_path / "comments").exists()


@pytest.mark.slow
def test_a_reset_isso_database_never_costs_a_stored_or_a_new_comment(isso, tmp_path):
    site = "http://127.0.0.1:9"
    comments = tmp_path / "comments"
    # isso-1.md from a snapshot of an earlier database, edited since by the writer.
    older = comments / "2024" / "05" / "p" / "isso-1.md"
    older.parent.mkdir(parents=True)
    older.write_text("Author: Old Reader\nDate: 2020-01-01T10:00:00+00:00\n\nOld words, edited.\n")
    first, _ = _post(isso, {"text": "New words", "author": "Pat"}, site)
    _post(isso, {"text": "A reply", "author": "Ana"}, site, parent=first)

    result = snapshot.snapshot(isso, {"/p/": "2024/05/p"}, comments)
    again = snapshot.snapshot(isso, {"/p/": "2024/05/p"}, comments)

    assert first == 1 and result.collisions == [older]  # the id was reused, and said so
    assert older.read_text().endswith("Old words, edited.\n")
    assert len(result.written) == 2 and again.written == []
    assert sorted(again.kept) == sorted(result.written)  # never rewritten
    stored = {read_comment(p, "UTC").author: read_comment(p, "UTC") for p in result.written}
    assert stored["Ana"].replyto == result.written[0].stem == stored["Pat"].id
    assert sorted(p.name for p in older.parent.iterdir()) == sorted(
        ["isso-1.md", *(p.name for p in result.written)])  # no temporary file left


@pytest.mark.slow
def test_an_earlier_snapshot_of_the_same_comment_is_kept_not_duplicated(isso, tmp_path):
    site = "http://127.0.0.1:9"
    comments = tmp_path / "comments"
    _post(isso, {"text": "Hello", "author": "Pat"}, site)
    result = snapshot.snapshot(isso, {"/p/": "p"}, comments)
    [written] = result.written
    legacy = written.with_name("isso-1.md")  # the name snapshots used to give it
    written.rename(legacy)

    again = snapshot.snapshot(isso, {"/p/": "p"}, comments)
    assert again.written == [] and again.collisions == [] and again.kept == [legacy]


@pytest.mark.slow
def test_a_comment_stored_in_the_older_slug_folder_is_not_copied_into_the_new_one(
        isso, tmp_path):
    site = "http://127.0.0.1:9"
    comments = tmp_path / "comments"
    first, _ = _post(isso, {"text": "Hello", "author": "Pat"}, site)
    _post(isso, {"text": "Hi back", "author": "Ana"}, site, parent=first)
    [older, _] = snapshot.snapshot(isso, {"/p/": "p"}, comments).written
    legacy = comments / "p" / "isso-1.md"  # a snapshot from before URL-path folders
    older.rename(legacy)
    for stale in (comments / "p").glob("isso-2*"):
        stale.unlink()

    # The build lists the post's own folder first, then the slug folder it still reads.
    result = snapshot.snapshot(isso, {"/p/": ["2024/05/p", "p"]}, comments)
    assert result.kept == [legacy] and result.collisions == []
    [reply] = result.written
    assert reply.parent == comments / "2024" / "05" / "p"
    assert read_comment(reply, "UTC").replyto == "isso-1"  # threads under the stored one


@pytest.mark.slow
def test_deleted_comments_are_not_stored_and_their_replies_start_a_thread(isso, tmp_path):
    site = "http://127.0.0.1:9"
    first, cookie = _post(isso, {"text": "Regretted", "author": "Pat"}, site)
    _post(isso, {"text": "Answer", "author": "Ana"}, site, parent=first)
    request = urllib.request.Request(f"{isso}/id/{first}", method="DELETE",
                                     headers={"Cookie": cookie, "Origin": site})
    urllib.request.urlopen(request).close()  # with a reply, Isso keeps it as mode 4

    result = snapshot.snapshot(isso, {"/p/": "p"}, tmp_path)
    [only] = result.written
    stored = read_comment(only, "UTC")
    assert stored.author == "Ana" and stored.replyto is None


def test_a_file_that_exists_is_never_replaced_and_no_partial_file_is_left(tmp_path):
    target = tmp_path / "isso-20240502-160000-7.md"
    target.write_text("mine")
    assert snapshot._write_new(target, "theirs") is False
    assert target.read_text() == "mine" and list(tmp_path.iterdir()) == [target]


def test_a_thread_escaping_the_comments_folder_is_refused(tmp_path):
    result = snapshot.snapshot("http://127.0.0.1:9", {"/p/": "../../escape"}, tmp_path / "c")
    assert result.written == [] and not (tmp_path / "escape").exists()


def test_the_comments_server_task_runs_isso_with_the_config_it_wrote():
    import shlex

    from invoke import MockContext, Result

    import tasks

    config = tasks.COMMENTS_DATA / "isso.cfg"
    command = shlex.join(isso_server.isso_command(config))
    c = MockContext(run={command: Result()})

    tasks.comments_server(c, port=8123, site="http://127.0.0.1:8000")

    c.run.assert_called_once_with(command, pty=False)
    written = configparser.ConfigParser()
    written.read(config)
    assert written["server"]["listen"] == "http://127.0.0.1:8123/"
    assert written["general"]["host"] == "http://127.0.0.1:8000"
