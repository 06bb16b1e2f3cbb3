"""Content checks: bad input gets a message naming the file and the field.

(Placeholder: filled in by the content-checks work.)
"""


def register() -> None:
    """Connect the content checks to Pelican's signals."""
