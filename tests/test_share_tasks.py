"""`invoke cards`: the exact build command, and a clear message when no preview was written."""

import pytest
from invoke import Exit, MockContext, Result

import tasks
from sitetools.commands import pelican_command


def test_cards_builds_with_the_preview_page_and_names_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path)
    command = pelican_command(tasks.DEV_SETTINGS, tmp_path, extra={"SHARE_PREVIEW_PAGE": True})
    c = MockContext(run={command: Result()})
    page = tmp_path / "cards" / "preview" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<!doctype html>")

    tasks.cards(c)

    assert "SHARE_PREVIEW_PAGE=true" in command
    assert str(page) in capsys.readouterr().out


def test_cards_fails_clearly_when_the_share_half_wrote_no_preview(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path)
    command = pelican_command(tasks.DEV_SETTINGS, tmp_path, extra={"SHARE_PREVIEW_PAGE": True})

    with pytest.raises(Exit, match="thoughtful.share"):
        tasks.cards(MockContext(run={command: Result()}))
