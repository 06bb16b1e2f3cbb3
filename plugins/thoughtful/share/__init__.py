"""Share meta, card images and share links. (Placeholder.)"""

from pathlib import Path

from thoughtful.templating import add_template_folder


def register() -> None:
    """Connect the share half to Pelican's signals."""
    add_template_folder("thoughtful.share", Path(__file__).parent / "templates")
