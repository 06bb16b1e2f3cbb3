"""The "Leave a Reply" comment section. (Placeholder.)"""

from pathlib import Path

from thoughtful.templating import add_template_folder


def register() -> None:
    """Connect the comments half to Pelican's signals."""
    add_template_folder("thoughtful.comments", Path(__file__).parent / "templates")
