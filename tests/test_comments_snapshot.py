"""Snapshot files and the local Isso set-up, without a browser (the e2e test has one)."""

import configparser
import json
import urllib.request

import pytest
from support.servers import free_port
from thoughtful.comments import isso_server, snapshot
from thoughtful.comments.store import read_comment


def test_a_snapshot_file_keeps_names_on_one_line_and_drops_bad_websites(tmp_path):
    text = snapshot.comment_file({
        "id": 7, "parent": 3, "created": 1714665600.5,
        "author": "Eve\nWebsite: javascript:alert(1)", "website": "javascript:alert(2)",
        "text": "<p>Hello</p>", "email": "eve@example.org",
    }, anonymous="Anonymous")

    path = tmp_path / "isso-7.md"
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


@pytest.mark.slow
def test_snapshot_pulls_only_approved_comments_and_never_overwrites(tmp_path):
    port = free_port()
    site = "http://127.0.0.1:9"
    config = isso_server.write_config(tmp_path / "isso", port=port, site_origins=[site],
                                      moderation=True)
    url = f"http://127.0.0.1:{port}"
    process = isso_server.start(config, url, log=tmp_path / "isso.log")
    try:
        body = json.dumps({"text": "Waiting for approval", "author": "Pat", "title": "T"})
        request = urllib.request.Request(f"{url}/new?uri=%2Fp%2F", data=body.encode(),
                                         headers={"Content-Type": "application/json",
                                                  "Origin": site}, method="POST")
        with urllib.request.urlopen(request) as response:
            assert response.status in (201, 202)
        comments = tmp_path / "content" / "comments"
        (comments / "p").mkdir(parents=True)
        mine = comments / "p" / "isso-1.md"
        mine.write_text("Author: Me\nDate: 2024-01-01\n\nMy own file.\n")

        result = snapshot.snapshot(url, {"/p/": "p"}, comments)
        outside = snapshot.snapshot(url, {"/p/": "../../escape"}, comments)
    finally:
        isso_server.stop(process)

    assert result.written == [] and result.kept == []  # moderated: nothing approved yet
    assert mine.read_text().endswith("My own file.\n")
    assert outside.written == [] and not (tmp_path / "escape").exists()


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
