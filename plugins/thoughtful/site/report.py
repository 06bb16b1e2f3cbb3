"""How the content checks name a file: relative to the project, as the writer sees it."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any


def shown_path(source_path: str | Path, settings: Mapping[str, Any]) -> str:
    """``/home/me/blog/content/posts/x.md`` -> ``content/posts/x.md``.

    Paths are shown relative to the folder that holds the content folder, so
    the message reads the same as the path the writer typed; anything outside
    it is shown in full.
    """
    path = Path(source_path)
    content = Path(settings.get("PATH") or ".").resolve()
    if not path.is_absolute():
        path = content / path
    try:
        return path.resolve().relative_to(content.parent).as_posix()
    except ValueError:
        return str(path)
